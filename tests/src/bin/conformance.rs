//! `cargo xtask conformance [--corpus DIR] [--filter TEXT]`: every corpus case rendered and
//! compared with Helm's output. Prints one line (and a diff) per failing case, then
//! `conformance: N passed, M failed`. A case whose recorded output needs vendored
//! dependencies missing from the corpus copy is listed as `NOT RUN` with the reason and
//! counted apart: it is neither passed nor failed.

use std::path::PathBuf;
use std::process::ExitCode;

use binnacle_tests::conformance::{compare, discover, Case, Expected, Outcome};

fn run_case(case: &Case) -> Outcome {
    match &case.expected {
        Expected::Lint(_) => match binnacle::pipeline::lint_dir(&case.chart) {
            Ok(j) => Outcome::Linted(j),
            Err(e) => Outcome::Failed(e),
        },
        _ => {
            let values: Vec<PathBuf> = case.values.iter().cloned().collect();
            match binnacle::pipeline::render_dir(&case.chart, &values) {
                Ok(m) => Outcome::Rendered(m),
                Err(e) => Outcome::Failed(e),
            }
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let get = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let corpus = PathBuf::from(get("--corpus").unwrap_or_else(|| "../shared/corpus".into()));
    let filter = get("--filter");
    let cases = match discover(&corpus) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("conformance: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (mut passed, mut failed, mut not_run) = (0, 0, 0);
    for case in cases
        .iter()
        .filter(|c| filter.as_deref().is_none_or(|f| c.name.contains(f)))
    {
        if let Some(why) = &case.incomplete {
            not_run += 1;
            println!("NOT RUN {}: {why}", case.name);
            continue;
        }
        let outcome = std::panic::catch_unwind(|| run_case(case))
            .unwrap_or_else(|_| Outcome::Failed("PANIC".into()));
        match compare(case, &outcome) {
            None => passed += 1,
            Some(report) => {
                failed += 1;
                println!(
                    "FAIL {}: {}",
                    case.name,
                    report.lines().next().unwrap_or_default()
                );
                for line in report.lines().skip(1) {
                    println!("    {line}");
                }
            }
        }
    }
    if not_run > 0 {
        println!(
            "conformance: {passed} passed, {failed} failed, {not_run} not run (corpus input incomplete)"
        );
    } else {
        println!("conformance: {passed} passed, {failed} failed");
    }
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
