//! Sprig's list functions (`list.go`): reflection over any slice, results as
//! `[]interface {}`, `must*` variants that return the errors the plain ones panic with (a
//! recovered panic reads the same in a template error, so both share one implementation).
//!
//! Helm templates see Sprig's `slice`, not Go's builtin: text/template looks up the
//! template's functions before its builtins.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::func;
use crate::template::funcs::{CallCtx, Func, FuncResult};
use crate::value::{Elem, List, Value};

use super::cast::to_int64;
use super::util::{deep_equal, empty, go_f64_to_i64, int_arg, list_items, runtime_error, ListView};

/// The list functions.
pub static FUNCS: &[Func] = &[
    func!("list", [] ...Any, list),
    func!("tuple", [] ...Any, list),
    func!("append", [Any, Any], push),
    func!("push", [Any, Any], push),
    func!("mustAppend", [Any, Any], push),
    func!("mustPush", [Any, Any], push),
    func!("prepend", [Any, Any], prepend),
    func!("mustPrepend", [Any, Any], prepend),
    func!("first", [Any], first),
    func!("mustFirst", [Any], first),
    func!("rest", [Any], rest),
    func!("mustRest", [Any], rest),
    func!("last", [Any], last),
    func!("mustLast", [Any], last),
    func!("initial", [Any], initial),
    func!("mustInitial", [Any], initial),
    func!("reverse", [Any], reverse),
    func!("mustReverse", [Any], reverse),
    func!("uniq", [Any], uniq),
    func!("mustUniq", [Any], uniq),
    func!("without", [Any] ...Any, without),
    func!("mustWithout", [Any] ...Any, without),
    func!("has", [Any, Any], has),
    func!("mustHas", [Any, Any], has),
    func!("slice", [Any] ...Any, slice),
    func!("mustSlice", [Any] ...Any, slice),
    func!("concat", [] ...Any, concat),
    func!("chunk", [Int, Any], chunk),
    func!("mustChunk", [Int, Any], chunk),
    func!("compact", [Any], compact),
    func!("mustCompact", [Any], compact),
];

fn any_list(items: Vec<Value>) -> Value {
    Value::List(List::new(items))
}

/// A `[]interface {}` Sprig built by appending one item at a time to an empty slice.
fn appended(items: Vec<Value>) -> Value {
    Value::List(List::appended(Elem::Any, items))
}

fn list(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(any_list(a.to_vec()))
}

fn push(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let l = list_items(&a[0], |k| format!("Cannot push on type {k}"))?;
    let mut items = l.to_vec();
    items.push(a[1].clone());
    // `append(make([]interface{}, n), v)`
    let cap = crate::value::append_many_cap(Elem::Any, l.len(), l.len(), 1);
    Ok(Value::List(List::with_cap(Elem::Any, items, cap)))
}

fn prepend(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let l = list_items(&a[0], |k| format!("Cannot prepend on type {k}"))?;
    let mut items = Vec::with_capacity(l.len() + 1);
    items.push(a[1].clone());
    items.extend(l.to_vec());
    // `append([]interface{}{v}, list...)`
    let cap = crate::value::append_many_cap(Elem::Any, 1, 1, l.len());
    Ok(Value::List(List::with_cap(Elem::Any, items, cap)))
}

fn first(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let l = list_items(&a[0], |k| format!("Cannot find first on type {k}"))?;
    Ok(if l.len() == 0 { Value::Nil } else { l.get(0) })
}

fn last(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let l = list_items(&a[0], |k| format!("Cannot find last on type {k}"))?;
    Ok(if l.len() == 0 {
        Value::Nil
    } else {
        l.get(l.len() - 1)
    })
}

fn rest(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let l = list_items(&a[0], |k| format!("Cannot find rest on type {k}"))?;
    if l.len() == 0 {
        return Ok(Value::List(List::nil_of(crate::value::Elem::Any)));
    }
    Ok(any_list(l.to_vec().into_iter().skip(1).collect()))
}

fn initial(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let l = list_items(&a[0], |k| format!("Cannot find initial on type {k}"))?;
    if l.len() == 0 {
        return Ok(Value::List(List::nil_of(crate::value::Elem::Any)));
    }
    let mut items = l.to_vec();
    items.pop();
    Ok(any_list(items))
}

fn reverse(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let l = list_items(&a[0], |k| format!("Cannot find reverse on type {k}"))?;
    let mut items = l.to_vec();
    items.reverse();
    Ok(any_list(items))
}

