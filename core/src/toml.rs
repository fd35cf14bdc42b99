//! TOML as BurntSushi/toml reads and writes it (`toToml`, `fromToml`).
//!
//! Owner: gofmt work.

use alloc::string::String;

use crate::value::Value;

/// BurntSushi's encoder: `toToml`.
pub fn to_toml(v: &Value) -> Result<String, String> {
    let _ = v;
    Err(String::from("toml: not implemented"))
}

/// BurntSushi's decoder into `map[string]interface {}`: `fromToml`.
pub fn from_toml(s: &str) -> Result<Value, String> {
    let _ = s;
    Err(String::from("toml: not implemented"))
}
