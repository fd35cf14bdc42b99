//! Reading and lexing a chart's templates ahead, on a helper thread, while the render
//! thread walks the rest of the chart and parses its `Chart.yaml` and values: the template
//! files are most of a chart's system calls, lexing them is about a fifth of a typical
//! render, and neither depends on the values.
//!
//! The walk ([`crate::load::read_chart_dir_deferring`]) leaves each template file to the
//! helper and keeps an empty stand-in in its place; the helper reads and lexes them in the
//! order the engine parses them. It leaves the helper every other file the load does not
//! look into as well (`crds/`, `files/`, a README: see [`deferred`]), to read first: a
//! chart's CRDs can be a megabyte, which the render thread would otherwise copy from the
//! page cache itself. Only when the render needs the templates, after the
//! values are prepared and checked ([`binnacle_core::host::Host::complete_chart`]), does
//! [`LexAhead::fill`] put every file's bytes where its stand-in went. The render thread
//! reads itself whatever the helper has not begun, from the end the engine parses last, and
//! hands the helper copies of those to lex while it parses the others; so a render never
//! waits for a helper that is late or busy with another render, and a file the helper is
//! reading at that moment it waits for a little, then reads itself. The engine takes each
//! template's items through [`binnacle_core::host::Host::lexed`] and lexes those the
//! helper did not. A read that fails is the load's failure, reported before anything that
//! would have failed after it ([`LexAhead::read_error`]).
//!
//! A chart read from an archive is loaded whole first; the helper gets copies of its
//! template texts to lex.
//!
//! The helper owns all it works on (the directory's descriptor, the name, the bytes it
//! reads), so a render that ends early leaves it nothing that could go away under it.
//!
//! Parsing ahead too was tried: the render then ran slower than with lexing alone, since
//! executing trees built on another core misses the cache at every node, while the items
//! are read once, in order.
//!
//! Only Linux's walk defers reads (it opens files relative to their directory's
//! descriptor); elsewhere directory charts are lexed from copies, as archives are.
#![cfg_attr(not(target_os = "linux"), allow(dead_code))]

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
#[cfg(target_os = "linux")]
use std::ffi::CString;
#[cfg(target_os = "linux")]
use std::os::fd::{AsFd, OwnedFd};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use binnacle_core::chart::Chart;
use binnacle_core::template::lex::{lex_snug, Lexed};

/// How long the render thread waits for a file the helper is at before it does that file
/// itself: about what reading and lexing a large template takes.
const PATIENCE: Duration = Duration::from_micros(50);

/// How long the render thread waits for a file the helper is reading and will not lex: a
/// file it reads again itself costs it the whole read, and such files are the large ones
/// (a `crds/` bundle is up to a megabyte).
const PATIENCE_PLAIN: Duration = Duration::from_micros(500);

/// The largest text the render thread copies for the helper to lex: copying costs it a
/// small part of lexing a template (grafana's 70 KB `_pod.tpl` has 8,500 items), but a
/// larger file is a CRD bundle (up to a megabyte), mostly plain text, which the engine
/// lexes about as fast as it would copy it.
const COPY_TO_LEX: usize = 256 << 10;

/// How long the helper spins waiting for more work from a walk before it polls for it.
const WATCH: Duration = Duration::from_micros(20);

/// How often the helper looks for more work from a walk once it has spun for [`WATCH`].
/// It polls rather than sleeps until woken: on the virtual machines charts are often
/// rendered on, waking a sleeping thread costs the waker 10–20 µs of its own, which the
/// walk would pay for every burst of templates it finds.
const POLL: Duration = Duration::from_micros(20);

/// A template file the walk left to be read: `name` in `dir`, at `rel` in the chart.
#[cfg(target_os = "linux")]
struct FileRead {
    dir: Arc<OwnedFd>,
    name: CString,
    rel: String,
    short_is_eof: bool,
    /// Whether the file is a template, to lex once read.
    lex: bool,
}

#[cfg(target_os = "linux")]
impl FileRead {
    /// Reads the file as the walk would.
    fn read(&self) -> Result<Rc<[u8]>, String> {
        let base = self.rel.rsplit('/').next().unwrap_or(&self.rel);
        crate::load::read_at(
            self.dir.as_fd(),
            &self.name,
            base,
            &self.rel,
            self.short_is_eof,
        )
    }
}

/// What the helper is asked to do with one template.
enum Work {
    /// Read the file, then lex it.
    #[cfg(target_os = "linux")]
    Read(FileRead),
    /// Lex a copy of a text the render thread holds.
    Lex(Box<[u8]>),
}

impl Work {
    /// The file of a read: the render thread reads only the pieces the walk deferred,
    /// which come before any copy it hands over to lex.
    #[cfg(target_os = "linux")]
    fn file(&self) -> &FileRead {
        match self {
            Work::Read(file) => file,
            Work::Lex(_) => unreachable!("only reads are read"),
        }
    }

