//! BurntSushi/toml v1.6.0's parser: items to nested maps, with its implicit-table and
//! redefinition rules and its error texts (`toml: line 3 (last key "a.b"): …`).
//!
//! Tables are our shared [`Map`]s, so the parser can keep handles into the tree and mutate
//! in place as Go's does with its `map[string]any` values.

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::datetime::parse_datetime;
use super::lex::{is_hex, ItemType as T, Lexer};
use super::{key_string, quote_key_list};
use crate::gofmt::strconv::{parse_float, parse_int, quote, NumErrorKind};
use crate::value::{Elem, List, Map, Value};

/// How deep arrays and inline tables may nest. Go has no limit; ours keeps the recursive
/// descent within a 1 MiB stack (WASM's default) even in unoptimised builds. Real documents
/// nest a handful of levels.
pub(crate) const MAX_NESTING: usize = 128;

/// BurntSushi's `ParseError`, reduced to what its `Error()` prints.
#[derive(Clone, Debug)]
pub(crate) struct ParseError {
    pub line: usize,
    pub last_key: String,
    pub message: String,
}

impl ParseError {
    /// `toml: line N (last key "k"): message`.
    pub fn text(&self) -> String {
        if self.last_key.is_empty() {
            format!("toml: line {}: {}", self.line, self.message)
        } else {
            format!(
                "toml: line {} (last key {}): {}",
                self.line,
                quote(&self.last_key),
                self.message
            )
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum TomlType {
    Integer,
    Float,
    Datetime,
    String,
    Bool,
    Array,
    Hash,
    ArrayHash,
}

type PResult<T> = Result<T, ParseError>;

struct Parser<'a> {
    lx: Lexer<'a>,
    context: Vec<String>,
    current_key: String,
    /// Line of the last item read with `next_pos` (Go's `p.pos`).
    pos_line: usize,
    key_info: BTreeMap<String, TomlType>,
    mapping: Map,
    implicits: BTreeSet<String>,
    depth: usize,
}

/// A table array (`[[x]]`), which Go keeps as `[]map[string]any`.
fn table_array(v: &Value) -> Option<&List> {
    v.as_list().filter(|l| l.elem() == Elem::Map)
}

/// The table a path step lands in: the map itself, or the last table of a table array.
fn descend(v: &Value) -> Option<Map> {
    if let Some(l) = table_array(v) {
        return l.last().and_then(|m| m.as_map().cloned());
    }
    v.as_map().cloned()
}

/// Parses a TOML document into its top-level table.
pub(crate) fn parse(data: &str) -> PResult<Map> {
    // BurntSushi skips a byte order mark: UTF-8's, or UTF-16's either way round (some tools
    // write one); the bytes of the latter are not UTF-8, so they are raw-byte chars here.
    let data = match crate::gobytes::utf16_bom(data) {
        Some((_, rest)) => rest,
        None => data.strip_prefix('\u{FEFF}').unwrap_or(data),
    };
    // NUL bytes in the first few bytes mean UTF-16, which BurntSushi rejects up front.
    if data.as_bytes().iter().take(6).any(|&b| b == 0) {
        return Err(ParseError {
            line: 1,
            last_key: String::new(),
            message: String::from(
                "files cannot contain NULL bytes; probably using UTF-16; TOML files must be UTF-8",
            ),
        });
    }
    let mut p = Parser {
        lx: Lexer::new(data),
        context: Vec::new(),
        current_key: String::new(),
        pos_line: 0,
        key_info: BTreeMap::new(),
        mapping: Map::new(),
        implicits: BTreeSet::new(),
        depth: 0,
    };
    loop {
        let item = p.next()?;
        if item.typ == T::Eof {
            break;
        }
        p.top_level(item)?;
    }
    Ok(p.mapping)
}

fn strip_first_newline(s: &str) -> &str {
    s.strip_prefix('\n')
        .or_else(|| s.strip_prefix("\r\n"))
        .unwrap_or(s)
}

/// BurntSushi's `numHasLeadingZero`.
fn num_has_leading_zero(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() > 1 && b[0] == b'0' && !matches!(b[1], b'b' | b'o' | b'x') {
        return true;
    }
    b.len() > 2 && (b[0] == b'-' || b[0] == b'+') && b[1] == b'0'
}

/// BurntSushi's `numUnderscoresOK`: every `_` between two non-underscores.
fn num_underscores_ok(s: &str) -> bool {
    if matches!(s, "nan" | "+nan" | "-nan" | "inf" | "-inf" | "+inf") {
        return true;
    }
    let mut accept = false;
    for r in s.chars() {
        if r == '_' && !accept {
            return false;
        }
        accept = is_hex(r);
    }
    accept
}

/// BurntSushi's `numPeriodsOK`: every `.` followed by a digit.
fn num_periods_ok(s: &str) -> bool {
    let mut period = false;
    for r in s.chars() {
        if period && !r.is_ascii_digit() {
            return false;
        }
        period = r == '.';
    }
    !period
}

impl Parser<'_> {
    /// Go's `p.current()`: the full name of the key being parsed.
    fn current(&self) -> String {
        if self.current_key.is_empty() {
            return key_string(&self.context);
        }
        if self.context.is_empty() {
            return self.current_key.clone();
        }
        format!("{}.{}", key_string(&self.context), self.current_key)
    }

    fn err_at(&self, line: usize, message: String) -> ParseError {
        ParseError {
            line,
            last_key: self.current(),
            message,
        }
    }

    /// Go's `panicf`: an error at the last positioned item.
    fn errf(&self, message: String) -> ParseError {
        self.err_at(self.pos_line, message)
    }

    fn next(&mut self) -> PResult<super::lex::Item> {
        let it = self.lx.next_item();
        if it.typ == T::Error {
            return Err(self.err_at(it.line, it.err));
        }
        Ok(it)
    }

    fn next_pos(&mut self) -> PResult<super::lex::Item> {
        let it = self.next()?;
        self.pos_line = it.line;
        Ok(it)
    }

    fn bug(&self, what: &str) -> ParseError {
        self.errf(format!("BUG: {what}"))
    }

    fn expect(&mut self, typ: T) -> PResult<()> {
        let it = self.next()?;
        if it.typ != typ {
            return Err(self.bug("unexpected item"));
        }
        Ok(())
    }

    /// Reads key parts up to `end` (Go's loops over `keyString`).
    fn key_parts(&mut self, first: super::lex::Item, end: T) -> PResult<Vec<String>> {
        let mut key = Vec::new();
        let mut name = first;
        while name.typ != end && name.typ != T::Eof {
            key.push(self.key_part(&name)?);
            name = self.next()?;
        }
        if name.typ != end {
            return Err(self.bug("unterminated key"));
        }
        Ok(key)
    }

    fn key_part(&mut self, it: &super::lex::Item) -> PResult<String> {
        match it.typ {
            T::Text => Ok(it.val.clone()),
            T::String
            | T::StringEsc
            | T::MultilineString
            | T::RawString
            | T::RawMultilineString => match self.value(it.clone(), false)?.0 {
                Value::String(s) => Ok(String::from(&*s)),
                _ => Err(self.bug("key is not a string")),
            },
            _ => Err(self.bug("unexpected key type")),
        }
    }

    fn top_level(&mut self, item: super::lex::Item) -> PResult<()> {
        match item.typ {
            T::CommentStart => self.expect(T::Text),
            T::TableStart | T::ArrayTableStart => {
                let array = item.typ == T::ArrayTableStart;
                let name = self.next_pos()?;
                let key =
                    self.key_parts(name, if array { T::ArrayTableEnd } else { T::TableEnd })?;
                self.add_context(&key, array)?;
                self.set_type(
                    "",
                    if array {
                        TomlType::ArrayHash
                    } else {
                        TomlType::Hash
                    },
                );
                Ok(())
            }
            T::KeyStart => {
                let outer = self.context.clone();
                let k = self.next_pos()?;
                let key = self.key_parts(k, T::KeyEnd)?;
                self.current_key = key.last().cloned().unwrap_or_default();
                for part in &key[..key.len().saturating_sub(1)] {
                    let mut ctx = self.context.clone();
                    ctx.push(part.clone());
                    self.add_implicit_context(&ctx)?;
                }
                let v_item = self.next()?;
                let (val, typ) = self.value(v_item, false)?;
                let ck = self.current_key.clone();
                self.set_value(&ck, val)?;
                self.set_type(&ck, typ);
                self.context = outer;
                self.current_key.clear();
                Ok(())
            }
            _ => Err(self.bug("unexpected item at top level")),
        }
    }

    fn value(&mut self, it: super::lex::Item, parent_is_array: bool) -> PResult<(Value, TomlType)> {
        match it.typ {
            T::Array | T::InlineTableStart => self.value_nested(it, parent_is_array),
            _ => self.value_scalar(it),
        }
    }

    // Kept out of line so the recursion through arrays and inline tables has small frames.
    #[inline(never)]
    fn value_scalar(&mut self, it: super::lex::Item) -> PResult<(Value, TomlType)> {
        match it.typ {
            T::String | T::RawString => Ok((Value::str(it.val), TomlType::String)),
            T::StringEsc => Ok((
                Value::str(self.replace_escapes(&it, &it.val)?),
                TomlType::String,
            )),
            T::MultilineString => {
                let s = strip_escaped_newlines(strip_first_newline(&it.val));
                Ok((Value::str(self.replace_escapes(&it, &s)?), TomlType::String))
            }
            T::RawMultilineString => {
                Ok((Value::str(strip_first_newline(&it.val)), TomlType::String))
            }
            T::Integer => self.value_integer(&it),
            T::Float => self.value_float(&it),
            T::Bool => Ok((Value::Bool(it.val == "true"), TomlType::Bool)),
            T::Datetime => match parse_datetime(&it.val) {
                Ok(t) => Ok((Value::Object(alloc::rc::Rc::new(t)), TomlType::Datetime)),
                Err(v) => Err(self.err_at(it.line, format!("invalid datetime: {}", quote(&v)))),
            },
            _ => Err(self.bug("unexpected value type")),
        }
    }

    fn value_nested(
        &mut self,
        it: super::lex::Item,
        parent_is_array: bool,
    ) -> PResult<(Value, TomlType)> {
        if self.depth >= MAX_NESTING {
            return Err(self.nest_error(it.line));
        }
        self.depth += 1;
        let r = if it.typ == T::Array {
            self.value_array()
        } else {
            self.value_inline_table(parent_is_array)
        };
        self.depth -= 1;
        r
    }

    #[inline(never)]
    fn nest_error(&self, line: usize) -> ParseError {
        self.err_at(
            line,
            String::from("arrays and inline tables nest too deeply"),
        )
    }

    fn value_integer(&mut self, it: &super::lex::Item) -> PResult<(Value, TomlType)> {
        let v = &it.val;
        if !num_underscores_ok(v) {
            return Err(self.err_at(
                it.line,
                format!(
                    "Invalid integer {}: underscores must be surrounded by digits",
                    quote(v)
                ),
            ));
        }
        if num_has_leading_zero(v) {
            return Err(self.err_at(
                it.line,
                format!("Invalid integer {}: cannot have leading zeroes", quote(v)),
            ));
        }
        match parse_int(v, 0, 64) {
            Ok(n) => Ok((Value::Int64(n), TomlType::Integer)),
            Err(e) if e.kind == NumErrorKind::Range => {
                Err(self.err_at(it.line, format!("{v} is out of range for int64")))
            }
            Err(_) => Err(self.bug(&format!("Expected integer value, but got '{v}'."))),
        }
    }

    fn value_float(&mut self, it: &super::lex::Item) -> PResult<(Value, TomlType)> {
        let v = &it.val;
        let parts: Vec<&str> = v.split(['.', 'e', 'E']).filter(|p| !p.is_empty()).collect();
        if parts.iter().any(|p| !num_underscores_ok(p)) {
            return Err(self.err_at(
                it.line,
                format!(
                    "Invalid float {}: underscores must be surrounded by digits",
                    quote(v)
                ),
            ));
        }
        if parts.first().is_some_and(|p| num_has_leading_zero(p)) {
            return Err(self.err_at(
                it.line,
                format!("Invalid float {}: cannot have leading zeroes", quote(v)),
            ));
        }
        if !num_periods_ok(v) {
            return Err(self.err_at(
                it.line,
                format!(
                    "Invalid float {}: '.' must be followed by one or more digits",
                    quote(v)
                ),
            ));
        }
        let mut val: String = v.chars().filter(|&c| c != '_').collect();
        let mut signbit = false;
        if val == "+nan" || val == "-nan" {
            signbit = val == "-nan";
            val = String::from("nan");
        }
        match parse_float(&val) {
            Ok(f) => Ok((Value::Float(if signbit { -f } else { f }), TomlType::Float)),
            Err(e) if e.kind == NumErrorKind::Range => {
                Err(self.err_at(it.line, format!("{v} is out of range for float64")))
            }
            Err(_) => Err(self.err_at(it.line, format!("Invalid float value: {}", quote(v)))),
        }
    }

    fn value_array(&mut self) -> PResult<(Value, TomlType)> {
        let ck = self.current_key.clone();
        self.set_type(&ck, TomlType::Array);
        let mut array = Vec::new();
        loop {
            let it = self.next()?;
            match it.typ {
                T::ArrayEnd => break,
                T::CommentStart => self.expect(T::Text)?,
                _ => array.push(self.value(it, true)?.0),
            }
        }
        Ok((Value::list(array), TomlType::Array))
    }

    fn value_inline_table(&mut self, parent_is_array: bool) -> PResult<(Value, TomlType)> {
        let top_hash = Map::new();
        let outer_context = core::mem::take(&mut self.context);
        let outer_key = core::mem::take(&mut self.current_key);
        let mut prev_context = outer_context.clone();
        prev_context.push(outer_key.clone());
        self.context = prev_context.clone();
        self.add_implicit(&prev_context);
        self.add_context(&prev_context, parent_is_array)?;
        loop {
            let it = self.next()?;
            match it.typ {
                T::InlineTableEnd => break,
                T::CommentStart => self.expect(T::Text)?,
                _ => self.inline_entry(&top_hash, &prev_context)?,
            }
        }
        self.context = outer_context;
        self.current_key = outer_key;
        Ok((Value::Map(top_hash), TomlType::Hash))
    }

    /// One `key = value` of an inline table, set both in the document and in the table's
    /// own map (Go's loop body in `valueInlineTable`).
    #[inline(never)]
    fn inline_entry(&mut self, top_hash: &Map, prev_context: &[String]) -> PResult<()> {
        let k = self.next_pos()?;
        let key = self.key_parts(k, T::KeyEnd)?;
        self.current_key = key.last().cloned().unwrap_or_default();
        let parents = &key[..key.len().saturating_sub(1)];
        for part in parents {
            let mut ctx = self.context.clone();
            ctx.push(part.clone());
            self.add_implicit_context(&ctx)?;
        }
        let v_item = self.next()?;
        let (val, typ) = self.value(v_item, false)?;
        let ck = self.current_key.clone();
        self.set_value(&ck, val.clone())?;
        self.set_type(&ck, typ);
        let mut hash = top_hash.clone();
        for c in parents {
            let h = match hash.get(c) {
                Some(h) => h,
                None => {
                    let h = Value::Map(Map::new());
                    hash.insert(c.as_str(), h.clone());
                    h
                }
            };
            hash = match h {
                Value::Map(m) => m,
                _ => {
                    return Err(
                        self.errf(format!("{} is not a table", quote_key_list(&self.context)))
                    )
                }
            };
        }
        hash.insert(ck.as_str(), val);
        self.context = prev_context.to_vec();
        Ok(())
    }

    /// Go's `addContext`: walks to (and creates) the table `key` names, making it current.
    fn add_context(&mut self, key: &[String], array: bool) -> PResult<()> {
        let mut hash = self.mapping.clone();
        let mut key_context: Vec<String> = Vec::new();
        let (last, parents) = match key.split_last() {
            Some(x) => x,
            None => return Err(self.bug("empty key")),
        };
        for k in parents {
            key_context.push(k.clone());
            if !hash.contains_key(k) {
                self.add_implicit(&key_context);
                hash.insert(k.as_str(), Value::Map(Map::new()));
            }
            let next = hash.get(k).as_ref().and_then(descend);
            hash = match next {
                Some(m) => m,
                None => {
                    return Err(self.errf(format!(
                        "Key '{}' was already created as a hash.",
                        key_string(&key_context)
                    )))
                }
            };
        }
        self.context = key_context;
        if array {
            if !hash.contains_key(last) {
                hash.insert(
                    last.as_str(),
                    Value::List(List::typed(Elem::Map, Vec::new())),
                );
            }
            let existing = hash.get(last);
            match existing.as_ref().and_then(table_array) {
                Some(l) => {
                    let mut items = l.items().to_vec();
                    items.push(Value::Map(Map::new()));
                    hash.insert(last.as_str(), Value::List(List::typed(Elem::Map, items)));
                }
                None => {
                    return Err(self.errf(format!(
                        "Key '{}' was already created and cannot be used as an array.",
                        key_string(key)
                    )))
                }
            }
        } else {
            self.set_value(last, Value::Map(Map::new()))?;
        }
        self.context.push(last.clone());
        Ok(())
    }

    /// Go's `setValue`: defines `key` in the current table, allowing an implicit table to
    /// be defined once explicitly.
    fn set_value(&mut self, key: &str, value: Value) -> PResult<()> {
        let mut hash = self.mapping.clone();
        let mut key_context: Vec<String> = Vec::new();
        for k in self.context.clone() {
            key_context.push(k.clone());
            let Some(tmp) = hash.get(&k) else {
                return Err(self.bug("context not established"));
            };
            hash = match descend(&tmp) {
                Some(m) => m,
                None => {
                    return Err(self.errf(format!(
                        "Key '{}' has already been defined.",
                        key_string(&key_context)
                    )))
                }
            };
        }
        key_context.push(String::from(key));
        if hash.contains_key(key) {
            let ks = key_string(&key_context);
            if self.key_info.get(&ks) == Some(&TomlType::Array) {
                if !self.implicits.contains(&ks) {
                    return Err(self.errf(format!("Key '{ks}' has already been defined.")));
                }
                self.implicits.remove(&ks);
                hash.insert(key, value);
                return Ok(());
            }
            if self.implicits.remove(&ks) {
                return Ok(());
            }
            return Err(self.errf(format!("Key '{ks}' has already been defined.")));
        }
        hash.insert(key, value);
        Ok(())
    }

    fn set_type(&mut self, key: &str, typ: TomlType) {
        let mut kc = self.context.clone();
        if !key.is_empty() {
            kc.push(String::from(key));
        }
        if kc.is_empty() {
            kc.push(String::new());
        }
        self.key_info.insert(key_string(&kc), typ);
    }

    fn add_implicit(&mut self, key: &[String]) {
        self.implicits.insert(key_string(key));
    }

    fn add_implicit_context(&mut self, key: &[String]) -> PResult<()> {
        self.add_implicit(key);
        self.add_context(key, false)
    }

    /// Go's `replaceEscapes` (the lexer has already checked the escapes' shape).
    fn replace_escapes(&self, it: &super::lex::Item, s: &str) -> PResult<String> {
        let b = s.as_bytes();
        let mut out = String::with_capacity(s.len());
        let mut i = 0;
        while i < b.len() {
            let c = s[i..].chars().next().unwrap_or('\u{FFFD}');
            if c != '\\' {
                out.push(c);
                i += c.len_utf8();
                continue;
            }
            let e = b.get(i + 1).copied().unwrap_or(b'\\');
            let hex_len = match e {
                b' ' | b'\t' => {
                    return Err(self.err_at(it.line, format!("invalid escape: '\\{}'", e as char)));
                }
                b'b' => {
                    out.push('\u{8}');
                    0
                }
                b't' => {
                    out.push('\t');
                    0
                }
                b'n' => {
                    out.push('\n');
                    0
                }
                b'f' => {
                    out.push('\u{c}');
                    0
                }
                b'r' => {
                    out.push('\r');
                    0
                }
                b'e' => {
                    out.push('\u{1b}');
                    0
                }
                b'"' => {
                    out.push('"');
                    0
                }
                b'\\' => {
                    out.push('\\');
                    0
                }
                b'x' => 2,
                b'u' => 4,
                b'U' => 8,
                _ => return Err(self.bug("bad escape")),
            };
            if hex_len > 0 {
                let hex = s.get(i + 2..i + 2 + hex_len).unwrap_or("");
                let code = u32::from_str_radix(hex, 16).ok();
                match code.and_then(char::from_u32) {
                    Some(ch) => out.push(ch),
                    None => {
                        return Err(self.err_at(
                            it.line,
                            format!("Escaped character '\\u{hex}' is not valid UTF-8."),
                        ))
                    }
                }
            }
            i += 2 + hex_len;
        }
        Ok(out)
    }
}

/// BurntSushi's `stripEscapedNewlines`: a backslash ending a line drops the line break and
/// the whitespace after it.
fn strip_escaped_newlines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut s = s;
    let mut i = 0;
    loop {
        let Some(ix) = s[i..].find('\\') else {
            out.push_str(s);
            return out;
        };
        i += ix;
        let b = s.as_bytes();
        if b.get(i + 1) == Some(&b'\\') {
            i += 2;
            continue;
        }
        let mut j = i + 1;
        while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\r' | b'\n') {
            j += 1;
        }
        if j == i + 1 || !s[i..j].contains('\n') {
            i += 1;
            continue;
        }
        out.push_str(&s[..i]);
        s = &s[j..];
        i = 0;
    }
}
