//! Sprig's conversions and math (`numeric.go` and the arithmetic in `functions.go`).
//!
//! Integer math casts every operand with spf13/cast (`add 1.5 1` is `2`: 1.5 truncates) and
//! wraps like Go's int64; float math goes through exact decimals (see [`super::decimal`]).

use alloc::string::String;
use alloc::vec::Vec;

use crate::func;
use crate::template::funcs::{CallCtx, Func, FuncResult};
use crate::value::Value;

use super::cast::{atoi, parse_int, to_float64, to_int64};
use super::decimal::Decimal;
use super::util::{int_arg, runtime_error, str_arg, too_large, MAX_LIST};

/// The conversion and math functions.
pub static FUNCS: &[Func] = &[
    func!("atoi", [String], atoi_fn),
    func!("int64", [Any], int64_fn),
    func!("int", [Any], int_fn),
    func!("float64", [Any], float64_fn),
    func!("seq", [] ...Int, seq),
    func!("toDecimal", [Any], to_decimal),
    func!("until", [Int], until),
    func!("untilStep", [Int, Int, Int], until_step),
    func!("add1", [Any], add1),
    func!("add", [] ...Any, add),
    func!("sub", [Any, Any], sub),
    func!("div", [Any, Any], div),
    func!("mod", [Any, Any], modulo),
    func!("mul", [Any] ...Any, mul),
    func!("add1f", [Any], add1f),
    func!("addf", [] ...Any, addf),
    func!("subf", [Any] ...Any, subf),
    func!("divf", [Any] ...Any, divf),
    func!("mulf", [Any] ...Any, mulf),
    func!("biggest", [Any] ...Any, max),
    func!("max", [Any] ...Any, max),
    func!("min", [Any] ...Any, min),
    func!("maxf", [Any] ...Any, maxf),
    func!("minf", [Any] ...Any, minf),
    func!("ceil", [Any], ceil),
    func!("floor", [Any], floor),
    func!("round", [Any, Int] ...Float64, round),
];

fn atoi_fn(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::Int(atoi(str_arg(&a[0]))))
}

fn int64_fn(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::Int64(to_int64(&a[0])))
}

fn int_fn(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::Int(to_int64(&a[0])))
}

fn float64_fn(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::Float(to_float64(&a[0])))
}

/// `toDecimal`: `fmt.Sprint(v)` read as octal; 0 on any error.
fn to_decimal(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let s = super::util::format_v(&a[0]);
    Ok(Value::Int64(parse_int(&s, 8).unwrap_or(0)))
}

/// Sprig's `untilStep`, bounded: counts past [`MAX_LIST`] items are an error.
fn until_step_vec(start: i64, stop: i64, step: i64) -> Result<Vec<i64>, String> {
    let mut v = Vec::new();
    let ok_dir = if stop < start { step < 0 } else { step > 0 };
    if !ok_dir {
        return Ok(v);
    }
    let span = (i128::from(stop) - i128::from(start)).unsigned_abs();
    let count = span.div_ceil(i128::from(step).unsigned_abs());
    if count > MAX_LIST as u128 {
        return Err(too_large("untilStep"));
    }
    let mut i = start;
    for _ in 0..count {
        v.push(i);
        i = i.wrapping_add(step);
    }
    Ok(v)
}

fn until(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let count = int_arg(&a[0]);
    let step = if count < 0 { -1 } else { 1 };
    Ok(appended_ints(until_step_vec(0, count, step)?))
}

fn until_step(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(appended_ints(until_step_vec(
        int_arg(&a[0]),
        int_arg(&a[1]),
        int_arg(&a[2]),
    )?))
}

/// Sprig's `[]int{}` grown one `append` at a time.
fn appended_ints(v: Vec<i64>) -> Value {
    let items = v.into_iter().map(Value::Int).collect();
    Value::List(crate::value::List::appended(crate::value::Elem::Int, items))
}

