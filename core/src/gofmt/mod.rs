//! Go's `fmt` and `strconv`, as templates observe them: `printf`, `print`, `println`, `%v`
//! of every value, and the number formats Go prints (`1e+06`, `1.5e-05`).
//!
//! Owner: gofmt work. API used by the engine and Sprig:
//! - [`sprintf`]  — `fmt.Sprintf(format, args...)`, every verb, flag and `%!` complaint
//! - [`sprint`]   — `fmt.Sprint(args...)` (spaces between operands when neither is a string)
//! - [`sprintln`] — `fmt.Sprintln(args...)`
//! - [`format_v`] — `fmt.Sprint(v)` of one value (`%v`)
//! - [`strconv`]  — `FormatFloat`, `FormatInt`, `ParseInt`/`ParseUint`/`ParseFloat`/`Atoi`
//!   with Go's error text, `Quote`/`QuoteRune`/`QuoteToASCII`
//!
//! Go strings may hold invalid UTF-8; ours cannot, so the one way to produce it (`%s` of a
//! binary `[]byte`) yields U+FFFD in its place.

mod atoi;
mod format;
mod isprint;
mod print;
mod quote;
pub mod slog;
pub mod strconv;
#[cfg(test)]
pub(crate) mod testexpr;
#[cfg(test)]
mod tests;

use alloc::string::String;

pub(crate) use quote::decode_rune;

use crate::value::Value;
use print::Printer;

/// `fmt.Sprintf(format, args...)`.
pub fn sprintf(format: &str, args: &[Value]) -> String {
    let mut p = Printer::new();
    p.do_printf(format, args);
    p.finish()
}

/// `fmt.Sprint(args...)`: operands joined, with a space between two operands when neither
/// is a string.
pub fn sprint(args: &[Value]) -> String {
    let mut p = Printer::new();
    p.do_print(args);
    p.finish()
}

/// `fmt.Sprintln(args...)`: operands always separated by a space, newline appended.
pub fn sprintln(args: &[Value]) -> String {
    let mut p = Printer::new();
    p.do_println(args);
    p.finish()
}

/// `fmt.Sprint(v)` for one value: Go's `%v`.
pub fn format_v(v: &Value) -> String {
    match v {
        Value::String(s) => String::from(&**s),
        _ => sprint(core::slice::from_ref(v)),
    }
}
