//! Load, values, render: what `binnacle template`/`render`/`lint` and the test runners share.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Renders a chart directory with user values files: the engine map `{template: text}`, or
/// Helm's error message.
pub fn render_dir(chart: &Path, values: &[PathBuf]) -> Result<BTreeMap<String, String>, String> {
    let _ = (chart, values);
    Err("binnacle: chart loading is not wired yet".into())
}

/// `helm lint` of a chart directory with default values, as the corpus records it.
pub fn lint_dir(chart: &Path) -> Result<serde_json::Value, String> {
    let _ = chart;
    Err("binnacle: lint is not implemented yet".into())
}
