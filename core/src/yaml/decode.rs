//! Events to values: go-yaml v2's node tree and decoder into `interface{}`, followed by
//! sigs.k8s.io/yaml's conversion (keys to strings, then a JSON round trip).
//!
//! Both stages run on explicit stacks, so nesting depth (up to go-yaml's 10,000 flow and
//! 10,000 block levels) and alias chains never grow the Rust stack. Alias expansion is
//! bounded by go-yaml's "excessive aliasing" ratio check, replayed count for count.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::parser::{EventKind, Parser};
use super::resolve::{resolve, RTag, Resolved, MERGE_TAG};
use super::scanner::{ErrorKind, SyntaxError};
use crate::value::{Entries, List, Map, MapType, Str, Value};

/// A failure while reading: the text after `yaml: ` or a sigs.k8s.io/yaml message.
#[derive(Clone, Debug)]
pub(crate) enum ReadError {
    /// A go-yaml failure (`yaml: ...`), with the 1-based line and column when known.
    Yaml {
        message: String,
        line: Option<usize>,
        column: Option<usize>,
    },
    /// A sigs.k8s.io/yaml conversion failure (unsupported key, NaN/Inf).
    Convert(String),
    /// encoding/json refusing the converted document (nesting too deep).
    Json(String),
}

impl ReadError {
    fn failf(message: String) -> ReadError {
        ReadError::Yaml {
            message: format!("yaml: {message}"),
            line: None,
            column: None,
        }
    }
}

/// go-yaml's `parser.fail`: scanner lines are reported 1-based, parser lines 0-based, and a
/// line of 0 is not reported at all.
pub(crate) fn syntax_message(e: &SyntaxError) -> ReadError {
    let mut line = 0;
    if e.problem_mark.line != 0 {
        line = e.problem_mark.line;
        if e.kind == ErrorKind::Scanner {
            line += 1;
        }
    } else if e.context_mark.line != 0 {
        line = e.context_mark.line;
    }
    let message = if line != 0 {
        format!("yaml: line {line}: {}", e.problem)
    } else {
        format!("yaml: {}", e.problem)
    };
    let known = e.kind != ErrorKind::Reader;
    ReadError::Yaml {
        message,
        line: known.then_some(e.problem_mark.line + 1),
        column: known.then_some(e.problem_mark.column + 1),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Scalar,
    Sequence,
    Mapping,
    Alias,
}

struct Node {
    kind: Kind,
    tag: Vec<u8>,
    /// Scalar text, or the anchor name of an alias.
    value: Vec<u8>,
    implicit: bool,
    children: Vec<usize>,
    /// The anchored node an alias refers to.
    target: usize,
}

/// One parsed document: an arena of nodes and its root.
pub(crate) struct Document {
    nodes: Vec<Node>,
    root: usize,
}

/// Reads documents one at a time, as go-yaml's `parser.parse` does.
pub(crate) struct Composer<'a> {
    parser: Parser<'a>,
    started: bool,
    /// An event read ahead (go-yaml's `peek`).
    pending: Option<super::parser::Event>,
}

