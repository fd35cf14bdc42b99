//! Small pieces of Go's `strconv` and `strings` that error messages and parsers here need:
//! `%q` quoting, `Atoi`, `ParseInt`, `EqualFold` against ASCII words, `%v` of plain data.

use crate::value::Value;
use alloc::string::String;
use alloc::vec::Vec;

/// Go's `unicode.IsPrint`.
pub fn is_print(c: char) -> bool {
    crate::gofmt::strconv::is_print(c)
}

/// Go's `strconv.Quote` (what `%q` prints for a string).
pub fn quote(s: &str) -> String {
    crate::gofmt::strconv::quote(s)
}

/// Go's `strconv.QuoteRune` (what `%q` prints for a rune).
pub fn quote_rune(c: char) -> String {
    crate::gofmt::strconv::quote_rune(c)
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

/// Go's `%v` of a value, for warning messages.
pub fn format_v(v: &Value) -> String {
    crate::gofmt::format_v(v)
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
