//! Events to values: go-yaml v2's node tree and decoder into `interface{}`, followed by
//! sigs.k8s.io/yaml's conversion (keys to strings, then a JSON round trip).
//!
//! Both stages run on explicit stacks, so nesting depth (up to go-yaml's 10,000 flow and
//! 10,000 block levels) and alias chains never grow the Rust stack. Alias expansion is
//! bounded by go-yaml's "excessive aliasing" ratio check, replayed count for count.

use alloc::borrow::Cow;
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

struct Node<'a> {
    kind: Kind,
    /// 0-based line where the node starts (go-yaml's `node.line`).
    line: usize,
    implicit: bool,
    tag: Vec<u8>,
    /// Scalar text, or the anchor name of an alias.
    value: Cow<'a, [u8]>,
    /// Children: `Document::kids[first..first + len]`.
    first: usize,
    len: usize,
    /// The anchored node an alias refers to.
    target: usize,
}

/// One parsed document: an arena of nodes and its root.
pub(crate) struct Document<'a> {
    nodes: Vec<Node<'a>>,
    /// Every collection's children, each collection's in one stretch.
    kids: Vec<usize>,
    root: usize,
}

impl<'a> Document<'a> {
    fn children(&self, n: &Node<'a>) -> &[usize] {
        self.kids.get(n.first..n.first + n.len).unwrap_or_default()
    }
}

/// Reads documents one at a time, as go-yaml's `parser.parse` does.
pub(crate) struct Composer<'a> {
    parser: Parser<'a>,
    started: bool,
    /// An event read ahead (go-yaml's `peek`).
    pending: Option<super::parser::Event<'a>>,
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

    fn next(&mut self) -> Result<Option<super::parser::Event<'a>>, ReadError> {
        if let Some(ev) = self.pending.take() {
            return Ok(Some(ev));
        }
        self.parser.next_event().map_err(|e| syntax_message(&e))
    }

    fn peek_kind(&mut self) -> Result<Option<&EventKind<'a>>, ReadError> {
        if self.pending.is_none() {
            self.pending = self.next()?;
        }
        Ok(self.pending.as_ref().map(|e| &e.kind))
    }

    /// The next document, or `None` at the end of the stream.
    pub fn document(&mut self) -> Result<Option<Document<'a>>, ReadError> {
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
        let mut nodes: Vec<Node<'a>> = Vec::new();
        let mut kids: Vec<usize> = Vec::new();
        let mut anchors: BTreeMap<Vec<u8>, usize> = BTreeMap::new();
        // Open collections, each with where its children start in `pending`.
        let mut stack: Vec<(usize, usize)> = Vec::new();
        let mut pending: Vec<usize> = Vec::new();
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
                        line: ev.start.line,
                        implicit,
                        tag,
                        value,
                        first: 0,
                        len: 0,
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
                        line: ev.start.line,
                        implicit: false,
                        tag: Vec::new(),
                        value: Cow::Owned(anchor),
                        first: 0,
                        len: 0,
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
                        line: ev.start.line,
                        implicit: false,
                        tag,
                        value: Cow::Borrowed(&[]),
                        first: 0,
                        len: 0,
                        target: 0,
                    });
                    if let Some(a) = anchor {
                        anchors.insert(a, id);
                    }
                    open = true;
                }
                EventKind::SequenceEnd | EventKind::MappingEnd => {
                    if let Some((node, from)) = stack.pop() {
                        let first = kids.len();
                        kids.extend(pending.drain(from..));
                        if let Some(n) = nodes.get_mut(node) {
                            n.first = first;
                            n.len = kids.len() - first;
                        }
                    }
                    if stack.is_empty() {
                        break;
                    }
                    continue;
                }
                _ => return Err(ReadError::failf(String::from("unexpected event"))),
            }
            if stack.is_empty() {
                root = Some(id);
            } else {
                pending.push(id);
            }
            if open {
                stack.push((id, pending.len()));
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
            kids,
            root: root.unwrap_or(0),
        }))
    }
}

// ----- Decoding into interface{} -----