    /// Whether the work is a file only read, not lexed.
    fn plain(&self) -> bool {
        match self {
            #[cfg(target_os = "linux")]
            Work::Read(file) => !file.lex,
            Work::Lex(_) => false,
        }
    }

    /// How long the render thread waits for the helper to finish it.
    fn patience(&self) -> Duration {
        if self.plain() {
            PATIENCE_PLAIN
        } else {
            PATIENCE
        }
    }

    /// The helper's side: reads and lexes, or lexes.
    fn run(&self) -> State {
        match self {
            #[cfg(target_os = "linux")]
            Work::Read(file) => match file.read().ok().and_then(Sole::new) {
                Some(data) => {
                    let lexed = if file.lex { lex(&data.0) } else { None };
                    State::Done(Some(data), lexed)
                }
                None => State::Failed,
            },
            Work::Lex(text) => State::Done(None, lex(text)),
        }
    }
}

/// The items of a template's bytes; none if they are not UTF-8 (the engine reports that).
fn lex(bytes: &[u8]) -> Option<Lexed> {
    // Break and continue are keywords unless the function map has such functions; Helm's
    // has not, and `Lexed::fits` has the engine lex again should a map have one.
    std::str::from_utf8(bytes)
        .ok()
        .map(|t| lex_snug(t, true, true))
}

/// Bytes read on the helper thread, held by nothing else.
struct Sole(Rc<[u8]>);

// SAFETY: a `Sole` is made only of an `Rc` with no other strong or weak handle, and is
// never cloned while wrapped: moving it to another thread moves the only handle to its
// counts, as moving a `Box` would, so no count is ever touched from two threads.
unsafe impl Send for Sole {}

impl Sole {
    fn new(data: Rc<[u8]>) -> Option<Sole> {
        (Rc::strong_count(&data) == 1 && Rc::weak_count(&data) == 0).then_some(Sole(data))
    }
}

/// Where one piece of work stands.
enum State {
    /// Nobody has begun it.
    Free,
    /// The helper is at it.
    Helper,
    /// The render thread took it over, or the render is over.
    Mine,
    /// Done by the helper: the bytes it read (for [`Work::Read`]) and their items.
    Done(Option<Sole>, Option<Lexed>),
    /// The helper could not read the file; the render thread reads it again for the error.
    Failed,
}

/// Where the engine parses a template: by its path's depth (deeper first), then by the
/// path (later first), as Helm sorts templates; the greatest rank is parsed first.
type Rank = (usize, Arc<str>);

/// The rank of the template at `path` (in the chart tree, from the top chart).
fn rank(path: &str) -> Rank {
    (path.bytes().filter(|&b| b == b'/').count(), Arc::from(path))
}

/// The rank of a file that is only read: above every template, so the helper reads it
/// first. Whatever it has not read by the fill the render thread must read itself, and a
/// template it reads there costs it only the read (the helper lexes a copy), a plain file
/// the same; so the large plain files go first, while the helper has the most time.
fn plain_rank(path: &str) -> Rank {
    (usize::MAX, Arc::from(path))
}

/// One render's work for the helper.
struct Queue {
    work: Vec<Arc<Work>>,
    state: Vec<State>,
    /// Each piece of work's rank.
    ranks: Vec<Rank>,
    /// The reads nobody has begun, by rank.
    free_reads: BTreeSet<(Rank, usize)>,
    /// The texts to lex nobody has begun, by rank.
    free_lexes: BTreeSet<(Rank, usize)>,
}

impl Queue {
    /// Adds a piece of work, free; returns its index.
    fn push(&mut self, work: Work, path: &str) -> usize {
        let i = self.work.len();
        let free = match work {
            Work::Lex(_) => &mut self.free_lexes,
            #[cfg(target_os = "linux")]
            Work::Read(_) => &mut self.free_reads,
        };
        let rank = if work.plain() {
            plain_rank(path)
        } else {
            rank(path)
        };
        free.insert((rank.clone(), i));
        self.ranks.push(rank);
        self.work.push(Arc::new(work));
        self.state.push(State::Free);
        i
    }

    /// Takes piece `i` out of the free sets, for `to` to do.
    fn claim(&mut self, i: usize, to: State) -> Arc<Work> {
        let key = (self.ranks[i].clone(), i);
        self.free_reads.remove(&key);
        self.free_lexes.remove(&key);
        self.state[i] = to;
        self.work[i].clone()
    }
}

