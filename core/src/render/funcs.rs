//! Helm's own template functions (`pkg/engine/funcs.go`), layered over Sprig's.

use alloc::format;
use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

use crate::func;
use crate::template::funcs::{CallCtx, Func, FuncMap, FuncResult};
use crate::value::{Map, Value};

/// Helm wraps `required`/`fail` messages in these so its error cleanup can find them.
pub const WARN_START: &str = "HELM_ERR_START";
/// See [`WARN_START`].
pub const WARN_END: &str = "HELM_ERR_END";

fn warn_wrap(msg: &str) -> String {
    format!("{WARN_START}{msg}{WARN_END}")
}

fn trim_nl(mut s: String) -> String {
    if s.ends_with('\n') {
        s.pop();
    }
    s
}

fn to_yaml(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::from(
        crate::yaml::to_yaml(&a[0]).map(trim_nl).unwrap_or_default(),
    ))
}

fn must_to_yaml(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    crate::yaml::to_yaml(&a[0]).map(|s| Value::from(trim_nl(s)))
}

fn to_yaml_pretty(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::from(
        crate::yaml::to_yaml_pretty(&a[0])
            .map(trim_nl)
            .unwrap_or_default(),
    ))
}

/// sigs.k8s.io/yaml `Unmarshal` into a `map[string]interface{}`.
fn yaml_into_map(s: &str) -> Result<Map, String> {
    match crate::yaml::from_yaml(s) {
        Ok(Value::Map(m)) => Ok(m),
        Ok(Value::Nil) => Ok(Map::new()),
        Ok(other) => Err(format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
            json_kind(&other)
        )),
        Err(e) => Err(e.message),
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::List(_) => "array",
        Value::String(_) => "string",
        Value::Bool(_) => "bool",
        Value::Int(_) | Value::Int64(_) | Value::Uint(_) | Value::Float(_) => "number",
        _ => "object",
    }
}

fn from_yaml(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let s = a[0].as_str().unwrap_or_default();
    Ok(Value::Map(yaml_into_map(s).unwrap_or_else(|e| {
        let m = Map::new();
        m.insert("Error", Value::from(e));
        m
    })))
}

fn from_yaml_array(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let s = a[0].as_str().unwrap_or_default();
    Ok(match crate::yaml::from_yaml(s) {
        Ok(Value::List(l)) => Value::List(l),
        Ok(Value::Nil) => Value::list(vec![]),
        Ok(other) => Value::list(vec![Value::from(format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type []interface {{}}",
            json_kind(&other)
        ))]),
        Err(e) => Value::list(vec![Value::from(e.message)]),
    })
}

fn to_json(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::from(crate::json::to_json(&a[0]).unwrap_or_default()))
}

fn must_to_json(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    crate::json::to_json(&a[0]).map(Value::from)
}

/// encoding/json `Unmarshal` into a map or a list, keeping what Go keeps next to an error
/// (the partly filled value), with the error under `Error` (map) or as the only item (list).
fn from_json(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let s = a[0].as_str().unwrap_or_default();
    let (v, err) = crate::json::unmarshal(s, crate::json::Target::Map);
    let m = match v {
        Value::Map(m) => m,
        _ => Map::new(),
    };
    if let Some(e) = err {
        m.insert("Error", Value::from(e));
    }
    Ok(Value::Map(m))
}

fn from_json_array(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let s = a[0].as_str().unwrap_or_default();
    let (v, err) = crate::json::unmarshal(s, crate::json::Target::List);
    Ok(match err {
        Some(e) => Value::list(vec![Value::from(e)]),
        None => match v {
            Value::List(l) => Value::List(l),
            _ => Value::list(vec![]),
        },
    })
}

/// Helm returns the encoder's error as the text, but a nil document panics inside
/// reflect, which text/template reports as a failed call.
fn to_toml(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    match crate::toml::to_toml(&a[0]) {
        Ok(s) => Ok(Value::from(s)),
        Err(e) if e == crate::toml::NIL_PANIC => Err(e),
        Err(e) => Ok(Value::from(e)),
    }
}

fn must_to_toml(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    crate::toml::to_toml(&a[0]).map(Value::from)
}

fn from_toml(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let s = a[0].as_str().unwrap_or_default();
    Ok(match crate::toml::from_toml(s) {
        Ok(Value::Map(m)) => Value::Map(m),
        Ok(_) => Value::empty_map(),
        Err(e) => {
            let m = Map::new();
            m.insert("Error", Value::from(e));
            Value::Map(m)
        }
    })
}

