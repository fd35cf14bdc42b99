//! Execution cases with Go's exact output (expectations from Go text/template as Helm v4.2.3
//! runs it: `missingkey=zero`, Helm's error text before its reformatting).

use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

use super::exec::{ExecOptions, Templates};
use super::funcs::{CallCtx, FuncMap};
use crate::func;
use crate::host::SeededHost;
use crate::value::{map_of, List, Map, MapType, Value};

fn upper(_: &mut CallCtx<'_>, a: &[Value]) -> super::funcs::FuncResult {
    Ok(Value::str(a[0].as_str().unwrap_or_default().to_uppercase()))
}
fn list(_: &mut CallCtx<'_>, a: &[Value]) -> super::funcs::FuncResult {
    Ok(Value::list(a.to_vec()))
}
fn failing(_: &mut CallCtx<'_>, _: &[Value]) -> super::funcs::FuncResult {
    Err("boom".to_string())
}
fn set(_: &mut CallCtx<'_>, a: &[Value]) -> super::funcs::FuncResult {
    if let (Value::Map(m), Some(k)) = (&a[0], a[1].as_str()) {
        m.insert(k, a[2].clone());
    }
    Ok(a[0].clone())
}

fn funcs() -> Rc<FuncMap> {
    let mut m = FuncMap::new();
    m.extend(&[
        func!("upper", [String], upper),
        func!("list", [] ...Any, list),
        func!("failing", [], failing),
        func!("set", [Map, String, Any], set),
        func!("include", [String, Any], failing),
        func!("tpl", [String, Any], failing),
    ]);
    Rc::new(m)
}

fn data() -> Value {
    let values = map_of([
        ("s", Value::str("str")),
        ("n", Value::Int64(3)),
        ("t", Value::Bool(true)),
        ("empty", Value::str("")),
        ("l", Value::list(vec![Value::str("a"), Value::str("b")])),
        (
            "m",
            map_of([("b", Value::Int64(2)), ("a", Value::Int64(1))]),
        ),
        (
            "nested",
            map_of([("x", map_of([("y", Value::str("deep"))]))]),
        ),
        ("nil", Value::Nil),
        ("strs", Value::List(List::strings(["p", "q"]))),
    ]);
    let Value::Map(v) = values else {
        unreachable!()
    };
    let values = Value::Map(v.retyped(MapType::Values));
    Value::Map(Map::from_entries(
        MapType::Values,
        [("Values".into(), values)].into_iter().collect(),
    ))
}

fn run(src: &str) -> Result<String, String> {
    let mut t = Templates::new(funcs());
    t.parse("t", src).map_err(|e| e.to_string())?;
    let mut host = SeededHost::default();
    t.execute("t", data(), &mut host, &ExecOptions::default())
        .map_err(|e| e.to_string())
}

