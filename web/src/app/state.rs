//! The page's state and what changes it: loading charts, edits, renders, errors.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use binnacle_web_engine::protocol::{
    DiffResponse, Location, Release, RenderRequest, RenderResponse, VALUES_FILE,
};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::js::{self, Editor, Engine};
use crate::model;
use crate::share::SharedState;

/// Quiet time after an edit before a render starts (a burst of changes in one frame makes
/// one render); edits during a render are coalesced into the next one.
const DEBOUNCE_MS: u64 = 8;
/// A render running longer than this is stopped (the worker is restarted).
const RENDER_TIMEOUT_MS: f64 = 30_000.0;
/// Template steps one render may take: ends runaway loops well before the timeout.
const MAX_STEPS: u64 = 200_000_000;
/// A render shows "Rendering…" only once it has run this long (no flicker on fast charts).
const BUSY_AFTER_MS: u64 = 250;

/// The output panel's tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    /// The manifests (`helm template` output, or one template).
    Output,
    /// NOTES.txt.
    Notes,
    /// Hooks.
    Hooks,
    /// Lint findings and warnings.
    Lint,
    /// The diff view.
    Diff,
}

/// What the diff view compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiffMode {
    /// The output with the values editor's values against a second set (values B).
    Values,
    /// A snapshot of an earlier output against the current one.
    Snapshot,
}

/// A message for the user (share links, import problems).
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    /// The text.
    pub text: String,
    /// Whether it reports a problem.
    pub error: bool,
    /// A link to show with it (share links).
    pub link: Option<String>,
}

/// Timing of the last render.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Timing {
    /// From the first edit it includes to the output on screen.
    pub edit_to_output_ms: f64,
    /// Inside the engine.
    pub engine_ms: f64,
}

#[derive(Default)]
struct Sched {
    in_flight: bool,
    dirty: bool,
    timer: Option<TimeoutHandle>,
    busy_timer: Option<TimeoutHandle>,
    edit_at: Option<f64>,
}

/// The JS objects the page drives; created once the DOM exists.
#[derive(Default)]
pub struct Handles {
    /// The chart file editor.
    pub editor: Option<Editor>,
    /// The user values editor.
    pub values: Option<Editor>,
    /// The output view.
    pub output: Option<Editor>,
    /// The diff view's values B editor.
    pub values_b: Option<Editor>,
    /// The engine worker.
    pub engine: Option<Engine>,
}

/// The playground's state: signals for what the view shows, stored values for the rest.
#[derive(Clone, Copy)]
pub struct Pg {
    /// Chart files by path.
    pub files: StoredValue<BTreeMap<String, Vec<u8>>>,
    /// The paths, for the tree.
    pub paths: RwSignal<Vec<String>>,
    /// The file open in the editor.
    pub selected: RwSignal<Option<String>>,
    /// The user values' text.
    pub values: StoredValue<String>,
    /// Release settings.
    pub release: RwSignal<Release>,
    /// `--include-crds`.
    pub include_crds: RwSignal<bool>,
    /// `--skip-tests`.
    pub skip_tests: RwSignal<bool>,
    /// The last render's result.
    pub result: RwSignal<Option<Arc<RenderResponse>>>,
    /// The last render without an error (its output stays on screen under an error).
    pub good: RwSignal<Option<Arc<RenderResponse>>>,
    /// A failure of the engine itself (crash, timeout), not of the chart.
    pub engine_error: RwSignal<Option<String>>,
    /// A render is running (shown after a moment).
    pub busy: RwSignal<bool>,
    /// Timing of the last render.
    pub timing: RwSignal<Option<Timing>>,
    /// Renders applied so far (tests wait on it).
    pub seq: RwSignal<u64>,
    /// The output view: `""` for the whole `helm template` stream, else a template path.
    pub view: RwSignal<String>,
    /// The output panel's tab.
    pub tab: RwSignal<Tab>,
    /// The diff view's mode.
    pub diff_mode: RwSignal<DiffMode>,
    /// Values B's text.
    pub values_b: StoredValue<String>,
    /// The snapshot the diff view compares with.
    pub snapshot: RwSignal<Option<Arc<String>>>,
    /// The diff view's result (or why there is none).
    pub diff: RwSignal<Option<Result<Arc<DiffResponse>, String>>>,
    /// A message for the user.
    pub notice: RwSignal<Option<Notice>>,
    /// Light or dark.
    pub dark: RwSignal<bool>,
    /// The open dialog for tree operations.
    pub tree_op: RwSignal<Option<TreeOp>>,
    /// When the last output reached the screen (`performance.now()`).
    pub output_at: StoredValue<f64>,
    sched: StoredValue<Sched>,
    diff_sched: StoredValue<Sched>,
    /// The JS objects.
    pub js: StoredValue<Handles, LocalStorage>,
}

