//! Expectations come from Helm v4.2.3 (the `helm-oracle`), rendered as templates.
//!
//! `testdata/templates.jsonl` records whole templates for the engine: each line holds a
//! `template` Helm v4.2.3 rendered as `templates/t.yaml` of a chart named `x`, and its
//! `output` or full `error` text.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::*;
use crate::host::{Host, SeededHost};
use crate::template::funcs::CallCtx;

/// Runs `{{ NAME `ARG` `ARG` }}` against [`FUNCS`]: what it prints, or `ERR NAME: message`.
fn run(template: &str) -> String {
    let inner = template.trim_start_matches("{{ ").trim_end_matches(" }}");
    let name = inner.split(' ').next().unwrap_or("");
    let args: Vec<Value> = inner
        .split('`')
        .skip(1)
        .step_by(2)
        .map(Value::from)
        .collect();
    let f = FUNCS.iter().find(|f| f.name == name).expect("function");
    let mut host = SeededHost::default();
    let mut ctx = CallCtx {
        host: &mut host,
        lint: false,
        unchanged: false,
    };
    match (f.imp)(&mut ctx, &args) {
        Ok(Value::Bool(b)) => b.to_string(),
        Ok(Value::Object(o)) => o.format_v(),
        Ok(v) => alloc::format!("{v:?}"),
        Err(e) => alloc::format!("ERR {name}: {e}"),
    }
}

/// Versions checked against every constraint in [`COMPARE`].
const VERSIONS: &[&str] = &[
    "1.2.3",
    "1.2.0",
    "1.3.0",
    "1.4.5",
    "1.4.6",
    "2.0.0",
    "3.0.1",
    "0.2.5",
    "0.0.3",
    "0.0.4",
    "0.3.0",
    "1.2.3-beta.2",
    "1.2.3-beta.10",
    "1.2.3-alpha",
    "1.21.0",
    "1.22.3-gke.100",
    "v1.21.5",
    "1.20.0",
    "1.22.0-0",
    "1.2.3+x",
    "5.1.0",
    "1.2",
];

/// `semverCompare C V` for each version of [`VERSIONS`] (1 = true), or the error.
const COMPARE: &[(&str, &str)] = &[
    (">= 1.2, < 3", "1111110000000010110101"),
    (">=1.2 <3", "1111110000000010110101"),
    ("1.2.x", "1100000000000000000101"),
    ("1.x", "1111100000000010110101"),
    ("*", "1111111111100010110111"),
    ("x", "1111111111100010110111"),
    ("~1.2", "1100000000000000000101"),
    ("~1.2.3", "1000000000000000000100"),
    ("~1", "1111100000000010110101"),
    ("~0", "0000000111100000000000"),
    ("~>1.2", "1100000000000000000101"),
    ("^1.2.3", "1011100000000010110100"),
    ("^0.2.3", "0000000100000000000000"),
    ("^0.0.3", "0000000010000000000000"),
    ("^0.0", "0000000011000000000000"),
    ("^0", "0000000111100000000000"),
    ("^1.2.x", "1111100000000010110101"),
    ("^0.x", "0000000111100000000000"),
    ("1.2 - 1.4.5", "1111000000000000000101"),
    ("1 - 2", "1111110000000010110101"),
    (
        ">= 1.2 - 1.4 || >3",
        "ERR improper constraint: \">=>= 1.2, <= 1.4 \"",
    ),
    ("!=1.2.3", "0111111111100010110011"),
    ("!=1.2", "0011111111100010110010"),
    ("!=1.2.x", "0011111111100010110010"),
    ("!= 1", "0000011111100000000010"),
    (">1.2", "0011111000000010110010"),
    (">1", "0000011000000000000010"),
    (">1.2.x", "0011111000000010110010"),
    ("<=1.2", "1100000111100000000101"),
    ("<=1.2.3", "1100000111100000000101"),
    ("<=1", "1111100111100010110101"),
    ("<1.2", "0000000111100000000000"),
    ("=1.2.3", "1000000000000000000100"),
    ("1.2.3", "1000000000000000000100"),
    ("v1.2.3", "1000000000000000000100"),
    (">=1.21.0-0", "0000011000000011101010"),
    (">=1.21-0", "0000011000000011101010"),
    (">= 1.19-0 < 1.22-0", "0000000000000010110000"),
    (">1.2.3-alpha.1", "1011111000011011111110"),
    ("<1.2.3-beta", "0100000111100100000001"),
    (">=1.2.3-beta.2 <1.3", "1000000000011000000100"),
    ("~1.2.3-beta.2", "1000000000011000000100"),
    ("^1.2.3-beta.2", "1011100000011011111100"),
    ("=>1.2", "1111111000000010110111"),
    ("=<1.2", "1100000111100000000101"),
    ("1.2.3+build", "1000000000000000000100"),
    (">=1.2.3+meta", "1011111000000010110110"),
    ("  >=1.2 ,  <2  ", "1111100000000010110101"),
    ("1.2,1.3", "0000000000000000000000"),
    (">1 <2 || >3 <4 || 5.x", "0000000000000000000010"),
    ("~1.2 || ^2", "1100010000000000000101"),
    ("*-0", "1111111111111111111111"),
    (">=0.0.0-0", "1111111111111111111111"),
    ("X.X", "1111111111100010110111"),
    ("1.2.*", "1100000000000000000101"),
    ("^1.x", "1111100000000010110101"),
    ("~1.x", "1111100000000010110101"),
    (">=v1.2", "1111111000000010110111"),
    ("<2.0.0-0", "1111100111111111111101"),
];