/// A render's queue, shared with the helper.
struct Shared {
    queue: Mutex<Queue>,
    /// How many pieces of work have been added, for the helper to watch without the lock.
    pushed: AtomicUsize,
    /// No more work will come.
    closed: AtomicBool,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Queue> {
        // Nothing panics while holding it; a poisoned queue is still consistent.
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The helper's side: does every piece of work nobody else has taken, the one the
    /// engine parses first first.
    fn run(&self) {
        while let Some((i, work)) = self.next_work() {
            let done = work.run();
            let mut q = self.lock();
            if matches!(q.state[i], State::Helper) {
                q.state[i] = done;
            }
        }
    }

    /// Claims the free piece of work the engine parses first; waits while the walk may
    /// still find some; `None` once it is over and nothing is left.
    fn next_work(&self) -> Option<(usize, Arc<Work>)> {
        let start = Instant::now();
        loop {
            let seen = self.pushed.load(Ordering::Acquire);
            {
                let mut q = self.lock();
                let best = match (q.free_reads.last(), q.free_lexes.last()) {
                    (Some(r), Some(l)) => Some(if r > l { r.1 } else { l.1 }),
                    (r, l) => r.or(l).map(|x| x.1),
                };
                if let Some(i) = best {
                    return Some((i, q.claim(i, State::Helper)));
                }
                // Closed under the lock: no work can come after this look.
                if self.closed.load(Ordering::Acquire) {
                    return None;
                }
            }
            loop {
                if self.closed.load(Ordering::Acquire)
                    || self.pushed.load(Ordering::Acquire) != seen
                {
                    break;
                }
                if start.elapsed() < WATCH {
                    std::hint::spin_loop();
                } else {
                    std::thread::sleep(POLL);
                }
            }
        }
    }

    /// Takes piece `i` over from whoever has it: the state it was left in, once the helper
    /// is done with it (a free piece is claimed as it is); `None` when the helper is still
    /// at it after its patience ([`PATIENCE`], [`PATIENCE_PLAIN`]; the render thread then
    /// does that work itself).
    fn settle(&self, i: usize) -> Option<State> {
        let start = Instant::now();
        loop {
            let mut q = self.lock();
            match std::mem::replace(&mut q.state[i], State::Mine) {
                State::Free => {
                    q.claim(i, State::Mine);
                    return Some(State::Free);
                }
                State::Helper if start.elapsed() <= q.work[i].patience() => {
                    q.state[i] = State::Helper;
                    drop(q);
                    std::hint::spin_loop();
                }
                State::Helper => {
                    q.state[i] = State::Helper;
                    return None;
                }
                other => return Some(other),
            }
        }
    }

    /// No more work comes; with `stop`, the helper takes none still free either.
    fn close(&self, stop: bool) {
        let mut q = self.lock();
        self.closed.store(true, Ordering::Release);
        if stop {
            q.free_reads.clear();
            q.free_lexes.clear();
            for s in &mut q.state {
                if matches!(s, State::Free) {
                    *s = State::Mine;
                }
            }
        }
    }
}

/// Items lexed ahead for one text, or the work lexing them.
enum Ahead {
    Ready(Lexed),
    Work(usize),
}

/// Items lexed ahead (or the work lexing them) and the text they are of, by the text's
/// address.
type Texts = HashMap<usize, (Ahead, Rc<[u8]>)>;

/// A chart's templates being read and lexed ahead for one render (see the module docs).
pub struct LexAhead {
    shared: Arc<Shared>,
    /// Each [`Work::Read`]'s stand-in in the walk's files, by the work's index.
    stand_ins: Vec<Rc<[u8]>>,
    /// The items of each text lexed ahead, by the address of its bytes (the engine's
    /// template text is the chart file's allocation when it is UTF-8), with those bytes:
    /// kept, so that no other text can come to have that address (a subchart left out of
    /// the render frees its templates' bytes).
    texts: RefCell<Texts>,
    /// Whether the deferred reads were finished (by [`LexAhead::fill`] or
    /// [`LexAhead::read_error`]).
    filled: bool,
}

/// The address a text's bytes are known by.
fn addr(bytes: &[u8]) -> usize {
    bytes.as_ptr() as usize
}

impl LexAhead {
    #[cfg(target_os = "linux")]
    /// A helper waiting for the template files of a chart directory's walk
    /// ([`crate::load::read_chart_dir_deferring`]); `None` when there is no second core, or
    /// no helper could be started.
    pub fn reading() -> Option<LexAhead> {
        LexAhead::send()
    }

    /// Hands copies of a loaded chart's template texts (subcharts' too) to the helper to
    /// lex: for charts read from an archive, whose files no walk reads.
    pub fn start(chart: &Chart) -> Option<LexAhead> {
        let mut files = Vec::new();
        gather(chart, "", &mut files);
        let ahead = LexAhead::send()?;
        {
            let mut q = ahead.shared.lock();
            let mut texts = ahead.texts.borrow_mut();
            for (path, data) in &files {
                let i = q.push(Work::Lex(Box::from(&data[..])), path);
                texts.insert(addr(data), (Ahead::Work(i), data.clone()));
            }
        }
        ahead.shared.close(false);
        Some(ahead)
    }

