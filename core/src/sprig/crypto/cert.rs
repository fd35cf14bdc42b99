//! Sprig's certificates: the `x509.Certificate` template Sprig fills in, Go's
//! `CreateCertificate` encoding (field order, extensions, string and time types), the
//! parts of `x509.ParseCertificate` signing needs, and the `certificate` object.

use alloc::format;
use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::der::{self, tag, Reader};
use super::keys::PrivateKey;
use super::pem;
use crate::host::Host;
use crate::sprig::date::gotime::Time;
use crate::value::{map_of, Object, Value};

/// Sprig's `certificate` struct: PEM certificate and key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Certificate {
    /// `.Cert`
    pub cert: String,
    /// `.Key`
    pub key: String,
}

impl Certificate {
    /// Wraps the pair as a template value.
    pub fn value(self) -> Value {
        Value::Object(Rc::new(self))
    }
}

impl Object for Certificate {
    fn type_name(&self) -> &str {
        "sprig.certificate"
    }

    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "Cert" => Some(Value::from(self.cert.as_str())),
            "Key" => Some(Value::from(self.key.as_str())),
            _ => None,
        }
    }

    fn format_v(&self) -> String {
        format!("{{{} {}}}", self.cert, self.key)
    }

    fn stringer(&self) -> bool {
        false
    }

    fn printed_fields(&self) -> Option<Vec<crate::value::PrintedField>> {
        use crate::value::PrintedField;
        Some(alloc::vec![
            PrintedField::Str(self.cert.as_str().into()),
            PrintedField::Str(self.key.as_str().into()),
        ])
    }

    fn field_names(&self) -> &'static [&'static str] {
        &["Cert", "Key"]
    }

    fn to_data(&self) -> Option<Value> {
        Some(map_of([
            ("Cert", Value::from(self.cert.as_str())),
            ("Key", Value::from(self.key.as_str())),
        ]))
    }

    fn as_any(&self) -> &dyn core::any::Any {
        self
    }
}

/// What Sprig's `getBaseCertTemplate` sets, plus the CA flag.
pub struct Template {
    /// Subject common name.
    pub cn: String,
    /// IP SANs, 16-byte form.
    pub ips: Vec<crate::sprig::url::netip::Addr>,
    /// DNS SANs.
    pub dns: Vec<String>,
    /// `daysValid`.
    pub days: i64,
    /// CA certificate (`genCA`): CertSign usage, `CA:TRUE`, a subject key id.
    pub is_ca: bool,
}

/// The issuer: a parsed CA certificate and its key, or self-signing.
pub struct Issuer<'a> {
    /// The CA's subject, DER.
    pub subject: Vec<u8>,
    /// The CA's subject key identifier.
    pub subject_key_id: Option<Vec<u8>>,
    /// The CA's SubjectPublicKeyInfo, DER.
    pub spki: Vec<u8>,
    /// The CA's key.
    pub key: &'a PrivateKey,
}

fn is_printable(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '\''..=')' | '+'..='/' | ' ' | ':' | '=' | '?')
}

/// `pkix.Name{CommonName: cn}` as an RDNSequence.
fn name_der(cn: &str) -> Vec<u8> {
    if cn.is_empty() {
        return der::seq(&[]);
    }
    let string_tag = if cn.chars().all(is_printable) {
        tag::PRINTABLE_STRING
    } else {
        tag::UTF8_STRING
    };
    let atv = der::seq(&[
        &der::oid(&[2, 5, 4, 3]),
        &der::tlv(string_tag, cn.as_bytes()),
    ]);
    der::seq(&[&der::tlv(tag::SET, &atv)])
}

/// encoding/asn1's time: UTCTime for 1950–2049, GeneralizedTime otherwise.
fn time_der(t: &Time) -> Result<Vec<u8>, String> {
    let c = t.civil();
    let rest = format!(
        "{:02}{:02}{:02}{:02}{:02}Z",
        c.month, c.day, c.hour, c.minute, c.second
    );
    if (1950..2050).contains(&c.year) {
        return Ok(der::tlv(
            tag::UTC_TIME,
            format!("{:02}{rest}", c.year % 100).as_bytes(),
        ));
    }
    if !(0..=9999).contains(&c.year) {
        return Err("asn1: structure error: cannot represent time as GeneralizedTime".to_string());
    }
    Ok(der::tlv(
        tag::GENERALIZED_TIME,
        format!("{:04}{rest}", c.year).as_bytes(),
    ))
}

