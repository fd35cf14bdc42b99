//! `binnacle package` and `binnacle verify` (issue 6: being written).

use anyhow::{bail, Result};
use clap::Args;

use super::Globals;

/// `binnacle package PATH...`
#[derive(Args, Debug)]
pub struct PackageArgs {
    /// Chart directories to package.
    #[arg(value_name = "CHART_PATH", required = true)]
    pub paths: Vec<String>,
}

/// `binnacle verify PATH`
#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// The chart archive.
    #[arg(value_name = "PATH")]
    pub path: String,
}

/// Runs `binnacle package`.
pub fn run(a: PackageArgs, g: &Globals) -> Result<()> {
    let _ = (a, g);
    bail!("package is not implemented yet")
}

/// Runs `binnacle verify`.
pub fn verify(a: VerifyArgs, g: &Globals) -> Result<()> {
    let _ = (a, g);
    bail!("verify is not implemented yet")
}
