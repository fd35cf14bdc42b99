//! Sprig's crypto functions: `genPrivateKey`, the certificate generators, `bcrypt`,
//! `htpasswd`, `derivePassword`, `encryptAES`, `decryptAES`.
//!
//! They need the `crypto` cargo feature (RustCrypto crates). Without it the functions are
//! still registered and return an error saying so, so templates fail clearly instead of
//! calling an unknown function.

pub mod der;
pub mod pem;

#[cfg(feature = "crypto")]
pub mod cert;
#[cfg(feature = "crypto")]
pub mod keys;
#[cfg(feature = "crypto")]
pub mod passwords;

use alloc::string::String;

use crate::func;
use crate::template::funcs::{CallCtx, Func, FuncResult};
use crate::value::Value;

/// The crypto functions.
pub static FUNCS: &[Func] = &[
    func!("bcrypt", [String], imp::bcrypt),
    func!("htpasswd", [String, String], imp::htpasswd),
    func!("genPrivateKey", [String], imp::gen_private_key),
    func!(
        "derivePassword",
        [Uint32, String, String, String, String],
        imp::derive_password
    ),
    func!("buildCustomCert", [String, String], imp::build_custom_cert),
    func!("genCA", [String, Int], imp::gen_ca),
    func!("genCAWithKey", [String, Int, String], imp::gen_ca_with_key),
    func!(
        "genSelfSignedCert",
        [String, List, List, Int],
        imp::gen_self_signed_cert
    ),
    func!(
        "genSelfSignedCertWithKey",
        [String, List, List, Int, String],
        imp::gen_self_signed_cert_with_key
    ),
    func!(
        "genSignedCert",
        [String, List, List, Int, Certificate],
        imp::gen_signed_cert
    ),
    func!(
        "genSignedCertWithKey",
        [String, List, List, Int, Certificate, String],
        imp::gen_signed_cert_with_key
    ),
    func!("encryptAES", [String, String], imp::encrypt_aes),
    func!("decryptAES", [String, String], imp::decrypt_aes),
];

#[cfg(feature = "crypto")]
fn str_arg(args: &[Value], i: usize) -> &str {
    args.get(i).and_then(Value::as_str).unwrap_or("")
}

#[cfg(feature = "crypto")]
fn int_arg(args: &[Value], i: usize) -> i64 {
    match args.get(i) {
        Some(Value::Int(n) | Value::Int64(n)) => *n,
        Some(Value::Uint(n)) => *n as i64,
        _ => 0,
    }
}

#[cfg(not(feature = "crypto"))]
mod imp {
    //! Stand-ins for a build without the `crypto` feature.
    use super::*;

    pub(super) fn unavailable(_: &mut CallCtx<'_>, _: &[Value]) -> FuncResult {
        Err(String::from(
            "this build of Binnacle has no crypto support (the `crypto` feature is off)",
        ))
    }

    pub(super) use unavailable as bcrypt;
    pub(super) use unavailable as htpasswd;
    pub(super) use unavailable as gen_private_key;
    pub(super) use unavailable as derive_password;
    pub(super) use unavailable as build_custom_cert;
    pub(super) use unavailable as gen_ca;
    pub(super) use unavailable as gen_ca_with_key;
    pub(super) use unavailable as gen_self_signed_cert;
    pub(super) use unavailable as gen_self_signed_cert_with_key;
    pub(super) use unavailable as gen_signed_cert;
    pub(super) use unavailable as gen_signed_cert_with_key;
    pub(super) use unavailable as encrypt_aes;
    pub(super) use unavailable as decrypt_aes;
}

#[cfg(feature = "crypto")]
mod imp {
    use alloc::format;
    use alloc::string::ToString;
    use alloc::vec::Vec;

    use super::cert::{self, Certificate, Issuer, Template};
    use super::keys::{self, PrivateKey};
    use super::*;
    use crate::host::Host;
    use crate::sprig::url::netip;

    pub(super) fn bcrypt(ctx: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
        Ok(Value::from(super::passwords::bcrypt(
            ctx.host,
            str_arg(args, 0),
        )))
    }

    pub(super) fn htpasswd(ctx: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
        Ok(Value::from(super::passwords::htpasswd(
            ctx.host,
            str_arg(args, 0),
            str_arg(args, 1),
        )))
    }

    pub(super) fn derive_password(_: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
        let counter = int_arg(args, 0);
        if counter < 0 {
            return Err(format!("expected unsigned integer; found {counter}"));
        }
        // A uint32 parameter keeps the low 32 bits of the template's constant, as Go's
        // reflect.Value.SetUint does.
        let s = |i| str_arg(args, i);
        Ok(Value::from(super::passwords::derive_password(
            counter as u32,
            s(1),
            s(2),
            s(3),
            s(4),
        )))
    }

    pub(super) fn encrypt_aes(ctx: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
        Ok(Value::from(super::passwords::encrypt_aes(
            ctx.host,
            str_arg(args, 0),
            str_arg(args, 1),
        )))
    }

    pub(super) fn decrypt_aes(_: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
        super::passwords::decrypt_aes(str_arg(args, 0), str_arg(args, 1)).map(Value::from)
    }

    pub(super) fn gen_private_key(ctx: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
        Ok(Value::from(
            match keys::generate(ctx.host, str_arg(args, 0), 4096) {
                Ok(k) => k.to_pem(),
                Err(e) => e,
            },
        ))
    }

    fn rsa_2048(host: &mut dyn Host) -> Result<PrivateKey, String> {
        keys::generate(host, "rsa", 2048).map_err(|e| format!("error generating rsa key: {e}"))
    }

