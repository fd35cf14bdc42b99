//! The release manifest and `helm template` output, checked against Helm v4.2.3.
//!
//! Inputs are engine outputs Helm produced (the corpus's `expected/default.render.json`,
//! `tests/data/manifest/probe/render.json`), so these checks do not depend on our engine.
//! Expected texts come from `tests/data/manifest/regen.sh` (the oracle's release manifest
//! and notes, and `helm template` from a helm v4.2.3 binary).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use binnacle_core::render::manifest::{
    dry_run_listing, release_manifest, sort_manifests, take_notes, template_output, Sorted,
    TemplateOptions, INSTALL_ORDER,
};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/manifest")
}

fn corpus_dir() -> PathBuf {
    std::env::var_os("BINNACLE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/shared/corpus"))
}

use binnacle_tests::blocks::same_blocks;

fn read_json_map(path: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(path).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let obj = v.get("manifests").unwrap_or(&v);
    serde_json::from_value(obj.clone()).unwrap()
}

fn sort(files: &BTreeMap<String, String>) -> Result<Sorted, String> {
    sort_manifests(files, INSTALL_ORDER).map_err(|e| e.message)
}

// ---- the corpus ----

#[test]
fn corpus_default_manifests() {
    let corpus = corpus_dir();
    if !corpus.is_dir() {
        eprintln!(
            "skipped: no corpus at {} (set BINNACLE_CORPUS)",
            corpus.display()
        );
        return;
    }
    let expected = data_dir().join("corpus");
    let mut ids: Vec<String> = std::fs::read_dir(&expected)
        .unwrap()
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            Some(name.split('.').next()?.to_string())
        })
        .collect();
    ids.sort();
    ids.dedup();
    let (mut checked, mut failures) = (0, Vec::new());
    for id in &ids {
        if expected.join(format!("{id}.error")).exists() {
            eprintln!("{id}: skipped, Helm's install refuses it");
            continue;
        }
        let render = corpus.join(id).join("expected/default.render.json");
        let mut files = read_json_map(&render);
        let unstable: Vec<String> =
            std::fs::read_to_string(corpus.join(id).join("expected/default.unstable.json"))
                .ok()
                .map(|t| serde_json::from_str(&t).unwrap())
                .unwrap_or_default();
        let root = binnacle_tests::root_chart(&files);
        let read =
            |ext: &str| std::fs::read_to_string(expected.join(format!("{id}.{ext}"))).unwrap();
        let notes = take_notes(&mut files, &root, false);
        let notes_random = unstable.iter().any(|u| u.ends_with("NOTES.txt"));
        if !notes_random && notes != read("notes") {
            failures.push(format!("{id}: notes differ"));
        }
        let sorted = match sort(&files) {
            Ok(s) => s,
            Err(e) => {
                failures.push(format!("{id}: {e}"));
                continue;
            }
        };
        let manifest = release_manifest(&sorted, &[], false);
        if let Err(e) = same_blocks(&manifest, &read("manifest"), &unstable) {
            failures.push(format!("{id}: manifest: {e}"));
        }
        let out = template_output(&sorted, &[], &TemplateOptions::default());
        let want = format!("{}\n{}", read("manifest").trim(), read("hooks"));
        if let Err(e) = same_blocks(&out.stdout, &want, &unstable) {
            failures.push(format!("{id}: helm template: {e}"));
        }
        checked += 1;
    }
    eprintln!("{checked} corpus charts checked");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(checked > 25);
}

// ---- `helm template` flags on the probe chart ----

#[test]
fn probe_template_flags() {
    let dir = data_dir().join("probe");
    let mut files = read_json_map(&dir.join("render.json"));
    assert_eq!(take_notes(&mut files, "x", false), "notes\n");
    let sorted = sort(&files).unwrap();
    assert_eq!(sorted.unknown_hooks, vec!["pre-install,bogus"]);
    let crd = |p: &str| {
        let bytes = std::fs::read(dir.join("chart").join(p)).unwrap();
        (format!("x/{p}"), bytes)
    };
    // Helm lists the root chart's CRDs first, then each subchart's.
    let crds = vec![crd("crds/c.yaml"), crd("charts/sub/crds/z.yaml")];
    let opts = |f: &dyn Fn(&mut TemplateOptions)| {
        let mut o = TemplateOptions::default();
        f(&mut o);
        o
    };
    let show = |o: &mut TemplateOptions, globs: &[&str]| {
        o.show_only = globs.iter().map(|g| g.to_string()).collect();
    };
    let cases: Vec<(&str, TemplateOptions)> = vec![
        ("default", TemplateOptions::default()),
        (
            "crds-skip-tests",
            opts(&|o| {
                o.include_crds = true;
                o.skip_tests = true;
            }),
        ),
        ("no-hooks", opts(&|o| o.no_hooks = true)),
        ("show-test", opts(&|o| show(o, &["templates/tests/t.yaml"]))),
        (
            "show-many",
            opts(&|o| {
                show(
                    o,
                    &[
                        "templates/hooks.yaml",
                        "templates/cm.yaml2",
                        "templates/*.yaml2",
                    ],
                )
            }),
        ),
        ("show-missing", opts(&|o| show(o, &["nope.yaml"]))),
        ("show-bad-glob", opts(&|o| show(o, &["templates/["]))),
        (
            "show-crds",
            opts(&|o| {
                o.include_crds = true;
                show(o, &["crds/*", "charts/*/crds/*"]);
            }),
        ),
        (
            "show-sub",
            opts(&|o| {
                o.include_crds = true;
                show(o, &["charts/*/templates/*"]);
            }),
        ),
    ];
    for (name, o) in cases {
        let out = template_output(&sorted, &crds, &o);
        let want_out = std::fs::read_to_string(dir.join(format!("{name}.out"))).unwrap();
        let want_err = std::fs::read_to_string(dir.join(format!("{name}.err"))).unwrap();
        assert_eq!(out.stdout, want_out, "{name}: stdout");
        let mut err = String::new();
        for t in &sorted.unknown_hooks {
            err.push_str(&binnacle_core::render::manifest::unknown_hook_log_line(t));
            err.push('\n');
        }
        if let Some(e) = &out.error {
            err.push_str(&format!("Error: {e}\n"));
        }
        assert_eq!(err, want_err, "{name}: stderr");
    }
}

