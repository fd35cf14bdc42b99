//! `binnacle lint` (issue 6: being written).

use anyhow::{bail, Result};
use clap::Args;

use super::{Globals, ValueArgs};

/// `binnacle lint PATH...`
#[derive(Args, Debug)]
pub struct LintArgs {
    /// Chart directories or archives to lint.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<String>,
    #[command(flatten)]
    pub values: ValueArgs,
}

/// Runs `binnacle lint`.
pub fn run(a: LintArgs, g: &Globals) -> Result<()> {
    let _ = (a, g);
    bail!("lint is not implemented yet")
}
