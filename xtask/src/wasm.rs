//! `cargo xtask wasm`: the npm package in `pkg/` (issue 4: being written).

/// Builds `pkg/` for the web, Node and bundlers and reports sizes.
pub fn build(args: &[String]) -> Result<(), String> {
    let _ = args;
    Err("xtask wasm: not implemented yet".into())
}

/// Runs the package's Node tests (`node --test`).
pub fn test(args: &[String]) -> Result<(), String> {
    let _ = args;
    Err("xtask wasm test: not implemented yet".into())
}

/// `cargo xtask conformance --wasm`: the corpus through the WASM build in Node.
pub fn conformance(args: &[String]) -> Result<(), String> {
    let _ = args;
    Err("xtask conformance --wasm: not implemented yet".into())
}

/// `cargo xtask bench wasm`.
pub fn bench(args: &[String]) -> Result<(), String> {
    let _ = args;
    Err("xtask bench wasm: not implemented yet".into())
}
