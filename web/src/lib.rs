//! The Binnacle playground: drop in a Helm chart and see what Helm v4 renders, in the
//! browser, with nothing leaving it.
//!
//! Built with Leptos (client-side). The chart renders in a Web Worker running
//! `binnacle-web-engine`; the page holds the files, the editors (CodeMirror, through
//! `web/js`) and the views. Pure parts ([`model`], [`share`]) are tested natively.
#![deny(missing_docs)]

pub mod app;
pub mod base64;
pub mod js;
pub mod model;
pub mod share;

/// Starts the page (called by wasm-bindgen when the module loads).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn main() {
    app::start();
}
