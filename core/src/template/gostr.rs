//! Go string literals as the template parser reads and prints them (`strconv.Unquote`,
//! `strconv.Quote`).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// Go's `unicode.IsPrint`, closely approximated without Unicode tables: graphic characters
/// and the ASCII space; not controls, other spaces, format characters or private use.
pub fn is_print(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    let u = c as u32;
    !matches!(u,
        0x00AD | 0x0600..=0x0605 | 0x061C | 0x06DD | 0x070F | 0x180E | 0x200B..=0x200F
        | 0x2028..=0x202E | 0x2060..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB | 0xE000..=0xF8FF
        | 0xFFFE | 0xFFFF | 0xF0000..=0x10FFFF | 0xE0001 | 0xE0020..=0xE007F)
}

/// Go's `strconv.Quote`: a double-quoted Go string literal.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if is_print(c) => out.push(c),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// Go's `strconv.Unquote` for the literals the template lexer produces: `"…"`, `` `…` ``
/// and `'…'`. The error is Go's `invalid syntax`.
pub fn unquote(s: &str) -> Result<String, &'static str> {
    const SYNTAX: &str = "invalid syntax";
    let b = s.as_bytes();
    if b.len() < 2 {
        return Err(SYNTAX);
    }
    let q = b[0];
    if q != b[b.len() - 1] {
        return Err(SYNTAX);
    }
    let body = &s[1..s.len() - 1];
    match q {
        b'`' => {
            if body.contains('`') {
                return Err(SYNTAX);
            }
            // Go drops carriage returns from raw strings.
            Ok(body.replace('\r', ""))
        }
        b'"' | b'\'' => {
            // A byte test: a `char` pattern decodes every char of the text. Go's fast path
            // also needs valid UTF-8: a raw byte of the source takes the slow path.
            if q == b'"'
                && !body.bytes().any(|c| matches!(c, b'\\' | b'"' | b'\n'))
                && !crate::gobytes::has_raw(body)
            {
                return Ok(body.into());
            }
            // Go's bytes: `\x` and octal escapes are single bytes, joined into UTF-8 where
            // they form it, raw where they do not.
            let mut out: Vec<u8> = Vec::new();
            let push = |out: &mut Vec<u8>, c: char| {
                out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes())
            };
            let mut chars = body.chars().peekable();
            let mut count = 0;
            while let Some(c) = chars.next() {
                count += 1;
                if c == q as char || c == '\n' {
                    return Err(SYNTAX);
                }
                if c != '\\' {
                    // A source byte that is not UTF-8 decodes as U+FFFD, as in Go.
                    let c = if crate::gobytes::raw_byte(c).is_some() {
                        '\u{FFFD}'
                    } else {
                        c
                    };
                    push(&mut out, c);
                    continue;
                }
                let e = chars.next().ok_or(SYNTAX)?;
                match e {
                    'a' => out.push(7),
                    'b' => out.push(8),
                    'f' => out.push(0xc),
                    'n' => out.push(b'\n'),
                    'r' => out.push(b'\r'),
                    't' => out.push(b'\t'),
                    'v' => out.push(0xb),
                    '\\' => out.push(b'\\'),
                    '\'' if q == b'\'' => out.push(b'\''),
                    '"' if q == b'"' => out.push(b'"'),
                    '0'..='7' => {
                        let mut v = e.to_digit(8).unwrap_or(0);
                        for _ in 0..2 {
                            let d = chars.next().and_then(|c| c.to_digit(8)).ok_or(SYNTAX)?;
                            v = v * 8 + d;
                        }
                        if v > 255 {
                            return Err(SYNTAX);
                        }
                        out.push(v as u8);
                    }
                    'x' | 'u' | 'U' => {
                        let n = match e {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        let mut v: u32 = 0;
                        for _ in 0..n {
                            let d = chars.next().and_then(|c| c.to_digit(16)).ok_or(SYNTAX)?;
                            v = v
                                .checked_mul(16)
                                .and_then(|v| v.checked_add(d))
                                .ok_or(SYNTAX)?;
                        }
                        if e == 'x' {
                            out.push(v as u8);
                        } else {
                            push(&mut out, char::from_u32(v).ok_or(SYNTAX)?);
                        }
                    }
                    _ => return Err(SYNTAX),
                }
            }
            let out = crate::gobytes::from_go_bytes(&out);
            if q == b'\'' && count != 1 && out.chars().count() != 1 {
                return Err(SYNTAX);
            }
            Ok(out)
        }
        _ => Err(SYNTAX),
    }
}

