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
                Value::Map(m) if m.is_nil() => out.push_str("null"),
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
            // A byte that is not UTF-8 (see `crate::gobytes`).
            c if crate::gobytes::raw_byte(c).is_some() => out.push_str("\\ufffd"),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// yaml.v3's `timev`: a `time.Time` as a plain RFC 3339 scalar with nanoseconds.
fn v3_time(v: &Value) -> Option<String> {
    let t = crate::sprig::date::objects::as_time(v)?;
    Some(crate::sprig::date::layout::format(
        t,
        "2006-01-02T15:04:05.999999999Z07:00",
    ))
}

/// yaml.v3's `stringv` for a string that is not UTF-8: the bytes as `!!binary` base64,
/// literal when it runs over several lines.
fn emit_binary(em: &mut Emitter, s: &str) {
    let b64 = binary_base64(&crate::gobytes::go_bytes(s));
    let style = if b64.contains('\n') {
        Style::Literal
    } else {
        Style::Plain
    };
    em.tag_next("!!binary");
    em.emit(Event::Scalar { value: &b64, style });
}

/// yaml.v3's `encodeBase64`: standard base64 in lines of 70, each ended by a newline when
/// there is more than one.
fn binary_base64(b: &[u8]) -> String {
    let enc = base64_encode(b);
    let lines = enc.len() / 70 + 1;
    if lines == 1 {
        return enc;
    }
    let mut out = String::with_capacity(enc.len() + lines);
    for chunk in enc.as_bytes().chunks(70) {
        out.push_str(core::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out
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

/// A character as go-yaml's key order sees it.
trait KeyChar: Copy + PartialEq + PartialOrd {
    /// Go's `unicode.IsLetter`, approximated by Rust's alphabetic property.
    fn letter(self) -> bool;
    /// Go's `unicode.IsDigit`; only ASCII digits are recognised (other decimal digits sort
    /// as symbols, a known divergence).
    fn digit(self) -> bool;
    fn value(self) -> i64;
}

impl KeyChar for char {
    #[inline]
    fn letter(self) -> bool {
        self.is_alphabetic()
    }
    #[inline]
    fn digit(self) -> bool {
        self.is_ascii_digit()
    }
    #[inline]
    fn value(self) -> i64 {
        self as i64 - '0' as i64
    }
}

/// ASCII keys compare byte by byte, with the same answers as their characters.
impl KeyChar for u8 {
    #[inline]
    fn letter(self) -> bool {
        self.is_ascii_alphabetic()
    }
    #[inline]
    fn digit(self) -> bool {
        self.is_ascii_digit()
    }
    #[inline]
    fn value(self) -> i64 {
        self as i64 - b'0' as i64
    }
}

/// go-yaml's `keyList.Less` for two string keys: runs of digits compare as numbers and
/// letters sort after other characters (v3 adds a rule after a shared digit).
fn key_less<C: KeyChar>(ar: &[C], br: &[C], v3: bool) -> bool {
    let mut digits = false;
    let n = ar.len().min(br.len());
    for i in 0..n {
        if ar[i] == br[i] {
            digits = ar[i].digit();
            continue;
        }
        let al = ar[i].letter();
        let bl = br[i].letter();
        if al && bl {
            return ar[i] < br[i];
        }
        if al || bl {
            return if v3 && digits { al } else { bl };
        }
        let mut an: i64 = 0;
        let mut bn: i64 = 0;
        if ar[i].value() == 0 || br[i].value() == 0 {
            let mut j = i;
            while j > 0 && ar[j - 1].digit() {
                j -= 1;
                if ar[j].value() != 0 {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && ar[ai].digit() {
            an = an.wrapping_mul(10).wrapping_add(ar[ai].value());
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && br[bi].digit() {
            bn = bn.wrapping_mul(10).wrapping_add(br[bi].value());
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

/// Keys whose go-yaml order is plain byte order: ASCII without digits (which compare as
/// numbers) and without the symbols that sort after letters in bytes but before them in
/// go-yaml (`[\]^_` and the backquote, `{|}~`, DEL). On such keys go-yaml's order is a
/// total order that agrees with the map's own.
fn byte_ordered(k: &str) -> bool {
    k.bytes()
        .all(|b| b < 0x80 && !b.is_ascii_digit() && !matches!(b, 0x5B..=0x60 | 0x7B..=0x7F))
}

/// The positions of `keys` (in byte order, as maps hold them) in go-yaml's order, or `None`
/// when that is the order they are already in.
fn key_order(keys: &[&str], v3: bool) -> Option<Vec<usize>> {
    if keys.iter().all(|k| byte_ordered(k)) {
        return None;
    }
    // go-yaml's order is not always transitive (`v1beta1` < `v2` < `v10` < `v1beta1`), which
    // the standard sorts may reject with a panic; a plain merge sort accepts any order.
    if keys.iter().all(|k| k.is_ascii()) {
        Some(merge_sort(keys.len(), |i, j| {
            key_less(keys[i].as_bytes(), keys[j].as_bytes(), v3)
        }))
    } else {
        let chars: Vec<Vec<char>> = keys.iter().map(|k| k.chars().collect()).collect();
        Some(merge_sort(keys.len(), |i, j| {
            key_less(&chars[i], &chars[j], v3)
        }))
    }
}

fn sorted_entries(m: &crate::value::Map, v3: bool) -> Vec<(Str, Value)> {
    let entries = m.to_vec();
    let keys: Vec<&str> = entries.iter().map(|(k, _)| &**k).collect();
    match key_order(&keys, v3) {
        None => entries,
        Some(order) => order.into_iter().map(|i| entries[i].clone()).collect(),
    }
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

/// Why the direct encoder stopped.
pub(crate) enum Stop {
    /// The input needs the exact (slower) path: deep nesting, or something the JSON round
    /// trip changes or refuses.
    Fallback,
    /// The encoder's own error, the same the exact path gives.
    Error(String),
}

/// Nesting the direct encoder recurses through before leaving the value to the exact
/// path, which runs on an explicit stack.
const DIRECT_DEPTH: usize = 200;

/// Whether a string comes back unchanged from JSON text read as YAML: go-yaml's reader
/// refuses DEL, C1 controls and U+FFFE/U+FFFF, and folds U+0085 (a line break) into a
/// space. JSON escapes every other control character.
fn json_round_trips(s: &str) -> bool {
    if crate::gobytes::has_raw(s) {
        return false;
    }
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let b = s.as_bytes();
    let mut i = 0;
    // Words without a byte from 0x7F up cannot hold any of them.
    while let Some(chunk) = b.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        if (w | ((w & !HI) + LO)) & HI != 0 {
            break;
        }
        i += 8;
    }
    while i < b.len() {
        match b[i] {
            0x7F => return false,
            0xC2 if matches!(b.get(i + 1), Some(0x80..=0x9F)) => return false,
            0xEF if b.get(i + 1) == Some(&0xBF) && matches!(b.get(i + 2), Some(0xBE | 0xBF)) => {
                return false
            }
            _ => {}
        }
        i += 1;
    }
    true
}

/// Whether a key's JSON text stays within go-yaml's 1,024-character limit on simple keys
/// (with room to spare), so reading it back cannot fail.
fn json_key_fits(k: &str) -> bool {
    if k.len() <= 160 {
        return true;
    }
    let mut n = 2;
    for c in k.chars() {
        n += match c {
            '"' | '\\' | '\u{8}' | '\u{c}' | '\n' | '\r' | '\t' => 2,
            c if (c as u32) < 0x20 || matches!(c, '<' | '>' | '&' | '\u{2028}' | '\u{2029}') => 6,
            _ => 1,
        };
    }
    n <= 1000
}

/// go-yaml's encoder writing straight from our values. For `toYaml` (`json`), values are
/// seen as the JSON round trip leaves them: numbers re-typed from their JSON text, bytes as
/// base64, nil slices as null; anything that round trip would change in another way or
/// refuse stops with [`Stop::Fallback`].
struct Direct {
    em: Emitter,
    json: bool,
    v3: bool,
    text: String,
}

impl Direct {
    fn scalar(&mut self, value: &str, style: Style) {
        self.em.emit(Event::Scalar { value, style });
    }

    fn number(&mut self, n: impl core::fmt::Display) {
        use core::fmt::Write;
        let mut text = core::mem::take(&mut self.text);
        text.clear();
        let _ = write!(text, "{n}");
        self.scalar(&text, Style::Plain);
        self.text = text;
    }

    fn string(&mut self, s: &str) -> Result<(), Stop> {
        // JSON round trips and yaml.v3's `!!binary` are the exact path's.
        let exact = if self.json {
            !json_round_trips(s)
        } else {
            crate::gobytes::has_raw(s)
        };
        if exact {
            return Err(Stop::Fallback);
        }
        let style = string_style(s, self.v3);
        self.scalar(s, style);
        Ok(())
    }

    fn float(&mut self, f: f64) -> Result<(), Stop> {
        if !self.json {
            let t = float_text(f);
            self.scalar(&t, Style::Plain);
            return Ok(());
        }
        // The number as go-yaml reads encoding/json's text of it.
        let t = json_float(f).map_err(|_| Stop::Fallback)?;
        match super::resolve::resolve(b"", t.as_bytes(), true) {
            Ok((_, super::resolve::Resolved::Int(n))) => self.number(n),
            Ok((_, super::resolve::Resolved::Uint(n))) => self.number(n),
            Ok((_, super::resolve::Resolved::Float(x))) if x.is_finite() => {
                let t = float_text(x);
                self.scalar(&t, Style::Plain);
            }
            _ => return Err(Stop::Fallback),
        }
        Ok(())
    }

    fn node(&mut self, v: &Value, depth: usize) -> Result<(), Stop> {
        if depth > DIRECT_DEPTH {
            return Err(Stop::Fallback);
        }
        match v {
            Value::Nil => self.scalar("null", Style::Plain),
            Value::Bool(b) => self.scalar(if *b { "true" } else { "false" }, Style::Plain),
            Value::Int(n) | Value::Int64(n) => self.number(n),
            Value::Uint(n) => self.number(n),
            Value::Byte(n) => self.number(n),
            Value::Float(f) => self.float(*f)?,
            Value::String(s) => self.string(s)?,
            Value::Bytes(b) if self.json => {
                let t = base64_encode(b);
                self.string(&t)?;
            }
            Value::Bytes(b) => {
                // yaml.v3 writes a []byte as a sequence of numbers.
                self.em.emit(Event::SequenceStart {
                    empty: b.is_empty(),
                });
                for x in b.iter() {
                    self.number(x);
                }
                self.em.emit(Event::SequenceEnd);
            }
            Value::List(l) if self.json && l.is_nil() => self.scalar("null", Style::Plain),
            Value::Map(m) if self.json && m.is_nil() => self.scalar("null", Style::Plain),
            Value::List(l) => {
                self.em.emit(Event::SequenceStart {
                    empty: l.is_empty(),
                });
                for x in l.iter() {
                    self.node(x, depth + 1)?;
                }
                self.em.emit(Event::SequenceEnd);
            }
            Value::Map(m) => {
                let entries = m.borrow();
                self.em.emit(Event::MappingStart {
                    empty: entries.is_empty(),
                });
                if self.json && !entries.keys().all(|k| json_key_fits(k)) {
                    return Err(Stop::Fallback);
                }
                if entries.keys().all(|k| byte_ordered(k)) {
                    for (k, x) in entries.iter() {
                        self.string(k)?;
                        self.node(x, depth + 1)?;
                    }
                } else {
                    let pairs: Vec<(&str, &Value)> =
                        entries.iter().map(|(k, x)| (&**k, x)).collect();
                    let keys: Vec<&str> = pairs.iter().map(|(k, _)| *k).collect();
                    for i in key_order(&keys, self.v3).unwrap_or_else(|| (0..keys.len()).collect())
                    {
                        let (k, x) = pairs[i];
                        self.string(k)?;
                        self.node(x, depth + 1)?;
                    }
                }
                self.em.emit(Event::MappingEnd);
            }
            // yaml.v3's times and structs: the exact path writes both.
            Value::Object(_) if self.v3 => return Err(Stop::Fallback),
            Value::Object(o) => match o.to_data() {
                Some(d) => self.node(&d, depth)?,
                None if self.json => return Err(Stop::Fallback),
                None => {
                    return Err(Stop::Error(format!(
                        "cannot marshal type: {}",
                        o.type_name()
                    )))
                }
            },
        }
        Ok(())
    }
}

/// `toYaml` (`json`: through encoding/json's view of the value) or `toYamlPretty`, written
/// directly; [`Stop::Fallback`] when only the exact path gives Go's answer.
pub(crate) fn encode_direct(v: &Value, json: bool) -> Result<String, Stop> {
    let v3 = !json;
    let mut d = Direct {
        em: Emitter::new(v3),
        json,
        v3,
        text: String::new(),
    };
    d.em.emit(Event::StreamStart);
    d.em.emit(Event::DocumentStart);
    d.node(v, 0)?;
    d.em.emit(Event::DocumentEnd);
    d.em.emit(Event::StreamEnd);
    Ok(d.em.out)
}

/// Encodes one document with go-yaml's encoder: v2 for `toYaml` (over the JSON round
/// trip's values) or v3 for `toYamlPretty`. Runs on an explicit stack, for any depth.
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
            Work::Key(k) if v3 && crate::gobytes::has_raw(&k) => emit_binary(&mut em, &k),
            Work::Key(k) => {
                let style = string_style(&k, v3);
                em.emit(Event::Scalar { value: &k, style });
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
                    value: "null",
                    style: Style::Plain,
                }),
                Value::Bool(b) => em.emit(Event::Scalar {
                    value: if b { "true" } else { "false" },
                    style: Style::Plain,
                }),
                Value::Int(n) | Value::Int64(n) => em.emit(Event::Scalar {
                    value: &format!("{n}"),
                    style: Style::Plain,
                }),
                Value::Uint(n) => em.emit(Event::Scalar {
                    value: &format!("{n}"),
                    style: Style::Plain,
                }),
                Value::Byte(n) => em.emit(Event::Scalar {
                    value: &format!("{n}"),
                    style: Style::Plain,
                }),
                Value::Float(f) => em.emit(Event::Scalar {
                    value: &float_text(f),
                    style: Style::Plain,
                }),
                Value::String(s) if v3 && crate::gobytes::has_raw(&s) => emit_binary(&mut em, &s),
                Value::String(s) => {
                    let style = string_style(&s, v3);
                    em.emit(Event::Scalar { value: &s, style });
                }
                Value::Bytes(b) => {
                    // yaml.v3 writes a []byte as a sequence of numbers.
                    em.emit(Event::SequenceStart {
                        empty: b.is_empty(),
                    });
                    for x in b.iter() {
                        em.emit(Event::Scalar {
                            value: &format!("{x}"),
                            style: Style::Plain,
                        });
                    }
                    em.emit(Event::SequenceEnd);
                }
                Value::List(l) => {
                    em.emit(Event::SequenceStart {
                        empty: l.is_empty(),
                    });
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
                    em.emit(Event::MappingStart {
                        empty: m.is_empty(),
                    });
                    work.push(Work::MapEnd(id));
                    for (k, x) in sorted_entries(&m, v3).into_iter().rev() {
                        work.push(Work::Node(x, depth + 1));
                        work.push(Work::Key(k));
                    }
                }
                Value::Object(ref o) => {
                    if v3 {
                        if let Some(t) = v3_time(&v) {
                            em.emit(Event::Scalar {
                                value: &t,
                                style: Style::Plain,
                            });
                            continue;
                        }
                        // yaml.v3 writes a time.Duration as its String(), and a named map
                        // (`engine.files`) entry by entry, its byte slices as sequences.
                        if o.type_name() == "time.Duration" {
                            work.push(Work::Node(Value::str(o.format_v()), depth));
                            continue;
                        }
                        if o.kind() == "map" {
                            if let Some(entries) = o.map_entries() {
                                let m = Value::map(entries.into_iter().collect());
                                work.push(Work::Node(m, depth));
                                continue;
                            }
                        }
                        // yaml.v3 writes a struct's exported fields in order, in lower case.
                        if let Some(fields) = o.exported_fields() {
                            em.emit(Event::MappingStart {
                                empty: fields.is_empty(),
                            });
                            work.push(Work::MapEnd(usize::MAX));
                            for (k, x) in fields.into_iter().rev() {
                                work.push(Work::Node(x, depth + 1));
                                work.push(Work::Key(k.to_lowercase().into()));
                            }
                            continue;
                        }
                    }
                    match o.to_data() {
                        Some(d) => work.push(Work::Node(d, depth)),
                        None => return Err(format!("cannot marshal type: {}", o.type_name())),
                    }
                }
            },
        }
    }
    em.emit(Event::DocumentEnd);
    em.emit(Event::StreamEnd);
    Ok(em.out)
}
