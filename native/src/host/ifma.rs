//! The Miller–Rabin test for eight candidates, or eight bases, at once: one lane each of
//! AVX-512 registers, multiplied with the IFMA instructions (52-bit limbs), on the CPUs that
//! have them (detected when running; the functions answer `None` elsewhere).
//!
//! [`super::mr2`] tests one candidate at a time in 64-bit words; most of a prime search is
//! that test failing on composites the sieve let through, so testing the sieve's next eight
//! candidates together and keeping the lowest that passes finds the same prime in about a
//! ninth of the time (1024-bit candidates: 28 against 265 µs each). Each lane runs the
//! textbook word-by-word Montgomery multiplication, so no value crosses lanes: limbs are 52
//! bits in 64-bit lanes, sums stay redundant until a multiplication ends, and with
//! R = 2^(52·L) at least 256 times the candidate, a product of anything below 4n and below
//! n lands below 2n, so the doubling after a squaring needs no reduction at all and only
//! the few checks at the end reduce fully.
//!
//! The candidate that passes to base 2 is then tested to [`LANES`] random bases at once
//! ([`passes_random_bases`]): the Miller–Rabin test of FIPS 186-5 B.3.1 that Go's
//! crypto/rsa, and so Helm, runs, with more rounds than its five for these sizes.

#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::{
    __m512i, _mm512_add_epi64, _mm512_and_si512, _mm512_cmpeq_epi64_mask, _mm512_madd52hi_epu64,
    _mm512_madd52lo_epu64, _mm512_mask_blend_epi64, _mm512_set1_epi64, _mm512_setzero_si512,
    _mm512_sllv_epi64, _mm512_srli_epi64,
};

/// Candidates, or bases, tested at once.
pub const LANES: usize = 8;

/// Verdicts of the Miller–Rabin test to base 2 for up to [`LANES`] odd candidates of one
/// size (little-endian 64-bit words, the top word's top bit set: 512, 1024 or 2048 bits),
/// in order; `None` where this CPU lacks AVX-512 IFMA or the candidates are not of that
/// kind, so the caller tests them one by one.
pub fn strong_probable_primes(candidates: &[Vec<u64>]) -> Option<Vec<bool>> {
    let k = candidates.first()?.len();
    let fits = candidates.len() <= LANES && candidates.iter().all(|n| n.len() == k && fits(n));
    if !fits {
        return None;
    }
    let lanes = (0..LANES).map(|i| (candidates.get(i).unwrap_or(&candidates[0]).clone(), None));
    // Lanes past the candidates repeat the first; their answers are dropped.
    let mut verdicts = imp::run(lanes.collect())?;
    verdicts.truncate(candidates.len());
    Some(verdicts)
}

/// Whether odd `n` (as [`strong_probable_primes`] takes it) passes the Miller–Rabin test to
/// [`LANES`] bases drawn uniformly from [2, n − 2]; `None` where this CPU lacks AVX-512
/// IFMA, `n` is not of that kind or the OS random source fails.
pub fn passes_random_bases(n: &[u64]) -> Option<bool> {
    if !fits(n) {
        return None;
    }
    let mut lanes = Vec::with_capacity(LANES);
    let mut bytes = vec![0u8; 8 * n.len()];
    while lanes.len() < LANES {
        // A uniform residue in Montgomery form is the form of a uniform base. 0 is drawn
        // again; 1 and −1 (a chance in 2^1000) pass, as the test says of them, and only
        // waste their lane.
        getrandom::fill(&mut bytes).ok()?;
        let base: Vec<u64> = bytes
            .chunks(8)
            .map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default()))
            .collect();
        if crate::host::mr2::less_than(&base, n) && base.iter().any(|&w| w != 0) {
            lanes.push((n.to_vec(), Some(base)));
        }
    }
    Some(imp::run(lanes)?.iter().all(|&v| v))
}