/// A file tree operation being edited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TreeOp {
    /// A new file (the path typed so far).
    New(String),
    /// Renaming `from`.
    Rename {
        /// The file renamed.
        from: String,
        /// The new path typed so far.
        to: String,
    },
    /// Confirming a delete.
    Delete(String),
}

impl Pg {
    /// Fresh state.
    pub fn new() -> Pg {
        Pg {
            files: StoredValue::new(BTreeMap::new()),
            paths: RwSignal::new(Vec::new()),
            selected: RwSignal::new(None),
            values: StoredValue::new(String::new()),
            release: RwSignal::new(Release::default()),
            include_crds: RwSignal::new(false),
            skip_tests: RwSignal::new(false),
            result: RwSignal::new(None),
            good: RwSignal::new(None),
            engine_error: RwSignal::new(None),
            busy: RwSignal::new(false),
            timing: RwSignal::new(None),
            seq: RwSignal::new(0),
            view: RwSignal::new(String::new()),
            tab: RwSignal::new(Tab::Output),
            diff_mode: RwSignal::new(DiffMode::Values),
            values_b: StoredValue::new(String::new()),
            snapshot: RwSignal::new(None),
            diff: RwSignal::new(None),
            notice: RwSignal::new(None),
            dark: RwSignal::new(false),
            tree_op: RwSignal::new(None),
            output_at: StoredValue::new(0.0),
            sched: StoredValue::new(Sched::default()),
            diff_sched: StoredValue::new(Sched::default()),
            js: StoredValue::new_local(Handles::default()),
        }
    }

    /// Shows a message.
    pub fn say(&self, text: impl Into<String>, error: bool) {
        self.notice.set(Some(Notice {
            text: text.into(),
            error,
            link: None,
        }));
    }

    fn with_engine(&self, f: impl FnOnce(&Engine)) {
        self.js.with_value(|h| {
            if let Some(e) = &h.engine {
                f(e)
            }
        });
    }

    /// The text of a file, when it is text.
    pub fn text_of(&self, path: &str) -> Option<String> {
        self.files.with_value(|f| {
            f.get(path)
                .filter(|d| model::is_text(d))
                .map(|d| String::from_utf8_lossy(d).into_owned())
        })
    }

    /// Replaces the whole chart and the settings, then renders.
    pub fn load(&self, state: SharedState) {
        let SharedState {
            files,
            values,
            release,
            include_crds,
            skip_tests,
            open,
        } = state;
        let map: BTreeMap<String, Vec<u8>> = files.into_iter().collect();
        let open = open
            .filter(|p| map.contains_key(p))
            .or_else(|| default_open(&map));
        let arr = js_sys::Array::new();
        for (p, d) in &map {
            arr.push(&js::file_to_js(p, d));
        }
        self.with_engine(|e| {
            let _ = e.reset(&arr);
        });
        self.js.with_value(|h| {
            if let Some(ed) = &h.editor {
                for p in self.paths.get_untracked() {
                    ed.forget(&p);
                }
            }
            if let Some(v) = &h.values {
                v.open("values", &values);
            }
        });
        self.paths.set(map.keys().cloned().collect());
        self.files.set_value(map);
        self.values.set_value(values);
        self.release.set(release);
        self.include_crds.set(include_crds);
        self.skip_tests.set(skip_tests);
        self.view.set(String::new());
        self.snapshot.set(None);
        self.diff.set(None);
        self.result.set(None);
        self.good.set(None);
        self.select(open);
        self.render_soon();
    }

    /// Loads an example of the gallery.
    pub fn load_example(&self, id: &str) -> bool {
        let Some(ex) = model::examples().into_iter().find(|e| e.id == id) else {
            return false;
        };
        self.load(SharedState {
            files: ex
                .files
                .iter()
                .map(|(p, d)| (p.to_string(), d.to_vec()))
                .collect(),
            ..SharedState::default()
        });
        true
    }

