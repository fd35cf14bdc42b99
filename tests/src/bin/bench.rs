//! `cargo xtask bench render [--runs N] [--warmup W] [--corpus DIR]`: load + render of every
//! corpus chart by Binnacle (native, in-process) and by Helm v4.2.3 (its Go SDK in-process
//! through the oracle's Python binding, a fresh load per run), median of N runs after W
//! untimed ones (default 1) on each side, in one run of this command. Each side runs in its
//! own child process per chart so peak memory (max RSS) is measured per chart. Prints a
//! table and the median ratios.

use std::path::{Path, PathBuf};

// Same allocator as the `binnacle` binary, so the numbers are the command's.
#[global_allocator]
static GLOBAL: binnacle::alloc::Alloc = binnacle::alloc::Alloc;
use std::process::{Command, ExitCode};
use std::time::Instant;

/// Helm's side of the benchmark (`tests/bench/oracle_bench.py`).
const ORACLE_BENCH: &str = include_str!("../../bench/oracle_bench.py");

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    if v.is_empty() {
        return f64::NAN;
    }
    v[v.len() / 2]
}

/// Peak resident memory of this process, from /proc (kB).
fn peak_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| {
                l.split_whitespace()
                    .nth(1)
                    .unwrap_or("0")
                    .parse()
                    .unwrap_or(0)
            })
        })
        .unwrap_or(0)
}

/// Child mode: time this chart's load + render `runs` times, print JSON. `times` are cold
/// (the chart schema is compiled again every run, as Helm does); `warm` keeps the compiled
/// schema between runs, as a process re-rendering one chart does (the playground). The
/// loop runs on a render worker, as a process serving renders would, so the timings hold
/// no hand-off between threads.
fn one(chart: &Path, values: &Path, runs: usize, warmup: usize) -> ExitCode {
    let (chart, values) = (chart.to_path_buf(), values.to_path_buf());
    let (times, warm, ok) = binnacle::pipeline::with_render_stack(move || {
        let run = || {
            binnacle::pipeline::render_dir(&chart, std::slice::from_ref(&values)).map(|m| m.len())
        };
        let mut first = run();
        for _ in 1..warmup {
            first = run();
        }
        let mut times = Vec::new();
        for _ in 0..runs {
            binnacle::pipeline::forget_compiled_schemas();
            let t = Instant::now();
            let _ = run();
            times.push(t.elapsed().as_secs_f64());
        }
        let mut warm = Vec::new();
        for _ in 0..runs {
            let t = Instant::now();
            let _ = run();
            warm.push(t.elapsed().as_secs_f64());
        }
        (times, warm, first.is_ok())
    });
    println!(
        "{}",
        serde_json::json!({"times": times, "warm": warm, "peak_kb": peak_kb(), "ok": ok})
    );
    ExitCode::SUCCESS
}

struct Row {
    id: String,
    ours: f64,
    helm: f64,
    warm: f64,
    ours_kb: u64,
    helm_kb: u64,
}

