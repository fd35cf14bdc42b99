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
mod re2;
mod unicode;
mod util;

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