impl<'a> Composer<'a> {
    pub fn new(src: &'a str) -> Composer<'a> {
        // go-yaml's newParser replaces empty input by a single line break.
        let src = if src.is_empty() { "\n" } else { src };
        Composer {
            parser: Parser::new(src),
            started: false,
            pending: None,
        }
    }

    fn next(&mut self) -> Result<Option<super::parser::Event>, ReadError> {
        if let Some(ev) = self.pending.take() {
            return Ok(Some(ev));
        }
        self.parser.next_event().map_err(|e| syntax_message(&e))
    }

    fn peek_kind(&mut self) -> Result<Option<&EventKind>, ReadError> {
        if self.pending.is_none() {
            self.pending = self.next()?;
        }
        Ok(self.pending.as_ref().map(|e| &e.kind))
    }

    /// The next document, or `None` at the end of the stream.
    pub fn document(&mut self) -> Result<Option<Document>, ReadError> {
        if !self.started {
            self.started = true;
            match self.next()? {
                Some(ev) if ev.kind == EventKind::StreamStart => {}
                _ => {
                    return Err(ReadError::failf(String::from(
                        "expected STREAM-START event",
                    )))
                }
            }
        }
        match self.peek_kind()? {
            Some(EventKind::DocumentStart) => {}
            Some(EventKind::StreamEnd) | None => return Ok(None),
            Some(_) => {
                return Err(ReadError::failf(String::from(
                    "attempted to parse unknown event",
                )))
            }
        }
        self.pending = None;
        let mut nodes: Vec<Node> = Vec::new();
        let mut anchors: BTreeMap<Vec<u8>, usize> = BTreeMap::new();
        let mut stack: Vec<usize> = Vec::new();
        let mut root = None;
        loop {
            let Some(ev) = self.next()? else {
                return Err(ReadError::failf(String::from(
                    "attempted to go past the end of stream; corrupted value?",
                )));
            };
            let id = nodes.len();
            let mut open = false;
            let is_seq = matches!(ev.kind, EventKind::SequenceStart { .. });
            match ev.kind {
                EventKind::Scalar {
                    anchor,
                    tag,
                    value,
                    implicit,
                    ..
                } => {
                    nodes.push(Node {
                        kind: Kind::Scalar,
                        tag,
                        value,
                        implicit,
                        children: Vec::new(),
                        target: 0,
                    });
                    if let Some(a) = anchor {
                        anchors.insert(a, id);
                    }
                }
                EventKind::Alias { anchor } => {
                    let Some(&target) = anchors.get(&anchor) else {
                        // go-yaml gives no line here; ours still tells editors where.
                        let message = format!(
                            "yaml: unknown anchor '{}' referenced",
                            String::from_utf8_lossy(&anchor)
                        );
                        return Err(ReadError::Yaml {
                            message,
                            line: Some(ev.start.line + 1),
                            column: Some(ev.start.column + 1),
                        });
                    };
                    nodes.push(Node {
                        kind: Kind::Alias,
                        tag: Vec::new(),
                        value: anchor,
                        implicit: false,
                        children: Vec::new(),
                        target,
                    });
                }
                EventKind::SequenceStart { anchor, tag }
                | EventKind::MappingStart { anchor, tag } => {
                    let kind = if is_seq {
                        Kind::Sequence
                    } else {
                        Kind::Mapping
                    };
                    nodes.push(Node {
                        kind,
                        tag,
                        value: Vec::new(),
                        implicit: false,
                        children: Vec::new(),
                        target: 0,
                    });
                    if let Some(a) = anchor {
                        anchors.insert(a, id);
                    }
                    open = true;
                }
                EventKind::SequenceEnd | EventKind::MappingEnd => {
                    stack.pop();
                    if stack.is_empty() {
                        break;
                    }
                    continue;
                }
                _ => return Err(ReadError::failf(String::from("unexpected event"))),
            }
            match stack.last() {
                Some(&parent) => nodes[parent].children.push(id),
                None => root = Some(id),
            }
            if open {
                stack.push(id);
            } else if stack.is_empty() {
                break;
            }
        }
        match self.next()? {
            Some(ev) if ev.kind == EventKind::DocumentEnd => {}
            _ => {
                return Err(ReadError::failf(String::from(
                    "expected DOCUMENT-END event",
                )))
            }
        }
        Ok(Some(Document {
            nodes,
            root: root.unwrap_or(0),
        }))
    }
}

// ----- Decoding into interface{} -----

/// A decoded scalar with its Go type (`resolve`'s result).
#[derive(Clone, Debug)]
enum Scalar {
    Nil,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(Vec<u8>),
}

/// What the decoder's value stack holds: scalars keep their Go type until they become a map
/// key or a JSON value.
enum Item {
    Scalar(Scalar),
    /// A collection and its nesting depth (encoding/json refuses more than 10,000).
    Value(Value, usize),
}

/// Go map-key identity for `map[interface{}]interface{}` (NaN never equals itself).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum KeyId {
    Nil,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(u64),
    Str(Vec<u8>),
}

