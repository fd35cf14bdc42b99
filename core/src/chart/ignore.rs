//! `.helmignore` rules, as Helm's `pkg/ignore` evaluates them.
//!
//! Line based: blank lines and `#` comments skipped, each line trimmed, `**` rejected,
//! patterns are `filepath.Match` globs. A leading `!` negates, a trailing `/` matches only
//! directories, a pattern with a `/` matches the whole relative path (a leading `/` is
//! dropped), one without matches the base name only. Rules are tried in order and the
//! first decisive one wins; a negated rule is decisive when the path does *not* match it
//! (the path is then ignored), which is unlike git: `!keep.txt` ignores every other file.

use alloc::string::String;
use alloc::vec::Vec;

use super::pathmatch::path_match;

/// Helm's default rule, appended after the chart's own: dotfiles inside `templates/`.
pub const DEFAULT_RULE: &str = "templates/.?*";

/// One parsed rule.
#[derive(Clone, Debug)]
struct Pattern {
    /// The pattern to match, without `!`, trailing `/` or leading `/`.
    rule: String,
    negate: bool,
    must_dir: bool,
    /// Match the base name only (no `/` in the rule).
    base_only: bool,
    /// How to match without the general glob matcher, where the rule allows.
    shape: Shape,
}

/// Rule shapes that need no glob matcher (most `.helmignore` lines are one of them).
#[derive(Clone, Debug)]
enum Shape {
    /// No metacharacters: the name must equal the rule.
    Literal,
    /// `*` then no metacharacters: the name ends with the rest and has no `/` before it
    /// (`*` never matches a separator).
    StarSuffix,
    /// Anything else: `filepath.Match`.
    Glob,
}

impl Shape {
    fn of(rule: &str) -> Shape {
        let meta = |s: &str| s.contains(['*', '?', '[', '\\']);
        if !meta(rule) {
            Shape::Literal
        } else if rule.starts_with('*') && !meta(&rule[1..]) {
            Shape::StarSuffix
        } else {
            Shape::Glob
        }
    }

    /// `filepath.Match(rule, name)` for a rule of this shape.
    fn matches(&self, rule: &str, name: &str) -> bool {
        match self {
            Shape::Literal => name == rule,
            Shape::StarSuffix => name
                .strip_suffix(&rule[1..])
                .is_some_and(|head| !head.contains('/')),
            // Rules were checked when added; a failed match counts as no match.
            Shape::Glob => path_match(rule, name).unwrap_or(false),
        }
    }
}

/// A parsed `.helmignore`.
#[derive(Clone, Debug, Default)]
pub struct IgnoreRules {
    patterns: Vec<Pattern>,
}

impl IgnoreRules {
    /// No rules at all (Helm's `ignore.Empty()`).
    pub fn empty() -> IgnoreRules {
        IgnoreRules::default()
    }

    /// Parses a `.helmignore` file; errors are Helm's (`double-star (**) syntax is not
    /// supported`, `syntax error in pattern`, `bufio.Scanner: token too long`).
    pub fn parse(text: &[u8]) -> Result<IgnoreRules, String> {
        let mut rules = IgnoreRules::empty();
        // bufio.Scanner lines: split on '\n', one trailing '\r' dropped, 64 KiB per line.
        let mut rest = text;
        while !rest.is_empty() {
            let (line, next) = match rest.iter().position(|b| *b == b'\n') {
                Some(i) => (&rest[..i], &rest[i + 1..]),
                None => (rest, &rest[rest.len()..]),
            };
            if line.len() >= 64 * 1024 {
                return Err(String::from("bufio.Scanner: token too long"));
            }
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            rules.add(&String::from_utf8_lossy(line))?;
            rest = next;
        }
        Ok(rules)
    }

    /// Appends Helm's default rule (`templates/.?*`).
    pub fn add_defaults(&mut self) {
        // The default rule is well formed.
        let _ = self.add(DEFAULT_RULE);
    }

