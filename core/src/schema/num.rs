//! Exact decimal numbers, as the validator compares them (Go's `big.Rat` built with
//! `SetString(fmt.Sprint(v))`), and the English number printing of `golang.org/x/text/message`
//! that the validator's messages use (`1,000`, `1.5×10⁰⁷`).

use alloc::string::String;
use alloc::vec::Vec;
use core::cmp::Ordering;

use crate::gofmt::strconv::format_float;

/// `big.Rat.SetString` refuses decimal exponents beyond this (after the fraction digits).
const MAX_EXP5: i64 = 1_000_000;

/// An exact decimal: `digits × 10^exp`, `digits` without leading or trailing zeros (empty
/// for zero, which is never negative).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decimal {
    neg: bool,
    digits: Vec<u8>,
    exp: i64,
}

impl Decimal {
    /// Zero.
    pub fn zero() -> Decimal {
        Decimal {
            neg: false,
            digits: Vec::new(),
            exp: 0,
        }
    }

    /// `new(big.Rat).SetString(s)` for decimal text (JSON numbers, Go's `%v` of numbers):
    /// `None` where Go's fails (`NaN`, `+Inf`, junk, exponents beyond ±10⁶).
    pub fn parse(s: &str) -> Option<Decimal> {
        let b = s.as_bytes();
        let mut i = 0;
        let mut neg = false;
        if let Some(&c) = b.first() {
            if c == b'+' || c == b'-' {
                neg = c == b'-';
                i = 1;
            }
        }
        let mut digits: Vec<u8> = Vec::new();
        let mut frac: i64 = 0;
        let mut seen_digit = false;
        let mut seen_dot = false;
        while i < b.len() {
            let c = b[i];
            if c.is_ascii_digit() {
                seen_digit = true;
                if !(digits.is_empty() && c == b'0') {
                    digits.push(c);
                }
                if seen_dot {
                    frac += 1;
                }
            } else if c == b'.' && !seen_dot {
                seen_dot = true;
            } else {
                break;
            }
            i += 1;
        }
        if !seen_digit {
            return None;
        }
        let mut exp: i64 = 0;
        if i < b.len() {
            if b[i] != b'e' && b[i] != b'E' {
                return None;
            }
            i += 1;
            let mut eneg = false;
            if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
                eneg = b[i] == b'-';
                i += 1;
            }
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                exp = exp
                    .saturating_mul(10)
                    .saturating_add(i64::from(b[i] - b'0'));
                i += 1;
            }
            if i == start || i != b.len() {
                return None;
            }
            if eneg {
                exp = -exp;
            }
        }
        if digits.is_empty() {
            return Some(Decimal::zero());
        }
        // Go checks the exponent against the mantissa as written (trailing zeros included).
        let exp = exp.saturating_sub(frac);
        if !(-MAX_EXP5..=MAX_EXP5).contains(&exp) {
            return None;
        }
        Some(Decimal::normal(neg, digits, exp))
    }

    fn normal(neg: bool, mut digits: Vec<u8>, mut exp: i64) -> Decimal {
        let lead = digits.iter().take_while(|&&d| d == b'0').count();
        digits.drain(..lead);
        while digits.last() == Some(&b'0') {
            digits.pop();
            exp += 1;
        }
        if digits.is_empty() {
            return Decimal::zero();
        }
        Decimal { neg, digits, exp }
    }

    /// Whether this is zero.
    pub fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }

    /// `Rat.IsInt`.
    pub fn is_int(&self) -> bool {
        self.digits.is_empty() || self.exp >= 0
    }

    /// Position of the most significant digit (`10^(msd-1) <= |x| < 10^msd`).
    fn msd(&self) -> i64 {
        self.digits.len() as i64 + self.exp
    }

    fn cmp_abs(&self, o: &Decimal) -> Ordering {
        match (self.is_zero(), o.is_zero()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            _ => {}
        }
        match self.msd().cmp(&o.msd()) {
            Ordering::Equal => {}
            other => return other,
        }
        // Same magnitude: the digit strings compare left-aligned.
        let n = self.digits.len().max(o.digits.len());
        for i in 0..n {
            let a = self.digits.get(i).copied().unwrap_or(b'0');
            let b = o.digits.get(i).copied().unwrap_or(b'0');
            match a.cmp(&b) {
                Ordering::Equal => {}
                other => return other,
            }
        }
        Ordering::Equal
    }

    /// `Rat.Cmp`.
    pub fn cmp(&self, o: &Decimal) -> Ordering {
        match (self.neg, o.neg) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => self.cmp_abs(o),
            (true, true) => o.cmp_abs(self),
        }
    }

    /// Whether `self / o` is an integer (`o` non-zero).
    pub fn is_multiple_of(&self, o: &Decimal) -> bool {
        if self.is_zero() {
            return true;
        }
        if o.is_zero() {
            return false;
        }
        // With trailing zeros stripped, a·10^p / (b·10^q) is whole only when p ≥ q and b
        // divides a·10^(p-q).
        if self.exp < o.exp {
            return false;
        }
        let shift = (self.exp - o.exp) as u64;
        rem_is_zero(&self.digits, shift, &o.digits)
    }

    /// `Rat.Float64`: the nearest float64.
    pub fn to_f64(&self) -> f64 {
        if self.is_zero() {
            return 0.0;
        }
        let mut s = String::with_capacity(self.digits.len() + 24);
        if self.neg {
            s.push('-');
        }
        s.push_str(core::str::from_utf8(&self.digits).unwrap_or("0"));
        s.push('e');
        s.push_str(&alloc::format!("{}", self.exp));
        s.parse::<f64>().unwrap_or(0.0)
    }

    /// `int(Rat.Num().Int64())` of an integer: the low 64 bits, as Go's conversion keeps.
    pub fn wrapping_i64(&self) -> i64 {
        let mut v: u64 = 0;
        for &d in &self.digits {
            v = v.wrapping_mul(10).wrapping_add(u64::from(d - b'0'));
        }
        for _ in 0..self.exp.clamp(0, 64) {
            v = v.wrapping_mul(10);
        }
        if self.exp > 64 {
            // 10^64 is a multiple of 2^64.
            v = 0;
        }
        if self.neg {
            v = v.wrapping_neg();
        }
        v as i64
    }
}

