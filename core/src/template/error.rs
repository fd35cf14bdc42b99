//! Execution errors with the structure Go's error chain has, so both Go's flat text and
//! Helm's multi-line trace can be produced from them.

use alloc::boxed::Box;
use alloc::string::String;
use core::fmt;

/// Go's `template.ExecError`.
#[derive(Clone, Debug, PartialEq)]
pub struct ExecError {
    /// The template being executed (`s.tmpl.Name()`).
    pub name: String,
    /// `FILE:LINE:COL` of the node, when the error happened at a node.
    pub location: Option<String>,
    /// The node reprinted (`n.String()`).
    pub context: String,
    /// What went wrong.
    pub kind: ErrorKind,
}

/// The message part of an [`ExecError`].
#[derive(Clone, Debug, PartialEq)]
pub enum ErrorKind {
    /// A message of the engine's own.
    Msg(String),
    /// `error calling FUNC: CAUSE` — a function returned an error (Go wraps it with `%w`).
    Call {
        /// The function's name.
        func: String,
        /// What it returned.
        cause: Cause,
    },
}

/// An error a function returned.
#[derive(Clone, Debug, PartialEq)]
pub enum Cause {
    /// An execution error of a nested template (`include`).
    Exec(Box<ExecError>),
    /// A plain error.
    Plain(String),
    /// A prefix wrapping another error (`tpl`'s `error during tpl function execution for …: `).
    Wrapped(String, Box<Cause>),
}

impl ExecError {
    /// An error with a plain message.
    pub fn msg(name: &str, location: Option<String>, context: String, msg: String) -> ExecError {
        ExecError {
            name: name.into(),
            location,
            context,
            kind: ErrorKind::Msg(msg),
        }
    }

    /// The innermost message, without locations (for short displays).
    pub fn root_message(&self) -> String {
        match &self.kind {
            ErrorKind::Msg(m) => m.clone(),
            ErrorKind::Call { cause, .. } => cause.root_message(),
        }
    }
}

impl Cause {
    fn root_message(&self) -> String {
        match self {
            Cause::Exec(e) => e.root_message(),
            Cause::Plain(s) => s.clone(),
            Cause::Wrapped(_, c) => c.root_message(),
        }
    }
}

impl fmt::Display for ExecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(loc) => write!(
                f,
                "template: {loc}: executing {} at <{}>: ",
                super::gostr::quote(&self.name),
                self.context
            )?,
            None => write!(f, "template: {}: ", self.name)?,
        }
        write!(f, "{}", self.kind)
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Msg(m) => f.write_str(m),
            ErrorKind::Call { func, cause } => write!(f, "error calling {func}: {cause}"),
        }
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cause::Exec(e) => write!(f, "{e}"),
            Cause::Plain(s) => f.write_str(s),
            Cause::Wrapped(p, c) => write!(f, "{p}{c}"),
        }
    }
}