struct MapBuilder {
    /// Entries in first-insertion order, keys still typed.
    entries: Vec<(Scalar, Value)>,
    index: BTreeMap<KeyId, usize>,
    depth: usize,
}

impl MapBuilder {
    fn new() -> MapBuilder {
        MapBuilder {
            entries: Vec::new(),
            index: BTreeMap::new(),
            depth: 0,
        }
    }

    fn set(&mut self, key: Scalar, value: Value) {
        let id = match &key {
            Scalar::Nil => Some(KeyId::Nil),
            Scalar::Bool(b) => Some(KeyId::Bool(*b)),
            Scalar::Int(n) => Some(KeyId::Int(*n)),
            Scalar::Uint(n) => Some(KeyId::Uint(*n)),
            Scalar::Float(f) if f.is_nan() => None,
            Scalar::Float(f) => Some(KeyId::Float(if *f == 0.0 { 0 } else { f.to_bits() })),
            Scalar::Str(s) => Some(KeyId::Str(s.clone())),
        };
        match id {
            Some(id) => match self.index.get(&id) {
                Some(&i) => self.entries[i].1 = value,
                None => {
                    self.index.insert(id, self.entries.len());
                    self.entries.push((key, value));
                }
            },
            None => self.entries.push((key, value)),
        }
    }
}

enum Task {
    /// `d.unmarshal(node, interface{})`: push the node's value.
    Visit(usize),
    /// `d.unmarshal(node, out)` where `out` is the map being built (a merge source).
    Into(usize),
    /// A merge value: a mapping, an alias of one, or a sequence of those.
    Merge(usize),
    /// One element of a merge sequence, checked just before it is merged.
    MergeItem(usize),
    /// Pair `i` of a mapping node, written into the top map.
    Pair(usize, usize),
    CheckKey,
    SetPair,
    FinishMap,
    FinishSeq(usize),
    AliasExit(usize),
}

struct Decoder<'d> {
    doc: &'d Document,
    decode_count: usize,
    alias_count: usize,
    alias_depth: usize,
    active: Vec<bool>,
    items: Vec<Item>,
    maps: Vec<MapBuilder>,
    /// The first sigs.k8s.io/yaml key conversion failure.
    convert_error: Option<String>,
    /// A NaN or infinity reached a JSON value (json.Marshal will refuse it).
    non_finite: bool,
    /// Keep go-yaml's own types (int, uint64, float64) instead of the JSON round trip's.
    raw: bool,
}

/// go-yaml's `allowedAliasRatio`.
fn allowed_alias_ratio(decode_count: usize) -> f64 {
    const LOW: usize = 400_000;
    const HIGH: usize = 4_000_000;
    if decode_count <= LOW {
        0.99
    } else if decode_count >= HIGH {
        0.10
    } else {
        0.99 - 0.89 * ((decode_count - LOW) as f64 / (HIGH - LOW) as f64)
    }
}

fn want_map() -> ReadError {
    ReadError::failf(String::from(
        "map merge requires map or sequence of maps as the value",
    ))
}

impl<'d> Decoder<'d> {
    fn count(&mut self) -> Result<(), ReadError> {
        self.decode_count += 1;
        if self.alias_depth > 0 {
            self.alias_count += 1;
        }
        if self.alias_count > 100
            && self.decode_count > 1000
            && self.alias_count as f64 / self.decode_count as f64
                > allowed_alias_ratio(self.decode_count)
        {
            return Err(ReadError::failf(String::from(
                "document contains excessive aliasing",
            )));
        }
        Ok(())
    }

