//! The YAML scanner: characters to tokens, shaped after libyaml's scanner as go-yaml v2 ports it.
//!
//! go-yaml's error messages and line numbers depend on the exact order in which the scanner
//! looks ahead, queues tokens and gives up on simple keys, so this follows the same state
//! machine: `fetch_more_tokens` keeps scanning while the head token may still become a
//! simple key, `save_simple_key`/`remove_simple_key` track candidates per flow level, and
//! indentation is rolled and unrolled into BLOCK-* tokens.
//!
//! The reader is modelled too: go-yaml decodes its input in 512-byte chunks and rejects
//! control characters only when a chunk is decoded, so an early syntax error wins over a
//! control character further on.

mod fast;
mod scalars;

pub(crate) use fast::read as read_fast;

use alloc::borrow::Cow;
use alloc::collections::VecDeque;
use alloc::vec::Vec;

use crate::words::{word_at, zero_bytes, HI, LO};

/// A position: `index` counts characters, `line` and `column` are 0-based.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Mark {
    pub index: usize,
    pub line: usize,
    pub column: usize,
}

/// Which stage failed; go-yaml reports scanner lines one higher than parser lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ErrorKind {
    Reader,
    Scanner,
    Parser,
}

/// A reader, scanner or parser failure with libyaml's problem and marks.
#[derive(Clone, Debug)]
pub(crate) struct SyntaxError {
    pub kind: ErrorKind,
    pub problem: &'static str,
    pub problem_mark: Mark,
    pub context_mark: Mark,
}

/// Scalar styles as the scanner reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum TokenKind<'a> {
    StreamStart,
    StreamEnd,
    VersionDirective,
    TagDirective {
        handle: Vec<u8>,
        prefix: Vec<u8>,
    },
    DocumentStart,
    DocumentEnd,
    BlockSequenceStart,
    BlockMappingStart,
    BlockEnd,
    FlowSequenceStart,
    FlowSequenceEnd,
    FlowMappingStart,
    FlowMappingEnd,
    BlockEntry,
    FlowEntry,
    Key,
    Value,
    Alias(Vec<u8>),
    Anchor(Vec<u8>),
    Tag {
        handle: Vec<u8>,
        suffix: Vec<u8>,
    },
    /// Scalar text, borrowed from the input when it is a slice of it.
    Scalar {
        value: Cow<'a, [u8]>,
        style: ScalarStyle,
    },
}

#[derive(Clone, Debug)]
pub(crate) struct Token<'a> {
    pub kind: TokenKind<'a>,
    pub start: Mark,
    pub end: Mark,
    /// `%YAML` major and minor version.
    pub version: (u8, u8),
}

#[derive(Clone, Copy, Debug, Default)]
struct SimpleKey {
    possible: bool,
    required: bool,
    token_number: usize,
    mark: Mark,
}

/// go-yaml's `max_flow_level` and `max_indents`.
const MAX_DEPTH: usize = 10_000;
/// go-yaml reads its input in chunks of this many bytes (`input_raw_buffer_size`).
const RAW_CHUNK: usize = 512;

type Res<T> = Result<T, SyntaxError>;

pub(crate) struct Scanner<'a> {
    src: &'a [u8],
    /// Byte offset of the current character.
    pos: usize,
    mark: Mark,

    // The reader model (see the module comment).
    unread: usize,
    decoded_end: usize,
    raw_end: usize,
    eof: bool,
    encoding_known: bool,
    /// The whole input is decoded up front (see `Scanner::new`): runs may cross what would
    /// have been go-yaml's buffer refills.
    clean: bool,
    buf_start: usize,
    first_bad: Option<usize>,

    stream_start_produced: bool,
    stream_end_produced: bool,
    tokens: VecDeque<Token<'a>>,
    tokens_parsed: usize,
    token_available: bool,
    indent: isize,
    indents: Vec<isize>,
    simple_key_allowed: bool,
    simple_keys: Vec<SimpleKey>,
    /// go-yaml's `simple_keys_by_tok` (token number to `simple_keys` index), ordered by
    /// token number. Entries go stale as go-yaml's do (a key that stops being possible stays
    /// listed); those below the next token to hand out can never be looked up again and are
    /// dropped, so the list stays as short as the token queue.
    simple_keys_by_tok: VecDeque<(usize, usize)>,
    flow_level: usize,
    failed: Option<SyntaxError>,
    /// Line-break buffers reused by the scalar scanners.
    scratch: [Vec<u8>; 2],
}

fn width(b: u8) -> usize {
    if b & 0x80 == 0 {
        1
    } else if b & 0xE0 == 0xC0 {
        2
    } else if b & 0xF0 == 0xE0 {
        3
    } else if b & 0xF8 == 0xF0 {
        4
    } else {
        0
    }
}

