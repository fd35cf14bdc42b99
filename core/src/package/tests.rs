//! Package tests. Expectations come from Helm v4.2.3 (`helm-oracle package`, `helm show`)
//! and from Go 1.26's `archive/tar` (`testdata/gen_tar.go`).

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::chartfile::{lock_yaml, marshal_metadata};
use super::provenance::{check_sum, message_block, parse_files};
use super::show::{show, ShowFormat};
use super::*;
use crate::chart::load_files;

fn chart(files: &[(&str, &str)]) -> Chart {
    load_files(
        files
            .iter()
            .map(|(n, d)| (n.to_string(), d.as_bytes().to_vec()))
            .collect(),
    )
    .unwrap()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// Go's `archive/tar` output for Helm's headers: USTAR, prefix splits, PAX for long or
/// non-ASCII names and for mtimes outside the octal field, rounding to the second.
#[test]
fn tar_headers_match_go() {
    let cases: Vec<serde_json::Value> =
        serde_json::from_str(include_str!("testdata/tar_cases.json")).unwrap();
    assert!(cases.len() > 30);
    for c in &cases {
        let name = c["name"].as_str().unwrap();
        let size = c["size"].as_u64().unwrap() as usize;
        let secs = c["mtime"].as_i64().unwrap();
        let nanos = c["nanos"].as_i64().unwrap();
        let t = crate::sprig::date::gotime::Time::unix(secs, nanos, None);
        let mut tw = TarWriter::new();
        tw.append(
            name,
            &alloc::vec![b'z'; size],
            chartfile::round_to_second(&t),
        )
        .unwrap();
        let got = tw.finish();
        let want = unhex(c["hex"].as_str().unwrap());
        let trimmed = &got[..got.iter().rposition(|b| *b != 0).map_or(0, |i| i + 1)];
        assert_eq!(
            got.len() as u64,
            c["len"].as_u64().unwrap(),
            "{name} {secs}"
        );
        assert!(trimmed == want.as_slice(), "{name} {secs}");
    }
}

/// The gzip header Helm writes (Go's `gzip.Writer` with Helm's `Extra` and `Comment`),
/// then a DEFLATE stream that inflates back, CRC-32 and size.
#[test]
fn gzip_layout() {
    let data = b"hello hello hello hello".repeat(50);
    let gz = gzip::gzip(&data);
    let mut want = alloc::vec![0x1f, 0x8b, 8, 0x14, 0, 0, 0, 0, 0, 0xff, 41, 0];
    want.extend_from_slice(b"+aHR0cHM6Ly95b3V0dS5iZS96OVV6MWljandyTQo=Helm\0");
    assert_eq!(&gz[..want.len()], want.as_slice());
    let body = &gz[want.len()..gz.len() - 8];
    assert_eq!(miniz_oxide::inflate::decompress_to_vec(body).unwrap(), data);
    assert_eq!(gz[gz.len() - 8..gz.len() - 4], crc32(&data).to_le_bytes());
    assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    assert_eq!(gunzip(&gz).unwrap(), data);
}

const RICH: &str = r##"apiVersion: v2
name: rich
version: 1.2.3-rc.1+build.5
kubeVersion: ">= 1.20.0-0"
description: |
  A chart with
  two lines and trailing spaces   
type: application
appVersion: 20240101
deprecated: true
home: https://example.com
icon: https://example.com/icon.png
sources: ["https://github.com/x/y", "yes", "1.0", "null", "~"]
keywords: ["a: b", "- dash", "#hash", "tab\there", "ünï"]
maintainers:
  - name: Ann
    email: ann@example.com
  - url: https://u
  - {}
annotations:
  a10: "x"
  a9: "y"
  "category": Database
  b: "true"
  c: "007"
  "": empty
condition: foo.enabled
tags: t1,t2
dependencies:
  - name: sub
    version: ~1.0
    repository: file://../sub
    condition: sub.enabled,global.sub
    tags: [front, back]
    enabled: true
    import-values:
      - data
      - child: a.b
        parent: c
      - 12
    alias: s1
  - name: other
    repository: "@stable"
"##;

/// `helm show chart` of [`RICH`] (identical to the archive's `Chart.yaml`).
const RICH_SHOWN: &str = r##"annotations:
  "": empty
  a9: "y"
  a10: x
  b: "true"
  c: "007"
  category: Database
apiVersion: v2
appVersion: "20240101"
condition: foo.enabled
dependencies:
- alias: s1
  condition: sub.enabled,global.sub
  enabled: true
  import-values:
  - data
  - child: a.b
    parent: c
  - 12
  name: sub
  repository: file://../sub
  tags:
  - front
  - back
  version: ~1.0
- name: other
  repository: '@stable'
deprecated: true
description: 'A chart with two lines and trailing spaces    '
home: https://example.com
icon: https://example.com/icon.png
keywords:
- 'a: b'
- '- dash'
- '#hash'
- tab here
- ünï
kubeVersion: '>= 1.20.0-0'
maintainers:
- email: ann@example.com
  name: Ann
- url: https://u
- {}
name: rich
sources:
- https://github.com/x/y
- "yes"
- "1.0"
- "null"
- "~"
tags: t1,t2
type: application
version: 1.2.3-rc.1+build.5
"##;

fn rich() -> Chart {
    chart(&[
        ("Chart.yaml", RICH),
        (
            "charts/other/Chart.yaml",
            "apiVersion: v2\nname: other\nversion: 1.0.0\n",
        ),
        (
            "charts/sub/Chart.yaml",
            "apiVersion: v2\nname: sub\nversion: 1.0.5\n",
        ),
        ("templates/t.yaml", "x: 1\n"),
    ])
}

#[test]
fn chart_yaml_as_helm_writes_it() {
    let c = rich();
    assert_eq!(marshal_metadata(&c.metadata).unwrap(), RICH_SHOWN);
    assert_eq!(
        chartfile::chart_yaml_for_archive(&c.metadata).unwrap(),
        RICH_SHOWN
    );
    // apiVersion v1 (also when absent): dependencies stay out of the archive's Chart.yaml
    // but show up in `helm show chart` (they come from requirements.yaml).
    let v1 = chart(&[
        ("Chart.yaml", "name: v1c\nversion: 1.0.0\n"),
        (
            "charts/sub/Chart.yaml",
            "apiVersion: v2\nname: sub\nversion: 0.2.0\n",
        ),
        (
            "requirements.yaml",
            "dependencies:\n- name: sub\n  version: 0.2.0\n",
        ),
    ]);
    assert_eq!(
        chartfile::chart_yaml_for_archive(&v1.metadata).unwrap(),
        "apiVersion: v1\nname: v1c\nversion: 1.0.0\n"
    );
    assert_eq!(
        marshal_metadata(&v1.metadata).unwrap(),
        "apiVersion: v1\ndependencies:\n- name: sub\n  repository: \"\"\n  version: 0.2.0\nname: v1c\nversion: 1.0.0\n"
    );
}

/// `Chart.lock` re-serialized, and its entry's mtime (the `generated` time, rounded).
#[test]
fn chart_lock_as_helm_writes_it() {
    let cases = [
        (
            "digest: d\n",
            "dependencies: null\ndigest: d\ngenerated: \"0001-01-01T00:00:00Z\"\n",
            None,
        ),
        (
            "dependencies: []\ngenerated: \"2020-01-01T00:00:00+00:00\"\n",
            "dependencies: []\ndigest: \"\"\ngenerated: \"2020-01-01T00:00:00Z\"\n",
            Some(1_577_836_800),
        ),
        (
            "dependencies:\n- name: a\n  version: 1\n  repository: r\ngenerated: 2021-06-01T10:00:00.123456789-07:30\n",
            "dependencies:\n- name: a\n  repository: r\n  version: \"1\"\ndigest: \"\"\ngenerated: \"2021-06-01T10:00:00.123456789-07:30\"\n",
            Some(1_622_568_600),
        ),
        (
            "dependencies: null\ngenerated: \"1969-12-31T23:59:59.5Z\"\n",
            "dependencies: null\ndigest: \"\"\ngenerated: \"1969-12-31T23:59:59.5Z\"\n",
            Some(0),
        ),
        (
            "dependencies:\n- name: sub\n  repository: \"\"\n  version: 0.2.0\ndigest: sha256:abc\ngenerated: \"2020-01-02T03:04:05.500+02:00\"\n",
            "dependencies:\n- name: sub\n  repository: \"\"\n  version: 0.2.0\ndigest: sha256:abc\ngenerated: \"2020-01-02T03:04:05.5+02:00\"\n",
            Some(1_577_927_046),
        ),
    ];
    for (lock, want, mtime) in cases {
        let c = chart(&[
            ("Chart.lock", lock),
            ("Chart.yaml", "apiVersion: v2\nname: l\nversion: 0.1.0\n"),
        ]);
        let l = c.lock.as_ref().unwrap();
        assert_eq!(lock_yaml(&c, l).unwrap(), want, "{lock}");
        let t = chartfile::lock_time(l)
            .unwrap()
            .map(|t| chartfile::round_to_second(&t));
        assert_eq!(t, mtime, "{lock}");
    }
}

fn entries(tar: &[u8]) -> Vec<(String, i64, Vec<u8>)> {
    let mut out = Vec::new();
    let mut at = 0;
    while at + 512 <= tar.len() && tar[at] != 0 {
        let h = &tar[at..at + 512];
        let field = |a: usize, n: usize| {
            let f = &h[a..a + n];
            String::from_utf8_lossy(&f[..f.iter().position(|b| *b == 0).unwrap_or(n)]).into_owned()
        };
        let size = usize::from_str_radix(&field(124, 12), 8).unwrap();
        let mtime = i64::from_str_radix(&field(136, 12), 8).unwrap();
        let prefix = field(345, 155);
        let name = if prefix.is_empty() {
            field(0, 100)
        } else {
            format!("{prefix}/{}", field(0, 100))
        };
        out.push((name, mtime, tar[at + 512..at + 512 + size].to_vec()));
        at += 512 + size.div_ceil(512) * 512;
    }
    out
}

/// Layout and errors of `helm package` (Helm v4.2.3's entry order and messages).
#[test]
fn package_layout_and_errors() {
    let files = [
        ("Chart.lock", "dependencies:\n- name: sub\n  repository: \"\"\n  version: 0.2.0\ndigest: sha256:abc\ngenerated: \"2020-01-02T03:04:05.500+02:00\"\n"),
        ("Chart.yaml", "apiVersion: v2\nname: c1\nversion: 0.1.0\ndependencies:\n  - name: sub\n    version: 0.2.0\n"),
        ("README.md", "readme\n"),
        ("charts/sub/Chart.yaml", "apiVersion: v2\nname: sub\nversion: 0.2.0\n"),
        ("charts/sub/templates/s.yaml", "y: 1\n"),
        ("files/a.txt", "a\n"),
        ("templates/t.yaml", "x: {{ .Values.a }}\n"),
        ("values.schema.json", "{\"type\":\"object\"}"),
        ("values.yaml", "a: 1\n"),
    ];
    let c = chart(&files);
    let opts = PackageOptions {
        source_date_epoch: Some(1_700_000_000),
        ..PackageOptions::default()
    };
    let p = package_chart(&c, &opts).unwrap();
    assert_eq!(p.file_name, "c1-0.1.0.tgz");
    let got: Vec<(String, i64)> = entries(&p.tar)
        .into_iter()
        .map(|(n, t, _)| (n, t))
        .collect();
    let t = 1_700_000_000;
    let want = [
        ("c1/Chart.yaml", t),
        ("c1/Chart.lock", 1_577_927_046),
        ("c1/values.yaml", t),
        ("c1/values.schema.json", t),
        ("c1/templates/t.yaml", t),
        ("c1/README.md", t),
        ("c1/files/a.txt", t),
        ("c1/charts/sub/Chart.yaml", t),
        ("c1/charts/sub/templates/s.yaml", t),
    ];
    let want: Vec<(String, i64)> = want.iter().map(|(n, t)| (n.to_string(), *t)).collect();
    assert_eq!(got, want);
    assert_eq!(p.sha256, sha256_hex(&p.archive));
    assert_eq!(gunzip(&p.archive).unwrap(), p.tar);
    // Without SOURCE_DATE_EPOCH every entry but the lock gets the fixed instant.
    let p0 = package_chart(&c, &PackageOptions::default()).unwrap();
    assert!(entries(&p0.tar)
        .iter()
        .all(|(n, t, _)| *t == DEFAULT_MTIME || n.ends_with("Chart.lock")));

    let with = |version: Option<&str>, app: Option<&str>| PackageOptions {
        version: version.map(String::from),
        app_version: app.map(String::from),
        source_date_epoch: None,
    };
    let p = package_chart(&c, &with(Some("2.0"), Some("x\ty"))).unwrap();
    assert_eq!(p.file_name, "c1-2.0.tgz");
    let cy = String::from_utf8(entries(&p.tar)[0].2.clone()).unwrap();
    assert!(
        cy.contains("appVersion: x y\n") && cy.contains("version: \"2.0\"\n"),
        "{cy}"
    );
    assert_eq!(
        package(&c, &with(Some("bad!"), None)).unwrap_err(),
        "invalid semantic version"
    );
    let mut no_sub = c.clone();
    no_sub.dependencies.clear();
    assert_eq!(
        package(&no_sub, &with(None, None)).unwrap_err(),
        "found in Chart.yaml, but missing in charts/ directory: sub"
    );
    let mut bad_schema = c.clone();
    bad_schema.schema = Some(alloc::rc::Rc::from(&b"{bad"[..]));
    assert_eq!(
        package(&bad_schema, &with(None, None)).unwrap_err(),
        "failed to save: invalid JSON in values.schema.json"
    );
}

/// The same chart packs to the same bytes; this digest is pinned so that a change of the
/// DEFLATE encoder (or anything else in the stream) shows up as a test failure.
#[test]
fn reproducible_digest() {
    let files = [
        (
            "Chart.yaml",
            "apiVersion: v2\nname: repro\nversion: 1.0.0\n",
        ),
        ("templates/cm.yaml", "kind: ConfigMap\n"),
        ("values.yaml", "a: 1\n"),
    ];
    let opts = PackageOptions {
        source_date_epoch: Some(1_700_000_000),
        ..PackageOptions::default()
    };
    let (a, sha) = package(&chart(&files), &opts).unwrap();
    let (b, _) = package(&chart(&files), &opts).unwrap();
    assert_eq!(a, b);
    assert_eq!(
        sha,
        "e1b24bde1750c24415b1d682a9169bfb6635c178f97c16da4c4d879923657f30"
    );
}

/// The text Helm signs, and Helm's checks of the sums (texts from `pkg/provenance`).
#[test]
fn provenance_message() {
    let md = "apiVersion: v2\nname: c1\nversion: 0.1.0\n";
    let block = message_block(md, "c1-0.1.0.tgz", "ab12").unwrap();
    assert_eq!(
        block,
        "apiVersion: v2\nname: c1\nversion: 0.1.0\n\n...\nfiles:\n  c1-0.1.0.tgz: sha256:ab12\n"
    );
    let files = parse_files(&block).unwrap();
    assert_eq!(
        check_sum(&files, "c1-0.1.0.tgz", "ab12").unwrap(),
        "sha256:ab12"
    );
    assert_eq!(
        check_sum(&files, "c1-0.1.0.tgz", "ff").unwrap_err(),
        "sha256 sum does not match for c1-0.1.0.tgz: \"sha256:ab12\" != \"sha256:ff\""
    );
    assert_eq!(
        check_sum(&files, "x.tgz", "ab12").unwrap_err(),
        "provenance does not contain a SHA for a file named \"x.tgz\""
    );
    assert_eq!(
        parse_files("no separator").unwrap_err(),
        "message block must have at least two parts"
    );
}

/// `helm show` texts (Helm v4.2.3 binary): separators, missing parts, README lookup and
/// CRDs with and without a leading `---`, subcharts' CRDs after the parent's.
#[test]
fn show_formats() {
    let c = chart(&[
        ("Chart.yaml", "apiVersion: v2\nname: s\nversion: 0.1.0\n"),
        ("ReadMe.TXT", "read me"),
        (
            "charts/sub/Chart.yaml",
            "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
        ),
        ("charts/sub/crds/c.yml", "kind: SubCRD\n"),
        ("crds/a.yaml", "---\nkind: A\n"),
        ("crds/b.JSON", "{}"),
        ("crds/notes.txt", "not a crd"),
        ("values.yaml", "a: 1\n"),
    ]);
    let s = |f| String::from_utf8(show(&c, f).unwrap()).unwrap();
    let cy = "apiVersion: v2\nname: s\nversion: 0.1.0\n\n";
    assert_eq!(s(ShowFormat::Chart), cy);
    assert_eq!(s(ShowFormat::Values), "a: 1\n\n");
    assert_eq!(s(ShowFormat::Readme), "read me\n");
    let crds = "---\nkind: A\n\n---\n{}\n---\nkind: SubCRD\n\n";
    assert_eq!(s(ShowFormat::Crds), crds);
    assert_eq!(
        s(ShowFormat::All),
        format!("{cy}---\na: 1\n\n---\nread me\n{crds}")
    );
    let bare = chart(&[("Chart.yaml", "apiVersion: v2\nname: s\nversion: 0.1.0\n")]);
    assert_eq!(show(&bare, ShowFormat::All).unwrap(), cy.as_bytes());
    assert!(show(&bare, ShowFormat::Values).unwrap().is_empty());
}

/// Large inputs finish with a result: a 1 MB description, 10,000 templates.
#[test]
fn large_inputs() {
    let big = "x".repeat(1 << 20);
    let cy = format!("apiVersion: v2\nname: big\nversion: 0.1.0\ndescription: {big}\n");
    let c = chart(&[("Chart.yaml", &cy)]);
    let p = package_chart(&c, &PackageOptions::default()).unwrap();
    assert!(p.tar.len() > 1 << 20);
    let mut files: Vec<(String, Vec<u8>)> = (0..10_000)
        .map(|i| (format!("templates/t{i:05}.yaml"), b"a: b\n".to_vec()))
        .collect();
    files.push((
        "Chart.yaml".into(),
        b"apiVersion: v2\nname: many\nversion: 0.1.0\n".to_vec(),
    ));
    let c = load_files(files).unwrap();
    let p = package_chart(&c, &PackageOptions::default()).unwrap();
    assert_eq!(entries(&p.tar).len(), 10_001);
}
