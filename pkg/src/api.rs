//! What the npm package does, in plain Rust: each call takes the wrapper's JSON options and
//! answers JSON text (or an [`ApiError`]). `lib.rs` only moves bytes across wasm-bindgen,
//! so everything here is tested natively.

use std::collections::BTreeMap;

use binnacle_core::chart::{self, Chart};
use binnacle_core::render::chart::{template_output, ChartRenderOptions, Rendered};
use binnacle_core::render::chart::{SchemaCheck, StreamOptions};
use binnacle_core::render::manifest::{self, Hook};
use binnacle_core::render::{ReleaseInfo, RenderError, RenderOptions};
use binnacle_core::values::{load_values, merge_values};
use binnacle_core::{Map, Value};

use crate::engine::{render_chart_with, Stage};
use crate::host::{ApiHost, Env};
use crate::jsonw::Obj;
use crate::request::Request;
use crate::wire;

/// A failure, as the package reports it: `{kind, message, file?, line?, column?}`.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    /// `input`, `load`, `values`, `schema`, `render`, `manifest`, `unsupported` or `internal`.
    pub kind: &'static str,
    /// Helm's text where Helm has one.
    pub message: String,
    /// The chart file concerned.
    pub file: Option<String>,
    /// 1-based line.
    pub line: Option<u32>,
    /// Column as Go reports it.
    pub column: Option<u32>,
    /// What `helm template --debug` printed before failing.
    pub output: Option<String>,
}

impl ApiError {
    /// An error with only a kind and a message.
    pub fn new(kind: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            kind,
            message: message.into(),
            file: None,
            line: None,
            column: None,
            output: None,
        }
    }

    /// The error as the JSON the wrapper turns into a `BinnacleError`.
    pub fn to_json(&self) -> String {
        let mut s = String::new();
        let mut o = Obj::new(&mut s);
        o.str("kind", self.kind);
        o.str("message", &self.message);
        if let Some(f) = &self.file {
            o.str("file", f);
        }
        if let Some(l) = self.line {
            o.num("line", l.into());
        }
        if let Some(c) = self.column {
            o.num("column", c.into());
        }
        if let Some(out) = &self.output {
            o.str("output", out);
        }
        o.end();
        s
    }
}

/// The package version and the Helm version whose behaviour it reproduces.
pub fn version() -> String {
    let mut s = String::new();
    let mut o = Obj::new(&mut s);
    o.str("binnacle", env!("CARGO_PKG_VERSION"));
    o.str("helm", "v4.2.3");
    o.end();
    s
}

/// Loads a `.tgz` chart archive.
pub fn load_archive(bytes: &[u8]) -> Result<Chart, ApiError> {
    chart::load_archive(bytes).map_err(|e| ApiError::new("load", e.message))
}

/// Loads a chart from `(path, bytes)` pairs, as if read from a directory.
///
/// Paths are chart-relative with `/`; when the chart sits in one top directory
/// (`mychart/Chart.yaml`), that directory is removed. Files are put in the order Helm's
/// directory walk visits them (depth first, names in byte order), so `.Files` and template
/// order match a render from disk.
pub fn load_files(files: Vec<(String, Vec<u8>)>) -> Result<Chart, ApiError> {
    chart::load_files(clean_files(files)?).map_err(|e| ApiError::new("load", e.message))
}

