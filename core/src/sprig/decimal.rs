//! The slice of shopspring/decimal that Sprig's float math (`addf`, `subf`, `mulf`, `divf`,
//! `add1f`) uses: exact decimal sums and products of the shortest decimal forms of float64s,
//! division rounded to 16 places (half away from zero), then the nearest float64.
//!
//! That is why `addf 0.1 0.2` is `0.3` where float64 arithmetic gives `0.30000000000000004`.

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::cmp::Ordering;

const BASE: u64 = 1_000_000_000;

/// An unsigned big integer: base-10⁹ limbs, least significant first, no trailing zero limbs.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Big(Vec<u32>);

impl Big {
    fn zero() -> Big {
        Big(Vec::new())
    }

    fn from_u64(mut n: u64) -> Big {
        let mut v = Vec::new();
        while n > 0 {
            v.push((n % BASE) as u32);
            n /= BASE;
        }
        Big(v)
    }

    fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    fn trim(mut self) -> Big {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
        self
    }

    fn cmp(&self, o: &Big) -> Ordering {
        self.0
            .len()
            .cmp(&o.0.len())
            .then_with(|| self.0.iter().rev().cmp(o.0.iter().rev()))
    }

    fn add(&self, o: &Big) -> Big {
        let mut out = Vec::with_capacity(self.0.len().max(o.0.len()) + 1);
        let mut carry = 0u64;
        for i in 0..self.0.len().max(o.0.len()) {
            let s = u64::from(*self.0.get(i).unwrap_or(&0))
                + u64::from(*o.0.get(i).unwrap_or(&0))
                + carry;
            out.push((s % BASE) as u32);
            carry = s / BASE;
        }
        if carry > 0 {
            out.push(carry as u32);
        }
        Big(out).trim()
    }

    /// `self - o`, for `self >= o`.
    fn sub(&self, o: &Big) -> Big {
        let mut out = Vec::with_capacity(self.0.len());
        let mut borrow = 0i64;
        for i in 0..self.0.len() {
            let mut d = i64::from(self.0[i]) - i64::from(*o.0.get(i).unwrap_or(&0)) - borrow;
            borrow = 0;
            if d < 0 {
                d += BASE as i64;
                borrow = 1;
            }
            out.push(d as u32);
        }
        Big(out).trim()
    }

    fn mul(&self, o: &Big) -> Big {
        if self.is_zero() || o.is_zero() {
            return Big::zero();
        }
        let mut acc = vec![0u64; self.0.len() + o.0.len() + 1];
        for (i, &a) in self.0.iter().enumerate() {
            let mut carry = 0u64;
            for (j, &b) in o.0.iter().enumerate() {
                let cur = acc[i + j] + u64::from(a) * u64::from(b) + carry;
                acc[i + j] = cur % BASE;
                carry = cur / BASE;
            }
            let mut k = i + o.0.len();
            while carry > 0 {
                let cur = acc[k] + carry;
                acc[k] = cur % BASE;
                carry = cur / BASE;
                k += 1;
            }
        }
        Big(acc.into_iter().map(|x| x as u32).collect()).trim()
    }

    fn mul_small(&self, m: u32) -> Big {
        let mut out = Vec::with_capacity(self.0.len() + 1);
        let mut carry = 0u64;
        for &a in &self.0 {
            let cur = u64::from(a) * u64::from(m) + carry;
            out.push((cur % BASE) as u32);
            carry = cur / BASE;
        }
        if carry > 0 {
            out.push(carry as u32);
        }
        Big(out).trim()
    }

    fn pow10(n: u32) -> Big {
        let mut v = vec![0u32; (n / 9) as usize];
        v.push(10u32.pow(n % 9));
        Big(v)
    }

