//! The Miller–Rabin test to base 2 in plain 64-bit Montgomery arithmetic: the first filter
//! of [`super::primes`]' search.
//!
//! Nearly every candidate the sieve lets through is composite and fails this test, the first
//! step of crypto-primes' Baillie–PSW test as well. There it runs in crypto-bigint's generic
//! heap-allocated arithmetic; here the base is 2, so the exponentiation squares and doubles,
//! and the usual sizes (1024- and 2048-bit primes) have loops the compiler unrolls: about
//! 1.5× faster, measured against crypto-primes' own test. Every prime passes the test, so
//! the search still stops at the first prime after its random start, and that prime is then
//! confirmed by the rest of the Baillie–PSW test, crypto-primes' strong Lucas test, as its
//! `is_prime` would (tests check that they agree): the keys are the ones the plain search
//! would make, found sooner. Squarings and doublings do not branch on the candidate's bits,
//! so the time taken does not depend on the prime found.

/// Whether odd `n` (little-endian 64-bit limbs, top limb non-zero, n > 3) is a strong
/// probable prime to base 2.
pub fn strong_probable_prime(n: &[u64]) -> bool {
    let k = n.len();
    debug_assert!(k > 0 && n[0] & 1 == 1 && n[k - 1] != 0);
    let m = Montgomery::new(n);
    // 1 and n − 1 in Montgomery form: R mod n and n − (R mod n).
    let mut scratch = vec![0u64; 2 * k];
    let one = if n[k - 1] >> 63 == 1 {
        // R/2 < n < R (every RSA candidate: its top bits are set), so R mod n = R − n.
        power_of_two_mod(n, 0)
    } else {
        let mut one = vec![0u64; k];
        one[0] = 1;
        double_mod(&mut one, n, 64 * k);
        one
    };
    let mut minus_one = n.to_vec();
    sub_in_place(&mut minus_one, &one);
    // n − 1 = d·2^s with d odd.
    let mut d = n.to_vec();
    d[0] -= 1;
    let s = trailing_zeros(&d);
    shift_right(&mut d, s);
    // x = 2^d, from d's top bit down: square, then double where the bit is set.
    let mut x = one.clone();
    let mut t = vec![0u64; 2 * k];
    for i in (0..bit_len(&d)).rev() {
        m.square(&mut x, &mut t);
        m.double_if(&mut x, (d[i / 64] >> (i % 64)) & 1, &mut scratch);
    }
    if x == one || x == minus_one {
        return true;
    }
    for _ in 1..s {
        m.square(&mut x, &mut t);
        if x == minus_one {
            return true;
        }
        if x == one {
            return false;
        }
    }
    false
}

/// Arithmetic modulo an odd `n`, with R = 2^(64·limbs).
struct Montgomery<'a> {
    n: &'a [u64],
    /// −n⁻¹ mod 2^64.
    n0: u64,
}

