//! Sprig's dictionary functions (`dict.go`), with dario.cat/mergo v1.0.1's merge rules.
//!
//! Go maps iterate in random order, so `keys` and `values` have no defined order in Helm
//! (charts pipe them through `sortAlpha`). We return each map's entries sorted by key.
//!
//! Functions that return their map argument return the same shared map. Go hands them a
//! `map[string]interface {}`, so `set .Values "k" 1 | typeOf` prints that type in Helm while
//! ours keeps `common.Values` (our maps carry their Go type).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::func;
use crate::template::funcs::{CallCtx, Func, FuncResult};
use crate::value::{Elem, List, Map, MapType, Value};

use super::util::{map_arg, str_arg, strval};

/// The dictionary functions.
pub static FUNCS: &[Func] = &[
    func!("dict", [] ...Any, dict),
    func!("get", [Map, String], get),
    func!("set", [Map, String, Any], set),
    func!("unset", [Map, String], unset),
    func!("hasKey", [Map, String], has_key),
    func!("pluck", [String] ...Map, pluck),
    func!("keys", [] ...Map, keys),
    func!("pick", [Map] ...String, pick),
    func!("omit", [Map] ...String, omit),
    func!("merge", [Map] ...Map, merge),
    func!("mergeOverwrite", [Map] ...Map, merge_overwrite),
    func!("mustMerge", [Map] ...Map, must_merge),
    func!("mustMergeOverwrite", [Map] ...Map, must_merge_overwrite),
    func!("values", [Map], values),
    func!("dig", [] ...Any, dig),
];

/// A map result for a nil map argument returned as is (Go prints it as `map[]`).
fn nil_map() -> Value {
    Value::Map(Map::new())
}

/// `dict K V ...`: keys through `strval`; a key without a value gets `""`.
fn dict(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let m = Map::new();
    for pair in a.chunks(2) {
        let value = pair.get(1).cloned().unwrap_or_else(|| Value::str(""));
        m.insert(strval(&pair[0]), value);
    }
    Ok(Value::Map(m))
}

/// `get MAP KEY`: the value, or `""` when absent.
fn get(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(map_arg(&a[0])
        .and_then(|m| m.get(str_arg(&a[1])))
        .unwrap_or_else(|| Value::str("")))
}

fn set(ctx: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let Some(m) = map_arg(&a[0]).filter(|m| !m.is_nil()) else {
        return Err(String::from("assignment to entry in nil map"));
    };
    ctx.unchanged = made_for_the_call(m);
    m.insert(str_arg(&a[1]), a[2].clone());
    Ok(a[0].clone())
}

fn unset(ctx: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let Some(m) = map_arg(&a[0]) else {
        return Ok(nil_map());
    };
    ctx.unchanged = made_for_the_call(m);
    m.remove(str_arg(&a[1]));
    Ok(a[0].clone())
}

/// Whether `m`, an argument, is held by nothing but the call's arguments (`set (dict) …`):
/// then changing it changes nothing anyone else can see (see [`CallCtx::unchanged`]).
fn made_for_the_call(m: &Map) -> bool {
    m.holders() == 1
}

fn has_key(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::Bool(
        map_arg(&a[0]).is_some_and(|m| m.contains_key(str_arg(&a[1]))),
    ))
}

fn pluck(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let key = str_arg(&a[0]);
    let found = a[1..]
        .iter()
        .filter_map(|d| map_arg(d).and_then(|m| m.get(key)))
        .collect();
    Ok(Value::List(List::appended(Elem::Any, found)))
}

fn keys(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let mut out: Vec<Value> = Vec::new();
    for d in a {
        if let Some(m) = map_arg(d) {
            out.extend(m.keys().iter().map(|k| Value::String(k.clone())));
        }
    }
    Ok(Value::List(List::appended(Elem::String, out)))
}

fn pick(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let res = Map::new();
    if let Some(m) = map_arg(&a[0]) {
        for k in &a[1..] {
            let k = str_arg(k);
            if let Some(v) = m.get(k) {
                res.insert(k, v);
            }
        }
    }
    Ok(Value::Map(res))
}

fn omit(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let res = Map::new();
    if let Some(m) = map_arg(&a[0]) {
        let drop: Vec<&str> = a[1..].iter().map(str_arg).collect();
        for (k, v) in m.to_vec() {
            if !drop.contains(&&*k) {
                res.insert(k, v);
            }
        }
    }
    Ok(Value::Map(res))
}

fn values(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let vals = map_arg(&a[0])
        .map(|m| m.to_vec().into_iter().map(|(_, v)| v).collect())
        .unwrap_or_default();
    Ok(Value::List(List::appended(Elem::Any, vals)))
}

/// Go's failed type assertion `x.(T)` on an `interface{}`.
fn conversion_error(v: &Value, want: &str) -> String {
    let got = if v.is_nil() { "nil" } else { v.type_name() };
    format!("interface conversion: interface {{}} is {got}, not {want}")
}

/// `dig K1 K2 ... DEFAULT MAP`: walks nested `map[string]interface {}`s.
fn dig(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    if a.len() < 3 {
        return Err(String::from("dig needs at least three arguments"));
    }
    const MAP_T: &str = "map[string]interface {}";
    let as_plain_map = |v: &Value| match v {
        Value::Map(m) if m.map_type() == MapType::Any => Ok(m.clone()),
        other => Err(conversion_error(other, MAP_T)),
    };
    let mut dict = as_plain_map(&a[a.len() - 1])?;
    let default = &a[a.len() - 2];
    let mut ks = Vec::with_capacity(a.len() - 2);
    for k in &a[..a.len() - 2] {
        match k {
            Value::String(s) => ks.push(s.clone()),
            other => return Err(conversion_error(other, "string")),
        }
    }
    for (i, k) in ks.iter().enumerate() {
        let Some(step) = dict.get(k) else {
            return Ok(default.clone());
        };
        if i == ks.len() - 1 {
            return Ok(step);
        }
        dict = as_plain_map(&step)?;
    }
    Ok(default.clone())
}

