//! Expectations come from Helm v4.2.3 (the `helm-oracle`); `testdata/` holds PEM files it
//! produced. Random outputs are compared by structure; deterministic ones exactly.
//!
//! `testdata/templates.jsonl` records whole templates for the engine: each line holds a
//! `template` Helm v4.2.3 rendered as `templates/t.yaml` of a chart named `x`, and its
//! `output` or full `error` text.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::der::{tag, Reader};
use super::*;
use crate::host::SeededHost;
use crate::template::funcs::FuncImpl;
use crate::value::List;

fn call(f: FuncImpl, args: &[Value]) -> Result<Value, String> {
    let mut host = SeededHost::new(3);
    f(
        &mut CallCtx {
            host: &mut host,
            lint: false,
            unchanged: false,
        },
        args,
    )
}

fn s(v: &str) -> Value {
    Value::from(v)
}

fn list(items: &[&str]) -> Value {
    Value::List(List::new(items.iter().map(|&i| s(i)).collect()))
}

/// Splits a PEM file into its blocks' texts.
fn blocks(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for line in text.lines() {
        cur.push_str(line);
        cur.push('\n');
        if line.starts_with("-----END ") {
            out.push(core::mem::take(&mut cur));
        }
    }
    out
}

fn field(v: &Value, name: &str) -> String {
    let Value::Object(o) = v else {
        panic!("not a certificate: {v:?}")
    };
    o.field(name)
        .and_then(|f| f.as_str().map(String::from))
        .expect("field")
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// The parts of a certificate Sprig decides, with the random ones (serial, dates, keys,
/// signature, key identifiers) reduced to their kind or length.
fn shape(pem_text: &str) -> String {
    let block = pem::decode(pem_text.as_bytes()).expect("pem");
    let mut out = Vec::new();
    let cert = Reader::new(&block.bytes).read(tag::SEQUENCE).unwrap();
    let mut c = Reader::new(cert);
    let tbs = c.read(tag::SEQUENCE).unwrap();
    let mut t = Reader::new(tbs);
    out.push(format!("version {}", hex(t.read(0xa0).unwrap())));
    t.read(tag::INTEGER).unwrap();
    out.push(format!("sigalg {}", hex(t.any().unwrap().2)));
    out.push(format!("issuer {}", hex(t.any().unwrap().2)));
    let mut v = Reader::new(t.read(tag::SEQUENCE).unwrap());
    out.push(format!(
        "validity {:x} {:x}",
        v.any().unwrap().0,
        v.any().unwrap().0
    ));
    out.push(format!("subject {}", hex(t.any().unwrap().2)));
    let mut spki = Reader::new(t.read(tag::SEQUENCE).unwrap());
    out.push(format!("spki {}", hex(spki.any().unwrap().2)));
    let exts = Reader::new(t.read(0xa3).unwrap())
        .read(tag::SEQUENCE)
        .unwrap();
    let mut r = Reader::new(exts);
    while !r.is_empty() {
        let mut e = Reader::new(r.read(tag::SEQUENCE).unwrap());
        let oid = hex(e.any().unwrap().2);
        let critical = e.optional(tag::BOOLEAN).unwrap().is_some();
        let value = e.read(tag::OCTET_STRING).unwrap();
        let shown = if oid.ends_with("551d0e") || oid.ends_with("551d23") {
            format!("{} bytes", value.len())
        } else {
            hex(value)
        };
        out.push(format!("ext {oid} {critical} {shown}"));
    }
    out.push(format!("outer sigalg {}", hex(c.any().unwrap().2)));
    out.join("\n")
}

#[test]
fn derive_password_vectors() {
    // {{ derivePassword COUNTER TYPE PASSWORD USER SITE }}
    let cases: &[(i64, &str, &str, &str, &str, &str)] = &[
        (
            1,
            "long",
            "password",
            "user",
            "example.com",
            "ZedaFaxcZaso9*",
        ),
        (
            1,
            "maximum",
            "password",
            "user",
            "example.com",
            "pf4zS1LjCg&LjhsZ7T2~",
        ),
        (2, "medium", "pw", "üser", "site", "Buq4'Qey"),
        (0, "short", "", "", "", "Roz7"),
        (4_294_967_295, "basic", "p", "u", "s", "jAL77fma"),
        (7, "pin", "p", "u", "s", "4802"),
        (
            7,
            "name",
            "p",
            "u",
            "s",
            "cannot find password template name",
        ),
        // A uint32 parameter keeps the low bits of 4294967296.
        (4_294_967_296, "pin", "p", "u", "s", "9426"),
    ];
    for &(counter, kind, pw, user, site, expected) in cases {
        let got = call(
            imp::derive_password,
            &[Value::Int(counter), s(kind), s(pw), s(user), s(site)],
        )
        .unwrap();
        assert_eq!(got.as_str(), Some(expected), "{counter} {kind}");
    }
}

#[test]
fn bcrypt_matches_go() {
    // {{ bcrypt "hello" }} => $2a$10$Qp0C7mdzi8EEcBdqYyhShuc3XZikI.4jc2LvKfPhyIKZLri85hLya
    let go = "$2a$10$Qp0C7mdzi8EEcBdqYyhShuc3XZikI.4jc2LvKfPhyIKZLri85hLya";
    let alphabet = b"./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let digits: Vec<u32> = go[7..29]
        .bytes()
        .map(|c| alphabet.iter().position(|&a| a == c).unwrap() as u32)
        .collect();
    let mut salt = [0u8; 16];
    let mut bits = 0u64;
    let mut n = 0;
    let mut i = 0;
    for d in digits {
        bits = (bits << 6) | u64::from(d);
        n += 6;
        if n >= 8 && i < 16 {
            n -= 8;
            salt[i] = (bits >> n) as u8;
            i += 1;
        }
    }
    assert_eq!(passwords::bcrypt_with_salt(b"hello", 10, &salt), go);

    let h = call(imp::bcrypt, &[s("hello")]).unwrap();
    assert!(h.as_str().unwrap().starts_with("$2a$10$") && h.as_str().unwrap().len() == 60);
    let long = "a".repeat(80);
    assert_eq!(
        call(imp::bcrypt, &[s(&long)]).unwrap().as_str(),
        Some("failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes")
    );
    // {{ htpasswd "us:er" "pass" }} => invalid username: us:er
    assert_eq!(
        call(imp::htpasswd, &[s("us:er"), s("pass")])
            .unwrap()
            .as_str(),
        Some("invalid username: us:er")
    );
    let line = call(imp::htpasswd, &[s("user"), s("pass")]).unwrap();
    assert!(line.as_str().unwrap().starts_with("user:$2a$10$"));
}

#[test]
fn aes() {
    // {{ encryptAES "secretkey" "plaintext" }} => b+/pAyjI12hgrg6W0zAHEwvqQJk51ACicw1yOsNc7o0=
    let go = "b+/pAyjI12hgrg6W0zAHEwvqQJk51ACicw1yOsNc7o0=";
    assert_eq!(
        call(imp::decrypt_aes, &[s("secretkey"), s(go)])
            .unwrap()
            .as_str(),
        Some("plaintext")
    );
    let long_pw = "a-very-long-password-longer-than-32-bytes!!";
    let text = "héllo wörld 0123456789abcdef";
    let enc = call(imp::encrypt_aes, &[s(long_pw), s(text)]).unwrap();
    assert_eq!(enc.as_str().unwrap().len(), 64);
    assert_eq!(
        call(imp::decrypt_aes, &[s(long_pw), enc]).unwrap().as_str(),
        Some(text)
    );
    let cases: &[(&str, &str)] = &[
        ("", "OK "),
        ("!!!", "illegal base64 data at input byte 0"),
        (
            "YWJj",
            "runtime error: slice bounds out of range [:16] with capacity 3",
        ),
        (
            "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWZY",
            "crypto/cipher: input not full blocks",
        ),
        (
            "MDEyMzQ1Njc4OWFiY2RlZg==",
            "runtime error: index out of range [-1]",
        ),
        (
            "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
            "runtime error: slice bounds out of range [:-233]",
        ),
    ];
    for &(input, expected) in cases {
        let got = match call(imp::decrypt_aes, &[s("k"), s(input)]) {
            Ok(v) => format!("OK {}", v.as_str().unwrap()),
            Err(e) => e,
        };
        assert_eq!(got, expected, "decryptAES k {input:?}");
    }
    assert_eq!(
        call(imp::encrypt_aes, &[s("k"), s("")]).unwrap().as_str(),
        Some("")
    );
    // {{ decryptAES "wrong" "b+/pAyjI12hgrg6W0zAHEwvqQJk51ACicw1yOsNc7o0=" }}
    assert_eq!(
        call(imp::decrypt_aes, &[s("wrong"), s(go)]).unwrap_err(),
        "runtime error: slice bounds out of range [:-130]"
    );
}

/// Go (1.24 on) takes an RSA key's private exponent modulo λ(N) = lcm(p-1, q-1), not
/// φ(N): the oracle's keys all have d < λ(N) with d·e ≡ 1 (mod λ(N)).
#[test]
fn rsa_private_exponent_is_modulo_carmichael() {
    use crypto_bigint::{BoxedUint, ConcatenatingMul, Gcd, NonZero, Resize};
    use rsa::traits::{PrivateKeyParts, PublicKeyParts};
    let Ok(keys::PrivateKey::Rsa(k)) = keys::generate(&mut SeededHost::new(5), "rsa", 2048) else {
        panic!("an RSA key")
    };
    let one = BoxedUint::one();
    let (p, q) = (k.primes()[0].as_ref(), k.primes()[1].as_ref());
    let (p1, q1) = (p.wrapping_sub(&one), q.wrapping_sub(&one));
    let g = p1.gcd(&q1);
    let lambda = (&p1 / NonZero::new(g).unwrap()).concatenating_mul(&q1);
    let d = k.d();
    assert!(
        d < &lambda.clone().resize(d.bits_precision()),
        "d below λ(N)"
    );
    let e = k.e().clone().resize(d.bits_precision());
    let de = d.concatenating_mul(&e);
    let r = de.rem(&NonZero::new(lambda.resize(de.bits_precision())).unwrap());
    assert_eq!(r, BoxedUint::one_with_precision(r.bits_precision()));
}

/// Keys built from primes are the `rsa` crate's own `from_p_q` keys, component for
/// component (the private exponent is computed another way).
#[test]
fn rsa_keys_from_primes_match_from_p_q() {
    use rsa::traits::{PrivateKeyParts, PublicKeyParts};
    for seed in 11..14 {
        let Ok(keys::PrivateKey::Rsa(k)) = keys::generate(&mut SeededHost::new(seed), "rsa", 2048)
        else {
            panic!("an RSA key")
        };
        let (p, q) = (
            k.primes()[0].as_ref().clone(),
            k.primes()[1].as_ref().clone(),
        );
        let theirs = rsa::PrivateKey::from_p_q(p, q, rsa::BoxedUint::from(65_537u64)).unwrap();
        assert_eq!(k.d(), theirs.d());
        assert_eq!(k.n(), theirs.n());
        assert_eq!(k.dp(), theirs.dp());
        assert_eq!(k.dq(), theirs.dq());
        assert_eq!(k.crt_coefficient(), theirs.crt_coefficient());
    }
}

#[test]
fn go_keys_round_trip_byte_for_byte() {
    let ca = blocks(include_str!("testdata/ca_rsa.pem"));
    for pem_text in [
        ca[1].as_str(),
        include_str!("testdata/ec_key.pem"),
        include_str!("testdata/ed25519_key.pem"),
        include_str!("testdata/dsa_key.pem"),
    ] {
        let key = keys::parse_pem(pem_text).unwrap();
        assert_eq!(key.to_pem(), pem_text);
    }
    // DSA parameter generation is slow (seconds in debug builds): one key only.
    let dsa = keys::generate(&mut SeededHost::new(9), "dsa", 0)
        .unwrap()
        .to_pem();
    assert_eq!(keys::parse_pem(&dsa).unwrap().to_pem(), dsa);
    assert!(dsa.starts_with("-----BEGIN DSA PRIVATE KEY-----\n"));
    for typ in ["ecdsa", "ed25519"] {
        let pem_text = call(imp::gen_private_key, &[s(typ)]).unwrap();
        let pem_text = pem_text.as_str().unwrap();
        assert_eq!(keys::parse_pem(pem_text).unwrap().to_pem(), pem_text);
    }
    assert_eq!(
        call(imp::gen_private_key, &[s("foo")]).unwrap().as_str(),
        Some("Unknown type foo")
    );
}

#[test]
fn key_errors() {
    let cases: &[(&str, &str)] = &[
        ("garbage", "parsing private key: no PEM data in input"),
        ("-----BEGIN FOO-----\nYWJj\n-----END FOO-----\n", "parsing private key: no private key data in PEM block of type FOO"),
        (
            "-----BEGIN FOO PRIVATE KEY-----\nYWJj\n-----END FOO PRIVATE KEY-----\n",
            "parsing private key: invalid private key type FOO PRIVATE KEY",
        ),
        (
            "-----BEGIN PRIVATE KEY-----\nYWJj\n-----END PRIVATE KEY-----\n",
            "parsing private key: decoding PEM as PKCS#8: asn1: structure error: tags don't match (16 vs {class:1 tag:1 length:98 isCompound:true}) {optional:false explicit:false application:false private:false defaultValue:<nil> tag:<nil> stringType:0 timeType:0 set:false omitEmpty:false} pkcs8 @2",
        ),
        (
            "-----BEGIN RSA PRIVATE KEY-----\nYWJj\n-----END RSA PRIVATE KEY-----\n",
            "parsing private key: parsing RSA private key from PEM: asn1: structure error: tags don't match (16 vs {class:1 tag:1 length:98 isCompound:true}) {optional:false explicit:false application:false private:false defaultValue:<nil> tag:<nil> stringType:0 timeType:0 set:false omitEmpty:false} pkcs1PrivateKey @2",
        ),
        (
            "-----BEGIN EC PRIVATE KEY-----\nYWJj\n-----END EC PRIVATE KEY-----\n",
            "parsing private key: parsing EC private key from PEM: x509: failed to parse EC private key: asn1: structure error: tags don't match (16 vs {class:1 tag:1 length:98 isCompound:true}) {optional:false explicit:false application:false private:false defaultValue:<nil> tag:<nil> stringType:0 timeType:0 set:false omitEmpty:false} ecPrivateKey @2",
        ),
        (
            "-----BEGIN DSA PRIVATE KEY-----\nYWJj\n-----END DSA PRIVATE KEY-----\n",
            "parsing private key: parsing DSA private key from PEM: asn1: structure error: tags don't match (16 vs {class:1 tag:1 length:98 isCompound:true}) {optional:false explicit:false application:false private:false defaultValue:<nil> tag:<nil> stringType:0 timeType:0 set:false omitEmpty:false} DSAKeyFormat @2",
        ),
        (
            "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VxBCIEIGcq5R1inn84VBpILzH1lWtbyc3hzcmKsFgHspTWVuuB\n-----END PRIVATE KEY-----\n",
            "parsing private key: decoding PEM as PKCS#8: x509: PKCS#8 wrapping contained private key with unknown algorithm: 1.3.101.113",
        ),
    ];
    for &(pem_text, expected) in cases {
        assert_eq!(
            call(imp::gen_ca_with_key, &[s("x"), Value::Int(1), s(pem_text)]).unwrap_err(),
            expected
        );
    }
}

#[test]
fn template_errors() {
    let nil = Value::Nil;
    let ed = include_str!("testdata/ed25519_key.pem");
    let cases: Vec<(&str, Result<Value, String>, &str)> = alloc::vec![
        (
            "genSelfSignedCertWithKey \"x\" (list 1) nil 1 KEY",
            call(
                imp::gen_self_signed_cert_with_key,
                &[
                    s("x"),
                    Value::List(List::new(alloc::vec![Value::Int(1)])),
                    nil.clone(),
                    Value::Int(1),
                    s(ed)
                ]
            ),
            "error parsing ip: 1 is not a string",
        ),
        (
            "… (list \"300.1.1.1\") …",
            call(
                imp::gen_self_signed_cert_with_key,
                &[
                    s("x"),
                    list(&["300.1.1.1"]),
                    nil.clone(),
                    Value::Int(1),
                    s(ed)
                ]
            ),
            "error parsing ip: 300.1.1.1",
        ),
        (
            "… (list \"fe80::1%eth0\") …",
            call(
                imp::gen_self_signed_cert_with_key,
                &[
                    s("x"),
                    list(&["fe80::1%eth0"]),
                    nil.clone(),
                    Value::Int(1),
                    s(ed)
                ]
            ),
            "error parsing ip: fe80::1%eth0",
        ),
        (
            "… nil (list 1.5) …",
            call(
                imp::gen_self_signed_cert_with_key,
                &[
                    s("x"),
                    nil.clone(),
                    Value::List(List::new(alloc::vec![Value::Float(1.5)])),
                    Value::Int(1),
                    s(ed)
                ]
            ),
            "error processing alternate dns name: 1.5 is not a string",
        ),
        (
            "… nil (list \"é.com\") …",
            call(
                imp::gen_self_signed_cert_with_key,
                &[s("x"), nil.clone(), list(&["é.com"]), Value::Int(1), s(ed)]
            ),
            "error creating certificate: x509: \"é.com\" cannot be encoded as an IA5String",
        ),
        (
            "genSignedCert \"x\" nil nil 1 (dict)",
            call(
                imp::gen_signed_cert,
                &[
                    s("x"),
                    nil.clone(),
                    nil.clone(),
                    Value::Int(1),
                    Value::empty_map()
                ]
            ),
            "wrong type for value; expected sprig.certificate; got map[string]interface {}",
        ),
        (
            "buildCustomCert \"!!\" \"x\"",
            call(imp::build_custom_cert, &[s("!!"), s("x")]),
            "unable to decode base64 certificate"
        ),
        (
            "buildCustomCert \"YWJj\" \"!!\"",
            call(imp::build_custom_cert, &[s("YWJj"), s("!!")]),
            "unable to decode base64 private key"
        ),
        (
            "buildCustomCert \"YWJj\" \"YWJj\"",
            call(imp::build_custom_cert, &[s("YWJj"), s("YWJj")]),
            "unable to decode certificate"
        ),
    ];
    for (template, got, expected) in cases {
        assert_eq!(got.unwrap_err(), expected, "{template}");
    }
}

#[test]
fn certificates_have_gos_structure() {
    let go_ca = blocks(include_str!("testdata/ca_rsa.pem"));
    let go_ss = blocks(include_str!("testdata/self_signed_san.pem"));
    let go_signed = blocks(include_str!("testdata/ca_and_signed.pem"));

    // {{ genCA "my-ca" 365 }}
    let ca = call(imp::gen_ca, &[s("my-ca"), Value::Int(365)]).unwrap();
    assert_eq!(shape(&field(&ca, "Cert")), shape(&go_ca[0]));
    assert!(field(&ca, "Key").starts_with("-----BEGIN RSA PRIVATE KEY-----\n"));
    let Value::Object(o) = &ca else { panic!() };
    assert_eq!(o.type_name(), "sprig.certificate");

    // {{ genSelfSignedCert "foo.com" (list "10.0.0.1" "::1") (list "a.com" "b.com") 30 }}
    let ss = call(
        imp::gen_self_signed_cert,
        &[
            s("foo.com"),
            list(&["10.0.0.1", "::1"]),
            list(&["a.com", "b.com"]),
            Value::Int(30),
        ],
    )
    .unwrap();
    assert_eq!(shape(&field(&ss, "Cert")), shape(&go_ss[0]));

    // {{ $ca := genCA "my-ca" 365 }}{{ genSignedCert "srv" nil (list "x.y") 10 $ca }}
    let leaf = call(
        imp::gen_signed_cert,
        &[
            s("srv"),
            Value::Nil,
            list(&["x.y"]),
            Value::Int(10),
            ca.clone(),
        ],
    )
    .unwrap();
    assert_eq!(shape(&field(&leaf, "Cert")), shape(&go_signed[1]));

    // Signing with Helm's own CA (buildCustomCert of its PEM) gives the same structure.
    let b64 = |t: &str| crate::sprig::random::base64_std(t.as_bytes());
    let go_ca_value = call(
        imp::build_custom_cert,
        &[s(&b64(&go_ca[0])), s(&b64(&go_ca[1]))],
    )
    .unwrap();
    assert_eq!(field(&go_ca_value, "Cert"), go_ca[0]);
    let leaf = call(
        imp::gen_signed_cert,
        &[
            s("srv"),
            Value::Nil,
            list(&["x.y"]),
            Value::Int(10),
            go_ca_value,
        ],
    )
    .unwrap();
    assert_eq!(shape(&field(&leaf, "Cert")), shape(&go_signed[1]));

    // {{ genSelfSignedCertWithKey "" nil nil 1 (genPrivateKey "ecdsa") }}
    let ec = call(imp::gen_private_key, &[s("ecdsa")]).unwrap();
    let c = call(
        imp::gen_self_signed_cert_with_key,
        &[s(""), Value::Nil, Value::Nil, Value::Int(1), ec],
    )
    .unwrap();
    assert_eq!(
        shape(&field(&c, "Cert")),
        shape(include_str!("testdata/self_signed_ecdsa_empty_cn.pem"))
    );

    // {{ genSelfSignedCertWithKey "é*&@" nil nil 1 (genPrivateKey "ed25519") }}
    let ed = call(imp::gen_private_key, &[s("ed25519")]).unwrap();
    let c = call(
        imp::gen_self_signed_cert_with_key,
        &[s("é*&@"), Value::Nil, Value::Nil, Value::Int(1), ed],
    )
    .unwrap();
    assert_eq!(
        shape(&field(&c, "Cert")),
        shape(include_str!("testdata/self_signed_ed25519_utf8_cn.pem"))
    );

    // A DSA key cannot sign: {{ genCAWithKey "x" 1 (genPrivateKey "dsa") }}
    let dsa = include_str!("testdata/dsa_key.pem");
    assert_eq!(
        call(imp::gen_ca_with_key, &[s("x"), Value::Int(1), s(dsa)]).unwrap_err(),
        "error creating certificate: x509: certificate private key does not implement crypto.Signer"
    );
}

#[test]
fn engine_renders_recorded_templates() {
    // Every recorded template, `uint32` and `sprig.certificate` parameters included, renders
    // as Helm rendered it.
    assert_eq!(
        crate::sprig::date::tests::engine_mismatches(include_str!("testdata/templates.jsonl")),
        Vec::<String>::new()
    );
}
