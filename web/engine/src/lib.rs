//! The playground's engine: Binnacle's core behind a small protocol, run in a Web Worker
//! so the page stays responsive while a chart renders.
//!
//! The worker (`web/js/worker.js`) keeps one [`workspace::Workspace`]; the page mirrors its
//! file edits there (`put_file`, `remove_file`, `reset`) and asks for renders, diffs and
//! archives. Requests and responses are the JSON forms of [`protocol`]'s types.
//!
//! Without the default `engine` feature only [`protocol`] is built: the page's crate uses
//! the types without linking the core.
#![deny(missing_docs)]

pub mod protocol;

#[cfg(feature = "engine")]
pub mod diff;
#[cfg(feature = "engine")]
pub mod locate;
#[cfg(feature = "engine")]
pub mod workspace;

#[cfg(all(feature = "engine", target_arch = "wasm32"))]
mod exports;

#[cfg(all(test, feature = "engine"))]
mod tests;
