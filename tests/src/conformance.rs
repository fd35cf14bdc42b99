//! The conformance runner: every case of a corpus rendered by Binnacle and compared with
//! Helm's recorded output.
//!
//! Layout (see the corpus README): `<id>/chart/`, `<id>/values/<variant>.yaml`,
//! `<id>/expected/<variant>.render.json` or `<variant>.error.json`, optional
//! `<variant>.unstable.json` (templates compared by YAML shape), and `expected/lint.json`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value as Json;

/// One thing to check.
#[derive(Clone, Debug)]
pub struct Case {
    /// `<chart id>/<variant>` or `<chart id>/lint`.
    pub name: String,
    /// The chart directory.
    pub chart: PathBuf,
    /// The user values file (`None` for lint).
    pub values: Option<PathBuf>,
    /// What Helm did.
    pub expected: Expected,
    /// Why the stored expectation cannot be reproduced from this copy of the chart, if so:
    /// Helm recorded it with vendored dependencies that the copy lacks.
    pub incomplete: Option<String>,
}

/// Helm's recorded outcome.
#[derive(Clone, Debug)]
pub enum Expected {
    /// `{template: text}`, plus templates to compare by shape only.
    Render {
        manifests: BTreeMap<String, String>,
        unstable: Vec<String>,
    },
    /// Helm refused, with this message.
    Error { message: String },
    /// `helm lint` with default values.
    Lint(Json),
}

/// What Binnacle did for a case.
pub enum Outcome {
    /// The engine map.
    Rendered(BTreeMap<String, String>),
    /// A refusal, with Binnacle's message.
    Failed(String),
    /// A lint report (same JSON shape as the corpus).
    Linted(Json),
}

