//! Every divergence from Helm that difftest found, replayed without the oracle: the template,
//! the values, and Helm v4.2.3's answer (`tests/data/difftest/regressions.jsonl`, made by
//! `regen.py` from `cases.jsonl`).

use binnacle_core::host::SeededHost;
use binnacle_core::render::chart::{render_chart, ChartRenderOptions};
use binnacle_core::render::ReleaseInfo;
use binnacle_tests::json_to_value;

#[test]
fn difftest_regressions_match_helm() {
    let text = include_str!("../data/difftest/regressions.jsonl");
    let mut failures = Vec::new();
    let mut n = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: serde_json::Value = serde_json::from_str(line).unwrap();
        let template = case["template"].as_str().unwrap();
        // Loaded as a chart directory is (the chart's files and the template), so `.Files`,
        // `.Chart` and the rest are what `binnacle render` gives a template.
        let chart =
            binnacle_core::chart::load_files(binnacle_tests::difftest::chart_files(template))
                .unwrap();
        let binnacle_core::Value::Map(values) = json_to_value(&case["values"]) else {
            panic!("values must be an object")
        };
        let opts = ChartRenderOptions {
            release: ReleaseInfo {
                name: "demo".into(),
                ..Default::default()
            },
            ..Default::default()
        };
        let ours = render_chart(&chart, &values, &opts, None, &mut SeededHost::default())
            .map(|r| {
                r.manifests
                    .get("dt/templates/t.yaml")
                    .cloned()
                    .unwrap_or_default()
            })
            .map_err(|e| e.message);
        let helm_text = case["helm"].as_str().unwrap().to_string();
        let helm = if case["ok"].as_bool().unwrap() {
            Ok(helm_text)
        } else {
            Err(helm_text)
        };
        if ours != helm {
            failures.push(format!(
                "{} ({template:?}):\n  ours: {ours:?}\n  helm: {helm:?}",
                case["why"]
            ));
        }
        n += 1;
    }
    assert!(n >= 16);
    assert!(
        failures.is_empty(),
        "{} of {n} regressions differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
