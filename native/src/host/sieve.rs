//! The candidates of a prime search: the odd numbers upward from a random start that no
//! small prime divides, as crypto-primes' `SmallFactorsSieve` gives them to the `rsa` crate,
//! found by sieving a window of them at once.
//!
//! crypto-primes keeps each small prime's residue of the start and, for every candidate,
//! divides each residue plus the offset by its prime until one divides it: a survivor of
//! its 2,047 primes costs 2,047 divisions, which came to a sixth of a search once the
//! Miller–Rabin test ran eight candidates at a time ([`super::ifma`]). Here each prime
//! crosses off its multiples in a bitmap of the next [`WINDOW`] candidates instead (about
//! two marks per candidate in all). Sieving by other small primes than crypto-primes' never
//! changes the first prime after the start, only how many composites reach the test.

use std::sync::OnceLock;

/// Candidates sieved at once: start, start + 2, … start + 2·(WINDOW − 1).
const WINDOW: usize = 2048;

/// Odd primes below this sieve.
const SMALL_PRIME_BOUND: u32 = 1 << 15;

/// Odd small primes, grouped so that each group's product is below 2^60: the start's
/// residue modulo a product is one pass over its words, and the primes' residues follow
/// from it.
struct Groups {
    primes: Vec<u32>,
    /// (product, end of the group's primes in `primes`).
    groups: Vec<(u64, usize)>,
}

fn groups() -> &'static Groups {
    static GROUPS: OnceLock<Groups> = OnceLock::new();
    GROUPS.get_or_init(|| {
        let bound = SMALL_PRIME_BOUND as usize;
        let mut composite = vec![false; bound];
        let mut primes = Vec::new();
        for p in 3..bound {
            if composite[p] || p % 2 == 0 {
                continue;
            }
            primes.push(p as u32);
            for m in (p * p..bound).step_by(2 * p) {
                composite[m] = true;
            }
        }
        let mut groups = Vec::new();
        let mut product = 1u64;
        for (i, &p) in primes.iter().enumerate() {
            if product
                .checked_mul(u64::from(p))
                .is_none_or(|v| v >= 1 << 60)
            {
                groups.push((product, i));
                product = 1;
            }
            product *= u64::from(p);
        }
        groups.push((product, primes.len()));
        Groups { primes, groups }
    })
}

/// The sieve's candidates in increasing order, as little-endian 64-bit words of the
/// start's length; it ends before the first candidate of more than `bits` bits.
pub struct Sieve {
    base: Vec<u64>,
    bits: usize,
    /// The base's residue modulo each small prime.
    residues: Vec<u32>,
    /// Bit i set: base + 2i has a small factor.
    crossed: [u64; WINDOW / 64],
    next: usize,
    done: bool,
}

impl Sieve {
    /// Candidates from odd `start` (little-endian words) up to `bits` bits.
    pub fn new(start: Vec<u64>, bits: usize) -> Sieve {
        let g = groups();
        let mut residues = Vec::with_capacity(g.primes.len());
        let mut from = 0;
        for &(product, end) in &g.groups {
            let r = start.iter().rev().fold(0u64, |r, &w| {
                ((u128::from(r) << 64 | u128::from(w)) % u128::from(product)) as u64
            });
            residues.extend(
                g.primes[from..end]
                    .iter()
                    .map(|&p| (r % u64::from(p)) as u32),
            );
            from = end;
        }
        let mut sieve = Sieve {
            base: start,
            bits,
            residues,
            crossed: [0; WINDOW / 64],
            next: 0,
            done: false,
        };
        sieve.cross_off();
        sieve
    }

    /// Marks the window's multiples of the small primes.
    fn cross_off(&mut self) {
        self.crossed = [0; WINDOW / 64];
        for (&p, &r) in groups().primes.iter().zip(&self.residues) {
            // base + 2i ≡ 0 (mod p) at i ≡ −r·2⁻¹, and 2⁻¹ = (p + 1)/2.
            let p = p as usize;
            let mut i = (p - r as usize) % p * p.div_ceil(2) % p;
            while i < WINDOW {
                self.crossed[i / 64] |= 1 << (i % 64);
                i += p;
            }
        }
    }