/// A decoded scalar with its Go type (`resolve`'s result).
#[derive(Clone, Debug)]
enum Scalar<'d> {
    Nil,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(Cow<'d, [u8]>),
}

/// What the decoder's value stack holds: scalars keep their Go type until they become a map
/// key or a JSON value.
enum Item<'d> {
    Scalar(Scalar<'d>),
    /// A collection and its nesting depth (encoding/json refuses more than 10,000).
    Value(Value, usize),
}

/// Go map-key identity for `map[interface{}]interface{}` (NaN never equals itself).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum KeyId<'d> {
    Nil,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(u64),
    Str(Cow<'d, [u8]>),
}

struct MapBuilder<'d> {
    /// Entries in first-insertion order, keys still typed.
    entries: Vec<(Scalar<'d>, Value)>,
    index: BTreeMap<KeyId<'d>, usize>,
    depth: usize,
}

impl<'d> MapBuilder<'d> {
    fn new() -> MapBuilder<'d> {
        MapBuilder {
            entries: Vec::new(),
            index: BTreeMap::new(),
            depth: 0,
        }
    }

    /// Sets `key`; whether it was already set (go-yaml's strict mode refuses that).
    fn set(&mut self, key: Scalar<'d>, value: Value) -> bool {
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
                Some(&i) => {
                    self.entries[i].1 = value;
                    true
                }
                None => {
                    self.index.insert(id, self.entries.len());
                    self.entries.push((key, value));
                    false
                }
            },
            None => {
                self.entries.push((key, value));
                false
            }
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
    /// After a key (the node) is decoded: collections cannot be keys.
    CheckKey(usize),
    /// The decoded key and value of pair (key node, value node) go into the top map.
    SetPair(usize, usize),
    FinishMap,
    FinishSeq(usize),
    AliasExit(usize),
}

