//! strconv's quoting: `Quote`, `QuoteToASCII`, `QuoteRune`, `CanBackquote`, `IsPrint`, and
//! the UTF-8 decoding rules they share with Go (`utf8.DecodeRune`).
//!
//! Go strings may hold any bytes, so the workers take `&[u8]`: `%q` of a `[]byte` and
//! `toJson` of binary data must escape invalid UTF-8 exactly as Go does.

use alloc::string::String;
use alloc::vec::Vec;

use super::isprint::{PRINT16, PRINT32};

const LOWER_HEX: &[u8; 16] = b"0123456789abcdef";

/// The replacement rune Go decodes invalid UTF-8 to.
pub(crate) const RUNE_ERROR: char = '\u{FFFD}';

/// Go's `utf8.DecodeRune`: the rune at the start of `s` and its width; invalid or truncated
/// encodings give `None` with width 1 (Go's `RuneError, 1`). `s` must not be empty.
pub(crate) fn decode_rune(s: &[u8]) -> (Option<char>, usize) {
    let b0 = s[0];
    let n = match b0 {
        0x00..=0x7F => return (Some(b0 as char), 1),
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return (None, 1),
    };
    match s.get(..n).map(core::str::from_utf8) {
        Some(Ok(t)) => (t.chars().next(), n),
        _ => (None, 1),
    }
}

/// Go's `utf8.RuneCount`: invalid bytes count one each.
pub(crate) fn rune_count(s: &[u8]) -> usize {
    match core::str::from_utf8(s) {
        Ok(t) => t.chars().count(),
        Err(_) => {
            let mut i = 0;
            let mut n = 0;
            while i < s.len() {
                i += decode_rune(&s[i..]).1;
                n += 1;
            }
            n
        }
    }
}

/// Go's `strconv.IsPrint` (the same set as `unicode.IsPrint`): letters, marks, numbers,
/// punctuation, symbols and the ASCII space.
pub fn is_print(r: char) -> bool {
    let c = r as u32;
    if c <= 0xFF {
        return (0x20..=0x7E).contains(&c) || ((0xA1..=0xFF).contains(&c) && c != 0xAD);
    }
    fn in_ranges<T: Ord + Copy>(table: &[(T, T)], x: T) -> bool {
        // First range whose end is >= x; x is printable if that range also starts <= x.
        let i = table.partition_point(|&(_, hi)| hi < x);
        table.get(i).is_some_and(|&(lo, _)| lo <= x)
    }
    match u16::try_from(c) {
        Ok(c16) => in_ranges(PRINT16, c16),
        Err(_) => in_ranges(PRINT32, c),
    }
}

/// Appends the escaped form of `r` as Go's `appendEscapedRune` does inside `quote` quotes.
fn push_escaped_rune(out: &mut Vec<u8>, r: char, quote: u8, ascii_only: bool) {
    let mut tmp = [0u8; 4];
    if r as u32 == quote as u32 || r == '\\' {
        out.push(b'\\');
        out.push(r as u8);
        return;
    }
    if ascii_only {
        if r.is_ascii() && is_print(r) {
            out.push(r as u8);
            return;
        }
    } else if is_print(r) {
        out.extend_from_slice(r.encode_utf8(&mut tmp).as_bytes());
        return;
    }
    let esc: &[u8] = match r {
        '\u{7}' => b"\\a",
        '\u{8}' => b"\\b",
        '\u{c}' => b"\\f",
        '\n' => b"\\n",
        '\r' => b"\\r",
        '\t' => b"\\t",
        '\u{b}' => b"\\v",
        _ => b"",
    };
    if !esc.is_empty() {
        out.extend_from_slice(esc);
        return;
    }
    let c = r as u32;
    if c < 0x20 || c == 0x7F {
        push_hex_byte(out, b"\\x", c as u8);
    } else if c < 0x10000 {
        out.extend_from_slice(b"\\u");
        for shift in [12, 8, 4, 0] {
            out.push(LOWER_HEX[((c >> shift) & 0xF) as usize]);
        }
    } else {
        out.extend_from_slice(b"\\U");
        for shift in [28, 24, 20, 16, 12, 8, 4, 0] {
            out.push(LOWER_HEX[((c >> shift) & 0xF) as usize]);
        }
    }
}

fn push_hex_byte(out: &mut Vec<u8>, prefix: &[u8], b: u8) {
    out.extend_from_slice(prefix);
    out.push(LOWER_HEX[(b >> 4) as usize]);
    out.push(LOWER_HEX[(b & 0xF) as usize]);
}

/// Go's `appendQuotedWith`: `s` between `quote` bytes, escaped; invalid bytes become `\xNN`.
pub(crate) fn append_quoted(out: &mut Vec<u8>, s: &[u8], quote: u8, ascii_only: bool) {
    out.reserve(s.len() + 2);
    out.push(quote);
    let mut i = 0;
    while i < s.len() {
        match decode_rune(&s[i..]) {
            (Some(r), w) => {
                push_escaped_rune(out, r, quote, ascii_only);
                i += w;
            }
            (None, _) => {
                push_hex_byte(out, b"\\x", s[i]);
                i += 1;
            }
        }
    }
    out.push(quote);
}

