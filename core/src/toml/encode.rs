//! BurntSushi/toml v1.6.0's `Encoder.Encode` over [`Value`]: plain keys first then tables,
//! each group sorted; `[table]` headers indented two spaces a level; arrays of tables as
//! `[[name]]`; maps inside plain arrays inline; its float, string and datetime forms.
//!
//! Walked with an explicit stack so deep values cannot overflow the native stack.

use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::datetime::GoTime;
use super::{key_part, quote_toml_string};
use crate::gofmt::strconv::format_float;
use crate::limits::{MAX_OUTPUT_SIZE, MAX_VALUE_DEPTH};
use crate::value::{Str, Value};

/// What Go's reflection panics with when `toToml` is given nil (Helm reports it as the
/// call's error rather than printing it).
pub const NIL_PANIC: &str = "reflect: call of reflect.Value.Type on zero Value";
const ERR_ARRAY_NIL: &str = "toml: cannot encode array with nil element";
const ERR_NO_KEY: &str = "toml: top-level values must be Go maps or structs";

/// A key path, shared between siblings (Go's `Key []string`).
struct KeyNode {
    parent: Option<Rc<KeyNode>>,
    name: Str,
    len: usize,
}

type Key = Option<Rc<KeyNode>>;

fn key_add(k: &Key, name: Str) -> Key {
    let len = k.as_ref().map_or(0, |n| n.len) + 1;
    Some(Rc::new(KeyNode {
        parent: k.clone(),
        name,
        len,
    }))
}

fn key_len(k: &Key) -> usize {
    k.as_ref().map_or(0, |n| n.len)
}

/// Go's `Key.String()`: parts joined by dots, each quoted when not bare.
fn key_display(k: &Key) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let mut cur = k.as_ref();
    while let Some(n) = cur {
        parts.push(&n.name);
        cur = n.parent.as_ref();
    }
    parts.reverse();
    let mut out = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        out.push_str(&key_part(p));
    }
    out
}

/// BurntSushi's TOML type of a Go value, as far as the encoder asks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TType {
    Plain,
    Hash,
    ArrayHash,
}

fn is_time(v: &Value) -> Option<&GoTime> {
    match v {
        Value::Object(o) => o.as_any().downcast_ref::<GoTime>(),
        _ => None,
    }
}

/// Sprig's `time.Time`, written as BurntSushi writes it (RFC 3339 with nanoseconds, bare).
fn sprig_time(v: &Value) -> Option<String> {
    match v {
        Value::Object(o) => o
            .as_any()
            .downcast_ref::<crate::sprig::date::objects::TimeObject>()
            .map(|t| {
                crate::sprig::date::layout::format(&t.time, "2006-01-02T15:04:05.999999999Z07:00")
            }),
        _ => None,
    }
}

/// Host objects other than times encode as their data form, as a struct would; a
/// `time.Duration` as its `String()`, quoted, as BurntSushi special-cases it, and a named
/// map by its entries.
fn resolve(v: &Value) -> Result<Value, String> {
    match v {
        Value::Object(o) if o.type_name() == "time.Duration" => Ok(Value::str(o.format_v())),
        // A named map (`engine.files`) by its entries: byte slices are arrays of integers.
        Value::Object(o) if o.kind() == "map" => match o.map_entries() {
            Some(entries) => Ok(Value::map(entries.into_iter().collect())),
            None => Err(alloc::format!("toml: unsupported type: {}", o.type_name())),
        },
        Value::Object(o) if is_time(v).is_none() && sprig_time(v).is_none() => match o.to_data() {
            Some(d) => Ok(d),
            None => Err(alloc::format!("toml: unsupported type: {}", o.type_name())),
        },
        _ => Ok(v.clone()),
    }
}

/// A table's entries in the order BurntSushi visits them: a host struct's (`orig`) in field
/// declaration order, else the resolved map's sorted by key.
fn table_entries(orig: &Value, m: &crate::value::Map) -> Entries {
    match orig {
        Value::Object(o) => o.exported_fields().unwrap_or_else(|| m.to_vec()),
        _ => m.to_vec(),
    }
}