/// base^exp mod n in each lane, for up to [`LANES`] lanes of one size (each n as
/// [`strong_probable_primes`] takes it, base below n, exp of n's length at most), as n's
/// words; `None` where this CPU lacks AVX-512 IFMA or a lane is not of that kind. Every four
/// bits of every exponent cost the same (four squarings, one multiplication, every entry of
/// a table of powers looked at), so the time says nothing of the exponents: RSA's private
/// operation runs on it.
pub fn pow_mod(lanes: &[(Vec<u64>, Vec<u64>, Vec<u64>)]) -> Option<Vec<Vec<u64>>> {
    let k = lanes.first()?.0.len();
    let fits = lanes.len() <= LANES
        && lanes.iter().all(|(n, base, exp)| {
            n.len() == k
                && fits(n)
                && base.len() == k
                && crate::host::mr2::less_than(base, n)
                && exp.len() <= k
        });
    if !fits {
        return None;
    }
    let mut padded: Vec<_> = (0..LANES)
        .map(|i| lanes.get(i).unwrap_or(&lanes[0]).clone())
        .collect();
    for (_, _, exp) in &mut padded {
        exp.resize(k, 0);
    }
    let mut out = imp::pow(padded)?;
    out.truncate(lanes.len());
    Some(out)
}

/// Sizes with a kernel: odd, 8, 16 or 32 words, the top bit set.
fn fits(n: &[u64]) -> bool {
    matches!(n.len(), 8 | 16 | 32) && n[n.len() - 1] >> 63 == 1 && n[0] & 1 == 1
}

#[cfg(not(target_arch = "x86_64"))]
mod imp {
    pub fn run(_: Vec<(Vec<u64>, Option<Vec<u64>>)>) -> Option<Vec<bool>> {
        None
    }

    pub fn pow(_: Vec<(Vec<u64>, Vec<u64>, Vec<u64>)>) -> Option<Vec<Vec<u64>>> {
        None
    }
}

#[cfg(target_arch = "x86_64")]
mod imp {
    use super::*;
    use crate::host::mr2;
    use crate::host::primes::padded;
    use crypto_bigint::{BoxedUint, NonZero};

    const MASK52: u64 = (1 << 52) - 1;

    /// Entries of [`pow_in`]'s table: powers for four bits of exponent.
    const WINDOW: usize = 16;

    /// Whether this CPU runs the kernels (AVX-512 Foundation and IFMA).
    fn detected() -> bool {
        std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512ifma")
    }

    /// `$run::<L>($lanes, kernel)` with the kernel for numbers of `$words` 64-bit words,
    /// where this CPU runs the kernels and there is one for that size.
    macro_rules! with_kernel {
        ($run:ident, $words:expr, $lanes:expr) => {
            if !detected() {
                None
            } else {
                // SAFETY: the CPU has the features these functions are compiled for
                // (checked above).
                unsafe {
                    match $words {
                        8 => Some($run::<10>($lanes, |x, y, n, k0, s| mul_10(x, y, n, k0, s))),
                        16 => Some($run::<20>($lanes, |x, y, n, k0, s| mul_20(x, y, n, k0, s))),
                        32 => Some($run::<40>($lanes, |x, y, n, k0, s| mul_40(x, y, n, k0, s))),
                        _ => None,
                    }
                }
            }
        };
    }

    /// [`super::pow_mod`] for [`LANES`] lanes.
    pub fn pow(lanes: Vec<(Vec<u64>, Vec<u64>, Vec<u64>)>) -> Option<Vec<Vec<u64>>> {
        with_kernel!(pow_in, lanes[0].0.len(), lanes)
    }

