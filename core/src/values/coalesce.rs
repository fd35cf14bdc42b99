//! Coalescing user values with chart defaults (`pkg/chart/common/util/coalesce.go`).
//!
//! Rules, as Helm v4.2.3 applies them (checked against it on parent/subchart trees):
//! - user values win; maps merge recursively; scalars and lists replace;
//! - when coalescing (not merging), a user `null` deletes a chart default, chart-default
//!   nulls are dropped, and a subchart's section in the parent is merged *keeping* nulls so
//!   they can delete the subchart's own defaults one level down;
//! - `global` flows from parent to subchart, parent winning, nested maps merged;
//! - type conflicts keep the higher-priority value and log a warning (returned here).
//!
//! Maps are shared by reference as in Go: the shallow copies Helm makes of global tables
//! let a subchart's nested global defaults show up in the parent, and so they do here.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::gostr::format_v;
use crate::chart::Chart;
use crate::value::{Map, MapType, Value};

/// The key whose map flows from a chart to its subcharts.
pub const GLOBAL_KEY: &str = "global";

/// Where warnings go (Helm logs them with `log.Printf`).
pub type Warnings = Vec<String>;

fn concat_prefix(a: &str, b: &str) -> String {
    if a.is_empty() {
        String::from(b)
    } else {
        format!("{a}.{b}")
    }
}

/// A plain `map[string]interface {}` (Helm's `istable`).
fn as_table(v: &Value) -> Option<&Map> {
    match v {
        Value::Map(m) if m.map_type() != MapType::Strings => Some(m),
        _ => None,
    }
}

/// `m` itself when nothing but its one holder reaches it or anything in it (the values of
/// a chart that [`crate::values::prepare_owned`] took over), else a deep copy: coalescing
/// changes the map, and must change none that anyone else holds. Taking the map over saves
/// copying the chart's defaults, and freeing them twice, on every render.
fn sole_or_copy(m: &Map) -> Map {
    fn sole_map(m: &Map, depth: usize) -> bool {
        m.holders() == 1 && m.borrow().iter().all(|(_, v)| sole(v, depth + 1))
    }
    fn sole(v: &Value, depth: usize) -> bool {
        if depth > crate::limits::MAX_VALUE_DEPTH {
            return false;
        }
        match v {
            Value::Map(m) => sole_map(m, depth),
            // A list re-sliced short keeps items past its length: copied, as Go copies.
            Value::List(l) => {
                l.holders() == 1 && l.cap() == l.len() && l.iter().all(|v| sole(v, depth + 1))
            }
            Value::Object(_) => false,
            _ => true,
        }
    }
    if sole_map(m, 0) {
        m.clone()
    } else {
        deep_copy_map(m)
    }
}

fn deep_copy_map(m: &Map) -> Map {
    match Value::Map(m.clone()).deep_copy() {
        Value::Map(c) => c,
        _ => Map::new(),
    }
}

/// Go's `%t` of a non-bool value, for the `type mismatch` error.
fn format_t(v: &Value) -> String {
    match v {
        Value::Bool(b) => String::from(if *b { "true" } else { "false" }),
        Value::Nil => String::from("%!t(<nil>)"),
        other => format!("%!t({}={})", other.type_name(), format_v(other)),
    }
}

/// Helm's `CoalesceValues`: the chart tree's defaults under a copy of `vals`.
pub fn coalesce_values(chart: &Chart, vals: &Map, warnings: &mut Warnings) -> Result<Map, String> {
    let dest = deep_copy_map(vals);
    coalesce(chart, &dest, "", false, warnings)?;
    Ok(dest)
}

/// Helm's `MergeValues`: like [`coalesce_values`] but nulls are kept.
pub fn merge_chart_values(
    chart: &Chart,
    vals: &Map,
    warnings: &mut Warnings,
) -> Result<Map, String> {
    let dest = deep_copy_map(vals);
    coalesce(chart, &dest, "", true, warnings)?;
    Ok(dest)
}

fn coalesce(
    ch: &Chart,
    dest: &Map,
    prefix: &str,
    merge: bool,
    w: &mut Warnings,
) -> Result<(), String> {
    coalesce_chart_values(ch, dest, prefix, merge, w);
    coalesce_deps(ch, dest, prefix, merge, w)
}

fn coalesce_deps(
    ch: &Chart,
    dest: &Map,
    prefix: &str,
    merge: bool,
    w: &mut Warnings,
) -> Result<(), String> {
    for sub in &ch.dependencies {
        let name = sub.name();
        let dv = match dest.get(name) {
            None => {
                let m = Map::new();
                dest.insert(name, Value::Map(m.clone()));
                m
            }
            Some(Value::Map(m)) if m.map_type() != MapType::Strings => m,
            Some(other) => return Err(format!("type mismatch on {name}: {}", format_t(&other))),
        };
        let sub_prefix = concat_prefix(prefix, ch.name());
        coalesce_globals(&dv, dest, &sub_prefix, w);
        coalesce(sub, &dv, &sub_prefix, merge, w)?;
    }
    Ok(())
}