/// Go's `tomlTypeOfGo`; `None` for nil. A slice is a table array when it is not empty and
/// every element is a table; any nil reached through nested slices is an error.
fn toml_type(v: &Value) -> Result<Option<TType>, String> {
    let v = resolve(v)?;
    let list = match &v {
        Value::Nil => return Ok(None),
        Value::Map(_) => return Ok(Some(TType::Hash)),
        Value::List(l) => l.clone(),
        _ => return Ok(Some(TType::Plain)),
    };
    if list.is_empty() {
        return Ok(Some(TType::Plain));
    }
    let mut all_hash = true;
    let mut nested: Vec<Value> = Vec::new();
    for item in list.iter() {
        match resolve(item)? {
            Value::Nil => return Err(String::from(ERR_ARRAY_NIL)),
            Value::Map(_) => {}
            other => {
                all_hash = false;
                if let Value::List(_) = other {
                    nested.push(other);
                }
            }
        }
    }
    // Nested slices are typed too, so their nils are errors as well.
    while let Some(Value::List(l)) = nested.pop() {
        for item in l.iter() {
            match resolve(item)? {
                Value::Nil => return Err(String::from(ERR_ARRAY_NIL)),
                inner @ Value::List(_) => nested.push(inner),
                _ => {}
            }
        }
    }
    Ok(Some(if all_hash {
        TType::ArrayHash
    } else {
        TType::Plain
    }))
}

/// A map's entries, in key order.
type Entries = Vec<(Str, Value)>;

enum Task {
    Encode(Key, Value),
    Lit(String),
    /// `enc.newline()`: a line break once anything has been written.
    Newline,
    MapBody(Key, Entries),
    Element(Value),
}

struct Encoder {
    out: String,
    has_written: bool,
}

/// Encodes `v` as BurntSushi's encoder does with its default two-space indent.
pub(crate) fn encode(v: &Value) -> Result<String, String> {
    let mut e = Encoder {
        out: String::new(),
        has_written: false,
    };
    let mut stack = vec![Task::Encode(None, v.clone())];
    while let Some(task) = stack.pop() {
        if e.out.len() > MAX_OUTPUT_SIZE {
            return Err(String::from("toml: output too large"));
        }
        match task {
            Task::Lit(s) => e.write(&s),
            Task::Newline => {
                if e.has_written {
                    e.write("\n");
                }
            }
            Task::Encode(key, v) => e.encode(key, v, &mut stack)?,
            Task::MapBody(key, m) => e.map_body(key, m, &mut stack)?,
            Task::Element(v) => e.element(v, &mut stack)?,
        }
    }
    Ok(e.out)
}

fn indent(key: &Key) -> String {
    "  ".repeat(key_len(key).saturating_sub(1))
}

impl Encoder {
    fn write(&mut self, s: &str) {
        self.out.push_str(s);
        self.has_written = true;
    }

    /// Go's `encode(key, rv)`.
    fn encode(&mut self, key: Key, v: Value, stack: &mut Vec<Task>) -> Result<(), String> {
        if key_len(&key) > MAX_VALUE_DEPTH {
            return Err(String::from("toml: value nests too deeply"));
        }
        let orig = v;
        let v = resolve(&orig)?;
        match &v {
            Value::Nil => {
                if key.is_none() {
                    return Err(String::from(NIL_PANIC));
                }
            }
            Value::List(l) => {
                if toml_type(&v)? == Some(TType::ArrayHash) {
                    if key.is_none() {
                        return Err(String::from(ERR_NO_KEY));
                    }
                    let header = alloc::format!("{}[[{}]]", indent(&key), key_display(&key));
                    for item in l.iter().rev() {
                        if let Value::Map(m) = resolve(item)? {
                            stack.push(Task::MapBody(key.clone(), table_entries(item, &m)));
                            stack.push(Task::Newline);
                            stack.push(Task::Lit(header.clone()));
                            stack.push(Task::Newline);
                        }
                    }
                } else {
                    self.write_key_value(&key, v.clone(), stack);
                }
            }
            Value::Map(m) => {
                stack.push(Task::MapBody(key.clone(), table_entries(&orig, m)));
                if key.is_some() {
                    stack.push(Task::Newline);
                    stack.push(Task::Lit(alloc::format!(
                        "{}[{}]",
                        indent(&key),
                        key_display(&key)
                    )));
                }
                if key_len(&key) == 1 {
                    stack.push(Task::Newline);
                }
            }
            _ => self.write_key_value(&key, v.clone(), stack),
        }
        Ok(())
    }

    /// Go's `writeKeyValue` outside inline tables: `key = value` and a line break.
    fn write_key_value(&mut self, key: &Key, v: Value, stack: &mut Vec<Task>) {
        match key {
            None => stack.push(Task::Element(v)),
            Some(n) => {
                let line = alloc::format!("{}{} = ", indent(key), key_part(&n.name));
                self.write(&line);
                stack.push(Task::Newline);
                stack.push(Task::Element(v));
            }
        }
    }

