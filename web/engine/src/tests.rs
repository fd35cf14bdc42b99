//! The engine against Helm v4.2.3: every example chart of the playground renders exactly
//! as Helm renders it (expectations recorded by `testdata/regen.sh` from the oracle).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::protocol::{Location, RenderRequest, RenderResponse, VALUES_FILE};
use crate::workspace::{clean, Workspace};

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_dir_files(root: &Path, rel: &str, out: &mut Vec<(String, Vec<u8>)>) {
    let dir = root.join(rel);
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for n in names {
        let r = if rel.is_empty() {
            n.clone()
        } else {
            format!("{rel}/{n}")
        };
        let p = root.join(&r);
        if p.is_dir() {
            read_dir_files(root, &r, out);
        } else {
            out.push((r, std::fs::read(&p).unwrap()));
        }
    }
}

fn example(name: &str) -> Workspace {
    let mut files = Vec::new();
    read_dir_files(&crate_dir().join("../examples").join(name), "", &mut files);
    let mut ws = Workspace::new();
    for (p, d) in files {
        ws.put(&p, d).unwrap();
    }
    ws
}

fn json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn render(ws: &Workspace, values: &str) -> RenderResponse {
    let req = RenderRequest {
        values: values.into(),
        template_texts: true,
        ..RenderRequest::default()
    };
    ws.render(&req, 0, &|| 0.0)
}

#[test]
fn examples_render_as_helm_does() {
    let cases = [
        ("app", "app"),
        ("app", "app.ingress"),
        ("umbrella", "umbrella"),
        ("umbrella", "umbrella.no-backend"),
        ("library-user", "library-user"),
        ("tpl-files", "tpl-files"),
    ];
    let data = crate_dir().join("testdata");
    for (ex, variant) in cases {
        let ws = example(ex);
        let values_path = data.join(format!("{variant}.values.yaml"));
        let values = std::fs::read_to_string(values_path).unwrap_or_default();
        let resp = render(&ws, &values);
        assert_eq!(resp.error, None, "{variant}");

        let want = json(&data.join(format!("{variant}.render.json")));
        let want: BTreeMap<String, String> =
            serde_json::from_value(want["manifests"].clone()).unwrap();
        let mut got: BTreeMap<String, String> = resp
            .templates
            .iter()
            .map(|t| (t.path.clone(), t.text.clone()))
            .collect();
        let notes_path = format!("{}/templates/NOTES.txt", resp.chart);
        if let Some(n) = want.get(&notes_path) {
            assert_eq!(&resp.notes, n, "{variant} NOTES");
            got.insert(notes_path, resp.notes.clone());
        }
        assert_eq!(got, want, "{variant}");
        for t in &resp.templates {
            let src = t.source.as_deref().unwrap_or_else(|| panic!("{}", t.path));
            assert!(ws.contains(src), "{src}");
        }

        let m = json(&data.join(format!("{variant}.manifest.json")));
        let mut stream = format!("{}\n", m["manifest"].as_str().unwrap().trim());
        for h in &resp.hooks {
            stream.push_str(&format!("---\n# Source: {}\n{}\n", h.path, h.manifest));
        }
        assert_eq!(resp.stream, stream, "{variant} stream");
        assert_eq!(resp.notes, m["notes"].as_str().unwrap(), "{variant} notes");
    }
}

#[test]
fn hooks_are_reported() {
    let resp = render(&example("app"), "");
    let hooks: Vec<(&str, &str, Vec<String>)> = resp
        .hooks
        .iter()
        .map(|h| (h.path.as_str(), h.kind.as_str(), h.events.clone()))
        .collect();
    assert_eq!(
        hooks,
        [(
            "webapp/templates/tests/test-connection.yaml",
            "Pod",
            vec!["test".to_string()]
        )]
    );
}

#[test]
fn errors_point_at_their_source() {
    struct Case {
        file: &'static str,
        from: &'static str,
        to: &'static str,
        values: &'static str,
        message: &'static str,
        at: Location,
    }
    let at = |file: &str, ws: bool, line: u32, column: Option<u32>| Location {
        file: file.into(),
        in_workspace: ws,
        line: Some(line),
        column,
    };
    // Messages from Helm v4.2.3 (helm-oracle render with the same edit). The oracle reads
    // values files its own way, so for those only its reason is checked (the prefix is the
    // CLI's, from the core's values loader).
    let cases = [
        Case {
            file: "templates/deployment.yaml",
            from: "{{ .Values.image.pullPolicy }}",
            to: "{{ .Values.image.pullPolicy | foo }}",
            values: "",
            message: "parse error at (webapp/templates/deployment.yaml:28): function \"foo\" not defined",
            at: at("templates/deployment.yaml", true, 28, None),
        },
        Case {
            file: "templates/service.yaml",
            from: "  type: {{ .Values.service.type }}\n  ports:\n    - port: {{ .Values.service.port }}",
            to: "  type: {{ .Values.service.type }}\n  ports:\n    - port: {{ required \"service.port is required\" .Values.service.nope }}",
            values: "",
            message: "execution error at (webapp/templates/service.yaml:10:15): service.port is required",
            at: at("templates/service.yaml", true, 10, Some(15)),
        },
        Case {
            file: "values.yaml",
            from: "",
            to: "",
            values: "a: [1\n",
            message: "error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'",
            at: at(VALUES_FILE, false, 1, None),
        },
    ];
    for c in cases {
        let mut ws = example("app");
        let before = String::from_utf8(
            std::fs::read(crate_dir().join("../examples/app").join(c.file)).unwrap(),
        )
        .unwrap();
        assert!(before.contains(c.from), "{}", c.from);
        ws.put(c.file, before.replacen(c.from, c.to, 1).into_bytes())
            .unwrap();
        let resp = render(&ws, c.values);
        let err = resp.error.expect("an error");
        if c.values.is_empty() {
            assert_eq!(err.message, c.message);
        } else {
            assert!(err
                .message
                .starts_with("failed to parse user-values.yaml: "));
            assert!(err.message.ends_with(c.message), "{}", err.message);
        }
        assert_eq!(err.locations.last(), Some(&c.at), "{}", c.message);
        assert!(resp.stream.is_empty());
    }
}

