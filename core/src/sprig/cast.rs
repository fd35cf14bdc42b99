//! spf13/cast's `ToInt64`/`ToFloat64` (what Sprig's math runs every argument through) and the
//! parts of Go's `strconv` they rely on: `ParseInt` with base 0, `Atoi`, `ParseFloat`.

use alloc::string::String;

use crate::value::Value;

use super::util::go_f64_to_i64;

/// Why a Go `strconv` parse failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NumError {
    /// `strconv.ErrSyntax`.
    Syntax,
    /// `strconv.ErrRange`; Go still returns the clamped value, carried here.
    Range(i64),
}

/// Go's `underscoreOK`: underscores only between digits, or after a base prefix.
fn underscore_ok(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if !b.is_empty() && (b[0] == b'-' || b[0] == b'+') {
        i = 1;
    }
    // `saw`: b'^' start, b'0' digit or prefix, b'_' underscore, b'!' other.
    let mut saw = b'^';
    let mut hex = false;
    if b.len() >= i + 2 && b[i] == b'0' && matches!(b[i + 1] | 0x20, b'b' | b'o' | b'x') {
        hex = b[i + 1] | 0x20 == b'x';
        i += 2;
        saw = b'0';
    }
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() || hex && (c | 0x20).is_ascii_hexdigit() {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
        i += 1;
    }
    saw != b'_'
}

/// Go's `strconv.ParseUint(s, base, 64)` core for an unsigned digit string (base 0 allowed).
fn parse_uint(s: &str, base: u32) -> Result<u64, NumError> {
    if s.is_empty() {
        return Err(NumError::Syntax);
    }
    let base0 = base == 0;
    let mut digits = s;
    let mut base = base;
    if base0 {
        base = 10;
        let b = s.as_bytes();
        if b[0] == b'0' {
            if b.len() >= 3 && matches!(b[1] | 0x20, b'b' | b'o' | b'x') {
                base = match b[1] | 0x20 {
                    b'b' => 2,
                    b'o' => 8,
                    _ => 16,
                };
                digits = &s[2..];
            } else {
                base = 8;
                digits = &s[1..];
            }
        }
    }
    let mut n: u64 = 0;
    let mut underscores = false;
    let mut overflow = false;
    for c in digits.bytes() {
        let d = match c {
            b'_' if base0 => {
                underscores = true;
                continue;
            }
            b'0'..=b'9' => u32::from(c - b'0'),
            b'a'..=b'z' | b'A'..=b'Z' => u32::from((c | 0x20) - b'a') + 10,
            _ => return Err(NumError::Syntax),
        };
        if d >= base {
            return Err(NumError::Syntax);
        }
        match n
            .checked_mul(u64::from(base))
            .and_then(|m| m.checked_add(u64::from(d)))
        {
            Some(m) => n = m,
            None => overflow = true,
        }
    }
    if underscores && !underscore_ok(s) {
        return Err(NumError::Syntax);
    }
    if overflow {
        return Err(NumError::Range(-1));
    }
    Ok(n)
}

/// Go's `strconv.ParseInt(s, base, 64)`; a range error carries the clamped value.
pub(crate) fn parse_int(s: &str, base: u32) -> Result<i64, NumError> {
    if s.is_empty() {
        return Err(NumError::Syntax);
    }
    let (neg, body) = match s.as_bytes()[0] {
        b'+' => (false, &s[1..]),
        b'-' => (true, &s[1..]),
        _ => (false, s),
    };
    let clamp = if neg { i64::MIN } else { i64::MAX };
    let un = match parse_uint(body, base) {
        Ok(u) => u,
        Err(NumError::Range(_)) => return Err(NumError::Range(clamp)),
        Err(e) => return Err(e),
    };
    if !neg && un > i64::MAX as u64 {
        return Err(NumError::Range(i64::MAX));
    }
    if neg && un > 1u64 << 63 {
        return Err(NumError::Range(i64::MIN));
    }
    Ok(if neg {
        (un as i64).wrapping_neg()
    } else {
        un as i64
    })
}