/// Template calls and what they print, or their error after `error calling `.
const CALLS: &[(&str, &str)] = &[
    ("{{ semverCompare `` `1.2.3` }}", "ERR semverCompare: improper constraint: \"\""),
    ("{{ semverCompare `foo` `1.2.3` }}", "ERR semverCompare: improper constraint: \"foo\""),
    ("{{ semverCompare `>= 1.2 - 1.4 || >3` `1.2.3` }}", "ERR semverCompare: improper constraint: \">=>= 1.2, <= 1.4 \""),
    ("{{ semverCompare `1.2 ||` `1.2.3` }}", "ERR semverCompare: improper constraint: \"\""),
    ("{{ semverCompare `>1,,2` `1.2.3` }}", "ERR semverCompare: improper constraint: \">1,,2\""),
    ("{{ semverCompare `1x` `1.2.3` }}", "ERR semverCompare: constraint parser error"),
    ("{{ semverCompare `1|2` `1.2.3` }}", "ERR semverCompare: constraint parser error"),
    ("{{ semverCompare `>=1.2.3.4` `1.2.3` }}", "ERR semverCompare: improper constraint: \">=1.2.3.4\""),
    ("{{ semverCompare `> = 1` `1.2.3` }}", "ERR semverCompare: improper constraint: \"> = 1\""),
    ("{{ semverCompare `~ 1.2` `1.2.3` }}", "true"),
    ("{{ semverCompare `1.2.3 - ` `1.2.3` }}", "ERR semverCompare: improper constraint: \"1.2.3 - \""),
    ("{{ semverCompare `=1.2-` `1.2.3` }}", "ERR semverCompare: improper constraint: \"=1.2-\""),
    ("{{ semverCompare `1||1||1||1||1||1||1||1||1||1||1||1||1||1||1||1||1||1||1||1||1||1||1||1||1||1||1||1||1||1||1||1||1` `1.2.3` }}", "ERR semverCompare: too many constraint groups (max 32)"),
    ("{{ semverCompare `1||1||1||1||1||1||1||1||1||1||1||1||1||1||1||1||1||1||1||1||1||1||1||1||1||1||1||1||1||1||1||1` `1.2.3` }}", "true"),
    ("{{ semverCompare `1.2.3.4 - 5` `1.2.3` }}", "ERR semverCompare: improper constraint: \"1.>= 2.3.4, <= 5 \""),
    ("{{ semverCompare `1.2 -1.3` `1.2.3` }}", "ERR semverCompare: improper constraint: \"1.2 -1.3\""),
    ("{{ semverCompare `1 2` `1.2.3` }}", "false"),
    ("{{ semverCompare `>1.2,<2,` `1.2.3` }}", "ERR semverCompare: improper constraint: \">1.2,<2,\""),
    ("{{ semverCompare `!1.2` `1.2.3` }}", "ERR semverCompare: improper constraint: \"!1.2\""),
    ("{{ semverCompare `v` `1.2.3` }}", "ERR semverCompare: improper constraint: \"v\""),
    ("{{ semverCompare `1.2.3-` `1.2.3` }}", "ERR semverCompare: improper constraint: \"1.2.3-\""),
    ("{{ semverCompare `1.2.3-01` `1.2.3` }}", "ERR semverCompare: constraint parser error"),
    ("{{ semverCompare `1.2.x-beta` `1.2.3` }}", "true"),
    ("{{ semverCompare `1.2.3\t<2` `1.2.3` }}", "true"),
    ("{{ semverCompare `1.2\u{b}<2` `1.2.3` }}", "ERR semverCompare: improper constraint: \"1.2\\v<2\""),
    ("{{ semverCompare `<é` `1.2.3` }}", "ERR semverCompare: improper constraint: \"<é\""),
    ("{{ semverCompare `>1` `` }}", "ERR semverCompare: invalid semantic version"),
    ("{{ semverCompare `>1` `x` }}", "ERR semverCompare: invalid semantic version"),
    ("{{ semverCompare `>1` `1.2.3.4` }}", "ERR semverCompare: invalid semantic version"),
    ("{{ semverCompare `>1` `v1` }}", "false"),
    ("{{ semverCompare `>1` `V1` }}", "ERR semverCompare: invalid semantic version"),
    ("{{ semverCompare `>1` `01.02.03` }}", "false"),
    ("{{ semverCompare `>1` `1.2.3-01` }}", "ERR semverCompare: version segment starts with 0"),
    ("{{ semverCompare `>1` `1.2.3-0a1` }}", "false"),
    ("{{ semverCompare `>1` `1.2.3+a..b` }}", "ERR semverCompare: invalid semantic version"),
    ("{{ semverCompare `>1` `1..2` }}", "ERR semverCompare: invalid semantic version"),
    ("{{ semverCompare `>1` `99999999999999999999` }}", "ERR semverCompare: error parsing version segment: strconv.ParseUint: parsing \"99999999999999999999\": value out of range"),
    ("{{ semverCompare `>1` `1.2-` }}", "ERR semverCompare: invalid semantic version"),
    ("{{ semverCompare `>1` `1.2.3-a+` }}", "ERR semverCompare: invalid semantic version"),
    ("{{ semverCompare `>1` ` 1.2.3` }}", "ERR semverCompare: invalid semantic version"),
    ("{{ semver `1.2.3` }}", "1.2.3"),
    ("{{ semver `v1.2` }}", "1.2.0"),
    ("{{ semver `1` }}", "1.0.0"),
    ("{{ semver `01.2.3` }}", "1.2.3"),
    ("{{ semver `1.2.3-alpha.01` }}", "ERR semver: version segment starts with 0"),
    ("{{ semver `1.2.3-rc.1+build.5` }}", "1.2.3-rc.1+build.5"),
    ("{{ semver `1.2.3+001` }}", "1.2.3+001"),
    ("{{ semver `18446744073709551615` }}", "18446744073709551615.0.0"),
    ("{{ semver `18446744073709551616` }}", "ERR semver: error parsing version segment: strconv.ParseUint: parsing \"18446744073709551616\": value out of range"),
];