    /// Starts the helper on a queue for this render, empty until work is pushed.
    fn send() -> Option<LexAhead> {
        let helper = helper()?;
        let ahead = LexAhead::unsent();
        // A helper gone (it never panics) leaves all work free: the render does it all.
        let _ = helper.send(ahead.shared.clone());
        Some(ahead)
    }

    /// A queue no helper has yet.
    fn unsent() -> LexAhead {
        let shared = Arc::new(Shared {
            pushed: AtomicUsize::new(0),
            queue: Mutex::new(Queue {
                work: Vec::new(),
                state: Vec::new(),
                ranks: Vec::new(),
                free_reads: BTreeSet::new(),
                free_lexes: BTreeSet::new(),
            }),
            closed: AtomicBool::new(false),
        });
        LexAhead {
            shared,
            stand_ins: Vec::new(),
            texts: RefCell::new(HashMap::new()),
            filled: false,
        }
    }

    #[cfg(target_os = "linux")]
    /// Puts the bytes of every file the walk deferred where its stand-in is in `chart`
    /// (its templates and raw files, its subcharts'), reading those the helper has not.
    /// The error is the first failed read in the walk's order, as the walk would have
    /// stopped at it.
    pub fn fill(&mut self, chart: &mut Chart) -> Result<(), String> {
        self.filled = true;
        let data = self.finish_reads()?;
        let by_stand_in: HashMap<usize, Rc<[u8]>> = self
            .stand_ins
            .iter()
            .zip(data)
            .map(|(s, d)| (addr(s), d))
            .collect();
        put(chart, &by_stand_in);
        Ok(())
    }

    #[cfg(target_os = "linux")]
    /// The first failed read among the deferred files, if any: for a walk, load or render
    /// that failed later, which a read that failed first would have stopped before. None
    /// once [`LexAhead::fill`] has run (it reported any such failure itself).
    pub fn read_error(&mut self) -> Option<String> {
        if self.filled {
            return None;
        }
        self.filled = true;
        self.finish_reads().err()
    }

    #[cfg(target_os = "linux")]
    /// Ends the walk's part and gets the bytes of every deferred file, in order.
    fn finish_reads(&mut self) -> Result<Vec<Rc<[u8]>>, String> {
        let s = &self.shared;
        let n = self.stand_ins.len();
        let mut got: Vec<Option<Result<Rc<[u8]>, String>>> = (0..n).map(|_| None).collect();
        // What the helper has not begun, from the end the engine parses last; the helper
        // lexes copies of them meanwhile, after its own reads.
        loop {
            let (i, work) = {
                let mut q = s.lock();
                let Some(&(_, i)) = q.free_reads.first() else {
                    break;
                };
                (i, q.claim(i, State::Mine))
            };
            let read = work.file().read();
            if let Ok(data) = &read {
                if work.file().lex && data.len() <= COPY_TO_LEX {
                    let mut q = s.lock();
                    let path = q.ranks[i].1.clone();
                    let j = q.push(Work::Lex(Box::from(&data[..])), &path);
                    s.pushed.fetch_add(1, Ordering::Release);
                    let entry = (Ahead::Work(j), data.clone());
                    self.texts.get_mut().insert(addr(data), entry);
                }
            }
            got[i] = Some(read);
        }
        s.close(false);
        for (i, slot) in got.iter_mut().enumerate() {
            if slot.is_some() {
                continue;
            }
            *slot = Some(match s.settle(i) {
                Some(State::Done(Some(data), lexed)) => {
                    let data = data.0;
                    if let Some(lexed) = lexed {
                        self.texts
                            .get_mut()
                            .insert(addr(&data), (Ahead::Ready(lexed), data.clone()));
                    }
                    Ok(data)
                }
                // Not done (or failed, for the error's text): read here, with the queue
                // let go of first.
                _ => {
                    let work = s.lock().work[i].clone();
                    work.file().read()
                }
            });
        }
        // Every slot is filled by now.
        got.into_iter().flatten().collect()
    }

    /// `later`, a failure after the load, unless a read the helper was left failed
    /// before it: Helm reads every file of a chart before anything else can fail.
    pub fn read_first(ahead: &mut Option<LexAhead>, later: String) -> String {
        ahead
            .as_mut()
            .and_then(LexAhead::read_error)
            .unwrap_or(later)
    }