    /// Moves the window past its end: base += 2·WINDOW.
    fn advance(&mut self) {
        let step = 2 * WINDOW as u64;
        // A base past the words ends the sieve: the next candidate is checked first.
        self.done = add_small(&mut self.base, step);
        for (r, &p) in self.residues.iter_mut().zip(&groups().primes) {
            *r = ((u64::from(*r) + step) % u64::from(p)) as u32;
        }
        self.next = 0;
        self.cross_off();
    }
}

impl Iterator for Sieve {
    type Item = Vec<u64>;

    fn next(&mut self) -> Option<Vec<u64>> {
        while !self.done {
            if self.next == WINDOW {
                self.advance();
                if self.done {
                    break;
                }
            }
            let i = self.next;
            self.next += 1;
            if self.crossed[i / 64] >> (i % 64) & 1 == 1 {
                continue;
            }
            let mut candidate = self.base.clone();
            if add_small(&mut candidate, 2 * i as u64)
                || super::mr2::bit_len(&candidate) > self.bits
            {
                self.done = true;
                return None;
            }
            return Some(candidate);
        }
        None
    }
}

/// x ← x + v; whether it carried out of the top word.
fn add_small(x: &mut [u64], v: u64) -> bool {
    let mut carry = v;
    for w in x.iter_mut() {
        let (s, c) = w.overflowing_add(carry);
        *w = s;
        carry = u64::from(c);
        if carry == 0 {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::{Sieve, SMALL_PRIME_BOUND, WINDOW};
    use crypto_bigint::BoxedUint;
    use crypto_primes::hazmat::SmallFactorsSieve;
    use crypto_primes::{is_prime, Flavor};
    use std::num::NonZeroU32;

    fn random_start(bytes: usize) -> Vec<u8> {
        let mut be = vec![0u8; bytes];
        getrandom::fill(&mut be).unwrap();
        be[0] |= 0xc0;
        be[bytes - 1] |= 1;
        be
    }

    /// Across three windows, the candidates are exactly the odd numbers from the start
    /// that no odd prime below the bound divides.
    #[test]
    fn candidates_are_the_numbers_without_small_factors() {
        let words = crate::host::primes::words(&random_start(32));
        let small: Vec<u64> = (3..u64::from(SMALL_PRIME_BOUND))
            .step_by(2)
            .filter(|&p| {
                (3..)
                    .step_by(2)
                    .take_while(|d| d * d <= p)
                    .all(|d| p % d != 0)
            })
            .collect();
        let mut expected = Vec::new();
        let mut n = words.clone();
        for _ in 0..3 * WINDOW {
            let factor = small.iter().any(|&p| {
                n.iter().rev().fold(0u64, |r, &w| {
                    ((u128::from(r) << 64 | u128::from(w)) % u128::from(p)) as u64
                }) == 0
            });
            if !factor {
                expected.push(n.clone());
            }
            assert!(!super::add_small(&mut n, 2));
        }
        let ours: Vec<Vec<u64>> = Sieve::new(words, 256).take(expected.len()).collect();
        assert_eq!(ours, expected);
    }

    /// The first prime among the candidates is the first that crypto-primes' sieve, and so
    /// the `rsa` crate's search, finds from the same start.
    #[test]
    fn first_prime_as_crypto_primes_finds() {
        for _ in 0..5 {
            let be = random_start(32);
            let ours = Sieve::new(crate::host::primes::words(&be), 256)
                .map(|w| {
                    let be: Vec<u8> = w.iter().rev().flat_map(|w| w.to_be_bytes()).collect();
                    BoxedUint::from_be_slice(&be, 256).unwrap()
                })
                .find(|c| is_prime(Flavor::Any, c));
            let start = BoxedUint::from_be_slice(&be, 256).unwrap();
            let theirs = SmallFactorsSieve::new(start, NonZeroU32::new(256).unwrap(), false)
                .unwrap()
                .find(|c| is_prime(Flavor::Any, c));
            assert_eq!(ours, theirs);
        }
    }

    /// A start near the top of its size ends the candidates at the last one that fits.
    #[test]
    fn ends_at_the_bit_length() {
        let start = vec![u64::MAX - 200, u64::MAX];
        let all: Vec<Vec<u64>> = Sieve::new(start, 128).collect();
        assert!(!all.is_empty());
        assert!(all
            .iter()
            .all(|c| c[1] == u64::MAX && c[0] >= u64::MAX - 200));
        assert!(all.windows(2).all(|w| w[0][0] < w[1][0]));
    }
}
