//! Private keys as Sprig makes and reads them: generation (`genPrivateKey`), PEM in Go's
//! block types (`RSA PRIVATE KEY`, `DSA PRIVATE KEY`, `EC PRIVATE KEY`, `PRIVATE KEY`),
//! parsing with Go's error texts, public keys and signatures for certificates.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;
use core::convert::Infallible;

use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use rsa::BoxedUint;

use super::der::{self, tag, Reader};
use super::pem;
use crate::host::Host;

/// The host's randomness as a `rand_core` generator.
pub struct HostRng<'a>(pub &'a mut dyn Host);

impl rand_core::TryRng for HostRng<'_> {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0u8; 4];
        self.0.fill_random(&mut b);
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.0.fill_random(&mut b);
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        self.0.fill_random(dst);
        Ok(())
    }
}

impl rand_core::TryCryptoRng for HostRng<'_> {}

/// A private key of one of the kinds Sprig handles.
pub enum PrivateKey {
    /// `*rsa.PrivateKey`
    Rsa(Box<rsa::PrivateKey>),
    /// `*dsa.PrivateKey`: P, Q, G, Y, X big-endian (Go never signs with it or checks it).
    Dsa(Box<[Vec<u8>; 5]>),
    /// `*ecdsa.PrivateKey` on P-256
    Ecdsa(p256::SecretKey),
    /// `ed25519.PrivateKey`
    Ed25519(Box<ed25519_dalek::SigningKey>),
}

/// OIDs Go writes.
pub mod oids {
    /// rsaEncryption
    pub const RSA: &[u64] = &[1, 2, 840, 113_549, 1, 1, 1];
    /// sha256WithRSAEncryption
    pub const SHA256_WITH_RSA: &[u64] = &[1, 2, 840, 113_549, 1, 1, 11];
    /// id-ecPublicKey
    pub const EC_PUBLIC_KEY: &[u64] = &[1, 2, 840, 10_045, 2, 1];
    /// prime256v1
    pub const P256: &[u64] = &[1, 2, 840, 10_045, 3, 1, 7];
    /// ecdsa-with-SHA256
    pub const ECDSA_SHA256: &[u64] = &[1, 2, 840, 10_045, 4, 3, 2];
    /// id-Ed25519
    pub const ED25519: &[u64] = &[1, 3, 101, 112];
    /// id-dsa
    pub const DSA: &[u64] = &[1, 2, 840, 10_040, 4, 1];
}

fn big(b: &BoxedUint) -> Vec<u8> {
    b.to_be_bytes().to_vec()
}

/// Generates a key of Sprig's type name (`""`/`rsa` 4096 bits, `dsa` L2048N256, `ecdsa`
/// P-256, `ed25519`); `rsa_bits` lets certificates ask for 2048.
pub fn generate(host: &mut dyn Host, typ: &str, rsa_bits: usize) -> Result<PrivateKey, String> {
    let mut rng = HostRng(host);
    match typ {
        "" | "rsa" => {
            // Primes from the host that make no valid key (65537 dividing p-1 or q-1, p = q, a
            // short modulus) are asked for again, as the crate's own search retries; after a
            // few, or without a host search, the engine searches itself.
            for _ in 0..4 {
                let Some((p, q)) = rng.0.rsa_primes(rsa_bits) else {
                    break;
                };
                if let Some(k) = rsa_from_primes(&p, &q, rsa_bits) {
                    return Ok(PrivateKey::Rsa(Box::new(k)));
                }
            }
            let k = rsa::PrivateKey::new(&mut rng, rsa_bits)
                .map_err(|e| format!("failed to generate private key: {e}"))?;
            // The crate takes d = e⁻¹ mod φ(N), Go (1.24 on) e⁻¹ mod λ(N): same primes, Go's d.
            let pr = k.primes();
            let k =
                rsa_from_primes(&big(pr[0].as_ref()), &big(pr[1].as_ref()), rsa_bits).unwrap_or(k);
            Ok(PrivateKey::Rsa(Box::new(k)))
        }
        "dsa" => {
            let Ok(c) = dsa::Components::try_generate_from_rng_with_key_size(
                &mut rng,
                dsa::KeySize::DSA_2048_256,
            );
            let Ok(k) = dsa::SigningKey::try_generate_from_rng_with_components(&mut rng, c);
            let v = k.verifying_key();
            let c = v.components();
            Ok(PrivateKey::Dsa(Box::new([
                big(c.p().as_ref()),
                big(c.q().as_ref()),
                big(c.g().as_ref()),
                big(v.y().as_ref()),
                big(k.x().as_ref()),
            ])))
        }
        "ecdsa" => {
            let mut seed = [0u8; 32];
            loop {
                rng.0.fill_random(&mut seed);
                if let Ok(k) = p256::SecretKey::from_slice(&seed) {
                    return Ok(PrivateKey::Ecdsa(k));
                }
            }
        }
        "ed25519" => {
            let mut seed = [0u8; 32];
            rng.0.fill_random(&mut seed);
            Ok(PrivateKey::Ed25519(Box::new(
                ed25519_dalek::SigningKey::from_bytes(&seed),
            )))
        }
        _ => Err(format!("Unknown type {typ}")),
    }
}

