//! `render_chart` with a given function map (the core's uses Helm's map as is; the package
//! swaps in extension delegates). Same steps, in the same order, as
//! `binnacle_core::render::chart::render_chart`.
//!
//! For the lead: this would be better as `render_chart_with(…, funcs)` in the core, with
//! `render_chart` calling it with `helm_func_map()`; then this file goes away.

use std::rc::Rc;

use binnacle_core::chart::Chart;
use binnacle_core::host::Host;
use binnacle_core::render::chart::{ChartRenderOptions, Rendered, SchemaCheck};
use binnacle_core::render::{manifest, render_with, Capabilities, RenderError, RenderInput};
use binnacle_core::template::funcs::FuncMap;
use binnacle_core::values;
use binnacle_core::Map;

/// Where a render failed: Helm words the failures the same, but callers classify them, and
/// `helm template` hints at `--debug` only for failures after the release exists (render).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Dependencies and values coalescing.
    Prepare,
    /// `values.schema.json` validation.
    Schema,
    /// `--kube-version` / `--api-versions`.
    Capabilities,
    /// Parsing and executing templates.
    Render,
}

/// Renders `chart` with `user_values` and the functions of `funcs`.
pub fn render_chart_with(
    chart: &Chart,
    user_values: &Map,
    opts: &ChartRenderOptions,
    schema: Option<SchemaCheck<'_>>,
    host: &mut dyn Host,
    funcs: Rc<FuncMap>,
) -> Result<Rendered, (Stage, RenderError)> {
    let plain = |stage: Stage| {
        move |message: String| {
            (
                stage,
                RenderError {
                    message,
                    file: None,
                    line: None,
                    column: None,
                },
            )
        }
    };
    let prepared = values::prepare(chart, user_values).map_err(plain(Stage::Prepare))?;
    if let Some(check) = schema {
        values::schema::check_schemas(&prepared.chart, &prepared.values, check)
            .map_err(plain(Stage::Schema))?;
    }
    let capabilities = Capabilities::offline(opts.kube_version.as_deref(), &opts.api_versions)
        .map_err(plain(Stage::Capabilities))?;
    let node = prepared.chart.render_node(true);
    let input = RenderInput {
        chart: &node,
        values: prepared.values.clone(),
        release: opts.release.clone(),
        capabilities,
    };
    let manifests =
        render_with(&input, host, &opts.render, funcs).map_err(|e| (Stage::Render, e))?;
    let mut crds = Vec::new();
    collect_crds(&prepared.chart, prepared.chart.name(), &mut crds);
    let mut warnings = chart.warnings.clone();
    warnings.extend(prepared.warnings);
    Ok(Rendered {
        manifests,
        crds,
        warnings,
    })
}

fn collect_crds(c: &Chart, path: &str, out: &mut Vec<(String, Vec<u8>)>) {
    for f in &c.files {
        // The whole chart-relative name: `is_crd_file` checks the `crds/` prefix itself.
        // (The core's copy passes the name without it, so no CRD is ever found there.)
        if manifest::is_crd_file(&f.name) {
            out.push((manifest::crd_source_path(path, &f.name), f.data.to_vec()));
        }
    }
    for d in &c.dependencies {
        collect_crds(d, &format!("{path}/charts/{}", d.name()), out);
    }
}
