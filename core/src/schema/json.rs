//! JSON as the validator sees it: schema documents decoded with `UseNumber` (numbers keep
//! their text), and Helm's values converted from [`Value`] (Go's dynamic types; a type the
//! validator does not know becomes [`Json::Invalid`], as Go's `typeOf` says).

use alloc::borrow::Cow;
use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::num::Decimal;
use crate::value::{Elem, MapType, Value};
use crate::words::{splat, word_at, zero_bytes};

/// A JSON value.
#[derive(Clone, Debug)]
pub enum Json {
    /// `null`
    Null,
    /// `true`/`false`
    Bool(bool),
    /// A number, as `fmt.Sprint` prints it (json.Number text, or Go's `%v` of a float64).
    Num(Rc<str>),
    /// A string.
    Str(Rc<str>),
    /// An array.
    Arr(Rc<Vec<Json>>),
    /// An object; keys in sorted order, which is the order the validator visits them in.
    Obj(Rc<JsonMap>),
    /// A Go value of a type JSON Schema does not know; holds Go's `%T`.
    Invalid(Rc<str>),
}

/// A JSON object: entries sorted by key, one per key (the last of duplicates, as Go's
/// decoder keeps). A sorted vector rather than an ordered map: objects are built whole
/// (values converted for every validation, documents at every compile), read by key or in
/// order, and dropped whole, and a tree's node building and freeing cost more than that.
#[derive(Clone, Debug, Default)]
pub struct JsonMap {
    entries: Vec<(Rc<str>, Json)>,
}

impl JsonMap {
    /// From entries already sorted by key, without duplicates.
    pub fn from_sorted(entries: Vec<(Rc<str>, Json)>) -> JsonMap {
        debug_assert!(entries.windows(2).all(|w| w[0].0 < w[1].0));
        JsonMap { entries }
    }

    /// From entries in document order; of duplicate keys the last one counts.
    pub fn from_unsorted(mut entries: Vec<(Rc<str>, Json)>) -> JsonMap {
        if entries.windows(2).all(|w| w[0].0 < w[1].0) {
            return JsonMap { entries };
        }
        // Stable, so equal keys stay in document order and the last one can be kept.
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out: Vec<(Rc<str>, Json)> = Vec::with_capacity(entries.len());
        for e in entries {
            match out.last_mut() {
                Some(last) if last.0 == e.0 => *last = e,
                _ => out.push(e),
            }
        }
        JsonMap { entries: out }
    }

    /// The value under `key`.
    pub fn get<Q: AsRef<str> + ?Sized>(&self, key: &Q) -> Option<&Json> {
        let key = key.as_ref();
        self.entries
            .binary_search_by(|(k, _)| (**k).cmp(key))
            .ok()
            .map(|i| &self.entries[i].1)
    }

    /// Whether a key starts with `$`: schema objects without one hold no identifier, anchor,
    /// reference or `$schema`, and their keys sort around where such keys would be.
    pub fn has_dollar_key(&self) -> bool {
        let i = self
            .entries
            .partition_point(|(k, _)| k.as_bytes() < b"$".as_slice());
        self.entries.get(i).is_some_and(|(k, _)| k.starts_with('$'))
    }

    /// Whether `key` is present.
    pub fn contains_key<Q: AsRef<str> + ?Sized>(&self, key: &Q) -> bool {
        self.get(key).is_some()
    }

    /// Sets `key` to `value`.
    #[cfg(test)]
    pub fn insert(&mut self, key: Rc<str>, value: Json) {
        match self.entries.binary_search_by(|(k, _)| k.cmp(&key)) {
            Ok(i) => self.entries[i].1 = value,
            Err(i) => self.entries.insert(i, (key, value)),
        }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Entries in key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&Rc<str>, &Json)> + ExactSizeIterator {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// Keys in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &Rc<str>> + ExactSizeIterator {
        self.entries.iter().map(|(k, _)| k)
    }

    /// Values in key order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Json> + ExactSizeIterator {
        self.entries.iter().map(|(_, v)| v)
    }
}

impl core::ops::Index<&str> for JsonMap {
    type Output = Json;
    fn index(&self, key: &str) -> &Json {
        self.get(key).expect("no such key in the JSON object")
    }
}

