//! Writing YAML: sigs.k8s.io/yaml's `Marshal` (encoding/json, then go-yaml v2 reads the
//! JSON and writes it back) and yaml.v3's encoder.
//!
//! `toYaml` really does go through JSON text: its quirks (numbers re-typed from their JSON
//! spelling, keys longer than 1024 characters failing as YAML simple keys, U+0085 folded,
//! DEL rejected) all come from that round trip, so it is reproduced rather than imitated.

use alloc::collections::BTreeSet;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::emitter::{Emitter, Event, Style};
use super::resolve::plain_is_string;
use crate::gofmt::strconv::format_float;
use crate::value::{Str, Value};

// ----- encoding/json -----

/// Go's `json.Marshal` text of `v` (keys sorted, HTML-safe escapes), or its error.
pub(crate) fn go_json_marshal(v: &Value) -> Result<String, String> {
    enum Work {
        Value(Value, usize),
        Text(&'static str),
        Key(Str),
        /// Leaves a map that was being watched for cycles.
        Unwatch(usize),
    }
    /// encoding/json starts recording maps to catch cycles past this depth.
    const CYCLE_DEPTH: usize = 1000;
    let mut out = String::new();
    let mut watched: BTreeSet<usize> = BTreeSet::new();
    let mut work = alloc::vec![Work::Value(v.clone(), 0)];
    while let Some(w) = work.pop() {
        match w {
            Work::Text(t) => out.push_str(t),
            Work::Key(k) => {
                json_string(&mut out, &k);
                out.push(':');
            }
            Work::Unwatch(id) => {
                watched.remove(&id);
            }
            Work::Value(v, depth) => match v {
                Value::Nil => out.push_str("null"),
                Value::Bool(b) => out.push_str(if b { "true" } else { "false" }),
                Value::Int(n) | Value::Int64(n) => out.push_str(&format!("{n}")),
                Value::Uint(n) => out.push_str(&format!("{n}")),
                Value::Byte(n) => out.push_str(&format!("{n}")),
                Value::Float(f) => out.push_str(&json_float(f)?),
                Value::String(s) => json_string(&mut out, &s),
                Value::Bytes(b) => {
                    out.push('"');
                    out.push_str(&base64_encode(&b));
                    out.push('"');
                }
                Value::List(l) if l.is_nil() => out.push_str("null"),
                Value::List(l) => {
                    out.push('[');
                    work.push(Work::Text("]"));
                    for (i, x) in l.iter().enumerate().rev() {
                        work.push(Work::Value(x.clone(), depth + 1));
                        if i > 0 {
                            work.push(Work::Text(","));
                        }
                    }
                }
                Value::Map(m) => {
                    let entries = m.borrow();
                    if depth + 1 > CYCLE_DEPTH {
                        let id = &*entries as *const _ as usize;
                        if !watched.insert(id) {
                            return Err(format!(
                                "json: unsupported value: encountered a cycle via {}",
                                m.map_type().type_name()
                            ));
                        }
                        work.push(Work::Unwatch(id));
                    }
                    out.push('{');
                    work.push(Work::Text("}"));
                    for (i, (k, x)) in entries.iter().enumerate().rev() {
                        work.push(Work::Value(x.clone(), depth + 1));
                        work.push(Work::Key(k.clone()));
                        if i > 0 {
                            work.push(Work::Text(","));
                        }
                    }
                }
                Value::Object(o) => match o.to_data() {
                    Some(d) => work.push(Work::Value(d, depth)),
                    None => return Err(format!("json: unsupported type: {}", o.type_name())),
                },
            },
        }
    }
    Ok(out)
}

/// encoding/json's float text: `%f` style, or `%e` below 1e-6 and from 1e21.
fn json_float(f: f64) -> Result<String, String> {
    if !f.is_finite() {
        let s = if f.is_nan() {
            "NaN"
        } else if f > 0.0 {
            "+Inf"
        } else {
            "-Inf"
        };
        return Err(format!("json: unsupported value: {s}"));
    }
    let a = f.abs();
    if a != 0.0 && !(1e-6..1e21).contains(&a) {
        let mut s = format_float(f, b'e', -1);
        // Go trims `e-07` to `e-7`.
        let b = s.as_bytes();
        let n = b.len();
        if n >= 4 && b[n - 4] == b'e' && b[n - 3] == b'-' && b[n - 2] == b'0' {
            s.remove(n - 2);
        }
        Ok(s)
    } else {
        Ok(format_float(f, b'f', -1))
    }
}

/// encoding/json's string escaping with HTML escaping on.
fn json_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '<' || c == '>' || c == '&' => {
                let b = c as u32;
                out.push_str("\\u00");
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 0xF) as usize] as char);
            }
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `base64.StdEncoding.EncodeToString`.
pub(crate) fn base64_encode(b: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(b.len().div_ceil(3) * 4);
    for chunk in b.chunks(3) {
        let n = (chunk[0] as u32) << 16
            | (*chunk.get(1).unwrap_or(&0) as u32) << 8
            | *chunk.get(2).unwrap_or(&0) as u32;
        out.push(A[(n >> 18) as usize & 63] as char);
        out.push(A[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 {
            A[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if chunk.len() > 2 {
            A[n as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

// ----- Key order -----

/// Go's `unicode.IsLetter`, approximated by Rust's alphabetic property.
fn is_letter(c: char) -> bool {
    c.is_alphabetic()
}

/// Go's `unicode.IsDigit`; only ASCII digits are recognised (other decimal digits sort as
/// symbols, a known divergence).
fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

/// go-yaml's `keyList.Less` for two string keys: runs of digits compare as numbers and
/// letters sort before other characters (v3 adds a rule after a shared digit).
fn key_less(ar: &[char], br: &[char], v3: bool) -> bool {
    let mut digits = false;
    let n = ar.len().min(br.len());
    for i in 0..n {
        if ar[i] == br[i] {
            digits = is_digit(ar[i]);
            continue;
        }
        let al = is_letter(ar[i]);
        let bl = is_letter(br[i]);
        if al && bl {
            return ar[i] < br[i];
        }
        if al || bl {
            return if v3 && digits { al } else { bl };
        }
        let mut an: i64 = 0;
        let mut bn: i64 = 0;
        if ar[i] == '0' || br[i] == '0' {
            let mut j = i;
            while j > 0 && is_digit(ar[j - 1]) {
                j -= 1;
                if ar[j] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && is_digit(ar[ai]) {
            an = an.wrapping_mul(10).wrapping_add(ar[ai] as i64 - '0' as i64);
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && is_digit(br[bi]) {
            bn = bn.wrapping_mul(10).wrapping_add(br[bi] as i64 - '0' as i64);
            bi += 1;
        }
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ar[i] < br[i];
    }
    ar.len() < br.len()
}

fn sorted_entries(m: &crate::value::Map, v3: bool) -> Vec<(Str, Value)> {
    // Keys are compared as characters many times over; split each once.
    let entries: Vec<(Vec<char>, Str, Value)> = m
        .to_vec()
        .into_iter()
        .map(|(k, v)| (k.chars().collect(), k, v))
        .collect();
    // go-yaml's order is not always transitive (`v1beta1` < `v2` < `v10` < `v1beta1`), which
    // the standard sorts may reject with a panic; a plain merge sort accepts any order.
    let order = merge_sort(entries.len(), |i, j| {
        key_less(&entries[i].0, &entries[j].0, v3)
    });
    let mut slots: Vec<Option<(Vec<char>, Str, Value)>> = entries.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|i| slots[i].take())
        .map(|(_, k, v)| (k, v))
        .collect()
}

/// A stable bottom-up merge sort of `0..n` by `less`, whatever `less` is.
fn merge_sort(n: usize, less: impl Fn(usize, usize) -> bool) -> Vec<usize> {
    let mut a: Vec<usize> = (0..n).collect();
    let mut b = a.clone();
    let mut width = 1;
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            let (mut i, mut j, mut k) = (lo, mid, lo);
            while i < mid && j < hi {
                if less(a[j], a[i]) {
                    b[k] = a[j];
                    j += 1;
                } else {
                    b[k] = a[i];
                    i += 1;
                }
                k += 1;
            }
            b[k..k + (mid - i)].copy_from_slice(&a[i..mid]);
            k += mid - i;
            b[k..k + (hi - j)].copy_from_slice(&a[j..hi]);
            lo = hi;
        }
        core::mem::swap(&mut a, &mut b);
        width *= 2;
    }
    a
}

// ----- The encoders -----

/// The scalar style go-yaml's `stringv` picks for a string.
fn string_style(s: &str, v3: bool) -> Style {
    if s.contains('\n') {
        Style::Literal
    } else if plain_is_string(s.as_bytes(), !v3) {
        Style::Plain
    } else {
        Style::DoubleQuoted
    }
}

fn float_text(f: f64) -> String {
    if f.is_nan() {
        String::from(".nan")
    } else if f.is_infinite() {
        String::from(if f > 0.0 { ".inf" } else { "-.inf" })
    } else {
        format_float(f, b'g', -1)
    }
}

/// Encodes one document with go-yaml's encoder: v2 for `toYaml` (over the JSON round
/// trip's values) or v3 for `toYamlPretty`.
pub(crate) fn encode(v: &Value, v3: bool) -> Result<String, String> {
    enum Work {
        Node(Value, usize),
        Key(Str),
        SeqEnd,
        MapEnd(usize),
    }
    let mut em = Emitter::new(v3);
    // Maps open on the current path: go-yaml would recurse forever on a cycle.
    let mut open: BTreeSet<usize> = BTreeSet::new();
    em.emit(Event::StreamStart);
    em.emit(Event::DocumentStart);
    let mut work = alloc::vec![Work::Node(v.clone(), 0)];
    while let Some(w) = work.pop() {
        match w {
            Work::SeqEnd => em.emit(Event::SequenceEnd),
            Work::MapEnd(id) => {
                open.remove(&id);
                em.emit(Event::MappingEnd);
            }
            Work::Key(k) => {
                let style = string_style(&k, v3);
                em.emit(Event::Scalar {
                    value: String::from(&*k),
                    style,
                });
            }
            // go-yaml recurses without limit and dies on a map that contains itself; stop.
            Work::Node(_, depth) if depth > crate::limits::MAX_VALUE_DEPTH => {
                return Err(format!(
                    "yaml: value nested more than {} levels deep",
                    crate::limits::MAX_VALUE_DEPTH
                ));
            }
            Work::Node(v, depth) => match v {
                Value::Nil => em.emit(Event::Scalar {
                    value: String::from("null"),
                    style: Style::Plain,
                }),
                Value::Bool(b) => em.emit(Event::Scalar {
                    value: String::from(if b { "true" } else { "false" }),
                    style: Style::Plain,
                }),
                Value::Int(n) | Value::Int64(n) => em.emit(Event::Scalar {
                    value: format!("{n}"),
                    style: Style::Plain,
                }),
                Value::Uint(n) => em.emit(Event::Scalar {
                    value: format!("{n}"),
                    style: Style::Plain,
                }),
                Value::Byte(n) => em.emit(Event::Scalar {
                    value: format!("{n}"),
                    style: Style::Plain,
                }),
                Value::Float(f) => em.emit(Event::Scalar {
                    value: float_text(f),
                    style: Style::Plain,
                }),
                Value::String(s) => {
                    let style = string_style(&s, v3);
                    em.emit(Event::Scalar {
                        value: String::from(&*s),
                        style,
                    });
                }
                Value::Bytes(b) => {
                    // yaml.v3 writes a []byte as a sequence of numbers.
                    em.emit(Event::SequenceStart { flow: false });
                    for x in b.iter() {
                        em.emit(Event::Scalar {
                            value: format!("{x}"),
                            style: Style::Plain,
                        });
                    }
                    em.emit(Event::SequenceEnd);
                }
                Value::List(l) => {
                    em.emit(Event::SequenceStart { flow: false });
                    work.push(Work::SeqEnd);
                    for x in l.iter().rev() {
                        work.push(Work::Node(x.clone(), depth + 1));
                    }
                }
                Value::Map(m) => {
                    let id = &*m.borrow() as *const _ as usize;
                    if !open.insert(id) {
                        return Err(String::from(
                            "yaml: cannot marshal a map that contains itself",
                        ));
                    }
                    em.emit(Event::MappingStart { flow: false });
                    work.push(Work::MapEnd(id));
                    for (k, x) in sorted_entries(&m, v3).into_iter().rev() {
                        work.push(Work::Node(x, depth + 1));
                        work.push(Work::Key(k));
                    }
                }
                Value::Object(o) => match o.to_data() {
                    Some(d) => work.push(Work::Node(d, depth)),
                    None => return Err(format!("cannot marshal type: {}", o.type_name())),
                },
            },
        }
    }
    em.emit(Event::DocumentEnd);
    em.emit(Event::StreamEnd);
    Ok(em.out)
}