    fn enter_alias(&mut self, id: usize, tasks: &mut Vec<Task>) -> Result<usize, ReadError> {
        let node = &self.doc.nodes[id];
        if self.active[id] {
            return Err(ReadError::failf(format!(
                "anchor '{}' value contains itself",
                String::from_utf8_lossy(&node.value)
            )));
        }
        self.active[id] = true;
        self.alias_depth += 1;
        tasks.push(Task::AliasExit(id));
        Ok(node.target)
    }

    fn is_merge(&self, id: usize) -> bool {
        let n = &self.doc.nodes[id];
        n.kind == Kind::Scalar && n.value == b"<<" && (n.implicit || n.tag == MERGE_TAG)
    }

    fn run(&mut self, root: usize) -> Result<Item, ReadError> {
        // The document node itself counts as one decode.
        self.decode_count = 1;
        let mut tasks = alloc::vec![Task::Visit(root)];
        while let Some(task) = tasks.pop() {
            match task {
                Task::Visit(id) => {
                    self.count()?;
                    let node = &self.doc.nodes[id];
                    match node.kind {
                        Kind::Alias => {
                            let target = self.enter_alias(id, &mut tasks)?;
                            tasks.push(Task::Visit(target));
                        }
                        Kind::Scalar => {
                            let s = decode_scalar(node)?;
                            self.items.push(Item::Scalar(s));
                        }
                        Kind::Sequence => {
                            tasks.push(Task::FinishSeq(node.children.len()));
                            for &c in node.children.iter().rev() {
                                tasks.push(Task::Visit(c));
                            }
                        }
                        Kind::Mapping => {
                            self.maps.push(MapBuilder::new());
                            tasks.push(Task::FinishMap);
                            tasks.push(Task::Pair(id, 0));
                        }
                    }
                }
                Task::Into(id) => {
                    self.count()?;
                    match self.doc.nodes[id].kind {
                        Kind::Alias => {
                            let target = self.enter_alias(id, &mut tasks)?;
                            tasks.push(Task::Into(target));
                        }
                        Kind::Mapping => tasks.push(Task::Pair(id, 0)),
                        _ => return Err(want_map()),
                    }
                }
                Task::Merge(id) => {
                    let node = &self.doc.nodes[id];
                    match node.kind {
                        Kind::Mapping => tasks.push(Task::Into(id)),
                        Kind::Alias => {
                            if self.doc.nodes[node.target].kind != Kind::Mapping {
                                return Err(want_map());
                            }
                            tasks.push(Task::Into(id));
                        }
                        Kind::Sequence => {
                            // Earlier maps win, so they are merged last.
                            for &c in node.children.iter() {
                                tasks.push(Task::MergeItem(c));
                            }
                        }
                        Kind::Scalar => return Err(want_map()),
                    }
                }
                Task::MergeItem(id) => {
                    let node = &self.doc.nodes[id];
                    let ok = match node.kind {
                        Kind::Alias => self.doc.nodes[node.target].kind == Kind::Mapping,
                        Kind::Mapping => true,
                        _ => false,
                    };
                    if !ok {
                        return Err(want_map());
                    }
                    tasks.push(Task::Into(id));
                }
                Task::Pair(id, i) => {
                    let node = &self.doc.nodes[id];
                    if 2 * i + 1 < node.children.len() {
                        let (k, v) = (node.children[2 * i], node.children[2 * i + 1]);
                        tasks.push(Task::Pair(id, i + 1));
                        if self.is_merge(k) {
                            tasks.push(Task::Merge(v));
                        } else {
                            tasks.push(Task::SetPair);
                            tasks.push(Task::Visit(v));
                            tasks.push(Task::CheckKey);
                            tasks.push(Task::Visit(k));
                        }
                    }
                }
                Task::CheckKey => {
                    if let Some(Item::Value(v, _)) = self.items.last() {
                        return Err(ReadError::failf(format!(
                            "invalid map key: {}",
                            go_sharp_v(v)
                        )));
                    }
                }
                Task::SetPair => {
                    let (value, depth) = self.pop_value();
                    let key = match self.items.pop() {
                        Some(Item::Scalar(s)) => s,
                        _ => Scalar::Nil,
                    };
                    if let Some(m) = self.maps.last_mut() {
                        m.depth = m.depth.max(depth);
                        m.set(key, value);
                    }
                }
                Task::FinishMap => {
                    let m = self.maps.pop().unwrap_or_else(MapBuilder::new);
                    let depth = m.depth + 1;
                    let v = self.finish_map(m);
                    self.items.push(Item::Value(v, depth));
                }
                Task::FinishSeq(n) => {
                    let start = self.items.len().saturating_sub(n);
                    let raw: Vec<Item> = self.items.drain(start..).collect();
                    let mut out = Vec::with_capacity(raw.len());
                    let mut depth = 0;
                    for it in raw {
                        let (v, d) = self.item_value(it);
                        depth = depth.max(d);
                        out.push(v);
                    }
                    self.items
                        .push(Item::Value(Value::List(List::new(out)), depth + 1));
                }
                Task::AliasExit(id) => {
                    self.alias_depth -= 1;
                    self.active[id] = false;
                }
            }
        }
        Ok(self.items.pop().unwrap_or(Item::Scalar(Scalar::Nil)))
    }