fn extension(oid: &[u64], critical: bool, value: &[u8]) -> Vec<u8> {
    let crit = if critical {
        der::tlv(tag::BOOLEAN, &[0xff])
    } else {
        Vec::new()
    };
    der::seq(&[&der::oid(oid), &crit, &der::tlv(tag::OCTET_STRING, value)])
}

/// Go's `marshalKeyUsage`: the usage bits reversed into a minimal BIT STRING.
fn key_usage(bits: u16) -> Vec<u8> {
    let a = [
        (bits as u8).reverse_bits(),
        ((bits >> 8) as u8).reverse_bits(),
    ];
    let used = if a[1] != 0 { &a[..] } else { &a[..1] };
    let last = used[used.len() - 1];
    let unused = if last == 0 {
        0
    } else {
        last.trailing_zeros() as u8
    };
    let mut content = Vec::from([unused]);
    content.extend_from_slice(used);
    der::tlv(tag::BIT_STRING, &content)
}

/// Go's `CreateCertificate` for Sprig's template: the PEM of the new certificate.
pub fn create(
    host: &mut dyn Host,
    t: &Template,
    key: &PrivateKey,
    issuer: Option<&Issuer<'_>>,
) -> Result<String, String> {
    let signer = issuer.map_or(key, |i| i.key);
    let sig_alg = signer.signature_algorithm()?;
    let (spki, pub_bits) = key.public_key_info()?;
    let subject = name_der(&t.cn);
    let issuer_name = issuer.map_or_else(|| subject.clone(), |i| i.subject.clone());
    if let Some(i) = issuer {
        if signer.public_key_info()?.0 != i.spki {
            return Err("x509: provided PrivateKey doesn't match parent's PublicKey".to_string());
        }
    }
    let authority_key_id = issuer
        .filter(|i| i.subject != subject)
        .and_then(|i| i.subject_key_id.clone());
    let subject_key_id = t.is_ca.then(|| {
        use sha2::Digest;
        sha2::Sha256::digest(&pub_bits)[..20].to_vec()
    });

    let mut serial = [0u8; 16];
    host.fill_random(&mut serial);
    let now = Time::now(host.now().unix_nanos, None);
    let day = 24 * 3_600_000_000_000i64;
    let not_after = now.add(day.wrapping_mul(t.days));

    let usage: u16 = if t.is_ca { 0b10_0101 } else { 0b101 };
    let mut exts = Vec::new();
    exts.push(extension(&[2, 5, 29, 15], true, &key_usage(usage)));
    let eku = der::seq(&[
        &der::oid(&[1, 3, 6, 1, 5, 5, 7, 3, 1]),
        &der::oid(&[1, 3, 6, 1, 5, 5, 7, 3, 2]),
    ]);
    exts.push(extension(&[2, 5, 29, 37], false, &eku));
    let basic = if t.is_ca {
        der::seq(&[&der::tlv(tag::BOOLEAN, &[0xff])])
    } else {
        der::seq(&[])
    };
    exts.push(extension(&[2, 5, 29, 19], true, &basic));
    if let Some(id) = &subject_key_id {
        exts.push(extension(
            &[2, 5, 29, 14],
            false,
            &der::tlv(tag::OCTET_STRING, id),
        ));
    }
    if let Some(id) = &authority_key_id {
        exts.push(extension(
            &[2, 5, 29, 35],
            false,
            &der::seq(&[&der::context(0, false, id)]),
        ));
    }
    if !t.dns.is_empty() || !t.ips.is_empty() {
        let mut names = Vec::new();
        for d in &t.dns {
            if !d.is_ascii() {
                return Err(format!(
                    "x509: {} cannot be encoded as an IA5String",
                    crate::gofmt::strconv::quote(d)
                ));
            }
            names.extend(der::context(2, false, d.as_bytes()));
        }
        for ip in &t.ips {
            match ip.to4() {
                Some(v4) => names.extend(der::context(7, false, &v4)),
                None => names.extend(der::context(7, false, &ip.bytes)),
            }
        }
        exts.push(extension(
            &[2, 5, 29, 17],
            subject == der::seq(&[]),
            &der::tlv(tag::SEQUENCE, &names),
        ));
    }

    let tbs = der::seq(&[
        &der::context(0, true, &der::small_int(2)),
        &der::uint(&serial),
        &sig_alg,
        &issuer_name,
        &der::seq(&[&time_der(&now)?, &time_der(&not_after)?]),
        &subject,
        &spki,
        &der::context(3, true, &der::tlv(tag::SEQUENCE, &exts.concat())),
    ]);
    let signature = signer.sign(host, &tbs)?;
    let cert = der::seq(&[&tbs, &sig_alg, &der::bit_string(&signature)]);
    Ok(pem::encode("CERTIFICATE", &cert))
}

