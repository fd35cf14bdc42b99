//! Expectations come from Helm v4.2.3 (`helm-oracle manifest` on small charts, and the
//! `helm template` binary built from the v4.2.3 module) and from Go 1.26's `path/filepath`.

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

use super::glob::glob_match;
use super::head::decode_head;
use super::split::{go_atoi, split_manifests};
use super::*;
use crate::value::map_of;

fn sort(files: &[(&str, &str)]) -> Result<Sorted, ManifestError> {
    let files: BTreeMap<String, String> = files
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    sort_manifests(&files, INSTALL_ORDER)
}

// ---- splitting ----

#[test]
fn split_cases() {
    let cases: &[(&str, &[&str])] = &[
        ("kind: A1   \n---\nkind: A2\n", &["kind: A1", "kind: A2\n"]),
        ("----\n", &["-\n"]),
        (
            "--- # c\nkind: C1\n---   \n\n\n  kind: C2\n\n\n",
            &["# c\nkind: C1", "kind: C2\n\n\n"],
        ),
        (
            "\n\n \t---\nkind: D1\n \n \n---\nkind: D2\nx: |\n  ---\nkind: D3\n",
            &["kind: D1", "kind: D2\nx: |\n  ---\nkind: D3\n"],
        ),
        (
            "\u{b}\u{a0}kind: E1\n---\n\u{a0}\nkind: E2\n",
            &["kind: E1", "kind: E2\n"],
        ),
        (
            "kind: F1\n---\n# just a comment\n---\n\n",
            &["kind: F1", "# just a comment"],
        ),
        (
            "kind: G1\r\n---\r\nkind: G2\r\n",
            &["kind: G1", "kind: G2\r\n"],
        ),
        (
            "kind: H1\n...\n---\nkind: H2\n",
            &["kind: H1\n...", "kind: H2\n"],
        ),
        (
            "---apiVersion: v1\nkind: N\n",
            &["apiVersion: v1\nkind: N\n"],
        ),
        // A separator eats the whitespace after it, newline included, so a second `---`
        // right after one is no separator: it starts the next document.
        ("---\n---\nkind: X\n", &["---\nkind: X\n"]),
        ("a: 1\n---\n---\nb: 2", &["a: 1", "---\nb: 2"]),
        ("a: 1\n  ---\nb: 2", &["a: 1\n  ---\nb: 2"]),
        ("a: 1\n\t---\nb: 2", &["a: 1\n\t---\nb: 2"]),
        ("a: 1\n---", &["a: 1"]),
        ("   \n\n", &[]),
        ("", &[]),
        ("é: 1\n---\nü: 2", &["é: 1", "ü: 2"]),
    ];
    for (input, want) in cases {
        assert_eq!(split_manifests(input), *want, "input {input:?}");
    }
    let named = split_manifests_named("a: 1\n---\nb: 2\n");
    assert_eq!(named.get("manifest-1").map(String::as_str), Some("b: 2\n"));
}

// ---- SimpleHead ----

fn m(pairs: &[(&str, Value)]) -> Value {
    map_of(pairs.iter().cloned())
}

const MD_TYPE: &str = "struct { Name string \"json:\\\"name\\\"\"; Annotations map[string]string \"json:\\\"annotations\\\"\" }";

