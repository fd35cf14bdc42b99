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
    #[cfg(target_os = "linux")]
    return read_chart_dir_deferring(dir, None);
    #[cfg(not(target_os = "linux"))]
    {
        let mut files = Vec::new();
        let mut seen = Vec::new();
        let top = std::fs::canonicalize(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let mut rules = IgnoreRules::empty();
        let ifile = top.join(".helmignore");
        if ifile.is_file() {
            let text = std::fs::read(&ifile).map_err(|e| format!("{}: {e}", ifile.display()))?;
            rules = IgnoreRules::parse(&text)?;
        }
        rules.add_defaults();
        let top_meta = std::fs::metadata(&top).map_err(|e| format!("{}: {e}", top.display()))?;
        walk(&top, &top_meta, "", &rules, &mut files, &mut seen)?;
        Ok(files)
    }
}

/// Takes over reading some of a walk's files, so that another thread reads them while
/// the walk goes on (the render's helper reads and lexes the templates).
#[cfg(target_os = "linux")]
pub trait Defer {
    /// Whether the file at chart-relative path `rel` is left to [`Defer::defer`].
    fn wants(&self, rel: &str) -> bool;
    /// Takes the plain file `name` of the directory `dir`, at `rel`; returns the bytes
    /// that stand in for it in the walk's files until it is read.
    fn defer(
        &mut self,
        dir: &std::sync::Arc<std::os::fd::OwnedFd>,
        name: &std::ffi::CStr,
        rel: &str,
        short_is_eof: bool,
    ) -> Rc<[u8]>;
}

/// [`read_chart_dir_shared`], leaving the files `defer` wants to it: their bytes in the
/// result are its stand-ins. Linux only: the deferred reads open their files relative to
/// their directory's descriptor.
#[cfg(target_os = "linux")]
pub fn read_chart_dir_deferring(
    dir: &Path,
    defer: Option<&mut dyn Defer>,
) -> Result<Vec<SharedFile>, String> {
    let fd = open_chart_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    read_open_chart_dir(dir, fd, defer)
}

/// Opens a chart directory for [`read_open_chart_dir`]; fails with `ENOTDIR` when the
/// path is a file (an archive), which spares asking first what it is.
#[cfg(target_os = "linux")]
pub fn open_chart_dir(dir: &Path) -> std::io::Result<std::os::fd::OwnedFd> {
    at::open_dir(None, dir)
}

/// [`read_chart_dir_deferring`] of a directory already opened ([`open_chart_dir`]).
#[cfg(target_os = "linux")]
pub fn read_open_chart_dir(
    dir: &Path,
    fd: std::os::fd::OwnedFd,
    defer: Option<&mut dyn Defer>,
) -> Result<Vec<SharedFile>, String> {
    let mut files = Vec::new();
    let mut seen = Vec::new();
    // Named as Helm names it (`filepath.Abs`, links unresolved) and opened once: the
    // kernel resolves the path one time instead of once per component and again per use
    // (a tenth of a small chart's system calls).
    let top = absolute(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let ignore_file = at::read_ignore(&fd, &top)?;
    let mut rules = match &ignore_file {
        Some(text) => IgnoreRules::parse(text)?,
        None => IgnoreRules::empty(),
    };
    rules.add_defaults();
    let mut walk = at::Walk {
        rules: &rules,
        ignore_file: ignore_file.as_deref(),
        defer,
    };
    walk.dir(&top, fd, "", &mut files, &mut seen)?;
    Ok(files)
}

/// `filepath.Abs`: `dir` joined to the working directory when relative, then cleaned
/// (`.` and `..` resolved by name, as Go does, not by following links).
pub fn absolute(dir: &Path) -> std::io::Result<std::path::PathBuf> {
    if dir.is_absolute() {
        return Ok(clean_path(dir));
    }
    Ok(clean_path(&std::env::current_dir()?.join(dir)))
}

/// `filepath.Clean` of an absolute path.
pub(crate) fn clean_path(p: &Path) -> std::path::PathBuf {
    use std::path::Component;
    let mut out = std::path::PathBuf::from("/");
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(n) => out.push(n),
            _ => {}
        }
    }
    out
}

