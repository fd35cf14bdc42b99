//! Go's `strconv` number formatting, built on Rust's correctly rounded float printing.
//!
//! Rust's `{:e}` prints the shortest digits that round-trip, as Go's `-1` precision does, and
//! `{:.N$e}` rounds correctly to N digits; Go's layouts are then assembled from those digits.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// Decimal digits `d[0].d[1]d[2]… × 10^(dp-1)`, as Go's `decimalSlice` (dp = decimal point).
struct Digits {
    neg: bool,
    digits: Vec<u8>,
    dp: i32,
}

/// Digits of `f` (finite): shortest when `sig` is `None`, else rounded to `sig` significant digits.
fn digits_sig(f: f64, sig: Option<usize>) -> Digits {
    let neg = f.is_sign_negative();
    let a = f.abs();
    let s = match sig {
        None => format!("{:e}", a),
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

/// Go's `strconv.FormatFloat(f, fmt, prec, 64)` for `fmt` in `e E f F g G b x X`-less set
/// (`e`, `E`, `f`, `F`, `g`, `G`). `prec < 0` means the shortest representation that
/// round-trips.
pub fn format_float(f: f64, fmt: u8, prec: i32) -> String {
    if f.is_nan() {
        return String::from("NaN");
    }
    if f.is_infinite() {
        return String::from(if f > 0.0 { "+Inf" } else { "-Inf" });
    }
    let shortest = prec < 0;
    match fmt {
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
            let exp = if d.digits.is_empty() { 0 } else { d.dp - 1 };
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
    }

    #[test]
    fn fixed_and_exp_precision() {
        assert_eq!(format_float(3.14159, b'f', 2), "3.14");
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
