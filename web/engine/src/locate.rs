//! Where an error points: the `FILE:LINE[:COL]` places Helm's messages name, mapped from
//! Helm's template paths (`mychart/charts/sub/templates/x.yaml`) to the workspace's files.

use std::collections::BTreeSet;

use crate::protocol::{Location, VALUES_FILE};

/// The workspace's paths, to map Helm's template paths onto.
pub struct PathMap {
    paths: BTreeSet<String>,
}

impl PathMap {
    /// A map over these workspace paths.
    pub fn new<'a>(paths: impl Iterator<Item = &'a str>) -> PathMap {
        PathMap {
            paths: paths.map(str::to_string).collect(),
        }
    }

    /// The workspace file a Helm template path (`<root>/…`) comes from, if any.
    ///
    /// A subchart is named in Helm's path by its name or alias, in the workspace by its
    /// directory under `charts/`; so the segment after each `charts` matches any name,
    /// an exact match winning.
    pub fn workspace_path(&self, helm_path: &str, root: &str) -> Option<String> {
        let rest = helm_path.strip_prefix(root)?.strip_prefix('/')?;
        if self.paths.contains(rest) {
            return Some(rest.to_string());
        }
        let want: Vec<&str> = rest.split('/').collect();
        self.paths
            .iter()
            .find(|p| {
                let got: Vec<&str> = p.split('/').collect();
                got.len() == want.len()
                    && got.iter().zip(&want).enumerate().all(|(i, (g, w))| {
                        g == w || (i > 0 && want[i - 1] == "charts" && i + 1 < want.len())
                    })
            })
            .cloned()
    }
}

/// Every place `message` names, in order. Template places (`<root>/…:LINE[:COL]`) are
/// mapped to workspace files; YAML errors in `values.yaml`, `Chart.yaml` or the user values
/// (`yaml: line N:`) point at that file.
pub fn locations(message: &str, root: &str, paths: &PathMap) -> Vec<Location> {
    let mut out: Vec<Location> = Vec::new();
    if !root.is_empty() {
        for tok in message.split(|c: char| c.is_whitespace() || "()<>\"".contains(c)) {
            if let Some(loc) = template_place(tok, root, paths) {
                if out.last() != Some(&loc) {
                    out.push(loc);
                }
            }
        }
    }
    if out.is_empty() {
        if let Some(loc) =
            yaml_place(message, paths).or_else(|| rendered_yaml_place(message, root, paths))
        {
            out.push(loc);
        }
    }
    out
}

/// `<root>/path:LINE[:COL][:]` → a location.
fn template_place(tok: &str, root: &str, paths: &PathMap) -> Option<Location> {
    let tok = tok.trim_end_matches(':');
    if !tok.starts_with(root) || !tok[root.len()..].starts_with('/') {
        return None;
    }
    let mut parts = tok.rsplitn(3, ':');
    let last = parts.next()?;
    let mid = parts.next()?;
    let (file, line, column) = match parts.next() {
        Some(file) if mid.parse::<u32>().is_ok() => (file, mid, Some(last)),
        _ => (mid, last, None),
    };
    let line: u32 = line.parse().ok()?;
    let column = match column {
        Some(c) => Some(c.parse::<u32>().ok()?),
        None => None,
    };
    let (file, in_workspace) = match paths.workspace_path(file, root) {
        Some(p) => (p, true),
        None => (file.to_string(), false),
    };
    Some(Location {
        file,
        in_workspace,
        line: Some(line),
        column,
    })
}

/// `failed to parse user-values.yaml: … yaml: line N: …` and `cannot load values.yaml: …`.
fn yaml_place(message: &str, paths: &PathMap) -> Option<Location> {
    let (file, in_workspace) = if message.starts_with(&format!("failed to parse {VALUES_FILE}:")) {
        (VALUES_FILE.to_string(), false)
    } else {
        let rest = message.strip_prefix("cannot load ")?;
        let name = rest.split(':').next()?;
        if !paths.paths.contains(name) {
            return None;
        }
        (name.to_string(), true)
    };
    let line = message
        .find("line ")
        .and_then(|i| {
            let digits: String = message[i + 5..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse().ok()
        })
        .filter(|&l: &u32| l > 0);
    Some(Location {
        file,
        in_workspace,
        line,
        column: None,
    })
}

/// A YAML error inside a rendered document names only its template: point at the file.
fn rendered_yaml_place(message: &str, root: &str, paths: &PathMap) -> Option<Location> {
    let rest = message.strip_prefix("YAML parse error on ")?;
    let file = rest.split(':').next()?;
    let (file, in_workspace) = match paths.workspace_path(file, root) {
        Some(p) => (p, true),
        None => (file.to_string(), false),
    };
    Some(Location {
        file,
        in_workspace,
        line: None,
        column: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loc(file: &str, ws: bool, line: Option<u32>, column: Option<u32>) -> Location {
        Location {
            file: file.into(),
            in_workspace: ws,
            line,
            column,
        }
    }

    #[test]
    fn places_in_helm_messages() {
        let paths = PathMap::new(
            [
                "templates/t.yaml",
                "templates/_h.tpl",
                "charts/sub-dir/templates/x.yaml",
                "values.yaml",
            ]
            .into_iter(),
        );
        // Messages as Helm v4.2.3 words them.
        let cases: &[(&str, Vec<Location>)] = &[
            (
                "x/templates/t.yaml:2:3\n  executing \"x/templates/t.yaml\" at <include \"x.h\" .>:\n    error calling include:\nx/templates/_h.tpl:2:13\n  executing \"x.h\" at <.Values.a.b.c>:\n    can't evaluate field b in type interface {}",
                vec![
                    loc("templates/t.yaml", true, Some(2), Some(3)),
                    loc("templates/_h.tpl", true, Some(2), Some(13)),
                ],
            ),
            (
                "execution error at (x/templates/t.yaml:2:3): need foo",
                vec![loc("templates/t.yaml", true, Some(2), Some(3))],
            ),
            (
                "parse error at (x/templates/t.yaml:1): function \"foo\" not defined",
                vec![loc("templates/t.yaml", true, Some(1), None)],
            ),
            (
                "template: x/templates/t.yaml:2:7: executing \"x/templates/t.yaml\" at <index .Values 3>: error calling index: value has type int; should be string",
                vec![loc("templates/t.yaml", true, Some(2), Some(7))],
            ),
            (
                "execution error at (x/charts/sub/templates/x.yaml:4:1): boom",
                vec![loc("charts/sub-dir/templates/x.yaml", true, Some(4), Some(1))],
            ),
            (
                "execution error at (x/charts/packed/templates/y.yaml:4:1): boom",
                vec![loc("x/charts/packed/templates/y.yaml", false, Some(4), Some(1))],
            ),
            (
                "failed to parse user-values.yaml: error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this context",
                vec![loc(VALUES_FILE, false, Some(2), None)],
            ),
            (
                "cannot load values.yaml: error converting YAML to JSON: yaml: line 3: did not find expected key",
                vec![loc("values.yaml", true, Some(3), None)],
            ),
            ("chart metadata (Chart.yaml) missing", vec![]),
        ];
        for (msg, want) in cases {
            assert_eq!(&locations(msg, "x", &paths), want, "{msg}");
        }
        assert_eq!(
            rendered_yaml_place(
                "YAML parse error on x/templates/t.yaml: error converting YAML to JSON: yaml: line 2: bad",
                "x",
                &paths
            ),
            Some(loc("templates/t.yaml", true, None, None))
        );
    }
}