/// The key `rsa::PrivateKey::new` would build from these primes: e = 65537 and, as that
/// search computes it, d = e⁻¹ mod (p-1)(q-1). `None` unless n has exactly `bits` bits.
fn rsa_from_primes(p: &[u8], q: &[u8], bits: usize) -> Option<rsa::PrivateKey> {
    use crypto_bigint::ConcatenatingMul;
    let (p, q) = (boxed(p), boxed(q));
    let d = private_exponent(&p, &q)?;
    let n = p.concatenating_mul(&q);
    let key = rsa::PrivateKey::from_components(n, BoxedUint::from(E), d, alloc::vec![p, q]).ok()?;
    (key.n().as_ref().bit_width() as usize == bits).then_some(key)
}

/// The public exponent, as Go's `GenerateKey` takes it.
const E: u64 = 65_537;

/// d = e⁻¹ mod λ(N), λ = lcm(p−1, q−1), as Go's `GenerateKey` takes it since Go 1.24
/// (FIPS 186-5; the exponent mod φ(N) would print a different key); `None` where e divides
/// λ. The `rsa` crate's `from_p_q` inverts e modulo λ with a 2048-bit extended gcd, which
/// took 60 % of its 260 µs; as e is a small prime, d = (1 + kλ)/e with k = −λ⁻¹ mod e,
/// from one remainder and one exact division by e.
fn private_exponent(p: &BoxedUint, q: &BoxedUint) -> Option<BoxedUint> {
    use crypto_bigint::{ConcatenatingMul, Gcd, Limb, NonZero, Resize};
    let one = BoxedUint::one();
    let (p1, q1) = (p.wrapping_sub(&one), q.wrapping_sub(&one));
    let gcd = Option::<NonZero<BoxedUint>>::from(NonZero::new(p1.gcd(&q1)))?;
    let lambda = (&p1 / gcd).concatenating_mul(&q1);
    let e = Option::<NonZero<Limb>>::from(NonZero::new(Limb(E)))?;
    let r = lambda.rem_limb(e).0;
    if r == 0 {
        return None;
    }
    // λ⁻¹ mod e = λ^(e−2) mod e (e is prime).
    let (mut inverse, mut base, mut power) = (1u64, r, E - 2);
    while power > 0 {
        if power & 1 == 1 {
            inverse = inverse * base % E;
        }
        base = base * base % E;
        power >>= 1;
    }
    let k = BoxedUint::from(E - inverse);
    let (d, rest) = lambda
        .concatenating_mul(&k)
        .wrapping_add(&one)
        .div_rem_limb(e);
    (rest.0 == 0).then(|| d.resize(lambda.bits_precision()))
}

impl PrivateKey {
    /// Sprig's `pemBlockForKey`: the PEM text Go writes for the key.
    pub fn to_pem(&self) -> String {
        match self {
            PrivateKey::Rsa(k) => {
                let p = &k.primes();
                let crt = k.crt_coefficient().map(|c| big(&c)).unwrap_or_default();
                let body = [
                    der::small_int(0),
                    der::uint(&k.n_bytes()),
                    der::uint(&k.e_bytes()),
                    der::uint(&big(k.d())),
                    der::uint(&big(p[0].as_ref())),
                    der::uint(&big(p[1].as_ref())),
                    der::uint(&k.dp().map(big).unwrap_or_default()),
                    der::uint(&k.dq().map(big).unwrap_or_default()),
                    der::uint(&crt),
                ]
                .concat();
                pem::encode("RSA PRIVATE KEY", &der::tlv(tag::SEQUENCE, &body))
            }
            PrivateKey::Dsa(k) => {
                let mut body = der::small_int(0);
                for n in k.iter() {
                    body.extend(der::uint(n));
                }
                pem::encode("DSA PRIVATE KEY", &der::tlv(tag::SEQUENCE, &body))
            }
            PrivateKey::Ecdsa(k) => pem::encode("EC PRIVATE KEY", &ec_private_key_der(k, true)),
            PrivateKey::Ed25519(k) => {
                let inner = der::tlv(tag::OCTET_STRING, k.as_bytes());
                let body = [
                    der::small_int(0),
                    der::seq(&[&der::oid(oids::ED25519)]),
                    der::tlv(tag::OCTET_STRING, &inner),
                ]
                .concat();
                pem::encode("PRIVATE KEY", &der::tlv(tag::SEQUENCE, &body))
            }
        }
    }

