//! `cargo xtask serve` and `cargo xtask e2e`: the playground (issue 5: being written).

/// Builds the playground and serves it on http://127.0.0.1:8080.
pub fn serve(args: &[String]) -> Result<(), String> {
    let _ = args;
    Err("xtask serve: not implemented yet".into())
}

/// Browser tests of the playground.
pub fn e2e(args: &[String]) -> Result<(), String> {
    let _ = args;
    Err("xtask e2e: not implemented yet".into())
}
