//! The hand-written meta-schema check never vouches for a document the generic validator
//! rejects: every document here, valid or mutated into an invalid one, goes through both.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::compile::Meta;
use super::draft::{self, Dialect};
use super::json::{unmarshal, Json};
use super::metacheck::certainly_valid;
use super::validate::{self, Options};

extern crate std;

const VERSIONS: [u16; 3] = [7, 2019, 2020];

/// The generic validator's verdict on `doc` against draft `version`'s meta-schema.
fn generic(meta: &mut Meta, version: u16, doc: &Json) -> Result<(), String> {
    let d = match version {
        7 => &draft::DRAFT7,
        2019 => &draft::DRAFT2019,
        _ => &draft::DRAFT2020,
    };
    let sch = meta.schema_for(&Dialect {
        draft: d,
        vocabs: None,
    });
    let mut resources = BTreeMap::new();
    resources.insert(String::new(), sch);
    let opts = Options {
        meta: Some(sch),
        resources: Some(&resources),
    };
    validate::validate(&meta.c.arena, sch, doc, &opts).map_err(|f| f.text())
}

#[derive(Default)]
struct Tally {
    docs: usize,
    both_valid: usize,
    only_generic_valid: usize,
    invalid: usize,
}

/// Checks one document against every draft; panics where the quick check vouches for a
/// document the generic validator rejects.
fn compare(meta: &mut Meta, doc: &Json, what: &str, t: &mut Tally) {
    for v in VERSIONS {
        let quick = certainly_valid(v, doc);
        let slow = generic(meta, v, doc);
        t.docs += 1;
        match (quick, &slow) {
            (true, Err(e)) => panic!("draft {v}: {what}: quick check says valid, generic says {e}"),
            (true, Ok(())) => t.both_valid += 1,
            (false, Ok(())) => t.only_generic_valid += 1,
            (false, Err(_)) => t.invalid += 1,
        }
    }
}

fn parse(text: &str) -> Json {
    unmarshal(text.as_bytes()).unwrap()
}

/// Every keyword of the three meta-schemas (and a few of other drafts), with a valid value.
const SEED: &str = r##"{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "$id": "http://example.com/root.json",
  "$comment": "c", "title": "t", "description": "d", "default": {"x": 1},
  "readOnly": false, "writeOnly": true, "deprecated": false, "examples": [1, "a"],
  "multipleOf": 0.5, "maximum": 10, "exclusiveMaximum": 11, "minimum": -1,
  "exclusiveMinimum": -2.5, "maxLength": 5, "minLength": 0, "pattern": "^a+$",
  "additionalItems": false, "items": {"type": "string"}, "maxItems": 3, "minItems": 1,
  "uniqueItems": true, "contains": {"const": 1}, "maxContains": 2, "minContains": 0,
  "maxProperties": 4, "minProperties": 1, "required": ["a", "b"],
  "additionalProperties": {"type": ["string", "null"]},
  "definitions": {"d": {"type": "integer"}}, "$defs": {"e": true},
  "properties": {"a": {"$ref": "#/definitions/d"}, "b": {"enum": [1, "x", null]}},
  "patternProperties": {"^x-": {"format": "uri"}},
  "dependencies": {"a": ["b"], "b": {"required": ["a"]}},
  "dependentRequired": {"a": ["b"]}, "dependentSchemas": {"b": false},
  "propertyNames": {"maxLength": 10}, "const": {"a": 1}, "enum": [{"a": 1}, 2],
  "type": "object", "format": "email", "contentMediaType": "text/plain",
  "contentEncoding": "base64", "contentSchema": {"type": "object"},
  "if": {"required": ["a"]}, "then": true, "else": {"not": {}},
  "allOf": [{}], "anyOf": [true, {"type": "object"}], "oneOf": [{"minProperties": 1}],
  "not": {"maxProperties": 0},
  "$anchor": "an_chor", "$dynamicAnchor": "meta", "$dynamicRef": "#meta",
  "$recursiveRef": "#", "unevaluatedItems": false, "unevaluatedProperties": {},
  "prefixItems": [{"type": "string"}], "$vocabulary": {"https://example.com/v": true},
  "x-unknown": [1, {"type": 5}]
}"##;

