//! Sprig's string functions (`strings.go`, the string entries of `functions.go`, and the
//! Masterminds/goutils helpers they wrap).
//!
//! Go strings are bytes: `trunc`, `substr`, `abbrev` and `wrap` cut at byte offsets and may
//! split a UTF-8 sequence; such halves become U+FFFD here (see [`bytes_to_value`]).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::func;
use crate::template::funcs::{CallCtx, Func, FuncResult};
use crate::value::{Elem, List, Str, StrBuf, Value};

use super::casing;
use super::unicode::{lower_str, upper_str};
use super::util::{
    bytes_to_value, format_v, go_quote, int_arg, runtime_error, str_arg, string_map_value,
    strings_value, strval, too_large, MAX_BUILD,
};

/// The string functions.
pub static FUNCS: &[Func] = &[
    func!("hello", [], hello),
    func!("abbrev", [Int, String], abbrev),
    func!("abbrevboth", [Int, Int, String], abbrevboth),
    func!("trunc", [Int, String], trunc),
    func!("trim", [String], trim),
    func!("upper", [String], upper),
    func!("lower", [String], lower),
    func!("title", [String], casing::title),
    func!("untitle", [String], casing::untitle),
    func!("substr", [Int, Int, String], substr),
    func!("repeat", [Int, String], repeat),
    func!("trimall", [String, String], trim_all),
    func!("trimAll", [String, String], trim_all),
    func!("trimSuffix", [String, String], trim_suffix),
    func!("trimPrefix", [String, String], trim_prefix),
    func!("nospace", [String], casing::nospace),
    func!("initials", [String], casing::initials),
    func!("swapcase", [String], casing::swapcase),
    func!("snakecase", [String], casing::snakecase),
    func!("camelcase", [String], casing::camelcase),
    func!("kebabcase", [String], casing::kebabcase),
    func!("wrap", [Int, String], casing::wrap),
    func!("wrapWith", [Int, String, String], casing::wrap_with),
    func!("contains", [String, String], contains),
    func!("hasPrefix", [String, String], has_prefix),
    func!("hasSuffix", [String, String], has_suffix),
    func!("quote", [] ...Any, quote),
    func!("squote", [] ...Any, squote),
    func!("cat", [] ...Any, cat),
    func!("indent", [Int, String], indent),
    func!("nindent", [Int, String], nindent),
    func!("replace", [String, String, String], replace),
    func!("plural", [String, String, Int], plural),
    func!("toString", [Any], to_string),
    func!("split", [String, String], split),
    func!("splitList", [String, String], split_list),
    func!("splitn", [String, Int, String], splitn),
    func!("toStrings", [Any], to_strings),
    func!("join", [String, Any], join),
    func!("sortAlpha", [Any], sort_alpha),
];

fn hello(_: &mut CallCtx<'_>, _: &[Value]) -> FuncResult {
    Ok(Value::str("Hello!"))
}

/// goutils' `AbbreviateFull` on bytes; `None` where goutils returns an error (Sprig then
/// yields `""`).
fn abbreviate_full(s: &[u8], offset: i64, max_width: i64) -> Option<Vec<u8>> {
    if s.is_empty() {
        return Some(Vec::new());
    }
    if max_width < 4 {
        return None;
    }
    let len = s.len() as i64;
    if len <= max_width {
        return Some(s.to_vec());
    }
    let mut offset = offset.min(len);
    if len - offset < max_width - 3 {
        offset = len - (max_width - 3);
    }
    let marker = b"...";
    if offset <= 4 {
        let mut out = s[..(max_width - 3) as usize].to_vec();
        out.extend_from_slice(marker);
        return Some(out);
    }
    if max_width < 7 {
        return None;
    }
    let mut out = marker.to_vec();
    if offset + max_width - 3 < len {
        out.extend(abbreviate_full(&s[offset as usize..], 0, max_width - 3)?);
    } else {
        out.extend_from_slice(&s[(len - (max_width - 3)) as usize..]);
    }
    Some(out)
}