/// `seq`: like GNU seq, as a space-separated string.
fn seq(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let p: Vec<i64> = a.iter().map(int_arg).collect();
    let nums = match p.len() {
        1 => {
            let (start, end) = (1, p[0]);
            let inc = if end < start { -1 } else { 1 };
            until_step_vec(start, end.wrapping_add(inc), inc)?
        }
        2 => {
            let (start, end) = (p[0], p[1]);
            let step = if end < start { -1 } else { 1 };
            until_step_vec(start, end.wrapping_add(step), step)?
        }
        3 => {
            let (start, step, end) = (p[0], p[1], p[2]);
            let mut inc = 1;
            if end < start {
                inc = -1;
                if step > 0 {
                    return Ok(Value::str(""));
                }
            }
            until_step_vec(start, end.wrapping_add(inc), step)?
        }
        _ => Vec::new(),
    };
    let parts: Vec<String> = nums.iter().map(|n| alloc::format!("{n}")).collect();
    Ok(Value::from(parts.join(" ")))
}

fn add1(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::Int64(to_int64(&a[0]).wrapping_add(1)))
}

fn add(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::Int64(
        a.iter().fold(0i64, |acc, v| acc.wrapping_add(to_int64(v))),
    ))
}

fn sub(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::Int64(to_int64(&a[0]).wrapping_sub(to_int64(&a[1]))))
}

fn div(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let d = to_int64(&a[1]);
    if d == 0 {
        return Err(runtime_error("integer divide by zero"));
    }
    Ok(Value::Int64(to_int64(&a[0]).wrapping_div(d)))
}

fn modulo(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let d = to_int64(&a[1]);
    if d == 0 {
        return Err(runtime_error("integer divide by zero"));
    }
    Ok(Value::Int64(to_int64(&a[0]).wrapping_rem(d)))
}

fn mul(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::Int64(
        a[1..]
            .iter()
            .fold(to_int64(&a[0]), |acc, v| acc.wrapping_mul(to_int64(v))),
    ))
}

/// `execDecimalOp`: fold `rest` into `first` with exact decimal arithmetic.
fn decimal_op(
    first: &Value,
    rest: &[Value],
    op: fn(&Decimal, &Decimal) -> Result<Decimal, String>,
) -> FuncResult {
    let mut acc = Decimal::from_f64(to_float64(first))?;
    for v in rest {
        acc = op(&acc, &Decimal::from_f64(to_float64(v))?)?;
    }
    Ok(Value::Float(acc.to_f64()))
}

fn add1f(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    decimal_op(&a[0], &[Value::Int(1)], |x, y| Ok(x.add(y)))
}

fn addf(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    decimal_op(&Value::Float(0.0), a, |x, y| Ok(x.add(y)))
}

fn subf(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    decimal_op(&a[0], &a[1..], |x, y| Ok(x.sub(y)))
}

fn divf(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    decimal_op(&a[0], &a[1..], |x, y| x.div(y))
}

fn mulf(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    decimal_op(&a[0], &a[1..], |x, y| Ok(x.mul(y)))
}

fn max(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::Int64(
        a.iter().map(to_int64).fold(to_int64(&a[0]), i64::max),
    ))
}

fn min(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::Int64(
        a.iter().map(to_int64).fold(to_int64(&a[0]), i64::min),
    ))
}

/// Go's `math.Max`: NaN wins, +0 beats -0.
fn go_max(x: f64, y: f64) -> f64 {
    if x.is_infinite() && x > 0.0 || y.is_infinite() && y > 0.0 {
        return f64::INFINITY;
    }
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if x == 0.0 && y == 0.0 {
        return if x.is_sign_negative() { y } else { x };
    }
    if x > y {
        x
    } else {
        y
    }
}

/// Go's `math.Min`: NaN wins, -0 beats +0.
fn go_min(x: f64, y: f64) -> f64 {
    if x.is_infinite() && x < 0.0 || y.is_infinite() && y < 0.0 {
        return f64::NEG_INFINITY;
    }
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if x == 0.0 && y == 0.0 {
        return if x.is_sign_negative() { x } else { y };
    }
    if x < y {
        x
    } else {
        y
    }
}

fn maxf(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::Float(
        a[1..]
            .iter()
            .map(to_float64)
            .fold(to_float64(&a[0]), go_max),
    ))
}

fn minf(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::Float(
        a[1..]
            .iter()
            .map(to_float64)
            .fold(to_float64(&a[0]), go_min),
    ))
}

