//! RSA primes found on several cores for [`NativeHost`](super::NativeHost): the thread that
//! asks and helper threads kept for the process. Each worker draws its own starting point
//! from the OS random source and searches upward as the `rsa` crate's key generation does
//! (odd, top two bits set, small factors sieved out ([`super::sieve`]), then a primality
//! test); the first two distinct primes found, by any workers, become p and q, so all
//! workers race for every prime instead of one waiting on the other.
//!
//! Candidates meet the Miller–Rabin test to base 2 in fixed-size arithmetic first, which
//! rejects nearly all composites at a fraction of the cost. Where the CPU has AVX-512 IFMA
//! ([`super::ifma`]) that runs on eight candidates at once, and the few that pass are
//! confirmed by the test to eight random bases at once, as Go's crypto/rsa confirms its
//! primes (FIPS 186-5 B.3.1, with more rounds than Go's five); elsewhere candidates are
//! tested one at a time ([`super::mr2`]) and confirmed by the rest of crypto-primes'
//! Baillie-PSW test, its strong Lucas test, as the `rsa` crate's search does. Either way the
//! prime found is, but for a chance far below 2^-100, the first after the random start.

use std::num::NonZeroU32;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

use crypto_bigint::{BoxedUint, Odd};
use crypto_primes::hazmat::{lucas_test, AStarBase, LucasCheck, Primality};

use super::sieve::Sieve;

/// Two distinct primes of `bits` bits each (big-endian), searched by the calling thread
/// and `workers − 1` helpers; `None` if the OS random source fails.
pub fn two_primes(bits: u32, workers: usize) -> Option<(Vec<u8>, Vec<u8>)> {
    let bits = NonZeroU32::new(bits).filter(|b| b.get() >= 64)?;
    let job = Arc::new(Job {
        bits,
        done: AtomicBool::new(false),
        state: Mutex::new(State {
            found: Vec::with_capacity(2),
            active: 1,
        }),
        changed: Condvar::new(),
    });
    for helper in helpers(workers.saturating_sub(1)) {
        job.lock().active += 1;
        if helper.send(Arc::clone(&job)).is_err() {
            job.lock().active -= 1;
        }
    }
    job.run();
    let mut state = job.lock();
    while state.found.len() < 2 && state.active > 0 {
        state = job
            .changed
            .wait(state)
            .unwrap_or_else(PoisonError::into_inner);
    }
    let q = state.found.pop()?;
    let p = state.found.pop()?;
    Some((p, q))
}

/// One request for two primes, shared by the threads searching for it.
struct Job {
    bits: NonZeroU32,
    /// Set once two primes are found: searches stop at their next batch.
    done: AtomicBool,
    state: Mutex<State>,
    changed: Condvar,
}

struct State {
    found: Vec<Vec<u8>>,
    /// Threads still searching.
    active: usize,
}

impl Job {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Searches until two distinct primes are found, by this thread or others.
    fn run(&self) {
        while let Some(prime) = search(self.bits, &self.done) {
            let mut state = self.lock();
            if state.found.len() < 2 && !state.found.contains(&prime) {
                state.found.push(prime);
            }
            if state.found.len() == 2 {
                self.done.store(true, Ordering::Relaxed);
                self.changed.notify_all();
            }
        }
        self.lock().active -= 1;
        self.changed.notify_all();
    }
}

/// Up to `count` helper threads, started on first use and kept for the process: a
/// thread started for each key cost more than a tenth of a key's search (its start, and
/// the fresh pages its allocator first touches).
fn helpers(count: usize) -> Vec<Sender<Arc<Job>>> {
    static HELPERS: Mutex<Vec<Sender<Arc<Job>>>> = Mutex::new(Vec::new());
    let mut helpers = HELPERS.lock().unwrap_or_else(PoisonError::into_inner);
    while helpers.len() < count {
        let (tx, rx) = mpsc::channel::<Arc<Job>>();
        let started = std::thread::Builder::new()
            .name("binnacle-primes".into())
            .spawn(move || {
                for job in rx {
                    job.run();
                }
            });
        if started.is_err() {
            break;
        }
        helpers.push(tx);
    }
    helpers.iter().take(count).cloned().collect()
}

