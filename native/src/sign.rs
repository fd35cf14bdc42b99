//! Provenance files (`.prov`): OpenPGP clear-signed messages, as Helm's
//! `pkg/provenance/sign.go` writes and checks them, on rpgp.
//!
//! The signed text comes from `binnacle_core::package::provenance`; this module adds the
//! keyring (GnuPG's binary format, `secring.gpg` / `pubring.gpg`, or ASCII armor), the
//! SHA-512 text signature by the key's primary key, and the check against a keyring.

use std::path::Path;

use binnacle_core::package::provenance;
use pgp::composed::{
    ArmorOptions, CleartextSignedMessage, PublicOrSecret, SignedPublicKey, SignedSecretKey,
};
use pgp::crypto::hash::HashAlgorithm;
use pgp::packet::{SignatureConfig, SignatureType, Subpacket, SubpacketData};
use pgp::ser::Serialize;
use pgp::types::{KeyDetails, KeyVersion, Password, Timestamp};

/// A key of a keyring, public or with its secret part.
pub type Entity = PublicOrSecret;

/// Go's wording of the common I/O errors (`open FILE: no such file or directory`).
fn io_text(e: &std::io::Error) -> String {
    crate::pipeline::io_text(e)
}

/// Reads every key of a keyring file (binary packets or ASCII armor).
pub fn read_keyring(path: &Path) -> Result<Vec<Entity>, String> {
    let data =
        std::fs::read(path).map_err(|e| format!("open {}: {}", path.display(), io_text(&e)))?;
    parse_keyring(&data)
}

/// Parses keyring bytes.
pub fn parse_keyring(data: &[u8]) -> Result<Vec<Entity>, String> {
    let (keys, _) = PublicOrSecret::from_reader_many(data)
        .map_err(|e| format!("openpgp: invalid data: {e}"))?;
    let keys: Vec<Entity> = keys
        .collect::<Result<_, _>>()
        .map_err(|e| format!("openpgp: invalid data: {e}"))?;
    if keys.is_empty() {
        return Err("openpgp: invalid argument: no armored data found".into());
    }
    Ok(keys)
}

/// The user IDs of a key, as Go's `Entity.Identities` keys them.
pub fn identities(e: &Entity) -> Vec<String> {
    let users = match e {
        PublicOrSecret::Public(k) => &k.details.users,
        PublicOrSecret::Secret(k) => &k.details.users,
    };
    users
        .iter()
        .map(|u| String::from_utf8_lossy(u.id.id()).into_owned())
        .collect()
}

/// The primary key's fingerprint in uppercase hex (Helm prints it with `%X`).
pub fn fingerprint(e: &Entity) -> String {
    let fp = match e {
        PublicOrSecret::Public(k) => k.fingerprint(),
        PublicOrSecret::Secret(k) => k.primary_key.fingerprint(),
    };
    format!("{fp:X}")
}

/// Helm's `NewFromKeyring` key choice: a user ID equal to `id` wins at once; else the one
/// key with a user ID containing `id`. `Ok(None)`: no key matched.
pub fn find_key<'a>(ring: &'a [Entity], id: &str) -> Result<Option<&'a Entity>, String> {
    let mut candidate = None;
    let mut vague = false;
    for e in ring {
        for n in identities(e) {
            if n == id {
                return Ok(Some(e));
            }
            if n.contains(id) {
                if candidate.is_some() {
                    vague = true;
                }
                candidate = Some(e);
            }
        }
    }
    if vague {
        return Err(format!(
            "more than one key contain the id {}",
            binnacle_core::gofmt::strconv::quote(id)
        ));
    }
    Ok(candidate)
}

/// Clear-signs `text` with SHA-512 by the primary key of the secret key `key_name` in the
/// keyring (Helm's `Signatory.ClearSign`). `passphrase` is asked for an encrypted key,
/// with the key's first user ID.
pub fn clearsign(
    text: &str,
    keyring: &Path,
    key_name: &str,
    passphrase: &mut dyn FnMut(&str) -> Result<String, String>,
) -> Result<String, String> {
    let ring = read_keyring(keyring)?;
    let Some(entity) = find_key(&ring, key_name)? else {
        return Err("private key not found".into());
    };
    let PublicOrSecret::Secret(key) = entity else {
        return Err(
            "provided key is not a private key. Try providing a keyring with secret keys".into(),
        );
    };
    let pw = if key.primary_key.secret_params().is_encrypted() {
        let name = identities(entity)
            .into_iter()
            .find(|n| !n.is_empty())
            .unwrap_or_else(|| "Unknown".into());
        Password::from(passphrase(&name)?.as_str())
    } else {
        Password::empty()
    };
    sign_text(text, key, &pw)
}

