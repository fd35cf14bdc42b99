//! spf13/cast's `ToInt64`/`ToFloat64` (what Sprig's math runs every argument through) and the
//! parts of Go's `strconv` they rely on: `ParseInt` with base 0, `Atoi`, `ParseFloat`.

use crate::value::Value;

use super::util::go_f64_to_i64;

use crate::gofmt::strconv;

/// Go's `strconv.ParseInt(s, base, 64)`.
pub(crate) fn parse_int(s: &str, base: u32) -> Option<i64> {
    strconv::parse_int(s, i64::from(base), 64).ok()
}

/// Go's `strconv.Atoi` as Sprig's `atoi` uses it: errors give 0, range errors the clamp.
pub(crate) fn atoi(s: &str) -> i64 {
    strconv::atoi(s).unwrap_or_else(|e| e.value)
}

/// Go's `strconv.ParseFloat(s, 64)`; `None` for a syntax or range error.
pub(crate) fn parse_float(s: &str) -> Option<f64> {
    strconv::parse_float(s).ok()
}

/// cast's `trimZeroDecimal`: `"1.00"` → `"1"`, anything else unchanged.
fn trim_zero_decimal(s: &str) -> &str {
    let b = s.as_bytes();
    let mut found_zero = false;
    for i in (1..=b.len()).rev() {
        match b[i - 1] {
            b'.' => {
                if found_zero {
                    return &s[..i - 1];
                }
            }
            b'0' => found_zero = true,
            _ => return s,
        }
    }
    s
}

/// cast's `toInt` cases for `time.Month` and `time.Weekday`, the named integer types it
/// knows (a `time.Duration` it does not: an error).
fn calendar_number(v: &Value) -> Option<i64> {
    match v {
        Value::Object(o) if matches!(o.type_name(), "time.Month" | "time.Weekday") => o.named_int(),
        _ => None,
    }
}

/// `cast.ToInt64E`: `Err(())` where cast reports an error (Sprig then uses 0).
pub(crate) fn to_int64_e(v: &Value) -> Result<i64, ()> {
    if let Some(n) = calendar_number(v) {
        return Ok(n);
    }
    match v {
        Value::Int(n) | Value::Int64(n) => Ok(*n),
        Value::Uint(u) => Ok(*u as i64),
        Value::Byte(u) => Ok(*u as i64),
        Value::Float(f) => Ok(go_f64_to_i64(*f)),
        Value::String(s) => parse_int(trim_zero_decimal(s), 0).ok_or(()),
        Value::Bool(b) => Ok(i64::from(*b)),
        Value::Nil => Ok(0),
        _ => Err(()),
    }
}

/// `cast.ToInt64` (errors become 0).
pub(crate) fn to_int64(v: &Value) -> i64 {
    to_int64_e(v).unwrap_or(0)
}

/// `cast.ToFloat64` (errors become 0).
pub(crate) fn to_float64(v: &Value) -> f64 {
    if let Some(n) = calendar_number(v) {
        return n as f64;
    }
    match v {
        Value::Int(n) | Value::Int64(n) => *n as f64,
        Value::Uint(u) => *u as f64,
        Value::Byte(u) => *u as f64,
        Value::Float(f) => *f,
        Value::String(s) => parse_float(s).unwrap_or(0.0),
        Value::Bool(b) => f64::from(u8::from(*b)),
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expectations from Helm v4.2.3 (`int64 "…"`, `atoi "…"`, `float64 "…"`) via the oracle.
    #[test]
    fn casts_like_sprig() {
        let ints: &[(&str, i64)] = &[
            ("0x1f", 31),
            ("017", 15),
            ("0o17", 15),
            ("0b101", 5),
            ("1_000", 1000),
            ("1.0", 1),
            ("1.50", 0),
            ("1.00", 1),
            (".0", 0),
            ("-0x10", -16),
            ("08", 0),
            ("1__0", 0),
            ("0x_10", 16),
            (" 5", 0),
            ("9223372036854775808", 0),
            ("1e3", 0),
        ];
        for (s, want) in ints {
            assert_eq!(to_int64(&Value::str(*s)), *want, "{s}");
        }
        assert_eq!(atoi("99999999999999999999"), i64::MAX);
        assert_eq!(atoi("1_000"), 0);
        assert_eq!(atoi("+7"), 7);
        let floats: &[(&str, f64)] = &[
            ("1_0.5", 10.5),
            ("0x10", 0.0),
            ("0x1p-2", 0.25),
            ("1e400", 0.0),
            ("-nan", 0.0),
        ];
        for (s, want) in floats {
            assert_eq!(to_float64(&Value::str(*s)), *want, "{s}");
        }
        assert_eq!(to_float64(&Value::str("inf")), f64::INFINITY);
    }
}
