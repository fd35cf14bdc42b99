//! encoding/json against Helm: each row is a template call sent to Helm v4.2.3 (`toJson`,
//! `toPrettyJson`, `toRawJson`, `mustToJson`, `fromJson`, `fromJsonArray`, `mustFromJson`,
//! the decoded value shown with `toString`) and what Helm rendered.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::*;
use crate::gofmt::sprint;
use crate::gofmt::testexpr::parse_expr;
use crate::value::{Map, Value};

/// (function, argument, output; `ERR:` + message when the call failed) from the Helm v4.2.3 oracle.
const CASES: &[(&str, &str, &str)] = &[
    ("tojson", "(dict \"b\" 1 \"a\" (list 1.5 \"x<>&\" nil true) \"c\" (dict))", "{\"a\":[1.5,\"x\\u003c\\u003e\\u0026\",null,true],\"b\":1,\"c\":{}}"),
    ("tojson", "\"\\u2028\\u2029\\x01\\x7f\\b\\f\\n\\r\\t\\\"\\\\/é😀\\u00ad\"", "\"\\u2028\\u2029\\u0001\u{7f}\\b\\f\\n\\r\\t\\\"\\\\/é😀\u{ad}\""),
    ("tojson", "(list 1e20 1e21 1e-6 1e-7 0.000001234 123456789.0 -0.0 1.5e300 5e-324 100.0 0.1 (int64 5) 7 -1e-7 -1e21 1.7976931348623157e308 2.5e-5)", "[100000000000000000000,1e+21,0.000001,1e-7,0.000001234,123456789,-0,1.5e+300,5e-324,100,0.1,5,7,-1e-7,-1e+21,1.7976931348623157e+308,0.000025]"),
    ("tojson", "(bytes \"hi\")", "\"aGk=\""),
    ("tojson", "(bytes \"\")", "\"\""),
    ("tojson", "(bytes \"hello world!?\")", "\"aGVsbG8gd29ybGQhPw==\""),
    ("tojson", "(list)", "[]"),
    ("tojson", "nil", "null"),
    ("tojson", "(until 3)", "[0,1,2]"),
    ("tojson", "(splitList \",\" \"a,b\")", "[\"a\",\"b\"]"),
    ("tojson", "(float64 \"NaN\")", ""),
    ("tojson", "(dict \"k\" (list (bytes \"\\x00\\x01\") (dict \"z\" 1 \"a\" (dict))))", "{\"k\":[\"AAE=\",{\"a\":{},\"z\":1}]}"),
    ("tojson", "(dict \"\\u003c\" 1 \"b\\\"q\" 2 \"\" 3)", "{\"\":3,\"\\u003c\":1,\"b\\\"q\":2}"),
    ("musttojson", "(float64 \"NaN\")", "ERR:json: unsupported value: NaN"),
    ("musttojson", "(float64 \"-Inf\")", "ERR:json: unsupported value: -Inf"),
    ("musttojson", "(list 1 (float64 \"Inf\"))", "ERR:json: unsupported value: +Inf"),
    ("pretty", "(dict \"b\" 1 \"a\" (list 1 (dict) (list) (dict \"x\" (list 2))) \"c\" \"<>\")", "{\n  \"a\": [\n    1,\n    {},\n    [],\n    {\n      \"x\": [\n        2\n      ]\n    }\n  ],\n  \"b\": 1,\n  \"c\": \"\\u003c\\u003e\"\n}"),
    ("pretty", "(list)", "[]"),
    ("pretty", "1", "1"),
    ("pretty", "(dict)", "{}"),
    ("pretty", "(list (list) 1 (dict \"a\" nil))", "[\n  [],\n  1,\n  {\n    \"a\": null\n  }\n]"),
    ("pretty", "(float64 \"NaN\")", ""),
    ("raw", "(dict \"a\" \"<>&\\u2028\")", "{\"a\":\"<>&\\u2028\"}"),
    ("raw", "(list \"x\" 1.5 nil)", "[\"x\",1.5,null]"),
    ("fromjson", "\"{\\\"a\\\":1,\\\"b\\\":[1,2.5,\\\"x\\\",null,true,{}],\\\"a\\\":2}\"", "map[a:2 b:[1 2.5 x <nil> true map[]]]"),
    ("fromjson", "\"[1,2]\"", "map[Error:json: cannot unmarshal array into Go value of type map[string]interface {}]"),
    ("fromjson", "\"1\"", "map[Error:json: cannot unmarshal number into Go value of type map[string]interface {}]"),
    ("fromjson", "\"\\\"s\\\"\"", "map[Error:json: cannot unmarshal string into Go value of type map[string]interface {}]"),
    ("fromjson", "\"true\"", "map[Error:json: cannot unmarshal bool into Go value of type map[string]interface {}]"),
    ("fromjson", "\"null\"", "map[]"),
    ("fromjson", "\"{\\\"a\\\":1e400,\\\"b\\\":2}\"", "map[Error:json: cannot unmarshal number 1e400 into Go value of type float64 a:<nil> b:2]"),
    ("fromjson", "\"\"", "map[Error:unexpected end of JSON input]"),
    ("fromjson", "\"{\"", "map[Error:unexpected end of JSON input]"),
    ("fromjson", "\"{\\\"a\\\" 1}\"", "map[Error:invalid character '1' after object key]"),
    ("fromjson", "\"{\\\"a\\\":1,}\"", "map[Error:invalid character '}' looking for beginning of object key string]"),
    ("fromjson", "\"[1,]\"", "map[Error:invalid character ']' looking for beginning of value]"),
    ("fromjson", "\"1.\"", "map[Error:invalid character ' ' after decimal point in numeric literal]"),
    ("fromjson", "\"-\"", "map[Error:invalid character ' ' in numeric literal]"),
    ("fromjson", "\"tr\"", "map[Error:invalid character ' ' in literal true (expecting 'u')]"),
    ("fromjson", "\"{} x\"", "map[Error:invalid character 'x' after top-level value]"),
    ("fromjson", "\"01\"", "map[Error:invalid character '1' after top-level value]"),
    ("fromjson", "\"\\\"\\\\x\\\"\"", "map[Error:invalid character 'x' in string escape code]"),
    ("fromjson", "\"\\\"\\\\u12\\\"\"", "map[Error:invalid character '\"' in \\u hexadecimal character escape]"),
    ("fromjson", "\"{\\\"a\\\":\\\"\\\\ud83d\\\\ude00|\\\\ud83d|\\\\udc00x|\\\\u00e9\\\\/|\\\\ud83d\\\\u0041|\\\\ud83dz\\\"}\"", "map[a:😀|�|�x|é/|�A|�z]"),
    ("fromjson", "\"Ã\"", "map[Error:invalid character 'Ã' looking for beginning of value]"),
    ("fromjson", "\"'\"", "map[Error:invalid character '\\'' looking for beginning of value]"),
    ("fromjson", "\"{\\\"a\\\":\\\"\\x01\\\"}\"", "map[Error:invalid character '\\x01' in string literal]"),
    ("fromjson", "\"  {\\\"a\\\" : [ ] }  \"", "map[a:[]]"),
    ("fromjson", "\"1 2\"", "map[Error:invalid character '2' after top-level value]"),
    ("fromjson", "\"[1e5, -0, 0.5E-3, 1E+2]\"", "map[Error:json: cannot unmarshal array into Go value of type map[string]interface {}]"),
    ("fromjson", "\"{\\\"a\\\":-}\"", "map[Error:invalid character '}' in numeric literal]"),
    ("fromjson", "\"{\\\"a\\\":01}\"", "map[Error:invalid character '1' after object key:value pair]"),
    ("fromjson", "\"[1.e3]\"", "map[Error:invalid character 'e' after decimal point in numeric literal]"),
    ("fromjson", "\"{\\\"a\\\":[[[{\\\"b\\\":[]}]]],\\\"c\\\":{\\\"d\\\":{}}}\"", "map[a:[[[map[b:[]]]]] c:map[d:map[]]]"),
    ("fromjson", "\"{\\\"a\\\":nul}\"", "map[Error:invalid character '}' in literal null (expecting 'l')]"),
    ("fromjson", "\"{\\\"a\\\":fals}\"", "map[Error:invalid character '}' in literal false (expecting 'e')]"),
    ("fromjson", "\"{\\\"a\\\":1e}\"", "map[Error:invalid character '}' in exponent of numeric literal]"),
    ("fromjson", "\"{\\\"a\\\":1e+}\"", "map[Error:invalid character '}' in exponent of numeric literal]"),
    ("fromjson", "\"{\\\"a\\\":\\\"\\\\u00zz\\\"}\"", "map[Error:invalid character 'z' in \\u hexadecimal character escape]"),
    ("fromjson", "\"{1:2}\"", "map[Error:invalid character '1' looking for beginning of object key string]"),
    ("fromjson", "\"{\\\"a\\\":1 \\\"b\\\":2}\"", "map[Error:invalid character '\"' after object key:value pair]"),
    ("fromjson", "\"[1 2]\"", "map[Error:invalid character '2' after array element]"),
    ("fromjson", "\"\\x7f\"", "map[Error:invalid character '\\x7f' looking for beginning of value]"),
    ("fromjson", "\"[\\\"\\\\u0000\\\",\\\"\\\\\\\"\\\"]\"", "map[Error:json: cannot unmarshal array into Go value of type map[string]interface {}]"),
    ("fromjson", "\"{\\\"\\\":1,\\\"a\\\\nb\\\":2}\"", "map[:1 a\nb:2]"),
    ("fromjsonarray", "\"[1,\\\"a\\\",{\\\"b\\\":null}]\"", "[1 a map[b:<nil>]]"),
    ("fromjsonarray", "\"{}\"", "[json: cannot unmarshal object into Go value of type []interface {}]"),
    ("fromjsonarray", "\"1\"", "[json: cannot unmarshal number into Go value of type []interface {}]"),
    ("fromjsonarray", "\"nul\"", "[invalid character ' ' in literal null (expecting 'l')]"),
    ("fromjsonarray", "\"null\"", "[]"),
    ("fromjsonarray", "\"[1e400,2]\"", "[json: cannot unmarshal number 1e400 into Go value of type float64]"),
    ("fromjsonarray", "\"\\\"x\\\"\"", "[json: cannot unmarshal string into Go value of type []interface {}]"),
    ("fromjsonarray", "\"[]\"", "[]"),
    ("mustfromjson", "\"[1,{\\\"a\\\":2}]\"", "[1 map[a:2]]"),
    ("mustfromjson", "\"{\"", "ERR:unexpected end of JSON input"),
    ("mustfromjson", "\"[1e400]\"", "ERR:json: cannot unmarshal number 1e400 into Go value of type float64"),
    ("mustfromjson", "\"1.5\"", "1.5"),
    ("mustfromjson", "\"null\"", "<nil>"),
];

