//! Flow control: `fail`.

use alloc::string::String;

use crate::func;
use crate::template::funcs::{CallCtx, Func, FuncResult};
use crate::value::Value;

use super::util::str_arg;

/// The flow-control functions.
pub static FUNCS: &[Func] = &[func!("fail", [String], fail)];

/// `fail MSG`: always an error carrying MSG. In lint mode Helm's override lets the render go
/// on, returning `""`. (Helm wraps the message as `execution error at (FILE:L:C): MSG`.)
fn fail(ctx: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    if ctx.lint {
        return Ok(Value::str(""));
    }
    Err(String::from(str_arg(&a[0])))
}