    /// Loads imported files (a folder, loose files or a single archive).
    pub fn import(&self, files: Vec<(String, Vec<u8>)>) {
        let pg = *self;
        // The URL named the previous chart; this one is not in it.
        super::set_fragment("");
        let archive = files
            .iter()
            .find(|(p, _)| model::is_archive_name(p))
            .filter(|_| !files.iter().any(|(p, _)| p.ends_with("Chart.yaml")))
            .map(|(p, d)| (p.clone(), d.clone()));
        if let Some((name, data)) = archive {
            let Some(p) = self.js.with_value(|h| {
                h.engine
                    .as_ref()
                    .map(|e| e.unpack(&js_sys::Uint8Array::from(data.as_slice())))
            }) else {
                return;
            };
            leptos::task::spawn_local(async move {
                match js::wait(p).await {
                    Ok(v) => {
                        pg.load_keeping_settings(js::files_from_js(&v));
                        pg.say(format!("Opened {name}."), false);
                    }
                    Err(e) => pg.say(format!("Cannot open {name}: {e}"), true),
                }
            });
            return;
        }
        match model::chart_root(files) {
            Ok(f) => {
                let n = f.len();
                self.load_keeping_settings(f);
                self.say(format!("Opened a chart of {n} files."), false);
            }
            Err(e) => self.say(e, true),
        }
    }

    /// A new chart starts with empty user values (they belong to the chart before); the
    /// release settings stay.
    fn load_keeping_settings(&self, files: Vec<(String, Vec<u8>)>) {
        self.load(SharedState {
            files,
            values: String::new(),
            release: self.release.get_untracked(),
            include_crds: self.include_crds.get_untracked(),
            skip_tests: self.skip_tests.get_untracked(),
            open: None,
        });
    }

    /// What a share link holds right now.
    pub fn shared_state(&self) -> SharedState {
        SharedState {
            files: self
                .files
                .with_value(|f| f.iter().map(|(p, d)| (p.clone(), d.clone())).collect()),
            values: self.values.get_value(),
            release: self.release.get_untracked(),
            include_crds: self.include_crds.get_untracked(),
            skip_tests: self.skip_tests.get_untracked(),
            open: self.selected.get_untracked(),
        }
    }

    /// Opens a file in the editor.
    pub fn select(&self, path: Option<String>) {
        let text = path.as_deref().map(|p| {
            self.files.with_value(|f| match f.get(p) {
                Some(d) if model::is_text(d) => (String::from_utf8_lossy(d).into_owned(), false),
                Some(d) => (
                    format!(
                        "# A binary file of {} bytes: it cannot be edited here.\n",
                        d.len()
                    ),
                    true,
                ),
                None => (String::new(), true),
            })
        });
        self.js.with_value(|h| {
            if let (Some(ed), Some(p), Some((t, ro))) = (&h.editor, &path, &text) {
                ed.open(p, t);
                ed.set_read_only(*ro);
            }
        });
        self.selected.set(path);
        self.update_markers();
    }

    /// The editor changed the open file.
    pub fn edited(&self, text: String) {
        let Some(path) = self.selected.get_untracked() else {
            return;
        };
        self.with_engine(|e| {
            let _ = e.put(&path, &JsValue::from_str(&text));
        });
        self.files.update_value(|f| {
            f.insert(path, text.into_bytes());
        });
        self.render_soon();
    }

    /// The values editor changed.
    pub fn values_edited(&self, text: String) {
        self.values.set_value(text);
        self.render_soon();
    }

    /// Adds a file (empty) and opens it.
    pub fn add_file(&self, path: &str) -> Result<(), String> {
        let p = model::clean_path(path)
            .ok_or("give a path inside the chart, like templates/new.yaml")?;
        if self.files.with_value(|f| f.contains_key(&p)) {
            return Err(format!("{p} already exists"));
        }
        if self
            .files
            .with_value(|f| f.keys().any(|k| k.starts_with(&format!("{p}/"))))
        {
            return Err(format!("{p} is a directory"));
        }
        self.files.update_value(|f| {
            f.insert(p.clone(), Vec::new());
        });
        self.with_engine(|e| {
            let _ = e.put(&p, &JsValue::from_str(""));
        });
        self.refresh_paths();
        self.select(Some(p));
        self.render_soon();
        Ok(())
    }