/// Chart-relative paths as the loader takes them, in Helm's walk order (see [`load_files`]).
fn clean_files(files: Vec<(String, Vec<u8>)>) -> Result<Vec<(String, Vec<u8>)>, ApiError> {
    let mut clean = Vec::with_capacity(files.len());
    for (name, data) in files {
        let n = name.replace('\\', "/");
        let n = n.trim_start_matches("./");
        if n.starts_with('/') || n.split('/').any(|p| p == "..") {
            return Err(ApiError::new(
                "load",
                format!("chart file path {name:?} is not inside the chart"),
            ));
        }
        let parts: Vec<&str> = n
            .split('/')
            .filter(|p| !p.is_empty() && *p != ".")
            .collect();
        if parts.is_empty() {
            return Err(ApiError::new(
                "load",
                format!("chart file path {name:?} is empty"),
            ));
        }
        clean.push((parts.join("/"), data));
    }
    if !clean.iter().any(|(n, _)| n == "Chart.yaml") {
        if let Some(top) = common_top_dir(&clean) {
            let cut = top.len() + 1;
            for (n, _) in &mut clean {
                n.replace_range(..cut, "");
            }
        }
    }
    clean.sort_by(|(a, _), (b, _)| a.split('/').cmp(b.split('/')));
    for w in clean.windows(2) {
        if w[0].0 == w[1].0 {
            return Err(ApiError::new(
                "load",
                format!("chart file path {:?} is given twice", w[0].0),
            ));
        }
    }
    Ok(clean)
}

/// The one directory every path is under, when it holds `Chart.yaml`.
fn common_top_dir(files: &[(String, Vec<u8>)]) -> Option<String> {
    let (first, _) = files.first()?;
    let top = first.split_once('/')?.0;
    let all_under = files
        .iter()
        .all(|(n, _)| n.split_once('/').is_some_and(|(t, _)| t == top));
    let has_chart = files.iter().any(|(n, _)| n == &format!("{top}/Chart.yaml"));
    (all_under && has_chart).then(|| top.to_string())
}

/// Facts about a loaded chart: metadata, file lists and default values.
pub fn chart_info(c: &Chart) -> String {
    let md = &c.metadata;
    let mut s = String::new();
    let mut o = Obj::new(&mut s);
    o.str("name", &md.name);
    o.str("version", &md.version);
    o.str("appVersion", &md.app_version);
    o.str("apiVersion", &md.api_version);
    o.str("description", &md.description);
    o.str("type", &md.chart_type);
    o.str("kubeVersion", &md.kube_version);
    o.bool("deprecated", md.deprecated);
    let deps: Vec<&str> = c.dependencies.iter().map(Chart::name).collect();
    o.strs("subcharts", &deps);
    let templates: Vec<&str> = c.templates.iter().map(|f| f.name.as_str()).collect();
    o.strs("templates", &templates);
    let files: Vec<&str> = c.files.iter().map(|f| f.name.as_str()).collect();
    o.strs("files", &files);
    o.raw("values", &values_json(&c.values));
    o.bool("hasSchema", c.schema.is_some());
    o.end();
    s
}

fn values_json(m: &Map) -> String {
    binnacle_core::json::to_json_opts(&Value::Map(m.clone()), None, false)
        .unwrap_or_else(|_| String::from("{}"))
}

/// Helm's reading of a values file (`-f`): every YAML document, merged.
pub fn parse_values(text: &str) -> Result<String, ApiError> {
    let m = load_values(text.as_bytes()).map_err(|e| ApiError::new("values", e))?;
    Ok(values_json(&m))
}

/// The user values a request names, merged in Helm's order.
fn user_values(req: &Request) -> Result<Map, ApiError> {
    let mut read = |p: &str| {
        req.files
            .get(p)
            .cloned()
            .ok_or_else(|| format!("open {p}: no such file or directory"))
    };
    merge_values(&req.value_sources(), &mut read).map_err(|e| ApiError::new("values", e))
}

fn stage_error((stage, e): (Stage, RenderError)) -> ApiError {
    let kind = match stage {
        Stage::Prepare => "values",
        Stage::Schema => "schema",
        Stage::Capabilities => "input",
        Stage::Render => "render",
    };
    ApiError {
        kind,
        message: e.message,
        file: e.file,
        line: e.line,
        column: e.column,
        output: None,
    }
}

