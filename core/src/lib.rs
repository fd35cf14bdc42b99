//! Binnacle's engine: Helm v4's chart rendering rebuilt in Rust, byte-for-byte.
//!
//! Data flows one way: [`chart`] (load) → [`values`] (coalesce) → [`render`] (execute
//! templates with [`template`], [`sprig`] and Helm's functions) → post-process. The crate
//! does no I/O: files, time, randomness and DNS come from the host through [`host::Host`].
//!
//! With the default `std` feature off, the crate is `#![no_std]` + `alloc`; the template
//! engine and the function library build that way (checked for `wasm32v1-none`).
//!
//! We write our own Go template engine, YAML reader/emitter and Sprig: no existing crate
//! reproduces Go's output and messages byte for byte (see `COMPATIBILITY.md`).
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub mod chart;
pub mod gobytes;
pub mod gofmt;
pub mod gopath;
pub mod host;
pub mod json;
pub mod limits;
pub mod lint;
pub mod package;
pub mod render;
pub mod schema;
pub mod sprig;
pub mod template;
pub mod toml;
pub mod value;
pub mod values;
pub(crate) mod words;
pub mod yaml;

pub use value::{Map, Value};