/// Go's `strconv.Atoi` as Sprig's `atoi` uses it: errors give 0, range errors the clamp.
pub(crate) fn atoi(s: &str) -> i64 {
    match parse_int(s, 10) {
        Ok(n) => n,
        Err(NumError::Range(n)) => n,
        Err(NumError::Syntax) => 0,
    }
}

/// Go's `strconv.ParseFloat(s, 64)`; `None` for a syntax or range error.
pub(crate) fn parse_float(s: &str) -> Option<f64> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    match lower.as_str() {
        "inf" | "infinity" => {
            return Some(if neg {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            })
        }
        // Go accepts "NaN" in any case but never with a sign.
        "nan" if body.len() == s.len() => return Some(f64::NAN),
        _ => {}
    }
    if body.contains('_') && !underscore_ok(s) {
        return None;
    }
    let clean: String = body.chars().filter(|&c| c != '_').collect();
    let v = if clean.len() > 2 && clean.as_bytes()[0] == b'0' && clean.as_bytes()[1] | 0x20 == b'x'
    {
        parse_hex_float(&clean[2..])?
    } else {
        parse_dec_float(&clean)?
    };
    if v.is_infinite() {
        return None;
    }
    Some(if neg { -v } else { v })
}

/// A decimal float body (no sign) in Go's syntax: digits, optional point, optional exponent.
fn parse_dec_float(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut digits = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
        digits += 1;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
            digits += 1;
        }
    }
    if digits == 0 {
        return None;
    }
    if i < b.len() && b[i] | 0x20 == b'e' {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    s.parse::<f64>().ok()
}

/// A hexadecimal float body after `0x`: hex digits, optional point, mandatory `p` exponent.
fn parse_hex_float(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = 0;
    // Up to 16 significant hex digits fit a u64; the rest only decide rounding (sticky bit).
    let mut mant: u64 = 0;
    let mut exp: i64 = 0;
    let mut sticky = false;
    let mut digits = 0;
    let mut seen_point = false;
    while i < b.len() {
        let c = b[i];
        if c == b'.' && !seen_point {
            seen_point = true;
            i += 1;
            continue;
        }
        let Some(d) = (c as char).to_digit(16) else {
            break;
        };
        digits += 1;
        if mant >> 60 == 0 {
            mant = mant << 4 | u64::from(d);
            if seen_point {
                exp -= 4;
            }
        } else {
            sticky |= d != 0;
            if !seen_point {
                exp += 4;
            }
        }
        i += 1;
    }
    if digits == 0 || i >= b.len() || b[i] | 0x20 != b'p' {
        return None;
    }
    i += 1;
    let mut eneg = false;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        eneg = b[i] == b'-';
        i += 1;
    }
    let start = i;
    let mut e: i64 = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        e = (e * 10 + i64::from(b[i] - b'0')).min(100_000);
        i += 1;
    }
    if i == start || i != b.len() {
        return None;
    }
    exp += if eneg { -e } else { e };
    Some(hex_to_f64(mant, exp, sticky))
}

/// `mant × 2^exp` rounded to nearest-even, with `sticky` marking nonzero bits below `mant`.
fn hex_to_f64(mut mant: u64, mut exp: i64, mut sticky: bool) -> f64 {
    if mant == 0 {
        return 0.0;
    }
    // Normalise to 64 significant bits, then round to 53 (fewer for subnormals).
    let lz = mant.leading_zeros();
    mant <<= lz;
    exp -= i64::from(lz);
    // Value = mant × 2^exp with mant in [2^63, 2^64): unbiased exponent of the top bit.
    let top = exp + 63;
    if top > 1023 {
        return f64::INFINITY;
    }
    let keep: i64 = if top >= -1022 { 53 } else { 53 - (-1022 - top) };
    if keep <= 0 {
        // Below half the smallest subnormal (or exactly half with nothing else: ties to even = 0).
        let half_min = keep == 0 && (mant > 1 << 63 || sticky);
        return if half_min { f64::from_bits(1) } else { 0.0 };
    }
    let drop = 64 - keep as u32;
    let mut m = mant >> drop;
    let rest = mant & ((1u64 << drop) - 1);
    let half = 1u64 << (drop - 1);
    sticky |= rest & (half - 1) != 0;
    if rest & half != 0 && (sticky || m & 1 == 1) {
        m += 1;
    }
    let e2 = exp + i64::from(drop);
    // m × 2^e2, m < 2^54; compose without overflow through two exact scalings.
    let f = m as f64;
    scale_pow2(f, e2)
}

