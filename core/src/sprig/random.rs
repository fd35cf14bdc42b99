//! Sprig's random functions: `randAlphaNum`, `randAlpha`, `randAscii`, `randNumeric`,
//! `randBytes`, `randInt`, `uuidv4`, `shuffle`. Randomness comes from the host; the values
//! cannot match Go's, only their lengths, alphabets and formats do.

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use crate::func;
use crate::host::Host;
use crate::template::funcs::{CallCtx, Func, FuncResult};
use crate::value::Value;

/// Longest random string (characters) or `randBytes` input (bytes) we make.
///
/// Helm has no limit: `randAlphaNum 1000000000` makes Go allocate 4 GB, and larger counts
/// panic or kill the process. Real charts ask for tens of characters.
pub const MAX_RANDOM_LEN: usize = 1 << 20;

/// The random functions.
pub static FUNCS: &[Func] = &[
    func!("randAlphaNum", [Int], rand_alpha_num),
    func!("randAlpha", [Int], rand_alpha),
    func!("randAscii", [Int], rand_ascii),
    func!("randNumeric", [Int], rand_numeric),
    func!("randBytes", [Int], rand_bytes),
    func!("randInt", [Int, Int], rand_int),
    func!("uuidv4", [], uuidv4),
    func!("shuffle", [String], shuffle),
];

/// A uniformly random integer in `0..n` (`n > 0`) from the host's bytes.
pub fn below(host: &mut dyn Host, n: u64) -> u64 {
    // Reject the top partial block so every residue is equally likely.
    let limit = u64::MAX - u64::MAX % n;
    loop {
        let mut b = [0u8; 8];
        host.fill_random(&mut b);
        let x = u64::from_le_bytes(b);
        if x < limit || limit == 0 {
            return x % n;
        }
    }
}

fn int_arg(args: &[Value], i: usize) -> i64 {
    match args.get(i) {
        Some(Value::Int(n) | Value::Int64(n)) => *n,
        _ => 0,
    }
}

/// A count within our limit; Go's error where Go would fail too (its `[]rune` buffer tops
/// out at 2^46 entries), ours in between.
fn checked_len(count: i64, elem_size: u64) -> Result<usize, String> {
    let n = count as u64;
    if n > (1u64 << 48) / elem_size {
        return Err(String::from("runtime error: makeslice: len out of range"));
    }
    usize::try_from(n)
        .ok()
        .filter(|&n| n <= MAX_RANDOM_LEN)
        .ok_or_else(|| format!("random length {count} exceeds the limit of {MAX_RANDOM_LEN}"))
}

/// goutils' `CryptoRandom`: `count` characters drawn uniformly from `alphabet`; a
/// negative count gives `""` (Sprig drops the error).
fn random_string(host: &mut dyn Host, count: i64, alphabet: &[u8]) -> FuncResult {
    if count <= 0 {
        return Ok(Value::from(""));
    }
    let n = checked_len(count, 4)?;
    let s: String = (0..n)
        .map(|_| alphabet[below(host, alphabet.len() as u64) as usize] as char)
        .collect();
    Ok(Value::from(s))
}

const DIGITS: &[u8] = b"0123456789";
const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const ALNUM: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

fn rand_alpha_num(ctx: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
    random_string(ctx.host, int_arg(args, 0), ALNUM)
}

fn rand_alpha(ctx: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
    random_string(ctx.host, int_arg(args, 0), LETTERS)
}

fn rand_numeric(ctx: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
    random_string(ctx.host, int_arg(args, 0), DIGITS)
}

fn rand_ascii(ctx: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
    let printable: Vec<u8> = (b' '..=b'~').collect();
    random_string(ctx.host, int_arg(args, 0), &printable)
}

/// `randBytes`: base64 of `count` random bytes.
fn rand_bytes(ctx: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
    let count = int_arg(args, 0);
    if count < 0 {
        return Err(String::from("runtime error: makeslice: len out of range"));
    }
    let n = checked_len(count, 1)?;
    let mut buf = vec![0u8; n];
    ctx.host.fill_random(&mut buf);
    Ok(Value::from(base64_std(&buf)))
}

