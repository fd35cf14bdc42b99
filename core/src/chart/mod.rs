//! Charts: loading from a file list or a `.tgz`, `.helmignore`, `Chart.yaml` metadata,
//! dependencies and the `.Files` object. Owner: chart work.
//!
//! Entry points: [`load_files`] (a walked chart directory), [`load_archive`] (a `.tgz`).
//! Subcharts are kept sorted by their name under `charts/` (Helm keeps them in Go map
//! order, which is random; sorting makes renders and archives reproducible).

pub mod archive;
pub mod files;
pub mod glob;
mod gzip;
pub mod ignore;
mod load;
pub mod metadata;
pub mod pathmatch;
pub mod semver;
mod tar;

#[cfg(test)]
mod corpus_tests;

use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;

pub use load::{load_archive, load_buffered, load_files};
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
