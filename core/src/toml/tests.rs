//! BurntSushi/toml against Helm: each row is a template call sent to Helm v4.2.3 (`toToml`,
//! `mustToToml`, `fromToml` shown with `toString`, `toJson` or `typeOf` of each entry) and
//! what Helm rendered.

use alloc::string::{String, ToString};

use super::*;
use crate::gofmt::sprint;
use crate::gofmt::testexpr::parse_expr;
use crate::json::to_json;
use crate::value::Value;

/// (function, argument, output; `ERR:` + message when the call failed) from the Helm v4.2.3 oracle.
const CASES: &[(&str, &str, &str)] = &[
    ("totoml", "(dict \"a\" 1 \"b\" (dict \"c\" 2 \"d\" (dict \"e\" 3)) \"f\" (list (dict \"g\" 1) (dict \"g\" 2)) \"h\" 1.0 \"i\" \"s\\\"\\\\\\n\\x01é\\x7f\\t\\b\\f\\r\" \"j\" (list 1 \"x\" (dict \"k\" 1)) \"k\" true \"l\" (list) \"m\" (dict) \"n\" nil \"o\" 1e6 \"p\" -0.0 \"q b\" 1 \"\" 2)", "\"\" = 2\na = 1\nh = 1.0\ni = \"s\\\"\\\\\\n\\u0001é\\u007f\\t\\b\\f\\r\"\nj = [1, \"x\", {k = 1}]\nk = true\nl = []\no = 1e+06\np = -0.0\n\"q b\" = 1\n\n[b]\n  c = 2\n  [b.d]\n    e = 3\n\n[[f]]\n  g = 1\n\n[[f]]\n  g = 2\n\n[m]\n"),
    ("totoml", "nil", "ERR:reflect: call of reflect.Value.Type on zero Value"),
    ("totoml", "1", "1"),
    ("totoml", "\"s\"", "\"s\""),
    ("totoml", "(list 1 2)", "[1, 2]"),
    ("totoml", "(list (dict \"a\" 1))", "toml: top-level values must be Go maps or structs"),
    ("totoml", "1.5", "1.5"),
    ("totoml", "true", "true"),
    ("totoml", "(dict \"a\" (list 1 nil))", "toml: cannot encode array with nil element"),
    ("totoml", "(dict \"a\" (list (dict \"b\" nil \"c\" 1 \"d\" (dict \"e\" 1))))", "[[a]]\n  c = 1\n  [a.d]\n    e = 1\n"),
    ("totoml", "(dict \"x\" (list 1 (dict \"b\" nil \"c\" 1 \"d\" (dict \"e\" 1) \"f\" (list (dict \"g\" 1)))))", "x = [1, {c = 1, d = {e = 1}, f = [{g = 1}]}]\n"),
    ("totoml", "(dict \"a\" (float64 \"NaN\") \"b\" (float64 \"-Inf\") \"c\" (float64 \"Inf\") \"d\" (list (list (dict \"a\" 1)) (list)) \"e\" (bytes \"hi\") \"f\" (dict \"a.b\" (dict \"c d\" 1 \"\" (dict \"x\" 1))))", "a = nan\nb = -inf\nc = inf\nd = [[{a = 1}], []]\ne = [104, 105]\n\n[f]\n  [f.\"a.b\"]\n    \"c d\" = 1\n    [f.\"a.b\".\"\"]\n      x = 1\n"),
    ("totoml", "(dict \"a\" (list (dict \"x\" 1) (dict \"y\" (list (dict \"z\" 2)))))", "[[a]]\n  x = 1\n\n[[a]]\n\n  [[a.y]]\n    z = 2\n"),
    ("totoml", "(dict \"z\" (dict \"y\" (dict \"x\" (dict))) \"a\" (dict \"b\" 1))", "[a]\n  b = 1\n\n[z]\n  [z.y]\n    [z.y.x]\n"),
    ("totoml", "(dict \"a\" (list (list 1 2) (list \"x\")) \"b\" (list (list 1 nil)))", "toml: cannot encode array with nil element"),
    ("totoml", "(dict \"a\" (list (dict \"k\" nil)))", "[[a]]\n"),
    ("totoml", "(dict \"a\" (dict \"x\" nil \"y\" nil))", "[a]\n"),
    ("totoml", "(dict \"x\" (list (dict \"p\" 1 \"q\" nil)))", "[[x]]\n  p = 1\n"),
    ("totoml", "(dict \"x\" (list 1 (dict \"q\" nil \"p\" 1)))", "x = [1, {p = 1, }]\n"),
    ("totoml", "(dict \"a\" 1e21 \"b\" 123456789.0 \"c\" 1e-7 \"d\" 100.0 \"e\" (int64 -5) \"f\" 0.1 \"g\" (list 1.0 2.5))", "a = 1e+21\nb = 1.23456789e+08\nc = 1e-07\nd = 100.0\ne = -5\nf = 0.1\ng = [1.0, 2.5]\n"),
    ("totoml", "(dict \"tab\" \"a\\tb\" \"uni\" \"\\u2028é😀\" \"bs\" \"c:\\\\path\")", "bs = \"c:\\\\path\"\ntab = \"a\\tb\"\nuni = \"\u{2028}é😀\"\n"),
    ("totoml", "(dict \"a\" (dict \"b\" (list (dict \"c\" (dict \"d\" 1)))))", "[a]\n\n  [[a.b]]\n    [a.b.c]\n      d = 1\n"),
    ("totoml", "(dict \"k\" (dict \"sub\" (dict \"v\" 1) \"arr\" (list (dict \"w\" 2)) \"z\" 3))", "[k]\n  z = 3\n\n  [[k.arr]]\n    w = 2\n  [k.sub]\n    v = 1\n"),
    ("totoml", "(list)", "[]"),
    ("totoml", "(dict)", ""),
    ("musttotoml", "(dict \"a\" (list nil))", "ERR:toml: cannot encode array with nil element"),
    ("musttotoml", "(list (dict \"a\" 1))", "ERR:toml: top-level values must be Go maps or structs"),
    ("musttotoml", "nil", "ERR:reflect: call of reflect.Value.Type on zero Value"),
    ("fromtoml", "\"a = 1979-05-27T07:32:00Z\\nb = 1979-05-27T00:32:00.999999-07:00\\nc = 1979-05-27T07:32:00\\nd = 1979-05-27\\ne = 07:32:00.5\\nf = 1979-05-27 07:32:00+00:00\\ng=2000-01-01T00:00:00+01:00\"", "map[a:1979-05-27 07:32:00 +0000 UTC b:1979-05-27 00:32:00.999999 -0700 -0700 c:1979-05-27 07:32:00 +0000 datetime-local d:1979-05-27 00:00:00 +0000 date-local e:0000-01-01 07:32:00.5 +0000 time-local f:1979-05-27 07:32:00 +0000 UTC g:2000-01-01 00:00:00 +0100 +0100]"),
    ("fromtoml", "\"a = 1\\nb = 'lit\\\\eral'\\nc = \\\"esc\\\\t\\\\u00e9\\\\U0001F600\\\\x41\\\\e\\\"\\nd = \\\"\\\"\\\"\\nml\\\\\\n   line\\\"\\\"\\\"\\ne = '''\\nraw\\nml'''\"", "map[a:1 b:lit\\eral c:esc\té😀A\u{1b} d:mlline e:raw\nml]"),
    ("fromtoml", "\"a = [1, 2.5, 'x', true, [3], {b = 4}]\\n[t]\\nx = 1\\n[t.u]\\ny = 2\\n[[arr]]\\nz = 1\\n[[arr]]\\nz = 2\"", "map[a:[1 2.5 x true [3] map[b:4]] arr:[map[z:1] map[z:2]] t:map[u:map[y:2] x:1]]"),
    ("fromtoml", "\"a.b.c = 1\\na.b.d = 2\\n[x.y]\\nz = 3\\n[x]\\nw = 4\"", "map[a:map[b:map[c:1 d:2]] x:map[w:4 y:map[z:3]]]"),
    ("fromtoml", "\"a = 0x1F\\nb = 0o17\\nc = 0b101\\nd = 1_000\\ne = -17\\nf = +5\\ng = 3.14e-2\\nh = inf\\ni = -inf\\nj = nan\\nk = 1e10\\nl = -0.0\\nm = 5e+22\"", "map[a:31 b:15 c:5 d:1000 e:-17 f:5 g:0.0314 h:+Inf i:-Inf j:NaN k:1e+10 l:-0 m:5e+22]"),
    ("fromtoml", "\"a = 1\\na = 2\"", "map[Error:toml: line 2 (last key \"a\"): Key 'a' has already been defined.]"),
    ("fromtoml", "\"a = \"", "map[Error:toml: line 1 (last key \"a\"): unexpected EOF; expected value]"),
    ("fromtoml", "\"a\"", "map[Error:toml: line 1: unexpected EOF; expected key separator '=']"),
    ("fromtoml", "\"= 1\"", "map[Error:toml: line 1: unexpected '=': key name appears blank]"),
    ("fromtoml", "\"a = 1 b = 2\"", "map[Error:toml: line 1: expected a top-level item to end with a newline, comment, or EOF, but got 'b' instead]"),
    ("fromtoml", "\"[a]\\nb = 1\\n[a]\\nc = 2\"", "map[Error:toml: line 3: Key 'a' has already been defined.]"),
    ("fromtoml", "\"a = 01\"", "map[Error:toml: line 1 (last key \"a\"): Invalid integer \"01\": cannot have leading zeroes]"),
    ("fromtoml", "\"a = 1__0\"", "map[Error:toml: line 1 (last key \"a\"): Invalid integer \"1__0\": underscores must be surrounded by digits]"),
    ("fromtoml", "\"a = 9223372036854775808\"", "map[Error:toml: line 1 (last key \"a\"): 9223372036854775808 is out of range for int64]"),
    ("fromtoml", "\"a = 1e400\"", "map[Error:toml: line 1 (last key \"a\"): 1e400 is out of range for float64]"),
    ("fromtoml", "\"a = 1.\"", "map[Error:toml: line 1 (last key \"a\"): Invalid float \"1.\": '.' must be followed by one or more digits]"),
    ("fromtoml", "\"a = .5\"", "map[Error:toml: line 1 (last key \"a\"): floats must start with a digit, not '.']"),
    ("fromtoml", "\"a = \\\"x\"", "map[Error:toml: line 1 (last key \"a\"): unexpected EOF; expected '\"']"),
    ("fromtoml", "\"a = \\\"x\\ny\\\"\"", "map[Error:toml: line 1 (last key \"a\"): strings cannot contain newlines]"),
    ("fromtoml", "\"a = \\\"\\\\q\\\"\"", "map[Error:toml: line 1 (last key \"a\"): invalid escape in string '\\q']"),
    ("fromtoml", "\"a = 1979-13-01\"", "map[Error:toml: line 1 (last key \"a\"): invalid datetime: \"1979-13-01\"]"),
    ("fromtoml", "\"a = 1979-02-30\"", "map[Error:toml: line 1 (last key \"a\"): invalid datetime: \"1979-02-30\"]"),
    ("fromtoml", "\"a = 7:32:00\"", "map[Error:toml: line 1 (last key \"a\"): invalid datetime: \"7:32:00\"]"),
    ("fromtoml", "\"a = foo\"", "map[Error:toml: line 1 (last key \"a\"): expected value but found \"foo\" instead]"),
    ("fromtoml", "\"a = [1,,2]\"", "map[Error:toml: line 1 (last key \"a\"): unexpected comma]"),
    ("fromtoml", "\"a = [1 2]\"", "map[Error:toml: line 1 (last key \"a\"): expected a comma (',') or array terminator (']'), but got '2']"),
    ("fromtoml", "\"a = {b = 1, b = 2}\"", "map[Error:toml: line 1 (last key \"a.b\"): Key 'a.b' has already been defined.]"),
    ("fromtoml", "\"a = {b = 1,}\"", "map[a:map[b:1]]"),
    ("fromtoml", "\"a = {b = 1\\n, c = 2}\"", "map[a:map[b:1 c:2]]"),
    ("fromtoml", "\"[a]\\n[a.b]\\nc=1\\n[a]\"", "map[Error:toml: line 4: Key 'a' has already been defined.]"),
    ("fromtoml", "\"a = 1\\n[a]\"", "map[Error:toml: line 2: Key 'a' has already been defined.]"),
    ("fromtoml", "\"a = 1\\na.b = 2\"", "map[Error:toml: line 2 (last key \"a.b\"): Key 'a' has already been defined.]"),
    ("fromtoml", "\"[[a]]\\nb=1\\n[a]\"", "map[Error:toml: line 3: Key 'a' has already been defined.]"),
    ("fromtoml", "\"a = [1]\\n[[a]]\"", "map[Error:toml: line 2: Key 'a' was already created and cannot be used as an array.]"),
    ("fromtoml", "\"[a\\nb = 1\"", "map[Error:toml: line 2: expected '.' or ']' to end table name, but got '\\n' instead]"),
    ("fromtoml", "\"[]\"", "map[Error:toml: line 1: unexpected end of table name (table names cannot be empty)]"),
    ("fromtoml", "\"[a.]\"", "map[Error:toml: line 1: unexpected end of table name (table names cannot be empty)]"),
    ("fromtoml", "\"[[a]\"", "map[Error:toml: line 1: expected end of table array name delimiter ']', but got '\\x00' instead]"),
    ("fromtoml", "\"a = \\\"\\\\uD800\\\"\"", "map[Error:toml: line 1 (last key \"a\"): Escaped character '\\uD800' is not valid UTF-8.]"),
    ("fromtoml", "\"a = 0x\"", "map[Error:toml: line 1 (last key \"a\"): not a hexadecimal number: '0x\u{0}']"),
    ("fromtoml", "\"a = +0x1\"", "map[Error:toml: line 1 (last key \"a\"): cannot use sign with non-decimal numbers: '+0x']"),
    ("fromtoml", "\"a = -nan\\nb = +inf\\nc = 1_2.3_4e1_0\"", "map[a:NaN b:+Inf c:1.234e+11]"),
    ("fromtoml", "\"\\\"quoted key\\\" = 1\\n'lit key' = 2\\n\\\"\\\" = 3\\na.\\\"b.c\\\" = 4\"", "map[:3 a:map[b.c:4] lit key:2 quoted key:1]"),
    ("fromtoml", "\"# comment\\na = 1 # trailing\\n[t] # c\\nb = [\\n  1, # one\\n  2,\\n]\\n\"", "map[a:1 t:map[b:[1 2]]]"),
    ("fromtoml", "\"a = \\\"\\\"\\\"x\\\"\\\"\\\"\\\"\\\"\\nb = '''y'''''\"", "map[a:x\"\" b:y'']"),
    ("fromtoml", "\"a = \\\"\\\"\\\"x\\\"\\\"\\\"\\\"\\\"\\\"\"", "map[Error:toml: line 1 (last key \"a\"): unexpected '\"\"\"\"\"\"']"),
    ("fromtoml", "\"a = tru\"", "map[Error:toml: line 1 (last key \"a\"): expected value but found \"tru\" instead]"),
    ("fromtoml", "\"a = 1\\r\\nb = 2\\r\\n\"", "map[a:1 b:2]"),
    ("fromtoml", "\"a = 1\\rb = 2\"", "map[Error:toml: line 1 (last key \"a\"): TOML files cannot contain control characters: '0x0d']"),
    ("fromtoml", "\"a = \\\"\\x01\\\"\"", "map[Error:toml: line 1 (last key \"a\"): TOML files cannot contain control characters: '0x01']"),
    ("fromtoml", "\"x = {a.b = 1, a.c = 2}\"", "map[x:map[a:map[b:1 c:2]]]"),
    ("fromtoml", "\"a = 1979-05-27T07:32Z\\nb = 1979-05-27T07:32\\nc = 07:32\"", "map[a:1979-05-27 07:32:00 +0000 UTC b:1979-05-27 07:32:00 +0000 datetime-local c:0000-01-01 07:32:00 +0000 time-local]"),
    ("fromtoml", "\"a = 1979-05-27T07:32:00.123456789123Z\"", "map[a:1979-05-27 07:32:00.123456789 +0000 UTC]"),
    ("fromtoml", "\"a = 1979-05-27t07:32:00z\"", "map[a:1979-05-27 07:32:00 +0000 UTC]"),
    ("fromtoml", "\"a = [[1,2],[3,[4]]]\"", "map[a:[[1 2] [3 [4]]]]"),
    ("fromtoml", "\"[a]\\nb.c = 1\\n[a.b]\\nd = 2\"", "map[a:map[b:map[c:1 d:2]]]"),
    ("fromtoml", "\"[a.b]\\nc = 1\\n[a]\\nb.d = 2\"", "map[a:map[b:map[c:1 d:2]]]"),
    ("fromtoml", "\"a = {}\\nb = []\"", "map[a:map[] b:[]]"),
    ("fromtoml", "\"\"", "map[]"),
    ("fromtoml", "\"\\ufeffa = 1\"", "map[a:1]"),
    ("fromtoml", "\"a = 1\\n\\n\\n[b\\n\"", "map[Error:toml: line 5: expected '.' or ']' to end table name, but got '\\n' instead]"),
    ("fromtoml", "\"a = inf\\nb = nan\\nc = -inf\"", "map[a:+Inf b:NaN c:-Inf]"),
    ("fromtoml", "\"[[a.b]]\\nc=1\\n[[a.b]]\\nc=2\\n[a]\\nd=3\"", "map[a:map[b:[map[c:1] map[c:2]] d:3]]"),
    ("fromtoml", "\"a = [{b=1},{b=2}]\\n[a.c]\"", "map[Error:toml: line 2: Key 'a' was already created as a hash.]"),
    ("fromtoml", "\"a = \\\"\\\\x\\\"\"", "map[Error:toml: line 1 (last key \"a\"): expected two hexadecimal digits after '\\x', but got \"\\\\x\\\"\" instead]"),
    ("fromtoml", "\"a = \\\"\\\\u12\\\"\"", "map[Error:toml: line 1 (last key \"a\"): expected four hexadecimal digits after '\\u', but got \"\\\\u12\\\"\" instead]"),
    ("fromtoml", "\"a = 0b2\"", "map[Error:toml: line 1 (last key \"a\"): not a binary number: '0b2']"),
    ("fromtoml", "\"a = 1_\"", "map[Error:toml: line 1 (last key \"a\"): Invalid integer \"1_\": underscores must be surrounded by digits]"),
    ("fromtoml", "\"a = 1e_5\"", "map[Error:toml: line 1 (last key \"a\"): Invalid float \"1e_5\": underscores must be surrounded by digits]"),
    ("fromtoml", "\"a = 1.5.5\"", "map[Error:toml: line 1 (last key \"a\"): Invalid float value: \"1.5.5\"]"),
    ("fromtoml", "\"a = 2000-01-01T00:00:00+25:00\"", "map[Error:toml: line 1 (last key \"a\"): invalid datetime: \"2000-01-01T00:00:00+25:00\"]"),
    ("fromtoml", "\"key = \\\"value\\\" # comment\\n[[fruits]]\\nname = \\\"apple\\\"\\n[fruits.physical]\\ncolor = \\\"red\\\"\\n[[fruits.varieties]]\\nname = \\\"red delicious\\\"\\n[[fruits]]\\nname = \\\"banana\\\"\"", "map[fruits:[map[name:apple physical:map[color:red] varieties:[map[name:red delicious]]] map[name:banana]] key:value]"),
    ("fromtomljson", "\"a = 1979-05-27T07:32:00Z\\nc = 1979-05-27T07:32:00\\nd = 1979-05-27\\ne = 07:32:00.5\\nb = 1979-05-27T00:32:00.999999-07:00\\nf = 1.0\\ng = [1, {h = 'x'}]\"", "{\"a\":\"1979-05-27T07:32:00Z\",\"b\":\"1979-05-27T00:32:00.999999-07:00\",\"c\":\"1979-05-27T07:32:00Z\",\"d\":\"1979-05-27T00:00:00Z\",\"e\":\"0000-01-01T07:32:00.5Z\",\"f\":1,\"g\":[1,{\"h\":\"x\"}]}"),
    ("fromtomltypes", "\"a = 1979-05-27T07:32:00Z\\nb = 1\\nc = 1.5\\nd = [1, 2]\\ne = [{x=1}]\\nf = {y=2}\\n[[g]]\\nz=1\\n[h]\\ni='s'\\nj = true\\nk = []\"", "a=time.Time;b=int64;c=float64;d=[]interface {};e=[]interface {};f=map[string]interface {};g=[]map[string]interface {};h=map[string]interface {};"),
];

