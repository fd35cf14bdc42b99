//! Sprig v3.3.0's template functions, as Helm v4 registers them (minus `env`, `expandenv`).
//!
//! Split by topic like Sprig's own files. Each topic module exports a `FUNCS` table.

pub mod crypto;
pub mod date;
pub mod network;
pub mod random;
pub mod semver;
pub mod url;

use crate::template::funcs::Func;

/// Every Sprig function Helm registers.
pub fn functions() -> impl Iterator<Item = &'static Func> {
    let tables: [&'static [Func]; 6] =
        [crypto::FUNCS, date::FUNCS, network::FUNCS, random::FUNCS, semver::FUNCS, url::FUNCS];
    tables.into_iter().flat_map(|t| t.iter())
}
