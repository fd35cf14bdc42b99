//! Load, values, render: what `binnacle template`/`render`/`lint` and the test runners share.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use binnacle_core::chart::{self, Chart};
use binnacle_core::lint;
use binnacle_core::render::chart::{render_chart_owned, ChartRenderOptions, SchemaCheck, Stage};
use binnacle_core::render::{manifest, ReleaseInfo, RenderOptions};
use binnacle_core::values::{self, ValueSource};

use crate::host::lex_ahead::LexAhead;
use crate::host::NativeHost;
use crate::load::{absolute, clean_path, read_chart_dir};

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
    /// Check the chart's `kubeVersion` as `helm template` and installs do (not for the
    /// engine map alone).
    pub check_kube_version: bool,
    /// Refuse what `helm template` and installs refuse before rendering (a library chart,
    /// dependencies missing from `charts/`) and warn of a deprecated chart, after reading
    /// the user's values as Helm does (not for the engine map alone).
    pub check_installable: bool,
    /// `--dry-run=server`: refused ([`SERVER_DRY_RUN`]) where Helm would first contact the
    /// cluster, after the chart's checks (with `check_installable`).
    pub server_dry_run: bool,
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
            check_kube_version: false,
            check_installable: false,
            server_dry_run: false,
        }
    }
}

pub use binnacle_core::render::chart::{Rendered, StreamOptions};

pub use crate::chartref::missing_chart;

/// Loads a chart from a directory or an archive.
pub fn load_chart(path: &Path) -> Result<Chart, String> {
    load(path, false).map(|(chart, _)| chart)
}

/// [`load_chart`], the chart's templates read and lexed by the helper (see [`LexAhead`]):
/// a directory's may still be being read, and go in place when the render needs them
/// (`Host::complete_chart`).
fn load_chart_ahead(path: &Path) -> Result<(Chart, Option<LexAhead>), String> {
    load(path, true)
}