    /// Modular exponentiation for `L` limbs of 52 bits with that size's kernel.
    #[target_feature(enable = "avx512f,avx512ifma")]
    fn pow_in<const L: usize>(
        lanes: Vec<(Vec<u64>, Vec<u64>, Vec<u64>)>,
        mul: impl Fn(&mut [__m512i; L], &[__m512i; L], &[__m512i; L], __m512i, __m512i),
    ) -> Vec<Vec<u64>> {
        let k = lanes[0].0.len();
        // R² mod n, from the top of a number with 2·52·L + 1 bits (doubling R mod n that
        // many times would cost more than the exponentiation).
        let r_squared = |n: &[u64]| {
            let width = 2 * 52 * L as u32 + 64;
            let modulus = BoxedUint::from_words(padded(n, width));
            let Some(modulus) = Option::<NonZero<BoxedUint>>::from(NonZero::new(modulus)) else {
                return vec![0; k];
            };
            let power = BoxedUint::one_with_precision(width).shl(2 * 52 * L as u32);
            power.rem(&modulus).to_words()[..k].to_vec()
        };
        let n_of = |i: usize| lanes[i].0.as_slice();
        let n = gather::<L>(|i| n_of(i).to_vec());
        let one = gather::<L>(|i| mr2::power_of_two_mod(n_of(i), 52 * L - 64 * k));
        let square = gather::<L>(|i| r_squared(n_of(i)));
        let plain = gather::<L>(|i| lanes[i].1.clone());
        let k0 = vector(std::array::from_fn(|i| {
            mr2::neg_inverse(n_of(i)[0]) & MASK52
        }));
        let zero = _mm512_setzero_si512();
        // The base in Montgomery form: base·R² R⁻¹.
        let mut base = plain;
        mul(&mut base, &square, &n, k0, zero);
        // Four bits at a time: base^0 … base^15 first, then four squarings and one
        // multiplication by the entry each lane's four bits pick, every entry looked at.
        let mut table = [one; WINDOW];
        for e in 1..WINDOW {
            table[e] = table[e - 1];
            mul(&mut table[e], &base, &n, k0, zero);
        }
        let mut x = one;
        for window in (0..64 * k / 4).rev() {
            for _ in 0..4 {
                let square = x;
                mul(&mut x, &square, &n, k0, zero);
            }
            let (word, bit) = (window * 4 / 64, window * 4 % 64);
            let digits = vector(std::array::from_fn(|i| (lanes[i].2[word] >> bit) & 15));
            let mut pick = table[0];
            for (e, entry) in table.iter().enumerate().skip(1) {
                let mask = _mm512_cmpeq_epi64_mask(digits, _mm512_set1_epi64(e as i64));
                for j in 0..L {
                    pick[j] = _mm512_mask_blend_epi64(mask, pick[j], entry[j]);
                }
            }
            mul(&mut x, &pick, &n, k0, zero);
        }
        // Out of Montgomery form: x·1·R⁻¹ ≤ n, then n taken off where it is n.
        let mut unit = [zero; L];
        unit[0] = _mm512_set1_epi64(1);
        mul(&mut x, &unit, &n, k0, zero);
        let limbs: [[u64; LANES]; L] = x.map(lanes_of);
        (0..LANES)
            .map(|i| {
                let mut w = words_of(&limbs.map(|l| l[i]), k + 1);
                let mut less = w.clone();
                let mut n1 = n_of(i).to_vec();
                n1.push(0);
                let borrow = mr2::sub_in_place(&mut less, &n1);
                mr2::select(&mut w, &less, borrow ^ 1);
                w.truncate(k);
                w
            })
            .collect()
    }

    /// One number per lane as a vector of 52-bit limbs.
    fn gather<const L: usize>(number: impl Fn(usize) -> Vec<u64>) -> [__m512i; L] {
        let mut limbs = [[0u64; LANES]; L];
        for i in 0..LANES {
            for (row, limb) in limbs.iter_mut().zip(limbs52(&number(i), L)) {
                row[i] = limb;
            }
        }
        limbs.map(vector)
    }

    /// The test in each of [`LANES`] lanes: a candidate and its base, 2 where `None`, else
    /// in Montgomery form (below n, not 0).
    pub fn run(lanes: Vec<(Vec<u64>, Option<Vec<u64>>)>) -> Option<Vec<bool>> {
        with_kernel!(test, lanes[0].0.len(), lanes)
    }

    /// What one lane needs besides its limbs, in 64-bit words.
    struct Lane {
        n: Vec<u64>,
        /// R mod n and n − (R mod n): 1 and −1 in Montgomery form.
        one: Vec<u64>,
        minus_one: Vec<u64>,
        /// n − 1 = d·2^s.
        s: usize,
        /// The base in Montgomery form; 2·(R mod n) for base 2.
        base: Vec<u64>,
    }

