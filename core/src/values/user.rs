//! User-supplied values: values files (multi-document), `--set-json`, `--set`,
//! `--set-string`, `--set-file`, `--set-literal`, merged in Helm's fixed order
//! (`pkg/cli/values/options.go` `MergeValues`).

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::jsonval;
use super::strvals::{self, SetKind};
use crate::value::{Map, MapType, Value};

/// Helm's `loader.MergeMaps`: a new map with `b` over `a`; maps merge recursively,
/// anything else (lists included) is replaced.
pub fn merge_maps(a: &Map, b: &Map) -> Map {
    fn go(a: &Map, b: &Map, depth: usize) -> Map {
        let out = a.shallow_clone();
        for (k, v) in b.to_vec() {
            if let (Value::Map(vm), Some(Value::Map(am))) = (&v, out.get(&k)) {
                if depth < crate::limits::MAX_VALUE_DEPTH {
                    out.insert(k, Value::Map(go(&am, vm, depth + 1)));
                    continue;
                }
            }
            out.insert(k, v);
        }
        out
    }
    go(a, b, 0)
}

/// Splits a YAML stream the way k8s.io/apimachinery's `YAMLReader` does: lines are read with
/// `bufio.Reader.ReadLine` (so `\r\n` becomes `\n` and the last line gains a `\n`); a line
/// starting with `---` ends a document (only spaces or a comment may follow it); empty
/// documents are skipped. A separator met before any line of the next document is kept as
/// that document's first line, as the reader writes it into its empty buffer: the YAML is
/// the same, but its error lines count it (`---` then a bad line 3 is Helm's line 4).
fn split_documents(text: &str) -> Result<Vec<Cow<'_, str>>, String> {
    // Nearly every values file is one document without CRLFs (a lone CR stays as it is):
    // two fast searches show it.
    if !text.starts_with("---") && !text.contains("\n---") && !text.contains("\r\n") {
        return Ok(match text {
            "" => Vec::new(),
            t if t.ends_with('\n') => alloc::vec![Cow::Borrowed(t)],
            t => {
                let mut last = String::with_capacity(t.len() + 1);
                last.push_str(t);
                last.push('\n');
                alloc::vec![Cow::Owned(last)]
            }
        });
    }
    match split_borrowed(text) {
        Some(docs) => docs,
        None => split_copied(text).map(|d| d.into_iter().map(Cow::Owned).collect()),
    }
}

