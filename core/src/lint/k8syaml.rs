//! Reading rendered manifests as Helm's lint does: apimachinery's `YAMLOrJSONDecoder`
//! (documents split at `---` lines, JSON when the text starts with `{`) decoding each
//! document into lint's `k8sYamlStruct` (`apiVersion`, `kind`, `metadata.name`,
//! `metadata.namespace`) through sigs.k8s.io/yaml, with the errors Go reports.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::value::Value;
use crate::yaml;

/// The fields lint looks at.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct K8sObject {
    /// `apiVersion`
    pub api_version: String,
    /// `kind`
    pub kind: String,
    /// `metadata.name`
    pub name: String,
    /// `metadata.namespace`
    pub namespace: String,
}

/// apimachinery's `YAMLReader`: the documents of a stream. A line starting with `---` ends
/// a document (only a comment may follow it); a leading separator stays in the document.
fn split_documents(text: &str) -> Result<Vec<String>, String> {
    let mut docs = Vec::new();
    let mut buf = String::new();
    let mut lines: Vec<&str> = text.split('\n').collect();
    // A final newline does not start another line.
    if text.ends_with('\n') {
        lines.pop();
    }
    for raw in lines {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(after) = line.strip_prefix("---") {
            let trimmed = after.trim_matches(|c: char| c.is_whitespace());
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                return Err(format!("invalid Yaml document separator: {trimmed}"));
            }
            if !buf.is_empty() {
                docs.push(core::mem::take(&mut buf));
                continue;
            }
        }
        buf.push_str(line);
        buf.push('\n');
    }
    if !buf.is_empty() {
        docs.push(buf);
    }
    Ok(docs)
}

/// sigs.k8s.io/yaml's view of a scalar decoded into a Go `string` field.
fn string_field(v: &Value, field: &str, out: &mut String) -> Result<(), String> {
    match v {
        Value::Nil => Ok(()),
        Value::String(s) => {
            *out = String::from(&**s);
            Ok(())
        }
        Value::Map(_) | Value::List(_) => Err(format!(
            "json: cannot unmarshal {} into Go struct field {field} of type string",
            if matches!(v, Value::Map(_)) {
                "object"
            } else {
                "array"
            }
        )),
        other => {
            *out = yaml::number_as_string(other).unwrap_or_default();
            Ok(())
        }
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Map(_) => "object",
        Value::List(_) => "array",
        Value::String(_) => "string",
        Value::Bool(_) => "bool",
        _ => "number",
    }
}

/// Go's case-insensitive JSON field matching: the exact key wins, else an ASCII fold.
fn field_of<'a>(key: &str, fields: &[&'a str]) -> Option<&'a str> {
    fields
        .iter()
        .find(|f| **f == key)
        .or_else(|| fields.iter().find(|f| f.eq_ignore_ascii_case(key)))
        .copied()
}

/// Decodes one document as `yaml.Unmarshal(doc, &*k8sYamlStruct)`: `None` for a null
/// document, Go's first type error otherwise (naming the innermost struct, then the field
/// path from the top: `k8sYamlMetadata.Metadata.Name`).
fn decode(doc: &str) -> Result<Option<K8sObject>, String> {
    let v = yaml::from_yaml_typed(doc).map_err(|e| e.message)?;
    let wrap = |e: String| format!("error unmarshaling JSON: while decoding JSON: {e}");
    let m = match &v {
        Value::Nil => return Ok(None),
        Value::Map(m) => m.clone(),
        other => {
            return Err(wrap(format!(
                "json: cannot unmarshal {} into Go value of type rules.k8sYamlStruct",
                json_kind(other)
            )))
        }
    };
    let mut o = K8sObject::default();
    // Go keeps decoding after a type error and reports the first one.
    let mut first: Option<String> = None;
    for (k, val) in m.to_vec() {
        let r = match field_of(&k, &["apiVersion", "Kind", "Metadata"]) {
            Some("apiVersion") => string_field(&val, "k8sYamlStruct.apiVersion", &mut o.api_version),
            Some("Kind") => string_field(&val, "k8sYamlStruct.Kind", &mut o.kind),
            Some(_) => match &val {
                Value::Nil => Ok(()),
                Value::Map(md) => {
                    let mut r = Ok(());
                    for (mk, mv) in md.to_vec() {
                        let e = match field_of(&mk, &["Namespace", "Name"]) {
                            Some("Namespace") => string_field(
                                &mv,
                                "k8sYamlMetadata.Metadata.Namespace",
                                &mut o.namespace,
                            ),
                            Some(_) => {
                                string_field(&mv, "k8sYamlMetadata.Metadata.Name", &mut o.name)
                            }
                            None => Ok(()),
                        };
                        if r.is_ok() {
                            r = e;
                        }
                    }
                    r
                }
                other => Err(format!(
                    "json: cannot unmarshal {} into Go struct field k8sYamlStruct.Metadata of type rules.k8sYamlMetadata",
                    json_kind(other)
                )),
            },
            None => Ok(()),
        };
        if let Err(e) = r {
            first.get_or_insert(e);
        }
    }
    match first {
        Some(e) => Err(wrap(e)),
        None => Ok(Some(o)),
    }
}