/// What Helm's template function returns, shown as the template printed it.
fn call(kind: &str, arg: &Value) -> String {
    let s = || arg.as_str().unwrap_or_default().to_string();
    match kind {
        "tojson" => to_json(arg).unwrap_or_default(),
        "pretty" => to_json_opts(arg, Some("  "), true).unwrap_or_default(),
        "raw" => to_json_opts(arg, None, false).unwrap_or_default(),
        "musttojson" => to_json(arg).unwrap_or_else(|e| alloc::format!("ERR:{e}")),
        "fromjson" => {
            // Helm's fromJson: decode into a fresh map, then record any error under "Error".
            let (v, err) = unmarshal(&s(), Target::Map);
            if let (Some(e), Some(m)) = (err, v.as_map()) {
                m.insert("Error", Value::str(e));
            }
            sprint(&[v])
        }
        "fromjsonarray" => match unmarshal(&s(), Target::List) {
            (_, Some(e)) => sprint(&[Value::list(alloc::vec![Value::str(e)])]),
            (v, None) => sprint(&[v]),
        },
        "mustfromjson" => match from_json(&s()) {
            Ok(v) => sprint(&[v]),
            Err(e) => alloc::format!("ERR:{e}"),
        },
        _ => panic!("{kind}"),
    }
}

