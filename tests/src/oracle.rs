//! A client for the reference Helm (`../shared/oracle/helm-oracle serve`): one JSON request
//! per line in, one answer per line out.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use serde_json::Value as Json;

/// A running `helm-oracle serve`.
pub struct Oracle {
    child: Child,
    stdin: ChildStdin,
    /// Answer lines, read on a thread so a request can time out.
    answers: Receiver<std::io::Result<String>>,
}

/// How long one request may take: a generated template can make Helm loop for hours
/// (`until` of a huge number inside `range`), and a stuck oracle must not stall a run.
pub const ASK_TIMEOUT: Duration = Duration::from_secs(60);

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
        let mut stdout = BufReader::new(child.stdout.take().ok_or("oracle has no stdout")?);
        let (tx, answers) = std::sync::mpsc::channel();
        std::thread::spawn(move || loop {
            let mut line = String::new();
            let r = stdout.read_line(&mut line).map(|_| line);
            let done = matches!(&r, Ok(l) if l.is_empty()) || r.is_err();
            if tx.send(r).is_err() || done {
                return;
            }
        });
        Ok(Oracle {
            child,
            stdin,
            answers,
        })
    }

    /// Sends one request and reads its answer.
    pub fn ask(&mut self, request: &Json) -> Result<Json, String> {
        let line = serde_json::to_string(request).map_err(|e| e.to_string())?;
        writeln!(self.stdin, "{line}").map_err(|e| format!("oracle write: {e}"))?;
        self.stdin
            .flush()
            .map_err(|e| format!("oracle flush: {e}"))?;
        let answer = match self.answers.recv_timeout(ASK_TIMEOUT) {
            Ok(r) => r.map_err(|e| format!("oracle read: {e}"))?,
            Err(RecvTimeoutError::Timeout) => {
                let _ = self.child.kill();
                return Err(format!(
                    "the oracle took more than {} s",
                    ASK_TIMEOUT.as_secs()
                ));
            }
            Err(RecvTimeoutError::Disconnected) => String::new(),
        };
        if answer.is_empty() {
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
