//! `cargo xtask`: Binnacle's workflows, one command each.
//!
//! Heavy builds go to `$CARGO_TARGET_DIR`, default `~/.cache/binnacle/target`, so a fresh
//! clone reuses the machine's earlier builds.

mod cluster;
mod disk;
mod pgo;
mod wasm;
mod web;

use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::time::Instant;

const HELP: &str = "\
cargo xtask — Binnacle's workflows

USAGE: cargo xtask <COMMAND> [ARGS]

COMMANDS:
  test [--quick]              everything CI checks: fmt, clippy, no_std build, unit tests,
                              conformance, difftest (generated and typo'd templates), wasm,
                              browser and cluster tests, the pgo build (--quick: skip
                              wasm, browser, cluster and pgo)
  conformance [--corpus DIR] [--wasm] [--filter TEXT]
                              render every corpus case and compare with Helm's output
  difftest [--cases N] [--seed S]
                              generated templates rendered by Binnacle and real Helm
  difftest --mutate [--corpus DIR] [--cases N] [--seed S]
                              corpus chart templates with one small edit each (a typo),
                              rendered by Binnacle and real Helm
  bench [render|wasm|template] [--no-pgo] [--runs N] [--warmup W]
                              benchmarks against the oracle (see BENCHMARKS.md); the
                              native ones time the `pgo` build (--no-pgo: plain release);
                              render: median of N runs after W untimed ones, each side
  pgo                         binnacle built with profile-guided optimisation, trained on
                              the repository's own charts: <target>/pgo/release/binnacle
  wasm                        build the npm package in pkg/ (web, node, bundler)
  serve                       build the playground and serve it on http://127.0.0.1:8080
  e2e                         browser tests of the playground (Chromium + Playwright)
  cluster up [--nodes N] | down | build | status
                              a local Kubernetes control plane for cluster tests
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(cmd) = args.first() else {
        eprint!("{HELP}");
        return ExitCode::from(2);
    };
    let rest = &args[1..];
    let result = match cmd.as_str() {
        "test" => test(rest),
        "conformance" => conformance(rest),
        "difftest" => difftest(rest),
        "bench" if rest.first().map(String::as_str) == Some("wasm") => wasm::bench(&rest[1..]),
        "bench" => bench(rest),
        "pgo" => pgo::run(rest),
        "wasm" => wasm::build(rest),
        "serve" => web::serve(rest),
        "e2e" => web::e2e(rest),
        "cluster" => cluster::run(rest),
        "-h" | "--help" | "help" => {
            print!("{HELP}");
            Ok(())
        }
        other => Err(format!("xtask: unknown command {other:?}\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: the parent of xtask's manifest directory as `cargo run` names it
/// now, not as it was when built (a build kept outside the clone outlives the clone it was
/// built from, and cargo does not rebuild it for another clone of the same sources).
fn root() -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// Where cargo builds go: outside the clone, so fresh clones reuse them.
fn target_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(d);
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp"));
    home.join(".cache/binnacle/target")
}

/// The shared directory beside the clone (`../shared`).
fn shared() -> PathBuf {
    root()
        .parent()
        .map(|p| p.join("shared"))
        .unwrap_or_else(|| PathBuf::from("../shared"))
}

fn cargo() -> Command {
    let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    c.current_dir(root()).env("CARGO_TARGET_DIR", target_dir());
    c
}

/// `cargo run` of one of the `binnacle-tests` runners (release build), arguments to follow.
fn tests_bin(name: &str) -> Command {
    let mut c = cargo();
    c.args([
        "run",
        "--quiet",
        "--release",
        "-p",
        "binnacle-tests",
        "--bin",
        name,
        "--",
    ]);
    c
}

fn run(mut c: Command) -> Result<(), String> {
    let shown = format!("{c:?}");
    eprintln!("xtask: running {shown}");
    let status = c
        .status()
        .map_err(|e| format!("xtask: cannot run {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("xtask: {shown} failed ({status})"))
    }
}

fn conformance(args: &[String]) -> Result<(), String> {
    if args.iter().any(|a| a == "--wasm") {
        let rest: Vec<String> = args.iter().filter(|a| *a != "--wasm").cloned().collect();
        return wasm::conformance(&rest);
    }
    let mut c = tests_bin("conformance");
    if !args.iter().any(|a| a == "--corpus") {
        c.arg("--corpus").arg(shared().join("corpus"));
    }
    c.args(args);
    run(c)
}

fn difftest(args: &[String]) -> Result<(), String> {
    let mutate = args.iter().any(|a| a == "--mutate");
    let args: Vec<&String> = args.iter().filter(|a| *a != "--mutate").collect();
    let mut c = tests_bin(if mutate { "mutatetest" } else { "difftest" });
    if mutate && !args.iter().any(|a| *a == "--corpus") {
        c.arg("--corpus").arg(shared().join("corpus"));
    }
    c.args(args);
    c.env("HELM_ORACLE", shared().join("oracle/helm-oracle"));
    run(c)
}

fn bench(args: &[String]) -> Result<(), String> {
    let no_pgo = args.iter().any(|a| a == "--no-pgo");
    let args: Vec<&String> = args.iter().filter(|a| *a != "--no-pgo").collect();
    let what = args.first().map(|a| a.as_str()).unwrap_or("render");
    let mut c = if no_pgo {
        tests_bin("bench")
    } else {
        // What `cargo xtask pgo` ships is what the benchmark times.
        let mut c = Command::new(pgo::build()?.join("bench"));
        c.current_dir(root());
        c
    };
    c.arg(what);
    // Anything after the benchmark's name (`--runs 9`, `--warmup 5`, `--corpus DIR`) goes to it as is.
    c.args(args.iter().skip(1));
    if !args.iter().any(|a| *a == "--corpus") {
        c.arg("--corpus").arg(shared().join("corpus"));
    }
    c.env("HELM_ORACLE", shared().join("oracle/helm-oracle"));
    run(c)
}

/// One step of `cargo xtask test`, timed, with its outcome kept for the summary.
struct Step {
    name: &'static str,
    result: Result<(), String>,
    secs: f64,
}

fn step(steps: &mut Vec<Step>, name: &'static str, f: impl FnOnce() -> Result<(), String>) {
    eprintln!("\n==== xtask test: {name} ====");
    let t = Instant::now();
    let result = f();
    steps.push(Step {
        name,
        result,
        secs: t.elapsed().as_secs_f64(),
    });
}

fn test(args: &[String]) -> Result<(), String> {
    let quick = args.iter().any(|a| a == "--quick");
    disk::housekeeping(&target_dir());
    let mut steps = Vec::new();
    step(&mut steps, "rustfmt", || {
        let mut c = cargo();
        c.args(["fmt", "--all", "--", "--check"]);
        run(c)
    });
    step(&mut steps, "clippy", || {
        let mut c = cargo();
        c.args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]);
        run(c)
    });
    step(&mut steps, "core no_std (wasm32v1-none)", || {
        let mut c = cargo();
        c.args([
            "build",
            "-p",
            "binnacle-core",
            "--no-default-features",
            "--target",
            "wasm32v1-none",
        ]);
        run(c)
    });
    step(&mut steps, "unit and integration tests", || {
        let mut c = cargo();
        c.args(["test", "--workspace", "--exclude", "binnacle-e2e"]);
        run(c)
    });
    step(&mut steps, "conformance", || conformance(&[]));
    step(&mut steps, "difftest", || {
        difftest(&["--cases".into(), "2000".into(), "--seed".into(), "1".into()])
    });
    step(&mut steps, "difftest --mutate (typos)", || {
        difftest(&[
            "--mutate".into(),
            "--cases".into(),
            "300".into(),
            "--seed".into(),
            "1".into(),
        ])
    });
    if !quick {
        step(&mut steps, "wasm package build", || wasm::build(&[]));
        step(&mut steps, "wasm package tests (node --test)", || {
            wasm::test(&[])
        });
        step(&mut steps, "conformance (wasm)", || wasm::conformance(&[]));
        step(&mut steps, "playground browser tests", || web::e2e(&[]));
        step(&mut steps, "cluster tests", || {
            let mut c = cargo();
            c.args(["test", "-p", "binnacle-e2e", "--", "--test-threads=4"]);
            run(c)
        });
        // The build `cargo xtask bench` times, trained on the repository's charts: it must
        // keep working, and its training renders must keep succeeding.
        step(&mut steps, "pgo build (what bench times)", || {
            pgo::build().map(|_| ())
        });
    }
    eprintln!("\n==== xtask test: summary ====");
    let mut failed = 0;
    for s in &steps {
        let mark = if s.result.is_ok() { "ok  " } else { "FAIL" };
        eprintln!("{mark} {:<32} {:>7.1}s", s.name, s.secs);
        if let Err(e) = &s.result {
            failed += 1;
            eprintln!("     {e}");
        }
    }
    eprintln!(
        "xtask test: {} passed, {failed} failed",
        steps.len() - failed
    );
    if failed > 0 {
        Err(format!("xtask test: {failed} step(s) failed"))
    } else {
        Ok(())
    }
}
