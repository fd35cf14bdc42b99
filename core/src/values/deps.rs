//! Helm's `ProcessDependencies` (`pkg/chart/v2/util/dependencies.go`): which subcharts are
//! enabled (tags, conditions), aliases as renamed copies, disabled subcharts removed, and
//! `import-values` copied from children into their parents' defaults.
//!
//! Subchart order after processing follows Helm: subcharts in `charts/` that match no
//! `Chart.yaml` dependency first (in load order, i.e. sorted by name here), then one per
//! dependency entry in `Chart.yaml` order.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::coalesce::{coalesce_values, merge_chart_values, merge_tables, Warnings};
use super::gostr::{format_v, quote};
use crate::chart::semver::is_compatible_range;
use crate::chart::{Chart, Dependency};
use crate::value::{Entries, Map, MapType, Value};

/// Helm's `ErrNoTable` text.
fn no_table(key: &str) -> String {
    format!("{} is not a table", quote(key))
}

/// Helm's `Values.Table`: the map at a dotted path.
pub fn table(v: &Map, path: &str) -> Result<Map, String> {
    let mut t = v.clone();
    for part in path.split('.') {
        match t.get(part) {
            Some(Value::Map(m)) => t = m,
            _ => return Err(no_table(part)),
        }
    }
    Ok(t)
}

/// Helm's `Values.PathValue`: a non-map value at a dotted path.
pub fn path_value(v: &Map, path: &str) -> Option<Value> {
    let parts: Vec<&str> = path.split('.').collect();
    let (key, head) = parts.split_last()?;
    let t = if head.is_empty() {
        v.clone()
    } else {
        table(v, &head.join(".")).ok()?
    };
    match t.get(key) {
        Some(Value::Map(_)) | None => None,
        Some(x) => Some(x),
    }
}

/// A `log/slog` text-handler line at WARN level, as Helm's CLI prints it.
fn slog_warn(msg: &str, attrs: &[(&str, &str)]) -> String {
    crate::gofmt::slog::line("WARN", msg, attrs)
}

/// Helm's `ProcessDependencies` on `chart` (which it changes in place, as Helm does to
/// the loaded chart), given the user-supplied values.
pub fn process_dependencies(chart: &mut Chart, vals: &Map, w: &mut Warnings) -> Result<(), String> {
    process_enabled(chart, vals, "", w, 0)?;
    process_import_values_tree(chart, w, 0)
}

fn get_alias_dependency(charts: &[Chart], dep: &Dependency) -> Option<Chart> {
    let c = charts
        .iter()
        .find(|c| c.name() == dep.name && is_compatible_range(&dep.version, &c.metadata.version))?;
    let mut out = c.clone();
    if !dep.alias.is_empty() {
        out.metadata.name = dep.alias.clone();
    }
    Some(out)
}

fn process_enabled(
    c: &mut Chart,
    v: &Map,
    path: &str,
    w: &mut Warnings,
    depth: usize,
) -> Result<(), String> {
    if !c.metadata.dependencies_set || depth > crate::limits::MAX_VALUE_DEPTH {
        return Ok(());
    }
    let mut chart_deps = Vec::new();
    for existing in &c.dependencies {
        let declared = c.metadata.dependencies.iter().any(|req| {
            existing.name() == req.name
                && is_compatible_range(&req.version, &existing.metadata.version)
        });
        if !declared {
            chart_deps.push(existing.clone());
        }
    }
    let loaded = core::mem::take(&mut c.dependencies);
    for req in &mut c.metadata.dependencies {
        if let Some(cd) = get_alias_dependency(&loaded, req) {
            chart_deps.push(cd);
        }
        if !req.alias.is_empty() {
            req.name = req.alias.clone();
        }
    }
    c.dependencies = chart_deps;
    for req in &mut c.metadata.dependencies {
        req.enabled = true;
    }
    let cvals = coalesce_values(c, v, w)?;
    process_tags(&mut c.metadata.dependencies, &cvals, w);
    process_conditions(&mut c.metadata.dependencies, &cvals, path, w);
    let removed: Vec<String> = c
        .metadata
        .dependencies
        .iter()
        .filter(|r| !r.enabled)
        .map(|r| r.name.clone())
        .collect();
    c.dependencies
        .retain(|d| !removed.iter().any(|r| r == d.name()));
    c.metadata
        .dependencies
        .retain(|d| !removed.contains(&d.name));
    for t in &mut c.dependencies {
        let sub = format!("{path}{}.", t.name());
        process_enabled(t, &cvals, &sub, w, depth + 1)?;
    }
    // Helm rebuilds the list by appending to nil: an emptied list becomes nil.
    c.metadata.dependencies_set = !c.metadata.dependencies.is_empty();
    Ok(())
}

