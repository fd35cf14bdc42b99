//! A direct reader for the YAML that values files, manifests and CRDs are made of: block
//! mappings and sequences by indentation, plain, quoted and block scalars, single-line flow
//! collections, comments and `---` documents.
//!
//! go-yaml reads through a token queue, simple-key bookkeeping, parser events and a node
//! tree; on such documents all of that reduces to following the indentation. Scalars are
//! still read by the exact scanner's own routines (or, for one-line plain scalars, by the
//! same run it takes), so their text is the same. Anything outside this subset — anchors,
//! aliases, tags, merge keys, non-string keys, complex keys, directives, tabs or CR in
//! indentation, multi-line flow collections, an indentation go-yaml would not accept, any
//! error — makes the reader give up (`None`), and the exact reader runs from the start:
//! this reader only ever answers where it gives go-yaml's value.

use alloc::borrow::Cow;
use alloc::vec::Vec;

use super::super::decode::go_json_string;
use super::super::resolve::{resolve, RTag, Resolved};
use super::{Scanner, TokenKind};
use crate::value::{List, Map, MapType, Str, Value};

/// Nesting followed before leaving the document to the exact reader (which runs on
/// explicit stacks).
const DEPTH: usize = 200;

/// Characters from a key's start to its `:` accepted here: go-yaml gives up on simple keys
/// longer than 1,024.
const KEY_CHARS: usize = 1000;

/// What comes after blanks, comments and line breaks.
enum Ahead {
    End,
    /// `---` or `...` at the start of a line.
    Boundary,
    Content,
}

/// Reads the first document (`all` false) or every document, with go-yaml's scalar types
/// kept (`raw`) or as the JSON round trip leaves them. `None`: leave it to the exact reader.
pub(crate) fn read(src: &str, raw: bool, all: bool) -> Option<Vec<Value>> {
    let sc = Scanner::new(src);
    if !sc.clean {
        return None;
    }
    let mut f = Fast {
        sc,
        text: src,
        raw,
        interned: Vec::new(),
        anchors: Vec::new(),
        aliases: 0,
    };
    f.stream(all)
}

struct Fast<'a> {
    sc: Scanner<'a>,
    text: &'a str,
    raw: bool,
    /// Recently made strings by hash (keys and short values repeat a lot): sharing them
    /// saves allocating and copying each again.
    interned: Vec<Option<Str>>,
    /// The document's anchored scalars, latest last.
    anchors: Vec<(&'a [u8], Value)>,
    aliases: usize,
}

/// Aliases followed here per document, far below what go-yaml's excessive-aliasing check
/// could notice.
const MAX_ALIASES: usize = 100;

/// A scalar's text: a range of the input, or what the exact scanner made of it.
enum Text<'a> {
    Src(usize, usize),
    Scanned(Cow<'a, [u8]>),
}

/// Strings longer than this are not shared.
const INTERN_MAX: usize = 40;

/// Inputs shorter than this have too few repeats to pay for the table.
const INTERN_FROM: usize = 4096;

impl<'a> Fast<'a> {
    /// A string for `s`, shared with an equal one made before when possible.
    fn intern(&mut self, s: &str) -> Str {
        if s.len() > INTERN_MAX || self.text.len() < INTERN_FROM {
            return Str::from(s);
        }
        if self.interned.is_empty() {
            let slots = (self.text.len() / 64).clamp(64, 4096).next_power_of_two();
            self.interned = alloc::vec![None; slots];
        }
        // Eight bytes a step: the table only caches, so any spread of the keys will do.
        const K: u64 = 0x9E37_79B9_7F4A_7C15;
        let b = s.as_bytes();
        let mut h = b.len() as u64;
        let mut words = b.chunks_exact(8);
        for w in &mut words {
            let mut word = [0u8; 8];
            word.copy_from_slice(w);
            h = (h ^ u64::from_le_bytes(word)).wrapping_mul(K);
            h ^= h >> 29;
        }
        let mut last = 0u64;
        for (i, &c) in words.remainder().iter().enumerate() {
            last |= u64::from(c) << (8 * i);
        }
        h = (h ^ last).wrapping_mul(K);
        let slot = ((h ^ (h >> 32)) as usize) & (self.interned.len() - 1);
        if let Some(Some(x)) = self.interned.get(slot) {
            if **x == *s {
                return x.clone();
            }
        }
        let v = Str::from(s);
        if let Some(e) = self.interned.get_mut(slot) {
            *e = Some(v.clone());
        }
        v
    }

