//! Expectations come from Helm v4.2.3 (the `helm-oracle`).
//!
//! `testdata/templates.jsonl` records whole templates for the engine: each line holds a
//! `template` Helm v4.2.3 rendered as `templates/t.yaml` of a chart named `x`, and its
//! `output` or full `error` text.

use alloc::string::String;
use alloc::vec::Vec;

use super::*;
use crate::host::{Host, SeededHost};
use crate::value::List;

fn call(f: FuncImpl, args: &[Value]) -> Result<Value, String> {
    let mut host = SeededHost::default();
    f(
        &mut CallCtx {
            host: &mut host,
            lint: false,
            unchanged: false,
        },
        args,
    )
}

/// encoding/json of a map of strings, as `toJson` prints it (sorted keys, HTML-safe).
fn json_of(v: &Value) -> String {
    let mut out = String::from("{");
    for (i, (k, v)) in v.as_map().unwrap().to_vec().into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&alloc::format!("\"{k}\":\""));
        for c in v.as_str().unwrap().chars() {
            match c {
                '&' => out.push_str("\\u0026"),
                '<' => out.push_str("\\u003c"),
                '>' => out.push_str("\\u003e"),
                '"' => out.push_str("\\\""),
                c => out.push(c),
            }
        }
        out.push('"');
    }
    out.push('}');
    out
}

