//! Masterminds semver v3 as Helm v4 vendors it: `NewVersion` (coercing `1`, `1.2`, `v1`,
//! leading zeros) and `NewConstraint`/`Check` (`^`, `~`, `x` wildcards, hyphen ranges,
//! `,`/space AND groups, `||`), with its error texts and input limits.
//!
//! Helm uses it to match `Chart.yaml` dependency versions against subcharts, for chart
//! version validation and (through Sprig) `semverCompare`.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::cmp::Ordering;

use crate::values::gostr::quote;

/// Masterminds `MaxVersionLen`.
pub const MAX_VERSION_LEN: usize = 256;
/// Masterminds `MaxConstraintLen`.
pub const MAX_CONSTRAINT_LEN: usize = 512;
/// Masterminds `MaxConstraintGroups`.
pub const MAX_CONSTRAINT_GROUPS: usize = 32;

/// A parsed semantic version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    /// Major number.
    pub major: u64,
    /// Minor number.
    pub minor: u64,
    /// Patch number.
    pub patch: u64,
    /// Prerelease identifiers (after `-`), without the dash.
    pub pre: String,
    /// Build metadata (after `+`), without the plus.
    pub metadata: String,
    /// The text parsed.
    pub original: String,
}

fn is_num(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_allowed(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-'
}

fn valid_identifiers(s: &str) -> bool {
    s.split('.')
        .all(|p| !p.is_empty() && p.bytes().all(is_allowed))
}

fn validate_prerelease(p: &str) -> Result<(), String> {
    for part in p.split('.') {
        if part.is_empty() {
            return Err(String::from("invalid prerelease string"));
        }
        if part.bytes().all(|b| b.is_ascii_digit()) {
            if part.len() > 1 && part.starts_with('0') {
                return Err(String::from("version segment starts with 0"));
            }
        } else if !part.bytes().all(is_allowed) {
            return Err(String::from("invalid prerelease string"));
        }
    }
    Ok(())
}

/// Go's `strconv.ParseUint(s, 10, 64)` error text.
fn parse_u64(s: &str) -> Result<u64, String> {
    let mut n: u64 = 0;
    for b in s.bytes() {
        if !b.is_ascii_digit() {
            return Err(format!(
                "strconv.ParseUint: parsing {}: invalid syntax",
                quote(s)
            ));
        }
        n = match n
            .checked_mul(10)
            .and_then(|m| m.checked_add(u64::from(b - b'0')))
        {
            Some(m) => m,
            None => {
                return Err(format!(
                    "strconv.ParseUint: parsing {}: value out of range",
                    quote(s)
                ))
            }
        };
    }
    if s.is_empty() {
        return Err(format!(
            "strconv.ParseUint: parsing {}: invalid syntax",
            quote(s)
        ));
    }
    Ok(n)
}

impl Version {
    /// Masterminds `NewVersion`: SemVer-ish text, coerced (`1.2` is `1.2.0`).
    pub fn parse(v: &str) -> Result<Version, String> {
        if v.len() > MAX_VERSION_LEN {
            return Err(format!(
                "version string is too long (max {MAX_VERSION_LEN} bytes)"
            ));
        }
        let invalid = || String::from("invalid semantic version");
        let mut s = v.strip_prefix('v').unwrap_or(v);
        let mut metadata = "";
        let mut pre = "";
        if let Some(i) = s.find('+') {
            metadata = &s[i + 1..];
            s = &s[..i];
            if !valid_identifiers(metadata) {
                return Err(invalid());
            }
        }
        if let Some(i) = s.find('-') {
            pre = &s[i + 1..];
            s = &s[..i];
            if !valid_identifiers(pre) {
                return Err(invalid());
            }
        }
        let segs: Vec<&str> = s.split('.').collect();
        if segs.len() > 3 || !segs.iter().all(|p| is_num(p)) {
            return Err(invalid());
        }
        let seg = |i: usize| -> Result<u64, String> {
            match segs.get(i) {
                Some(p) => parse_u64(p).map_err(|e| format!("error parsing version segment: {e}")),
                None => Ok(0),
            }
        };
        let (major, minor, patch) = (seg(0)?, seg(1)?, seg(2)?);
        if !pre.is_empty() {
            validate_prerelease(pre)?;
        }
        Ok(Version {
            major,
            minor,
            patch,
            pre: String::from(pre),
            metadata: String::from(metadata),
            original: String::from(v),
        })
    }

    /// Masterminds `Compare`: numbers, then prerelease (a release sorts after its
    /// prereleases); metadata ignored.
    pub fn compare(&self, o: &Version) -> Ordering {
        self.major
            .cmp(&o.major)
            .then(self.minor.cmp(&o.minor))
            .then(self.patch.cmp(&o.patch))
            .then_with(|| match (self.pre.is_empty(), o.pre.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => compare_prerelease(&self.pre, &o.pre),
            })
    }
}

impl core::fmt::Display for Version {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        if !self.pre.is_empty() {
            write!(f, "-{}", self.pre)?;
        }
        if !self.metadata.is_empty() {
            write!(f, "+{}", self.metadata)?;
        }
        Ok(())
    }
}