    /// Releases partial results after a failure without deep recursion.
    fn discard(&mut self) {
        for it in core::mem::take(&mut self.items) {
            if let Item::Value(v, _) = it {
                drop_deep(v);
            }
        }
        for m in core::mem::take(&mut self.maps) {
            for (_, v) in m.entries {
                drop_deep(v);
            }
        }
    }

    fn pop_value(&mut self) -> (Value, usize) {
        match self.items.pop() {
            Some(it) => self.item_value(it),
            None => (Value::Nil, 0),
        }
    }

    /// A value as the JSON round trip leaves it: every number a float64.
    fn item_value(&mut self, it: Item) -> (Value, usize) {
        let v = match it {
            Item::Value(v, d) => return (v, d),
            Item::Scalar(s) => match s {
                Scalar::Nil => Value::Nil,
                Scalar::Bool(b) => Value::Bool(b),
                Scalar::Int(n) if self.raw => Value::Int(n),
                Scalar::Uint(n) if self.raw => Value::Uint(n),
                Scalar::Int(n) => Value::Float(n as f64),
                Scalar::Uint(n) => Value::Float(n as f64),
                Scalar::Float(f) => {
                    if !f.is_finite() {
                        self.non_finite = true;
                    }
                    Value::Float(f)
                }
                Scalar::Str(b) => Value::String(go_json_string(&b)),
            },
        };
        (v, 0)
    }

    /// sigs.k8s.io/yaml's key conversion into `map[string]interface{}`.
    fn finish_map(&mut self, m: MapBuilder) -> Value {
        let mut entries = Entries::new();
        for (key, value) in m.entries {
            let k: Option<Str> = match &key {
                Scalar::Str(s) => Some(go_json_string(s)),
                Scalar::Int(n) => Some(Str::from(format!("{n}").as_str())),
                Scalar::Float(f) => Some(Str::from(format_float32_key(*f).as_str())),
                Scalar::Bool(b) => Some(Str::from(if *b { "true" } else { "false" })),
                Scalar::Nil | Scalar::Uint(_) => None,
            };
            match k {
                Some(k) => {
                    entries.insert(k, value);
                }
                None => {
                    if self.convert_error.is_none() {
                        let (ty, shown) = match key {
                            Scalar::Uint(n) => ("uint64", format!("{n:#x}")),
                            _ => ("%!s(<nil>)", String::from("<nil>")),
                        };
                        self.convert_error = Some(format!(
                            "unsupported map key of type: {ty}, key: {shown}, value: {}",
                            go_sharp_v(&value)
                        ));
                    }
                }
            }
        }
        Value::Map(Map::from_entries(MapType::Any, entries))
    }
}

