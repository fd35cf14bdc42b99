//! Go's `strconv`: number formatting (built on Rust's correctly rounded float printing),
//! parsing with Go's syntax and error text, and quoting.
//!
//! Rust's `{:e}` prints the shortest digits that round-trip, as Go's `-1` precision does, and
//! `{:.N$e}` rounds correctly to N digits; Go's layouts are then assembled from those digits.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

pub use super::atoi::{
    atoi, parse_bool, parse_float, parse_int, parse_uint, NumError, NumErrorKind,
};
pub use super::quote::{
    can_backquote, is_print, quote, quote_bytes, quote_rune, quote_rune_to_ascii, quote_to_ascii,
};

/// Decimal digits `d[0].d[1]d[2]… × 10^(dp-1)`, as Go's `decimalSlice` (dp = decimal point).
struct Digits {
    neg: bool,
    digits: Vec<u8>,
    dp: i32,
}

/// The shortest `d.ddde±x` form of `a` that reads back as `a`, choosing as Go does when two
/// candidates are equally short: the one nearest the exact value (ties to even). Rust's
/// shortest mode may pick the other one on exact ties (`224633589009340.625` → Rust `…63`,
/// Go `…62`), so the correctly rounded string of the same length wins when it round-trips.
fn shortest_e(a: f64) -> String {
    let s = format!("{:e}", a);
    let mant = s.split_once('e').map_or(s.as_str(), |(m, _)| m);
    let n = mant.bytes().filter(u8::is_ascii_digit).count();
    let rounded = format!("{:.*e}", n.saturating_sub(1), a);
    if rounded != s && rounded.parse::<f64>().ok() == Some(a) {
        return rounded;
    }
    s
}

/// Digits of `f` (finite): shortest when `sig` is `None`, else rounded to `sig` significant digits.
fn digits_sig(f: f64, sig: Option<usize>) -> Digits {
    let neg = f.is_sign_negative();
    let a = f.abs();
    let s = match sig {
        None => shortest_e(a),
        Some(n) => format!("{:.*e}", n.saturating_sub(1), a),
    };
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mut digits: Vec<u8> = mant.bytes().filter(|b| b.is_ascii_digit()).collect();
    if a == 0.0 {
        return Digits {
            neg,
            digits: Vec::new(),
            dp: 0,
        };
    }
    if sig.is_none() {
        while digits.len() > 1 && digits.last() == Some(&b'0') {
            digits.pop();
        }
    }
    Digits {
        neg,
        digits,
        dp: exp + 1,
    }
}

/// Digits of `f` rounded to `frac` digits after the decimal point (Go's `%f` precision).
fn digits_fixed(f: f64, frac: usize) -> Digits {
    let neg = f.is_sign_negative();
    let s = format!("{:.*}", frac, f.abs());
    let (int, fr) = s.split_once('.').unwrap_or((&s, ""));
    let mut digits: Vec<u8> = Vec::with_capacity(int.len() + fr.len());
    digits.extend(int.bytes());
    digits.extend(fr.bytes());
    let mut dp = int.len() as i32;
    // Normalise away leading zeros so dp means what Digits promises.
    let lead = digits.iter().take_while(|&&d| d == b'0').count();
    if lead == digits.len() {
        return Digits {
            neg,
            digits: Vec::new(),
            dp: 0,
        };
    }
    digits.drain(..lead);
    dp -= lead as i32;
    Digits { neg, digits, dp }
}

