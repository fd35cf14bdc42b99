//! Masterminds/semver v3.5.0's `Constraints`: `>= 1.2, < 3 || ~4.1`, `^1.2.3`, `1.2.x`,
//! hyphen ranges, and the rule that a range without a prerelease excludes prereleases.
//!
//! Go finds constraints with four regular expressions (range, validity, find, parse). Their
//! pieces never overlap (a version never contains blanks, commas or operator characters), so
//! the greedy scans below find exactly the matches Go's leftmost-first engine reports.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use super::version::{compare_prerelease, dotted_idents_len, Version};

/// semver's `MaxConstraintLen`.
pub const MAX_CONSTRAINT_LEN: usize = 512;

/// semver's `MaxConstraintGroups` (`||` alternatives).
pub const MAX_CONSTRAINT_GROUPS: usize = 32;

/// Why a constraint did not parse; `Display` is semver's error text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConstraintError {
    /// `improper constraint: "…"` (Go quotes the offending alternative with `%q`).
    Improper(String),
    /// `constraint parser error`: a part matched the pattern but is no version (`1x`).
    Parser,
    /// `ErrConstraintTooLong`
    TooLong,
    /// `ErrTooManyConstraintGroups`
    TooManyGroups,
}

impl fmt::Display for ConstraintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConstraintError::Improper(s) => {
                write!(f, "improper constraint: {}", crate::sprig::url::quote::go_quote(s))
            }
            ConstraintError::Parser => f.write_str("constraint parser error"),
            ConstraintError::TooLong => {
                write!(f, "constraint string is too long (max {MAX_CONSTRAINT_LEN} bytes)")
            }
            ConstraintError::TooManyGroups => {
                write!(f, "too many constraint groups (max {MAX_CONSTRAINT_GROUPS})")
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

/// Operators longest first: Go's alternation tries them in another order, but only one of
/// them can be followed by a version, which is the longest that matches.
const OPS: &[(&str, Op)] = &[
    ("!=", Op::NotEqual),
    (">=", Op::GreaterEqual),
    ("=>", Op::GreaterEqual),
    ("<=", Op::LessEqual),
    ("=<", Op::LessEqual),
    ("~>", Op::Tilde),
    ("=", Op::TildeOrEqual),
    (">", Op::Greater),
    ("<", Op::Less),
    ("~", Op::Tilde),
    ("^", Op::Caret),
];

/// One comparison, as semver's `constraint` keeps it.
#[derive(Clone, Debug)]
struct Constraint {
    con: Version,
    op: Op,
    /// The operator as written (`String()` prints it back).
    origfunc: String,
    /// The version as written.
    orig: String,
    minor_dirty: bool,
    patch_dirty: bool,
    dirty: bool,
}

/// A parsed constraint: alternatives (`||`) of conjunctions.
#[derive(Clone, Debug)]
pub struct Constraints {
    groups: Vec<Vec<Constraint>>,
    contains_pre: Vec<bool>,
    /// semver's `IncludePrerelease`: let prereleases match even without a prerelease bound.
    pub include_prerelease: bool,
}

/// Go's `\s`: ASCII blanks without `\v`.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

fn spaces(s: &[u8], from: usize) -> usize {
    s[from.min(s.len())..].iter().take_while(|&&b| is_space(b)).count()
}

fn is_xclass(b: u8) -> bool {
    b.is_ascii_digit() || matches!(b, b'|' | b'x' | b'X' | b'*')
}

/// The submatches of semver's constraint-version pattern (`cvRegex`), as byte ranges.
#[derive(Clone, Copy, Debug)]
struct Cv {
    start: usize,
    end: usize,
    major: (usize, usize),
    /// Includes the leading `.`; empty when absent.
    minor: (usize, usize),
    /// Includes the leading `.`.
    patch: (usize, usize),
    /// Includes the leading `-`.
    pre: (usize, usize),
}

/// `cvRegex` matched greedily at `at` (no match: `None`).
fn match_cv(s: &[u8], at: usize) -> Option<Cv> {
    let start = at;
    let mut i = at + usize::from(s.get(at) == Some(&b'v'));
    let run = |from: usize| s[from.min(s.len())..].iter().take_while(|&&b| is_xclass(b)).count();
    let n = run(i);
    if n == 0 {
        return None;
    }
    let major = (i, i + n);
    i += n;
    let dotted = |i: &mut usize| {
        if s.get(*i) == Some(&b'.') {
            let n = run(*i + 1);
            if n > 0 {
                let r = (*i, *i + 1 + n);
                *i += 1 + n;
                return r;
            }
        }
        (*i, *i)
    };
    let minor = dotted(&mut i);
    let patch = if minor.0 != minor.1 { dotted(&mut i) } else { (i, i) };
    let tail = |i: &mut usize, lead: u8| {
        if s.get(*i) == Some(&lead) {
            let n = dotted_idents_len(&s[*i + 1..]);
            if n > 0 {
                let r = (*i, *i + 1 + n);
                *i += 1 + n;
                return r;
            }
        }
        (*i, *i)
    };
    let pre = tail(&mut i, b'-');
    tail(&mut i, b'+');
    Some(Cv { start, end: i, major, minor, patch, pre })
}

/// An operator (possibly empty) followed by blanks and a version, at `at`.
fn match_op_cv(s: &[u8], at: usize) -> Option<(usize, Op, Cv)> {
    for &(text, op) in OPS.iter().chain(core::iter::once(&("", Op::TildeOrEqual))) {
        if s[at..].starts_with(text.as_bytes()) {
            let after = at + text.len();
            if let Some(cv) = match_cv(s, after + spaces(s, after)) {
                return Some((text.len(), op, cv));
            }
        }
    }
    None
}

/// `validConstraintRegex` plus `findConstraintRegex`: the constraints of one alternative,
/// as (operator text, operator, version) spans; `None` when the text is not valid.
fn split_group(s: &str) -> Option<Vec<(usize, usize, Op, Cv)>> {
    let b = s.as_bytes();
    let mut i = spaces(b, 0);
    let mut out = Vec::new();
    loop {
        let (oplen, op, cv) = match_op_cv(b, i)?;
        out.push((i, i + oplen, op, cv));
        i = cv.end;
        let ws = spaces(b, i);
        i += ws;
        if i == b.len() {
            return Some(out);
        }
        if b[i] == b',' {
            i += 1;
            i += spaces(b, i);
        } else if ws == 0 {
            return None;
        }
    }
}

fn is_x(s: &str) -> bool {
    matches!(s, "x" | "X" | "*")
}

fn parse_constraint(s: &str, opstart: usize, opend: usize, op: Op, cv: Cv) -> Result<Constraint, ConstraintError> {
    let part = |r: (usize, usize)| &s[r.0..r.1];
    let major = part(cv.major);
    let minor = part(cv.minor);
    let patch = part(cv.patch);
    let pre = part(cv.pre);
    let orig = &s[cv.start..cv.end];
    let (mut dirty, mut minor_dirty, mut patch_dirty) = (false, false, false);
    let ver = if is_x(major) {
        dirty = true;
        format!("0.0.0{pre}")
    } else if minor.is_empty() || is_x(&minor[1..]) {
        dirty = true;
        minor_dirty = true;
        format!("{major}.0.0{pre}")
    } else if patch.is_empty() || is_x(&patch[1..]) {
        dirty = true;
        patch_dirty = true;
        format!("{major}{minor}.0{pre}")
    } else {
        orig.to_string()
    };
    let con = Version::parse(&ver).map_err(|_| ConstraintError::Parser)?;
    Ok(Constraint {
        con,
        op,
        origfunc: s[opstart..opend].to_string(),
        orig: orig.to_string(),
        minor_dirty,
        patch_dirty,
        dirty,
    })
}

/// semver's `rewriteRange`: each `A - B` becomes `>= A, <= B `, replacing the first
/// occurrence of the matched text, as Go's `strings.Replace(o, m, t, 1)` does.
fn rewrite_range(input: &str) -> String {
    let b = input.as_bytes();
    let mut found: Vec<(usize, usize, Cv, Cv)> = Vec::new();
    let mut p = 0;
    while p < b.len() {
        match match_range_at(b, p) {
            Some((end, a, z)) => {
                found.push((p, end, a, z));
                p = end;
            }
            None => p += 1,
        }
    }
    let mut out = input.to_string();
    for (start, end, a, z) in found {
        let whole = &input[start..end];
        let t = format!(">= {}, <= {} ", &input[a.start..a.end], &input[z.start..z.end]);
        if let Some(at) = out.find(whole) {
            out.replace_range(at..at + whole.len(), &t);
        }
    }
    out
}

/// `\s*(cv)\s+-\s+(cv)\s*` at `p`.
fn match_range_at(b: &[u8], p: usize) -> Option<(usize, Cv, Cv)> {
    let a = match_cv(b, p + spaces(b, p))?;
    let mut i = a.end;
    let n = spaces(b, i);
    if n == 0 || b.get(i + n) != Some(&b'-') {
        return None;
    }
    i += n + 1;
    let n = spaces(b, i);
    if n == 0 {
        return None;
    }
    let z = match_cv(b, i + n)?;
    Some((z.end + spaces(b, z.end), a, z))
}

impl Constraints {
    /// semver's `NewConstraint`.
    pub fn parse(c: &str) -> Result<Constraints, ConstraintError> {
        if c.len() > MAX_CONSTRAINT_LEN {
            return Err(ConstraintError::TooLong);
        }
        let c = rewrite_range(c);
        let ors: Vec<&str> = c.split("||").collect();
        if ors.len() > MAX_CONSTRAINT_GROUPS {
            return Err(ConstraintError::TooManyGroups);
        }
        let mut groups = Vec::with_capacity(ors.len());
        let mut contains_pre = Vec::with_capacity(ors.len());
        for v in ors {
            let parts = split_group(v).ok_or_else(|| ConstraintError::Improper(v.to_string()))?;
            let mut group = Vec::with_capacity(parts.len());
            let mut has_pre = false;
            for (opstart, opend, op, cv) in parts {
                let pc = parse_constraint(v, opstart, opend, op, cv)?;
                has_pre |= !pc.con.prerelease().is_empty();
                group.push(pc);
            }
            groups.push(group);
            contains_pre.push(has_pre);
        }
        Ok(Constraints { groups, contains_pre, include_prerelease: false })
    }

    /// `Check(v)`: whether any alternative accepts `v`.
    pub fn check(&self, v: &Version) -> bool {
        self.groups.iter().zip(&self.contains_pre).any(|(group, &pre)| {
            let include_pre = self.include_prerelease || pre;
            group.iter().all(|c| c.check(v, include_pre))
        })
    }
}

impl fmt::Display for Constraints {
    /// `String()`: the constraints as written, normalised (`>=1.2 <3 || ~4`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (k, group) in self.groups.iter().enumerate() {
            if k > 0 {
                f.write_str(" || ")?;
            }
            for (i, c) in group.iter().enumerate() {
                if i > 0 {
                    f.write_str(" ")?;
                }
                write!(f, "{}{}", c.origfunc, c.orig)?;
            }
        }
        Ok(())
    }
}

