//! Test helper: builds [`Value`]s from the template expressions the oracle cases were
//! rendered with (`1`, `1.5`, `"a\tb"`, `nil`, `(list 1 "a")`, `(dict "k" 1)`, `(int64 1)`,
//! `(float64 "NaN")`, `(until 3)`, `(splitList "," "a,b")`, `(bytes "hi")`, `(sub a b)`),
//! so a table row can hold exactly what was sent to Helm.

use alloc::string::String;
use alloc::vec::Vec;

use crate::value::{Elem, List, Value};

struct P<'a> {
    s: &'a [u8],
    i: usize,
}

/// Decodes a Go double-quoted string literal (without the quotes) to bytes.
pub(crate) fn go_unquote(body: &str) -> Vec<u8> {
    let b = body.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            out.push(b[i]);
            i += 1;
            continue;
        }
        i += 1;
        let c = b[i];
        i += 1;
        let simple = match c {
            b'a' => Some(7),
            b'b' => Some(8),
            b'f' => Some(12),
            b'n' => Some(b'\n'),
            b'r' => Some(b'\r'),
            b't' => Some(b'\t'),
            b'v' => Some(11),
            b'\\' => Some(b'\\'),
            b'"' => Some(b'"'),
            _ => None,
        };
        if let Some(s) = simple {
            out.push(s);
            continue;
        }
        let n = match c {
            b'x' => 2,
            b'u' => 4,
            b'U' => 8,
            _ => panic!("bad escape \\{}", c as char),
        };
        let v = u32::from_str_radix(&body[i..i + n], 16).expect("hex escape");
        i += n;
        if c == b'x' {
            out.push(v as u8);
        } else {
            let mut tmp = [0u8; 4];
            out.extend_from_slice(
                char::from_u32(v)
                    .expect("rune")
                    .encode_utf8(&mut tmp)
                    .as_bytes(),
            );
        }
    }
    out
}

impl P<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i] == b' ' {
            self.i += 1;
        }
    }

    fn at_end(&mut self) -> bool {
        self.ws();
        self.i >= self.s.len() || self.s[self.i] == b')'
    }

    fn string_lit(&mut self) -> Vec<u8> {
        assert_eq!(self.s[self.i], b'"');
        let start = self.i + 1;
        let mut j = start;
        while self.s[j] != b'"' {
            j += if self.s[j] == b'\\' { 2 } else { 1 };
        }
        self.i = j + 1;
        go_unquote(core::str::from_utf8(&self.s[start..j]).expect("utf8"))
    }

    fn word(&mut self) -> &str {
        let start = self.i;
        while self.i < self.s.len() && !matches!(self.s[self.i], b' ' | b')' | b'(') {
            self.i += 1;
        }
        core::str::from_utf8(&self.s[start..self.i]).expect("utf8")
    }

    fn args(&mut self) -> Vec<Value> {
        let mut v = Vec::new();
        while !self.at_end() {
            v.push(self.expr());
        }
        v
    }

    fn expr(&mut self) -> Value {
        self.ws();
        match self.s[self.i] {
            b'"' => {
                let b = self.string_lit();
                match String::from_utf8(b) {
                    Ok(s) => Value::str(s),
                    // Go strings may hold invalid UTF-8; ours cannot, and %q prints both alike.
                    Err(e) => Value::Bytes(e.into_bytes().into()),
                }
            }
            b'(' => {
                self.i += 1;
                self.ws();
                let f = String::from(self.word());
                let args = self.args();
                self.ws();
                assert_eq!(self.s[self.i], b')');
                self.i += 1;
                call(&f, args)
            }
            _ => {
                let w = self.word();
                match w {
                    "nil" => Value::Nil,
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    _ => number(w),
                }
            }
        }
    }
}

fn number(w: &str) -> Value {
    let is_float = !w.starts_with("0x") && w.contains(['.', 'e', 'E']);
    if is_float {
        return Value::Float(w.parse().expect("float"));
    }
    if let Some(h) = w.strip_prefix("0x") {
        return Value::Int(i64::from_str_radix(h, 16).expect("hex"));
    }
    Value::Int(w.parse().expect("int"))
}

fn as_i64(v: &Value) -> i64 {
    match v {
        Value::Int(n) | Value::Int64(n) => *n,
        _ => panic!("not an int: {v:?}"),
    }
}

fn call(f: &str, a: Vec<Value>) -> Value {
    match f {
        "list" => Value::list(a),
        "dict" => {
            let m = crate::value::Map::new();
            for kv in a.chunks(2) {
                m.insert(kv[0].as_str().expect("key"), kv[1].clone());
            }
            Value::Map(m)
        }
        "int64" => Value::Int64(as_i64(&a[0])),
        "uint" => Value::Uint(as_i64(&a[0]) as u64),
        "sub" => Value::Int64(as_i64(&a[0]) - as_i64(&a[1])),
        "float64" => match &a[0] {
            Value::String(s) => Value::Float(crate::gofmt::strconv::parse_float(s).expect("float")),
            Value::Float(f) => Value::Float(*f),
            v => Value::Float(as_i64(v) as f64),
        },
        "until" => Value::List(List::typed(
            Elem::Int,
            (0..as_i64(&a[0])).map(Value::Int).collect(),
        )),
        "splitList" => {
            let sep = a[0].as_str().expect("sep");
            Value::List(List::strings(
                a[1].as_str().expect("str").split(sep).map(String::from),
            ))
        }
        "bytes" => match &a[0] {
            Value::String(s) => Value::Bytes(s.as_bytes().into()),
            Value::Bytes(b) => Value::Bytes(b.clone()),
            v => panic!("bytes of {v:?}"),
        },
        _ => panic!("unknown test function {f}"),
    }
}

/// The values of a space-separated list of template expressions.
pub(crate) fn parse_args(src: &str) -> Vec<Value> {
    let mut p = P {
        s: src.as_bytes(),
        i: 0,
    };
    let v = p.args();
    assert!(p.i >= p.s.len(), "trailing input in {src}");
    v
}

/// One template expression.
#[allow(dead_code)]
pub(crate) fn parse_expr(src: &str) -> Value {
    let mut v = parse_args(src);
    assert_eq!(v.len(), 1, "{src}");
    v.remove(0)
}
