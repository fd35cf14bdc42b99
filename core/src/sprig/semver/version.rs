//! Masterminds/semver v3.5.0's `Version`: parsing (`NewVersion` in its default coercing
//! mode, `StrictNewVersion`), printing and precedence.
//!
//! Go matches versions with regular expressions; every pattern here is simple enough that a
//! hand-written scanner finds the same match, so no regex engine is needed.

use alloc::format;
use alloc::string::{String, ToString};
use core::cmp::Ordering;
use core::fmt;

/// semver's `MaxVersionLen`: longer version strings are refused before parsing.
pub const MAX_VERSION_LEN: usize = 256;

/// A parsed semantic version, as Masterminds/semver keeps it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Version {
    major: u64,
    minor: u64,
    patch: u64,
    pre: String,
    metadata: String,
    original: String,
}

/// Why a version did not parse; `Display` is semver's error text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VersionError {
    /// `ErrInvalidSemVer`
    Invalid,
    /// `ErrEmptyString`
    Empty,
    /// `ErrInvalidCharacters`
    InvalidCharacters,
    /// `ErrSegmentStartsZero`
    SegmentStartsZero,
    /// `ErrInvalidMetadata`
    InvalidMetadata,
    /// `ErrInvalidPrerelease`
    InvalidPrerelease,
    /// `ErrVersionTooLong`
    TooLong,
    /// A numeric segment that `strconv.ParseUint` refused (the text is Go's `NumError`).
    Segment {
        /// Whether `NewVersion` wrapped it (`error parsing version segment: …`).
        wrapped: bool,
        /// Go's `strconv.ParseUint: parsing "…": …` text.
        num_error: String,
    },
}

impl fmt::Display for VersionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VersionError::Invalid => f.write_str("invalid semantic version"),
            VersionError::Empty => f.write_str("version string empty"),
            VersionError::InvalidCharacters => f.write_str("invalid characters in version"),
            VersionError::SegmentStartsZero => f.write_str("version segment starts with 0"),
            VersionError::InvalidMetadata => f.write_str("invalid metadata string"),
            VersionError::InvalidPrerelease => f.write_str("invalid prerelease string"),
            VersionError::TooLong => write!(
                f,
                "version string is too long (max {MAX_VERSION_LEN} bytes)"
            ),
            VersionError::Segment {
                wrapped: true,
                num_error,
            } => {
                write!(f, "error parsing version segment: {num_error}")
            }
            VersionError::Segment {
                wrapped: false,
                num_error,
            } => f.write_str(num_error),
        }
    }
}

/// Go's `strconv.ParseUint(s, 10, 64)` for the strings semver hands it, with Go's error text.
fn parse_u64(s: &str) -> Result<u64, String> {
    let quoted = crate::gofmt::strconv::quote(s);
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "strconv.ParseUint: parsing {quoted}: invalid syntax"
        ));
    }
    s.parse::<u64>()
        .map_err(|_| format!("strconv.ParseUint: parsing {quoted}: value out of range"))
}

fn segment(s: &str) -> Result<u64, VersionError> {
    parse_u64(s).map_err(|num_error| VersionError::Segment {
        wrapped: true,
        num_error,
    })
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-'
}

/// Length of `[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*` at the start of `s` (0 if none).
pub(crate) fn dotted_idents_len(s: &[u8]) -> usize {
    let run = |from: usize| s[from..].iter().take_while(|&&b| is_ident_byte(b)).count();
    let mut end = run(0);
    if end == 0 {
        return 0;
    }
    while end < s.len() && s[end] == b'.' {
        let n = run(end + 1);
        if n == 0 {
            break;
        }
        end += 1 + n;
    }
    end
}

/// The submatches of semver's loose version pattern, anchored at both ends.
struct Loose<'a> {
    major: &'a str,
    minor: Option<&'a str>,
    patch: Option<&'a str>,
    pre: &'a str,
    metadata: &'a str,
}

