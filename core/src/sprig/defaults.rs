//! Sprig's `defaults.go`: `default`, `empty`, `coalesce`, `all`, `any`, `ternary`,
//! `deepCopy`, and the JSON functions, with Helm's overrides of `toJson`, `fromJson` and
//! `mustToJson` (errors become `""`, and a map with an `Error` key, respectively).

use alloc::format;
use alloc::string::String;

use crate::func;
use crate::template::funcs::{CallCtx, Func, FuncResult};
use crate::value::{Map, Value};

use super::util::{bool_arg, empty, str_arg};

/// The defaults, JSON and copy functions.
pub static FUNCS: &[Func] = &[
    func!("default", [Any] ...Any, default),
    func!("empty", [Any], empty_fn),
    func!("coalesce", [] ...Any, coalesce),
    func!("all", [] ...Any, all),
    func!("any", [] ...Any, any),
    func!("ternary", [Any, Any, Bool], ternary),
    func!("deepCopy", [Any], deep_copy),
    func!("mustDeepCopy", [Any], deep_copy),
    func!("fromJson", [String], from_json),
    func!("mustFromJson", [String], must_from_json),
    func!("toJson", [Any], to_json),
    func!("mustToJson", [Any], must_to_json),
    func!("toPrettyJson", [Any], to_pretty_json),
    func!("mustToPrettyJson", [Any], must_to_pretty_json),
    func!("toRawJson", [Any], must_to_raw_json),
    func!("mustToRawJson", [Any], must_to_raw_json),
];

/// `default DEFAULT [GIVEN]`: GIVEN unless it is missing or empty.
fn default(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    match a.get(1) {
        Some(given) if !empty(given) => Ok(given.clone()),
        _ => Ok(a[0].clone()),
    }
}

fn empty_fn(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::Bool(empty(&a[0])))
}

fn coalesce(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(a.iter().find(|v| !empty(v)).cloned().unwrap_or(Value::Nil))
}

fn all(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::Bool(a.iter().all(|v| !empty(v))))
}

fn any(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::Bool(a.iter().any(|v| !empty(v))))
}

fn ternary(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(if bool_arg(&a[2]) {
        a[0].clone()
    } else {
        a[1].clone()
    })
}

/// `deepCopy`: copystructure's copy (fresh maps and lists, same Go types); nil is an error
/// in Go's reflection, for both the plain and the `must` variant.
fn deep_copy(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    if a[0].is_nil() {
        return Err(String::from(
            "reflect: call of reflect.Value.Type on zero Value",
        ));
    }
    Ok(a[0].deep_copy())
}

/// What `json.Unmarshal` into a `map[string]interface {}` says about a non-object document.
fn not_an_object(v: &Value) -> Option<String> {
    let kind = match v {
        Value::Map(_) | Value::Nil => return None,
        Value::List(_) => "array",
        Value::String(_) => "string",
        Value::Bool(_) => "bool",
        _ => "number",
    };
    Some(format!(
        "json: cannot unmarshal {kind} into Go value of type map[string]interface {{}}"
    ))
}

/// Helm's `fromJson`: an object as a map; on any error, a map holding `Error`.
fn from_json(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let error_map = |msg: String| {
        let m = Map::new();
        m.insert("Error", Value::from(msg));
        Ok(Value::Map(m))
    };
    match crate::json::from_json(str_arg(&a[0])) {
        Err(e) => error_map(e),
        Ok(v) => match not_an_object(&v) {
            Some(e) => error_map(e),
            None => Ok(match v {
                Value::Map(m) => Value::Map(m),
                _ => Value::Map(Map::new()),
            }),
        },
    }
}

fn must_from_json(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    crate::json::from_json(str_arg(&a[0]))
}

/// Helm's `toJson`: `json.Marshal`, `""` on error.
fn to_json(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::from(crate::json::to_json(&a[0]).unwrap_or_default()))
}

fn must_to_json(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::from(crate::json::to_json(&a[0])?))
}

/// `toPrettyJson`: `json.MarshalIndent(v, "", "  ")`, `""` on error.
fn to_pretty_json(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::from(
        crate::json::to_json(&a[0])
            .map(|s| json_indent(&s))
            .unwrap_or_default(),
    ))
}

fn must_to_pretty_json(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::from(json_indent(&crate::json::to_json(&a[0])?)))
}

/// `toRawJson`/`mustToRawJson`: an encoder without HTML escaping (Sprig's `toRawJson`
/// panics with the error, which reads the same as `mustToRawJson` returning it).
fn must_to_raw_json(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::from(json_unescape_html(&crate::json::to_json(
        &a[0],
    )?)))
}

/// Go's `json.Indent(dst, src, "", "  ")` over compact JSON: empty `{}` and `[]` stay closed.
pub(crate) fn json_indent(src: &str) -> String {
    let mut out = String::with_capacity(src.len() * 2);
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    let mut depth = 0usize;
    let mut need_indent = false;
    let mut chars = src.chars();
    while let Some(c) = chars.next() {
        if need_indent && c != ']' && c != '}' {
            need_indent = false;
            depth += 1;
            newline(&mut out, depth);
        }
        match c {
            '"' => {
                out.push('"');
                while let Some(s) = chars.next() {
                    out.push(s);
                    if s == '\\' {
                        if let Some(e) = chars.next() {
                            out.push(e);
                        }
                    } else if s == '"' {
                        break;
                    }
                }
            }
            '{' | '[' => {
                out.push(c);
                need_indent = true;
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            '}' | ']' => {
                if need_indent {
                    need_indent = false;
                } else {
                    depth = depth.saturating_sub(1);
                    newline(&mut out, depth);
                }
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Undoes `encoding/json`'s HTML escaping (`\u003c`, `\u003e`, `\u0026`) in encoded JSON, as
/// an encoder with `SetEscapeHTML(false)` would have written it.
pub(crate) fn json_unescape_html(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut rest = src;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let esc = &rest[i..];
        let replaced = match esc.get(..6) {
            Some("\\u003c") => Some('<'),
            Some("\\u003e") => Some('>'),
            Some("\\u0026") => Some('&'),
            _ => None,
        };
        match replaced {
            Some(c) => {
                out.push(c);
                rest = &esc[6..];
            }
            None => {
                // Copy the backslash and the escaped character together, so `\\u003c`
                // (an escaped backslash) is left alone.
                let n = esc[1..].chars().next().map_or(1, |c| 1 + c.len_utf8());
                out.push_str(&esc[..n]);
                rest = &esc[n..];
            }
        }
    }
    out.push_str(rest);
    out
}