    /// The public key as Go's `marshalPublicKey` would place it in a certificate:
    /// (SubjectPublicKeyInfo DER, raw key bytes the SKID hashes); DSA is refused as Go does.
    pub fn public_key_info(&self) -> Result<(Vec<u8>, Vec<u8>), String> {
        let (alg, bits) = match self {
            PrivateKey::Rsa(k) => {
                let rsa_pub = der::seq(&[&der::uint(&k.n_bytes()), &der::uint(&k.e_bytes())]);
                (
                    der::seq(&[&der::oid(oids::RSA), &der::tlv(tag::NULL, &[])]),
                    rsa_pub,
                )
            }
            PrivateKey::Ecdsa(k) => {
                let point = ec_point(k);
                (
                    der::seq(&[&der::oid(oids::EC_PUBLIC_KEY), &der::oid(oids::P256)]),
                    point,
                )
            }
            PrivateKey::Ed25519(k) => (
                der::seq(&[&der::oid(oids::ED25519)]),
                k.verifying_key().to_bytes().to_vec(),
            ),
            PrivateKey::Dsa(_) => {
                return Err("x509: unsupported public key type: *dsa.PublicKey".to_string())
            }
        };
        Ok((der::seq(&[&alg, &der::bit_string(&bits)]), bits))
    }

    /// The signature AlgorithmIdentifier Go picks for this key (SHA-256 flavours, pure Ed25519).
    pub fn signature_algorithm(&self) -> Result<Vec<u8>, String> {
        match self {
            PrivateKey::Rsa(_) => Ok(der::seq(&[
                &der::oid(oids::SHA256_WITH_RSA),
                &der::tlv(tag::NULL, &[]),
            ])),
            PrivateKey::Ecdsa(_) => Ok(der::seq(&[&der::oid(oids::ECDSA_SHA256)])),
            PrivateKey::Ed25519(_) => Ok(der::seq(&[&der::oid(oids::ED25519)])),
            PrivateKey::Dsa(_) => {
                Err("x509: certificate private key does not implement crypto.Signer".to_string())
            }
        }
    }

    /// Signs `msg` with the algorithm of [`Self::signature_algorithm`].
    pub fn sign(&self, host: &mut dyn Host, msg: &[u8]) -> Result<Vec<u8>, String> {
        match self {
            PrivateKey::Rsa(k) => match sign_by_host(host, k, msg) {
                Some(signature) => Ok(signature),
                None => k
                    .pkcs1v15_sign_with_rng::<sha2::Sha256, _>(&mut HostRng(host), msg)
                    .map_err(|e| format!("crypto/rsa: {e}")),
            },
            PrivateKey::Ecdsa(k) => {
                use p256::ecdsa::signature::Signer;
                let sig: p256::ecdsa::Signature = p256::ecdsa::SigningKey::from(k).sign(msg);
                let b = sig.to_bytes();
                Ok(der::seq(&[&der::uint(&b[..32]), &der::uint(&b[32..])]))
            }
            PrivateKey::Ed25519(k) => {
                use ed25519_dalek::Signer;
                Ok(k.sign(msg).to_bytes().to_vec())
            }
            PrivateKey::Dsa(_) => {
                Err("x509: certificate private key does not implement crypto.Signer".to_string())
            }
        }
    }
}