/// Copies the globals of `src` into `dest`'s `global` (parent's values win).
fn coalesce_globals(dest: &Map, src: &Map, prefix: &str, w: &mut Warnings) {
    let dg = match dest.get(GLOBAL_KEY) {
        None => Map::new(),
        Some(v) => {
            match as_table(&v) {
                Some(m) => m.clone(),
                None => {
                    w.push(format!("warning: skipping globals because destination {GLOBAL_KEY} is not a table."));
                    return;
                }
            }
        }
    };
    let sg = match src.get(GLOBAL_KEY) {
        None => Map::new(),
        Some(v) => match as_table(&v) {
            Some(m) => m.clone(),
            None => {
                w.push(format!(
                    "warning: skipping globals because source {GLOBAL_KEY} is not a table."
                ));
                return;
            }
        },
    };
    for (key, val) in sg.to_vec() {
        if let Some(vm) = as_table(&val) {
            // A shallow copy: nested maps stay shared with the source, as in Helm.
            let vv = vm.shallow_clone();
            match dg.get(&key) {
                None => dg.insert(key, Value::Map(vv)),
                Some(destv) => match as_table(&destv) {
                    None => {
                        w.push(format!(
                            "Conflict: cannot merge map onto non-map for {}. Skipping.",
                            super::gostr::quote(&key)
                        ));
                    }
                    Some(destm) => {
                        coalesce_tables_full_key(
                            &vv,
                            destm,
                            &concat_prefix(prefix, &key),
                            true,
                            w,
                            0,
                        );
                        dg.insert(key, Value::Map(vv));
                    }
                },
            }
        } else if dg.get(&key).is_some_and(|dv| as_table(&dv).is_some()) {
            w.push(format!("key {key} is table. Skipping"));
        } else {
            dg.insert(key, val);
        }
    }
    dest.insert(GLOBAL_KEY, Value::Map(dg));
}

/// Whether `key` names one of the chart's subcharts (their sections merge, keeping nulls).
fn child_chart_merge_true(c: &Chart, key: &str, merge: bool) -> bool {
    merge || c.dependencies.iter().any(|d| d.name() == key)
}

/// Merges a chart's own defaults into `v` (higher priority).
fn coalesce_chart_values(c: &Chart, v: &Map, prefix: &str, merge: bool, w: &mut Warnings) {
    let sub_prefix = concat_prefix(prefix, c.name());
    let vc = sole_or_copy(&c.values);
    for (key, val) in vc.to_vec() {
        match v.get(&key) {
            Some(value) => {
                if value.is_nil() && !merge {
                    v.remove(&key);
                } else if let Some(dest) = as_table(&value) {
                    match as_table(&val) {
                        None => {
                            if !val.is_nil() {
                                w.push(format!(
                                    "warning: skipped value for {sub_prefix}.{key}: Not a table."
                                ));
                            }
                        }
                        Some(src) => {
                            let merge = child_chart_merge_true(c, &key, merge);
                            if !merge {
                                clean_nil_values(src, 0);
                            }
                            coalesce_tables_full_key(
                                dest,
                                src,
                                &concat_prefix(&sub_prefix, &key),
                                merge,
                                w,
                                0,
                            );
                        }
                    }
                }
            }
            None => {
                if !merge {
                    if val.is_nil() {
                        continue;
                    }
                    if let Some(sub) = as_table(&val) {
                        clean_nil_values(sub, 0);
                    }
                }
                v.insert(key, val);
            }
        }
    }
}

/// Helm's `CoalesceTables`: `src` under `dst` (dst wins), nulls in `dst` deleting.
pub fn coalesce_tables(dst: &Map, src: &Map, w: &mut Warnings) {
    coalesce_tables_full_key(dst, src, "", false, w, 0);
}

/// Helm's `MergeTables`: like [`coalesce_tables`] but nulls are kept.
pub fn merge_tables(dst: &Map, src: &Map, w: &mut Warnings) {
    coalesce_tables_full_key(dst, src, "", true, w, 0);
}

fn coalesce_tables_full_key(
    dst: &Map,
    src: &Map,
    prefix: &str,
    merge: bool,
    w: &mut Warnings,
    depth: usize,
) {
    if depth > crate::limits::MAX_VALUE_DEPTH || Map::ptr_eq(dst, src) {
        return;
    }
    let src_non_nil: Vec<String> = src
        .to_vec()
        .into_iter()
        .filter(|(_, v)| !v.is_nil())
        .map(|(k, _)| String::from(&*k))
        .collect();
    for (key, val) in dst.to_vec() {
        if val.is_nil() {
            src.insert(key, Value::Nil);
        }
    }
    for (key, val) in src.to_vec() {
        let fullkey = concat_prefix(prefix, &key);
        let dv = dst.get(&key);
        match dv {
            Some(Value::Nil) if !merge && src_non_nil.iter().any(|k| **k == *key) => {
                dst.remove(&key);
            }
            None => dst.insert(key, val),
            Some(dv) => {
                if let Some(vm) = as_table(&val) {
                    match as_table(&dv) {
                        Some(dm) => coalesce_tables_full_key(dm, vm, &fullkey, merge, w, depth + 1),
                        None => w.push(format!(
                            "warning: cannot overwrite table with non table for {fullkey} ({})",
                            format_v(&val)
                        )),
                    }
                } else if as_table(&dv).is_some() && !val.is_nil() {
                    w.push(format!(
                        "warning: destination for {fullkey} is a table. Ignoring non-table value ({})",
                        format_v(&val)
                    ));
                }
            }
        }
    }
}