#[cfg(target_os = "linux")]
pub(crate) use at::read_at;

/// The walk on Linux: every entry is opened relative to its directory's descriptor, so
/// the kernel resolves one name per file instead of the whole path again (the path walks
/// were a tenth of the kernel's time reading a chart). Same order, rules and messages
/// as [`walk`].
#[cfg(target_os = "linux")]
mod at {
    use std::os::fd::{BorrowedFd, OwnedFd};
    use std::path::Path;

    use rustix::fs::{AtFlags, Dir, FileType, Mode, OFlags};

    use std::rc::Rc;

    use super::{bom_len, read_open_file, too_big, DirId, IgnoreRules, SharedFile, MAX_FILE_SIZE};

    /// The chart's `.helmignore` as written, read through the chart directory's
    /// descriptor; `None` when there is none. Helm's `LoadDir` parses whatever `os.Stat`
    /// finds, so a directory of that name fails as reading it fails in Go; other special
    /// files, which would block, count as absent.
    pub(super) fn read_ignore(top: &OwnedFd, dir: &Path) -> Result<Option<Vec<u8>>, String> {
        use std::io::Read;
        let name = c".helmignore";
        let path = dir.join(".helmignore");
        match rustix::fs::statat(top, name, AtFlags::empty()) {
            Ok(st) => match FileType::from_raw_mode(st.st_mode) {
                FileType::RegularFile => {}
                FileType::Directory => {
                    return Err(format!("read {}: is a directory", path.display()))
                }
                _ => return Ok(None),
            },
            Err(_) => return Ok(None),
        }
        let err = |e: std::io::Error| format!("{}: {e}", path.display());
        let fd = rustix::fs::openat(top, name, OFlags::RDONLY | OFlags::CLOEXEC, Mode::empty())
            .map_err(|e| err(e.into()))?;
        // Through `Take`, which reads until a read returns nothing: `File`'s own
        // `read_to_end` first asks the file's size and position (two more system calls
        // for a file of a few lines).
        let mut text = Vec::new();
        std::fs::File::from(fd)
            .take(u64::MAX)
            .read_to_end(&mut text)
            .map_err(err)?;
        Ok(Some(text))
    }

    /// What every directory of one walk shares.
    pub(super) struct Walk<'r, 'd> {
        pub(super) rules: &'r IgnoreRules,
        /// The top `.helmignore`, already read for its rules: kept as the chart's file too
        /// rather than read again.
        pub(super) ignore_file: Option<&'r [u8]>,
        /// Who reads the files it wants instead of the walk.
        pub(super) defer: Option<&'d mut dyn super::Defer>,
    }

    /// Reads the plain file `raw` (`name` as text) of the directory `dir`, at `rel` in the
    /// chart, as the walk reads its files.
    pub(crate) fn read_at(
        dir: BorrowedFd<'_>,
        raw: &std::ffi::CStr,
        name: &str,
        rel: &str,
        short_is_eof: bool,
    ) -> Result<Rc<[u8]>, String> {
        let f = rustix::fs::openat(dir, raw, OFlags::RDONLY | OFlags::CLOEXEC, Mode::empty())
            .map_err(|e| format!("error reading {rel}: {}", std::io::Error::from(e)))?;
        read_open_file(std::fs::File::from(f), name, rel, short_is_eof)
    }

