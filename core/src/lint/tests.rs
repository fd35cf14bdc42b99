//! Table tests: every case in `testdata/cases.json` holds a chart (its files), the lint
//! options and the report Helm v4.2.3 produced for it (generated with the oracle).

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::{lint_chart, ChartDir, Entry, Options, Report};
use crate::host::SeededHost;
use crate::value::Value;

extern crate std;

/// A chart directory held in memory: `null` contents mark directories.
fn chart_dir(files: &serde_json::Map<String, serde_json::Value>) -> ChartDir {
    let mut dirs: Vec<String> = Vec::new();
    let mut plain: BTreeMap<Vec<String>, (String, Vec<u8>)> = BTreeMap::new();
    for (p, c) in files {
        match c.as_str() {
            None => dirs.push(p.clone()),
            Some(text) => {
                // The walk visits directories depth first in byte order of each name.
                let key: Vec<String> = p.split('/').map(String::from).collect();
                plain.insert(key, (p.clone(), text.as_bytes().to_vec()));
            }
        }
    }
    let is_dir = |name: &str| {
        dirs.iter().any(|d| d == name)
            || plain
                .values()
                .any(|(p, _)| p.starts_with(&alloc::format!("{name}/")))
    };
    let entry = |name: &str| -> Entry {
        if let Some(c) = files.get(name).and_then(|c| c.as_str()) {
            return Entry::File(c.as_bytes().to_vec());
        }
        if is_dir(name) {
            return Entry::Dir;
        }
        Entry::Missing
    };
    ChartDir {
        path: "<chart>".into(),
        chart_yaml: entry("Chart.yaml"),
        values_yaml: entry("values.yaml"),
        values_schema: entry("values.schema.json"),
        templates: entry("templates"),
        crds: entry("crds"),
        files: Ok(plain.into_values().collect()),
    }
}

fn report_json(r: &Report) -> serde_json::Value {
    serde_json::json!({
        "errors": r.errors,
        "messages": r.messages.iter().map(|m| serde_json::json!({
            "error": m.error, "path": m.path, "severity": m.severity as u8,
        })).collect::<Vec<_>>(),
        "total_charts_linted": r.total_charts_linted,
    })
}

/// Cases where Binnacle knowingly differs (see the module docs of `lint`):
/// go-yaml's strict duplicate-key error is not detected.
const KNOWN_DIVERGENCES: &[&str] = &["chart strict"];

#[test]
fn helm_cases() {
    let cases: serde_json::Value =
        serde_json::from_str(include_str!("testdata/cases.json")).unwrap();
    let mut validator = crate::schema::validator();
    let mut failures = Vec::new();
    let cases = cases.as_array().unwrap();
    for c in cases {
        let name = c["name"].as_str().unwrap();
        if KNOWN_DIVERGENCES.contains(&name) {
            continue;
        }
        let dir = chart_dir(c["files"].as_object().unwrap());
        let values = match c.get("values") {
            Some(v) if !v.is_null() => {
                match crate::json::from_json(&serde_json::to_string(v).unwrap()).unwrap() {
                    Value::Map(m) => m,
                    _ => panic!("{name}: values"),
                }
            }
            _ => crate::value::Map::new(),
        };
        let opts = Options {
            namespace: c["namespace"].as_str().unwrap_or("default").into(),
            kube_version: c["kube_version"].as_str().map(String::from),
            skip_schema_validation: c["skip_schema_validation"].as_bool().unwrap_or(false),
        };
        let strict = c["strict"].as_bool().unwrap_or(false);
        let mut host = SeededHost::default();
        let schema: Option<super::SchemaCheck<'_>> = if opts.skip_schema_validation {
            None
        } else {
            Some(&mut validator)
        };
        let l = lint_chart(&dir, &values, &opts, schema, &mut host);
        let mut r = Report::default();
        r.add(Ok(l), strict);
        let got = report_json(&r);
        if got != c["report"] {
            failures.push(alloc::format!(
                "{name}:\n  want {}\n  got  {}",
                c["report"],
                got
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

fn dir_of(files: &[(&str, String)]) -> ChartDir {
    let mut m = serde_json::Map::new();
    for (p, c) in files {
        m.insert(String::from(*p), serde_json::Value::String(c.clone()));
    }
    chart_dir(&m)
}

fn lint_default(dir: &ChartDir) -> super::Linter {
    let mut host = SeededHost::default();
    let mut validator = crate::schema::validator();
    lint_chart(
        dir,
        &crate::value::Map::new(),
        &Options::default(),
        Some(&mut validator),
        &mut host,
    )
}

#[test]
fn bad_input_is_bounded() {
    let chart = "apiVersion: v2\nname: x\nversion: 0.1.0\nicon: https://x/y.png\n";
    // Ten thousand templates: each is rendered and read back once.
    let mut files: Vec<(&str, String)> = alloc::vec![("Chart.yaml", chart.to_string())];
    let names: Vec<String> = (0..10_000)
        .map(|i| alloc::format!("templates/t{i}.yaml"))
        .collect();
    for (i, n) in names.iter().enumerate() {
        files.push((
            n,
            alloc::format!("kind: ConfigMap\nmetadata:\n  name: c{i}\n"),
        ));
    }
    let l = lint_default(&dir_of(&files));
    assert_eq!(l.messages.len(), 1, "{:?}", l.messages.first());
    assert_eq!(l.messages[0].error, "file does not exist");
    // A megabyte-long string in Chart.yaml fields.
    let big = "a".repeat(1 << 20);
    let chart = alloc::format!(
        "apiVersion: v2\nname: {big}\nversion: 0.1.0-{big}\nicon: https://x/{big}\ndescription: {big}\nmaintainers:\n- name: m\n  email: {big}@x.com\n  url: https://{big}.com\n"
    );
    let l = lint_default(&dir_of(&[
        ("Chart.yaml", chart),
        ("values.yaml", String::new()),
    ]));
    // The e-mail pattern copes with the long local part; the URL is over govalidator's
    // length limit.
    assert!(l
        .messages
        .iter()
        .any(|m| m.error.starts_with("invalid url 'https://aaa")));
    assert!(l
        .messages
        .iter()
        .any(|m| m.error.starts_with("unable to load chart")));
    // A schema whose references loop, and one that is not a schema at all.
    for (schema, want) in [
        (
            r##"{"$ref":"#/$defs/a","$defs":{"a":{"$ref":"#"}}}"##,
            "causing reference cycle",
        ),
        (r#"{"type":7}"#, "is not valid against metaschema"),
    ] {
        let l = lint_default(&dir_of(&[
            ("Chart.yaml", String::from(chart_yaml_ok())),
            ("values.yaml", "a: 1\n".into()),
            ("values.schema.json", schema.into()),
        ]));
        assert!(l
            .messages
            .iter()
            .any(|m| m.path == "values.yaml" && m.error.contains(want)));
    }
}

fn chart_yaml_ok() -> &'static str {
    "apiVersion: v2\nname: x\nversion: 0.1.0\nicon: https://x/y.png\n"
}
