//! Values: `--set` family parsing, coalescing with chart defaults, globals, dependency
//! conditions, tags and import-values. Owner: chart work.

mod gostr;
mod jsonval;
pub mod strvals;
#[cfg(test)]
pub(crate) mod testutil;
