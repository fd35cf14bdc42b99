//! `cargo xtask difftest --mutate [--corpus DIR] [--cases N] [--seed S] [--case K] [--keep]`:
//! real charts with one small edit each (a byte deleted, two swapped, a run cut out, a
//! delimiter, quote, keyword or operator put in), to a template three times in four, else to
//! the chart's `values.yaml` or `Chart.yaml` (YAML's indicators put in), rendered by Binnacle
//! and by the real Helm with the chart's default values, and compared: the engine map
//! template by template, or the error message; when both render, also the release manifest
//! and notes an install stores (split, sorted, hooks taken out), or the install's error.
//! Typos are what users meet most, and these edits reach parse, execution and YAML errors,
//! and odd YAML output, that generated templates seldom do.
//!
//! Prints `difftest --mutate: N passed, M failed` (and how many were skipped). A case is
//! skipped when Helm crashes or hangs on it, or when the outputs differ only in a template
//! whose text holds a Go pointer (`0xc000…`: Helm prints memory addresses there, so no two
//! runs of Helm agree either) or key material (PEM, or its base64: minted anew every run).
//! Templates the corpus lists as unstable (random by design) are not compared. `--keep`
//! leaves the last case's edited chart in the temporary directory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use binnacle_tests::difftest::Rng;
use binnacle_tests::oracle::Oracle;
use serde_json::{json, Value as Json};

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

/// Text an edit may put in: the pieces template syntax is made of.
const INSERTS: &[&str] = &[
    "{{",
    "}}",
    "{{-",
    " -}}",
    "(",
    ")",
    "|",
    "\"",
    "end",
    "{{ end }}",
    "{{ else }}",
    "$x",
    ".",
    "{{/*",
    "*/}}",
    "`",
    "'",
    ":=",
    "=",
    ",",
    " ",
    "\n",
    "{{ if }}",
    "{{ range }}",
    "nil",
    "1.5",
    "0x",
    "-",
    "{{ template }}",
    "{{ define \"x\" }}",
    "\\",
];

/// Text an edit of a YAML file (the chart's `values.yaml`, `Chart.yaml`) may put in.
const YAML_INSERTS: &[&str] = &[
    ":", ": ", "- ", "  ", "\t", "#", "'", "\"", "{", "}", "[", "]", ",", "&a ", "*a", "!!str ",
    "!!int ", "|", ">", "---\n", "? ", "%", "@", "`", "\n", "\n  ", "~", "0x", "1e9", "\\",
];

/// A corpus chart usable here: its chart directory, default values and unstable templates.
struct Subject {
    name: String,
    chart: PathBuf,
    values: PathBuf,
    unstable: Vec<String>,
}

fn subjects(corpus: &Path) -> Result<Vec<Subject>, String> {
    let mut out = Vec::new();
    let entries = std::fs::read_dir(corpus).map_err(|e| format!("{}: {e}", corpus.display()))?;
    let mut dirs: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    dirs.sort();
    for dir in dirs {
        let chart = dir.join("chart");
        let values = dir.join("values/default.yaml");
        // Only charts whose default render Helm recorded (the others lack vendored parts).
        if !chart.join("Chart.yaml").is_file()
            || !values.is_file()
            || !dir.join("expected/default.render.json").is_file()
        {
            continue;
        }
        let unstable_path = dir.join("expected/default.unstable.json");
        let unstable = match std::fs::read_to_string(&unstable_path) {
            Ok(text) => serde_json::from_str(&text)
                .map_err(|e| format!("{}: {e}", unstable_path.display()))?,
            Err(_) => Vec::new(),
        };
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.push(Subject {
            name,
            chart,
            values,
            unstable,
        });
    }
    Ok(out)
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let (src, dst) = (e.path(), to.join(e.file_name()));
        if e.file_type()?.is_dir() {
            copy_dir(&src, &dst)?;
        } else {
            std::fs::copy(&src, &dst)?;
        }
    }
    Ok(())
}

