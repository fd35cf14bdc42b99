//! Engine-level cases; expected texts are Helm v4.2.3's (`helm-oracle render` on chart `p2`
//! with values `a: {}`, `s: x`).

use alloc::string::String;
use alloc::vec::Vec;

use super::*;
use crate::host::SeededHost;
use crate::value::map_of;

fn values() -> Map {
    let Value::Map(m) = map_of([("a", Value::empty_map()), ("s", Value::from("x"))]) else {
        unreachable!()
    };
    m
}

fn render_one(src: &str) -> Result<String, String> {
    render_chart(&[("templates/t.yaml", src)])
        .map(|m| m.get("p2/templates/t.yaml").cloned().unwrap_or_default())
}

/// Renders chart `p2` (values `a: {}`, `s: x`) of `templates`: every output, or Helm's error.
fn render_chart(templates: &[(&str, &str)]) -> Result<BTreeMap<String, String>, String> {
    let chart = single_chart("p2", templates);
    let input = RenderInput {
        chart: &chart,
        values: values(),
        release: ReleaseInfo {
            name: "demo".into(),
            ..Default::default()
        },
        capabilities: Capabilities::default(),
    };
    let mut host = SeededHost::default();
    render_with(
        &input,
        &mut host,
        &RenderOptions::default(),
        funcs::helm_func_map(),
    )
    .map_err(|e| e.message)
}

std::thread_local! {
    /// Included texts the last render on this thread reused.
    pub(super) static REUSED: core::cell::Cell<usize> = const { core::cell::Cell::new(0) };
}

/// [`render_chart`] of templates that render.
fn render_many(templates: &[(&str, &str)]) -> BTreeMap<String, String> {
    render_chart(templates).unwrap_or_else(|e| panic!("{e}"))
}

/// A helper that prints the chart name, `.Values.s` and `.Values.a` when it is not empty.
const LAB: &str = "{{- define \"lab\" }}app: {{ .Chart.Name }}-{{ .Values.s }}{{ with .Values.a }} a={{ toJson . }}{{ end }}{{ end }}";

/// `src` rendered with [`LAB`] beside it: its output, and how many included texts the
/// render reused.
fn with_lab(src: &str) -> (String, usize) {
    let out = render_many(&[("templates/_h.tpl", LAB), ("templates/m.yaml", src)]);
    (out["p2/templates/m.yaml"].clone(), REUSED.with(|r| r.get()))
}

/// Included texts are reused only where nothing they read can have changed: `.Template`
/// (set before each template), values changed by `set`, a context planted in the values,
/// `tpl`'s own definitions. Expected texts are Helm v4.2.3's.
#[test]
fn included_texts_are_reused_only_where_unchanged() {
    let helpers = concat!(
        "{{- define \"n\" }}{{ .Template.Name }}{{ end }}\n",
        "{{- define \"w\" }}{{ (index . \"Template\").Name }}{{ end }}\n",
        "{{- define \"v\" }}{{ .Values.s }}{{ end }}\n",
        "{{- define \"k\" }}{{ with .Values.ctx }}{{ (index . \"Template\").Name }}{{ end }}{{ end }}\n",
    );
    let out = render_many(&[
        ("templates/_h.tpl", helpers),
        ("templates/_lab.tpl", LAB),
        ("templates/zz.yaml", "z: {{ include \"v\" . }}|{{ $_ := set .Values \"ctx\" $ }}{{ include \"k\" . }}|{{ include \"n\" . }}|{{ include \"lab\" . }}\n"),
        ("templates/yyy.yaml", "y: {{ include \"k\" . }}|{{ include \"n\" . }}|{{ include \"w\" . }}|{{ include \"lab\" . }}|{{ $_ := set .Values.a \"b\" 1 }}{{ include \"lab\" . }}\n"),
        ("templates/a.yaml", "a: {{ include \"v\" . }}|{{ tpl \"{{define \\\"v\\\"}}T{{end}}{{ include \\\"v\\\" . }}\" . }}|{{ include \"v\" . }}|{{ include \"k\" . }}|{{ include \"lab\" . }}|{{ $_ := set .Values \"s\" \"y\" }}{{ include \"v\" . }}|{{ include \"lab\" . }}\n"),
    ]);
    let want = [
        ("p2/templates/a.yaml", "a: x|T|x|p2/templates/a.yaml|app: p2-x a={\"b\":1}|y|app: p2-y a={\"b\":1}\n"),
        ("p2/templates/yyy.yaml", "y: p2/templates/yyy.yaml|p2/templates/yyy.yaml|p2/templates/yyy.yaml|app: p2-x|app: p2-x a={\"b\":1}\n"),
        ("p2/templates/zz.yaml", "z: x|p2/templates/zz.yaml|p2/templates/zz.yaml|app: p2-x\n"),
    ];
    for (path, text) in want {
        assert_eq!(out.get(path).map(String::as_str), Some(text), "{path}");
    }
}

