//! Chart archives as `helm package` writes them, `helm show`, and the pure half of
//! provenance files. Owner: package work.
//!
//! [`package`] turns a loaded [`Chart`] into `<name>-<version>.tgz` bytes and their SHA-256:
//! Helm's layout (re-serialized `Chart.yaml` and `Chart.lock`, then values, schema,
//! templates, other files, subcharts expanded under `charts/`), Go's tar headers, and Helm's
//! gzip header. Two deliberate differences make the bytes reproducible (`COMPATIBILITY.md`):
//! every entry's mtime is [`PackageOptions::source_date_epoch`] or else
//! [`DEFAULT_MTIME`] (Helm uses each file's mtime, which a git checkout does not
//! preserve), and subcharts come in name order (Helm's is Go's random map order). The
//! `Chart.lock` entry keeps Helm's mtime, its own `generated` time, which is content.
//! The DEFLATE stream is miniz_oxide's, not Go's: valid, but other bytes than Helm's.

pub mod chartfile;
mod gzip;
pub mod provenance;
pub mod show;
mod tar;
#[cfg(feature = "wasm-probe")]
pub mod wasm_probe;

#[cfg(test)]
mod tests;

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use sha2::{Digest, Sha256};

use crate::chart::semver::Version;
use crate::chart::{Chart, Metadata};

pub use gzip::{crc32, gunzip, HELM_EXTRA};
pub use tar::TarWriter;

/// Subchart nesting [`package`] follows before giving up (Helm has no limit; a real
/// directory tree cannot nest this deep within `PATH_MAX`).
pub const MAX_SUBCHART_DEPTH: usize = 1000;

/// The mtime of every entry when no `SOURCE_DATE_EPOCH` is given: 1970-01-01T00:00:00Z.
pub const DEFAULT_MTIME: i64 = 0;

/// `helm package` flags that change the archive.
#[derive(Clone, Debug, Default)]
pub struct PackageOptions {
    /// `--version`: replaces `version` in `Chart.yaml`.
    pub version: Option<String>,
    /// `--app-version`: replaces `appVersion`.
    pub app_version: Option<String>,
    /// `SOURCE_DATE_EPOCH` (Unix seconds, whole): every entry's mtime; [`DEFAULT_MTIME`]
    /// when `None`.
    pub source_date_epoch: Option<i64>,
}

/// A packaged chart.
#[derive(Clone, Debug)]
pub struct Packaged {
    /// `<name>-<version>.tgz`
    pub file_name: String,
    /// The uncompressed tar stream.
    pub tar: Vec<u8>,
    /// The `.tgz` bytes.
    pub archive: Vec<u8>,
    /// Lowercase hex SHA-256 of [`Packaged::archive`] (a repository index's `digest`).
    pub sha256: String,
}

/// Packages a chart: the `.tgz` bytes and their SHA-256 in lowercase hex.
///
/// Errors are Helm's texts (`invalid semantic version`, `found in Chart.yaml, but missing
/// in charts/ directory: x`, `failed to save: invalid JSON in values.schema.json`, ...).
pub fn package(chart: &Chart, opts: &PackageOptions) -> Result<(Vec<u8>, String), String> {
    let p = package_chart(chart, opts)?;
    Ok((p.archive, p.sha256))
}

/// [`package`] with the file name and the tar stream too.
pub fn package_chart(chart: &Chart, opts: &PackageOptions) -> Result<Packaged, String> {
    let md = package_metadata(chart, opts)?;
    let mtime = opts.source_date_epoch.unwrap_or(DEFAULT_MTIME);
    let mut tw = TarWriter::new();
    write_chart(&mut tw, chart, Some(&md), "", mtime, 0)
        .map_err(|e| format!("failed to save: {e}"))?;
    let tar = tw.finish();
    let archive = gzip::gzip(&tar);
    let sha256 = sha256_hex(&archive);
    Ok(Packaged {
        file_name: format!("{}-{}.tgz", md.name, md.version),
        tar,
        archive,
        sha256,
    })
}

