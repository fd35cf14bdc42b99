//! Lexing a chart's templates ahead, on a helper thread, while the render thread loads the
//! chart, reads the values and checks them against the schema: lexing is about a fifth of
//! a typical render, and nothing in it depends on the values.
//!
//! The render thread takes each template's items when the engine asks for them
//! ([`binnacle_core::host::Host::lexed`]). A template the helper has not begun is lexed by
//! the engine itself, so a render never waits for a helper that is late or busy with
//! another render. Should the engine reach a template the helper is lexing at that moment,
//! the render thread lexes one from the far end meanwhile; when none is left it waits a
//! little, then lexes that template itself (a helper descheduled mid-file would otherwise
//! hold the render up).
//!
//! Parsing ahead too was tried: the render then ran slower than with lexing alone, since
//! executing trees built on another core misses the cache at every node, while the items
//! are read once, in order.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use binnacle_core::chart::{Chart, SharedFile};
use binnacle_core::template::lex::{lex_snug, Lexed};

/// A slot no one has taken.
const FREE: u8 = 0;
/// Taken by the render thread: the engine lexes it (or the render is over).
const MINE: u8 = 1;
/// Being lexed ahead (by the helper, or by the render thread while it waits).
const AHEAD: u8 = 2;
/// Lexed ahead; its items wait in the slot.
const READY: u8 = 3;

/// How long the render thread waits for a template the helper is lexing before it lexes
/// the template itself: about what lexing a large template takes.
const PATIENCE: Duration = Duration::from_micros(50);

/// One render's templates, shared with the helper.
struct Shared {
    /// Each template's bytes, in the order the helper lexes them.
    texts: Vec<Text>,
    state: Vec<AtomicU8>,
    out: Vec<Mutex<Option<Lexed>>>,
}

/// A template's bytes, borrowed from the chart files a [`LexAhead`] keeps alive.
#[derive(Clone, Copy)]
struct Text {
    ptr: *const u8,
    len: usize,
}

// SAFETY: a `Text` points into a chart file's `Rc<[u8]>`, kept by the owning `LexAhead`
// (`keep`) and, after it, by the render thread's `GRAVEYARD` for as long as any slot is
// still being lexed. The helper reads a text only after claiming its slot from `FREE`, and
// no slot is `FREE` once the `LexAhead` is dropped, so every read ends while the bytes live.
// The `Rc`s themselves never leave the render thread.
unsafe impl Send for Shared {}
unsafe impl Sync for Shared {}

impl Shared {
    /// The helper's side: lexes every slot the render thread has not taken.
    fn run(&self) {
        for i in 0..self.texts.len() {
            if self.claim(i, AHEAD) {
                self.fill(i);
            }
        }
    }

    /// Moves slot `i` from free to `to`; false if someone took it first.
    fn claim(&self, i: usize, to: u8) -> bool {
        self.state[i]
            .compare_exchange(FREE, to, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
    }

    /// Lexes the text of slot `i`, claimed [`AHEAD`], and marks it ready.
    fn fill(&self, i: usize) {
        let text = self.texts[i];
        // SAFETY: the slot is claimed, so the text is alive (see `Shared`'s Send).
        let bytes = unsafe { std::slice::from_raw_parts(text.ptr, text.len) };
        // Break and continue are keywords unless the function map has such functions;
        // Helm's has not, and `Lexed::fits` has the engine lex again should a map have one.
        let lexed = std::str::from_utf8(bytes)
            .ok()
            .map(|t| lex_snug(t, true, true));
        if let Ok(mut out) = self.out[i].lock() {
            *out = lexed;
        }
        self.state[i].store(READY, Ordering::Release);
    }

    /// Whether the helper may still be reading a text.
    fn busy(&self) -> bool {
        self.state
            .iter()
            .any(|s| s.load(Ordering::Acquire) == AHEAD)
    }
}

/// A finished render's shared state, and the chart files the helper may still be reading.
type Buried = (Arc<Shared>, Vec<Rc<[u8]>>);

thread_local! {
    /// Chart files of finished renders whose last template the helper was still lexing,
    /// kept until it is done (see `Shared`'s Send).
    static GRAVEYARD: RefCell<Vec<Buried>> = const { RefCell::new(Vec::new()) };
}

/// Releases the files of earlier renders the helper has finished with.
fn bury_done() {
    GRAVEYARD.with(|g| g.borrow_mut().retain(|(s, _)| s.busy()));
}

/// A chart's templates being lexed ahead for one render (see the module docs).
pub struct LexAhead {
    shared: Arc<Shared>,
    /// Slot of each template, by the address of its bytes (the engine's template text is
    /// the same allocation when it is UTF-8).
    slot: HashMap<usize, usize>,
    /// The chart files the helper reads, kept alive until it cannot read them any more.
    keep: Vec<Rc<[u8]>>,
}

impl LexAhead {
    /// Hands the templates among a chart directory's `files` (as read, subcharts' included)
    /// to the helper thread, before the chart is even loaded from them; `None` when there
    /// is no second core, or no helper could be started.
    pub fn start_files(files: &[SharedFile]) -> Option<LexAhead> {
        let templates = files
            .iter()
            .filter(|(name, _)| is_template_path(name))
            .map(|(name, data)| (name.clone(), data.clone()))
            .collect();
        LexAhead::start_with(templates)
    }

