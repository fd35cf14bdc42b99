//! Reading charts from disk: Helm's directory walk (sorted, symlinks followed, `.helmignore`
//! pruning) and archives. The pure loader in `binnacle_core::chart` does the rest.

use std::path::Path;
use std::rc::Rc;

use binnacle_core::chart::ignore::IgnoreRules;
use binnacle_core::limits::MAX_FILE_SIZE;

/// A chart file as read from disk: chart-relative path with `/`, and bytes.
pub type ChartFile = (String, Vec<u8>);

/// A chart file as [`read_chart_dir_shared`] reads it: path, and the bytes the chart keeps.
pub type SharedFile = binnacle_core::chart::SharedFile;

/// Walks a chart directory as Helm's `LoadDir` does and returns its files.
///
/// Entries are visited depth-first in byte order; symbolic links are followed (a link to a
/// directory is walked, with a guard against cycles); ignored directories are pruned.
pub fn read_chart_dir(dir: &Path) -> Result<Vec<ChartFile>, String> {
    let files = read_chart_dir_shared(dir)?;
    Ok(files.into_iter().map(|(n, d)| (n, d.to_vec())).collect())
}

/// [`read_chart_dir`] with each file's bytes read once into the shared form the loader
/// keeps (`chart::load_shared`), as rendering takes them.
pub fn read_chart_dir_shared(dir: &Path) -> Result<Vec<SharedFile>, String> {
    let top = std::fs::canonicalize(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut rules = IgnoreRules::empty();
    let ifile = top.join(".helmignore");
    if ifile.is_file() {
        let text = std::fs::read(&ifile).map_err(|e| format!("{}: {e}", ifile.display()))?;
        rules = IgnoreRules::parse(&text)?;
    }
    rules.add_defaults();
    let mut files = Vec::new();
    let mut seen = Vec::new();
    let top_meta = std::fs::metadata(&top).map_err(|e| format!("{}: {e}", top.display()))?;
    walk(&top, &top_meta, "", &rules, &mut files, &mut seen)?;
    Ok(files)
}

/// A directory's identity, to notice a symbolic link leading back into the walk.
#[cfg(unix)]
fn dir_id(_: &Path, meta: &std::fs::Metadata) -> Result<DirId, String> {
    use std::os::unix::fs::MetadataExt;
    Ok((meta.dev(), meta.ino()))
}
#[cfg(unix)]
type DirId = (u64, u64);

#[cfg(not(unix))]
fn dir_id(dir: &Path, _: &std::fs::Metadata) -> Result<DirId, String> {
    std::fs::canonicalize(dir).map_err(|e| format!("{}: {e}", dir.display()))
}
#[cfg(not(unix))]
type DirId = std::path::PathBuf;

fn walk(
    dir: &Path,
    dir_meta: &std::fs::Metadata,
    rel: &str,
    rules: &IgnoreRules,
    out: &mut Vec<SharedFile>,
    seen: &mut Vec<DirId>,
) -> Result<(), String> {
    let id = dir_id(dir, dir_meta)?;
    if seen.contains(&id) {
        return Err(format!(
            "cannot load {}: symbolic link cycle",
            dir.display()
        ));
    }
    seen.push(id);
    let mut entries: Vec<(String, std::fs::DirEntry)> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| {
            e.ok()
                .map(|e| (e.file_name().to_string_lossy().into_owned(), e))
        })
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, entry) in entries {
        let path = entry.path();
        let n = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        // Symbolic links are followed: the target's metadata counts. Plain entries need no
        // extra `stat` to tell a directory from a file.
        let (is_dir, is_file) = match entry.file_type() {
            Ok(t) if t.is_dir() => (true, false),
            Ok(t) if t.is_file() => (false, true),
            _ => {
                let meta =
                    std::fs::metadata(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                (meta.is_dir(), meta.is_file())
            }
        };
        if is_dir {
            if rules.ignore(&n, true) {
                continue;
            }
            let meta = std::fs::metadata(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            walk(&path, &meta, &n, rules, out, seen)?;
            continue;
        }
        if rules.ignore(&n, false) {
            continue;
        }
        // A FIFO would block `open`: only plain files are opened.
        if !is_file {
            return Err(format!(
                "cannot load irregular file {} as it has file mode type bits set",
                path.display()
            ));
        }
        out.push((n.clone(), read_file(&path, &name, &n)?));
    }
    seen.pop();
    Ok(())
}

/// Reads one plain chart file with Helm's size limit, a UTF-8 BOM dropped.
///
/// Reads go through one reused buffer until end of file, so a file costs `open`, `read`s
/// and `close` with no `stat` (the directory listing already said it is a plain file); a
/// file that fits the buffer is copied once, into the shared bytes the chart keeps.
fn read_file(path: &Path, name: &str, rel: &str) -> Result<Rc<[u8]>, String> {
    use std::io::Read;
    thread_local! {
        static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let too_big =
        || format!("chart file {name:?} is larger than the maximum file size {MAX_FILE_SIZE}");
    let mut f = std::fs::File::open(path).map_err(|e| format!("error reading {rel}: {e}"))?;
    let strip = |b: &[u8]| -> Rc<[u8]> { Rc::from(b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b)) };
    BUF.with(|buf| {
        let mut buf = buf.borrow_mut();
        if buf.is_empty() {
            buf.resize(256 << 10, 0);
        }
        // Fill the buffer; only a file larger than it spills into a growing vector.
        let (mut filled, mut total) = (0, 0);
        let mut spill: Vec<u8> = Vec::new();
        loop {
            let n = match f.read(&mut buf[filled..]) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(format!("error reading {rel}: {e}")),
            };
            total += n;
            if total > MAX_FILE_SIZE {
                return Err(too_big());
            }
            filled += n;
            if filled == buf.len() {
                spill.extend_from_slice(&buf[..filled]);
                filled = 0;
            }
        }
        if spill.is_empty() {
            return Ok(strip(&buf[..filled]));
        }
        spill.extend_from_slice(&buf[..filled]);
        Ok(strip(&spill))
    })
}
