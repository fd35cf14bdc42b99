//! `cargo xtask wasm`: the npm package in `pkg/` (issue 4).
//!
//! - `wasm` builds `pkg/dist/`: the main module (`binnacle-wasm`, through wasm-bindgen's
//!   `web` glue, which the Node, browser, worker and bundler entry points all share; built
//!   for size for browsers, `binnacle_bg.wasm`, and for speed for Node, `binnacle_node.wasm`) and the
//!   lazily loaded extension modules (`binnacle-wasm-ext`, one build per group), runs
//!   wasm-opt, and reports sizes against the budget.
//! - `wasm::test` runs the package's tests with `node --test` (and the smoke test in Deno
//!   and workerd when they install).
//! - `conformance --wasm` renders the corpus through the WebAssembly build in Node and
//!   checks that the outcome equals the native runner's, case for case.
//! - `bench wasm` times instantiation, first and steady renders in Node against native
//!   Binnacle and the oracle.
//!
//! Tools come from registries only and are cached: wasm-bindgen-cli in `~/.cargo/bin`, npm
//! packages (binaryen's wasm-opt, deno, workerd) in `pkg/node_modules` from its lockfile.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::{cargo, root, run, shared, target_dir};

/// The wasm-bindgen version the `binnacle-wasm` crate pins (CLI and crate must match).
const WASM_BINDGEN: &str = "0.2.130";

/// Extension modules: `(group, cargo feature of binnacle-wasm-ext)`.
const EXTENSIONS: &[(&str, &str)] = &[
    ("crypto", "crypto"),
    ("regex", "regex"),
    ("toml", "toml"),
    ("schema", "schema"),
    ("lint", "lint"),
    ("package", "package"),
];

/// wasm-opt features: the ones rustc's wasm32-unknown-unknown target enables, one by one
/// (`--all-features` output does not load in Node 20).
const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// `shared/` beside the clone, or beside an ancestor (a worktree under `/work/wt/NAME`).
fn shared_dir() -> PathBuf {
    root()
        .ancestors()
        .skip(1)
        .map(|a| a.join("shared"))
        .find(|d| d.is_dir())
        .unwrap_or_else(shared)
}

fn pkg() -> PathBuf {
    root().join("pkg")
}

fn dist() -> PathBuf {
    pkg().join("dist")
}

fn flag(args: &[String], name: &str) -> bool {
    args.iter().any(|a| a == name)
}

