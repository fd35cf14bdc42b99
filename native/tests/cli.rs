//! The `binnacle` command's Helm-compatible edges, run as a user runs it. Expectations are
//! what `helm` v4.2.3 printed for the same commands (checked by hand against a real binary
//! built with `go install helm.sh/helm/v4/cmd/helm@v4.2.3`).

use std::path::{Path, PathBuf};
use std::process::Command;

/// A scratch chart: `Chart.yaml` plus `files` (relative path, content).
fn chart(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let d = std::env::temp_dir().join(format!("binnacle-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(d.join("templates")).unwrap();
    std::fs::write(
        d.join("Chart.yaml"),
        "apiVersion: v2\nname: c\nversion: 0.1.0\n",
    )
    .unwrap();
    for (p, text) in files {
        let p = d.join(p);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    d
}

/// Runs `binnacle args…`: (exit code, stdout, stderr). No kubeconfig and no `HELM_*`
/// variables reach it, so the namespace is `default` whatever the machine's setup.
fn run(args: &[&str], cwd: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_binnacle"))
        .args(args)
        .current_dir(cwd)
        .env("KUBECONFIG", cwd.join("no-kubeconfig"))
        .env_remove("HELM_NAMESPACE")
        .env_remove("HELM_KUBECONTEXT")
        .env_remove("HELM_DEBUG")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn release_names_and_name_flags() {
    let d = chart(
        "names",
        &[("templates/cm.yaml", "name: {{ .Release.Name }}\n")],
    );
    let dir = d.to_str().unwrap();
    let (code, out, _) = run(
        &[
            "template",
            "--name-template",
            "web-{{ lower \"PROD\" }}",
            dir,
        ],
        &d,
    );
    assert_eq!((code, out.contains("name: web-prod")), (0, true), "{out}");
    let (code, out, _) = run(&["template", "-g", dir], &d);
    assert_eq!(
        (code, out.contains("name: release-name")),
        (0, true),
        "{out}"
    );
    let (code, _, err) = run(&["template", "x", "-g", dir], &d);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "Error: cannot set --generate-name and also specify a name\n"
    );
    let (code, _, err) = run(&["template", "Web", dir], &d);
    assert_eq!(code, 1);
    let reason = "invalid release name, must match regex ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ and the length must not be longer than 53";
    assert_eq!(
        err,
        format!(
            "level=ERROR msg=\"release name check failed\" error=\"release name \\\"Web\\\": {}\"\nError: release name check failed: release name \"Web\": {reason}\n",
            reason.replace('\\', "\\\\")
        )
    );
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn values_flags_and_log_levels() {
    let d = chart(
        "values",
        &[
            (
                "templates/cm.yaml",
                "a: {{ .Values.a }}\nb: {{ .Values.b }}\n",
            ),
            ("values.yaml", "a: 1\n"),
            ("v1.yaml", "b: 1\n"),
            ("v2.yaml", "b: 2\n"),
        ],
    );
    let dir = d.to_str().unwrap();
    // `-f` is a comma-separated list, later files winning.
    let (code, out, _) = run(&["template", dir, "-f", "v1.yaml,v2.yaml"], &d);
    assert_eq!((code, out.contains("b: 2")), (0, true), "{out}");
    // Coalescing messages come from Go's log package: level INFO.
    let (code, _, err) = run(&["template", dir, "--set", "a.b=2"], &d);
    assert_eq!(code, 0);
    assert_eq!(
        err,
        "level=INFO msg=\"warning: skipped value for c.a: Not a table.\"\n"
    );
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn chart_references_and_output_dir_errors() {
    let d = chart("refs", &[("templates/cm.yaml", "a: 1\n")]);
    let (code, _, err) = run(&["template", "nope"], &d);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "Error: non-absolute URLs should be in form of repo_name/path_to_chart, got: nope\n"
    );
    let (_, _, err) = run(&["template", "pk/nope.tgz"], &d);
    assert_eq!(err, "Error: repo pk not found\n");
    let (_, _, err) = run(&["template", "./nope"], &d);
    assert_eq!(err, "Error: path \"./nope\" not found\n");
    // An output directory whose chart folder is a file.
    std::fs::create_dir_all(d.join("out")).unwrap();
    std::fs::write(d.join("out/c"), "").unwrap();
    let (code, _, err) = run(
        &["template", d.to_str().unwrap(), "--output-dir", "out"],
        &d,
    );
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "Error: stat out/c/templates: not a directory\n\nUse --debug flag to render out invalid YAML\n"
    );
    std::fs::remove_dir_all(&d).unwrap();
}
