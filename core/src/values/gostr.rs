//! Small pieces of Go's `strconv` and `strings` that error messages and parsers here need:
//! `%q` quoting, `Atoi`, `ParseInt`, `EqualFold` against ASCII words, `%v` of plain data.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

use crate::gofmt::strconv::format_float;
use crate::value::Value;

/// Go's `unicode.IsPrint`, close enough for keys and file names: controls, spaces other
/// than ASCII space, format characters, surrogates and private use are not printable.
fn is_print(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    let u = c as u32;
    !matches!(u,
        0x00AD | 0x0600..=0x0605 | 0x061C | 0x06DD | 0x070F | 0x0890..=0x0891 | 0x08E2
        | 0x180E | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F
        | 0xFEFF | 0xFFF9..=0xFFFB | 0x110BD | 0x110CD | 0x13430..=0x1343F | 0x1BCA0..=0x1BCA3
        | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F
        | 0xE000..=0xF8FF | 0xF0000..=0x10FFFF | 0xFFFE | 0xFFFF)
}

fn escape_rune(out: &mut String, c: char, quote: char) {
    if c == quote || c == '\\' {
        out.push('\\');
        out.push(c);
        return;
    }
    if is_print(c) {
        out.push(c);
        return;
    }
    match c {
        '\u{7}' => out.push_str("\\a"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{b}' => out.push_str("\\v"),
        _ => {
            let u = c as u32;
            if u < 0x20 || u == 0x7f {
                let _ = write!(out, "\\x{u:02x}");
            } else if u < 0x10000 {
                let _ = write!(out, "\\u{u:04x}");
            } else {
                let _ = write!(out, "\\U{u:08x}");
            }
        }
    }
}

/// Go's `strconv.Quote` (what `%q` prints for a string).
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        escape_rune(&mut out, c, '"');
    }
    out.push('"');
    out
}

/// Go's `strconv.QuoteRune` (what `%q` prints for a rune).
pub fn quote_rune(c: char) -> String {
    let mut out = String::from("'");
    escape_rune(&mut out, c, '\'');
    out.push('\'');
    out
}

/// `%q` of a `[]rune`: each rune quoted, space-separated, in brackets.
pub fn quote_runes(rs: &[char]) -> String {
    let parts: Vec<String> = rs.iter().map(|c| quote_rune(*c)).collect();
    let mut out = String::from("[");
    out.push_str(&parts.join(" "));
    out.push(']');
    out
}

/// Go's `strconv.ParseInt(s, 10, 64)`; the error is `invalid syntax` or `value out of range`.
pub fn parse_int(s: &str) -> Result<i64, &'static str> {
    let bytes = s.as_bytes();
    let (neg, digits) = match bytes.first() {
        Some(b'+') => (false, &bytes[1..]),
        Some(b'-') => (true, &bytes[1..]),
        _ => (false, bytes),
    };
    if digits.is_empty() {
        return Err("invalid syntax");
    }
    // Go stops at the first overflow, before looking at later characters.
    let mut n: u64 = 0;
    for d in digits {
        if !d.is_ascii_digit() {
            return Err("invalid syntax");
        }
        match n
            .checked_mul(10)
            .and_then(|m| m.checked_add(u64::from(d - b'0')))
        {
            Some(m) => n = m,
            None => return Err("value out of range"),
        }
    }
    let limit = if neg { 1u64 << 63 } else { (1u64 << 63) - 1 };
    if n > limit {
        return Err("value out of range");
    }
    Ok(if neg {
        (n as i64).wrapping_neg()
    } else {
        n as i64
    })
}

/// Go's `strconv.Atoi` with its error text (`strconv.Atoi: parsing "x": invalid syntax`).
pub fn atoi(s: &str) -> Result<i64, String> {
    parse_int(s).map_err(|e| alloc::format!("strconv.Atoi: parsing {}: {}", quote(s), e))
}

/// Go's `strings.EqualFold(s, word)` for an ASCII lowercase `word`, simple folding included
/// (`ſ` folds to `s`, the Kelvin sign to `k`).
pub fn equal_fold_ascii(s: &str, word: &str) -> bool {
    let mut it = s.chars();
    for w in word.chars() {
        let Some(c) = it.next() else { return false };
        let ok = c.to_ascii_lowercase() == w
            || (w == 's' && c == '\u{17f}')
            || (w == 'k' && c == '\u{212a}');
        if !ok {
            return false;
        }
    }
    it.next().is_none()
}

/// Go's `%v` of plain data (maps, lists, scalars) for warning messages.
pub fn format_v(v: &Value) -> String {
    let mut out = String::new();
    write_v(&mut out, v, 0);
    out
}

fn write_v(out: &mut String, v: &Value, depth: usize) {
    if depth > crate::limits::MAX_VALUE_DEPTH {
        return;
    }
    match v {
        Value::Nil => out.push_str("<nil>"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(n) | Value::Int64(n) => {
            let _ = write!(out, "{n}");
        }
        Value::Uint(n) => {
            let _ = write!(out, "{n}");
        }
        Value::Float(f) => out.push_str(&format_float(*f, b'g', -1)),
        Value::String(s) => out.push_str(s),
        Value::Bytes(b) => {
            out.push('[');
            for (i, x) in b.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                let _ = write!(out, "{x}");
            }
            out.push(']');
        }
        Value::List(l) => {
            out.push('[');
            for (i, x) in l.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                write_v(out, x, depth + 1);
            }
            out.push(']');
        }
        Value::Map(m) => {
            out.push_str("map[");
            for (i, (k, x)) in m.to_vec().iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(k);
                out.push(':');
                write_v(out, x, depth + 1);
            }
            out.push(']');
        }
        Value::Object(o) => out.push_str(&o.format_v()),
    }
}

/// The `%T` Go prints inside `interface conversion` panics (`nil` for a nil interface).
pub fn dynamic_type(v: &Value) -> &str {
    match v {
        Value::Nil => "nil",
        other => other.type_name(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_and_ints() {
        assert_eq!(quote("a\"b\\c\n\u{a0}é"), "\"a\\\"b\\\\c\\n\\u00a0é\"");
        assert_eq!(quote_runes(&[',', 'b', '\'']), "[',' 'b' '\\'']");
        assert_eq!(
            atoi("99999999999999999999").unwrap_err(),
            "strconv.Atoi: parsing \"99999999999999999999\": value out of range"
        );
        assert_eq!(
            atoi("x").unwrap_err(),
            "strconv.Atoi: parsing \"x\": invalid syntax"
        );
        assert_eq!(parse_int("-9223372036854775808"), Ok(i64::MIN));
        assert_eq!(parse_int("+5"), Ok(5));
        assert!(equal_fold_ascii("falſe", "false"));
        assert!(!equal_fold_ascii("fals", "false"));
    }
}
