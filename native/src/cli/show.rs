//! `binnacle show chart|values|readme|crds|all CHART`, printed as Helm v4.2.3 prints it.

use std::io::Write;

use anyhow::{anyhow, Result};
use clap::{Args, Subcommand};

use binnacle::pipeline::load_chart;
use binnacle_core::package::show::{show, ShowFormat};

use super::Globals;

/// Flags every `show` subcommand takes.
#[derive(Args, Debug)]
pub struct ShowArgs {
    /// A chart directory or archive.
    #[arg(value_name = "CHART")]
    pub chart: String,
    /// Use development versions, too (no effect on local charts).
    #[arg(long)]
    pub devel: bool,
    #[command(flatten)]
    pub chart_path: super::ChartPathArgs,
}

/// `binnacle show …`
#[derive(Subcommand, Debug)]
pub enum ShowCommand {
    /// Show all information of the chart.
    #[command(disable_version_flag = true)]
    All(ShowArgs),
    /// Show the chart's definition.
    #[command(disable_version_flag = true)]
    Chart(ShowArgs),
    /// Show the chart's values.
    #[command(disable_version_flag = true)]
    Values(ShowArgs),
    /// Show the chart's README.
    #[command(disable_version_flag = true)]
    Readme(ShowArgs),
    /// Show the chart's CRDs.
    #[command(disable_version_flag = true)]
    Crds(ShowArgs),
}

/// Runs `binnacle show`.
pub fn run(cmd: ShowCommand, g: &Globals) -> Result<()> {
    let (format, a) = match cmd {
        ShowCommand::All(a) => (ShowFormat::All, a),
        ShowCommand::Chart(a) => (ShowFormat::Chart, a),
        ShowCommand::Values(a) => (ShowFormat::Values, a),
        ShowCommand::Readme(a) => (ShowFormat::Readme, a),
        ShowCommand::Crds(a) => (ShowFormat::Crds, a),
    };
    a.chart_path.registry.check()?;
    a.chart_path.log_version("original", a.devel);
    let path = a.chart_path.locate(&a.chart, g)?;
    let chart = load_chart(&path).map_err(anyhow::Error::msg)?;
    let out = show(&chart, format).map_err(|e| anyhow!(e))?;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&out)?;
    Ok(())
}