/// `{{ urlParse `URL` | toJson }}`, or the error after `error calling `.
const PARSE: &[(&str, &str)] = &[
    ("https://user:pa%20ss@example.com:8443/a/b%2Fc?x=1&y=2#frag%20x", "{\"fragment\":\"frag x\",\"host\":\"example.com:8443\",\"hostname\":\"example.com\",\"opaque\":\"\",\"path\":\"/a/b/c\",\"query\":\"x=1\\u0026y=2\",\"scheme\":\"https\",\"userinfo\":\"user:pa%20ss\"}"),
    ("http://a:1:2/", "ERR urlParse: unable to parse url: parse \"http://a:1:2/\": invalid port \":1:2\" after host"),
    ("mongodb://a:1,b:2/db", "{\"fragment\":\"\",\"host\":\"a:1,b:2\",\"hostname\":\"a:1,b\",\"opaque\":\"\",\"path\":\"/db\",\"query\":\"\",\"scheme\":\"mongodb\",\"userinfo\":\"\"}"),
    ("postgres://h1:5432,h2:5433/db", "{\"fragment\":\"\",\"host\":\"h1:5432,h2:5433\",\"hostname\":\"h1:5432,h2\",\"opaque\":\"\",\"path\":\"/db\",\"query\":\"\",\"scheme\":\"postgres\",\"userinfo\":\"\"}"),
    ("mailto:joe@example.com", "{\"fragment\":\"\",\"host\":\"\",\"hostname\":\"\",\"opaque\":\"joe@example.com\",\"path\":\"\",\"query\":\"\",\"scheme\":\"mailto\",\"userinfo\":\"\"}"),
    ("/just/path?q", "{\"fragment\":\"\",\"host\":\"\",\"hostname\":\"\",\"opaque\":\"\",\"path\":\"/just/path\",\"query\":\"q\",\"scheme\":\"\",\"userinfo\":\"\"}"),
    ("rel/path", "{\"fragment\":\"\",\"host\":\"\",\"hostname\":\"\",\"opaque\":\"\",\"path\":\"rel/path\",\"query\":\"\",\"scheme\":\"\",\"userinfo\":\"\"}"),
    ("//host/p", "{\"fragment\":\"\",\"host\":\"host\",\"hostname\":\"host\",\"opaque\":\"\",\"path\":\"/p\",\"query\":\"\",\"scheme\":\"\",\"userinfo\":\"\"}"),
    ("///p", "{\"fragment\":\"\",\"host\":\"\",\"hostname\":\"\",\"opaque\":\"\",\"path\":\"///p\",\"query\":\"\",\"scheme\":\"\",\"userinfo\":\"\"}"),
    ("file:///etc/hosts", "{\"fragment\":\"\",\"host\":\"\",\"hostname\":\"\",\"opaque\":\"\",\"path\":\"/etc/hosts\",\"query\":\"\",\"scheme\":\"file\",\"userinfo\":\"\"}"),
    ("http://[fe80::1%25en0]:80/x", "{\"fragment\":\"\",\"host\":\"[fe80::1%en0]:80\",\"hostname\":\"fe80::1%en0\",\"opaque\":\"\",\"path\":\"/x\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"\"}"),
    ("http://[::1]/", "{\"fragment\":\"\",\"host\":\"[::1]\",\"hostname\":\"::1\",\"opaque\":\"\",\"path\":\"/\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"\"}"),
    ("http://[1.2.3.4]/", "ERR urlParse: unable to parse url: parse \"http://[1.2.3.4]/\": invalid IP-literal"),
    ("http://[fe80::1/", "ERR urlParse: unable to parse url: parse \"http://[fe80::1/\": missing ']' in host"),
    ("http://[zz]/", "ERR urlParse: unable to parse url: parse \"http://[zz]/\": invalid host: ParseAddr(\"zz\"): unable to parse IP"),
    ("http://h:port/", "ERR urlParse: unable to parse url: parse \"http://h:port/\": invalid port \":port\" after host"),
    ("http://x y/", "ERR urlParse: unable to parse url: parse \"http://x y/\": invalid character \" \" in host name"),
    ("a b", "{\"fragment\":\"\",\"host\":\"\",\"hostname\":\"\",\"opaque\":\"\",\"path\":\"a b\",\"query\":\"\",\"scheme\":\"\",\"userinfo\":\"\"}"),
    ("%zz", "ERR urlParse: unable to parse url: parse \"%zz\": invalid URL escape \"%zz\""),
    ("http://h/%zz", "ERR urlParse: unable to parse url: parse \"http://h/%zz\": invalid URL escape \"%zz\""),
    ("http://h/#%zz", "ERR urlParse: unable to parse url: parse \"http://h/#%zz\": invalid URL escape \"%zz\""),
    ("1http://x", "ERR urlParse: unable to parse url: parse \"1http://x\": first path segment in URL cannot contain colon"),
    (":x", "ERR urlParse: unable to parse url: parse \":x\": missing protocol scheme"),
    ("seg:ment/x", "{\"fragment\":\"\",\"host\":\"\",\"hostname\":\"\",\"opaque\":\"ment/x\",\"path\":\"\",\"query\":\"\",\"scheme\":\"seg\",\"userinfo\":\"\"}"),
    ("http://%41/", "ERR urlParse: unable to parse url: parse \"http://%41/\": invalid URL escape \"%41\""),
    ("http://%c3%a9/", "{\"fragment\":\"\",\"host\":\"é\",\"hostname\":\"é\",\"opaque\":\"\",\"path\":\"/\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"\"}"),
    ("http://user@h/", "{\"fragment\":\"\",\"host\":\"h\",\"hostname\":\"h\",\"opaque\":\"\",\"path\":\"/\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"user\"}"),
    ("http://us er@h/", "ERR urlParse: unable to parse url: parse \"http://us er@h/\": net/url: invalid userinfo"),
    ("http://u:p:q@h/", "{\"fragment\":\"\",\"host\":\"h\",\"hostname\":\"h\",\"opaque\":\"\",\"path\":\"/\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"u:p%3Aq\"}"),
    ("http://a@b@h/", "{\"fragment\":\"\",\"host\":\"h\",\"hostname\":\"h\",\"opaque\":\"\",\"path\":\"/\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"a%40b\"}"),
    ("HTTP://H/P", "{\"fragment\":\"\",\"host\":\"H\",\"hostname\":\"H\",\"opaque\":\"\",\"path\":\"/P\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"\"}"),
    ("http://h?", "{\"fragment\":\"\",\"host\":\"h\",\"hostname\":\"h\",\"opaque\":\"\",\"path\":\"\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"\"}"),
    ("http://h/p?a?b", "{\"fragment\":\"\",\"host\":\"h\",\"hostname\":\"h\",\"opaque\":\"\",\"path\":\"/p\",\"query\":\"a?b\",\"scheme\":\"http\",\"userinfo\":\"\"}"),
    ("*", "{\"fragment\":\"\",\"host\":\"\",\"hostname\":\"\",\"opaque\":\"\",\"path\":\"*\",\"query\":\"\",\"scheme\":\"\",\"userinfo\":\"\"}"),
    ("", "{\"fragment\":\"\",\"host\":\"\",\"hostname\":\"\",\"opaque\":\"\",\"path\":\"\",\"query\":\"\",\"scheme\":\"\",\"userinfo\":\"\"}"),
    ("http://h/p#", "{\"fragment\":\"\",\"host\":\"h\",\"hostname\":\"h\",\"opaque\":\"\",\"path\":\"/p\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"\"}"),
    ("http://h/a%2fb", "{\"fragment\":\"\",\"host\":\"h\",\"hostname\":\"h\",\"opaque\":\"\",\"path\":\"/a/b\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"\"}"),
    ("tel:+1-816-555-1212", "{\"fragment\":\"\",\"host\":\"\",\"hostname\":\"\",\"opaque\":\"+1-816-555-1212\",\"path\":\"\",\"query\":\"\",\"scheme\":\"tel\",\"userinfo\":\"\"}"),
    ("http://h/é", "{\"fragment\":\"\",\"host\":\"h\",\"hostname\":\"h\",\"opaque\":\"\",\"path\":\"/é\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"\"}"),
    ("ftp://ü.example/", "{\"fragment\":\"\",\"host\":\"ü.example\",\"hostname\":\"ü.example\",\"opaque\":\"\",\"path\":\"/\",\"query\":\"\",\"scheme\":\"ftp\",\"userinfo\":\"\"}"),
    ("http://h:/", "{\"fragment\":\"\",\"host\":\"h:\",\"hostname\":\"h\",\"opaque\":\"\",\"path\":\"/\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"\"}"),
    ("http://[::1]:x/", "ERR urlParse: unable to parse url: parse \"http://[::1]:x/\": invalid port \":x\" after host"),
    ("http://[::ffff:1.2.3.4]/", "{\"fragment\":\"\",\"host\":\"[::ffff:1.2.3.4]\",\"hostname\":\"::ffff:1.2.3.4\",\"opaque\":\"\",\"path\":\"/\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"\"}"),
    ("http://[1::2::3]/", "ERR urlParse: unable to parse url: parse \"http://[1::2::3]/\": invalid host: ParseAddr(\"1::2::3\"): multiple :: in address (at \":3\")"),
    ("http://[12345::]/", "ERR urlParse: unable to parse url: parse \"http://[12345::]/\": invalid host: ParseAddr(\"12345::\"): each group must have 4 or less digits (at \"12345::\")"),
    ("http://[1.2.3]/", "ERR urlParse: unable to parse url: parse \"http://[1.2.3]/\": invalid host: ParseAddr(\"1.2.3\"): IPv4 address too short"),
    ("http://[::1.2.3.4.5]/", "ERR urlParse: unable to parse url: parse \"http://[::1.2.3.4.5]/\": invalid host: ParseAddr(\"::1.2.3.4.5\"): IPv4 address too long"),
];

