//! Share links: the chart, the user values and the release settings, as JSON, deflated and
//! base64url-encoded into the URL fragment (`#share=…`), which browsers never send to a
//! server. Decoding gives back exactly what was encoded, bytes included.

use binnacle_web_engine::protocol::Release;
use miniz_oxide::deflate::compress_to_vec;
use miniz_oxide::inflate::decompress_to_vec_with_limit;
use serde::{Deserialize, Serialize};

use crate::base64;

/// The fragment's prefix.
pub const PREFIX: &str = "#share=";

/// Longest fragment we produce: links beyond this break in chat tools, mail clients and
/// some browsers, so bigger charts are refused with a clear message.
pub const MAX_LINK_CHARS: usize = 100_000;

/// Largest state a link may inflate to (a bound against hostile links).
const MAX_INFLATED: usize = 64 * 1024 * 1024;

/// Version tag leading the encoded data, so the format can change without breaking old links.
const VERSION: &str = "1.";

/// Everything a share link restores.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SharedState {
    /// The chart's files: path and bytes.
    #[serde(with = "files_format")]
    pub files: Vec<(String, Vec<u8>)>,
    /// The user values (`-f`).
    pub values: String,
    /// Release settings.
    pub release: Release,
    /// `--include-crds`.
    pub include_crds: bool,
    /// `--skip-tests`.
    pub skip_tests: bool,
    /// The file open in the editor.
    pub open: Option<String>,
}

/// Files as `[path, text]` when UTF-8, else `[path, {"b64": data}]`: readable and small.
mod files_format {
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::base64;

    #[derive(Serialize, Deserialize)]
    #[serde(untagged)]
    enum Data {
        Text(String),
        Binary { b64: String },
    }

    pub fn serialize<S: Serializer>(files: &[(String, Vec<u8>)], s: S) -> Result<S::Ok, S::Error> {
        let v: Vec<(&str, Data)> = files
            .iter()
            .map(|(p, d)| {
                let data = match std::str::from_utf8(d) {
                    Ok(t) => Data::Text(t.to_string()),
                    Err(_) => Data::Binary {
                        b64: base64::encode(d),
                    },
                };
                (p.as_str(), data)
            })
            .collect();
        v.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Vec<(String, Vec<u8>)>, D::Error> {
        let v: Vec<(String, Data)> = Vec::deserialize(d)?;
        v.into_iter()
            .map(|(p, data)| {
                let bytes = match data {
                    Data::Text(t) => t.into_bytes(),
                    Data::Binary { b64 } => base64::decode(&b64).map_err(D::Error::custom)?,
                };
                Ok((p, bytes))
            })
            .collect()
    }
}

/// Why a link could not be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// The encoded state is longer than [`MAX_LINK_CHARS`].
    TooLarge {
        /// Characters the link would take.
        chars: usize,
    },
}

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ShareError::TooLarge { chars } => write!(
                f,
                "This chart is too large to share as a link ({} KB compressed; links hold up to {} KB). Download the .tgz and share that instead.",
                chars.div_ceil(1000),
                MAX_LINK_CHARS / 1000
            ),
        }
    }
}

/// The fragment (`#share=…`) for `state`.
pub fn encode(state: &SharedState) -> Result<String, ShareError> {
    let json = serde_json::to_vec(state).unwrap_or_default();
    let packed = compress_to_vec(&json, 9);
    let link = format!("{PREFIX}{VERSION}{}", base64::encode_url(&packed));
    if link.len() > MAX_LINK_CHARS {
        return Err(ShareError::TooLarge { chars: link.len() });
    }
    Ok(link)
}

/// The state in a fragment made by [`encode`] (with or without the leading `#share=`).
pub fn decode(fragment: &str) -> Result<SharedState, String> {
    let data = fragment.strip_prefix(PREFIX).unwrap_or(fragment);
    let data = data
        .strip_prefix(VERSION)
        .ok_or("this share link comes from a newer or unknown version of the playground")?;
    let packed = base64::decode_url(data).map_err(|e| format!("damaged share link: {e}"))?;
    let json = decompress_to_vec_with_limit(&packed, MAX_INFLATED)
        .map_err(|_| "damaged share link: the data does not decompress".to_string())?;
    serde_json::from_slice(&json).map_err(|e| format!("damaged share link: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> SharedState {
        SharedState {
            files: vec![
                (
                    "Chart.yaml".into(),
                    b"apiVersion: v2\nname: x\nversion: 0.1.0\n".to_vec(),
                ),
                ("templates/t.yaml".into(), "k: \u{e9}\u{1F600}\r\n".into()),
                ("charts/dep.tgz".into(), vec![0x1f, 0x8b, 0, 0xff, 0xfe]),
                ("empty".into(), Vec::new()),
            ],
            values: "replicas: 3\n".into(),
            release: Release {
                name: "r".into(),
                namespace: "ns".into(),
                revision: 4,
                is_upgrade: true,
                kube_version: "1.30".into(),
                api_versions: vec!["x/v1".into()],
            },
            include_crds: true,
            skip_tests: false,
            open: Some("templates/t.yaml".into()),
        }
    }

    #[test]
    fn links_round_trip() {
        let s = state();
        let link = encode(&s).unwrap();
        assert!(link.starts_with("#share=1."));
        assert!(link[PREFIX.len()..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)));
        assert_eq!(decode(&link).unwrap(), s);
        assert_eq!(decode(&link[PREFIX.len()..]).unwrap(), s);
        assert_eq!(
            decode("#share=1.").unwrap_err(),
            "damaged share link: the data does not decompress"
        );
        assert!(decode("#share=2.abc").unwrap_err().contains("newer"));
        assert!(decode("#share=1.@@")
            .unwrap_err()
            .starts_with("damaged share link"));
    }

    #[test]
    fn large_states_are_refused() {
        // Incompressible content: a simple generator's bytes as text.
        let mut x: u64 = 1;
        let noise: String = (0..150_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                char::from(b'!' + (x % 90) as u8)
            })
            .collect();
        let mut s = state();
        s.files.push(("files/noise.txt".into(), noise.into_bytes()));
        match encode(&s) {
            Err(e @ ShareError::TooLarge { chars }) => {
                assert!(chars > MAX_LINK_CHARS);
                assert!(e
                    .to_string()
                    .starts_with("This chart is too large to share"));
            }
            other => panic!("{other:?}"),
        }
    }
}