#[test]
fn head_errors() {
    let pre = "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ";
    let md_err =
        alloc::format!("string into Go struct field SimpleHead.metadata of type {MD_TYPE}");
    let cases: Vec<(Value, String)> = vec![
        (
            Value::from("foo"),
            "string into Go value of type util.SimpleHead".into(),
        ),
        (
            Value::list(vec![Value::from("a")]),
            "array into Go value of type util.SimpleHead".into(),
        ),
        (
            Value::Float(5.0),
            "number into Go value of type util.SimpleHead".into(),
        ),
        (
            m(&[("kind", Value::list(vec![Value::Float(1.0)]))]),
            "array into Go struct field SimpleHead.kind of type string".into(),
        ),
        (m(&[("metadata", Value::from("foo"))]), md_err),
        (
            m(&[("metadata", m(&[("annotations", Value::list(vec![]))]))]),
            "array into Go struct field .metadata.annotations of type map[string]string".into(),
        ),
        (
            m(&[(
                "metadata",
                m(&[("annotations", m(&[("a", Value::list(vec![]))]))]),
            )]),
            "array into Go struct field .metadata.annotations of type string".into(),
        ),
        (
            m(&[("metadata", m(&[("name", m(&[("a", Value::Float(1.0))]))]))]),
            "object into Go struct field .metadata.name of type string".into(),
        ),
        // The first error in sorted key order wins.
        (
            m(&[
                ("kind", Value::empty_map()),
                ("apiVersion", Value::list(vec![])),
            ]),
            "array into Go struct field SimpleHead.apiVersion of type string".into(),
        ),
    ];
    for (doc, want) in cases {
        assert_eq!(
            decode_head(&doc),
            Err(alloc::format!("{pre}{want}")),
            "{doc:?}"
        );
    }
}

#[test]
fn head_fields() {
    // Numbers and booleans headed for strings are converted; matching ignores case and
    // prefers the exact name; the later key (in byte order) wins; null leaves a string.
    let doc = m(&[
        ("apiVersion", Value::Float(5.0)),
        ("Kind", Value::from("Both")),
        ("kind", Value::from("Lower")),
        (
            "METADATA",
            m(&[
                ("Name", Value::Float(1.5)),
                (
                    "annotations",
                    m(&[
                        ("w", Value::Float(1e6)),
                        ("b", Value::Bool(true)),
                        ("n", Value::Nil),
                    ]),
                ),
            ]),
        ),
    ]);
    let h = decode_head(&doc).unwrap();
    assert_eq!(h.api_version, "5");
    assert_eq!(h.kind, "Lower");
    let md = h.metadata.clone().unwrap();
    assert_eq!(md.name, "1.5");
    let ann = md.annotations.unwrap();
    assert_eq!(ann["w"], "1000000");
    assert_eq!(ann["b"], "true");
    assert_eq!(ann["n"], "");

    let kelvin = m(&[("\u{212A}IND", Value::from("K"))]);
    assert_eq!(decode_head(&kelvin).unwrap().kind, "K");
    let null_kind = m(&[("Kind", Value::from("A")), ("kind", Value::Nil)]);
    assert_eq!(decode_head(&null_kind).unwrap().kind, "A");
    assert_eq!(decode_head(&Value::Nil).unwrap(), Head::default());
    let no_md = m(&[("metadata", Value::Nil)]);
    assert_eq!(decode_head(&no_md).unwrap().metadata, None);
    let empty_ann = m(&[("metadata", m(&[("annotations", Value::empty_map())]))]);
    assert!(decode_head(&empty_ann).unwrap().annotations().is_none());
}

#[test]
fn float32_strings() {
    // Go: strconv.FormatFloat(f, 'g', -1, 32).
    let cases: &[(f64, &str)] = &[
        (0.1, "0.1"),
        (1.5, "1.5"),
        (-2.25, "-2.25"),
        (1.23456789, "1.2345679"),
        (0.000123456, "0.000123456"),
        (-0.5, "-0.5"),
        (1e-5, "1e-05"),
        (0.0001, "0.0001"),
        (123456.5, "123456.5"),
        // Integral values are taken for YAML integers (FormatInt).
        (1.5e10, "15000000000"),
        (1e6, "1000000"),
        (1e300, "+Inf"),
        (f64::NAN, "NaN"),
        (f64::NEG_INFINITY, "-Inf"),
        (1e20, "1e+20"),
    ];
    for (f, want) in cases {
        assert_eq!(super::head::float_to_string(*f), *want, "{f}");
    }
    for (f, want) in [
        (1.5e10, "1.5e+10"),
        (1e6, "1e+06"),
        (16777217.0, "1.6777216e+07"),
    ] {
        assert_eq!(super::head::format_float32_g(f), want, "{f}");
    }
}

