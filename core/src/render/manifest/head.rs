//! Helm's `SimpleHead`: the four fields the sorter reads from each document, decoded the way
//! `sigs.k8s.io/yaml.Unmarshal(doc, &SimpleHead{})` decodes them.
//!
//! That call converts YAML to JSON guided by the target type (scalars headed for a `string`
//! field become strings: `kind: 5` reads as `"5"`), marshals the JSON with sorted keys, and
//! lets `encoding/json` fill the struct: field names match case-insensitively (exact match
//! first), later keys overwrite earlier ones, `null` leaves a string alone but clears a
//! pointer or a map, and the first type mismatch becomes the error.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};

use crate::value::Value;

/// `metadata` of a [`Head`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HeadMetadata {
    /// `metadata.name`.
    pub name: String,
    /// `metadata.annotations`; `None` when absent or `null`.
    pub annotations: Option<BTreeMap<String, String>>,
}

/// What Helm reads of a manifest document (`releaseutil.SimpleHead`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Head {
    /// `apiVersion`.
    pub api_version: String,
    /// `kind`.
    pub kind: String,
    /// `metadata`; `None` when absent or `null`.
    pub metadata: Option<HeadMetadata>,
}

impl Head {
    /// The annotations, when there is at least one (Helm's `hasAnyAnnotation`).
    pub fn annotations(&self) -> Option<&BTreeMap<String, String>> {
        self.metadata
            .as_ref()
            .and_then(|m| m.annotations.as_ref())
            .filter(|a| !a.is_empty())
    }
}

/// Go's printed type of the anonymous `metadata` struct.
const METADATA_TYPE: &str = "struct { Name string \"json:\\\"name\\\"\"; Annotations map[string]string \"json:\\\"annotations\\\"\" }";

/// The JSON kind `encoding/json` names in a type error.
fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Nil => "null",
        Value::Bool(_) => "bool",
        Value::Int(_) | Value::Int64(_) | Value::Uint(_) | Value::Byte(_) | Value::Float(_) => {
            "number"
        }
        Value::String(_) | Value::Bytes(_) => "string",
        Value::List(_) => "array",
        Value::Map(_) | Value::Object(_) => "object",
    }
}

fn type_error(kind: &str, context: &str, ty: &str) -> String {
    format!(
        "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {kind} into Go {context} of type {ty}"
    )
}

/// Go's `foldName` for the ASCII field names we match: ASCII upper-casing, plus the two
/// non-ASCII runes whose fold orbit holds an ASCII letter (Kelvin sign, long s).
fn fold_eq(key: &str, field: &str) -> bool {
    let mut k = key.chars();
    for f in field.chars() {
        let Some(c) = k.next() else { return false };
        let c = match c {
            '\u{212A}' => 'K',
            '\u{17F}' => 'S',
            c => c.to_ascii_uppercase(),
        };
        if c != f.to_ascii_uppercase() {
            return false;
        }
    }
    k.next().is_none()
}

/// Which of `fields` a JSON key decodes into: the exact name, else a case-folded match.
fn field_for<'f>(key: &str, fields: &[&'f str]) -> Option<&'f str> {
    fields
        .iter()
        .find(|f| **f == key)
        .or_else(|| fields.iter().find(|f| fold_eq(key, f)))
        .copied()
}

/// A scalar headed for a Go `string` field, as sigs.k8s.io/yaml converts it. `Ok(None)` is
/// JSON `null` (the field keeps its value); `Err` carries the JSON kind of a mismatch.
fn to_go_string(v: &Value) -> Result<Option<String>, &'static str> {
    Ok(Some(match v {
        Value::Nil => return Ok(None),
        Value::String(s) => s.to_string(),
        Value::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) | Value::Int64(i) => i.to_string(),
        Value::Uint(u) => u.to_string(),
        Value::Byte(u) => u.to_string(),
        Value::Float(f) => float_to_string(*f),
        other => return Err(json_kind(other)),
    }))
}