impl Constraint {
    fn check(&self, v: &Version, include_pre: bool) -> bool {
        if !v.prerelease().is_empty() && !include_pre {
            return false;
        }
        match self.op {
            Op::TildeOrEqual => {
                if self.dirty {
                    self.tilde(v)
                } else {
                    v.equal(&self.con)
                }
            }
            Op::NotEqual => self.not_equal(v),
            Op::Greater => self.greater(v),
            Op::Less => v.compare(&self.con) < 0,
            Op::GreaterEqual => v.compare(&self.con) >= 0,
            Op::LessEqual => self.less_equal(v),
            Op::Tilde => self.tilde(v),
            Op::Caret => self.caret(v),
        }
    }

    fn not_equal(&self, v: &Version) -> bool {
        let c = &self.con;
        if self.dirty {
            if c.major() != v.major() {
                return true;
            }
            if c.minor() != v.minor() && !self.minor_dirty {
                return true;
            } else if self.minor_dirty {
                return false;
            } else if c.patch() != v.patch() && !self.patch_dirty {
                return true;
            } else if self.patch_dirty {
                if !v.prerelease().is_empty() || !c.prerelease().is_empty() {
                    return compare_prerelease(v.prerelease(), c.prerelease()) != 0;
                }
                return false;
            }
        }
        !v.equal(c)
    }

