//! Conformance and differential test support.
