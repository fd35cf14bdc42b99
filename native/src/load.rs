//! Reading charts from disk: Helm's directory walk (sorted, symlinks followed, `.helmignore`
//! pruning) and archives. The pure loader in `binnacle_core::chart` does the rest.

use std::path::{Path, PathBuf};

use binnacle_core::chart::ignore::IgnoreRules;
use binnacle_core::limits::MAX_FILE_SIZE;

/// A chart file as read from disk: chart-relative path with `/`, and bytes.
pub type ChartFile = (String, Vec<u8>);

/// Walks a chart directory as Helm's `LoadDir` does and returns its files.
///
/// Entries are visited depth-first in byte order; symbolic links are followed (a link to a
/// directory is walked, with a guard against cycles); ignored directories are pruned.
pub fn read_chart_dir(dir: &Path) -> Result<Vec<ChartFile>, String> {
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
    walk(&top, "", &rules, &mut files, &mut seen)?;
    Ok(files)
}

fn walk(
    dir: &Path,
    rel: &str,
    rules: &IgnoreRules,
    out: &mut Vec<ChartFile>,
    seen: &mut Vec<PathBuf>,
) -> Result<(), String> {
    let real = std::fs::canonicalize(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    if seen.contains(&real) {
        return Err(format!(
            "cannot load {}: symbolic link cycle",
            dir.display()
        ));
    }
    seen.push(real);
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    names.sort();
    for name in names {
        let path = dir.join(&name);
        let n = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        // Symbolic links are followed: the target's metadata counts.
        let meta = std::fs::metadata(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        if meta.is_dir() {
            if rules.ignore(&n, true) {
                continue;
            }
            walk(&path, &n, rules, out, seen)?;
            continue;
        }
        if rules.ignore(&n, false) {
            continue;
        }
        if !meta.is_file() {
            return Err(format!(
                "cannot load irregular file {} as it has file mode type bits set",
                path.display()
            ));
        }
        if meta.len() > MAX_FILE_SIZE as u64 {
            return Err(format!(
                "chart file {name:?} is larger than the maximum file size {MAX_FILE_SIZE}"
            ));
        }
        let mut data = std::fs::read(&path).map_err(|e| format!("error reading {n}: {e}"))?;
        if data.starts_with(b"\xEF\xBB\xBF") {
            data.drain(..3);
        }
        out.push((n, data));
    }
    seen.pop();
    Ok(())
}
