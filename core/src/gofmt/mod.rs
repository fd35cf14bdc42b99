//! Go's `fmt` and `strconv`, as templates observe them: `printf`, `print`, `%v` of every
//! value, and the float formats Go prints (`1e+06`, `1.5e-05`).
//!
//! Owner: gofmt work. API used by the engine and Sprig:
//! - [`sprintf`]  — `fmt.Sprintf(format, args...)`
//! - [`sprint`]   — `fmt.Sprint(args...)` (spaces between operands when neither is a string)
//! - [`sprintln`] — `fmt.Sprintln(args...)`
//! - [`format_v`] — `fmt.Sprint(v)` of one value (`%v`)

pub mod strconv;

use alloc::string::String;

use crate::value::Value;

/// `fmt.Sprintf(format, args...)`.
pub fn sprintf(format: &str, args: &[Value]) -> String {
    let _ = (format, args);
    unimplemented!("gofmt::sprintf")
}

/// `fmt.Sprint(args...)`: operands joined, with a space between two operands when neither
/// is a string.
pub fn sprint(args: &[Value]) -> String {
    let _ = args;
    unimplemented!("gofmt::sprint")
}

/// `fmt.Sprintln(args...)`: operands always separated by a space, newline appended.
pub fn sprintln(args: &[Value]) -> String {
    let _ = args;
    unimplemented!("gofmt::sprintln")
}

/// `fmt.Sprint(v)` for one value: Go's `%v`.
pub fn format_v(v: &Value) -> String {
    sprint(core::slice::from_ref(v))
}
