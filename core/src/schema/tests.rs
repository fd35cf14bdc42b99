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
    for c in cases {
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
