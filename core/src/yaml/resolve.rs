//! Plain-scalar resolution as go-yaml does it (`resolve.go`): YAML 1.1 booleans in v2,
//! Go's `strconv` number syntax, the timestamp check, and the base-60 check the encoders
//! use to decide quoting.

use alloc::format;
use alloc::string::String;

/// `tag:yaml.org,2002:` tags, long form.
pub(crate) const NULL_TAG: &[u8] = b"tag:yaml.org,2002:null";
pub(crate) const BOOL_TAG: &[u8] = b"tag:yaml.org,2002:bool";
pub(crate) const STR_TAG: &[u8] = b"tag:yaml.org,2002:str";
pub(crate) const INT_TAG: &[u8] = b"tag:yaml.org,2002:int";
pub(crate) const FLOAT_TAG: &[u8] = b"tag:yaml.org,2002:float";
pub(crate) const TIMESTAMP_TAG: &[u8] = b"tag:yaml.org,2002:timestamp";
pub(crate) const BINARY_TAG: &[u8] = b"tag:yaml.org,2002:binary";
pub(crate) const MERGE_TAG: &[u8] = b"tag:yaml.org,2002:merge";

/// What a scalar resolved to. `Str` means the scalar text itself.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Resolved {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str,
}

/// The resolved tag: one of the constants above, or the scalar's own (unresolvable) tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RTag {
    Null,
    Bool,
    Str,
    Int,
    Float,
    Timestamp,
    Merge,
    Binary,
    Other,
}

fn rtag_name(t: RTag) -> &'static str {
    match t {
        RTag::Null => "!!null",
        RTag::Bool => "!!bool",
        RTag::Str => "!!str",
        RTag::Int => "!!int",
        RTag::Float => "!!float",
        RTag::Timestamp => "!!timestamp",
        RTag::Merge => "!!merge",
        RTag::Binary => "!!binary",
        RTag::Other => "",
    }
}

fn lookup_map(s: &[u8], v2: bool) -> Option<(RTag, Resolved)> {
    let r = match s {
        b"y" | b"Y" | b"yes" | b"Yes" | b"YES" | b"on" | b"On" | b"ON" if v2 => {
            (RTag::Bool, Resolved::Bool(true))
        }
        b"n" | b"N" | b"no" | b"No" | b"NO" | b"off" | b"Off" | b"OFF" if v2 => {
            (RTag::Bool, Resolved::Bool(false))
        }
        b"true" | b"True" | b"TRUE" => (RTag::Bool, Resolved::Bool(true)),
        b"false" | b"False" | b"FALSE" => (RTag::Bool, Resolved::Bool(false)),
        b"" | b"~" | b"null" | b"Null" | b"NULL" => (RTag::Null, Resolved::Null),
        b".nan" | b".NaN" | b".NAN" => (RTag::Float, Resolved::Float(f64::NAN)),
        b".inf" | b".Inf" | b".INF" | b"+.inf" | b"+.Inf" | b"+.INF" => {
            (RTag::Float, Resolved::Float(f64::INFINITY))
        }
        b"-.inf" | b"-.Inf" | b"-.INF" => (RTag::Float, Resolved::Float(f64::NEG_INFINITY)),
        b"<<" => (RTag::Merge, Resolved::Str),
        _ => return None,
    };
    Some(r)
}

/// `resolve(tag, in)` from go-yaml v2 (`v2 = true`) or v3: the resolved tag and value, or
/// go-yaml's "cannot decode" failure (without the `yaml: ` prefix).
pub(crate) fn resolve(tag: &[u8], input: &[u8], v2: bool) -> Result<(RTag, Resolved), String> {
    let want = match tag {
        b"" => None,
        t if t == STR_TAG => Some(RTag::Str),
        t if t == BOOL_TAG => Some(RTag::Bool),
        t if t == INT_TAG => Some(RTag::Int),
        t if t == FLOAT_TAG => Some(RTag::Float),
        t if t == NULL_TAG => Some(RTag::Null),
        t if t == TIMESTAMP_TAG => Some(RTag::Timestamp),
        t if t == BINARY_TAG => return Ok((RTag::Binary, Resolved::Str)),
        _ => return Ok((RTag::Other, Resolved::Str)),
    };
    let (rtag, out) = resolve_plain(want, input, v2);
    match want {
        None => Ok((rtag, out)),
        Some(w) if w == rtag || w == RTag::Str => Ok((rtag, out)),
        Some(RTag::Float) if rtag == RTag::Int => match out {
            Resolved::Int(n) => Ok((RTag::Float, Resolved::Float(n as f64))),
            _ => Err(cannot_decode(rtag, input, RTag::Float)),
        },
        Some(w) => Err(cannot_decode(rtag, input, w)),
    }
}