    /// Adds one rule line (Helm's `parseRule`).
    pub fn add(&mut self, rule: &str) -> Result<(), String> {
        let rule = rule.trim();
        if rule.is_empty() || rule.starts_with('#') {
            return Ok(());
        }
        if rule.contains("**") {
            return Err(String::from("double-star (**) syntax is not supported"));
        }
        path_match(rule, "abc").map_err(String::from)?;
        let mut r = rule;
        let negate = r.starts_with('!');
        if negate {
            r = &r[1..];
        }
        let must_dir = r.ends_with('/');
        if must_dir {
            r = &r[..r.len() - 1];
        }
        let (r, base_only) = if let Some(stripped) = r.strip_prefix('/') {
            (stripped, false)
        } else {
            (r, !r.contains('/'))
        };
        self.patterns.push(Pattern {
            rule: String::from(r),
            negate,
            must_dir,
            base_only,
            shape: Shape::of(r),
        });
        Ok(())
    }

    /// Number of rules.
    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    /// True when there are no rules.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Whether the chart-relative `path` (with `/`) is ignored (Helm's `Rules.Ignore`).
    ///
    /// The directory walk calls this for directories (`is_dir`, pruning the whole subtree
    /// when true) and for files.
    pub fn ignore(&self, path: &str, is_dir: bool) -> bool {
        if path.is_empty() || path == "." || path == "./" {
            return false;
        }
        // Most rules match the base name: cut it once per path, not once per rule.
        let base_name = base(path);
        for p in &self.patterns {
            let matches = || {
                let name = if p.base_only { base_name } else { path };
                p.shape.matches(&p.rule, name)
            };
            if p.negate {
                if p.must_dir && !is_dir {
                    return true;
                }
                if !matches() {
                    return true;
                }
                continue;
            }
            if p.must_dir && !is_dir {
                continue;
            }
            if matches() {
                return true;
            }
        }
        false
    }

    /// Whether a file at `path` would be skipped by Helm's directory walk: any parent
    /// directory ignored (the walk prunes it) or the file itself ignored.
    pub fn ignore_file_in_walk(&self, path: &str) -> bool {
        let mut end = 0;
        while let Some(i) = path[end..].find('/') {
            let dir = &path[..end + i];
            if self.ignore(dir, true) {
                return true;
            }
            end += i + 1;
        }
        self.ignore(path, false)
    }
}