fn value(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

fn output(mut c: Command) -> Result<String, String> {
    let shown = format!("{c:?}");
    let out = c
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("xtask: cannot run {shown}: {e}"))?;
    if !out.status.success() {
        return Err(format!("xtask: {shown} failed ({})", out.status));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn cargo_bin(name: &str) -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"));
    home.join("bin").join(name)
}

/// wasm-bindgen-cli at the crate's version, installed from crates.io when missing.
fn ensure_wasm_bindgen() -> Result<PathBuf, String> {
    let bin = cargo_bin("wasm-bindgen");
    let have = Command::new(&bin)
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    if have.as_deref() == Some(&format!("wasm-bindgen {WASM_BINDGEN}")) {
        return Ok(bin);
    }
    eprintln!("xtask: installing wasm-bindgen-cli {WASM_BINDGEN} (about 3 minutes, once)");
    let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    // Its own lockfile wants a crate version crates.io lacks: no --locked (TOOLCHAIN.md).
    c.args(["install", "wasm-bindgen-cli", "--version", WASM_BINDGEN]);
    run(c)?;
    Ok(bin)
}

/// `pkg/node_modules` from `pkg/package-lock.json` (binaryen for wasm-opt, deno, workerd).
fn ensure_npm() -> Result<(), String> {
    let lock = pkg().join("package-lock.json");
    let stamp = pkg().join("node_modules/.package-lock.json");
    let fresh = match (std::fs::read(&lock), std::fs::read(&stamp)) {
        // npm writes the installed tree's lock; it matches when nothing changed since.
        (Ok(_), Ok(_)) => {
            let lm = std::fs::metadata(&lock).and_then(|m| m.modified()).ok();
            let sm = std::fs::metadata(&stamp).and_then(|m| m.modified()).ok();
            matches!((lm, sm), (Some(l), Some(s)) if s >= l)
        }
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    let mut c = Command::new("npm");
    c.current_dir(pkg())
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"]);
    run(c)
}

fn wasm_opt_bin() -> PathBuf {
    pkg().join("node_modules/.bin/wasm-opt")
}

/// The crate's cdylib built for the browser target with the wasm profile, at `opt_level`
/// (`z`, the profile's, for the main module whose size is budgeted; `3` for extension
/// modules, which do the heavy arithmetic: regex compilation, RSA key generation).
fn cargo_wasm(package: &str, features: &[&str], opt_level: &str) -> Result<PathBuf, String> {
    let mut c = cargo();
    c.args([
        "build",
        "-p",
        package,
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        "wasm",
    ]);
    if !features.is_empty() {
        c.arg("--features").arg(features.join(","));
    }
    // Keep the `target_features` section wasm-bindgen reads; wasm-bindgen and wasm-opt
    // strip names and debug info afterwards.
    c.env("CARGO_PROFILE_WASM_STRIP", "false");
    c.env("CARGO_PROFILE_WASM_OPT_LEVEL", opt_level);
    run(c)?;
    let file = package.replace('-', "_") + ".wasm";
    Ok(target_dir().join("wasm32-unknown-unknown/wasm").join(file))
}

fn wasm_opt(input: &Path, out: &Path, level: &str) -> Result<(), String> {
    let mut c = Command::new(wasm_opt_bin());
    c.arg(level)
        .args(WASM_FEATURES)
        .args(["--strip-debug", "--strip-producers"])
        .arg(input)
        .arg("-o")
        .arg(out);
    run(c)
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("xtask: copying {} to {}: {e}", from.display(), to.display()))
}

/// Builds `pkg/dist/` for the web, Node and bundlers and reports sizes.
pub fn build(args: &[String]) -> Result<(), String> {
    let bindgen = ensure_wasm_bindgen()?;
    ensure_npm()?;
    // The main module twice: for browsers at opt-level z (its download is budgeted), and
    // for Node and Deno at 3 (read from disk, where size matters little and speed does).
    let main_fast = cargo_wasm("binnacle-wasm", &[], "3")?;
    let keep_fast = target_dir().join("binnacle_node_unbound.wasm");
    copy(&main_fast, &keep_fast)?;
    let main = cargo_wasm("binnacle-wasm", &[], "z")?;
    // Separate builds: cargo would otherwise unify features and put crypto into main.
    let mut exts = Vec::new();
    for (group, feature) in EXTENSIONS {
        exts.push((*group, cargo_wasm("binnacle-wasm-ext", &[feature], "3")?));
        // Each build overwrites the same file name: keep this group's copy now.
        let keep = target_dir().join(format!("binnacle_{group}.wasm"));
        copy(&exts.last().map(|e| e.1.clone()).unwrap_or_default(), &keep)?;
        if let Some(last) = exts.last_mut() {
            last.1 = keep;
        }
    }

    let stage = target_dir().join("wasm-pkg-stage");
    let _ = std::fs::remove_dir_all(&stage);
    let mut c = Command::new(&bindgen);
    c.args([
        "--target",
        "web",
        "--out-name",
        "binnacle",
        "--no-typescript",
        "--remove-name-section",
        "--remove-producers-section",
        "--experimental-reset-state-function",
        "--out-dir",
    ])
    .arg(&stage)
    .arg(&main);
    run(c)?;

    let stage_fast = target_dir().join("wasm-pkg-stage-node");
    let _ = std::fs::remove_dir_all(&stage_fast);
    let mut c = Command::new(&bindgen);
    c.args([
        "--target",
        "web",
        "--out-name",
        "binnacle",
        "--no-typescript",
        "--remove-name-section",
        "--remove-producers-section",
        "--experimental-reset-state-function",
        "--out-dir",
    ])
    .arg(&stage_fast)
    .arg(&keep_fast);
    run(c)?;
    // Both modules share one glue file: it must not depend on the optimisation level.
    let glue = |d: &Path| std::fs::read(d.join("binnacle.js")).unwrap_or_default();
    if glue(&stage) != glue(&stage_fast) {
        return Err("xtask: wasm-bindgen wrote different glue for the two main modules".into());
    }

    let out = dist();
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).map_err(|e| format!("xtask: creating {}: {e}", out.display()))?;
    copy_tree(&stage, &out)?;
    copy(
        &stage_fast.join("binnacle_bg.wasm"),
        &out.join("binnacle_node.wasm"),
    )?;
    let bg = out.join("binnacle_bg.wasm");
    if !flag(args, "--no-opt") {
        optimise_keeping_smaller(&stage.join("binnacle_bg.wasm"), &bg)?;
    }
    for (group, wasm) in &exts {
        let dest = out.join(format!("binnacle_{group}.wasm"));
        if flag(args, "--no-opt") {
            copy(wasm, &dest)?;
        } else {
            // The extension has no wasm-bindgen step: wasm-opt also strips its names.
            wasm_opt(wasm, &dest, "-O3")?;
        }
    }
    let js = pkg().join("js");
    for entry in read_dir(&js)? {
        if entry.extension().is_some_and(|e| e == "js") {
            if let Some(name) = entry.file_name() {
                copy(&entry, &out.join(name))?;
            }
        }
    }

    let mut c = Command::new("node");
    c.arg(pkg().join("tools/sizes.mjs")).arg(&out);
    run(c)
}

