//! A JSON reader with Go `encoding/json` semantics for `--set-json`: numbers become float64,
//! objects `map[string]interface {}`, the last duplicate key wins, and errors read as Go's
//! (`invalid character 'x' looking for beginning of value`, `unexpected EOF`).
//!
//! `--set-json` reads one value from the middle of a line (Go's `json.Decoder`), so the
//! reader reports where the value ended. It is iterative: nesting is bounded by Go's own
//! limit (10000) without deep recursion.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::gostr::quote;
use crate::value::{Entries, List, Map, MapType, Str, Value};

/// Go's `maxNestingDepth` in encoding/json's scanner.
const MAX_NESTING: usize = 10_000;

/// A JSON error in Go's words, and whether it is an early end of input.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonError {
    /// Go's message.
    pub message: String,
}

fn err(message: impl Into<String>) -> JsonError {
    JsonError {
        message: message.into(),
    }
}

/// Go's `quoteChar`: the byte as a rune, quoted with single quotes.
fn quote_char(c: char) -> String {
    // Go's scanner works on bytes: a multi-byte character shows as its first byte.
    let mut buf = [0u8; 4];
    let b = c.encode_utf8(&mut buf).as_bytes()[0];
    let c = char::from(b);
    if c == '\'' {
        return String::from("'\\''");
    }
    if c == '"' {
        return String::from("'\"'");
    }
    let q = quote(c.encode_utf8(&mut [0u8; 4]));
    format!("'{}'", &q[1..q.len() - 1])
}