/// Standard base64 with padding (Go's `base64.StdEncoding`).
pub fn base64_std(data: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(TABLE[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `randInt min max`: `rand.Intn(max-min) + min`, which panics unless `max > min`.
fn rand_int(ctx: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
    let (min, max) = (int_arg(args, 0), int_arg(args, 1));
    let n = max.wrapping_sub(min);
    if n <= 0 {
        return Err(String::from("invalid argument to Intn"));
    }
    Ok(Value::Int(
        (below(ctx.host, n as u64) as i64).wrapping_add(min),
    ))
}

/// `uuidv4`: a random (version 4, RFC 4122 variant) UUID in lower-case hex.
fn uuidv4(ctx: &mut CallCtx<'_>, _: &[Value]) -> FuncResult {
    let mut b = [0u8; 16];
    ctx.host.fill_random(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    Ok(Value::from(format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )))
}

/// `shuffle`: the string's characters (runes) in random order.
fn shuffle(ctx: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
    let mut runes: Vec<char> = args
        .first()
        .and_then(Value::as_str)
        .unwrap_or("")
        .chars()
        .collect();
    for i in (1..runes.len()).rev() {
        let j = below(ctx.host, i as u64 + 1) as usize;
        runes.swap(i, j);
    }
    Ok(Value::from(runes.into_iter().collect::<String>()))
}

#[cfg(test)]
mod tests {
    //! Formats checked against Helm v4.2.3's behaviour (values are random on both sides).

    use super::*;
    use crate::host::SeededHost;
    use crate::template::funcs::FuncImpl;

    fn call(f: FuncImpl, args: &[Value]) -> Result<String, String> {
        let mut host = SeededHost::new(7);
        f(
            &mut CallCtx {
                host: &mut host,
                lint: false,
                unchanged: false,
            },
            args,
        )
        .map(|v| match v {
            Value::String(s) => String::from(&*s),
            Value::Int(n) => format!("{n}"),
            v => format!("{v:?}"),
        })
    }

    #[test]
    fn strings_have_length_and_alphabet() {
        let cases: &[(FuncImpl, &dyn Fn(char) -> bool)] = &[
            (rand_alpha_num, &|c: char| c.is_ascii_alphanumeric()),
            (rand_alpha, &|c: char| c.is_ascii_alphabetic()),
            (rand_numeric, &|c: char| c.is_ascii_digit()),
            (rand_ascii, &|c: char| (' '..='~').contains(&c)),
        ];
        for (f, ok) in cases {
            let s = call(*f, &[Value::Int(500)]).unwrap();
            assert_eq!(s.chars().count(), 500);
            assert!(s.chars().all(ok), "{s}");
            // {{ randAlphaNum -1 | len }} => 0, {{ randAlphaNum 0 | len }} => 0
            assert_eq!(call(*f, &[Value::Int(-1)]).unwrap(), "");
            assert_eq!(call(*f, &[Value::Int(0)]).unwrap(), "");
        }
    }

    #[test]
    fn limits_and_errors() {
        // {{ randAlphaNum 70368744177665 }} => error calling randAlphaNum: runtime error: makeslice: len out of range
        assert_eq!(
            call(rand_alpha_num, &[Value::Int(70_368_744_177_665)]).unwrap_err(),
            "runtime error: makeslice: len out of range"
        );
        assert_eq!(
            call(rand_alpha_num, &[Value::Int(1_000_000_000)]).unwrap_err(),
            "random length 1000000000 exceeds the limit of 1048576"
        );
        // {{ randBytes -1 }} => error calling randBytes: runtime error: makeslice: len out of range
        assert_eq!(
            call(rand_bytes, &[Value::Int(-1)]).unwrap_err(),
            "runtime error: makeslice: len out of range"
        );
        assert_eq!(call(rand_bytes, &[Value::Int(0)]).unwrap(), "");
        // {{ randInt 5 5 }}, {{ randInt 5 1 }}, {{ randInt MinInt64 MaxInt64 }} => invalid argument to Intn
        for (a, b) in [(5, 5), (5, 1), (i64::MIN, i64::MAX)] {
            assert_eq!(
                call(rand_int, &[Value::Int(a), Value::Int(b)]).unwrap_err(),
                "invalid argument to Intn"
            );
        }
        // {{ randInt 1 2 }} => 1
        assert_eq!(
            call(rand_int, &[Value::Int(1), Value::Int(2)]).unwrap(),
            "1"
        );
        let n: i64 = call(rand_int, &[Value::Int(-10), Value::Int(10)])
            .unwrap()
            .parse()
            .unwrap();
        assert!((-10..10).contains(&n));
    }

    #[test]
    fn formats() {
        // {{ randBytes 5 }} => e.g. //1ecZw=
        let b = call(rand_bytes, &[Value::Int(5)]).unwrap();
        assert_eq!(b.len(), 8);
        assert!(b.ends_with('='));
        assert_eq!(base64_std(b"hello world"), "aGVsbG8gd29ybGQ=");
        assert_eq!(base64_std(b"ab"), "YWI=");
        assert_eq!(base64_std(b""), "");
        let u = call(uuidv4, &[]).unwrap();
        let parts: Vec<&str> = u.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(parts[2].starts_with('4'));
        assert!(matches!(parts[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'));
        // {{ shuffle "héllo" | len }} => 6
        let s = call(shuffle, &[Value::from("héllo")]).unwrap();
        assert_eq!(s.len(), 6);
        let sorted = |s: &str| {
            let mut v: Vec<char> = s.chars().collect();
            v.sort();
            v
        };
        assert_eq!(sorted(&s), sorted("héllo"));
    }
}
