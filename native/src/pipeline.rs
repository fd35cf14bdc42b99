//! Load, values, render: what `binnacle template`/`render`/`lint` and the test runners share.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use binnacle_core::chart::{self, Chart};
use binnacle_core::render::chart::{render_chart, ChartRenderOptions, SchemaCheck};
use binnacle_core::render::{manifest, ReleaseInfo, RenderOptions};
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

pub use binnacle_core::render::chart::{Rendered, StreamOptions};

/// Loads a chart from a directory or an archive.
pub fn load_chart(path: &Path) -> Result<Chart, String> {
    let meta = std::fs::metadata(path)
        .map_err(|_| format!("path {:?} not found", path.display().to_string()))?;
    if meta.is_dir() {
        let files = read_chart_dir(path)?;
        // The walk already applied .helmignore, the size limit and BOM stripping.
        chart::load_buffered(files).map_err(|e| e.to_string())
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
    let opts = ChartRenderOptions {
        release: ReleaseInfo {
            name: req.release_name.clone(),
            namespace: req.namespace.clone(),
            revision: req.revision,
            is_upgrade: req.is_upgrade,
        },
        kube_version: req.kube_version.clone(),
        api_versions: req.api_versions.clone(),
        render: RenderOptions::default(),
    };
    let mut host = NativeHost::new(req.enable_dns);
    // The JSON Schema validator arrives with issue 6; until then schemas are not checked.
    let mut no_validator = |_: &[u8], _: &binnacle_core::Map| Ok(());
    let schema: Option<SchemaCheck<'_>> = if req.skip_schema_validation {
        None
    } else {
        Some(&mut no_validator)
    };
    render_chart(&chart, &user, &opts, schema, &mut host).map_err(|e| e.message)
}

/// Renders a chart directory with user values files, as the corpus was recorded (release
/// `demo` in `default`): the engine map, or Helm's error message.
pub fn render_dir(chart: &Path, values: &[PathBuf]) -> Result<BTreeMap<String, String>, String> {
    let mut req = RenderRequest::new(chart);
    req.release_name = "demo".into();
    req.values.files = values.iter().map(|p| p.display().to_string()).collect();
    render(&req).map(|r| r.manifests)
}

/// `helm template`'s output after rendering: files to write, then stdout, or an error.
pub fn template_output(
    r: &Rendered,
    release_name: &str,
    o: &StreamOptions,
) -> manifest::TemplateOutput {
    binnacle_core::render::chart::template_output(r, release_name, o)
}

/// `helm lint` of a chart directory with default values, as the corpus records it.
pub fn lint_dir(chart: &Path) -> Result<serde_json::Value, String> {
    let _ = chart;
    Err("binnacle: lint is not implemented yet".into())
}