#[test]
fn json_matches_helm() {
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
fn invalid_utf8_and_html_escapes() {
    // Go writes each invalid byte as \ufffd (Helm v4.2.3: toJson "\xff\xfe" gives "\ufffd\ufffd").
    let mut out = Vec::new();
    encode::append_string(&mut out, b"\xff\xfea<", true);
    assert_eq!(out, b"\"\\ufffd\\ufffda\\u003c\"");
}

#[test]
fn decoded_types_are_go_types() {
    let v = from_json("{\"a\":[1,\"x\",true,null,{}]}").unwrap();
    let m = v.as_map().unwrap();
    assert_eq!(v.type_name(), "map[string]interface {}");
    let a = m.get("a").unwrap();
    assert_eq!(a.type_name(), "[]interface {}");
    let items: Vec<&str> = a.as_list().unwrap().iter().map(|v| v.type_name()).collect();
    assert_eq!(
        items,
        [
            "float64",
            "string",
            "bool",
            "<nil>",
            "map[string]interface {}"
        ]
    );
}

#[test]
fn nesting_limits() {
    // Go's scanner allows 10,000 levels and reports the 10,001st.
    let ok = alloc::format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let v = from_json(&ok).unwrap();
    assert_eq!(to_json(&v).unwrap(), ok);
    core::mem::forget(v);
    let deep = alloc::format!("{}{}", "[".repeat(10_001), "]".repeat(10_001));
    assert_eq!(
        from_json(&deep).unwrap_err(),
        "invalid character '[' exceeded max depth"
    );
}

#[test]
fn cycles_are_go_errors() {
    let m = Map::new();
    m.insert("self", Value::Map(m.clone()));
    assert_eq!(
        to_json(&Value::Map(m.clone())).unwrap_err(),
        "json: unsupported value: encountered a cycle via map[string]interface {}"
    );
    m.remove("self");
}

#[test]
fn floats_as_encoding_json_writes_them() {
    let cases: &[(f64, &str)] = &[
        (1e21, "1e+21"),
        (1e-7, "1e-7"),
        (1.5e-10, "1.5e-10"),
        (1e-100, "1e-100"),
        (123.0, "123"),
    ];
    for (f, want) in cases {
        assert_eq!(format_json_float(*f), *want);
    }
}