/// Helm's top-level chart loader (`pkg/chart/loader.Load`), which install and template
/// use: it reads `Chart.yaml` first to pick the chart API, with its own words for what it
/// cannot read, before the v2 loader reads the chart and words its own failures (which
/// `render`, `show` and `lint` keep, loading with [`load`] alone). An archive is
/// decompressed once for both.
fn load_for_install(path: &Path) -> Result<(chart::ChartApi, Chart, Option<LexAhead>), String> {
    let meta = std::fs::metadata(path).map_err(|_| missing_chart(&path.display().to_string()))?;
    if meta.is_dir() {
        let api = detect_dir_chart_api(path)?;
        let (chart, ahead) = load_chart_ahead(path)?;
        return Ok((api, chart, ahead));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    ensure_archive(path, &bytes)?;
    let files = chart::archive::read_archive(&bytes).map_err(|e| {
        if e.message == "gzip: invalid header" {
            let name = crate::load::absolute(path).unwrap_or_else(|_| path.to_path_buf());
            format!(
                "file '{}' does not appear to be a valid chart file (details: {})",
                name.display(),
                e.message
            )
        } else {
            "unable to load chart archive".to_string()
        }
    })?;
    let api = match files.iter().find(|f| f.name == "Chart.yaml") {
        Some(f) => chart::detect_api_version(&f.data).map_err(|e| e.message)?,
        None => return Err("unable to detect chart version, no Chart.yaml found".into()),
    };
    let files = files.into_iter().map(|f| (f.name, f.data)).collect();
    let chart = chart::load_buffered(files).map_err(|e| e.to_string())?;
    let ahead = LexAhead::start(&chart);
    Ok((api, chart, ahead))
}

/// The first step of Helm's `loader.LoadDir`: `Chart.yaml` read for the chart API.
pub fn detect_dir_chart_api(dir: &Path) -> Result<chart::ChartApi, String> {
    let top = crate::load::absolute(dir).map_err(|e| e.to_string())?;
    let name = top.join("Chart.yaml");
    let data = read_file(&name)
        .map_err(|e| format!("unable to detect chart at {}: {e}", name.display()))?;
    chart::detect_api_version(&data).map_err(|e| e.message)
}

/// Loads a chart; with `lex_ahead`, its templates are read and lexed by the helper, and
/// a directory's may still be being read: [`LexAhead::fill`] puts them in place.
pub(crate) fn load(path: &Path, lex_ahead: bool) -> Result<(Chart, Option<LexAhead>), String> {
    // A directory opens as one (a system call fewer than asking first); anything else
    // (a file, a missing or unreadable path) is looked at as before.
    #[cfg(target_os = "linux")]
    if let Ok(fd) = crate::load::open_chart_dir(path) {
        return load_dir_reading_ahead(path, fd, lex_ahead);
    }
    let meta = std::fs::metadata(path).map_err(|_| missing_chart(&path.display().to_string()))?;
    if meta.is_dir() {
        load_dir(path, lex_ahead)
    } else {
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        ensure_archive(path, &bytes)?;
        let chart = chart::load_archive(&bytes).map_err(|e| e.to_string())?;
        let ahead = lex_ahead.then(|| LexAhead::start(&chart)).flatten();
        Ok((chart, ahead))
    }
}

/// Loads a chart directory (one that did not open as such at first: its error).
#[cfg(target_os = "linux")]
fn load_dir(path: &Path, lex_ahead: bool) -> Result<(Chart, Option<LexAhead>), String> {
    let fd = crate::load::open_chart_dir(path).map_err(|e| format!("{}: {e}", path.display()))?;
    load_dir_reading_ahead(path, fd, lex_ahead)
}

/// Loads a chart directory; its templates are lexed from copies with `lex_ahead`.
#[cfg(not(target_os = "linux"))]
fn load_dir(path: &Path, lex_ahead: bool) -> Result<(Chart, Option<LexAhead>), String> {
    let files = crate::load::read_chart_dir_shared(path)?;
    // The walk already applied .helmignore, the size limit and BOM stripping.
    let chart = chart::load_shared(files).map_err(|e| e.to_string())?;
    let ahead = lex_ahead.then(|| LexAhead::start(&chart)).flatten();
    Ok((chart, ahead))
}

/// Loads a chart directory; with `lex_ahead`, the helper reads and lexes the templates
/// while the walk reads the rest and the chart is loaded, and their stand-ins wait for
/// [`LexAhead::fill`].
#[cfg(target_os = "linux")]
fn load_dir_reading_ahead(
    path: &Path,
    fd: std::os::fd::OwnedFd,
    lex_ahead: bool,
) -> Result<(Chart, Option<LexAhead>), String> {
    let mut ahead = lex_ahead.then(LexAhead::reading).flatten();
    let defer = ahead.as_mut().map(|a| a as &mut dyn crate::load::Defer);
    let files = match crate::load::read_open_chart_dir(path, fd, defer) {
        Ok(files) => files,
        Err(e) => return Err(LexAhead::read_first(&mut ahead, e)),
    };
    // The walk already applied .helmignore, the size limit and BOM stripping.
    let chart = match chart::load_shared(files) {
        Ok(chart) => chart,
        Err(e) => return Err(LexAhead::read_first(&mut ahead, e.to_string())),
    };
    Ok((chart, ahead))
}

/// Helm's `ensureArchive`: a chart file must start as gzip does; otherwise the error names
/// the file (absolute) and the content type Go's `http.DetectContentType` gives its first
/// 512 bytes (zero-padded), or hints at YAML for a `.yaml`/`.yml` name.
fn ensure_archive(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if bytes.starts_with(b"\x1f\x8b\x08") {
        return Ok(());
    }
    let name = std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string();
    if name.ends_with(".yml") || name.ends_with(".yaml") {
        return Err(format!(
            "file '{name}' seems to be a YAML file, but expected a gzipped archive"
        ));
    }
    let mut head = [0u8; 512];
    let n = bytes.len().min(512);
    head[..n].copy_from_slice(&bytes[..n]);
    Err(format!(
        "file '{name}' does not appear to be a gzipped archive; got '{}'",
        sniff_content_type(&head)
    ))
}

/// The common cases of Go's `http.DetectContentType` (byte-order marks, markup, PDF and
/// image and archive signatures, then text against binary); rarer signatures read as
/// `application/octet-stream`.
fn sniff_content_type(data: &[u8]) -> &'static str {
    let sigs: [(&[u8], &str); 10] = [
        (b"\xfe\xff", "text/plain; charset=utf-16be"),
        (b"\xff\xfe", "text/plain; charset=utf-16le"),
        (b"\xef\xbb\xbf", "text/plain; charset=utf-8"),
        (b"%PDF-", "application/pdf"),
        (b"%!PS-Adobe-", "application/postscript"),
        (b"GIF87a", "image/gif"),
        (b"GIF89a", "image/gif"),
        (b"\x89PNG\x0d\x0a\x1a\x0a", "image/png"),
        (b"\xff\xd8\xff", "image/jpeg"),
        (b"PK\x03\x04", "application/zip"),
    ];
    if let Some((_, t)) = sigs.iter().find(|(sig, _)| data.starts_with(sig)) {
        return t;
    }
    // Markup: the first non-white-space bytes, as Go's HTML and XML patterns see them.
    let trimmed = {
        let start = data
            .iter()
            .position(|c| !matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' '))
            .unwrap_or(data.len());
        &data[start..]
    };
    if trimmed.starts_with(b"<?xml") {
        return "text/xml; charset=utf-8";
    }
    const HTML: [&[u8]; 17] = [
        b"<!DOCTYPE HTML",
        b"<HTML",
        b"<HEAD",
        b"<SCRIPT",
        b"<IFRAME",
        b"<H1",
        b"<DIV",
        b"<FONT",
        b"<TABLE",
        b"<A",
        b"<STYLE",
        b"<TITLE",
        b"<B",
        b"<BODY",
        b"<BR",
        b"<P",
        b"<!--",
    ];
    for tag in HTML {
        if trimmed.len() > tag.len()
            && trimmed[..tag.len()].eq_ignore_ascii_case(tag)
            && matches!(trimmed[tag.len()], b' ' | b'>')
        {
            return "text/html; charset=utf-8";
        }
    }
    let binary = data.iter().any(|&c| {
        c <= 0x08 || c == 0x0b || (0x0e..=0x1a).contains(&c) || (0x1c..=0x1f).contains(&c)
    });
    if binary {
        "application/octet-stream"
    } else {
        "text/plain; charset=utf-8"
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
            read_file(Path::new(f))?
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
    // Go reads the file's bytes: ones that are not UTF-8 are kept as Go's (see gobytes).
    let mut read =
        |p: &str| read_file(Path::new(p)).map(|b| binnacle_core::gobytes::from_go_bytes(&b));
    values::merge_values(&sources, &mut read)
}

