//! TOML as BurntSushi/toml v1.6.0 reads and writes it (`toToml`, `fromToml`).
//!
//! Owner: gofmt work. API:
//! - [`to_toml`] — `toml.NewEncoder(buf).Encode(v)`: Helm's `toToml` prints the text, or
//!   the error's text when encoding fails (except [`NIL_PANIC`], which fails the call)
//! - [`from_toml`] — `toml.Unmarshal` into `map[string]interface {}`: integers int64, floats
//!   float64, arrays `[]interface {}`, arrays of tables `[]map[string]interface {}`,
//!   datetimes [`GoTime`] objects (`time.Time`); errors in BurntSushi's words
//!   (`toml: line 1 (last key "a"): expected value but found '\n' instead`)

mod datetime;
mod encode;
mod lex;
mod parse;

use alloc::string::String;

use crate::value::Value;

pub use datetime::{GoTime, Zone};
pub use encode::NIL_PANIC;

/// BurntSushi's encoder: `toToml`.
///
/// Errors are BurntSushi's (`toml: cannot encode array with nil element`, `toml: top-level
/// values must be Go maps or structs`), or [`NIL_PANIC`] for a nil document.
pub fn to_toml(v: &Value) -> Result<String, String> {
    encode::encode(v)
}

/// BurntSushi's decoder into `map[string]interface {}`: `fromToml`.
pub fn from_toml(s: &str) -> Result<Value, String> {
    parse::parse(s).map(Value::Map).map_err(|e| e.text())
}

/// Go's `dblQuotedReplacer` inside double quotes: `"`, `\` and control characters escaped.
pub(crate) fn quote_toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '\u{0}'..='\u{1f}' | '\u{7f}' => out.push_str(&alloc::format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One part of a key as BurntSushi writes it: bare when it can be, else quoted.
pub(crate) fn key_part(k: &str) -> String {
    if k.is_empty() {
        return String::from("\"\"");
    }
    if k.chars().all(lex::is_bare_key_char) {
        return String::from(k);
    }
    quote_toml_string(k)
}

/// Go's `Key.String()` for a key path.
pub(crate) fn key_string(parts: &[String]) -> String {
    let mut out = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        out.push_str(&key_part(p));
    }
    out
}

/// Go's `%q` of a `[]string` key: `["a" "b"]`.
pub(crate) fn quote_key_list(parts: &[String]) -> String {
    let items: alloc::vec::Vec<String> = parts
        .iter()
        .map(|p| crate::gofmt::strconv::quote(p))
        .collect();
    alloc::format!("[{}]", items.join(" "))
}

#[cfg(test)]
mod tests;