    /// Hands a loaded chart's templates (subcharts' too) to the helper thread: for charts
    /// read from an archive, whose files [`LexAhead::start_files`] never sees.
    pub fn start(chart: &Chart) -> Option<LexAhead> {
        let mut files = Vec::new();
        gather(chart, "", &mut files);
        LexAhead::start_with(files)
    }

    /// Hands `files` (path in the chart tree, bytes) to the helper thread.
    fn start_with(mut files: Vec<(String, Rc<[u8]>)>) -> Option<LexAhead> {
        let helper = helper()?;
        bury_done();
        // The top chart's templates first, then each level of subcharts: the engine parses
        // deeper paths first (Helm's order), so it lexes those itself while the helper
        // lexes the top chart's, and a disabled subchart's templates, which the engine
        // never asks for, come last. Within a level, the engine's order (paths reversed).
        files.sort_by_cached_key(|(name, _)| {
            let level = name.matches("charts/").count();
            (level, std::cmp::Reverse(name.clone()))
        });
        let texts: Vec<Text> = files
            .iter()
            .map(|(_, d)| Text {
                ptr: d.as_ptr(),
                len: d.len(),
            })
            .collect();
        let slot = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (t.ptr as usize, i))
            .collect();
        let n = texts.len();
        let shared = Arc::new(Shared {
            texts,
            state: (0..n).map(|_| AtomicU8::new(FREE)).collect(),
            out: (0..n).map(|_| Mutex::new(None)).collect(),
        });
        let ahead = LexAhead {
            shared: shared.clone(),
            slot,
            keep: files.into_iter().map(|(_, d)| d).collect(),
        };
        // A helper gone (it never panics) leaves every slot free: the engine lexes all.
        let _ = helper.send(shared);
        Some(ahead)
    }

    /// The items of `text` if they were lexed ahead; `None` tells the engine to lex it.
    pub fn take(&self, text: &str) -> Option<Lexed> {
        let &i = self.slot.get(&(text.as_ptr() as usize))?;
        let s = &self.shared;
        if s.texts[i].len != text.len() {
            return None;
        }
        let mut since = None;
        loop {
            match s.state[i].compare_exchange(FREE, MINE, Ordering::AcqRel, Ordering::Acquire) {
                Ok(_) => return None,
                Err(READY) => break,
                Err(AHEAD) => {
                    // Rather than wait for the helper, lex ahead from the other end.
                    if let Some(j) = (i + 1..s.texts.len()).rev().find(|&j| s.claim(j, AHEAD)) {
                        s.fill(j);
                        continue;
                    }
                    let start = *since.get_or_insert_with(Instant::now);
                    if start.elapsed() > PATIENCE {
                        return None;
                    }
                    std::hint::spin_loop();
                }
                Err(_) => return None,
            }
        }
        s.out[i].lock().ok()?.take()
    }
}

impl Drop for LexAhead {
    fn drop(&mut self) {
        // Close what the helper has not begun: it then reads no text it has not claimed.
        let s = &self.shared;
        for i in 0..s.texts.len() {
            s.claim(i, MINE);
        }
        if s.busy() {
            let keep = (s.clone(), std::mem::take(&mut self.keep));
            GRAVEYARD.with(|g| g.borrow_mut().push(keep));
        }
    }
}

