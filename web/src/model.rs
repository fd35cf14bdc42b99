//! The page's data, without the browser: chart files, the file tree, example charts,
//! imported file sets, and editor positions from Go's byte columns.

use std::collections::BTreeMap;

/// Longest path accepted for a chart file.
pub const MAX_PATH_LEN: usize = 1024;

include!(concat!(env!("OUT_DIR"), "/examples.rs"));

/// An example chart of the gallery.
pub struct Example {
    /// Its id (directory name), used in `#example=<id>` links.
    pub id: &'static str,
    /// What the example shows, for the gallery's menu.
    pub title: &'static str,
    /// Its files.
    pub files: &'static [(&'static str, &'static [u8])],
}

/// Menu titles, in the gallery's order; examples not listed here come last.
const TITLES: &[(&str, &str)] = &[
    ("app", "Web application (Deployment, Service, hooks, NOTES)"),
    ("umbrella", "Umbrella chart: subcharts and globals"),
    ("library-user", "Using a library chart"),
    ("tpl-files", "tpl and .Files"),
];

/// The example charts, in the gallery's order.
pub fn examples() -> Vec<Example> {
    let mut v: Vec<Example> = EXAMPLES
        .iter()
        .map(|(id, files)| Example {
            id,
            title: TITLES
                .iter()
                .find(|(i, _)| i == id)
                .map_or(*id, |(_, t)| *t),
            files,
        })
        .collect();
    v.sort_by_key(|e| {
        TITLES
            .iter()
            .position(|(i, _)| *i == e.id)
            .unwrap_or(usize::MAX)
    });
    v
}

/// The example the page opens with.
pub const DEFAULT_EXAMPLE: &str = "app";

/// Whether a file is shown as text (UTF-8 without NUL bytes).
pub fn is_text(data: &[u8]) -> bool {
    !data.contains(&0) && std::str::from_utf8(data).is_ok()
}

/// Whether a name looks like a chart archive.
pub fn is_archive_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.ends_with(".tgz") || n.ends_with(".tar.gz")
}

/// A chart-relative path as the workspace keys it: `/` separators, no `.`/`..`, no
/// leading `/`. `None` when nothing is left or it would leave the chart.
pub fn clean_path(p: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.trim().split(['/', '\\']) {
        match seg {
            "" | "." => {}
            ".." => return None,
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    (!joined.is_empty() && joined.len() <= MAX_PATH_LEN).then_some(joined)
}

/// Files picked or dropped as a folder come with the folder's name first
/// (`mychart/Chart.yaml`): strip that component when the chart's root is there. When
/// several charts are dropped together, the first `Chart.yaml` closest to the top wins and
/// only its files are kept.
pub fn chart_root(files: Vec<(String, Vec<u8>)>) -> Result<Vec<(String, Vec<u8>)>, String> {
    let files: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .filter_map(|(p, d)| clean_path(&p).map(|p| (p, d)))
        .collect();
    let root = files
        .iter()
        .filter(|(p, _)| p == "Chart.yaml" || p.ends_with("/Chart.yaml"))
        .map(|(p, _)| p.trim_end_matches("Chart.yaml").to_string())
        .min_by_key(|dir| (dir.matches('/').count(), dir.clone()))
        .ok_or("no Chart.yaml among these files: drop a chart's folder or its .tgz")?;
    Ok(files
        .into_iter()
        .filter_map(|(p, d)| p.strip_prefix(root.as_str()).map(|r| (r.to_string(), d)))
        .collect())
}

/// A node of the file tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TreeNode {
    /// A directory and its children (directories first, then files, each by name).
    Dir {
        /// Its name.
        name: String,
        /// Its path.
        path: String,
        /// Entries.
        children: Vec<TreeNode>,
    },
    /// A file.
    File {
        /// Its name.
        name: String,
        /// Its path.
        path: String,
    },
}

/// The tree of `paths`.
pub fn tree<'a>(paths: impl IntoIterator<Item = &'a str>) -> Vec<TreeNode> {
    #[derive(Default)]
    struct Dir {
        dirs: BTreeMap<String, Dir>,
        files: Vec<String>,
    }
    let mut root = Dir::default();
    for p in paths {
        let mut d = &mut root;
        let mut segs: Vec<&str> = p.split('/').collect();
        let file = segs.pop().unwrap_or_default();
        for s in segs {
            d = d.dirs.entry(s.to_string()).or_default();
        }
        d.files.push(file.to_string());
    }
    fn build(d: Dir, prefix: &str) -> Vec<TreeNode> {
        let mut out = Vec::new();
        for (name, sub) in d.dirs {
            let path = format!("{prefix}{name}");
            let children = build(sub, &format!("{path}/"));
            out.push(TreeNode::Dir {
                name,
                path,
                children,
            });
        }
        let mut files = d.files;
        files.sort();
        for name in files {
            out.push(TreeNode::File {
                path: format!("{prefix}{name}"),
                name,
            });
        }
        out
    }
    build(root, "")
}