/// `os.ReadFile(path)` as Go words its failure: `open PATH: …`, or `read PATH: is a
/// directory` (Go opens a directory, then fails to read it).
pub fn read_file(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| {
        let op = if e.kind() == std::io::ErrorKind::IsADirectory {
            "read"
        } else {
            "open"
        };
        format!("{op} {}: {}", path.display(), io_text(&e))
    })
}

/// Go's wording of an I/O error: for a system error, the C library's text with a lowercase
/// first letter (Go's errno table reads `not a directory` where Rust reads `Not a directory
/// (os error 20)`).
pub fn io_text(e: &std::io::Error) -> String {
    if e.raw_os_error().is_some() {
        let text = e.to_string();
        let text = match text.rfind(" (os error ") {
            Some(i) => &text[..i],
            None => &text,
        };
        let mut c = text.chars();
        return match c.next() {
            Some(first) => first.to_lowercase().chain(c).collect(),
            None => String::new(),
        };
    }
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// A job for a render worker: runs on the worker's stack and reports back by itself.
type Job = Box<dyn FnOnce() + Send>;

/// Idle render workers. Each keeps its big stack, its allocator heap and its compiled
/// meta-schemas between jobs, as Helm's process keeps its own: a fresh thread per render
/// paid for faulting in new heap pages and recompiling the meta-schema every time.
static IDLE_WORKERS: std::sync::Mutex<Vec<std::sync::mpsc::Sender<Job>>> =
    std::sync::Mutex::new(Vec::new());

thread_local! {
    /// Whether this thread is a render worker (its stack is already big enough).
    static ON_RENDER_STACK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn spawn_worker() -> std::sync::mpsc::Sender<Job> {
    let (tx, rx) = std::sync::mpsc::channel::<Job>();
    std::thread::Builder::new()
        .name("render".into())
        .stack_size(binnacle_core::limits::RENDER_STACK_SIZE)
        .spawn(move || {
            ON_RENDER_STACK.set(true);
            for job in rx {
                job();
            }
        })
        .expect("spawning the render thread");
    tx
}

/// Idle workers kept for reuse; more finish their job and end (each holds a 256 MiB stack
/// reservation and a heap).
const MAX_IDLE_WORKERS: usize = 4;

/// Runs `f` on a thread with a stack large enough for the engine's nesting bound (an idle
/// render worker, or a new one when all are busy); on a worker already, right here.
pub fn with_render_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    if ON_RENDER_STACK.get() {
        return f();
    }
    let idle = IDLE_WORKERS.lock().ok().and_then(|mut idle| idle.pop());
    let (done_tx, done_rx) = std::sync::mpsc::sync_channel(1);
    let job: Job = Box::new(move || {
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
        let _ = done_tx.send(r);
    });
    // Jobs never unwind out of a worker, so an idle one is alive; a fresh one if not.
    let (worker, unsent) = match idle {
        Some(w) => match w.send(job) {
            Ok(()) => (w, None),
            Err(std::sync::mpsc::SendError(job)) => (spawn_worker(), Some(job)),
        },
        None => (spawn_worker(), Some(job)),
    };
    if let Some(job) = unsent {
        worker.send(job).expect("a new render worker takes its job");
    }
    let result = done_rx.recv().expect("the render worker answers");
    if let Ok(mut idle) = IDLE_WORKERS.lock() {
        if idle.len() < MAX_IDLE_WORKERS {
            idle.push(worker);
        }
    }
    result.unwrap_or_else(|p| std::panic::resume_unwind(p))
}

/// Loads, coalesces and renders, as `helm template` does up to the engine's output.
pub fn render(req: &RenderRequest) -> Result<Rendered, String> {
    render_staged(req).map_err(|f| f.message)
}

/// Why [`render_staged`] failed.
#[derive(Clone, Debug, PartialEq)]
pub struct RenderFailure {
    /// Whether it came from rendering the release's resources (templates, the chart's
    /// `kubeVersion`): `helm template` hints at `--debug` only then.
    pub rendering: bool,
    /// Helm's message.
    pub message: String,
    /// What Helm logged before it failed (a deprecated chart's warning), unless it went to
    /// stderr already ([`log_to_stderr`]).
    pub warnings: Vec<String>,
}

/// The warning Helm logs for a chart whose `Chart.yaml` says `deprecated: true`.
pub const DEPRECATED_WARNING: &str = "level=WARN msg=\"this chart is deprecated\"";

/// [`render`], failing with a [`RenderFailure`].
pub fn render_staged(req: &RenderRequest) -> Result<Rendered, RenderFailure> {
    let req = req.clone();
    with_render_stack(move || render_here(&req))
}

/// Whether renders print the lines Helm logs while rendering (lint mode's `required` and
/// `fail`) to stderr: set by the `binnacle` command, left off by the test runners.
static LOG_TO_STDERR: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Prints Helm's render-time log lines to stderr from now on (see [`LOG_TO_STDERR`]).
pub fn log_to_stderr() {
    LOG_TO_STDERR.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Whether Helm's `DEBUG` log lines go to stderr too (`--debug`; see [`debug_to_stderr`]).
static DEBUG_TO_STDERR: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Prints Helm's debug log lines to stderr from now on, as `--debug` does.
pub fn debug_to_stderr() {
    DEBUG_TO_STDERR.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Whether [`debug_to_stderr`] was called.
pub fn debugging() -> bool {
    DEBUG_TO_STDERR.load(std::sync::atomic::Ordering::Relaxed)
}

/// A host for one render, logging as [`log_to_stderr`] and [`debug_to_stderr`] say.
fn host(dns: bool) -> NativeHost {
    let mut h = NativeHost::new(dns);
    h.log_to_stderr = LOG_TO_STDERR.load(std::sync::atomic::Ordering::Relaxed);
    h.debug_to_stderr = h.log_to_stderr && debugging();
    h
}

fn render_here(req: &RenderRequest) -> Result<Rendered, RenderFailure> {
    let mut warnings = Vec::new();
    let fail = |rendering: bool, message: String, warnings: &[String]| RenderFailure {
        rendering,
        message,
        warnings: warnings.to_vec(),
    };
    let before = |message: String| fail(false, message, &[]);
    // The templates are read and lexed on another core meanwhile; they go in place when the
    // render needs them, so a failure before that is a failed read's if there was one
    // (`LexAhead::read_first`).
    let (api, chart, user, mut ahead) = if req.check_installable {
        // `helm install`/`template` read the values before the chart, and load it with
        // the top-level loader.
        let user = user_values(&req.values).map_err(before)?;
        let (api, chart, ahead) = load_for_install(&req.chart).map_err(before)?;
        (api, chart, Ok(user), ahead)
    } else {
        let (chart, ahead) = load_chart_ahead(&req.chart).map_err(before)?;
        (chart::ChartApi::V2, chart, user_values(&req.values), ahead)
    };
    let user = match user {
        Ok(user) => user,
        Err(e) => return Err(before(LexAhead::read_first(&mut ahead, e))),
    };
    if req.check_installable {
        // `runInstall`'s order: the chart type, the deprecation warning, the dependencies,
        // then (`Install.Run`) the cluster for a server-side dry run and the release name.
        let mut check = |r: Result<(), String>, warnings: &[String]| {
            r.map_err(|e| fail(false, LexAhead::read_first(&mut ahead, e), warnings))
        };
        check(binnacle_core::chart::check_chart_type(&chart), &warnings)?;
        if chart.metadata.deprecated {
            // Logged when Helm logs it, before the render's own lines (`--debug`'s too).
            if LOG_TO_STDERR.load(std::sync::atomic::Ordering::Relaxed) {
                eprintln!("{DEPRECATED_WARNING}");
            } else {
                warnings.push(DEPRECATED_WARNING.into());
            }
        }
        check(binnacle_core::chart::check_dependencies(&chart), &warnings)?;
        // `Install.Run` takes v2 charts only.
        if api == chart::ChartApi::V3 {
            check(Err("invalid chart apiVersion".into()), &warnings)?;
        }
        if req.server_dry_run {
            let refusal = Err(SERVER_DRY_RUN.to_string());
            check(refusal, &warnings)?;
        }
        check(
            binnacle_core::chart::check_release_name(&req.release_name),
            &warnings,
        )?;
    }
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
        check_kube_version: req.check_kube_version,
    };
    let mut host = host(req.enable_dns);
    host.lex_ahead = ahead;
    let mut validator = schema_validator();
    let schema: Option<SchemaCheck<'_>> = if req.skip_schema_validation {
        None
    } else {
        Some(&mut validator)
    };
    let funcs = HELM_FUNCS.with(|f| f.clone());
    let mut out = match render_chart_owned(chart, &user, &opts, schema, &mut host, funcs) {
        Ok(out) => out,
        // Before the templates go in place (`Host::complete_chart`).
        Err((Stage::Prepare | Stage::Schema, e)) => {
            let message = LexAhead::read_first(&mut host.lex_ahead, e.message);
            return Err(fail(false, message, &warnings));
        }
        Err((stage, e)) => return Err(fail(stage == Stage::Render, e.message, &warnings)),
    };
    for (i, w) in warnings.into_iter().enumerate() {
        out.warnings.insert(i, w);
    }
    Ok(out)
}

/// Binnacle's answer to `--dry-run=server` (and `--validate`), where Helm first contacts
/// the cluster: `binnacle template` contacts none.
pub const SERVER_DRY_RUN: &str = "--dry-run=server is not supported: binnacle template renders \
     without contacting a cluster (use --dry-run=client, the default)";

thread_local! {
    /// Helm's function map, built once per thread: it never changes, and building its
    /// index of some 300 names was a visible part of rendering a small chart.
    static HELM_FUNCS: std::rc::Rc<binnacle_core::template::funcs::FuncMap> =
        binnacle_core::render::funcs::helm_func_map();
}

/// Loads the documents a chart schema's `$ref`s name, as Helm's loaders do: `file://` URLs
/// from their path on disk; `http(s)://` is not fetched.
pub struct SchemaFileLoader;

impl binnacle_core::schema::UrlLoader for SchemaFileLoader {
    fn load(&mut self, url: &str) -> Result<Vec<u8>, String> {
        if let Some(rest) = url.strip_prefix("file://") {
            // Helm opens the URL's path as is (`file:///x.json` is `/x.json`).
            let path = rest.split(['?', '#']).next().unwrap_or(rest);
            return read_file(Path::new(path));
        }
        Err(format!(
            "HTTP request failed for {url}: binnacle does not fetch schemas over the network"
        ))
    }
}

thread_local! {
    /// This thread's validator: its compiled meta-schemas outlive one render, as the Go
    /// package's do (compiled once per process).
    static VALIDATOR: std::cell::RefCell<binnacle_core::schema::Validator> =
        std::cell::RefCell::new(binnacle_core::schema::Validator::with_loader(SchemaFileLoader));
}

/// Drops the compiled chart schemas the render workers keep (benchmarks measure a first
/// render with it; meta-schemas stay compiled, as in Helm's process).
pub fn forget_compiled_schemas() {
    with_render_stack(|| VALIDATOR.with(|v| v.borrow_mut().forget_compiled()));
}

/// The values schema check Helm runs before rendering.
pub fn schema_validator() -> impl FnMut(&[u8], &binnacle_core::Map) -> Result<(), String> {
    |schema, values| VALIDATOR.with(|v| v.borrow_mut().validate(schema, values))
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

/// `helm lint` of one path (`lintChart`): a chart directory, or a `.tgz`/`.tar.gz` archive
/// expanded into a temporary directory first. `Err` is the text Helm reports for a path it
/// could not lint at all.
pub fn lint_path(
    path: &str,
    values: &binnacle_core::Map,
    opts: &lint::Options,
    skip_schema: bool,
) -> Result<lint::Linter, String> {
    if path.ends_with(".tgz") || path.ends_with(".tar.gz") {
        let tmp = TempDir::new()?;
        let bytes = std::fs::read(path)
            .map_err(|e| format!("unable to open tarball: open {path}: {}", io_text(&e)))?;
        expand(&tmp.0, &bytes).map_err(|e| format!("unable to extract tarball: {e}"))?;
        let mut entries: Vec<_> = std::fs::read_dir(&tmp.0)
            .map_err(|e| {
                format!(
                    "unable to read temporary output directory {}: {e}",
                    tmp.0.display()
                )
            })?
            .filter_map(|e| e.ok())
            .collect();
        entries.sort_by_key(|e| e.file_name());
        let Some(first) = entries.first() else {
            return Err(format!(
                "unable to read temporary output directory {}",
                tmp.0.display()
            ));
        };
        if !first.path().is_dir() {
            return Err(format!(
                "unexpected file {} in temporary output directory {}",
                first.file_name().to_string_lossy(),
                tmp.0.display()
            ));
        }
        return lint_chart_dir(&first.path(), values, opts, skip_schema);
    }
    lint_chart_dir(Path::new(path), values, opts, skip_schema)
}

fn lint_chart_dir(
    dir: &Path,
    values: &binnacle_core::Map,
    opts: &lint::Options,
    skip_schema: bool,
) -> Result<lint::Linter, String> {
    let chart_yaml = dir.join("Chart.yaml");
    if let Err(e) = std::fs::metadata(&chart_yaml) {
        // Named as Go's `filepath.Join` cleans it (`./o` gives `o/Chart.yaml`).
        let name = binnacle_core::gopath::join(&[&dir.to_string_lossy(), "Chart.yaml"]);
        return Err(format!(
            "unable to check Chart.yaml file in chart: stat {name}: {}",
            io_text(&e)
        ));
    }
    let abs = absolute(dir).map_err(|e| e.to_string())?;
    let entry = |name: &str, read: bool| -> lint::Entry {
        let p = abs.join(name);
        match std::fs::metadata(&p) {
            Err(_) => lint::Entry::Missing,
            Ok(m) if m.is_dir() => lint::Entry::Dir,
            Ok(_) if !read => lint::Entry::File(Vec::new()),
            Ok(_) => match std::fs::read(&p) {
                Ok(d) => lint::Entry::File(d),
                Err(e) => lint::Entry::Error(format!("open {}: {}", p.display(), io_text(&e))),
            },
        }
    };
    let chart_dir = lint::ChartDir {
        path: abs.display().to_string(),
        chart_yaml: entry("Chart.yaml", true),
        values_yaml: entry("values.yaml", true),
        values_schema: entry("values.schema.json", true),
        templates: entry("templates", false),
        crds: entry("crds", false),
        files: read_chart_dir(&abs),
    };
    let mut host = host(false);
    let mut validator = schema_validator();
    let schema: Option<lint::SchemaCheck<'_>> = if skip_schema {
        None
    } else {
        Some(&mut validator)
    };
    Ok(lint::lint_chart(
        &chart_dir, values, opts, schema, &mut host,
    ))
}

/// A directory removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Result<TempDir, String> {
        let base = std::env::temp_dir();
        for i in 0..1000u32 {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.subsec_nanos())
                .unwrap_or(0);
            let p = base.join(format!("helm-lint{}", nanos.wrapping_add(i)));
            if std::fs::create_dir(&p).is_ok() {
                return Ok(TempDir(p));
            }
        }
        Err("unable to create temp dir to extract tarball".into())
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `chartutil.Expand`: the archive's files written under `dir/<chart name>/`.
fn expand(dir: &Path, bytes: &[u8]) -> Result<(), String> {
    let files = chart::archive::read_archive(bytes).map_err(|e| e.to_string())?;
    let mut name = String::new();
    for f in &files {
        if f.name == "Chart.yaml" {
            let text = String::from_utf8_lossy(&f.data);
            let v = binnacle_core::yaml::from_yaml(&text)
                .map_err(|e| format!("cannot load Chart.yaml: {}", e.message))?;
            let mut md = chart::Metadata::default();
            md.decode_into(&v).map_err(|e| {
                format!("cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: {e}")
            })?;
            name = md.name;
        }
    }
    if name.is_empty() {
        return Err("chart name not specified".into());
    }
    if name == "." || name == ".." {
        return Err(format!("chart name {name:?} is not allowed"));
    }
    if name.contains('/') {
        return Err(format!(
            "chart name {name:?} must not contain path separators"
        ));
    }
    let chart_dir = dir.join(&name);
    for f in files {
        // Archive names are already cleaned and relative; never let one escape.
        if f.name.split('/').any(|c| c == "..") {
            continue;
        }
        let out = chart_dir.join(&f.name);
        if let Some(parent) = out.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        std::fs::write(&out, &f.data).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// `helm lint` of a chart directory with default values, as the corpus records it: the
/// report as JSON (`errors`, `messages` with `error`/`path`/`severity`,
/// `total_charts_linted`), the chart's absolute path written `<chart>`.
pub fn lint_dir(chart: &Path) -> Result<serde_json::Value, String> {
    let chart = chart.to_path_buf();
    with_render_stack(move || {
        let path = chart.display().to_string();
        // The SDK call that recorded the corpus (`action.Lint` as the oracle makes it) sets
        // no namespace, so `.Release.Namespace` is empty there, unlike `helm lint`'s
        // `default`.
        let opts = lint::Options {
            namespace: String::new(),
            ..lint::Options::default()
        };
        let outcome = lint_path(&path, &binnacle_core::Map::new(), &opts, false);
        let mut report = lint::Report::default();
        report.add(outcome, false);
        let json = report_json(&report);
        let mut text = serde_json::to_string(&json).map_err(|e| e.to_string())?;
        // Helm prints the directory as `filepath.Abs` gives it; the corpus writes `<chart>`.
        let cwd = std::env::current_dir().unwrap_or_default();
        let mut forms = vec![clean_path(&cwd.join(&chart))];
        if let Ok(c) = std::fs::canonicalize(&chart) {
            forms.push(c);
        }
        for f in forms {
            let quoted = serde_json::to_string(&f.display().to_string()).unwrap_or_default();
            let inner = quoted.trim_matches('"');
            if !inner.is_empty() {
                text = text.replace(inner, "<chart>");
            }
        }
        serde_json::from_str(&text).map_err(|e| e.to_string())
    })
}

/// A lint report in the JSON shape Helm's SDK returns.
pub fn report_json(r: &lint::Report) -> serde_json::Value {
    serde_json::json!({
        "errors": r.errors,
        "messages": r.messages.iter().map(|m| serde_json::json!({
            "error": m.error,
            "path": m.path,
            "severity": m.severity as u8,
        })).collect::<Vec<_>>(),
        "total_charts_linted": r.total_charts_linted,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A chart directory with `Chart.yaml` `extra` lines, one template, and optionally a
    /// subchart `sub`.
    fn chart(name: &str, extra: &str, with_sub: bool) -> PathBuf {
        let d =
            std::env::temp_dir().join(format!("binnacle-pipeline-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(d.join("templates")).unwrap();
        std::fs::write(
            d.join("Chart.yaml"),
            format!("apiVersion: v2\nname: c\nversion: 0.1.0\n{extra}"),
        )
        .unwrap();
        std::fs::write(d.join("templates/cm.yaml"), "kind: ConfigMap\n").unwrap();
        if with_sub {
            std::fs::create_dir_all(d.join("charts/sub")).unwrap();
            std::fs::write(
                d.join("charts/sub/Chart.yaml"),
                "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
            )
            .unwrap();
        }
        d
    }

    /// Bytes that are not UTF-8 are Go's bytes: a Chart.yaml or values.yaml holding them
    /// fails to load with go-yaml's reader error, a template's output shows them as U+FFFD
    /// in the engine map, and `helm template`'s YAML reading refuses them.
    #[test]
    fn bytes_that_are_not_utf8_as_helm_reads_them() {
        let d = chart("bytes", "", false);
        std::fs::write(d.join("values.yaml"), b"a: \"x \xe2\x9c y\"\n").unwrap();
        let e = render(&RenderRequest::new(&d)).unwrap_err();
        assert!(e.contains("invalid trailing UTF-8 octet"), "{e}");
        std::fs::remove_file(d.join("values.yaml")).unwrap();
        std::fs::write(
            d.join("templates/cm.yaml"),
            "kind: ConfigMap\ndata:\n  x: {{ \"/w==\" | b64dec }}\n",
        )
        .unwrap();
        let r = render(&RenderRequest::new(&d)).unwrap();
        assert_eq!(
            r.manifests["c/templates/cm.yaml"],
            "kind: ConfigMap\ndata:\n  x: \u{FFFD}\n"
        );
        let out = template_output(&r, "release-name", &StreamOptions::default());
        assert_eq!(
            out.error.as_deref(),
            Some(
                "YAML parse error on c/templates/cm.yaml: error converting YAML to JSON: yaml: \
                 invalid leading UTF-8 octet\n\nUse --debug flag to render out invalid YAML"
            )
        );
        std::fs::remove_dir_all(&d).unwrap();
    }

    /// A chart file that is not gzip is refused in Helm's words (checked against
    /// helm v4.2.3: a short text file sniffs as binary, its zero padding counting).
    #[test]
    fn non_archives_are_refused_as_helm_refuses_them() {
        let d = chart("archives", "", false);
        let abs = std::path::absolute(&d).unwrap();
        for (name, bytes, want) in [
            (
                "empty.tgz",
                &b""[..],
                "does not appear to be a gzipped archive; got 'application/octet-stream'",
            ),
            (
                "short.txt",
                b"hello\n",
                "does not appear to be a gzipped archive; got 'application/octet-stream'",
            ),
            (
                "v.yaml",
                b"a: 1\n",
                "seems to be a YAML file, but expected a gzipped archive",
            ),
        ] {
            let p = d.join(name);
            std::fs::write(&p, bytes).unwrap();
            let e = load_chart(&p).unwrap_err();
            assert_eq!(e, format!("file '{}' {want}", abs.join(name).display()));
        }
        assert_eq!(
            sniff_content_type(&[b'a'; 512]),
            "text/plain; charset=utf-8"
        );
        assert_eq!(sniff_content_type(b"  <html>"), "text/html; charset=utf-8");
        assert_eq!(sniff_content_type(b"PK\x03\x04"), "application/zip");
        let e = std::io::Error::from_raw_os_error(20);
        assert_eq!(io_text(&e), "not a directory");
        std::fs::remove_dir_all(&d).unwrap();
    }

    fn template(dir: &Path, values_file: Option<&str>) -> Result<Rendered, String> {
        let mut req = RenderRequest::new(dir);
        req.check_installable = true;
        if let Some(f) = values_file {
            req.values.files = vec![f.into()];
        }
        render(&req)
    }

    /// What `helm template` refuses before rendering, in Helm's order and words; the
    /// engine map alone (`render` without the check) still renders.
    #[test]
    fn template_refuses_what_helm_install_refuses() {
        let deps = "dependencies:\n- name: sub\n  version: 0.1.0\n- name: gone\n  version: 1.0.0\n";
        let d = chart("deps", deps, true);
        assert_eq!(
            template(&d, None).unwrap_err(),
            "an error occurred while checking for chart dependencies. You may need to run \
             'helm dependency build' to fetch missing dependencies: found in Chart.yaml, but \
             missing in charts/ directory: gone"
        );
        assert!(render(&RenderRequest::new(&d)).is_ok());
        // The user's values are read first: their error wins.
        let e = template(&d, Some("/nonexistent/values.yaml")).unwrap_err();
        assert!(e.contains("/nonexistent/values.yaml"), "{e}");
        std::fs::remove_dir_all(&d).unwrap();

        let d = chart(
            "present",
            "dependencies:\n- name: sub\n  version: 0.1.0\n",
            true,
        );
        assert!(template(&d, None).is_ok());
        std::fs::remove_dir_all(&d).unwrap();

        let d = chart("library", "type: library\n", false);
        assert_eq!(
            template(&d, None).unwrap_err(),
            "library charts are not installable"
        );
        std::fs::remove_dir_all(&d).unwrap();

        let d = chart("name", "", false);
        let mut req = RenderRequest::new(&d);
        req.check_installable = true;
        req.release_name = "Web".into();
        assert_eq!(
            render(&req).unwrap_err(),
            "release name check failed: release name \"Web\": invalid release name, must match \
             regex ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ and the \
             length must not be longer than 53"
        );
        std::fs::remove_dir_all(&d).unwrap();

        let d = chart("deprecated", "deprecated: true\n", false);
        let r = template(&d, None).unwrap();
        assert_eq!(r.warnings, ["level=WARN msg=\"this chart is deprecated\""]);
        assert!(render(&RenderRequest::new(&d)).unwrap().warnings.is_empty());
        std::fs::remove_dir_all(&d).unwrap();
    }
}
