//! `cargo xtask pgo`: the native binaries built with profile-guided optimisation.
//!
//! The engine is an interpreter: its time is spread over thousands of small branches and
//! calls (lexing, parsing, evaluating, reading YAML and JSON), where no one function
//! dominates. Laid out from measured counts instead of LLVM's guesses, the same code runs
//! about 10 % fewer instructions and 6 % less time (BENCHMARKS.md). Four steps:
//!
//! 1. an instrumented build (`-Cprofile-generate`) of `binnacle` and `bench`, in
//!    `<target>/pgo-gen`;
//! 2. training: renders of the repository's own charts ([`TRAINING`]) by both binaries.
//!    These are never the benchmark corpus, so `cargo xtask bench` measures charts the
//!    profile has not seen;
//! 3. `llvm-profdata merge` (rustup's `llvm-tools` component, added on first use);
//! 4. the optimised build (`-Cprofile-use`) in `<target>/pgo`.
//!
//! Each build has its own target directory because changed `RUSTFLAGS` rebuild everything.
//! The profile is kept under the instrumented binaries' content hash, so while the sources
//! stay the same, neither training nor the optimised build runs again.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Training charts, relative to the workspace root.
const TRAINING: &[&str] = &[
    "tests/data/pgo/validated",
    "web/examples/app",
    "web/examples/library-user",
    "web/examples/tpl-files",
    "web/examples/umbrella",
    "pkg/test/fixtures/demo",
];

/// Renders per training chart: enough for steady-state counts, a second or two in all.
const RUNS: &str = "40";

/// `cargo xtask pgo`: builds the optimised binaries and says where they are.
pub fn run(args: &[String]) -> Result<(), String> {
    if let Some(a) = args.first() {
        return Err(format!("xtask pgo: unexpected argument {a:?}"));
    }
    let dir = build()?;
    eprintln!(
        "xtask pgo: {} and {}",
        dir.join("binnacle").display(),
        dir.join("bench").display()
    );
    Ok(())
}

/// Builds `binnacle` and `bench` with profile-guided optimisation; returns the directory
/// that holds them.
pub fn build() -> Result<PathBuf, String> {
    let profdata = llvm_profdata()?;
    let target = super::target_dir();
    let profiles = target.join("pgo-profiles");
    std::fs::create_dir_all(&profiles).map_err(|e| format!("xtask pgo: {e}"))?;

    eprintln!("xtask pgo: 1/4 instrumented build");
    let gen_dir = target.join("pgo-gen");
    let raw = profiles.join("raw");
    build_with(&gen_dir, &format!("-Cprofile-generate={}", raw.display()))?;
    let gen_bins = gen_dir.join("release");
    // The training charts count as much as the binaries: a profile of other charts is
    // another profile.
    let mut inputs = vec![gen_bins.join("binnacle"), gen_bins.join("bench")];
    let root = super::root();
    for chart in TRAINING {
        chart_files(&root.join(chart), &mut inputs)?;
    }
    let key = content_hash(&inputs)?;
    let merged = profiles.join(format!("{key:016x}.profdata"));

    if merged.exists() {
        eprintln!(
            "xtask pgo: 2/4 and 3/4 skipped: {} is current",
            merged.display()
        );
    } else {
        eprintln!("xtask pgo: 2/4 training on the repository's charts");
        let _ = std::fs::remove_dir_all(&raw);
        train(&gen_bins, &profiles)?;
        eprintln!("xtask pgo: 3/4 merging the profiles");
        let mut c = Command::new(&profdata);
        c.arg("merge").arg("-o").arg(&merged).arg(&raw);
        super::run(c)?;
        // Profiles of earlier sources are of no further use (about 15 MB each).
        for old in std::fs::read_dir(&profiles).into_iter().flatten().flatten() {
            let path = old.path();
            if path.extension().is_some_and(|e| e == "profdata") && path != merged {
                let _ = std::fs::remove_file(path);
            }
        }
    }

    eprintln!("xtask pgo: 4/4 optimised build");
    let use_dir = target.join("pgo");
    build_with(&use_dir, &format!("-Cprofile-use={}", merged.display()))?;
    Ok(use_dir.join("release"))
}

/// `cargo build --release` of the two binaries into `dir` with `rustflags`.
fn build_with(dir: &Path, rustflags: &str) -> Result<(), String> {
    let mut c = super::cargo();
    c.env("CARGO_TARGET_DIR", dir).env("RUSTFLAGS", rustflags);
    c.args([
        "build",
        "--quiet",
        "--release",
        "-p",
        "binnacle",
        "--bin",
        "binnacle",
    ]);
    c.args(["-p", "binnacle-tests", "--bin", "bench"]);
    super::run(c)
}

/// Renders every training chart with the instrumented binaries: `bench` repeats the
/// load and render the benchmark times, `binnacle template` adds the manifest stream.
fn train(bins: &Path, profiles: &Path) -> Result<(), String> {
    let empty = profiles.join("empty-values.yaml");
    std::fs::write(&empty, "").map_err(|e| format!("xtask pgo: {e}"))?;
    let root = super::root();
    for chart in TRAINING {
        let chart = root.join(chart);
        let mut bench = Command::new(bins.join("bench"));
        bench
            .arg("--one")
            .arg(&chart)
            .arg(&empty)
            .args(["--runs", RUNS]);
        let mut template = Command::new(bins.join("binnacle"));
        template.arg("template").arg(&chart);
        for mut c in [bench, template] {
            // Only whether the render succeeds matters, not its output.
            c.stdout(Stdio::null());
            super::run(c)?;
        }
    }
    Ok(())
}

/// rustup's `llvm-profdata`, installing the `llvm-tools` component when it is missing.
fn llvm_profdata() -> Result<PathBuf, String> {
    let find = || -> Result<PathBuf, String> {
        let rustc = |arg: &str| -> Result<String, String> {
            let out = Command::new("rustc")
                .arg(arg)
                .current_dir(super::root())
                .output()
                .map_err(|e| format!("xtask pgo: cannot run rustc: {e}"))?;
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        };
        let sysroot = rustc("--print=sysroot")?;
        let host = rustc("-vV")?
            .lines()
            .find_map(|l| l.strip_prefix("host: ").map(str::to_string))
            .ok_or("xtask pgo: rustc -vV names no host")?;
        Ok(Path::new(sysroot.trim())
            .join("lib/rustlib")
            .join(host)
            .join("bin/llvm-profdata"))
    };
    let tool = find()?;
    if tool.exists() {
        return Ok(tool);
    }
    eprintln!("xtask pgo: adding rustup's llvm-tools component (llvm-profdata)");
    let mut c = Command::new("rustup");
    c.args(["component", "add", "llvm-tools"])
        .current_dir(super::root());
    super::run(c)?;
    let tool = find()?;
    if tool.exists() {
        Ok(tool)
    } else {
        Err(format!(
            "xtask pgo: {} is missing after installing llvm-tools",
            tool.display()
        ))
    }
}

/// FNV-1a over the files' bytes: names the profile of one pair of instrumented binaries.
/// Every file under `dir`, in a stable order (their paths go into the hash with them).
fn chart_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("xtask pgo: {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            chart_files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

fn content_hash(files: &[PathBuf]) -> Result<u64, String> {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for f in files {
        let bytes = std::fs::read(f).map_err(|e| format!("xtask pgo: {}: {e}", f.display()))?;
        // Relative to the workspace, so clones elsewhere share the profile.
        let root = super::root();
        let name = f.strip_prefix(&root).unwrap_or(f).to_string_lossy();
        for b in name.bytes().chain(bytes) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    Ok(h)
}