fn process_tags(reqs: &mut [Dependency], cvals: &Map, w: &mut Warnings) {
    let Ok(vt) = table(cvals, "tags") else { return };
    for r in reqs {
        let (mut has_true, mut has_false) = (false, false);
        for k in &r.tags {
            if let Some(b) = vt.get(k) {
                match b {
                    Value::Bool(true) => has_true = true,
                    Value::Bool(false) => has_false = true,
                    _ => w.push(slog_warn(
                        "returned non-bool value",
                        &[("tag", k), ("chart", &r.name)],
                    )),
                }
            }
        }
        if !has_true && has_false {
            r.enabled = false;
        } else if has_true || !has_false {
            r.enabled = true;
        }
    }
}

fn process_conditions(reqs: &mut [Dependency], cvals: &Map, cpath: &str, w: &mut Warnings) {
    for r in reqs {
        for cond in r.condition.trim().split(',') {
            if cond.is_empty() {
                continue;
            }
            if let Some(vv) = path_value(cvals, &format!("{cpath}{cond}")) {
                if let Value::Bool(b) = vv {
                    r.enabled = b;
                    break;
                }
                w.push(slog_warn(
                    "returned non-bool value",
                    &[("path", cond), ("chart", &r.name)],
                ));
            }
        }
    }
}

fn process_import_values_tree(c: &mut Chart, w: &mut Warnings, depth: usize) -> Result<(), String> {
    if depth > crate::limits::MAX_VALUE_DEPTH {
        return Ok(());
    }
    for d in &mut c.dependencies {
        process_import_values_tree(d, w, depth + 1)?;
    }
    process_import_values(c, w)
}

/// Helm's `pathToMap`: `data` nested under a dotted path (`.` is the root).
fn path_to_map(path: &str, data: Map) -> Map {
    if path == "." {
        return data;
    }
    let mut cur = data;
    for part in path.split('.').rev() {
        let m = Map::new();
        m.insert(part, Value::Map(cur));
        cur = m;
    }
    cur
}

fn string_map(pairs: [(&str, String); 2]) -> Value {
    let e: Entries = pairs
        .into_iter()
        .map(|(k, v)| (k.into(), Value::str(v)))
        .collect();
    Value::Map(Map::from_entries(MapType::Strings, e))
}

fn process_import_values(c: &mut Chart, w: &mut Warnings) -> Result<(), String> {
    if !c.metadata.dependencies_set {
        return Ok(());
    }
    let cvals = merge_chart_values(c, &Map::new(), w)?;
    let b = Map::new();
    for r in &mut c.metadata.dependencies {
        let mut out = Vec::new();
        for riv in &r.import_values {
            match riv {
                Value::Map(iv) if iv.map_type() != MapType::Strings => {
                    let field = |k: &str| {
                        iv.get(k)
                            .map_or_else(|| String::from("<nil>"), |v| format_v(&v))
                    };
                    let (child, parent) = (field("child"), field("parent"));
                    out.push(string_map([
                        ("child", child.clone()),
                        ("parent", parent.clone()),
                    ]));
                    match table(&cvals, &format!("{}.{child}", r.name)) {
                        Ok(vv) => merge_tables(&b, &path_to_map(&parent, vv), w),
                        Err(e) => w.push(slog_warn(
                            "ImportValues missing table from chart",
                            &[("chart", &r.name), ("error", &e)],
                        )),
                    }
                }
                Value::String(iv) => {
                    let child = format!("exports.{iv}");
                    out.push(string_map([
                        ("child", child.clone()),
                        ("parent", String::from(".")),
                    ]));
                    match table(&cvals, &format!("{}.{child}", r.name)) {
                        Ok(vm) => merge_tables(&b, &vm, w),
                        Err(e) => w.push(slog_warn("ImportValues missing table", &[("error", &e)])),
                    }
                }
                _ => {}
            }
        }
        r.import_values = out;
    }
    let copy = match Value::Map(cvals).deep_copy() {
        Value::Map(m) => m,
        _ => Map::new(),
    };
    merge_tables(&copy, &b, w);
    c.values = copy;
    Ok(())
}