/// Go's `strconv.UnquoteChar(s, quote)`: the first char of `s` (an escape decoded) and the
/// rest. The error is Go's `invalid syntax`. A `\x` or octal escape gives its byte value
/// as the char (Go's rune), as the template parser reads a character constant.
pub fn unquote_char(s: &str, quote: u8) -> Result<(char, &str), &'static str> {
    const SYNTAX: &str = "invalid syntax";
    let b = s.as_bytes();
    let Some(&c) = b.first() else {
        return Err(SYNTAX);
    };
    if c == quote && (quote == b'\'' || quote == b'"') {
        return Err(SYNTAX);
    }
    if c != b'\\' {
        let ch = s.chars().next().ok_or(SYNTAX)?;
        return Ok((ch, &s[ch.len_utf8()..]));
    }
    let Some(&e) = b.get(1) else {
        return Err(SYNTAX);
    };
    let rest = &s[2..];
    let simple = |c: char| Ok((c, rest));
    match e {
        b'a' => simple('\u{7}'),
        b'b' => simple('\u{8}'),
        b'f' => simple('\u{c}'),
        b'n' => simple('\n'),
        b'r' => simple('\r'),
        b't' => simple('\t'),
        b'v' => simple('\u{b}'),
        b'\\' => simple('\\'),
        b'\'' | b'"' if e == quote => simple(e as char),
        b'x' | b'u' | b'U' => {
            let n = match e {
                b'x' => 2,
                b'u' => 4,
                _ => 8,
            };
            let digits = rest.as_bytes().get(..n).ok_or(SYNTAX)?;
            let mut v: u32 = 0;
            for &d in digits {
                v = v << 4 | char::from(d).to_digit(16).ok_or(SYNTAX)?;
            }
            let c = char::from_u32(v).ok_or(SYNTAX)?;
            Ok((c, &rest[n..]))
        }
        b'0'..=b'7' => {
            let digits = rest.as_bytes().get(..2).ok_or(SYNTAX)?;
            let mut v = u32::from(e - b'0');
            for &d in digits {
                if !(b'0'..=b'7').contains(&d) {
                    return Err(SYNTAX);
                }
                v = v << 3 | u32::from(d - b'0');
            }
            if v > 255 {
                return Err(SYNTAX);
            }
            Ok((char::from_u32(v).ok_or(SYNTAX)?, &rest[2..]))
        }
        _ => Err(SYNTAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unquote_go_literals() {
        assert_eq!(unquote(r#""a\tb\"c""#).unwrap(), "a\tb\"c");
        assert_eq!(unquote("`a\\n`").unwrap(), "a\\n");
        assert_eq!(unquote(r#""\u00e9\x41\101""#).unwrap(), "éAA");
        assert_eq!(unquote("'a'").unwrap(), "a");
        assert!(unquote(r#""\q""#).is_err());
        assert_eq!(quote("a\"b\n\u{1}é"), "\"a\\\"b\\n\\x01é\"");
    }

    #[test]
    fn unquote_char_reads_one_char_and_leaves_the_rest() {
        assert_eq!(unquote_char("ab'", b'\''), Ok(('a', "b'")));
        assert_eq!(unquote_char("é'", b'\''), Ok(('é', "'")));
        assert_eq!(unquote_char("\\xff'", b'\''), Ok(('\u{ff}', "'")));
        assert_eq!(unquote_char("\\377x", b'\''), Ok(('\u{ff}', "x")));
        assert_eq!(unquote_char("\\''", b'\''), Ok(('\'', "'")));
        for bad in ["", "'", "\\", "\\q", "\\x4", "\\400", "\\ud800", "\\\""] {
            assert_eq!(unquote_char(bad, b'\''), Err("invalid syntax"), "{bad:?}");
        }
    }
}