    /// Truncating division with remainder, by decimal long division.
    fn divmod(&self, d: &Big) -> (Big, Big) {
        let mut q_digits = String::new();
        let mut r = Big::zero();
        for c in self.to_decimal().bytes() {
            r = r.mul_small(10).add(&Big::from_u64(u64::from(c - b'0')));
            let mut qd = 0u8;
            while r.cmp(d) != Ordering::Less {
                r = r.sub(d);
                qd += 1;
            }
            q_digits.push((b'0' + qd) as char);
        }
        (Big::parse(&q_digits), r)
    }

    fn parse(digits: &str) -> Big {
        let b = digits.as_bytes();
        let mut v = Vec::with_capacity(b.len() / 9 + 1);
        let mut end = b.len();
        while end > 0 {
            let start = end.saturating_sub(9);
            let mut limb = 0u32;
            for &c in &b[start..end] {
                limb = limb * 10 + u32::from(c - b'0');
            }
            v.push(limb);
            end = start;
        }
        Big(v).trim()
    }

    fn to_decimal(&self) -> String {
        let Some((last, rest)) = self.0.split_last() else {
            return String::from("0");
        };
        let mut s = format!("{last}");
        for limb in rest.iter().rev() {
            s.push_str(&format!("{limb:09}"));
        }
        s
    }
}

/// A signed decimal `±mag × 10^exp`.
#[derive(Clone, Debug)]
pub(crate) struct Decimal {
    neg: bool,
    mag: Big,
    exp: i64,
}

impl Decimal {
    /// `decimal.NewFromFloat`: the shortest decimal that reads back as `f`.
    ///
    /// Go panics on NaN and infinities; the panic text is the error.
    pub(crate) fn from_f64(f: f64) -> Result<Decimal, String> {
        if !f.is_finite() {
            let shown = if f.is_nan() {
                "NaN"
            } else if f > 0.0 {
                "+Inf"
            } else {
                "-Inf"
            };
            return Err(format!("Cannot create a Decimal from {shown}"));
        }
        if f == 0.0 {
            return Ok(Decimal {
                neg: false,
                mag: Big::zero(),
                exp: 0,
            });
        }
        let s = format!("{:e}", f.abs());
        let (mant, e) = s.split_once('e').unwrap_or((&s, "0"));
        let e: i64 = e.parse().unwrap_or(0);
        let digits: String = mant.chars().filter(char::is_ascii_digit).collect();
        let exp = e - (digits.len() as i64 - 1);
        Ok(Decimal {
            neg: f < 0.0,
            mag: Big::parse(&digits),
            exp,
        })
    }

    fn rescaled(&self, exp: i64) -> Big {
        let shift = (self.exp - exp) as u32;
        self.mag.mul(&Big::pow10(shift))
    }

    fn signed_add(a_neg: bool, a: Big, b_neg: bool, b: Big, exp: i64) -> Decimal {
        if a_neg == b_neg {
            return Decimal {
                neg: a_neg,
                mag: a.add(&b),
                exp,
            };
        }
        match a.cmp(&b) {
            Ordering::Less => Decimal {
                neg: b_neg,
                mag: b.sub(&a),
                exp,
            },
            _ => Decimal {
                neg: a_neg,
                mag: a.sub(&b),
                exp,
            },
        }
    }

    /// `d.Add(o)`.
    pub(crate) fn add(&self, o: &Decimal) -> Decimal {
        let exp = self.exp.min(o.exp);
        Decimal::signed_add(self.neg, self.rescaled(exp), o.neg, o.rescaled(exp), exp)
    }

    /// `d.Sub(o)`.
    pub(crate) fn sub(&self, o: &Decimal) -> Decimal {
        let exp = self.exp.min(o.exp);
        Decimal::signed_add(self.neg, self.rescaled(exp), !o.neg, o.rescaled(exp), exp)
    }

    /// `d.Mul(o)`.
    pub(crate) fn mul(&self, o: &Decimal) -> Decimal {
        Decimal {
            neg: self.neg != o.neg,
            mag: self.mag.mul(&o.mag),
            exp: self.exp + o.exp,
        }
    }