/// Values each keyword gets in turn.
const CANDIDATES: &[&str] = &[
    "null",
    "true",
    "false",
    "0",
    "-1",
    "1",
    "2.0",
    "1.5",
    "-0.5",
    "0.0",
    "-0",
    "1e2000000",
    "1E2",
    "\"\"",
    "\"x\"",
    "\"(\"",
    "\"[a-\"",
    "\"a#b\"",
    "\"a#\"",
    "\"#\"",
    "\"#foo\"",
    "\"a\\nb#\"",
    "\"http://x y\"",
    "\"http://example.com/s\"",
    "\"http://example.com/s#frag\"",
    "\"%zz\"",
    "\"x:y\"",
    "\"_a\"",
    "\"a:b\"",
    "\"a.b-c\"",
    "\"1a\"",
    "\"string\"",
    "\"integer\"",
    "\"foo\"",
    "[]",
    "[1]",
    "[1, 1]",
    "[1, 1.0]",
    "[\"a\", \"a\"]",
    "[\"a\", \"b\"]",
    "[\"string\"]",
    "[\"string\", \"string\"]",
    "[\"string\", \"foo\"]",
    "[\"null\", \"object\"]",
    "[{}]",
    "[true, {}]",
    "[{}, 1]",
    "[{\"type\": 1}]",
    "{}",
    "{\"a\": 1}",
    "{\"a\": {}}",
    "{\"a\": true}",
    "{\"a\": [\"x\"]}",
    "{\"a\": [\"x\", \"x\"]}",
    "{\"a\": [1]}",
    "{\"a\": {\"minLength\": -1}}",
    "{\"(\": {}}",
    "{\"^a\": {}}",
    "{\"http://x\": true}",
    "{\"http://x\": 1}",
    "{\"not a uri\": true}",
    "{\"type\": \"foo\"}",
    "{\"items\": []}",
];

/// The keywords mutated: everything the meta-schemas know, plus an unknown one.
const KEYWORDS: &[&str] = &[
    "$schema",
    "$id",
    "$ref",
    "$comment",
    "$anchor",
    "$dynamicAnchor",
    "$dynamicRef",
    "$recursiveAnchor",
    "$recursiveRef",
    "$vocabulary",
    "$defs",
    "title",
    "description",
    "default",
    "readOnly",
    "writeOnly",
    "deprecated",
    "examples",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "additionalItems",
    "items",
    "prefixItems",
    "maxItems",
    "minItems",
    "uniqueItems",
    "contains",
    "maxContains",
    "minContains",
    "maxProperties",
    "minProperties",
    "required",
    "additionalProperties",
    "definitions",
    "properties",
    "patternProperties",
    "dependencies",
    "dependentRequired",
    "dependentSchemas",
    "propertyNames",
    "const",
    "enum",
    "type",
    "format",
    "contentMediaType",
    "contentEncoding",
    "contentSchema",
    "if",
    "then",
    "else",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "unevaluatedItems",
    "unevaluatedProperties",
    "x-other",
];

/// `doc` with `key` set to `val` in the object at `path` (keys and indexes).
fn set(doc: &Json, path: &[String], key: &str, val: &Json) -> Json {
    match (doc, path.split_first()) {
        (Json::Obj(m), None) => {
            let mut m = (**m).clone();
            m.insert(Rc::from(key), val.clone());
            Json::Obj(Rc::new(m))
        }
        (Json::Obj(m), Some((first, rest))) => {
            let mut m = (**m).clone();
            let child = set(&m[first.as_str()], rest, key, val);
            m.insert(Rc::from(first.as_str()), child);
            Json::Obj(Rc::new(m))
        }
        (Json::Arr(a), Some((first, rest))) => {
            let mut a = (**a).clone();
            let i: usize = first.parse().unwrap();
            a[i] = set(&a[i], rest, key, val);
            Json::Arr(Rc::new(a))
        }
        _ => unreachable!("path to a non-container"),
    }
}