/// Finds every case under `corpus`, sorted by name.
pub fn discover(corpus: &Path) -> Result<Vec<Case>, String> {
    let mut ids: Vec<PathBuf> = std::fs::read_dir(corpus)
        .map_err(|e| format!("cannot read corpus {}: {e}", corpus.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("chart").is_dir() && p.join("expected").is_dir())
        .collect();
    ids.sort();
    let mut cases = Vec::new();
    for dir in ids {
        let id = dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let chart = dir.join("chart");
        let expected = dir.join("expected");
        let missing = missing_dependencies(&chart);
        let mut variants: Vec<PathBuf> = std::fs::read_dir(dir.join("values"))
            .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        variants.retain(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"));
        variants.sort();
        for values in variants {
            let variant = values
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string();
            let render = expected.join(format!("{variant}.render.json"));
            let error = expected.join(format!("{variant}.error.json"));
            let exp = if render.is_file() {
                let manifests: BTreeMap<String, String> = read_json_as(&render)?;
                let unstable_path = expected.join(format!("{variant}.unstable.json"));
                let unstable = if unstable_path.is_file() {
                    read_json_as(&unstable_path)?
                } else {
                    Vec::new()
                };
                Expected::Render {
                    manifests,
                    unstable,
                }
            } else if error.is_file() {
                let j: Json = read_json_as(&error)?;
                Expected::Error {
                    message: j["message"].as_str().unwrap_or_default().to_string(),
                }
            } else {
                continue;
            };
            let incomplete = match &exp {
                Expected::Render { manifests, .. } => incomplete_render(&missing, manifests),
                _ => None,
            };
            cases.push(Case {
                name: format!("{id}/{variant}"),
                chart: chart.clone(),
                values: Some(values),
                expected: exp,
                incomplete,
            });
        }
        let lint = expected.join("lint.json");
        if lint.is_file() {
            // Helm's lint reports missing dependencies itself; a recorded report without
            // that finding was made from a complete copy.
            let report: Json = read_json_as(&lint)?;
            let incomplete = (!missing.is_empty()
                && !report.to_string().contains("missing these dependencies"))
            .then(|| lacks(&missing));
            cases.push(Case {
                name: format!("{id}/lint"),
                chart: chart.clone(),
                values: None,
                expected: Expected::Lint(report),
                incomplete,
            });
        }
    }
    Ok(cases)
}

/// Dependencies declared in `Chart.yaml` (by name and alias) with no chart under `charts/`.
pub fn missing_dependencies(chart: &Path) -> Vec<(String, String)> {
    let Ok(c) = binnacle::pipeline::load_chart(chart) else {
        return Vec::new();
    };
    let present: Vec<&str> = c
        .dependencies
        .iter()
        .map(|d| d.metadata.name.as_str())
        .collect();
    c.metadata
        .dependencies
        .iter()
        .filter(|d| !present.contains(&d.name.as_str()))
        .map(|d| {
            let dir = if d.alias.is_empty() {
                &d.name
            } else {
                &d.alias
            };
            (d.name.clone(), dir.clone())
        })
        .collect()
}

/// A render expectation needs a missing dependency when it holds templates from it.
fn incomplete_render(
    missing: &[(String, String)],
    manifests: &BTreeMap<String, String>,
) -> Option<String> {
    let needed: Vec<(String, String)> = missing
        .iter()
        .filter(|(_, dir)| {
            let part = format!("/charts/{dir}/");
            manifests.keys().any(|k| k.contains(&part))
        })
        .cloned()
        .collect();
    (!needed.is_empty()).then(|| lacks(&needed))
}

fn lacks(missing: &[(String, String)]) -> String {
    let names: Vec<&str> = missing.iter().map(|(n, _)| n.as_str()).collect();
    format!(
        "Helm recorded it with vendored dependencies this copy of the chart lacks under charts/: {}",
        names.join(", ")
    )
}

fn read_json_as<T: serde::de::DeserializeOwned>(p: &Path) -> Result<T, String> {
    let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", p.display()))
}

/// Replaces the chart's absolute path in a message as the corpus records it.
pub fn normalise_paths(msg: &str, chart: &Path) -> String {
    let abs = std::fs::canonicalize(chart).unwrap_or_else(|_| chart.to_path_buf());
    msg.replace(&abs.display().to_string(), "<chart>")
        .replace(&chart.display().to_string(), "<chart>")
}

/// Compares an outcome with the expectation; `None` when they agree, else a report with a
/// unified diff of the first difference.
pub fn compare(case: &Case, got: &Outcome) -> Option<String> {
    match (&case.expected, got) {
        (
            Expected::Render {
                manifests,
                unstable,
            },
            Outcome::Rendered(out),
        ) => compare_render(manifests, unstable, out),
        (Expected::Render { .. }, Outcome::Failed(msg)) => {
            Some(format!("Helm rendered, Binnacle refused:\n{msg}"))
        }
        (Expected::Error { message }, Outcome::Failed(msg)) => {
            let got = normalise_paths(msg, &case.chart);
            let want = normalise_paths(message, &case.chart);
            (got != want).then(|| {
                format!(
                    "error message differs:\n{}",
                    unified(&want, &got, "helm", "binnacle")
                )
            })
        }
        (Expected::Error { message }, Outcome::Rendered(_)) => Some(format!(
            "Helm refused, Binnacle rendered. Helm said:\n{message}"
        )),
        (Expected::Lint(want), Outcome::Linted(got)) => (want != got).then(|| {
            let w = serde_json::to_string_pretty(want).unwrap_or_default();
            let g = serde_json::to_string_pretty(got).unwrap_or_default();
            format!(
                "lint report differs:\n{}",
                unified(&w, &g, "helm", "binnacle")
            )
        }),
        (Expected::Lint(_), Outcome::Failed(msg)) => Some(format!("lint failed to run: {msg}")),
        (_, _) => Some("internal: outcome of the wrong kind".into()),
    }
}

fn compare_render(
    want: &BTreeMap<String, String>,
    unstable: &[String],
    got: &BTreeMap<String, String>,
) -> Option<String> {
    let missing: Vec<&String> = want.keys().filter(|k| !got.contains_key(*k)).collect();
    let extra: Vec<&String> = got.keys().filter(|k| !want.contains_key(*k)).collect();
    if !missing.is_empty() || !extra.is_empty() {
        let mut s = String::from("template sets differ:");
        for m in missing {
            let _ = write!(s, "\n  only in Helm:     {m}");
        }
        for e in extra {
            let _ = write!(s, "\n  only in Binnacle: {e}");
        }
        return Some(s);
    }
    for (name, w) in want {
        let g = &got[name];
        if unstable.iter().any(|u| u == name) {
            if let Err(why) = same_shape(w, g) {
                return Some(format!("{name}: YAML shape differs ({why})"));
            }
            continue;
        }
        if w != g {
            return Some(format!("{name}:\n{}", unified(w, g, "helm", "binnacle")));
        }
    }
    None
}

/// A unified diff, trimmed to a readable length.
pub fn unified(want: &str, got: &str, a: &str, b: &str) -> String {
    let diff = similar::TextDiff::from_lines(want, got);
    let text = diff
        .unified_diff()
        .context_radius(3)
        .header(a, b)
        .to_string();
    const MAX: usize = 80;
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() > MAX {
        format!(
            "{}\n... ({} more diff lines)",
            lines[..MAX].join("\n"),
            lines.len() - MAX
        )
    } else if text.is_empty() && want != got {
        format!(
            "(texts differ only in a trailing newline or invisible bytes)\n- {want:?}\n+ {got:?}"
        )
    } else {
        text
    }
}

/// Same YAML shape: the same keys and value types, recursively, document by document.
pub fn same_shape(want: &str, got: &str) -> Result<(), String> {
    use binnacle_core::yaml::from_yaml_documents;
    let w = from_yaml_documents(want).map_err(|e| format!("Helm's text is not YAML: {e}"))?;
    let g = from_yaml_documents(got).map_err(|e| format!("Binnacle's text is not YAML: {e}"))?;
    if w.len() != g.len() {
        return Err(format!("{} documents vs {}", w.len(), g.len()));
    }
    for (a, b) in w.iter().zip(&g) {
        shape_eq(a, b, "")?;
    }
    Ok(())
}

fn shape_eq(a: &binnacle_core::Value, b: &binnacle_core::Value, path: &str) -> Result<(), String> {
    use binnacle_core::Value as V;
    match (a, b) {
        (V::Map(x), V::Map(y)) => {
            let (kx, ky) = (x.keys(), y.keys());
            if kx != ky {
                return Err(format!("keys at {path:?}: {kx:?} vs {ky:?}"));
            }
            for k in kx {
                shape_eq(
                    &x.get(&k).unwrap_or_default(),
                    &y.get(&k).unwrap_or_default(),
                    &format!("{path}.{k}"),
                )?;
            }
            Ok(())
        }
        (V::List(x), V::List(y)) => {
            if x.len() != y.len() {
                return Err(format!(
                    "list length at {path:?}: {} vs {}",
                    x.len(),
                    y.len()
                ));
            }
            for (i, (p, q)) in x.iter().zip(y.iter()).enumerate() {
                shape_eq(p, q, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        _ if a.type_name() == b.type_name() => Ok(()),
        _ => Err(format!(
            "type at {path:?}: {} vs {}",
            a.type_name(),
            b.type_name()
        )),
    }
}