#[test]
fn lint_finds_what_helm_lint_finds() {
    const ICON: (&str, &str) = ("INFO", "Chart.yaml: icon is recommended");
    let name_err = "templates/pdb.yaml: object name does not conform to Kubernetes naming requirements: \"Bad_Name\": metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    // Findings from Helm v4.2.3 (`helm-oracle lint` of the example with the same edit).
    // (example, file written, its text, findings, the file the last finding points at)
    type Case<'a> = (
        &'a str,
        &'a str,
        &'a str,
        Vec<(&'a str, &'a str)>,
        Option<&'a str>,
    );
    let cases: [Case; 4] = [
        ("app", "", "", vec![ICON], None),
        (
            "app",
            "templates/deployment.yaml",
            "{{ .Values.image.pullPolicy | foo }}",
            vec![
                ICON,
                ("ERROR", "templates/: parse error at (webapp/templates/deployment.yaml:28): function \"foo\" not defined"),
            ],
            Some("templates/deployment.yaml"),
        ),
        (
            "app",
            "values.schema.json",
            r#"{"type":"object","properties":{"replicaCount":{"type":"string"}}}"#,
            vec![
                ICON,
                ("ERROR", "values.yaml: - at '/replicaCount': got number, want string\n"),
                ("ERROR", "templates/: values don't meet the specifications of the schema(s) in the following chart(s):\nwebapp:\n- at '/replicaCount': got number, want string\n"),
            ],
            None,
        ),
        (
            "app",
            "templates/pdb.yaml",
            "apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: Bad_Name\nspec:\n  minAvailable: 1\n",
            vec![
                ICON,
                ("WARNING", name_err),
                ("WARNING", "templates/pdb.yaml: policy/v1beta1 PodDisruptionBudget is deprecated in v1.21+, unavailable in v1.25+; use policy/v1 PodDisruptionBudget"),
            ],
            Some("templates/pdb.yaml"),
        ),
    ];
    // Every example as recorded by `testdata/regen.sh`.
    for ex in ["app", "umbrella", "library-user", "tpl-files"] {
        let want = json(&crate_dir().join(format!("testdata/{ex}.lint.json")));
        let want: Vec<String> = want["report"]["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                let sev = ["UNKNOWN", "INFO", "WARNING", "ERROR"]
                    [m["severity"].as_u64().unwrap() as usize];
                format!(
                    "{sev} {}: {}",
                    m["path"].as_str().unwrap(),
                    m["error"].as_str().unwrap()
                )
            })
            .collect();
        let req = RenderRequest {
            lint: true,
            ..RenderRequest::default()
        };
        let got: Vec<String> = example(ex)
            .render(&req, 0, &|| 0.0)
            .lint
            .unwrap()
            .iter()
            .map(|f| format!("{} {}", f.severity, f.message))
            .collect();
        assert_eq!(got, want, "{ex}");
    }
    for (ex, file, text, want, points_at) in cases {
        let mut ws = example(ex);
        if file == "templates/deployment.yaml" {
            let path = crate_dir().join("../examples").join(ex).join(file);
            let before = std::fs::read_to_string(path).unwrap();
            let after = before.replacen("{{ .Values.image.pullPolicy }}", text, 1);
            ws.put(file, after.into_bytes()).unwrap();
        } else if !file.is_empty() {
            ws.put(file, text.as_bytes().to_vec()).unwrap();
        }
        let req = RenderRequest {
            lint: true,
            ..RenderRequest::default()
        };
        let resp = ws.render(&req, 0, &|| 0.0);
        assert_eq!(resp.lint_unavailable, None);
        if file == "values.schema.json" {
            // The render checks the schema too (Helm v4.2.3's render error).
            let err = resp.error.as_ref().map(|e| e.message.as_str());
            assert_eq!(err, Some("values don't meet the specifications of the schema(s) in the following chart(s):\nwebapp:\n- at '/replicaCount': got number, want string\n"));
        }
        let got = resp.lint.expect("lint findings");
        let pairs: Vec<(&str, &str)> = got
            .iter()
            .map(|f| (f.severity.as_str(), f.message.as_str()))
            .collect();
        assert_eq!(pairs, want, "{file}");
        if let Some(p) = points_at {
            let last = got.last().and_then(|f| f.location.as_ref());
            assert_eq!(last.map(|l| l.file.as_str()), Some(p), "{file}");
        }
    }
}