    /// The items of `text` if they were lexed ahead; `None` tells the engine to lex it.
    pub fn take(&self, text: &str) -> Option<Lexed> {
        let i = match self.texts.borrow_mut().remove(&addr(text.as_bytes()))?.0 {
            Ahead::Ready(lexed) => return Some(lexed),
            Ahead::Work(i) => i,
        };
        // A copy (of an archive's template, or of one this thread read): the helper may not
        // be done with it, or not have begun it; then the engine lexes it.
        match self.shared.settle(i)? {
            State::Done(_, lexed) => lexed,
            _ => None,
        }
    }
}

#[cfg(target_os = "linux")]
impl crate::load::Defer for LexAhead {
    fn wants(&self, rel: &str) -> bool {
        deferred(rel).is_some()
    }

    fn defer(
        &mut self,
        dir: &Arc<OwnedFd>,
        name: &std::ffi::CStr,
        rel: &str,
        short_is_eof: bool,
    ) -> Rc<[u8]> {
        let work = Work::Read(FileRead {
            dir: dir.clone(),
            name: name.to_owned(),
            rel: rel.to_owned(),
            short_is_eof,
            lex: deferred(rel) == Some(Defers::Template),
        });
        let s = &self.shared;
        s.lock().push(work, rel);
        s.pushed.fetch_add(1, Ordering::Release);
        // Its own allocation, so its address tells it from every other stand-in.
        let stand_in: Rc<[u8]> = Rc::from(&[][..]);
        self.stand_ins.push(stand_in.clone());
        stand_in
    }
}

impl Drop for LexAhead {
    fn drop(&mut self) {
        // The helper takes no more of this render's work; what it is at, it owns.
        self.shared.close(true);
    }
}

/// Puts the bytes `by_stand_in` holds where their stand-ins are in `chart`.
fn put(chart: &mut Chart, by_stand_in: &HashMap<usize, Rc<[u8]>>) {
    let swap = |f: &mut binnacle_core::chart::File| {
        if f.data.is_empty() {
            if let Some(d) = by_stand_in.get(&addr(&f.data)) {
                f.data = d.clone();
            }
        }
    };
    for f in chart
        .templates
        .iter_mut()
        .chain(chart.raw.iter_mut())
        .chain(chart.files.iter_mut())
    {
        swap(f);
    }
    for d in &mut chart.dependencies {
        put(d, by_stand_in);
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

/// What the walk leaves to the helper of a chart directory's file, by its path in the
/// chart: a template of the chart or of a subchart in it (`templates/…` after any number of
/// `charts/NAME/`) to read and lex, any other file the load does not look into (`crds/`,
/// `files/`, a `README.md`) to read, and `None` for the files the load reads: `Chart.yaml`,
/// the lock and requirements files, `values.yaml`, `values.schema.json` and whatever lies
/// directly in a `charts/` (a subchart's archive).
fn deferred(mut name: &str) -> Option<Defers> {
    while let Some(rest) = name.strip_prefix("charts/") {
        match rest.split_once('/') {
            Some((_, inner)) => name = inner,
            None => return None,
        }
    }
    if name.starts_with("templates/") {
        return Some(Defers::Template);
    }
    match name {
        "Chart.yaml" | "Chart.lock" | "values.yaml" | "values.schema.json"
        | "requirements.yaml" | "requirements.lock" => None,
        _ => Some(Defers::Plain),
    }
}

/// A deferred file's kind (see [`deferred`]).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Defers {
    /// A template: read, then lexed.
    Template,
    /// Any other file the render only needs in place: read.
    Plain,
}

/// The helper thread: each render's work in turn. Between renders it sleeps until the
/// next one wakes it: polling for them cost a third of a core, and slowed renders on a
/// busy machine more than the wake-up does.
fn serve(renders: Receiver<Arc<Shared>>) {
    // Polls within a render sleep as long as asked, not the 50 µs more a thread may
    // oversleep by default.
    let _ = rustix::thread::set_current_timer_slack(std::num::NonZeroU64::new(1_000));
    for shared in renders {
        shared.run();
    }
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
                .spawn(move || serve(rx))
                .ok()?;
            Some(tx)
        })
        .as_ref()
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use binnacle_core::template::lex::lex as engine_lex;
    use std::path::{Path, PathBuf};

    /// A scratch chart directory unique to one test.
    fn scratch(name: &str, files: &[(&str, &[u8])]) -> PathBuf {
        let d = std::env::temp_dir().join(format!("binnacle-ahead-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        for (path, body) in files {
            let p = d.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, body).unwrap();
        }
        d
    }

    /// Every file of the chart tree (raw files, templates, subcharts'), as `path=bytes`.
    fn contents(c: &Chart, prefix: &str, out: &mut Vec<String>) {
        for f in c.raw.iter().chain(&c.templates).chain(&c.files) {
            out.push(format!(
                "{prefix}{}={}",
                f.name,
                String::from_utf8_lossy(&f.data)
            ));
        }
        for d in &c.dependencies {
            contents(d, &format!("{prefix}charts/{}/", d.name()), out);
        }
    }