// ---- sorting ----

#[test]
fn sort_like_helm() {
    // helm-oracle manifest on a chart with these templates (the "split" probe).
    let files = [
        ("x/templates/a.yaml", "kind: A1   \n---\nkind: A2\n"),
        ("x/templates/b.yaml", "---\n"),
        (
            "x/templates/c.yaml",
            "--- # c\nkind: C1\n---   \n\n\n  kind: C2\n\n\n",
        ),
        (
            "x/templates/f.yaml",
            "kind: F1\n---\n# just a comment\n---\n\n",
        ),
        ("x/templates/g.yaml", "kind: G1\r\n---\r\nkind: G2\r\n"),
        ("x/templates/_p.yaml", "_partial: x\n"),
        ("x/templates/empty.yaml", "   \n\n"),
        (
            "x/templates/svc.yaml",
            "kind: Service\n---\nkind: Namespace\n",
        ),
    ];
    let sorted = sort(&files).unwrap();
    let want = "---\n# Source: x/templates/svc.yaml\nkind: Namespace\n\n\
---\n# Source: x/templates/svc.yaml\nkind: Service\n\
---\n# Source: x/templates/f.yaml\n# just a comment\n\
---\n# Source: x/templates/a.yaml\nkind: A1\n\
---\n# Source: x/templates/a.yaml\nkind: A2\n\n\
---\n# Source: x/templates/c.yaml\n# c\nkind: C1\n\
---\n# Source: x/templates/c.yaml\nkind: C2\n\n\n\n\
---\n# Source: x/templates/f.yaml\nkind: F1\n\
---\n# Source: x/templates/g.yaml\nkind: G1\n\
---\n# Source: x/templates/g.yaml\nkind: G2\r\n\n";
    assert_eq!(release_manifest(&sorted, &[], false), want);
}

#[test]
fn hide_secret_and_double_separator() {
    // helm-oracle (install --dry-run --hide-secret) on these two templates.
    let files = [
        (
            "x/templates/s.yaml",
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n---\napiVersion: v2\nkind: Secret\n---\nkind: Secret\n",
        ),
        (
            "x/templates/t.yaml",
            "---\n---\nkind: X\nmetadata:\n  name: a\n",
        ),
    ];
    let sorted = sort(&files).unwrap();
    assert_eq!(
        release_manifest(&sorted, &[], true),
        "---\n# Source: x/templates/s.yaml\n# HIDDEN: The Secret output has been suppressed\n\
---\n# Source: x/templates/s.yaml\napiVersion: v2\nkind: Secret\n\
---\n# Source: x/templates/s.yaml\nkind: Secret\n\n\
---\n# Source: x/templates/t.yaml\n---\nkind: X\nmetadata:\n  name: a\n\n"
    );
}

const HOOKS: &str = "kind: NullHook
metadata:
  annotations:
    helm.sh/hook:
---
kind: EmptyHook
metadata:
  annotations:
    helm.sh/hook: \"\"
---
kind: Unknown
metadata:
  annotations:
    helm.sh/hook: pre-install,bogus
---
kind: CaseHook
metadata:
  name: ch
  annotations:
    helm.sh/hook: \" PRE-Install , Test-Success\"
    helm.sh/hook-weight: \"-5\"
    helm.sh/hook-delete-policy: \"Hook-Succeeded, before-hook-creation\"
---
kind: OtherAnn
metadata:
  annotations:
    foo: 5
    bar: true
    baz: ~
---
kind: EmptyAnn
metadata:
  annotations: {}
---
kind: NullMeta
metadata:
---
KIND: Upper
---
Kind: Both
kind: Lower
---
kind: Ann2
METADATA:
  ANNOTATIONS:
    helm.sh/hook: post-install
    helm.sh/hook-weight: \" 3\"