#[test]
fn parse_table() {
    for (url, expected) in PARSE {
        let got = match call(url_parse, &[Value::from(*url)]) {
            Ok(v) => json_of(&v),
            Err(e) => alloc::format!("ERR urlParse: {e}"),
        };
        assert_eq!(got, *expected, "{url}");
    }
}

#[test]
fn join_table() {
    let s = Value::from;
    type Case<'a> = (&'a str, Vec<(&'a str, Value)>, &'a str);
    let cases: Vec<Case> = alloc::vec![
        (
            r#"{{ urlJoin (dict "scheme" "https" "host" "example.com:8080" "path" "/a b/c" "query" "x=1" "fragment" "f g") }}"#,
            alloc::vec![
                ("scheme", s("https")),
                ("host", s("example.com:8080")),
                ("path", s("/a b/c")),
                ("query", s("x=1")),
                ("fragment", s("f g"))
            ],
            "https://example.com:8080/a%20b/c?x=1#f%20g",
        ),
        (
            r#"{{ urlJoin (dict "scheme" "mailto" "opaque" "joe@example.com") }}"#,
            alloc::vec![("scheme", s("mailto")), ("opaque", s("joe@example.com"))],
            "mailto:joe@example.com"
        ),
        (
            r#"{{ urlJoin (dict "host" "h" "path" "rel") }}"#,
            alloc::vec![("host", s("h")), ("path", s("rel"))],
            "//h/rel"
        ),
        (r#"{{ urlJoin (dict "path" "a:b/c") }}"#, alloc::vec![("path", s("a:b/c"))], "./a:b/c"),
        (
            r#"{{ urlJoin (dict "userinfo" "us er:p@ss" "host" "h" "scheme" "http") }}"#,
            alloc::vec![("userinfo", s("us er:p@ss")), ("host", s("h")), ("scheme", s("http"))],
            "ERR unable to parse userinfo in dict: parse \"proto://us er:p@ss@host\": net/url: invalid userinfo",
        ),
        (
            r#"{{ urlJoin (dict "userinfo" "a:b" "host" "h") }}"#,
            alloc::vec![("userinfo", s("a:b")), ("host", s("h"))],
            "//a:b@h"
        ),
        (
            r#"{{ urlJoin (dict "userinfo" "a/b" "host" "h") }}"#,
            alloc::vec![("userinfo", s("a/b")), ("host", s("h"))],
            "//h"
        ),
        (
            r#"{{ urlJoin (dict "host" 1) }}"#,
            alloc::vec![("host", Value::Int(1))],
            "ERR unable to parse host key, must be of type string, but int found"
        ),
        (
            r#"{{ urlJoin (dict "host" nil) }}"#,
            alloc::vec![("host", Value::Nil)],
            "ERR runtime error: invalid memory address or nil pointer dereference"
        ),
        (
            r#"{{ urlJoin (dict "host" (list 1)) }}"#,
            alloc::vec![("host", Value::List(List::new(alloc::vec![Value::Int(1)])))],
            "ERR unable to parse host key, must be of type string, but slice found",
        ),
        (
            r#"{{ urlJoin (dict "host" "é.com" "scheme" "http") }}"#,
            alloc::vec![("host", s("é.com")), ("scheme", s("http"))],
            "http://%C3%A9.com"
        ),
        (
            r#"{{ urlJoin (dict "scheme" "http" "path" "/p?x#y") }}"#,
            alloc::vec![("scheme", s("http")), ("path", s("/p?x#y"))],
            "http:///p%3Fx%23y"
        ),
        (r#"{{ urlJoin (dict) }}"#, alloc::vec![], ""),
        (
            r##"{{ urlJoin (dict "query" "" "fragment" "#") }}"##,
            alloc::vec![("query", s("")), ("fragment", s("#"))],
            "#%23"
        ),
        (
            r#"{{ urlJoin (dict "host" "h" "userinfo" "%zz") }}"#,
            alloc::vec![("host", s("h")), ("userinfo", s("%zz"))],
            "ERR unable to parse userinfo in dict: parse \"proto://%zz@host\": invalid URL escape \"%zz\"",
        ),
    ];
    for (template, pairs, expected) in cases {
        let got = match call(url_join, &[map_of(pairs)]) {
            Ok(v) => String::from(v.as_str().unwrap()),
            Err(e) => alloc::format!("ERR {e}"),
        };
        assert_eq!(got, expected, "{template}");
    }
    // {{ urlJoin (urlParse "https://user:pa%20ss@example.com:8443/a/b%2Fc?x=1#frag%20x") }}
    let parsed = call(
        url_parse,
        &[s(
            "https://user:pa%20ss@example.com:8443/a/b%2Fc?x=1#frag%20x",
        )],
    )
    .unwrap();
    let joined = call(url_join, &[parsed]).unwrap();
    assert_eq!(
        joined.as_str(),
        Some("https://user:pa%20ss@example.com:8443/a/b/c?x=1#frag%20x")
    );
}

#[test]
fn random_input_does_not_panic() {
    let mut rng = SeededHost::new(5);
    let alphabet: Vec<char> = "ab:/?#[]@%25fF.+-é *!$&'()1".chars().collect();
    for i in 0..5000 {
        let mut b = [0u8; 32];
        rng.fill_random(&mut b);
        let s: String = b[..i % 32]
            .iter()
            .map(|&x| alphabet[usize::from(x) % alphabet.len()])
            .collect();
        if let Ok(u) = gourl::parse(&s) {
            let _ = u.to_string();
        }
        let _ = netip::parse_addr(&s);
    }
}

#[test]
fn engine_renders_recorded_templates() {
    let known = [] as [&str; 0];
    assert_eq!(
        crate::sprig::date::tests::engine_mismatches(include_str!("testdata/templates.jsonl")),
        known
    );
}
