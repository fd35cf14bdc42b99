//! YAML as Helm reads and writes it.
//!
//! Reading follows sigs.k8s.io/yaml over go-yaml v2 (YAML 1.1 scalars, merge keys, last
//! duplicate wins, boolean-like keys renamed, then a JSON round trip: every number float64).
//! Writing follows sigs.k8s.io/yaml's `Marshal` (`toYaml`) and yaml.v3 (`toYamlPretty`).
//!
//! The reader is our own port of libyaml's structure as go-yaml v2 has it
//! (`scanner` → `parser` → `decode`), because Helm's error messages and line numbers come
//! from that exact state machine, down to its 512-byte input chunks. `toYaml` is defined
//! as JSON text read back by that reader and written by go-yaml v2's emitter (`encode`,
//! `emitter`), so its quirks come out the same: long keys (JSON text over 1,024
//! characters) fail, U+0085 folds to a space, DEL and C1 controls fail, and integral floats
//! print as integers.
//!
//! Both directions have shortcuts that answer only where they provably give the exact
//! pipeline's answer, and otherwise hand the input to it unchanged:
//! - `scanner::fast` reads block-structured documents (what values files, manifests and
//!   CRDs are made of) by following the indentation, with the exact scanner's own scalar
//!   routines; anchors on collections, aliases beyond scalars, merges, tags, non-string
//!   keys, tabs or CR in indentation and any error go to the exact reader.
//! - `decode` builds values straight from the node tree when there are no aliases, merges,
//!   tags or non-string keys.
//! - `encode` writes `toYaml` straight from the value, re-typing numbers from their JSON
//!   text, unless a string or key is one the JSON round trip would change or refuse.
//!
//! `shortcut_tests` holds each shortcut to its exact pipeline on the conformance inputs and
//! thousands of mutated chart-like documents.
//!
//! The exact pipelines run on explicit stacks: nesting (10,000 flow plus 10,000 block
//! levels in go-yaml) and alias chains never grow the Rust stack, and alias expansion is
//! bounded by go-yaml's "excessive aliasing" rule. The shortcuts recurse at most 200 levels
//! and leave anything deeper to them.
//!
//! Known divergences, all where Go itself is not deterministic or not observable:
//! - Go ranges over maps in random order. When go-yaml's key order is not transitive (keys
//!   `v1beta1`, `v2`, `v10` in one `toYaml` map) or two keys read as the same string
//!   (`1:` and `"1":`), Helm's output varies from run to run; ours is one of its outputs.
//! - Key order treats only ASCII digits as digits and Rust's alphabetic property as Go's
//!   `unicode.IsLetter`.
//! - `%#v` renderings in rare errors (`invalid map key`, `unsupported map key`) order
//!   mixed-type keys nil, strings, numbers, booleans (Go orders types by address).
//! - `toYamlPretty` of a host object uses its JSON view (`Object::to_data`) where yaml.v3
//!   would use lowercased Go field names; a map containing itself is an error (Go crashes).
//!
//! Owner: yaml work.

mod decode;
mod emitter;
mod encode;
mod parser;
mod resolve;
mod scanner;

use alloc::string::String;
use alloc::vec::Vec;

use crate::value::{List, Map, MapType, Value};
use decode::{decode_document, Composer, ReadError};

/// A YAML error in go-yaml's words (`yaml: line 3: mapping values are not allowed in this context`).
#[derive(Clone, Debug, PartialEq)]
pub struct YamlError {
    /// The message exactly as Helm prints it: sigs.k8s.io/yaml's text, e.g.
    /// `error converting YAML to JSON: yaml: line 3: did not find expected key`.
    pub message: String,
    /// 1-based line, when known (the real line, not go-yaml's sometimes 0-based one).
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
}

impl core::fmt::Display for YamlError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message)
    }
}

const CONVERT_PREFIX: &str = "error converting YAML to JSON: ";

/// go-yaml's reader: it decodes its whole input before scanning, as UTF-16 (little or big
/// endian) after a UTF-16 byte order mark, else as UTF-8, and fails with its words at the
/// first character it cannot decode or does not allow. `Some` is the text decoded from
/// UTF-16; UTF-8 is scanned as it is.
fn read_input(src: &str) -> Result<Option<String>, YamlError> {
    match crate::gobytes::utf16_bom(src) {
        Some((little, _)) => utf16(src, little).map(Some),
        None => utf8_check(src).map(|()| None),
    }
}

