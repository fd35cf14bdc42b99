//! `json.Marshal` over [`Value`]: Go's `encodeState` with its map-key order, string escapes,
//! float format and errors, plus `MarshalIndent`'s layout.
//!
//! Walked with an explicit stack, so 10,000 levels of nesting do not touch the native stack.

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use crate::gofmt::strconv::format_float;
use crate::limits::{MAX_OUTPUT_SIZE, MAX_VALUE_DEPTH};
use crate::value::{List, Map, Str, Value};

/// Go's `startDetectingCyclesAfter`: containers deeper than this are checked for cycles.
const START_DETECTING_CYCLES_AFTER: usize = 1000;

const HEX: &[u8; 16] = b"0123456789abcdef";

/// A map or slice on the current path, for Go's cycle check.
enum Seen {
    Map(Map),
    List(List),
}

enum Task {
    Val(Value),
    Lit(&'static str),
    /// `MarshalIndent`'s line break and indentation to a depth.
    Newline(usize),
    /// Leaving a container: its nesting level ends.
    Exit,
}

struct Encoder<'a> {
    out: Vec<u8>,
    indent: Option<&'a str>,
    escape_html: bool,
    /// Go's `ptrLevel`: maps and slices on the current path.
    level: usize,
    /// Containers on the path deeper than [`START_DETECTING_CYCLES_AFTER`], with their level.
    seen: Vec<(usize, Seen)>,
}

/// Encodes `v` as Go's `json.Marshal` (compact) or `json.MarshalIndent(v, "", indent)`.
pub(crate) fn encode(v: &Value, indent: Option<&str>, escape_html: bool) -> Result<String, String> {
    let mut e = Encoder {
        out: Vec::new(),
        indent,
        escape_html,
        level: 0,
        seen: Vec::new(),
    };
    e.run(v)?;
    // Everything written is ASCII punctuation, digits, or whole UTF-8 sequences of strings.
    String::from_utf8(e.out).map_err(|_| String::from("json: invalid UTF-8 in output"))
}

impl Encoder<'_> {
    fn run(&mut self, root: &Value) -> Result<(), String> {
        let mut stack = vec![Task::Val(root.clone())];
        while let Some(task) = stack.pop() {
            if self.out.len() > MAX_OUTPUT_SIZE {
                return Err(String::from("json: output too large"));
            }
            match task {
                Task::Lit(s) => self.out.extend_from_slice(s.as_bytes()),
                Task::Newline(depth) => self.newline(depth),
                Task::Exit => {
                    self.level -= 1;
                    while self.seen.last().is_some_and(|(l, _)| *l > self.level) {
                        self.seen.pop();
                    }
                }
                Task::Val(v) => self.value(v, &mut stack)?,
            }
        }
        Ok(())
    }

    fn newline(&mut self, depth: usize) {
        if let Some(ind) = self.indent {
            self.out.push(b'\n');
            for _ in 0..depth {
                self.out.extend_from_slice(ind.as_bytes());
            }
        }
    }

    /// Enters a map or slice: Go's `ptrLevel` bookkeeping and cycle check.
    fn enter(&mut self, c: Seen, type_name: &str) -> Result<(), String> {
        self.level += 1;
        if self.level > MAX_VALUE_DEPTH {
            return Err(String::from(
                "json: unsupported value: nesting exceeds the depth limit",
            ));
        }
        if self.level > START_DETECTING_CYCLES_AFTER {
            let again = self.seen.iter().any(|(_, s)| match (s, &c) {
                (Seen::Map(a), Seen::Map(b)) => Map::ptr_eq(a, b),
                (Seen::List(a), Seen::List(b)) => List::ptr_eq(a, b),
                _ => false,
            });
            if again {
                return Err(alloc::format!(
                    "json: unsupported value: encountered a cycle via {type_name}"
                ));
            }
            self.seen.push((self.level, c));
        }
        Ok(())
    }

    fn value(&mut self, v: Value, stack: &mut Vec<Task>) -> Result<(), String> {
        match &v {
            Value::Nil => self.out.extend_from_slice(b"null"),
            Value::Bool(b) => self
                .out
                .extend_from_slice(if *b { b"true" } else { b"false" }),
            Value::Int(n) | Value::Int64(n) => {
                self.out.extend_from_slice(alloc::format!("{n}").as_bytes())
            }
            Value::Uint(n) => self.out.extend_from_slice(alloc::format!("{n}").as_bytes()),
            Value::Byte(n) => self.out.extend_from_slice(alloc::format!("{n}").as_bytes()),
            Value::Float(f) => self.float(*f)?,
            Value::String(s) => append_string(
                &mut self.out,
                &crate::gobytes::go_bytes(s),
                self.escape_html,
            ),
            Value::Bytes(b) => {
                self.out.push(b'"');
                base64_std(&mut self.out, b);
                self.out.push(b'"');
            }
            Value::List(l) if l.is_nil() => self.out.extend_from_slice(b"null"),
            Value::Map(m) if m.is_nil() => self.out.extend_from_slice(b"null"),
            Value::List(l) => {
                self.enter(Seen::List(l.clone()), l.elem().slice_type_name())?;
                self.out.push(b'[');
                stack.push(Task::Exit);
                if l.is_empty() {
                    self.out.push(b']');
                    return Ok(());
                }
                let depth = self.level;
                stack.push(Task::Lit("]"));
                stack.push(Task::Newline(depth - 1));
                for (i, item) in l.iter().enumerate().rev() {
                    stack.push(Task::Val(item.clone()));
                    stack.push(Task::Newline(depth));
                    if i > 0 {
                        stack.push(Task::Lit(","));
                    }
                }
            }
            Value::Map(m) => {
                self.enter(Seen::Map(m.clone()), m.map_type().type_name())?;
                self.object(stack, m.to_vec());
            }
            Value::Object(o) => match (o.json_fields(), o.to_data()) {
                (Some(fields), _) => {
                    // Host structs are acyclic: only the nesting level is tracked.
                    self.level += 1;
                    if self.level > MAX_VALUE_DEPTH {
                        return Err(String::from(
                            "json: unsupported value: nesting exceeds the depth limit",
                        ));
                    }
                    self.object(stack, fields);
                }
                (None, Some(data)) => stack.push(Task::Val(data)),
                (None, None) => {
                    return Err(alloc::format!("json: unsupported type: {}", o.type_name()))
                }
            },
        }
        Ok(())
    }

    /// Writes `{`, then schedules the entries (in the given order) and the closing brace.
    fn object(&mut self, stack: &mut Vec<Task>, entries: Vec<(Str, Value)>) {
        self.out.push(b'{');
        stack.push(Task::Exit);
        if entries.is_empty() {
            self.out.push(b'}');
            return;
        }
        let depth = self.level;
        stack.push(Task::Lit("}"));
        stack.push(Task::Newline(depth - 1));
        let colon = if self.indent.is_some() { ": " } else { ":" };
        for (i, (k, item)) in entries.into_iter().enumerate().rev() {
            stack.push(Task::Val(item));
            stack.push(Task::Lit(colon));
            // Keys are strings: escape them now, in order, via a string task.
            stack.push(Task::Val(Value::String(k)));
            stack.push(Task::Newline(depth));
            if i > 0 {
                stack.push(Task::Lit(","));
            }
        }
    }

    /// Go's `floatEncoder`: `'f'` unless tiny or huge, then `'e'` with `e-07` cut to `e-7`.
    fn float(&mut self, f: f64) -> Result<(), String> {
        if f.is_nan() || f.is_infinite() {
            return Err(alloc::format!(
                "json: unsupported value: {}",
                format_float(f, b'g', -1)
            ));
        }
        self.out.extend_from_slice(format_json_float(f).as_bytes());
        Ok(())
    }
}