/// A `merge` that changes nothing (keys already set) keeps the texts kept; one that
/// changes a value drops them. Expected texts are Helm v4.2.3's.
#[test]
fn unchanging_merges_keep_included_texts() {
    let (out, reused) = with_lab(concat!(
        "{{ include \"lab\" . }}|{{ $_ := merge .Values.a (dict) }}{{ include \"lab\" . }}",
        "|{{ $_ := merge .Values.a (dict \"b\" 1) }}{{ include \"lab\" . }}",
        "|{{ $_ := merge .Values.a (dict \"b\" 2) }}{{ include \"lab\" . }}",
        "|{{ $_ := mergeOverwrite .Values.a (dict \"b\" 1) }}{{ include \"lab\" . }}",
        "|{{ $_ := mergeOverwrite .Values.a (dict \"b\" 3) }}{{ include \"lab\" . }}\n",
    ));
    assert_eq!(
        out,
        "app: p2-x|app: p2-x|app: p2-x a={\"b\":1}|app: p2-x a={\"b\":1}|app: p2-x a={\"b\":1}|app: p2-x a={\"b\":3}\n"
    );
    // The second, fourth and fifth are reused: their merges changed nothing.
    assert_eq!(reused, 3);
}

/// Changes to a map made for the call (`set (dict) …`, `merge (dict …) .`) keep the texts
/// kept, unless the merge reaches into a map it shares with the values. Expected texts are
/// Helm v4.2.3's.
#[test]
fn changes_to_maps_made_for_the_call_keep_included_texts() {
    let (out, reused) = with_lab(concat!(
        "{{ include \"lab\" . }}",
        "|{{ $_ := merge (dict \"n\" 1) . }}{{ $_ := set (dict) \"k\" 1 }}{{ include \"lab\" . }}",
        "|{{ $_ := merge (dict \"image\" .Values.a) (dict \"image\" (dict \"b\" 1)) }}{{ include \"lab\" . }}",
        "|{{ $_ := set (dict \"x\" .Values.a) \"y\" 2 }}{{ include \"lab\" . }}\n",
    ));
    assert_eq!(
        out,
        "app: p2-x|app: p2-x|app: p2-x a={\"b\":1}|app: p2-x a={\"b\":1}\n"
    );
    // The second and fourth are reused; the third merge changed `.Values.a` in place.
    assert_eq!(reused, 2);
}

/// A helper that reads only the values is run once per context, however often included,
/// across templates; one that draws random text is run every time.
#[test]
fn pure_helpers_run_once_random_ones_every_time() {
    let helpers = "{{- define \"lab\" }}app: {{ .Chart.Name | trunc 63 }}{{ end }}{{- define \"r\" }}{{ randAlphaNum 12 }}{{ end }}";
    let out = render_many(&[
        ("templates/_h.tpl", helpers),
        ("templates/a.yaml", "{{ include \"lab\" . }} {{ include \"lab\" $ }} {{ include \"r\" . }} {{ include \"r\" . }}"),
        ("templates/b.yaml", "{{ include \"lab\" . }}"),
    ]);
    assert_eq!(REUSED.with(|r| r.get()), 2);
    let a: Vec<&str> = out["p2/templates/a.yaml"].split(' ').collect();
    assert_eq!(a[..2], ["app:", "p2"]);
    assert_eq!(&a[2..4], ["app:", "p2"]);
    assert_eq!(out["p2/templates/b.yaml"], "app: p2");
    assert_ne!(a[4], a[5], "random text reused");
}

/// Each template renders to its expected text.
fn assert_renders(cases: &[(&str, &str)]) {
    for (src, want) in cases {
        assert_eq!(render_one(src).as_deref(), Ok(*want), "{src}");
    }
}

