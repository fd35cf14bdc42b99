//! Values: `--set` family parsing, coalescing with chart defaults, globals, dependency
//! conditions, tags and import-values. Owner: chart work.
