//! `binnacle lint`: Helm v4.2.3's `helm lint` (`pkg/cmd/lint.go`): the same rules, output,
//! `--strict`, `--quiet`, `--with-subcharts` and exit status.

use std::path::Path;

use anyhow::{bail, Result};
use clap::Args;

use binnacle::pipeline;
use binnacle_core::lint;

use super::{Globals, ValueArgs};

/// `binnacle lint PATH...`
#[derive(Args, Debug)]
pub struct LintArgs {
    /// Chart directories or archives to lint.
    #[arg(value_name = "PATH", required = true, num_args = 1..)]
    pub paths: Vec<String>,
    #[command(flatten)]
    pub values: ValueArgs,
    /// Fail on lint warnings.
    #[arg(long)]
    pub strict: bool,
    /// Lint dependent charts.
    #[arg(long)]
    pub with_subcharts: bool,
    /// Print only warnings and errors.
    #[arg(long)]
    pub quiet: bool,
    /// If set, disables JSON schema validation.
    #[arg(long)]
    pub skip_schema_validation: bool,
    /// Kubernetes version used for capabilities and deprecation checks.
    #[arg(long)]
    pub kube_version: Option<String>,
}

/// Runs `binnacle lint`.
pub fn run(a: LintArgs, g: &Globals) -> Result<()> {
    if let Some(v) = &a.kube_version {
        if let Err(e) = binnacle_core::render::context::KubeVersion::parse(v) {
            bail!("{e}");
        }
    }
    let mut paths = a.paths.clone();
    if a.with_subcharts {
        for p in &a.paths {
            walk_subcharts(
                Path::new(&binnacle_core::gopath::clean(&format!("{p}/charts"))),
                &mut paths,
            );
        }
    }
    let sources = a.values.sources();
    let opts = lint::Options {
        namespace: g.namespace.clone(),
        kube_version: a.kube_version.clone(),
        skip_schema_validation: a.skip_schema_validation,
    };
    let (strict, quiet, skip) = (a.strict, a.quiet, a.skip_schema_validation);
    let total = paths.len();
    let outcome = pipeline::with_render_stack(move || {
        let values = pipeline::user_values(&sources)?;
        let mut text = String::new();
        let (mut failed, mut with_findings) = (0usize, 0usize);
        for p in &paths {
            let mut report = lint::Report::default();
            report.add(pipeline::lint_path(p, &values, &opts, skip), strict);
            if report.has_warnings_or_errors() {
                with_findings += 1;
            }
            if let Some((section, chart_failed)) = lint::chart_text(p, &report, quiet) {
                text.push_str(&section);
                if chart_failed {
                    failed += 1;
                }
            }
        }
        Ok::<_, String>((text, failed, with_findings))
    });
    let (text, failed, with_findings) = outcome.map_err(anyhow::Error::msg)?;
    print!("{text}");
    let summary = lint::summary(total, failed);
    if failed > 0 {
        bail!(summary);
    }
    if !quiet || with_findings > 0 {
        println!("{summary}");
    }
    Ok(())
}

/// `--with-subcharts`: Helm walks `<path>/charts` (lexical order, links not followed) and
/// adds every directory holding a `Chart.yaml` and every chart archive.
fn walk_subcharts(dir: &Path, out: &mut Vec<String>) {
    let Ok(meta) = std::fs::symlink_metadata(dir) else {
        return;
    };
    if meta.file_type().is_file() {
        return;
    }
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut names: Vec<_> = rd.filter_map(|e| e.ok().map(|e| e.file_name())).collect();
    names.sort();
    for n in names {
        let p = dir.join(&n);
        let s = p.display().to_string();
        let Ok(m) = std::fs::symlink_metadata(&p) else {
            continue;
        };
        if n == "Chart.yaml" {
            out.push(dir.display().to_string());
        } else if s.ends_with(".tgz") || s.ends_with(".tar.gz") {
            out.push(s);
        }
        if m.is_dir() {
            walk_subcharts(&p, out);
        }
    }
}