    /// Renames (moves) a file.
    pub fn rename_file(&self, from: &str, to: &str) -> Result<(), String> {
        let p =
            model::clean_path(to).ok_or("give a path inside the chart, like templates/new.yaml")?;
        if p == from {
            return Ok(());
        }
        if self.files.with_value(|f| f.contains_key(&p)) {
            return Err(format!("{p} already exists"));
        }
        let Some(data) = self.files.try_update_value(|f| f.remove(from)).flatten() else {
            return Err(format!("{from} does not exist"));
        };
        let js_data = js::data_to_js(&data);
        self.files.update_value(|f| {
            f.insert(p.clone(), data);
        });
        self.with_engine(|e| {
            let _ = e.remove(from);
            let _ = e.put(&p, &js_data);
        });
        self.js.with_value(|h| {
            if let Some(ed) = &h.editor {
                ed.forget(from);
            }
        });
        self.refresh_paths();
        if self.selected.get_untracked().as_deref() == Some(from) {
            self.select(Some(p));
        }
        self.render_soon();
        Ok(())
    }

    /// Deletes a file.
    pub fn delete_file(&self, path: &str) {
        self.files.update_value(|f| {
            f.remove(path);
        });
        self.with_engine(|e| {
            let _ = e.remove(path);
        });
        self.js.with_value(|h| {
            if let Some(ed) = &h.editor {
                ed.forget(path);
            }
        });
        self.refresh_paths();
        if self.selected.get_untracked().as_deref() == Some(path) {
            let next = self.files.with_value(default_open);
            self.select(next);
        }
        self.render_soon();
    }

    fn refresh_paths(&self) {
        let paths = self.files.with_value(|f| f.keys().cloned().collect());
        self.paths.set(paths);
    }

    /// Shows a tab of the output side. Lint runs only while its tab is open (it renders the
    /// chart a second time), so opening it renders now.
    pub fn select_tab(&self, t: Tab) {
        self.tab.set(t);
        match t {
            Tab::Diff => self.diff_soon(),
            Tab::Lint
                if self
                    .result
                    .with_untracked(|r| r.as_ref().is_some_and(|r| r.lint.is_none())) =>
            {
                self.render_now()
            }
            _ => {}
        }
    }

    /// Asks for a render after a short quiet time.
    pub fn render_soon(&self) {
        let pg = *self;
        self.sched.update_value(|s| {
            s.dirty = true;
            if s.edit_at.is_none() {
                s.edit_at = Some(js::now_ms());
            }
            if let Some(t) = s.timer.take() {
                t.clear();
            }
            s.timer = set_timeout_with_handle(
                move || pg.start_render(),
                Duration::from_millis(DEBOUNCE_MS),
            )
            .ok();
        });
    }

    /// Renders now (Ctrl+Enter).
    pub fn render_now(&self) {
        self.sched.update_value(|s| {
            s.dirty = true;
            s.edit_at.get_or_insert_with(js::now_ms);
        });
        self.start_render();
    }

    /// The request for the current state (`values` replaced for values B).
    pub fn request(&self, values: Option<String>) -> String {
        let req = RenderRequest {
            values: values.unwrap_or_else(|| self.values.get_value()),
            release: self.release.get_untracked(),
            include_crds: self.include_crds.get_untracked(),
            skip_tests: self.skip_tests.get_untracked(),
            max_steps: Some(MAX_STEPS),
            lint: self.tab.get_untracked() == Tab::Lint,
            template_texts: !self.view.get_untracked().is_empty(),
        };
        serde_json::to_string(&req).unwrap_or_default()
    }

    fn start_render(&self) {
        let pg = *self;
        let go = self
            .sched
            .try_update_value(|s| {
                if s.in_flight || !s.dirty {
                    return None;
                }
                s.in_flight = true;
                s.dirty = false;
                s.timer = None;
                s.busy_timer = set_timeout_with_handle(
                    move || pg.busy.set(true),
                    Duration::from_millis(BUSY_AFTER_MS),
                )
                .ok();
                Some(s.edit_at.take().unwrap_or_else(js::now_ms))
            })
            .flatten();
        let Some(edit_at) = go else {
            return;
        };
        let request = self.request(None);
        let Some(p) = self.js.with_value(|h| {
            h.engine
                .as_ref()
                .map(|e| e.render(&request, RENDER_TIMEOUT_MS))
        }) else {
            return;
        };
        leptos::task::spawn_local(async move {
            let res = js::wait(p).await;
            pg.apply(res, edit_at);
            let again = pg
                .sched
                .try_update_value(|s| {
                    s.in_flight = false;
                    if let Some(t) = s.busy_timer.take() {
                        t.clear();
                    }
                    s.dirty
                })
                .unwrap_or(false);
            pg.busy.set(false);
            if again {
                pg.start_render();
            }
        });
    }