/// Go's `strconv.FormatFloat(f, fmt, prec, 64)` for `fmt` in `b e E f F g G x X`.
/// `prec < 0` means the shortest representation that round-trips.
pub fn format_float(f: f64, fmt: u8, prec: i32) -> String {
    if f.is_nan() {
        return String::from("NaN");
    }
    if f.is_infinite() {
        return String::from(if f > 0.0 { "+Inf" } else { "-Inf" });
    }
    let shortest = prec < 0;
    match fmt {
        b'b' => fmt_b(f),
        b'x' | b'X' => fmt_x(f, prec, fmt),
        b'e' | b'E' => {
            let d = digits_sig(
                f,
                if shortest {
                    None
                } else {
                    Some(prec as usize + 1)
                },
            );
            let p = if shortest {
                d.digits.len().max(1) as i32 - 1
            } else {
                prec
            };
            fmt_e(&d, p, fmt)
        }
        b'f' | b'F' => {
            if shortest {
                let d = digits_sig(f, None);
                let p = (d.digits.len() as i32 - d.dp).max(0);
                fmt_f(&d, p)
            } else {
                let d = digits_fixed(f, prec as usize);
                fmt_f(&d, prec)
            }
        }
        b'g' | b'G' => {
            let mut eprec = prec;
            let d = if shortest {
                digits_sig(f, None)
            } else {
                let p = if prec == 0 { 1 } else { prec as usize };
                eprec = p as i32;
                digits_sig(f, Some(p))
            };
            let nd = d.digits.len() as i32;
            if eprec > nd && nd >= d.dp {
                eprec = nd;
            }
            // %e is used if the exponent from the conversion is less than -4 or greater than
            // or equal to the precision. If precision was the shortest possible, use
            // precision 6 for this decision.
            if shortest {
                eprec = 6;
            }
            // Zero has no digits and dp 0, so its exponent counts as -1 here (Go: `digs.dp - 1`).
            let exp = d.dp - 1;
            if exp < -4 || exp >= eprec {
                let p = if shortest {
                    nd.max(1) - 1
                } else {
                    (if prec == 0 { 1 } else { prec }) - 1
                };
                let mut d = d;
                // Trailing zeros are kept by %e with an explicit precision, but %g drops them.
                if !shortest {
                    while d.digits.len() > 1 && d.digits.last() == Some(&b'0') {
                        d.digits.pop();
                    }
                }
                let p = p.min(d.digits.len().max(1) as i32 - 1);
                return fmt_e(&d, p, if fmt == b'G' { b'E' } else { b'e' });
            }
            let mut d = d;
            if !shortest {
                while !d.digits.is_empty()
                    && d.digits.last() == Some(&b'0')
                    && d.digits.len() as i32 > d.dp
                {
                    d.digits.pop();
                }
            }
            let p = (d.digits.len() as i32 - d.dp).max(0);
            fmt_f(&d, p)
        }
        _ => {
            let mut s = String::from("%");
            s.push(fmt as char);
            s
        }
    }
}

/// Float bits split as Go's `genericFtoa` does: sign, mantissa with the implicit bit, and
/// the unbiased binary exponent of the mantissa's bit 52.
fn float_parts(f: f64) -> (bool, u64, i32) {
    let bits = f.to_bits();
    let neg = bits >> 63 != 0;
    let mut exp = ((bits >> 52) & 0x7FF) as i32;
    let mut mant = bits & ((1u64 << 52) - 1);
    if exp == 0 {
        exp += 1;
    } else {
        mant |= 1u64 << 52;
    }
    (neg, mant, exp - 1023)
}

/// `%b`: `-ddddp±ddd`, the mantissa as a decimal integer and a binary exponent.
fn fmt_b(f: f64) -> String {
    let (neg, mant, exp) = float_parts(f);
    let exp = exp - 52;
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    out.push_str(&format!("{mant}p"));
    if exp >= 0 {
        out.push('+');
    }
    out.push_str(&format!("{exp}"));
    out
}

