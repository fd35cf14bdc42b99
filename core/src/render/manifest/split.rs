//! Helm's `releaseutil.SplitManifests` and the small Go string and path helpers the sorter
//! and the `helm template` output depend on.
//!
//! Helm splits a rendered file with the regular expression `(?:^|\s*\n)---\s*`: no
//! multi-line flag, so `^` is only the start of the text, and `\s` is RE2's ASCII class
//! `[\t\n\f\r ]`. The matcher below reproduces Go's leftmost-first `Split` by hand.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// RE2's `\s`: tab, newline, form feed, carriage return, space (not `\v`).
fn is_re_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0c | b'\r' | b' ')
}

/// The next separator match at or after `from`, as `(start, end)` byte offsets.
fn next_separator(b: &[u8], from: usize) -> Option<(usize, usize)> {
    let start = if from == 0 && b.starts_with(b"---") {
        Some(0)
    } else {
        // The leftmost match of `\s*\n---` begins where the run of spaces ending in the
        // newline begins (but not before the end of the previous match).
        let mut found = None;
        let mut j = from;
        while j + 3 < b.len() {
            if b[j] == b'\n' && &b[j + 1..j + 4] == b"---" {
                let mut s = j;
                while s > from && is_re_space(b[s - 1]) {
                    s -= 1;
                }
                found = Some((s, j + 1));
                break;
            }
            j += 1;
        }
        return found.map(|(s, dashes)| (s, skip_spaces(b, dashes + 3)));
    };
    start.map(|s| (s, skip_spaces(b, s + 3)))
}

fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && is_re_space(b[i]) {
        i += 1;
    }
    i
}

/// `releaseutil.SplitManifests`: the documents of a YAML stream in order, each with its
/// leading whitespace removed; whitespace-only pieces are dropped. A document keeps its
/// trailing newline only when it ends the text (the separator eats the whitespace before it).
pub fn split_manifests(text: &str) -> Vec<&str> {
    let s = text.trim_start();
    let b = s.as_bytes();
    let mut pieces = Vec::new();
    let mut beg = 0;
    let mut search = 0;
    while let Some((start, end)) = next_separator(b, search) {
        // Separator boundaries are ASCII, so these slices stay on char boundaries.
        pieces.push(&s[beg..start]);
        beg = end;
        search = end;
        if end >= b.len() {
            break;
        }
    }
    pieces.push(&s[beg..]);
    pieces
        .into_iter()
        .filter(|d| !d.trim().is_empty())
        .map(str::trim_start)
        .collect()
}

/// [`split_manifests`] keyed as Helm keys them (`manifest-0`, `manifest-1`, ...). Feeding this
/// map to the sorter reproduces Helm's uninstall quirk: keys sort as strings, so
/// `manifest-10` comes before `manifest-2` among objects of one kind.
pub fn split_manifests_named(text: &str) -> BTreeMap<String, String> {
    split_manifests(text)
        .into_iter()
        .enumerate()
        .map(|(i, d)| (format!("manifest-{i}"), String::from(d)))
        .collect()
}

/// Go's `path.Base`.
pub(crate) fn path_base(p: &str) -> &str {
    if p.is_empty() {
        return ".";
    }
    let p = p.trim_end_matches('/');
    if p.is_empty() {
        return "/";
    }
    match p.rfind('/') {
        Some(i) => &p[i + 1..],
        None => p,
    }
}

/// Go's `strings.ToLower`: like Rust's, except that U+0130 lowers to a plain `i`.
pub(crate) fn go_to_lower(s: &str) -> String {
    s.chars()
        .map(|c| if c == '\u{130}' { 'i' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Go's `strconv.Atoi` on 64-bit platforms: optional sign, ASCII digits, in `int64` range.
pub(crate) fn go_atoi(s: &str) -> Option<i64> {
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut v: i128 = 0;
    for b in digits.bytes() {
        v = v * 10 + i128::from(b - b'0');
        if v > i128::from(i64::MAX) + 1 {
            return None;
        }
    }
    let v = if neg { -v } else { v };
    i64::try_from(v).ok()
}