#[test]
fn helm_error_texts() {
    let cases: &[(&str, &str)] = &[
        ("{{ .Values.a.b.c }}", "p2/templates/t.yaml:1:10\n  executing \"p2/templates/t.yaml\" at <.Values.a.b.c>:\n    nil pointer evaluating interface {}.c"),
        ("{{ .Values.s.x }}", "p2/templates/t.yaml:1:10\n  executing \"p2/templates/t.yaml\" at <.Values.s.x>:\n    can't evaluate field x in type interface {}"),
        ("{{ include \"x\" . }}", "p2/templates/t.yaml:1:3\n  executing \"p2/templates/t.yaml\" at <include \"x\" .>:\n    error calling include:\ntemplate: no template \"x\" associated with template \"gotpl\""),
        (
            "{{ define \"x\" }}{{ .Values.a.b.c }}{{ end }}{{ include \"x\" . }}",
            "p2/templates/t.yaml:1:47\n  executing \"p2/templates/t.yaml\" at <include \"x\" .>:\n    error calling include:\np2/templates/t.yaml:1:26\n  executing \"x\" at <.Values.a.b.c>:\n    nil pointer evaluating interface {}.c",
        ),
        (
            "{{ tpl \"{{ .Values.a.b.c }}\" . }}",
            "template: p2/templates/t.yaml:1:3: executing \"p2/templates/t.yaml\" at <tpl \"{{ .Values.a.b.c }}\" .>: error calling tpl: error during tpl function execution for \"{{ .Values.a.b.c }}\": template: gotpl:1:10: executing \"gotpl\" at <.Values.a.b.c>: nil pointer evaluating interface {}.c",
        ),
        (
            "{{ tpl \"{{ .Values.a.b.c \" . }}",
            "template: p2/templates/t.yaml:1:3: executing \"p2/templates/t.yaml\" at <tpl \"{{ .Values.a.b.c \" .>: error calling tpl: cannot parse template \"{{ .Values.a.b.c \": template: gotpl:1: unclosed action",
        ),
        ("{{ required \"need it\" .Values.zz }}", "execution error at (p2/templates/t.yaml:1:3): need it"),
        ("{{ define \"x\" }}{{ required \"need x\" .Values.zz }}{{ end }}{{ include \"x\" . }}", "execution error at (p2/templates/t.yaml:1:62): need x"),
        ("{{ fail \"boom\" }}", "execution error at (p2/templates/t.yaml:1:3): boom"),
        ("{{ .Values.s | foo }}", "parse error at (p2/templates/t.yaml:1): function \"foo\" not defined"),
        ("{{ if }}", "parse error at (p2/templates/t.yaml:1): missing value for if"),
        ("a\n{{ end }}", "parse error at (p2/templates/t.yaml:2): unexpected {{end}}"),
        ("{{ include \"x\" }}", "p2/templates/t.yaml:1:3\n  executing \"p2/templates/t.yaml\" at <include>:\n    wrong number of args for include: want 2 got 1"),
        ("{{ template \"y\" . }}", "p2/templates/t.yaml:1:12\n  executing \"p2/templates/t.yaml\" at <{{template \"y\" .}}>:\n    template \"y\" not defined"),
        ("{{ define \"y\" }}{{ .Values.a.b.c }}{{ end }}{{ template \"y\" . }}", "p2/templates/t.yaml:1:26\n  executing \"y\" at <.Values.a.b.c>:\n    nil pointer evaluating interface {}.c"),
    ];
    let mut failures = Vec::new();
    for (src, want) in cases {
        match render_one(src) {
            Err(got) if got == *want => {}
            other => failures.push(alloc::format!(
                "{src:?}:\n   got {other:?}\n  want {want:?}"
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn include_tpl_and_no_value() {
    let cases: &[(&str, &str)] = &[
        ("{{ define \"x\" }}[{{ . }}]{{ end }}{{ include \"x\" .Values.s }}", "[x]"),
        ("a{{ .Values.missing }}b", "ab"),
        ("{{ tpl \"{{ .Values.s }}-{{ .Values.nope }}\" . }}", "x-"),
        ("{{ tpl \"{{ define \\\"t\\\" }}T{{ end }}{{ include \\\"t\\\" . }}\" . }}", "T"),
        ("{{ .Template.Name }} {{ .Template.BasePath }} {{ .Release.Name }}", "p2/templates/t.yaml p2/templates demo"),
        ("{{ .Capabilities.KubeVersion }} {{ .Capabilities.KubeVersion.Major }} {{ .Capabilities.APIVersions.Has \"apps/v1\" }}", "v1.36.0 1 true"),
        ("{{ required \"m\" .Values.s }}", "x"),
    ];
    assert_renders(cases);
}

/// `fmt` of Helm's structs: field names for `%+v`/`%#v`, `&` for the `*Capabilities`
/// pointer at the top, and its address (fixed here, Go's varies) inside another value.
#[test]
fn printf_of_host_structs() {
    let cases: &[(&str, &str)] = &[
        ("{{ printf \"%+v\" .Capabilities.KubeVersion }}", "{Version:v1.36.0 normalizedVersion:v1.36.0 Major:1 Minor:36}"),
        ("{{ printf \"%#v\" .Capabilities.KubeVersion }}", "common.KubeVersion{Version:\"v1.36.0\", normalizedVersion:\"v1.36.0\", Major:\"1\", Minor:\"36\"}"),
        ("{{ printf \"%+v\" .Capabilities.HelmVersion }}", "{Version:v4.2 GitCommit: GitTreeState: GoVersion:go1.26.6 KubeClientVersion:v1.36}"),
        ("{{ printf \"%q\" .Capabilities.HelmVersion }}", "{\"v4.2\" \"\" \"\" \"go1.26.6\" \"v1.36\"}"),
        ("{{ printf \"%d\" .Capabilities.HelmVersion }}", "{%!d(string=v4.2) %!d(string=) %!d(string=) %!d(string=go1.26.6) %!d(string=v1.36)}"),
        ("{{ printf \"%v\" .Capabilities | trunc 28 }}", "&{{v1.36.0 v1.36.0 1 36} [v1"),
        ("{{ printf \"%+v\" .Capabilities | trunc 40 }}", "&{KubeVersion:{Version:v1.36.0 normalize"),
        ("{{ printf \"%#v\" .Capabilities | trunc 45 }}", "&common.Capabilities{KubeVersion:common.KubeV"),
        ("{{ printf \"%v\" (list .Capabilities) }}", "[0xc000010000]"),
        ("{{ printf \"%#v\" (list .Capabilities) }}", "[]interface {}{(*common.Capabilities)(0xc000010000)}"),
        ("{{ printf \"%+v\" (dict \"a\" .Capabilities.KubeVersion) }}", "map[a:{Version:v1.36.0 normalizedVersion:v1.36.0 Major:1 Minor:36}]"),
    ];
    assert_renders(cases);
}

/// Nil maps (`fromJson "null"`): `set` fails as Go's map assignment panics; `merge` gives a
/// fresh map and leaves the nil one nil.
#[test]
fn writes_to_nil_maps() {
    let src = "{{ $m := fromJson \"null\" }}{{ $_ := set $m \"a\" 1 }}";
    assert_eq!(
        render_one(src),
        Err("template: p2/templates/t.yaml:1:36: executing \"p2/templates/t.yaml\" at <set $m \"a\" 1>: error calling set: assignment to entry in nil map".into())
    );
    let cases: &[(&str, &str)] = &[
        ("{{ $m := fromJson \"null\" }}{{ $r := merge $m (dict \"a\" 1) }}{{ $m }} {{ $r }}", "map[] map[a:1]"),
        ("{{ $p := fromJson \"null\" }}{{ $q := mergeOverwrite $p (dict \"b\" 2) }}{{ toJson $p }} {{ $q }}", "null map[b:2]"),
        ("{{ $y := dict \"k\" (fromJson \"null\") }}{{ $_ := merge $y (dict \"k\" (dict \"d\" 4)) }}{{ toJson $y }}", "{\"k\":{\"d\":4}}"),
    ];
    assert_renders(cases);
}

#[test]
fn include_recursion_is_bounded() {
    let src = "{{ define \"r\" }}{{ include \"r\" . }}{{ end }}{{ include \"r\" . }}";
    // Hosts run renders on a thread with a large stack (see `native`); so does this test.
    let err = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || render_one(src).unwrap_err())
        .unwrap()
        .join()
        .unwrap();
    assert!(
        err.contains(
            "rendering template has a nested reference name: r: unable to execute template"
        ),
        "{err}"
    );
}

/// `--kube-version` as k8s.io's generic parser reads it, errors as `helm template` prints
/// them (Helm v4.2.3's `could not parse "abc" as version`).
#[test]
fn kube_version_parsing() {
    use crate::render::context::KubeVersion;
    let ok = |s: &str| {
        let k = KubeVersion::parse(s).unwrap();
        (k.major, k.minor)
    };
    assert_eq!(ok("1.30"), ("1".into(), "30".into()));
    assert_eq!(ok("v1.30.2-gke.1"), ("1".into(), "30".into()));
    assert_eq!(ok(" v1.29.0+k3s1"), ("1".into(), "29".into()));
    let err = |s: &str| KubeVersion::parse(s).unwrap_err();
    assert_eq!(
        err("abc"),
        "invalid kube version 'abc': could not parse \"abc\" as version"
    );
    assert_eq!(
        err("1"),
        "invalid kube version '1': illegal version string \"1\""
    );
    assert_eq!(
        err("01.2"),
        "invalid kube version '01.2': illegal zero-prefixed version component \"01\" in \"01.2\""
    );
}

/// An install (so `helm template`) refuses a chart whose `kubeVersion` the Kubernetes
/// version does not meet, before rendering; Helm's engine alone renders it. Messages from
/// Helm v4.2.3 (`helm-oracle manifest`).
#[test]
fn chart_kube_version_is_checked_when_asked() {
    use crate::render::chart::{render_chart_with, ChartRenderOptions, Stage};
    let load = |kube: &str| {
        let chart_yaml =
            alloc::format!("apiVersion: v2\nname: kv\nversion: 0.1.0\nkubeVersion: {kube:?}\n");
        crate::chart::load_files(alloc::vec![
            ("Chart.yaml".into(), chart_yaml.into_bytes()),
            (
                "templates/cm.yaml".into(),
                b"{{ fail \"rendered\" }}".to_vec()
            ),
        ])
        .unwrap()
    };
    let run = |kube: &str, check: bool, version: Option<&str>| {
        let opts = ChartRenderOptions {
            check_kube_version: check,
            kube_version: version.map(String::from),
            ..ChartRenderOptions::default()
        };
        let mut host = SeededHost::new(1);
        let funcs = crate::render::funcs::helm_func_map();
        render_chart_with(
            &load(kube),
            &crate::Map::new(),
            &opts,
            None,
            &mut host,
            funcs,
        )
        .map(|_| ())
        .map_err(|(stage, e)| (stage, e.message))
    };
    let refused = |c: &str, v: &str| {
        Err((
            Stage::Render,
            alloc::format!(
                "chart requires kubeVersion: {c} which is incompatible with Kubernetes {v}"
            ),
        ))
    };
    assert_eq!(
        run(">=1.40.0-0", true, None),
        refused(">=1.40.0-0", "v1.36.0")
    );
    // Not parseable is not compatible.
    assert_eq!(
        run("|>=1.25.0-0", true, None),
        refused("|>=1.25.0-0", "v1.36.0")
    );
    // A suffix of --kube-version is not compared, but named (`helm template` v4.2.3).
    assert_eq!(
        run(">=1.31.0", true, Some("v1.30.2-gke.1")),
        refused(">=1.31.0", "v1.30.2-gke.1")
    );
    assert_eq!(
        run(">=1.32", true, Some("1.31")),
        refused(">=1.32", "v1.31")
    );
    // Met, or not asked: the templates run (and this one fails).
    let rendered = || {
        Err((
            Stage::Render,
            String::from("execution error at (kv/templates/cm.yaml:1:3): rendered"),
        ))
    };
    assert_eq!(run(">=1.25.0-0", true, None), rendered());
    assert_eq!(run(">=1.30.2", true, Some("v1.30.2-gke.1")), rendered());
    assert_eq!(run(">=1.40.0-0", false, None), rendered());
}

/// `.Files` is a map-kind Go type with methods: a key given arguments is worded as a map's
/// (Helm v4.2.3: `Glb is not a method but has arguments`), a struct field's otherwise.
#[test]
fn map_kind_host_value_keys_with_arguments() {
    use crate::render::chart::{render_chart_with, ChartRenderOptions};
    let run = |template: &str| {
        let chart = crate::chart::load_files(alloc::vec![
            (
                "Chart.yaml".into(),
                b"apiVersion: v2\nname: dt\nversion: 0.1.0\n".to_vec()
            ),
            ("templates/t.yaml".into(), template.as_bytes().to_vec()),
        ])
        .unwrap();
        let mut host = SeededHost::new(1);
        let funcs = crate::render::funcs::helm_func_map();
        let opts = ChartRenderOptions::default();
        render_chart_with(&chart, &crate::Map::new(), &opts, None, &mut host, funcs)
            .map(|_| ())
            .map_err(|(_, e)| e.message)
    };
    assert_eq!(
        run("{{ .Files.Glb \"x\" }}").unwrap_err(),
        "dt/templates/t.yaml:1:9\n  executing \"dt/templates/t.yaml\" at <.Files.Glb>:\n    Glb is not a method but has arguments"
    );
    assert_eq!(
        run("{{ .Capabilities.KubeVersion.Major 1 }}").unwrap_err(),
        "dt/templates/t.yaml:1:16\n  executing \"dt/templates/t.yaml\" at <.Capabilities.KubeVersion.Major>:\n    Major has arguments but cannot be invoked as function"
    );
}