    fn greater(&self, v: &Version) -> bool {
        let c = &self.con;
        if !self.dirty {
            return v.compare(c) == 1;
        }
        if v.major() > c.major() {
            true
        } else if v.major() < c.major() || self.minor_dirty {
            false
        } else if self.patch_dirty {
            v.minor() > c.minor()
        } else {
            v.compare(c) == 1
        }
    }

    fn less_equal(&self, v: &Version) -> bool {
        let c = &self.con;
        if !self.dirty {
            return v.compare(c) <= 0;
        }
        if v.major() > c.major() {
            return false;
        }
        !(v.major() == c.major() && v.minor() > c.minor() && !self.minor_dirty)
    }

    fn tilde(&self, v: &Version) -> bool {
        let c = &self.con;
        if v.less_than(c) {
            return false;
        }
        if c.major() == 0 && c.minor() == 0 && c.patch() == 0 && !self.minor_dirty && !self.patch_dirty {
            return true;
        }
        if v.major() != c.major() {
            return false;
        }
        v.minor() == c.minor() || self.minor_dirty
    }

    fn caret(&self, v: &Version) -> bool {
        let c = &self.con;
        if v.less_than(c) {
            return false;
        }
        if c.major() > 0 || self.minor_dirty {
            return v.major() == c.major();
        }
        if v.major() > 0 {
            return false;
        }
        if c.minor() > 0 || self.patch_dirty {
            return v.minor() == c.minor();
        }
        if v.minor() > 0 {
            return false;
        }
        c.patch() == v.patch()
    }
}