    /// The test for `L` limbs of 52 bits with that size's kernel, each lane's answer in
    /// order.
    #[target_feature(enable = "avx512f,avx512ifma")]
    fn test<const L: usize>(
        lanes: Vec<(Vec<u64>, Option<Vec<u64>>)>,
        mul: impl Fn(&mut [__m512i; L], &[__m512i; L], &[__m512i; L], __m512i, __m512i),
    ) -> Vec<bool> {
        let k = lanes[0].0.len();
        let base_two = lanes.iter().all(|(_, base)| base.is_none());
        let lanes: Vec<Lane> = lanes
            .into_iter()
            .map(|(n, base)| lane(n, base, 52 * L - 64 * k))
            .collect();
        let n = gather::<L>(|i| lanes[i].n.clone());
        let base = gather::<L>(|i| lanes[i].base.clone());
        let k0 = vector(std::array::from_fn(|i| {
            mr2::neg_inverse(lanes[i].n[0]) & MASK52
        }));
        let zero = _mm512_setzero_si512();
        let s_max = lanes.iter().map(|l| l.s).max().unwrap_or(1);
        let mut verdict: [Option<bool>; LANES] = [None; LANES];
        // The top bit of n − 1 is set: x starts as the base. After the step for bit b,
        // x is base^((n − 1) >> b).
        let mut x = base;
        for b in (1..64 * k - 1).rev() {
            let mut bits = [0u64; LANES];
            for (i, lane) in lanes.iter().enumerate() {
                // n − 1 differs from n only in bit 0.
                bits[i] = (lane.n[b / 64] >> (b % 64)) & 1;
            }
            let square = x;
            if base_two {
                mul(&mut x, &square, &n, k0, vector(bits));
            } else {
                mul(&mut x, &square, &n, k0, zero);
                let mask = bits.iter().rev().fold(0u8, |m, &bit| (m << 1) | bit as u8);
                if mask != 0 {
                    let mut times = x;
                    mul(&mut times, &base, &n, k0, zero);
                    for j in 0..L {
                        x[j] = _mm512_mask_blend_epi64(mask, x[j], times[j]);
                    }
                }
            }
            if b <= s_max {
                let limbs: [[u64; LANES]; L] = x.map(lanes_of);
                for (i, lane) in lanes.iter().enumerate() {
                    if verdict[i].is_some() || b > lane.s {
                        continue;
                    }
                    let v = reduced(&limbs.map(|l| l[i]), &lane.n);
                    if v == lane.minus_one {
                        verdict[i] = Some(true);
                    } else if v == lane.one {
                        // base^d ≡ 1 passes; 1 after a square root other than ±1 does not.
                        verdict[i] = Some(b == lane.s);
                    }
                }
            }
        }
        verdict.iter().map(|v| v.unwrap_or(false)).collect()
    }

    /// A kernel: x ← x·y·R⁻¹ (mod n), then doubled in the lanes where the last argument is
    /// 1, for x·y < R·n in 52-bit limbs (R is at least 256n, so any x and y below 16n do);
    /// the result is below 2n before the doubling, in 52-bit limbs.
    ///
    /// Row by row (CIOS): each row adds x_i·y and then the multiple of n that clears the
    /// lowest running sum, which drops out as the window of L + 1 sums slides down. The
    /// loops over limbs are written out (a macro, one function per size) so that the sums
    /// live in registers: with loops the compiler kept them in memory, and a load and a
    /// store around every multiply made a 1024-bit test take 52 µs a candidate against
    /// 29 µs. (A squaring kernel forming each cross product once, its rows of different
    /// lengths written out from a generated list, was 7 % faster at 1024 bits and twice as
    /// slow at 2048: BENCHMARKS.md.)
    macro_rules! mul {
        ($name:ident, $l:literal, [$($j:literal)*]) => {
            #[target_feature(enable = "avx512f,avx512ifma")]
            fn $name(
                x: &mut [__m512i; $l],
                y: &[__m512i; $l],
                n: &[__m512i; $l],
                k0: __m512i,
                shift: __m512i,
            ) {
                let zero = _mm512_setzero_si512();
                let mut w = [zero; $l + 1];
                for i in 0..$l {
                    let xi = x[i];
                    $(
                        w[$j] = _mm512_madd52lo_epu64(w[$j], xi, y[$j]);
                        w[$j + 1] = _mm512_madd52hi_epu64(w[$j + 1], xi, y[$j]);
                    )*
                    // Only the low 52 bits of w[0] matter for m.
                    let m = _mm512_madd52lo_epu64(zero, w[0], k0);
                    $(
                        w[$j] = _mm512_madd52lo_epu64(w[$j], m, n[$j]);
                        w[$j + 1] = _mm512_madd52hi_epu64(w[$j + 1], m, n[$j]);
                    )*
                    let carry = _mm512_srli_epi64::<52>(w[0]);
                    $( w[$j] = w[$j + 1]; )*
                    w[$l] = zero;
                    w[0] = _mm512_add_epi64(w[0], carry);
                }
                // Doubled where asked, back to 52-bit limbs.
                let mask = _mm512_set1_epi64(MASK52 as i64);
                let mut carry = zero;
                for j in 0..$l {
                    let v = _mm512_add_epi64(_mm512_sllv_epi64(w[j], shift), carry);
                    x[j] = _mm512_and_si512(v, mask);
                    carry = _mm512_srli_epi64::<52>(v);
                }
            }
        };
    }
    mul!(mul_10, 10, [0 1 2 3 4 5 6 7 8 9]);
    mul!(mul_20, 20, [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19]);
    mul!(mul_40, 40, [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39]);