/// Every document of a rendered file: the objects (`None` for empty documents) up to the
/// first document that does not decode, and that document's error.
pub fn decode_stream(text: &str) -> (Vec<Option<K8sObject>>, Option<String>) {
    let mut json_err = None;
    if text.trim_start().starts_with('{') {
        // apimachinery tries JSON first; when that fails it reads YAML, and if YAML fails
        // too it reports the JSON error.
        match crate::json::from_json(text) {
            Ok(Value::Map(_)) => {
                return match decode(text) {
                    Ok(o) => (alloc::vec![o], None),
                    Err(e) => (Vec::new(), Some(e)),
                }
            }
            Ok(_) => {}
            Err(e) if e.starts_with("json: ") => json_err = Some(e),
            Err(e) => json_err = Some(format!("json: offset {}: {e}", syntax_offset(text))),
        }
    }
    let mut out = Vec::new();
    let docs = match split_documents(text) {
        Ok(d) => d,
        Err(e) => return (out, Some(json_err.unwrap_or(e))),
    };
    for d in docs {
        match decode(&d) {
            Ok(o) => out.push(o),
            Err(e) => return (out, Some(json_err.unwrap_or(e))),
        }
    }
    (out, None)
}

/// encoding/json's `SyntaxError.Offset`: the bytes read up to and including the one that
/// broke the syntax. Prefixes before it only lack an ending, so a binary search finds it.
fn syntax_offset(text: &str) -> usize {
    let broken = |n: usize| -> bool {
        let mut end = n;
        while !text.is_char_boundary(end) {
            end += 1;
        }
        matches!(crate::json::from_json(&text[..end]), Err(e) if e != "unexpected end of JSON input")
    };
    let (mut lo, mut hi) = (1usize, text.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if broken(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

/// Whether the first document of `text` is a list whose items carry the
/// `helm.sh/resource-policy` annotation (lint's `validateListAnnotations`).
pub fn list_has_resource_policy(text: &str) -> bool {
    let Ok(Value::Map(m)) = yaml::from_yaml(text) else {
        return false;
    };
    let get = |m: &crate::value::Map, name: &str| {
        m.to_vec()
            .into_iter()
            .rev()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    };
    let Some(Value::List(items)) = get(&m, "items") else {
        return false;
    };
    items.items().iter().any(|item| {
        let Value::Map(im) = item else { return false };
        let Some(Value::Map(md)) = get(im, "metadata") else {
            return false;
        };
        let Some(Value::Map(ann)) = get(&md, "annotations") else {
            return false;
        };
        ann.contains_key("helm.sh/resource-policy")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents() {
        let (objs, err) =
            decode_stream("a: 1\n---\n---\n# c\n---\nkind: Pod\nmetadata:\n  name: 7\n");
        assert_eq!(err, None);
        // The second separator starts a document of its own (apimachinery keeps a leading
        // `---` line), which holds the comment.
        assert_eq!(objs.len(), 3);
        assert_eq!(objs[1], None);
        assert_eq!(objs[2].as_ref().map(|o| o.name.as_str()), Some("7"));
        let (_, err) = decode_stream("a: 1\n--- junk\nb: 2\n");
        assert_eq!(
            err.as_deref(),
            Some("invalid Yaml document separator: junk")
        );
        // Expectations from Helm v4.2.3's lint.
        let (_, err) = decode_stream("just a string\n");
        assert_eq!(err.as_deref(), Some("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type rules.k8sYamlStruct"));
        let (_, err) = decode_stream("kind: {a: 1}\n");
        assert_eq!(err.as_deref(), Some("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go struct field k8sYamlStruct.Kind of type string"));
        let (_, err) = decode_stream(
            "metadata: {name: [1]}
",
        );
        assert_eq!(err.as_deref(), Some("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go struct field k8sYamlMetadata.Metadata.Name of type string"));
        let (_, err) = decode_stream("{ {- $relname := .Release.Name -}}\n");
        assert_eq!(
            err.as_deref(),
            Some(
                "json: offset 3: invalid character '{' looking for beginning of object key string"
            )
        );
        let (_, err) = decode_stream("kind: Pod\nmetadata: foo\n");
        assert_eq!(err.as_deref(), Some("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go struct field k8sYamlStruct.Metadata of type rules.k8sYamlMetadata"));
    }
}
