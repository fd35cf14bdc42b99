//! The `binnacle` command: Helm-compatible chart tooling on Binnacle's engine.
//!
//! Errors print as Helm prints them (`Error: …` on stderr) and exit with status 1.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let msg = format!("{e:#}");
            // A closed pipe (`binnacle template … | head`) is not an error.
            if msg.contains("Broken pipe") {
                return ExitCode::SUCCESS;
            }
            eprintln!("Error: {msg}");
            ExitCode::FAILURE
        }
    }
}
