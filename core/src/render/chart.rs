//! Rendering a loaded chart as Helm's install and template actions do: process
//! dependencies, coalesce values, validate them against schemas, run the engine, collect
//! CRDs. Hosts (the CLI, the npm package, the playground) all come through here.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;

use super::{funcs, manifest};
use super::{
    render_keeping_bytes, Capabilities, ReleaseInfo, RenderError, RenderInput, RenderOptions,
};
use crate::chart::Chart;
use crate::host::Host;
use crate::template::funcs::FuncMap;
use crate::value::Map;
use crate::values;

/// Validates one chart's values against its `values.schema.json` bytes; the error is Helm's
/// text for that chart.
pub type SchemaCheck<'a> = &'a mut dyn FnMut(&[u8], &Map) -> Result<(), String>;

/// Everything about a render besides the chart and the host.
#[derive(Clone, Debug, Default)]
pub struct ChartRenderOptions {
    /// `.Release`.
    pub release: ReleaseInfo,
    /// `--kube-version`.
    pub kube_version: Option<String>,
    /// `--api-versions`.
    pub api_versions: Vec<String>,
    /// Lint mode and execution budget.
    pub render: RenderOptions,
    /// Refuse a chart whose `kubeVersion` constraint the Kubernetes version does not meet,
    /// as an install (so `helm template`) does before rendering; Helm's engine alone
    /// (`binnacle render`) does not check it.
    pub check_kube_version: bool,
}

/// What a render produced.
#[derive(Clone, Debug, Default)]
pub struct Rendered {
    /// `{template path: text}` as Helm's engine returns it.
    pub manifests: BTreeMap<String, String>,
    /// CRD files of the chart tree: (`<chart path>/crds/<file>`, bytes), root chart first.
    pub crds: Vec<(String, Vec<u8>)>,
    /// Warnings Helm would log (coalescing conflicts and such), in Helm's words.
    pub warnings: Vec<String>,
    /// The templates of `manifests` whose text holds bytes that are not UTF-8 (shown there
    /// as U+FFFD), as Go's engine returned them: Helm's YAML reading of the manifests
    /// (`helm template`, installs) refuses them.
    pub with_bytes: BTreeMap<String, String>,
}

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

/// Renders `chart` with `user_values`. `schema` validates values when given (Helm's
/// `--skip-schema-validation` is passing `None`).
pub fn render_chart(
    chart: &Chart,
    user_values: &Map,
    opts: &ChartRenderOptions,
    schema: Option<SchemaCheck<'_>>,
    host: &mut dyn Host,
) -> Result<Rendered, RenderError> {
    render_chart_with(
        chart,
        user_values,
        opts,
        schema,
        host,
        funcs::helm_func_map(),
    )
    .map_err(|(_, e)| e)
}

/// [`render_chart`] with the functions of `funcs` (hosts that delegate some functions, such
/// as the npm package's lazily loaded modules), failures tagged with their [`Stage`].
pub fn render_chart_with(
    chart: &Chart,
    user_values: &Map,
    opts: &ChartRenderOptions,
    schema: Option<SchemaCheck<'_>>,
    host: &mut dyn Host,
    funcs: Rc<FuncMap>,
) -> Result<Rendered, (Stage, RenderError)> {
    render_chart_owned(chart.clone(), user_values, opts, schema, host, funcs)
}

