//! Go strings are byte strings; ours are UTF-8. A byte that is not part of valid UTF-8
//! (what `b64dec`, `b32dec` and byte-slicing functions like `substr` or `wrap` can produce)
//! is kept as one private-use character, U+10FF80 + (byte − 0x80), so that later byte-level
//! functions (`len`, hashes, `b64enc`, `quote`, `toJson`, the JSON and TOML readers) see
//! the byte Go would see. Rendered text shows each such byte as U+FFFD, which is what Helm's
//! output turns into once it is read as UTF-8 (JSON, the web, the npm package).
//!
//! The cost: a chart whose own text contains U+10FF80..U+10FFFF (private-use code points
//! at the very end of Unicode) sees them as raw bytes. COMPATIBILITY.md says so.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

/// The first code point of the raw-byte range (stands for byte 0x80).
const BASE: u32 = 0x10FF80;

/// The character standing for raw byte `b` (0x80..=0xFF).
fn raw_char(b: u8) -> char {
    char::from_u32(BASE + u32::from(b - 0x80)).unwrap_or('\u{FFFD}')
}

/// `String::from_utf8_lossy`, with the whole-text check first: valid text (nearly all
/// chart files) is borrowed after one fast pass.
pub fn lossy(data: &[u8]) -> Cow<'_, str> {
    match core::str::from_utf8(data) {
        Ok(t) => Cow::Borrowed(t),
        Err(_) => String::from_utf8_lossy(data),
    }
}

/// A Go string's bytes as our text: borrowed when valid UTF-8 (nearly always), else
/// [`from_go_bytes`], each byte that is not UTF-8 kept as its raw-byte char.
pub fn go_text(data: &[u8]) -> Cow<'_, str> {
    match core::str::from_utf8(data) {
        Ok(t) => Cow::Borrowed(t),
        Err(_) => Cow::Owned(from_go_bytes(data)),
    }
}

/// Whether a Go string starts with a UTF-16 byte order mark (bytes that are not UTF-8, so
/// raw-byte chars here): whether it is little-endian's, and the text after it.
pub fn utf16_bom(s: &str) -> Option<(bool, &str)> {
    let mut chars = s.chars();
    let little = match (
        chars.next().and_then(raw_byte),
        chars.next().and_then(raw_byte),
    ) {
        (Some(0xFF), Some(0xFE)) => true,
        (Some(0xFE), Some(0xFF)) => false,
        _ => return None,
    };
    Some((little, chars.as_str()))
}

/// The raw byte `c` stands for, if it is one.
pub fn raw_byte(c: char) -> Option<u8> {
    let u = c as u32;
    (BASE..=0x10FFFF)
        .contains(&u)
        .then(|| (u - BASE + 0x80) as u8)
}

/// Whether `s` holds any raw byte: a byte scan, as they are all encoded `F4 8F BE|BF …`.
/// Every rendered text passes through here, so ASCII runs are skipped a block at a time.
pub fn has_raw(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let end = (i + 32).min(b.len());
        if !b[i..end].is_ascii() {
            for at in i..end {
                if b[at] == 0xF4
                    && b.get(at + 1) == Some(&0x8F)
                    && matches!(b.get(at + 2), Some(0xBE | 0xBF))
                {
                    return true;
                }
            }
        }
        i = end;
    }
    false
}

/// A Go string's bytes as our string: valid UTF-8 kept, each other byte a raw-byte char.
pub fn from_go_bytes(mut b: &[u8]) -> String {
    let mut out = String::with_capacity(b.len());
    loop {
        match core::str::from_utf8(b) {
            Ok(s) => {
                out.push_str(s);
                return out;
            }
            Err(e) => {
                let good = e.valid_up_to();
                out.push_str(core::str::from_utf8(&b[..good]).unwrap_or_default());
                // Go's decoder takes one byte at a time past an invalid sequence.
                out.push(raw_char(b[good]));
                b = &b[good + 1..];
            }
        }
    }
}

/// The bytes Go would hold for `s`.
pub fn go_bytes(s: &str) -> Cow<'_, [u8]> {
    if !has_raw(s) {
        return Cow::Borrowed(s.as_bytes());
    }
    let mut out = Vec::with_capacity(s.len());
    let mut buf = [0u8; 4];
    for c in s.chars() {
        match raw_byte(c) {
            Some(b) => out.push(b),
            None => out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes()),
        }
    }
    Cow::Owned(out)
}

/// Go's `len(s)`: bytes, a raw byte counting one.
pub fn go_len(s: &str) -> usize {
    if !has_raw(s) {
        return s.len();
    }
    s.chars()
        .map(|c| {
            if raw_byte(c).is_some() {
                1
            } else {
                c.len_utf8()
            }
        })
        .sum()
}

/// Text for output: each raw byte shown as U+FFFD, as Go's UTF-8 readers decode it.
pub fn display(s: &str) -> Cow<'_, str> {
    if !has_raw(s) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| if raw_byte(c).is_some() { '\u{FFFD}' } else { c })
            .collect(),
    )
}

/// [`display`] in place, for output buffers.
pub fn display_in_place(s: &mut String) {
    if has_raw(s) {
        *s = display(s).into_owned();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let raw = [b'a', 0xB6, 0xC3, 0xA9, 0xFF, 0xE2, 0x82];
        let s = from_go_bytes(&raw);
        assert_eq!(s.chars().count(), 6);
        assert_eq!(&*go_bytes(&s), &raw[..]);
        assert_eq!(go_len(&s), raw.len());
        assert_eq!(display(&s), "a\u{FFFD}é\u{FFFD}\u{FFFD}\u{FFFD}");
        assert!(!has_raw("plain \u{10FF7F} text"));
        assert_eq!(go_len("é"), 2);
    }
}
