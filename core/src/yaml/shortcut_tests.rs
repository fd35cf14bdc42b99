//! The shortcuts (the direct reader, the direct decoder, the direct writer) held to the
//! exact pipelines they stand in for: on every input both give the same value or the same
//! error, byte for byte. The exact pipelines are the go-yaml ports that the conformance
//! tables (`tests.rs`, expectations from Helm v4.2.3's libraries) pin to Helm.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::tests::{build, dump, parse_json_strings};
use super::{exact, YamlError};
use crate::value::Value;

/// Documents of the kinds Helm charts are made of, each exercising what the direct reader
/// handles (and some of what it leaves to the exact one).
const SAMPLES: &[&str] = &[
    "# values\nreplicaCount: 1\nimage:\n  repository: nginx # the image\n  tag: \"1.25\"\n  pullPolicy: IfNotPresent\n\nservice:\n  type: ClusterIP\n  port: 80\n",
    "resources: {}\nnodeSelector: {}\ntolerations: []\naffinity: {}\nargs: [--v=2, \"--x\", 'y']\nports: [80, 443]\nlabels: {app: web, tier: front, \"k\": v}\n",
    "env:\n- name: A\n  value: \"1\"\n- name: B\n  valueFrom:\n    secretKeyRef: {name: s, key: k}\n-\n- - nested\n  - seq\n",
    "list:\n  - a\n  -   b\n  - c: 1\n    d: 2\n  -\n    e: 3\nafter: x\n",
    "description: Consistent Hash-based load balancing can\n  be used to provide soft session affinity based on\n\n  HTTP headers, cookies or other properties.\ntype: object\n",
    "a: |\n  line one\n  line two\n\nb: >-\n  folded\n  text\n\n  more\nc: |2+\n    indented\n\nd: x\n",
    "quoted: \"a \\\"b\\\" \\u263A \\x41\\n\"\nsingle: 'it''s'\nmulti: \"one\n  two\n\n  three\"\nkey with spaces  : v\n\"quoted key\": 1\n'k2' : 2\n",
    "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels:\n    app: y\ndata:\n  k: v\n---\n# second\nkind: Secret\n...\n",
    "port: &port 8080\nother: *port\nname: &n 'svc'\nalias: *n\nlist:\n- *port\n",
    "sockets:\n  [\n    \"/run/a.sock\",\n    \"/run/b.sock\", # comment\n  ]\nmap: {a: 1,\n  b: [x, y],\n  c: {}}\n",
    "numbers:\n  int: 42\n  neg: -7\n  float: 1.5\n  exp: 1e3\n  hex: 0x1F\n  oct: 0o17\n  big: 18446744073709551615\n  under: 1_000\n  ts: 2001-12-14\n  null1: ~\n  null2:\n  bool: true\n",
    "dup: 1\ndup: 2\nnested:\n  a: 1\n  a: {b: 2}\n",
    "\u{feff}bom: true\nunicode: héllo wörld 日本\nemoji: \"😀\"\n",
    "top-level scalar\n  continued\n",
    "- just\n- a\n- list\n",
    "'quoted root'\n",
    "|\n  literal root\n",
    "a:\n  b:\n    c:\n      d:\n        e: deep\n  f: back\ng: top\n",
    "key: value # comment\n# full comment\n  # indented comment\nnext: 1\n",
    "a: b: c\n",
    "a:\n  b: 1\n c: 2\n",
    "a: 1\n- b\n",
    "a: x\n  b: 1\n",
    "base: &b {x: 1}\nmerged:\n  <<: *b\n  y: 2\n",
    "1: one\ntrue: t\nnull: n\nyes: yes\ninf: .inf\n",
    "a: !!str 1\nb: !custom x\n",
    "tab:\t1\n",
    "crlf: 1\r\nnext: 2\r\n",
    "ctrl: \"\u{7}\"\n",
    "%YAML 1.1\n---\na: 1\n",
    "? complex\n: key\n",
    "a: [1, 2\nb: 3\n",
    "a: 'unterminated\n",
    "",
    "# only a comment\n",
    "---\n---\n",
    "a: 1\n...\nb: 2\n",
    "a: {\"a\u{2028}\":b}\n",
    "m: {\"x\n y\": 1}\n",
    "\"a\u{2028}b\": 1\n",
    "- \"k\u{85}\": v\n",
    "# a\ttab in a comment\nk: v # ünïcode comment ☺\n  # indented\n\n   \n# a comment long enough to span several sixteen-byte runs of text\nl: 1 #\n#\nm:\n  # between\n  n: 2\n# no line feed at the end",
    "k: v # comment\u{85}next: 1\n# \u{2028}\nx: 2\n",
    "k: v\n# cr comment\r\nx: 1 # c\r\n",
    "a: 1 # \u{7f} del\n# \u{1}\n",
];