/// Go's `filepath.Base` for a relative path without trailing slashes.
fn base(path: &str) -> &str {
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return if path.is_empty() { "." } else { "/" };
    }
    match trimmed.rfind('/') {
        Some(i) => &trimmed[i + 1..],
        None => trimmed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    /// Expectations come from Helm v4.2.3: a chart holding FILES and each `.helmignore`,
    /// rendered by the oracle with a template listing `.Files` (plus the template names).
    #[test]
    fn oracle_table() {
        const FILES: &[&str] = &[
            "a.txt",
            "keep.txt",
            "helm.txt",
            "tiller.txt",
            "docs/readme.md",
            "docs/x.txt",
            "sub/dir/file.yaml",
            "templates/.hidden.yaml",
            "templates/sub/.h",
            "templates/x.tpl",
            "secret.key",
            ".git/config",
            "ci/values.yaml",
            "foo/bar/baz.txt",
            "foo/top.txt",
            "b.txt",
            "README.md",
            "values.yaml",
            ".helmignore",
            "crds/c.yaml",
            "templates/NOTES.txt",
            "a b/c d.txt",
            "x[1].txt",
            "Chart.yaml",
            "templates/t.yaml",
        ];
        let cases: &[(&str, Result<&[&str], &str>)] = &[
            (
                "*.txt\n",
                Ok(&[
                    ".git/config",
                    ".helmignore",
                    "README.md",
                    "ci/values.yaml",
                    "crds/c.yaml",
                    "docs/readme.md",
                    "secret.key",
                    "sub/dir/file.yaml",
                    "templates/sub/.h",
                    "templates/t.yaml",
                    "templates/x.tpl",
                ]),
            ),
            ("!helm.txt\n", Err("Chart.yaml file is missing")),
            (
                "docs/\n/ci\n*.key\n",
                Ok(&[
                    ".git/config",
                    ".helmignore",
                    "README.md",
                    "a b/c d.txt",
                    "a.txt",
                    "b.txt",
                    "crds/c.yaml",
                    "foo/bar/baz.txt",
                    "foo/top.txt",
                    "helm.txt",
                    "keep.txt",
                    "sub/dir/file.yaml",
                    "templates/NOTES.txt",
                    "templates/sub/.h",
                    "templates/t.yaml",
                    "templates/x.tpl",
                    "tiller.txt",
                    "x[1].txt",
                ]),
            ),
            (
                "foo/*\n",
                Ok(&[
                    ".git/config",
                    ".helmignore",
                    "README.md",
                    "a b/c d.txt",
                    "a.txt",
                    "b.txt",
                    "ci/values.yaml",
                    "crds/c.yaml",
                    "docs/readme.md",
                    "docs/x.txt",
                    "helm.txt",
                    "keep.txt",
                    "secret.key",
                    "sub/dir/file.yaml",
                    "templates/NOTES.txt",
                    "templates/sub/.h",
                    "templates/t.yaml",
                    "templates/x.tpl",
                    "tiller.txt",
                    "x[1].txt",
                ]),
            ),
            ("!docs/\n", Err("Chart.yaml file is missing")),
            (
                "templates/x.tpl\n#comment\n  *.md  \r\n",
                Ok(&[
                    ".git/config",
                    ".helmignore",
                    "a b/c d.txt",
                    "a.txt",
                    "b.txt",
                    "ci/values.yaml",
                    "crds/c.yaml",
                    "docs/x.txt",
                    "foo/bar/baz.txt",
                    "foo/top.txt",
                    "helm.txt",
                    "keep.txt",
                    "secret.key",
                    "sub/dir/file.yaml",
                    "templates/NOTES.txt",
                    "templates/sub/.h",
                    "templates/t.yaml",
                    "tiller.txt",
                    "x[1].txt",
                ]),
            ),
            (
                "[a-c].txt\nsub/*/file.yaml\n",
                Ok(&[
                    ".git/config",
                    ".helmignore",
                    "README.md",
                    "a b/c d.txt",
                    "ci/values.yaml",
                    "crds/c.yaml",
                    "docs/readme.md",
                    "docs/x.txt",
                    "foo/bar/baz.txt",
                    "foo/top.txt",
                    "helm.txt",
                    "keep.txt",
                    "secret.key",
                    "templates/NOTES.txt",
                    "templates/sub/.h",
                    "templates/t.yaml",
                    "templates/x.tpl",
                    "tiller.txt",
                    "x[1].txt",
                ]),
            ),
            ("**\n", Err("double-star (**) syntax is not supported")),
            ("[\n", Err("syntax error in pattern")),
            (
                ".*\n",
                Ok(&[
                    "README.md",
                    "a b/c d.txt",
                    "a.txt",
                    "b.txt",
                    "ci/values.yaml",
                    "crds/c.yaml",
                    "docs/readme.md",
                    "docs/x.txt",
                    "foo/bar/baz.txt",
                    "foo/top.txt",
                    "helm.txt",
                    "keep.txt",
                    "secret.key",
                    "sub/dir/file.yaml",
                    "templates/NOTES.txt",
                    "templates/t.yaml",
                    "templates/x.tpl",
                    "tiller.txt",
                    "x[1].txt",
                ]),
            ),
            (
                "/foo/bar\n*/readme.md\n",
                Ok(&[
                    ".git/config",
                    ".helmignore",
                    "README.md",
                    "a b/c d.txt",
                    "a.txt",
                    "b.txt",
                    "ci/values.yaml",
                    "crds/c.yaml",
                    "docs/x.txt",
                    "foo/top.txt",
                    "helm.txt",
                    "keep.txt",
                    "secret.key",
                    "sub/dir/file.yaml",
                    "templates/NOTES.txt",
                    "templates/sub/.h",
                    "templates/t.yaml",
                    "templates/x.tpl",
                    "tiller.txt",
                    "x[1].txt",
                ]),
            ),
            ("!*.txt\n!*.yaml\n", Err("Chart.yaml file is missing")),
            ("*.txt\n!keep.txt\n", Err("Chart.yaml file is missing")),
            (
                "foo\nsub/\n",
                Ok(&[
                    ".git/config",
                    ".helmignore",
                    "README.md",
                    "a b/c d.txt",
                    "a.txt",
                    "b.txt",
                    "ci/values.yaml",
                    "crds/c.yaml",
                    "docs/readme.md",
                    "docs/x.txt",
                    "helm.txt",
                    "keep.txt",
                    "secret.key",
                    "templates/NOTES.txt",
                    "templates/t.yaml",
                    "templates/x.tpl",
                    "tiller.txt",
                    "x[1].txt",
                ]),
            ),
            (
                "x\\[1\\].txt\na\\ b\n",
                Ok(&[
                    ".git/config",
                    ".helmignore",
                    "README.md",
                    "a.txt",
                    "b.txt",
                    "ci/values.yaml",
                    "crds/c.yaml",
                    "docs/readme.md",
                    "docs/x.txt",
                    "foo/bar/baz.txt",
                    "foo/top.txt",
                    "helm.txt",
                    "keep.txt",
                    "secret.key",
                    "sub/dir/file.yaml",
                    "templates/NOTES.txt",
                    "templates/sub/.h",
                    "templates/t.yaml",
                    "templates/x.tpl",
                    "tiller.txt",
                ]),
            ),
            (
                "templates/\n",
                Ok(&[
                    ".git/config",
                    ".helmignore",
                    "README.md",
                    "a b/c d.txt",
                    "a.txt",
                    "b.txt",
                    "ci/values.yaml",
                    "crds/c.yaml",
                    "docs/readme.md",
                    "docs/x.txt",
                    "foo/bar/baz.txt",
                    "foo/top.txt",
                    "helm.txt",
                    "keep.txt",
                    "secret.key",
                    "sub/dir/file.yaml",
                    "tiller.txt",
                    "x[1].txt",
                ]),
            ),
            (
                "/docs/*.txt\nChart.yaml\n",
                Err("Chart.yaml file is missing"),
            ),
            ("/\n!\n!/\n", Err("Chart.yaml file is missing")),
        ];
        for (text, want) in cases {
            let got = IgnoreRules::parse(text.as_bytes()).map(|mut r| {
                r.add_defaults();
                let mut kept: Vec<&str> = FILES
                    .iter()
                    .copied()
                    .filter(|f| !r.ignore_file_in_walk(f))
                    .collect();
                kept.sort_unstable();
                kept
            });
            match (got, want) {
                (Err(e), Err(w)) => assert_eq!(e, *w, "{text:?}"),
                (Ok(kept), Err(w)) => {
                    assert_eq!(*w, "Chart.yaml file is missing", "{text:?}");
                    assert!(!kept.contains(&"Chart.yaml"), "{text:?}");
                }
                (Ok(kept), Ok(w)) => {
                    let kept: Vec<&str> = kept
                        .into_iter()
                        .filter(|f| *f != "Chart.yaml" && *f != "values.yaml")
                        .collect();
                    assert_eq!(kept, *w, "{text:?}");
                }
                (Err(e), Ok(_)) => panic!("{text:?}: {e}"),
            }
        }
    }

    /// The shortcut shapes agree with `filepath.Match` wherever they are used.
    #[test]
    fn shapes_agree_with_path_match() {
        const RULES: &[&str] = &[
            "a.txt",
            "*.swp",
            "*~",
            "*",
            "*/x",
            "*.tar.gz",
            ".git",
            "docs/readme.md",
            "*.",
            "",
            "a-b",
            "x]y",
            "*/",
            "*a/b",
        ];
        const NAMES: &[&str] = &[
            "a.txt",
            "b.swp",
            ".swp",
            "dir/b.swp",
            "x~",
            "~",
            "a/x",
            "a/b/x",
            "x",
            "f.tar.gz",
            ".tar.gz",
            "tar.gz",
            ".git",
            "docs/readme.md",
            "a.",
            ".",
            "",
            "a-b",
            "x]y",
            "a/",
            "qa/b",
            "a/a/b",
            "/x",
        ];
        for rule in RULES {
            let shape = Shape::of(rule);
            for name in NAMES {
                let want = path_match(rule, name).unwrap();
                assert_eq!(shape.matches(rule, name), want, "{rule:?} {name:?}");
            }
        }
    }
}
