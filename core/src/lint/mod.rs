//! `helm lint` as Helm v4.2.3 runs it (`pkg/action/lint.go`, `pkg/chart/v2/lint`): the rules
//! on `Chart.yaml`, `values.yaml` (and its schema), the templates (rendered in lint mode and
//! read back as Kubernetes objects: names, deprecated APIs, selectors), the dependencies
//! and `crds/`, with Helm's severities and messages, in Helm's order.
//!
//! The core does no I/O: the host describes the chart directory in a [`ChartDir`] (what Helm
//! stats and reads directly, and the files its loader would read) and supplies the schema
//! validator and the [`Host`] the render uses. [`Report`] gathers one path's outcome as
//! `helm lint` does; [`chart_text`] and [`summary`] print Helm's output.
//!
//! Known divergence: go-yaml's strict duplicate-key warning on `Chart.yaml` is not
//! reported (the YAML reader has no strict mode). As in Helm, the lint render has both
//! `.Release.IsInstall` and `.Release.IsUpgrade` false.

mod chartfile;
mod deprecations;
mod deprecations_table;
mod k8syaml;
mod rules;
#[cfg(test)]
mod tests;
mod validators;

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::host::Host;
use crate::value::Map;

pub use deprecations::deprecation_warning;
pub use validators::{validate_metadata_name, Patterns};

/// Severity of a finding (Helm's numbers: 1 info, 2 warning, 3 error).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Never produced by the rules.
    Unknown = 0,
    /// Advice (`[INFO]`).
    Info = 1,
    /// A convention broken (`[WARNING]`); an error with `--strict`.
    Warning = 2,
    /// The chart will not install (`[ERROR]`).
    Error = 3,
}

impl Severity {
    /// The label Helm prints.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Unknown => "UNKNOWN",
            Severity::Info => "INFO",
            Severity::Warning => "WARNING",
            Severity::Error => "ERROR",
        }
    }
}

/// One finding: `[SEVERITY] path: error`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// How bad it is.
    pub severity: Severity,
    /// The file (or directory, or the chart directory itself) it concerns.
    pub path: String,
    /// Helm's text.
    pub error: String,
}

impl core::fmt::Display for Message {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "[{}] {}: {}",
            self.severity.label(),
            self.path,
            self.error
        )
    }
}

/// The findings for one chart (Helm's `support.Linter`).
#[derive(Clone, Debug, Default)]
pub struct Linter {
    /// In the order the rules produced them.
    pub messages: Vec<Message>,
}

impl Linter {
    fn add(&mut self, severity: Severity, path: &str, error: &str) {
        self.messages.push(Message {
            severity,
            path: path.into(),
            error: error.into(),
        });
    }
}

/// A path in the chart directory as Helm's lint finds it on disk (it stats and reads
/// `Chart.yaml`, `values.yaml`, `values.schema.json`, `templates/` and `crds/` directly).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// Does not exist.
    Missing,
    /// A directory.
    Dir,
    /// A file, with its bytes (contents are only needed for the three files named above).
    File(Vec<u8>),
    /// Exists but could not be read; Go's error text.
    Error(String),
}

/// A chart directory, as the host sees it.
#[derive(Clone, Debug)]
pub struct ChartDir {
    /// The absolute directory path (Helm prints it as the path of dependency findings).
    pub path: String,
    /// `Chart.yaml`
    pub chart_yaml: Entry,
    /// `values.yaml`
    pub values_yaml: Entry,
    /// `values.schema.json`
    pub values_schema: Entry,
    /// `templates`
    pub templates: Entry,
    /// `crds`
    pub crds: Entry,
    /// The files Helm's directory loader reads (`.helmignore` applied, walk order), or the
    /// walk's error.
    pub files: Result<Vec<(String, Vec<u8>)>, String>,
}

