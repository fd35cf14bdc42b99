//! The messages between the playground's page and its engine worker, as JSON.
//!
//! The page keeps the chart's files and mirrors every change to the worker (`put`,
//! `remove`, `reset` carry bytes and do not go through these types); renders, diffs and
//! packaging are requests and responses below.

use serde::{Deserialize, Serialize};

/// Release settings, as `helm template`'s flags give them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Release {
    /// `.Release.Name` (`helm template NAME`).
    pub name: String,
    /// `.Release.Namespace` (`--namespace`).
    pub namespace: String,
    /// `.Release.Revision`.
    pub revision: i64,
    /// `.Release.IsUpgrade` (`--is-upgrade`).
    pub is_upgrade: bool,
    /// `--kube-version`; empty means Helm's default.
    pub kube_version: String,
    /// `--api-versions`, one per entry.
    pub api_versions: Vec<String>,
}

impl Default for Release {
    fn default() -> Self {
        Release {
            name: "release-name".into(),
            namespace: "default".into(),
            revision: 1,
            is_upgrade: false,
            kube_version: String::new(),
            api_versions: Vec::new(),
        }
    }
}

/// One render of the worker's chart.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RenderRequest {
    /// The user values file (`-f`), as YAML text; empty for none.
    pub values: String,
    /// The release settings.
    pub release: Release,
    /// `--include-crds`.
    pub include_crds: bool,
    /// `--skip-tests`.
    pub skip_tests: bool,
    /// Execution budget (template steps) so a runaway chart stops; `None` = unbounded.
    pub max_steps: Option<u64>,
    /// Also lint the chart.
    pub lint: bool,
    /// Include each template's rendered text in [`RenderResponse::templates`] (the page
    /// asks only while it shows one template).
    pub template_texts: bool,
}

/// A place in a file of the workspace (or in the user values, `file` = [`VALUES_FILE`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    /// Workspace path (`templates/x.yaml`), or the path as Helm named it when no
    /// workspace file matches (a template of a packaged subchart).
    pub file: String,
    /// Whether `file` is a file of the workspace the editor can open.
    pub in_workspace: bool,
    /// 1-based line, when known (a YAML error in rendered output names only the file).
    pub line: Option<u32>,
    /// Go's column: 0-based byte offset in the line, when known.
    pub column: Option<u32>,
}

/// The name errors in the user values carry.
pub const VALUES_FILE: &str = "user-values.yaml";

/// A failure, with Helm's message and where it points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorReport {
    /// Helm's message, exactly.
    pub message: String,
    /// Every location the message names, outermost first; the last is where it failed.
    pub locations: Vec<Location>,
}

/// A hook document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HookReport {
    /// `metadata.name`.
    pub name: String,
    /// `kind`.
    pub kind: String,
    /// The template it came from.
    pub path: String,
    /// Its events (`pre-install`, …).
    pub events: Vec<String>,
    /// `helm.sh/hook-weight`.
    pub weight: i64,
    /// The document text.
    pub manifest: String,
}

/// One rendered template (the engine's map, before hooks and sorting).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateReport {
    /// Helm's template path (`mychart/templates/x.yaml`).
    pub path: String,
    /// Workspace path of its source, when the workspace has it.
    pub source: Option<String>,
    /// The rendered text (empty unless the request asked for template texts).
    pub text: String,
}

/// One lint finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LintFinding {
    /// `INFO`, `WARNING` or `ERROR`.
    pub severity: String,
    /// Helm's text.
    pub message: String,
    /// Where it points, when known.
    pub location: Option<Location>,
}

/// What a render produced.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RenderResponse {
    /// The chart's name (empty when it did not load).
    pub chart: String,
    /// `helm template`'s standard output (empty on error).
    pub stream: String,
    /// Each rendered template, NOTES.txt files excluded.
    pub templates: Vec<TemplateReport>,
    /// The root chart's NOTES.txt, rendered.
    pub notes: String,
    /// Hooks, in Helm's order.
    pub hooks: Vec<HookReport>,
    /// Warnings Helm would log.
    pub warnings: Vec<String>,
    /// The failure, if any.
    pub error: Option<ErrorReport>,
    /// Lint findings; `None` when lint was not asked for or is not available.
    pub lint: Option<Vec<LintFinding>>,
    /// Why lint findings are missing, when they are.
    pub lint_unavailable: Option<String>,
    /// Milliseconds spent in the engine (load, values, render, output).
    pub engine_ms: f64,
}

/// One line of a diff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffLine {
    /// `' '` unchanged, `'-'` only in the old text, `'+'` only in the new one.
    pub tag: char,
    /// The line, without its newline.
    pub text: String,
    /// 1-based line in the old text (for `' '` and `'-'`).
    pub old: Option<u32>,
    /// 1-based line in the new text (for `' '` and `'+'`).
    pub new: Option<u32>,
}

/// A line diff in hunks with context.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffResponse {
    /// Hunks: runs of lines with up to three lines of context around changes.
    pub hunks: Vec<Vec<DiffLine>>,
    /// Lines added.
    pub added: u32,
    /// Lines removed.
    pub removed: u32,
}

/// A file unpacked from an archive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnpackedFile {
    /// Chart-relative path.
    pub path: String,
    /// Contents.
    pub data: Vec<u8>,
}