/// Every template file of the chart tree, by its path from the top chart.
fn gather(chart: &Chart, prefix: &str, out: &mut Vec<(String, Rc<[u8]>)>) {
    for t in &chart.templates {
        out.push((format!("{prefix}{}", t.name), t.data.clone()));
    }
    for d in &chart.dependencies {
        gather(d, &format!("{prefix}charts/{}/", d.name()), out);
    }
}

/// Whether a chart directory's file is a template of the chart or of a subchart in it:
/// `templates/…` after any number of `charts/NAME/`.
fn is_template_path(mut name: &str) -> bool {
    while let Some(rest) = name.strip_prefix("charts/") {
        match rest.split_once('/') {
            Some((_, inner)) => name = inner,
            None => return false,
        }
    }
    name.starts_with("templates/")
}

/// The helper thread's queue, started on first use; `None` with one core (the render
/// thread would only share it) or if the thread cannot be made.
fn helper() -> Option<&'static Sender<Arc<Shared>>> {
    static HELPER: OnceLock<Option<Sender<Arc<Shared>>>> = OnceLock::new();
    HELPER
        .get_or_init(|| {
            if std::thread::available_parallelism().map_or(1, usize::from) < 2 {
                return None;
            }
            let (tx, rx) = std::sync::mpsc::channel::<Arc<Shared>>();
            std::thread::Builder::new()
                .name("lex-ahead".into())
                .stack_size(256 * 1024)
                .spawn(move || {
                    for job in rx {
                        job.run();
                    }
                })
                .ok()?;
            Some(tx)
        })
        .as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;
    use binnacle_core::template::lex::lex;

    fn file(name: &str, text: &str) -> SharedFile {
        (name.to_string(), Rc::from(text.as_bytes()))
    }

    #[test]
    fn template_paths_of_the_chart_and_its_subcharts() {
        for yes in [
            "templates/a.yaml",
            "templates/sub/_h.tpl",
            "charts/common/templates/_names.tpl",
            "charts/a/charts/b/templates/x.yaml",
        ] {
            assert!(is_template_path(yes), "{yes}");
        }
        for no in [
            "values.yaml",
            "Chart.yaml",
            "files/templates/x.yaml",
            "charts/common.tgz",
            "charts/common/values.yaml",
            "charts/templates/x.yaml",
        ] {
            assert!(!is_template_path(no), "{no}");
        }
    }

    /// Whatever the helper managed before the render asked, each template comes back as
    /// the engine's own lexing of it, or as `None` (the engine lexes it then).
    #[test]
    fn items_are_the_engines_own_or_none() {
        let texts = [
            "a: {{ .Values.a | quote }}\n{{- if .b }}x{{ end }}",
            "{{/* c */}}{{ define \"t\" }}{{ include \"u\" . }}{{ end }}",
            "{{ \"unclosed }}",
            "plain text",
        ];
        let files: Vec<SharedFile> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| file(&format!("templates/t{i}.yaml"), t))
            .chain([file("values.yaml", "a: 1")])
            .collect();
        for _ in 0..50 {
            let Some(ahead) = LexAhead::start_files(&files) else {
                return; // one core: nothing is lexed ahead, which the engine handles.
            };
            for (_, data) in files.iter().rev() {
                let text = std::str::from_utf8(data).unwrap();
                if let Some(got) = ahead.take(text) {
                    let want = lex(text, true, true);
                    assert_eq!(got.items, want.items);
                    assert_eq!(got.error, want.error);
                    assert!(got.fits(text, true, true));
                }
            }
            // A text not handed over, even one equal to a template's (the literal its file
            // was copied from), is the engine's to lex.
            assert!(ahead.take("templates/other").is_none());
            assert!(ahead.take(texts[0]).is_none());
        }
    }

    /// A render that ends before asking for its templates leaves none half-read: every
    /// file is released once the helper is done with it.
    #[test]
    fn files_outlive_the_helpers_reads() {
        let big = "{{ .a }} ".repeat(20_000);
        let files: Vec<SharedFile> = (0..8)
            .map(|i| file(&format!("templates/t{i}.yaml"), &big))
            .collect();
        for _ in 0..20 {
            drop(LexAhead::start_files(&files));
        }
        // The helper finishes whatever it began; later starts bury what it is done with.
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            bury_done();
            if GRAVEYARD.with(|g| g.borrow().is_empty()) || Instant::now() > deadline {
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        assert!(GRAVEYARD.with(|g| g.borrow().is_empty()));
        for (_, data) in &files {
            assert_eq!(Rc::strong_count(data), 1);
        }
    }
}
