//! `json.Unmarshal`: Go's validating scanner first (its error text is the contract:
//! `invalid character 'x' looking for beginning of value`), then decoding into
//! `interface{}` values (numbers float64, objects `map[string]interface {}`), built without
//! recursion.

use alloc::string::String;
use alloc::vec::Vec;

use crate::gofmt::strconv::{parse_float, quote};
use crate::value::{Elem, Entries, List, Str, Value};

/// Go's `maxNestingDepth` for the JSON scanner.
pub(crate) const MAX_NESTING_DEPTH: usize = 10_000;

/// The scanner's states, named after Go's `state*` functions.
#[derive(Clone, Copy, PartialEq, Eq)]
enum St {
    BeginValueOrEmpty,
    BeginValue,
    BeginStringOrEmpty,
    BeginString,
    EndValue,
    EndTop,
    InString,
    InStringEsc,
    /// Inside `\u`, with this many hex digits still to come.
    InStringEscU(u8),
    Neg,
    One,
    Zero,
    Dot,
    Dot0,
    E,
    ESign,
    E0,
    /// Inside `true`/`false`/`null`: the rest of the word still expected.
    Word(&'static [u8], &'static str),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Parse {
    ObjectKey,
    ObjectValue,
    ArrayValue,
}

struct Scanner {
    step: St,
    parse: Vec<Parse>,
    end_top: bool,
}

/// Go's `quoteChar`: the byte as a rune (so 0xC3 shows as `'Ã'`), in single quotes.
fn quote_char(c: u8) -> String {
    match c {
        b'\'' => String::from("'\\''"),
        b'"' => String::from("'\"'"),
        _ => {
            let q = quote(char::from(c).encode_utf8(&mut [0u8; 4]));
            alloc::format!("'{}'", &q[1..q.len() - 1])
        }
    }
}

fn syntax(c: u8, context: &str) -> String {
    alloc::format!("invalid character {} {}", quote_char(c), context)
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

impl Scanner {
    fn push(&mut self, c: u8, p: Parse) -> Result<(), String> {
        self.parse.push(p);
        if self.parse.len() <= MAX_NESTING_DEPTH {
            Ok(())
        } else {
            Err(syntax(c, "exceeded max depth"))
        }
    }

    fn pop(&mut self) {
        self.parse.pop();
        if self.parse.is_empty() {
            self.step = St::EndTop;
            self.end_top = true;
        } else {
            self.step = St::EndValue;
        }
    }

    fn begin_value(&mut self, c: u8) -> Result<(), String> {
        if is_space(c) {
            return Ok(());
        }
        self.step = match c {
            b'{' => {
                self.step = St::BeginStringOrEmpty;
                return self.push(c, Parse::ObjectKey);
            }
            b'[' => {
                self.step = St::BeginValueOrEmpty;
                return self.push(c, Parse::ArrayValue);
            }
            b'"' => St::InString,
            b'-' => St::Neg,
            b'0' => St::Zero,
            b't' => St::Word(b"rue", "true"),
            b'f' => St::Word(b"alse", "false"),
            b'n' => St::Word(b"ull", "null"),
            b'1'..=b'9' => St::One,
            _ => return Err(syntax(c, "looking for beginning of value")),
        };
        Ok(())
    }

    fn end_value(&mut self, c: u8) -> Result<(), String> {
        let Some(&ps) = self.parse.last() else {
            self.step = St::EndTop;
            self.end_top = true;
            return self.end_top_step(c);
        };
        if is_space(c) {
            self.step = St::EndValue;
            return Ok(());
        }
        let n = self.parse.len() - 1;
        match ps {
            Parse::ObjectKey => {
                if c == b':' {
                    self.parse[n] = Parse::ObjectValue;
                    self.step = St::BeginValue;
                    return Ok(());
                }
                Err(syntax(c, "after object key"))
            }
            Parse::ObjectValue => {
                if c == b',' {
                    self.parse[n] = Parse::ObjectKey;
                    self.step = St::BeginString;
                    return Ok(());
                }
                if c == b'}' {
                    self.pop();
                    return Ok(());
                }
                Err(syntax(c, "after object key:value pair"))
            }
            Parse::ArrayValue => {
                if c == b',' {
                    self.step = St::BeginValue;
                    return Ok(());
                }
                if c == b']' {
                    self.pop();
                    return Ok(());
                }
                Err(syntax(c, "after array element"))
            }
        }
    }

    fn end_top_step(&mut self, c: u8) -> Result<(), String> {
        if is_space(c) {
            Ok(())
        } else {
            Err(syntax(c, "after top-level value"))
        }
    }

    fn step(&mut self, c: u8) -> Result<(), String> {
        match self.step {
            St::BeginValueOrEmpty => {
                if is_space(c) {
                    return Ok(());
                }
                if c == b']' {
                    return self.end_value(c);
                }
                self.begin_value(c)
            }
            St::BeginValue => self.begin_value(c),
            St::BeginStringOrEmpty => {
                if is_space(c) {
                    return Ok(());
                }
                if c == b'}' {
                    let n = self.parse.len() - 1;
                    self.parse[n] = Parse::ObjectValue;
                    return self.end_value(c);
                }
                self.begin_string(c)
            }
            St::BeginString => self.begin_string(c),
            St::EndValue => self.end_value(c),
            St::EndTop => self.end_top_step(c),
            St::InString => {
                match c {
                    b'"' => self.step = St::EndValue,
                    b'\\' => self.step = St::InStringEsc,
                    0..=0x1F => return Err(syntax(c, "in string literal")),
                    _ => {}
                }
                Ok(())
            }
            St::InStringEsc => {
                self.step = match c {
                    b'b' | b'f' | b'n' | b'r' | b't' | b'\\' | b'/' | b'"' => St::InString,
                    b'u' => St::InStringEscU(4),
                    _ => return Err(syntax(c, "in string escape code")),
                };
                Ok(())
            }
            St::InStringEscU(n) => {
                if !c.is_ascii_hexdigit() {
                    return Err(syntax(c, "in \\u hexadecimal character escape"));
                }
                self.step = if n == 1 {
                    St::InString
                } else {
                    St::InStringEscU(n - 1)
                };
                Ok(())
            }
            St::Neg => {
                self.step = match c {
                    b'0' => St::Zero,
                    b'1'..=b'9' => St::One,
                    _ => return Err(syntax(c, "in numeric literal")),
                };
                Ok(())
            }
            St::One => {
                if c.is_ascii_digit() {
                    return Ok(());
                }
                self.zero(c)
            }
            St::Zero => self.zero(c),
            St::Dot => {
                if c.is_ascii_digit() {
                    self.step = St::Dot0;
                    return Ok(());
                }
                Err(syntax(c, "after decimal point in numeric literal"))
            }
            St::Dot0 => {
                if c.is_ascii_digit() {
                    return Ok(());
                }
                if c == b'e' || c == b'E' {
                    self.step = St::E;
                    return Ok(());
                }
                self.end_value(c)
            }
            St::E => {
                if c == b'+' || c == b'-' {
                    self.step = St::ESign;
                    return Ok(());
                }
                self.e_sign(c)
            }
            St::ESign => self.e_sign(c),
            St::E0 => {
                if c.is_ascii_digit() {
                    return Ok(());
                }
                self.end_value(c)
            }
            St::Word(rest, word) => {
                if c == rest[0] {
                    self.step = if rest.len() == 1 {
                        St::EndValue
                    } else {
                        St::Word(&rest[1..], word)
                    };
                    return Ok(());
                }
                Err(syntax(
                    c,
                    &alloc::format!("in literal {word} (expecting {})", quote_char(rest[0])),
                ))
            }
        }
    }

    fn begin_string(&mut self, c: u8) -> Result<(), String> {
        if is_space(c) {
            return Ok(());
        }
        if c == b'"' {
            self.step = St::InString;
            return Ok(());
        }
        Err(syntax(c, "looking for beginning of object key string"))
    }

    fn zero(&mut self, c: u8) -> Result<(), String> {
        if c == b'.' {
            self.step = St::Dot;
            return Ok(());
        }
        if c == b'e' || c == b'E' {
            self.step = St::E;
            return Ok(());
        }
        self.end_value(c)
    }

    fn e_sign(&mut self, c: u8) -> Result<(), String> {
        if c.is_ascii_digit() {
            self.step = St::E0;
            return Ok(());
        }
        Err(syntax(c, "in exponent of numeric literal"))
    }

    /// Go's `scanner.eof`: a final space ends numbers; anything still open is an error.
    fn eof(&mut self) -> Result<(), String> {
        if self.end_top {
            return Ok(());
        }
        self.step(b' ')?;
        if self.end_top {
            return Ok(());
        }
        Err(String::from("unexpected end of JSON input"))
    }
}

/// Go's `checkValid`: the whole input must be one JSON value, else Go's `SyntaxError` text.
pub(crate) fn check_valid(data: &[u8]) -> Result<(), String> {
    let mut s = Scanner {
        step: St::BeginValue,
        parse: Vec::new(),
        end_top: false,
    };
    let mut i = 0;
    while i < data.len() {
        let c = data[i];
        i += 1;
        // String bodies and the space between tokens leave the state as it is; skipping
        // them here spares the per-byte dispatch.
        let stays = match s.step {
            St::InString => c >= 0x20 && c != b'"' && c != b'\\',
            St::BeginValueOrEmpty
            | St::BeginValue
            | St::BeginStringOrEmpty
            | St::BeginString
            | St::EndValue
            | St::EndTop => is_space(c),
            _ => false,
        };
        if !stays {
            s.step(c)?;
        }
    }
    s.eof()
}

/// What Go decodes into, which decides the errors for a mismatched top-level value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// `interface{}`: anything.
    Any,
    /// `map[string]interface {}` (Helm's `fromJson`).
    Map,
    /// `[]interface {}` (Helm's `fromJsonArray`).
    List,
}

/// A container being filled.
enum Frame {
    Array(Vec<Value>),
    Object(Entries, Option<Str>),
}

struct Decoder<'a> {
    s: &'a [u8],
    i: usize,
    /// Go's `savedError`: the first type error, reported after decoding finishes.
    saved: Option<String>,
}