    /// Whether a short read of a plain file in the directory `fd` is its end, so the read
    /// that would confirm it (a fifth of a small file's system calls) can be left out.
    /// True for the local file systems whose reads of plain files return all that was asked
    /// up to the end (page-cache reads, interrupted only by fatal signals); anything else,
    /// or a failed `fstatfs`, keeps reading until a read returns nothing.
    fn short_read_is_eof(fd: &OwnedFd) -> bool {
        // Magic numbers from linux/magic.h.
        const LOCAL: [u32; 7] = [
            0xEF53,      // ext2, ext3, ext4
            0x5846_5342, // xfs
            0x9123_683E, // btrfs
            0x0102_1994, // tmpfs
            0x794C_7630, // overlayfs (containers)
            0xF2F5_2010, // f2fs
            0x8584_58F6, // ramfs
        ];
        match rustix::fs::fstatfs(fd) {
            // The field's width varies by architecture; the magic is its low 32 bits.
            Ok(st) => LOCAL.contains(&(st.f_type as u32)),
            Err(_) => false,
        }
    }

    /// Opens the directory `name` (in `parent`, or the path itself).
    pub(super) fn open_dir(
        parent: Option<BorrowedFd<'_>>,
        name: &Path,
    ) -> std::io::Result<OwnedFd> {
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
        let fd = match parent {
            Some(p) => rustix::fs::openat(p, name, flags, Mode::empty())?,
            None => rustix::fs::openat(rustix::fs::CWD, name, flags, Mode::empty())?,
        };
        Ok(fd)
    }

    impl Walk<'_, '_> {
        pub(super) fn dir(
            &mut self,
            dir: &Path,
            fd: OwnedFd,
            rel: &str,
            out: &mut Vec<SharedFile>,
            seen: &mut Vec<DirId>,
        ) -> Result<(), String> {
            let rules = self.rules;
            let io =
                |e: rustix::io::Errno| format!("{}: {}", dir.display(), std::io::Error::from(e));
            let st = rustix::fs::fstat(&fd).map_err(io)?;
            let id = (st.st_dev, st.st_ino);
            if seen.contains(&id) {
                return Err(format!(
                    "cannot load {}: symbolic link cycle",
                    dir.display()
                ));
            }
            seen.push(id);
            let short_is_eof = short_read_is_eof(&fd);
            let mut listing = Dir::new(fd).map_err(io)?;
            let mut entries: Vec<(String, std::ffi::CString, FileType)> = Vec::new();
            for e in listing.by_ref() {
                let e = e.map_err(io)?;
                let raw = e.file_name();
                if matches!(raw.to_bytes(), b"." | b"..") {
                    continue;
                }
                let name = String::from_utf8_lossy(raw.to_bytes()).into_owned();
                entries.push((name, raw.to_owned(), e.file_type()));
            }
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            let dfd = listing.fd().map_err(io)?;
            // The directory as the deferred reads open their files in, once one is.
            let mut shared_dir = None;
            for (name, raw, ty) in entries {
                // Only errors and subdirectories need the whole path.
                let path = || dir.join(&name);
                let n = if rel.is_empty() {
                    name.clone()
                } else {
                    format!("{rel}/{name}")
                };
                let err = |e: rustix::io::Errno| {
                    format!("{}: {}", path().display(), std::io::Error::from(e))
                };
                // Symbolic links are followed: the target's type counts.
                let ty = match ty {
                    FileType::Directory | FileType::RegularFile => ty,
                    _ => FileType::from_raw_mode(
                        rustix::fs::statat(dfd, raw.as_c_str(), AtFlags::empty())
                            .map_err(err)?
                            .st_mode,
                    ),
                };
                if ty == FileType::Directory {
                    if rules.ignore(&n, true) {
                        continue;
                    }
                    let sub = open_dir(Some(dfd), Path::new(&name))
                        .map_err(|e| format!("{}: {e}", path().display()))?;
                    self.dir(&path(), sub, &n, out, seen)?;
                    continue;
                }
                if rules.ignore(&n, false) {
                    continue;
                }
                // A FIFO would block `open`: only plain files are opened.
                if ty != FileType::RegularFile {
                    return Err(format!(
                        "cannot load irregular file {} as it has file mode type bits set",
                        path().display()
                    ));
                }
                if let (true, Some(text)) = (n == ".helmignore", self.ignore_file) {
                    if text.len() > MAX_FILE_SIZE {
                        return Err(too_big(&name));
                    }
                    out.push((n.clone(), Rc::from(&text[bom_len(text)..])));
                    continue;
                }
                if let Some(defer) = self.defer.as_deref_mut().filter(|d| d.wants(&n)) {
                    let d = match shared_dir {
                        Some(ref d) => d,
                        None => shared_dir.insert(std::sync::Arc::new(
                            rustix::io::fcntl_dupfd_cloexec(dfd, 0).map_err(io)?,
                        )),
                    };
                    let stand_in = defer.defer(d, raw.as_c_str(), &n, short_is_eof);
                    out.push((n, stand_in));
                    continue;
                }
                let data = read_at(dfd, raw.as_c_str(), &name, &n, short_is_eof)?;
                out.push((n, data));
            }
            seen.pop();
            Ok(())
        }
    }
}