/// Loads values and renders: what `render` and `template` share (`template` also makes an
/// install's checks: the chart's type and dependencies, then its `kubeVersion`).
fn run(
    c: &Chart,
    req: &Request,
    env: &mut dyn Env,
    install_checks: bool,
) -> Result<Rendered, ApiError> {
    let user = user_values(req)?;
    if install_checks {
        chart::check_installable(c).map_err(|e| ApiError::new("load", e))?;
        chart::check_release_name(&req.release_name).map_err(|e| ApiError::new("input", e))?;
    }
    let check_kube_version = install_checks;
    let opts = ChartRenderOptions {
        release: ReleaseInfo {
            name: req.release_name.clone(),
            namespace: req.namespace.clone(),
            revision: req.revision,
            is_upgrade: req.is_upgrade,
        },
        kube_version: req.kube_version.clone(),
        api_versions: req.api_versions.clone(),
        render: RenderOptions {
            lint: false,
            max_steps: req.max_steps,
        },
        check_kube_version,
    };
    let mut host = ApiHost::new(env, req);
    // A schema module that is not loaded (yet) is no schema failure: remembered and
    // reported as `unsupported`.
    let mut unavailable: Option<String> = None;
    let r = {
        let mut validator = |schema: &[u8], values: &Map| {
            crate::ext::validate_schema(schema, values).inspect_err(|e| {
                if is_transport_failure(e) && unavailable.is_none() {
                    unavailable = Some(e.clone());
                }
            })
        };
        let schema: Option<SchemaCheck<'_>> = if req.skip_schema_validation {
            None
        } else {
            Some(&mut validator)
        };
        let funcs = crate::ext::func_map();
        crate::ext::with_seeded(req.seed.is_some(), || {
            render_chart_with(c, &user, &opts, schema, &mut host, funcs)
        })
    };
    match (r, unavailable) {
        (Err(_), Some(e)) => Err(ApiError::new("unsupported", e)),
        (r, _) => r.map_err(stage_error).map(|mut r| {
            if install_checks && c.metadata.deprecated {
                r.warnings.insert(0, "this chart is deprecated".into());
            }
            r
        }),
    }
}

/// Whether an extension's answer says the module itself could not run (see `js/ext.js`).
fn is_transport_failure(message: &str) -> bool {
    message.starts_with("Binnacle's ") || message.starts_with("cannot load Binnacle's ")
}

fn hook_json(out: &mut String, h: &Hook) {
    let mut o = Obj::new(out);
    o.str("name", &h.name);
    o.str("kind", &h.kind);
    o.str("path", &h.path);
    o.str("manifest", &h.manifest);
    let events: Vec<&str> = h.events.iter().map(|e| e.as_str()).collect();
    o.strs("events", &events);
    o.num("weight", h.weight);
    o.strs("deletePolicies", &h.delete_policies);
    o.strs("outputLogPolicies", &h.output_log_policies);
    o.end();
}

/// Renders a chart: `{manifests, notes, hooks, warnings, manifestError?}` as JSON.
///
/// `manifests` is Helm's engine output (every non-partial template, NOTES.txt included),
/// exactly what `binnacle render` prints; `notes` is the NOTES text Helm shows; `hooks` the
/// hook documents in Helm's order. When a document is not YAML, `hooks` holds those read
/// before it and `manifestError` says what Helm would refuse with.
pub fn render(c: &Chart, req_json: &str, env: &mut dyn Env) -> Result<String, ApiError> {
    let req = Request::parse(req_json)?;
    let r = run(c, &req, env, false)?;
    let mut files = r.manifests.clone();
    let notes = manifest::take_notes(&mut files, c.name(), req.render_subchart_notes);
    let (hooks, manifest_error) = match manifest::sort_manifests(&files, manifest::INSTALL_ORDER) {
        Ok(sorted) => (sorted.hooks, None),
        Err(e) => (e.hooks, Some((e.message, e.file))),
    };
    let mut s = String::with_capacity(r.manifests.values().map(|t| t.len() + 64).sum());
    let mut o = Obj::new(&mut s);
    let out = o.key("manifests");
    string_map(out, &r.manifests);
    o.str("notes", &notes);
    let out = o.key("hooks");
    out.push('[');
    for (i, h) in hooks.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        hook_json(out, h);
    }
    out.push(']');
    o.strs("warnings", &r.warnings);
    if let Some((message, file)) = manifest_error {
        let out = o.key("manifestError");
        let mut e = Obj::new(out);
        e.str("message", &message);
        e.str("file", &file);
        e.end();
    }
    o.end();
    Ok(s)
}

