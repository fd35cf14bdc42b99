//! Sprig v3.3.0's template functions, as Helm v4 registers them (minus `env`, `expandenv`).
//!
//! Split by topic like Sprig's own files. Each topic module exports a `FUNCS` table.

use crate::template::funcs::Func;

/// Every Sprig function Helm registers.
pub fn functions() -> impl Iterator<Item = &'static Func> {
    let tables: &[&'static [Func]] = &[];
    tables.iter().flat_map(|t| t.iter())
}
