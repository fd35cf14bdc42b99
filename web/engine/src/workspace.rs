//! The worker's copy of the chart: files by path, rendered on request as `helm template`
//! renders a chart directory.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;

use binnacle_core::chart::{self, Chart};
use binnacle_core::host::{Instant, SeededHost};
use binnacle_core::limits::MAX_FILE_SIZE;
use binnacle_core::lint;
use binnacle_core::render::chart::{render_chart, ChartRenderOptions, SchemaCheck};
use binnacle_core::render::manifest::{self, TemplateOptions};
use binnacle_core::render::{ReleaseInfo, RenderOptions};
use binnacle_core::schema::Validator;
use binnacle_core::values::{self, ValueSource};
use binnacle_core::yaml::YamlError;
use binnacle_core::{Map, Value};

use crate::locate::{self, PathMap};
use crate::protocol::{
    ErrorReport, HookReport, LintFinding, Location, RenderRequest, RenderResponse, TemplateReport,
    VALUES_FILE,
};

/// Most files a workspace holds: a bound on what a page can make the worker keep.
pub const MAX_FILES: usize = 10_000;

/// Chart files by chart-relative path.
#[derive(Default)]
pub struct Workspace {
    files: BTreeMap<String, Vec<u8>>,
    /// The random stream's seed: fixed, so re-renders differ only where the chart changed.
    pub seed: u64,
    docs: RefCell<DocCache>,
    loaded: RefCell<LoadCache>,
    /// Kept between renders: it holds the compiled meta-schemas.
    validator: RefCell<Validator>,
}

/// The chart as last loaded, and what changed since. Loading a large chart takes as long
/// as a small render, and most edits are to a root template or to the user values: those
/// reuse the loaded chart (a root template is taken as it is, so its new text simply
/// replaces the old); anything else loads the chart again.
#[derive(Default)]
struct LoadCache {
    chart: Option<Chart>,
    changed: BTreeSet<String>,
    reload: bool,
}

impl LoadCache {
    /// The loaded chart with `changed` templates patched in, if that is all that changed.
    fn patched(&mut self, files: &BTreeMap<String, Vec<u8>>) -> Option<Chart> {
        if self.reload {
            return None;
        }
        let chart = self.chart.as_mut()?;
        for path in &self.changed {
            let data = files.get(path)?;
            if !path.starts_with("templates/") || data.len() > MAX_FILE_SIZE {
                return None;
            }
            let data: Rc<[u8]> = Rc::from(data.strip_prefix(UTF8_BOM).unwrap_or(data));
            let t = chart.templates.iter_mut().find(|f| &f.name == path)?;
            t.data = data.clone();
            let r = chart.raw.iter_mut().find(|f| &f.name == path)?;
            r.data = data;
        }
        self.changed.clear();
        Some(fresh_values(chart))
    }
}

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

/// The chart with its values deep-copied: templates may change `.Values` in place (`set`),
/// and a reused chart must not carry that into the next render.
fn fresh_values(c: &Chart) -> Chart {
    let mut c = c.clone();
    if let Value::Map(m) = Value::Map(c.values.clone()).deep_copy() {
        c.values = m;
    }
    c.dependencies = c.dependencies.iter().map(fresh_values).collect();
    c
}

/// Rendered documents already read by the sorter, by their text. Between two renders of an
/// edit most documents are unchanged, and reading them is as costly as rendering.
#[derive(Default)]
struct DocCache {
    generation: u64,
    entries: HashMap<String, (u64, Result<Value, YamlError>)>,
}

impl DocCache {
    fn parse(&mut self, doc: &str) -> Result<Value, YamlError> {
        let g = self.generation;
        if let Some((seen, v)) = self.entries.get_mut(doc) {
            *seen = g;
            return v.clone();
        }
        let v = binnacle_core::yaml::from_yaml(doc);
        self.entries.insert(doc.to_string(), (g, v.clone()));
        v
    }

    /// Ends a render: forgets documents it did not produce.
    fn sweep(&mut self) {
        let g = self.generation;
        self.entries.retain(|_, (seen, _)| *seen == g);
        self.generation += 1;
    }
}

impl Workspace {
    /// An empty workspace.
    pub fn new() -> Workspace {
        Workspace::default()
    }

    /// Drops every file.
    pub fn clear(&mut self) {
        self.files.clear();
        *self.loaded.get_mut() = LoadCache::default();
    }

    /// Adds or replaces a file.
    pub fn put(&mut self, path: &str, data: Vec<u8>) -> Result<(), String> {
        let path = clean(path)?;
        let cache = self.loaded.get_mut();
        if self.files.contains_key(&path) {
            cache.changed.insert(path.clone());
        } else {
            if self.files.len() >= MAX_FILES {
                return Err(format!("too many files (at most {MAX_FILES})"));
            }
            cache.reload = true;
        }
        self.files.insert(path, data);
        Ok(())
    }

