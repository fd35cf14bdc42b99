//! Charts: loading from a file list or a `.tgz`, `.helmignore`, `Chart.yaml` metadata,
//! dependencies and the `.Files` object. Owner: chart work.
//!
//! Entry points: [`load_files`] (a walked chart directory), [`load_archive`] (a `.tgz`).
//! Subcharts are kept sorted by their name under `charts/` (Helm keeps them in Go map
//! order, which is random; sorting makes renders and archives reproducible).

pub mod archive;
pub mod files;
pub mod glob;
pub(crate) mod gzip;
pub mod ignore;
mod load;
pub mod metadata;
pub mod pathmatch;
pub mod semver;
mod tar;

#[cfg(test)]
mod corpus_tests;

use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;

pub use load::{load_archive, load_buffered, load_files, load_shared, SharedFile};
pub use metadata::{Dependency, Lock, Maintainer, Metadata};

use crate::value::Map;

/// A chart could not be loaded; the message is Helm's.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadError {
    /// Helm's error text.
    pub message: String,
}

impl LoadError {
    /// An error with Helm's text.
    pub fn new(message: impl Into<String>) -> LoadError {
        LoadError {
            message: message.into(),
        }
    }
}

impl core::fmt::Display for LoadError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message)
    }
}

/// A file of a chart: chart-relative path with `/`, and its bytes (shared).
#[derive(Clone, Debug)]
pub struct File {
    /// Chart-relative path.
    pub name: String,
    /// Contents.
    pub data: Rc<[u8]>,
}

/// A loaded chart (Helm's `chart.Chart`).
#[derive(Clone)]
pub struct Chart {
    /// `Chart.yaml`.
    pub metadata: Metadata,
    /// `Chart.lock` (or `requirements.lock`).
    pub lock: Option<Lock>,
    /// Files under `templates/`, in load order.
    pub templates: Vec<File>,
    /// `values.yaml`, parsed (empty when absent).
    pub values: Map,
    /// `values.yaml` as written.
    pub raw_values: Option<Rc<[u8]>>,
    /// `values.schema.json` as written.
    pub schema: Option<Rc<[u8]>>,
    /// Every other file (what `.Files` holds): not templates, not chart metadata or
    /// values, not under `charts/` except `*.prov`.
    pub files: Vec<File>,
    /// Every file as loaded (Helm's `Raw`).
    pub raw: Vec<File>,
    /// Subcharts from `charts/`, sorted by their entry name.
    pub dependencies: Vec<Chart>,
    /// What Helm's loader logs while loading this chart (`Warning: Dependencies are handled
    /// in Chart.yaml since apiVersion "v2". ...`), subcharts' included.
    pub warnings: Vec<String>,
}

impl Chart {
    /// The chart's name (`Chart.yaml` `name`, or the alias once dependencies are processed).
    pub fn name(&self) -> &str {
        &self.metadata.name
    }

    /// Whether this is a library chart.
    pub fn is_library(&self) -> bool {
        self.metadata.is_library()
    }
}

/// Helm's `action.CheckDependencies`: the dependencies `Chart.yaml` names that no chart in
/// `charts/` provides, as Helm words them.
pub fn missing_dependencies(chart: &Chart) -> Result<(), String> {
    let missing: Vec<&str> = chart
        .metadata
        .dependencies
        .iter()
        .filter(|d| !chart.dependencies.iter().any(|c| c.name() == d.name))
        .map(|d| d.name.as_str())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(format!(
        "found in Chart.yaml, but missing in charts/ directory: {}",
        missing.join(", ")
    ))
}

/// Helm's `ValidateReleaseName`: at most 53 bytes of lowercase letters, digits, `-` and `.`,
/// each dot-separated part starting and ending with a letter or digit.
pub fn validate_release_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("no name provided".into());
    }
    let part_ok = |p: &str| {
        let b = p.as_bytes();
        let alnum = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
        b.first().is_some_and(alnum)
            && b.last().is_some_and(alnum)
            && b.iter().all(|c| alnum(c) || *c == b'-')
    };
    if name.len() > 53 || !name.split('.').all(part_ok) {
        return Err(
            "invalid release name, must match regex ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ and the length must not be longer than 53"
                .into(),
        );
    }
    Ok(())
}

/// How Helm's install words a release name it refuses, before the reason (Helm also logs
/// the reason at level ERROR under this message).
pub const RELEASE_NAME_CHECK: &str = "release name check failed";

/// Helm's install's release-name check (`availableName` on a dry run), in its words:
/// `release name check failed: release name "Web": invalid release name, ...`.
pub fn check_release_name(name: &str) -> Result<(), String> {
    validate_release_name(name).map_err(|e| {
        format!(
            "{RELEASE_NAME_CHECK}: release name {}: {e}",
            crate::gofmt::strconv::quote(name)
        )
    })
}

/// What `helm install` and `helm template` refuse before rendering: a chart that is not
/// of type application (`checkIfInstallable`), then dependencies missing from `charts/`.
pub fn check_installable(chart: &Chart) -> Result<(), String> {
    check_chart_type(chart)?;
    check_dependencies(chart)
}