---
kind: NotHook
metadata:
  annotations:
    Helm.sh/hook: post-install
";

#[test]
fn hooks_like_helm() {
    let sorted = sort(&[("x/templates/a.yaml", HOOKS)]).unwrap();
    // helm-oracle manifest on the same template.
    let want = "---\n# Source: x/templates/a.yaml\nkind: EmptyAnn\nmetadata:\n  annotations: {}\n\
---\n# Source: x/templates/a.yaml\nKind: Both\nkind: Lower\n\
---\n# Source: x/templates/a.yaml\nkind: NotHook\nmetadata:\n  annotations:\n    Helm.sh/hook: post-install\n\n\
---\n# Source: x/templates/a.yaml\nkind: NullMeta\nmetadata:\n\
---\n# Source: x/templates/a.yaml\nkind: OtherAnn\nmetadata:\n  annotations:\n    foo: 5\n    bar: true\n    baz: ~\n\
---\n# Source: x/templates/a.yaml\nKIND: Upper\n";
    assert_eq!(release_manifest(&sorted, &[], false), want);
    assert_eq!(sorted.unknown_hooks, vec!["", "", "pre-install,bogus"]);
    assert_eq!(
        unknown_hook_log_line(&sorted.unknown_hooks[0]),
        "level=INFO msg=\"skipping unknown hooks\" hookTypes=\"\""
    );
    let names: Vec<(&str, &str)> = sorted
        .hooks
        .iter()
        .map(|h| (h.kind.as_str(), h.name.as_str()))
        .collect();
    assert_eq!(names, vec![("Ann2", ""), ("CaseHook", "ch")]);
    let case = &sorted.hooks[1];
    assert_eq!(case.events, vec![HookEvent::PreInstall, HookEvent::Test]);
    assert_eq!(case.weight, -5);
    assert_eq!(
        case.delete_policies,
        vec!["hook-succeeded", "before-hook-creation"]
    );
    // Atoi does not trim: " 3" weighs 0.
    assert_eq!(sorted.hooks[0].weight, 0);
    assert_eq!(
        sorted.hooks[0].effective_delete_policies(),
        vec!["before-hook-creation"]
    );
}

#[test]
fn kind_order() {
    let docs = [
        "kind: Zeta",
        "kind: Deployment",
        "kind: alpha",
        "kind: Namespace",
        "kind: Zeta\nn: 2",
        "kind: Service",
        "kind: Alpha",
    ]
    .join("\n---\n");
    let sorted = sort(&[("c/templates/t.yaml", &docs)]).unwrap();
    let kinds: Vec<&str> = sorted
        .manifests
        .iter()
        .map(|m| m.content.as_str())
        .collect();
    assert_eq!(
        kinds,
        vec![
            "kind: Namespace",
            "kind: Service",
            "kind: Deployment",
            "kind: Alpha",
            "kind: Zeta",
            "kind: Zeta\nn: 2",
            "kind: alpha"
        ]
    );
    let un = sort_manifests(&split_manifests_named(&docs), UNINSTALL_ORDER).unwrap();
    assert_eq!(un.manifests[0].content, "kind: Service");
    assert_eq!(un.manifests[1].content, "kind: Deployment");
}

#[test]
fn hook_weight_order() {
    let doc = |name: &str, w: &str| {
        alloc::format!(
            "kind: Job\nmetadata:\n  name: {name}\n  annotations:\n    helm.sh/hook: post-install\n    helm.sh/hook-weight: \"{w}\""
        )
    };
    let text = [doc("b", "1"), doc("a", "1"), doc("c", "-1"), doc("d", "x")].join("\n---\n");
    let sorted = sort(&[("c/templates/t.yaml", &text)]).unwrap();
    let order: Vec<&str> = sorted
        .hooks_for(HookEvent::PostInstall)
        .iter()
        .map(|h| h.name.as_str())
        .collect();
    assert_eq!(order, vec!["c", "d", "a", "b"]);
    assert!(sorted.hooks_for(HookEvent::PreInstall).is_empty());
}

