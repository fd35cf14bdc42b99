//! Bad charts end in clear errors — Helm's words where Helm has them — never a panic, a hang
//! or a blown stack. Expected texts are Helm v4.2.3's (`helm-oracle render` on the same input).

use std::io::Write;
use std::path::{Path, PathBuf};

use binnacle::pipeline::{render, RenderRequest};

/// A scratch directory, removed when the test is done with it.
struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn tmp(name: &str) -> Scratch {
    let d = std::env::temp_dir().join(format!("binnacle-bad-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    Scratch(d)
}

fn chart(name: &str, files: &[(&str, &[u8])]) -> Scratch {
    let d = tmp(name);
    for (p, data) in files {
        let path = d.join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, data).unwrap();
    }
    d
}

const CHART_YAML: &[u8] = b"apiVersion: v2\nname: bad\nversion: 0.1.0\n";

fn render_err(path: &Path) -> String {
    match render(&RenderRequest::new(path)) {
        Ok(r) => panic!(
            "{} rendered: {:?}",
            path.display(),
            r.manifests.keys().collect::<Vec<_>>()
        ),
        Err(e) => e,
    }
}

fn tgz(entries: &[(&str, &[u8])]) -> Vec<u8> {
    // A minimal ustar + gzip writer, so the test controls every header byte.
    let mut tar = Vec::new();
    for (name, data) in entries {
        let mut h = [0u8; 512];
        h[..name.len()].copy_from_slice(name.as_bytes());
        h[100..107].copy_from_slice(b"0000644");
        h[108..115].copy_from_slice(b"0000000");
        h[116..123].copy_from_slice(b"0000000");
        h[124..135].copy_from_slice(format!("{:011o}", data.len()).as_bytes());
        h[136..147].copy_from_slice(b"00000000000");
        h[156] = b'0';
        h[257..263].copy_from_slice(b"ustar\0");
        h[263..265].copy_from_slice(b"00");
        h[148..156].copy_from_slice(b"        ");
        let sum: u32 = h.iter().map(|&b| b as u32).sum();
        h[148..155].copy_from_slice(format!("{sum:06o}\0").as_bytes());
        tar.extend_from_slice(&h);
        tar.extend_from_slice(data);
        tar.resize(tar.len().div_ceil(512) * 512, 0);
    }
    tar.extend_from_slice(&[0u8; 1024]);
    gzip(&tar)
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
    out.extend_from_slice(&miniz_deflate(data));
    out.extend_from_slice(&crc32(data).to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn miniz_deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec(data, 6)
}

#[test]
fn broken_values_yaml() {
    let c = chart(
        "values",
        &[
            ("Chart.yaml", CHART_YAML),
            ("values.yaml", b"a: b\n  c: : d\n"),
            ("templates/t.yaml", b"x"),
        ],
    );
    assert_eq!(
        render_err(&c),
        "cannot load values.yaml: cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this context"
    );
}

#[test]
fn missing_chart_yaml() {
    let c = chart("nochart", &[("templates/t.yaml", b"x")]);
    assert_eq!(render_err(&c), "Chart.yaml file is missing");
}

#[test]
fn archive_with_parent_traversal() {
    let d = tmp("evil");
    let p = d.join("evil.tgz");
    std::fs::write(
        &p,
        tgz(&[
            ("evil/Chart.yaml", CHART_YAML),
            ("evil/../../etc/passwd", b"x"),
        ]),
    )
    .unwrap();
    assert_eq!(
        render_err(&p),
        "chart illegally references parent directory"
    );
}

#[test]
fn garbage_archive() {
    let d = tmp("garbage");
    let p = d.join("garbage.tgz");
    std::fs::File::create(&p)
        .unwrap()
        .write_all(b"this is not a gzip stream at all")
        .unwrap();
    let e = render_err(&p);
    assert!(!e.is_empty(), "{e}");
}

#[test]
fn decompression_bomb() {
    // 60 MB of zeros in one entry, a few dozen KB compressed: refused past the 5 MiB
    // per-file limit without inflating the rest.
    let zeros = vec![0u8; 60 << 20];
    let d = tmp("bomb");
    let p = d.join("bomb.tgz");
    std::fs::write(
        &p,
        tgz(&[
            ("bomb/Chart.yaml", CHART_YAML),
            ("bomb/templates/big.yaml", &zeros),
        ]),
    )
    .unwrap();
    assert!(std::fs::metadata(&p).unwrap().len() < 200_000);
    let e = render_err(&p);
    assert!(
        e.contains("larger than the maximum") || e.contains("exceeds") || e.contains("maximum"),
        "{e}"
    );
}

#[test]
fn deeply_nested_values() {
    let mut v = String::new();
    for _ in 0..200_000 {
        v.push('[');
    }
    let c = chart(
        "deepvalues",
        &[
            ("Chart.yaml", CHART_YAML),
            ("values.yaml", format!("a: {v}").as_bytes()),
            ("templates/t.yaml", b"x"),
        ],
    );
    let e = render_err(&c);
    assert!(e.starts_with("cannot load values.yaml"), "{e}");
}

#[test]
fn ten_megabytes_of_nested_includes() {
    // 200,000 defines, each including the next: far deeper than any stack allows.
    let mut t = String::with_capacity(11 << 20);
    let n = 200_000;
    for i in 0..n {
        t.push_str(&format!("{{{{- define \"d{i}\" -}}}}{{{{ include \"d{}\" . }}}} padding padding padding{{{{- end -}}}}\n", i + 1));
    }
    t.push_str(&format!(
        "{{{{- define \"d{n}\" -}}}}end{{{{- end -}}}}\n{{{{ include \"d0\" . }}}}\n"
    ));
    assert!(t.len() > 10 << 20);
    let c = chart(
        "includes",
        &[
            ("Chart.yaml", CHART_YAML),
            ("templates/t.yaml", t.as_bytes()),
        ],
    );
    // The file is over Helm's 5 MiB per-file limit; split the defines across files instead.
    let e = render_err(&c);
    assert!(e.contains("larger than the maximum file size"), "{e}");
    let chunks: Vec<String> = t
        .lines()
        .collect::<Vec<_>>()
        .chunks(40_000)
        .map(|c| c.join("\n"))
        .collect();
    let mut files: Vec<(String, Vec<u8>)> = vec![("Chart.yaml".into(), CHART_YAML.to_vec())];
    for (i, c) in chunks.iter().enumerate() {
        files.push((format!("templates/_part{i:02}.tpl"), c.as_bytes().to_vec()));
    }
    files.push((
        "templates/t.yaml".into(),
        b"{{ include \"d0\" . }}".to_vec(),
    ));
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_slice()))
        .collect();
    let c = chart("includes-split", &refs);
    let e = render_err(&c);
    assert!(e.contains("exceeded maximum nesting of templates"), "{e}");
}