    fn parse_key(pem: &str) -> Result<PrivateKey, String> {
        keys::parse_pem(pem).map_err(|e| format!("parsing private key: {e}"))
    }

    use crate::gofmt::format_v as go_v;

    fn list_arg(args: &[Value], i: usize) -> Result<&[Value], String> {
        match args.get(i) {
            None | Some(Value::Nil) => Ok(&[]),
            Some(Value::List(l)) => Ok(l.items()),
            Some(v) => Err(format!(
                "wrong type for value; expected []interface {{}}; got {}",
                v.type_name()
            )),
        }
    }

    /// Sprig's `getBaseCertTemplate` inputs: IPs first, then DNS names.
    fn template(args: &[Value], is_ca: bool) -> Result<Template, String> {
        let mut ips = Vec::new();
        let mut dns = Vec::new();
        if !is_ca {
            for ip in list_arg(args, 1)? {
                let Value::String(s) = ip else {
                    return Err(format!("error parsing ip: {} is not a string", go_v(ip)));
                };
                match netip::parse_addr(s) {
                    Ok(a) if !a.has_zone => ips.push(a),
                    _ => return Err(format!("error parsing ip: {s}")),
                }
            }
            for d in list_arg(args, 2)? {
                let Value::String(s) = d else {
                    return Err(format!(
                        "error processing alternate dns name: {} is not a string",
                        go_v(d)
                    ));
                };
                dns.push(s.to_string());
            }
        }
        let days = if is_ca {
            int_arg(args, 1)
        } else {
            int_arg(args, 3)
        };
        Ok(Template {
            cn: str_arg(args, 0).to_string(),
            ips,
            dns,
            days,
            is_ca,
        })
    }

    /// Sprig's `getCertAndKey`.
    fn cert_and_key(
        host: &mut dyn Host,
        t: &Template,
        key: &PrivateKey,
        issuer: Option<&Issuer<'_>>,
    ) -> FuncResult {
        let cert = cert::create(host, t, key, issuer)
            .map_err(|e| format!("error creating certificate: {e}"))?;
        Ok(Certificate {
            cert,
            key: key.to_pem(),
        }
        .value())
    }

    pub(super) fn gen_ca(ctx: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
        let key = rsa_2048(ctx.host)?;
        cert_and_key(ctx.host, &template(args, true)?, &key, None)
    }

    pub(super) fn gen_ca_with_key(ctx: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
        let key = parse_key(str_arg(args, 2))?;
        cert_and_key(ctx.host, &template(args, true)?, &key, None)
    }

    pub(super) fn gen_self_signed_cert(ctx: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
        let key = rsa_2048(ctx.host)?;
        cert_and_key(ctx.host, &template(args, false)?, &key, None)
    }

    pub(super) fn gen_self_signed_cert_with_key(
        ctx: &mut CallCtx<'_>,
        args: &[Value],
    ) -> FuncResult {
        let key = parse_key(str_arg(args, 4))?;
        cert_and_key(ctx.host, &template(args, false)?, &key, None)
    }

    fn ca_arg(args: &[Value], i: usize) -> Result<Certificate, String> {
        let v = args.get(i).unwrap_or(&Value::Nil);
        if let Value::Object(o) = v {
            if let Some(c) = o.as_any().downcast_ref::<Certificate>() {
                return Ok(c.clone());
            }
        }
        Err(format!(
            "wrong type for value; expected sprig.certificate; got {}",
            v.type_name()
        ))
    }

    /// Sprig's `generateSignedCertificateWithKeyInternal`.
    fn signed(
        host: &mut dyn Host,
        args: &[Value],
        ca: &Certificate,
        key: &PrivateKey,
    ) -> FuncResult {
        let block = super::pem::decode(ca.cert.as_bytes()).ok_or("unable to decode certificate")?;
        let parsed = cert::parse(&block.bytes)
            .map_err(|e| format!("error parsing certificate: decodedSignerCert.Bytes: {e}"))?;
        let signer =
            keys::parse_pem(&ca.key).map_err(|e| format!("error parsing private key: {e}"))?;
        let t = template(args, false)?;
        let issuer = Issuer {
            subject: parsed.subject,
            subject_key_id: parsed.subject_key_id,
            spki: parsed.spki,
            key: &signer,
        };
        cert_and_key(host, &t, key, Some(&issuer))
    }

    pub(super) fn gen_signed_cert(ctx: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
        let ca = ca_arg(args, 4)?;
        let key = rsa_2048(ctx.host)?;
        signed(ctx.host, args, &ca, &key)
    }

    pub(super) fn gen_signed_cert_with_key(ctx: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
        let ca = ca_arg(args, 4)?;
        let key = parse_key(str_arg(args, 5))?;
        signed(ctx.host, args, &ca, &key)
    }

    pub(super) fn build_custom_cert(_: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
        let cert = super::pem::base64_decode(str_arg(args, 0).as_bytes())
            .map_err(|_| "unable to decode base64 certificate".to_string())?;
        let key = super::pem::base64_decode(str_arg(args, 1).as_bytes())
            .map_err(|_| "unable to decode base64 private key".to_string())?;
        let block = super::pem::decode(&cert).ok_or("unable to decode certificate")?;
        cert::parse(&block.bytes)
            .map_err(|e| format!("error parsing certificate: decodedCert.Bytes: {e}"))?;
        let key_text = String::from_utf8_lossy(&key).into_owned();
        keys::parse_pem(&key_text).map_err(|e| format!("error parsing private key: {e}"))?;
        Ok(Certificate {
            cert: String::from_utf8_lossy(&cert).into_owned(),
            key: key_text,
        }
        .value())
    }
}

#[cfg(all(test, feature = "crypto"))]
mod tests;