fn string_map(out: &mut String, m: &BTreeMap<String, String>) {
    let mut o = Obj::new(out);
    for (k, v) in m {
        o.str(k, v);
    }
    o.end();
}

/// `helm template`: `{output, warnings}` as JSON, or Helm's error (kind `manifest` once
/// rendering succeeded; with `debug`, the raw files Helm printed are in `output`).
pub fn template(c: &Chart, req_json: &str, env: &mut dyn Env) -> Result<String, ApiError> {
    let req = Request::parse(req_json)?;
    let r = run(c, &req, env, true).map_err(|mut e| {
        // `helm template` hints at --debug for failures once the release exists.
        if e.kind == "render" && !req.debug {
            e.message.push_str(manifest::DEBUG_HINT);
        }
        e
    })?;
    let opts = StreamOptions {
        include_crds: req.include_crds,
        no_hooks: req.no_hooks,
        skip_tests: req.skip_tests,
        show_only: req.show_only.clone(),
        output_dir: None,
        use_release_name: false,
        debug: req.debug,
    };
    let out = template_output(&r, &req.release_name, &opts);
    if let Some(message) = out.error {
        let mut e = ApiError::new("manifest", message);
        if !out.stdout.is_empty() {
            e.output = Some(out.stdout);
        }
        return Err(e);
    }
    let mut s = String::with_capacity(out.stdout.len() + 64);
    let mut o = Obj::new(&mut s);
    o.str("output", &out.stdout);
    o.strs("warnings", &r.warnings);
    o.end();
    Ok(s)
}

/// An extension module's failure to answer (not loaded yet, or it trapped) is `unsupported`;
/// the function's own errors keep the kind the caller gives them.
fn ext_error(kind: &'static str, message: String) -> ApiError {
    if is_transport_failure(&message) {
        ApiError::new("unsupported", message)
    } else {
        ApiError::new(kind, message)
    }
}

fn raw_files(c: &Chart) -> Vec<(String, Vec<u8>)> {
    c.raw
        .iter()
        .map(|f| (f.name.clone(), f.data.to_vec()))
        .collect()
}

/// `helm lint` of the chart (in the lint module): `{errors, messages, total_charts_linted,
/// text, summary, failed}` as JSON, the first three as Helm's SDK reports them.
pub fn lint(c: &Chart, req_json: &str, env: &mut dyn Env) -> Result<String, ApiError> {
    lint_raw(raw_files(c), c.name(), req_json, env)
}

/// `helm lint` of chart files that may not load: what Helm's directory walk keeps of them
/// (`.helmignore` applied) is linted, and the chart's faults come back as findings.
pub fn lint_files(
    files: Vec<(String, Vec<u8>)>,
    req_json: &str,
    env: &mut dyn Env,
) -> Result<String, ApiError> {
    let files = clean_files(files)?;
    let mut rules = match files.iter().find(|(n, _)| n == ".helmignore") {
        Some((_, d)) => binnacle_core::chart::ignore::IgnoreRules::parse(d)
            .map_err(|e| ApiError::new("load", e))?,
        None => binnacle_core::chart::ignore::IgnoreRules::empty(),
    };
    rules.add_defaults();
    let kept = files
        .into_iter()
        .filter(|(n, _)| !rules.ignore_file_in_walk(n))
        .collect();
    lint_raw(kept, "chart", req_json, env)
}