fn compare_prerelease(a: &str, b: &str) -> Ordering {
    let sa: Vec<&str> = a.split('.').collect();
    let sb: Vec<&str> = b.split('.').collect();
    for i in 0..sa.len().max(sb.len()) {
        let x = sa.get(i).copied().unwrap_or("");
        let y = sb.get(i).copied().unwrap_or("");
        let d = compare_pre_part(x, y);
        if d != Ordering::Equal {
            return d;
        }
    }
    Ordering::Equal
}

fn compare_pre_part(s: &str, o: &str) -> Ordering {
    if s == o {
        return Ordering::Equal;
    }
    if s.is_empty() {
        return Ordering::Less;
    }
    if o.is_empty() {
        return Ordering::Greater;
    }
    match (parse_u64(s), parse_u64(o)) {
        (Err(_), Err(_)) => {
            if s > o {
                Ordering::Greater
            } else {
                Ordering::Less
            }
        }
        (Ok(_), Err(_)) => Ordering::Less,
        (Err(_), Ok(_)) => Ordering::Greater,
        (Ok(a), Ok(b)) => {
            if a > b {
                Ordering::Greater
            } else {
                Ordering::Less
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    TildeOrEqual,
    NotEqual,
    Greater,
    Less,
    GreaterEqual,
    LessEqual,
    Tilde,
    Caret,
}

#[derive(Clone, Debug)]
struct Constraint {
    op: Op,
    con: Version,
    dirty: bool,
    minor_dirty: bool,
    patch_dirty: bool,
}

/// A parsed constraint: OR groups of AND-ed comparisons.
#[derive(Clone, Debug)]
pub struct Constraints {
    groups: Vec<(Vec<Constraint>, bool)>,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0c' | b'\r')
}

fn skip_space(s: &str) -> &str {
    s.trim_start_matches(|c: char| c.is_ascii() && is_space(c as u8))
}

fn is_seg_char(b: u8) -> bool {
    b.is_ascii_digit() || matches!(b, b'x' | b'X' | b'*' | b'|')
}

fn is_x(s: &str) -> bool {
    matches!(s, "x" | "X" | "*")
}

fn parser_error() -> String {
    String::from("constraint parser error")
}

fn improper(s: &str) -> String {
    format!("improper constraint: {}", quote(s))
}

/// Scans dot-separated identifiers from `i`; returns the end (== `i` when none).
fn scan_identifiers(s: &[u8], i: usize) -> usize {
    let mut end = i;
    loop {
        let start = end;
        while end < s.len() && is_allowed(s[end]) {
            end += 1;
        }
        if end == start {
            return start;
        }
        if end + 1 < s.len() && s[end] == b'.' && is_allowed(s[end + 1]) {
            end += 1;
            continue;
        }
        return end;
    }
}

fn constraint_segment(s: &str) -> Result<u64, String> {
    if !is_num(s) {
        return Err(parser_error());
    }
    parse_u64(s).map_err(|_| parser_error())
}

/// One constraint from the front of `s` (no leading space); returns it and the rest.
fn scan_constraint(s: &str) -> Result<(Constraint, &str), String> {
    let (op, rest) = match s.get(..2) {
        Some("!=") => (Op::NotEqual, &s[2..]),
        Some(">=") | Some("=>") => (Op::GreaterEqual, &s[2..]),
        Some("<=") | Some("=<") => (Op::LessEqual, &s[2..]),
        Some("~>") => (Op::Tilde, &s[2..]),
        _ => match s.as_bytes().first() {
            Some(b'=') => (Op::TildeOrEqual, &s[1..]),
            Some(b'>') => (Op::Greater, &s[1..]),
            Some(b'<') => (Op::Less, &s[1..]),
            Some(b'~') => (Op::Tilde, &s[1..]),
            Some(b'^') => (Op::Caret, &s[1..]),
            _ => (Op::TildeOrEqual, s),
        },
    };
    let rest = skip_space(rest);
    let b = rest.as_bytes();
    let mut i = 0;
    if b.first() == Some(&b'v') {
        i += 1;
    }
    let mut segs: Vec<&str> = Vec::new();
    loop {
        let start = i;
        while i < b.len() && is_seg_char(b[i]) {
            i += 1;
        }
        if i == start {
            return Err(improper(s));
        }
        segs.push(&rest[start..i]);
        if segs.len() == 3 || i + 1 >= b.len() || b[i] != b'.' || !is_seg_char(b[i + 1]) {
            break;
        }
        i += 1;
    }
    let mut pre = "";
    let mut metadata = "";
    if i < b.len() && b[i] == b'-' {
        let end = scan_identifiers(b, i + 1);
        if end > i + 1 {
            pre = &rest[i + 1..end];
            i = end;
        }
    }
    if i < b.len() && b[i] == b'+' {
        let end = scan_identifiers(b, i + 1);
        if end > i + 1 {
            metadata = &rest[i + 1..end];
            i = end;
        }
    }
    let orig = &rest[..i];
    let mut con = Version {
        major: 0,
        minor: 0,
        patch: 0,
        pre: String::from(pre),
        metadata: String::new(),
        original: String::from(orig),
    };
    let mut c = Constraint {
        op,
        con: con.clone(),
        dirty: false,
        minor_dirty: false,
        patch_dirty: false,
    };
    let mut ver_len = 5 + if pre.is_empty() { 0 } else { 1 + pre.len() };
    if is_x(segs[0]) {
        c.dirty = true;
    } else if segs.len() < 2 || is_x(segs[1]) {
        c.dirty = true;
        c.minor_dirty = true;
        ver_len += segs[0].len() - 1;
        con.major = constraint_segment(segs[0])?;
    } else if segs.len() < 3 || is_x(segs[2]) {
        c.dirty = true;
        c.patch_dirty = true;
        ver_len += segs[0].len() + segs[1].len() - 2;
        con.major = constraint_segment(segs[0])?;
        con.minor = constraint_segment(segs[1])?;
    } else {
        con.metadata = String::from(metadata);
        ver_len = orig.len();
        con.major = constraint_segment(segs[0])?;
        con.minor = constraint_segment(segs[1])?;
        con.patch = constraint_segment(segs[2])?;
    }
    if ver_len > MAX_VERSION_LEN {
        return Err(parser_error());
    }
    if !pre.is_empty() && validate_prerelease(pre).is_err() {
        return Err(parser_error());
    }
    c.con = con;
    Ok((c, &rest[i..]))
}

fn parse_group(g: &str) -> Result<Vec<Constraint>, String> {
    let mut s = skip_space(g);
    if s.is_empty() {
        return Err(improper(g));
    }
    let mut out = Vec::new();
    loop {
        let (c, rest) = scan_constraint(s)?;
        out.push(c);
        let mut trimmed = skip_space(rest);
        if trimmed.is_empty() {
            return Ok(out);
        }
        if trimmed.starts_with(',') {
            trimmed = skip_space(&trimmed[1..]);
        } else if trimmed.len() == rest.len() {
            return Err(improper(g));
        }
        if trimmed.is_empty() {
            return Err(improper(g));
        }
        s = trimmed;
    }
}

/// Masterminds `rewriteRange`: `A - B` becomes `>= A, <= B `.
fn rewrite_range(input: &str) -> String {
    if !input.contains('-') {
        return String::from(input);
    }
    // Find each `\s*(cv)\s+-\s+(cv)\s*`, leftmost first, and rewrite it in place.
    let b = input.as_bytes();
    let mut out = String::new();
    let mut last = 0;
    let mut i = 0;
    while i < b.len() {
        if let Some((end, v1, v2)) = match_range(input, i) {
            out.push_str(&input[last..i]);
            out.push_str(&format!(">= {v1}, <= {v2} "));
            last = end;
            i = if end > i { end } else { i + 1 };
        } else {
            i += 1;
        }
    }
    out.push_str(&input[last..]);
    out
}

/// The end of a `cv` (cvRegex) match starting at `i`, greedy.
fn match_cv(s: &[u8], mut i: usize) -> Option<usize> {
    if s.get(i) == Some(&b'v') {
        i += 1;
    }
    let seg = |mut j: usize| -> Option<usize> {
        let st = j;
        while j < s.len() && is_seg_char(s[j]) {
            j += 1;
        }
        (j > st).then_some(j)
    };
    i = seg(i)?;
    for _ in 0..2 {
        if s.get(i) == Some(&b'.') {
            if let Some(j) = seg(i + 1) {
                i = j;
                continue;
            }
        }
        break;
    }
    for sep in [b'-', b'+'] {
        if s.get(i) == Some(&sep) {
            let end = scan_identifiers(s, i + 1);
            if end > i + 1 {
                i = end;
            }
        }
    }
    Some(i)
}

fn match_range(input: &str, start: usize) -> Option<(usize, &str, &str)> {
    let s = input.as_bytes();
    let mut i = start;
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    let a0 = i;
    let a1 = match_cv(s, i)?;
    i = a1;
    let sp = i;
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    if i == sp || s.get(i) != Some(&b'-') {
        return None;
    }
    i += 1;
    let sp = i;
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    if i == sp {
        return None;
    }
    let b0 = i;
    let b1 = match_cv(s, i)?;
    i = b1;
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    Some((i, &input[a0..a1], &input[b0..b1]))
}

impl Constraints {
    /// Masterminds `NewConstraint`.
    pub fn parse(c: &str) -> Result<Constraints, String> {
        if c.len() > MAX_CONSTRAINT_LEN {
            return Err(format!(
                "constraint string is too long (max {MAX_CONSTRAINT_LEN} bytes)"
            ));
        }
        let c = rewrite_range(c);
        let ors: Vec<&str> = c.split("||").collect();
        if ors.len() > MAX_CONSTRAINT_GROUPS {
            return Err(format!(
                "too many constraint groups (max {MAX_CONSTRAINT_GROUPS})"
            ));
        }
        let mut groups = Vec::with_capacity(ors.len());
        for g in ors {
            let cs = parse_group(g)?;
            let has_pre = cs.iter().any(|c| !c.con.pre.is_empty());
            groups.push((cs, has_pre));
        }
        Ok(Constraints { groups })
    }

    /// Masterminds `Check`: whether `v` satisfies any OR group.
    pub fn check(&self, v: &Version) -> bool {
        self.groups
            .iter()
            .any(|(cs, has_pre)| cs.iter().all(|c| c.ok(v, *has_pre)))
    }
}

impl Constraint {
    fn ok(&self, v: &Version, include_pre: bool) -> bool {
        if !v.pre.is_empty() && !include_pre {
            return false;
        }
        let c = &self.con;
        let lt = v.compare(c) == Ordering::Less;
        match self.op {
            Op::TildeOrEqual => {
                if self.dirty {
                    self.tilde(v)
                } else {
                    v.compare(c) == Ordering::Equal
                }
            }
            Op::Tilde => self.tilde(v),
            Op::NotEqual => {
                if self.dirty {
                    if c.major != v.major {
                        return true;
                    }
                    if c.minor != v.minor && !self.minor_dirty {
                        return true;
                    } else if self.minor_dirty {
                        return false;
                    } else if c.patch != v.patch && !self.patch_dirty {
                        return true;
                    } else if self.patch_dirty {
                        if !v.pre.is_empty() || !c.pre.is_empty() {
                            return compare_prerelease(&v.pre, &c.pre) != Ordering::Equal;
                        }
                        return false;
                    }
                }
                v.compare(c) != Ordering::Equal
            }
            Op::Greater => {
                if !self.dirty {
                    return v.compare(c) == Ordering::Greater;
                }
                if v.major > c.major {
                    true
                } else if v.major < c.major || self.minor_dirty {
                    false
                } else if self.patch_dirty {
                    v.minor > c.minor
                } else {
                    v.compare(c) == Ordering::Greater
                }
            }
            Op::Less => lt,
            Op::GreaterEqual => !lt,
            Op::LessEqual => {
                if !self.dirty {
                    return v.compare(c) != Ordering::Greater;
                }
                !(v.major > c.major
                    || (v.major == c.major && v.minor > c.minor && !self.minor_dirty))
            }
            Op::Caret => {
                if lt {
                    return false;
                }
                if c.major > 0 || self.minor_dirty {
                    return v.major == c.major;
                }
                if v.major > 0 {
                    return false;
                }
                if c.minor > 0 || self.patch_dirty {
                    return v.minor == c.minor;
                }
                if v.minor > 0 {
                    return false;
                }
                c.patch == v.patch
            }
        }
    }

    fn tilde(&self, v: &Version) -> bool {
        let c = &self.con;
        if v.compare(c) == Ordering::Less {
            return false;
        }
        if c.major == 0 && c.minor == 0 && c.patch == 0 && !self.minor_dirty && !self.patch_dirty {
            return true;
        }
        if v.major != c.major {
            return false;
        }
        v.minor == c.minor || self.minor_dirty
    }
}

/// Helm's `IsCompatibleRange(constraint, version)`: false when either does not parse.
pub fn is_compatible_range(constraint: &str, version: &str) -> bool {
    match (Version::parse(version), Constraints::parse(constraint)) {
        (Ok(v), Ok(c)) => c.check(&v),
        _ => false,
    }
}

/// `semverCompare`'s core: constraint errors first, then version errors, as Sprig.
pub fn semver_compare(constraint: &str, version: &str) -> Result<bool, String> {
    let c = Constraints::parse(constraint)?;
    let v = Version::parse(version)?;
    Ok(c.check(&v))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expectations come from Helm v4.2.3 (`{{ semverCompare C V }}` in the oracle).
    #[test]
    fn oracle_table() {
        let cases: &[(&str, &str, Result<bool, &str>)] = &[
            ("", "1.0.0", Err("improper constraint: \"\"")),
            (">1<2", "1.5.0", Err("improper constraint: \">1<2\"")),
            (">= 1.2, < 2", "1.5.0", Ok(true)),
            (">= 1.2, < 2", "2.0.0", Ok(false)),
            ("1.2 - 2.3", "2.3.5", Ok(true)),
            ("1.2 - 2.3", "2.4.0", Ok(false)),
            ("^1.2.3", "1.9.0", Ok(true)),
            ("^0.2.3", "0.3.0", Ok(false)),
            ("~1.2", "1.2.9", Ok(true)),
            ("~1.2", "1.3.0", Ok(false)),
            ("1.x", "1.9.9", Ok(true)),
            ("*", "3.0.0", Ok(true)),
            ("*", "3.0.0-beta", Ok(false)),
            ("!=1.2.3", "1.2.3", Ok(false)),
            (">=1.0.0-0", "1.0.0-beta", Ok(true)),
            ("1.2.3 || 2.x", "2.5.0", Ok(true)),
            ("v1.2", "1.2.0", Ok(true)),
            ("=1.2", "1.2.5", Ok(true)),
            ("1.2.3+build", "1.2.3", Ok(true)),
            ("abc", "1.0.0", Err("improper constraint: \"abc\"")),
            (">=1.0", "abc", Err("invalid semantic version")),
            ("1.0.0", "01.0.0", Ok(true)),
            ("> 1", "2.0.0", Ok(true)),
            (">1", "1.5.0", Ok(false)),
            ("<=1.2", "1.2.9", Ok(true)),
            ("~0.0.0", "5.0.0", Ok(true)),
            ("^0.0.3", "0.0.4", Ok(false)),
            ("1 - 2 || 3", "3.1.0", Ok(true)),
            (">=1.0.0,<2.0.0", "1.5.0", Ok(true)),
            (">=1.0.0 ,<2.0.0", "1.5.0", Ok(true)),
            ("1.2.3 1.2.3", "1.2.3", Ok(true)),
            ("1.2.3,", "1.2.3", Err("improper constraint: \"1.2.3,\"")),
            ("||", "1.0.0", Err("improper constraint: \"\"")),
            ("1 ||", "1.0.0", Err("improper constraint: \"\"")),
            ("x.1.2", "5.0.0", Ok(true)),
            ("1.x.3", "1.9.3", Ok(true)),
            ("1|2", "1.0.0", Err("constraint parser error")),
            (">1.0.0-beta", "1.0.0-gamma", Ok(true)),
            ("^1.2.3-beta", "1.2.4-alpha", Ok(true)),
            ("~1.2.3-beta", "1.2.4", Ok(true)),
            ("1.0.0", "1.0.0-", Err("invalid semantic version")),
            ("1.0.0", "1.0", Ok(true)),
            ("1.0.0", "v1", Ok(true)),
            ("1.0.0", "V1", Err("invalid semantic version")),
            ("1.0.0", "1.0.0.", Err("invalid semantic version")),
            (">= 1.0.0", "1.0.0-01", Err("version segment starts with 0")),
            (
                "1.0.0",
                "99999999999999999999.0.0",
                Err("error parsing version segment: strconv.ParseUint: parsing \"99999999999999999999\": value out of range"),
            ),
        ];
        for (c, v, want) in cases {
            let got = semver_compare(c, v);
            assert_eq!(
                got.as_ref().map_err(|e| e.as_str()),
                want.as_ref().map_err(|e| *e),
                "{c:?} {v:?}"
            );
        }
        let long = ">=1.0.0 ".repeat(70);
        assert_eq!(
            semver_compare(&long, "1.0.0").unwrap_err(),
            "constraint string is too long (max 512 bytes)"
        );
        let many = ["1.0.0"; 33].join(" || ");
        assert_eq!(
            semver_compare(&many, "1.0.0").unwrap_err(),
            "too many constraint groups (max 32)"
        );
        let longv = format!("1.0.0-{}", "a".repeat(300));
        assert_eq!(
            semver_compare(">=1.0.0", &longv).unwrap_err(),
            "version string is too long (max 256 bytes)"
        );
        let longc = format!(">=1.0.0-{}", "a".repeat(300));
        assert_eq!(
            semver_compare(&longc, "1.0.0").unwrap_err(),
            "constraint parser error"
        );
    }
}
