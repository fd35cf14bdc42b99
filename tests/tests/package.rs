//! `helm package`, `helm show` and provenance files, checked against Helm v4.2.3.
//!
//! Expectations come from Helm v4.2.3: the oracle (`helm-oracle package|sign|verify|render`)
//! at test time, and `tests/data/package/show.tsv` (`helm show` of a helm v4.2.3 binary,
//! made by `tests/data/package/regen.sh`, which also made the GnuPG keyrings in `keys/`).
//!
//! Helm writes each file's mtime and orders subcharts at random; Binnacle writes one fixed
//! mtime and orders subcharts by name (COMPATIBILITY.md). So the archives are compared
//! after giving every source file the same mtime, with entries grouped per chart.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value as Json};

use binnacle::load::read_chart_dir;
use binnacle::sign;
use binnacle_core::chart::{load_archive, load_files, Chart};
use binnacle_core::package::show::{show, ShowFormat};
use binnacle_core::package::{gunzip, package_chart, sha256_hex, PackageOptions};
use binnacle_tests::oracle::{oracle_path, Oracle};

/// The mtime every source file gets before Helm packages it.
const T: i64 = 1_700_000_000;

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/package")
}

fn corpus_dir() -> PathBuf {
    std::env::var_os("BINNACLE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/shared/corpus"))
}

/// Every chart the tests package: the fixtures, then the corpus.
fn charts() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let mut add = |prefix: &str, dir: PathBuf, sub: &str| {
        let mut names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.path().join(sub).join("Chart.yaml").is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for n in names {
            out.push((format!("{prefix}/{n}"), dir.join(&n).join(sub)));
        }
    };
    add("fixture", data_dir().join("charts"), "");
    add("corpus", corpus_dir(), "chart");
    out
}

/// A fresh scratch directory for one test.
fn scratch(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("binnacle-package-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Copies a chart (following symbolic links) and gives every file the mtime `secs`, as
/// a fresh checkout would have one time for all.
fn copy_chart(src: &Path, dst: &Path, secs: i64) {
    std::fs::create_dir_all(dst).unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        let (from, to) = (e.path(), dst.join(e.file_name()));
        if std::fs::metadata(&from).unwrap().is_dir() {
            copy_chart(&from, &to, secs);
        } else {
            std::fs::copy(&from, &to).unwrap();
            let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs as u64);
            std::fs::File::options()
                .write(true)
                .open(&to)
                .unwrap()
                .set_modified(t)
                .unwrap();
        }
    }
}

fn load_dir(dir: &Path) -> Result<Chart, String> {
    load_files(read_chart_dir(dir)?).map_err(|e| e.message)
}

/// Runs one oracle command and returns its JSON answer.
fn oracle(args: &[&str]) -> Json {
    let out = Command::new(oracle_path())
        .args(args)
        .output()
        .expect("running helm-oracle");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "helm-oracle {args:?}: {e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// One tar entry: its path and raw bytes (a PAX header entry goes with the file after it).
#[derive(Clone, Debug, PartialEq)]
struct Entry {
    name: String,
    raw: Vec<u8>,
    /// Where the file's own header starts in `raw`.
    header: usize,
}

impl Entry {
    fn mtime(&self) -> i64 {
        let h = &self.raw[self.header..self.header + 512];
        i64::from_str_radix(field(h, 136, 12).trim(), 8).unwrap_or(-1)
    }

    /// The entry with mtime and checksum blanked.
    fn without_mtime(&self) -> Vec<u8> {
        let mut raw = self.raw.clone();
        raw[self.header + 136..self.header + 156].fill(0);
        raw
    }
}

fn field(h: &[u8], at: usize, len: usize) -> String {
    let f = &h[at..at + len];
    let end = f.iter().position(|b| *b == 0).unwrap_or(len);
    String::from_utf8_lossy(&f[..end]).into_owned()
}

fn tar_entries(tar: &[u8]) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut at = 0;
    let mut pending: Option<(String, Vec<u8>)> = None;
    while at + 512 <= tar.len() && tar[at..at + 512].iter().any(|b| *b != 0) {
        let h = &tar[at..at + 512];
        let size = usize::from_str_radix(field(h, 124, 12).trim(), 8).unwrap();
        let end = at + 512 + size.div_ceil(512) * 512;
        let raw = tar[at..end].to_vec();
        if h[156] == b'x' {
            let body = String::from_utf8_lossy(&tar[at + 512..at + 512 + size]).into_owned();
            let path = body
                .lines()
                .find_map(|l| l.split_once(" path=").map(|(_, p)| p.to_string()))
                .unwrap_or_default();
            pending = Some((path, raw));
        } else {
            let prefix = field(h, 345, 155);
            let mut name = if prefix.is_empty() {
                field(h, 0, 100)
            } else {
                format!("{prefix}/{}", field(h, 0, 100))
            };
            let mut all = Vec::new();
            if let Some((path, pax)) = pending.take() {
                if !path.is_empty() {
                    name = path;
                }
                all = pax;
            }
            let header = all.len();
            all.extend_from_slice(&raw);
            out.push(Entry {
                name,
                raw: all,
                header,
            });
        }
        at = end;
    }
    out
}

