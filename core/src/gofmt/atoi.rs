//! strconv's parsers: `ParseInt`, `ParseUint`, `Atoi`, `ParseFloat`, `ParseBool`, with Go's
//! syntax (base prefixes and `_` separators only with base 0, hex floats, `inf`/`nan`) and
//! Go's `*NumError` text.

use alloc::string::String;
use core::fmt;

use super::quote::quote;

/// Why a conversion failed (Go's `NumError.Err`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumErrorKind {
    /// `strconv.ErrSyntax`: "invalid syntax".
    Syntax,
    /// `strconv.ErrRange`: "value out of range".
    Range,
    /// "invalid base N".
    Base(i64),
    /// "invalid bit size N".
    BitSize(i64),
}

/// Go's `*strconv.NumError`, plus the value Go returns next to it (clamped on range errors,
/// zero otherwise): Sprig often ignores the error and uses that value.
#[derive(Clone, Debug, PartialEq)]
pub struct NumError<T> {
    /// The failing function: `ParseInt`, `ParseUint`, `ParseFloat`, `Atoi`, `ParseBool`.
    pub func: &'static str,
    /// The input, as given.
    pub num: String,
    /// The reason.
    pub kind: NumErrorKind,
    /// What Go returns alongside the error.
    pub value: T,
}

impl<T> fmt::Display for NumError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "strconv.{}: parsing {}: ", self.func, quote(&self.num))?;
        match self.kind {
            NumErrorKind::Syntax => f.write_str("invalid syntax"),
            NumErrorKind::Range => f.write_str("value out of range"),
            NumErrorKind::Base(b) => write!(f, "invalid base {b}"),
            NumErrorKind::BitSize(b) => write!(f, "invalid bit size {b}"),
        }
    }
}

fn err<T>(func: &'static str, s: &str, kind: NumErrorKind, value: T) -> NumError<T> {
    NumError {
        func,
        num: String::from(s),
        kind,
        value,
    }
}