/// A deterministic stream of line-level edits of `src`: indentation changed, lines
/// duplicated, dropped or swapped, indicators and breaks inserted.
fn mutations(src: &str, seed: u64, n: usize) -> Vec<String> {
    const PIECES: &[&str] = &[
        "- ", "&a ", "*a", "? ", "!!str ", "[", "{", "]", "}", "\"", "'", "|", ">-", "---", "...",
        "#", ": ", ":", ",", "\t", "  ", "<<: ",
    ];
    let mut state = seed | 1;
    let mut next = move |m: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % m.max(1) as u64) as usize
    };
    let mut out = Vec::new();
    for _ in 0..n {
        let mut lines: Vec<String> = src.split('\n').map(String::from).collect();
        for _ in 0..1 + next(3) {
            let i = next(lines.len());
            let indent = lines[i].len() - lines[i].trim_start().len();
            match next(8) {
                0 => lines[i].insert(0, ' '),
                1 => {
                    if lines[i].starts_with(' ') {
                        lines[i].remove(0);
                    }
                }
                2 => {
                    let l = lines[i].clone();
                    lines.insert(i, l);
                }
                3 => {
                    lines.remove(i);
                    if lines.is_empty() {
                        lines.push(String::new());
                    }
                }
                4 => {
                    let j = next(lines.len());
                    lines.swap(i, j);
                }
                5 => {
                    let p = PIECES[next(PIECES.len())];
                    lines[i].insert_str(indent, p);
                }
                6 => {
                    let p = PIECES[next(PIECES.len())];
                    lines[i].push_str(p);
                }
                _ => {
                    let at = next(lines[i].len() + 1);
                    if lines[i].is_char_boundary(at) {
                        lines[i].insert(at, '\n');
                    }
                }
            }
        }
        out.push(lines.join("\n"));
    }
    out
}

fn shown(r: Result<Vec<Value>, YamlError>) -> String {
    match r {
        Ok(docs) => docs.iter().map(dump).collect::<Vec<_>>().join(" | "),
        Err(e) => format!("ERR {} @{:?}:{:?}", e.message, e.line, e.column),
    }
}

fn first(r: Result<Value, YamlError>) -> Result<Vec<Value>, YamlError> {
    r.map(|v| alloc::vec![v])
}

fn first_or_nil(r: Result<Vec<Value>, YamlError>) -> Result<Vec<Value>, YamlError> {
    r.map(|d| alloc::vec![d.into_iter().next().unwrap_or(Value::Nil)])
}

