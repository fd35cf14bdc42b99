//! Every chart of the conformance corpus loads, with the template counts of MANIFEST.tsv,
//! and dependency processing enables exactly the templates Helm v4.2.3 rendered for each
//! recorded variant (`expected/<variant>.render.json`).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use std::path::{Path, PathBuf};

use super::{load_files, Chart};

fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var("BINNACLE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from("/work/shared/corpus"));
    dir.join("MANIFEST.tsv").is_file().then_some(dir)
}

/// Helm's directory walk: byte-sorted, depth first, symlinks followed.
fn walk(dir: &Path, rel: &str, out: &mut Vec<(String, Vec<u8>)>) {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        let path = dir.join(&name);
        let n = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        if std::fs::metadata(&path).unwrap().is_dir() {
            walk(&path, &n, out);
        } else {
            out.push((n, std::fs::read(&path).unwrap()));
        }
    }
}

fn count_templates(c: &Chart) -> usize {
    c.templates.len() + c.dependencies.iter().map(count_templates).sum::<usize>()
}

/// The template paths Helm's engine executes for a processed tree.
fn rendered_paths(c: &Chart, path: &str, out: &mut Vec<String>) {
    if !c.is_library() {
        for t in &c.templates {
            let base = t.name.rsplit('/').next().unwrap_or("");
            if !base.starts_with('_') {
                out.push(format!("{path}/{}", t.name));
            }
        }
    }
    for d in &c.dependencies {
        rendered_paths(d, &format!("{path}/charts/{}", d.name()), out);
    }
}

#[test]
fn corpus_loads() {
    let Some(dir) = corpus_dir() else {
        std::eprintln!("corpus not found; set BINNACLE_CORPUS");
        return;
    };
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap();
    let mut checked_counts = 0;
    let mut checked_variants = 0;
    let mut failures = Vec::new();
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (id, want_templates) = (cols[0], cols[5].parse::<usize>().unwrap());
        let mut files = Vec::new();
        walk(&dir.join(id).join("chart"), "", &mut files);
        // MANIFEST counts template files on disk; Helm skips those .helmignore covers.
        let ignored = {
            let mut rules = match files.iter().find(|(n, _)| n == ".helmignore") {
                Some((_, d)) => super::ignore::IgnoreRules::parse(d).unwrap(),
                None => super::ignore::IgnoreRules::empty(),
            };
            rules.add_defaults();
            files
                .iter()
                .filter(|(n, _)| {
                    n.split('/').any(|p| p == "templates") && rules.ignore_file_in_walk(n)
                })
                .count()
        };
        let chart = match load_files(files) {
            Ok(c) => c,
            Err(e) => {
                failures.push(format!("{id}: {e}"));
                continue;
            }
        };
        // loki and falco lost their vendored charts/ when the corpus was copied (their
        // .gitignore lists charts/); MANIFEST counted them.
        let has_charts = dir.join(id).join("chart/charts").is_dir();
        let count = count_templates(&chart) + ignored;
        if count == want_templates {
            checked_counts += 1;
        } else if has_charts || !matches!(id, "loki" | "falco") {
            failures.push(format!(
                "{id}: {count} templates, MANIFEST says {want_templates}"
            ));
        }
        // Which templates render, per variant.
        let mut variants: Vec<PathBuf> = std::fs::read_dir(dir.join(id).join("expected"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(".render.json"))
            .collect();
        variants.sort();
        for exp in variants {
            let variant = exp
                .file_name()
                .unwrap()
                .to_string_lossy()
                .trim_end_matches(".render.json")
                .to_string();
            let values_file = dir.join(id).join("values").join(format!("{variant}.yaml"));
            let user = match std::fs::read(&values_file) {
                Ok(data) => crate::values::load_values(&data).unwrap(),
                Err(_) => crate::value::Map::new(),
            };
            let prepared = match crate::values::prepare(&chart, &user) {
                Ok(p) => p,
                Err(e) => {
                    failures.push(format!("{id}/{variant}: {e}"));
                    continue;
                }
            };
            let mut got = Vec::new();
            rendered_paths(&prepared.chart, prepared.chart.name(), &mut got);
            got.sort();
            let expected: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&std::fs::read_to_string(&exp).unwrap()).unwrap();
            let mut want: Vec<String> = expected.keys().cloned().collect();
            want.sort();
            let lost_charts = !has_charts && want.iter().any(|w| w.contains("/charts/"));
            if got != want && !lost_charts {
                let extra: Vec<&String> = got.iter().filter(|g| !want.contains(g)).collect();
                let missing: Vec<&String> = want.iter().filter(|w| !got.contains(w)).collect();
                failures.push(format!(
                    "{id}/{variant}: extra {extra:?} missing {missing:?}"
                ));
            }
            checked_variants += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked_counts >= 30, "{checked_counts}");
    assert!(checked_variants >= 40, "{checked_variants}");
}