fn compact(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let l = list_items(&a[0], |k| format!("Cannot compact on type {k}"))?;
    Ok(appended(
        l.to_vec().into_iter().filter(|v| !empty(v)).collect(),
    ))
}

/// Whether `needle` is in `haystack` by Go's `reflect.DeepEqual`.
fn in_list(haystack: &[Value], needle: &Value) -> bool {
    haystack.iter().any(|h| deep_equal(needle, h))
}

fn uniq(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let l = list_items(&a[0], |k| format!("Cannot find uniq on type {k}"))?;
    let mut dest: Vec<Value> = Vec::new();
    for item in l.to_vec() {
        if !in_list(&dest, &item) {
            dest.push(item);
        }
    }
    Ok(appended(dest))
}

fn without(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let l = list_items(&a[0], |k| format!("Cannot find without on type {k}"))?;
    let omit = &a[1..];
    Ok(appended(
        l.to_vec()
            .into_iter()
            .filter(|v| !in_list(omit, v))
            .collect(),
    ))
}

/// `has NEEDLE HAYSTACK`: a nil haystack holds nothing.
fn has(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    if a[1].is_nil() {
        return Ok(Value::Bool(false));
    }
    let l = list_items(&a[1], |k| format!("Cannot find has on type {k}"))?;
    Ok(Value::Bool(l.to_vec().iter().any(|v| deep_equal(&a[0], v))))
}

/// cast's `ToInt` for `slice` indices.
fn to_int(v: &Value) -> i64 {
    match v {
        Value::Float(f) => go_f64_to_i64(*f),
        other => to_int64(other),
    }
}

/// `slice LIST [START [END]]`: `l[start:end]` keeping the slice's type; nil for an empty list.
fn slice(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let l = list_items(&a[0], |k| {
        format!("list should be type of slice or array but {k}")
    })?;
    if l.len() == 0 {
        return Ok(Value::Nil);
    }
    let start = a.get(1).map_or(0, to_int);
    let end = if a.len() < 3 {
        l.len() as i64
    } else {
        to_int(&a[2])
    };
    // reflect's bound is the capacity, not the length.
    if start < 0 || end < start || end > l.cap() as i64 {
        return Err(String::from(
            "reflect.Value.Slice: slice index out of bounds",
        ));
    }
    Ok(l.slice(start as usize, end as usize))
}

fn concat(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let mut res = Vec::new();
    for v in a {
        match list_items(v, |k| format!("Cannot concat type {k} as list")) {
            Ok(l) => res.extend(l.to_vec()),
            Err(e) => return Err(e),
        }
    }
    // Sprig appends to a nil slice: nothing appended stays nil (`toYaml` says `null`).
    if res.is_empty() {
        return Ok(Value::List(List::nil_of(Elem::Any)));
    }
    Ok(appended(res))
}

/// `chunk SIZE LIST`: Sprig computes the chunk count in float64, so a zero or negative size
/// reproduces Go's panics (or an empty result) rather than an error of its own.
fn chunk(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let size = int_arg(&a[0]);
    let l: ListView = list_items(&a[1], |k| format!("Cannot chunk type {k}"))?;
    let len = l.len() as i64;
    let cs =
        go_f64_to_i64(super::numeric::libm_floor((len - 1) as f64 / size as f64)).wrapping_add(1);
    if cs < 0 {
        return Err(runtime_error("makeslice: len out of range"));
    }
    if cs > len.max(1) {
        // Only reachable through Go's integer-indefinite conversions; Go would allocate.
        return Err(runtime_error("makeslice: len out of range"));
    }
    let mut out = Vec::with_capacity(cs as usize);
    for i in 0..cs {
        let mut clen = size;
        if i == cs - 1 {
            clen = go_f64_to_i64(super::numeric::libm_floor((len as f64) % (size as f64)));
            if clen == 0 {
                clen = size;
            }
        }
        if clen < 0 {
            return Err(runtime_error("makeslice: len out of range"));
        }
        let mut part = Vec::with_capacity(clen.min(len) as usize);
        for j in 0..clen {
            let ix = i.wrapping_mul(size).wrapping_add(j);
            if ix < 0 || ix >= len {
                return Err(String::from("reflect: slice index out of range"));
            }
            part.push(l.get(ix as usize));
        }
        out.push(any_list(part));
    }
    // Sprig builds a `[][]interface{}`: its items are lists, not interface slots.
    Ok(Value::List(List::typed(crate::value::Elem::Slices, out)))
}