    /// `pipeline::load`, waiting for the helper to read every template before the fill.
    fn load_settled(d: &Path) -> (Chart, Option<LexAhead>) {
        let mut ahead = LexAhead::reading();
        let defer = ahead.as_mut().map(|a| a as &mut dyn crate::load::Defer);
        let files = crate::load::read_chart_dir_deferring(d, defer).unwrap();
        let mut chart = binnacle_core::chart::load_shared(files).unwrap();
        if let Some(a) = &mut ahead {
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline
                && !a
                    .shared
                    .lock()
                    .state
                    .iter()
                    .all(|s| matches!(s, State::Done(..)))
            {
                std::thread::sleep(Duration::from_millis(1));
            }
            assert!(!a.stand_ins.is_empty());
            a.fill(&mut chart).unwrap();
            // Each template the helper read was lexed (but the one that is not UTF-8); the
            // README, the CRD and the subchart's file were only read.
            let templates = a
                .shared
                .lock()
                .work
                .iter()
                .filter(|w| matches!(&***w, Work::Read(_)) && !w.plain())
                .count();
            assert_eq!(templates, a.stand_ins.len() - 3);
            assert_eq!(a.texts.borrow().len(), templates - 1);
        }
        (chart, ahead)
    }

    /// `pipeline::load` with the templates put in place, as a render does.
    fn load_filled(d: &Path) -> Result<(Chart, Option<LexAhead>), String> {
        let (mut chart, mut ahead) = crate::pipeline::load(d, true)?;
        if let Some(a) = &mut ahead {
            a.fill(&mut chart)?;
        }
        Ok((chart, ahead))
    }

    fn load_plain(d: &Path) -> Result<Chart, String> {
        crate::pipeline::load(d, false).map(|(c, _)| c)
    }

    #[test]
    fn deferred_paths_of_the_chart_and_its_subcharts() {
        use Defers::{Plain, Template};
        for (path, want) in [
            ("templates/a.yaml", Some(Template)),
            ("templates/sub/_h.tpl", Some(Template)),
            ("charts/common/templates/_names.tpl", Some(Template)),
            ("charts/a/charts/b/templates/x.yaml", Some(Template)),
            ("files/templates/x.yaml", Some(Plain)),
            ("crds/crd.yaml", Some(Plain)),
            ("README.md", Some(Plain)),
            ("ci/values.yaml", Some(Plain)),
            ("charts/templates/x.yaml", Some(Plain)),
            ("charts/common/crds/a.yaml", Some(Plain)),
            ("charts/common/.helmignore", Some(Plain)),
            ("charts/a/charts/b/files/values.yaml", Some(Plain)),
            // What the load reads itself.
            ("values.yaml", None),
            ("Chart.yaml", None),
            ("Chart.lock", None),
            ("values.schema.json", None),
            ("requirements.yaml", None),
            ("requirements.lock", None),
            ("charts/common.tgz", None),
            ("charts/common.tgz.prov", None),
            ("charts/common/values.yaml", None),
            ("charts/a/charts/b/Chart.yaml", None),
            ("charts/a/charts/b.tgz", None),
        ] {
            assert_eq!(deferred(path), want, "{path}");
        }
    }

    /// The `Chart.yaml` of the small test charts.
    const CHART_YAML: &[u8] = b"apiVersion: v2\nname: x\nversion: 1.0.0\n";

    const TEXTS: [&str; 5] = [
        "a: {{ .Values.a | quote }}\n{{- if .b }}x{{ end }}",
        "{{/* c */}}{{ define \"t\" }}{{ include \"u\" . }}{{ end }}",
        "{{ \"unclosed }}",
        "plain text",
        "",
    ];

