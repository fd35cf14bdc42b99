//! Sprig's `urlParse` and `urlJoin`, over our port of Go's net/url.

pub mod gourl;
pub mod netip;
pub mod quote;

use alloc::format;
use alloc::string::{String, ToString};

use crate::func;
#[cfg(test)]
use crate::template::funcs::FuncImpl;
use crate::template::funcs::{CallCtx, Func, FuncResult};
use crate::value::{map_of, Value};

/// The URL functions.
pub static FUNCS: &[Func] = &[func!("urlParse", [String], url_parse), func!("urlJoin", [Map], url_join)];

fn str_arg(args: &[Value], i: usize) -> &str {
    args.get(i).and_then(Value::as_str).unwrap_or("")
}

/// `urlParse`: the parts of a URL as a dict (Sprig panics on a bad URL; the engine reports
/// the panic as the call's error).
fn url_parse(_: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
    let u = gourl::parse(str_arg(args, 0)).map_err(|e| format!("unable to parse url: {e}"))?;
    Ok(map_of([
        ("scheme", Value::from(u.scheme.as_str())),
        ("host", Value::from(u.host.as_str())),
        ("hostname", Value::from(u.hostname())),
        ("path", Value::from(u.path.as_str())),
        ("query", Value::from(u.raw_query.as_str())),
        ("opaque", Value::from(u.opaque.as_str())),
        ("fragment", Value::from(u.fragment.as_str())),
        ("userinfo", Value::from(u.user.as_ref().map(gourl::Userinfo::encoded).unwrap_or_default())),
    ]))
}

/// Sprig's `dictGetOrEmpty`: a string entry, `""` when missing, a panic for other kinds.
fn dict_get_or_empty(d: &crate::value::Map, key: &str) -> Result<String, String> {
    match d.get(key) {
        None => Ok(String::new()),
        Some(Value::String(s)) => Ok(s.to_string()),
        // reflect.TypeOf(nil).Kind() dereferences a nil Type.
        Some(Value::Nil) => Err("runtime error: invalid memory address or nil pointer dereference".to_string()),
        Some(v) => Err(format!("unable to parse {key} key, must be of type string, but {} found", v.kind_name())),
    }
}

/// `urlJoin`: a URL string from a dict of parts, as `urlParse` returns them.
fn url_join(_: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
    let Some(d) = args.first().and_then(Value::as_map) else {
        return Ok(Value::from(""));
    };
    let mut u = gourl::Url {
        scheme: dict_get_or_empty(d, "scheme")?,
        host: dict_get_or_empty(d, "host")?,
        path: dict_get_or_empty(d, "path")?,
        raw_query: dict_get_or_empty(d, "query")?,
        opaque: dict_get_or_empty(d, "opaque")?,
        fragment: dict_get_or_empty(d, "fragment")?,
        ..Default::default()
    };
    let userinfo = dict_get_or_empty(d, "userinfo")?;
    if !userinfo.is_empty() {
        let temp = gourl::parse(&format!("proto://{userinfo}@host"))
            .map_err(|e| format!("unable to parse userinfo in dict: {e}"))?;
        u.user = temp.user;
    }
    Ok(Value::from(u.to_string()))
}

#[cfg(test)]
mod tests;