    /// Splits a map's non-nil entries into plain keys and tables, each sorted by key.
    fn split(m: Entries) -> Result<(Entries, Entries), String> {
        let mut direct = Vec::new();
        let mut sub = Vec::new();
        for (k, v) in m {
            // Go classifies every entry (nils count toward the separator logic) first.
            let t = toml_type(&v)?;
            let is_table = matches!(t, Some(TType::Hash | TType::ArrayHash));
            if is_table {
                sub.push((k, v));
            } else {
                direct.push((k, v));
            }
        }
        Ok((direct, sub))
    }

    /// Go's `eMap` outside inline tables: plain keys, then tables.
    fn map_body(&mut self, key: Key, m: Entries, stack: &mut Vec<Task>) -> Result<(), String> {
        let (direct, sub) = Self::split(m)?;
        let mut tasks: Vec<Task> = Vec::new();
        for (k, v) in direct.into_iter().chain(sub) {
            if v.is_nil() || matches!(&v, Value::Map(m) if m.is_nil()) {
                continue;
            }
            tasks.push(Task::Encode(key_add(&key, k), v));
        }
        stack.extend(tasks.into_iter().rev());
        Ok(())
    }

    /// Go's `eElement`: a value in an array, inline table or after `=`.
    fn element(&mut self, v: Value, stack: &mut Vec<Task>) -> Result<(), String> {
        if let Some(t) = is_time(&v) {
            let s = t.toml_string();
            self.write(&s);
            return Ok(());
        }
        if let Some(s) = sprig_time(&v) {
            self.write(&s);
            return Ok(());
        }
        let orig = v;
        let v = resolve(&orig)?;
        match &v {
            Value::Nil => return Err(String::from(ERR_ARRAY_NIL)),
            Value::String(s) => {
                let q = quote_toml_string(s);
                self.write(&q);
            }
            Value::Bool(b) => self.write(if *b { "true" } else { "false" }),
            Value::Int(n) | Value::Int64(n) => self.write(&alloc::format!("{n}")),
            Value::Uint(n) => self.write(&alloc::format!("{n}")),
            Value::Byte(n) => self.write(&alloc::format!("{n}")),
            Value::Float(f) => {
                let s = toml_float(*f);
                self.write(&s);
            }
            Value::Bytes(b) => {
                let items: Vec<String> = b.iter().map(|c| alloc::format!("{c}")).collect();
                self.write(&alloc::format!("[{}]", items.join(", ")));
            }
            Value::List(l) => {
                self.write("[");
                stack.push(Task::Lit(String::from("]")));
                let n = l.len();
                for (i, item) in l.iter().enumerate().rev() {
                    if i != n - 1 {
                        stack.push(Task::Lit(String::from(", ")));
                    }
                    stack.push(Task::Element(item.clone()));
                }
            }
            Value::Map(m) => {
                let (direct, sub) = Self::split(table_entries(&orig, m))?;
                self.write("{");
                let mut tasks: Vec<Task> = Vec::new();
                let trail = !sub.is_empty();
                let (n_direct, n_sub) = (direct.len(), sub.len());
                let groups = [(direct, n_direct, trail), (sub, n_sub, false)];
                for (group, len, trail) in groups {
                    for (i, (k, item)) in group.into_iter().enumerate() {
                        if item.is_nil() || matches!(&item, Value::Map(m) if m.is_nil()) {
                            continue;
                        }
                        tasks.push(Task::Lit(alloc::format!("{} = ", key_part(&k))));
                        tasks.push(Task::Element(item));
                        if trail || i + 1 != len {
                            tasks.push(Task::Lit(String::from(", ")));
                        }
                    }
                }
                tasks.push(Task::Lit(String::from("}")));
                stack.extend(tasks.into_iter().rev());
            }
            Value::Object(o) => {
                return Err(alloc::format!("toml: unsupported type: {}", o.type_name()))
            }
        }
        Ok(())
    }
}

/// How BurntSushi writes a float64: `nan`, `inf`, or Go's shortest `%g` with `.0` added
/// when it has neither a point nor an exponent.
fn toml_float(f: f64) -> String {
    if f.is_nan() {
        return String::from(if f.is_sign_negative() { "-nan" } else { "nan" });
    }
    if f.is_infinite() {
        return String::from(if f < 0.0 { "-inf" } else { "inf" });
    }
    let mut s = format_float(f, b'g', -1);
    if !s.contains(['e', '.']) {
        s.push_str(".0");
    }
    s
}
