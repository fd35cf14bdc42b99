//! Go's `path` functions (`base`, `dir`, `clean`, `ext`, `isAbs`) and `path/filepath`'s
//! (`osBase`…), which behave identically on Linux, where Helm runs.

use alloc::string::String;
use alloc::vec::Vec;

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

/// Go's `path.Clean`: lexical `.`/`..` resolution, single slashes, `.` for empty.
pub(crate) fn go_clean(path: &str) -> String {
    let p = path.as_bytes();
    if p.is_empty() {
        return String::from(".");
    }
    let rooted = p[0] == b'/';
    let n = p.len();
    let mut out: Vec<u8> = Vec::with_capacity(n);
    let (mut r, mut dotdot) = (0, 0);
    if rooted {
        out.push(b'/');
        r = 1;
        dotdot = 1;
    }
    while r < n {
        if p[r] == b'/' || p[r] == b'.' && (r + 1 == n || p[r + 1] == b'/') {
            // An empty or `.` element.
            r += 1;
        } else if p[r] == b'.' && p[r + 1] == b'.' && (r + 2 == n || p[r + 2] == b'/') {
            r += 2;
            if out.len() > dotdot {
                out.pop();
                while out.len() > dotdot && out[out.len() - 1] != b'/' {
                    out.pop();
                }
                // Drop the separator too, as Go's lazybuf write index does.
                if out.len() > dotdot && out[out.len() - 1] == b'/' {
                    out.pop();
                }
            } else if !rooted {
                if !out.is_empty() {
                    out.push(b'/');
                }
                out.extend_from_slice(b"..");
                dotdot = out.len();
            }
        } else {
            if rooted && out.len() != 1 || !rooted && !out.is_empty() {
                out.push(b'/');
            }
            while r < n && p[r] != b'/' {
                out.push(p[r]);
                r += 1;
            }
        }
    }
    if out.is_empty() {
        return String::from(".");
    }
    String::from_utf8(out).unwrap_or_default()
}

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
    Ok(Value::from(go_clean(d)))
}

fn clean(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::from(go_clean(str_arg(&a[0]))))
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