/// Helm's `checkIfInstallable`: only application charts install.
pub fn check_chart_type(chart: &Chart) -> Result<(), String> {
    match chart.metadata.chart_type.as_str() {
        "" | "application" => Ok(()),
        t => Err(format!("{t} charts are not installable")),
    }
}

/// Helm's `CheckDependencies` as install words it: every dependency `Chart.yaml` lists is
/// in `charts/`.
pub fn check_dependencies(chart: &Chart) -> Result<(), String> {
    missing_dependencies(chart).map_err(|e| {
        format!(
            "an error occurred while checking for chart dependencies. You may need to run \
             'helm dependency build' to fetch missing dependencies: {e}"
        )
    })
}

impl core::fmt::Debug for Chart {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Chart")
            .field("name", &self.metadata.name)
            .field("version", &self.metadata.version)
            .field("templates", &self.templates.len())
            .field("files", &self.files.len())
            .field("dependencies", &self.dependencies)
            .finish()
    }
}

/// Which chart API a `Chart.yaml` declares, as Helm's top-level loader dispatches on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartApi {
    /// `apiVersion` empty, `v1` or `v2`: the v2 loader.
    V2,
    /// `apiVersion: v3` (experimental): Helm's v3 loader; `install`/`template` refuse it.
    V3,
}

/// Helm's `pkg/chart/loader` dispatch: peeks `apiVersion` in `Chart.yaml`. Errors read
/// `cannot load Chart.yaml: ...` or `unsupported chart version`.
///
/// [`load_files`] and [`load_archive`] load every chart as v2 (what Helm's v2 loader, and
/// the SDK the oracle uses, do); the CLI calls this first to refuse what Helm refuses.
pub fn detect_api_version(chart_yaml: &[u8]) -> Result<ChartApi, LoadError> {
    let text = crate::gobytes::go_text(chart_yaml);
    let v = crate::yaml::from_yaml(&text)
        .map_err(|e| LoadError::new(alloc::format!("cannot load Chart.yaml: {}", e.message)))?;
    let mut md = Metadata::default();
    let api = match &v {
        crate::value::Value::Map(m) => {
            let only = Map::new();
            for (k, val) in m.to_vec() {
                if k.eq_ignore_ascii_case("apiVersion") {
                    only.insert(k, val);
                }
            }
            md.decode_into(&crate::value::Value::Map(only))
                .map_err(|e| {
                    LoadError::new(alloc::format!(
                        "cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: {}",
                        e.replace("Go struct field Metadata.", "Go struct field chartBase.")
                    ))
                })?;
            md.api_version
        }
        crate::value::Value::Nil => String::new(),
        other => {
            let mut probe = Metadata::default();
            let e = probe.decode_into(other).err().unwrap_or_default();
            return Err(LoadError::new(alloc::format!(
                "cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: {}",
                e.replace("v2.Metadata", "loader.chartBase")
            )));
        }
    };
    match api.as_str() {
        "" | "v1" | "v2" => Ok(ChartApi::V2),
        "v3" => Ok(ChartApi::V3),
        _ => Err(LoadError::new("unsupported chart version")),
    }
}

impl Chart {
    /// The chart tree as the renderer takes it (after [`crate::values::prepare`]):
    /// `.Chart` maps, `.Files` objects, template texts, children in order.
    pub fn render_node(&self, is_root: bool) -> crate::render::ChartNode {
        crate::render::ChartNode {
            name: String::from(self.name()),
            metadata: self.metadata.template_map(is_root),
            files: files::Files::new(&self.files).into_value(),
            templates: self
                .templates
                .iter()
                .map(|t| (t.name.clone(), shared_text(&t.data)))
                .collect(),
            library: self.is_library(),
            children: self
                .dependencies
                .iter()
                .map(|d| d.render_node(false))
                .collect(),
        }
    }
}

/// A chart file's bytes as text (a template to parse, `.Files.Get`): the same allocation
/// when they are valid UTF-8, as they nearly always are (no copy per render or call),
/// else a copy with each byte that is not UTF-8 kept as Go keeps it
/// ([`crate::gobytes::from_go_bytes`]).
pub(crate) fn shared_text(data: &Rc<[u8]>) -> Rc<str> {
    crate::value::shared_str(data)
        .unwrap_or_else(|| Rc::from(crate::gobytes::from_go_bytes(data).as_str()))
}

#[cfg(test)]
mod name_tests {
    /// Helm's `ValidateReleaseName` regex and length, case by case.
    #[test]
    fn release_names_as_helm_checks_them() {
        for ok in ["a", "web", "a.b-c", "0", "a1-2.b3", &"a".repeat(53)] {
            assert_eq!(super::validate_release_name(ok), Ok(()), "{ok}");
        }
        assert_eq!(
            super::validate_release_name(""),
            Err("no name provided".into())
        );
        for bad in [
            "Web",
            "-a",
            "a-",
            "a..b",
            ".a",
            "a.",
            "a_b",
            "é",
            &"a".repeat(54),
        ] {
            let e = super::validate_release_name(bad).unwrap_err();
            assert!(
                e.starts_with("invalid release name, must match regex"),
                "{bad}"
            );
        }
    }
}
