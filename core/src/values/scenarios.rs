//! Parent/subchart trees checked against Helm v4.2.3: each scenario in
//! `testdata/coalesce/*.json` was rendered by the oracle (`toJson .Values` and
//! `.Chart.Dependencies` in every chart) for several user-value sets.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::testutil::{from_json, same, show};
use crate::chart::{Chart, Metadata};
use crate::value::{Map, Value};

fn build(spec: &serde_json::Value) -> Chart {
    let mut md = Metadata::default();
    md.name = String::from(spec["name"].as_str().unwrap());
    md.version = String::from(
        spec.get("version")
            .and_then(|v| v.as_str())
            .unwrap_or("0.1.0"),
    );
    md.api_version = String::from("v2");
    if let Some(deps) = spec.get("dependencies") {
        let mut m = serde_json::Map::new();
        m.insert(String::from("dependencies"), deps.clone());
        md.decode_into(&from_json(&serde_json::Value::Object(m)))
            .unwrap();
        md.validate().unwrap();
    }
    let values = match spec.get("values") {
        Some(v) => from_json(v).as_map().unwrap().clone(),
        None => Map::new(),
    };
    let mut subs: Vec<(String, Chart)> = spec
        .get("subcharts")
        .and_then(|s| s.as_array())
        .map(|a| {
            a.iter()
                .map(|s| {
                    (
                        String::from(
                            s.get("dir")
                                .and_then(|d| d.as_str())
                                .unwrap_or(s["name"].as_str().unwrap()),
                        ),
                        build(s),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    subs.sort_by(|a, b| a.0.cmp(&b.0));
    Chart {
        metadata: md,
        lock: None,
        templates: Vec::new(),
        values,
        raw_values: None,
        schema: None,
        files: Vec::new(),
        raw: Vec::new(),
        dependencies: subs.into_iter().map(|(_, c)| c).collect(),
        warnings: Vec::new(),
    }
}

fn walk(c: &Chart, path: String, vals: &Map, out: &mut Vec<(String, Map, Value)>) {
    let deps = Value::list(
        c.metadata
            .dependencies
            .iter()
            .map(|d| d.template_map())
            .collect(),
    );
    out.push((path.clone(), vals.clone(), deps));
    for d in &c.dependencies {
        let sub = super::subchart_values(vals, d.name());
        walk(d, format!("{path}/charts/{}", d.name()), &sub, out);
    }
}

#[test]
fn oracle_scenarios() {
    let dir = format!(
        "{}/src/values/testdata/coalesce",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut n = 0;
    let mut failures = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for path in names {
        let scen: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let chart = build(&scen["chart"]);
        for case in scen["cases"].as_array().unwrap() {
            n += 1;
            let user = from_json(&case["values"]);
            let label = format!(
                "{} {}",
                path.file_name().unwrap().to_string_lossy(),
                case["values"]
            );
            let got = super::prepare(&chart, user.as_map().unwrap());
            match (got, case.get("error")) {
                (Err(e), Some(want)) => {
                    if e != want.as_str().unwrap() {
                        failures.push(format!("{label}: error {e:?}, want {want}"));
                    }
                }
                (Err(e), None) => failures.push(format!("{label}: unexpected error {e}")),
                (Ok(_), Some(want)) => failures.push(format!("{label}: no error, want {want}")),
                (Ok(p), None) => {
                    let mut got = Vec::new();
                    walk(&p.chart, String::from(p.chart.name()), &p.values, &mut got);
                    let expect = case["expect"].as_object().unwrap();
                    let charts = case["charts"].as_object().unwrap();
                    let paths: Vec<&String> = got.iter().map(|g| &g.0).collect();
                    let mut want_paths: Vec<&String> = expect.keys().collect();
                    want_paths.sort();
                    let mut sorted = paths.clone();
                    sorted.sort();
                    if sorted != want_paths {
                        failures.push(format!("{label}: charts {sorted:?}, want {want_paths:?}"));
                        continue;
                    }
                    for (p, vals, deps) in &got {
                        if !same(&Value::Map(vals.clone()), &expect[p.as_str()]) {
                            failures.push(format!(
                                "{label} {p}:\n  got  {}\n  want {}",
                                show(&Value::Map(vals.clone())),
                                expect[p.as_str()]
                            ));
                        }
                        let text = charts[p.as_str()].as_str().unwrap();
                        let (_, deps_json) = text.split_once(' ').unwrap();
                        if !same(deps, &serde_json::from_str(deps_json).unwrap()) {
                            failures.push(format!(
                                "{label} {p} deps:\n  got  {}\n  want {deps_json}",
                                show(deps)
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(n >= 40, "{n} cases");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