/// JSON types as bits (Go's `jsonType`).
pub mod ty {
    /// null
    pub const NULL: u8 = 1;
    /// boolean
    pub const BOOLEAN: u8 = 2;
    /// number
    pub const NUMBER: u8 = 4;
    /// integer
    pub const INTEGER: u8 = 8;
    /// string
    pub const STRING: u8 = 16;
    /// array
    pub const ARRAY: u8 = 32;
    /// object
    pub const OBJECT: u8 = 64;

    /// The names, in Go's order for messages.
    pub const ALL: [(u8, &str); 7] = [
        (NULL, "null"),
        (BOOLEAN, "boolean"),
        (NUMBER, "number"),
        (INTEGER, "integer"),
        (STRING, "string"),
        (ARRAY, "array"),
        (OBJECT, "object"),
    ];

    /// `typeFromString`.
    pub fn from_name(s: &str) -> u8 {
        ALL.iter().find(|(_, n)| *n == s).map_or(0, |(b, _)| *b)
    }

    /// The name of one type bit.
    pub fn name(t: u8) -> &'static str {
        ALL.iter().find(|(b, _)| *b == t).map_or("", |(_, n)| n)
    }

    /// `Types.ToStrings`.
    pub fn names(t: u8) -> alloc::vec::Vec<&'static str> {
        ALL.iter()
            .filter(|(b, _)| t & b != 0)
            .map(|(_, n)| *n)
            .collect()
    }
}