fn abbrev(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let (width, s) = (int_arg(&a[0]), str_arg(&a[1]));
    if width < 4 {
        return Ok(a[1].clone());
    }
    Ok(bytes_to_value(
        &abbreviate_full(&crate::gobytes::go_bytes(s), 0, width).unwrap_or_default(),
    ))
}

fn abbrevboth(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let (left, right, s) = (int_arg(&a[0]), int_arg(&a[1]), str_arg(&a[2]));
    if right < 4 || left > 0 && right < 7 {
        return Ok(a[2].clone());
    }
    Ok(bytes_to_value(
        &abbreviate_full(&crate::gobytes::go_bytes(s), left, right).unwrap_or_default(),
    ))
}

fn trunc(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let (c, s) = (int_arg(&a[0]), crate::gobytes::go_bytes(str_arg(&a[1])));
    let len = s.len() as i64;
    if c < 0 && len + c > 0 {
        return Ok(bytes_to_value(&s[(len + c) as usize..]));
    }
    if c >= 0 && len > c {
        return Ok(bytes_to_value(&s[..c as usize]));
    }
    Ok(a[1].clone())
}

fn trim(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::str(
        str_arg(&a[0]).trim_matches(super::unicode::is_space),
    ))
}

fn upper(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::from(upper_str(str_arg(&a[0]))))
}

fn lower(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::from(lower_str(str_arg(&a[0]))))
}

/// Go's panic text for a string slice expression out of range.
fn slice_oob_to(end: i64, len: usize) -> String {
    if end < 0 {
        runtime_error(&format!("slice bounds out of range [:{end}]"))
    } else {
        runtime_error(&format!(
            "slice bounds out of range [:{end}] with length {len}"
        ))
    }
}

/// `substr START END S`: Go's `s[:end]` when start < 0, `s[start:]` when end < 0 or past the
/// end, else `s[start:end]`, with Go's panics for bad bounds.
fn substr(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let (start, end, s) = (
        int_arg(&a[0]),
        int_arg(&a[1]),
        crate::gobytes::go_bytes(str_arg(&a[2])),
    );
    let len = s.len() as i64;
    if start < 0 {
        if end < 0 || end > len {
            return Err(slice_oob_to(end, s.len()));
        }
        return Ok(bytes_to_value(&s[..end as usize]));
    }
    if end < 0 || end > len {
        if start > len {
            return Err(runtime_error(&format!(
                "slice bounds out of range [{start}:{len}]"
            )));
        }
        return Ok(bytes_to_value(&s[start as usize..]));
    }
    if start > end {
        return Err(runtime_error(&format!(
            "slice bounds out of range [{start}:{end}]"
        )));
    }
    Ok(bytes_to_value(&s[start as usize..end as usize]))
}

/// Go's `strings.Repeat`, with its panics, bounded by [`MAX_BUILD`].
pub(crate) fn go_repeat(s: &str, count: i64) -> Result<String, String> {
    if count < 0 {
        return Err(String::from("strings: negative Repeat count"));
    }
    let total = (s.len() as u128) * (count as u128);
    if total > MAX_BUILD as u128 {
        return Err(too_large("strings.Repeat"));
    }
    Ok(s.repeat(count as usize))
}

fn repeat(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::from(go_repeat(str_arg(&a[1]), int_arg(&a[0]))?))
}

/// `trimAll CUTSET S`: Go's `strings.Trim(s, cutset)`.
fn trim_all(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let (cutset, s) = (str_arg(&a[0]), str_arg(&a[1]));
    if cutset.is_empty() {
        return Ok(a[1].clone());
    }
    Ok(Value::str(s.trim_matches(|c| cutset.contains(c))))
}

fn trim_suffix(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let (suffix, s) = (str_arg(&a[0]), str_arg(&a[1]));
    Ok(Value::str(s.strip_suffix(suffix).unwrap_or(s)))
}

fn trim_prefix(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let (prefix, s) = (str_arg(&a[0]), str_arg(&a[1]));
    Ok(Value::str(s.strip_prefix(prefix).unwrap_or(s)))
}