fn all_inputs() -> Vec<String> {
    let mut inputs: Vec<String> = include_str!("testdata/read.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| parse_json_strings(l).remove(0))
        .collect();
    for (k, s) in SAMPLES.iter().enumerate() {
        inputs.push(String::from(*s));
        inputs.extend(mutations(s, 0x9E37_79B9 + k as u64, 60));
    }
    inputs.extend(limits());
    inputs
}

/// Inputs at the shortcuts' limits: keys around go-yaml's 1,024-character simple-key limit,
/// nesting around the direct reader's depth, many aliases.
fn limits() -> Vec<String> {
    let mut out = Vec::new();
    for n in [990, 999, 1000, 1001, 1021, 1022, 1023, 1024, 1025, 1100] {
        let k = "k".repeat(n);
        out.push(format!("{k}: 1\nb: 2\n"));
        out.push(format!("a:\n  {k}: 1\n"));
        out.push(format!("\"{k}\": 1\n"));
        out.push(format!("m: {{{k}: 1}}\n"));
        out.push(format!("- {k}: 1\n"));
    }
    for depth in [150, 199, 200, 201, 202, 250] {
        let mut block = String::new();
        for d in 0..depth {
            block.push_str(&" ".repeat(d));
            block.push_str("k:\n");
        }
        block.push_str(&" ".repeat(depth));
        block.push_str("v\n");
        out.push(block);
        out.push(format!("a: {}{}\n", "[".repeat(depth), "]".repeat(depth)));
        out.push(format!("{}x\n", "- ".repeat(depth)));
    }
    for aliases in [99, 100, 101, 150] {
        let mut doc = String::from("a: &x 1\n");
        for i in 0..aliases {
            doc.push_str(&format!("b{i}: *x\n"));
        }
        out.push(doc);
    }
    out
}

#[test]
fn reader_shortcuts_match_exact() {
    let mut failures = Vec::new();
    let inputs = all_inputs();
    for input in &inputs {
        let cases = [
            (
                "from_yaml",
                shown(first(super::from_yaml(input))),
                shown(first_or_nil(exact::read(input, false, false))),
            ),
            (
                "from_yaml_typed",
                shown(first(super::from_yaml_typed(input))),
                shown(first_or_nil(exact::read(input, true, false))),
            ),
            (
                "from_yaml_documents",
                shown(super::from_yaml_documents(input)),
                shown(exact::read(input, false, true)),
            ),
        ];
        for (what, got, want) in cases {
            if got != want {
                failures.push(format!("{what} {input:?}\n  exact {want}\n  got   {got}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} inputs differ:\n{}",
        failures.len(),
        inputs.len(),
        failures.join("\n")
    );
}

#[test]
fn writer_shortcuts_match_exact() {
    let mut values: Vec<Value> = Vec::new();
    for data in [
        include_str!("testdata/to_yaml.jsonl"),
        include_str!("testdata/to_yaml_pretty.jsonl"),
    ] {
        for line in data.lines().filter(|l| !l.trim().is_empty()) {
            values.push(build(&parse_json_strings(line)[0]));
        }
    }
    for input in all_inputs() {
        for raw in [false, true] {
            if let Ok(docs) = exact::read(&input, raw, true) {
                values.extend(docs);
            }
        }
    }
    let mut failures = Vec::new();
    for v in &values {
        for (what, got, want) in [
            ("to_yaml", super::to_yaml(v), exact::to_yaml(v)),
            (
                "to_yaml_pretty",
                super::to_yaml_pretty(v),
                exact::to_yaml_pretty(v),
            ),
        ] {
            if got != want {
                failures.push(format!(
                    "{what} {}\n  exact {want:?}\n  got   {got:?}",
                    dump(v)
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} values differ:\n{}",
        failures.len(),
        values.len(),
        failures.join("\n")
    );
}

/// The shortcuts must keep answering the documents they exist for (a silent fallback
/// would only show as lost speed).
#[test]
fn shortcuts_answer_typical_documents() {
    // The first samples are all plain chart material.
    for s in &SAMPLES[..19] {
        let docs = super::scanner::read_fast(s, false, true);
        assert!(docs.is_some(), "direct reader declined {s:?}");
        for v in docs.unwrap_or_default() {
            for json in [true, false] {
                assert!(
                    super::encode::encode_direct(&v, json).is_ok(),
                    "direct writer declined {}",
                    dump(&v)
                );
            }
        }
    }
}