/// One prime, as `rsa`'s `generate_prime_with_rng`; `None` once `done` is set or the OS
/// random source fails.
fn search(bits: NonZeroU32, done: &AtomicBool) -> Option<Vec<u8>> {
    let nbits = bits.get() as usize;
    let mut start = vec![0u8; nbits.div_ceil(8)];
    while !done.load(Ordering::Relaxed) {
        getrandom::fill(&mut start).ok()?;
        // Keep `bits` bits, then make the number odd with its top two bits set.
        start[0] &= 0xff >> (start.len() * 8 - nbits);
        let last = start.len() - 1;
        for bit in [0, nbits - 1, nbits - 2] {
            start[last - bit / 8] |= 1 << (bit % 8);
        }
        let mut sieve = Sieve::new(words(&start), nbits).peekable();
        while sieve.peek().is_some() {
            if done.load(Ordering::Relaxed) {
                return None;
            }
            // The sieve's next candidates, tested together where the CPU can (`ifma`);
            // the lowest that passes both tests is the prime a search one by one finds.
            let batch: Vec<Vec<u64>> = sieve.by_ref().take(super::ifma::LANES).collect();
            let verdicts = super::ifma::strong_probable_primes(&batch);
            for (i, candidate) in batch.iter().enumerate() {
                // Base 2 first, in fixed-size arithmetic; the rare candidate that passes
                // is confirmed by random bases where `ifma` runs, else by the rest of the
                // Baillie–PSW test (see `mr2`).
                let prime = match &verdicts {
                    Some(v) => {
                        v[i] && super::ifma::passes_random_bases(candidate)
                            .unwrap_or_else(|| lucas_confirms(candidate))
                    }
                    None => {
                        super::mr2::strong_probable_prime(candidate) && lucas_confirms(candidate)
                    }
                };
                if prime {
                    return Some(be_bytes(candidate, nbits));
                }
            }
        }
    }
    None
}

/// crypto-primes' `is_prime` (`Flavor::Any`) for an odd candidate of 64 bits or more that
/// has passed the Miller–Rabin test to base 2: the strong Lucas test with the A* base, which
/// `is_prime` runs after that same base-2 test (not repeated here: in crypto-bigint it cost
/// about 0.45 ms per prime).
fn lucas_confirms(candidate: &[u64]) -> bool {
    let candidate = BoxedUint::from_words(candidate.iter().copied());
    let Some(odd) = Option::from(Odd::new(candidate)) else {
        return false;
    };
    !matches!(
        lucas_test(odd, AStarBase, LucasCheck::Bpsw21),
        Primality::Composite
    )
}

/// Little-endian words as the `bits`-bit number's big-endian bytes.
fn be_bytes(words: &[u64], bits: usize) -> Vec<u8> {
    let be: Vec<u8> = words.iter().rev().flat_map(|w| w.to_be_bytes()).collect();
    be[be.len() - bits.div_ceil(8)..].to_vec()
}

/// Little-endian words widened with zero words to `bits` (a multiple of 64).
pub(super) fn padded(words: &[u64], bits: u32) -> Vec<u64> {
    let mut w = words.to_vec();
    w.resize(bits as usize / 64, 0);
    w
}

/// Big-endian bytes as little-endian 64-bit words, without leading zero words.
pub(super) fn words(be: &[u8]) -> Vec<u64> {
    let mut w: Vec<u64> = be
        .rchunks(8)
        .map(|c| {
            let mut x = [0u8; 8];
            x[8 - c.len()..].copy_from_slice(c);
            u64::from_be_bytes(x)
        })
        .collect();
    while w.len() > 1 && w.last() == Some(&0) {
        w.pop();
    }
    w
}

#[cfg(test)]
mod tests {
    use binnacle_core::host::Host;
    use binnacle_core::sprig::crypto::der::{tag, Reader};
    use binnacle_core::sprig::crypto::{keys, pem};
    use crypto_bigint::modular::{BoxedMontyForm, BoxedMontyParams};
    use crypto_bigint::{BoxedUint, Gcd, NonZero, Odd};

    /// OS randomness, and primes handed out once through the hook.
    struct Hooked(Option<(Vec<u8>, Vec<u8>)>);

    impl Host for Hooked {
        fn fill_random(&mut self, buf: &mut [u8]) {
            getrandom::fill(buf).unwrap();
        }

        fn rsa_primes(&mut self, _bits: usize) -> Option<(Vec<u8>, Vec<u8>)> {
            self.0.take()
        }
    }

    fn num(bytes: &[u8]) -> BoxedUint {
        BoxedUint::from_be_slice(bytes, 4096).unwrap()
    }

    fn modulus(m: &BoxedUint) -> NonZero<BoxedUint> {
        NonZero::new(m.clone()).unwrap()
    }

    fn pow_mod(base: &BoxedUint, exp: &BoxedUint, n: &BoxedUint) -> BoxedUint {
        let params = BoxedMontyParams::new_vartime(Odd::new(n.clone()).unwrap());
        BoxedMontyForm::new(base.clone(), &params)
            .pow(exp)
            .retrieve()
    }