// ---- `--output-dir` plans, played on an in-memory file system ----

/// The files a `.files` capture lists (`=== <path>` headers).
fn read_files(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for part in text.split("=== ").filter(|p| !p.is_empty()) {
        let (path, body) = part.split_once('\n').unwrap();
        out.insert(path.to_string(), body.to_string());
    }
    out
}

/// Runs a plan the way the CLI would; returns what it prints.
fn play(
    out: &binnacle_core::render::manifest::TemplateOutput,
    fs: &mut BTreeMap<String, String>,
) -> String {
    use binnacle_core::render::manifest::WriteMode;
    let mut stdout = String::new();
    for w in &out.writes {
        let key = w.path.trim_start_matches("./").replace("//", "/");
        match (w.mode, fs.get_mut(&key)) {
            (WriteMode::Create, _) | (WriteMode::AppendOrCreate, None) => {
                fs.insert(key, w.content.clone());
            }
            (WriteMode::Append | WriteMode::AppendOrCreate, Some(f)) => f.push_str(&w.content),
            (WriteMode::Append, None) => panic!("append to a missing file {key}"),
        }
        stdout.push_str(&format!("wrote {}\n", w.path));
    }
    stdout + &out.stdout
}

#[test]
fn probe_output_dir() {
    let dir = data_dir().join("probe");
    let mut files = read_json_map(&dir.join("render.json"));
    take_notes(&mut files, "x", false);
    let sorted = sort(&files).unwrap();
    let crd = |p: &str| {
        let bytes = std::fs::read(dir.join("chart").join(p)).unwrap();
        (format!("x/{p}"), bytes)
    };
    let crds = vec![crd("crds/c.yaml"), crd("charts/sub/crds/z.yaml")];
    let cases = [
        ("outdir-release", "out/", true, true, vec![]),
        ("outdir-twice", "out", false, false, vec![]),
        (
            "outdir-show",
            "./out",
            false,
            true,
            vec!["templates/cm.yaml"],
        ),
    ];
    for (name, out_dir, crds_on, release, show) in cases {
        let opts = TemplateOptions {
            include_crds: crds_on,
            output_dir: Some(out_dir.to_string()),
            use_release_name: release,
            release_name: "demo".to_string(),
            show_only: show.iter().map(|s| s.to_string()).collect(),
            ..TemplateOptions::default()
        };
        let out = template_output(&sorted, &crds, &opts);
        let mut fs = BTreeMap::new();
        let mut stdout = play(&out, &mut fs);
        if name == "outdir-twice" {
            // The second run finds the first run's files.
            stdout = play(&out, &mut fs);
        }
        let read = |ext: &str| std::fs::read_to_string(dir.join(format!("{name}.{ext}"))).unwrap();
        if out.error.is_none() {
            assert_eq!(stdout, read("out"), "{name}: stdout");
        } else {
            // Helm prints the `wrote` lines, then fails without printing the stream.
            let wrote: String = stdout
                .lines()
                .filter(|l| l.starts_with("wrote "))
                .map(|l| format!("{l}\n"))
                .collect();
            assert_eq!(wrote, read("out"), "{name}: stdout");
            let err = read("err");
            assert!(
                err.ends_with(&format!("Error: {}\n", out.error.as_deref().unwrap())),
                "{name}: {err}"
            );
        }
        assert_eq!(fs, read_files(&read("files")), "{name}: files");
    }
}

#[test]
fn probe_install_dry_run() {
    let dir = data_dir().join("probe");
    let mut files = read_json_map(&dir.join("render.json"));
    let notes = take_notes(&mut files, "x", false);
    let sorted = sort(&files).unwrap();
    for (name, hide) in [("install-dry-run", false), ("install-hide-secret", true)] {
        let manifest = release_manifest(&sorted, &[], hide);
        let want = std::fs::read_to_string(dir.join(format!("{name}.out"))).unwrap();
        assert_eq!(
            dry_run_listing(&sorted.hooks, &manifest, &notes),
            want,
            "{name}"
        );
    }
}