/// Whether go-yaml's reader lets character `c` through (`yaml_parser_update_buffer`).
pub(crate) fn allowed_char(c: char) -> bool {
    let c = c as u32;
    matches!(c, 0x09 | 0x0A | 0x0D | 0x20..=0x7E | 0x85 | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

/// Byte offset of the first character go-yaml's reader refuses, and whether a byte order
/// mark appears anywhere but at the very start (where the reader drops it).
fn scan_input(src: &str) -> (Option<usize>, bool) {
    let b = src.as_bytes();
    let mut inner_bom = false;
    let mut i = 0;
    while i < b.len() {
        // Sixteen bytes at a time while they are printable ASCII or line feeds; otherwise
        // the first byte that is not is looked at by itself.
        for chunk in b[i..].chunks_exact(16) {
            let (mut w0, mut w1) = ([0u8; 8], [0u8; 8]);
            w0.copy_from_slice(&chunk[..8]);
            w1.copy_from_slice(&chunk[8..]);
            let (w0, w1) = (u64::from_le_bytes(w0), u64::from_le_bytes(w1));
            // Bit 7 of each byte below 0x20 or from 0x7F on.
            let odd = |w: u64| {
                let low7 = w & !HI;
                (!(low7 + 0x6060_6060_6060_6060) | w | (low7 + LO)) & HI
            };
            let (mut f0, mut f1) = (odd(w0), odd(w1));
            if f0 | f1 != 0 {
                // Line feeds (one a line) are fine.
                f0 &= !zero_bytes(w0 ^ (LO * u64::from(b'\n')));
                f1 &= !zero_bytes(w1 ^ (LO * u64::from(b'\n')));
                if f0 | f1 != 0 {
                    i += if f0 != 0 {
                        (f0.trailing_zeros() / 8) as usize
                    } else {
                        8 + (f1.trailing_zeros() / 8) as usize
                    };
                    break;
                }
            }
            i += 16;
        }
        if i >= b.len() {
            break;
        }
        let c = b[i];
        if c < 0x80 {
            if !(c >= 0x20 && c != 0x7F || c == b'\t' || c == b'\n' || c == b'\r') {
                return (Some(i), inner_bom);
            }
            i += 1;
        } else {
            let Some(ch) = src.get(i..).and_then(|r| r.chars().next()) else {
                return (Some(i), inner_bom);
            };
            if !allowed_char(ch) {
                return (Some(i), inner_bom);
            }
            if ch == '\u{FEFF}' && i > 0 {
                inner_bom = true;
            }
            i += ch.len_utf8();
        }
    }
    (None, inner_bom)
}

/// Bytes that can continue a plain scalar without any check beyond "not special here".
fn plain_safe(c: u8, flow: bool) -> bool {
    c > b' '
        && c < 0x80
        && c != b':'
        && c != 0x7F
        && !(flow && matches!(c, b',' | b'?' | b'[' | b']' | b'{' | b'}'))
}

/// The length of the longest prefix of `s` made of ASCII bytes other than NUL, CR and LF.
#[inline]
fn ascii_text_prefix(s: &[u8]) -> usize {
    let mut i = 0;
    loop {
        if let Some(w) = word_at(s, i) {
            // Bit 7 of each byte below 0x0E (NUL, LF, CR among them) or from 0x80 on.
            let flag = (!((w & !HI) + 0x7272_7272_7272_7272) | w) & HI;
            if flag == 0 {
                i += 8;
                continue;
            }
            i += (flag.trailing_zeros() / 8) as usize;
        }
        match s.get(i) {
            Some(&c) if c < 0x80 && c != 0 && c != b'\n' && c != b'\r' => i += 1,
            _ => return i,
        }
    }
}

pub(crate) fn is_alpha(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

fn as_hex(b: u8) -> u32 {
    match b {
        b'A'..=b'F' => (b - b'A' + 10) as u32,
        b'a'..=b'f' => (b - b'a' + 10) as u32,
        _ => (b.wrapping_sub(b'0')) as u32,
    }
}

fn push_utf8(s: &mut Vec<u8>, v: u32) {
    if v <= 0x7F {
        s.push(v as u8);
    } else if v <= 0x7FF {
        s.push(0xC0 | (v >> 6) as u8);
        s.push(0x80 | (v & 0x3F) as u8);
    } else if v <= 0xFFFF {
        s.push(0xE0 | (v >> 12) as u8);
        s.push(0x80 | ((v >> 6) & 0x3F) as u8);
        s.push(0x80 | (v & 0x3F) as u8);
    } else {
        s.push(0xF0 | (v >> 18) as u8);
        s.push(0x80 | ((v >> 12) & 0x3F) as u8);
        s.push(0x80 | ((v >> 6) & 0x3F) as u8);
        s.push(0x80 | (v & 0x3F) as u8);
    }
}

impl<'a> Scanner<'a> {
    pub fn new(src: &'a str) -> Scanner<'a> {
        let (first_bad, inner_bom) = scan_input(src);
        let mut s = Scanner {
            src: src.as_bytes(),
            pos: 0,
            mark: Mark::default(),
            unread: 0,
            decoded_end: 0,
            raw_end: 0,
            eof: false,
            encoding_known: false,
            clean: false,
            buf_start: 0,
            first_bad,
            stream_start_produced: false,
            stream_end_produced: false,
            tokens: VecDeque::new(),
            tokens_parsed: 0,
            token_available: false,
            indent: -1,
            indents: Vec::new(),
            simple_key_allowed: false,
            simple_keys: Vec::new(),
            simple_keys_by_tok: VecDeque::new(),
            flow_level: 0,
            failed: None,
            scratch: [Vec::new(), Vec::new()],
        };
        if first_bad.is_none() && !inner_bom {
            // Nothing the reader refuses and no byte order mark it could meet later: its
            // chunking is then unobservable, so the whole input counts as decoded.
            s.encoding_known = true;
            s.clean = true;
            if src.as_bytes().starts_with(b"\xEF\xBB\xBF") {
                s.pos = 3;
            }
            s.buf_start = s.pos;
            s.unread = usize::MAX / 4;
        }
        s
    }

    // ----- The reader model -----

    /// Reads the next raw chunk (`yaml_parser_update_raw_buffer`).
    fn update_raw(&mut self) {
        if self.eof {
            return;
        }
        if self.raw_end == self.src.len() {
            self.eof = true;
            return;
        }
        let leftover = self.raw_end - self.decoded_end;
        self.raw_end = (self.raw_end + (RAW_CHUNK - leftover)).min(self.src.len());
    }

    /// Decodes the whole raw chunk, failing on the first disallowed character in it.
    fn decode_raw(&mut self) -> Res<()> {
        let mut end = self.raw_end;
        while end > self.decoded_end && end < self.src.len() && (self.src[end] & 0xC0) == 0x80 {
            end -= 1;
        }
        if let Some(bad) = self.first_bad {
            if bad >= self.decoded_end && bad < end {
                self.unread += self.src[self.decoded_end..bad]
                    .iter()
                    .filter(|&&b| b & 0xC0 != 0x80)
                    .count();
                self.decoded_end = bad;
                return Err(self.reader_error("control characters are not allowed"));
            }
        }
        self.unread += self.src[self.decoded_end..end]
            .iter()
            .filter(|&&b| b & 0xC0 != 0x80)
            .count();
        self.decoded_end = end;
        Ok(())
    }

    fn reader_error(&self, problem: &'static str) -> SyntaxError {
        SyntaxError {
            kind: ErrorKind::Reader,
            problem,
            problem_mark: Mark::default(),
            context_mark: Mark::default(),
        }
    }

    /// `yaml_parser_update_buffer`: makes at least `length` characters available.
    fn update_buffer(&mut self, length: usize) -> Res<()> {
        if self.unread >= length {
            return Ok(());
        }
        if !self.encoding_known {
            self.encoding_known = true;
            // The first read also detects the encoding; a UTF-8 BOM is dropped there.
            while !self.eof && self.raw_end - self.decoded_end < 3 {
                self.update_raw();
            }
            if self.src.starts_with(b"\xEF\xBB\xBF") {
                self.decoded_end = 3;
                self.pos = 3;
            }
        }
        self.buf_start = self.pos;
        let mut first = true;
        while self.unread < length {
            if !first || self.decoded_end == self.raw_end {
                self.update_raw();
            }
            first = false;
            self.decode_raw()?;
            if self.eof {
                self.unread += 1;
                break;
            }
        }
        Ok(())
    }

    #[inline]
    fn cache(&mut self, length: usize) -> Res<()> {
        if self.unread >= length {
            Ok(())
        } else {
            self.update_buffer(length)
        }
    }

    /// Skips ASCII bytes matching `pred` (at most `max`) exactly as that many `skip` calls
    /// would, each followed by a `cache(keep)` that finds its characters already decoded.
    #[inline]
    fn skip_ascii_while(&mut self, keep: usize, max: usize, pred: impl Fn(u8) -> bool) -> usize {
        let avail = self.unread.saturating_sub(keep).min(max);
        let rest = self.src.get(self.pos..).unwrap_or_default();
        let lim = rest.len().min(avail);
        let n = rest[..lim].iter().position(|&b| !pred(b)).unwrap_or(lim);
        self.pos += n;
        self.mark.index += n;
        self.mark.column += n;
        self.unread -= n;
        n
    }

    /// The run of characters from the current position up to the first one whose lead byte
    /// is in `stop`, within the decoded buffer less `keep` characters: (bytes, characters).
    #[inline]
    fn run_until(&self, keep: usize, stop: impl Fn(u8) -> bool) -> (usize, usize) {
        let avail = self.unread.saturating_sub(keep);
        let rest = self.src.get(self.pos..).unwrap_or_default();
        let mut p = 0;
        let mut chars = 0;
        while p < rest.len() {
            let c = rest[p];
            if c & 0xC0 == 0x80 {
                p += 1;
                continue;
            }
            if chars == avail || stop(c) {
                break;
            }
            chars += 1;
            p += 1;
        }
        (p, chars)
    }

    /// The run of characters from the current position up to the next line break (or the
    /// end), within the decoded buffer less `keep` characters: (bytes, characters).
    #[inline]
    fn run_to_break(&self, keep: usize) -> (usize, usize) {
        let avail = self.unread.saturating_sub(keep);
        let rest = self.src.get(self.pos..).unwrap_or_default();
        let mut p = 0;
        let mut chars = 0;
        loop {
            let n = ascii_text_prefix(rest.get(p..).unwrap_or_default()).min(avail - chars);
            p += n;
            chars += n;
            if chars >= avail {
                break;
            }
            let c = rest.get(p).copied().unwrap_or(0);
            let c1 = rest.get(p + 1).copied().unwrap_or(0);
            let c2 = rest.get(p + 2).copied().unwrap_or(0);
            if c < 0x80
                || (c == 0xC2 && c1 == 0x85)
                || (c == 0xE2 && c1 == 0x80 && matches!(c2, 0xA8 | 0xA9))
            {
                break;
            }
            p += width(c).max(1);
            chars += 1;
        }
        (p.min(rest.len()), chars)
    }

    /// Moves over a run measured by [`Scanner::run_until`] (no line breaks in it).
    #[inline]
    fn advance(&mut self, bytes: usize, chars: usize) {
        self.pos += bytes;
        self.mark.index += chars;
        self.mark.column += chars;
        self.unread -= chars;
    }

    // ----- Character classes at an offset from the current position -----

    #[inline]
    fn at(&self, k: usize) -> u8 {
        self.src.get(self.pos + k).copied().unwrap_or(0)
    }
    #[inline]
    fn is_z(&self, k: usize) -> bool {
        self.at(k) == 0
    }
    #[inline]
    fn is_blank(&self, k: usize) -> bool {
        matches!(self.at(k), b' ' | b'\t')
    }
    #[inline]
    fn is_break(&self, k: usize) -> bool {
        let b = self.at(k);
        b == b'\r'
            || b == b'\n'
            || (b == 0xC2 && self.at(k + 1) == 0x85)
            || (b == 0xE2
                && self.at(k + 1) == 0x80
                && (self.at(k + 2) == 0xA8 || self.at(k + 2) == 0xA9))
    }
    #[inline]
    fn is_breakz(&self, k: usize) -> bool {
        self.is_break(k) || self.is_z(k)
    }
    #[inline]
    fn is_blankz(&self, k: usize) -> bool {
        self.is_blank(k) || self.is_breakz(k)
    }
    #[inline]
    fn is_crlf(&self) -> bool {
        self.at(0) == b'\r' && self.at(1) == b'\n'
    }
    /// go-yaml's `is_bom` looks at the start of its buffer, not at the current character.
    fn is_bom(&self) -> bool {
        self.src.get(self.buf_start..self.buf_start + 3) == Some(b"\xEF\xBB\xBF")
    }

    // ----- Moving -----

    fn skip(&mut self) {
        self.mark.index += 1;
        self.mark.column += 1;
        self.unread = self.unread.saturating_sub(1);
        self.pos += width(self.at(0)).max(1);
    }

    fn skip_line(&mut self) {
        if self.is_crlf() {
            self.mark.index += 2;
            self.mark.column = 0;
            self.mark.line += 1;
            self.unread = self.unread.saturating_sub(2);
            self.pos += 2;
        } else if self.is_break(0) {
            self.mark.index += 1;
            self.mark.column = 0;
            self.mark.line += 1;
            self.unread = self.unread.saturating_sub(1);
            self.pos += width(self.at(0)).max(1);
        }
    }

    fn read(&mut self, s: &mut Vec<u8>) {
        let w = width(self.at(0)).max(1);
        let end = (self.pos + w).min(self.src.len());
        s.extend_from_slice(&self.src[self.pos..end]);
        self.pos += w;
        self.mark.index += 1;
        self.mark.column += 1;
        self.unread = self.unread.saturating_sub(1);
    }

    fn read_line(&mut self, s: &mut Vec<u8>) {
        let b0 = self.at(0);
        if b0 == b'\r' && self.at(1) == b'\n' {
            s.push(b'\n');
            self.pos += 2;
            self.mark.index += 1;
            self.unread = self.unread.saturating_sub(1);
        } else if b0 == b'\r' || b0 == b'\n' {
            s.push(b'\n');
            self.pos += 1;
        } else if b0 == 0xC2 && self.at(1) == 0x85 {
            s.push(b'\n');
            self.pos += 2;
        } else if b0 == 0xE2 && self.at(1) == 0x80 && (self.at(2) == 0xA8 || self.at(2) == 0xA9) {
            s.extend_from_slice(&self.src[self.pos..self.pos + 3]);
            self.pos += 3;
        } else {
            return;
        }
        self.mark.index += 1;
        self.mark.column = 0;
        self.mark.line += 1;
        self.unread = self.unread.saturating_sub(1);
    }

    // ----- Errors -----

    fn scanner_error(&self, context_mark: Mark, problem: &'static str) -> SyntaxError {
        SyntaxError {
            kind: ErrorKind::Scanner,
            problem,
            problem_mark: self.mark,
            context_mark,
        }
    }

    // ----- The token queue -----

    /// The next token without consuming it (`peek_token`).
    pub fn peek(&mut self) -> Res<&Token<'a>> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        if !self.token_available {
            if let Err(e) = self.fetch_more_tokens() {
                self.failed = Some(e.clone());
                return Err(e);
            }
        }
        match self.tokens.front() {
            Some(t) => Ok(t),
            None => Err(self.scanner_error(self.mark, "no more tokens")),
        }
    }

    /// Consumes the head token (`skip_token`), handing it over.
    pub fn take_token(&mut self) -> Option<Token<'a>> {
        self.token_available = false;
        self.tokens_parsed += 1;
        let t = self.tokens.pop_front();
        if let Some(t) = &t {
            self.stream_end_produced = t.kind == TokenKind::StreamEnd;
        }
        t
    }

    /// Whether the stream end token has been consumed.
    pub fn stream_end_produced(&self) -> bool {
        self.stream_end_produced
    }

    fn insert_token(&mut self, pos: Option<usize>, token: Token<'a>) {
        match pos {
            None => self.tokens.push_back(token),
            Some(p) => {
                let p = p.min(self.tokens.len());
                self.tokens.insert(p, token);
            }
        }
    }

    fn push_token(&mut self, kind: TokenKind<'a>, start: Mark, end: Mark) {
        self.tokens.push_back(Token {
            kind,
            start,
            end,
            version: (0, 0),
        });
    }

    fn fetch_more_tokens(&mut self) -> Res<()> {
        loop {
            if !self.tokens.is_empty() {
                let Some(idx) = self.simple_key_at(self.tokens_parsed) else {
                    break;
                };
                if !self.simple_key_is_valid(idx)? {
                    break;
                }
            }
            self.fetch_next_token()?;
        }
        self.token_available = true;
        Ok(())
    }

    fn fetch_next_token(&mut self) -> Res<()> {
        self.cache(1)?;
        if !self.stream_start_produced {
            self.fetch_stream_start();
            return Ok(());
        }
        self.scan_to_next_token()?;
        self.unroll_indent(self.mark.column as isize);
        self.cache(4)?;
        if self.is_z(0) {
            return self.fetch_stream_end();
        }
        let c = self.at(0);
        let col0 = self.mark.column == 0;
        if col0 && c == b'%' {
            return self.fetch_directive();
        }
        if col0 && c == b'-' && self.at(1) == b'-' && self.at(2) == b'-' && self.is_blankz(3) {
            return self.fetch_document_indicator(TokenKind::DocumentStart);
        }
        if col0 && c == b'.' && self.at(1) == b'.' && self.at(2) == b'.' && self.is_blankz(3) {
            return self.fetch_document_indicator(TokenKind::DocumentEnd);
        }
        match c {
            b'[' => return self.fetch_flow_collection_start(TokenKind::FlowSequenceStart),
            b'{' => return self.fetch_flow_collection_start(TokenKind::FlowMappingStart),
            b']' => return self.fetch_flow_collection_end(TokenKind::FlowSequenceEnd),
            b'}' => return self.fetch_flow_collection_end(TokenKind::FlowMappingEnd),
            b',' => return self.fetch_flow_entry(),
            _ => {}
        }
        if c == b'-' && self.is_blankz(1) {
            return self.fetch_block_entry();
        }
        if c == b'?' && (self.flow_level > 0 || self.is_blankz(1)) {
            return self.fetch_key();
        }
        if c == b':' && (self.flow_level > 0 || self.is_blankz(1)) {
            return self.fetch_value();
        }
        match c {
            b'*' => return self.fetch_anchor(true),
            b'&' => return self.fetch_anchor(false),
            b'!' => return self.fetch_tag(),
            b'|' if self.flow_level == 0 => return self.fetch_block_scalar(true),
            b'>' if self.flow_level == 0 => return self.fetch_block_scalar(false),
            b'\'' => return self.fetch_flow_scalar(true),
            b'"' => return self.fetch_flow_scalar(false),
            _ => {}
        }
        let indicator = self.is_blankz(0)
            || matches!(
                c,
                b'-' | b'?'
                    | b':'
                    | b','
                    | b'['
                    | b']'
                    | b'{'
                    | b'}'
                    | b'#'
                    | b'&'
                    | b'*'
                    | b'!'
                    | b'|'
                    | b'>'
                    | b'\''
                    | b'"'
                    | b'%'
                    | b'@'
                    | b'`'
            );
        if !indicator
            || (c == b'-' && !self.is_blank(1))
            || (self.flow_level == 0 && (c == b'?' || c == b':') && !self.is_blankz(1))
        {
            return self.fetch_plain_scalar();
        }
        Err(self.scanner_error(self.mark, "found character that cannot start any token"))
    }

    // ----- Simple keys -----

    /// `simple_keys_by_tok[number]`, for the next token to hand out.
    fn simple_key_at(&mut self, number: usize) -> Option<usize> {
        while let Some(&(n, idx)) = self.simple_keys_by_tok.front() {
            if n < number {
                self.simple_keys_by_tok.pop_front();
            } else {
                return (n == number).then_some(idx);
            }
        }
        None
    }

    /// `simple_keys_by_tok[number] = idx`. Token numbers only grow as keys are saved.
    fn index_simple_key(&mut self, number: usize, idx: usize) {
        match self.simple_keys_by_tok.back_mut() {
            Some(last) if last.0 == number => last.1 = idx,
            Some(last) if last.0 > number => {
                let at = self.simple_keys_by_tok.partition_point(|e| e.0 < number);
                match self.simple_keys_by_tok.get_mut(at) {
                    Some(e) if e.0 == number => e.1 = idx,
                    _ => self.simple_keys_by_tok.insert(at, (number, idx)),
                }
            }
            _ => self.simple_keys_by_tok.push_back((number, idx)),
        }
    }

    /// `delete(simple_keys_by_tok, number)`.
    fn unindex_simple_key(&mut self, number: usize) {
        let at = self.simple_keys_by_tok.partition_point(|e| e.0 < number);
        if self
            .simple_keys_by_tok
            .get(at)
            .is_some_and(|e| e.0 == number)
        {
            self.simple_keys_by_tok.remove(at);
        }
    }

    fn simple_key_is_valid(&mut self, idx: usize) -> Res<bool> {
        let mark = self.mark;
        let Some(key) = self.simple_keys.get_mut(idx) else {
            return Ok(false);
        };
        if !key.possible {
            return Ok(false);
        }
        if key.mark.line < mark.line || key.mark.index + 1024 < mark.index {
            if key.required {
                let km = key.mark;
                return Err(self.scanner_error(km, "could not find expected ':'"));
            }
            key.possible = false;
            return Ok(false);
        }
        Ok(true)
    }

    fn save_simple_key(&mut self) -> Res<()> {
        let required = self.flow_level == 0 && self.indent == self.mark.column as isize;
        if self.simple_key_allowed {
            let key = SimpleKey {
                possible: true,
                required,
                token_number: self.tokens_parsed + self.tokens.len(),
                mark: self.mark,
            };
            self.remove_simple_key()?;
            let last = self.simple_keys.len() - 1;
            self.simple_keys[last] = key;
            self.index_simple_key(key.token_number, last);
        }
        Ok(())
    }

    fn remove_simple_key(&mut self) -> Res<()> {
        let i = self.simple_keys.len() - 1;
        let key = self.simple_keys[i];
        if key.possible {
            if key.required {
                return Err(self.scanner_error(key.mark, "could not find expected ':'"));
            }
            self.simple_keys[i].possible = false;
            self.unindex_simple_key(key.token_number);
        }
        Ok(())
    }

    fn increase_flow_level(&mut self) -> Res<()> {
        self.simple_keys.push(SimpleKey {
            possible: false,
            required: false,
            token_number: self.tokens_parsed + self.tokens.len(),
            mark: self.mark,
        });
        self.flow_level += 1;
        if self.flow_level > MAX_DEPTH {
            let m = self.simple_keys[self.simple_keys.len() - 1].mark;
            return Err(self.scanner_error(m, "exceeded max depth of 10000"));
        }
        Ok(())
    }

    fn decrease_flow_level(&mut self) {
        if self.flow_level > 0 {
            self.flow_level -= 1;
            if let Some(k) = self.simple_keys.pop() {
                self.unindex_simple_key(k.token_number);
            }
        }
    }

    /// Pushes an indentation level and inserts a BLOCK-*-START token at `number` (a token
    /// number) or at the end.
    fn roll_indent(
        &mut self,
        column: usize,
        number: Option<usize>,
        kind: TokenKind<'a>,
        mark: Mark,
    ) -> Res<()> {
        if self.flow_level > 0 {
            return Ok(());
        }
        if self.indent < column as isize {
            self.indents.push(self.indent);
            self.indent = column as isize;
            if self.indents.len() > MAX_DEPTH {
                let m = self.simple_keys[self.simple_keys.len() - 1].mark;
                return Err(self.scanner_error(m, "exceeded max depth of 10000"));
            }
            let token = Token {
                kind,
                start: mark,
                end: mark,
                version: (0, 0),
            };
            let pos = number.map(|n| n.saturating_sub(self.tokens_parsed));
            self.insert_token(pos, token);
        }
        Ok(())
    }

    fn unroll_indent(&mut self, column: isize) {
        if self.flow_level > 0 {
            return;
        }
        while self.indent > column {
            let m = self.mark;
            self.push_token(TokenKind::BlockEnd, m, m);
            self.indent = self.indents.pop().unwrap_or(-1);
        }
    }

    // ----- Fetchers -----

    fn fetch_stream_start(&mut self) {
        self.indent = -1;
        self.simple_keys.push(SimpleKey::default());
        self.simple_key_allowed = true;
        self.stream_start_produced = true;
        let m = self.mark;
        self.push_token(TokenKind::StreamStart, m, m);
    }

    fn fetch_stream_end(&mut self) -> Res<()> {
        if self.mark.column != 0 {
            self.mark.column = 0;
            self.mark.line += 1;
        }
        self.unroll_indent(-1);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let m = self.mark;
        self.push_token(TokenKind::StreamEnd, m, m);
        Ok(())
    }

    fn fetch_directive(&mut self) -> Res<()> {
        self.unroll_indent(-1);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_directive()?;
        self.tokens.push_back(token);
        Ok(())
    }

    fn fetch_document_indicator(&mut self, kind: TokenKind<'a>) -> Res<()> {
        self.unroll_indent(-1);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let start = self.mark;
        self.skip();
        self.skip();
        self.skip();
        let end = self.mark;
        self.push_token(kind, start, end);
        Ok(())
    }

    fn fetch_flow_collection_start(&mut self, kind: TokenKind<'a>) -> Res<()> {
        self.save_simple_key()?;
        self.increase_flow_level()?;
        self.simple_key_allowed = true;
        let start = self.mark;
        self.skip();
        let end = self.mark;
        self.push_token(kind, start, end);
        Ok(())
    }

    fn fetch_flow_collection_end(&mut self, kind: TokenKind<'a>) -> Res<()> {
        self.remove_simple_key()?;
        self.decrease_flow_level();
        self.simple_key_allowed = false;
        let start = self.mark;
        self.skip();
        let end = self.mark;
        self.push_token(kind, start, end);
        Ok(())
    }

    fn fetch_flow_entry(&mut self) -> Res<()> {
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let start = self.mark;
        self.skip();
        let end = self.mark;
        self.push_token(TokenKind::FlowEntry, start, end);
        Ok(())
    }

    fn fetch_block_entry(&mut self) -> Res<()> {
        if self.flow_level == 0 {
            if !self.simple_key_allowed {
                return Err(self.scanner_error(
                    self.mark,
                    "block sequence entries are not allowed in this context",
                ));
            }
            let m = self.mark;
            self.roll_indent(m.column, None, TokenKind::BlockSequenceStart, m)?;
        }
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let start = self.mark;
        self.skip();
        let end = self.mark;
        self.push_token(TokenKind::BlockEntry, start, end);
        Ok(())
    }

    fn fetch_key(&mut self) -> Res<()> {
        if self.flow_level == 0 {
            if !self.simple_key_allowed {
                return Err(
                    self.scanner_error(self.mark, "mapping keys are not allowed in this context")
                );
            }
            let m = self.mark;
            self.roll_indent(m.column, None, TokenKind::BlockMappingStart, m)?;
        }
        self.remove_simple_key()?;
        self.simple_key_allowed = self.flow_level == 0;
        let start = self.mark;
        self.skip();
        let end = self.mark;
        self.push_token(TokenKind::Key, start, end);
        Ok(())
    }

    fn fetch_value(&mut self) -> Res<()> {
        let idx = self.simple_keys.len() - 1;
        if self.simple_key_is_valid(idx)? {
            let key = self.simple_keys[idx];
            let token = Token {
                kind: TokenKind::Key,
                start: key.mark,
                end: key.mark,
                version: (0, 0),
            };
            self.insert_token(
                Some(key.token_number.saturating_sub(self.tokens_parsed)),
                token,
            );
            self.roll_indent(
                key.mark.column,
                Some(key.token_number),
                TokenKind::BlockMappingStart,
                key.mark,
            )?;
            self.simple_keys[idx].possible = false;
            self.unindex_simple_key(key.token_number);
            self.simple_key_allowed = false;
        } else {
            if self.flow_level == 0 {
                if !self.simple_key_allowed {
                    return Err(self.scanner_error(
                        self.mark,
                        "mapping values are not allowed in this context",
                    ));
                }
                let m = self.mark;
                self.roll_indent(m.column, None, TokenKind::BlockMappingStart, m)?;
            }
            self.simple_key_allowed = self.flow_level == 0;
        }
        let start = self.mark;
        self.skip();
        let end = self.mark;
        self.push_token(TokenKind::Value, start, end);
        Ok(())
    }

    fn fetch_anchor(&mut self, alias: bool) -> Res<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_anchor(alias)?;
        self.tokens.push_back(token);
        Ok(())
    }

    fn fetch_tag(&mut self) -> Res<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_tag()?;
        self.tokens.push_back(token);
        Ok(())
    }

    fn fetch_block_scalar(&mut self, literal: bool) -> Res<()> {
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let token = self.scan_block_scalar(literal)?;
        self.tokens.push_back(token);
        Ok(())
    }

    fn fetch_flow_scalar(&mut self, single: bool) -> Res<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_flow_scalar(single)?;
        self.tokens.push_back(token);
        Ok(())
    }

    fn fetch_plain_scalar(&mut self) -> Res<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_plain_scalar()?;
        self.tokens.push_back(token);
        Ok(())
    }

    // ----- Scanners -----

    fn scan_to_next_token(&mut self) -> Res<()> {
        loop {
            self.cache(1)?;
            if self.mark.column == 0 && self.is_bom() {
                self.skip();
            }
            self.cache(1)?;
            let tabs = self.flow_level > 0 || !self.simple_key_allowed;
            self.skip_ascii_while(1, usize::MAX, |b| b == b' ' || (tabs && b == b'\t'));
            while self.at(0) == b' ' || (tabs && self.at(0) == b'\t') {
                self.skip();
                self.cache(1)?;
            }
            if self.at(0) == b'#' {
                while !self.is_breakz(0) {
                    self.skip();
                    self.cache(1)?;
                    let (bytes, chars) = self.run_to_break(1);
                    self.advance(bytes, chars);
                }
            }
            if self.is_break(0) {
                self.cache(2)?;
                self.skip_line();
                if self.flow_level == 0 {
                    self.simple_key_allowed = true;
                }
            } else {
                break;
            }
        }
        Ok(())
    }

    fn skip_blanks_and_comment(&mut self) -> Res<()> {
        self.cache(1)?;
        self.skip_ascii_while(1, usize::MAX, |b| b == b' ' || b == b'\t');
        while self.is_blank(0) {
            self.skip();
            self.cache(1)?;
        }
        if self.at(0) == b'#' {
            while !self.is_breakz(0) {
                self.skip();
                self.cache(1)?;
            }
        }
        Ok(())
    }

    fn scan_directive(&mut self) -> Res<Token<'a>> {
        let start = self.mark;
        self.skip();
        let name = self.scan_directive_name(start)?;
        let kind;
        let mut version = (0, 0);
        if name == b"YAML" {
            version = self.scan_version_directive_value(start)?;
            kind = TokenKind::VersionDirective;
        } else if name == b"TAG" {
            let (handle, prefix) = self.scan_tag_directive_value(start)?;
            kind = TokenKind::TagDirective { handle, prefix };
        } else {
            return Err(self.scanner_error(start, "found unknown directive name"));
        }
        let end = self.mark;
        self.skip_blanks_and_comment()?;
        if !self.is_breakz(0) {
            return Err(self.scanner_error(start, "did not find expected comment or line break"));
        }
        if self.is_break(0) {
            self.cache(2)?;
            self.skip_line();
        }
        Ok(Token {
            kind,
            start,
            end,
            version,
        })
    }

    fn scan_directive_name(&mut self, start: Mark) -> Res<Vec<u8>> {
        self.cache(1)?;
        let mut s = Vec::new();
        while is_alpha(self.at(0)) {
            self.read(&mut s);
            self.cache(1)?;
        }
        if s.is_empty() {
            return Err(self.scanner_error(start, "could not find expected directive name"));
        }
        if !self.is_blankz(0) {
            return Err(self.scanner_error(start, "found unexpected non-alphabetical character"));
        }
        Ok(s)
    }

    fn scan_version_directive_value(&mut self, start: Mark) -> Res<(u8, u8)> {
        self.cache(1)?;
        while self.is_blank(0) {
            self.skip();
            self.cache(1)?;
        }
        let major = self.scan_version_directive_number(start)?;
        if self.at(0) != b'.' {
            return Err(self.scanner_error(start, "did not find expected digit or '.' character"));
        }
        self.skip();
        let minor = self.scan_version_directive_number(start)?;
        Ok((major, minor))
    }

    fn scan_version_directive_number(&mut self, start: Mark) -> Res<u8> {
        self.cache(1)?;
        let mut value: u8 = 0;
        let mut length = 0;
        while self.at(0).is_ascii_digit() {
            length += 1;
            if length > 2 {
                return Err(self.scanner_error(start, "found extremely long version number"));
            }
            value = value * 10 + (self.at(0) - b'0');
            self.skip();
            self.cache(1)?;
        }
        if length == 0 {
            return Err(self.scanner_error(start, "did not find expected version number"));
        }
        Ok(value)
    }

    fn scan_tag_directive_value(&mut self, start: Mark) -> Res<(Vec<u8>, Vec<u8>)> {
        self.cache(1)?;
        while self.is_blank(0) {
            self.skip();
            self.cache(1)?;
        }
        let handle = self.scan_tag_handle(true, start)?;
        self.cache(1)?;
        if !self.is_blank(0) {
            return Err(self.scanner_error(start, "did not find expected whitespace"));
        }
        while self.is_blank(0) {
            self.skip();
            self.cache(1)?;
        }
        let prefix = self.scan_tag_uri(true, None, start)?;
        self.cache(1)?;
        if !self.is_blankz(0) {
            return Err(self.scanner_error(start, "did not find expected whitespace or line break"));
        }
        Ok((handle, prefix))
    }

    fn scan_anchor(&mut self, alias: bool) -> Res<Token<'a>> {
        let start = self.mark;
        self.skip();
        self.cache(1)?;
        let mut s = Vec::new();
        while is_alpha(self.at(0)) {
            self.read(&mut s);
            self.cache(1)?;
        }
        let end = self.mark;
        let c = self.at(0);
        if s.is_empty()
            || !(self.is_blankz(0)
                || matches!(c, b'?' | b':' | b',' | b']' | b'}' | b'%' | b'@' | b'`'))
        {
            return Err(self.scanner_error(
                start,
                "did not find expected alphabetic or numeric character",
            ));
        }
        let kind = if alias {
            TokenKind::Alias(s)
        } else {
            TokenKind::Anchor(s)
        };
        Ok(Token {
            kind,
            start,
            end,
            version: (0, 0),
        })
    }

    fn scan_tag(&mut self) -> Res<Token<'a>> {
        let start = self.mark;
        self.cache(2)?;
        let mut handle;
        let mut suffix;
        if self.at(1) == b'<' {
            handle = Vec::new();
            self.skip();
            self.skip();
            suffix = self.scan_tag_uri(false, None, start)?;
            if self.at(0) != b'>' {
                return Err(self.scanner_error(start, "did not find the expected '>'"));
            }
            self.skip();
        } else {
            handle = self.scan_tag_handle(false, start)?;
            if handle.len() > 1 && handle[0] == b'!' && handle[handle.len() - 1] == b'!' {
                suffix = self.scan_tag_uri(false, None, start)?;
            } else {
                suffix = self.scan_tag_uri(false, Some(&handle), start)?;
                handle = Vec::from(&b"!"[..]);
                if suffix.is_empty() {
                    core::mem::swap(&mut handle, &mut suffix);
                }
            }
        }
        self.cache(1)?;
        if !self.is_blankz(0) {
            return Err(self.scanner_error(start, "did not find expected whitespace or line break"));
        }
        let end = self.mark;
        Ok(Token {
            kind: TokenKind::Tag { handle, suffix },
            start,
            end,
            version: (0, 0),
        })
    }

    fn scan_tag_handle(&mut self, directive: bool, start: Mark) -> Res<Vec<u8>> {
        self.cache(1)?;
        if self.at(0) != b'!' {
            return Err(self.scanner_error(start, "did not find expected '!'"));
        }
        let mut s = Vec::new();
        self.read(&mut s);
        self.cache(1)?;
        while is_alpha(self.at(0)) {
            self.read(&mut s);
            self.cache(1)?;
        }
        if self.at(0) == b'!' {
            self.read(&mut s);
        } else if directive && s != b"!" {
            return Err(self.scanner_error(start, "did not find expected '!'"));
        }
        Ok(s)
    }

    fn scan_tag_uri(&mut self, directive: bool, head: Option<&[u8]>, start: Mark) -> Res<Vec<u8>> {
        let mut s = Vec::new();
        let mut has_tag = head.is_some_and(|h| !h.is_empty());
        if let Some(h) = head {
            if h.len() > 1 {
                s.extend_from_slice(&h[1..]);
            }
        }
        self.cache(1)?;
        loop {
            let c = self.at(0);
            let uri_char = is_alpha(c)
                || matches!(
                    c,
                    b';' | b'/'
                        | b'?'
                        | b':'
                        | b'@'
                        | b'&'
                        | b'='
                        | b'+'
                        | b'$'
                        | b','
                        | b'.'
                        | b'!'
                        | b'~'
                        | b'*'
                        | b'\''
                        | b'('
                        | b')'
                        | b'['
                        | b']'
                        | b'%'
                );
            if !uri_char {
                break;
            }
            if c == b'%' {
                self.scan_uri_escapes(directive, start, &mut s)?;
            } else {
                self.read(&mut s);
            }
            self.cache(1)?;
            has_tag = true;
        }
        if !has_tag {
            return Err(self.scanner_error(start, "did not find expected tag URI"));
        }
        Ok(s)
    }

    fn scan_uri_escapes(&mut self, _directive: bool, start: Mark, s: &mut Vec<u8>) -> Res<()> {
        let mut w = 1024;
        while w > 0 {
            self.cache(3)?;
            if !(self.at(0) == b'%'
                && self.at(1).is_ascii_hexdigit()
                && self.at(2).is_ascii_hexdigit())
            {
                return Err(self.scanner_error(start, "did not find URI escaped octet"));
            }
            let octet = ((as_hex(self.at(1)) << 4) + as_hex(self.at(2))) as u8;
            if w == 1024 {
                w = width(octet);
                if w == 0 {
                    return Err(self.scanner_error(start, "found an incorrect leading UTF-8 octet"));
                }
            } else if octet & 0xC0 != 0x80 {
                return Err(self.scanner_error(start, "found an incorrect trailing UTF-8 octet"));
            }
            s.push(octet);
            self.skip();
            self.skip();
            self.skip();
            w -= 1;
        }
        Ok(())
    }
}