impl Json {
    /// Go's `typeOf` (0 for invalid).
    pub fn type_of(&self) -> u8 {
        match self {
            Json::Null => ty::NULL,
            Json::Bool(_) => ty::BOOLEAN,
            Json::Num(_) => ty::NUMBER,
            Json::Str(_) => ty::STRING,
            Json::Arr(_) => ty::ARRAY,
            Json::Obj(_) => ty::OBJECT,
            Json::Invalid(_) => 0,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The object, if this is one.
    pub fn as_obj(&self) -> Option<&JsonMap> {
        match self {
            Json::Obj(m) => Some(m),
            _ => None,
        }
    }

    /// The exact value of a number (`None` where `big.Rat.SetString` fails).
    pub fn decimal(&self) -> Option<Decimal> {
        match self {
            Json::Num(t) => Decimal::parse(t),
            _ => None,
        }
    }

    /// Go's `%T` of the value the validator was given.
    pub fn go_type(&self) -> String {
        match self {
            Json::Null => "<nil>".into(),
            Json::Bool(_) => "bool".into(),
            Json::Num(_) => "json.Number".into(),
            Json::Str(_) => "string".into(),
            Json::Arr(_) => "[]interface {}".into(),
            Json::Obj(_) => "map[string]interface {}".into(),
            Json::Invalid(t) => t.to_string(),
        }
    }
}

/// The validator's `equals`: `Err` carries the `%T` of a value of unknown type.
pub fn equals(a: &Json, b: &Json) -> Result<bool, String> {
    match a {
        Json::Obj(m1) => {
            let Json::Obj(m2) = b else { return Ok(false) };
            if m1.len() != m2.len() {
                return Ok(false);
            }
            for (k, v1) in m1.iter() {
                let Some(v2) = m2.get(k) else {
                    return Ok(false);
                };
                if !equals(v1, v2)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        Json::Arr(a1) => {
            let Json::Arr(a2) = b else { return Ok(false) };
            if a1.len() != a2.len() {
                return Ok(false);
            }
            for (x, y) in a1.iter().zip(a2.iter()) {
                if !equals(x, y)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        Json::Null => Ok(matches!(b, Json::Null)),
        Json::Bool(x) => Ok(matches!(b, Json::Bool(y) if x == y)),
        Json::Str(x) => Ok(matches!(b, Json::Str(y) if x == y)),
        Json::Num(_) => {
            let (Some(x), Some(y)) = (a.decimal(), b.decimal()) else {
                return Ok(false);
            };
            Ok(x == y)
        }
        Json::Invalid(t) => Err(t.to_string()),
    }
}

/// A canonical text of a value: equal values (numbers compared exactly) have equal keys.
pub fn canonical_key(v: &Json, out: &mut String) -> Result<(), String> {
    match v {
        Json::Null => out.push('n'),
        Json::Bool(b) => out.push(if *b { 't' } else { 'f' }),
        Json::Num(t) => {
            out.push('#');
            match Decimal::parse(t) {
                Some(d) => out.push_str(&alloc::format!("{d:?}")),
                None => {
                    out.push('!');
                    out.push_str(t);
                }
            }
            out.push(';');
        }
        Json::Str(s) => {
            out.push('s');
            out.push_str(&alloc::format!("{}:", s.len()));
            out.push_str(s);
        }
        Json::Arr(a) => {
            out.push('[');
            for x in a.iter() {
                canonical_key(x, out)?;
                out.push(',');
            }
            out.push(']');
        }
        Json::Obj(m) => {
            out.push('{');
            for (k, x) in m.iter() {
                out.push_str(&alloc::format!("{}:", k.len()));
                out.push_str(k);
                canonical_key(x, out)?;
                out.push(',');
            }
            out.push('}');
        }
        Json::Invalid(t) => return Err(t.to_string()),
    }
    Ok(())
}

/// Go's `fmt.Sprintf("%v", v)` of a primitive (enum and const messages).
pub fn display(v: &Json) -> String {
    match v {
        Json::Str(s) => quote(s),
        Json::Arr(_) | Json::Obj(_) => "value".into(),
        Json::Null => "<nil>".into(),
        Json::Bool(b) => (if *b { "true" } else { "false" }).into(),
        Json::Num(t) => t.to_string(),
        Json::Invalid(t) => t.to_string(),
    }
}

/// The validator's `quote`: Go's `%q` in single quotes (`"` unescaped, `'` escaped).
pub fn quote(s: &str) -> String {
    let q = crate::gofmt::strconv::quote(s);
    let inner = &q[1..q.len() - 1];
    let inner = inner.replace("\\\"", "\"").replace('\'', "\\'");
    alloc::format!("'{inner}'")
}

/// Converts Helm's values for validation. Past `depth_left` levels a value is reported as
/// invalid rather than walked further.
pub fn from_value(v: &Value, depth_left: usize) -> Json {
    match v {
        Value::Nil => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(n) | Value::Int64(n) => Json::Num(alloc::format!("{n}").into()),
        Value::Uint(n) => Json::Num(alloc::format!("{n}").into()),
        Value::Float(_) => Json::Num(crate::gofmt::format_v(v).into()),
        Value::String(s) => Json::Str(s.clone()),
        Value::List(l) if l.elem() == Elem::Any && depth_left > 0 => Json::Arr(Rc::new(
            l.items()
                .iter()
                .map(|x| from_value(x, depth_left - 1))
                .collect(),
        )),
        Value::Map(m) if m.map_type() != MapType::Strings && depth_left > 0 => {
            let entries = m.borrow();
            // A values map iterates in key order already: no sorting needed.
            Json::Obj(Rc::new(JsonMap::from_sorted(
                entries
                    .iter()
                    .map(|(k, x)| (k.clone(), from_value(x, depth_left - 1)))
                    .collect(),
            )))
        }
        other => Json::Invalid(other.type_name().into()),
    }
}

/// Go's `jsonschema.UnmarshalJSON`: a `json.Decoder` with `UseNumber`, one value, nothing
/// after it; errors in Go's words (`EOF`, `unexpected EOF`, `invalid character ...`).
pub fn unmarshal(data: &[u8]) -> Result<Json, String> {
    let is_space = |c: &u8| matches!(c, b' ' | b'\t' | b'\r' | b'\n');
    if data.iter().all(is_space) {
        return Err("EOF".into());
    }
    // Most documents are valid UTF-8 JSON: parsed in one checked pass. Anything that pass
    // does not vouch for takes the path below, which reports Go's errors.
    if let Ok(text) = core::str::from_utf8(data) {
        let mut p = Parser {
            s: data,
            t: text,
            i: 0,
        };
        if let Some(v) = p.checked_value(0) {
            p.skip_space();
            if p.i == data.len() {
                return Ok(v);
            }
        }
    }
    // Go's scanner checks the raw bytes first; only its syntax errors apply to `UseNumber`
    // decoding (no float64 range errors), and valid text needs no decoding into values.
    if let Err(e) = crate::json::decode::check_valid(data) {
        if e == "unexpected end of JSON input" {
            return Err("unexpected EOF".into());
        }
        if e.ends_with("after top-level value") {
            // The decoder stops after a complete object or array (or a scalar and the
            // space that ends it); what follows fails the extra `Token` call.
            let start = data.iter().position(|c| !is_space(c)).unwrap_or(0);
            let scalar = !matches!(data[start], b'{' | b'[');
            let end = value_end(data, start);
            let adjacent = scalar && end < data.len() && !is_space(&data[end]);
            if !adjacent {
                return Err("invalid character after top-level value".into());
            }
        }
        return Err(e);
    }
    let text = match core::str::from_utf8(data) {
        Ok(t) => alloc::borrow::Cow::Borrowed(t),
        Err(_) => String::from_utf8_lossy(data),
    };
    let mut p = Parser {
        s: text.as_bytes(),
        t: &text,
        i: 0,
    };
    Ok(p.value())
}

/// The end of the value starting at `i` in (otherwise valid) JSON text.
fn value_end(s: &[u8], mut i: usize) -> usize {
    let mut depth = 0usize;
    let mut in_str = false;
    while i < s.len() {
        let c = s[i];
        if in_str {
            if c == b'\\' {
                i += 1;
            } else if c == b'"' {
                in_str = false;
                if depth == 0 {
                    return i + 1;
                }
            }
            i += 1;
            continue;
        }
        match c {
            b'"' => in_str = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            b' ' | b'\t' | b'\r' | b'\n' | b',' | b':' if depth == 0 => return i,
            _ => {}
        }
        i += 1;
    }
    i
}

/// How deep the checked pass nests: Go's limit, or less where stacks are small (deeper
/// documents take the other path, whose depth was never bounded below Go's).
const CHECKED_DEPTH: usize = if crate::json::decode::MAX_NESTING_DEPTH < super::MAX_DEPTH {
    crate::json::decode::MAX_NESTING_DEPTH
} else {
    super::MAX_DEPTH
};

struct Parser<'a> {
    s: &'a [u8],
    /// `s` as text: strings without escapes are slices of it.
    t: &'a str,
    i: usize,
}

impl<'a> Parser<'a> {
    fn skip_space(&mut self) {
        let s = self.s;
        let mut i = self.i;
        loop {
            // Indentation runs eight spaces at a time, then straight past the rest of it.
            while let Some(w) = word_at(s, i) {
                let other = w ^ splat(b' ');
                if other != 0 {
                    i += (other.trailing_zeros() / 8) as usize;
                    break;
                }
                i += 8;
            }
            match s.get(i) {
                Some(b' ' | b'\t' | b'\r' | b'\n') => i += 1,
                _ => break,
            }
        }
        self.i = i;
    }

    fn value(&mut self) -> Json {
        self.skip_space();
        let Some(&c) = self.s.get(self.i) else {
            return Json::Null;
        };
        match c {
            b'{' => {
                self.i += 1;
                let mut m = Vec::new();
                loop {
                    self.skip_space();
                    if self.s.get(self.i) == Some(&b'}') {
                        self.i += 1;
                        break;
                    }
                    let k = self.string();
                    self.skip_space();
                    self.i += 1; // ':'
                    let v = self.value();
                    m.push((Rc::from(&*k), v));
                    self.skip_space();
                    if self.s.get(self.i) == Some(&b',') {
                        self.i += 1;
                    }
                }
                Json::Obj(Rc::new(JsonMap::from_unsorted(m)))
            }
            b'[' => {
                self.i += 1;
                let mut a = Vec::new();
                loop {
                    self.skip_space();
                    if self.s.get(self.i) == Some(&b']') {
                        self.i += 1;
                        break;
                    }
                    a.push(self.value());
                    self.skip_space();
                    if self.s.get(self.i) == Some(&b',') {
                        self.i += 1;
                    }
                }
                Json::Arr(Rc::new(a))
            }
            b'"' => Json::Str(Rc::from(&*self.string())),
            b't' => {
                self.i += 4;
                Json::Bool(true)
            }
            b'f' => {
                self.i += 5;
                Json::Bool(false)
            }
            b'n' => {
                self.i += 4;
                Json::Null
            }
            _ => {
                let start = self.i;
                while self.i < self.s.len()
                    && matches!(
                        self.s[self.i],
                        b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'
                    )
                {
                    self.i += 1;
                }
                let t = core::str::from_utf8(&self.s[start..self.i]).unwrap_or("0");
                Json::Num(t.into())
            }
        }
    }

    /// A value of strictly valid JSON (Go's grammar and nesting limit), or `None` where Go's
    /// scanner might object; the value is what [`Parser::value`] makes of the same text.
    fn checked_value(&mut self, depth: usize) -> Option<Json> {
        self.skip_space();
        let c = *self.s.get(self.i)?;
        match c {
            b'{' => {
                if depth >= CHECKED_DEPTH {
                    return None;
                }
                self.i += 1;
                let mut m = Vec::new();
                self.skip_space();
                if self.s.get(self.i) == Some(&b'}') {
                    self.i += 1;
                    return Some(Json::Obj(Rc::new(JsonMap::default())));
                }
                loop {
                    self.skip_space();
                    if self.s.get(self.i) != Some(&b'"') {
                        return None;
                    }
                    let k = self.checked_string()?;
                    self.skip_space();
                    if self.s.get(self.i) != Some(&b':') {
                        return None;
                    }
                    self.i += 1;
                    let v = self.checked_value(depth + 1)?;
                    m.push((Rc::from(&*k), v));
                    self.skip_space();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Some(Json::Obj(Rc::new(JsonMap::from_unsorted(m))));
                        }
                        _ => return None,
                    }
                }
            }
            b'[' => {
                if depth >= CHECKED_DEPTH {
                    return None;
                }
                self.i += 1;
                let mut a = Vec::new();
                self.skip_space();
                if self.s.get(self.i) == Some(&b']') {
                    self.i += 1;
                    return Some(Json::Arr(Rc::new(a)));
                }
                loop {
                    a.push(self.checked_value(depth + 1)?);
                    self.skip_space();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Some(Json::Arr(Rc::new(a)));
                        }
                        _ => return None,
                    }
                }
            }
            b'"' => Some(Json::Str(Rc::from(&*self.checked_string()?))),
            b't' => self.literal(b"true", Json::Bool(true)),
            b'f' => self.literal(b"false", Json::Bool(false)),
            b'n' => self.literal(b"null", Json::Null),
            b'-' | b'0'..=b'9' => {
                let start = self.i;
                self.checked_number()?;
                Some(Json::Num(Rc::from(self.t.get(start..self.i)?)))
            }
            _ => None,
        }
    }

    fn literal(&mut self, word: &[u8], v: Json) -> Option<Json> {
        if self.s.get(self.i..self.i + word.len()) != Some(word) {
            return None;
        }
        self.i += word.len();
        Some(v)
    }

    /// Skips a number of Go's grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    fn checked_number(&mut self) -> Option<()> {
        let s = self.s;
        let digits = |i: &mut usize| {
            let from = *i;
            while s.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i > from
        };
        let mut i = self.i;
        if s.get(i) == Some(&b'-') {
            i += 1;
        }
        match s.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => {
                digits(&mut i);
            }
            _ => return None,
        }
        if s.get(i) == Some(&b'.') {
            i += 1;
            if !digits(&mut i) {
                return None;
            }
        }
        if matches!(s.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(s.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if !digits(&mut i) {
                return None;
            }
        }
        self.i = i;
        Some(())
    }