/// `d.scalar` into `interface{}`.
fn decode_scalar(node: &Node) -> Result<Scalar, ReadError> {
    if node.tag.is_empty() && !node.implicit {
        return Ok(Scalar::Str(node.value.clone()));
    }
    let (rtag, resolved) = resolve(&node.tag, &node.value, true).map_err(ReadError::failf)?;
    Ok(match rtag {
        RTag::Binary => match base64_decode(&node.value) {
            Some(b) => Scalar::Str(b),
            None => {
                return Err(ReadError::failf(String::from(
                    "!!binary value contains invalid base64 data",
                )))
            }
        },
        // Timestamps stay strings when decoded into interface{}.
        RTag::Timestamp => Scalar::Str(node.value.clone()),
        _ => match resolved {
            Resolved::Null => Scalar::Nil,
            Resolved::Bool(b) => Scalar::Bool(b),
            Resolved::Int(n) => Scalar::Int(n),
            Resolved::Uint(n) => Scalar::Uint(n),
            Resolved::Float(f) => Scalar::Float(f),
            Resolved::Str => Scalar::Str(node.value.clone()),
        },
    })
}

/// Go's `base64.StdEncoding.DecodeString`: padded, line breaks ignored.
pub(crate) fn base64_decode(s: &[u8]) -> Option<Vec<u8>> {
    let clean: Vec<u8> = s
        .iter()
        .copied()
        .filter(|&c| c != b'\r' && c != b'\n')
        .collect();
    if !clean.len().is_multiple_of(4) {
        return None;
    }
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => (c - b'A') as u32,
            b'a'..=b'z' => (c - b'a' + 26) as u32,
            b'0'..=b'9' => (c - b'0' + 52) as u32,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        })
    };
    let mut out = Vec::with_capacity(clean.len() / 4 * 3);
    let chunks = clean.len() / 4;
    for (ci, q) in clean.chunks(4).enumerate() {
        let last = ci + 1 == chunks;
        let pad = q.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 || (pad > 0 && !last) {
            return None;
        }
        let mut n: u32 = 0;
        for &c in &q[..4 - pad] {
            n = (n << 6) | val(c)?;
        }
        match pad {
            0 => out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]),
            1 => {
                n <<= 6;
                out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8]);
            }
            _ => {
                n <<= 12;
                out.push((n >> 16) as u8);
            }
        }
    }
    Some(out)
}

/// A Go string as encoding/json writes it: each byte of invalid UTF-8 becomes U+FFFD.
pub(crate) fn go_json_string(b: &[u8]) -> Str {
    match core::str::from_utf8(b) {
        Ok(s) => Str::from(s),
        Err(_) => Str::from(lossy_per_byte(b).as_str()),
    }
}

/// UTF-8 decoding where every byte that does not start a valid sequence is one U+FFFD
/// (Go's `utf8.DecodeRune` width-1 errors), unlike Rust's maximal-subpart replacement.
pub(crate) fn lossy_per_byte(b: &[u8]) -> String {
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let w = match b[i] {
            0x00..=0x7F => 1,
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => 0,
        };
        if w > 0 && i + w <= b.len() {
            if let Ok(s) = core::str::from_utf8(&b[i..i + w]) {
                out.push_str(s);
                i += w;
                continue;
            }
        }
        out.push('\u{FFFD}');
        i += 1;
    }
    out
}

/// `strconv.FormatFloat(f, 'g', -1, 32)` with go-yaml's `.inf`/`.nan` spellings, which
/// sigs.k8s.io/yaml uses for float map keys.
fn format_float32_key(f: f64) -> String {
    if f.is_nan() {
        return String::from(".nan");
    }
    if f.is_infinite() {
        return String::from(if f > 0.0 { ".inf" } else { "-.inf" });
    }
    let x = f as f32;
    if x.is_infinite() {
        return String::from(if x > 0.0 { ".inf" } else { "-.inf" });
    }
    go_g_shortest(&format!("{:e}", x))
}

