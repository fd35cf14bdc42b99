//! Go's `path` package (and `path/filepath` on Unix, which behaves the same on
//! `/`-separated text): `Clean` and `Join`, which Helm applies to template names, archive
//! entries, output paths and chart paths.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// Go's `path.Clean`: lexical `.`/`..` resolution, single slashes, no trailing slash, `.`
/// for an empty result.
pub fn clean(p: &str) -> String {
    if p.is_empty() {
        return String::from(".");
    }
    let rooted = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => String::from("."),
        (false, false) => joined,
    }
}

/// Go's `path.Join`: empty elements are ignored, the result is cleaned (empty when every
/// element is).
pub fn join(elems: &[&str]) -> String {
    let kept: Vec<&str> = elems.iter().copied().filter(|e| !e.is_empty()).collect();
    if kept.is_empty() {
        return String::new();
    }
    clean(&kept.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expectations from Go's `path.Clean` and `path.Join`.
    #[test]
    fn clean_and_join_as_go() {
        for (p, want) in [
            ("", "."),
            (".", "."),
            ("a/../b", "b"),
            ("../a", "../a"),
            ("a//b/./c/", "a/b/c"),
            ("/../a", "/a"),
            ("a/..", "."),
            ("a/../..", ".."),
            ("/a/../../b", "/b"),
            ("./chart/charts", "chart/charts"),
            ("x/../../charts", "../charts"),
            ("../a/./b/", "../a/b"),
            ("//", "/"),
        ] {
            assert_eq!(clean(p), want, "{p:?}");
        }
        assert_eq!(join(&["a", "", "b/"]), "a/b");
        assert_eq!(join(&["", ""]), "");
        assert_eq!(join(&["out/", "../x"]), "x");
    }
}