/// A YAML number as sigs.k8s.io/yaml turns it into a string: integers with `FormatInt`,
/// floats with `FormatFloat(f, 'g', -1, 32)`. Our YAML reader hands every number over as a
/// float64, so integral values are taken to have been YAML integers.
pub(super) fn float_to_string(f: f64) -> String {
    if f.abs() < 9.223_372_036_854_776e18 && (f as i64) as f64 == f {
        return format!("{}", f as i64);
    }
    format_float32_g(f)
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 32)`.
pub(super) fn format_float32_g(f: f64) -> String {
    let x = f as f32;
    if x.is_nan() {
        return String::from("NaN");
    }
    if x.is_infinite() {
        return String::from(if x > 0.0 { "+Inf" } else { "-Inf" });
    }
    // Rust's `{:e}` prints the shortest digits that round-trip the f32, as Go does.
    let e = format!("{:e}", x);
    let (neg, e) = match e.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, e.as_str()),
    };
    let (mant, exp) = e.split_once('e').unwrap_or((e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mant.chars().filter(|c| *c != '.').collect();
    let digits = if digits.chars().all(|c| c == '0') {
        String::from("0")
    } else {
        digits
    };
    let nd = digits.len() as i32;
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if digits == "0" {
        out.push('0');
        return out;
    }
    if !(-4..6).contains(&exp) {
        out.push_str(&digits[..1]);
        if nd > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        let a = exp.unsigned_abs();
        if a < 10 {
            out.push('0');
        }
        out.push_str(&a.to_string());
    } else if exp < 0 {
        out.push_str("0.");
        for _ in 0..(-exp - 1) {
            out.push('0');
        }
        out.push_str(&digits);
    } else {
        let int_len = (exp + 1) as usize;
        if digits.len() <= int_len {
            out.push_str(&digits);
            for _ in digits.len()..int_len {
                out.push('0');
            }
        } else {
            out.push_str(&digits[..int_len]);
            out.push('.');
            out.push_str(&digits[int_len..]);
        }
    }
    out
}

/// Decodes a document (as the YAML reader returned it) into a [`Head`]; the error is the
/// text Helm appends to `YAML parse error on <path>: `.
pub fn decode_head(doc: &Value) -> Result<Head, String> {
    let mut head = Head::default();
    let map = match doc {
        Value::Nil => return Ok(head),
        Value::Map(m) => m,
        other => return Err(type_error(json_kind(other), "value", "util.SimpleHead")),
    };
    // JSON keeps only the first type error; decoding carries on past it.
    let mut first_err: Option<String> = None;
    let mut fail = |e: String| {
        if first_err.is_none() {
            first_err = Some(e);
        }
    };
    for (key, v) in map.to_vec() {
        match field_for(&key, &["apiVersion", "kind", "metadata"]) {
            Some(f @ ("apiVersion" | "kind")) => match to_go_string(&v) {
                Ok(Some(s)) if f == "kind" => head.kind = s,
                Ok(Some(s)) => head.api_version = s,
                Ok(None) => {}
                Err(kind) => fail(type_error(
                    kind,
                    &format!("struct field SimpleHead.{f}"),
                    "string",
                )),
            },
            Some(_) => match &v {
                Value::Nil => head.metadata = None,
                Value::Map(_) => {
                    let md = head.metadata.get_or_insert_with(HeadMetadata::default);
                    if let Err(e) = decode_metadata(&v, md) {
                        fail(e);
                    }
                }
                other => fail(type_error(
                    json_kind(other),
                    "struct field SimpleHead.metadata",
                    METADATA_TYPE,
                )),
            },
            None => {}
        }
    }
    match first_err {
        Some(e) => Err(e),
        None => Ok(head),
    }
}

fn decode_metadata(v: &Value, md: &mut HeadMetadata) -> Result<(), String> {
    let Value::Map(map) = v else { return Ok(()) };
    let mut first_err: Option<String> = None;
    for (key, v) in map.to_vec() {
        let err = match field_for(&key, &["name", "annotations"]) {
            Some("name") => match to_go_string(&v) {
                Ok(Some(s)) => {
                    md.name = s;
                    None
                }
                Ok(None) => None,
                Err(kind) => Some(type_error(kind, "struct field .metadata.name", "string")),
            },
            Some(_) => match &v {
                Value::Nil => {
                    md.annotations = None;
                    None
                }
                Value::Map(entries) => {
                    let ann = md.annotations.get_or_insert_with(BTreeMap::new);
                    let mut err = None;
                    for (k, val) in entries.to_vec() {
                        match to_go_string(&val) {
                            Ok(s) => {
                                // A null element still creates the key, with "".
                                ann.insert(k.to_string(), s.unwrap_or_default());
                            }
                            Err(kind) => {
                                ann.insert(k.to_string(), String::new());
                                if err.is_none() {
                                    err = Some(type_error(
                                        kind,
                                        "struct field .metadata.annotations",
                                        "string",
                                    ));
                                }
                            }
                        }
                    }
                    err
                }
                other => Some(type_error(
                    json_kind(other),
                    "struct field .metadata.annotations",
                    "map[string]string",
                )),
            },
            None => None,
        };
        if first_err.is_none() {
            first_err = err;
        }
    }
    match first_err {
        Some(e) => Err(e),
        None => Ok(()),
    }
}