/// mergo's `isEmptyValue` (pointers dereferenced): zero scalars, empty collections, nil.
fn mergo_empty(v: &Value) -> bool {
    match v {
        Value::Object(_) => false,
        other => !other.truth(),
    }
}

/// mergo's `deepMerge` for two maps (the `reflect.Map` case), in place on `dst`.
///
/// The rules, observed in Helm: a nil in `src` is skipped (or stored, with overwrite); a
/// nested map is merged into a non-empty nested map in place; a list replaces only an
/// empty value (or anything, with overwrite); other values fill missing or empty keys (or
/// replace anything, with overwrite). Stored values are shared, not copied. `changed` notes
/// whether `dst` itself (`.0`), or a map nested in it (`.1`), now holds anything it did not.
fn merge_maps(
    dst: &Map,
    src: &Map,
    overwrite: bool,
    depth: usize,
    changed: &mut (bool, bool),
) -> Result<(), String> {
    if depth > crate::limits::MAX_VALUE_DEPTH {
        return Err(String::from("merge: maps nested too deeply"));
    }
    for (key, src_el) in src.to_vec() {
        let dst_el = dst.get(&key);
        if src_el.is_nil() {
            if overwrite {
                put(dst, key, Value::Nil, depth, changed);
            }
            continue;
        }
        match &src_el {
            Value::Map(sm) => {
                if let Some(Value::Map(dm)) = &dst_el {
                    merge_maps(dm, sm, overwrite, depth + 1, changed)?;
                }
            }
            Value::List(_) | Value::Bytes(_) => {
                let replace = overwrite || dst.is_empty();
                let stored = match (&dst_el, replace) {
                    (_, true) => src_el.clone(),
                    (Some(v), false) if !v.is_nil() => v.clone(),
                    // A fresh, empty slice of the source's type.
                    _ => match &src_el {
                        Value::List(l) => Value::List(List::typed(l.elem(), Vec::new())),
                        _ => Value::Bytes(Vec::new().into()),
                    },
                };
                put(dst, key.clone(), stored, depth, changed);
            }
            _ => {}
        }
        if let Some(d) = &dst_el {
            if !mergo_empty(d) {
                if matches!(src_el, Value::List(_) | Value::Bytes(_)) {
                    continue;
                }
                if matches!(src_el, Value::Map(_)) && matches!(d, Value::Map(_)) {
                    continue;
                }
            }
        }
        if overwrite || dst_el.as_ref().is_none_or(mergo_empty) {
            put(dst, key, src_el, depth, changed);
        }
    }
    Ok(())
}

/// `dst[key] = v`, noting in `changed` whether that stores anything but what was there:
/// the same map or list, or an equal scalar.
fn put(dst: &Map, key: crate::value::Str, v: Value, depth: usize, changed: &mut (bool, bool)) {
    let changed = if depth == 0 {
        &mut changed.0
    } else {
        &mut changed.1
    };
    if !*changed {
        let same = match (dst.get(&key), &v) {
            (Some(Value::Map(a)), Value::Map(b)) => a.identity() == b.identity(),
            (Some(Value::List(a)), Value::List(b)) => List::ptr_eq(&a, b),
            (Some(Value::Nil), Value::Nil) => true,
            (Some(Value::Bool(a)), Value::Bool(b)) => a == *b,
            (Some(Value::Int(a)), Value::Int(b)) | (Some(Value::Int64(a)), Value::Int64(b)) => {
                a == *b
            }
            (Some(Value::Float(a)), Value::Float(b)) => a.to_bits() == b.to_bits(),
            (Some(Value::String(a)), Value::String(b)) => a == *b,
            _ => false,
        };
        *changed = !same;
    }
    dst.insert(key, v);
}

/// Sprig's merge loop: each source merged into `dst` in turn; a nil `dst` becomes a new map.
/// `ctx.unchanged` tells the executor whether anything but a `dst` made for the call
/// changed (maps nested in it may be shared, and merge in place).
fn merge_all(ctx: &mut CallCtx<'_>, a: &[Value], overwrite: bool) -> Result<Value, String> {
    let fresh = matches!(&a[0], Value::Map(m) if made_for_the_call(m));
    let mut changed = (false, false);
    // mergo gives a nil destination a fresh map of its own; the nil map stays nil.
    let dst = match &a[0] {
        Value::Map(m) if !m.is_nil() => m.clone(),
        _ => Map::new(),
    };
    let mut result = Ok(());
    for src in &a[1..] {
        if let Some(s) = map_arg(src) {
            result = merge_maps(&dst, s, overwrite, 0, &mut changed);
            if result.is_err() {
                break;
            }
        }
    }
    ctx.unchanged = !changed.1 && (!changed.0 || fresh);
    result?;
    match &a[0] {
        Value::Map(m) if !m.is_nil() => Ok(a[0].clone()),
        _ => Ok(Value::Map(dst)),
    }
}

fn merge(ctx: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(merge_all(ctx, a, false).unwrap_or_else(|_| Value::str("")))
}

fn merge_overwrite(ctx: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(merge_all(ctx, a, true).unwrap_or_else(|_| Value::str("")))
}

fn must_merge(ctx: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    merge_all(ctx, a, false)
}

fn must_merge_overwrite(ctx: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    merge_all(ctx, a, true)
}