/// The metadata `helm package` writes: `--version` / `--app-version` applied and checked
/// in Helm's order (`action.Package.Run`, then `chartutil.Save`'s validation).
pub fn package_metadata(chart: &Chart, opts: &PackageOptions) -> Result<Metadata, String> {
    check_locks(chart, 0)?;
    let mut md = chart.metadata.clone();
    if let Some(v) = opts.version.as_deref().filter(|v| !v.is_empty()) {
        md.version = String::from(v);
    }
    Version::parse(&md.version)?;
    if let Some(v) = opts.app_version.as_deref().filter(|v| !v.is_empty()) {
        md.app_version = String::from(v);
    }
    crate::chart::missing_dependencies(chart)?;
    md.validate()
        .map_err(|e| format!("failed to save: chart validation: validation: {e}"))?;
    Ok(md)
}

/// Helm's loader refuses a lock whose `generated` is not an RFC 3339 time; ours reads it
/// as text, so the check happens here, with the loader's message.
fn check_locks(chart: &Chart, depth: usize) -> Result<(), String> {
    if depth > MAX_SUBCHART_DEPTH {
        return Err(String::from("subcharts nested too deeply"));
    }
    if let Some(lock) = &chart.lock {
        if let Err(e) = chartfile::lock_time(lock) {
            let file = chart
                .raw
                .iter()
                .rev()
                .find(|f| f.name == "Chart.lock" || f.name == "requirements.lock")
                .map_or("Chart.lock", |f| f.name.as_str());
            return Err(format!(
                "cannot load {file}: error unmarshaling JSON: while decoding JSON: {e}"
            ));
        }
    }
    for dep in &chart.dependencies {
        check_locks(dep, depth + 1).map_err(|e| {
            format!(
                "error unpacking subchart {} in {}: {e}",
                dep.name(),
                chart.name()
            )
        })?;
    }
    Ok(())
}

/// Lowercase hex SHA-256.
pub fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// Go's `filepath.Join` of two parts.
fn join(a: &str, b: &str) -> String {
    crate::gopath::join(&[a, b])
}

/// Helm's `writeTarContents`: one chart's entries, then its subcharts'.
fn write_chart(
    tw: &mut TarWriter,
    chart: &Chart,
    root_metadata: Option<&Metadata>,
    prefix: &str,
    mtime: i64,
    depth: usize,
) -> Result<(), String> {
    if depth > MAX_SUBCHART_DEPTH {
        return Err(String::from("subcharts nested too deeply"));
    }
    let md = root_metadata.unwrap_or(&chart.metadata);
    if md.name.contains('/') || md.name == "." || md.name == ".." || md.name.is_empty() {
        return Err(format!(
            "{} is not a valid chart name",
            crate::values::gostr::quote(&md.name)
        ));
    }
    let base = join(prefix, &md.name);
    let chart_yaml = chartfile::chart_yaml_for_archive(md)?;
    tw.append(&join(&base, "Chart.yaml"), chart_yaml.as_bytes(), mtime)?;
    if md.api_version == "v2" {
        if let Some(lock) = &chart.lock {
            let data = chartfile::lock_yaml(chart, lock)?;
            let t = match chartfile::lock_time(lock)? {
                Some(t) => chartfile::round_to_second(&t),
                None => mtime,
            };
            tw.append(&join(&base, "Chart.lock"), data.as_bytes(), t)?;
        }
    }
    if let Some(v) = &chart.raw_values {
        tw.append(&join(&base, "values.yaml"), v, mtime)?;
    }
    if let Some(s) = &chart.schema {
        if crate::json::from_json(&String::from_utf8_lossy(s)).is_err() {
            return Err(String::from("invalid JSON in values.schema.json"));
        }
        tw.append(&join(&base, "values.schema.json"), s, mtime)?;
    }
    for f in chart.templates.iter().chain(chart.files.iter()) {
        tw.append(&join(&base, &f.name), &f.data, mtime)?;
    }
    let charts = join(&base, "charts");
    for dep in &chart.dependencies {
        write_chart(tw, dep, None, &charts, mtime, depth + 1)?;
    }
    Ok(())
}
