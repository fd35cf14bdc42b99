//! Load, values, render: what `binnacle template`/`render`/`lint` and the test runners share.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use binnacle_core::chart::{self, Chart};
use binnacle_core::render::{
    self, manifest, Capabilities, ReleaseInfo, RenderInput, RenderOptions,
};
use binnacle_core::values::{self, ValueSource};

use crate::host::NativeHost;
use crate::load::read_chart_dir;

/// User values as given on the command line.
#[derive(Clone, Debug, Default)]
pub struct ValueSources {
    /// `-f` files (`-` = stdin).
    pub files: Vec<String>,
    /// `--set`
    pub set: Vec<String>,
    /// `--set-string`
    pub set_string: Vec<String>,
    /// `--set-json`
    pub set_json: Vec<String>,
    /// `--set-file`
    pub set_file: Vec<String>,
    /// `--set-literal`
    pub set_literal: Vec<String>,
}

/// One render of a chart on disk.
#[derive(Clone, Debug)]
pub struct RenderRequest {
    /// Chart directory or `.tgz`.
    pub chart: PathBuf,
    /// `.Release.Name`
    pub release_name: String,
    /// `.Release.Namespace`
    pub namespace: String,
    /// `.Release.Revision`
    pub revision: i64,
    /// `.Release.IsUpgrade`
    pub is_upgrade: bool,
    /// `--kube-version`
    pub kube_version: Option<String>,
    /// `--api-versions`
    pub api_versions: Vec<String>,
    /// User values.
    pub values: ValueSources,
    /// `--skip-schema-validation`
    pub skip_schema_validation: bool,
    /// `--enable-dns`
    pub enable_dns: bool,
}

impl RenderRequest {
    /// A request with Helm's defaults for `chart`.
    pub fn new(chart: impl Into<PathBuf>) -> RenderRequest {
        RenderRequest {
            chart: chart.into(),
            release_name: "release-name".into(),
            namespace: "default".into(),
            revision: 1,
            is_upgrade: false,
            kube_version: None,
            api_versions: Vec::new(),
            values: ValueSources::default(),
            skip_schema_validation: false,
            enable_dns: false,
        }
    }
}

/// What a render produced.
#[derive(Clone, Debug, Default)]
pub struct Rendered {
    /// `{template path: text}` as Helm's engine returns it.
    pub manifests: BTreeMap<String, String>,
    /// CRD files of the chart tree: (`<chart path>/crds/<file>`, bytes), root chart first.
    pub crds: Vec<(String, Vec<u8>)>,
    /// The release name used.
    pub release_name: String,
    /// Warnings Helm would log (coalescing conflicts and such).
    pub warnings: Vec<String>,
}

/// Loads a chart from a directory or an archive.
pub fn load_chart(path: &Path) -> Result<Chart, String> {
    let meta = std::fs::metadata(path)
        .map_err(|_| format!("path {:?} not found", path.display().to_string()))?;
    if meta.is_dir() {
        let files = read_chart_dir(path)?;
        chart::load_files(files).map_err(|e| e.to_string())
    } else {
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        chart::load_archive(&bytes).map_err(|e| e.to_string())
    }
}

/// Reads the user values the flags name, merged in Helm's order.
pub fn user_values(v: &ValueSources) -> Result<binnacle_core::Map, String> {
    let mut sources = Vec::new();
    for f in &v.files {
        let data = if f == "-" {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| format!("reading stdin: {e}"))?;
            buf
        } else if f.contains("://") {
            return Err(format!("failed to parse {f}: fetching values over a network is not supported here; download the file first"));
        } else {
            std::fs::read(f).map_err(|e| format!("open {f}: {}", io_text(&e)))?
        };
        sources.push(ValueSource::File {
            name: f.clone(),
            data,
        });
    }
    sources.extend(v.set_json.iter().cloned().map(ValueSource::SetJson));
    sources.extend(v.set.iter().cloned().map(ValueSource::Set));
    sources.extend(v.set_string.iter().cloned().map(ValueSource::SetString));
    sources.extend(v.set_file.iter().cloned().map(ValueSource::SetFile));
    sources.extend(v.set_literal.iter().cloned().map(ValueSource::SetLiteral));
    let mut read =
        |p: &str| std::fs::read_to_string(p).map_err(|e| format!("open {p}: {}", io_text(&e)));
    values::merge_values(&sources, &mut read)
}

