//! JSON as Go's `encoding/json` reads and writes it (`toJson`, `fromJson`, values through JSON).
//!
//! Owner: gofmt work. API:
//! - [`to_json`] — `json.Marshal` (Helm's `toJson`, `mustToJson`)
//! - [`to_json_opts`] — `json.MarshalIndent(v, "", "  ")` (`toPrettyJson`) and an encoder
//!   without HTML escaping (`toRawJson`)
//! - [`from_json`] — `json.Unmarshal` into `interface{}` (Sprig's `mustFromJson`)
//! - [`unmarshal`] with a [`Target`] — into `map[string]interface {}` (Helm's `fromJson`) or
//!   `[]interface {}` (`fromJsonArray`), returning the partial value together with Go's error
//!   as those functions need both
//! - [`format_json_float`] — how encoding/json writes a float64

pub(crate) mod decode;
mod encode;

use alloc::string::String;

use crate::value::Value;

pub use decode::Target;
pub use encode::format_json_float;

/// `json.Marshal(v)`: compact, map keys sorted, `<>&` escaped as `\u003c…`, Go float format.
///
/// Errors are Go's: `json: unsupported value: NaN`, `json: unsupported type: T` (an object
/// without a data form), `json: unsupported value: encountered a cycle via map[string]interface {}`.
pub fn to_json(v: &Value) -> Result<String, String> {
    encode::encode(v, None, true)
}

/// `json.MarshalIndent(v, "", indent)` when `indent` is given, else compact; with
/// `escape_html` false, `<`, `>` and `&` stay as they are (an `Encoder` with
/// `SetEscapeHTML(false)`, minus its trailing newline, as Sprig's `toRawJson` trims it).
pub fn to_json_opts(v: &Value, indent: Option<&str>, escape_html: bool) -> Result<String, String> {
    encode::encode(v, indent, escape_html)
}

/// `json.Unmarshal` into `interface{}`: numbers become float64, objects
/// `map[string]interface {}`, arrays `[]interface {}`; the last duplicate key wins.
///
/// Errors are Go's text: `invalid character 'x' looking for beginning of value`,
/// `unexpected end of JSON input`, `json: cannot unmarshal number 1e400 into Go value of type float64`.
pub fn from_json(s: &str) -> Result<Value, String> {
    match decode::unmarshal(s, Target::Any) {
        (v, None) => Ok(v),
        (_, Some(e)) => Err(e),
    }
}

/// `json.Unmarshal(data, &target)`: the value Go leaves in the target, and Go's error.
///
/// A syntax error leaves the target empty. A top-level value of the wrong kind for `target`
/// gives `json: cannot unmarshal array into Go value of type map[string]interface {}` and an
/// empty target. Numbers out of float64 range decode as nil and report
/// `json: cannot unmarshal number 1e400 into Go value of type float64` after the rest.
/// `null` gives an empty map or list (Go's nil map or slice).
pub fn unmarshal(s: &str, target: Target) -> (Value, Option<String>) {
    decode::unmarshal(s, target)
}

#[cfg(test)]
mod tests;