#[test]
fn recursive_include_names_the_template() {
    let c = chart(
        "recursive",
        &[
            ("Chart.yaml", CHART_YAML),
            (
                "templates/t.yaml",
                b"{{ define \"r\" }}{{ include \"r\" . }}{{ end }}{{ include \"r\" . }}",
            ),
        ],
    );
    let e = render_err(&c);
    assert!(
        e.contains("rendering template has a nested reference name: r: unable to execute template"),
        "{e}"
    );
}

#[test]
fn endless_loop_stops_at_the_step_budget() {
    use binnacle_core::host::SeededHost;
    use binnacle_core::render::{self, Capabilities, ReleaseInfo, RenderInput, RenderOptions};
    let node = render::single_chart(
        "loop",
        &[("templates/t.yaml", "{{ range 1000000000000 }}{{ end }}")],
    );
    let input = RenderInput {
        chart: &node,
        values: binnacle_core::Map::new(),
        release: ReleaseInfo::default(),
        capabilities: Capabilities::default(),
    };
    let opts = RenderOptions {
        max_steps: Some(100_000),
        ..Default::default()
    };
    let e = render::render(&input, &mut SeededHost::default(), &opts).unwrap_err();
    assert!(
        e.message.contains("stopped after 100000 steps"),
        "{}",
        e.message
    );
}