impl<'a> Montgomery<'a> {
    fn new(n: &'a [u64]) -> Montgomery<'a> {
        Montgomery {
            n,
            n0: neg_inverse(n[0]),
        }
    }

    /// x ← x² R⁻¹ mod n (CIOS), for x < n; `t` is scratch of `2·limbs` words.
    fn square(&self, x: &mut [u64], t: &mut [u64]) {
        // The usual RSA prime sizes get stack buffers of a size known when compiling, so
        // the loops below are unrolled and their bounds checked once.
        match x.len() {
            16 => square_in::<16>(x, self.n, self.n0),
            32 => square_in::<32>(x, self.n, self.n0),
            k => {
                let (acc, diff) = t.split_at_mut(k);
                square_with::<0>(x, self.n, self.n0, acc, &mut diff[..k]);
            }
        }
    }

    /// x ← 2x mod n where `bit` is 1, else x unchanged, for x < n, without branching on
    /// `bit`; `scratch` holds `2·limbs` words. One pass forms both 2x and 2x − n, a second
    /// keeps the right one.
    fn double_if(&self, x: &mut [u64], bit: u64, scratch: &mut [u64]) {
        match x.len() {
            16 => double_if_in::<16>(x, self.n, bit, scratch),
            32 => double_if_in::<32>(x, self.n, bit, scratch),
            k => double_if_in::<0>(x, &self.n[..k], bit, scratch),
        }
    }
}

/// [`Montgomery::square`] with `K`-word stack buffers.
fn square_in<const K: usize>(x: &mut [u64], n: &[u64], n0: u64) {
    let (mut acc, mut diff) = ([0u64; K], [0u64; K]);
    square_with::<K>(x, n, n0, &mut acc, &mut diff);
}

/// x ← x² R⁻¹ mod n, word by word (CIOS), with `acc` and `diff` of x's length as scratch.
/// `K` > 0 is that length, known when compiling, so the loops unroll (a length read from
/// the slices left them rolled: 4 % slower at 1024 bits); 0 reads it from `x`.
#[inline(always)]
fn square_with<const K: usize>(
    x: &mut [u64],
    n: &[u64],
    n0: u64,
    acc: &mut [u64],
    diff: &mut [u64],
) {
    let k = if K == 0 { x.len() } else { K };
    let (x, n, acc, diff) = (&mut x[..k], &n[..k], &mut acc[..k], &mut diff[..k]);
    acc.fill(0);
    // The accumulator's two words above `acc`.
    let mut top = 0u64;
    for i in 0..k {
        let xi = u128::from(x[i]);
        let mut carry = 0u128;
        for j in 0..k {
            let v = u128::from(acc[j]) + u128::from(x[j]) * xi + carry;
            acc[j] = v as u64;
            carry = v >> 64;
        }
        let v = u128::from(top) + carry;
        let (t_k, t_k1) = (v as u64, (v >> 64) as u64);
        let q = u128::from(acc[0].wrapping_mul(n0));
        let mut carry = (u128::from(acc[0]) + q * u128::from(n[0])) >> 64;
        for j in 1..k {
            let v = u128::from(acc[j]) + q * u128::from(n[j]) + carry;
            acc[j - 1] = v as u64;
            carry = v >> 64;
        }
        let v = u128::from(t_k) + carry;
        acc[k - 1] = v as u64;
        top = t_k1 + (v >> 64) as u64;
    }
    // acc + top·R < 2n: subtract n once where that is at least n.
    diff.copy_from_slice(acc);
    let borrow = sub_in_place(diff, n);
    x.copy_from_slice(acc);
    select(x, diff, u64::from(top != 0) | (borrow ^ 1));
}

/// [`Montgomery::double_if`], with loops of `K` words when `K` is not 0 (unrolled by the
/// compiler), of x's length otherwise.
#[inline(always)]
fn double_if_in<const K: usize>(x: &mut [u64], n: &[u64], bit: u64, scratch: &mut [u64]) {
    let k = if K == 0 { x.len() } else { K };
    let (x, n) = (&mut x[..k], &n[..k]);
    let (twice, less_n) = scratch[..2 * k].split_at_mut(k);
    let (mut carry, mut borrow) = (0u64, 0u64);
    for i in 0..k {
        let w = (x[i] << 1) | carry;
        carry = x[i] >> 63;
        let (d1, b1) = w.overflowing_sub(n[i]);
        let (d2, b2) = d1.overflowing_sub(borrow);
        borrow = u64::from(b1 | b2);
        twice[i] = w;
        less_n[i] = d2;
    }
    // 2x − n where 2x ≥ n (a carry out, or no borrow), else 2x; and that only where `bit`.
    let reduce = (carry | (borrow ^ 1)).wrapping_neg();
    let take = bit.wrapping_neg();
    for i in 0..k {
        let v = (twice[i] & !reduce) | (less_n[i] & reduce);
        x[i] = (x[i] & !take) | (v & take);
    }
}

/// x ← 2^times·x mod n, for x < n of n's length.
fn double_mod(x: &mut [u64], n: &[u64], times: usize) {
    let m = Montgomery::new(n);
    let mut scratch = vec![0u64; 2 * n.len()];
    for _ in 0..times {
        m.double_if(x, 1, &mut scratch);
    }
}

/// −n⁻¹ mod 2^64 for odd n (its lowest word `n0`).
pub(super) fn neg_inverse(n0: u64) -> u64 {
    // Newton's iteration doubles the correct low bits each step: 1 → 64 in six.
    let mut inv: u64 = 1;
    for _ in 0..6 {
        inv = inv.wrapping_mul(2u64.wrapping_sub(n0.wrapping_mul(inv)));
    }
    inv.wrapping_neg()
}

/// 2^(64·limbs + extra) mod n, for n whose top bit is set (R/2 < n < R = 2^(64·limbs), so
/// R mod n = R − n), doubled `extra` times.
pub(super) fn power_of_two_mod(n: &[u64], extra: usize) -> Vec<u64> {
    let mut r = n.to_vec();
    negate(&mut r);
    double_mod(&mut r, n, extra);
    r
}

/// Whether a < b, both of b's length.
pub(super) fn less_than(a: &[u64], b: &[u64]) -> bool {
    for (x, y) in a.iter().zip(b).rev() {
        if x != y {
            return x < y;
        }
    }
    false
}

/// x ← 2^(64·limbs) − x (two's complement).
fn negate(x: &mut [u64]) {
    let mut carry = 1u64;
    for w in x.iter_mut() {
        let (v, c) = (!*w).overflowing_add(carry);
        *w = v;
        carry = u64::from(c);
    }
}

/// a ← a − b over equal lengths; returns the borrow out (1 when b > a).
pub(super) fn sub_in_place(a: &mut [u64], b: &[u64]) -> u64 {
    let mut borrow = 0u64;
    for (x, &y) in a.iter_mut().zip(b) {
        let (d1, b1) = x.overflowing_sub(y);
        let (d2, b2) = d1.overflowing_sub(borrow);
        *x = d2;
        borrow = u64::from(b1 | b2);
    }
    borrow
}

/// dst ← src where `bit` is 1, without branching on it.
pub(super) fn select(dst: &mut [u64], src: &[u64], bit: u64) {
    let mask = bit.wrapping_neg();
    for (d, &s) in dst.iter_mut().zip(src) {
        *d = (*d & !mask) | (s & mask);
    }
}

/// Trailing zero bits of a little-endian number.
pub(super) fn trailing_zeros(x: &[u64]) -> usize {
    let mut zeros = 0;
    for &w in x {
        if w != 0 {
            return zeros + w.trailing_zeros() as usize;
        }
        zeros += 64;
    }
    zeros
}

fn shift_right(x: &mut [u64], bits: usize) {
    let (words, bits) = (bits / 64, bits % 64);
    let k = x.len();
    for i in 0..k {
        let lo = x.get(i + words).copied().unwrap_or(0);
        let hi = x.get(i + words + 1).copied().unwrap_or(0);
        x[i] = if bits == 0 {
            lo
        } else {
            (lo >> bits) | (hi << (64 - bits))
        };
    }
}

/// Significant bits of a little-endian number.
pub(super) fn bit_len(x: &[u64]) -> usize {
    for i in (0..x.len()).rev() {
        if x[i] != 0 {
            return 64 * i + 64 - x[i].leading_zeros() as usize;
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::strong_probable_prime;

    /// Miller–Rabin to base 2 on one word, the textbook way.
    fn reference(n: u64) -> bool {
        let mul = |a: u64, b: u64| (u128::from(a) * u128::from(b) % u128::from(n)) as u64;
        let (mut d, mut s) = (n - 1, 0);
        while d % 2 == 0 {
            d /= 2;
            s += 1;
        }
        let (mut x, mut base, mut e) = (1u64, 2u64, d);
        while e > 0 {
            if e & 1 == 1 {
                x = mul(x, base);
            }
            base = mul(base, base);
            e >>= 1;
        }
        if x == 1 || x == n - 1 {
            return true;
        }
        for _ in 1..s {
            x = mul(x, x);
            if x == n - 1 {
                return true;
            }
        }
        false
    }

    /// Every odd number from 5 to 200 001 and odd numbers near 2^64 agree with the
    /// textbook test, strong pseudoprimes to base 2 (2047, 3277, 4033, ...) included.
    #[test]
    fn one_word_agrees_with_the_textbook_test() {
        let near_top = (0..2000u64).map(|i| u64::MAX - 2 * i);
        for n in (5..200_001u64).step_by(2).chain(near_top) {
            assert_eq!(strong_probable_prime(&[n]), reference(n), "{n}");
        }
        assert!(
            strong_probable_prime(&[2047]),
            "a strong pseudoprime to base 2"
        );
    }

    /// Random odd 1024- and 2048-bit numbers (the sizes with their own code) get the
    /// verdict of crypto-primes' own Miller–Rabin test to base 2.
    #[test]
    fn agrees_with_crypto_primes_on_random_candidates() {
        use crypto_bigint::{BoxedUint, Odd};
        use crypto_primes::hazmat::MillerRabin;
        for bytes in [128usize, 256] {
            let mut be = vec![0u8; bytes];
            for _ in 0..100 {
                getrandom::fill(&mut be).unwrap();
                be[0] |= 0xc0;
                be[bytes - 1] |= 1;
                let ours = strong_probable_prime(&super::super::primes::words(&be));
                let n = BoxedUint::from_be_slice(&be, bytes as u32 * 8).unwrap();
                let theirs = MillerRabin::new(Odd::new(n).unwrap())
                    .test_base_two()
                    .is_probably_prime();
                assert_eq!(ours, theirs, "{be:02x?}");
            }
        }
    }

    /// Primes of several sizes pass; products of two primes fail.
    #[test]
    fn multi_word_primes_pass_and_composites_fail() {
        use crypto_bigint::BoxedUint;
        // 2^127 − 1, 2^521 − 1 (Mersenne primes) and 2^89 − 1, as little-endian words.
        let mersenne = |bits: usize| {
            let mut w = vec![u64::MAX; bits.div_ceil(64)];
            let top = bits % 64;
            if top != 0 {
                *w.last_mut().unwrap() = (1u64 << top) - 1;
            }
            w
        };
        for bits in [89, 127, 521] {
            assert!(strong_probable_prime(&mersenne(bits)), "2^{bits} - 1");
        }
        // 2^128 + 1 = 59649589127497217 × 5704689200685129054721, yet like every Fermat
        // number a strong probable prime to base 2 (the full test then rejects it).
        assert!(strong_probable_prime(&[1, 0, 1]));
        let words = |b: &BoxedUint| super::super::primes::words(&b.to_be_bytes());
        for bits in [128u32, 512, 1024] {
            let (p, q) = super::super::primes::two_primes(bits, 2).unwrap();
            let (p, q) = (
                BoxedUint::from_be_slice(&p, 2048).unwrap(),
                BoxedUint::from_be_slice(&q, 2048).unwrap(),
            );
            assert!(strong_probable_prime(&words(&p)), "{bits}-bit prime");
            assert!(strong_probable_prime(&words(&q)), "{bits}-bit prime");
            assert!(!strong_probable_prime(&words(&p.wrapping_mul(&q))), "p·q");
        }
    }
}