#[test]
fn atoi() {
    let cases: &[(&str, Option<i64>)] = &[
        ("5", Some(5)),
        ("+5", Some(5)),
        ("-5", Some(-5)),
        ("007", Some(7)),
        ("", None),
        ("-", None),
        (" 5", None),
        ("5 ", None),
        ("1_000", None),
        ("1.5", None),
        ("9223372036854775807", Some(i64::MAX)),
        ("-9223372036854775808", Some(i64::MIN)),
        ("9223372036854775808", None),
        ("99999999999999999999999", None),
    ];
    for (s, want) in cases {
        assert_eq!(go_atoi(s), *want, "{s:?}");
    }
}

#[test]
fn parse_errors() {
    let files = [
        (
            "x/templates/a.yaml",
            "kind: Job\nmetadata:\n  annotations:\n    helm.sh/hook: test\n",
        ),
        ("x/templates/b.yaml", "foo\n"),
    ];
    let err = sort(&files).unwrap_err();
    assert_eq!(
        err.message,
        "YAML parse error on x/templates/b.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type util.SimpleHead"
    );
    assert_eq!(err.file, "x/templates/b.yaml");
    assert_eq!(err.hooks.len(), 1);
    let err = sort(&[("x/templates/c.yaml", "a: 1\n  b: 2\n")]).unwrap_err();
    assert_eq!(
        err.message,
        "YAML parse error on x/templates/c.yaml: error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this context"
    );
}

#[test]
fn reader_error_words() {
    // Whether or not the YAML reader already words its errors as sigs.k8s.io/yaml does.
    for (msg, want) in [
        (
            "yaml: line 1: did not find expected node content",
            "error converting YAML to JSON: yaml: line 1: did not find expected node content",
        ),
        (
            "error converting YAML to JSON: yaml: unknown anchor 'x' referenced",
            "error converting YAML to JSON: yaml: unknown anchor 'x' referenced",
        ),
    ] {
        let e = YamlError {
            message: msg.to_string(),
            line: None,
            column: None,
        };
        assert_eq!(super::yaml_error_text(&e), want);
    }
}

// ---- notes ----

