//! Values: `--set` family parsing, coalescing with chart defaults, globals, dependency
//! conditions, tags and import-values. Owner: chart work.
//!
//! A render goes:
//! 1. [`merge_values`] — user values from `-f` files and the `--set` family, in Helm's order;
//! 2. [`prepare`] — Helm's `ProcessDependencies` on a copy of the loaded chart (subcharts
//!    enabled or dropped, aliases renamed, import-values merged) and `CoalesceValues` (the
//!    top-level `.Values`); a subchart's `.Values` is [`subchart_values`] of its parent's;
//! 3. [`schema::check_schemas`] — where Helm validates `values.schema.json` files;
//! 4. [`crate::chart::Chart::render_node`] on `Prepared::chart` — the tree the renderer takes.

pub mod coalesce;
pub mod deps;
pub(crate) mod gostr;
mod jsonval;
pub mod methods;
pub mod schema;
pub mod strvals;
pub mod user;

pub use user::{load_values, merge_maps, merge_values, ValueSource};
#[cfg(test)]
mod scenarios;
#[cfg(test)]
pub(crate) mod testutil;

use alloc::string::String;
use alloc::vec::Vec;

use crate::chart::Chart;
use crate::value::{Map, MapType};

/// A chart ready to render: dependencies processed and values coalesced.
#[derive(Clone)]
pub struct Prepared {
    /// The chart tree after `ProcessDependencies`: disabled subcharts removed, aliased
    /// copies renamed, import-values merged into parents' defaults.
    pub chart: Chart,
    /// The top-level `.Values` (a `common.Values`); a subchart's are its parent's
    /// `.Values.<name>`.
    pub values: Map,
    /// Warnings Helm would log while doing this (coalesce conflicts, non-bool
    /// conditions, missing import tables), in Helm's words.
    pub warnings: Vec<String>,
}

impl core::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Prepared")
            .field("chart", &self.chart)
            .field("values", &crate::value::Value::Map(self.values.clone()))
            .field("warnings", &self.warnings)
            .finish()
    }
}

/// Helm's `ProcessDependencies` followed by `ToRenderValues`' `CoalesceValues`: what a
/// render needs besides the release, capabilities and templates. `chart` is not changed
/// (Helm changes the loaded chart; we work on a copy).
pub fn prepare(chart: &Chart, user_values: &Map) -> Result<Prepared, String> {
    prepare_owned(chart.clone(), user_values)
}

/// [`prepare`] of a chart given up to it: the chart's default values become the coalesced
/// values where nothing else holds them, rather than being copied first (so the returned
/// chart's own `values` are then coalesced ones; nothing after this reads them).
pub fn prepare_owned(mut chart: Chart, user_values: &Map) -> Result<Prepared, String> {
    let mut warnings = Vec::new();
    deps::process_dependencies(&mut chart, user_values, &mut warnings)?;
    let values = coalesce::coalesce_values(&chart, user_values, &mut warnings)?;
    Ok(Prepared {
        chart,
        values: values.retyped(MapType::Values),
        warnings,
    })
}

/// A subchart's `.Values`: its parent's `.Values.<name>` when that is a map, else empty.
pub fn subchart_values(parent_values: &Map, name: &str) -> Map {
    match parent_values.get(name) {
        Some(crate::value::Value::Map(m)) => m.retyped(MapType::Values),
        _ => Map::from_entries(MapType::Values, Default::default()),
    }
}
