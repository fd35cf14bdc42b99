//! `binnacle show` (issue 6: being written).

use anyhow::{bail, Result};
use clap::Subcommand;

use super::Globals;

/// `binnacle show …`
#[derive(Subcommand, Debug)]
pub enum ShowCommand {
    /// Show the chart's definition (Chart.yaml).
    Chart {
        /// Chart directory or archive.
        chart: String,
    },
}

/// Runs `binnacle show`.
pub fn run(a: ShowCommand, g: &Globals) -> Result<()> {
    let _ = (a, g);
    bail!("show is not implemented yet")
}
