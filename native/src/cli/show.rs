//! `binnacle show chart|values|readme|crds|all CHART`, printed as Helm v4.2.3 prints it.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Result};
use clap::{Args, Subcommand};

use binnacle::pipeline::load_chart;
use binnacle::sign;
use binnacle_core::package::show::{show, ShowFormat};

use super::Globals;

/// Flags every `show` subcommand takes.
#[derive(Args, Debug)]
pub struct ShowArgs {
    /// A chart directory or archive.
    #[arg(value_name = "CHART")]
    pub chart: String,
    /// Verify the package before using it.
    #[arg(long)]
    pub verify: bool,
    /// Location of public keys used for verification.
    #[arg(long)]
    pub keyring: Option<String>,
    /// Chart version constraint (only meaningful for repository charts, which Binnacle
    /// does not fetch).
    #[arg(long)]
    pub version: Option<String>,
    /// Chart repository url (not supported: Binnacle does not fetch charts).
    #[arg(long)]
    pub repo: Option<String>,
    /// Use development versions, too (no effect on local charts).
    #[arg(long)]
    pub devel: bool,
    /// Pass credentials to all domains.
    #[arg(long)]
    pub pass_credentials: bool,
    #[command(flatten)]
    pub registry: super::RegistryArgs,
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

/// Helm's `LocateChart` for local paths: the path as given, checked.
fn locate(a: &ShowArgs, g: &Globals) -> Result<PathBuf> {
    if a.repo.is_some() {
        bail!("--repo is not supported: binnacle reads local charts only");
    }
    let name = a.chart.trim();
    let path = Path::new(name);
    if std::fs::metadata(path).is_err() {
        return Err(g.missing_chart(name));
    }
    let abs = std::path::absolute(path)?;
    if a.verify {
        let keyring = super::package::keyring_or_default(&a.keyring);
        sign::verify_chart(&abs, None, &keyring).map_err(anyhow::Error::msg)?;
    }
    Ok(abs)
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
    a.registry.check()?;
    let version = a.version.as_deref().unwrap_or("");
    super::log_debug("original chart version", &[("version", version)]);
    if version.is_empty() && a.devel {
        super::log_debug("setting version to >0.0.0-0", &[]);
    }
    let path = locate(&a, g)?;
    let chart = load_chart(&path).map_err(anyhow::Error::msg)?;
    let out = show(&chart, format).map_err(|e| anyhow!(e))?;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&out)?;
    Ok(())
}