/// The PKCS #1 v1.5 signature of `msg` with SHA-256, by the host's private operation
/// ([`Host::rsa_private`]), if it has one and the signature verifies; the `rsa` crate's
/// signature is the same, as PKCS #1 v1.5 signatures are deterministic.
fn sign_by_host(host: &mut dyn Host, k: &rsa::PrivateKey, msg: &[u8]) -> Option<Vec<u8>> {
    use sha2::Digest;
    /// DER of SHA-256's DigestInfo up to the digest (RFC 8017 §9.2, note 1).
    const PREFIX: [u8; 19] = [
        0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01,
        0x05, 0x00, 0x04, 0x20,
    ];
    let [p, q] = k.primes() else {
        return None;
    };
    let qinv = k.crt_coefficient()?;
    let (dp, dq) = (big(k.dp()?), big(k.dq()?));
    let (p, q, qinv) = (big(p.as_ref()), big(q.as_ref()), big(&qinv));
    let hash = sha2::Sha256::digest(msg);
    let size = k.size();
    let pad = size.checked_sub(3 + PREFIX.len() + hash.len())?;
    let em = [&[0, 1][..], &vec![0xff; pad], &[0], &PREFIX, &hash].concat();
    let crt = crate::host::RsaCrt {
        p: &p,
        q: &q,
        dp: &dp,
        dq: &dq,
        qinv: &qinv,
    };
    let signature = host.rsa_private(&crt, &em)?;
    let scheme = rsa::Pkcs1v15Sign::new::<sha2::Sha256>();
    k.to_public_key()
        .verify(scheme, &hash, &signature)
        .ok()
        .map(|()| signature)
}

/// The uncompressed public point (`04 ‖ X ‖ Y`).
fn ec_point(k: &p256::SecretKey) -> Vec<u8> {
    use p256::elliptic_curve::sec1::ToSec1Point;
    k.public_key().to_sec1_point(false).as_bytes().to_vec()
}

/// SEC 1 `ECPrivateKey` as Go's `MarshalECPrivateKey` writes it (with curve OID when `named`).
fn ec_private_key_der(k: &p256::SecretKey, named: bool) -> Vec<u8> {
    let mut body = [
        der::small_int(1),
        der::tlv(tag::OCTET_STRING, &k.to_bytes()),
    ]
    .concat();
    if named {
        body.extend(der::context(0, true, &der::oid(oids::P256)));
    }
    body.extend(der::context(1, true, &der::bit_string(&ec_point(k))));
    der::tlv(tag::SEQUENCE, &body)
}

const MALFORMED: &str = "asn1: structure error: tags don't match";

/// encoding/asn1's error when `data` does not start with the SEQUENCE Go unmarshals into
/// the struct `name` (the common case: bytes that are no DER at all).
fn asn1_error(data: &[u8], name: &str) -> String {
    let Some(&b0) = data.first() else {
        return "asn1: syntax error: sequence truncated".to_string();
    };
    let (class, compound, tag) = (b0 >> 6, b0 & 0x20 != 0, b0 & 0x1f);
    let Some(&l0) = data.get(1) else {
        return "asn1: syntax error: data truncated".to_string();
    };
    let (len, header) = if l0 & 0x80 == 0 {
        (usize::from(l0), 2)
    } else {
        let n = usize::from(l0 & 0x7f);
        if data.len() < 2 + n || n > 4 || n == 0 {
            return "asn1: syntax error: data truncated".to_string();
        }
        (
            data[2..2 + n]
                .iter()
                .fold(0usize, |a, &b| (a << 8) | usize::from(b)),
            2 + n,
        )
    };
    if tag == 0x1f || (b0 == tag::SEQUENCE && data.len() < header + len) {
        return "asn1: syntax error: data truncated".to_string();
    }
    if b0 != tag::SEQUENCE {
        return format!(
            "asn1: structure error: tags don't match (16 vs {{class:{class} tag:{tag} length:{len} isCompound:{compound}}}) \
             {{optional:false explicit:false application:false private:false defaultValue:<nil> tag:<nil> \
             stringType:0 timeType:0 set:false omitEmpty:false}} {name} @{header}"
        );
    }
    MALFORMED.to_string()
}

/// Whether `data` has the shape of a SEC 1 EC key, a PKCS#8 wrapper or a PKCS#1 RSA key,
/// for Go's "use ParseXxx instead" hints.
fn shape(data: &[u8]) -> Option<&'static str> {
    let inner = Reader::new(data).read(tag::SEQUENCE).ok()?;
    let mut r = Reader::new(inner);
    r.small_int().ok()?;
    match r.peek_tag()? {
        tag::OCTET_STRING => Some("EC"),
        tag::SEQUENCE => Some("PKCS8"),
        tag::INTEGER => Some("PKCS1"),
        _ => None,
    }
}

