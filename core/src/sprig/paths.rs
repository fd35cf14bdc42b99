//! Go's `path` functions (`base`, `dir`, `clean`, `ext`, `isAbs`) and `path/filepath`'s
//! (`osBase`…), which behave identically on Linux, where Helm runs.

use crate::func;
use crate::template::funcs::{CallCtx, Func, FuncResult};
use crate::value::Value;

use super::util::str_arg;

/// The path functions.
pub static FUNCS: &[Func] = &[
    func!("base", [String], base),
    func!("dir", [String], dir),
    func!("clean", [String], clean),
    func!("ext", [String], ext),
    func!("isAbs", [String], is_abs),
    func!("osBase", [String], base),
    func!("osClean", [String], clean),
    func!("osDir", [String], dir),
    func!("osExt", [String], ext),
    func!("osIsAbs", [String], is_abs),
];

fn base(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let mut p = str_arg(&a[0]);
    if p.is_empty() {
        return Ok(Value::str("."));
    }
    p = p.trim_end_matches('/');
    if let Some(i) = p.rfind('/') {
        p = &p[i + 1..];
    }
    Ok(Value::str(if p.is_empty() { "/" } else { p }))
}

fn dir(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let p = str_arg(&a[0]);
    let d = p.rfind('/').map_or("", |i| &p[..=i]);
    Ok(Value::from(crate::gopath::clean(d)))
}

fn clean(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::from(crate::gopath::clean(str_arg(&a[0]))))
}

fn ext(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let p = str_arg(&a[0]);
    for (i, b) in p.bytes().enumerate().rev() {
        match b {
            b'/' => break,
            b'.' => return Ok(Value::str(&p[i..])),
            _ => {}
        }
    }
    Ok(Value::str(""))
}

fn is_abs(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::Bool(str_arg(&a[0]).starts_with('/')))
}