/// The editor column (UTF-16 code units) of Go's column (a byte offset) in line `line`
/// (1-based) of `text`; clamped to the line.
pub fn utf16_column(text: &str, line: u32, byte_col: u32) -> u32 {
    let Some(l) = text.split('\n').nth(line.saturating_sub(1) as usize) else {
        return 0;
    };
    let mut end = (byte_col as usize).min(l.len());
    while !l.is_char_boundary(end) {
        end -= 1;
    }
    l[..end].encode_utf16().count() as u32
}

/// A file name for the rendered output: `<release>-<chart>.yaml`.
pub fn output_file_name(release: &str, chart: &str) -> String {
    let safe = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                    c
                } else {
                    '-'
                }
            })
            .collect()
    };
    match (release.is_empty(), chart.is_empty()) {
        (false, false) => format!("{}-{}.yaml", safe(release), safe(chart)),
        (true, false) => format!("{}.yaml", safe(chart)),
        (false, true) => format!("{}.yaml", safe(release)),
        (true, true) => "manifests.yaml".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_are_compiled_in() {
        let ex = examples();
        let ids: Vec<&str> = ex.iter().map(|e| e.id).collect();
        assert_eq!(ids, ["app", "umbrella", "library-user", "tpl-files"]);
        for e in &ex {
            assert!(e.files.iter().any(|(p, _)| *p == "Chart.yaml"), "{}", e.id);
            assert!(e.files.iter().all(|(_, d)| is_text(d)), "{}", e.id);
        }
        assert!(ex.iter().any(|e| e.id == DEFAULT_EXAMPLE));
    }

    #[test]
    fn paths_and_roots() {
        for (given, want) in [
            ("a/b", Some("a/b")),
            ("/a//b/", Some("a/b")),
            ("a\\b", Some("a/b")),
            ("./a", Some("a")),
            ("a/../b", None),
            ("", None),
        ] {
            assert_eq!(clean_path(given).as_deref(), want, "{given}");
        }
        let f = |p: &str| (p.to_string(), Vec::new());
        let got = chart_root(vec![
            f("mychart/Chart.yaml"),
            f("mychart/templates/a.yaml"),
            f("mychart/charts/sub/Chart.yaml"),
            f("README.md"),
        ])
        .unwrap();
        let names: Vec<&str> = got.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            names,
            ["Chart.yaml", "templates/a.yaml", "charts/sub/Chart.yaml"]
        );
        let flat = chart_root(vec![f("Chart.yaml"), f("values.yaml")]).unwrap();
        assert_eq!(flat.len(), 2);
        assert!(chart_root(vec![f("x/values.yaml")]).is_err());
    }

    #[test]
    fn file_tree() {
        let t = tree([
            "values.yaml",
            "templates/b.yaml",
            "Chart.yaml",
            "templates/a.yaml",
            "charts/sub/Chart.yaml",
        ]);
        let show = |n: &TreeNode| match n {
            TreeNode::Dir { path, children, .. } => format!("{path}/ ({})", children.len()),
            TreeNode::File { path, .. } => path.clone(),
        };
        let top: Vec<String> = t.iter().map(show).collect();
        assert_eq!(
            top,
            ["charts/ (1)", "templates/ (2)", "Chart.yaml", "values.yaml"]
        );
        let TreeNode::Dir { children, .. } = &t[1] else {
            panic!()
        };
        assert_eq!(show(&children[0]), "templates/a.yaml");
    }

    #[test]
    fn columns() {
        let text = "first\na: {{ x }}\né€😀{{ y }}\n";
        // Go counts bytes; the editor counts UTF-16 code units.
        assert_eq!(utf16_column(text, 2, 3), 3);
        assert_eq!(utf16_column(text, 3, 9), 4);
        assert_eq!(utf16_column(text, 3, 8), 2);
        assert_eq!(utf16_column(text, 3, 100), 11);
        assert_eq!(utf16_column(text, 9, 1), 0);
        assert_eq!(
            output_file_name("release-name", "webapp"),
            "release-name-webapp.yaml"
        );
        assert_eq!(output_file_name("a b", ""), "a-b.yaml");
    }
}