/// `helm lint` settings for one chart.
#[derive(Clone, Debug)]
pub struct Options {
    /// `--namespace` (`.Release.Namespace`).
    pub namespace: String,
    /// `--kube-version` (Capabilities and the deprecation check); `None`: v1.36.
    pub kube_version: Option<String>,
    /// `--skip-schema-validation`
    pub skip_schema_validation: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            namespace: "default".into(),
            kube_version: None,
            skip_schema_validation: false,
        }
    }
}

/// Validates values against one chart's `values.schema.json` bytes (Helm's
/// `ValidateAgainstSingleSchema`); see `crate::schema::validator`.
pub type SchemaCheck<'a> = &'a mut dyn FnMut(&[u8], &Map) -> Result<(), String>;

/// Lints one chart directory (`lint.RunAll`): the user's values, the schema validator
/// (`None` skips schema checks as if no chart had a schema), and the host for the render.
pub fn lint_chart(
    dir: &ChartDir,
    values: &Map,
    opts: &Options,
    schema: Option<SchemaCheck<'_>>,
    host: &mut dyn Host,
) -> Linter {
    let mut l = Linter::default();
    let mut schema = schema;
    let patterns = Patterns::new();
    chartfile::lint(&mut l, &dir.chart_yaml, &dir.path, &patterns);
    rules::values(&mut l, dir, values, opts, reborrow(&mut schema), host);
    rules::templates(
        &mut l,
        dir,
        values,
        opts,
        reborrow(&mut schema),
        host,
        &patterns,
    );
    rules::dependencies(&mut l, dir);
    rules::crds(&mut l, dir);
    l
}

/// The validator as one rule borrows it.
type RuleCheck<'a> = Option<&'a mut dyn FnMut(&[u8], &Map) -> Result<(), String>>;

/// A shorter-lived handle on the validator, for one rule.
fn reborrow<'s>(s: &'s mut Option<SchemaCheck<'_>>) -> RuleCheck<'s> {
    match s {
        Some(f) => Some(&mut **f),
        None => None,
    }
}

/// What `helm lint` gathers over several charts (`action.LintResult`).
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Charts that were linted (a path that is not a chart does not count).
    pub total_charts_linted: usize,
    /// Every finding, chart after chart.
    pub messages: Vec<Message>,
    /// Findings at or above the failing severity (error; warning with `--strict`), and
    /// charts that could not be linted at all.
    pub errors: Vec<String>,
}

impl Report {
    /// Adds one chart's outcome: its findings, or why it could not be linted.
    pub fn add(&mut self, outcome: Result<Linter, String>, strict: bool) {
        let lowest = if strict {
            Severity::Warning
        } else {
            Severity::Error
        };
        match outcome {
            Err(e) => self.errors.push(e),
            Ok(l) => {
                self.total_charts_linted += 1;
                for m in &l.messages {
                    if m.severity >= lowest {
                        self.errors.push(m.error.clone());
                    }
                }
                self.messages.extend(l.messages);
            }
        }
    }

    /// `action.HasWarningsOrErrors`.
    pub fn has_warnings_or_errors(&self) -> bool {
        self.messages.iter().any(|m| m.severity > Severity::Info) || !self.errors.is_empty()
    }
}

/// One chart's section of `helm lint`'s output (`==> Linting <path>` and its findings),
/// and whether the chart failed. `None` when `--quiet` leaves the chart out.
pub fn chart_text(path: &str, r: &Report, quiet: bool) -> Option<(String, bool)> {
    if quiet && !r.has_warnings_or_errors() {
        return None;
    }
    let mut s = format!("==> Linting {path}\n");
    // Errors that stopped a chart from being linted have no message of their own.
    if r.messages.is_empty() {
        for e in &r.errors {
            s.push_str(&format!("Error {e}\n"));
        }
    }
    for m in &r.messages {
        if !quiet || m.severity > Severity::Info {
            s.push_str(&format!("{m}\n"));
        }
    }
    s.push('\n');
    Some((s, !r.errors.is_empty()))
}

/// `helm lint`'s summary line.
pub fn summary(linted: usize, failed: usize) -> String {
    format!("{linted} chart(s) linted, {failed} chart(s) failed")
}