/// The chart an entry belongs to: `x`, `x/charts/y`, ... (`x/charts/a.prov` is x's).
fn chart_key(name: &str) -> Vec<String> {
    let parts: Vec<&str> = name.split('/').collect();
    let mut key = vec![parts[0].to_string()];
    let mut i = 1;
    while i + 2 < parts.len() && parts[i] == "charts" {
        key.push(parts[i + 1].to_string());
        i += 2;
    }
    key
}

/// Entries grouped by chart (stable), which undoes Helm's random subchart order.
fn normalized(mut e: Vec<Entry>) -> Vec<Entry> {
    e.sort_by_key(|x| chart_key(&x.name));
    e
}

/// Equal entries, except that Helm keeps the mtimes of subcharts it read from `.tgz`
/// files where ours have the one fixed time.
fn same_entries(got: &[Entry], want: &[Entry]) -> bool {
    got.len() == want.len()
        && got.iter().zip(want).all(|(g, w)| {
            g == w
                || (g.name == w.name
                    && chart_key(&g.name).len() > 1
                    && g.mtime() == T
                    && w.mtime() != T
                    && g.without_mtime() == w.without_mtime())
        })
}

fn first_difference(got: &[Entry], want: &[Entry]) -> String {
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        if !same_entries(std::slice::from_ref(g), std::slice::from_ref(w)) {
            return format!("entry {i}: ours {:?}, Helm's {:?}", g.name, w.name);
        }
    }
    format!("{} entries, Helm has {}", got.len(), want.len())
}