fn lint_raw(
    files: Vec<(String, Vec<u8>)>,
    default_path: &str,
    req_json: &str,
    env: &mut dyn Env,
) -> Result<String, ApiError> {
    let req = Request::parse(req_json)?;
    let user = user_values(&req)?;
    let seed = req.seed.map(|s| {
        let mut h = binnacle_core::host::SeededHost::new(s);
        let mut b = [0u8; 8];
        binnacle_core::host::Host::fill_random(&mut h, &mut b);
        u64::from_le_bytes(b)
    });
    let call = wire::Request::Lint(wire::LintCall {
        files,
        path: req.path.clone().unwrap_or_else(|| default_path.to_string()),
        values: Value::Map(user),
        namespace: req.namespace.clone(),
        kube_version: req.kube_version.clone(),
        skip_schema_validation: req.skip_schema_validation,
        strict: req.strict,
        quiet: req.quiet,
        now: req.now.unwrap_or_else(|| env.now_nanos()),
        seed,
    });
    match crate::ext::request(crate::ext::LINT, &call) {
        Ok(Value::String(s)) => Ok(s.to_string()),
        Ok(_) => Err(ApiError::new(
            "internal",
            "the lint module answered no report",
        )),
        Err(e) => Err(ext_error("load", e)),
    }
}

