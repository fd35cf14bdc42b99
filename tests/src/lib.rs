//! Conformance and differential test support: the corpus runner, the generator of random
//! templates, and a client for the reference Helm.

pub mod blocks;
pub mod conformance;
pub mod difftest;
pub mod oracle;

use binnacle_core::value::{Map, Value};

/// A JSON value as Helm sees values passed as JSON: numbers are float64.
pub fn json_to_value(j: &serde_json::Value) -> Value {
    match j {
        serde_json::Value::Null => Value::Nil,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => Value::Float(n.as_f64().unwrap_or(0.0)),
        serde_json::Value::String(s) => Value::from(s.as_str()),
        serde_json::Value::Array(a) => Value::list(a.iter().map(json_to_value).collect()),
        serde_json::Value::Object(o) => {
            let m = Map::new();
            for (k, v) in o {
                m.insert(k.as_str(), json_to_value(v));
            }
            Value::Map(m)
        }
    }
}

/// The root chart's name in an engine map (`root/templates/x.yaml`, subcharts below it).
pub fn root_chart(files: &std::collections::BTreeMap<String, String>) -> String {
    files
        .keys()
        .next()
        .and_then(|k| k.split('/').next())
        .unwrap_or_default()
        .to_string()
}
