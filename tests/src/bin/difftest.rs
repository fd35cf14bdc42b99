//! `cargo xtask difftest --cases N --seed S [--case K] [--show N]`: generated templates
//! rendered by Binnacle and by the real Helm, compared. Prints `difftest: N passed, M failed`.
//! Cases Helm itself cannot render (the oracle crashes, or runs past
//! [`binnacle_tests::oracle::ASK_TIMEOUT`]) are listed as `SKIP` with their template and
//! counted apart; Binnacle must still end cleanly on them, or the case fails.

use std::collections::BTreeMap;
use std::process::ExitCode;

use binnacle_core::render::chart::{render_chart, ChartRenderOptions};
use binnacle_core::render::ReleaseInfo;
use binnacle_tests::difftest::{generate, GenCase};
use binnacle_tests::{json_to_value, oracle::Oracle};
use serde_json::{json, Value as Json};

fn arg(args: &[String], name: &str) -> Option<u64> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
}

/// Binnacle's answer for one case: the text or the error message, through the same load
/// and render path as `binnacle render` (the chart Helm sees: `CHART_FILES` and the template).
fn binnacle(case: &GenCase) -> Result<String, String> {
    let files = binnacle_tests::difftest::chart_files(&case.template);
    let chart = binnacle_core::chart::load_files(files).map_err(|e| e.to_string())?;
    let binnacle_core::Value::Map(values) = json_to_value(&case.values) else {
        unreachable!("values are an object")
    };
    let opts = ChartRenderOptions {
        release: ReleaseInfo {
            name: "demo".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    // The machine's time zones, as the oracle's Go runtime sees them.
    let mut host = binnacle::host::NativeHost::new(false);
    render_chart(&chart, &values, &opts, None, &mut host)
        .map(|r| {
            r.manifests
                .get("dt/templates/t.yaml")
                .cloned()
                .unwrap_or_default()
        })
        .map_err(|e| e.message)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cases = arg(&args, "--cases").unwrap_or(200);
    let seed = arg(&args, "--seed").unwrap_or(1);
    let only = arg(&args, "--case");
    let show = arg(&args, "--show").unwrap_or(10) as usize;
    // `--record FILE`: append each case run here, with Helm's answer, as a regression case.
    let record = args
        .iter()
        .position(|a| a == "--record")
        .and_then(|i| args.get(i + 1))
        .cloned();

    let dir = std::env::temp_dir().join(format!("binnacle-difftest-{}", std::process::id()));
    let tdir = dir.join("templates");
    let written = std::fs::create_dir_all(&tdir).and_then(|_| {
        binnacle_tests::difftest::CHART_FILES
            .iter()
            .try_for_each(|(name, bytes)| {
                let path = dir.join(name);
                std::fs::create_dir_all(path.parent().unwrap_or(&dir))?;
                std::fs::write(path, bytes)
            })
    });
    if let Err(e) = written {
        eprintln!("difftest: cannot prepare {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    let mut oracle = match Oracle::start() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("difftest: {e}");
            return ExitCode::FAILURE;
        }
    };
    let range: Vec<u64> = match only {
        Some(k) => vec![k],
        None => (0..cases).collect(),
    };
    let (mut passed, mut failed) = (0u64, 0u64);
    let mut kinds: BTreeMap<&str, u64> = BTreeMap::new();
    let total = range.len();
    for (n, i) in range.into_iter().enumerate() {
        if n > 0 && n % 1000 == 0 {
            eprintln!("difftest: {n} of {total} cases run, {failed} failed so far");
        }
        let case = generate(seed, i);
        if let Err(e) = std::fs::write(tdir.join("t.yaml"), &case.template) {
            eprintln!("difftest: {e}");
            return ExitCode::FAILURE;
        }
        let answer = match oracle
            .ask(&json!({"op": "render", "chart": dir, "values": case.values, "name": "demo"}))
        {
            Ok(a) => a,
            Err(e) => {
                // Helm itself died on this input (a Go runtime fatal error, e.g. an
                // allocation it cannot make) or ran past the time limit: nothing to
                // compare; restart and go on.
                println!("SKIP case {i}: the oracle died ({e}); Helm cannot render this input");
                println!("  template: {:?}", case.template);
                // Binnacle must still end cleanly (bounded, no panic) on what Helm could not.
                let ours = std::panic::catch_unwind(|| binnacle(&case));
                if ours.is_err() {
                    println!("FAIL case {i}: binnacle panicked where Helm could not render");
                    failed += 1;
                }
                *kinds.entry("crashed").or_default() += 1;
                oracle = match Oracle::start() {
                    Ok(o) => o,
                    Err(e) => {
                        eprintln!("difftest: {e}");
                        return ExitCode::FAILURE;
                    }
                };
                continue;
            }
        };
        let helm: Result<String, String> = if answer["ok"] == Json::Bool(true) {
            Ok(answer["manifests"]["dt/templates/t.yaml"]
                .as_str()
                .unwrap_or_default()
                .to_string())
        } else {
            let message = answer["message"].as_str().unwrap_or_default();
            Err(python_decode_error_text(message).unwrap_or_else(|| message.to_string()))
        };
        *kinds
            .entry(if helm.is_ok() { "rendered" } else { "refused" })
            .or_default() += 1;
        let ours =
            std::panic::catch_unwind(|| binnacle(&case)).unwrap_or_else(|_| Err("PANIC".into()));
        if let Some(path) = &record {
            let (ok, text) = match &helm {
                Ok(t) => (true, t.clone()),
                Err(e) => (false, e.clone()),
            };
            let line = json!({"seed": seed, "case": i, "template": case.template, "values": case.values, "ok": ok, "helm": text});
            let mut f = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .expect("regression file");
            std::io::Write::write_all(&mut f, format!("{line}\n").as_bytes())
                .expect("writing regression");
        }
        if ours == helm {
            passed += 1;
            continue;
        }
        if helm
            .as_ref()
            .is_ok_and(|t| binnacle_tests::difftest::shows_go_pointer(t))
        {
            println!(
                "SKIP case {i}: Helm's text shows a Go pointer (a heap address, new every run)"
            );
            *kinds.entry("pointer").or_default() += 1;
            continue;
        }
        failed += 1;
        if failed as usize <= show {
            println!("FAIL case {i} (seed {seed}; replay: cargo xtask difftest --seed {seed} --case {i})");
            println!("  template: {:?}", case.template);
            println!("  values:   {}", case.values);
            let (w, g) = (show_result(&helm), show_result(&ours));
            println!(
                "{}",
                binnacle_tests::conformance::unified(&w, &g, "helm", "binnacle")
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    println!(
        "difftest: seed {seed}, Helm rendered {}, refused {} and crashed on {} of the cases; {} skipped (Helm's text shows a Go pointer)",
        kinds.get("rendered").unwrap_or(&0),
        kinds.get("refused").unwrap_or(&0),
        kinds.get("crashed").unwrap_or(&0),
        kinds.get("pointer").unwrap_or(&0)
    );
    println!("difftest: {passed} passed, {failed} failed");
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn show_result(r: &Result<String, String>) -> String {
    match r {
        Ok(s) => format!("OK:\n{s}\n"),
        Err(e) => format!("ERROR:\n{e}\n"),
    }
}

/// The oracle's Python binding cannot decode a Helm error holding bytes that are not UTF-8
/// and answers with Python's `UnicodeDecodeError('utf-8', b'…', …)` instead. The bytes
/// literal still holds Helm's message: read it back, each invalid byte as U+FFFD (as Go's
/// own readers and Binnacle's output show it).
fn python_decode_error_text(message: &str) -> Option<String> {
    let rest = message.strip_prefix("UnicodeDecodeError('utf-8', b")?;
    let quote = rest.chars().next()?;
    let body = &rest[1..];
    let mut bytes = Vec::new();
    let mut it = body.bytes();
    while let Some(b) = it.next() {
        match b {
            b'\\' => match it.next()? {
                b'n' => bytes.push(b'\n'),
                b't' => bytes.push(b'\t'),
                b'r' => bytes.push(b'\r'),
                b'x' => {
                    let hi = it.next()?;
                    let lo = it.next()?;
                    let hex = [hi, lo];
                    let text = std::str::from_utf8(&hex).ok()?;
                    bytes.push(u8::from_str_radix(text, 16).ok()?);
                }
                other => bytes.push(other),
            },
            b if b == quote as u8 => break,
            b => bytes.push(b),
        }
    }
    Some(
        binnacle_core::gobytes::display(&binnacle_core::gobytes::from_go_bytes(&bytes))
            .into_owned(),
    )
}