/// A reader's failure, as sigs.k8s.io/yaml words it.
fn reader_error<T>(problem: &str) -> Result<T, YamlError> {
    Err(YamlError {
        message: alloc::format!("{CONVERT_PREFIX}yaml: {problem}"),
        line: None,
        column: None,
    })
}

/// The text of UTF-16 bytes after their byte order mark, decoded as go-yaml decodes them.
fn utf16(src: &str, little: bool) -> Result<String, YamlError> {
    let b = crate::gobytes::go_bytes(src);
    let unit = |i: usize| {
        let (x, y) = (u32::from(b[i]), u32::from(b[i + 1]));
        if little {
            x | y << 8
        } else {
            x << 8 | y
        }
    };
    let mut out = String::with_capacity(b.len() / 2);
    let mut i = 2;
    while i < b.len() {
        if i + 2 > b.len() {
            return reader_error("incomplete UTF-16 character");
        }
        let u = unit(i);
        if u & 0xFC00 == 0xDC00 {
            return reader_error("unexpected low surrogate area");
        }
        let c = if u & 0xFC00 == 0xD800 {
            if i + 4 > b.len() {
                return reader_error("incomplete UTF-16 surrogate pair");
            }
            let low = unit(i + 2);
            if low & 0xFC00 != 0xDC00 {
                return reader_error("expected low surrogate area");
            }
            i += 4;
            0x10000 + ((u & 0x3FF) << 10) + (low & 0x3FF)
        } else {
            i += 2;
            u
        };
        // Surrogates were paired above: every value left is a character.
        match char::from_u32(c).filter(|&ch| scanner::allowed_char(ch)) {
            Some(ch) => out.push(ch),
            None => return reader_error("control characters are not allowed"),
        }
    }
    Ok(out)
}

/// [`read_input`] of UTF-8: a string holding bytes that are not UTF-8 (see
/// [`crate::gobytes`]) fails with the reader's words, unless a character the reader does
/// not allow comes first.
fn utf8_check(src: &str) -> Result<(), YamlError> {
    // Raw bytes are encoded as four-byte characters: ASCII text (most of any chart) is
    // passed over a word at a time before the byte-wise search.
    let b = src.as_bytes();
    let mut i = 0;
    while let Some(chunk) = b.get(i..i + 32) {
        let mut w = [0u64; 4];
        for (k, x) in w.iter_mut().enumerate() {
            let mut word = [0u8; 8];
            word.copy_from_slice(&chunk[k * 8..k * 8 + 8]);
            *x = u64::from_le_bytes(word);
        }
        if (w[0] | w[1] | w[2] | w[3]) & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        i += 32;
    }
    while b.get(i).is_some_and(|c| c.is_ascii()) {
        i += 1;
    }
    // `i` is at the start of a character: everything before it is ASCII.
    if !crate::gobytes::has_raw(src.get(i..).unwrap_or_default()) {
        return Ok(());
    }
    let b = crate::gobytes::go_bytes(src);
    let fail = reader_error::<()>;
    // The reader drops a UTF-8 byte order mark first.
    let mut i = if b.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    while i < b.len() {
        let o = b[i];
        let width = match o {
            _ if o & 0x80 == 0 => 1,
            _ if o & 0xE0 == 0xC0 => 2,
            _ if o & 0xF0 == 0xE0 => 3,
            _ if o & 0xF8 == 0xF0 => 4,
            _ => return fail("invalid leading UTF-8 octet"),
        };
        if i + width > b.len() {
            return fail("incomplete UTF-8 octet sequence");
        }
        let mut value = u32::from(o & [0x7F, 0x1F, 0x0F, 0x07][width - 1]);
        for k in 1..width {
            let t = b[i + k];
            if t & 0xC0 != 0x80 {
                return fail("invalid trailing UTF-8 octet");
            }
            value = (value << 6) | u32::from(t & 0x3F);
        }
        let shortest = match width {
            1 => true,
            2 => value >= 0x80,
            3 => value >= 0x800,
            _ => value >= 0x10000,
        };
        if !shortest {
            return fail("invalid length of a UTF-8 sequence");
        }
        if (0xD800..=0xDFFF).contains(&value) || value > 0x10FFFF {
            return fail("invalid Unicode character");
        }
        if !char::from_u32(value).is_some_and(scanner::allowed_char) {
            return fail("control characters are not allowed");
        }
        i += width;
    }
    Ok(())
}

