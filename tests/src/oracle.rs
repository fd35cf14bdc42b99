//! A client for the reference Helm (`../shared/oracle/helm-oracle serve`): one JSON request
//! per line in, one answer per line out.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::Value as Json;

/// A running `helm-oracle serve`.
pub struct Oracle {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

/// Where the oracle command is: `$HELM_ORACLE`, else `../shared/oracle/helm-oracle` from the
/// workspace root.
pub fn oracle_path() -> PathBuf {
    if let Some(p) = std::env::var_os("HELM_ORACLE") {
        return PathBuf::from(p);
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    root.join("../../shared/oracle/helm-oracle")
}

impl Oracle {
    /// Starts the oracle (it installs itself on first use).
    pub fn start() -> Result<Oracle, String> {
        let path = oracle_path();
        let mut child = Command::new(&path)
            .arg("serve")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", path.display()))?;
        let stdin = child.stdin.take().ok_or("oracle has no stdin")?;
        let stdout = BufReader::new(child.stdout.take().ok_or("oracle has no stdout")?);
        Ok(Oracle {
            child,
            stdin,
            stdout,
        })
    }

    /// Sends one request and reads its answer.
    pub fn ask(&mut self, request: &Json) -> Result<Json, String> {
        let line = serde_json::to_string(request).map_err(|e| e.to_string())?;
        writeln!(self.stdin, "{line}").map_err(|e| format!("oracle write: {e}"))?;
        self.stdin
            .flush()
            .map_err(|e| format!("oracle flush: {e}"))?;
        let mut answer = String::new();
        let n = self
            .stdout
            .read_line(&mut answer)
            .map_err(|e| format!("oracle read: {e}"))?;
        if n == 0 {
            return Err("the oracle stopped".into());
        }
        serde_json::from_str(&answer)
            .map_err(|e| format!("oracle answer is not JSON: {e}: {answer}"))
    }
}

impl Drop for Oracle {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
