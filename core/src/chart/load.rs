//! Turning a list of chart files into a [`Chart`]: Helm's `LoadFiles`, the parts of
//! `LoadDir` that do not touch the disk, and `LoadArchive`.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;

use super::archive::read_archive;
use super::ignore::IgnoreRules;
use super::metadata::{Lock, Metadata, API_VERSION_V1};
use super::{Chart, File, LoadError};
use crate::limits::MAX_FILE_SIZE;
use crate::value::{Map, Value};

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

fn strip_bom(data: Vec<u8>) -> Vec<u8> {
    match data.strip_prefix(UTF8_BOM) {
        Some(rest) => rest.to_vec(),
        None => data,
    }
}

/// What Helm's directory loader does once the host has walked the chart directory:
/// `.helmignore` (plus the default `templates/.?*` rule) applied, Helm's per-file size
/// limit, UTF-8 BOMs stripped, then [`load_buffered`].
///
/// `files` are chart-relative paths with `/`, in the walk's order (byte-wise sorted,
/// depth first). Applying `.helmignore` here again is harmless when the host already
/// pruned the walk with [`IgnoreRules`].
pub fn load_files(files: Vec<(String, Vec<u8>)>) -> Result<Chart, LoadError> {
    let mut rules = match files.iter().find(|(n, _)| n == ".helmignore") {
        Some((_, data)) => IgnoreRules::parse(data).map_err(LoadError::new)?,
        None => IgnoreRules::empty(),
    };
    rules.add_defaults();
    let mut kept = Vec::with_capacity(files.len());
    for (name, data) in files {
        if rules.ignore_file_in_walk(&name) {
            continue;
        }
        if data.len() > MAX_FILE_SIZE {
            let base = name.rsplit('/').next().unwrap_or(&name);
            return Err(LoadError::new(format!(
                "chart file {} is larger than the maximum file size {MAX_FILE_SIZE}",
                crate::values::gostr::quote(base)
            )));
        }
        kept.push((name, strip_bom(data)));
    }
    load_buffered(kept)
}

/// Loads a chart archive (`.tgz`): Helm's `LoadArchive`.
pub fn load_archive(bytes: &[u8]) -> Result<Chart, LoadError> {
    let files = read_archive(bytes)?;
    load_buffered(files.into_iter().map(|f| (f.name, f.data)).collect())
}

/// Parses `Chart.yaml` text as Helm does, with its error prefixes.
fn parse_yaml_for(what: &str, data: &[u8]) -> Result<Value, LoadError> {
    let text = String::from_utf8_lossy(data);
    crate::yaml::from_yaml(&text)
        .map_err(|e| LoadError::new(format!("cannot load {what}: {}", e.message)))
}

fn json_err(what: &str, e: String) -> LoadError {
    LoadError::new(format!(
        "cannot load {what}: error unmarshaling JSON: while decoding JSON: {e}"
    ))
}