/// The chart's own template files (not its subcharts'), relative to the chart.
fn templates(chart: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![chart.join("templates")];
    while let Some(dir) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else if p
                .extension()
                .is_some_and(|x| matches!(x.to_str(), Some("yaml" | "yml" | "tpl" | "txt")))
            {
                out.push(p.strip_prefix(chart).unwrap_or(&p).to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// One edit of `text`, putting in pieces of `inserts`, and what it was.
fn mutate(rng: &mut Rng, text: &[u8], inserts: &[&str]) -> (Vec<u8>, String) {
    let at = rng.below(text.len());
    let mut out = text.to_vec();
    let what = match rng.below(100) {
        0..30 => {
            out.remove(at);
            format!("deleted byte {at}")
        }
        30..70 => {
            let s = inserts[rng.below(inserts.len())];
            out.splice(at..at, s.bytes());
            format!("inserted {s:?} at byte {at}")
        }
        70..85 if at + 1 < out.len() => {
            out.swap(at, at + 1);
            format!("swapped bytes {at} and {}", at + 1)
        }
        _ => {
            let end = (at + 1 + rng.below(40)).min(out.len());
            out.drain(at..end);
            format!("cut bytes {at}..{end}")
        }
    };
    (out, what)
}

/// A values-schema failure with its order taken out: the validator Helm uses visits an
/// object's properties in Go's random map order, so its errors, and the names in one
/// (`additional properties 'b', 'a' not allowed`), come in a different order each run
/// (COMPATIBILITY.md). `None` for any other message.
fn schema_errors_unordered(message: &str) -> Option<Vec<String>> {
    const LIST: &str = "additional properties ";
    if !message.starts_with("values don't meet the specifications of the schema(s)") {
        return None;
    }
    let mut lines: Vec<String> = message
        .lines()
        .map(|line| match line.find(LIST) {
            Some(at) => {
                let (head, rest) = line.split_at(at + LIST.len());
                let (names, tail) = rest.split_once(" not allowed").unwrap_or((rest, ""));
                let mut names: Vec<&str> = names.split(", ").collect();
                names.sort_unstable();
                format!("{head}{} not allowed{tail}", names.join(", "))
            }
            None => line.to_string(),
        })
        .collect();
    lines.sort_unstable();
    Some(lines)
}

enum Verdict {
    Pass,
    Skip(String),
    Fail(String),
}

fn compare(
    helm: Result<BTreeMap<String, String>, String>,
    ours: Result<BTreeMap<String, String>, String>,
    unstable: &[String],
) -> Verdict {
    match (helm, ours) {
        (Err(h), Err(o)) if h == o => Verdict::Pass,
        (Err(h), Err(o)) if schema_errors_unordered(&h) == schema_errors_unordered(&o) => {
            Verdict::Skip("Helm lists schema errors in Go's random map order".into())
        }
        (Err(h), Err(o)) => Verdict::Fail(format!("  helm: {h}\n  ours: {o}")),
        (Ok(_), Err(o)) => Verdict::Fail(format!("  helm rendered\n  ours: {o}")),
        (Err(h), Ok(_)) => Verdict::Fail(format!("  helm: {h}\n  ours rendered")),
        (Ok(mut h), Ok(mut o)) => {
            // By path below the chart's directory: an edit to `Chart.yaml` may rename it.
            let below = |k: &str| {
                k.split_once('/')
                    .map_or(k.to_string(), |(_, r)| r.to_string())
            };
            let random: Vec<String> = unstable.iter().map(|u| below(u)).collect();
            h.retain(|k, _| !random.contains(&below(k)));
            o.retain(|k, _| !random.contains(&below(k)));
            let keys: std::collections::BTreeSet<&String> = h.keys().chain(o.keys()).collect();
            for k in keys {
                let (a, b) = (h.get(k), o.get(k));
                if a == b {
                    continue;
                }
                if a.is_some_and(|t| binnacle_tests::difftest::shows_go_pointer(t)) {
                    return Verdict::Skip(format!("{k} shows a Go pointer"));
                }
                // Keys and certificates (`genCA`, `genPrivateKey`) are new on every run;
                // an edit can turn on a template that mints them.
                if a.is_some_and(|t| t.contains("-----BEGIN") || t.contains("LS0tLS1CRUdJTi")) {
                    return Verdict::Skip(format!("{k} holds freshly minted key material"));
                }
                let (a, b) = (
                    a.cloned().unwrap_or_default(),
                    b.cloned().unwrap_or_default(),
                );
                let diff = binnacle_tests::conformance::unified(&a, &b, "helm", "binnacle");
                return Verdict::Fail(format!("  template {k} differs\n{diff}"));
            }
            Verdict::Pass
        }
    }
}

/// Our install's refusal (`e`) against Helm's answer `a`.
fn compare_install_error(a: &Json, e: &str) -> Verdict {
    match a["message"].as_str() {
        Some(want) if a["ok"] != Json::Bool(true) && want == e => Verdict::Pass,
        Some(want) if a["ok"] != Json::Bool(true) => {
            Verdict::Fail(format!("  install: helm: {want}\n  install: ours: {e}"))
        }
        _ => Verdict::Fail(format!("  install: helm stored it\n  install: ours: {e}")),
    }
}

/// The release manifest and notes Helm stored (`a`, the oracle's answer) against ours
/// from the same engine output.
fn compare_manifest(a: &Json, mut files: BTreeMap<String, String>, unstable: &[String]) -> Verdict {
    use binnacle_core::render::manifest::{release_manifest, sort_manifests, take_notes};
    let root = binnacle_tests::root_chart(&files);
    let notes = take_notes(&mut files, &root, false);
    // The unstable templates under the chart's name as rendered (an edit may rename it).
    let unstable: Vec<String> = unstable
        .iter()
        .map(|u| match u.split_once('/') {
            Some((_, rest)) => format!("{root}/{rest}"),
            None => u.clone(),
        })
        .collect();
    let unstable = unstable.as_slice();
    let ours = sort_manifests(&files, binnacle_core::render::manifest::INSTALL_ORDER)
        .map(|s| release_manifest(&s, &[], false))
        .map_err(|e| e.message);
    if a["ok"] != Json::Bool(true) {
        let want = a["message"].as_str().unwrap_or_default();
        // The corpus copy of a chart may lack the subcharts it declares: Helm renders it
        // but will not install it.
        if want.starts_with("chart dependencies are missing") {
            return Verdict::Pass;
        }
        return match ours {
            Err(e) if e == want => Verdict::Pass,
            Err(e) => Verdict::Fail(format!("  install: helm: {want}\n  install: ours: {e}")),
            Ok(_) => Verdict::Fail(format!(
                "  install: helm: {want}\n  install: ours stored it"
            )),
        };
    }
    let want = a["manifest"].as_str().unwrap_or_default();
    let manifest = match ours {
        Ok(m) => m,
        Err(e) => return Verdict::Fail(format!("  install: helm stored it\n  install: ours: {e}")),
    };
    if let Err(e) = binnacle_tests::blocks::same_blocks(&manifest, want, unstable) {
        if binnacle_tests::difftest::shows_go_pointer(want) {
            return Verdict::Skip("the manifest shows a Go pointer".into());
        }
        return Verdict::Fail(format!("  release manifest: {e}"));
    }
    let notes_random = unstable.iter().any(|u| u.ends_with("NOTES.txt"));
    if !notes_random && a["notes"].as_str().unwrap_or_default() != notes {
        return Verdict::Fail("  release notes differ".into());
    }
    Verdict::Pass
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("difftest --mutate: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<bool, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let num = |name: &str, default: u64| -> Result<u64, String> {
        match arg(&args, name) {
            Some(v) => v
                .parse()
                .map_err(|_| format!("{name} wants a number, not {v:?}")),
            None => Ok(default),
        }
    };
    let corpus = PathBuf::from(arg(&args, "--corpus").unwrap_or_else(|| "../shared/corpus".into()));
    let cases = num("--cases", 200)?;
    let seed = num("--seed", 1)?;
    let show = num("--show", 10)? as usize;
    let range: Vec<u64> = match arg(&args, "--case") {
        Some(k) => vec![k
            .parse()
            .map_err(|_| format!("--case wants a number, not {k:?}"))?],
        None => (0..cases).collect(),
    };
    let subjects = subjects(&corpus)?;
    if subjects.is_empty() {
        return Err(format!("no usable charts under {}", corpus.display()));
    }
    let work = std::env::temp_dir().join(format!("binnacle-mutate-{}", std::process::id()));
    let mut oracle = Oracle::start()?;
    let mut values: BTreeMap<String, Json> = BTreeMap::new();
    let (mut passed, mut failed, mut skipped) = (0u64, 0u64, 0u64);
    let total = range.len();
    for (n, i) in range.into_iter().enumerate() {
        if n > 0 && n % 200 == 0 {
            eprintln!("difftest --mutate: {n} of {total} cases run, {failed} failed so far");
        }
        let mut rng = Rng::for_case(seed, i);
        let s = &subjects[rng.below(subjects.len())];
        let files = templates(&s.chart);
        if files.is_empty() {
            skipped += 1;
            continue;
        }
        // Mostly templates; a quarter of the time the chart's values or its metadata.
        let (file, inserts) = match rng.below(100) {
            0..20 if s.chart.join("values.yaml").is_file() => {
                (PathBuf::from("values.yaml"), YAML_INSERTS)
            }
            20..25 => (PathBuf::from("Chart.yaml"), YAML_INSERTS),
            _ => (files[rng.below(files.len())].clone(), INSERTS),
        };
        let file = &file;
        let _ = std::fs::remove_dir_all(&work);
        let chart = work.join(&s.name);
        copy_dir(&s.chart, &chart).map_err(|e| format!("copying {}: {e}", s.chart.display()))?;
        let path = chart.join(file);
        let text = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        if text.is_empty() {
            skipped += 1;
            continue;
        }
        let (edited, what) = mutate(&mut rng, &text, inserts);
        std::fs::write(&path, &edited).map_err(|e| format!("{}: {e}", path.display()))?;

        if !values.contains_key(&s.name) {
            let yaml = std::fs::read_to_string(&s.values)
                .map_err(|e| format!("{}: {e}", s.values.display()))?;
            let answer = oracle.ask(&json!({"op": "values", "yaml": yaml}))?;
            values.insert(s.name.clone(), answer["values"].clone());
        }
        let request =
            json!({"op": "render", "chart": chart, "values": values[&s.name], "name": "demo"});
        let helm = match oracle.ask(&request) {
            Ok(a) if a["ok"] == Json::Bool(true) => {
                Ok(serde_json::from_value(a["manifests"].clone()).unwrap_or_default())
            }
            Ok(a) => Err(a["message"].as_str().unwrap_or_default().to_string()),
            Err(e) => {
                println!(
                    "SKIP case {i}: the oracle died ({e}); {} {} {what}",
                    s.name,
                    file.display()
                );
                skipped += 1;
                oracle = Oracle::start()?;
                continue;
            }
        };
        let ours = std::panic::catch_unwind(|| {
            binnacle::pipeline::render_dir(&chart, std::slice::from_ref(&s.values))
        })
        .unwrap_or_else(|_| Err("PANIC".into()));
        let rendered = match (&helm, &ours) {
            (Ok(_), Ok(files)) => Some(files.clone()),
            _ => None,
        };
        let mut verdict = compare(helm, ours, &s.unstable);
        // The same engine output, split, sorted and stripped of hooks as an install
        // stores it: edits make templates print YAML no corpus chart prints.
        if let (Verdict::Pass, Some(files)) = (&verdict, rendered) {
            let request = json!({"op": "manifest", "chart": chart, "values": values[&s.name], "name": "demo"});
            // What an install checks beyond the engine (the chart's kubeVersion).
            let mut req = binnacle::pipeline::RenderRequest::new(&chart);
            req.release_name = "demo".into();
            req.values.files = vec![s.values.display().to_string()];
            req.check_kube_version = true;
            let install = binnacle::pipeline::render(&req).err();
            verdict = match oracle.ask(&request) {
                Ok(a) => match install {
                    Some(e) => compare_install_error(&a, &e),
                    None => compare_manifest(&a, files, &s.unstable),
                },
                Err(e) => {
                    oracle = Oracle::start()?;
                    Verdict::Skip(format!("the oracle died on the install ({e})"))
                }
            };
        }
        match verdict {
            Verdict::Pass => passed += 1,
            Verdict::Skip(why) => {
                skipped += 1;
                println!("SKIP case {i}: {why}");
            }
            Verdict::Fail(detail) => {
                failed += 1;
                if failed as usize <= show {
                    println!(
                        "FAIL case {i} (seed {seed}; replay: cargo xtask difftest --mutate --seed {seed} --case {i}): {} {} {what}",
                        s.name,
                        file.display()
                    );
                    println!("{detail}");
                }
            }
        }
    }
    if args.iter().any(|a| a == "--keep") {
        println!(
            "difftest --mutate: the last case's chart is kept in {}",
            work.display()
        );
    } else {
        let _ = std::fs::remove_dir_all(&work);
    }
    println!("difftest --mutate: seed {seed}, {skipped} skipped");
    println!("difftest --mutate: {passed} passed, {failed} failed");
    Ok(failed == 0)
}

#[cfg(test)]
mod tests {
    use super::schema_errors_unordered;

    /// Helm's and Binnacle's words for one schema failure (mutatetest seed 8107, case 491):
    /// equal but for the order of the names, which Helm draws from a Go map.
    #[test]
    fn schema_errors_compare_without_their_order() {
        let head = "values don't meet the specifications of the schema(s) in the following chart(s):\nopentelemetry-operator:\n- at '/admissionWebhooks': missing property 'autoGenerateCert'\n";
        let helm = format!("{head}- at '/admissionWebhooks/certManager': additional properties 'recreate', 'certPeriodDays' not allowed");
        let ours = format!("{head}- at '/admissionWebhooks/certManager': additional properties 'certPeriodDays', 'recreate' not allowed");
        assert_eq!(
            schema_errors_unordered(&helm),
            schema_errors_unordered(&ours)
        );
        // Other words still differ, and other messages are not schema failures.
        let other = ours.replace("'recreate'", "'rebuild'");
        assert_ne!(
            schema_errors_unordered(&helm),
            schema_errors_unordered(&other)
        );
        let missing = helm.replace("'autoGenerateCert'", "'x'");
        assert_ne!(
            schema_errors_unordered(&helm),
            schema_errors_unordered(&missing)
        );
        assert_eq!(schema_errors_unordered("template: x:1: bad"), None);
    }
}
