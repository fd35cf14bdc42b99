//! `# Source:` blocks of release manifests, compared as Helm's tests need: templates that
//! are random by design compare by their source line only.

/// Splits a manifest into `# Source:` blocks.
pub fn blocks(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.get(1..).and_then(|r| r.find("---\n# Source: ")) {
        out.push(&rest[..i + 1]);
        rest = &rest[i + 1..];
    }
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// Compares block by block; blocks of the `unstable` templates compare by their source line.
pub fn same_blocks(got: &str, want: &str, unstable: &[String]) -> Result<(), String> {
    let (g, w) = (blocks(got), blocks(want));
    for (i, (a, b)) in g.iter().zip(w.iter()).enumerate() {
        let src = |s: &str| s.lines().nth(1).unwrap_or("").to_string();
        let random = unstable.iter().any(|u| src(b) == format!("# Source: {u}"));
        if (random && src(a) != src(b)) || (!random && a != b) {
            return Err(format!(
                "block {i} differs:\n{}",
                crate::conformance::unified(b, a, "helm", "binnacle")
            ));
        }
    }
    if g.len() != w.len() {
        return Err(format!("{} blocks, Helm has {}", g.len(), w.len()));
    }
    Ok(())
}