    fn vector(lanes: [u64; LANES]) -> __m512i {
        // SAFETY: both are 64 bytes of plain integers.
        unsafe { std::mem::transmute::<[u64; LANES], __m512i>(lanes) }
    }

    fn lanes_of(v: __m512i) -> [u64; LANES] {
        // SAFETY: both are 64 bytes of plain integers.
        unsafe { std::mem::transmute::<__m512i, [u64; LANES]>(v) }
    }

    /// A lane's constants: `extra` is how many bits R = 2^(52·L) has beyond the words.
    fn lane(n: Vec<u64>, base: Option<Vec<u64>>, extra: usize) -> Lane {
        let one = mr2::power_of_two_mod(&n, extra);
        let mut minus_one = n.clone();
        mr2::sub_in_place(&mut minus_one, &one);
        let mut d = n.clone();
        d[0] -= 1;
        Lane {
            s: mr2::trailing_zeros(&d),
            // 2·(R mod n) < 2n.
            base: base.unwrap_or_else(|| shl1(&one)),
            n,
            one,
            minus_one,
        }
    }

    /// 2x in one word more than x.
    fn shl1(x: &[u64]) -> Vec<u64> {
        let mut out = Vec::with_capacity(x.len() + 1);
        let mut carry = 0;
        for &w in x {
            out.push((w << 1) | carry);
            carry = w >> 63;
        }
        out.push(carry);
        out
    }

    /// The first `l` 52-bit limbs of the little-endian words `w`.
    fn limbs52(w: &[u64], l: usize) -> Vec<u64> {
        (0..l)
            .map(|j| {
                let (word, bit) = (52 * j / 64, 52 * j % 64);
                let lo = w.get(word).copied().unwrap_or(0) >> bit;
                let hi = match bit {
                    0..=12 => 0,
                    _ => w.get(word + 1).copied().unwrap_or(0) << (64 - bit),
                };
                (lo | hi) & MASK52
            })
            .collect()
    }

    /// 52-bit limbs as `len` 64-bit words (what does not fit is dropped).
    fn words_of(limbs: &[u64], len: usize) -> Vec<u64> {
        let mut w = vec![0u64; len];
        for (j, &limb) in limbs.iter().enumerate() {
            let (word, bit) = (52 * j / 64, 52 * j % 64);
            if let Some(v) = w.get_mut(word) {
                *v |= limb << bit;
            }
            if bit > 12 {
                if let Some(v) = w.get_mut(word + 1) {
                    *v |= limb >> (64 - bit);
                }
            }
        }
        w
    }

    /// 52-bit limbs holding a value below 4n, as n's words reduced mod n.
    fn reduced(limbs: &[u64], n: &[u64]) -> Vec<u64> {
        let k = n.len();
        let mut w = words_of(limbs, k + 1);
        let mut n1 = n.to_vec();
        n1.push(0);
        for _ in 0..3 {
            let mut less = w.clone();
            if mr2::sub_in_place(&mut less, &n1) == 0 {
                w = less;
            }
        }
        w.truncate(k);
        w
    }
}

#[cfg(test)]
mod tests {
    use super::{passes_random_bases, strong_probable_primes, LANES};

    /// Random odd candidates of each size, and primes among them, get the one-at-a-time
    /// test's verdicts, lane by lane and for part-filled batches.
    #[test]
    fn agrees_with_the_one_at_a_time_test() {
        let have = cfg!(target_arch = "x86_64") && ifma();
        for words in [8usize, 16, 32] {
            let bits = words as u32 * 64;
            let (p, q) = crate::host::primes::two_primes(bits, 2).unwrap();
            let mut batch: Vec<Vec<u64>> = [p, q]
                .iter()
                .map(|b| crate::host::primes::words(b))
                .collect();
            // Strong pseudoprimes are rare; a Carmichael-like case is covered by the
            // products below failing.
            while batch.len() < LANES + 3 {
                let mut be = vec![0u8; words * 8];
                getrandom::fill(&mut be).unwrap();
                be[0] |= 0x80;
                be[words * 8 - 1] |= 1;
                // Every other one ≡ 1 mod 64, so n − 1 = d·2^s with s ≥ 6.
                if batch.len().is_multiple_of(2) {
                    be[words * 8 - 1] &= 0xc1;
                }
                batch.push(crate::host::primes::words(&be));
            }
            for chunk in [&batch[..LANES], &batch[LANES..], &batch[1..2]] {
                let Some(ours) = strong_probable_primes(chunk) else {
                    assert!(!have, "IFMA present but the batch test declined");
                    eprintln!("ifma: this CPU lacks AVX-512 IFMA; the batch test was not run");
                    return;
                };
                let theirs: Vec<bool> = chunk
                    .iter()
                    .map(|n| super::super::mr2::strong_probable_prime(n))
                    .collect();
                assert_eq!(ours, theirs, "{bits}-bit");
            }
        }
    }

