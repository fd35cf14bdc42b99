//! Every divergence from Helm that difftest found, replayed without the oracle: the template,
//! the values, and Helm v4.2.3's answer (`tests/data/difftest/regressions.jsonl`, made by
//! `regen.py` from `cases.jsonl`).

use binnacle_core::host::SeededHost;
use binnacle_core::render::{self, Capabilities, ReleaseInfo, RenderInput, RenderOptions};
use binnacle_tests::json_to_value;

#[test]
fn difftest_regressions_match_helm() {
    let text = include_str!("../data/difftest/regressions.jsonl");
    let mut failures = Vec::new();
    let mut n = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: serde_json::Value = serde_json::from_str(line).unwrap();
        let template = case["template"].as_str().unwrap();
        let chart = render::single_chart("dt", &[("templates/t.yaml", template)]);
        let binnacle_core::Value::Map(values) = json_to_value(&case["values"]) else {
            panic!("values must be an object")
        };
        let input = RenderInput {
            chart: &chart,
            values,
            release: ReleaseInfo {
                name: "demo".into(),
                ..Default::default()
            },
            capabilities: Capabilities::default(),
        };
        let ours = render::render(
            &input,
            &mut SeededHost::default(),
            &RenderOptions::default(),
        )
        .map(|m| m.get("dt/templates/t.yaml").cloned().unwrap_or_default())
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