/// [`render_chart_with`] of a chart given up to it (a host that renders a chart once):
/// its default values are coalesced in place rather than copied
/// ([`values::prepare_owned`]).
pub fn render_chart_owned(
    chart: Chart,
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
    let mut prepared = values::prepare_owned(chart, user_values).map_err(plain(Stage::Prepare))?;
    if let Some(check) = schema {
        values::schema::check_schemas(&prepared.chart, &prepared.values, check, host)
            .map_err(plain(Stage::Schema))?;
    }
    // Only now are the templates' bytes needed: a host may have been reading them
    // meanwhile.
    host.complete_chart(&mut prepared.chart)
        .map_err(plain(Stage::Prepare))?;
    let chart = &prepared.chart;
    let capabilities = Capabilities::offline(opts.kube_version.as_deref(), &opts.api_versions)
        .map_err(plain(Stage::Capabilities))?;
    // Compared without a pre-release or build suffix (`v1.30.2-gke.1` meets `>=1.30.2`),
    // named as given.
    let wanted = &chart.metadata.kube_version;
    let running = &capabilities.kube_version;
    if opts.check_kube_version
        && !wanted.is_empty()
        && !crate::chart::semver::is_compatible_range(wanted, &running.normalized)
    {
        // Helm checks while rendering the release's resources, so it counts as a render
        // failure (`helm template` adds its --debug hint).
        return Err(plain(Stage::Render)(format!(
            "chart requires kubeVersion: {wanted} which is incompatible with Kubernetes {}",
            running.version
        )));
    }
    let node = prepared.chart.render_node(true);
    let input = RenderInput {
        chart: &node,
        values: prepared.values.clone(),
        release: opts.release.clone(),
        capabilities,
    };
    let (manifests, with_bytes) =
        render_keeping_bytes(&input, host, &opts.render, funcs).map_err(|e| (Stage::Render, e))?;
    let mut crds = Vec::new();
    collect_crds(&prepared.chart, prepared.chart.name(), &mut crds);
    let mut warnings = chart.warnings.clone();
    warnings.extend(prepared.warnings);
    Ok(Rendered {
        manifests,
        crds,
        warnings,
        with_bytes,
    })
}

fn collect_crds(c: &Chart, path: &str, out: &mut Vec<(String, Vec<u8>)>) {
    for f in &c.files {
        // The whole chart-relative name: `is_crd_file` checks the `crds/` prefix itself.
        if manifest::is_crd_file(&f.name) {
            out.push((manifest::crd_source_path(path, &f.name), f.data.to_vec()));
        }
    }
    for d in &c.dependencies {
        collect_crds(d, &format!("{path}/charts/{}", d.name()), out);
    }
}

/// Options of the `helm template` output.
#[derive(Clone, Debug, Default)]
pub struct StreamOptions {
    /// `--include-crds`
    pub include_crds: bool,
    /// `--no-hooks`
    pub no_hooks: bool,
    /// `--skip-tests`
    pub skip_tests: bool,
    /// `--show-only`
    pub show_only: Vec<String>,
    /// `--output-dir`
    pub output_dir: Option<String>,
    /// `--release-name`
    pub use_release_name: bool,
    /// `--debug`: print the raw files when a document is not YAML.
    pub debug: bool,
}

/// `helm template`'s output after rendering: files to write, then stdout, or an error.
pub fn template_output(
    r: &Rendered,
    release_name: &str,
    o: &StreamOptions,
) -> manifest::TemplateOutput {
    let opts = manifest::TemplateOptions {
        include_crds: o.include_crds,
        no_hooks: o.no_hooks,
        skip_tests: o.skip_tests,
        show_only: o.show_only.clone(),
        output_dir: o.output_dir.clone(),
        use_release_name: o.use_release_name,
        release_name: release_name.into(),
    };
    let mut files = r.manifests.clone();
    for (k, v) in &r.with_bytes {
        files.insert(k.clone(), v.clone());
    }
    let root = r
        .manifests
        .keys()
        .next()
        .and_then(|k| k.split('/').next())
        .unwrap_or_default()
        .into();
    let root: String = root;
    manifest::take_notes(&mut files, &root, false);
    match manifest::sort_manifests(&files, manifest::INSTALL_ORDER) {
        Ok(sorted) => {
            let mut out = manifest::template_output(&sorted, &r.crds, &opts);
            crate::gobytes::display_in_place(&mut out.stdout);
            out.log = sorted
                .unknown_hooks
                .iter()
                .map(|h| manifest::unknown_hook_log_line(h))
                .collect();
            out
        }
        Err(e) => {
            if o.debug {
                let mut out = manifest::template_debug_output(&files, &e, &opts);
                crate::gobytes::display_in_place(&mut out.stdout);
                out.error = Some(e.message);
                out
            } else {
                manifest::TemplateOutput {
                    error: Some(format!("{}{}", e.message, manifest::DEBUG_HINT)),
                    ..Default::default()
                }
            }
        }
    }
}
