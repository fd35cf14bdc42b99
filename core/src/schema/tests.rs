//! Table tests: every expectation in `testdata/cases.json` is what Helm v4.2.3 printed for
//! the schema and values (generated with the oracle; see `testdata/README.md`).

use alloc::string::String;
use alloc::vec::Vec;

use super::Validator;
use crate::value::Value;

extern crate std;

#[test]
fn helm_cases() {
    let text = include_str!("testdata/cases.json");
    let cases: serde_json::Value = serde_json::from_str(text).unwrap();
    let mut v = Validator::new();
    let mut failures = Vec::new();
    let cases = cases.as_array().unwrap();
    // The second pass finds every schema compiled in the validator's cache.
    for c in cases.iter().chain(cases.iter()) {
        let name = c["name"].as_str().unwrap();
        let schema = c["schema"].as_str().unwrap();
        let values_json = serde_json::to_string(&c["values"]).unwrap();
        let values = crate::json::from_json(&values_json).unwrap();
        let Value::Map(values) = values else {
            panic!("{name}: values not a map")
        };
        let want: Option<String> = c["want"].as_str().map(String::from);
        let got = v.validate(schema.as_bytes(), &values).err();
        if got != want {
            failures.push(alloc::format!("{name}:\n  want {want:?}\n  got  {got:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Runs `f` on a thread with the stack native hosts give renders.
fn big_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(crate::limits::RENDER_STACK_SIZE)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

fn values_json(text: &str) -> crate::value::Map {
    match crate::json::from_json(text).unwrap() {
        Value::Map(m) => m,
        _ => panic!("not a map"),
    }
}

#[test]
fn bad_input_is_bounded() {
    big_stack(|| {
        let mut v = Validator::new();
        // JSON nested past encoding/json's limit.
        let deep = alloc::format!("{}1{}", "[".repeat(20_000), "]".repeat(20_000));
        let e = v
            .validate(deep.as_bytes(), &crate::value::Map::new())
            .unwrap_err();
        assert_eq!(e, "invalid character '[' exceeded max depth");
        // A schema nested thousands of levels deep: compiles and validates.
        let mut s = String::from("{\"type\":\"string\"}");
        for _ in 0..1_000 {
            s = alloc::format!("{{\"properties\":{{\"a\":{s}}}}}");
        }
        let mut val = String::from("1");
        for _ in 0..1_000 {
            val = alloc::format!("{{\"a\":{val}}}");
        }
        let e = v.validate(s.as_bytes(), &values_json(&val)).unwrap_err();
        assert!(
            e.ends_with("got number, want string\n"),
            "{}",
            &e[e.len() - 80..]
        );
        // Values nested past the validator's depth against a recursive schema: a clear
        // error, no overflow.
        let rec =
            br##"{"$defs":{"n":{"properties":{"a":{"$ref":"#/$defs/n"}}}},"$ref":"#/$defs/n"}"##;
        let mut val = String::from("{}");
        for _ in 0..9_000 {
            val = alloc::format!("{{\"a\":{val}}}");
        }
        let e = v.validate(rec, &values_json(&val)).unwrap_err();
        assert_eq!(
            e,
            "unable to validate schema: schema validation nests too deeply"
        );
        // A long array checked for uniqueness.
        let items: Vec<String> = (0..100_000)
            .map(|i| alloc::format!("{{\"k\":{i}}}"))
            .collect();
        let val = alloc::format!("{{\"a\":[{}]}}", items.join(","));
        let schema = br#"{"properties":{"a":{"uniqueItems":true}}}"#;
        assert_eq!(v.validate(schema, &values_json(&val)), Ok(()));
        // Reference cycles through several schemas.
        let cyc = br##"{"$defs":{"a":{"$ref":"#/$defs/b"},"b":{"allOf":[{"$ref":"#/$defs/a"}]}},"$ref":"#/$defs/a"}"##;
        let e = v.validate(cyc, &crate::value::Map::new()).unwrap_err();
        assert!(e.contains("causing reference cycle"), "{e}");
    });
}

/// Objects keep one entry per key, the last of duplicates as Go's decoder does, in key
/// order, and find every key by lookup.
#[test]
fn objects_keep_the_last_duplicate_in_key_order() {
    use super::json::{unmarshal, Json};
    let doc =
        unmarshal(br#"{"b": 1, "a": 2, "c": {"y": 1, "x": 2}, "a": 3, "b": 4, "ab": 5}"#).unwrap();
    let Json::Obj(m) = doc else {
        panic!("an object")
    };
    let keys: Vec<&str> = m.keys().map(|k| &**k).collect();
    assert_eq!(keys, ["a", "ab", "b", "c"]);
    let num = |k: &str| match m.get(k) {
        Some(Json::Num(n)) => n.to_string(),
        other => panic!("{k}: {other:?}"),
    };
    assert_eq!(
        (num("a"), num("b"), num("ab")),
        ("3".into(), "4".into(), "5".into())
    );
    assert!(m.get("d").is_none() && !m.contains_key("") && m.len() == 4);
    let Some(Json::Obj(c)) = m.get("c") else {
        panic!("c")
    };
    assert_eq!(c.keys().map(|k| &**k).collect::<Vec<_>>(), ["x", "y"]);
}