    #[test]
    fn key_from_parallel_primes_is_sound() {
        let (p0, q0) = super::two_primes(1024, 2).unwrap();
        assert_ne!(p0, q0);
        let mut host = Hooked(Some((p0.clone(), q0.clone())));
        let key = keys::generate(&mut host, "rsa", 2048).unwrap();
        assert!(host.0.is_none(), "the hook was not asked");

        // PKCS#1: version, n, e, d, p, q, d mod (p-1), d mod (q-1), q⁻¹ mod p.
        let block = pem::decode(key.to_pem().as_bytes()).unwrap();
        let body = Reader::new(&block.bytes).read(tag::SEQUENCE).unwrap();
        let mut r = Reader::new(body);
        assert_eq!(r.small_int().unwrap(), 0);
        let f: Vec<BoxedUint> = (0..8).map(|_| num(r.uint().unwrap())).collect();
        let [n, e, d, p, q, dp, dq, qinv] = <[BoxedUint; 8]>::try_from(f).unwrap();
        assert_eq!(n.bit_width(), 2048);
        assert_eq!((p.bit_width(), q.bit_width()), (1024, 1024));
        assert_eq!((&p, &q), (&num(&p0), &num(&q0)));
        assert_eq!(e, num(&[1, 0, 1]));
        assert_eq!(p.wrapping_mul(&q), n);
        let one = num(&[1]);
        let (p1, q1) = (p.wrapping_sub(&one), q.wrapping_sub(&one));
        // d = e⁻¹ mod λ(N) = lcm(p-1, q-1), as Go (1.24 on) computes it.
        let lambda = p1.wrapping_mul(&q1) / modulus(&p1.gcd(&q1));
        assert!(d < lambda);
        assert_eq!(e.mul_mod(&d, &modulus(&lambda)), one);
        assert_eq!(d.rem(&modulus(&p1)), dp);
        assert_eq!(d.rem(&modulus(&q1)), dq);
        assert_eq!(qinv.mul_mod(&q, &modulus(&p)), one);

        // Decrypts what it encrypts, and its signatures verify.
        let m = num(b"binnacle");
        assert_eq!(pow_mod(&pow_mod(&m, &e, &n), &d, &n), m);
        let sig = key.sign(&mut host, b"binnacle").unwrap();
        let em = pow_mod(&num(&sig), &e, &n).to_be_bytes();
        let em = &em[em.len() - 256..];
        assert_eq!(&em[..2], &[0, 1]);
        let sep = 2 + em[2..].iter().position(|&b| b != 0xff).unwrap();
        assert!(sep >= 10 && em[sep] == 0);
        // DigestInfo for SHA-256, then the 32-byte digest.
        assert_eq!(em.len() - sep - 1, 19 + 32);
        assert_eq!(&em[sep + 1..sep + 4], &[0x30, 0x31, 0x30]);
    }

    /// The confirmation after the base-2 test decides as crypto-primes' `is_prime` does:
    /// primes pass, and numbers that pass the base-2 test yet are composite (2^128 + 1, a
    /// product of two found primes when it passes) fail.
    #[test]
    fn lucas_confirmation_agrees_with_is_prime() {
        use crypto_primes::{is_prime, Flavor};
        let ones = |top: u8, n: usize| [vec![top], vec![0xff; n]].concat();
        let mut f7 = vec![0u8; 17];
        (f7[0], f7[16]) = (1, 1);
        let f7 = num(&f7);
        // 2^127 − 1 and 2^521 − 1, primes; 2^128 + 1, a strong pseudoprime to base 2.
        let mut cases = vec![num(&ones(0x7f, 15)), num(&ones(0x01, 65)), f7.clone()];
        let (p, q) = super::two_primes(512, 2).unwrap();
        let (p, q) = (num(&p), num(&q));
        cases.push(p.wrapping_mul(&q));
        cases.push(p);
        cases.push(q);
        for n in cases {
            let base_two = crate::host::mr2::strong_probable_prime(&super::words(&n.to_be_bytes()));
            let ours = base_two && super::lucas_confirms(&super::words(&n.to_be_bytes()));
            assert_eq!(ours, is_prime(Flavor::Any, &n), "{n}");
        }
        assert!(crate::host::mr2::strong_probable_prime(&super::words(
            &f7.to_be_bytes()
        )));
        assert!(!super::lucas_confirms(&super::words(&f7.to_be_bytes())));
    }

    /// The native host finds the primes of even sizes from 1024 bits, on any number of
    /// cores, and leaves odd sizes to the engine.
    #[test]
    fn native_host_answers_for_even_sizes() {
        let mut host = super::super::NativeHost::new(false);
        assert!(host.rsa_primes(2048).is_some());
        assert!(host.rsa_primes(2047).is_none());
        assert!(super::two_primes(512, 1).is_some(), "the caller alone");
        let key = keys::generate(&mut host, "rsa", 2048).unwrap();
        assert!(key
            .to_pem()
            .starts_with("-----BEGIN RSA PRIVATE KEY-----\n"));
    }
}
