//! Sprig's `defaults.go`: `default`, `empty`, `coalesce`, `all`, `any`, `ternary`,
//! `deepCopy`, and the JSON functions, with Helm's overrides of `toJson`, `fromJson` and
//! `mustToJson` (errors become `""`, and a map with an `Error` key, respectively).

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

/// Helm's `fromJson`: an object as a map; on any error, the map Go decoded so far holding
/// the message under `Error`.
fn from_json(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let (v, err) = crate::json::unmarshal(str_arg(&a[0]), crate::json::Target::Map);
    let m = match v {
        Value::Map(m) => m,
        _ => Map::new(),
    };
    if let Some(e) = err {
        m.insert("Error", Value::from(e));
    }
    Ok(Value::Map(m))
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
        crate::json::to_json_opts(&a[0], Some("  "), true).unwrap_or_default(),
    ))
}

fn must_to_pretty_json(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::from(crate::json::to_json_opts(
        &a[0],
        Some("  "),
        true,
    )?))
}

/// `toRawJson`/`mustToRawJson`: an encoder without HTML escaping (Sprig's `toRawJson`
/// panics with the error, which reads the same as `mustToRawJson` returning it).
fn must_to_raw_json(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::from(crate::json::to_json_opts(&a[0], None, false)?))
}