    /// `d.Div(o)`: `DivRound(o, 16)`, rounding half away from zero.
    pub(crate) fn div(&self, o: &Decimal) -> Result<Decimal, String> {
        const PRECISION: i64 = 16;
        if o.mag.is_zero() {
            return Err(String::from("decimal division by 0"));
        }
        // QuoRem: scale the operands so the integer quotient counts units of 10^-16.
        let scale = -PRECISION;
        let e = self.exp - o.exp - scale;
        let (aa, bb, rest_exp) = if e < 0 {
            (
                self.mag.clone(),
                o.mag.mul(&Big::pow10((-e) as u32)),
                self.exp,
            )
        } else {
            (
                self.mag.mul(&Big::pow10(e as u32)),
                o.mag.clone(),
                scale + o.exp,
            )
        };
        let (q, r) = aa.divmod(&bb);
        let neg = self.neg != o.neg;
        let q = Decimal {
            neg,
            mag: q,
            exp: scale,
        };
        // Round up when 2·|r|·10^16 ≥ |o| (comparing at a common exponent).
        let r2 = Decimal {
            neg: false,
            mag: r.mul_small(2),
            exp: rest_exp + PRECISION,
        };
        let abs_o = Decimal {
            neg: false,
            mag: o.mag.clone(),
            exp: o.exp,
        };
        let exp = r2.exp.min(abs_o.exp);
        if r2.rescaled(exp).cmp(&abs_o.rescaled(exp)) == Ordering::Less {
            return Ok(q);
        }
        let unit = Decimal {
            neg: false,
            mag: Big::from_u64(1),
            exp: scale,
        };
        Ok(if neg && !self.mag.is_zero() {
            q.sub(&unit)
        } else {
            q.add(&unit)
        })
    }

    /// `d.Float64()`: the nearest float64 (ties to even).
    pub(crate) fn to_f64(&self) -> f64 {
        if self.mag.is_zero() {
            return 0.0;
        }
        let s = format!(
            "{}{}e{}",
            if self.neg { "-" } else { "" },
            self.mag.to_decimal(),
            self.exp
        );
        s.parse::<f64>().unwrap_or(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(f: f64) -> Decimal {
        Decimal::from_f64(f).unwrap()
    }

    // Expectations from Helm v4.2.3 (Sprig's addf/subf/mulf/divf) via the oracle.
    #[test]
    fn decimal_ops_match_sprig() {
        assert_eq!(d(0.1).add(&d(0.2)).to_f64(), 0.3);
        assert_eq!(d(1.0).sub(&d(0.9)).to_f64(), 0.1);
        assert_eq!(d(0.1).mul(&d(3.0)).to_f64(), 0.3);
        assert_eq!(d(1.1).mul(&d(1.1)).to_f64(), 1.21);
        assert_eq!(d(1.0).div(&d(3.0)).unwrap().to_f64(), 0.3333333333333333);
        assert_eq!(d(2.0).div(&d(3.0)).unwrap().to_f64(), 0.6666666666666667);
        assert_eq!(d(-2.0).div(&d(3.0)).unwrap().to_f64(), -0.6666666666666667);
        assert_eq!(d(10.0).div(&d(4.0)).unwrap().to_f64(), 2.5);
        assert_eq!(d(1e300).mul(&d(1e300)).to_f64(), f64::INFINITY);
        assert_eq!(d(1e308).add(&d(1e308)).to_f64(), f64::INFINITY);
        assert_eq!(d(1e-300).add(&d(1.0)).to_f64(), 1.0);
        assert_eq!(d(0.0).div(&d(3.0)).unwrap().to_f64(), 0.0);
        assert_eq!(d(1.0).div(&d(0.0)).unwrap_err(), "decimal division by 0");
        assert_eq!(
            Decimal::from_f64(f64::INFINITY).unwrap_err(),
            "Cannot create a Decimal from +Inf"
        );
        assert_eq!(
            Decimal::from_f64(f64::NAN).unwrap_err(),
            "Cannot create a Decimal from NaN"
        );
    }
}