fn contains(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::Bool(str_arg(&a[1]).contains(str_arg(&a[0]))))
}

fn has_prefix(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::Bool(str_arg(&a[1]).starts_with(str_arg(&a[0]))))
}

fn has_suffix(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::Bool(str_arg(&a[1]).ends_with(str_arg(&a[0]))))
}

/// `quote`: each non-nil argument's `strval`, Go-quoted, space-separated.
fn quote(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let parts: Vec<String> = a
        .iter()
        .filter(|v| !v.is_nil())
        .map(|v| go_quote(&strval(v)))
        .collect();
    Ok(Value::from(parts.join(" ")))
}

/// `squote`: each non-nil argument as `'%v'` (no escaping, `[]byte` as numbers).
fn squote(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let parts: Vec<String> = a
        .iter()
        .filter(|v| !v.is_nil())
        .map(|v| format!("'{}'", format_v(v)))
        .collect();
    Ok(Value::from(parts.join(" ")))
}

/// `cat`: non-nil arguments as `%v`, space-separated.
fn cat(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let parts: Vec<String> = a.iter().filter(|v| !v.is_nil()).map(format_v).collect();
    Ok(Value::from(parts.join(" ")))
}

/// Sprig's `indent`: the pad before the text and after every newline.
pub(crate) fn indent_str(spaces: i64, s: &str) -> Result<Str, String> {
    indented(spaces, s, "")
}

/// `lead`, then `s` indented as [`indent_str`] does, written straight into a string of
/// the exact size (`nindent`'s text is often a whole included template).
fn indented(spaces: i64, s: &str, lead: &str) -> Result<Str, String> {
    let pad = go_repeat(" ", spaces)?;
    let lines = crate::words::count_byte(s.as_bytes(), b'\n');
    let size = (lines as u128 + 1) * pad.len() as u128 + s.len() as u128;
    if size > MAX_BUILD as u128 {
        return Err(too_large("indent"));
    }
    Ok(StrBuf::build(lead.len() + size as usize, |out| {
        out.push_str(lead);
        out.push_str(&pad);
        let mut start = 0;
        while let Some(i) = crate::words::find_byte(s.as_bytes(), start, b'\n') {
            // `\n` is ASCII, so both cuts fall between chars.
            out.push_str(&s[start..=i]);
            out.push_str(&pad);
            start = i + 1;
        }
        out.push_str(&s[start..]);
    }))
}

fn indent(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::String(indent_str(int_arg(&a[0]), str_arg(&a[1]))?))
}

fn nindent(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::String(indented(
        int_arg(&a[0]),
        str_arg(&a[1]),
        "\n",
    )?))
}

/// Go's `strings.Replace(s, old, new, -1)` (an empty `old` inserts between every rune).
fn go_replace_all(s: &str, old: &str, new: &str) -> Result<String, String> {
    if old.is_empty() {
        let n = s.chars().count() as u128 + 1;
        if n * new.len() as u128 + s.len() as u128 > MAX_BUILD as u128 {
            return Err(too_large("replace"));
        }
        let mut out = String::with_capacity(s.len() + new.len() * (s.len() + 1));
        out.push_str(new);
        for c in s.chars() {
            out.push(c);
            out.push_str(new);
        }
        return Ok(out);
    }
    let n = s.matches(old).count() as u128;
    if n * new.len() as u128 + s.len() as u128 > MAX_BUILD as u128 {
        return Err(too_large("replace"));
    }
    Ok(s.replace(old, new))
}

fn replace(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::from(go_replace_all(
        str_arg(&a[2]),
        str_arg(&a[0]),
        str_arg(&a[1]),
    )?))
}

fn plural(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(if int_arg(&a[2]) == 1 {
        a[0].clone()
    } else {
        a[1].clone()
    })
}

fn to_string(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::from(strval(&a[0])))
}

