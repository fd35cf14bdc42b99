//! Values: `--set` family parsing, coalescing with chart defaults, globals, dependency
//! conditions, tags and import-values. Owner: chart work.

pub(crate) mod gostr;
mod jsonval;
pub mod strvals;
pub mod user;

pub use user::{load_values, merge_maps, merge_values, ValueSource};
#[cfg(test)]
pub(crate) mod testutil;