    fn apply(&self, res: Result<JsValue, String>, edit_at: f64) {
        let resp = res.and_then(|v| parse_render(&v));
        match resp {
            Ok(r) => {
                let r = Arc::new(r);
                self.engine_error.set(None);
                if r.error.is_none() {
                    self.good.set(Some(r.clone()));
                }
                let engine_ms = r.engine_ms;
                self.result.set(Some(r));
                self.show_output();
                self.output_at.set_value(js::now_ms());
                self.update_markers();
                let t = Timing {
                    edit_to_output_ms: js::now_ms() - edit_at,
                    engine_ms,
                };
                self.timing.set(Some(t));
                record_latency(t.edit_to_output_ms);
            }
            Err(e) => self.engine_error.set(Some(e)),
        }
        self.seq.update(|s| *s += 1);
        if self.tab.get_untracked() == Tab::Diff {
            self.diff_soon();
        }
    }

    /// The text the output view shows now.
    pub fn output_text(&self) -> String {
        let view = self.view.get_untracked();
        self.good.with_untracked(|g| match g {
            None => String::new(),
            Some(r) if view.is_empty() => r.stream.clone(),
            Some(r) => r
                .templates
                .iter()
                .find(|t| t.path == view)
                .map(|t| t.text.clone())
                .unwrap_or_default(),
        })
    }

    /// Puts the current output into the output view.
    pub fn show_output(&self) {
        let text = self.output_text();
        self.js.with_value(|h| {
            if let Some(o) = &h.output {
                o.set_text(&text);
            }
        });
    }

    /// The error's locations, innermost last.
    pub fn error_locations(&self) -> Vec<Location> {
        self.result.with_untracked(|r| {
            r.as_ref()
                .and_then(|r| r.error.as_ref())
                .map(|e| e.locations.clone())
                .unwrap_or_default()
        })
    }

    /// Inline markers in the editors for the current error.
    pub fn update_markers(&self) {
        let (message, locs) =
            self.result
                .with_untracked(|r| match r.as_ref().and_then(|r| r.error.as_ref()) {
                    Some(e) => (e.message.clone(), e.locations.clone()),
                    None => (String::new(), Vec::new()),
                });
        let open = self.selected.get_untracked();
        let values_text = self.values.get_value();
        let mut file_diags = Vec::new();
        let mut values_diags = Vec::new();
        for l in &locs {
            let Some(line) = l.line else { continue };
            if l.file == VALUES_FILE && !l.in_workspace {
                let col = l.column.map(|c| model::utf16_column(&values_text, line, c));
                values_diags.push(diag(line, col, &message));
            } else if open.as_deref() == Some(l.file.as_str()) {
                let text = self.text_of(&l.file).unwrap_or_default();
                let col = l.column.map(|c| model::utf16_column(&text, line, c));
                file_diags.push(diag(line, col, &message));
            }
        }
        self.js.with_value(|h| {
            if let Some(ed) = &h.editor {
                ed.set_diagnostics(&to_array(file_diags));
            }
            if let Some(v) = &h.values {
                v.set_diagnostics(&to_array(values_diags));
            }
        });
    }

    /// Opens a location in its editor, cursor on the spot.
    pub fn jump(&self, loc: &Location) {
        let line = loc.line.unwrap_or(1);
        if loc.file == VALUES_FILE && !loc.in_workspace {
            let text = self.values.get_value();
            let col = loc
                .column
                .map_or(0, |c| model::utf16_column(&text, line, c));
            self.js.with_value(|h| {
                if let Some(v) = &h.values {
                    v.goto(line, col)
                }
            });
            return;
        }
        if !loc.in_workspace {
            return;
        }
        if self.selected.get_untracked().as_deref() != Some(loc.file.as_str()) {
            self.select(Some(loc.file.clone()));
        }
        let text = self.text_of(&loc.file).unwrap_or_default();
        let col = loc
            .column
            .map_or(0, |c| model::utf16_column(&text, line, c));
        self.js.with_value(|h| {
            if let Some(ed) = &h.editor {
                ed.goto(line, col)
            }
        });
    }

    /// Stops a running render (restarts the worker).
    pub fn stop(&self) {
        self.with_engine(|e| e.stop());
    }

    /// Recomputes the diff view soon.
    pub fn diff_soon(&self) {
        let pg = *self;
        self.diff_sched.update_value(|s| {
            s.dirty = true;
            if let Some(t) = s.timer.take() {
                t.clear();
            }
            s.timer =
                set_timeout_with_handle(move || pg.start_diff(), Duration::from_millis(60)).ok();
        });
    }

