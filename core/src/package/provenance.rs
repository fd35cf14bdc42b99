//! The signed text of a provenance (`.prov`) file, without the OpenPGP part: Helm's
//! `messageBlock` and `parseMessageBlock` (`pkg/provenance/sign.go`). The host signs and
//! checks the clear-signed envelope.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;

use crate::value::{Entries, Value};

/// Separates the chart metadata from the file sums.
const SEPARATOR: &str = "\n...\n";

/// The text Helm clear-signs: `yaml.Marshal(metadata)`, `\n...\n`, then
/// `files:\n  <file_name>: sha256:<hex>\n`.
pub fn message_block(
    metadata_yaml: &str,
    file_name: &str,
    sha256_hex: &str,
) -> Result<String, String> {
    let mut files = Entries::new();
    files.insert(file_name.into(), Value::str(format!("sha256:{sha256_hex}")));
    let mut sums = Entries::new();
    sums.insert("files".into(), Value::map(files));
    let sums = crate::yaml::to_yaml(&Value::map(sums))?;
    Ok(format!("{metadata_yaml}{SEPARATOR}{sums}"))
}

/// The message block of a `.prov` file for an archive: the metadata of the chart as
/// loaded from that archive (dependencies included), the archive's name and SHA-256.
pub fn message_for_archive(archive: &[u8], file_name: &str) -> Result<String, String> {
    let chart = crate::chart::load_archive(archive)
        .map_err(|e| format!("failed to load chart for signing: {e}"))?;
    let md = super::chartfile::marshal_metadata(&chart.metadata)?;
    message_block(&md, file_name, &super::sha256_hex(archive))
}

/// Helm's `parseMessageBlock`: the `files` map of the part after the first `\n...\n`.
pub fn parse_files(plaintext: &str) -> Result<BTreeMap<String, String>, String> {
    let mut parts = plaintext.split(SEPARATOR);
    let (Some(_), Some(sums)) = (parts.next(), parts.next()) else {
        return Err(String::from("message block must have at least two parts"));
    };
    let v = crate::yaml::from_yaml(sums).map_err(|e| e.message)?;
    let mut out = BTreeMap::new();
    let Value::Map(m) = v else {
        return match v {
            Value::Nil => Ok(out),
            _ => Err(String::from(
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal value into Go value of type provenance.SumCollection",
            )),
        };
    };
    let entries = m.to_vec();
    let files = entries.iter().find(|(k, _)| &**k == "files").or_else(|| {
        entries
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("files"))
    });
    if let Some((_, Value::Map(files))) = files {
        for (k, v) in files.to_vec() {
            match v {
                Value::String(s) => {
                    out.insert(String::from(&*k), String::from(&*s));
                }
                Value::Nil => {
                    out.insert(String::from(&*k), String::new());
                }
                _ => {
                    return Err(String::from("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal value into Go struct field SumCollection.files of type string"));
                }
            }
        }
    }
    Ok(out)
}

/// Helm's check of the sums against the archive: `sha256:<hex>` on success.
pub fn check_sum(
    files: &BTreeMap<String, String>,
    file_name: &str,
    archive_sha256_hex: &str,
) -> Result<String, String> {
    let sum = format!("sha256:{archive_sha256_hex}");
    match files.get(file_name) {
        None => Err(format!(
            "provenance does not contain a SHA for a file named {}",
            crate::values::gostr::quote(file_name)
        )),
        Some(sha) if *sha != sum => Err(format!(
            "sha256 sum does not match for {file_name}: {} != {}",
            crate::values::gostr::quote(sha),
            crate::values::gostr::quote(&sum)
        )),
        Some(_) => Ok(sum),
    }
}