/// Go's wording of the common I/O errors.
fn io_text(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Runs `f` on a thread with a stack large enough for the engine's nesting bound.
pub fn with_render_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .name("render".into())
        .stack_size(binnacle_core::limits::RENDER_STACK_SIZE)
        .spawn(f)
        .expect("spawning the render thread")
        .join()
        .unwrap_or_else(|p| std::panic::resume_unwind(p))
}

/// Loads, coalesces and renders, as `helm template` does up to the engine's output.
pub fn render(req: &RenderRequest) -> Result<Rendered, String> {
    let req = req.clone();
    with_render_stack(move || render_here(&req))
}

fn render_here(req: &RenderRequest) -> Result<Rendered, String> {
    let chart = load_chart(&req.chart)?;
    let user = user_values(&req.values)?;
    let prepared = values::prepare(&chart, &user)?;
    if !req.skip_schema_validation {
        // The JSON Schema validator arrives with issue 6; until then schemas are not checked.
        let mut no_validator = |_: &[u8], _: &binnacle_core::Map| Ok(());
        values::schema::check_schemas(&prepared.chart, &prepared.values, &mut no_validator)?;
    }
    let node = prepared.chart.render_node(true);
    let capabilities = Capabilities::offline(req.kube_version.as_deref(), &req.api_versions)?;
    let input = RenderInput {
        chart: &node,
        values: prepared.values.clone(),
        release: ReleaseInfo {
            name: req.release_name.clone(),
            namespace: req.namespace.clone(),
            revision: req.revision,
            is_upgrade: req.is_upgrade,
        },
        capabilities,
    };
    let mut host = NativeHost::new(req.enable_dns);
    let manifests =
        render::render(&input, &mut host, &RenderOptions::default()).map_err(|e| e.message)?;
    let mut crds = Vec::new();
    collect_crds(&prepared.chart, prepared.chart.name(), &mut crds);
    Ok(Rendered {
        manifests,
        crds,
        release_name: req.release_name.clone(),
        warnings: prepared.warnings,
    })
}

fn collect_crds(c: &Chart, path: &str, out: &mut Vec<(String, Vec<u8>)>) {
    for f in &c.files {
        if let Some(name) = f.name.strip_prefix("crds/") {
            if manifest::is_crd_file(name) {
                out.push((manifest::crd_source_path(path, &f.name), f.data.to_vec()));
            }
        }
    }
    for d in &c.dependencies {
        collect_crds(d, &format!("{path}/charts/{}", d.name()), out);
    }
}

/// Renders a chart directory with user values files, as the corpus was recorded (release
/// `demo` in `default`): the engine map, or Helm's error message.
pub fn render_dir(chart: &Path, values: &[PathBuf]) -> Result<BTreeMap<String, String>, String> {
    let mut req = RenderRequest::new(chart);
    req.release_name = "demo".into();
    req.values.files = values.iter().map(|p| p.display().to_string()).collect();
    render(&req).map(|r| r.manifests)
}

/// Options of the `helm template` stream.
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
pub fn template_output(r: &Rendered, o: &StreamOptions) -> manifest::TemplateOutput {
    let opts = manifest::TemplateOptions {
        include_crds: o.include_crds,
        no_hooks: o.no_hooks,
        skip_tests: o.skip_tests,
        show_only: o.show_only.clone(),
        output_dir: o.output_dir.clone(),
        use_release_name: o.use_release_name,
        release_name: r.release_name.clone(),
    };
    let mut files = r.manifests.clone();
    let root = r
        .manifests
        .keys()
        .next()
        .and_then(|k| k.split('/').next())
        .unwrap_or_default()
        .to_string();
    manifest::take_notes(&mut files, &root, false);
    match manifest::sort_manifests(&files, manifest::INSTALL_ORDER) {
        Ok(sorted) => manifest::template_output(&sorted, &r.crds, &opts),
        Err(e) => {
            if o.debug {
                let mut out = manifest::template_debug_output(&files, &e, &opts);
                out.error = Some(e.message);
                out
            } else {
                manifest::TemplateOutput {
                    error: Some(format!(
                        "{}\n\nUse --debug flag to render out invalid YAML",
                        e.message
                    )),
                    ..Default::default()
                }
            }
        }
    }
}

/// `helm lint` of a chart directory with default values, as the corpus records it.
pub fn lint_dir(chart: &Path) -> Result<serde_json::Value, String> {
    let _ = chart;
    Err("binnacle: lint is not implemented yet".into())
}