    fn start_diff(&self) {
        let pg = *self;
        let go = self
            .diff_sched
            .try_update_value(|s| {
                if s.in_flight || !s.dirty {
                    return false;
                }
                s.in_flight = true;
                s.dirty = false;
                s.timer = None;
                true
            })
            .unwrap_or(false);
        if !go {
            return;
        }
        leptos::task::spawn_local(async move {
            let out = pg.compute_diff().await;
            pg.diff.set(out.map(|d| d.map(Arc::new)));
            let again = pg
                .diff_sched
                .try_update_value(|s| {
                    s.in_flight = false;
                    s.dirty
                })
                .unwrap_or(false);
            if again {
                pg.start_diff();
            }
        });
    }

    async fn compute_diff(&self) -> Option<Result<DiffResponse, String>> {
        let current = self.good.get_untracked().map(|r| r.stream.clone())?;
        let old = match self.diff_mode.get_untracked() {
            DiffMode::Snapshot => self.snapshot.get_untracked().map(|s| (*s).clone())?,
            DiffMode::Values => {
                let req = self.request(Some(self.values_b.get_value()));
                let p = self
                    .js
                    .with_value(|h| h.engine.as_ref().map(|e| e.render(&req, RENDER_TIMEOUT_MS)))?;
                let resp = js::wait(p).await.and_then(|v| parse_render(&v));
                match resp {
                    Ok(r) => match r.error {
                        Some(e) => return Some(Err(format!("With values B: {}", e.message))),
                        None => r.stream,
                    },
                    Err(e) => return Some(Err(e)),
                }
            }
        };
        // Values mode compares A (current) with B; snapshot mode the snapshot with now.
        let (a, b) = match self.diff_mode.get_untracked() {
            DiffMode::Values => (current, old),
            DiffMode::Snapshot => (old, current),
        };
        let p = self
            .js
            .with_value(|h| h.engine.as_ref().map(|e| e.diff(&a, &b)))?;
        Some(js::wait(p).await.and_then(|v| {
            serde_json::from_str::<DiffResponse>(&v.as_string().unwrap_or_default())
                .map_err(|e| e.to_string())
        }))
    }
}

impl Default for Pg {
    fn default() -> Self {
        Pg::new()
    }
}

/// The worker's `[response JSON, stream]`.
fn parse_render(v: &JsValue) -> Result<RenderResponse, String> {
    let arr = js_sys::Array::from(v);
    let json = arr
        .get(0)
        .as_string()
        .ok_or("the engine answered with something else than text")?;
    let mut r: RenderResponse = serde_json::from_str(&json).map_err(|e| e.to_string())?;
    r.stream = arr.get(1).as_string().unwrap_or_default();
    Ok(r)
}

/// The file to open first: a Deployment template if any, else the first template, else
/// `values.yaml` or `Chart.yaml`.
fn default_open(files: &BTreeMap<String, Vec<u8>>) -> Option<String> {
    let has = |p: &str| files.contains_key(p);
    ["templates/deployment.yaml", "templates/configmap.yaml"]
        .into_iter()
        .find(|p| has(p))
        .map(String::from)
        .or_else(|| {
            files
                .keys()
                .find(|k| k.starts_with("templates/") && !k.contains("/_") && k.ends_with(".yaml"))
                .cloned()
        })
        .or_else(|| {
            ["values.yaml", "Chart.yaml"]
                .into_iter()
                .find(|p| has(p))
                .map(String::from)
        })
        .or_else(|| files.keys().next().cloned())
}

fn diag(line: u32, col: Option<u32>, message: &str) -> JsValue {
    let o = js_sys::Object::new();
    js::set(&o, "line", &JsValue::from(line));
    js::set(&o, "col", &JsValue::from(col.map_or(-1, |c| c as i32)));
    js::set(&o, "message", &JsValue::from_str(message));
    js::set(&o, "severity", &JsValue::from_str("error"));
    o.into()
}

fn to_array(v: Vec<JsValue>) -> js_sys::Array {
    v.into_iter().collect()
}

/// Keeps the last edit-to-output times on `window.binnacle.latencies` for the browser tests.
fn record_latency(ms: f64) {
    let Some(w) = web_sys::window() else { return };
    let Ok(b) = js_sys::Reflect::get(&w, &"binnacle".into()) else {
        return;
    };
    if let Ok(arr) = js_sys::Reflect::get(&b, &"latencies".into()) {
        if let Some(a) = arr.dyn_ref::<js_sys::Array>() {
            a.push(&JsValue::from(ms));
            if a.length() > 1000 {
                a.shift();
            }
        }
    }
}