/// Helm's `LoadFiles`: classify files into metadata, values, templates, files and
/// subcharts, validate, then load the subcharts (sorted by name; Helm's order is random).
pub fn load_buffered(files: Vec<(String, Vec<u8>)>) -> Result<Chart, LoadError> {
    let mut metadata: Option<Metadata> = None;
    let mut raw = Vec::with_capacity(files.len());
    let files: Vec<File> = files
        .into_iter()
        .map(|(name, data)| File {
            name,
            data: Rc::from(data),
        })
        .collect();
    for f in &files {
        raw.push(f.clone());
        if f.name == "Chart.yaml" {
            let md = metadata.get_or_insert_with(Metadata::default);
            let v = parse_yaml_for("Chart.yaml", &f.data)?;
            md.decode_into(&v).map_err(|e| json_err("Chart.yaml", e))?;
            if md.api_version.is_empty() {
                md.api_version = String::from(API_VERSION_V1);
            }
        }
    }

    let mut lock = None;
    let mut values = Map::new();
    let mut raw_values = None;
    let mut schema = None;
    let mut templates = Vec::new();
    let mut other = Vec::new();
    let mut subcharts: BTreeMap<String, Vec<(String, Vec<u8>)>> = BTreeMap::new();
    for f in files {
        match f.name.as_str() {
            "Chart.yaml" => {}
            "Chart.lock" => {
                let v = parse_yaml_for("Chart.lock", &f.data)?;
                lock = Some(Lock::decode(&v).map_err(|e| json_err("Chart.lock", e))?);
            }
            "values.yaml" => {
                values = crate::values::load_values(&f.data)
                    .map_err(|e| LoadError::new(format!("cannot load values.yaml: {e}")))?;
                raw_values = Some(f.data.clone());
            }
            "values.schema.json" => schema = Some(f.data.clone()),
            "requirements.yaml" => {
                let md = metadata.get_or_insert_with(Metadata::default);
                let v = parse_yaml_for("requirements.yaml", &f.data)?;
                md.decode_into(&v)
                    .map_err(|e| json_err("requirements.yaml", e))?;
                if md.api_version == API_VERSION_V1 {
                    other.push(f);
                }
            }
            "requirements.lock" => {
                let v = parse_yaml_for("requirements.lock", &f.data)?;
                lock = Some(Lock::decode(&v).map_err(|e| json_err("requirements.lock", e))?);
                let md = metadata.get_or_insert_with(Metadata::default);
                if md.api_version == API_VERSION_V1 {
                    other.push(f);
                }
            }
            n if n.starts_with("templates/") => templates.push(f),
            n if n.starts_with("charts/") => {
                if ext(n) == ".prov" {
                    other.push(f);
                    continue;
                }
                let fname = &n["charts/".len()..];
                let cname = fname.split('/').next().unwrap_or("");
                let data = f.data.to_vec();
                subcharts
                    .entry(String::from(cname))
                    .or_default()
                    .push((String::from(fname), data));
            }
            _ => other.push(f),
        }
    }

    let Some(mut metadata) = metadata else {
        return Err(LoadError::new("Chart.yaml file is missing"));
    };
    metadata
        .validate()
        .map_err(|e| LoadError::new(format!("validation: {e}")))?;

    let mut dependencies = Vec::new();
    for (n, files) in subcharts {
        if n.starts_with('_') || n.starts_with('.') {
            continue;
        }
        let loaded = if ext(&n) == ".tgz" {
            let (first_name, first_data) = &files[0];
            if *first_name != n {
                return Err(LoadError::new(format!(
                    "error unpacking subchart tar in {}: expected {n}, got {first_name}",
                    metadata.name
                )));
            }
            load_archive(first_data)
        } else {
            let buff = files
                .into_iter()
                .filter_map(|(name, data)| {
                    name.split_once('/')
                        .map(|(_, rest)| (String::from(rest), data))
                })
                .collect();
            load_buffered(buff)
        };
        match loaded {
            Ok(c) => dependencies.push(c),
            Err(e) => {
                return Err(LoadError::new(format!(
                    "error unpacking subchart {n} in {}: {}",
                    metadata.name, e.message
                )));
            }
        }
    }

    Ok(Chart {
        metadata,
        lock,
        templates,
        values,
        raw_values,
        schema,
        files: other,
        raw,
        dependencies,
    })
}

/// Go's `filepath.Ext`.
fn ext(name: &str) -> &str {
    let base_start = name.rfind('/').map_or(0, |i| i + 1);
    match name[base_start..].rfind('.') {
        Some(i) => &name[base_start + i..],
        None => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::gostr::{format_v, quote};

    fn summary(c: &Chart) -> String {
        let md = &c.metadata;
        let kw = Value::list(md.keywords.iter().map(|k| Value::str(k.as_str())).collect());
        let ann: crate::value::Entries = md
            .annotations
            .iter()
            .map(|(k, v)| (k.as_str().into(), Value::str(v.as_str())))
            .collect();
        format!(
            "name={} v={} app={} api={} desc={} kw={} dep={} ann={} deps={} type={}",
            md.name,
            md.version,
            md.app_version,
            md.api_version,
            quote(&md.description),
            format_v(&kw),
            md.deprecated,
            format_v(&Value::map(ann)),
            md.dependencies.len(),
            md.chart_type
        )
    }

    /// Expectations come from Helm v4.2.3: each `Chart.yaml` rendered by the oracle with a
    /// template printing the metadata fields (or the load error).
    #[test]
    fn oracle_metadata() {
        let text = include_str!("testdata/metadata.json");
        let rows: Vec<Vec<String>> = serde_json::from_str(text).unwrap();
        let mut failures = Vec::new();
        for row in &rows {
            let (name, chart_yaml, want) = (&row[0], &row[1], &row[2]);
            let files = alloc::vec![
                (String::from("Chart.yaml"), chart_yaml.as_bytes().to_vec()),
                (String::from("templates/t.yaml"), b"x".to_vec()),
            ];
            let got = match load_files(files) {
                Ok(c) if c.is_library() => String::from("OK "),
                Ok(c) => format!("OK {}", summary(&c)),
                Err(e) => format!("ERR {}", e.message),
            };
            if got.trim_end() != want.trim_end() {
                failures.push(format!("{name}:\n  got  {got}\n  want {want}"));
            }
        }
        assert!(rows.len() > 50);
        assert!(
            failures.is_empty(),
            "{} of {}:\n{}",
            failures.len(),
            rows.len(),
            failures.join("\n")
        );
    }
}
