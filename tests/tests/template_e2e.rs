//! `binnacle template` end to end (load, values, render, sort) against the release manifest
//! the real Helm v4.2.3 stores for each corpus chart's default values
//! (`tests/data/manifest/corpus/<id>.manifest`, made by `tests/data/manifest/regen.sh`).

use std::path::{Path, PathBuf};

use binnacle::pipeline::{render_dir, StreamOptions};
use binnacle_core::render::chart::{template_output, Rendered};
use binnacle_tests::blocks::same_blocks;

fn corpus_dir() -> PathBuf {
    std::env::var_os("BINNACLE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"))
}

#[test]
fn template_matches_helm_manifest_on_every_default_variant() {
    let corpus = corpus_dir();
    assert!(
        corpus.is_dir(),
        "no corpus at {} (set BINNACLE_CORPUS)",
        corpus.display()
    );
    let expected = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/manifest/corpus");
    let mut ids: Vec<String> = std::fs::read_dir(&expected)
        .unwrap()
        .filter_map(|e| {
            Some(
                e.ok()?
                    .file_name()
                    .into_string()
                    .ok()?
                    .split('.')
                    .next()?
                    .to_string(),
            )
        })
        .collect();
    ids.sort();
    ids.dedup();
    let (mut checked, mut failures) = (0, Vec::new());
    for id in &ids {
        if expected.join(format!("{id}.error")).exists() {
            continue;
        }
        let chart = corpus.join(id).join("chart");
        let values = corpus.join(id).join("values/default.yaml");
        let unstable: Vec<String> =
            std::fs::read_to_string(corpus.join(id).join("expected/default.unstable.json"))
                .ok()
                .map(|t| serde_json::from_str(&t).unwrap())
                .unwrap_or_default();
        let manifests = match render_dir(&chart, &[values]) {
            Ok(m) => m,
            Err(e) => {
                failures.push(format!("{id}: render failed: {e}"));
                continue;
            }
        };
        let rendered = Rendered {
            manifests,
            ..Default::default()
        };
        let out = template_output(&rendered, "demo", &StreamOptions::default());
        let read =
            |ext: &str| std::fs::read_to_string(expected.join(format!("{id}.{ext}"))).unwrap();
        let want = format!("{}\n{}", read("manifest").trim(), read("hooks"));
        match out.error {
            Some(e) => failures.push(format!("{id}: {e}")),
            None => {
                if let Err(e) = same_blocks(&out.stdout, &want, &unstable) {
                    failures.push(format!("{id}: {e}"));
                }
            }
        }
        checked += 1;
    }
    eprintln!("{checked} corpus charts checked end to end");
    assert!(
        failures.is_empty(),
        "{} of {checked} differ:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    assert!(checked > 25);
}