/// How many values `x` holds, itself included.
fn size(x: &Json) -> usize {
    match x {
        Json::Obj(m) => 1 + m.values().map(size).sum::<usize>(),
        Json::Arr(a) => 1 + a.iter().map(size).sum::<usize>(),
        _ => 1,
    }
}

/// The value at `path`.
fn at<'a>(doc: &'a Json, path: &[String]) -> &'a Json {
    path.iter().fold(doc, |x, tok| match x {
        Json::Obj(m) => &m[tok.as_str()],
        Json::Arr(a) => &a[tok.parse::<usize>().unwrap()],
        _ => unreachable!("path to a non-container"),
    })
}

/// Paths of the objects in `doc`, at most `limit` of them, spread over the document.
fn object_paths(doc: &Json, limit: usize) -> Vec<Vec<String>> {
    fn walk(x: &Json, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        match x {
            Json::Obj(m) => {
                out.push(path.clone());
                for (k, v) in m.iter() {
                    path.push(k.to_string());
                    walk(v, path, out);
                    path.pop();
                }
            }
            Json::Arr(a) => {
                for (i, v) in a.iter().enumerate() {
                    path.push(format!("{i}"));
                    walk(v, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut all = Vec::new();
    walk(doc, &mut Vec::new(), &mut all);
    if all.len() <= limit {
        return all;
    }
    let step = all.len().div_ceil(limit);
    all.into_iter().step_by(step).collect()
}

/// Each keyword at each of (some of) the document's objects set to each candidate value.
fn mutate(meta: &mut Meta, name: &str, doc: &Json, positions: usize, t: &mut Tally) {
    let vals: Vec<(String, Json)> = CANDIDATES
        .iter()
        .map(|c| (c.to_string(), parse(c)))
        .collect();
    for path in object_paths(doc, positions) {
        for kw in KEYWORDS {
            for (text, val) in &vals {
                let m = set(doc, &path, kw, val);
                compare(
                    meta,
                    &m,
                    &format!("{name} at /{}: {kw} = {text}", path.join("/")),
                    t,
                );
            }
        }
    }
}

fn meta_docs() -> Vec<(&'static str, Json)> {
    let mut out = Vec::new();
    for url in [
        "http://json-schema.org/draft-04/schema",
        "http://json-schema.org/draft-06/schema",
        "http://json-schema.org/draft-07/schema",
        "https://json-schema.org/draft/2019-09/schema",
        "https://json-schema.org/draft/2019-09/meta/core",
        "https://json-schema.org/draft/2019-09/meta/applicator",
        "https://json-schema.org/draft/2019-09/meta/validation",
        "https://json-schema.org/draft/2020-12/schema",
        "https://json-schema.org/draft/2020-12/meta/core",
        "https://json-schema.org/draft/2020-12/meta/applicator",
        "https://json-schema.org/draft/2020-12/meta/validation",
    ] {
        out.push((url, parse(draft::meta_doc(url).unwrap())));
    }
    out
}

#[test]
fn quick_check_agrees_on_seeds() {
    big_stack(seeds);
}

fn big_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(crate::limits::RENDER_STACK_SIZE)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap();
}

fn seeds() {
    let mut meta = Meta::new();
    let mut t = Tally::default();
    let seed = parse(SEED);
    for v in VERSIONS {
        assert!(certainly_valid(v, &seed), "seed, draft {v}");
    }
    compare(&mut meta, &seed, "seed", &mut t);
    for (name, doc) in meta_docs() {
        compare(&mut meta, &doc, name, &mut t);
        // The drafts' own meta-schemas are valid schemas of their drafts.
        if name.contains("draft-07") {
            assert!(certainly_valid(7, &doc), "{name}");
        }
        if name.contains("2019-09") {
            assert!(certainly_valid(2019, &doc), "{name}");
        }
        if name.contains("2020-12") {
            assert!(certainly_valid(2020, &doc), "{name}");
        }
    }
    let cases: serde_json::Value =
        serde_json::from_str(include_str!("testdata/cases.json")).unwrap();
    for c in cases.as_array().unwrap() {
        let name = c["name"].as_str().unwrap();
        if let Ok(doc) = unmarshal(c["schema"].as_str().unwrap().as_bytes()) {
            compare(&mut meta, &doc, name, &mut t);
        }
    }
    for c in CANDIDATES {
        compare(&mut meta, &parse(c), c, &mut t);
    }
    // Nesting past the quick check's limit is left to the generic validator.
    let mut deep = String::from("{}");
    for _ in 0..100 {
        deep = format!("{{\"not\":{deep}}}");
    }
    let deep = parse(&deep);
    assert!(!certainly_valid(2020, &deep));
    compare(&mut meta, &deep, "deep", &mut t);
    assert!(t.both_valid > 0 && t.invalid > 0);
}

#[test]
fn quick_check_agrees_on_mutations() {
    let mut meta = Meta::new();
    let mut t = Tally::default();
    // Small documents, so that every object in them gets every keyword and value.
    for text in [
        "{}",
        r#"{"properties":{"a":{}}}"#,
        r#"{"items":[{}],"not":{"anyOf":[{}]}}"#,
        r#"{"dependencies":{"a":{}},"$defs":{"b":{}},"patternProperties":{"c":{}}}"#,
    ] {
        mutate(&mut meta, text, &parse(text), usize::MAX, &mut t);
    }
    // Each keyword next to all the others.
    mutate(&mut meta, "seed", &parse(SEED), 1, &mut t);
    // Most mutations are caught by both; the quick check vouches for most of the rest.
    assert!(t.invalid > t.docs / 4, "{} of {}", t.invalid, t.docs);
    assert!(
        t.both_valid > 4 * t.only_generic_valid,
        "quick check valid {}, only generic {}",
        t.both_valid,
        t.only_generic_valid
    );
}

/// Every schema of the conformance corpus (when it is here), and each mutated at a few places.
#[test]
fn quick_check_agrees_on_corpus() {
    let dir = std::env::var("BINNACLE_CORPUS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| std::path::PathBuf::from("/work/shared/corpus"));
    if !dir.join("MANIFEST.tsv").is_file() {
        return;
    }
    fn find(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                find(&p, out);
            } else if p.file_name().is_some_and(|n| n == "values.schema.json") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    find(&dir, &mut files);
    assert!(!files.is_empty());
    big_stack(move || {
        let mut meta = Meta::new();
        let mut t = Tally::default();
        for f in &files {
            let Ok(doc) = unmarshal(&std::fs::read(f).unwrap()) else {
                continue;
            };
            let name = f.display().to_string();
            compare(&mut meta, &doc, &name, &mut t);
            // Mutations of a few of its subschemas, each on its own (the check of a
            // document is the check of its parts).
            let paths = object_paths(&doc, usize::MAX);
            let small: Vec<_> = paths.iter().filter(|p| size(at(&doc, p)) <= 40).collect();
            for (i, path) in small
                .iter()
                .step_by(small.len().div_ceil(8).max(1))
                .enumerate()
            {
                let sub = at(&doc, path);
                for kw in KEYWORDS.iter().skip(i % 3).step_by(3) {
                    for c in CANDIDATES.iter().skip(i % 2).step_by(2) {
                        let m = set(sub, &[], kw, &parse(c));
                        let what = format!("{name} at /{}: {kw} = {c}", path.join("/"));
                        compare(&mut meta, &m, &what, &mut t);
                    }
                }
            }
        }
        assert!(t.both_valid > 0);
    });
}