    /// The string value of a scalar's text (encoding/json's view of invalid UTF-8).
    fn string(&mut self, t: &Text<'a>) -> Str {
        match t {
            Text::Src(a, b) => match self.text.get(*a..*b) {
                Some(s) => self.intern(s),
                None => go_json_string(self.sc.src.get(*a..*b).unwrap_or_default()),
            },
            Text::Scanned(c) => match core::str::from_utf8(c) {
                Ok(s) => self.intern(s),
                Err(_) => go_json_string(c),
            },
        }
    }

    fn bytes<'t>(&'t self, t: &'t Text<'a>) -> &'t [u8] {
        match t {
            Text::Src(a, b) => self.sc.src.get(*a..*b).unwrap_or_default(),
            Text::Scanned(c) => c,
        }
    }

    /// Spaces from the current position, eight at a time.
    fn skip_spaces_run(&mut self) {
        const SPACES: u64 = 0x2020_2020_2020_2020;
        let b = self.sc.src;
        let start = self.sc.pos;
        let mut p = start;
        loop {
            match b.get(p..p + 8) {
                Some(chunk) => {
                    let mut word = [0u8; 8];
                    word.copy_from_slice(chunk);
                    let x = u64::from_le_bytes(word) ^ SPACES;
                    if x != 0 {
                        p += (x.trailing_zeros() / 8) as usize;
                        break;
                    }
                    p += 8;
                }
                None => {
                    while b.get(p) == Some(&b' ') {
                        p += 1;
                    }
                    break;
                }
            }
        }
        self.sc.advance(p - start, p - start);
    }

    #[inline]
    fn at(&self, k: usize) -> u8 {
        self.sc.at(k)
    }

    fn at_end(&self) -> bool {
        self.sc.pos >= self.sc.src.len()
    }

    fn stream(&mut self, all: bool) -> Option<Vec<Value>> {
        let mut docs = Vec::new();
        let mut first = true;
        loop {
            self.anchors.clear();
            self.aliases = 0;
            match self.skip_to_content()? {
                Ahead::End => return Some(docs),
                Ahead::Boundary => {
                    if self.at(0) != b'-' {
                        return None;
                    }
                    self.skip_n(3);
                    self.end_of_line()?;
                    let v = match self.skip_to_content()? {
                        Ahead::End | Ahead::Boundary => Value::Nil,
                        Ahead::Content => self.node(-1, 0, false)?,
                    };
                    docs.push(v);
                }
                // An implicit document may only open the stream.
                Ahead::Content if first => docs.push(self.node(-1, 0, false)?),
                Ahead::Content => return None,
            }
            first = false;
            // What go-yaml's parser looks at to end the document.
            match self.skip_to_content()? {
                Ahead::End => return Some(docs),
                Ahead::Content => return None,
                Ahead::Boundary if !all => return Some(docs),
                Ahead::Boundary => {
                    if self.at(0) == b'.' {
                        self.skip_n(3);
                        self.end_of_line()?;
                        match self.skip_to_content()? {
                            Ahead::End => return Some(docs),
                            Ahead::Boundary if self.at(0) == b'-' => {}
                            _ => return None,
                        }
                    }
                }
            }
        }
    }

    // ----- Moving -----

    fn skip_n(&mut self, n: usize) {
        for _ in 0..n {
            self.sc.skip();
        }
    }

    /// Spaces on this line; a tab is left to the exact reader.
    fn skip_spaces(&mut self) -> Option<()> {
        self.skip_spaces_run();
        (self.at(0) != b'\t').then_some(())
    }

    /// After a value: only blanks and a comment may follow on its line.
    fn end_of_line(&mut self) -> Option<()> {
        self.skip_spaces()?;
        match self.at(0) {
            b'#' | b'\n' => Some(()),
            0 if self.at_end() => Some(()),
            _ => None,
        }
    }

    /// Skips blanks, comments and line breaks (`scan_to_next_token`, without tabs or CR).
    fn skip_to_content(&mut self) -> Option<Ahead> {
        self.skip_ascii_lines();
        loop {
            self.skip_spaces_run();
            match self.at(0) {
                b'\n' => self.sc.skip_line(),
                b'#' => {
                    let (bytes, chars) = self.sc.run_to_break(0);
                    self.sc.advance(bytes, chars);
                }
                0 if self.at_end() => return Some(Ahead::End),
                b'\t' | b'\r' | 0 => return None,
                c => {
                    if c >= 0x80 && self.sc.is_break(0) {
                        return None;
                    }
                    if self.sc.mark.column == 0
                        && ((c == b'-' && self.at(1) == b'-' && self.at(2) == b'-')
                            || (c == b'.' && self.at(1) == b'.' && self.at(2) == b'.'))
                        && self.sc.is_blankz(3)
                    {
                        return Some(Ahead::Boundary);
                    }
                    return Some(Ahead::Content);
                }
            }
        }
    }

    /// Spaces, line feeds and comments of printable ASCII, in one pass with the position
    /// kept in locals (values files are mostly comments); stops before anything else for
    /// [`Fast::skip_to_content`] to look at.
    fn skip_ascii_lines(&mut self) {
        let b = self.sc.src;
        let start = self.sc.pos;
        let mut p = start;
        let mut line = self.sc.mark.line;
        let mut line_start = None;
        loop {
            p = spaces_end(b, p);
            match b.get(p) {
                Some(b'\n') => {
                    p += 1;
                    line += 1;
                    line_start = Some(p);
                }
                Some(b'#') => {
                    let q = comment_end(b, p + 1);
                    if !matches!(b.get(q), None | Some(b'\n')) {
                        break;
                    }
                    p = q;
                }
                _ => break,
            }
        }
        // Only ASCII was passed over: characters are bytes.
        let n = p - start;
        let sc = &mut self.sc;
        sc.pos = p;
        sc.mark.index += n;
        sc.mark.line = line;
        sc.mark.column = match line_start {
            Some(l) => p - l,
            None => sc.mark.column + n,
        };
        sc.unread = sc.unread.saturating_sub(n);
    }

    // ----- Block structure -----

    /// The node at the current position, inside a block collection at column `parent`
    /// (-1 at the root). `in_value`: on the line of a mapping key, where neither a key nor
    /// a block sequence may start.
    fn node(&mut self, parent: isize, depth: usize, in_value: bool) -> Option<Value> {
        if depth > DEPTH {
            return None;
        }
        let col = self.sc.mark.column;
        let c = self.at(0);
        match c {
            b'-' if self.sc.is_blankz(1) => {
                if in_value {
                    return None;
                }
                self.sequence(col, depth, false)
            }
            b'[' | b'{' => {
                let v = self.flow(depth)?;
                self.end_of_line()?;
                Some(v)
            }
            b'|' | b'>' => {
                self.sc.indent = parent;
                let token = self.sc.scan_block_scalar(c == b'|').ok()?;
                let TokenKind::Scalar { value, .. } = token.kind else {
                    return None;
                };
                Some(Value::String(self.string(&Text::Scanned(value))))
            }
            b'\'' | b'"' => {
                let start = self.sc.mark;
                let text = Text::Scanned(self.quoted(c == b'\'')?);
                self.skip_spaces()?;
                if self.at(0) == b':' && self.sc.is_blankz(1) {
                    if in_value
                        || self.sc.mark.line != start.line
                        || self.sc.mark.index - start.index > KEY_CHARS
                    {
                        return None;
                    }
                    let key = self.string(&text);
                    self.mapping(col, key, depth)
                } else {
                    self.end_of_line()?;
                    Some(Value::String(self.string(&text)))
                }
            }
            b'&' => {
                // An anchored scalar on this line; the anchor on anything else (or on a key)
                // is left to the exact reader.
                let name = self.anchor_name()?;
                if self.at(0) != b' ' {
                    return None;
                }
                self.skip_spaces()?;
                if self.sc.is_breakz(0) || matches!(self.at(0), b'#' | b'&' | b'*' | b'!') {
                    return None;
                }
                let v = self.node(parent, depth, true)?;
                if matches!(v, Value::List(_) | Value::Map(_)) {
                    return None;
                }
                self.anchors.push((name, v.clone()));
                Some(v)
            }
            b'*' => {
                let name = self.anchor_name()?;
                self.end_of_line()?;
                self.aliases += 1;
                if self.aliases > MAX_ALIASES {
                    return None;
                }
                self.anchors
                    .iter()
                    .rev()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.clone())
            }
            b'?' | b':' if self.sc.is_blankz(1) => None,
            b',' | b']' | b'}' | b'#' | b'!' | b'%' | b'@' | b'`' => None,
            _ => {
                let start = self.sc.mark;
                let (text, colon) = self.plain(parent)?;
                if colon {
                    if in_value
                        || self.sc.mark.line != start.line
                        || self.sc.mark.index - start.index > KEY_CHARS
                    {
                        return None;
                    }
                    let key = self.plain_key(&text)?;
                    self.mapping(col, key, depth)
                } else {
                    self.plain_value(&text)
                }
            }
        }
    }

    /// A block mapping at column `col` whose first key has been read; at its `:`.
    fn mapping(&mut self, col: usize, first: Str, depth: usize) -> Option<Value> {
        let mut pairs: Vec<(Str, Value)> = Vec::new();
        let mut key = first;
        loop {
            self.sc.skip();
            let value = self.value(col, depth)?;
            pairs.push((key, value));
            match self.skip_to_content()? {
                Ahead::End | Ahead::Boundary => break,
                Ahead::Content => {
                    let c = self.sc.mark.column;
                    if c < col {
                        break;
                    }
                    if c > col {
                        return None;
                    }
                    key = self.key()?;
                }
            }
        }
        // Sorting is stable and the map keeps the last of equal keys: a later duplicate
        // wins, as in go-yaml.
        Some(Value::Map(Map::from_entries(
            MapType::Any,
            pairs.into_iter().collect(),
        )))
    }

    /// A mapping key at the start of a line, through its `:`.
    fn key(&mut self) -> Option<Str> {
        let start = self.sc.mark;
        let c = self.at(0);
        let key = match c {
            b'\'' | b'"' => {
                let text = Text::Scanned(self.quoted(c == b'\'')?);
                self.skip_spaces()?;
                self.string(&text)
            }
            b'-' | b'?' | b':' if self.sc.is_blankz(1) => return None,
            b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%'
            | b'@' | b'`' => return None,
            _ => {
                let (text, colon) = self.plain_line(false, self.sc.mark.column as isize + 1)?;
                if !colon {
                    return None;
                }
                self.plain_key(&text)?
            }
        };
        if self.at(0) != b':'
            || !self.sc.is_blankz(1)
            || self.sc.mark.line != start.line
            || self.sc.mark.index - start.index > KEY_CHARS
        {
            return None;
        }
        Some(key)
    }

    /// A mapping value, from just after the `:` of a mapping at column `col`.
    fn value(&mut self, col: usize, depth: usize) -> Option<Value> {
        self.skip_spaces()?;
        if self.sc.is_breakz(0) || self.at(0) == b'#' {
            return match self.skip_to_content()? {
                Ahead::End | Ahead::Boundary => Some(Value::Nil),
                Ahead::Content => {
                    let c = self.sc.mark.column;
                    if c > col {
                        self.node(col as isize, depth + 1, false)
                    } else if c == col && self.at(0) == b'-' && self.sc.is_blankz(1) {
                        // A sequence at the key's own indentation belongs to the key.
                        self.sequence(col, depth + 1, true)
                    } else {
                        Some(Value::Nil)
                    }
                }
            };
        }
        self.node(col as isize, depth + 1, true)
    }

    /// A block sequence whose entries (`- `) are at column `col`; at the first `-`.
    /// `indentless`: the value of a mapping key at the same column, which ends at the
    /// first line there that is not an entry.
    fn sequence(&mut self, col: usize, depth: usize, indentless: bool) -> Option<Value> {
        let mut items = Vec::new();
        loop {
            self.sc.skip();
            self.skip_spaces()?;
            let item = if self.sc.is_breakz(0) || self.at(0) == b'#' {
                match self.skip_to_content()? {
                    Ahead::End | Ahead::Boundary => Value::Nil,
                    Ahead::Content if self.sc.mark.column > col => {
                        self.node(col as isize, depth + 1, false)?
                    }
                    Ahead::Content => Value::Nil,
                }
            } else {
                self.node(col as isize, depth + 1, false)?
            };
            items.push(item);
            match self.skip_to_content()? {
                Ahead::End | Ahead::Boundary => break,
                Ahead::Content => {
                    let c = self.sc.mark.column;
                    if c < col {
                        break;
                    }
                    if c > col {
                        return None;
                    }
                    if self.at(0) != b'-' || !self.sc.is_blankz(1) {
                        if indentless {
                            break;
                        }
                        return None;
                    }
                }
            }
        }
        Some(Value::List(List::appended(crate::value::Elem::Any, items)))
    }

    // ----- Scalars -----

    /// An anchor's or alias's name (`scan_anchor`), from its `&` or `*`.
    fn anchor_name(&mut self) -> Option<&'a [u8]> {
        let src = self.sc.src;
        self.sc.skip();
        let start = self.sc.pos;
        self.sc.skip_ascii_while(0, usize::MAX, super::is_alpha);
        let name = src.get(start..self.sc.pos)?;
        let c = self.at(0);
        if name.is_empty()
            || !(self.sc.is_blankz(0)
                || matches!(c, b'?' | b':' | b',' | b']' | b'}' | b'%' | b'@' | b'`'))
        {
            return None;
        }
        Some(name)
    }

    /// A quoted scalar, by the exact scanner.
    fn quoted(&mut self, single: bool) -> Option<Cow<'a, [u8]>> {
        let token = self.sc.scan_flow_scalar(single).ok()?;
        match token.kind {
            TokenKind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// A plain scalar's text on this line, as the scanner's loop takes it (first character
    /// included); whether it stopped at `: ` (the position is then at the `:`).
    /// `indent` is the scanner's for this scalar (blanks there end a block scalar's line).
    fn plain_line(&mut self, flow: bool, indent: isize) -> Option<(Text<'a>, bool)> {
        let src = self.sc.src;
        let start = self.sc.pos;
        self.sc.skip();
        let (bytes, chars) = self.sc.plain_line_run(flow, indent);
        self.sc.advance(bytes, chars);
        let end = self.sc.pos;
        let text = Text::Src(start, end);
        let mut q = end;
        while matches!(src.get(q), Some(b' ' | b'\t')) {
            q += 1;
        }
        let next = src.get(q).copied().unwrap_or(0);
        if next == b':' && matches!(src.get(q + 1), None | Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.sc.advance(q - end, q - end);
            return Some((text, true));
        }
        Some((text, false))
    }

    /// A plain scalar in a block collection at column `parent`; whether it stopped at `: `
    /// (the position is then at the `:`).
    fn plain(&mut self, parent: isize) -> Option<(Text<'a>, bool)> {
        let (start_pos, start_mark) = (self.sc.pos, self.sc.mark);
        let src = self.sc.src;
        let (text, colon) = self.plain_line(false, parent + 1)?;
        if colon {
            return Some((text, true));
        }
        let end = self.sc.pos;
        let mut q = end;
        while matches!(src.get(q), Some(b' ' | b'\t')) {
            q += 1;
        }
        match src.get(q) {
            // A comment ends the scalar.
            Some(b'#') if q > end => return Some((text, false)),
            None => return Some((text, false)),
            // At the end of the line the scalar goes on if the next line with text is
            // indented past the collection. Move there as the scanner would.
            Some(b'\n') => {
                self.sc.advance(q - end, q - end);
                loop {
                    self.sc.skip_line();
                    self.skip_spaces_run();
                    match self.at(0) {
                        b'\n' => continue,
                        0 if self.at_end() => return Some((text, false)),
                        b'\t' | b'\r' | 0 => break,
                        c if c >= 0x80 => break,
                        _ if (self.sc.mark.column as isize) < parent + 1 => {
                            return Some((text, false))
                        }
                        _ => break,
                    }
                }
            }
            _ => {}
        }
        // Folded lines and anything unusual: the exact scanner.
        self.sc.pos = start_pos;
        self.sc.mark = start_mark;
        self.sc.indent = parent;
        self.sc.flow_level = 0;
        let token = self.sc.scan_plain_scalar().ok()?;
        let TokenKind::Scalar { value, .. } = token.kind else {
            return None;
        };
        let colon = self.at(0) == b':' && self.sc.is_blankz(1);
        Some((Text::Scanned(value), colon))
    }

    /// A plain key that go-yaml decodes as a string (not `<<`, a merge, nor a null,
    /// boolean or number, which need the typed key handling).
    fn plain_key(&mut self, text: &Text<'a>) -> Option<Str> {
        let b = self.bytes(text);
        if b == b"<<" {
            return None;
        }
        match resolve(b"", b, true).ok()? {
            (RTag::Str | RTag::Timestamp, Resolved::Str) => Some(self.string(text)),
            _ => None,
        }
    }

    fn plain_value(&mut self, text: &Text<'a>) -> Option<Value> {
        Some(match resolve(b"", self.bytes(text), true).ok()? {
            (RTag::Timestamp, _) | (_, Resolved::Str) => Value::String(self.string(text)),
            (_, Resolved::Null) => Value::Nil,
            (_, Resolved::Bool(b)) => Value::Bool(b),
            (_, Resolved::Int(i)) if self.raw => Value::Int(i),
            (_, Resolved::Uint(u)) if self.raw => Value::Uint(u),
            (_, Resolved::Int(i)) => Value::Float(i as f64),
            (_, Resolved::Uint(u)) => Value::Float(u as f64),
            (_, Resolved::Float(f)) if f.is_finite() => Value::Float(f),
            (_, Resolved::Float(_)) => return None,
        })
    }

    // ----- Flow collections -----

    /// Blanks, line breaks and comments between a flow collection's tokens.
    fn flow_space(&mut self) -> Option<()> {
        loop {
            self.skip_spaces_run();
            match self.at(0) {
                b'\n' => self.sc.skip_line(),
                b'#' => {
                    let (bytes, chars) = self.sc.run_to_break(0);
                    self.sc.advance(bytes, chars);
                }
                b'\t' | b'\r' | 0 => return None,
                c => {
                    if c >= 0x80 && self.sc.is_break(0) {
                        return None;
                    }
                    if self.sc.mark.column == 0
                        && ((c == b'-' && self.at(1) == b'-' && self.at(2) == b'-')
                            || (c == b'.' && self.at(1) == b'.' && self.at(2) == b'.'))
                        && self.sc.is_blankz(3)
                    {
                        return None;
                    }
                    return Some(());
                }
            }
        }
    }

    fn flow(&mut self, depth: usize) -> Option<Value> {
        if depth > DEPTH {
            return None;
        }
        let seq = self.at(0) == b'[';
        let close = if seq { b']' } else { b'}' };
        self.sc.skip();
        let mut items = Vec::new();
        let mut pairs: Vec<(Str, Value)> = Vec::new();
        loop {
            self.flow_space()?;
            if self.at(0) == close {
                self.sc.skip();
                break;
            }
            if seq {
                items.push(self.flow_node(depth + 1)?);
            } else {
                let key = self.flow_key()?;
                self.sc.skip();
                self.flow_space()?;
                let v = if matches!(self.at(0), b',' | b'}') {
                    Value::Nil
                } else {
                    self.flow_node(depth + 1)?
                };
                pairs.push((key, v));
            }
            self.flow_space()?;
            match self.at(0) {
                b',' => self.sc.skip(),
                c if c == close => {
                    self.sc.skip();
                    break;
                }
                _ => return None,
            }
        }
        Some(if seq {
            Value::List(List::appended(crate::value::Elem::Any, items))
        } else {
            Value::Map(Map::from_entries(MapType::Any, pairs.into_iter().collect()))
        })
    }

    /// A flow collection's entry; it must be followed (after blanks) by `,` or the end.
    fn flow_node(&mut self, depth: usize) -> Option<Value> {
        if self.sc.is_breakz(0) {
            return None;
        }
        let c = self.at(0);
        match c {
            b'[' | b'{' => self.flow(depth),
            b'\'' | b'"' => {
                let text = Text::Scanned(self.quoted(c == b'\'')?);
                Some(Value::String(self.string(&text)))
            }
            b'-' if self.sc.is_blankz(1) => None,
            b'?' | b':' | b',' | b']' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%'
            | b'@' | b'`' => None,
            _ => {
                let (text, colon) = self.plain_line(true, 0)?;
                if colon || !matches!(self.next_nonblank(), b',' | b']' | b'}') {
                    return None;
                }
                self.plain_value(&text)
            }
        }
    }

    /// A flow mapping's key, through to its `:`.
    fn flow_key(&mut self) -> Option<Str> {
        if self.sc.is_breakz(0) {
            return None;
        }
        let start = self.sc.mark;
        let c = self.at(0);
        let key = match c {
            b'\'' | b'"' => {
                let text = Text::Scanned(self.quoted(c == b'\'')?);
                self.skip_spaces()?;
                self.string(&text)
            }
            b'-' if self.sc.is_blankz(1) => return None,
            b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|'
            | b'>' | b'%' | b'@' | b'`' => return None,
            _ => {
                let (text, colon) = self.plain_line(true, 0)?;
                if !colon {
                    return None;
                }
                self.plain_key(&text)?
            }
        };
        // A simple key: on one line (a quoted one may hold breaks), and not too long.
        if self.at(0) != b':'
            || self.sc.mark.line != start.line
            || self.sc.mark.index - start.index > KEY_CHARS
        {
            return None;
        }
        Some(key)
    }

    /// The next byte after blanks, without moving.
    fn next_nonblank(&self) -> u8 {
        let mut k = 0;
        while matches!(self.at(k), b' ' | b'\t') {
            k += 1;
        }
        self.at(k)
    }
}