/// wasm-opt on the main module, kept only if it also shrinks the brotli size: on this
/// code its size passes shrink the raw bytes but not what a browser downloads.
fn optimise_keeping_smaller(input: &Path, dest: &Path) -> Result<(), String> {
    let candidate = dest.with_extension("opt.wasm");
    wasm_opt(input, &candidate, "-O1")?;
    let mut c = Command::new("node");
    c.arg(pkg().join("tools/sizes.mjs"))
        .arg("--brotli")
        .arg(input)
        .arg(&candidate);
    let sizes: Vec<u64> = output(c)?
        .split_whitespace()
        .filter_map(|s| s.parse().ok())
        .collect();
    if let [before, after] = sizes[..] {
        eprintln!("xtask: wasm-opt -O1: brotli {before} -> {after} bytes");
        if after < before {
            std::fs::rename(&candidate, dest)
                .map_err(|e| format!("xtask: renaming {}: {e}", candidate.display()))?;
            return Ok(());
        }
    }
    let _ = std::fs::remove_file(&candidate);
    Ok(())
}

fn read_dir(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("xtask: reading {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    v.sort();
    Ok(v)
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    for p in read_dir(from)? {
        let Some(name) = p.file_name() else { continue };
        let dest = to.join(name);
        if p.is_dir() {
            std::fs::create_dir_all(&dest)
                .map_err(|e| format!("xtask: creating {}: {e}", dest.display()))?;
            copy_tree(&p, &dest)?;
        } else {
            copy(&p, &dest)?;
        }
    }
    Ok(())
}

/// Builds the package unless `pkg/dist` is there already (`cargo xtask test` builds first).
fn ensure_built() -> Result<(), String> {
    if dist().join("binnacle_bg.wasm").is_file() && dist().join("node.js").is_file() {
        ensure_npm()
    } else {
        build(&[])
    }
}

/// Runs the package's Node tests (`node --test`), then the smoke test in Deno and workerd.
pub fn test(args: &[String]) -> Result<(), String> {
    ensure_built()?;
    // The extension's own tests need its feature, which the workspace run leaves off.
    let mut c = cargo();
    c.args([
        "test",
        "--quiet",
        "-p",
        "binnacle-wasm-ext",
        "--features",
        "crypto,regex,toml,schema,lint,package",
    ]);
    run(c)?;
    let tests: Vec<PathBuf> = read_dir(&pkg().join("test"))?
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    let mut c = Command::new("node");
    c.current_dir(pkg()).arg("--test");
    if let Some(f) = value(args, "--filter") {
        c.arg("--test-name-pattern").arg(f);
    }
    c.args(&tests);
    run(c)?;
    let mut c = Command::new("node");
    c.current_dir(pkg()).arg("tools/runtimes.mjs");
    run(c)
}

/// `cargo xtask conformance --wasm`: the corpus through the WASM build in Node, then the
/// native runner, and the two outcomes compared case by case.
pub fn conformance(args: &[String]) -> Result<(), String> {
    ensure_built()?;
    let corpus = value(args, "--corpus")
        .map(PathBuf::from)
        .unwrap_or_else(|| shared_dir().join("corpus"));
    let mut c = Command::new("node");
    c.arg(pkg().join("tools/conformance.mjs"))
        .arg("--corpus")
        .arg(&corpus);
    if let Some(f) = value(args, "--filter") {
        c.arg("--filter").arg(f);
    }
    // The runner exits 1 when cases fail; its report is what matters here.
    let wasm = output_any(c)?;
    print!("{wasm}");
    if flag(args, "--no-native") {
        return verdict(&wasm);
    }
    let mut c = super::tests_bin("conformance");
    c.arg("--corpus").arg(&corpus);
    if let Some(f) = value(args, "--filter") {
        c.arg("--filter").arg(f);
    }
    let native = output_any(c)?;
    let (w, n) = (listed(&wasm, "FAIL "), listed(&native, "FAIL "));
    let (wn, nn) = (listed(&wasm, "NOT RUN "), listed(&native, "NOT RUN "));
    let (ws, ns) = (summary(&wasm), summary(&native));
    if w == n && wn == nn && ws == ns {
        println!(
            "conformance (wasm) equals native: the same {} case(s) fail, {} not run",
            w.len(),
            wn.len()
        );
        return verdict(&wasm);
    }
    for name in n.iter().filter(|x| !w.contains(x)) {
        println!("DIFFERS {name}: fails natively, passes in WebAssembly");
    }
    for name in w.iter().filter(|x| !n.contains(x)) {
        println!("DIFFERS {name}: passes natively, fails in WebAssembly");
    }
    for name in nn
        .iter()
        .filter(|x| !wn.contains(x))
        .chain(wn.iter().filter(|x| !nn.contains(x)))
    {
        println!("DIFFERS {name}: not run by only one of the runners");
    }
    println!("native:      {ns}\nWebAssembly: {ws}");
    Err("xtask: the WebAssembly conformance run differs from the native one".into())
}

fn output_any(mut c: Command) -> Result<String, String> {
    let shown = format!("{c:?}");
    let out = c
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("xtask: cannot run {shown}: {e}"))?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The case names of a runner's report lines starting with `prefix` (`FAIL `, `NOT RUN `).
fn listed(report: &str, prefix: &str) -> Vec<String> {
    report
        .lines()
        .filter_map(|l| l.strip_prefix(prefix))
        .filter_map(|l| l.split(':').next())
        .map(str::to_string)
        .collect()
}

fn summary(report: &str) -> &str {
    report
        .lines()
        .rev()
        .find(|l| l.starts_with("conformance:"))
        .unwrap_or("conformance: no summary")
}

fn verdict(report: &str) -> Result<(), String> {
    let last = summary(report);
    // `conformance: N passed, M failed[, K not run (...)]`: cases not run are no failure.
    if last.contains(" passed, 0 failed") {
        Ok(())
    } else {
        Err(format!("xtask: {last}"))
    }
}

/// `cargo xtask bench wasm`: Node (WebAssembly) against native Binnacle and the oracle.
pub fn bench(args: &[String]) -> Result<(), String> {
    ensure_built()?;
    let corpus = value(args, "--corpus")
        .map(PathBuf::from)
        .unwrap_or_else(|| shared_dir().join("corpus"));
    let mut c = cargo();
    c.args([
        "build",
        "--quiet",
        "--release",
        "-p",
        "binnacle-wasm-ext",
        "--bin",
        "bench-native",
        "--features",
        "bench",
    ]);
    run(c)?;
    let mut c = Command::new("node");
    c.arg(pkg().join("tools/bench.mjs"))
        .arg("--corpus")
        .arg(&corpus)
        .arg("--native")
        .arg(target_dir().join("release/bench-native"))
        .arg("--oracle")
        .arg(shared_dir().join("oracle/helm-oracle"));
    c.args(args);
    run(c)
}