/// A directory's identity, to notice a symbolic link leading back into the walk.
#[cfg(all(unix, not(target_os = "linux")))]
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

#[cfg(not(target_os = "linux"))]
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

/// Reads one plain chart file by path ([`read_open_file`]).
#[cfg(any(test, not(target_os = "linux")))]
fn read_file(path: &Path, name: &str, rel: &str) -> Result<Rc<[u8]>, String> {
    let f = std::fs::File::open(path).map_err(|e| format!("error reading {rel}: {e}"))?;
    read_open_file(f, name, rel, false)
}

/// Helm's refusal of a chart file over its size limit.
fn too_big(name: &str) -> String {
    format!("chart file {name:?} is larger than the maximum file size {MAX_FILE_SIZE}")
}

/// Length of the UTF-8 byte order mark `b` starts with, which Helm's loader drops.
fn bom_len(b: &[u8]) -> usize {
    if b.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    }
}

/// The reused buffer a file is read into first: templates are rarely larger, and a
/// larger file is read straight into its own bytes rather than copied out of here.
const READ_BUF: usize = 64 << 10;

/// Reads one plain chart file with Helm's size limit, a UTF-8 BOM dropped.
///
/// Reads go through one reused buffer until end of file, so a file costs `open`, `read`s
/// and `close` with no `stat` (the directory listing already said it is a plain file); a
/// file that fits the buffer is copied once, into the shared bytes the chart keeps. A file
/// that fills the buffer is sized with one `fstat` and the rest of it read straight into
/// those shared bytes (CRD bundles run to a megabyte, and copying them through a growing
/// vector cost more than the kernel's own read).
fn read_open_file(
    mut f: std::fs::File,
    name: &str,
    rel: &str,
    short_is_eof: bool,
) -> Result<Rc<[u8]>, String> {
    use std::io::Read;
    thread_local! {
        static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let too_big = || too_big(name);
    let read_err = |e: std::io::Error| format!("error reading {rel}: {e}");
    // Reads into `dst` until it is full or the file ends; returns the bytes read.
    let fill = |f: &mut std::fs::File, dst: &mut [u8]| -> Result<usize, String> {
        let mut at = 0;
        while at < dst.len() {
            match f.read(&mut dst[at..]) {
                Ok(0) => break,
                Ok(n) => {
                    at += n;
                    if short_is_eof && at < dst.len() {
                        break;
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(read_err(e)),
            }
        }
        Ok(at)
    };
    BUF.with(|buf| {
        let mut buf = buf.borrow_mut();
        if buf.is_empty() {
            buf.resize(READ_BUF, 0);
        }
        let filled = fill(&mut f, &mut buf)?;
        if filled < buf.len() {
            let skip = bom_len(&buf[..filled]);
            return Ok(Rc::from(&buf[skip..filled]));
        }
        // A large file: its size says how much room the rest needs.
        let len = f.metadata().map_err(read_err)?.len();
        if len > MAX_FILE_SIZE as u64 {
            return Err(too_big());
        }
        let skip = bom_len(&buf);
        let len = (len as usize).max(filled);
        // Read straight into the kept bytes, not zeroed first: a CRD bundle is a megabyte.
        let mut data = Rc::<[u8]>::new_uninit_slice(len - skip);
        let dst = Rc::get_mut(&mut data).expect("just made");
        let head = filled - skip;
        dst[..head].write_copy_of_slice(&buf[skip..]);
        let mut got = head;
        while got < dst.len() {
            match rustix::io::read(&f, &mut dst[got..]) {
                Ok(([], _)) => break,
                Ok((read, _)) => got += read.len(),
                Err(rustix::io::Errno::INTR) => {}
                Err(e) => return Err(read_err(e.into())),
            }
        }
        // A file that changed size while being read: whatever it holds now, within limits.
        let mut extra = Vec::new();
        (&mut f)
            .take((MAX_FILE_SIZE + 1 - (got + skip).min(MAX_FILE_SIZE)) as u64)
            .read_to_end(&mut extra)
            .map_err(read_err)?;
        if got + skip + extra.len() > MAX_FILE_SIZE {
            return Err(too_big());
        }
        if got == data.len() && extra.is_empty() {
            // SAFETY: every byte up to `got`, the whole slice, was written above.
            return Ok(unsafe { data.assume_init() });
        }
        // A file that shrank or grew: what was read, then the rest.
        // SAFETY: the bytes before `got` were written above.
        let mut all = unsafe { data[..got].assume_init_ref() }.to_vec();
        all.extend_from_slice(&extra);
        Ok(Rc::from(all))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scratch directory unique to one test.
    fn scratch(name: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("binnacle-load-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    /// Files below, at and beyond the read buffer's size come back byte for byte, with a
    /// leading BOM dropped.
    #[test]
    fn files_of_every_size_read_whole() {
        let d = scratch("sizes");
        let buf = READ_BUF;
        for (i, len) in [0, 1, 3, buf - 1, buf, buf + 1, 3 * buf + 17]
            .into_iter()
            .enumerate()
        {
            for with_bom in [false, true] {
                let body: Vec<u8> = (0..len).map(|j| (j * 7 + i) as u8).collect();
                let mut bytes = if with_bom {
                    b"\xEF\xBB\xBF".to_vec()
                } else {
                    Vec::new()
                };
                bytes.extend_from_slice(&body);
                let p = d.join(format!("f{i}-{with_bom}"));
                std::fs::write(&p, &bytes).unwrap();
                for short_is_eof in [false, true] {
                    let f = std::fs::File::open(&p).unwrap();
                    let got = read_open_file(f, "f", "f", short_is_eof).unwrap();
                    let what = format!("len {len} bom {with_bom} short_is_eof {short_is_eof}");
                    assert_eq!(got.len(), body.len(), "{what}");
                    assert!(*got == *body, "{what}");
                }
            }
        }
        std::fs::remove_dir_all(&d).unwrap();
    }

    /// A file over Helm's limit is refused with Helm's message.
    #[test]
    fn files_over_the_limit_are_refused() {
        let d = scratch("limit");
        let p = d.join("big");
        std::fs::write(&p, vec![b'a'; MAX_FILE_SIZE + 1]).unwrap();
        let e = read_file(&p, "big", "templates/big").unwrap_err();
        assert!(e.contains("larger than the maximum file size"), "{e}");
        std::fs::write(&p, vec![b'a'; MAX_FILE_SIZE]).unwrap();
        assert_eq!(
            read_file(&p, "big", "templates/big").unwrap().len(),
            MAX_FILE_SIZE
        );
        std::fs::remove_dir_all(&d).unwrap();
    }

    /// The walk lists files depth-first in byte order with chart-relative names, follows
    /// symbolic links to files and directories, prunes what `.helmignore` names, and
    /// refuses link cycles and irregular files with Helm's messages.
    #[cfg(unix)]
    #[test]
    fn walk_order_links_ignores_and_refusals() {
        use std::os::unix::fs::symlink;
        let d = scratch("walk");
        let w = |p: &str, body: &str| {
            let p = d.join(p);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, body).unwrap();
        };
        w("Chart.yaml", "name: x");
        w("templates/b.yaml", "b");
        w("templates/a.yaml", "a");
        w("templates/sub/c.yaml", "c");
        w("skip/me.txt", "no");
        w("other/z.txt", "z");
        w(".helmignore", "skip/\n*.bak\n");
        w("templates/old.bak", "bak");
        symlink(d.join("other"), d.join("linked")).unwrap();
        symlink(d.join("templates/a.yaml"), d.join("alias.yaml")).unwrap();
        let names: Vec<String> = read_chart_dir_shared(&d)
            .unwrap()
            .into_iter()
            .map(|(n, data)| format!("{n}={}", String::from_utf8_lossy(&data)))
            .collect();
        assert_eq!(
            names,
            [
                ".helmignore=skip/\n*.bak\n",
                "Chart.yaml=name: x",
                "alias.yaml=a",
                "linked/z.txt=z",
                "other/z.txt=z",
                "templates/a.yaml=a",
                "templates/b.yaml=b",
                "templates/sub/c.yaml=c",
            ]
        );
        symlink(&d, d.join("other/loop")).unwrap();
        let e = read_chart_dir_shared(&d).unwrap_err();
        assert!(e.contains("symbolic link cycle"), "{e}");
        std::fs::remove_file(d.join("other/loop")).unwrap();
        let fifo = d.join("templates/pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let e = read_chart_dir_shared(&d).unwrap_err();
            assert!(e.contains("cannot load irregular file"), "{e}");
            assert!(e.contains("templates/pipe"), "{e}");
        }
        std::fs::remove_dir_all(&d).unwrap();
    }

    /// The top `.helmignore` gives its rules as written (a byte order mark included, as
    /// Helm's rule parser reads it) and is a chart file like any other: without the mark,
    /// or absent when it ignores itself. A directory of that name fails as Helm fails to
    /// read it; a relative chart path is named from the working directory, `..` resolved
    /// by name.
    #[test]
    fn helmignore_read_once_as_rules_and_file() {
        let names = |d: &Path| -> Vec<String> {
            read_chart_dir_shared(d)
                .unwrap()
                .into_iter()
                .map(|(n, data)| format!("{n}={}", String::from_utf8_lossy(&data)))
                .collect()
        };
        let d = scratch("ignore");
        std::fs::create_dir_all(d.join("t")).unwrap();
        std::fs::write(d.join("t/a.bak"), "a").unwrap();
        std::fs::write(d.join("t/b.yaml"), "b").unwrap();
        // With the mark the first rule reads "\u{feff}*.bak" and matches nothing.
        std::fs::write(d.join(".helmignore"), "\u{feff}*.bak\n").unwrap();
        assert_eq!(
            names(&d),
            [".helmignore=*.bak\n", "t/a.bak=a", "t/b.yaml=b"]
        );
        std::fs::write(d.join(".helmignore"), "*.bak\n.helmignore\n").unwrap();
        assert_eq!(names(&d), ["t/b.yaml=b"]);
        std::fs::remove_file(d.join(".helmignore")).unwrap();
        std::fs::create_dir_all(d.join(".helmignore")).unwrap();
        std::fs::write(d.join(".helmignore/x"), "*.bak").unwrap();
        let e = read_chart_dir_shared(&d).unwrap_err();
        assert_eq!(
            e,
            format!("read {}/.helmignore: is a directory", d.display())
        );
        let p = absolute(&d.join("t/../t/./..")).unwrap();
        assert_eq!(p, d);
        std::fs::remove_dir_all(&d).unwrap();
    }
}