fn cannot_decode(rtag: RTag, input: &[u8], want: RTag) -> String {
    format!(
        "cannot decode {} `{}` as a {}",
        rtag_name(rtag),
        String::from_utf8_lossy(input),
        rtag_name(want)
    )
}

fn resolve_plain(want: Option<RTag>, input: &[u8], v2: bool) -> (RTag, Resolved) {
    if want == Some(RTag::Str) {
        return (RTag::Str, Resolved::Str);
    }
    let hint = match input.first() {
        None => b'N',
        Some(b'+' | b'-') => b'S',
        Some(b'0'..=b'9') => b'D',
        Some(b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~') => b'M',
        Some(b'.') => b'.',
        Some(_) => 0,
    };
    if hint == 0 {
        return (RTag::Str, Resolved::Str);
    }
    if let Some(r) = lookup_map(input, v2) {
        return r;
    }
    match hint {
        b'.' => {
            if let Some(f) = go_parse_float(input) {
                return (RTag::Float, Resolved::Float(f));
            }
        }
        b'D' | b'S' => {
            if (want.is_none() || want == Some(RTag::Timestamp)) && is_timestamp(input) {
                return (RTag::Timestamp, Resolved::Str);
            }
            let plain: alloc::vec::Vec<u8> = input.iter().copied().filter(|&c| c != b'_').collect();
            if let Some(n) = go_parse_int(&plain) {
                return (RTag::Int, Resolved::Int(n));
            }
            if let Some(n) = go_parse_uint(&plain) {
                return (RTag::Int, Resolved::Uint(n));
            }
            if yaml_style_float(&plain) {
                if let Some(f) = parse_finite(&plain) {
                    return (RTag::Float, Resolved::Float(f));
                }
            }
            // `0b`/`-0b` (and `0o` in v3) are already accepted by Go's base-0 ParseInt
            // above; go-yaml's own retries for them never succeed where that failed, except
            // for the unsigned `0b` range.
            if let Some(rest) = plain.strip_prefix(b"0b") {
                if let Some(n) = parse_digits(rest, 2) {
                    return (
                        RTag::Int,
                        if n <= i64::MAX as u64 {
                            Resolved::Int(n as i64)
                        } else {
                            Resolved::Uint(n)
                        },
                    );
                }
            } else if !v2 {
                if let Some(rest) = plain.strip_prefix(b"0o") {
                    if let Some(n) = parse_digits(rest, 8) {
                        return (
                            RTag::Int,
                            if n <= i64::MAX as u64 {
                                Resolved::Int(n as i64)
                            } else {
                                Resolved::Uint(n)
                            },
                        );
                    }
                }
            }
        }
        _ => {}
    }
    (RTag::Str, Resolved::Str)
}

/// Digits in `base` (no sign, no prefix, no underscores), at least one.
fn parse_digits(s: &[u8], base: u32) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    let mut n: u64 = 0;
    for &c in s {
        let d = (c as char).to_digit(base)?;
        n = n.checked_mul(base as u64)?.checked_add(d as u64)?;
    }
    Some(n)
}

/// Go's `strconv.ParseUint(s, 0, 64)` without underscores.
pub(crate) fn go_parse_uint(s: &[u8]) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    let (base, digits): (u32, &[u8]) = if s[0] == b'0' {
        if s.len() >= 3 && (s[1] | 0x20) == b'b' {
            (2, &s[2..])
        } else if s.len() >= 3 && (s[1] | 0x20) == b'o' {
            (8, &s[2..])
        } else if s.len() >= 3 && (s[1] | 0x20) == b'x' {
            (16, &s[2..])
        } else {
            (8, &s[1..])
        }
    } else {
        (10, s)
    };
    if digits.is_empty() {
        // Only "0" gets here: its one digit was taken as the octal prefix.
        return Some(0);
    }
    parse_digits(digits, base)
}