/// Whether `b` divides `a · 10^shift` (decimal digit strings, `b` non-zero).
fn rem_is_zero(a: &[u8], shift: u64, b: &[u8]) -> bool {
    if b.len() <= 36 {
        let m: u128 = b
            .iter()
            .fold(0u128, |acc, &d| acc * 10 + u128::from(d - b'0'));
        let mut r: u128 = 0;
        for &d in a {
            r = (r * 10 + u128::from(d - b'0')) % m;
        }
        return mul_mod(r, pow_mod(10, shift, m), m) == 0;
    }
    // Long divisors: schoolbook remainder over decimal digits.
    let m: Vec<u8> = b.iter().map(|d| d - b'0').collect();
    let mut r: Vec<u8> = Vec::new();
    let total = a.len() as u64 + shift;
    // A bound on work for absurd inputs; such a remainder is not zero in practice.
    if total.saturating_mul(m.len() as u64) > 200_000_000 {
        return false;
    }
    for i in 0..total {
        let d = a.get(i as usize).map_or(0, |d| d - b'0');
        r.push(d);
        strip_leading(&mut r);
        while cmp_digits(&r, &m) != Ordering::Less {
            sub_digits(&mut r, &m);
        }
    }
    r.is_empty()
}

fn strip_leading(v: &mut Vec<u8>) {
    let lead = v.iter().take_while(|&&d| d == 0).count();
    v.drain(..lead);
}

fn cmp_digits(a: &[u8], b: &[u8]) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// `a -= b` for `a >= b`, both without leading zeros.
fn sub_digits(a: &mut Vec<u8>, b: &[u8]) {
    let mut borrow = 0i16;
    let off = a.len() - b.len();
    for i in (0..a.len()).rev() {
        let bd = if i >= off { i16::from(b[i - off]) } else { 0 };
        let mut d = i16::from(a[i]) - bd - borrow;
        borrow = 0;
        if d < 0 {
            d += 10;
            borrow = 1;
        }
        a[i] = d as u8;
    }
    strip_leading(a);
}

fn mul_mod(a: u128, b: u128, m: u128) -> u128 {
    // Both below m < 10^36 < 2^120: double-and-add keeps intermediate sums below 2^121.
    let mut r = 0u128;
    let mut a = a % m;
    let mut b = b;
    while b > 0 {
        if b & 1 == 1 {
            r = (r + a) % m;
        }
        a = (a * 2) % m;
        b >>= 1;
    }
    r
}

fn pow_mod(base: u128, mut e: u64, m: u128) -> u128 {
    let mut r = 1 % m;
    let mut b = base % m;
    while e > 0 {
        if e & 1 == 1 {
            r = mul_mod(r, b, m);
        }
        b = mul_mod(b, b, m);
        e >>= 1;
    }
    r
}

/// `message.NewPrinter(language.English).Sprintf("%d", n)`: digits grouped by thousands.
pub fn localized_int(n: i64) -> String {
    let mut s = String::new();
    if n < 0 {
        s.push('-');
    }
    let digits = alloc::format!("{}", n.unsigned_abs());
    push_grouped(&mut s, digits.as_bytes());
    s
}

fn push_grouped(out: &mut String, digits: &[u8]) {
    for (i, &d) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d as char);
    }
}