fn hint(use_instead: &str) -> String {
    format!("x509: failed to parse private key (use {use_instead} instead for this key format)")
}

fn boxed(bytes: &[u8]) -> BoxedUint {
    let bits = (bytes.len() as u32 * 8).max(64);
    BoxedUint::from_be_slice(bytes, bits.next_multiple_of(64)).unwrap_or_else(|_| BoxedUint::zero())
}

/// `x509.ParsePKCS1PrivateKey`.
fn parse_pkcs1(data: &[u8]) -> Result<PrivateKey, String> {
    match shape(data) {
        Some("EC") => return Err(hint("ParseECPrivateKey")),
        Some("PKCS8") => return Err(hint("ParsePKCS8PrivateKey")),
        Some(_) => {}
        None => return Err(asn1_error(data, "pkcs1PrivateKey")),
    }
    let fields = Reader::new(data)
        .read(tag::SEQUENCE)
        .map_err(|_| MALFORMED.to_string())?;
    let mut r = Reader::new(fields);
    let version = r.small_int().map_err(|_| MALFORMED.to_string())?;
    if version > 1 {
        return Err("x509: unsupported private key version".to_string());
    }
    let mut ints = Vec::new();
    for _ in 0..8 {
        ints.push(
            r.uint()
                .map_err(|_| "x509: private key contains zero or negative value".to_string())?,
        );
    }
    if ints.iter().take(5).any(|b| b.iter().all(|&x| x == 0)) {
        return Err("x509: private key contains zero or negative value".to_string());
    }
    let key = rsa::PrivateKey::from_components(
        boxed(ints[0]),
        boxed(ints[1]),
        boxed(ints[2]),
        vec![boxed(ints[3]), boxed(ints[4])],
    )
    .map_err(|e| format!("crypto/rsa: {e}"))?;
    Ok(PrivateKey::Rsa(Box::new(key)))
}

/// `x509.ParseECPrivateKey` (P-256 only: other curves are `unknown elliptic curve` here).
fn parse_ec(data: &[u8], named_by_caller: bool) -> Result<PrivateKey, String> {
    match shape(data) {
        Some("PKCS8") => return Err(hint("ParsePKCS8PrivateKey")),
        Some("PKCS1") => return Err(hint("ParsePKCS1PrivateKey")),
        Some(_) => {}
        None => {
            return Err(format!(
                "x509: failed to parse EC private key: {}",
                asn1_error(data, "ecPrivateKey")
            ))
        }
    }
    let wrap = |_| format!("x509: failed to parse EC private key: {MALFORMED}");
    let fields = Reader::new(data).read(tag::SEQUENCE).map_err(wrap)?;
    let mut r = Reader::new(fields);
    let version = r.small_int().map_err(wrap)?;
    if version != 1 {
        return Err(format!("x509: unknown EC private key version {version}"));
    }
    let secret = r.read(tag::OCTET_STRING).map_err(wrap)?;
    if let Some(params) = r.optional(0xa0).map_err(wrap)? {
        if params != der::oid(oids::P256).as_slice() {
            return Err("x509: unknown elliptic curve".to_string());
        }
    } else if !named_by_caller {
        return Err("x509: unknown elliptic curve".to_string());
    }
    if secret.len() > 32 {
        return Err("x509: invalid private key length".to_string());
    }
    let mut padded = [0u8; 32];
    padded[32 - secret.len()..].copy_from_slice(secret);
    p256::SecretKey::from_slice(&padded)
        .map(PrivateKey::Ecdsa)
        .map_err(|_| "x509: failed to parse EC private key: invalid private key".to_string())
}