fn required(ctx: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let warn = a[0].as_str().unwrap_or_default();
    let missing = match &a[1] {
        Value::Nil => true,
        Value::String(s) => s.is_empty(),
        _ => false,
    };
    if !missing {
        return Ok(a[1].clone());
    }
    if ctx.lint {
        // Helm logs it and carries on when linting (its words differ for "" and nil).
        let what = if matches!(a[1], Value::Nil) {
            "missing required value"
        } else {
            "missing required values"
        };
        let line = crate::gofmt::slog::line("WARN", what, &[("message", warn)]);
        ctx.host.log(&line);
        return Ok(Value::from(""));
    }
    Err(warn_wrap(warn))
}

fn fail(ctx: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let msg = a[0].as_str().unwrap_or_default();
    if ctx.lint {
        let line = crate::gofmt::slog::line("INFO", "funcMap fail", &[("message", msg)]);
        ctx.host.log(&line);
        return Ok(Value::from(""));
    }
    Err(warn_wrap(msg))
}

fn lookup(ctx: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let s = |i: usize| a[i].as_str().unwrap_or_default().to_string();
    ctx.host.lookup(&s(0), &s(1), &s(2), &s(3))
}

fn placeholder(_: &mut CallCtx<'_>, _: &[Value]) -> FuncResult {
    // `include` and `tpl` are bound by the executor; this is never called.
    Ok(Value::from("not implemented"))
}

/// Helm's functions, replacing Sprig's of the same name.
pub const HELM_FUNCS: &[Func] = &[
    func!("toYaml", [Any], to_yaml),
    func!("mustToYaml", [Any], must_to_yaml),
    func!("toYamlPretty", [Any], to_yaml_pretty),
    func!("fromYaml", [String], from_yaml),
    func!("fromYamlArray", [String], from_yaml_array),
    func!("toJson", [Any], to_json),
    func!("mustToJson", [Any], must_to_json),
    func!("fromJson", [String], from_json),
    func!("fromJsonArray", [String], from_json_array),
    func!("toToml", [Any], to_toml),
    func!("mustToToml", [Any], must_to_toml),
    func!("fromToml", [String], from_toml),
    func!("include", [String, Any], placeholder),
    func!("tpl", [String, Any], placeholder),
    func!("required", [String, Any], required),
    func!("fail", [String], fail),
    func!("lookup", [String, String, String, String], lookup),
];

/// The whole function map a Helm template sees: Sprig minus `env`/`expandenv`, then Helm's.
pub fn helm_func_map() -> Rc<FuncMap> {
    let mut m = FuncMap::new();
    let sprig: Vec<Func> = crate::sprig::functions()
        .filter(|f| !matches!(f.name, "env" | "expandenv"))
        .copied()
        .collect();
    m.extend(&sprig);
    m.extend(HELM_FUNCS);
    Rc::new(m)
}

#[cfg(test)]
mod log_tests {
    use super::*;
    use alloc::string::String;
    use alloc::vec::Vec;

    /// A host that keeps what is logged.
    #[derive(Default)]
    struct Recorder(Vec<String>);

    impl crate::host::Host for Recorder {
        fn fill_random(&mut self, buf: &mut [u8]) {
            buf.fill(0);
        }

        fn log(&mut self, line: &str) {
            self.0.push(line.into());
        }
    }

    /// In lint mode `required` and `fail` carry on and log what Helm logs.
    #[test]
    fn lint_mode_logs_as_helm() {
        let mut host = Recorder::default();
        let mut ctx = CallCtx {
            host: &mut host,
            lint: true,
            unchanged: false,
        };
        let need = Value::from("need a");
        assert_eq!(
            required(&mut ctx, &[need.clone(), Value::Nil])
                .unwrap()
                .as_str(),
            Some("")
        );
        assert!(required(&mut ctx, &[need, Value::from("")]).is_ok());
        assert!(fail(&mut ctx, &[Value::from("boom")]).is_ok());
        assert_eq!(
            host.0,
            [
                "level=WARN msg=\"missing required value\" message=\"need a\"",
                "level=WARN msg=\"missing required values\" message=\"need a\"",
                "level=INFO msg=\"funcMap fail\" message=boom",
            ]
        );
    }
}

#[cfg(test)]
mod effect_tests {
    use super::*;
    use crate::template::funcs::Effect;
    use alloc::vec::Vec;

    /// Every function of Helm's map has a considered effect: the ones that change a value
    /// are exactly Sprig's map writers, and the classification lists name no function that
    /// does not exist (a misspelt pure function would silently count as changing values).
    #[test]
    fn every_function_has_a_considered_effect() {
        let map = helm_func_map();
        let mutates: Vec<&str> = map
            .iter()
            .filter(|f| f.effect == Effect::Mutates)
            .map(|f| f.name)
            .collect();
        assert_eq!(
            mutates,
            [
                "merge",
                "mergeOverwrite",
                "mustMerge",
                "mustMergeOverwrite",
                "set",
                "unset"
            ]
        );
    }
}