#[test]
fn go_semantics() {
    let cases: &[(&str, &str)] = &[
        ("{{ .Values.s }}", "str"),
        ("{{ .Values.missing }}", "<no value>"),
        ("{{ $x := .Values.missing }}[{{ $x.foo }}]", "[<no value>]"),
        ("{{ (.Values.missing).foo }}", "<no value>"),
        ("{{ if .Values.empty }}y{{ else }}n{{ end }}", "n"),
        ("{{ if .Values.nil }}y{{ else if .Values.t }}t{{ end }}", "t"),
        ("{{ with .Values.nested.x }}{{ .y }}{{ end }}", "deep"),
        ("{{ with .Values.missing }}a{{ else with .Values.s }}{{ . }}{{ end }}", "str"),
        ("{{ range .Values.l }}{{ . }},{{ end }}", "a,b,"),
        ("{{ range $i, $v := .Values.l }}{{ $i }}={{ $v }};{{ end }}", "0=a;1=b;"),
        ("{{ range $k, $v := .Values.m }}{{ $k }}{{ $v }}{{ end }}", "a1b2"),
        ("{{ range .Values.missing }}x{{ else }}empty{{ end }}", "empty"),
        ("{{ range 3 }}{{ . }}{{ end }}", "012"),
        ("{{ range $i, $v := .Values.l }}{{ if eq $i 1 }}{{ break }}{{ end }}{{ $v }}{{ end }}", "a"),
        ("{{ range .Values.l }}{{ if eq . \"a\" }}{{ continue }}{{ end }}{{ . }}{{ end }}", "b"),
        ("{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}", "2"),
        ("{{ $x := 1 }}{{ if true }}{{ $x := 3 }}{{ end }}{{ $x }}", "1"),
        ("{{ and 1 0 2 }}|{{ or 0 \"\" \"x\" }}|{{ and .Values.t .Values.s }}|{{ not .Values.nil }}", "0|x|str|true"),
        ("{{ eq .Values.s \"str\" }}{{ eq 1 2 1 }}{{ ne \"a\" \"b\" }}{{ lt 1 2 }}{{ ge \"b\" \"a\" }}", "truetruetruetruetrue"),
        ("{{ eq .Values.missing \"x\" }}", "false"),
        ("{{ len .Values.l }}{{ len \"héllo\" }}{{ len .Values.m }}", "262"),
        ("{{ index .Values.l 1 }}{{ index .Values.m \"a\" }}{{ index .Values.nested \"x\" \"y\" }}", "b1deep"),
        ("{{ index .Values.m \"zz\" }}", "<no value>"),
        ("{{ .Values.s | upper }}", "STR"),
        ("{{ \"a\" | printf \"%s-%s\" \"b\" }}", "b-a"),
        ("{{ html \"<a href='x'>&\" }}", "&lt;a href=&#39;x&#39;&gt;&amp;"),
        ("{{ js \"a'b\\n<\" }}", "a\\'b\\u000A\\u003C"),
        ("{{ urlquery \"a b&c\" }}", "a+b%26c"),
        ("{{ define \"d\" }}D{{ . }}{{ end }}{{ template \"d\" .Values.s }}", "Dstr"),
        ("{{ block \"b\" .Values.s }}B{{ . }}{{ end }}", "Bstr"),
        ("{{- \"a\" -}}  \n  {{- \"b\" }}", "ab"),
        ("{{ $_ := set .Values \"new\" \"v\" }}{{ .Values.new }}", "v"),
        ("{{ 'a' }} {{ 0x10 }} {{ 1_000 }} {{ -5 }}", "97 16 1000 -5"),
        ("{{ .Values.strs }}", "[p q]"),
        ("{{ .Values.t }} {{ .Values.n }}", "true 3"),
    ];
    let mut failures = Vec::new();
    for (src, want) in cases {
        match run(src) {
            Ok(got) if got == *want => {}
            other => failures.push(alloc::format!("{src:?}: got {other:?}, want {want:?}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn go_errors() {
    let cases: &[(&str, &str)] = &[
        ("{{ .Values.nil.x }}", "template: t:1:10: executing \"t\" at <.Values.nil.x>: nil pointer evaluating interface {}.x"),
        ("{{ .Values.missing.x }}", "template: t:1:10: executing \"t\" at <.Values.missing.x>: nil pointer evaluating interface {}.x"),
        ("{{ .Values.s.x }}", "template: t:1:10: executing \"t\" at <.Values.s.x>: can't evaluate field x in type interface {}"),
        ("{{ upper 1 }}", "template: t:1:9: executing \"t\" at <1>: expected string; found 1"),
        ("{{ upper .Values.n }}", "template: t:1:16: executing \"t\" at <.Values.n>: wrong type for value; expected string; got int64"),
        ("{{ upper .Values.missing }}", "template: t:1:16: executing \"t\" at <.Values.missing>: wrong type for value; expected string; got interface {}"),
        ("{{ upper (.Values.missing) }}", "template: t:1:17: executing \"t\" at <.Values.missing>: invalid value; expected string"),
        ("{{ upper }}", "template: t:1:3: executing \"t\" at <upper>: wrong number of args for upper: want 1 got 0"),
        ("{{ failing }}", "template: t:1:3: executing \"t\" at <failing>: error calling failing: boom"),
        ("{{ eq 1 1.5 }}", "template: t:1:3: executing \"t\" at <eq 1 1.5>: error calling eq: incompatible types for comparison: int and float64"),
        ("{{ lt true false }}", "template: t:1:3: executing \"t\" at <lt true false>: error calling lt: invalid type for comparison"),
        ("{{ index .Values.l 2 }}", "template: t:1:3: executing \"t\" at <index .Values.l 2>: error calling index: reflect: slice index out of range"),
        ("{{ index .Values.l 5 }}", "template: t:1:3: executing \"t\" at <index .Values.l 5>: error calling index: index out of range: 5"),
        ("{{ len .Values.missing }}", "template: t:1:3: executing \"t\" at <len .Values.missing>: error calling len: len of nil pointer"),
        ("{{ template \"nope\" }}", "template: t:1:12: executing \"t\" at <{{template \"nope\"}}>: template \"nope\" not defined"),
        ("{{ .Values.s 1 }}", "template: t:1:10: executing \"t\" at <.Values.s>: s is not a method but has arguments"),
        ("{{ range $i, $v := 3 }}{{ end }}", "template: t:1:19: executing \"t\" at <3>: can't use 3 to iterate over more than one variable"),
        ("{{ nil }}", "template: t:1:3: executing \"t\" at <nil>: nil is not a command"),
        ("{{ \"x\" 1 }}", "template: t:1:3: executing \"t\" at <\"x\">: can't give argument to non-function \"x\""),
    ];
    let mut failures = Vec::new();
    for (src, want) in cases {
        match run(src) {
            Err(got) if got == *want => {}
            other => failures.push(alloc::format!(
                "{src:?}:\n   got {other:?}\n  want {want:?}"
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