/// Helm's `fromToml`: the decoded map, or a map holding the error under "Error".
fn helm_from_toml(s: &str) -> Value {
    match from_toml(s) {
        Ok(v) => v,
        Err(e) => {
            let m = crate::value::Map::new();
            m.insert("Error", Value::str(e));
            Value::Map(m)
        }
    }
}

fn call(kind: &str, arg: &Value) -> String {
    let s = || arg.as_str().unwrap_or_default().to_string();
    match kind {
        "totoml" => match to_toml(arg) {
            Ok(t) => t,
            Err(e) if e == NIL_PANIC => alloc::format!("ERR:{e}"),
            Err(e) => e,
        },
        "musttotoml" => to_toml(arg).unwrap_or_else(|e| alloc::format!("ERR:{e}")),
        "fromtoml" => sprint(&[helm_from_toml(&s())]),
        "fromtomljson" => to_json(&helm_from_toml(&s())).unwrap_or_default(),
        "fromtomltypes" => {
            let v = helm_from_toml(&s());
            let mut out = String::new();
            for (k, v) in v.as_map().unwrap().to_vec() {
                out.push_str(&alloc::format!("{k}={};", v.type_name()));
            }
            out
        }
        _ => panic!("{kind}"),
    }
}

#[test]
fn toml_matches_helm() {
    let mut failures = String::new();
    for (kind, arg, want) in CASES {
        let got = call(kind, &parse_expr(arg));
        if got != *want {
            failures.push_str(&alloc::format!(
                "{kind} {arg}\n  want {want:?}\n  got  {got:?}\n"
            ));
        }
    }
    assert!(failures.is_empty(), "{failures}");
}