/// `f × 2^e` for an exactly representable result (or ±inf on overflow).
fn scale_pow2(mut f: f64, mut e: i64) -> f64 {
    while e > 0 {
        let step = e.min(1000);
        f *= f64::from_bits(((1023 + step) as u64) << 52);
        e -= step;
    }
    while e < 0 {
        let step = (-e).min(1000);
        f *= f64::from_bits(((1023 - step) as u64) << 52);
        e += step;
    }
    f
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

/// `cast.ToInt64E`: `Err(())` where cast reports an error (Sprig then uses 0).
pub(crate) fn to_int64_e(v: &Value) -> Result<i64, ()> {
    match v {
        Value::Int(n) | Value::Int64(n) => Ok(*n),
        Value::Uint(u) => Ok(*u as i64),
        Value::Float(f) => Ok(go_f64_to_i64(*f)),
        Value::String(s) => parse_int(trim_zero_decimal(s), 0).map_err(|_| ()),
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
    match v {
        Value::Int(n) | Value::Int64(n) => *n as f64,
        Value::Uint(u) => *u as f64,
        Value::Float(f) => *f,
        Value::String(s) => parse_float(s).unwrap_or(0.0),
        Value::Bool(b) => f64::from(u8::from(*b)),
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expectations from Go (strconv) as Helm v4.2.3 runs it, via the oracle.
    #[test]
    fn parse_int_base0() {
        let cases: &[(&str, Result<i64, NumError>)] = &[
            ("0x1f", Ok(31)),
            ("017", Ok(15)),
            ("0o17", Ok(15)),
            ("0b101", Ok(5)),
            ("1_000", Ok(1000)),
            ("-0x10", Ok(-16)),
            ("0X10", Ok(16)),
            ("+5", Ok(5)),
            ("", Err(NumError::Syntax)),
            ("0", Ok(0)),
            ("00", Ok(0)),
            ("08", Err(NumError::Syntax)),
            ("1__0", Err(NumError::Syntax)),
            ("_10", Err(NumError::Syntax)),
            ("0x_10", Ok(16)),
            (" 5", Err(NumError::Syntax)),
            ("9223372036854775807", Ok(i64::MAX)),
            ("-9223372036854775808", Ok(i64::MIN)),
            ("9223372036854775808", Err(NumError::Range(i64::MAX))),
            ("0x", Err(NumError::Syntax)),
        ];
        for (s, want) in cases {
            assert_eq!(parse_int(s, 0), *want, "{s}");
        }
        assert_eq!(atoi("99999999999999999999"), i64::MAX);
        assert_eq!(atoi("1_000"), 0);
        assert_eq!(atoi("+7"), 7);
        assert_eq!(atoi("0x1f"), 0);
    }

    #[test]
    fn parse_float_like_go() {
        let cases: &[(&str, Option<f64>)] = &[
            ("1.5", Some(1.5)),
            ("1e3", Some(1000.0)),
            ("0x10", None),
            ("inf", Some(f64::INFINITY)),
            ("Infinity", Some(f64::INFINITY)),
            ("-Inf", Some(f64::NEG_INFINITY)),
            ("abc", None),
            ("1_000", Some(1000.0)),
            ("1_0.5", Some(10.5)),
            ("0x1p-2", Some(0.25)),
            ("0x1.8p1", Some(3.0)),
            ("1e400", None),
            ("1e-400", Some(0.0)),
            ("1e", None),
            (".5", Some(0.5)),
            ("5.", Some(5.0)),
            ("-nan", None),
            (".", None),
            ("0x1p-1074", Some(f64::from_bits(1))),
            ("0x1p-1075", Some(0.0)),
            ("0x1.8p-1075", Some(f64::from_bits(1))),
            ("0x1.fffffffffffff8p0", Some(2.0)),
        ];
        for (s, want) in cases {
            assert_eq!(parse_float(s), *want, "{s}");
        }
        assert!(parse_float("NaN").is_some_and(f64::is_nan));
    }
}