    /// Removes a file (no error when absent).
    pub fn remove(&mut self, path: &str) {
        if self.files.remove(path).is_some() {
            self.loaded.get_mut().reload = true;
        }
    }

    /// The files, in the order Helm's directory walk visits them.
    pub fn walk_order(&self) -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<(String, Vec<u8>)> = self
            .files
            .iter()
            .map(|(k, d)| (k.clone(), d.clone()))
            .collect();
        // A walk lists a directory's entries by name, so `a/b` comes before `a.txt`:
        // compare path segments, not whole strings.
        v.sort_by(|a, b| a.0.split('/').cmp(b.0.split('/')));
        v
    }

    /// Whether a file exists.
    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    /// The paths, sorted.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// Loads the chart as Helm's directory loader does.
    pub fn load(&self) -> Result<Chart, String> {
        chart::load_files(self.walk_order()).map_err(|e| e.message)
    }

    /// The chart as `helm package` writes it: (`<name>-<version>.tgz`, bytes).
    pub fn package(&self) -> Result<(String, Vec<u8>), String> {
        let chart = self.load()?;
        let p = binnacle_core::package::package_chart(&chart, &Default::default())?;
        Ok((p.file_name, p.archive))
    }

    /// [`Workspace::load`], reusing the last load when only root templates changed.
    fn load_cached(&self) -> Result<Chart, String> {
        let mut cache = self.loaded.borrow_mut();
        if let Some(c) = cache.patched(&self.files) {
            return Ok(c);
        }
        let loaded = self.load();
        *cache = LoadCache {
            chart: loaded.as_ref().ok().cloned(),
            ..LoadCache::default()
        };
        loaded.map(|c| fresh_values(&c))
    }

    /// Loads, coalesces, renders and builds `helm template`'s output. `now_ms` times the
    /// work; `unix_nanos` is what `now` returns in templates.
    pub fn render(
        &self,
        req: &RenderRequest,
        unix_nanos: i128,
        now_ms: &dyn Fn() -> f64,
    ) -> RenderResponse {
        let start = now_ms();
        let mut resp = self.render_inner(req, unix_nanos);
        if req.lint {
            match self.lint(req, unix_nanos, &resp.chart) {
                Ok(findings) => resp.lint = Some(findings),
                Err(why) => resp.lint_unavailable = Some(why),
            }
        }
        resp.engine_ms = now_ms() - start;
        resp
    }

    /// `helm lint` of the workspace as a chart directory, with the user values and the
    /// release's namespace and Kubernetes version; `Err` says why it could not run.
    pub fn lint(
        &self,
        req: &RenderRequest,
        unix_nanos: i128,
        chart_name: &str,
    ) -> Result<Vec<LintFinding>, String> {
        let user = user_values(&req.values)
            .map_err(|_| "lint needs user values that parse".to_string())?;
        let entry = |name: &str| match self.files.get(name) {
            Some(d) => lint::Entry::File(d.clone()),
            None if self.is_dir(name) => lint::Entry::Dir,
            None => lint::Entry::Missing,
        };
        let root = if chart_name.is_empty() {
            "chart"
        } else {
            chart_name
        };
        let dir = lint::ChartDir {
            path: root.to_string(),
            chart_yaml: entry("Chart.yaml"),
            values_yaml: entry("values.yaml"),
            values_schema: entry("values.schema.json"),
            templates: entry("templates"),
            crds: entry("crds"),
            files: Ok(self.walk_order()),
        };
        let r = &req.release;
        let opts = lint::Options {
            namespace: r.namespace.clone(),
            kube_version: (!r.kube_version.trim().is_empty())
                .then(|| r.kube_version.trim().to_string()),
            skip_schema_validation: false,
        };
        let mut host = SeededHost::new(self.seed);
        host.now = Instant { unix_nanos };
        let mut validator = self.validator.borrow_mut();
        let mut check = |s: &[u8], v: &Map| validator.validate(s, v);
        let linter = lint::lint_chart(&dir, &user, &opts, Some(&mut check), &mut host);
        let paths = PathMap::new(self.paths());
        Ok(linter
            .messages
            .into_iter()
            .map(|m| {
                // The place the message names, else the file the finding concerns.
                let location = locate::locations(&m.error, chart_name, &paths)
                    .pop()
                    .or_else(|| {
                        self.files.contains_key(&m.path).then(|| Location {
                            file: m.path.clone(),
                            in_workspace: true,
                            line: None,
                            column: None,
                        })
                    });
                LintFinding {
                    severity: m.severity.label().to_string(),
                    message: format!("{}: {}", m.path, m.error),
                    location,
                }
            })
            .collect())
    }

    /// Whether some file lies under directory `name`.
    fn is_dir(&self, name: &str) -> bool {
        let prefix = format!("{name}/");
        self.files
            .range(prefix.clone()..)
            .next()
            .is_some_and(|(k, _)| k.starts_with(&prefix))
    }

    fn render_inner(&self, req: &RenderRequest, unix_nanos: i128) -> RenderResponse {
        let mut resp = RenderResponse::default();
        let paths = PathMap::new(self.paths());
        let fail = |resp: &mut RenderResponse, message: String| {
            resp.error = Some(ErrorReport {
                locations: locate::locations(&message, &resp.chart, &paths),
                message,
            });
        };
        let chart = match self.load_cached() {
            Ok(c) => c,
            Err(e) => {
                fail(&mut resp, e);
                return resp;
            }
        };
        resp.chart = chart.name().to_string();
        let user = match user_values(&req.values) {
            Ok(m) => m,
            Err(e) => {
                fail(&mut resp, e);
                return resp;
            }
        };
        let r = &req.release;
        let opts = ChartRenderOptions {
            release: ReleaseInfo {
                name: r.name.clone(),
                namespace: r.namespace.clone(),
                revision: r.revision,
                is_upgrade: r.is_upgrade,
            },
            kube_version: (!r.kube_version.trim().is_empty())
                .then(|| r.kube_version.trim().to_string()),
            api_versions: r
                .api_versions
                .iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            render: RenderOptions {
                lint: false,
                max_steps: req.max_steps,
            },
            // The playground shows `helm template`, which refuses such a chart.
            check_kube_version: true,
        };
        let mut host = SeededHost::new(self.seed);
        host.now = Instant { unix_nanos };
        // `$ref`s to other documents cannot be followed in a browser: the validator loads none.
        let mut validator = self.validator.borrow_mut();
        let mut check = |s: &[u8], v: &Map| validator.validate(s, v);
        let schema: Option<SchemaCheck<'_>> = Some(&mut check);
        let rendered = match render_chart(&chart, &user, &opts, schema, &mut host) {
            Ok(r) => r,
            Err(e) => {
                fail(&mut resp, e.message);
                return resp;
            }
        };
        resp.warnings = rendered.warnings.clone();
        let mut files = rendered.manifests.clone();
        resp.notes = manifest::take_notes(&mut files, &resp.chart, false);
        for (path, text) in &files {
            resp.templates.push(TemplateReport {
                path: path.clone(),
                source: paths.workspace_path(path, &resp.chart),
                text: if req.template_texts {
                    text.clone()
                } else {
                    String::new()
                },
            });
        }
        let topts = TemplateOptions {
            include_crds: req.include_crds,
            skip_tests: req.skip_tests,
            release_name: r.name.clone(),
            ..TemplateOptions::default()
        };
        let parse = |doc: &str| self.docs.borrow_mut().parse(doc);
        let sorted = manifest::sort_manifests_with(&files, manifest::INSTALL_ORDER, &parse);
        self.docs.borrow_mut().sweep();
        match sorted {
            Ok(sorted) => {
                resp.hooks = sorted
                    .hooks
                    .iter()
                    .map(|h| HookReport {
                        name: h.name.clone(),
                        kind: h.kind.clone(),
                        path: h.path.clone(),
                        events: h.events.iter().map(|e| e.as_str().to_string()).collect(),
                        weight: h.weight,
                        manifest: h.manifest.clone(),
                    })
                    .collect();
                let out = manifest::template_output(&sorted, &rendered.crds, &topts);
                match out.error {
                    Some(e) => fail(&mut resp, e),
                    None => resp.stream = out.stdout,
                }
            }
            Err(e) => fail(&mut resp, format!("{}{}", e.message, manifest::DEBUG_HINT)),
        }
        resp
    }
}

/// The user values editor's text as `-f user-values.yaml`.
fn user_values(text: &str) -> Result<Map, String> {
    if text.trim().is_empty() {
        return Ok(Map::new());
    }
    let sources = [ValueSource::File {
        name: VALUES_FILE.into(),
        data: text.as_bytes().to_vec(),
    }];
    let mut no_files = |p: &str| Err(format!("open {p}: no such file or directory"));
    values::merge_values(&sources, &mut no_files)
}

/// A chart-relative path as the workspace keys it; refuses paths that leave the chart.
pub fn clean(path: &str) -> Result<String, String> {
    let p = path.replace('\\', "/");
    let c = binnacle_core::gopath::clean(p.trim_start_matches('/'));
    if c == "." || c.is_empty() || c.starts_with("..") {
        return Err(format!("invalid file path {path:?}"));
    }
    Ok(c)
}