    /// A string of Go's grammar (no control characters, known escapes only), decoded as
    /// [`Parser::string`] does.
    fn checked_string(&mut self) -> Option<Cow<'a, str>> {
        let s = self.s;
        let start = self.i + 1;
        let mut i = start;
        let mut escaped = false;
        loop {
            // Eight bytes at a time while none is a quote, a backslash or a control byte
            // (schemas are mostly long descriptions).
            while let Some(w) = word_at(s, i) {
                let special = special_bytes(w);
                if special != 0 {
                    // Straight to the first special byte (keys end within their first word).
                    i += (special.trailing_zeros() / 8) as usize;
                    break;
                }
                i += 8;
            }
            let c = *s.get(i)?;
            match c {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    match *s.get(i + 1)? {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => i += 2,
                        b'u' => {
                            let hex = s.get(i + 2..i + 6)?;
                            if !hex.iter().all(u8::is_ascii_hexdigit) {
                                return None;
                            }
                            i += 6;
                        }
                        _ => return None,
                    }
                }
                0..=0x1f => return None,
                _ => i += 1,
            }
        }
        if escaped {
            return Some(self.string());
        }
        let t = self.t.get(start..i)?;
        self.i = i + 1;
        Some(Cow::Borrowed(t))
    }

    /// Go's `unquote`: escapes decoded, surrogate pairs joined, lone surrogates and invalid
    /// UTF-8 as U+FFFD.
    fn string(&mut self) -> Cow<'a, str> {
        let s = self.s;
        let start = (self.i + 1).min(s.len());
        let body = &s[start..];
        // Most strings hold no escapes: borrowed whole (both ends are ASCII quotes, so
        // character boundaries of the text).
        if let Some(end) = body.iter().position(|&c| c == b'"' || c == b'\\') {
            if body[end] == b'"' {
                if let Some(t) = self.t.get(start..start + end) {
                    self.i += end + 2;
                    return Cow::Borrowed(t);
                }
            }
        }
        let mut i = self.i + 1;
        let mut out: Vec<u8> = Vec::new();
        while i < s.len() && s[i] != b'"' {
            if s[i] != b'\\' {
                // The run up to the next quote or escape, copied whole.
                let end = quote_or_escape(s, i);
                out.extend_from_slice(&s[i..end]);
                i = end;
                continue;
            }
            let c = s.get(i + 1).copied().unwrap_or(b'"');
            i += 2;
            match c {
                b'b' => out.push(8),
                b'f' => out.push(12),
                b'n' => out.push(b'\n'),
                b'r' => out.push(b'\r'),
                b't' => out.push(b'\t'),
                b'u' => {
                    let mut r = getu4(&s[i..]).unwrap_or(0xFFFD);
                    i += 4;
                    if (0xD800..0xE000).contains(&r) {
                        let lo = if s.get(i) == Some(&b'\\') && s.get(i + 1) == Some(&b'u') {
                            getu4(&s[i + 2..])
                        } else {
                            None
                        };
                        match lo {
                            Some(lo)
                                if (0xD800..0xDC00).contains(&r)
                                    && (0xDC00..0xE000).contains(&lo) =>
                            {
                                r = 0x10000 + ((r - 0xD800) << 10) + (lo - 0xDC00);
                                i += 6;
                            }
                            _ => r = 0xFFFD,
                        }
                    }
                    let ch = char::from_u32(r).unwrap_or('\u{FFFD}');
                    out.extend_from_slice(ch.encode_utf8(&mut [0u8; 4]).as_bytes());
                }
                other => out.push(other),
            }
        }
        self.i = i + 1;
        match String::from_utf8(out) {
            Ok(s) => Cow::Owned(s),
            Err(e) => Cow::Owned(String::from_utf8_lossy(e.as_bytes()).into_owned()),
        }
    }
}