#[test]
fn reused_loads_match_fresh_loads() {
    let fresh = |ws: &Workspace| {
        let mut w = Workspace::new();
        for (p, d) in ws.walk_order() {
            w.put(&p, d).unwrap();
        }
        render(&w, "")
    };
    let mut ws = example("app");
    // A template that changes the values in place: a reused chart must not keep that.
    ws.put(
        "templates/zz-mutate.yaml",
        b"{{- $_ := set .Values.image \"tag\" (printf \"%s-x\" (.Values.image.tag | default \"t\")) }}\ntag: {{ .Values.image.tag }}\n".to_vec(),
    )
    .unwrap();
    let first = render(&ws, "");
    assert!(first.stream.contains("tag: t-x\n"), "{}", first.stream);
    let again = render(&ws, "");
    assert_eq!(again.stream, first.stream);
    let edits: &[(&str, &[u8])] = &[
        (
            "templates/service.yaml",
            b"\xEF\xBB\xBFkind: Service\nmetadata:\n  name: x\n",
        ),
        (
            "templates/configmap.yaml",
            b"kind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n",
        ),
        ("values.yaml", b"image:\n  tag: v9\n"),
        (
            "templates/service.yaml",
            b"kind: Service\nmetadata:\n  name: {{ .Values.image.tag }}\n",
        ),
        (
            "templates/new.yaml",
            b"kind: Secret\nmetadata:\n  name: s\n",
        ),
    ];
    for (path, data) in edits {
        ws.put(path, data.to_vec()).unwrap();
        let got = render(&ws, "");
        let want = fresh(&ws);
        assert_eq!(got.stream, want.stream, "after editing {path}");
        assert_eq!(got.error, want.error, "after editing {path}");
    }
    ws.remove("templates/new.yaml");
    assert_eq!(render(&ws, "").stream, fresh(&ws).stream);
}

#[test]
fn packaged_examples_render_the_same() {
    for ex in ["app", "umbrella", "library-user", "tpl-files"] {
        let ws = example(ex);
        let (name, tgz) = ws.package().unwrap();
        let want = render(&ws, "");
        assert!(name.starts_with(&format!("{}-", want.chart)), "{name}");
        let mut from_archive = Workspace::new();
        for f in binnacle_core::chart::archive::read_archive(&tgz).unwrap() {
            from_archive.put(&f.name, f.data).unwrap();
        }
        let got = render(&from_archive, "");
        assert_eq!(got.stream, want.stream, "{ex}");
        assert_eq!(got.notes, want.notes, "{ex}");
    }
}

#[test]
fn workspace_paths() {
    for (given, want) in [
        ("templates/a.yaml", Ok("templates/a.yaml")),
        ("/templates//a.yaml", Ok("templates/a.yaml")),
        ("templates\\b.yaml", Ok("templates/b.yaml")),
        ("a/../b", Ok("b")),
        ("../x", Err(())),
        ("", Err(())),
        ("/", Err(())),
    ] {
        assert_eq!(
            clean(given).map_err(|_| ()),
            want.map(String::from),
            "{given}"
        );
    }
    let mut ws = Workspace::new();
    for p in ["a.txt", "a/b", "Chart.yaml", "a-b"] {
        ws.put(p, Vec::new()).unwrap();
    }
    let order: Vec<String> = ws.walk_order().into_iter().map(|(p, _)| p).collect();
    // Helm's walk: a directory's entries by name, `a` (a directory) before `a-b`, `a.txt`.
    assert_eq!(order, ["Chart.yaml", "a/b", "a-b", "a.txt"]);
}

#[test]
fn a_missing_chart_is_an_error() {
    let resp = render(&Workspace::new(), "");
    assert_eq!(
        resp.error.map(|e| e.message),
        Some("Chart.yaml file is missing".to_string())
    );
}

/// Native timing of repeated renders of one chart (`CHART=dir`), as the page renders after
/// each keystroke: `cargo test --release -p binnacle-web-engine render_timing -- --ignored
/// --nocapture`.
#[test]
#[ignore]
fn render_timing() {
    use std::time::Instant;
    let Ok(dir) = std::env::var("CHART") else {
        return;
    };
    let mut files = Vec::new();
    read_dir_files(Path::new(&dir), "", &mut files);
    let mut ws = Workspace::new();
    for (p, d) in files {
        ws.put(&p, d).unwrap();
    }
    let req = RenderRequest::default();
    for i in 0..5 {
        let t = Instant::now();
        let resp = ws.render(&req, 0, &|| 0.0);
        assert_eq!(resp.error, None);
        eprintln!(
            "render {i}: {:?} ({} bytes)",
            t.elapsed(),
            resp.stream.len()
        );
    }
}