/// Go's `underscoreOK`: `_` only between digits, or between a base prefix and a digit.
fn underscore_ok(s: &[u8]) -> bool {
    let mut s = s;
    if let Some(b'-' | b'+') = s.first() {
        s = &s[1..];
    }
    // '^' start, '0' digit or prefix, '_' underscore, '!' anything else.
    let mut saw = b'^';
    let mut i = 0;
    let mut hex = false;
    if s.len() >= 2 && s[0] == b'0' && matches!(s[1].to_ascii_lowercase(), b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = s[1].eq_ignore_ascii_case(&b'x');
    }
    while i < s.len() {
        let c = s[i];
        if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
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

/// The unsigned core shared by `ParseUint` and `ParseInt`; errors carry no function name yet.
fn parse_uint_inner(s: &str, base: i64, bit_size: i64) -> Result<u64, (NumErrorKind, u64)> {
    if s.is_empty() {
        return Err((NumErrorKind::Syntax, 0));
    }
    let base0 = base == 0;
    let full = s.as_bytes();
    let mut digits = full;
    let base: u64 = match base {
        2..=36 => base as u64,
        0 => {
            if full[0] == b'0' {
                match full.get(1).map(|c| c.to_ascii_lowercase()) {
                    Some(b'b') if full.len() >= 3 => {
                        digits = &full[2..];
                        2
                    }
                    Some(b'o') if full.len() >= 3 => {
                        digits = &full[2..];
                        8
                    }
                    Some(b'x') if full.len() >= 3 => {
                        digits = &full[2..];
                        16
                    }
                    _ => {
                        digits = &full[1..];
                        8
                    }
                }
            } else {
                10
            }
        }
        _ => return Err((NumErrorKind::Base(base), 0)),
    };
    let bit_size = match bit_size {
        0 => 64,
        1..=64 => bit_size as u32,
        _ => return Err((NumErrorKind::BitSize(bit_size), 0)),
    };
    let cutoff = u64::MAX / base + 1;
    let max_val = if bit_size == 64 {
        u64::MAX
    } else {
        (1u64 << bit_size) - 1
    };
    let mut underscores = false;
    let mut n: u64 = 0;
    for &c in digits {
        let d = match c {
            b'_' if base0 => {
                underscores = true;
                continue;
            }
            b'0'..=b'9' => c - b'0',
            _ if c.is_ascii_alphabetic() => c.to_ascii_lowercase() - b'a' + 10,
            _ => return Err((NumErrorKind::Syntax, 0)),
        };
        if d as u64 >= base {
            return Err((NumErrorKind::Syntax, 0));
        }
        if n >= cutoff {
            return Err((NumErrorKind::Range, max_val));
        }
        n *= base;
        match n.checked_add(d as u64) {
            Some(n1) if n1 <= max_val => n = n1,
            _ => return Err((NumErrorKind::Range, max_val)),
        }
    }
    if underscores && !underscore_ok(full) {
        return Err((NumErrorKind::Syntax, 0));
    }
    Ok(n)
}

/// `strconv.ParseUint(s, base, bitSize)`.
pub fn parse_uint(s: &str, base: i64, bit_size: i64) -> Result<u64, NumError<u64>> {
    parse_uint_inner(s, base, bit_size).map_err(|(k, v)| err("ParseUint", s, k, v))
}

fn parse_int_named(
    func: &'static str,
    s: &str,
    base: i64,
    bit_size: i64,
) -> Result<i64, NumError<i64>> {
    if s.is_empty() {
        return Err(err(func, s, NumErrorKind::Syntax, 0));
    }
    let (neg, rest) = match s.as_bytes()[0] {
        b'+' => (false, &s[1..]),
        b'-' => (true, &s[1..]),
        _ => (false, s),
    };
    let un = match parse_uint_inner(rest, base, bit_size) {
        Ok(u) => u,
        Err((NumErrorKind::Range, u)) => u,
        Err((k, _)) => return Err(err(func, s, k, 0)),
    };
    let bits = if bit_size == 0 { 64 } else { bit_size as u32 };
    let cutoff = 1u64 << (bits - 1);
    if !neg && un >= cutoff {
        return Err(err(func, s, NumErrorKind::Range, (cutoff - 1) as i64));
    }
    if neg && un > cutoff {
        return Err(err(
            func,
            s,
            NumErrorKind::Range,
            (cutoff as i64).wrapping_neg(),
        ));
    }
    let n = un as i64;
    Ok(if neg { n.wrapping_neg() } else { n })
}

/// `strconv.ParseInt(s, base, bitSize)`.
pub fn parse_int(s: &str, base: i64, bit_size: i64) -> Result<i64, NumError<i64>> {
    parse_int_named("ParseInt", s, base, bit_size)
}

/// `strconv.Atoi(s)` (Go's `int` is 64-bit here).
pub fn atoi(s: &str) -> Result<i64, NumError<i64>> {
    let b = s.as_bytes();
    if !b.is_empty() && b.len() < 19 {
        // Go's fast path: plain decimal digits only, no underscores or prefixes.
        let digits = match b[0] {
            b'-' | b'+' => &b[1..],
            _ => b,
        };
        if digits.is_empty() {
            return Err(err("Atoi", s, NumErrorKind::Syntax, 0));
        }
        let mut n: i64 = 0;
        for &c in digits {
            if !c.is_ascii_digit() {
                return Err(err("Atoi", s, NumErrorKind::Syntax, 0));
            }
            n = n * 10 + (c - b'0') as i64;
        }
        return Ok(if b[0] == b'-' { -n } else { n });
    }
    parse_int_named("Atoi", s, 10, 0)
}

/// `strconv.ParseBool`: `1 t T TRUE true True` and `0 f F FALSE false False`.
pub fn parse_bool(s: &str) -> Result<bool, NumError<bool>> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Ok(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Ok(false),
        _ => Err(err("ParseBool", s, NumErrorKind::Syntax, false)),
    }
}

/// Go's `special`: `inf`, `infinity`, `nan` in any case, with an optional sign on the infinities.
fn special(s: &[u8]) -> Option<(f64, usize)> {
    let lower_prefix = |s: &[u8], word: &[u8]| {
        s.iter()
            .zip(word)
            .take_while(|(a, b)| a.to_ascii_lowercase() == **b)
            .count()
    };
    let (sign, nsign, rest) = match s.first()? {
        b'+' => (1.0, 1, &s[1..]),
        b'-' => (-1.0, 1, &s[1..]),
        _ => (1.0, 0, s),
    };
    match rest.first().map(u8::to_ascii_lowercase) {
        Some(b'i') => {
            let mut n = lower_prefix(rest, b"infinity");
            if 3 < n && n < 8 {
                n = 3;
            }
            (n == 3 || n == 8).then_some((sign * f64::INFINITY, nsign + n))
        }
        Some(b'n') if nsign == 0 && lower_prefix(rest, b"nan") == 3 => Some((f64::NAN, 3)),
        _ => None,
    }
}

/// What Go's `readFloat` finds: where the number ends and how to compute its value.
struct ReadFloat {
    end: usize,
    hex: bool,
    neg: bool,
    /// Hex only: up to 16 hex digits of mantissa, its binary exponent, and lost bits.
    mantissa: u64,
    exp: i64,
    trunc: bool,
}

/// Go's `readFloat`: scans the longest float prefix; `None` when there is none.
fn read_float(s: &[u8]) -> Option<ReadFloat> {
    let mut i = 0;
    let mut neg = false;
    let mut underscores = false;
    match s.first()? {
        b'+' => i += 1,
        b'-' => {
            i += 1;
            neg = true;
        }
        _ => {}
    }
    let mut base: u64 = 10;
    let mut max_mant_digits = 19;
    let mut exp_char = b'e';
    let mut hex = false;
    if i + 2 < s.len() && s[i] == b'0' && s[i + 1].eq_ignore_ascii_case(&b'x') {
        base = 16;
        max_mant_digits = 16;
        i += 2;
        exp_char = b'p';
        hex = true;
    }
    let (mut sawdot, mut sawdigits) = (false, false);
    let (mut nd, mut nd_mant, mut dp) = (0i64, 0i64, 0i64);
    let mut mantissa: u64 = 0;
    let mut trunc = false;
    while i < s.len() {
        let c = s[i];
        if c == b'_' {
            underscores = true;
        } else if c == b'.' {
            if sawdot {
                break;
            }
            sawdot = true;
            dp = nd;
        } else if c.is_ascii_digit() || (base == 16 && c.is_ascii_hexdigit()) {
            sawdigits = true;
            let d = (c as char).to_digit(16).unwrap_or(0) as u64;
            if c == b'0' && nd == 0 {
                dp -= 1;
            } else {
                nd += 1;
                if nd_mant < max_mant_digits {
                    mantissa = mantissa * base + d;
                    nd_mant += 1;
                } else if c != b'0' {
                    trunc = true;
                }
            }
        } else {
            break;
        }
        i += 1;
    }
    if !sawdigits {
        return None;
    }
    if !sawdot {
        dp = nd;
    }
    if base == 16 {
        dp *= 4;
        nd_mant *= 4;
    }
    if i < s.len() && s[i].to_ascii_lowercase() == exp_char {
        i += 1;
        let mut esign = 1;
        match s.get(i)? {
            b'+' => i += 1,
            b'-' => {
                i += 1;
                esign = -1;
            }
            _ => {}
        }
        if !s.get(i)?.is_ascii_digit() {
            return None;
        }
        let mut e: i64 = 0;
        while i < s.len() && (s[i].is_ascii_digit() || s[i] == b'_') {
            if s[i] == b'_' {
                underscores = true;
            } else if e < 10000 {
                e = e * 10 + (s[i] - b'0') as i64;
            }
            i += 1;
        }
        dp += e * esign;
    } else if base == 16 {
        return None;
    }
    let exp = if mantissa != 0 { dp - nd_mant } else { 0 };
    if underscores && !underscore_ok(&s[..i]) {
        return None;
    }
    Some(ReadFloat {
        end: i,
        hex,
        neg,
        mantissa,
        exp,
        trunc,
    })
}

/// Go's `atofHex`: a hex mantissa times 2^exp, rounded to nearest even; overflow is a range
/// error with an infinite result.
fn atof_hex(r: &ReadFloat) -> (f64, bool) {
    const MANTBITS: i64 = 52;
    const BIAS: i64 = -1023;
    let max_exp = (1 << 11) + BIAS - 2;
    let min_exp = BIAS + 1;
    let mut mantissa = r.mantissa;
    let mut exp = r.exp + MANTBITS;
    while mantissa != 0 && mantissa >> (MANTBITS + 2) == 0 {
        mantissa <<= 1;
        exp -= 1;
    }
    if r.trunc {
        mantissa |= 1;
    }
    while mantissa >> (1 + MANTBITS + 2) != 0 {
        mantissa = (mantissa >> 1) | (mantissa & 1);
        exp += 1;
    }
    while mantissa > 1 && exp < min_exp - 2 {
        mantissa = (mantissa >> 1) | (mantissa & 1);
        exp += 1;
    }
    let mut round = mantissa & 3;
    mantissa >>= 2;
    round |= mantissa & 1;
    exp += 2;
    if round == 3 {
        mantissa += 1;
        if mantissa == 1 << (1 + MANTBITS) {
            mantissa >>= 1;
            exp += 1;
        }
    }
    if mantissa >> MANTBITS == 0 {
        exp = BIAS;
    }
    let mut overflow = false;
    if exp > max_exp {
        mantissa = 1 << MANTBITS;
        exp = max_exp + 1;
        overflow = true;
    }
    let mut bits = mantissa & ((1 << MANTBITS) - 1);
    bits |= (((exp - BIAS) & 0x7FF) as u64) << MANTBITS;
    if r.neg {
        bits |= 1 << 63;
    }
    (f64::from_bits(bits), overflow)
}

/// `strconv.ParseFloat(s, 64)`: decimal and hex floats, `_` separators as in Go literals,
/// `inf`/`infinity`/`nan`; out-of-range values give ±Inf with a range error.
pub fn parse_float(s: &str) -> Result<f64, NumError<f64>> {
    let b = s.as_bytes();
    let syntax = || err("ParseFloat", s, NumErrorKind::Syntax, 0.0);
    if let Some((f, n)) = special(b) {
        return if n == b.len() { Ok(f) } else { Err(syntax()) };
    }
    let r = read_float(b).ok_or_else(syntax)?;
    if r.end != b.len() {
        return Err(syntax());
    }
    let (f, overflow) = if r.hex {
        atof_hex(&r)
    } else {
        // The syntax is Go's; the value is the correctly rounded one, which Rust computes.
        let clean: String = s.chars().filter(|&c| c != '_').collect();
        let f: f64 = clean.parse().map_err(|_| syntax())?;
        (f, f.is_infinite())
    };
    if overflow {
        return Err(err("ParseFloat", s, NumErrorKind::Range, f));
    }
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn parse_int_matches_go() {
        // Expectations from Go 1.26 strconv (the Go Helm v4.2.3 is built with).
        let cases: &[(&str, i64, i64, Result<i64, &str>)] = &[
            ("42", 10, 64, Ok(42)),
            ("-42", 10, 64, Ok(-42)),
            ("+7", 0, 64, Ok(7)),
            ("0x1F", 0, 64, Ok(31)),
            ("0o17", 0, 64, Ok(15)),
            ("017", 0, 64, Ok(15)),
            ("0b101", 0, 64, Ok(5)),
            ("1_000", 0, 64, Ok(1000)),
            (
                "1_000",
                10,
                64,
                Err("strconv.ParseInt: parsing \"1_000\": invalid syntax"),
            ),
            (
                "_1",
                0,
                64,
                Err("strconv.ParseInt: parsing \"_1\": invalid syntax"),
            ),
            ("0x_1F", 0, 64, Ok(31)),
            ("ff", 16, 64, Ok(255)),
            ("zz", 36, 64, Ok(1295)),
            (
                "x",
                10,
                64,
                Err("strconv.ParseInt: parsing \"x\": invalid syntax"),
            ),
            (
                "",
                10,
                64,
                Err("strconv.ParseInt: parsing \"\": invalid syntax"),
            ),
            (
                "128",
                10,
                8,
                Err("strconv.ParseInt: parsing \"128\": value out of range"),
            ),
            ("-128", 10, 8, Ok(-128)),
            (
                "9223372036854775808",
                10,
                64,
                Err("strconv.ParseInt: parsing \"9223372036854775808\": value out of range"),
            ),
            ("-9223372036854775808", 10, 64, Ok(i64::MIN)),
            (
                "1",
                1,
                64,
                Err("strconv.ParseInt: parsing \"1\": invalid base 1"),
            ),
            (
                "1",
                10,
                65,
                Err("strconv.ParseInt: parsing \"1\": invalid bit size 65"),
            ),
            (
                "0x",
                0,
                64,
                Err("strconv.ParseInt: parsing \"0x\": invalid syntax"),
            ),
        ];
        for (s, base, bits, want) in cases {
            let got = parse_int(s, *base, *bits).map_err(|e| e.to_string());
            assert_eq!(got, want.map_err(String::from), "{s} base {base}");
        }
        let e = parse_int("99999999999999999999", 10, 64).unwrap_err();
        assert_eq!(e.value, i64::MAX);
        assert_eq!(
            parse_int("-99999999999999999999", 10, 64)
                .unwrap_err()
                .value,
            i64::MIN
        );
        assert_eq!(parse_uint("18446744073709551615", 10, 64), Ok(u64::MAX));
        assert_eq!(
            parse_uint("-1", 10, 64).unwrap_err().to_string(),
            "strconv.ParseUint: parsing \"-1\": invalid syntax"
        );
        assert_eq!(atoi("12"), Ok(12));
        assert_eq!(atoi("-0012"), Ok(-12));
        assert_eq!(
            atoi("1.5").unwrap_err().to_string(),
            "strconv.Atoi: parsing \"1.5\": invalid syntax"
        );
        assert_eq!(
            atoi("-").unwrap_err().to_string(),
            "strconv.Atoi: parsing \"-\": invalid syntax"
        );
        assert_eq!(
            atoi("1_0").unwrap_err().to_string(),
            "strconv.Atoi: parsing \"1_0\": invalid syntax"
        );
        assert_eq!(
            atoi("12345678901234567890").unwrap_err().to_string(),
            "strconv.Atoi: parsing \"12345678901234567890\": value out of range"
        );
        assert_eq!(parse_bool("True"), Ok(true));
        assert_eq!(
            parse_bool("yes").unwrap_err().to_string(),
            "strconv.ParseBool: parsing \"yes\": invalid syntax"
        );
    }

    #[test]
    fn parse_float_matches_go() {
        let ok: &[(&str, f64)] = &[
            ("1.5", 1.5),
            ("-0", -0.0),
            (".5", 0.5),
            ("5.", 5.0),
            ("1e3", 1000.0),
            ("1E+3", 1000.0),
            ("1_000.5", 1000.5),
            ("0x1p-2", 0.25),
            ("0x1.8p1", 3.0),
            ("0X_1FFFP-16", 0.1249847412109375),
            ("inf", f64::INFINITY),
            ("-Infinity", f64::NEG_INFINITY),
            ("+INF", f64::INFINITY),
            ("1e-400", 0.0),
            ("0.1", 0.1),
        ];
        for (s, want) in ok {
            assert_eq!(parse_float(s).map(f64::to_bits), Ok(want.to_bits()), "{s}");
        }
        assert!(parse_float("NaN").unwrap().is_nan());
        for s in [
            "", "x", "1e", "0x1", "1__0", "_1", "1_", "+nan", "infin", "1.5.", "--1", "0x", "1e+",
        ] {
            assert_eq!(
                parse_float(s).unwrap_err().to_string(),
                alloc::format!("strconv.ParseFloat: parsing {}: invalid syntax", quote(s)),
                "{s}"
            );
        }
        let e = parse_float("1e400").unwrap_err();
        assert_eq!(
            e.to_string(),
            "strconv.ParseFloat: parsing \"1e400\": value out of range"
        );
        assert_eq!(e.value, f64::INFINITY);
        assert_eq!(
            parse_float("-0x1p2000").unwrap_err().value,
            f64::NEG_INFINITY
        );
    }
}