/// `helm package` of the chart (in the package module): `{fileName, sha256, archive}` as
/// JSON, the archive in base64.
pub fn package(c: &Chart, req_json: &str) -> Result<String, ApiError> {
    let req = Request::parse(req_json)?;
    let call = wire::Request::Package(wire::PackageCall {
        files: raw_files(c),
        version: req.version.clone(),
        app_version: req.app_version.clone(),
        source_date_epoch: req.source_date_epoch,
    });
    let out =
        crate::ext::request(crate::ext::PACKAGE, &call).map_err(|e| ext_error("package", e))?;
    let Value::Map(m) = out else {
        return Err(ApiError::new(
            "internal",
            "the package module answered no archive",
        ));
    };
    let text = |k: &str| {
        m.get(k)
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    };
    let archive = match m.get("archive") {
        Some(Value::Bytes(b)) => binnacle_core::chart::files::base64_std(&b),
        _ => String::new(),
    };
    let mut s = String::new();
    let mut o = Obj::new(&mut s);
    o.str("fileName", &text("fileName"));
    o.str("sha256", &text("sha256"));
    o.str("archive", &archive);
    o.end();
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct TestEnv;

    impl Env for TestEnv {
        fn now_nanos(&mut self) -> i128 {
            1_767_225_600_000_000_000
        }
        fn fill_random(&mut self, buf: &mut [u8]) {
            buf.fill(7);
        }
    }

    fn chart(templates: &[(&str, &str)]) -> Chart {
        let mut files = vec![(
            "Chart.yaml".to_string(),
            b"apiVersion: v2\nname: t\nversion: 0.1.0\n".to_vec(),
        )];
        for (n, t) in templates {
            files.push((format!("templates/{n}"), t.as_bytes().to_vec()));
        }
        load_files(files).unwrap()
    }

    #[test]
    fn file_order_is_helms_walk_order() {
        // Depth first, names in byte order: `a/x` before `a-b/x` although `-` < `/`.
        let files = [
            "t/templates/a-b/x.yaml",
            "t/templates/a/x.yaml",
            "t/Chart.yaml",
        ]
        .iter()
        .map(|n| {
            let data = if n.ends_with("Chart.yaml") {
                b"apiVersion: v2\nname: t\nversion: 0.1.0\n".to_vec()
            } else {
                b"k: v\n".to_vec()
            };
            (n.to_string(), data)
        })
        .collect();
        let c = load_files(files).unwrap();
        let names: Vec<&str> = c.templates.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["templates/a/x.yaml", "templates/a-b/x.yaml"]);
    }

    #[test]
    fn renders_and_reports() {
        // Expectations from Helm v4.2.3 (`helm template` of the same chart).
        let c = chart(&[("a.yaml", "a: {{ .Release.Name }}\n"), ("NOTES.txt", "n\n")]);
        let out = render(&c, r#"{"releaseName":"r"}"#, &mut TestEnv).unwrap();
        assert_eq!(
            out,
            r#"{"manifests":{"t/templates/NOTES.txt":"n\n","t/templates/a.yaml":"a: r\n"},"notes":"n\n","hooks":[],"warnings":[]}"#
        );
        let out = template(&c, "{}", &mut TestEnv).unwrap();
        assert_eq!(
            out,
            r##"{"output":"---\n# Source: t/templates/a.yaml\na: release-name\n","warnings":[]}"##
        );
    }

    #[test]
    fn template_makes_an_installs_checks() {
        let mut c = chart(&[("a.yaml", "a: 1\n")]);
        c.metadata.chart_type = "library".into();
        let e = template(&c, "{}", &mut TestEnv).unwrap_err();
        assert_eq!(
            (e.kind, e.message.as_str()),
            ("load", "library charts are not installable")
        );
        assert!(render(&c, "{}", &mut TestEnv).is_ok());
        let e = template(&chart(&[]), r#"{"releaseName":"Web"}"#, &mut TestEnv).unwrap_err();
        assert_eq!(e.kind, "input");
        assert!(
            e.message.starts_with(
                "release name check failed: release name \"Web\": invalid release name"
            ),
            "{}",
            e.message
        );
        let mut c = chart(&[("a.yaml", "a: 1\n")]);
        c.metadata.deprecated = true;
        let out = template(&c, "{}", &mut TestEnv).unwrap();
        assert!(
            out.ends_with(r#""warnings":["this chart is deprecated"]}"#),
            "{out}"
        );
    }

    #[test]
    fn errors_by_kind() {
        let failing = chart(&[("a.yaml", "{{ fail \"boom\" }}")]);
        let cases: [(&str, &str, &str); 4] = [
            (
                "{}",
                "render",
                "execution error at (t/templates/a.yaml:1:3): boom\n\nUse --debug flag to render out invalid YAML",
            ),
            (
                r#"{"debug":true}"#,
                "render",
                "execution error at (t/templates/a.yaml:1:3): boom",
            ),
            (
                r#"{"set":["a[x]=1"]}"#,
                "values",
                "failed parsing --set data: error parsing index: strconv.Atoi: parsing \"x\": invalid syntax",
            ),
            (r#"{"bogus":1}"#, "input", "unknown option \"bogus\""),
        ];
        for (opts, kind, message) in cases {
            let e = template(&failing, opts, &mut TestEnv).unwrap_err();
            assert_eq!((e.kind, e.message.as_str()), (kind, message), "{opts}");
        }
        let e = render(&failing, "{}", &mut TestEnv).unwrap_err();
        assert_eq!(
            e.to_json(),
            r#"{"kind":"render","message":"execution error at (t/templates/a.yaml:1:3): boom","file":"t/templates/a.yaml","line":1,"column":3}"#
        );
    }

    #[test]
    fn load_errors() {
        let cases: [(&[(&str, &str)], &str); 4] = [
            (
                &[("../x", "")],
                "chart file path \"../x\" is not inside the chart",
            ),
            (
                &[("/x", "")],
                "chart file path \"/x\" is not inside the chart",
            ),
            (&[("./", "")], "chart file path \"./\" is empty"),
            (
                &[("a", ""), ("./a", "")],
                "chart file path \"a\" is given twice",
            ),
        ];
        for (files, want) in cases {
            let files = files
                .iter()
                .map(|(n, d)| (n.to_string(), d.as_bytes().to_vec()))
                .collect();
            let e = load_files(files).unwrap_err();
            assert_eq!((e.kind, e.message.as_str()), ("load", want));
        }
    }

    #[test]
    fn values_as_json() {
        assert_eq!(
            parse_values("b: [1, x]\na: {c: true}\n").unwrap(),
            r#"{"a":{"c":true},"b":[1,"x"]}"#
        );
    }
}