struct Decoder<'d> {
    doc: &'d Document<'d>,
    decode_count: usize,
    alias_count: usize,
    alias_depth: usize,
    active: Vec<bool>,
    items: Vec<Item<'d>>,
    maps: Vec<MapBuilder<'d>>,
    /// The first sigs.k8s.io/yaml key conversion failure.
    /// Maps holding a key sigs.k8s.io/yaml cannot convert, with its error. Only those
    /// still in the final document count (a duplicate key may have replaced them), and
    /// holding them keeps their addresses from being reused.
    poisoned: Vec<(Map, String)>,
    /// A NaN or infinity reached a JSON value (json.Marshal will refuse it).
    non_finite: bool,
    /// Keep go-yaml's own types (int, uint64, float64) instead of the JSON round trip's.
    raw: bool,
    /// go-yaml's strict mode: keys set twice in one map, as its `unmarshal errors` lines
    /// (`None`: not collected).
    strict: Option<Vec<String>>,
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
    fn new(doc: &'d Document<'d>, raw: bool, strict: Option<Vec<String>>) -> Decoder<'d> {
        Decoder {
            doc,
            decode_count: 0,
            alias_count: 0,
            alias_depth: 0,
            active: alloc::vec![false; doc.nodes.len()],
            items: Vec::new(),
            maps: Vec::new(),
            poisoned: Vec::new(),
            non_finite: false,
            raw,
            strict,
        }
    }

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
        n.kind == Kind::Scalar && *n.value == *b"<<" && (n.implicit || n.tag == MERGE_TAG)
    }

    fn run(&mut self, root: usize) -> Result<Item<'d>, ReadError> {
        // The document node itself counts as one decode.
        self.decode_count = 1;
        let mut tasks = alloc::vec![Task::Visit(root)];
        while let Some(task) = tasks.pop() {
            match task {
                Task::Visit(id) => {
                    self.count()?;
                    let doc: &'d Document<'d> = self.doc;
                    let node = &doc.nodes[id];
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
                            let children = doc.children(node);
                            tasks.push(Task::FinishSeq(children.len()));
                            for &c in children.iter().rev() {
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
                            for &c in self.doc.children(node).iter() {
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
                    let children = self.doc.children(node);
                    if 2 * i + 1 < children.len() {
                        let (k, v) = (children[2 * i], children[2 * i + 1]);
                        tasks.push(Task::Pair(id, i + 1));
                        if self.is_merge(k) {
                            tasks.push(Task::Merge(v));
                        } else {
                            tasks.push(Task::SetPair(k, v));
                            tasks.push(Task::Visit(v));
                            tasks.push(Task::CheckKey(k));
                            tasks.push(Task::Visit(k));
                        }
                    }
                }
                Task::CheckKey(k) => {
                    if let Some(Item::Value(..)) = self.items.last() {
                        let mut shown = String::new();
                        sharp_v_node(self.doc, k, &mut shown);
                        return Err(ReadError::failf(format!("invalid map key: {shown}")));
                    }
                }
                Task::SetPair(k, v) => {
                    let (value, depth) = self.pop_value();
                    let key = match self.items.pop() {
                        Some(Item::Scalar(s)) => s,
                        _ => Scalar::Nil,
                    };
                    if let Some(m) = self.maps.last_mut() {
                        m.depth = m.depth.max(depth);
                        let again = m.set(key, value);
                        if let (true, Some(errors)) = (again, self.strict.as_mut()) {
                            // go-yaml names the line of the value, and the key as `%#v`.
                            let mut shown = String::new();
                            sharp_v_node(self.doc, k, &mut shown);
                            let line = self.doc.nodes[v].line + 1;
                            errors.push(format!("line {line}: key {shown} already set in map"));
                        }
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
                    let raw: Vec<Item<'d>> = self.items.drain(start..).collect();
                    let mut out = Vec::with_capacity(raw.len());
                    let mut depth = 0;
                    for it in raw {
                        let (v, d) = self.item_value(it);
                        depth = depth.max(d);
                        out.push(v);
                    }
                    self.items.push(Item::Value(
                        Value::List(List::appended(crate::value::Elem::Any, out)),
                        depth + 1,
                    ));
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
    fn item_value(&mut self, it: Item<'d>) -> (Value, usize) {
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
    fn finish_map(&mut self, m: MapBuilder<'d>) -> Value {
        let mut entries = Entries::new();
        let mut error = None;
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
                    if error.is_none() {
                        let (ty, shown) = match key {
                            Scalar::Uint(n) => ("uint64", format!("{n:#x}")),
                            _ => ("%!s(<nil>)", String::from("<nil>")),
                        };
                        error = Some(format!(
                            "unsupported map key of type: {ty}, key: {shown}, value: {}",
                            go_sharp_v(&value)
                        ));
                    }
                }
            }
        }
        let map = Map::from_entries(MapType::Any, entries);
        if let Some(e) = error {
            self.poisoned.push((map.clone(), e));
        }
        Value::Map(map)
    }
}

/// `d.scalar` into `interface{}`.
fn decode_scalar<'d>(node: &'d Node<'_>) -> Result<Scalar<'d>, ReadError> {
    if node.tag.is_empty() && !node.implicit {
        return Ok(Scalar::Str(Cow::Borrowed(&node.value)));
    }
    let (rtag, resolved) = resolve(&node.tag, &node.value, true).map_err(ReadError::failf)?;
    Ok(match rtag {
        RTag::Binary => match base64_decode(&node.value) {
            Some(b) => Scalar::Str(Cow::Owned(b)),
            None => {
                return Err(ReadError::failf(String::from(
                    "!!binary value contains invalid base64 data",
                )))
            }
        },
        // Timestamps stay strings when decoded into interface{}.
        RTag::Timestamp => Scalar::Str(Cow::Borrowed(&node.value)),
        _ => match resolved {
            Resolved::Null => Scalar::Nil,
            Resolved::Bool(b) => Scalar::Bool(b),
            Resolved::Int(n) => Scalar::Int(n),
            Resolved::Uint(n) => Scalar::Uint(n),
            Resolved::Float(f) => Scalar::Float(f),
            Resolved::Str => Scalar::Str(Cow::Borrowed(&node.value)),
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

/// `strconv.FormatFloat(f, 'g', -1, 32)`: Go's shortest float32 text (`+Inf`, `NaN`).
pub(crate) fn format_float32(f: f64) -> String {
    let x = f as f32;
    if x.is_nan() {
        return String::from("NaN");
    }
    if x.is_infinite() {
        return String::from(if x > 0.0 { "+Inf" } else { "-Inf" });
    }
    go_g_shortest(&format!("{x:e}"))
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

/// A node decoded with go-yaml's own key types, only to print it (`%#v`) in errors.
enum GoV<'d> {
    Scalar(Scalar<'d>),
    Seq(Vec<GoV<'d>>),
    Map(Vec<(GoV<'d>, GoV<'d>)>),
}

fn go_equal(a: &GoV, b: &GoV) -> bool {
    match (a, b) {
        (GoV::Scalar(x), GoV::Scalar(y)) => match (x, y) {
            (Scalar::Nil, Scalar::Nil) => true,
            (Scalar::Bool(p), Scalar::Bool(q)) => p == q,
            (Scalar::Int(p), Scalar::Int(q)) => p == q,
            (Scalar::Uint(p), Scalar::Uint(q)) => p == q,
            (Scalar::Float(p), Scalar::Float(q)) => p == q,
            (Scalar::Str(p), Scalar::Str(q)) => p == q,
            _ => false,
        },
        _ => false,
    }
}

/// Decodes a node (aliases followed, merges applied, later duplicates winning) for display.
fn raw_node<'d>(doc: &'d Document<'_>, id: usize, depth: usize) -> GoV<'d> {
    fn merge_into<'d>(
        doc: &'d Document<'_>,
        id: usize,
        out: &mut Vec<(GoV<'d>, GoV<'d>)>,
        depth: usize,
    ) {
        let n = &doc.nodes[id];
        match n.kind {
            Kind::Alias => merge_into(doc, n.target, out, depth + 1),
            Kind::Mapping => fill(doc, n, out, depth + 1),
            Kind::Sequence => {
                for &c in doc.children(n).iter().rev() {
                    merge_into(doc, c, out, depth + 1);
                }
            }
            Kind::Scalar => {}
        }
    }
    fn fill<'d>(
        doc: &'d Document<'_>,
        n: &'d Node<'_>,
        out: &mut Vec<(GoV<'d>, GoV<'d>)>,
        depth: usize,
    ) {
        if depth > 64 {
            return;
        }
        for p in doc.children(n).chunks(2).filter(|p| p.len() == 2) {
            let kn = &doc.nodes[p[0]];
            if kn.kind == Kind::Scalar
                && *kn.value == *b"<<"
                && (kn.implicit || kn.tag == MERGE_TAG)
            {
                merge_into(doc, p[1], out, depth);
                continue;
            }
            let k = raw_node(doc, p[0], depth + 1);
            let v = raw_node(doc, p[1], depth + 1);
            match out.iter_mut().find(|(ek, _)| go_equal(ek, &k)) {
                Some(e) => e.1 = v,
                None => out.push((k, v)),
            }
        }
    }
    let n = &doc.nodes[id];
    if depth > 64 {
        return GoV::Scalar(Scalar::Nil);
    }
    match n.kind {
        Kind::Alias => raw_node(doc, n.target, depth + 1),
        Kind::Scalar => GoV::Scalar(decode_scalar(n).unwrap_or(Scalar::Nil)),
        Kind::Sequence => GoV::Seq(
            doc.children(n)
                .iter()
                .map(|&c| raw_node(doc, c, depth + 1))
                .collect(),
        ),
        Kind::Mapping => {
            let mut out = Vec::new();
            fill(doc, n, &mut out, depth);
            GoV::Map(out)
        }
    }
}

/// Go's `%#v` of a node as go-yaml decodes it into `interface{}`, for the "invalid map
/// key" message. Map entries follow Go's `fmtsort` as far as it is deterministic: nil
/// first, then strings, numbers and booleans (Go orders types by address).
fn sharp_v_node(doc: &Document<'_>, id: usize, out: &mut String) {
    fn rank(v: &GoV) -> (u8, Vec<u8>) {
        match v {
            GoV::Scalar(Scalar::Nil) => (0, Vec::new()),
            GoV::Scalar(Scalar::Str(s)) => (1, s.to_vec()),
            GoV::Scalar(Scalar::Int(i)) => {
                (2, (*i as i128 - i64::MIN as i128).to_be_bytes().to_vec())
            }
            GoV::Scalar(Scalar::Uint(u)) => (3, u.to_be_bytes().to_vec()),
            GoV::Scalar(Scalar::Float(f)) => (4, f.to_bits().to_be_bytes().to_vec()),
            GoV::Scalar(Scalar::Bool(b)) => (5, alloc::vec![*b as u8]),
            _ => (6, Vec::new()),
        }
    }
    fn show(v: &GoV, nested: bool, out: &mut String) {
        match v {
            GoV::Scalar(s) => match s {
                Scalar::Nil => out.push_str(if nested { "interface {}(nil)" } else { "<nil>" }),
                Scalar::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
                Scalar::Int(i) => out.push_str(&format!("{i}")),
                Scalar::Uint(u) => out.push_str(&format!("{u:#x}")),
                Scalar::Float(f) => {
                    out.push_str(&crate::gofmt::strconv::format_float(*f, b'g', -1))
                }
                Scalar::Str(s) => out.push_str(&go_quote(&lossy_per_byte(s))),
            },
            GoV::Seq(items) => {
                out.push_str("[]interface {}{");
                for (i, x) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    show(x, true, out);
                }
                out.push('}');
            }
            GoV::Map(entries) => {
                let mut sorted: Vec<&(GoV, GoV)> = entries.iter().collect();
                sorted.sort_by_key(|(k, _)| rank(k));
                out.push_str("map[interface {}]interface {}{");
                for (i, (k, x)) in sorted.into_iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    show(k, true, out);
                    out.push(':');
                    show(x, true, out);
                }
                out.push('}');
            }
        }
    }
    show(&raw_node(doc, id, 0), false, out);
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
pub(crate) fn decode_document(doc: &Document<'_>) -> Result<Value, ReadError> {
    decode(doc, false)
}

/// Decodes one document into go-yaml v2's own `interface{}` types (ints stay `Int`, large
/// ones `Uint`): what sigs.k8s.io/yaml's `JSONToYAML` hands to the encoder.
pub(crate) fn decode_document_raw(doc: &Document<'_>) -> Result<Value, ReadError> {
    decode(doc, true)
}

/// Nesting the direct decoder recurses through before leaving the document to the exact
/// decoder, which runs on explicit stacks.
const DIRECT_DEPTH: usize = 200;

/// The decoded value of the common document: no aliases, merge keys or tags, every key a
/// string, every float finite, nesting within [`DIRECT_DEPTH`]. There go-yaml's decoder
/// and sigs.k8s.io/yaml's conversion reduce to this; anything else is `None` and goes to
/// the exact decoder, which also produces the errors.
fn decode_direct(doc: &Document<'_>, id: usize, raw: bool, depth: usize) -> Option<Value> {
    if depth > DIRECT_DEPTH {
        return None;
    }
    let n = doc.nodes.get(id)?;
    match n.kind {
        Kind::Alias => None,
        Kind::Scalar => {
            if !n.tag.is_empty() {
                return None;
            }
            if !n.implicit {
                return Some(Value::String(go_json_string(&n.value)));
            }
            Some(match resolve(b"", &n.value, true).ok()? {
                (RTag::Timestamp, _) | (_, Resolved::Str) => {
                    Value::String(go_json_string(&n.value))
                }
                (_, Resolved::Null) => Value::Nil,
                (_, Resolved::Bool(b)) => Value::Bool(b),
                (_, Resolved::Int(i)) if raw => Value::Int(i),
                (_, Resolved::Uint(u)) if raw => Value::Uint(u),
                (_, Resolved::Int(i)) => Value::Float(i as f64),
                (_, Resolved::Uint(u)) => Value::Float(u as f64),
                (_, Resolved::Float(f)) if f.is_finite() => Value::Float(f),
                (_, Resolved::Float(_)) => return None,
            })
        }
        Kind::Sequence => {
            let kids = doc.children(n);
            let mut items = Vec::with_capacity(kids.len());
            for &c in kids {
                items.push(decode_direct(doc, c, raw, depth + 1)?);
            }
            Some(Value::List(List::appended(crate::value::Elem::Any, items)))
        }
        Kind::Mapping => {
            let kids = doc.children(n);
            let mut pairs: Vec<(Str, Value)> = Vec::with_capacity(kids.len() / 2);
            for pair in kids.chunks(2) {
                let [k, v] = *pair else { return None };
                let key = doc.nodes.get(k)?;
                if key.kind != Kind::Scalar || !key.tag.is_empty() {
                    return None;
                }
                // Plain keys must read as strings (other types need the typed key
                // handling) and not be `<<`, a merge.
                if key.implicit
                    && (*key.value == *b"<<"
                        || !matches!(
                            resolve(b"", &key.value, true).ok()?,
                            (RTag::Str | RTag::Timestamp, Resolved::Str)
                        ))
                {
                    return None;
                }
                let value = decode_direct(doc, v, raw, depth + 1)?;
                pairs.push((go_json_string(&key.value), value));
            }
            // Sorting is stable and the map keeps the last of equal keys: a later
            // duplicate wins, as in go-yaml.
            Some(Value::Map(Map::from_entries(
                MapType::Any,
                pairs.into_iter().collect(),
            )))
        }
    }
}

fn decode(doc: &Document<'_>, raw: bool) -> Result<Value, ReadError> {
    match decode_direct(doc, doc.root, raw, 0) {
        Some(v) => Ok(v),
        None => decode_exact(doc, raw),
    }
}

/// go-yaml v2's strict-mode complaints about a document decoded into `interface{}`: one
/// `line N: key K already set in map` per key set twice in one map (merges included), in
/// decoding order. Other decoding errors are returned as they are.
pub(crate) fn strict_duplicates(doc: &Document<'_>) -> Result<Vec<String>, ReadError> {
    let mut d = Decoder::new(doc, true, Some(Vec::new()));
    let r = d.run(doc.root);
    d.discard();
    if let Ok(Item::Value(v, _)) = r {
        drop_deep(v);
    } else {
        r?;
    }
    Ok(d.strict.take().unwrap_or_default())
}

/// go-yaml's decoder step for step (aliases, merges, typed keys), then sigs.k8s.io/yaml's
/// conversion, with every error.
pub(crate) fn decode_exact(doc: &Document<'_>, raw: bool) -> Result<Value, ReadError> {
    let mut d = Decoder::new(doc, raw, None);
    let item = match d.run(doc.root) {
        Ok(item) => item,
        Err(e) => {
            d.discard();
            return Err(e);
        }
    };
    let (value, depth) = d.item_value(item);
    let mut err = None;
    if let Some(e) = surviving_key_error(&value, core::mem::take(&mut d.poisoned)) {
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

/// The first key-conversion error (in document order) whose map is part of `root`.
fn surviving_key_error(root: &Value, poisoned: Vec<(Map, String)>) -> Option<String> {
    if poisoned.is_empty() {
        return None;
    }
    let id = |m: &Map| &*m.borrow() as *const Entries as usize;
    let mut live = alloc::collections::BTreeSet::new();
    let mut stack = alloc::vec![root.clone()];
    while let Some(v) = stack.pop() {
        match v {
            Value::Map(m) => {
                live.insert(id(&m));
                stack.extend(m.borrow().values().cloned());
            }
            Value::List(l) => stack.extend(l.iter().cloned()),
            _ => {}
        }
    }
    poisoned
        .into_iter()
        .find(|(m, _)| live.contains(&id(m)))
        .map(|(_, e)| e)
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
