//! A chart reference that is no local path, read as Helm's `LocateChart` and chart
//! downloader read it (Go's `net/url`), to give Helm's answer when no repositories are
//! configured. Binnacle downloads nothing.

use std::path::Path;

use binnacle_core::gofmt::strconv::quote;

/// Helm's error for a chart reference that is no local path: `path "…" not found` for an
/// absolute path or one starting with `.`, `invalid chart URL format: …` for what Go's URL
/// parser refuses, `repo NAME not found` for `repo/chart`, else the downloader's words for a
/// bare name, with the name as Go prints the URL (`a%20b`). URLs (`https://`, `oci://`)
/// are refused: Binnacle downloads nothing.
pub fn missing_chart(name: &str) -> String {
    let name = name.trim();
    if Path::new(name).is_absolute() || name.starts_with('.') {
        return format!("path {} not found", quote(name));
    }
    let invalid = || format!("invalid chart URL format: {name}");
    if name.bytes().any(|b| b < 0x20 || b == 0x7f) {
        return invalid();
    }
    let (rest, fragment) = match name.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (name, None),
    };
    let Ok(scheme) = scheme(rest) else {
        return invalid();
    };
    if let Some(scheme) = scheme {
        let after = &rest[scheme.len() + 1..];
        if after.starts_with("//") {
            return format!(
                "chart {} not found: binnacle reads local chart directories and archives only",
                quote(name)
            );
        }
        // An opaque URL (`a.go:12`): no path to split.
        return format!(
            "non-absolute URLs should be in form of repo_name/path_to_chart, got: {name}"
        );
    }
    let (raw_path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (rest, None),
    };
    if raw_path
        .split('/')
        .next()
        .is_some_and(|seg| seg.contains(':'))
    {
        // Go: "first path segment in URL cannot contain colon".
        return invalid();
    }
    let Some(path) = unescape(raw_path) else {
        return invalid();
    };
    if let Some((repo, _)) = path.split_once('/') {
        return format!("repo {repo} not found");
    }
    // Go's `EscapedPath`: the path as typed when every byte of it may stand in a path.
    let mut shown = if valid_encoded(raw_path) {
        raw_path.to_string()
    } else {
        escape(&path, false)
    };
    if let Some(q) = query {
        shown.push('?');
        shown.push_str(q);
    }
    if let Some(f) = fragment {
        shown.push('#');
        shown.push_str(&escape(&unescape(f).unwrap_or_else(|| f.to_string()), true));
    }
    format!("non-absolute URLs should be in form of repo_name/path_to_chart, got: {shown}")
}

/// Go's `getScheme`: `Ok(None)` without one, `Err` for a leading `:`.
fn scheme(raw: &str) -> Result<Option<&str>, ()> {
    for (i, c) in raw.bytes().enumerate() {
        match c {
            b'a'..=b'z' | b'A'..=b'Z' => {}
            b'0'..=b'9' | b'+' | b'-' | b'.' if i > 0 => {}
            b':' if i == 0 => return Err(()),
            b':' => return Ok(Some(&raw[..i])),
            _ => return Ok(None),
        }
    }
    Ok(None)
}

/// Go's `unescape`: `%XX` decoded; `None` for a `%` without two hex digits.
fn unescape(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = |c: u8| (c as char).to_digit(16);
            let hi = hex(*b.get(i + 1)?)?;
            let lo = hex(*b.get(i + 2)?)?;
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(String::from_utf8_lossy(&out).into_owned())
}

/// Go's `validEncoded` for a path: bytes that need no escaping, sub-delimiters and `%`.
fn valid_encoded(s: &str) -> bool {
    s.bytes().all(|c| {
        b"!$&'()*+,;=:@[]%".contains(&c) || escape(&(c as char).to_string(), false).len() == 1
    })
}

/// Go's `escape` for a path (`fragment`: for a fragment, which also keeps `?!()*`).
fn escape(s: &str, fragment: bool) -> String {
    let mut out = String::new();
    for c in s.bytes() {
        let keep = c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'-' | b'_'
                    | b'.'
                    | b'~'
                    | b'$'
                    | b'&'
                    | b'+'
                    | b','
                    | b'/'
                    | b':'
                    | b';'
                    | b'='
                    | b'@'
            )
            || (fragment && matches!(c, b'?' | b'!' | b'(' | b')' | b'*'));
        if keep {
            out.push(c as char);
        } else {
            out.push_str(&format!("%{c:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::missing_chart;

    /// What `helm template` v4.2.3 answered for each (no repositories configured).
    #[test]
    fn as_helm_answers() {
        let bare = "non-absolute URLs should be in form of repo_name/path_to_chart, got: ";
        for (name, want) in [
            ("nonexistent", format!("{bare}nonexistent")),
            ("a b", format!("{bare}a%20b")),
            ("\"a,b\"", format!("{bare}%22a,b%22")),
            ("{}", format!("{bare}%7B%7D")),
            ("a#b?c", format!("{bare}a#b?c")),
            ("a.go:12", format!("{bare}a.go:12")),
            ("a[0]=1", format!("{bare}a[0]=1")),
            ("a%41 b", format!("{bare}aA%20b")),
            (
                "{\"a\":1}",
                "invalid chart URL format: {\"a\":1}".to_string(),
            ),
            ("a%zz", "invalid chart URL format: a%zz".to_string()),
            ("rep o/ch art", "repo rep o not found".to_string()),
            ("./x", "path \"./x\" not found".to_string()),
            ("/x", "path \"/x\" not found".to_string()),
        ] {
            assert_eq!(missing_chart(name), want, "{name}");
        }
    }
}