fn ceil(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::Float(libm_ceil(to_float64(&a[0]))))
}

fn floor(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::Float(libm_floor(to_float64(&a[0]))))
}

/// `math.Floor` without `std` (exact for every float64).
pub(crate) fn libm_floor(x: f64) -> f64 {
    if !x.is_finite() || x.abs() >= 4_503_599_627_370_496.0 {
        return x;
    }
    let t = x as i64 as f64;
    let t = if t > x { t - 1.0 } else { t };
    // Keep the sign of zero: floor(-0) is -0.
    if t == 0.0 && x.is_sign_negative() && x == 0.0 {
        x
    } else {
        t
    }
}

/// `math.Ceil` without `std`.
fn libm_ceil(x: f64) -> f64 {
    -libm_floor(-x)
}

/// Go's `math.Modf` fractional part.
fn modf_frac(x: f64) -> f64 {
    if x.is_infinite() {
        return f64::NAN;
    }
    let int = if x < 0.0 { libm_ceil(x) } else { libm_floor(x) };
    x - int
}

/// Go's `math.Frexp`: `f = frac × 2^exp` with `frac` in [0.5, 1).
fn frexp(f: f64) -> (f64, i64) {
    if f == 0.0 || !f.is_finite() {
        return (f, 0);
    }
    let (mut f, mut exp) = (f, 0i64);
    if f.abs() < f64::MIN_POSITIVE {
        f *= (1u64 << 52) as f64;
        exp = -52;
    }
    let bits = f.to_bits();
    exp += ((bits >> 52) & 0x7ff) as i64 - 1022;
    let frac = f64::from_bits(bits & !(0x7ff << 52) | (1022 << 52));
    (frac, exp)
}

/// Go's `math.Ldexp`: `frac × 2^exp`, rounding once into the subnormal range.
fn ldexp(frac: f64, exp: i64) -> f64 {
    if frac == 0.0 || !frac.is_finite() {
        return frac;
    }
    let (mut frac, mut exp) = (frac, exp);
    if frac.abs() < f64::MIN_POSITIVE {
        frac *= (1u64 << 52) as f64;
        exp -= 52;
    }
    let mut x = frac.to_bits();
    exp = exp.saturating_add(((x >> 52) & 0x7ff) as i64 - 1023);
    if exp < -1075 {
        return if frac < 0.0 { -0.0 } else { 0.0 };
    }
    if exp > 1023 {
        return if frac < 0.0 {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    let mut m = 1.0;
    if exp < -1022 {
        exp += 53;
        m = 1.0 / (1u64 << 53) as f64;
    }
    x &= !(0x7ffu64 << 52);
    x |= ((exp + 1023) as u64) << 52;
    m * f64::from_bits(x)
}

/// Go's `math.Pow(10, p)` for an integer `p`: repeated squaring of the normalised mantissa.
fn pow10(p: i64) -> f64 {
    if p == 0 {
        return 1.0;
    }
    let (mut a1, mut ae) = (1.0f64, 0i64);
    let (mut x1, mut xe) = frexp(10.0);
    let mut i = p.unsigned_abs();
    while i != 0 {
        if !(-(1 << 12)..=(1 << 12)).contains(&xe) {
            ae += xe;
            break;
        }
        if i & 1 == 1 {
            a1 *= x1;
            ae += xe;
        }
        x1 *= x1;
        xe <<= 1;
        if x1 < 0.5 {
            x1 += x1;
            xe -= 1;
        }
        i >>= 1;
    }
    if p < 0 {
        a1 = 1.0 / a1;
        ae = -ae;
    }
    ldexp(a1, ae)
}

/// `round VALUE PLACES [ROUND_ON]`: Sprig's own rounding (Ceil when the fraction reaches
/// `ROUND_ON`, default .5, else Floor), on the value scaled by 10^PLACES.
fn round(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let round_on = a.get(2).map(super::util::float_arg).unwrap_or(0.5);
    let val = to_float64(&a[0]);
    let pow = pow10(int_arg(&a[1]));
    let digit = pow * val;
    let r = if modf_frac(digit) >= round_on {
        libm_ceil(digit)
    } else {
        libm_floor(digit)
    };
    Ok(Value::Float(r / pow))
}