fn match_loose(v: &str) -> Option<Loose<'_>> {
    let b = v.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'v'));
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let n = digits(i);
    if n == 0 {
        return None;
    }
    let major = &v[i..i + n];
    i += n;
    let dotted = |i: &mut usize| -> Option<&str> {
        if b.get(*i) == Some(&b'.') {
            let n = digits(*i + 1);
            if n > 0 {
                let s = &v[*i + 1..*i + 1 + n];
                *i += 1 + n;
                return Some(s);
            }
        }
        None
    };
    let minor = dotted(&mut i);
    let patch = if minor.is_some() {
        dotted(&mut i)
    } else {
        None
    };
    let tail = |i: &mut usize, lead: u8| -> &str {
        if b.get(*i) == Some(&lead) {
            let n = dotted_idents_len(&b[*i + 1..]);
            if n > 0 {
                let s = &v[*i + 1..*i + 1 + n];
                *i += 1 + n;
                return s;
            }
        }
        ""
    };
    let pre = tail(&mut i, b'-');
    let metadata = tail(&mut i, b'+');
    (i == b.len()).then_some(Loose {
        major,
        minor,
        patch,
        pre,
        metadata,
    })
}

fn validate_prerelease(p: &str) -> Result<(), VersionError> {
    for part in p.split('.') {
        if part.is_empty() {
            return Err(VersionError::InvalidPrerelease);
        } else if part.bytes().all(|b| b.is_ascii_digit()) {
            if part.len() > 1 && part.starts_with('0') {
                return Err(VersionError::SegmentStartsZero);
            }
        } else if !part.bytes().all(is_ident_byte) {
            return Err(VersionError::InvalidPrerelease);
        }
    }
    Ok(())
}

fn validate_metadata(m: &str) -> Result<(), VersionError> {
    if m.split('.')
        .any(|p| p.is_empty() || !p.bytes().all(is_ident_byte))
    {
        return Err(VersionError::InvalidMetadata);
    }
    Ok(())
}

impl Version {
    /// semver's `NewVersion` (coercing: `v` prefix, missing minor/patch, leading zeros).
    pub fn parse(v: &str) -> Result<Version, VersionError> {
        if v.len() > MAX_VERSION_LEN {
            return Err(VersionError::TooLong);
        }
        let m = match_loose(v).ok_or(VersionError::Invalid)?;
        let version = Version {
            major: segment(m.major)?,
            minor: m.minor.map(segment).transpose()?.unwrap_or(0),
            patch: m.patch.map(segment).transpose()?.unwrap_or(0),
            pre: m.pre.to_string(),
            metadata: m.metadata.to_string(),
            original: v.to_string(),
        };
        if !version.pre.is_empty() {
            validate_prerelease(&version.pre)?;
        }
        if !version.metadata.is_empty() {
            validate_metadata(&version.metadata)?;
        }
        Ok(version)
    }