/// The first `"` or `\\` in `s` at or after `i` (`s.len()` if none), eight bytes at a
/// time.
fn quote_or_escape(s: &[u8], mut i: usize) -> usize {
    while let Some(w) = word_at(s, i) {
        if (zero_bytes(w ^ splat(b'"')) | zero_bytes(w ^ splat(b'\\'))) != 0 {
            break;
        }
        i += 8;
    }
    s.get(i..)
        .and_then(|r| r.iter().position(|&c| c == b'"' || c == b'\\'))
        .map_or(s.len(), |p| i + p)
}

fn getu4(s: &[u8]) -> Option<u32> {
    let h = s.get(..4)?;
    let t = core::str::from_utf8(h).ok()?;
    u32::from_str_radix(t, 16).ok()
}

/// Bit 7 of each byte of `x` that ends a plain run of string text: `"`, `\\` or a control
/// byte (below 0x20: its top three bits clear).
#[inline]
fn special_bytes(x: u64) -> u64 {
    zero_bytes(x ^ splat(b'"')) | zero_bytes(x ^ splat(b'\\')) | zero_bytes(x & splat(0xE0))
}

#[cfg(test)]
mod checked_tests {
    use super::*;

    /// Escaped strings decode the same whether their plain runs are short or long.
    #[test]
    fn escaped_strings_decode() {
        let long = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (text, want) in [
            (
                alloc::format!(r#"["{long}\"{long}\\{long}\n!"]"#),
                alloc::format!("{long}\"{long}\\{long}\n!"),
            ),
            (
                r#"["\u00e9t\u00e9 \ud83d\ude00 tail text beyond a word"]"#.into(),
                "\u{e9}t\u{e9} \u{1F600} tail text beyond a word".into(),
            ),
            (r#"["x\"y"]"#.into(), "x\"y".into()),
        ] {
            let Some(Json::Arr(a)) = checked(&text) else {
                panic!("{text}")
            };
            assert_eq!(a[0].as_str(), Some(want.as_str()), "{text}");
        }
    }

    /// The word test finds the first special byte as a byte-by-byte search does, for
    /// every byte value at every position, among plain, high, mixed and special neighbours.
    #[test]
    fn special_bytes_of_words() {
        let special = |b: u8| b == b'"' || b == b'\\' || b < 0x20;
        for fill in [b'a', 0x80, 0xff, b' ', b'"'] {
            for pos in 0..8 {
                for b in 0..=255u8 {
                    let mut w = [fill; 8];
                    w[pos] = b;
                    let want = w.iter().position(|&c| special(c));
                    let got = special_bytes(u64::from_le_bytes(w));
                    let got = (got != 0).then(|| (got.trailing_zeros() / 8) as usize);
                    assert_eq!(got, want, "{w:?}");
                }
            }
        }
    }

    /// Control bytes inside a long string are refused wherever they fall.
    #[test]
    fn control_bytes_in_long_strings_are_refused() {
        for at in 0..20 {
            let mut body = alloc::vec![b'x'; 20];
            body[at] = b'\n';
            let text = alloc::format!("\"{}\"", core::str::from_utf8(&body).unwrap());
            assert!(checked(&text).is_none(), "{text:?}");
        }
    }

    fn checked(text: &str) -> Option<Json> {
        let mut p = Parser {
            s: text.as_bytes(),
            t: text,
            i: 0,
        };
        let v = p.checked_value(0)?;
        p.skip_space();
        (p.i == text.len()).then_some(v)
    }

    fn lenient(text: &str) -> Json {
        let mut p = Parser {
            s: text.as_bytes(),
            t: text,
            i: 0,
        };
        p.value()
    }

    /// The checked pass makes of valid text what the lenient parser does.
    #[test]
    fn checked_parse_agrees_on_valid_text() {
        let valid = [
            r#" {"a": [1, -0, 0.5, 1e3, -2E-7, 10.25e+2], "b": {"c": null, "d": true, "e": false}} "#,
            r#"{"esc": "a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00\ud800x", "": "", "é": "ü"}"#,
            r#"{"dup": 1, "dup": 2}"#,
            "[]",
            "{}",
            "\t\r\n[ [ ], { } ]\n",
            "\"s\"",
            "12",
            "null",
            "{\"long\":        \"a description longer than a word, \u{e9}\u{1F600} and more\",\n        \"k\": [\"0123456\\\"89abcdef\", \"\\u0041BCDEFGHIJ\"]}",
        ];
        for text in valid {
            let a = checked(text).unwrap_or_else(|| panic!("{text}"));
            assert!(
                crate::json::decode::check_valid(text.as_bytes()).is_ok(),
                "{text}"
            );
            assert_eq!(
                alloc::format!("{a:?}"),
                alloc::format!("{:?}", lenient(text)),
                "{text}"
            );
        }
    }

    /// Whatever Go's scanner rejects, the checked pass leaves to the path reporting it.
    #[test]
    fn checked_parse_declines_invalid_text() {
        let invalid = [
            "01",
            "1.",
            "-",
            "1e",
            "1e+",
            ".5",
            "+1",
            "[1,]",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "{a:1}",
            "\"a\u{1}b\"",
            r#""\x""#,
            r#""\u12g4""#,
            "tru",
            "nul",
            "[1 2]",
            "{} {}",
            "\"abc",
            "[",
            "\u{feff}{}",
            "'a'",
            "NaN",
        ];
        for text in invalid {
            assert!(checked(text).is_none(), "{text}");
            assert!(
                crate::json::decode::check_valid(text.as_bytes()).is_err(),
                "{text}"
            );
        }
        // Nesting at Go's limit passes, one more level does not (on a render-sized stack,
        // as both parsers recurse).
        std::thread::Builder::new()
            .stack_size(crate::limits::RENDER_STACK_SIZE)
            .spawn(|| {
                let deep = |n: usize| "[".repeat(n) + &"]".repeat(n);
                let max = crate::json::decode::MAX_NESTING_DEPTH;
                assert!(checked(&deep(max)).is_some());
                assert!(crate::json::decode::check_valid(deep(max).as_bytes()).is_ok());
                assert!(checked(&deep(max + 1)).is_none());
                assert!(crate::json::decode::check_valid(deep(max + 1).as_bytes()).is_err());
            })
            .unwrap()
            .join()
            .unwrap();
    }
}