#[test]
fn compare_table() {
    for (constraint, expected) in COMPARE {
        if let Some(err) = expected.strip_prefix("ERR ") {
            assert_eq!(
                semver_check(constraint, "1.2.3").unwrap_err(),
                err,
                "{constraint}"
            );
            continue;
        }
        for (v, bit) in VERSIONS.iter().zip(expected.chars()) {
            assert_eq!(
                semver_check(constraint, v),
                Ok(bit == '1'),
                "{constraint:?} against {v}"
            );
        }
    }
}

#[test]
fn calls_table() {
    for (template, expected) in CALLS {
        assert_eq!(run(template), *expected, "{template}");
    }
}

#[test]
fn limits() {
    let long = "a".repeat(600);
    assert_eq!(
        semver_check(&long, "1.2.3").unwrap_err(),
        "constraint string is too long (max 512 bytes)"
    );
    let groups = |n: usize| ["1"; 40][..n].join("||");
    assert_eq!(
        semver_check(&groups(33), "1.2.3").unwrap_err(),
        "too many constraint groups (max 32)"
    );
    assert_eq!(semver_check(&groups(32), "1.2.3"), Ok(true));
    let ones = "1".repeat(257);
    assert_eq!(
        semver_check(">1", &ones).unwrap_err(),
        "version string is too long (max 256 bytes)"
    );
    let pre = alloc::format!("1.2.3-{}", "a".repeat(250));
    assert_eq!(semver_check(">1", &pre), Ok(false));
}

