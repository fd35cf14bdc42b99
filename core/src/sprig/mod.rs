//! Sprig v3.3.0's template functions, as Helm v4 registers them (minus `env`, `expandenv`).
//!
//! Split by topic like Sprig's own files. Each topic module exports a `FUNCS` table.
//!
//! Tests: `testdata/oracle_cases.txt` (hand-picked), `generated_cases.txt` (random
//! arguments) and `engine_cases.txt` (Helm's objects) hold templates with Helm v4.2.3's
//! output or error; `tests.rs` checks each through the real engine and Helm's function map.
//! `testdata/regen.py` refreshes the expectations from the oracle.
//!
//! Known differences from Helm, by design or by the value model:
//! - `keys` and `values` return entries sorted by key (Go's map order is random).
//! - Go strings may hold invalid UTF-8 (`trunc`, `substr`, `b64dec` of binary data); ours
//!   hold U+FFFD for each such byte.
//! - Functions returning their map argument (`set`, `merge`…) return the shared map with
//!   its own Go type (`common.Values` for `.Values`, where Go says `map[string]interface {}`).
//! - Results past 256 MiB or 16M items (`repeat`, `until`, `seq`, `indent`) are errors where
//!   Go would try to allocate; regexps whose automaton outgrows 64 MiB (thousands of
//!   repeated `\pL`) report `expression too large` where Go compiles them.

pub mod crypto;
pub mod date;
pub mod network;
pub mod random;
pub mod semver;
pub mod url;

use crate::template::funcs::Func;

mod casing;
mod cast;
pub mod defaults;
pub mod dicts;
pub mod encoding;
pub mod flow;
pub mod lists;
pub mod numeric;
pub mod paths;
pub mod reflect;
pub mod regex;
pub mod strings;

mod decimal;
pub(crate) mod re2;
mod unicode;
mod util;
pub(crate) use util::same_object;

#[cfg(test)]
mod tests;

/// The topic tables, in registration order.
static TABLES: &[&[Func]] = &[
    strings::FUNCS,
    numeric::FUNCS,
    lists::FUNCS,
    dicts::FUNCS,
    defaults::FUNCS,
    reflect::FUNCS,
    paths::FUNCS,
    encoding::FUNCS,
    flow::FUNCS,
    regex::FUNCS,
    crypto::FUNCS,
    date::FUNCS,
    network::FUNCS,
    random::FUNCS,
    semver::FUNCS,
    url::FUNCS,
];

/// Every Sprig function Helm registers.
pub fn functions() -> impl Iterator<Item = &'static Func> {
    TABLES.iter().flat_map(|t| t.iter())
}