fn invalid(c: char, context: &str) -> JsonError {
    err(format!("invalid character {} {}", quote_char(c), context))
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

enum Frame {
    List(Vec<Value>),
    Map(Entries, Option<Str>),
}

struct Reader<'a> {
    s: &'a [char],
    pos: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<char> {
        self.s.get(self.pos).copied()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(c) if is_space(c)) {
            self.pos += 1;
        }
    }

    fn eof() -> JsonError {
        err("unexpected EOF")
    }

    /// A string body after its opening quote.
    fn string(&mut self) -> Result<String, JsonError> {
        let mut out = String::new();
        loop {
            let c = self.peek().ok_or_else(Self::eof)?;
            self.pos += 1;
            match c {
                '"' => return Ok(out),
                '\\' => {
                    let e = self.peek().ok_or_else(Self::eof)?;
                    self.pos += 1;
                    match e {
                        '"' | '\\' | '/' => out.push(e),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        'n' => out.push('\n'),
                        'r' => out.push('\r'),
                        't' => out.push('\t'),
                        'u' => {
                            let hi = self.hex4()?;
                            if (0xD800..0xDC00).contains(&hi) {
                                // A surrogate pair only when a low surrogate escape follows.
                                let save = self.pos;
                                if self.peek() == Some('\\')
                                    && self.s.get(self.pos + 1) == Some(&'u')
                                {
                                    self.pos += 2;
                                    let lo = self.hex4()?;
                                    if (0xDC00..0xE000).contains(&lo) {
                                        let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                                        out.push(char::from_u32(cp).unwrap_or('\u{FFFD}'));
                                        continue;
                                    }
                                }
                                self.pos = save;
                                out.push('\u{FFFD}');
                            } else {
                                out.push(char::from_u32(hi).unwrap_or('\u{FFFD}'));
                            }
                        }
                        other => return Err(invalid(other, "in string escape code")),
                    }
                }
                c if (c as u32) < 0x20 => return Err(invalid(c, "in string literal")),
                c => out.push(c),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut v = 0u32;
        for _ in 0..4 {
            let c = self.peek().ok_or_else(Self::eof)?;
            let d = c
                .to_digit(16)
                .ok_or_else(|| invalid(c, "in \\u hexadecimal character escape"))?;
            v = v * 16 + d;
            self.pos += 1;
        }
        Ok(v)
    }

    /// A number starting at the current position; `ctx` words the error after it ends.
    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.pos;
        if self.peek() == Some('-') {
            self.pos += 1;
        }
        match self.peek() {
            Some('0') => self.pos += 1,
            Some(c) if c.is_ascii_digit() => {
                while matches!(self.peek(), Some(c) if c.is_ascii_digit()) {
                    self.pos += 1;
                }
            }
            Some(c) => return Err(invalid(c, "in numeric literal")),
            None => return Err(Self::eof()),
        }
        if self.peek() == Some('.') {
            self.pos += 1;
            match self.peek() {
                Some(c) if c.is_ascii_digit() => {}
                Some(c) => return Err(invalid(c, "after decimal point in numeric literal")),
                None => return Err(Self::eof()),
            }
            while matches!(self.peek(), Some(c) if c.is_ascii_digit()) {
                self.pos += 1;
            }
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some('+' | '-')) {
                self.pos += 1;
            }
            match self.peek() {
                Some(c) if c.is_ascii_digit() => {}
                Some(c) => return Err(invalid(c, "in exponent of numeric literal")),
                None => return Err(Self::eof()),
            }
            while matches!(self.peek(), Some(c) if c.is_ascii_digit()) {
                self.pos += 1;
            }
        }
        let text: String = self.s[start..self.pos].iter().collect();
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Value::Float(f)),
            _ => Err(err(format!(
                "json: cannot unmarshal number {text} into Go value of type float64"
            ))),
        }
    }

    fn literal(&mut self, word: &str, v: Value) -> Result<Value, JsonError> {
        // The first character has been checked by the caller.
        self.pos += 1;
        for w in word.chars().skip(1) {
            match self.peek() {
                Some(c) if c == w => self.pos += 1,
                Some(c) => {
                    return Err(invalid(
                        c,
                        &format!("in literal {word} (expecting {})", quote_char(w)),
                    ))
                }
                None => return Err(Self::eof()),
            }
        }
        Ok(v)
    }

    /// One value, as `json.Decoder.Decode` reads it from a stream.
    fn value(&mut self) -> Result<Value, JsonError> {
        let mut stack: Vec<Frame> = Vec::new();
        loop {
            // Read the start of a value (or close an empty container).
            self.skip_space();
            let c = self.peek().ok_or_else(Self::eof)?;
            let mut done: Value = match c {
                '{' | '[' => {
                    if stack.len() >= MAX_NESTING {
                        return Err(err("exceeded max depth"));
                    }
                    self.pos += 1;
                    self.skip_space();
                    if c == '[' {
                        if self.peek() == Some(']') {
                            self.pos += 1;
                            Value::List(List::new(Vec::new()))
                        } else {
                            stack.push(Frame::List(Vec::new()));
                            continue;
                        }
                    } else {
                        match self.peek() {
                            Some('}') => {
                                self.pos += 1;
                                Value::Map(Map::new())
                            }
                            Some('"') => {
                                self.pos += 1;
                                let key = self.string()?;
                                self.colon()?;
                                stack.push(Frame::Map(Entries::new(), Some(key.into())));
                                continue;
                            }
                            Some(c) => {
                                return Err(invalid(
                                    c,
                                    "looking for beginning of object key string",
                                ))
                            }
                            None => return Err(Self::eof()),
                        }
                    }
                }
                '"' => {
                    self.pos += 1;
                    Value::from(self.string()?)
                }
                '-' | '0'..='9' => self.number()?,
                't' => self.literal("true", Value::Bool(true))?,
                'f' => self.literal("false", Value::Bool(false))?,
                'n' => self.literal("null", Value::Nil)?,
                c => return Err(invalid(c, "looking for beginning of value")),
            };
            // Attach the finished value to its container, closing containers as they end.
            loop {
                let Some(top) = stack.last_mut() else {
                    return Ok(done);
                };
                self.skip_space();
                match top {
                    Frame::List(items) => {
                        items.push(done);
                        match self.peek() {
                            Some(',') => {
                                self.pos += 1;
                                break;
                            }
                            Some(']') => {
                                self.pos += 1;
                                let Some(Frame::List(items)) = stack.pop() else {
                                    unreachable!()
                                };
                                done = Value::List(List::appended(crate::value::Elem::Any, items));
                            }
                            Some(c) => return Err(invalid(c, "after array element")),
                            None => return Err(Self::eof()),
                        }
                    }
                    Frame::Map(entries, key) => {
                        if let Some(k) = key.take() {
                            entries.insert(k, done);
                        }
                        match self.peek() {
                            Some(',') => {
                                self.pos += 1;
                                self.skip_space();
                                match self.peek() {
                                    Some('"') => {
                                        self.pos += 1;
                                        let k = self.string()?;
                                        self.colon()?;
                                        *key = Some(k.into());
                                        break;
                                    }
                                    Some(c) => {
                                        return Err(invalid(
                                            c,
                                            "looking for beginning of object key string",
                                        ))
                                    }
                                    None => return Err(Self::eof()),
                                }
                            }
                            Some('}') => {
                                self.pos += 1;
                                let Some(Frame::Map(entries, _)) = stack.pop() else {
                                    unreachable!()
                                };
                                done = Value::Map(Map::from_entries(MapType::Any, entries));
                            }
                            Some(c) => return Err(invalid(c, "after object key:value pair")),
                            None => return Err(Self::eof()),
                        }
                    }
                }
            }
        }
    }

    fn colon(&mut self) -> Result<(), JsonError> {
        self.skip_space();
        match self.peek() {
            Some(':') => {
                self.pos += 1;
                Ok(())
            }
            Some(c) => Err(invalid(c, "after object key")),
            None => Err(Self::eof()),
        }
    }
}

/// Decodes one JSON value from `s[pos..]` as `json.Decoder.Decode` does; returns the value
/// and the position just after it (trailing text is left for the caller).
pub fn decode_value(s: &[char], pos: usize) -> Result<(Value, usize), JsonError> {
    let mut r = Reader { s, pos };
    r.skip_space();
    if r.peek().is_none() {
        return Err(err("EOF"));
    }
    let v = r.value()?;
    Ok((v, r.pos))
}

/// `json.Unmarshal` of a whole text: one value, nothing but spaces after it.
pub fn unmarshal(text: &str) -> Result<Value, JsonError> {
    let chars: Vec<char> = text.chars().collect();
    let mut r = Reader { s: &chars, pos: 0 };
    r.skip_space();
    if r.peek().is_none() {
        return Err(err("unexpected end of JSON input"));
    }
    let v = match r.value() {
        Ok(v) => v,
        Err(e) if e.message == "unexpected EOF" => return Err(err("unexpected end of JSON input")),
        Err(e) => return Err(e),
    };
    r.skip_space();
    if let Some(c) = r.peek() {
        return Err(invalid(c, "after top-level value"));
    }
    Ok(v)
}