    /// semver's `StrictNewVersion`: exactly `MAJOR.MINOR.PATCH[-PRE][+META]`, SemVer 2.
    pub fn parse_strict(v: &str) -> Result<Version, VersionError> {
        if v.is_empty() {
            return Err(VersionError::Empty);
        }
        if v.len() > MAX_VERSION_LEN {
            return Err(VersionError::TooLong);
        }
        let mut parts = v.splitn(3, '.');
        let (Some(major), Some(minor), Some(mut patch)) =
            (parts.next(), parts.next(), parts.next())
        else {
            return Err(VersionError::Invalid);
        };
        let mut metadata = "";
        let mut pre = "";
        if let Some((p, m)) = patch.split_once('+') {
            metadata = m;
            patch = p;
            validate_metadata(metadata)?;
        }
        if let Some((p, r)) = patch.split_once('-') {
            pre = r;
            patch = p;
            validate_prerelease(pre)?;
        }
        for p in [major, minor, patch] {
            if !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(VersionError::InvalidCharacters);
            }
            if p.len() > 1 && p.starts_with('0') {
                return Err(VersionError::SegmentStartsZero);
            }
        }
        let raw = |s: &str| {
            parse_u64(s).map_err(|num_error| VersionError::Segment {
                wrapped: false,
                num_error,
            })
        };
        Ok(Version {
            major: raw(major)?,
            minor: raw(minor)?,
            patch: raw(patch)?,
            pre: pre.to_string(),
            metadata: metadata.to_string(),
            original: v.to_string(),
        })
    }

    /// semver's `New`: a version from its parts (not validated, as in Go).
    pub fn new(major: u64, minor: u64, patch: u64, pre: &str, metadata: &str) -> Version {
        let mut v = Version {
            major,
            minor,
            patch,
            pre: pre.to_string(),
            metadata: metadata.to_string(),
            original: String::new(),
        };
        v.original = v.to_string();
        v
    }

    /// `Major()`
    pub fn major(&self) -> u64 {
        self.major
    }

    /// `Minor()`
    pub fn minor(&self) -> u64 {
        self.minor
    }

    /// `Patch()`
    pub fn patch(&self) -> u64 {
        self.patch
    }

    /// `Prerelease()`, without the `-`.
    pub fn prerelease(&self) -> &str {
        &self.pre
    }

    /// `Metadata()`, without the `+`.
    pub fn metadata(&self) -> &str {
        &self.metadata
    }

    /// `Original()`: the text the version was parsed from.
    pub fn original(&self) -> &str {
        &self.original
    }

    fn v_prefix(&self) -> &'static str {
        if self.original.starts_with('v') {
            "v"
        } else {
            ""
        }
    }

    fn with_original(mut self, prefix: &str) -> Version {
        self.original = format!("{prefix}{self}");
        self
    }

    /// `IncPatch()`; `None` where Go panics on overflow.
    pub fn inc_patch(&self) -> Option<Version> {
        let mut n = self.clone();
        n.metadata.clear();
        if self.pre.is_empty() {
            n.patch = self.patch.checked_add(1)?;
        }
        n.pre.clear();
        Some(n.with_original(self.v_prefix()))
    }

    /// `IncMinor()`; `None` where Go panics on overflow.
    pub fn inc_minor(&self) -> Option<Version> {
        let mut n = self.clone();
        n.metadata.clear();
        n.pre.clear();
        n.patch = 0;
        n.minor = self.minor.checked_add(1)?;
        Some(n.with_original(self.v_prefix()))
    }

    /// `IncMajor()`; `None` where Go panics on overflow.
    pub fn inc_major(&self) -> Option<Version> {
        let mut n = self.clone();
        n.metadata.clear();
        n.pre.clear();
        n.patch = 0;
        n.minor = 0;
        n.major = self.major.checked_add(1)?;
        Some(n.with_original(self.v_prefix()))
    }

    /// `SetPrerelease(p)`.
    pub fn set_prerelease(&self, p: &str) -> Result<Version, VersionError> {
        if !p.is_empty() {
            validate_prerelease(p)?;
        }
        let mut n = self.clone();
        n.pre = p.to_string();
        Ok(n.with_original(self.v_prefix()))
    }

    /// `SetMetadata(m)`.
    pub fn set_metadata(&self, m: &str) -> Result<Version, VersionError> {
        if !m.is_empty() {
            validate_metadata(m)?;
        }
        let mut n = self.clone();
        n.metadata = m.to_string();
        Ok(n.with_original(self.v_prefix()))
    }

    /// `Compare(o)`: -1, 0 or 1 by SemVer precedence (metadata ignored).
    pub fn compare(&self, o: &Version) -> i32 {
        let seg = (self.major, self.minor, self.patch).cmp(&(o.major, o.minor, o.patch));
        if seg != Ordering::Equal {
            return if seg == Ordering::Less { -1 } else { 1 };
        }
        match (self.pre.is_empty(), o.pre.is_empty()) {
            (true, true) => 0,
            (true, false) => 1,
            (false, true) => -1,
            (false, false) => compare_prerelease(&self.pre, &o.pre),
        }
    }

    /// `LessThan(o)`.
    pub fn less_than(&self, o: &Version) -> bool {
        self.compare(o) < 0
    }

    /// `Equal(o)`.
    pub fn equal(&self, o: &Version) -> bool {
        self.compare(o) == 0
    }
}

/// semver's `comparePrerelease`, including its quirks (numeric parts compared as numbers
/// even when their texts differ, e.g. `01` against `1`).
pub(crate) fn compare_prerelease(v: &str, o: &str) -> i32 {
    let s: alloc::vec::Vec<&str> = v.split('.').collect();
    let t: alloc::vec::Vec<&str> = o.split('.').collect();
    for i in 0..s.len().max(t.len()) {
        let d = compare_pre_part(
            s.get(i).copied().unwrap_or(""),
            t.get(i).copied().unwrap_or(""),
        );
        if d != 0 {
            return d;
        }
    }
    0
}

fn compare_pre_part(s: &str, o: &str) -> i32 {
    if s == o {
        return 0;
    }
    if s.is_empty() {
        return -1;
    }
    if o.is_empty() {
        return 1;
    }
    match (parse_u64(s), parse_u64(o)) {
        (Err(_), Err(_)) => {
            if s > o {
                1
            } else {
                -1
            }
        }
        (Ok(_), Err(_)) => -1,
        (Err(_), Ok(_)) => 1,
        (Ok(si), Ok(oi)) => {
            if si > oi {
                1
            } else {
                -1
            }
        }
    }
}

impl fmt::Display for Version {
    /// `String()`: the normalised form, without any `v` prefix.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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
