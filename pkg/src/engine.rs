//! The core's `render_chart_with`: the package passes a function map whose rarely used
//! functions delegate to lazily loaded extension modules.

pub use binnacle_core::render::chart::{render_chart_with, Stage};