/// Go's `%g` layout (shortest precision) from Rust's `{:e}` digits, e.g. `1.5e6` → `1.5e+06`.
pub(crate) fn go_g_shortest(e: &str) -> String {
    let (mant, exp) = e.split_once('e').unwrap_or((e, "0"));
    let neg = mant.starts_with('-');
    let digits: Vec<u8> = mant.bytes().filter(u8::is_ascii_digit).collect();
    let exp: i32 = exp.parse().unwrap_or(0);
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if digits.iter().all(|&d| d == b'0') {
        out.push('0');
        return out;
    }
    let nd = digits.len() as i32;
    // strconv's shortest 'g' switches to %e below 1e-4 and from 1e6 (eprec is 6).
    if !(-4..6).contains(&exp) {
        out.push(digits[0] as char);
        if nd > 1 {
            out.push('.');
            for &d in &digits[1..] {
                out.push(d as char);
            }
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        let a = exp.unsigned_abs();
        if a < 10 {
            out.push('0');
        }
        out.push_str(&format!("{a}"));
    } else if exp >= 0 {
        let int_len = (exp + 1) as usize;
        for i in 0..int_len {
            out.push(*digits.get(i).unwrap_or(&b'0') as char);
        }
        if digits.len() > int_len {
            out.push('.');
            for &d in &digits[int_len..] {
                out.push(d as char);
            }
        }
    } else {
        out.push_str("0.");
        for _ in 0..(-exp - 1) {
            out.push('0');
        }
        for &d in &digits {
            out.push(d as char);
        }
    }
    out
}

/// Go's `%#v` of a decoded value, as go-yaml and sigs.k8s.io/yaml print it in errors.
fn go_sharp_v(v: &Value) -> String {
    fn go(v: &Value, nested: bool, out: &mut String, depth: usize) {
        if depth > 64 {
            out.push_str("...");
            return;
        }
        match v {
            Value::Nil => out.push_str(if nested { "interface {}(nil)" } else { "<nil>" }),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Float(f) => out.push_str(&crate::gofmt::strconv::format_float(*f, b'g', -1)),
            Value::Int(n) | Value::Int64(n) => out.push_str(&format!("{n}")),
            Value::Uint(n) => out.push_str(&format!("{n:#x}")),
            Value::String(s) => out.push_str(&go_quote(s)),
            Value::List(l) => {
                out.push_str("[]interface {}{");
                for (i, x) in l.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    go(x, true, out, depth + 1);
                }
                out.push('}');
            }
            Value::Map(m) => {
                out.push_str("map[interface {}]interface {}{");
                for (i, (k, x)) in m.borrow().iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&go_quote(k));
                    out.push(':');
                    go(x, true, out, depth + 1);
                }
                out.push('}');
            }
            _ => out.push('?'),
        }
    }
    let mut out = String::new();
    go(v, false, &mut out, 0);
    out
}

/// Go's `strconv.Quote`.
pub(crate) fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '\x0b' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7F => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if is_go_printable(c) => out.push(c),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// An approximation of Go's `strconv.IsPrint`: no controls, format characters, private use,
/// or spaces other than U+0020.
fn is_go_printable(c: char) -> bool {
    let u = c as u32;
    !matches!(
        u,
        0x00..=0x1F
            | 0x7F..=0xA0
            | 0xAD
            | 0x600..=0x605
            | 0x61C
            | 0x6DD
            | 0x70F
            | 0x1680
            | 0x180E
            | 0x2000..=0x200F
            | 0x2028..=0x202F
            | 0x205F..=0x206F
            | 0x3000
            | 0xD800..=0xF8FF
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0xFFFE
            | 0xFFFF
            | 0xF0000..
    )
}

