//! Keeps the shared build directory from filling the disk.
//!
//! Cargo never deletes what it built: every dependency bump, feature change or profile
//! change leaves the old artifacts behind, and incremental caches pile up beside them. On a
//! machine whose disk is shared with other work, `cargo xtask test` once died half way with
//! "No space left on device". Before a run we drop what no build has read for a week, and if
//! the disk is still short, the caches that are cheapest to rebuild.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

/// Free space below which a run first clears caches (a full test run from scratch writes
/// about this much).
const LOW_WATER: u64 = 12 << 30;

/// Artifacts nobody read for this long are assumed stale (ext4's `relatime` refreshes access
/// times at least daily, so a week leaves ample margin).
const STALE_AFTER: Duration = Duration::from_secs(7 * 24 * 3600);

/// Bytes free on the filesystem holding `dir`, read with POSIX `df -Pk`.
pub fn free_bytes(dir: &Path) -> Option<u64> {
    let out = Command::new("df").arg("-Pk").arg(dir).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let line = text.lines().nth(1)?;
    let kb: u64 = line.split_whitespace().nth(3)?.parse().ok()?;
    Some(kb * 1024)
}

/// Prunes `target` before a test run; prints what it removed.
pub fn housekeeping(target: &Path) {
    if !target.is_dir() {
        return;
    }
    let cutoff = SystemTime::now() - STALE_AFTER;
    let mut freed = 0;
    for profile in profile_dirs(target) {
        for sub in ["deps", "build", ".fingerprint", "incremental"] {
            freed += remove_stale(&profile.join(sub), cutoff);
        }
    }
    if freed > 0 {
        eprintln!(
            "xtask: removed {} of build output unused for a week from {}",
            human(freed),
            target.display()
        );
    }
    let Some(free) = free_bytes(target) else {
        return;
    };
    if free >= LOW_WATER {
        return;
    }
    eprintln!(
        "xtask: only {} free on the disk holding {}; clearing caches that rebuild quickly",
        human(free),
        target.display()
    );
    // Incremental caches first (they only speed up edits), then the debug profile, which the
    // run rebuilds in minutes; release builds and the WASM toolchain's are kept.
    let mut freed = 0;
    for profile in profile_dirs(target) {
        freed += remove(&profile.join("incremental"));
    }
    if free_bytes(target).unwrap_or(0) < LOW_WATER {
        freed += remove(&target.join("debug"));
    }
    eprintln!(
        "xtask: removed {}; {} free now",
        human(freed),
        human(free_bytes(target).unwrap_or(0))
    );
}

/// `target/<profile>` and `target/<triple>/<profile>` directories: those holding `deps/`.
fn profile_dirs(target: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(target) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if !p.is_dir() {
            continue;
        }
        if p.join("deps").is_dir() {
            out.push(p);
        } else if let Ok(inner) = fs::read_dir(&p) {
            out.extend(
                inner
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.join("deps").is_dir()),
            );
        }
    }
    out
}

/// Removes the entries of `dir` whose newest access (over everything inside) is before
/// `cutoff`; returns the bytes freed.
fn remove_stale(dir: &Path, cutoff: SystemTime) -> u64 {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let mut freed = 0;
    for e in entries.flatten() {
        let p = e.path();
        if usage(&p, 0).1 < cutoff {
            freed += remove(&p);
        }
    }
    freed
}

/// Total size and the newest sign of use under `p` (not following links).
fn usage(p: &Path, depth: u32) -> (u64, SystemTime) {
    let Ok(meta) = fs::symlink_metadata(p) else {
        return (0, SystemTime::now());
    };
    // A directory's access time moves whenever it is listed (this scan included), so only
    // its modification time counts; a file's access time moves when a build reads it.
    let written = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
    let mut newest = if meta.is_dir() {
        written
    } else {
        written.max(meta.accessed().unwrap_or(SystemTime::UNIX_EPOCH))
    };
    if !meta.is_dir() {
        return (meta.len(), newest);
    }
    let mut size = 0;
    if depth > 16 {
        // Too deep to judge: count it as in use.
        return (0, SystemTime::now());
    }
    if let Ok(entries) = fs::read_dir(p) {
        for e in entries.flatten() {
            let (s, n) = usage(&e.path(), depth + 1);
            size += s;
            newest = newest.max(n);
        }
    }
    (size, newest)
}

/// Removes a file or directory tree; returns the bytes it held.
fn remove(p: &Path) -> u64 {
    let (size, _) = usage(p, 0);
    let gone = if p.is_dir() {
        fs::remove_dir_all(p).is_ok()
    } else {
        fs::remove_file(p).is_ok()
    };
    if gone {
        size
    } else {
        0
    }
}

/// Bytes as GB/MB for messages.
fn human(bytes: u64) -> String {
    if bytes >= 1 << 30 {
        format!("{:.1} GB", bytes as f64 / (1u64 << 30) as f64)
    } else {
        format!("{} MB", bytes >> 20)
    }
}