/// Without a CR, re-joined lines are the text itself: each document is a slice of it, and
/// only a last line without its line feed needs a copy. `None` when there is a CR.
fn split_borrowed(text: &str) -> Option<Result<Vec<Cow<'_, str>>, String>> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    /// Bit 7 of each byte of `x` that is zero (exact: no borrow runs between bytes).
    fn zero_bytes(x: u64) -> u64 {
        !(((x & !HI) + !HI) | x) & HI
    }
    let b = text.as_bytes();
    let mut docs = Vec::new();
    // Where the current document starts, and the start of the line being looked at.
    let mut doc = 0;
    let mut line = 0;
    loop {
        if b[line..].starts_with(b"---") {
            let end = b[line..]
                .iter()
                .position(|&c| c == b'\n')
                .map_or(b.len(), |i| line + i);
            if b[line..end].contains(&b'\r') {
                return None;
            }
            let trimmed = text[line + 3..end].trim();
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                return Some(Err(format!("invalid Yaml document separator: {trimmed}")));
            }
            if line > doc {
                docs.push(Cow::Borrowed(&text[doc..line]));
                if end == b.len() {
                    return Some(Ok(docs));
                }
                doc = end + 1;
                line = doc;
                continue;
            }
            // The separator starts the document and stays in it.
            if end + 1 >= b.len() {
                docs.push(if end == b.len() {
                    let mut last = String::with_capacity(b.len() - doc + 1);
                    last.push_str(&text[doc..]);
                    last.push('\n');
                    Cow::Owned(last)
                } else {
                    Cow::Borrowed(&text[doc..])
                });
                return Some(Ok(docs));
            }
            line = end + 1;
            continue;
        }
        // The next line feed, eight bytes at a time; a CR anywhere sends the text to the
        // line-by-line split.
        let mut p = line;
        let nl = loop {
            match b.get(p..p + 8) {
                Some(chunk) => {
                    let mut word = [0u8; 8];
                    word.copy_from_slice(chunk);
                    let w = u64::from_le_bytes(word);
                    let hit = zero_bytes(w ^ (LO * u64::from(b'\n')))
                        | zero_bytes(w ^ (LO * u64::from(b'\r')));
                    if hit == 0 {
                        p += 8;
                        continue;
                    }
                    p += (hit.trailing_zeros() / 8) as usize;
                }
                None => match b[p..].iter().position(|&c| c == b'\n' || c == b'\r') {
                    Some(i) => p += i,
                    None => break None,
                },
            }
            if b[p] == b'\r' {
                return None;
            }
            break Some(p);
        };
        match nl {
            Some(p) if p + 1 < b.len() => line = p + 1,
            Some(_) => {
                docs.push(Cow::Borrowed(&text[doc..]));
                return Some(Ok(docs));
            }
            None => {
                if b.len() > doc {
                    let mut last = String::with_capacity(b.len() - doc + 1);
                    last.push_str(&text[doc..]);
                    last.push('\n');
                    docs.push(Cow::Owned(last));
                }
                return Some(Ok(docs));
            }
        }
    }
}

fn split_copied(text: &str) -> Result<Vec<String>, String> {
    let mut docs = Vec::new();
    let mut buf = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        let (line, next) = match rest.find('\n') {
            Some(i) => {
                let l = &rest[..i];
                (l.strip_suffix('\r').unwrap_or(l), &rest[i + 1..])
            }
            None => (rest, ""),
        };
        rest = next;
        if let Some(after) = line.strip_prefix("---") {
            let trimmed = after.trim();
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                return Err(format!("invalid Yaml document separator: {trimmed}"));
            }
            if !buf.is_empty() {
                docs.push(core::mem::take(&mut buf));
                continue;
            }
            // A separator that starts a document stays in it (see `split_documents`).
        }
        buf.push_str(line);
        buf.push('\n');
    }
    if !buf.is_empty() {
        docs.push(buf);
    }
    Ok(docs)
}

/// Helm's `loader.LoadValues`: every YAML document of a values file, each a map, deep
/// merged in order. Errors read as Helm's (`cannot unmarshal yaml document: ...`).
pub fn load_values(data: &[u8]) -> Result<Map, String> {
    let text = crate::gobytes::go_text(data);
    let docs = split_documents(&text).map_err(|e| format!("error reading yaml document: {e}"))?;
    let mut values = Map::new();
    let mut first = true;
    for doc in docs {
        let v = crate::yaml::from_yaml(&doc)
            .map_err(|e| format!("cannot unmarshal yaml document: {}", e.message))?;
        match v {
            Value::Nil => {}
            // Merging into nothing would copy the map entry for entry into an equal one.
            Value::Map(m) if first && m.map_type() == MapType::Any && !m.is_nil() => {
                values = m;
                first = false;
            }
            Value::Map(m) => {
                values = merge_maps(&values, &m);
                first = false;
            }
            other => {
                return Err(format!(
                    "cannot unmarshal yaml document: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
                    json_kind(&other)
                ));
            }
        }
    }
    Ok(values)
}

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

/// One source of user values, in the shape the CLI flags give them.
#[derive(Clone, Debug)]
pub enum ValueSource {
    /// `-f/--values`: the file's name (for errors) and its contents.
    File {
        /// Name as given on the command line.
        name: String,
        /// The file's bytes.
        data: Vec<u8>,
    },
    /// `--set-json`.
    SetJson(String),
    /// `--set`.
    Set(String),
    /// `--set-string`.
    SetString(String),
    /// `--set-file`: the expression (`key=path`); file contents come from the reader.
    SetFile(String),
    /// `--set-literal`.
    SetLiteral(String),
}

