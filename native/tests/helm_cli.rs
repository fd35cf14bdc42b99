//! The command line as Helm reads it: every case in `tests/data/helm-cli/cases.jsonl` run
//! through `binnacle` and compared with what the real `helm` v4.2.3 printed for it
//! (`expected.jsonl`, recorded by `tests/data/helm-cli/regen.sh`): exit code, stderr, and
//! stdout. Help texts are clap's, not cobra's: for those only the exit code and which
//! streams are empty are compared.
//!
//! Paths are recorded as `$DIR` (this data directory) and `$CORPUS` (`../shared/corpus`
//! beside the repository, which two cases render). Helm's messages name the program: `"helm template" requires…`, `Usage:  helm …`,
//! `unknown command … for "helm"`, `Run 'helm --help'`; there Binnacle says `binnacle`.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// Helm's text with the program named as Binnacle names itself.
fn as_binnacle(helm: &str) -> String {
    helm.replace("\"helm ", "\"binnacle ")
        .replace("Usage:  helm ", "Usage:  binnacle ")
        .replace("for \"helm\"", "for \"binnacle\"")
        .replace("Run 'helm --help'", "Run 'binnacle --help'")
}

#[test]
fn command_lines_read_as_helm_reads_them() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/helm-cli");
    let expected = std::fs::read_to_string(dir.join("expected.jsonl")).unwrap();
    let mut failures = Vec::new();
    let mut n = 0;
    for line in expected.lines() {
        let case: Value = serde_json::from_str(line).unwrap();
        let args: Vec<&str> = case["args"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_binnacle"));
        cmd.args(&args)
            .current_dir(&dir)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", dir.join("home"));
        if let Some(env) = case["env"].as_object() {
            for (k, v) in env {
                cmd.env(k, v.as_str().unwrap());
            }
        }
        let out = cmd.output().unwrap();
        let code = out.status.code().unwrap_or(-1);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let want_code = case["code"].as_i64().unwrap() as i32;
        // Helm names paths as the kernel gives the working directory.
        let here = dir.canonicalize().unwrap().display().to_string();
        let corpus = dir.join("../../../../../shared/corpus");
        let corpus = corpus
            .canonicalize()
            .unwrap_or(corpus)
            .display()
            .to_string();
        let paths = |t: &str| t.replace("$CORPUS", &corpus).replace("$DIR", &here);
        let want_err = paths(&as_binnacle(case["stderr"].as_str().unwrap()));
        let want_out = paths(case["stdout"].as_str().unwrap());
        let env = case.get("env").map(|e| format!("{e} ")).unwrap_or_default();
        let label = format!("{env}binnacle {}", args.join(" "));
        n += 1;
        if case["help"].as_bool() == Some(true) {
            let streams = (stdout.is_empty(), stderr.is_empty());
            let want = (want_out.is_empty(), want_err.is_empty());
            if code != want_code || streams != want {
                failures.push(format!(
                    "{label}: help: exit {code} (want {want_code}), (stdout, stderr) empty \
                     {streams:?} (want {want:?})"
                ));
            }
            continue;
        }
        if code != want_code || stderr != want_err || stdout != want_out.as_str() {
            failures.push(format!(
                "{label}:\n  exit {code}, want {want_code}\n  stderr {stderr:?}\n  want   {want_err:?}\n  stdout {}",
                if stdout == want_out { "same" } else { "differs" }
            ));
        }
    }
    eprintln!("{} passed, {} failed", n - failures.len(), failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(n > 100);
}