/// `message.NewPrinter(language.English).Sprintf("%v", f)` of a float64: shortest digits,
/// scientific (`1.5×10⁰⁷`) when the exponent is below -4 or at least 6, else grouped decimal.
pub fn localized_float(f: f64) -> String {
    if f.is_nan() {
        return String::from("NaN");
    }
    if f.is_infinite() {
        return String::from(if f > 0.0 { "∞" } else { "-∞" });
    }
    let e = format_float(f, b'e', -1);
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "+00"));
    let neg = mant.starts_with('-');
    let digits: Vec<u8> = mant.bytes().filter(u8::is_ascii_digit).collect();
    let exp: i64 = exp.trim_start_matches('+').parse().unwrap_or(0);
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if f == 0.0 {
        out.clear();
        out.push('0');
        return out;
    }
    if !(-4..6).contains(&exp) {
        out.push(digits[0] as char);
        if digits.len() > 1 {
            out.push('.');
            for &d in &digits[1..] {
                out.push(d as char);
            }
        }
        out.push_str("×10");
        if exp < 0 {
            out.push('⁻');
        }
        let e = alloc::format!("{:02}", exp.unsigned_abs());
        for c in e.bytes() {
            out.push(SUPERSCRIPT[usize::from(c - b'0')]);
        }
        return out;
    }
    // Decimal: `exp + 1` digits before the point.
    let int_len = exp + 1;
    if int_len <= 0 {
        out.push_str("0.");
        for _ in 0..-int_len {
            out.push('0');
        }
        for &d in &digits {
            out.push(d as char);
        }
        return out;
    }
    let int_len = int_len as usize;
    let mut int_part: Vec<u8> = digits.iter().copied().take(int_len).collect();
    while int_part.len() < int_len {
        int_part.push(b'0');
    }
    push_grouped(&mut out, &int_part);
    if digits.len() > int_len {
        out.push('.');
        for &d in &digits[int_len..] {
            out.push(d as char);
        }
    }
    out
}

const SUPERSCRIPT: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn localized_numbers() {
        // Expectations from Helm v4.2.3 (schema messages printed through x/text).
        let cases: &[(f64, &str)] = &[
            (5.0, "5"),
            (123456.0, "123,456"),
            (1234.5, "1,234.5"),
            (-1234567.0, "-1.234567×10⁰⁶"),
            (0.0001, "0.0001"),
            (0.00001, "1×10⁻⁰⁵"),
            (1.5e-7, "1.5×10⁻⁰⁷"),
            (1e21, "1×10²¹"),
            (1e100, "1×10¹⁰⁰"),
            (-5e-300, "-5×10⁻³⁰⁰"),
            (123456.789, "123,456.789"),
            (999999.0, "999,999"),
            (1e6, "1×10⁰⁶"),
            (-0.5, "-0.5"),
            (5e-324, "5×10⁻³²⁴"),
            (100000.5, "100,000.5"),
            (1234567890123456789.0, "1.2345678901234568×10¹⁸"),
            (f64::INFINITY, "∞"),
            (0.0, "0"),
        ];
        for (f, want) in cases {
            assert_eq!(localized_float(*f), *want, "{f}");
        }
        assert_eq!(localized_int(1234567), "1,234,567");
        assert_eq!(localized_int(-1000), "-1,000");
        assert_eq!(localized_int(999), "999");
    }

    #[test]
    fn decimals() {
        let d = |s: &str| Decimal::parse(s).unwrap();
        assert_eq!(d("1.0"), d("1"));
        assert_eq!(d("-0"), Decimal::zero());
        assert_eq!(
            d("1e+21").cmp(&d("999999999999999999999")),
            Ordering::Greater
        );
        assert_eq!(d("-1").cmp(&d("-2")), Ordering::Greater);
        assert!(d("1.5").cmp(&d("1.25")) == Ordering::Greater);
        assert!(d("0.3").is_multiple_of(&d("0.1")));
        assert!(!d("1.001").is_multiple_of(&d("0.01")));
        assert!(!d("1e30").is_multiple_of(&d("7e29")));
        assert!(d("1e30").is_multiple_of(&d("5")));
        assert!(!d("12").is_multiple_of(&d("123456789012345678901234567890123456789")));
        assert!(d("246913578024691357802469135780246913578")
            .is_multiple_of(&d("123456789012345678901234567890123456789")));
        assert!(Decimal::parse("1e1000001").is_none());
        assert!(Decimal::parse("0e99999999").is_some());
        assert!(Decimal::parse("NaN").is_none());
        assert_eq!(d("1e400").to_f64(), f64::INFINITY);
        assert_eq!(d("1.00000000000000000001").to_f64(), 1.0);
        assert_eq!(d("18446744073709551617").wrapping_i64(), 1);
        assert!(d("5").is_int() && !d("0.5").is_int() && d("5e3").is_int());
    }
}