/// The parts of a parsed certificate that signing with it needs.
pub struct Parsed {
    /// Subject, DER.
    pub subject: Vec<u8>,
    /// SubjectPublicKeyInfo, DER.
    pub spki: Vec<u8>,
    /// Subject key identifier extension.
    pub subject_key_id: Option<Vec<u8>>,
}

/// `x509.ParseCertificate` (structure only), with Go's error texts.
pub fn parse(data: &[u8]) -> Result<Parsed, String> {
    let e = |m: &str| m.to_string();
    let mut outer = Reader::new(data);
    let cert = outer
        .read(tag::SEQUENCE)
        .map_err(|_| e("x509: malformed certificate"))?;
    let mut c = Reader::new(cert);
    let tbs = c
        .read(tag::SEQUENCE)
        .map_err(|_| e("x509: malformed tbs certificate"))?;
    let mut t = Reader::new(tbs);
    if let Some(v) = t.optional(0xa0).map_err(|_| e("x509: malformed version"))? {
        let version = Reader::new(v)
            .small_int()
            .map_err(|_| e("x509: malformed version"))?;
        if !(0..=2).contains(&version) {
            return Err(e("x509: invalid version"));
        }
    }
    let serial = t
        .read(tag::INTEGER)
        .map_err(|_| e("x509: malformed serial number"))?;
    if serial.first().is_some_and(|b| b & 0x80 != 0) {
        return Err(e("x509: negative serial number"));
    }
    t.read(tag::SEQUENCE)
        .map_err(|_| e("x509: malformed signature algorithm identifier"))?;
    let (_, _, _issuer) = t.any().map_err(|_| e("x509: malformed issuer"))?;
    t.read(tag::SEQUENCE)
        .map_err(|_| e("x509: malformed validity"))?;
    let (stag, _, subject) = t.any().map_err(|_| e("x509: malformed issuer"))?;
    if stag != tag::SEQUENCE {
        return Err(e("x509: malformed issuer"));
    }
    let (ptag, _, spki) = t.any().map_err(|_| e("x509: malformed spki"))?;
    if ptag != tag::SEQUENCE {
        return Err(e("x509: malformed spki"));
    }
    t.optional(0x81)
        .map_err(|_| e("x509: malformed issuerUniqueID"))?;
    t.optional(0x82)
        .map_err(|_| e("x509: malformed subjectUniqueID"))?;
    let mut subject_key_id = None;
    if let Some(exts) = t
        .optional(0xa3)
        .map_err(|_| e("x509: malformed extensions"))?
    {
        let list = Reader::new(exts)
            .read(tag::SEQUENCE)
            .map_err(|_| e("x509: malformed extensions"))?;
        let mut r = Reader::new(list);
        while !r.is_empty() {
            let ext = r
                .read(tag::SEQUENCE)
                .map_err(|_| e("x509: malformed extension"))?;
            let mut x = Reader::new(ext);
            let (_, _, oid) = x
                .any()
                .map_err(|_| e("x509: malformed extension OID field"))?;
            x.optional(tag::BOOLEAN)
                .map_err(|_| e("x509: malformed extension critical field"))?;
            let value = x
                .read(tag::OCTET_STRING)
                .map_err(|_| e("x509: malformed extension value field"))?;
            if oid == der::oid(&[2, 5, 29, 14]).as_slice() {
                let id = Reader::new(value)
                    .read(tag::OCTET_STRING)
                    .map_err(|_| e("x509: invalid subject key identifier"))?;
                subject_key_id = Some(id.to_vec());
            }
        }
    }
    c.read(tag::SEQUENCE)
        .map_err(|_| e("x509: malformed algorithm identifier"))?;
    c.read(tag::BIT_STRING)
        .map_err(|_| e("x509: malformed signature"))?;
    if !outer.is_empty() {
        return Err(e("x509: trailing data"));
    }
    Ok(Parsed {
        subject: subject.to_vec(),
        spki: spki.to_vec(),
        subject_key_id,
    })
}