fn unstable(chart_dir: &Path) -> Vec<String> {
    let p = chart_dir.join("../expected/default.unstable.json");
    std::fs::read_to_string(p)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

/// Helm's render of `chart` (directory or archive), unstable templates dropped.
fn helm_render(o: &mut Oracle, chart: &Path, drop: &[String]) -> Json {
    let mut r = o
        .ask(&json!({"op": "render", "chart": chart, "values": {}}))
        .unwrap();
    if let Some(m) = r.get_mut("manifests").and_then(Json::as_object_mut) {
        for k in drop {
            m.remove(k);
        }
    }
    r.as_object_mut().map(|m| m.remove("error_type"));
    r
}

/// Every chart, packaged by Helm and by Binnacle from files with one mtime: the same tar
/// entries byte for byte; each side loads the other's archive (Helm renders ours as it
/// renders the directory; ours re-packages Helm's to the same stream).
#[test]
fn archives_match_helm_and_load_both_ways() {
    let tmp = scratch("match");
    let mut o = Oracle::start().unwrap();
    let mut failures = Vec::new();
    let all = charts();
    assert!(all.len() > 30, "corpus missing? {}", all.len());
    for (id, dir) in &all {
        let src = tmp.join("src").join(id);
        copy_chart(dir, &src, T);
        let helm_dest = tmp.join("helm").join(id);
        let ans = oracle(&[
            "package",
            src.to_str().unwrap(),
            "--dest",
            helm_dest.to_str().unwrap(),
        ]);
        let opts = PackageOptions {
            source_date_epoch: Some(T),
            ..PackageOptions::default()
        };
        let ours = load_dir(&src).and_then(|c| package_chart(&c, &opts));
        let helm_archive = match (&ours, ans["ok"].as_bool()) {
            (Ok(_), Some(true)) => std::fs::read(ans["archive"].as_str().unwrap()).unwrap(),
            (Err(e), Some(false)) if Some(e.as_str()) == ans["message"].as_str() => continue,
            (got, _) => {
                failures.push(format!(
                    "{id}: ours {:?}, Helm {ans}",
                    got.as_ref().map(|p| &p.file_name)
                ));
                continue;
            }
        };
        let ours = ours.unwrap();
        let want = normalized(tar_entries(&gunzip(&helm_archive).unwrap()));
        let got = normalized(tar_entries(&ours.tar));
        if !same_entries(&got, &want) {
            failures.push(format!(
                "{id}: tar differs: {}",
                first_difference(&got, &want)
            ));
        }
        match load_archive(&helm_archive)
            .map_err(|e| e.message)
            .and_then(|c| package_chart(&c, &opts))
        {
            Ok(again) if again.tar == ours.tar => {}
            Ok(_) => failures.push(format!("{id}: Helm's archive re-packages differently")),
            Err(e) => failures.push(format!("{id}: Helm's archive does not load: {e}")),
        }
        let ours_path = tmp.join("ours").join(&ours.file_name);
        std::fs::create_dir_all(ours_path.parent().unwrap()).unwrap();
        std::fs::write(&ours_path, &ours.archive).unwrap();
        let drop = unstable(dir);
        let from_dir = helm_render(&mut o, &src, &drop);
        let from_ours = helm_render(&mut o, &ours_path, &drop);
        if from_dir != from_ours {
            failures.push(format!(
                "{id}: Helm renders our archive differently from the directory"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let _ = std::fs::remove_dir_all(&tmp);
}

/// `helm show` of every chart, directory and our archive of it, as Helm prints it for the
/// directory (sha256 of stdout in show.tsv).
#[test]
fn show_matches_helm() {
    let text = std::fs::read_to_string(data_dir().join("show.tsv")).unwrap();
    let dirs: BTreeMap<String, PathBuf> = charts().into_iter().collect();
    let mut failures = Vec::new();
    let mut rows = 0;
    for line in text.lines() {
        let cols: Vec<&str> = line.splitn(4, '\t').collect();
        let (id, format, status, want) = (cols[0], cols[1], cols[2], cols[3]);
        let Some(dir) = dirs.get(id) else {
            failures.push(format!("{id}: no such chart"));
            continue;
        };
        rows += 1;
        let format = ShowFormat::parse(format).unwrap();
        let chart = load_dir(dir).unwrap();
        // Charts whose dependencies were trimmed from the corpus do not package.
        let archived = package_chart(&chart, &PackageOptions::default())
            .map(|p| load_archive(&p.archive).unwrap());
        let mut both = vec![("dir", &chart)];
        if let Ok(a) = &archived {
            both.push(("archive", a));
        }
        for (what, c) in both {
            let got = match show(c, format) {
                Ok(out) => format!("0\t{}", sha256_hex(&out)),
                Err(e) => format!("1\t{e}"),
            };
            if got.trim_end() != format!("{status}\t{want}").trim_end() {
                failures.push(format!(
                    "{id} {format:?} ({what}): got {got}, want {status} {want}"
                ));
            }
        }
    }
    assert!(rows > 150, "{rows}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Two clones of a chart, checked out at different times, pack to the same bytes; with
/// SOURCE_DATE_EPOCH the entries carry that time instead.
#[test]
fn reproducible_across_clones() {
    let tmp = scratch("clones");
    let src = corpus_dir().join("tempo-distributed/chart");
    let (a, b) = (tmp.join("a"), tmp.join("b"));
    copy_chart(&src, &a, 1_000_000_000);
    copy_chart(&src, &b, 1_600_000_000);
    let pack = |dir: &Path, epoch| {
        let opts = PackageOptions {
            source_date_epoch: epoch,
            ..PackageOptions::default()
        };
        package_chart(&load_dir(dir).unwrap(), &opts).unwrap()
    };
    let (pa, pb) = (pack(&a, None), pack(&b, None));
    assert_eq!(pa.sha256, pb.sha256);
    assert_eq!(pa.archive, pb.archive);
    let (ea, eb) = (pack(&a, Some(T)), pack(&b, Some(T)));
    assert_eq!(ea.archive, eb.archive);
    assert_ne!(ea.sha256, pa.sha256);
    // Subcharts in name order, whatever order the directory listing had.
    let subs: Vec<String> = load_dir(&a)
        .unwrap()
        .dependencies
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    let mut sorted = subs.clone();
    sorted.sort();
    assert!(subs.len() > 1 && subs == sorted, "{subs:?}");
    let _ = std::fs::remove_dir_all(&tmp);
}

fn workspace_target() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"))
}

/// The probe input (see `binnacle_core::package::wasm_probe`).
fn probe_input(files: &[(String, Vec<u8>)], epoch: Option<i64>) -> Vec<u8> {
    let mut b = Vec::new();
    b.extend((files.len() as u32).to_le_bytes());
    for (n, d) in files {
        b.extend((n.len() as u32).to_le_bytes());
        b.extend(n.as_bytes());
        b.extend((d.len() as u32).to_le_bytes());
        b.extend(d);
    }
    b.extend(epoch.unwrap_or(-1).to_le_bytes());
    b
}

const PROBE_JS: &str = r#"
const fs = require('fs');
const [wasmPath, ...pairs] = process.argv.slice(1);
const instance = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(wasmPath)), {});
const ex = instance.exports;
for (let i = 0; i < pairs.length; i += 2) {
  const input = fs.readFileSync(pairs[i]);
  const p = ex.probe_alloc(input.length);
  new Uint8Array(ex.memory.buffer, p, input.length).set(input);
  const out = ex.probe_package(p, input.length);
  const head = new DataView(ex.memory.buffer, out, 8);
  const len = head.getUint32(4, true);
  const body = Buffer.from(new Uint8Array(ex.memory.buffer, out + 8, len));
  if (head.getUint32(0, true) !== 0) { console.error(body.toString()); process.exit(1); }
  fs.writeFileSync(pairs[i + 1], body);
}
"#;

/// The WASM build (wasm32, run by Node) writes the same archive bytes as the native one.
#[test]
fn native_and_wasm_agree() {
    let target = workspace_target().join("wasm-probe");
    let status = Command::new(env!("CARGO"))
        .args([
            "rustc",
            "-p",
            "binnacle-core",
            "--lib",
            "--crate-type",
            "cdylib",
            "--target",
            "wasm32-unknown-unknown",
            "--no-default-features",
            "--features",
            "std,wasm-probe",
        ])
        .env("CARGO_TARGET_DIR", &target)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("running cargo for the WASM probe");
    assert!(
        status.success(),
        "building the WASM probe failed (is the wasm32-unknown-unknown target installed?)"
    );
    let wasm = target.join("wasm32-unknown-unknown/debug/binnacle_core.wasm");
    let tmp = scratch("wasm");
    let mut cases = Vec::new();
    let mut args = vec![wasm.display().to_string()];
    let ids = [
        "fixture/layout",
        "fixture/v1",
        "fixture/rich",
        "corpus/metallb",
        "corpus/bitnami-nginx",
    ];
    let all: BTreeMap<String, PathBuf> = charts().into_iter().collect();
    for (i, id) in ids.iter().enumerate() {
        let files = read_chart_dir(&all[*id]).unwrap();
        for epoch in [None, Some(T)] {
            let input = tmp.join(format!("{i}-{}.in", epoch.is_some()));
            let output = tmp.join(format!("{i}-{}.tgz", epoch.is_some()));
            std::fs::write(&input, probe_input(&files, epoch)).unwrap();
            let opts = PackageOptions {
                source_date_epoch: epoch,
                ..PackageOptions::default()
            };
            let native = package_chart(&load_files(files.clone()).unwrap(), &opts).unwrap();
            args.push(input.display().to_string());
            args.push(output.display().to_string());
            cases.push((id.to_string(), output, native.archive));
        }
    }
    let out = Command::new("node")
        .arg("-e")
        .arg(PROBE_JS)
        .args(&args)
        .output()
        .expect("running node");
    assert!(
        out.status.success(),
        "node: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (id, output, native) in cases {
        let wasm = std::fs::read(&output).unwrap();
        assert!(
            wasm == native,
            "{id}: WASM {} vs native {}",
            sha256_hex(&wasm),
            sha256_hex(&native)
        );
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

fn keys_dir() -> PathBuf {
    data_dir().join("keys")
}

/// Our `.prov` files verify in Helm and Helm's verify in ours, for RSA keys made by GnuPG
/// (with and without a passphrase) and an Ed25519 key made by rpgp; a changed archive or
/// a foreign keyring fails on both sides with Helm's messages.
#[test]
fn signatures_interoperate() {
    let tmp = scratch("sign");
    let (gen_sec, gen_pub) =
        sign::generate_keyring("Rpgp Signer <rpgp@example.com>", None).unwrap();
    std::fs::write(tmp.join("ed-sec.gpg"), gen_sec).unwrap();
    std::fs::write(tmp.join("ed-pub.gpg"), gen_pub).unwrap();
    let k = keys_dir();
    let pass_file = k.join("passphrase.txt");
    let keys: Vec<(&str, PathBuf, PathBuf, Option<&Path>)> = vec![
        (
            "RSA Signer",
            k.join("rsa-secring.gpg"),
            k.join("rsa-pubring.gpg"),
            None,
        ),
        (
            "Locked Signer",
            k.join("rsa-pass-secring.gpg"),
            k.join("rsa-pass-pubring.gpg"),
            Some(&pass_file),
        ),
        (
            "rpgp@example.com",
            tmp.join("ed-sec.gpg"),
            tmp.join("ed-pub.gpg"),
            None,
        ),
    ];
    let chart = load_dir(&data_dir().join("charts/layout")).unwrap();
    let packaged = package_chart(&chart, &PackageOptions::default()).unwrap();
    for (i, (name, sec, public, pass)) in keys.iter().enumerate() {
        let passphrase = pass.map(|p| std::fs::read_to_string(p).unwrap().trim_end().to_string());
        let mut fetch = |_: &str| {
            passphrase
                .clone()
                .ok_or_else(|| "no passphrase".to_string())
        };
        // Ours signs, Helm verifies.
        let dir = tmp.join(format!("ours{i}"));
        std::fs::create_dir_all(&dir).unwrap();
        let archive = dir.join(&packaged.file_name);
        std::fs::write(&archive, &packaged.archive).unwrap();
        let prov = sign::sign_archive(
            &packaged.archive,
            &packaged.file_name,
            sec,
            name,
            &mut fetch,
        )
        .unwrap();
        std::fs::write(dir.join(format!("{}.prov", packaged.file_name)), &prov).unwrap();
        let v = oracle(&[
            "verify",
            archive.to_str().unwrap(),
            "--keyring",
            public.to_str().unwrap(),
        ]);
        assert_eq!(v["ok"], true, "{name}: Helm rejects our signature: {v}");
        assert_eq!(
            v["result"]["file_hash"],
            format!("sha256:{}", packaged.sha256)
        );
        let ours = sign::verify_chart(&archive, None, public).unwrap();
        assert_eq!(json!(ours.signed_by), v["result"]["signed_by"]);
        // Helm signs, ours verifies.
        let hdir = tmp.join(format!("helm{i}"));
        std::fs::create_dir_all(&hdir).unwrap();
        let harchive = hdir.join(&packaged.file_name);
        std::fs::write(&harchive, &packaged.archive).unwrap();
        let mut args = vec![
            "sign",
            harchive.to_str().unwrap(),
            "--key",
            name,
            "--keyring",
            sec.to_str().unwrap(),
        ];
        if let Some(p) = pass {
            args.extend(["--passphrase-file", p.to_str().unwrap()]);
        }
        let s = oracle(&args);
        assert_eq!(s["ok"], true, "{name}: Helm cannot sign: {s}");
        let v = sign::verify_chart(&harchive, None, public).unwrap();
        assert_eq!(v.file_hash, format!("sha256:{}", packaged.sha256));
        let text = sign::report(&v);
        assert!(
            text.starts_with("Signed by: ") && text.contains("Using Key With Fingerprint: "),
            "{text}"
        );
        // Both providers sign the same text.
        let helm_prov =
            std::fs::read_to_string(hdir.join(format!("{}.prov", packaged.file_name))).unwrap();
        let body = |p: &str| {
            p.split("-----BEGIN PGP SIGNATURE-----")
                .next()
                .unwrap()
                .to_string()
        };
        assert_eq!(body(&prov), body(&helm_prov), "{name}");
        // A changed archive fails the same way on both sides.
        let mut changed = packaged.archive.clone();
        changed.push(0);
        std::fs::write(&harchive, &changed).unwrap();
        let h = oracle(&[
            "verify",
            harchive.to_str().unwrap(),
            "--keyring",
            public.to_str().unwrap(),
        ]);
        let ours = sign::verify_chart(&harchive, None, public).unwrap_err();
        assert_eq!(Some(ours.as_str()), h["message"].as_str(), "{name}");
    }
    // A keyring without the signer's key.
    let dir = tmp.join("ours0");
    let archive = dir.join(&packaged.file_name);
    let foreign = tmp.join("ed-pub.gpg");
    let h = oracle(&[
        "verify",
        archive.to_str().unwrap(),
        "--keyring",
        foreign.to_str().unwrap(),
    ]);
    let ours = sign::verify_chart(&archive, None, &foreign).unwrap_err();
    assert_eq!(Some(ours.as_str()), h["message"].as_str());
    let _ = std::fs::remove_dir_all(&tmp);
}

/// `helm package` refusals, with Helm's messages.
#[test]
fn package_errors_match_helm() {
    let tmp = scratch("errors");
    let base = data_dir().join("charts/rich");
    type Case<'a> = (&'a str, Vec<&'a str>, fn(&Path));
    let cases: Vec<Case> = vec![
        ("badversion", vec!["--version", "bad!"], |_| {}),
        ("missingdep", vec![], |d| {
            std::fs::remove_dir_all(d.join("charts/other")).unwrap()
        }),
        ("badschema", vec![], |d| {
            std::fs::write(d.join("values.schema.json"), "{bad").unwrap()
        }),
        ("badlock", vec![], |d| {
            std::fs::write(d.join("Chart.lock"), "generated: yesterday\n").unwrap()
        }),
    ];
    for (name, flags, change) in cases {
        let dir = tmp.join(name).join("rich");
        copy_chart(&base, &dir, T);
        change(&dir);
        let mut args = vec!["package", dir.to_str().unwrap(), "--dest"];
        let dest = tmp.join(name).join("out");
        args.push(dest.to_str().unwrap());
        args.extend(flags.iter().copied());
        let h = oracle(&args);
        let mut opts = PackageOptions::default();
        if flags.first() == Some(&"--version") {
            opts.version = Some(flags[1].to_string());
        }
        let ours = load_dir(&dir).and_then(|c| package_chart(&c, &opts));
        assert_eq!(h["ok"], false, "{name}: {h}");
        assert_eq!(ours.err().as_deref(), h["message"].as_str(), "{name}");
    }
    let _ = std::fs::remove_dir_all(&tmp);
}
