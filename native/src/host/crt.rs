//! RSA's private operation for [`NativeHost`](super::NativeHost): the two halves of the
//! Chinese remainder theorem, m^dp mod p and m^dq mod q, run as two lanes of one
//! exponentiation on the IFMA kernel ([`super::ifma`]), whose time does not depend on the
//! exponents. crypto-bigint's, which the `rsa` crate signs with, took about a millisecond a
//! signature here, a fifth of a chart's render once its keys were found quickly; the
//! engine checks every signature made here against the public key.

use binnacle_core::host::RsaCrt;
use crypto_bigint::{BoxedUint, NonZero};

use super::primes::{padded, words};

/// m^d mod pq as big-endian bytes as long as `m`; `None` where the kernel cannot run (no
/// IFMA, primes of other sizes) or the parameters do not fit.
pub fn private(key: &RsaCrt<'_>, m: &[u8]) -> Option<Vec<u8>> {
    let (p, q) = (words(key.p), words(key.q));
    let k = p.len();
    if q.len() != k || m.len() > 16 * k {
        return None;
    }
    let half = 64 * k as u32;
    let whole = 2 * half;
    let modulus = |w: &[u64], bits| Option::<NonZero<BoxedUint>>::from(NonZero::new(big(w, bits)));
    let pm = modulus(&p, half)?;
    let len = m.len();
    let m = BoxedUint::from_be_slice(m, whole).ok()?;
    // m mod p and m mod q, as the primes' k words.
    let reduce = |w: &[u64]| Some(m.rem(&modulus(w, whole)?).to_words()[..k].to_vec());
    let exponent = |e: &[u8]| {
        let w = words(e);
        (w.len() <= k).then_some(w)
    };
    let lanes = [
        (p.clone(), reduce(&p)?, exponent(key.dp)?),
        (q.clone(), reduce(&q)?, exponent(key.dq)?),
    ];
    let halves = super::ifma::pow_mod(&lanes)?;
    let (m1, m2) = (big(&halves[0], half), big(&halves[1], half));
    // h = q⁻¹ (m1 − m2) mod p, and m = m2 + h·q.
    let qinv = BoxedUint::from_be_slice(key.qinv, half).ok()?;
    let h = m1.sub_mod(&m2.rem(&pm), &pm).mul_mod(&qinv, &pm);
    let s = big(&h.to_words(), whole)
        .wrapping_mul(big(&q, whole))
        .wrapping_add(big(&m2.to_words(), whole));
    let bytes = s.to_be_bytes();
    Some(bytes[bytes.len() - len..].to_vec())
}

/// Little-endian words as a number of `bits` bits (a multiple of 64, at least theirs).
fn big(w: &[u64], bits: u32) -> BoxedUint {
    BoxedUint::from_words(padded(w, bits))
}

#[cfg(test)]
mod tests {
    use binnacle_core::host::{Host, RsaCrt};
    use binnacle_core::sprig::crypto::keys;

    /// OS randomness only: the engine signs with the `rsa` crate.
    struct Plain;

    impl Host for Plain {
        fn fill_random(&mut self, buf: &mut [u8]) {
            getrandom::fill(buf).unwrap();
        }
    }

    /// The native private operation, its answers kept.
    struct Native(Vec<Option<Vec<u8>>>);

    impl Host for Native {
        fn fill_random(&mut self, buf: &mut [u8]) {
            getrandom::fill(buf).unwrap();
        }

        fn rsa_private(&mut self, key: &RsaCrt<'_>, m: &[u8]) -> Option<Vec<u8>> {
            let answer = super::private(key, m);
            self.0.push(answer.clone());
            answer
        }
    }

    /// 2048- and 4096-bit keys sign as the `rsa` crate signs, and the signature is the
    /// native operation's (where the CPU has IFMA), which the engine accepted.
    #[test]
    fn signatures_match_the_rsa_crate() {
        let ifma = cfg!(target_arch = "x86_64") && {
            #[cfg(target_arch = "x86_64")]
            {
                std::arch::is_x86_feature_detected!("avx512ifma")
            }
            #[cfg(not(target_arch = "x86_64"))]
            false
        };
        for bits in [2048, 4096] {
            let key =
                keys::generate(&mut super::super::NativeHost::new(false), "rsa", bits).unwrap();
            for msg in [&b"binnacle"[..], b"", &[0xff; 300]] {
                let theirs = key.sign(&mut Plain, msg).unwrap();
                let mut native = Native(Vec::new());
                let ours = key.sign(&mut native, msg).unwrap();
                assert_eq!(ours, theirs, "{bits}-bit key");
                if ifma {
                    assert_eq!(native.0, [Some(ours)], "{bits}-bit key");
                } else {
                    assert_eq!(native.0, [None]);
                    eprintln!("crt: this CPU lacks AVX-512 IFMA; the native operation was not run");
                }
            }
        }
    }
}