#[test]
fn notes() {
    let mut files: BTreeMap<String, String> = [
        ("x/templates/NOTES.txt", "root\n"),
        ("x/charts/b/templates/NOTES.txt", "b\n"),
        ("x/charts/a/charts/q/templates/NOTES.txt", "q\n"),
        ("x/charts/c/templates/NOTES.txt", "c\n"),
        ("x/templates/MYNOTES.txt", "mine\n"),
        ("x/templates/a.yaml", "kind: A\n"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let mut all = files.clone();
    assert_eq!(take_notes(&mut files, "x", false), "root\n");
    assert_eq!(files.keys().collect::<Vec<_>>(), vec!["x/templates/a.yaml"]);
    assert_eq!(
        take_notes(&mut all, "x", true),
        "mine\n\nroot\n\nb\n\nc\n\nq\n"
    );
    let mut empty_first: BTreeMap<String, String> = [
        ("x/templates/NOTES.txt", ""),
        ("x/charts/b/templates/NOTES.txt", "b"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(take_notes(&mut empty_first, "x", true), "b");
}

// ---- helm template output ----

fn template_fixture() -> Sorted {
    let hook = |name: &str, ev: &str| {
        alloc::format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  annotations:\n    helm.sh/hook: {ev}\n"
        )
    };
    let files = [
        (
            "x/templates/cm.yaml",
            String::from("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n"),
        ),
        (
            "x/templates/secret.yaml",
            String::from("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n"),
        ),
        ("x/templates/tests/t.yaml", hook("t", "test")),
        (
            "x/templates/hooks.yaml",
            alloc::format!(
                "{}---\n{}",
                hook("h1", "pre-install"),
                hook("h2", "post-install")
            ),
        ),
        ("x/templates/cm.yaml2", String::from("kind: ConfigMap\n")),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(a, b)| (*a, b.as_str())).collect();
    sort(&files).unwrap()
}

#[test]
fn template_stream_and_flags() {
    let sorted = template_fixture();
    let crds = [(
        String::from("x/crds/c.yaml"),
        b"kind: CustomResourceDefinition\n---\nkind: CustomResourceDefinition\n".to_vec(),
    )];
    let base = TemplateOptions::default();
    let all = template_stream(&sorted, &crds, &base).unwrap();
    let want = "---\n# Source: x/templates/secret.yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n\n\
---\n# Source: x/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n\n\
---\n# Source: x/templates/cm.yaml2\nkind: ConfigMap\n\
---\n# Source: x/templates/hooks.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: h1\n  annotations:\n    helm.sh/hook: pre-install\n\
---\n# Source: x/templates/hooks.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: h2\n  annotations:\n    helm.sh/hook: post-install\n\n\
---\n# Source: x/templates/tests/t.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: t\n  annotations:\n    helm.sh/hook: test\n\n";
    assert_eq!(all, want);

    let opts = TemplateOptions {
        include_crds: true,
        skip_tests: true,
        ..base.clone()
    };
    let with_crds = template_stream(&sorted, &crds, &opts).unwrap();
    assert!(with_crds.starts_with(
        "---\n# Source: x/crds/c.yaml\nkind: CustomResourceDefinition\n---\nkind: CustomResourceDefinition\n\n---\n# Source: x/templates/secret.yaml\n"
    ));
    assert!(!with_crds.contains("name: t\n"));

    let no_hooks = TemplateOptions {
        no_hooks: true,
        ..base.clone()
    };
    let text = template_stream(&sorted, &crds, &no_hooks).unwrap();
    assert!(text.ends_with("---\n# Source: x/templates/cm.yaml2\nkind: ConfigMap\n"));

    let hidden = release_manifest(&sorted, &[], true);
    assert!(hidden.starts_with(
        "---\n# Source: x/templates/secret.yaml\n# HIDDEN: The Secret output has been suppressed\n---\n"
    ));
}

#[test]
fn show_only() {
    let sorted = template_fixture();
    let crds = [(
        String::from("x/crds/c.yaml"),
        b"kind: CustomResourceDefinition\n---\nkind: Second\n".to_vec(),
    )];
    let run = |patterns: &[&str], crds_on: bool| {
        let opts = TemplateOptions {
            show_only: patterns.iter().map(|p| p.to_string()).collect(),
            include_crds: crds_on,
            ..TemplateOptions::default()
        };
        template_stream(&sorted, &crds, &opts)
    };
    assert_eq!(
        run(&["templates/cm.yaml"], false).unwrap(),
        "---\n# Source: x/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n"
    );
    // Each pattern prints its matches in stream order; a document matched twice prints twice.
    assert_eq!(
        run(&["templates/hooks.yaml", "templates/cm.yaml2", "templates/*.yaml2"], false).unwrap(),
        "---\n# Source: x/templates/hooks.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: h1\n  annotations:\n    helm.sh/hook: pre-install\n\
---\n# Source: x/templates/hooks.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: h2\n  annotations:\n    helm.sh/hook: post-install\n\
---\n# Source: x/templates/cm.yaml2\nkind: ConfigMap\n\
---\n# Source: x/templates/cm.yaml2\nkind: ConfigMap\n"
    );
    // `*` stops at `/`; the last document keeps its trailing newlines.
    assert_eq!(
        run(&["templates/*/t.yaml"], false).unwrap(),
        "---\n# Source: x/templates/tests/t.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: t\n  annotations:\n    helm.sh/hook: test\n\n\n"
    );
    assert_eq!(
        run(&["templates/*.yaml", "nope.yaml"], false),
        Err(String::from("could not find template nope.yaml in chart"))
    );
    assert_eq!(
        run(&["templates/[", "x"], false),
        Err(String::from("could not find template templates/[ in chart"))
    );
    // A multi-document CRD file: only its first document carries a `# Source:` line.
    assert_eq!(
        run(&["crds/*"], true).unwrap(),
        "---\n# Source: x/crds/c.yaml\nkind: CustomResourceDefinition\n"
    );
}

#[test]
fn output_dir_plan() {
    let sorted = template_fixture();
    let crds = [(String::from("x/crds/c.yaml"), b"kind: CRD\n".to_vec())];
    let opts = TemplateOptions {
        output_dir: Some(String::from("./out/")),
        use_release_name: true,
        include_crds: true,
        ..TemplateOptions::default()
    };
    let out = template_output(&sorted, &crds, &opts);
    let plan: Vec<(&str, WriteMode)> = out
        .writes
        .iter()
        .map(|w| (w.path.as_str(), w.mode))
        .collect();
    assert_eq!(
        plan,
        vec![
            ("./out//x/crds/c.yaml", WriteMode::Create),
            (
                "out/release-name/x/templates/secret.yaml",
                WriteMode::Create
            ),
            ("out/release-name/x/templates/cm.yaml", WriteMode::Create),
            ("out/release-name/x/templates/cm.yaml2", WriteMode::Create),
            (
                "out/release-name/x/templates/hooks.yaml",
                WriteMode::AppendOrCreate
            ),
            ("out/release-name/x/templates/hooks.yaml", WriteMode::Append),
            (
                "out/release-name/x/templates/tests/t.yaml",
                WriteMode::AppendOrCreate
            ),
        ]
    );
    assert_eq!(
        out.writes[0].content,
        "---\n# Source: x/crds/c.yaml\nkind: CRD\n\n"
    );
    assert_eq!(out.stdout, "\n");
    assert_eq!(out.error, None);
    let shown = TemplateOptions {
        show_only: vec![String::from("templates/cm.yaml")],
        ..opts
    };
    let out = template_output(&sorted, &crds, &shown);
    assert_eq!(out.writes.len(), 7);
    assert_eq!(
        out.error.as_deref(),
        Some("could not find template templates/cm.yaml in chart")
    );
}

#[test]
fn debug_dump() {
    let files: BTreeMap<String, String> = [
        (
            "x/templates/a.yaml",
            "kind: Job\nmetadata:\n  annotations:\n    helm.sh/hook: test\n",
        ),
        ("x/templates/b.yaml", "foo\n"),
        ("x/templates/c.yaml", "  \n"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let err = sort_manifests(&files, INSTALL_ORDER).unwrap_err();
    let out = template_debug_output(&files, &err, &TemplateOptions::default());
    assert_eq!(
        out.stdout,
        "---\n# Source: x/templates/a.yaml\nkind: Job\nmetadata:\n  annotations:\n    helm.sh/hook: test\n\n\
---\n# Source: x/templates/b.yaml\nfoo\n\
---\n# Source: x/templates/a.yaml\nkind: Job\nmetadata:\n  annotations:\n    helm.sh/hook: test\n\n"
    );
}

// ---- helpers ----

#[test]
fn glob_cases() {
    // Go 1.26 filepath.Match: (pattern, name, matched, bad pattern).
    let cases: &[(&str, &str, bool, bool)] = &[
        ("abc", "abc", true, false),
        ("*", "abc", true, false),
        ("*c", "abc", true, false),
        ("a*", "a", true, false),
        ("a*", "abc", true, false),
        ("a*", "ab/c", false, false),
        ("a*/b", "abc/b", true, false),
        ("a*/b", "a/c/b", false, false),
        ("a*b*c*d*e*/f", "axbxcxdxe/f", true, false),
        ("a*b*c*d*e*/f", "axbxcxdxexxx/f", true, false),
        ("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false, false),
        ("a*b*c*d*e*/f", "axbxcxdxexxx/fff", false, false),
        ("a*b?c*x", "abxbbxdbxebxczzx", true, false),
        ("a*b?c*x", "abxbbxdbxebxczzy", false, false),
        ("ab[c]", "abc", true, false),
        ("ab[b-d]", "abc", true, false),
        ("ab[e-g]", "abc", false, false),
        ("ab[^c]", "abc", false, false),
        ("ab[^b-d]", "abc", false, false),
        ("ab[^e-g]", "abc", true, false),
        ("a\\*b", "a*b", true, false),
        ("a\\*b", "ab", false, false),
        ("a?b", "a☺b", true, false),
        ("a[^a]b", "a☺b", true, false),
        ("a???b", "a☺b", false, false),
        ("a[^a][^a][^a]b", "a☺b", false, false),
        ("[a-ζ]*", "α", true, false),
        ("*[a-ζ]", "A", false, false),
        ("a?b", "a/b", false, false),
        ("a*b", "a/b", false, false),
        ("[\\]a]", "]", true, false),
        ("[\\-]", "-", true, false),
        ("[x\\-]", "x", true, false),
        ("[x\\-]", "-", true, false),
        ("[x\\-]", "z", false, false),
        ("[\\-x]", "x", true, false),
        ("[\\-x]", "-", true, false),
        ("[\\-x]", "a", false, false),
        ("[]a]", "]", false, true),
        ("[-]", "-", false, true),
        ("[x-]", "x", false, true),
        ("[x-]", "-", false, true),
        ("[x-]", "z", false, true),
        ("[-x]", "x", false, true),
        ("[-x]", "-", false, true),
        ("[-x]", "a", false, true),
        ("\\", "a", false, true),
        ("[a-b-c]", "a", false, true),
        ("[", "a", false, true),
        ("[^", "a", false, true),
        ("[^bc", "a", false, true),
        ("a[", "a", false, true),
        ("a[", "ab", false, true),
        ("a[", "x", false, true),
        ("a/b[", "x", false, true),
        ("*x", "xxx", true, false),
        ("templates/*", "templates/a.yaml", true, false),
        ("templates/*", "templates/sub/a.yaml", false, false),
    ];
    for (p, n, matched, bad) in cases {
        let got = glob_match(p, n);
        if *bad {
            assert!(got.is_err(), "{p:?} {n:?}: {got:?}");
        } else {
            assert_eq!(got, Ok(*matched), "{p:?} {n:?}");
        }
    }
}

#[test]
fn paths() {
    assert_eq!(super::split::path_base("a/_b.tpl"), "_b.tpl");
    assert_eq!(super::split::path_base("a/b/"), "b");
    assert_eq!(
        super::split::go_to_lower("PRE-\u{130}NSTALL"),
        "pre-install"
    );
    for (name, crd) in [
        ("crds/a.yaml", true),
        ("crds/sub/b.YML", true),
        ("crds/c.Json", true),
        ("crds/.yaml", true),
        ("crds/d.txt", false),
        ("crds/e", false),
        ("templates/crds/f.yaml", false),
        ("crds.d/g.yaml", false),
    ] {
        assert_eq!(is_crd_file(name), crd, "{name}");
    }
    assert_eq!(
        crd_source_path("x/charts/sub", "crds/./z.yaml"),
        "x/charts/sub/crds/z.yaml"
    );
}

/// Messages of Go's `log` package print at level INFO through Helm's slog handler; lines
/// already formatted (Helm's `slog.Warn` calls) print as they are.
#[test]
fn log_lines_as_helm_prints_them() {
    assert_eq!(
        log_line("warning: skipped value for c1.a: Not a table."),
        "level=INFO msg=\"warning: skipped value for c1.a: Not a table.\""
    );
    assert_eq!(log_line("plain"), "level=INFO msg=plain");
    let warn = "level=WARN msg=\"returned non-bool value\" path=a chart=b";
    assert_eq!(log_line(warn), warn);
}