/// Median time, peak KB and (for Binnacle) the median warm time.
fn measure(cmd: &mut Command) -> Result<(f64, u64, f64), String> {
    let out = cmd.output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr)
            .lines()
            .last()
            .unwrap_or("failed")
            .to_string());
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().last().ok_or("no output")?;
    let j: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
    let times: Vec<f64> = j["times"]
        .as_array()
        .ok_or("no times")?
        .iter()
        .filter_map(|t| t.as_f64())
        .collect();
    let warm: Vec<f64> = j["warm"]
        .as_array()
        .map(|w| w.iter().filter_map(|t| t.as_f64()).collect())
        .unwrap_or_default();
    let warm = if warm.is_empty() { 0.0 } else { median(warm) };
    Ok((median(times), j["peak_kb"].as_u64().unwrap_or(0), warm))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let get = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let runs: usize = get("--runs")
        .and_then(|r| r.parse().ok())
        .unwrap_or(5)
        .max(5);
    // Renders before the timed ones, on both sides alike: a process's first several renders
    // run slower than later ones, Binnacle's and Helm's (BENCHMARKS.md).
    let warmup: usize = get("--warmup")
        .and_then(|r| r.parse().ok())
        .unwrap_or(1)
        .max(1);
    if args.first().map(String::as_str) == Some("--one") {
        return one(Path::new(&args[1]), Path::new(&args[2]), runs, warmup);
    }
    let what = args.first().cloned().unwrap_or_else(|| "render".into());
    if what != "render" {
        eprintln!("bench: unknown benchmark {what:?} (render)");
        return ExitCode::FAILURE;
    }
    let corpus = PathBuf::from(get("--corpus").unwrap_or_else(|| "../shared/corpus".into()));
    let oracle = binnacle_tests::oracle::oracle_path();
    let setup = oracle.with_file_name("setup");
    let python = match Command::new(&setup).output() {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).trim().to_string(),
        _ => {
            eprintln!("bench: cannot set up the oracle with {}", setup.display());
            return ExitCode::FAILURE;
        }
    };
    // Helm's side is carried in this binary and written out, so a build shared between
    // checkouts never runs another checkout's script (or a deleted one's).
    let script =
        std::env::temp_dir().join(format!("binnacle-oracle-bench-{}.py", std::process::id()));
    if let Err(e) = std::fs::write(&script, ORACLE_BENCH) {
        eprintln!("bench: cannot write {}: {e}", script.display());
        return ExitCode::FAILURE;
    }
    let me = std::env::current_exe().expect("own path");
    let mut ids: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    ids.retain(|p| p.join("expected/default.render.json").is_file());
    ids.sort();
    let mut rows = Vec::new();
    println!(
        "{:<30} {:>12} {:>12} {:>8} {:>10} {:>10} {:>10}",
        "chart", "binnacle ms", "helm ms", "ratio", "warm ms", "bin MB", "helm MB"
    );
    for dir in ids {
        let id = dir
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let chart = dir.join("chart");
        let values = dir.join("values/default.yaml");
        let ours = measure(
            Command::new(&me)
                .arg("--one")
                .arg(&chart)
                .arg(&values)
                .arg("--runs")
                .arg(runs.to_string())
                .arg("--warmup")
                .arg(warmup.to_string()),
        );
        let helm = measure(
            Command::new(&python)
                .arg(&script)
                .arg(&chart)
                .arg(&values)
                .arg(runs.to_string())
                .arg(warmup.to_string()),
        );
        match (ours, helm) {
            (Ok((o, okb, w)), Ok((h, hkb, _))) => {
                println!(
                    "{:<30} {:>12.2} {:>12.2} {:>7.1}x {:>10.2} {:>10.1} {:>10.1}",
                    id,
                    o * 1e3,
                    h * 1e3,
                    h / o,
                    w * 1e3,
                    okb as f64 / 1024.0,
                    hkb as f64 / 1024.0
                );
                rows.push(Row {
                    id,
                    ours: o,
                    helm: h,
                    warm: w,
                    ours_kb: okb,
                    helm_kb: hkb,
                });
            }
            (a, b) => println!(
                "{id:<30} skipped: binnacle {:?}, helm {:?}",
                a.err(),
                b.err()
            ),
        }
    }
    let _ = std::fs::remove_file(&script);
    let ratios: Vec<f64> = rows.iter().map(|r| r.helm / r.ours).collect();
    let slowest = rows.iter().max_by(|a, b| a.ours.total_cmp(&b.ours));
    println!();
    println!(
        "charts: {}, runs per chart: {runs} (median), warm-up: {warmup}",
        rows.len()
    );
    println!(
        "median speed-up (helm time / binnacle time): {:.1}x",
        median(ratios.clone())
    );
    println!(
        "median binnacle time: {:.2} ms, median helm time: {:.2} ms",
        median(rows.iter().map(|r| r.ours * 1e3).collect()),
        median(rows.iter().map(|r| r.helm * 1e3).collect())
    );
    println!(
        "median binnacle time re-rendering an unchanged chart (compiled schema kept): {:.2} ms ({:.1}x)",
        median(rows.iter().map(|r| r.warm * 1e3).collect()),
        median(rows.iter().map(|r| r.helm / r.warm.max(1e-9)).collect())
    );
    if let Some(s) = slowest {
        println!(
            "slowest binnacle chart: {} — {:.2} ms vs helm {:.2} ms ({:.1}x)",
            s.id,
            s.ours * 1e3,
            s.helm * 1e3,
            s.helm / s.ours
        );
    }
    println!(
        "peak memory (median per chart process): binnacle {:.1} MB, helm {:.1} MB",
        median(rows.iter().map(|r| r.ours_kb as f64 / 1024.0).collect()),
        median(rows.iter().map(|r| r.helm_kb as f64 / 1024.0).collect())
    );
    ExitCode::SUCCESS
}