fn to_error(e: ReadError) -> YamlError {
    match e {
        ReadError::Yaml {
            message,
            line,
            column,
        } => YamlError {
            message: alloc::format!("{CONVERT_PREFIX}{message}"),
            line,
            column,
        },
        ReadError::Convert(m) => YamlError {
            message: alloc::format!("{CONVERT_PREFIX}{m}"),
            line: None,
            column: None,
        },
        ReadError::Json(m) => YamlError {
            message: alloc::format!("error unmarshaling JSON: while decoding JSON: {m}"),
            line: None,
            column: None,
        },
    }
}

/// sigs.k8s.io/yaml `Unmarshal` into `interface{}`: what `fromYaml`, values files and
/// Chart.yaml see. Numbers become float64; maps are `map[string]interface {}`.
///
/// Only the first document is read (later ones are not even parsed, as in go-yaml); an
/// empty stream is `Nil`.
pub fn from_yaml(src: &str) -> Result<Value, YamlError> {
    let decoded = read_input(src)?;
    let src = decoded.as_deref().unwrap_or(src);
    if let Some(docs) = scanner::read_fast(src, false, false) {
        return Ok(docs.into_iter().next().unwrap_or(Value::Nil));
    }
    let mut c = Composer::new(src);
    match c.document().map_err(to_error)? {
        Some(doc) => decode_document(&doc).map_err(to_error),
        None => Ok(Value::Nil),
    }
}

/// Every document of a multi-document stream, each as [`from_yaml`] reads it (go-yaml v2's
/// `Decoder` loop). An empty stream has no documents.
pub fn from_yaml_documents(src: &str) -> Result<Vec<Value>, YamlError> {
    let decoded = read_input(src)?;
    let src = decoded.as_deref().unwrap_or(src);
    if let Some(docs) = scanner::read_fast(src, false, true) {
        return Ok(docs);
    }
    let mut c = Composer::new(src);
    let mut out = Vec::new();
    while let Some(doc) = c.document().map_err(to_error)? {
        out.push(decode_document(&doc).map_err(to_error)?);
    }
    Ok(out)
}

/// The first document with go-yaml's own scalar types kept: `Int` for integers, `Uint`
/// above `i64::MAX`, `Float` for floats (keys and errors as [`from_yaml`]).
///
/// For typed targets such as Chart.yaml's string fields, sigs.k8s.io/yaml turns a number
/// into text before the JSON step ([`number_as_string`]): `version: 1.0` reads as `"1"`.
pub fn from_yaml_typed(src: &str) -> Result<Value, YamlError> {
    let decoded = read_input(src)?;
    let src = decoded.as_deref().unwrap_or(src);
    if let Some(docs) = scanner::read_fast(src, true, false) {
        return Ok(docs.into_iter().next().unwrap_or(Value::Nil));
    }
    let mut c = Composer::new(src);
    match c.document().map_err(to_error)? {
        Some(doc) => decode::decode_document_raw(&doc).map_err(to_error),
        None => Ok(Value::Nil),
    }
}

/// go-yaml v2's strict mode (`yaml.UnmarshalStrict`, which sigs.k8s.io/yaml's
/// `UnmarshalStrict` runs first): `None` when the first document sets no key twice in one
/// map, else its error, `yaml: unmarshal errors:` and a line per repeated key.
pub fn strict_duplicate_keys(src: &str) -> Option<String> {
    let decoded = read_input(src).ok()?;
    let mut c = Composer::new(decoded.as_deref().unwrap_or(src));
    let doc = c.document().ok()??;
    let errors = decode::strict_duplicates(&doc).ok()?;
    if errors.is_empty() {
        return None;
    }
    let mut out = String::from("yaml: unmarshal errors:");
    for e in errors {
        out.push_str("\n  ");
        out.push_str(&e);
    }
    Some(out)
}

/// sigs.k8s.io/yaml's coercion of a scalar from [`from_yaml_typed`] decoded into a Go
/// `string` field: integers in decimal, floats with `strconv.FormatFloat(f, 'g', -1, 32)`,
/// booleans as `true`/`false`. `None` for strings, nulls and collections (left as they are).
pub fn number_as_string(v: &Value) -> Option<String> {
    match v {
        Value::Int(n) | Value::Int64(n) => Some(alloc::format!("{n}")),
        Value::Uint(n) => Some(alloc::format!("{n}")),
        Value::Float(f) => Some(decode::format_float32(*f)),
        Value::Bool(b) => Some(String::from(if *b { "true" } else { "false" })),
        _ => None,
    }
}