/// Removes null entries from a map and its nested maps, in place.
fn clean_nil_values(m: &Map, depth: usize) {
    if depth > crate::limits::MAX_VALUE_DEPTH {
        return;
    }
    for (key, val) in m.to_vec() {
        if val.is_nil() {
            m.remove(&key);
        } else if let Some(sub) = as_table(&val) {
            clean_nil_values(sub, depth + 1);
        }
    }
}

#[cfg(test)]
mod depth_tests {
    use super::*;
    use crate::value::Value;

    fn nested(depth: usize, leaf: Value) -> Map {
        let mut cur = leaf;
        for _ in 0..depth {
            let m = Map::new();
            m.insert("a", cur);
            cur = Value::Map(m);
        }
        match cur {
            Value::Map(m) => m,
            _ => Map::new(),
        }
    }

    /// Values nested as deep as JSON allows (10000) coalesce within the stack hosts give
    /// renders ([`crate::limits::RENDER_STACK_SIZE`]).
    #[test]
    fn deep_values() {
        std::thread::Builder::new()
            .stack_size(crate::limits::RENDER_STACK_SIZE)
            .spawn(deep_values_inner)
            .unwrap()
            .join()
            .unwrap();
    }

    fn deep_values_inner() {
        let deep = 10_000;
        let mut chart = crate::chart::Chart {
            metadata: Default::default(),
            lock: None,
            templates: Vec::new(),
            values: nested(deep, Value::Int(1)),
            raw_values: None,
            schema: None,
            files: Vec::new(),
            raw: Vec::new(),
            dependencies: Vec::new(),
            warnings: Vec::new(),
        };
        chart.metadata.name = "x".into();
        let user = nested(deep, Value::Int(2));
        let mut w = Vec::new();
        let out = coalesce_values(&chart, &user, &mut w).unwrap();
        assert_eq!(out.len(), 1);
        let p = crate::values::prepare(&chart, &user).unwrap();
        assert_eq!(p.values.len(), 1);
        // Given up, its defaults are looked through (not copied) as deep.
        let p = crate::values::prepare_owned(chart, &user).unwrap();
        assert_eq!(p.values.len(), 1);
    }
}

#[cfg(test)]
mod owned_tests {
    use crate::value::Value;
    use crate::values::gostr::format_v;
    use alloc::rc::Rc;
    use alloc::string::String;
    use alloc::vec::Vec;

    /// A chart with nested defaults, a YAML alias (one map under two keys), nulls and a
    /// subchart, loaded afresh.
    fn load() -> crate::chart::Chart {
        let files: Vec<(String, Rc<[u8]>)> = [
            ("Chart.yaml", "apiVersion: v2\nname: top\nversion: 1.0.0\n"),
            (
                "values.yaml",
                "base: &b {k: 1, deep: {x: 1, w: 2}}\ncopy: *b\nlist: [{a: 1}, [2, 3]]\ngone: null\nsub: {over: 1}\n",
            ),
            ("charts/sub/Chart.yaml", "apiVersion: v2\nname: sub\nversion: 0.1.0\n"),
            ("charts/sub/values.yaml", "over: 0\nown: {z: 1}\nglobal: {g: 1}\n"),
        ]
        .into_iter()
        .map(|(n, t)| (String::from(n), Rc::from(t.as_bytes())))
        .collect();
        crate::chart::load_shared(files).unwrap()
    }

    /// Coalescing a chart given up (its defaults taken over, not copied) gives what
    /// coalescing a copy gives, shared parts included; a chart lent to `prepare` keeps its
    /// defaults as loaded.
    #[test]
    fn taken_over_defaults_coalesce_as_copies_do() {
        let user = crate::values::user::load_values(
            b"base: {k: null, deep: {x: 5}}\ncopy: {deep: {w: null}}\nsub: {own: {z: null}}\n",
        )
        .unwrap();
        let lent = load();
        let before = format_v(&Value::Map(lent.values.clone()));
        let copied = crate::values::prepare(&lent, &user).unwrap();
        assert_eq!(format_v(&Value::Map(lent.values.clone())), before);
        let owned = crate::values::prepare_owned(load(), &user).unwrap();
        let (a, b) = (
            format_v(&Value::Map(copied.values.clone())),
            format_v(&Value::Map(owned.values.clone())),
        );
        assert_eq!(a, b);
        assert!(a.contains("copy:map[deep:map[x:1]"), "{a}");
        assert!(a.contains("base:map[deep:map[w:2 x:5]]"), "{a}");
        assert_eq!(copied.warnings, owned.warnings);
    }
}