/// The end of the spaces from `p`, eight bytes at a time.
#[inline]
fn spaces_end(b: &[u8], mut p: usize) -> usize {
    const SPACES: u64 = 0x2020_2020_2020_2020;
    while let Some(chunk) = b.get(p..p + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word) ^ SPACES;
        if x != 0 {
            return p + (x.trailing_zeros() / 8) as usize;
        }
        p += 8;
    }
    while b.get(p) == Some(&b' ') {
        p += 1;
    }
    p
}

/// The first byte from `p` that is below 0x0E (line feed, CR, tab among them) or not ASCII,
/// sixteen bytes at a time: the end of a plain ASCII comment when it is a line feed.
#[inline]
fn comment_end(b: &[u8], mut p: usize) -> usize {
    const HI: u64 = 0x8080_8080_8080_8080;
    // Bit 7 of each byte below 0x0E or from 0x80 on.
    let flag = |w: u64| (!((w & !HI) + 0x7272_7272_7272_7272) | w) & HI;
    while let Some(chunk) = b.get(p..p + 16) {
        let mut lo = [0u8; 8];
        let mut hi = [0u8; 8];
        lo.copy_from_slice(&chunk[..8]);
        hi.copy_from_slice(&chunk[8..]);
        let (f0, f1) = (flag(u64::from_le_bytes(lo)), flag(u64::from_le_bytes(hi)));
        if f0 | f1 != 0 {
            return p + if f0 != 0 {
                (f0.trailing_zeros() / 8) as usize
            } else {
                8 + (f1.trailing_zeros() / 8) as usize
            };
        }
        p += 16;
    }
    while b.get(p).is_some_and(|&c| (0x0E..0x80).contains(&c)) {
        p += 1;
    }
    p
}