/// Signs with an already chosen secret key.
pub fn sign_text(text: &str, key: &SignedSecretKey, pw: &Password) -> Result<String, String> {
    let signer = &key.primary_key;
    let mut rng = rand::thread_rng();
    let typ = SignatureType::Text;
    let mut config = match signer.version() {
        KeyVersion::V6 => {
            SignatureConfig::v6(&mut rng, typ, signer.algorithm(), HashAlgorithm::Sha512)
        }
        _ => Ok(SignatureConfig::v4(
            typ,
            signer.algorithm(),
            HashAlgorithm::Sha512,
        )),
    }
    .map_err(|e| e.to_string())?;
    let sub = |d| Subpacket::regular(d).map_err(|e| e.to_string());
    config.hashed_subpackets = vec![
        sub(SubpacketData::SignatureCreationTime(Timestamp::now()))?,
        sub(SubpacketData::IssuerFingerprint(signer.fingerprint()))?,
    ];
    if signer.version() <= KeyVersion::V4 {
        config.unhashed_subpackets = vec![sub(SubpacketData::IssuerKeyId(signer.legacy_key_id()))?];
    }
    let msg = CleartextSignedMessage::new(text, config, signer, pw)
        .map_err(|e| format!("failed to either sign or armor message block: {e}"))?;
    let opts = ArmorOptions {
        headers: None,
        include_checksum: false,
    };
    let mut out = msg
        .to_armored_string(opts)
        .map_err(|e| format!("failed to either sign or armor message block: {e}"))?;
    // Go's encoder ends with the armor's last line, no newline after it.
    if out.ends_with('\n') {
        out.pop();
    }
    Ok(out)
}

/// What a successful check found (Helm's `provenance.Verification`).
#[derive(Clone, Debug)]
pub struct Verification {
    /// The signing key's user IDs (sorted; Go's map order is random).
    pub signed_by: Vec<String>,
    /// The signing key's primary fingerprint, uppercase hex.
    pub fingerprint: String,
    /// `sha256:<hex>` of the archive.
    pub file_hash: String,
    /// The archive's base name.
    pub file_name: String,
}

/// Checks a clear-signed message against the keyring: the key that signed it, and the
/// plaintext (lines dash-unescaped and right-trimmed, each ending in `\n`, as Go's
/// `clearsign.Block.Plaintext`).
pub fn check_signature<'a>(prov: &str, ring: &'a [Entity]) -> Result<(&'a Entity, String), String> {
    let (msg, _) =
        CleartextSignedMessage::from_string(prov).map_err(|_| "signature block not found")?;
    let mut issuer_known = false;
    for e in ring {
        let public: SignedPublicKey = match e {
            PublicOrSecret::Public(k) => k.clone(),
            PublicOrSecret::Secret(k) => k.to_public_key(),
        };
        let ids: Vec<_> = std::iter::once(public.legacy_key_id())
            .chain(public.public_subkeys.iter().map(|s| s.legacy_key_id()))
            .collect();
        for sig in msg.signatures() {
            if sig.issuer_key_id().iter().any(|k| ids.contains(k)) {
                issuer_known = true;
            }
        }
        let ok = msg.verify(&public).is_ok()
            || public
                .public_subkeys
                .iter()
                .any(|s| msg.verify(&s.key).is_ok());
        if ok {
            let plain = msg.signed_text().replace("\r\n", "\n");
            let mut plaintext = plain.trim_end_matches('\n').to_string();
            plaintext.push('\n');
            return Ok((e, plaintext));
        }
    }
    Err(if issuer_known {
        "openpgp: invalid signature: hash tag doesn't match".into()
    } else {
        "openpgp: signature made by unknown entity".into()
    })
}