/// `%x`: `-0x1.hhhhp±dd`, rounded to `prec` hex digits (all significant ones if `prec < 0`).
fn fmt_x(f: f64, prec: i32, fmt: u8) -> String {
    let (neg, mut mant, mut exp) = float_parts(f);
    if mant == 0 {
        exp = 0;
    }
    // Put the leading 1 (if any) at bit 60.
    mant <<= 60 - 52;
    while mant != 0 && mant & (1 << 60) == 0 {
        mant <<= 1;
        exp -= 1;
    }
    if (0..15).contains(&prec) {
        let shift = (prec * 4) as u32;
        let extra = (mant << shift) & ((1u64 << 60) - 1);
        mant >>= 60 - shift;
        if extra | (mant & 1) > 1 << 59 {
            mant += 1;
        }
        mant <<= 60 - shift;
        if mant & (1 << 61) != 0 {
            mant >>= 1;
            exp += 1;
        }
    }
    let hex: &[u8; 16] = if fmt == b'X' {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    out.push('0');
    out.push(fmt as char);
    out.push((b'0' + ((mant >> 60) & 1) as u8) as char);
    mant <<= 4;
    if prec < 0 && mant != 0 {
        out.push('.');
        while mant != 0 {
            out.push(hex[((mant >> 60) & 15) as usize] as char);
            mant <<= 4;
        }
    } else if prec > 0 {
        out.push('.');
        for _ in 0..prec {
            out.push(hex[((mant >> 60) & 15) as usize] as char);
            mant <<= 4;
        }
    }
    out.push(if fmt == b'X' { 'P' } else { 'p' });
    out.push(if exp < 0 { '-' } else { '+' });
    let e = exp.unsigned_abs();
    if e < 10 {
        out.push('0');
    }
    out.push_str(&format!("{e}"));
    out
}

/// `strconv.FormatInt(i, base)`: lower-case digits, base 2 to 36 (other bases give "").
pub fn format_int(i: i64, base: u32) -> String {
    let mut out = String::new();
    if i < 0 {
        out.push('-');
    }
    out.push_str(&format_uint(i.unsigned_abs(), base));
    out
}

/// `strconv.FormatUint(u, base)`.
pub fn format_uint(mut u: u64, base: u32) -> String {
    if !(2..=36).contains(&base) {
        return String::new();
    }
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut rev = Vec::new();
    loop {
        rev.push(DIGITS[(u % base as u64) as usize]);
        u /= base as u64;
        if u == 0 {
            break;
        }
    }
    rev.iter().rev().map(|&b| b as char).collect()
}

/// `-d.ddddde±dd`
fn fmt_e(d: &Digits, prec: i32, fmt: u8) -> String {
    let mut out = String::new();
    if d.neg {
        out.push('-');
    }
    let first = d.digits.first().copied().unwrap_or(b'0');
    out.push(first as char);
    if prec > 0 {
        out.push('.');
        for i in 1..=prec as usize {
            out.push(d.digits.get(i).copied().unwrap_or(b'0') as char);
        }
    }
    out.push(fmt as char);
    let exp = if d.digits.is_empty() { 0 } else { d.dp - 1 };
    out.push(if exp < 0 { '-' } else { '+' });
    let e = exp.unsigned_abs();
    if e < 10 {
        out.push('0');
    }
    out.push_str(&format!("{e}"));
    out
}

/// `-ddd.ddd`
fn fmt_f(d: &Digits, prec: i32) -> String {
    let mut out = String::new();
    if d.neg {
        out.push('-');
    }
    if d.dp > 0 {
        for i in 0..d.dp as usize {
            out.push(d.digits.get(i).copied().unwrap_or(b'0') as char);
        }
    } else {
        out.push('0');
    }
    if prec > 0 {
        out.push('.');
        for i in 0..prec {
            let j = d.dp + i;
            let c = if j < 0 {
                b'0'
            } else {
                d.digits.get(j as usize).copied().unwrap_or(b'0')
            };
            out.push(c as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::format_float;

    #[test]
    fn shortest_g_matches_go() {
        let cases: &[(f64, &str)] = &[
            (1000000.0, "1e+06"),
            (1234567.0, "1.234567e+06"),
            (123456.0, "123456"),
            (3.0, "3"),
            (0.5, "0.5"),
            (1.5e-5, "1.5e-05"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (-2.5, "-2.5"),
            (0.0, "0"),
            (1e21, "1e+21"),
            (100.0, "100"),
            (f64::INFINITY, "+Inf"),
        ];
        for (f, want) in cases {
            assert_eq!(format_float(*f, b'g', -1), *want, "{f}");
        }
        // An exact tie between two shortest candidates: Go keeps the even digit.
        let tie = f64::from_bits(4821536276507359124);
        assert_eq!(format_float(tie, b'g', -1), "2.2463358900934062e+14");
        assert_eq!(format_float(tie, b'f', -1), "224633589009340.62");
        // Zero with a precision is still printed plainly by %g.
        assert_eq!(format_float(0.0, b'g', 3), "0");
        assert_eq!(format_float(-0.0, b'G', 1), "-0");
    }

    #[test]
    fn fixed_and_exp_precision() {
        assert_eq!(format_float(1.23456, b'f', 2), "1.23");
        assert_eq!(format_float(0.005, b'f', 0), "0");
        assert_eq!(format_float(12.5, b'f', 0), "12");
        assert_eq!(format_float(1.0, b'f', 3), "1.000");
        assert_eq!(format_float(1234.5678, b'e', 2), "1.23e+03");
        assert_eq!(format_float(0.0, b'e', 2), "0.00e+00");
        assert_eq!(format_float(1e6, b'f', -1), "1000000");
        assert_eq!(format_float(1.5e-7, b'f', -1), "0.00000015");
        assert_eq!(format_float(1e6, b'e', -1), "1e+06");
        assert_eq!(format_float(100.0, b'g', 2), "1e+02");
        assert_eq!(format_float(3.0, b'g', 5), "3");
        assert_eq!(format_float(0.000012345, b'g', 3), "1.23e-05");
    }
}
