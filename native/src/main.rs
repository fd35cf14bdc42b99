//! The `binnacle` command: Helm-compatible chart tooling on Binnacle's engine.
//!
//! Errors print as Helm prints them (`Error: …` on stderr) and exit with status 1.

mod cli;

// The engine allocates many small strings and maps; mimalloc is markedly faster at that
// than the system allocator (measured: 15% fewer instructions on a corpus render).
#[global_allocator]
static GLOBAL: binnacle::alloc::Alloc = binnacle::alloc::Alloc;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    // The whole command runs on a render worker, so its renders need no hand-off between
    // threads (one cost about 0.1 ms: a wake-up and a cache-cold core).
    match binnacle::pipeline::with_render_stack(move || cli::run(cli)) {
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