#[test]
fn round_trips_through_toml() {
    let doc = "a = 1\nb = [1.5, 'x']\nd = 1979-05-27\n\n[t]\n  u = true\n\n[[arr]]\n  z = 1\n";
    let v = from_toml(doc).unwrap();
    assert_eq!(
        to_toml(&v).unwrap(),
        "a = 1\nb = [1.5, \"x\"]\nd = 1979-05-27\n\n[[arr]]\n  z = 1\n\n[t]\n  u = true\n"
    );
}

#[test]
fn nesting_is_bounded() {
    let deep = alloc::format!(
        "a = {}{}",
        "[".repeat(parse::MAX_NESTING + 1),
        "]".repeat(parse::MAX_NESTING + 1)
    );
    assert!(from_toml(&deep).unwrap_err().contains("nest too deeply"));
    let ok = alloc::format!(
        "a = {}{}",
        "[".repeat(parse::MAX_NESTING),
        "]".repeat(parse::MAX_NESTING)
    );
    assert!(from_toml(&ok).is_ok());
    let inline = alloc::format!(
        "a = {}1{}",
        "{b = ".repeat(parse::MAX_NESTING),
        "}".repeat(parse::MAX_NESTING)
    );
    // At the limit, the parse must fit a 1 MiB stack (WASM's default) even unoptimised.
    let parse =
        move || from_toml(&inline).map(|v| to_toml(&v).map(|t| t.starts_with("[a]\n  [a.b]\n")));
    let ok = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(parse)
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(ok, Ok(Ok(true)));
}
