//! Line diffs of two outputs, in hunks with context, for the playground's diff view.

use similar::{Algorithm, ChangeTag, TextDiff};

use crate::protocol::{DiffLine, DiffResponse};

/// Lines of context around each change.
const CONTEXT: usize = 3;

/// Most lines per side: beyond this a diff could take too long for an interactive view.
pub const MAX_LINES: usize = 400_000;

/// The line diff of `old` and `new`.
pub fn diff(old: &str, new: &str) -> Result<DiffResponse, String> {
    for (side, text) in [("first", old), ("second", new)] {
        let n = text.lines().count();
        if n > MAX_LINES {
            return Err(format!(
                "the {side} text has {n} lines; the diff view handles at most {MAX_LINES}"
            ));
        }
    }
    // Patience anchors on unique lines, so a large rewrite does not degrade to Myers' worst
    // case; no deadline is set because clocks are not available in every WASM host.
    let d = TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .diff_lines(old, new);
    let mut resp = DiffResponse::default();
    for group in d.grouped_ops(CONTEXT) {
        let mut hunk = Vec::new();
        for op in group {
            for change in d.iter_changes(&op) {
                let tag = match change.tag() {
                    ChangeTag::Equal => ' ',
                    ChangeTag::Delete => {
                        resp.removed += 1;
                        '-'
                    }
                    ChangeTag::Insert => {
                        resp.added += 1;
                        '+'
                    }
                };
                let text = change.value();
                hunk.push(DiffLine {
                    tag,
                    text: text.strip_suffix('\n').unwrap_or(text).to_string(),
                    old: change.old_index().map(|i| i as u32 + 1),
                    new: change.new_index().map(|i| i as u32 + 1),
                });
            }
        }
        resp.hunks.push(hunk);
    }
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunks_and_counts() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";
        let new = "a\nb\nc\nd\nE\nf\ng\nh\ni\nj\nk\n";
        let d = diff(old, new).unwrap();
        assert_eq!((d.added, d.removed), (2, 1));
        assert_eq!(d.hunks.len(), 1);
        let shown: Vec<String> = d.hunks[0]
            .iter()
            .map(|l| format!("{}{}", l.tag, l.text))
            .collect();
        assert_eq!(
            shown,
            [" b", " c", " d", "-e", "+E", " f", " g", " h", " i", " j", "+k"]
        );
        assert_eq!(d.hunks[0][3].old, Some(5));
        assert_eq!(d.hunks[0][4].new, Some(5));
        assert!(diff("same\n", "same\n").unwrap().hunks.is_empty());
    }
}