/// `x509.ParsePKCS8PrivateKey` (RSA, P-256 and Ed25519 payloads).
fn parse_pkcs8(data: &[u8]) -> Result<PrivateKey, String> {
    match shape(data) {
        Some("EC") => return Err(hint("ParseECPrivateKey")),
        Some("PKCS1") => return Err(hint("ParsePKCS1PrivateKey")),
        Some(_) => {}
        None => return Err(asn1_error(data, "pkcs8")),
    }
    let fields = Reader::new(data)
        .read(tag::SEQUENCE)
        .map_err(|_| MALFORMED.to_string())?;
    let mut r = Reader::new(fields);
    r.small_int().map_err(|_| MALFORMED.to_string())?;
    let alg = r.read(tag::SEQUENCE).map_err(|_| MALFORMED.to_string())?;
    let key = r
        .read(tag::OCTET_STRING)
        .map_err(|_| MALFORMED.to_string())?;
    let mut a = Reader::new(alg);
    let (_, oid, oid_full) = a.any().map_err(|_| MALFORMED.to_string())?;
    let _ = oid;
    if oid_full == der::oid(oids::RSA).as_slice() {
        parse_pkcs1(key)
            .map_err(|e| format!("x509: failed to parse RSA private key embedded in PKCS#8: {e}"))
    } else if oid_full == der::oid(oids::EC_PUBLIC_KEY).as_slice() {
        let named = !a.is_empty() && a.read(tag::OID).ok() == Some(&der::oid(oids::P256)[2..]);
        if !named {
            return Err("x509: failed to parse EC private key embedded in PKCS#8: x509: unknown elliptic curve".into());
        }
        parse_ec(key, true)
            .map_err(|e| format!("x509: failed to parse EC private key embedded in PKCS#8: {e}"))
    } else if oid_full == der::oid(oids::ED25519).as_slice() {
        if !a.is_empty() {
            return Err("x509: invalid Ed25519 private key parameters".to_string());
        }
        let seed = Reader::new(key)
            .read(tag::OCTET_STRING)
            .map_err(|_| format!("x509: invalid Ed25519 private key: {MALFORMED}"))?;
        let seed: [u8; 32] = seed
            .try_into()
            .map_err(|_| format!("x509: invalid Ed25519 private key length: {}", seed.len()))?;
        Ok(PrivateKey::Ed25519(Box::new(
            ed25519_dalek::SigningKey::from_bytes(&seed),
        )))
    } else {
        Err(format!(
            "x509: PKCS#8 wrapping contained private key with unknown algorithm: {}",
            oid_text(oid_full)
        ))
    }
}

/// An OID's dotted text (Go prints `asn1.ObjectIdentifier` that way).
fn oid_text(full: &[u8]) -> String {
    let Ok((_, c, _)) = Reader::new(full).any() else {
        return String::new();
    };
    let mut arcs: Vec<u64> = Vec::new();
    let mut acc = 0u64;
    for &b in c {
        acc = (acc << 7) | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            if arcs.is_empty() {
                let first = (acc / 40).min(2);
                arcs.push(first);
                arcs.push(acc - first * 40);
            } else {
                arcs.push(acc);
            }
            acc = 0;
        }
    }
    arcs.iter()
        .map(|a| a.to_string())
        .collect::<Vec<_>>()
        .join(".")
}

/// Sprig's `parsePrivateKeyPEM`.
pub fn parse_pem(text: &str) -> Result<PrivateKey, String> {
    let block = pem::decode(text.as_bytes()).ok_or("no PEM data in input")?;
    if block.kind == "PRIVATE KEY" {
        return parse_pkcs8(&block.bytes).map_err(|e| format!("decoding PEM as PKCS#8: {e}"));
    }
    let Some(prefix) = block.kind.strip_suffix(" PRIVATE KEY") else {
        return Err(format!(
            "no private key data in PEM block of type {}",
            block.kind
        ));
    };
    match prefix {
        "RSA" => {
            parse_pkcs1(&block.bytes).map_err(|e| format!("parsing RSA private key from PEM: {e}"))
        }
        "EC" => parse_ec(&block.bytes, false)
            .map_err(|e| format!("parsing EC private key from PEM: {e}")),
        "DSA" => {
            parse_dsa(&block.bytes).map_err(|e| format!("parsing DSA private key from PEM: {e}"))
        }
        _ => Err(format!("invalid private key type {}", block.kind)),
    }
}

fn parse_dsa(data: &[u8]) -> Result<PrivateKey, String> {
    let Ok(fields) = Reader::new(data).read(tag::SEQUENCE) else {
        return Err(asn1_error(data, "DSAKeyFormat"));
    };
    let mut r = Reader::new(fields);
    r.small_int().map_err(|_| MALFORMED.to_string())?;
    let mut ints: [Vec<u8>; 5] = Default::default();
    for n in ints.iter_mut() {
        *n = r.uint().map_err(|_| MALFORMED.to_string())?.to_vec();
    }
    Ok(PrivateKey::Dsa(Box::new(ints)))
}
