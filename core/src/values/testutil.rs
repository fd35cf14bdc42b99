//! Test helpers: compare values with the oracle's JSON, build values from JSON.

use alloc::string::String;
use alloc::vec::Vec;

use crate::value::{Entries, List, Map, MapType, Value};

/// Whether `mine` equals the oracle's JSON (numbers compared by value, any Go number type).
pub fn same(mine: &Value, exp: &serde_json::Value) -> bool {
    use serde_json::Value as J;
    match (mine, exp) {
        (Value::Nil, J::Null) => true,
        (Value::Bool(a), J::Bool(b)) => a == b,
        (Value::Int(n) | Value::Int64(n), J::Number(x)) => {
            x.as_i64() == Some(*n) || x.as_f64() == Some(*n as f64)
        }
        (Value::Float(f), J::Number(x)) => x.as_f64() == Some(*f),
        (Value::String(a), J::String(b)) => &**a == b.as_str(),
        (Value::List(a), J::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Value::Map(a), J::Object(b)) => {
            a.len() == b.len()
                && a.to_vec()
                    .iter()
                    .all(|(k, v)| b.get(&**k).is_some_and(|y| same(v, y)))
        }
        _ => false,
    }
}

/// A value as the oracle would print it (compact JSON, sorted keys), for failure messages.
pub fn show(v: &Value) -> String {
    let mut out = String::new();
    fn go(out: &mut String, v: &Value) {
        match v {
            Value::Nil => out.push_str("null"),
            Value::Map(m) => {
                out.push('{');
                for (i, (k, x)) in m.to_vec().iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::to_string(&**k).unwrap());
                    out.push(':');
                    go(out, x);
                }
                out.push('}');
            }
            Value::List(l) => {
                out.push('[');
                for (i, x) in l.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    go(out, x);
                }
                out.push(']');
            }
            Value::String(s) => out.push_str(&serde_json::to_string(&**s).unwrap()),
            other => out.push_str(&alloc::format!("{other:?}")),
        }
    }
    go(&mut out, v);
    out
}

/// Builds a value from JSON as Go's encoding/json decodes it (numbers float64).
pub fn from_json(j: &serde_json::Value) -> Value {
    use serde_json::Value as J;
    match j {
        J::Null => Value::Nil,
        J::Bool(b) => Value::Bool(*b),
        J::Number(n) => Value::Float(n.as_f64().unwrap()),
        J::String(s) => Value::str(s.as_str()),
        J::Array(a) => Value::List(List::new(a.iter().map(from_json).collect::<Vec<_>>())),
        J::Object(o) => {
            let e: Entries = o
                .iter()
                .map(|(k, v)| (k.as_str().into(), from_json(v)))
                .collect();
            Value::Map(Map::from_entries(MapType::Any, e))
        }
    }
}

/// Parses a JSON text into a value (numbers float64).
pub fn json(text: &str) -> Value {
    from_json(&serde_json::from_str(text).unwrap())
}
