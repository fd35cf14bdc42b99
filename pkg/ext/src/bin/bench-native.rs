//! The native half of `cargo xtask bench wasm`: each corpus chart's default variant loaded
//! and rendered in memory by the core, as the npm package does in WebAssembly, so the two
//! compare like for like. Prints one JSON line per chart:
//! `{"chart":ID,"load_ms":…,"first_ms":…,"steady_ms":…}` (steady: median of `--runs`
//! after a few warm-up renders).
//!
//! usage: bench-native --corpus DIR [--runs N] [--filter TEXT]

use std::path::Path;
use std::time::Instant;

use binnacle_core::chart;
use binnacle_core::host::SeededHost;
use binnacle_core::render::chart::{render_chart, ChartRenderOptions};
use binnacle_core::render::ReleaseInfo;
use binnacle_core::values::{merge_values, ValueSource};

fn walk(dir: &Path, rel: &str, out: &mut Vec<(String, Vec<u8>)>) -> Result<(), String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    names.sort();
    for n in names {
        let p = dir.join(&n);
        let r = if rel.is_empty() {
            n.clone()
        } else {
            format!("{rel}/{n}")
        };
        if p.is_dir() {
            walk(&p, &r, out)?;
        } else {
            out.push((
                r,
                std::fs::read(&p).map_err(|e| format!("{}: {e}", p.display()))?,
            ));
        }
    }
    Ok(())
}

/// Renders after the first and before the timed ones.
const WARMUP: usize = 5;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn bench(dir: &Path, runs: usize) -> Result<(f64, f64, f64), String> {
    let mut files = Vec::new();
    walk(&dir.join("chart"), "", &mut files)?;
    let values = std::fs::read(dir.join("values/default.yaml")).unwrap_or_default();
    let t = Instant::now();
    let c = chart::load_files(files).map_err(|e| e.message)?;
    let load = ms(t);
    let sources = [ValueSource::File {
        name: "default.yaml".into(),
        data: values,
    }];
    let opts = ChartRenderOptions {
        release: ReleaseInfo {
            name: "demo".into(),
            ..ReleaseInfo::default()
        },
        ..ChartRenderOptions::default()
    };
    // A new seed per run: key generation time depends on the primes drawn.
    let seed = std::cell::Cell::new(0u64);
    // Values are checked against values.schema.json, as the package's render() does; one
    // validator for the run, as the package keeps one for the module's life.
    let mut validator = binnacle_core::schema::validator();
    let mut one = || -> Result<f64, String> {
        let t = Instant::now();
        let user = merge_values(&sources, &mut |p: &str| Err(format!("open {p}")))?;
        let mut host = SeededHost::new(seed.replace(seed.get() + 1));
        // Refusals (the corpus records some) still take time worth measuring.
        let _ = render_chart(&c, &user, &opts, Some(&mut validator), &mut host);
        Ok(ms(t))
    };
    let first = one()?;
    // Warm-up renders, as on the WebAssembly side (where they let V8 tier up).
    for _ in 0..WARMUP {
        one()?;
    }
    let mut times = (0..runs)
        .map(|_| one())
        .collect::<Result<Vec<f64>, String>>()?;
    times.sort_by(f64::total_cmp);
    Ok((load, first, times[times.len() / 2]))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let get = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let corpus = get("--corpus").unwrap_or_else(|| "../shared/corpus".into());
    let runs: usize = get("--runs")
        .and_then(|r| r.parse().ok())
        .unwrap_or(10)
        .max(1);
    let filter = get("--filter");
    let worker = std::thread::Builder::new()
        .stack_size(binnacle_core::limits::RENDER_STACK_SIZE)
        .spawn(move || {
            let mut ids: Vec<_> = std::fs::read_dir(&corpus)
                .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
                .unwrap_or_default();
            ids.retain(|p: &std::path::PathBuf| p.join("chart").is_dir());
            ids.sort();
            for dir in ids {
                let id = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                if filter.as_deref().is_some_and(|f| !id.contains(f)) {
                    continue;
                }
                match bench(&dir, runs) {
                    Ok((load, first, steady)) => println!(
                        "{{\"chart\":\"{id}\",\"load_ms\":{load:.3},\"first_ms\":{first:.3},\"steady_ms\":{steady:.3}}}"
                    ),
                    Err(e) => eprintln!("bench-native: {id}: {e}"),
                }
            }
        });
    match worker.map(|w| w.join()) {
        Ok(Ok(())) => {}
        _ => {
            eprintln!("bench-native: the benchmark thread failed");
            std::process::exit(1);
        }
    }
}