/// Go's `strings.Split(s, sep)` / `SplitN`: an empty separator splits into runes; `n < 0`
/// means all parts, `n == 0` none.
fn go_split(s: &str, sep: &str, n: i64) -> Vec<String> {
    if n == 0 {
        return Vec::new();
    }
    let limit = if n < 0 { usize::MAX } else { n as usize };
    if sep.is_empty() {
        let mut out: Vec<String> = Vec::new();
        let mut rest = s;
        while let Some(c) = rest.chars().next() {
            if out.len() + 1 == limit {
                out.push(String::from(rest));
                return out;
            }
            out.push(String::from(c));
            rest = &rest[c.len_utf8()..];
        }
        return out;
    }
    s.splitn(limit, sep).map(String::from).collect()
}

fn numbered(parts: Vec<String>) -> Value {
    string_map_value(
        parts
            .into_iter()
            .enumerate()
            .map(|(i, p)| (format!("_{i}"), p))
            .collect(),
    )
}

fn split(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(numbered(go_split(str_arg(&a[1]), str_arg(&a[0]), -1)))
}

fn splitn(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(numbered(go_split(
        str_arg(&a[2]),
        str_arg(&a[0]),
        int_arg(&a[1]),
    )))
}

fn split_list(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(strings_value(go_split(str_arg(&a[1]), str_arg(&a[0]), -1)))
}

/// Sprig's `strslice`: a list's non-nil items as strings; a nil value as `[]`; anything else
/// as a one-item list.
pub(crate) fn strslice(v: &Value) -> Vec<String> {
    match v {
        Value::List(l) => l.iter().filter(|x| !x.is_nil()).map(strval).collect(),
        Value::Bytes(b) => b.iter().map(|x| format!("{x}")).collect(),
        Value::Nil => Vec::new(),
        other => match super::util::object_list(other) {
            Some(l) => l.iter().filter(|x| !x.is_nil()).map(strval).collect(),
            None => alloc::vec![strval(other)],
        },
    }
}

/// [`strslice`] as the Go slice it returns: a `[]string` is handed back as is (so its
/// capacity, which `slice` can reach past the length, is the argument's); any other slice
/// is copied into `make([]string, 0, len)`, skipping nil items, so its capacity is the
/// argument's length.
fn strslice_list(v: &Value) -> List {
    let l = match v {
        Value::List(l) if l.elem() == Elem::String => return l.clone(),
        Value::List(l) => l.clone(),
        Value::Bytes(b) => {
            return List::with_cap(Elem::String, strings_of(strslice(v)), b.len());
        }
        other => match super::util::object_list(other) {
            Some(l) => l,
            None => return List::strings(strslice(other)),
        },
    };
    List::with_cap(Elem::String, strings_of(strslice(v)), l.len())
}

fn strings_of(items: Vec<String>) -> Vec<Value> {
    items.into_iter().map(Value::from).collect()
}

fn to_strings(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::List(strslice_list(&a[0])))
}

fn join(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::from(strslice(&a[1]).join(str_arg(&a[0]))))
}

/// `sortAlpha`: a list's items as sorted strings; any other value as a one-item list.
fn sort_alpha(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    match &a[0] {
        v if matches!(v, Value::List(_) | Value::Bytes(_))
            || super::util::object_list(v).is_some() =>
        {
            // Go sorts the slice `strslice` returned, in place: a `[]string` keeps its
            // capacity. (The argument itself is sorted too in Go; lists here are immutable.)
            let l = strslice_list(&a[0]);
            let mut items = l.items().to_vec();
            items.sort_unstable_by(|x, y| x.as_str().cmp(&y.as_str()));
            Ok(Value::List(l.with_items(items)))
        }
        other => Ok(strings_value(alloc::vec![strval(other)])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every line gets the pad, empty ones and the last included.
    #[test]
    fn indent_pads_every_line() {
        assert_eq!(
            indent_str(2, "a\nbc\n\nd").as_deref(),
            Ok("  a\n  bc\n  \n  d")
        );
        let long = "x".repeat(20);
        assert_eq!(
            indented(1, &alloc::format!("{long}\n{long}"), "\n").as_deref(),
            Ok(alloc::format!("\n {long}\n {long}").as_str())
        );
    }
}