/// Decodes one document into a Value the way sigs.k8s.io/yaml's Unmarshal into
/// `interface{}` does.
pub(crate) fn decode_document(doc: &Document) -> Result<Value, ReadError> {
    decode(doc, false)
}

/// Decodes one document into go-yaml v2's own `interface{}` types (ints stay `Int`, large
/// ones `Uint`): what sigs.k8s.io/yaml's `JSONToYAML` hands to the encoder.
pub(crate) fn decode_document_raw(doc: &Document) -> Result<Value, ReadError> {
    decode(doc, true)
}

fn decode(doc: &Document, raw: bool) -> Result<Value, ReadError> {
    let mut d = Decoder {
        doc,
        decode_count: 0,
        alias_count: 0,
        alias_depth: 0,
        active: alloc::vec![false; doc.nodes.len()],
        items: Vec::new(),
        maps: Vec::new(),
        convert_error: None,
        non_finite: false,
        raw,
    };
    let item = match d.run(doc.root) {
        Ok(item) => item,
        Err(e) => {
            d.discard();
            return Err(e);
        }
    };
    let (value, depth) = d.item_value(item);
    let mut err = None;
    if let Some(e) = d.convert_error.take() {
        err = Some(ReadError::Convert(e));
    } else if d.non_finite {
        if let Some(f) = first_non_finite(&value) {
            let shown = if f.is_nan() {
                "NaN"
            } else if f > 0.0 {
                "+Inf"
            } else {
                "-Inf"
            };
            err = Some(ReadError::Convert(format!(
                "json: unsupported value: {shown}"
            )));
        }
    }
    if err.is_none() && depth > JSON_MAX_DEPTH {
        let c = first_too_deep(&value);
        err = Some(ReadError::Json(format!(
            "invalid character '{c}' exceeded max depth"
        )));
    }
    match err {
        Some(e) => {
            drop_deep(value);
            Err(e)
        }
        None => Ok(value),
    }
}

/// encoding/json's decoder nesting limit (`maxNestingDepth`).
const JSON_MAX_DEPTH: usize = 10_000;

/// The bracket of the first container, in JSON text order, nested deeper than the limit.
fn first_too_deep(v: &Value) -> char {
    let mut stack = alloc::vec![(v.clone(), 1usize)];
    while let Some((v, d)) = stack.pop() {
        let (c, children): (char, Vec<Value>) = match &v {
            Value::List(l) => ('[', l.iter().cloned().collect()),
            Value::Map(m) => ('{', m.borrow().values().cloned().collect()),
            _ => continue,
        };
        if d > JSON_MAX_DEPTH {
            return c;
        }
        stack.extend(children.into_iter().rev().map(|x| (x, d + 1)));
    }
    '['
}

/// The first NaN or infinity in encoding/json's order (map keys sorted, lists in order).
fn first_non_finite(v: &Value) -> Option<f64> {
    let mut stack = alloc::vec![v.clone()];
    while let Some(v) = stack.pop() {
        match v {
            Value::Float(f) if !f.is_finite() => return Some(f),
            Value::List(l) => stack.extend(l.iter().rev().cloned()),
            Value::Map(m) => stack.extend(m.borrow().values().rev().cloned()),
            _ => {}
        }
    }
    None
}

/// Drops a value without recursing: Go values can nest 20,000 deep, more than the Rust
/// stack unwinds through `Drop` on small (WASM) stacks.
pub(crate) fn drop_deep(v: Value) {
    let mut stack = alloc::vec![v];
    while let Some(v) = stack.pop() {
        // Holding extra handles on the children means dropping `v` below only decrements
        // their counts; each child is then dropped here in turn.
        match &v {
            Value::Map(m) => stack.extend(m.borrow().values().cloned()),
            Value::List(l) => stack.extend(l.iter().cloned()),
            _ => {}
        }
        drop(v);
    }
}