/// sigs.k8s.io/yaml `Unmarshal` into a Go map of type `ty` (`fromYaml` uses
/// `map[string]interface {}`, values files `common.Values`): `Ok(None)` for a null document,
/// encoding/json's type error when the document is not a mapping.
pub fn from_yaml_map(src: &str, ty: MapType) -> Result<Option<Map>, YamlError> {
    match from_yaml(src)? {
        Value::Nil => Ok(None),
        Value::Map(m) => Ok(Some(if ty == MapType::Any { m } else { m.retyped(ty) })),
        other => Err(json_type_error(&other, ty.type_name())),
    }
}

/// sigs.k8s.io/yaml `Unmarshal` into `[]interface {}` (`fromYamlArray`): `Ok(None)` for a
/// null document.
pub fn from_yaml_list(src: &str) -> Result<Option<List>, YamlError> {
    match from_yaml(src)? {
        Value::Nil => Ok(None),
        Value::List(l) => Ok(Some(l)),
        other => Err(json_type_error(&other, "[]interface {}")),
    }
}

fn json_type_error(v: &Value, go_type: &str) -> YamlError {
    let what = match v {
        Value::Map(_) => "object",
        Value::List(_) => "array",
        Value::String(_) => "string",
        Value::Bool(_) => "bool",
        _ => "number",
    };
    YamlError {
        message: alloc::format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {what} into Go value of type {go_type}"
        ),
        line: None,
        column: None,
    }
}

/// sigs.k8s.io/yaml `Marshal` (`toYaml` before Helm trims the trailing newline).
///
/// The error is sigs.k8s.io/yaml's text (`error marshaling into JSON: json: unsupported
/// value: NaN`, or go-yaml's `yaml: ...` when the JSON does not read back); Helm's `toYaml`
/// prints "" then and `mustToYaml` fails with it.
pub fn to_yaml(v: &Value) -> Result<String, String> {
    // Written directly whenever the JSON round trip provably changes nothing else.
    match encode::encode_direct(v, true) {
        Ok(out) => Ok(out),
        Err(encode::Stop::Error(e)) => Err(e),
        Err(encode::Stop::Fallback) => to_yaml_via_json(v),
    }
}

/// `toYaml` as sigs.k8s.io/yaml does it: JSON text, read back by go-yaml, written by
/// go-yaml's encoder.
fn to_yaml_via_json(v: &Value) -> Result<String, String> {
    let json = encode::go_json_marshal(v)
        .map_err(|e| alloc::format!("error marshaling into JSON: {e}"))?;
    let mut c = Composer::new(&json);
    let read = |e: ReadError| match e {
        ReadError::Yaml { message, .. } => message,
        ReadError::Convert(m) | ReadError::Json(m) => m,
    };
    let raw = match c.document().map_err(read)? {
        Some(doc) => decode::decode_document_raw(&doc).map_err(read)?,
        None => Value::Nil,
    };
    let out = encode::encode(&raw, false);
    decode::drop_deep(raw);
    out
}

/// yaml.v3 with indent 2 (`toYamlPretty` before Helm trims the trailing newline).
pub fn to_yaml_pretty(v: &Value) -> Result<String, String> {
    match encode::encode_direct(v, false) {
        Ok(out) => Ok(out),
        Err(encode::Stop::Error(e)) => Err(e),
        Err(encode::Stop::Fallback) => encode::encode(v, true),
    }
}

/// The pipelines without their shortcuts, for tests that hold the shortcuts to them.
#[cfg(test)]
pub(crate) mod exact {
    use super::*;

    /// The first document (`all` false) or all of them, read and decoded step for step.
    pub(crate) fn read(src: &str, raw: bool, all: bool) -> Result<Vec<Value>, YamlError> {
        let mut c = Composer::new(src);
        let mut out = Vec::new();
        while let Some(doc) = c.document().map_err(to_error)? {
            out.push(decode::decode_exact(&doc, raw).map_err(to_error)?);
            if !all {
                break;
            }
        }
        Ok(out)
    }

    pub(crate) fn to_yaml(v: &Value) -> Result<String, String> {
        to_yaml_via_json(v)
    }

    pub(crate) fn to_yaml_pretty(v: &Value) -> Result<String, String> {
        encode::encode(v, true)
    }
}

#[cfg(test)]
mod shortcut_tests;
#[cfg(test)]
mod tests;