#[test]
fn version_object() {
    // {{ $v := semver "v1.2.3-beta.1+meta" }}{{ $v.Major }} {{ $v.Minor }} {{ $v.Patch }}
    // {{ $v.Prerelease }} {{ $v.Metadata }} {{ $v.Original }} {{ $v.String }} {{ $v }}
    //   => 1 2 3 beta.1 meta v1.2.3-beta.1+meta 1.2.3-beta.1+meta 1.2.3-beta.1+meta
    let v = Version::parse("v1.2.3-beta.1+meta").unwrap();
    let o = SemverObject {
        version: v,
        pointer: true,
    };
    let call = |m: &str| o.call_method(m, &[]).unwrap().unwrap();
    assert!(matches!(call("Major"), Value::Uint(1)));
    assert!(matches!(call("Patch"), Value::Uint(3)));
    assert_eq!(call("Prerelease").as_str(), Some("beta.1"));
    assert_eq!(call("Metadata").as_str(), Some("meta"));
    assert_eq!(call("Original").as_str(), Some("v1.2.3-beta.1+meta"));
    assert_eq!(call("String").as_str(), Some("1.2.3-beta.1+meta"));
    assert_eq!(o.format_v(), "1.2.3-beta.1+meta");
    assert_eq!(o.type_name(), "*semver.Version");
}

/// `fmt` verbs that do not call `String()` print the struct's fields, `%#v` names them (no
/// `GoString()`), and inside a list such a verb prints the pointer (as Helm v4.2.3 does,
/// addresses aside).
#[test]
fn fmt_verbs_print_fields() {
    let v = |s: &str| SemverObject::value(Version::parse(s).unwrap(), true);
    let f = |fmt: &str, args: &[Value]| crate::gofmt::sprintf(fmt, args);
    assert_eq!(
        f("%d", &[v("1.2.3-rc.1+b5")]),
        "&{1 2 3 %!d(string=rc.1) %!d(string=b5) %!d(string=1.2.3-rc.1+b5)}"
    );
    assert_eq!(
        f("%t", &[v("1.2.3")]),
        "&{%!t(uint64=1) %!t(uint64=2) %!t(uint64=3) %!t(string=) %!t(string=) %!t(string=1.2.3)}"
    );
    assert_eq!(
        f("%#v", &[v("1.2.3-rc.1+b5")]),
        "&semver.Version{major:0x1, minor:0x2, patch:0x3, pre:\"rc.1\", metadata:\"b5\", original:\"1.2.3-rc.1+b5\"}"
    );
    assert_eq!(
        f("%+v|%x|%q", &[v("v3.1"), v("1.0.0"), v("1.0.0")]),
        "3.1.0|312e302e30|\"1.0.0\""
    );
    let list = Value::list(alloc::vec![v("1.0.0")]);
    assert_eq!(f("%v", core::slice::from_ref(&list)), "[1.0.0]");
    assert!(f("%d", core::slice::from_ref(&list)).starts_with("[8"));
    assert!(f("%#v", &[list]).starts_with("[]interface {}{(*semver.Version)(0x"));
}

#[test]
fn random_input_does_not_panic() {
    let mut rng = SeededHost::new(5);
    let alphabet = b"0123456789.-+xX*|^~<>=!, vV-ab";
    for i in 0..5000 {
        let mut b = [0u8; 24];
        rng.fill_random(&mut b);
        let s: String = b[..i % 24]
            .iter()
            .map(|&x| alphabet[usize::from(x) % alphabet.len()] as char)
            .collect();
        let _ = semver_check(&s, &s);
        let _ = Version::parse_strict(&s);
        let _ = Constraints::parse(&s).map(|c| c.to_string());
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