impl ValueSource {
    fn rank(&self) -> u8 {
        match self {
            ValueSource::File { .. } => 0,
            ValueSource::SetJson(_) => 1,
            ValueSource::Set(_) => 2,
            ValueSource::SetString(_) => 3,
            ValueSource::SetFile(_) => 4,
            ValueSource::SetLiteral(_) => 5,
        }
    }
}

/// Helm's `MergeValues`: values files, then `--set-json`, `--set`, `--set-string`,
/// `--set-file`, `--set-literal`, each kind in the order given, whatever the order of
/// `sources`. `read_file` fetches `--set-file` paths (Go's error text on failure).
pub fn merge_values(
    sources: &[ValueSource],
    read_file: &mut dyn FnMut(&str) -> Result<String, String>,
) -> Result<Map, String> {
    let mut ordered: Vec<&ValueSource> = sources.iter().collect();
    ordered.sort_by_key(|s| s.rank());
    let mut base = Map::new();
    for s in ordered {
        match s {
            ValueSource::File { name, data } => {
                let m = load_values(data).map_err(|e| format!("failed to parse {name}: {e}"))?;
                base = merge_maps(&base, &m);
            }
            ValueSource::SetJson(v) => {
                let trimmed = v.trim();
                if trimmed.starts_with('{') {
                    match jsonval::unmarshal(trimmed) {
                        Ok(Value::Map(m)) => base = merge_maps(&base, &m),
                        _ => return Err(format!("failed parsing --set-json data JSON: {v}")),
                    }
                } else {
                    strvals::parse_into(SetKind::SetJson, v, &base)
                        .map_err(|_| format!("failed parsing --set-json data {v}"))?;
                }
            }
            ValueSource::Set(v) => {
                strvals::parse_into(SetKind::Set, v, &base)
                    .map_err(|e| format!("failed parsing --set data: {e}"))?;
            }
            ValueSource::SetString(v) => {
                strvals::parse_into(SetKind::SetString, v, &base)
                    .map_err(|e| format!("failed parsing --set-string data: {e}"))?;
            }
            ValueSource::SetFile(v) => {
                strvals::parse_file_into(v, &base, read_file)
                    .map_err(|e| format!("failed parsing --set-file data: {e}"))?;
            }
            ValueSource::SetLiteral(v) => {
                strvals::parse_into(SetKind::SetLiteral, v, &base)
                    .map_err(|e| format!("failed parsing --set-literal data: {e}"))?;
            }
        }
    }
    Ok(base)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::testutil::{json, show};

    #[test]
    fn document_splitting() {
        assert_eq!(
            split_documents("a: 1\n---\nb: 2").unwrap(),
            ["a: 1\n", "b: 2\n"]
        );
        assert_eq!(
            split_documents("a: 1\r\n---\r\nb: |\r\n  x\r").unwrap(),
            ["a: 1\n", "b: |\n  x\r\n"]
        );
        // A separator before any line of a document stays in it (YAML reads the same;
        // error lines count it).
        assert_eq!(
            split_documents("---\n---\na: 1\n---").unwrap(),
            ["---\n", "a: 1\n"]
        );
        assert_eq!(split_documents("a: |\n  ---\n").unwrap(), ["a: |\n  ---\n"]);
        assert_eq!(
            split_documents("--- # c\na: 1").unwrap(),
            ["--- # c\na: 1\n"]
        );
        assert_eq!(split_documents("a: 1\n---\n").unwrap(), ["a: 1\n"]);
        assert_eq!(split_documents("---").unwrap(), ["---\n"]);
        assert_eq!(
            split_documents("--- a: 1").unwrap_err(),
            "invalid Yaml document separator: a: 1"
        );
    }

    #[test]
    fn document_splitting_shortcuts_match() {
        let pieces = [
            "a: 1", "---", "--- # c", "---x", "--- ", "...", "", " ---", "b: |", "  ---", "\r",
            "c: d\r", "#", "é: ü", "-",
        ];
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move |m: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % m as u64) as usize
        };
        for _ in 0..5000 {
            let mut text = String::new();
            for _ in 0..next(8) {
                text.push_str(pieces[next(pieces.len())]);
                text.push_str(["\n", "\r\n", "", "\n\n"][next(4)]);
            }
            let got = split_documents(&text).map(|d| d.into_iter().map(String::from).collect());
            assert_eq!(got, split_copied(&text), "{text:?}");
        }
    }

    #[test]
    fn merge_order_and_maps() {
        let a = json(r#"{"a":{"b":1,"c":[1]},"d":1}"#);
        let b = json(r#"{"a":{"c":[2],"e":{"f":1}},"d":{"x":1}}"#);
        let m = merge_maps(a.as_map().unwrap(), b.as_map().unwrap());
        assert_eq!(
            show(&Value::Map(m)),
            r#"{"a":{"b":float64(1.0),"c":[float64(2.0)],"e":{"f":float64(1.0)}},"d":{"x":float64(1.0)}}"#
        );
        // Flags apply in Helm's fixed order whatever order they came in.
        let sources = [
            ValueSource::SetLiteral(String::from("a=lit")),
            ValueSource::Set(String::from("a=set,b=1")),
            ValueSource::SetJson(String::from(r#"{"b":{"c":2}}"#)),
            ValueSource::SetString(String::from("c=1")),
        ];
        let got = merge_values(&sources, &mut |_| Err(String::new())).unwrap();
        assert_eq!(
            show(&Value::Map(got)),
            r#"{"a":"lit","b":int64(1),"c":"1"}"#
        );
        let e = merge_values(&[ValueSource::SetJson(String::from("{bad"))], &mut |_| {
            Err(String::new())
        });
        assert_eq!(
            e.err().unwrap(),
            "failed parsing --set-json data JSON: {bad"
        );
        let e = merge_values(&[ValueSource::SetJson(String::from("a=x"))], &mut |_| {
            Err(String::new())
        });
        assert_eq!(e.err().unwrap(), "failed parsing --set-json data a=x");
        let e = merge_values(&[ValueSource::Set(String::from("a"))], &mut |_| {
            Err(String::new())
        });
        assert_eq!(
            e.err().unwrap(),
            "failed parsing --set data: key \"a\" has no value"
        );
    }
}

#[cfg(test)]
mod file_tests {
    use super::*;
    use crate::values::testutil::{same, show};

    /// Expectations come from Helm v4.2.3: a chart whose `values.yaml` is each text, rendered
    /// by the oracle with `{{ toJson .Values }}` (or the load error).
    #[test]
    fn oracle_values_files() {
        let rows: Vec<Vec<String>> =
            serde_json::from_str(include_str!("testdata/values_files.json")).unwrap();
        for row in &rows {
            let (name, text, want) = (&row[0], &row[1], &row[2]);
            let got =
                load_values(text.as_bytes()).map_err(|e| format!("cannot load values.yaml: {e}"));
            match (got, want.strip_prefix("ERR "), want.strip_prefix("OK ")) {
                (Err(e), Some(w), _) => assert_eq!(e, w, "{name}"),
                (Ok(m), _, Some(w)) => {
                    let v = Value::Map(m);
                    assert!(
                        same(&v, &serde_json::from_str(w).unwrap()),
                        "{name}: {} vs {w}",
                        show(&v)
                    );
                }
                (got, _, _) => panic!("{name}: {:?} vs {want}", got.map(|m| show(&Value::Map(m)))),
            }
        }
    }
}