impl Decoder<'_> {
    fn skip_space(&mut self) {
        while self.i < self.s.len() && is_space(self.s[self.i]) {
            self.i += 1;
        }
    }

    /// A literal at `i` (input already validated): string, number, true, false or null.
    fn literal(&mut self) -> Value {
        let start = self.i;
        match self.s[start] {
            b'"' => Value::String(self.string().into()),
            b't' => {
                self.i += 4;
                Value::Bool(true)
            }
            b'f' => {
                self.i += 5;
                Value::Bool(false)
            }
            b'n' => {
                self.i += 4;
                Value::Nil
            }
            _ => {
                while self.i < self.s.len()
                    && matches!(
                        self.s[self.i],
                        b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'
                    )
                {
                    self.i += 1;
                }
                let num = core::str::from_utf8(&self.s[start..self.i]).unwrap_or("");
                match parse_float(num) {
                    Ok(f) => Value::Float(f),
                    Err(_) => {
                        if self.saved.is_none() {
                            self.saved = Some(alloc::format!(
                                "json: cannot unmarshal number {num} into Go value of type float64"
                            ));
                        }
                        Value::Nil
                    }
                }
            }
        }
    }

    /// Go's `unquote` of the string starting at `i`: escapes decoded, surrogate pairs joined,
    /// lone surrogates as U+FFFD.
    fn string(&mut self) -> String {
        let s = self.s;
        let mut i = self.i + 1;
        let mut out: Vec<u8> = Vec::new();
        while i < s.len() && s[i] != b'"' {
            if s[i] != b'\\' {
                out.push(s[i]);
                i += 1;
                continue;
            }
            i += 1;
            let c = s.get(i).copied().unwrap_or(b'"');
            i += 1;
            match c {
                b'b' => out.push(8),
                b'f' => out.push(12),
                b'n' => out.push(b'\n'),
                b'r' => out.push(b'\r'),
                b't' => out.push(b'\t'),
                b'u' => {
                    let r = getu4(&s[i..]).unwrap_or(0xFFFD);
                    i += 4;
                    let mut r = r;
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
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        }
    }

    /// Reads an object key and the `:` after it (input already validated).
    fn key(&mut self) -> Str {
        self.skip_space();
        let k = self.string();
        self.skip_space();
        self.i += 1;
        k.into()
    }

    /// Decodes one value into `interface{}` with an explicit stack of open containers.
    fn value_any(&mut self) -> Value {
        let mut stack: Vec<Frame> = Vec::new();
        loop {
            self.skip_space();
            let mut v = match self.s[self.i] {
                b'{' => {
                    self.i += 1;
                    self.skip_space();
                    if self.s[self.i] == b'}' {
                        self.i += 1;
                        Value::empty_map()
                    } else {
                        let k = self.key();
                        stack.push(Frame::Object(Entries::new(), Some(k)));
                        continue;
                    }
                }
                b'[' => {
                    self.i += 1;
                    self.skip_space();
                    if self.s[self.i] == b']' {
                        self.i += 1;
                        Value::list(Vec::new())
                    } else {
                        stack.push(Frame::Array(Vec::new()));
                        continue;
                    }
                }
                _ => self.literal(),
            };
            // Store the finished value, closing every container it completes.
            loop {
                let Some(top) = stack.last_mut() else {
                    return v;
                };
                match top {
                    Frame::Array(items) => items.push(v),
                    Frame::Object(entries, key) => {
                        // Duplicate keys: the last one wins, as with Go maps.
                        entries.insert(key.take().unwrap_or_else(|| Str::from("")), v);
                    }
                }
                self.skip_space();
                let c = self.s.get(self.i).copied().unwrap_or(b']');
                self.i += 1;
                if c == b',' {
                    if let Some(Frame::Object(_, key)) = stack.last_mut() {
                        let k = self.key();
                        *key = Some(k);
                    }
                    break;
                }
                v = match stack.pop() {
                    Some(Frame::Array(items)) => Value::List(List::appended(Elem::Any, items)),
                    Some(Frame::Object(entries, _)) => Value::map(entries),
                    None => Value::Nil,
                };
            }
        }
    }
}

/// `\uXXXX` at the start of `s` (after the `\u`), if four hex digits are there.
fn getu4(s: &[u8]) -> Option<u32> {
    let h = s.get(..4)?;
    let t = core::str::from_utf8(h).ok()?;
    u32::from_str_radix(t, 16).ok()
}

/// `json.Unmarshal(data, &target)`: the decoded value (possibly partial) and Go's error.
///
/// As in Go, a syntax error leaves nothing decoded; type errors (a number out of float64
/// range, a top-level value of the wrong kind) are reported after the rest is decoded.
pub(crate) fn unmarshal(data: &str, target: Target) -> (Value, Option<String>) {
    let empty = || match target {
        Target::Map => Value::empty_map(),
        Target::List => Value::list(Vec::new()),
        Target::Any => Value::Nil,
    };
    // Go reads the string's bytes; raw bytes are errors at their own offset.
    let bytes = crate::gobytes::go_bytes(data);
    if let Err(e) = check_valid(&bytes) {
        return (empty(), Some(e));
    }
    let mut d = Decoder {
        s: &bytes,
        i: 0,
        saved: None,
    };
    d.skip_space();
    let first = d.s[d.i];
    let kind = match first {
        b'{' => "object",
        b'[' => "array",
        b'"' => "string",
        b't' | b'f' => "bool",
        b'n' => "null",
        _ => "number",
    };
    let mismatch = !matches!(
        (target, kind),
        (_, "null") | (Target::Any, _) | (Target::Map, "object") | (Target::List, "array")
    );
    if mismatch {
        let ty = if target == Target::Map {
            "map[string]interface {}"
        } else {
            "[]interface {}"
        };
        return (
            empty(),
            Some(alloc::format!(
                "json: cannot unmarshal {kind} into Go value of type {ty}"
            )),
        );
    }
    let v = d.value_any();
    let v = match (target, v) {
        // `null` leaves a nil map or slice, as json.Unmarshal does.
        (Target::Map, Value::Nil) => {
            Value::Map(crate::value::Map::nil_of(crate::value::MapType::Any))
        }
        (Target::List, Value::Nil) => Value::List(List::nil_of(Elem::Any)),
        (_, v) => v,
    };
    (v, d.saved)
}