/// Go's `appendQuotedRuneWith` for a code point that may be out of range (`%q` of an int).
pub(crate) fn append_quoted_rune(out: &mut Vec<u8>, r: u64, ascii_only: bool) {
    let r = u32::try_from(r)
        .ok()
        .and_then(char::from_u32)
        .unwrap_or(RUNE_ERROR);
    out.push(b'\'');
    push_escaped_rune(out, r, b'\'', ascii_only);
    out.push(b'\'');
}

fn into_string(v: Vec<u8>) -> String {
    // Quoting only ever emits ASCII escapes and whole valid runes.
    String::from_utf8(v).unwrap_or_default()
}

/// `strconv.Quote`: a double-quoted Go string literal; printable Unicode is kept.
pub fn quote(s: &str) -> String {
    quote_bytes(&crate::gobytes::go_bytes(s))
}

/// `strconv.Quote` of a Go string holding arbitrary bytes (invalid UTF-8 becomes `\xNN`).
pub fn quote_bytes(s: &[u8]) -> String {
    let mut out = Vec::new();
    append_quoted(&mut out, s, b'"', false);
    into_string(out)
}

/// `strconv.QuoteToASCII`: like [`quote`] but every non-ASCII rune is escaped.
pub fn quote_to_ascii(s: &str) -> String {
    let mut out = Vec::new();
    append_quoted(&mut out, &crate::gobytes::go_bytes(s), b'"', true);
    into_string(out)
}

/// `strconv.QuoteRune`: a single-quoted Go rune literal.
pub fn quote_rune(r: char) -> String {
    let mut out = Vec::new();
    append_quoted_rune(&mut out, r as u64, false);
    into_string(out)
}

/// `strconv.QuoteRuneToASCII`.
pub fn quote_rune_to_ascii(r: char) -> String {
    let mut out = Vec::new();
    append_quoted_rune(&mut out, r as u64, true);
    into_string(out)
}

/// `strconv.CanBackquote`: whether `s` can be a raw string literal (no control characters
/// other than tab, no backquote, no BOM, valid UTF-8).
pub fn can_backquote(s: &[u8]) -> bool {
    let mut i = 0;
    while i < s.len() {
        let (r, w) = decode_rune(&s[i..]);
        i += w;
        match r {
            None => return false,
            Some('\u{FEFF}') => return false,
            Some(r) if w > 1 => {
                let _ = r;
            }
            Some(r) => {
                if (r < ' ' && r != '\t') || r == '`' || r == '\u{7F}' {
                    return false;
                }
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_matches_go() {
        // Expectations from Go 1.26 strconv (the Go Helm v4.2.3 is built with).
        let cases: &[(&[u8], &str, &str)] = &[
            (b"abc", "\"abc\"", "\"abc\""),
            (
                b"a\tb\n\"\\",
                "\"a\\tb\\n\\\"\\\\\"",
                "\"a\\tb\\n\\\"\\\\\"",
            ),
            (
                "日本\u{1}ÿ".as_bytes(),
                "\"日本\\x01ÿ\"",
                "\"\\u65e5\\u672c\\x01\\u00ff\"",
            ),
            (b"\xff\x80a", "\"\\xff\\x80a\"", "\"\\xff\\x80a\""),
            (
                b"\x07\x08\x0c\r\x0b\x7f",
                "\"\\a\\b\\f\\r\\v\\x7f\"",
                "\"\\a\\b\\f\\r\\v\\x7f\"",
            ),
            (
                "\u{ad}\u{2028}\u{feff}".as_bytes(),
                "\"\\u00ad\\u2028\\ufeff\"",
                "\"\\u00ad\\u2028\\ufeff\"",
            ),
            (
                "😀\u{e0001}".as_bytes(),
                "\"😀\\U000e0001\"",
                "\"\\U0001f600\\U000e0001\"",
            ),
            (b"\xe2\x82", "\"\\xe2\\x82\"", "\"\\xe2\\x82\""),
            (
                b"\xed\xa0\x80",
                "\"\\xed\\xa0\\x80\"",
                "\"\\xed\\xa0\\x80\"",
            ),
        ];
        for (s, q, qa) in cases {
            assert_eq!(quote_bytes(s), *q, "{s:?}");
            let mut out = Vec::new();
            append_quoted(&mut out, s, b'"', true);
            assert_eq!(String::from_utf8(out).unwrap(), *qa, "{s:?}");
        }
        assert_eq!(quote_rune('\''), "'\\''");
        assert_eq!(quote_rune('"'), "'\"'");
        assert_eq!(quote_rune('\u{1}'), "'\\x01'");
        assert_eq!(quote_rune_to_ascii('日'), "'\\u65e5'");
        assert!(can_backquote(b"ab\tc"));
        assert!(!can_backquote(b"a`b"));
        assert!(!can_backquote("\u{feff}".as_bytes()));
        assert!(!can_backquote(b"\xff"));
        assert!(is_print(' ') && !is_print('\u{a0}') && is_print('日') && !is_print('\u{e0001}'));
    }
}
