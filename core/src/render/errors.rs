//! Helm's rewording of template errors (`cleanupParseError`, `cleanupExecError`).

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::funcs::{WARN_END, WARN_START};
use crate::template::error::{Cause, ErrorKind, ExecError};
use crate::template::exec::ExecFailure;
use crate::template::parse::ParseError;

/// Helm's text for a parse error: `parse error at (FILE:LINE): MSG` (only the part after
/// the last `": "` of Go's message survives).
pub fn parse_error(filename: &str, err: &ParseError) -> String {
    let flat = err.to_string();
    let tokens: Vec<&str> = flat.split(": ").collect();
    if tokens.len() == 1 {
        return format!("parse error in ({filename}): {flat}");
    }
    format!(
        "parse error at ({}): {}",
        tokens[1],
        tokens[tokens.len() - 1]
    )
}

/// Helm's text for an execution error: `execution error at (LOC): MSG` for `required` and
/// `fail`, a multi-line trace for template errors, or Go's flat text when the chain holds
/// errors that are not template errors.
pub fn exec_error(filename: &str, err: &ExecFailure) -> String {
    let e = match err {
        ExecFailure::NoTemplate(s) => return s.clone(),
        ExecFailure::Exec(e) => e,
    };
    let flat = e.to_string();
    let tokens: Vec<&str> = flat.splitn(3, ": ").collect();
    if tokens.len() != 3 {
        return format!("execution error in ({filename}): {flat}");
    }
    if let Some(msg) = find_warning(tokens[2]) {
        return format!("execution error at ({}): {msg}", tokens[1]);
    }
    trace(e).unwrap_or(flat)
}

/// Helm v4's `HELM_ERR_START((?s).*)HELM_ERR_END` on `s`: from the first start marker to
/// the last end marker after it, line breaks included (a `fail` message of several lines
/// is extracted whole).
pub fn find_warning(s: &str) -> Option<&str> {
    let start = s.find(WARN_START)? + WARN_START.len();
    let len = s[start..].rfind(WARN_END)?;
    Some(&s[start..start + len])
}

/// The multi-line form: one block per template in the include chain.
fn trace(e: &ExecError) -> Option<String> {
    let mut out = String::new();
    let mut cur = e;
    loop {
        let loc = cur.location.as_deref()?;
        out.push_str(loc);
        out.push_str("\n  executing ");
        out.push_str(&crate::template::gostr::quote(&cur.name));
        out.push_str(" at <");
        out.push_str(&cur.context);
        out.push_str(">:\n    ");
        match &cur.kind {
            ErrorKind::Msg(m) => {
                out.push_str(m);
                break;
            }
            ErrorKind::Call { func, cause } => {
                out.push_str("error calling ");
                out.push_str(func);
                out.push_str(":\n");
                match cause {
                    Cause::Exec(inner) => cur = inner,
                    Cause::Plain(s) if s.starts_with("template: ") => {
                        out.push_str(s);
                        break;
                    }
                    _ => return None,
                }
            }
        }
    }
    Some(out.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warning_markers() {
        assert_eq!(
            find_warning("x HELM_ERR_STARTneed itHELM_ERR_END y"),
            Some("need it")
        );
        assert_eq!(find_warning("HELM_ERR_STARTa\nbHELM_ERR_END"), Some("a\nb"));
        assert_eq!(find_warning("HELM_ERR_END HELM_ERR_STARTa"), None);
        assert_eq!(
            find_warning("HELM_ERR_STARTaHELM_ERR_END HELM_ERR_END"),
            Some("aHELM_ERR_END ")
        );
    }
}