    /// Primes of each size pass the test to random bases; products of two primes, and
    /// numbers of the wrong kind, do not.
    #[test]
    fn random_bases_pass_primes_and_fail_products() {
        use crypto_bigint::BoxedUint;
        let words = |b: &[u8]| crate::host::primes::words(b);
        for bits in [256u32, 512, 1024] {
            let (p, q) = crate::host::primes::two_primes(bits, 2).unwrap();
            let width = 4 * bits;
            let n = BoxedUint::from_be_slice(&p, width)
                .unwrap()
                .wrapping_mul(BoxedUint::from_be_slice(&q, width).unwrap());
            let Some(verdict) = passes_random_bases(&words(&n.to_be_bytes())) else {
                assert!(!ifma(), "IFMA present but the test declined");
                eprintln!("ifma: this CPU lacks AVX-512 IFMA; the test was not run");
                return;
            };
            assert!(!verdict, "p·q, {bits}-bit primes");
            if bits >= 512 {
                assert_eq!(passes_random_bases(&words(&p)), Some(true), "{bits}-bit");
                assert_eq!(passes_random_bases(&words(&q)), Some(true), "{bits}-bit");
            }
        }
        // 2^128 + 1 passes to base 2 but is composite, and too small for a kernel.
        assert_eq!(passes_random_bases(&[1, 0, 1]), None);
    }

    /// Powers in every lane, of each size and of odd moduli that are not prime, match
    /// crypto-bigint's; exponents of 0 and 1 included.
    #[test]
    fn pow_mod_agrees_with_crypto_bigint() {
        use crypto_bigint::modular::{BoxedMontyForm, BoxedMontyParams};
        use crypto_bigint::{BoxedUint, Odd};
        let random = |words: usize| {
            let mut be = vec![0u8; 8 * words];
            getrandom::fill(&mut be).unwrap();
            be
        };
        for words in [8usize, 16, 32] {
            let lanes: Vec<(Vec<u64>, Vec<u64>, Vec<u64>)> = (0..LANES - 1)
                .map(|i| {
                    let mut n = random(words);
                    n[0] |= 0x80;
                    n[8 * words - 1] |= 1;
                    let mut base = random(words);
                    base[0] &= 0x7f;
                    let exp = match i {
                        0 => vec![0],
                        1 => vec![1],
                        _ => random(words - i % 3),
                    };
                    let w = |b: &[u8]| crate::host::primes::words(b);
                    let mut base = w(&base);
                    base.resize(words, 0);
                    (w(&n), base, w(&exp))
                })
                .collect();
            let Some(ours) = super::pow_mod(&lanes) else {
                assert!(!ifma(), "IFMA present but pow_mod declined");
                eprintln!("ifma: this CPU lacks AVX-512 IFMA; pow_mod was not tested");
                return;
            };
            let bits = 64 * words as u32;
            for ((n, base, exp), got) in lanes.iter().zip(ours) {
                let big = |w: &[u64]| {
                    let mut w = w.to_vec();
                    w.resize(bits as usize / 64, 0);
                    BoxedUint::from_words(w)
                };
                let params = BoxedMontyParams::new(Odd::new(big(n)).unwrap());
                let want = BoxedMontyForm::new(big(base), &params)
                    .pow(&big(exp))
                    .retrieve();
                assert_eq!(big(&got), want, "{words} words");
            }
        }
    }

    fn ifma() -> bool {
        #[cfg(target_arch = "x86_64")]
        {
            std::arch::is_x86_feature_detected!("avx512ifma")
        }
        #[cfg(not(target_arch = "x86_64"))]
        false
    }
}