    /// A chart whose templates the helper reads loads as the walk alone loads it, every
    /// file in its place (subcharts', nested and empty ones, a byte order mark dropped),
    /// however far the helper got; each template's items, if lexed ahead, are the
    /// engine's own.
    #[test]
    fn templates_read_ahead_load_as_read_in_the_walk() {
        let mut files: Vec<(String, Vec<u8>)> = vec![
            (
                "Chart.yaml".into(),
                b"apiVersion: v2\nname: top\nversion: 1.0.0\n".to_vec(),
            ),
            ("values.yaml".into(), b"a: 1\n".to_vec()),
            ("README.md".into(), b"read me".to_vec()),
            (
                "crds/c.yaml".into(),
                b"kind: CustomResourceDefinition\n".to_vec(),
            ),
            ("charts/sub/files/x.txt".into(), b"\xEF\xBB\xBFx".to_vec()),
            (
                "charts/sub/Chart.yaml".into(),
                b"apiVersion: v2\nname: sub\nversion: 0.1.0\n".to_vec(),
            ),
            (
                "charts/sub/templates/_h.tpl".into(),
                b"{{ define \"h\" }}h{{ end }}".to_vec(),
            ),
            (
                "templates/bom.yaml".into(),
                b"\xEF\xBB\xBFbom: {{ .x }}".to_vec(),
            ),
            (
                "templates/bad.yaml".into(),
                b"\xFF\xFE not utf-8 {{ .x }}".to_vec(),
            ),
        ];
        for (i, t) in TEXTS.iter().enumerate() {
            files.push((format!("templates/t{i}.yaml"), t.as_bytes().to_vec()));
            files.push((
                format!("templates/deep/t{i}.yaml"),
                t.repeat(i + 1).into_bytes(),
            ));
        }
        let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), &b[..])).collect();
        let d = scratch("read", &refs);
        let mut want = Vec::new();
        contents(&load_plain(&d).unwrap(), "", &mut want);
        assert!(want.iter().any(|f| f == "templates/bom.yaml=bom: {{ .x }}"));
        for round in 0..50 {
            let (chart, ahead) = if round % 2 == 0 {
                load_filled(&d).unwrap()
            } else {
                // The helper's own reads, all of them: it is let finish before the fill.
                load_settled(&d)
            };
            let mut got = Vec::new();
            contents(&chart, "", &mut got);
            assert_eq!(got, want);
            let Some(ahead) = ahead else {
                continue; // one core: the walk read them all.
            };
            let mut all = chart.templates.clone();
            all.extend(chart.dependencies.iter().flat_map(|c| c.templates.clone()));
            for f in all {
                let Ok(text) = std::str::from_utf8(&f.data) else {
                    continue;
                };
                if let Some(items) = ahead.take(text) {
                    let engine = engine_lex(text, true, true);
                    assert_eq!(items.items, engine.items, "{}", f.name);
                    assert_eq!(items.error, engine.error);
                    assert!(items.fits(text, true, true));
                }
                // Taken once: the engine lexes a text it asks for again.
                assert!(ahead.take(text).is_none());
            }
            // A text not read ahead, even one equal to a template's, is the engine's.
            assert!(ahead.take(TEXTS[0]).is_none());
        }
        std::fs::remove_dir_all(&d).unwrap();
    }

    /// Templates the render thread reads itself (here all: the helper comes only after the
    /// fill) load as the walk reads them, and the helper lexes copies of them, which the
    /// engine gets for the texts it holds.
    #[test]
    fn templates_read_by_the_render_thread_are_lexed_from_copies() {
        let d = scratch(
            "copies",
            &[
                ("Chart.yaml", CHART_YAML),
                ("templates/a.yaml", TEXTS[0].as_bytes()),
                ("templates/b.yaml", TEXTS[1].as_bytes()),
                ("templates/c.yaml", TEXTS[2].as_bytes()),
                ("templates/sub/d.yaml", TEXTS[3].as_bytes()),
            ],
        );
        let Some(helper) = helper() else {
            return; // one core: nothing is lexed ahead.
        };
        let mut want = Vec::new();
        contents(&load_plain(&d).unwrap(), "", &mut want);
        let mut ahead = LexAhead::unsent();
        let files = crate::load::read_chart_dir_deferring(&d, Some(&mut ahead)).unwrap();
        let mut chart = binnacle_core::chart::load_shared(files).unwrap();
        ahead.fill(&mut chart).unwrap();
        let mut got = Vec::new();
        contents(&chart, "", &mut got);
        assert_eq!(got, want);
        // The copies wait for a helper, in the engine's order of parsing.
        let ranks: Vec<Rank> = {
            let q = ahead.shared.lock();
            q.free_lexes.iter().rev().map(|(r, _)| r.clone()).collect()
        };
        let paths: Vec<&str> = ranks.iter().map(|r| &*r.1).collect();
        assert_eq!(
            paths,
            [
                "templates/sub/d.yaml",
                "templates/c.yaml",
                "templates/b.yaml",
                "templates/a.yaml"
            ]
        );
        helper.send(ahead.shared.clone()).unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        let lexing = |q: &Queue| {
            (0..q.work.len()).any(|i| {
                matches!(*q.work[i], Work::Lex(_)) && !matches!(q.state[i], State::Done(..))
            })
        };
        while Instant::now() < deadline && lexing(&ahead.shared.lock()) {
            std::thread::sleep(Duration::from_millis(1));
        }
        for f in &chart.templates {
            let text = std::str::from_utf8(&f.data).unwrap();
            let items = ahead.take(text).expect("lexed from a copy");
            let engine = engine_lex(text, true, true);
            assert_eq!(items.items, engine.items, "{}", f.name);
            assert_eq!(items.error, engine.error);
        }
        std::fs::remove_dir_all(&d).unwrap();
    }

    /// A deferred file (a template, or a file only read) that cannot be read fails the
    /// load with the walk's own message, before anything the walk or the loader would have
    /// found after it.
    #[test]
    fn a_failed_read_ahead_fails_first() {
        for (case, big_path) in ["templates/big.yaml", "files/big.bin"]
            .into_iter()
            .enumerate()
        {
            failed_read_fails_first(&format!("fail{case}"), big_path);
        }
    }

    fn failed_read_fails_first(name: &str, big_path: &str) {
        let big = vec![b'x'; binnacle_core::limits::MAX_FILE_SIZE + 1];
        let big_name = big_path.rsplit('/').next().unwrap();
        // Chart.yaml missing: the loader's error comes after the walk's.
        let d = scratch(
            name,
            &[
                ("templates/a.yaml", b"a"),
                (big_path, &big),
                ("values.yaml", b""),
            ],
        );
        let want = load_plain(&d).unwrap_err();
        assert!(want.contains(big_name), "{want}");
        for _ in 0..20 {
            assert_eq!(load_filled(&d).err(), Some(want.clone()));
        }
        // A walk that fails later (an irregular file) still reports the read first.
        let fifo = d.join("values.yaml");
        std::fs::remove_file(&fifo).unwrap();
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            for _ in 0..20 {
                assert_eq!(load_filled(&d).err(), Some(want.clone()));
            }
        }
        // Without the big file, the loader's own error.
        std::fs::remove_file(d.join(big_path)).unwrap();
        let _ = std::fs::remove_file(&fifo);
        let want = load_plain(&d).unwrap_err();
        assert!(want.contains("Chart.yaml file is missing"), "{want}");
        assert_eq!(load_filled(&d).err(), Some(want));
        // With a Chart.yaml, the chart loads, and the failed read comes out of the fill:
        // a render fails with it, before its values are even checked.
        std::fs::write(d.join(big_path), &big).unwrap();
        std::fs::write(d.join("Chart.yaml"), CHART_YAML).unwrap();
        std::fs::write(d.join("values.schema.json"), r#"{"required": ["missing"]}"#).unwrap();
        let want = load_plain(&d).unwrap_err();
        assert!(want.contains(big_name), "{want}");
        for _ in 0..20 {
            assert_eq!(load_filled(&d).err(), Some(want.clone()));
            let mut req = crate::pipeline::RenderRequest::new(&d);
            req.release_name = "demo".into();
            assert_eq!(crate::pipeline::render(&req).err(), Some(want.clone()));
        }
        std::fs::remove_dir_all(&d).unwrap();
    }

    /// A render that ends before it takes its templates leaves the helper free for the
    /// next one, which still gets its own bytes.
    #[test]
    fn renders_that_end_early_leave_the_helper_free() {
        let d = scratch(
            "early",
            &[
                ("Chart.yaml", CHART_YAML),
                ("templates/a.yaml", b"{{ .a }}"),
                ("templates/b.yaml", b"{{ .b }}"),
            ],
        );
        let files = || crate::load::read_chart_dir_shared(&d).unwrap();
        for _ in 0..20 {
            // Walked, never filled.
            let mut ahead = LexAhead::reading();
            let defer = ahead.as_mut().map(|a| a as &mut dyn crate::load::Defer);
            crate::load::read_chart_dir_deferring(&d, defer).unwrap();
            drop(ahead);
            let (chart, _) = load_filled(&d).unwrap();
            let got: Vec<_> = chart
                .raw
                .iter()
                .map(|f| (f.name.clone(), f.data.to_vec()))
                .collect();
            let want: Vec<_> = files().into_iter().map(|(n, b)| (n, b.to_vec())).collect();
            assert_eq!(got, want);
        }
        std::fs::remove_dir_all(&d).unwrap();
    }

    /// An archive's templates are lexed from copies: the items are the engine's own, or
    /// none, and are handed out for the chart's own texts only.
    #[test]
    fn archive_templates_are_lexed_from_copies() {
        let mut chart =
            binnacle_core::chart::load_shared(vec![("Chart.yaml".into(), Rc::from(CHART_YAML))])
                .unwrap();
        for (i, t) in TEXTS.iter().enumerate() {
            chart.templates.push(binnacle_core::chart::File {
                name: format!("templates/t{i}.yaml"),
                data: Rc::from(t.as_bytes()),
            });
        }
        for _ in 0..50 {
            let Some(ahead) = LexAhead::start(&chart) else {
                return; // one core: nothing is lexed ahead, which the engine handles.
            };
            for f in chart.templates.iter().rev() {
                let text = std::str::from_utf8(&f.data).unwrap();
                if let Some(got) = ahead.take(text) {
                    let want = engine_lex(text, true, true);
                    assert_eq!(got.items, want.items);
                    assert_eq!(got.error, want.error);
                }
            }
            assert!(ahead.take(TEXTS[0]).is_none());
        }
    }
}
