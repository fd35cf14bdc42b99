//! Named limits that keep every input bounded: recursion, sizes, loops.
//!
//! Each limit has a test that lowers or reaches it and checks the error.

/// Go's `maxExecDepth`: nested template calls (`template`, `include`, `tpl`) per execution.
pub const MAX_EXEC_DEPTH: usize = 100_000;

/// Helm's guard on a template name nested in itself through `include`.
pub const MAX_INCLUDE_DEPTH: usize = 1000;

/// Go's parser `maxStackDepth`: nesting of parentheses and control structures.
pub const MAX_PARSE_DEPTH: usize = 10_000;

/// Depth of nested maps and lists any recursive walk over values goes before giving up.
pub const MAX_VALUE_DEPTH: usize = 10_000;

/// Helm's per-file size limit when loading charts (5 MiB).
pub const MAX_FILE_SIZE: usize = 5 * 1024 * 1024;

/// Helm's total decompressed size limit for a chart archive (100 MiB).
pub const MAX_DECOMPRESSED_SIZE: usize = 100 * 1024 * 1024;

/// Largest text one template execution may produce before it is stopped (256 MiB).
pub const MAX_OUTPUT_SIZE: usize = 256 * 1024 * 1024;

/// Bound on nested template executions of any kind (`template`, `include`, `tpl`) in one
/// render; keeps the stack bounded whatever a chart does. A level takes about 2.7 KB of
/// stack in release builds (measured), so hosts run renders on a thread with
/// [`RENDER_STACK_SIZE`] bytes of stack; WASM builds link with a 16 MiB stack.
pub const MAX_NESTING: usize = if cfg!(target_family = "wasm") {
    2_000
} else {
    10_000
};

/// Stack size native hosts give the thread that renders (see [`MAX_NESTING`]).
pub const RENDER_STACK_SIZE: usize = 256 * 1024 * 1024;

/// Executed template nodes (and range iterations) one render may take before it is stopped
/// as endless: about a billion, seconds to a minute of work, far above any real chart
/// (the corpus's largest takes well under a million).
pub const DEFAULT_MAX_STEPS: u64 = 1_000_000_000;