/// Go's `strconv.ParseInt(s, 0, 64)` without underscores.
pub(crate) fn go_parse_int(s: &[u8]) -> Option<i64> {
    let (neg, rest) = match s.first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let u = go_parse_uint(rest)?;
    if neg {
        if u <= 1u64 << 63 {
            Some((u as i64).wrapping_neg())
        } else {
            None
        }
    } else if u <= i64::MAX as u64 {
        Some(u as i64)
    } else {
        None
    }
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn yaml_style_float(s: &[u8]) -> bool {
    let mut i = 0;
    if matches!(s.first(), Some(b'+' | b'-')) {
        i = 1;
    }
    let digits = |i: &mut usize| {
        let st = *i;
        while *i < s.len() && s[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - st
    };
    if s.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if s.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(s.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(s.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == s.len()
}

/// Parses a decimal float already known to be well formed; overflow is an error as in Go.
fn parse_finite(s: &[u8]) -> Option<f64> {
    let t = core::str::from_utf8(s).ok()?;
    let f: f64 = t.parse().ok()?;
    if f.is_infinite() {
        None
    } else {
        Some(f)
    }
}

/// Go's `underscoreOK` for a decimal number.
fn underscore_ok(s: &[u8]) -> bool {
    let mut saw = b'^';
    let s = match s.first() {
        Some(b'+' | b'-') => &s[1..],
        _ => s,
    };
    for &c in s {
        if c.is_ascii_digit() {
            saw = b'0';
            continue;
        }
        if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
            continue;
        }
        if saw == b'_' {
            return false;
        }
        saw = b'!';
    }
    saw != b'_'
}

/// Go's `strconv.ParseFloat(s, 64)` for text starting with `.`: `.digits[e±digits]`.
fn go_parse_float(s: &[u8]) -> Option<f64> {
    let has_us = s.contains(&b'_');
    if has_us && !underscore_ok(s) {
        return None;
    }
    let plain: alloc::vec::Vec<u8> = s.iter().copied().filter(|&c| c != b'_').collect();
    if !yaml_style_float(&plain) {
        return None;
    }
    parse_finite(&plain)
}

/// go-yaml's `parseTimestamp`: whether `s` parses with one of its four `time.Parse`
/// layouts (`2006-1-2T15:4:5.999999999Z07:00`, the same with `t`,
/// `2006-1-2 15:4:5.999999999`, `2006-1-2`).
pub(crate) fn is_timestamp(s: &[u8]) -> bool {
    let i = s.iter().take_while(|c| c.is_ascii_digit()).count();
    if i != 4 || i == s.len() || s[i] != b'-' {
        return false;
    }
    parse_layout(s, Layout::T(b'T'))
        || parse_layout(s, Layout::T(b't'))
        || parse_layout(s, Layout::Space)
        || parse_layout(s, Layout::Date)
}

#[derive(Clone, Copy)]
enum Layout {
    T(u8),
    Space,
    Date,
}

/// Go's `getnum(s, false)`: one or two digits.
fn getnum(s: &[u8]) -> Option<(u32, &[u8])> {
    let d0 = *s.first()?;
    if !d0.is_ascii_digit() {
        return None;
    }
    match s.get(1) {
        Some(d1) if d1.is_ascii_digit() => {
            Some(((d0 - b'0') as u32 * 10 + (d1 - b'0') as u32, &s[2..]))
        }
        _ => Some(((d0 - b'0') as u32, &s[1..])),
    }
}

fn lit(s: &[u8], c: u8) -> Option<&[u8]> {
    if s.first() == Some(&c) {
        Some(&s[1..])
    } else {
        None
    }
}

fn days_in(month: u32, year: u32) -> u32 {
    match month {
        2 => {
            if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) {
                29
            } else {
                28
            }
        }
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn parse_layout(s: &[u8], layout: Layout) -> bool {
    fn go(s: &[u8], layout: Layout) -> Option<()> {
        let year: u32 = core::str::from_utf8(s.get(..4)?).ok()?.parse().ok()?;
        let v = lit(&s[4..], b'-')?;
        let (month, v) = getnum(v)?;
        let v = lit(v, b'-')?;
        let (day, mut v) = getnum(v)?;
        if !(1..=12).contains(&month) {
            return None;
        }
        match layout {
            Layout::Date => {}
            Layout::T(_) | Layout::Space => {
                v = match layout {
                    Layout::T(c) => lit(v, c)?,
                    _ => {
                        // A space in a layout matches any run of spaces.
                        if v.first() != Some(&b' ') {
                            return None;
                        }
                        let n = v.iter().take_while(|&&c| c == b' ').count();
                        &v[n..]
                    }
                };
                let (hour, w) = getnum(v)?;
                let w = lit(w, b':')?;
                let (min, w) = getnum(w)?;
                let w = lit(w, b':')?;
                let (sec, mut w) = getnum(w)?;
                if hour >= 24 || min >= 60 || sec >= 60 {
                    return None;
                }
                if w.len() >= 2 && (w[0] == b'.' || w[0] == b',') && w[1].is_ascii_digit() {
                    let n = 1 + w[1..].iter().take_while(|c| c.is_ascii_digit()).count();
                    w = &w[n..];
                }
                if let Layout::T(_) = layout {
                    if w.first() == Some(&b'Z') {
                        w = &w[1..];
                    } else {
                        if w.len() < 6 || w[3] != b':' {
                            return None;
                        }
                        let sign = w[0];
                        let hh = w.get(1..3)?;
                        let mm = w.get(4..6)?;
                        if !hh.iter().all(u8::is_ascii_digit) || !mm.iter().all(u8::is_ascii_digit)
                        {
                            return None;
                        }
                        let hv = (hh[0] - b'0') as u32 * 10 + (hh[1] - b'0') as u32;
                        let mv = (mm[0] - b'0') as u32 * 10 + (mm[1] - b'0') as u32;
                        if hv > 24 || mv > 60 || (sign != b'+' && sign != b'-') {
                            return None;
                        }
                        w = &w[6..];
                    }
                }
                v = w;
            }
        }
        if !v.is_empty() {
            return None;
        }
        if day < 1 || day > days_in(month, year) {
            return None;
        }
        Some(())
    }
    go(s, layout).is_some()
}

/// go-yaml's `isBase60Float`: `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`.
pub(crate) fn is_base60_float(s: &[u8]) -> bool {
    let Some(&c) = s.first() else { return false };
    if !(c == b'+' || c == b'-' || c.is_ascii_digit()) || !s.contains(&b':') {
        return false;
    }
    let mut i = 0;
    if c == b'+' || c == b'-' {
        i = 1;
    }
    if !s.get(i).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    i += 1;
    while i < s.len() && (s[i].is_ascii_digit() || s[i] == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while s.get(i) == Some(&b':') {
        i += 1;
        // `[0-5]?[0-9]`: one digit, or two with the first in 0-5.
        let d0 = s.get(i).copied();
        let d1 = s.get(i + 1).copied();
        match (d0, d1) {
            (Some(a @ b'0'..=b'5'), Some(b'0'..=b'9')) => {
                let _ = a;
                i += 2;
            }
            (Some(b'0'..=b'9'), _) => i += 1,
            _ => return false,
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if s.get(i) == Some(&b'.') {
        i += 1;
        while i < s.len() && (s[i].is_ascii_digit() || s[i] == b'_') {
            i += 1;
        }
    }
    i == s.len()
}

/// Whether v2's encoder may write `s` as a plain scalar: it must read back as a string.
pub(crate) fn plain_is_string(s: &[u8], v2: bool) -> bool {
    let rtag = match resolve(b"", s, v2) {
        Ok((t, _)) => t,
        Err(_) => RTag::Other,
    };
    if rtag != RTag::Str || is_base60_float(s) {
        return false;
    }
    if !v2 {
        // v3 also quotes YAML 1.1 booleans for older readers.
        return !matches!(
            s,
            b"y" | b"Y"
                | b"yes"
                | b"Yes"
                | b"YES"
                | b"on"
                | b"On"
                | b"ON"
                | b"n"
                | b"N"
                | b"no"
                | b"No"
                | b"NO"
                | b"off"
                | b"Off"
                | b"OFF"
        );
    }
    true
}
