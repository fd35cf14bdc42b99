//! Differential testing: random templates and values, rendered by Binnacle and by the real
//! Helm, compared byte for byte (or error message for error message).
//!
//! Case `i` of a run with seed `S` is generated from `S` and `i` alone, so any failure can
//! be replayed with `--seed S --case i`.

use std::fmt::Write as _;

use serde_json::{json, Map as JMap, Value as Json};

/// A small deterministic generator (splitmix64).
pub struct Rng(u64);

impl Rng {
    /// A generator for case `case` of a run seeded with `seed`.
    pub fn for_case(seed: u64, case: u64) -> Rng {
        // Mix seed and case separately so neighbouring cases do not share a shifted stream.
        let mut a = Rng(seed);
        let mut b = Rng(case ^ 0xD1B5_4A32_D192_ED03);
        Rng(a.next() ^ b.next().rotate_left(17))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The chart every case renders in, besides its template (`tests/data/difftest/chart`):
/// a few files for `.Files` to read, among them an empty one and one that is not UTF-8
/// (without a NUL byte: the oracle's binding cuts Helm's error messages at one).
pub const CHART_FILES: &[(&str, &[u8])] = &[
    (
        "Chart.yaml",
        include_bytes!("../data/difftest/chart/Chart.yaml"),
    ),
    (
        "data.json",
        include_bytes!("../data/difftest/chart/data.json"),
    ),
    (
        "files/a.txt",
        include_bytes!("../data/difftest/chart/files/a.txt"),
    ),
    (
        "files/bin.dat",
        include_bytes!("../data/difftest/chart/files/bin.dat"),
    ),
    (
        "files/conf.yaml",
        include_bytes!("../data/difftest/chart/files/conf.yaml"),
    ),
    (
        "files/empty.txt",
        include_bytes!("../data/difftest/chart/files/empty.txt"),
    ),
];

/// [`CHART_FILES`] with the template at `templates/t.yaml`, as the loader takes them.
pub fn chart_files(template: &str) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = CHART_FILES
        .iter()
        .map(|(n, b)| (n.to_string(), b.to_vec()))
        .collect();
    files.push(("templates/t.yaml".into(), template.as_bytes().to_vec()));
    files
}

/// One generated case.
#[derive(Clone, Debug)]
pub struct GenCase {
    /// The template text.
    pub template: String,
    /// The user values (JSON, as the oracle passes them: numbers become float64).
    pub values: Json,
}

const STRINGS: &[&str] = &[
    "",
    "a",
    "hello world",
    "Hello-World_x",
    "yes",
    "no",
    "true",
    "1",
    "0755",
    "1.5",
    "null",
    "~",
    "a: b",
    "- x",
    "#x",
    "@x",
    "line1\nline2",
    "  padded  ",
    "tab\there",
    "ünï©ødé",
    "CamelCaseString",
    "snake_case_string",
    "kebab-case-string",
    "1.2.3",
    "v1.20.0",
    "https://example.com/a/b?c=d",
    "a,b,c",
    "x.y.z",
    "{{ not a template }}",
    "50%",
    "\"quoted\"",
    "it's",
    "<tag>&",
    "0x1F",
    "1e3",
    "/path/to/file.txt",
    "a very long string that goes on and on past the eighty column limit of yaml folding rules",
];

fn gen_string(r: &mut Rng) -> String {
    r.pick(STRINGS).to_string()
}

fn gen_number(r: &mut Rng) -> Json {
    match r.below(8) {
        0 => json!(0),
        1 => json!(r.below(100)),
        2 => json!(-(r.below(50) as i64)),
        3 => json!(1000000),
        4 => json!(1.5),
        5 => json!(0.000001),
        6 => json!(123456789),
        _ => json!(2.5e-3),
    }
}

fn gen_value(r: &mut Rng, depth: usize) -> Json {
    let k = if depth > 2 { r.below(5) } else { r.below(8) };
    match k {
        0 | 1 => Json::String(gen_string(r)),
        2 => gen_number(r),
        3 => Json::Bool(r.chance(50)),
        4 => {
            if r.chance(30) {
                Json::Null
            } else {
                Json::String(gen_string(r))
            }
        }
        5 => Json::Array((0..r.below(4)).map(|_| gen_value(r, depth + 1)).collect()),
        _ => {
            let mut m = JMap::new();
            for _ in 0..r.below(4) + 1 {
                m.insert(gen_key(r), gen_value(r, depth + 1));
            }
            Json::Object(m)
        }
    }
}

fn gen_key(r: &mut Rng) -> String {
    r.pick(&[
        "a", "b", "name", "items", "enabled", "port", "labels", "x1", "x10", "x2", "Zed", "_u",
    ])
    .to_string()
}

/// All value paths of a JSON tree, with the kind of value at each.
fn paths(v: &Json, prefix: &str, out: &mut Vec<(String, &'static str)>) {
    if let Json::Object(m) = v {
        for (k, val) in m {
            if !k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                || k.starts_with(|c: char| c.is_ascii_digit())
            {
                continue;
            }
            let p = format!("{prefix}.{k}");
            let kind = match val {
                Json::String(_) => "s",
                Json::Number(_) => "n",
                Json::Bool(_) => "b",
                Json::Null => "z",
                Json::Array(_) => "l",
                Json::Object(_) => "m",
            };
            out.push((p.clone(), kind));
            paths(val, &p, out);
        }
    }
}

struct Gen<'a> {
    r: Rng,
    paths: Vec<(String, &'static str)>,
    defines: Vec<String>,
    depth: usize,
    _values: &'a Json,
}

/// Functions by the kind they return, with the kinds of their arguments.
/// Kinds: s string, n number, i small int literal, a any, l list, m map, b bool, r regex,
/// f format string, v version, c constraint.
const FUNCS: &[(&str, &str, &[&str])] = &[
    ("upper", "s", &["s"]),
    ("lower", "s", &["s"]),
    ("title", "s", &["s"]),
    ("untitle", "s", &["s"]),
    ("trim", "s", &["s"]),
    ("nospace", "s", &["s"]),
    ("initials", "s", &["s"]),
    ("swapcase", "s", &["s"]),
    ("snakecase", "s", &["s"]),
    ("camelcase", "s", &["s"]),
    ("kebabcase", "s", &["s"]),
    ("b64enc", "s", &["s"]),
    ("b32enc", "s", &["s"]),
    ("sha256sum", "s", &["s"]),
    ("sha1sum", "s", &["s"]),
    ("adler32sum", "s", &["s"]),
    ("quote", "s", &["a"]),
    ("squote", "s", &["a"]),
    ("toString", "s", &["a"]),
    ("base", "s", &["s"]),
    ("dir", "s", &["s"]),
    ("ext", "s", &["s"]),
    ("clean", "s", &["s"]),
    ("trunc", "s", &["i", "s"]),
    ("substr", "s", &["i", "i", "s"]),
    ("repeat", "s", &["i", "s"]),
    ("indent", "s", &["i", "s"]),
    ("nindent", "s", &["i", "s"]),
    ("replace", "s", &["s", "s", "s"]),
    ("trimPrefix", "s", &["s", "s"]),
    ("trimSuffix", "s", &["s", "s"]),
    ("trimAll", "s", &["s", "s"]),
    ("abbrev", "s", &["i", "s"]),
    ("wrap", "s", &["i", "s"]),
    ("cat", "s", &["a", "a"]),
    ("join", "s", &["s", "l"]),
    ("toYaml", "s", &["a"]),
    ("toJson", "s", &["a"]),
    ("toPrettyJson", "s", &["a"]),
    ("toRawJson", "s", &["a"]),
    ("printf", "s", &["f", "a"]),
    ("print", "s", &["a", "a"]),
    ("typeOf", "s", &["a"]),
    ("kindOf", "s", &["a"]),
    ("regexReplaceAll", "s", &["r", "s", "s"]),
    ("regexFind", "s", &["r", "s"]),
    ("html", "s", &["s"]),
    ("js", "s", &["s"]),
    ("urlquery", "s", &["s"]),
    ("contains", "b", &["s", "s"]),
    ("hasPrefix", "b", &["s", "s"]),
    ("hasSuffix", "b", &["s", "s"]),
    ("empty", "b", &["a"]),
    ("eq", "b", &["a", "a"]),
    ("ne", "b", &["s", "s"]),
    ("lt", "b", &["n", "n"]),
    ("ge", "b", &["n", "n"]),
    ("not", "b", &["a"]),
    ("and", "a", &["a", "a"]),
    ("or", "a", &["a", "a"]),
    ("has", "b", &["a", "l"]),
    ("hasKey", "b", &["m", "s"]),
    ("regexMatch", "b", &["r", "s"]),
    ("semverCompare", "b", &["c", "v"]),
    ("kindIs", "b", &["s", "a"]),
    ("deepEqual", "b", &["a", "a"]),
    ("add", "n", &["n", "n"]),
    ("sub", "n", &["n", "n"]),
    ("mul", "n", &["n", "n"]),
    ("max", "n", &["n", "n"]),
    ("min", "n", &["n", "n"]),
    ("add1", "n", &["n"]),
    ("floor", "n", &["n"]),
    ("ceil", "n", &["n"]),
    ("round", "n", &["n", "i"]),
    ("int", "n", &["a"]),
    ("int64", "n", &["a"]),
    ("float64", "n", &["a"]),
    ("len", "n", &["l"]),
    ("atoi", "n", &["s"]),
    ("addf", "n", &["n", "n"]),
    ("mulf", "n", &["n", "n"]),
    ("default", "a", &["a", "a"]),
    ("coalesce", "a", &["a", "a"]),
    ("ternary", "a", &["a", "a", "b"]),
    ("first", "a", &["l"]),
    ("last", "a", &["l"]),
    ("index", "a", &["l", "i"]),
    ("get", "a", &["m", "s"]),
    ("dig", "a", &["s", "a", "m"]),
    ("list", "l", &["a", "a", "a"]),
    ("splitList", "l", &["s", "s"]),
    ("until", "l", &["i"]),
    ("rest", "l", &["l"]),
    ("initial", "l", &["l"]),
    ("reverse", "l", &["l"]),
    ("uniq", "l", &["l"]),
    ("compact", "l", &["l"]),
    ("sortAlpha", "l", &["l"]),
    ("append", "l", &["l", "a"]),
    ("prepend", "l", &["l", "a"]),
    ("concat", "l", &["l", "l"]),
    ("without", "l", &["l", "a"]),
    // `keys` returns Go map order (random in Helm): only sorted.
    ("sortAlpha", "l", &["k"]),
    ("regexFindAll", "l", &["r", "s", "i"]),
    ("regexSplit", "l", &["r", "s", "i"]),
    ("split", "m", &["s", "s"]),
    ("dict", "m", &["s", "a", "s", "a"]),
    ("pick", "m", &["m", "s"]),
    ("omit", "m", &["m", "s"]),
    ("merge", "m", &["m", "m"]),
    ("mergeOverwrite", "m", &["m", "m"]),
    ("fromYaml", "m", &["s"]),
    ("fromJson", "m", &["s"]),
    ("deepCopy", "a", &["a"]),
    ("semver", "a", &["v"]),
    ("b64dec", "s", &["s"]),
    ("b32dec", "s", &["s"]),
    ("sha512sum", "s", &["s"]),
    ("wrapWith", "s", &["i", "s", "s"]),
    ("plural", "s", &["s", "s", "i"]),
    ("seq", "s", &["i", "i"]),
    ("toToml", "s", &["m"]),
    ("toYamlPretty", "s", &["a"]),
    ("mustToJson", "s", &["a"]),
    ("urlJoin", "s", &["m"]),
    ("date", "s", &["s", "t"]),
    ("dateInZone", "s", &["s", "t", "z"]),
    ("htmlDate", "s", &["t"]),
    ("duration", "s", &["i"]),
    ("durationRound", "s", &["s"]),
    ("tpl", "s", &["p", "d"]),
    ("include", "s", &["N", "d"]),
    ("toDecimal", "n", &["s"]),
    ("biggest", "n", &["n", "n"]),
    ("maxf", "n", &["n", "n"]),
    ("unixEpoch", "n", &["t"]),
    ("untilStep", "l", &["i", "i", "i"]),
    ("splitn", "m", &["s", "i", "s"]),
    ("pluck", "l", &["s", "m", "m"]),
    ("chunk", "l", &["i", "l"]),
    ("mustSlice", "l", &["l", "i", "i"]),
    ("fromYamlArray", "l", &["s"]),
    ("fromJsonArray", "l", &["s"]),
    ("fromToml", "m", &["s"]),
    ("urlParse", "m", &["s"]),
    ("typeIsLike", "b", &["s", "a"]),
    ("dateModify", "a", &["s", "t"]),
    ("toDate", "a", &["s", "s"]),
];

/// Values of the template context besides `.Values` (kind `a` unless noted).
const CONTEXT_REFS: &[&str] = &[
    ".Chart.Name",
    ".Chart.Version",
    ".Chart.IsRoot",
    ".Chart.Maintainers",
    ".Release.Name",
    ".Release.Namespace",
    ".Release.IsInstall",
    ".Release.Revision",
    ".Capabilities.KubeVersion.Version",
    ".Capabilities.KubeVersion.Major",
    "(.Capabilities.APIVersions.Has \"apps/v1\")",
    ".Template.Name",
    ".Template.BasePath",
    "(semver \"1.2.3\").Major",
    "(semver \"1.2.3-rc.1+b5\").Prerelease",
    ".Capabilities.KubeVersion",
    // Host objects whole, for fmt's verbs and the functions that take any value.
    ".Capabilities.APIVersions",
    ".Capabilities.HelmVersion",
    ".Files",
    ".Chart",
    ".Template",
    "(semver \"1.2.3-rc.1+b5\")",
    "(toDate \"2006-01-02\" \"2023-05-04\").Month",
    "(toDate \"2006-01-02\" \"2023-05-04\").Weekday",
    "((toDate \"2006-01-02\" \"2023-05-04\").Sub (toDate \"2006-01-02\" \"2023-05-01\"))",
    "(toDate \"2006-01-02\" \"2023-05-04\").UTC",
    // The chart's files (tests/data/difftest/chart).
    "(.Files.Get \"files/a.txt\")",
    "(.Files.GetBytes \"files/bin.dat\")",
    "(.Files.Get \"files/bin.dat\")",
    "(.Files.Glob \"files/*\")",
    "(.Files.Glob \"**.{json,yaml}\").AsConfig",
    "(.Files.Glob \"files/*\").AsSecrets",
    "(.Files.Lines \"files/a.txt\")",
    "(.Files.Get \"data.json\" | fromJson)",
    "(.Files.Get \"files/conf.yaml\" | fromYaml)",
];

const FORMATS: &[&str] = &[
    "%v", "%s", "%d", "%q", "%x", "%5.2f", "%-6s|", "%T", "%+v", "%#v", "%e", "%g", "%t", "%03d",
    "%v %v", "%%", "%c", "%U", "%8.3q", "%X",
];
const REGEXES: &[&str] = &[
    "a",
    "[a-z]+",
    "^h",
    "(\\w+)\\s(\\w+)",
    "l+",
    ".",
    "x*",
    "[0-9]",
    "(?i)HELLO",
    "$",
];
const VERSIONS: &[&str] = &[
    "1.2.3",
    "v1.20.0",
    "1.0.0-beta.1",
    "2.0",
    "0.1.0+build.5",
    "1.36.0",
    "bad",
];
const CONSTRAINTS: &[&str] = &[
    ">=1.0.0",
    "<2.0",
    "~1.2",
    "^1.2.3",
    ">=1.21-0",
    "1.2.x",
    "*",
    ">= 1.0, < 1.5",
    "!=1.2.3",
    "1.0 - 1.4",
    "||",
];

impl Gen<'_> {
    fn value_ref(&mut self, kind: &str) -> Option<String> {
        let want: &[&str] = match kind {
            "s" => &["s"],
            "n" => &["n"],
            "b" => &["b"],
            "l" => &["l"],
            "m" => &["m"],
            _ => &["s", "n", "b", "z", "l", "m"],
        };
        let matching: Vec<&String> = self
            .paths
            .iter()
            .filter(|(_, k)| want.contains(k))
            .map(|(p, _)| p)
            .collect();
        if matching.is_empty() || self.r.chance(10) {
            return None;
        }
        Some(format!(".Values{}", self.r.pick(&matching)))
    }

    #[allow(clippy::explicit_auto_deref)] // `pick` over `&[&str]` needs the explicit deref to infer.
    fn literal(&mut self, kind: &str) -> String {
        match kind {
            "s" => go_quote(&gen_string(&mut self.r)),
            "n" => (*self
                .r
                .pick(&["0", "1", "2", "7", "-3", "1.5", "100", "0.25"]))
            .to_string(),
            "i" => self
                .r
                .pick(&["0", "1", "2", "3", "5", "8", "-1"])
                .to_string(),
            "b" => self.r.pick(&["true", "false"]).to_string(),
            "f" => go_quote(*self.r.pick(FORMATS)),
            "r" => go_quote(*self.r.pick(REGEXES)),
            "v" => go_quote(*self.r.pick(VERSIONS)),
            "c" => go_quote(*self.r.pick(CONSTRAINTS)),
            "l" => "(list 1 \"a\" 2)".into(),
            "m" => "(dict \"k\" \"v\")".into(),
            // A time: a fixed instant so Helm's output is repeatable.
            "t" => (*self.r.pick(&[
                "(toDate \"2006-01-02\" \"2023-05-04\")",
                "(toDate \"2006-01-02T15:04:05Z07:00\" \"2024-02-29T23:59:58+05:30\")",
                "(unixEpoch (toDate \"2006-01-02\" \"1999-12-31\") | int64)",
                "1700000000",
            ]))
            .to_string(),
            "z" => go_quote(*self.r.pick(&[
                "UTC",
                "America/New_York",
                "Asia/Kolkata",
                "Europe/Berlin",
                "Nowhere/Zone",
            ])),
            // A template text for tpl.
            "p" => go_quote(*self.r.pick(&[
                "{{ .Values }}",
                "x{{ .Release.Name }}-{{ .Chart.Name }}",
                "{{ range $k, $v := .Values }}{{ $k }};{{ end }}",
                "{{ toYaml .Values | indent 2 }}",
                "{{ .Values.missing.deeper }}",
                "{{ define \"inner\" }}I{{ end }}{{ include \"inner\" . }}",
            ])),
            // Data for tpl/include: the whole context or a dict.
            "d" => (*self.r.pick(&[
                ".",
                "$",
                "(dict \"Values\" (dict \"a\" 1) \"Release\" .Release \"Chart\" .Chart)",
            ]))
            .to_string(),
            // A template name for include.
            "N" => match self.defines.last() {
                Some(d) => go_quote(d),
                None => go_quote("nope"),
            },
            _ => match self.r.below(5) {
                0 => "nil".into(),
                1 => self.literal("n"),
                2 => self.literal("b"),
                _ => self.literal("s"),
            },
        }
    }

    fn expr(&mut self, kind: &str) -> String {
        if matches!(kind, "f" | "r" | "v" | "c" | "i") {
            return self.literal(kind);
        }
        if kind == "k" {
            let m = self.expr("m");
            return format!("(keys {m})");
        }
        self.depth += 1;
        if self.r.chance(8) && kind == "a" {
            self.depth -= 1;
            return (*self.r.pick(CONTEXT_REFS)).to_string();
        }
        if matches!(kind, "t" | "z" | "p" | "d" | "N") {
            self.depth -= 1;
            return self.literal(kind);
        }
        let out = if self.depth > 3 || self.r.chance(35) {
            match self.value_ref(kind) {
                Some(v) if self.r.chance(70) => v,
                _ => {
                    if kind == "m" && self.r.chance(30) {
                        ".Values".into()
                    } else {
                        self.literal(kind)
                    }
                }
            }
        } else {
            let cands: Vec<&(&str, &str, &[&str])> = FUNCS
                .iter()
                .filter(|(_, k, _)| kind == "a" || *k == kind || *k == "a")
                .collect();
            let (name, _, args) = *self.r.pick(&cands);
            let mut s = format!("({name}");
            for a in args.iter() {
                s.push(' ');
                s.push_str(&self.expr(a));
            }
            s.push(')');
            s
        };
        self.depth -= 1;
        out
    }

    fn pipeline(&mut self) -> String {
        let kind = *self.r.pick(&["s", "a", "n", "l", "m", "b"]);
        let mut p = self.expr(kind);
        if p.starts_with('(') && p.ends_with(')') && self.r.chance(50) {
            p = p[1..p.len() - 1].to_string();
        }
        if self.r.chance(30) {
            let tail = *self.r.pick(&[
                "upper",
                "quote",
                "toYaml",
                "toJson",
                "default \"d\"",
                "indent 2",
                "trim",
                "len",
                "typeOf",
                "b64enc",
            ]);
            p = format!("{p} | {tail}");
        }
        p
    }

    #[allow(clippy::explicit_auto_deref)]
    fn block(&mut self, out: &mut String, depth: usize) {
        for _ in 0..self.r.below(4) + 1 {
            let mut k = self.r.below(if depth > 1 { 3 } else { 8 });
            if k == 6 && depth > 0 {
                k = 7;
            }
            match k {
                0 => out.push_str(
                    *self
                        .r
                        .pick(&["text ", "\n", "key: ", "  - item\n", "---\n"]),
                ),
                1 | 2 => {
                    let trim_l = if self.r.chance(20) { "- " } else { " " };
                    let trim_r = if self.r.chance(20) { " -" } else { " " };
                    let p = self.pipeline();
                    let _ = write!(out, "{{{{{trim_l}{p}{trim_r}}}}}");
                }
                3 => {
                    let cond = self.expr("a");
                    let _ = write!(out, "{{{{ if {cond} }}}}");
                    self.block(out, depth + 1);
                    if self.r.chance(50) {
                        out.push_str("{{ else }}");
                        self.block(out, depth + 1);
                    }
                    out.push_str("{{ end }}");
                }
                4 => {
                    let k = *self.r.pick(&["l", "m"]);
                    let coll = self.expr(k);
                    let _ = write!(
                        out,
                        "{{{{ range $k, $v := {coll} }}}}[{{{{ $k }}}}={{{{ $v }}}}]"
                    );
                    if self.r.chance(30) {
                        self.block(out, depth + 1);
                    }
                    out.push_str("{{ end }}");
                }
                5 => {
                    let v = self.expr("a");
                    let _ = write!(out, "{{{{ with {v} }}}}<{{{{ . }}}}>");
                    if self.r.chance(40) {
                        out.push_str("{{ else }}none");
                    }
                    out.push_str("{{ end }}");
                }
                6 => {
                    let name = format!("d{}", self.defines.len());
                    let mut body = String::new();
                    self.block(&mut body, depth + 1);
                    let _ = write!(out, "{{{{- define \"{name}\" -}}}}{body}{{{{- end -}}}}");
                    self.defines.push(name);
                }
                _ => {
                    if let Some(d) = self.defines.last().cloned() {
                        let _ = write!(out, "{{{{ include \"{d}\" . | nindent 2 }}}}");
                    } else {
                        let p = self.pipeline();
                        let _ = write!(out, "{{{{ $x := {p} }}}}{{{{ $x }}}}");
                    }
                }
            }
        }
    }
}

/// Go's `strconv.Quote` for the generator's ASCII-and-BMP strings.
fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Generates case `case` of the run seeded with `seed`.
pub fn generate(seed: u64, case: u64) -> GenCase {
    let mut r = Rng::for_case(seed, case);
    let mut values = JMap::new();
    for _ in 0..r.below(5) + 2 {
        values.insert(gen_key(&mut r), gen_value(&mut r, 0));
    }
    let values = Json::Object(values);
    let mut ps = Vec::new();
    paths(&values, "", &mut ps);
    let mut g = Gen {
        r,
        paths: ps,
        defines: Vec::new(),
        depth: 0,
        _values: &values,
    };
    let mut template = String::new();
    g.block(&mut template, 0);
    GenCase { template, values }
}

/// Whether Helm's `text` shows a Go pointer (`%v` of a struct holding one, a `*time.Location`
/// under a bad verb): a heap address, different on every run, which no renderer can match
/// (Binnacle prints a fixed one; COMPATIBILITY.md).
pub fn shows_go_pointer(text: &str) -> bool {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(10)).any(|i| {
        b[i] == b'0' && b[i + 1] == b'x' && b[i + 2..i + 10].iter().all(u8::is_ascii_hexdigit)
    })
}

#[cfg(test)]
mod pointer_tests {
    use super::shows_go_pointer;

    /// Helm's text of seed 7308 case 8274 shows a heap address; ordinary hex does not count.
    #[test]
    fn go_pointers_are_told_from_other_text() {
        assert!(shows_go_pointer(
            "a<{%!t(uint64=0) %!t(*time.Location=&{Local [] UTC0 0x2df57c500c0})}>"
        ));
        assert!(!shows_go_pointer("color: 0x1F, sha: deadbeef, 0xc0ffee"));
    }
}