/// How encoding/json writes a finite float64 (ES6 number-to-string style).
pub fn format_json_float(f: f64) -> String {
    let abs = f.abs();
    let fmt = if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        b'e'
    } else {
        b'f'
    };
    let mut s = format_float(f, fmt, -1);
    if fmt == b'e' {
        let b = s.as_bytes();
        let n = b.len();
        if n >= 4 && b[n - 4] == b'e' && b[n - 3] == b'-' && b[n - 2] == b'0' {
            s.remove(n - 2);
        }
    }
    s
}

/// Go's `appendString`: quotes and escapes like encoding/json (`\u003c` for `<>&` when
/// `escape_html`, `\u2028`/`\u2029` always, invalid UTF-8 as `\ufffd`).
pub(crate) fn append_string(dst: &mut Vec<u8>, src: &[u8], escape_html: bool) {
    dst.push(b'"');
    let mut start = 0;
    let mut i = 0;
    while i < src.len() {
        let b = src[i];
        if b < 0x80 {
            let safe = b >= 0x20
                && b != b'"'
                && b != b'\\'
                && !(escape_html && matches!(b, b'<' | b'>' | b'&'));
            if safe {
                i += 1;
                continue;
            }
            dst.extend_from_slice(&src[start..i]);
            match b {
                b'\\' | b'"' => dst.extend_from_slice(&[b'\\', b]),
                0x08 => dst.extend_from_slice(b"\\b"),
                0x0C => dst.extend_from_slice(b"\\f"),
                b'\n' => dst.extend_from_slice(b"\\n"),
                b'\r' => dst.extend_from_slice(b"\\r"),
                b'\t' => dst.extend_from_slice(b"\\t"),
                _ => dst.extend_from_slice(&[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[(b >> 4) as usize],
                    HEX[(b & 0xF) as usize],
                ]),
            }
            i += 1;
            start = i;
            continue;
        }
        let (r, size) = crate::gofmt::decode_rune(&src[i..]);
        match r {
            None => {
                dst.extend_from_slice(&src[start..i]);
                dst.extend_from_slice(b"\\ufffd");
                i += 1;
                start = i;
            }
            Some(c @ ('\u{2028}' | '\u{2029}')) => {
                dst.extend_from_slice(&src[start..i]);
                dst.extend_from_slice(&[
                    b'\\',
                    b'u',
                    b'2',
                    b'0',
                    b'2',
                    HEX[(c as u32 & 0xF) as usize],
                ]);
                i += size;
                start = i;
            }
            Some(_) => i += size,
        }
    }
    dst.extend_from_slice(&src[start..]);
    dst.push(b'"');
}

/// Standard base64 with padding, as encoding/json writes `[]byte`.
fn base64_std(out: &mut Vec<u8>, data: &[u8]) {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        out.push(TABLE[(n >> 18) as usize & 63]);
        out.push(TABLE[(n >> 12) as usize & 63]);
        out.push(if chunk.len() > 1 {
            TABLE[(n >> 6) as usize & 63]
        } else {
            b'='
        });
        out.push(if chunk.len() > 2 {
            TABLE[n as usize & 63]
        } else {
            b'='
        });
    }
}