/// Helm's `Signatory.Verify`: signature, then the archive's sum in the signed text.
pub fn verify(
    archive: &[u8],
    prov: &str,
    file_name: &str,
    ring: &[Entity],
) -> Result<Verification, String> {
    let (entity, plaintext) = check_signature(prov, ring)?;
    let files = provenance::parse_files(&plaintext)?;
    let file_hash = provenance::check_sum(
        &files,
        file_name,
        &binnacle_core::package::sha256_hex(archive),
    )?;
    let mut signed_by = identities(entity);
    signed_by.sort();
    Ok(Verification {
        signed_by,
        fingerprint: fingerprint(entity),
        file_hash,
        file_name: file_name.to_string(),
    })
}

/// Helm's `downloader.VerifyChart`: `path` must be a `.tgz` with a `.prov` beside it (or
/// at `prov_path`).
pub fn verify_chart(
    path: &Path,
    prov_path: Option<&Path>,
    keyring: &Path,
) -> Result<Verification, String> {
    let meta =
        std::fs::metadata(path).map_err(|e| format!("stat {}: {}", path.display(), io_text(&e)))?;
    if meta.is_dir() {
        return Err("unpacked charts cannot be verified".into());
    }
    let is_tgz = path
        .extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case("tgz"));
    if !is_tgz {
        return Err("chart must be a tgz file".into());
    }
    let default_prov = format!("{}.prov", path.display());
    let prov_path = prov_path.unwrap_or_else(|| Path::new(&default_prov));
    if let Err(e) = std::fs::metadata(prov_path) {
        return Err(format!(
            "could not load provenance file {}: stat {}: {}",
            prov_path.display(),
            prov_path.display(),
            io_text(&e)
        ));
    }
    let ring = read_keyring(keyring).map_err(|e| format!("failed to load keyring: {e}"))?;
    let archive = std::fs::read(path)
        .map_err(|e| format!("failed to read chart archive: {}", io_text(&e)))?;
    let prov = std::fs::read(prov_path)
        .map_err(|e| format!("failed to read provenance file: {}", io_text(&e)))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    verify(&archive, &String::from_utf8_lossy(&prov), &name, &ring)
}

/// `helm verify`'s report.
pub fn report(v: &Verification) -> String {
    let mut out = String::new();
    for n in &v.signed_by {
        out.push_str(&format!("Signed by: {n}\n"));
    }
    out.push_str(&format!("Using Key With Fingerprint: {}\n", v.fingerprint));
    out.push_str(&format!("Chart Hash Verified: {}\n", v.file_hash));
    out
}

/// The `.prov` text for an archive: Helm's message block signed by `key_name`.
pub fn sign_archive(
    archive: &[u8],
    file_name: &str,
    keyring: &Path,
    key_name: &str,
    passphrase: &mut dyn FnMut(&str) -> Result<String, String>,
) -> Result<String, String> {
    let ring = read_keyring(keyring)?;
    // Helm loads the keyring and unlocks the key before it reads the archive.
    let Some(entity) = find_key(&ring, key_name)? else {
        return Err("private key not found".into());
    };
    let PublicOrSecret::Secret(_) = entity else {
        return Err(
            "provided key is not a private key. Try providing a keyring with secret keys".into(),
        );
    };
    let text = provenance::message_for_archive(archive, file_name)?;
    clearsign(&text, keyring, key_name, passphrase)
}

/// A new signing key (Ed25519, v4, legacy EdDSA as GnuPG makes by default) for `user_id`,
/// as a secret and a public keyring in GnuPG's binary format. For tests and for users
/// without GnuPG.
pub fn generate_keyring(
    user_id: &str,
    passphrase: Option<&str>,
) -> Result<(Vec<u8>, Vec<u8>), String> {
    use pgp::composed::{KeyType, SecretKeyParamsBuilder};
    let mut b = SecretKeyParamsBuilder::default();
    b.key_type(KeyType::Ed25519Legacy)
        .can_certify(true)
        .can_sign(true)
        .primary_user_id(user_id.into())
        .passphrase(passphrase.map(str::to_string));
    let params = b.build().map_err(|e| e.to_string())?;
    let key = params
        .generate(rand::thread_rng())
        .map_err(|e| e.to_string())?;
    let secret = key.to_bytes().map_err(|e| e.to_string())?;
    let public = key.to_public_key().to_bytes().map_err(|e| e.to_string())?;
    Ok((secret, public))
}
