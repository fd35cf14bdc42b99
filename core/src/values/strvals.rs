//! Helm's `--set` family (`pkg/strvals`): `--set`, `--set-string`, `--set-json`,
//! `--set-file` and `--set-literal` expressions parsed into a values map.
//!
//! Grammar: comma-separated `key=value` assignments; keys nest with `.` and index lists with
//! `name[N]` (nestable: `a[0][1]`, `a[0].b`); `\` escapes the next character (not in
//! `--set-literal`); `{a,b}` is a list. Parsing writes straight into the destination map,
//! as Helm's `ParseInto` does, so later expressions see (and may clash with) earlier ones.
//!
//! Errors are Go's texts, including the recovered panics Helm reports when an expression
//! walks into a value of another type (`unable to parse key: interface conversion: ...`).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::gostr::{atoi, dynamic_type, equal_fold_ascii, parse_int, quote, quote_runes};
use super::jsonval;
use crate::value::{List, Map, Value};

/// Helm's `MaxIndex`: the largest list index an expression may set.
pub const MAX_INDEX: i64 = 65536;

/// Helm's `MaxNestedNameLevel`: how many `.` a key path may nest.
pub const MAX_NESTED_NAME_LEVEL: usize = 30;

/// How deeply list indices may nest (`a[0][0]...`). Helm has no limit (Go's stacks grow);
/// this one only keeps the recursion bounded and is far beyond any real expression.
pub const MAX_INDEX_NESTING: usize = 100;

/// Which flag an expression came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetKind {
    /// `--set`: values typed (`true`, `null`, int64 numbers, else string).
    Set,
    /// `--set-string`: every value a string.
    SetString,
    /// `--set-json`: values are JSON (`key=<json>`; an empty value is null).
    SetJson,
    /// `--set-literal`: the whole rest after the first `=` is one string; no escapes.
    SetLiteral,
}

/// Reads a `--set-file` value: given the path, returns the file's text or Go's error text.
pub type FileReader<'a> = &'a mut dyn FnMut(&str) -> Result<String, String>;

/// What went wrong inside the parser.
enum PErr {
    /// End of input (Go's `io.EOF`, possibly wrapped): ends parsing without error.
    Eof,
    /// The value is not a `{...}` list (internal signal).
    NotList,
    /// A real error; `eof` is set when it wraps `io.EOF` (Helm then treats it as success).
    Msg { text: String, eof: bool },
    /// A Go runtime panic, recovered by the nearest `key` frame.
    Panic(String),
}

fn msg(text: impl Into<String>) -> PErr {
    PErr::Msg {
        text: text.into(),
        eof: false,
    }
}

struct Scanner {
    chars: Vec<char>,
    pos: usize,
}

impl Scanner {
    fn read(&mut self) -> Option<char> {
        let c = self.chars.get(self.pos).copied();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }

    fn unread(&mut self) {
        self.pos = self.pos.saturating_sub(1);
    }

    /// Go's `runesUntil`: runes up to one of `stop`; `None` as the stop means end of input.
    fn until(&mut self, stop: &[char], escapes: bool) -> (Vec<char>, Option<char>) {
        let mut v = Vec::new();
        loop {
            match self.read() {
                None => return (v, None),
                Some(r) if stop.contains(&r) => return (v, Some(r)),
                Some('\\') if escapes => match self.read() {
                    None => return (v, None),
                    Some(next) => v.push(next),
                },
                Some(r) => v.push(r),
            }
        }
    }
}

/// Go's `typedVal`: how `--set` types a value.
pub fn typed_value(s: &str) -> Value {
    if equal_fold_ascii(s, "true") {
        return Value::Bool(true);
    }
    if equal_fold_ascii(s, "false") {
        return Value::Bool(false);
    }
    if equal_fold_ascii(s, "null") {
        return Value::Nil;
    }
    if s == "0" {
        return Value::Int64(0);
    }
    if !s.is_empty() && !s.starts_with('0') {
        if let Ok(n) = parse_int(s) {
            return Value::Int64(n);
        }
    }
    Value::str(s)
}

struct Parser<'r> {
    sc: Scanner,
    kind: SetKind,
    file: Option<FileReader<'r>>,
    index_depth: usize,
}

fn set(data: &Map, key: &[char], val: Value) {
    if key.is_empty() {
        return;
    }
    data.insert(key.iter().collect::<String>(), val);
}

/// A `[]interface{}` being built, with the capacity Go's slice would have (`slice` may
/// reach past the length up to it).
#[derive(Default)]
struct GoList {
    items: Vec<Value>,
    cap: usize,
}

impl core::ops::Deref for GoList {
    type Target = Vec<Value>;
    fn deref(&self) -> &Vec<Value> {
        &self.items
    }
}

impl core::ops::DerefMut for GoList {
    fn deref_mut(&mut self) -> &mut Vec<Value> {
        &mut self.items
    }
}

fn set_index(mut list: GoList, index: i64, val: Value) -> (GoList, Result<(), PErr>) {
    if index < 0 {
        return (
            list,
            Err(msg(format!("negative {index} index not allowed"))),
        );
    }
    if index > MAX_INDEX {
        return (
            list,
            Err(msg(format!(
                "index of {index} is greater than maximum supported index of {MAX_INDEX}"
            ))),
        );
    }
    let i = index as usize;
    // Go appends nils one at a time up to the index, so capacity grows as `append`'s does.
    while list.len() <= i {
        let (len, cap) = (list.len(), list.cap.max(list.len()));
        list.cap = crate::value::append_many_cap(crate::value::Elem::Any, len, cap, 1);
        list.push(Value::Nil);
    }
    list[i] = val;
    (list, Ok(()))
}

/// Go's `data[k].([]interface{})`.
fn as_list(v: &Value) -> Result<GoList, PErr> {
    match v {
        Value::List(l) if l.elem() == crate::value::Elem::Any => Ok(GoList {
            items: l.items().to_vec(),
            cap: l.cap(),
        }),
        other => Err(PErr::Panic(format!(
            "interface conversion: interface {{}} is {}, not []interface {{}}",
            dynamic_type(other)
        ))),
    }
}

/// Go's `data[k].(map[string]interface{})`.
fn as_map(v: &Value) -> Result<Map, PErr> {
    match v {
        Value::Map(m) if m.map_type() == crate::value::MapType::Any => Ok(m.clone()),
        other => Err(PErr::Panic(format!(
            "interface conversion: interface {{}} is {}, not map[string]interface {{}}",
            dynamic_type(other)
        ))),
    }
}

fn list_value(list: GoList) -> Value {
    let cap = list.cap.max(list.items.len());
    Value::List(List::with_cap(crate::value::Elem::Any, list.items, cap))
}

impl Parser<'_> {
    fn escapes(&self) -> bool {
        self.kind != SetKind::SetLiteral
    }

    fn parse(&mut self, data: &Map) -> Result<(), String> {
        loop {
            match self.key(data, 0) {
                Ok(()) => continue,
                Err(PErr::Eof) | Err(PErr::Msg { eof: true, .. }) => return Ok(()),
                Err(PErr::Msg { text, .. }) | Err(PErr::Panic(text)) => return Err(text),
                Err(PErr::NotList) => return Err(String::from("not a list")),
            }
        }
    }

    /// Runs the value reader (`typedVal`, string, or file contents).
    fn reader(&mut self, rs: &[char]) -> Result<Value, PErr> {
        let s: String = rs.iter().collect();
        match self.kind {
            SetKind::SetString | SetKind::SetLiteral => Ok(Value::str(s)),
            _ => match self.file.as_mut() {
                Some(read) => read(&s).map(Value::str).map_err(msg),
                None => Ok(typed_value(&s)),
            },
        }
    }

    /// `key`, with Go's `recover` turning panics into `unable to parse key: ...`.
    fn key(&mut self, data: &Map, level: usize) -> Result<(), PErr> {
        match self.key_inner(data, level) {
            Err(PErr::Panic(p)) => Err(msg(format!("unable to parse key: {p}"))),
            other => other,
        }
    }

    fn key_inner(&mut self, data: &Map, mut level: usize) -> Result<(), PErr> {
        let stop: &[char] = if self.kind == SetKind::SetLiteral {
            &['=', '[', '.']
        } else {
            &['=', '[', ',', '.']
        };
        let escapes = self.escapes();
        let (k, last) = self.sc.until(stop, escapes);
        match last {
            None => {
                if k.is_empty() {
                    return Err(PErr::Eof);
                }
                Err(msg(format!(
                    "key {} has no value",
                    quote(&k.iter().collect::<String>())
                )))
            }
            Some('[') => {
                let i = self.key_index().map_err(wrap_index_err)?;
                let kk: String = k.iter().collect();
                let list = match data.get(&kk) {
                    Some(v) => as_list(&v)?,
                    None => GoList::default(),
                };
                let (list, res) = self.list_item(list, i, level);
                if let Some(list) = list {
                    set(data, &k, list_value(list));
                } else {
                    set(data, &k, Value::Nil);
                }
                res
            }
            Some('=') => {
                if self.kind == SetKind::SetLiteral {
                    let (value, _) = self.sc.until(&[], false);
                    set(data, &k, Value::str(value.into_iter().collect::<String>()));
                    return Ok(());
                }
                if self.kind == SetKind::SetJson {
                    if self.empty_val() {
                        set(data, &k, Value::Nil);
                        return Ok(());
                    }
                    let v = self.json_value()?;
                    set(data, &k, v);
                    self.empty_val();
                    return Ok(());
                }
                match self.val_list() {
                    Ok(vl) => {
                        set(data, &k, list_value(vl));
                        Ok(())
                    }
                    Err(PErr::Eof) => {
                        set(data, &k, Value::str(""));
                        Err(PErr::Eof)
                    }
                    Err(PErr::NotList) => {
                        let (rs, _) = self.sc.until(&[','], true);
                        let v = self.reader(&rs);
                        match v {
                            Ok(v) => {
                                set(data, &k, v);
                                Ok(())
                            }
                            Err(e) => {
                                set(data, &k, Value::Nil);
                                Err(e)
                            }
                        }
                    }
                    Err(e) => Err(e),
                }
            }
            Some(',') => {
                set(data, &k, Value::str(""));
                Err(msg(format!(
                    "key {} has no value (cannot end with ,)",
                    quote(&k.iter().collect::<String>())
                )))
            }
            Some('.') => {
                level += 1;
                if level > MAX_NESTED_NAME_LEVEL {
                    return Err(msg(format!(
                        "value name nested level is greater than maximum supported nested level of {MAX_NESTED_NAME_LEVEL}"
                    )));
                }
                let kk: String = k.iter().collect();
                let inner = match data.get(&kk) {
                    Some(v) => as_map(&v)?,
                    None => Map::new(),
                };
                let e = self.key(&inner, level);
                if e.is_ok() && inner.is_empty() {
                    return Err(msg(format!("key map {} has no value", quote(&kk))));
                }
                if !inner.is_empty() {
                    set(data, &k, Value::Map(inner));
                }
                e
            }
            Some(_) => Err(msg("parse error")),
        }
    }

    /// Go's `keyIndex`: the digits up to `]`, through `strconv.Atoi`.
    fn key_index(&mut self) -> Result<i64, PErr> {
        let escapes = self.escapes();
        let (v, last) = self.sc.until(&[']'], escapes);
        if last.is_none() {
            return Err(PErr::Eof);
        }
        atoi(&v.iter().collect::<String>()).map_err(msg)
    }

    /// Go's `listItem`. Returns the list to store (`None` for a nil slice) and the outcome.
    fn list_item(
        &mut self,
        list: GoList,
        i: i64,
        level: usize,
    ) -> (Option<GoList>, Result<(), PErr>) {
        self.index_depth += 1;
        let r = self.list_item_inner(list, i, level);
        self.index_depth -= 1;
        r
    }

    fn list_item_inner(
        &mut self,
        list: GoList,
        i: i64,
        level: usize,
    ) -> (Option<GoList>, Result<(), PErr>) {
        if self.index_depth > MAX_INDEX_NESTING {
            let e = format!("list indices nested deeper than {MAX_INDEX_NESTING} levels");
            return (Some(list), Err(msg(e)));
        }
        if i < 0 {
            return (
                Some(list),
                Err(msg(format!("negative {i} index not allowed"))),
            );
        }
        let escapes = self.escapes();
        let (k, last) = self.sc.until(&['[', '.', '='], escapes);
        if !k.is_empty() {
            return (
                Some(list),
                Err(msg(format!(
                    "unexpected data at end of array index: {}",
                    quote_runes(&k)
                ))),
            );
        }
        match last {
            None => (Some(list), Err(PErr::Eof)),
            Some('=') => {
                if self.kind == SetKind::SetLiteral {
                    let (value, _) = self.sc.until(&[], false);
                    let (l, r) =
                        set_index(list, i, Value::str(value.into_iter().collect::<String>()));
                    return (Some(l), r);
                }
                if self.kind == SetKind::SetJson {
                    if self.empty_val() {
                        let (l, r) = set_index(list, i, Value::Nil);
                        return (Some(l), r);
                    }
                    let v = match self.json_value() {
                        Ok(v) => v,
                        Err(e) => return (Some(list), Err(e)),
                    };
                    let (l, r) = set_index(list, i, v);
                    if r.is_err() {
                        return (Some(l), r);
                    }
                    self.empty_val();
                    return (Some(l), Ok(()));
                }
                match self.val_list() {
                    Ok(vl) => {
                        let (l, r) = set_index(list, i, list_value(vl));
                        (Some(l), r)
                    }
                    Err(PErr::Eof) => {
                        let (l, r) = set_index(list, i, Value::str(""));
                        (Some(l), r)
                    }
                    Err(PErr::NotList) => {
                        let (rs, _) = self.sc.until(&[','], true);
                        match self.reader(&rs) {
                            Ok(v) => {
                                let (l, r) = set_index(list, i, v);
                                (Some(l), r)
                            }
                            Err(e) => (Some(list), Err(e)),
                        }
                    }
                    Err(e) => (Some(list), Err(e)),
                }
            }
            Some('[') => {
                let next = match self.key_index() {
                    Ok(n) => n,
                    Err(e) => return (Some(list), Err(wrap_index_err(e))),
                };
                let mut crt = GoList::default();
                if let Some(existing) = list.get(i as usize) {
                    if !existing.is_nil() {
                        match as_list(existing) {
                            Ok(l) => crt = l,
                            Err(e) => return (Some(list), Err(e)),
                        }
                    }
                }
                let (list2, res) = self.list_item(crt, next, level);
                if res.is_err() {
                    return (Some(list), res);
                }
                let v = match list2 {
                    Some(l) => list_value(l),
                    None => Value::Nil,
                };
                let (l, r) = set_index(list, i, v);
                (Some(l), r)
            }
            Some('.') => {
                let mut list = list;
                let mut inner = Map::new();
                if let Some(existing) = list.get(i as usize) {
                    match existing {
                        Value::Map(m) if m.map_type() == crate::value::MapType::Any => {
                            inner = m.clone()
                        }
                        _ => {
                            // Indices out of order: Go replaces the slot with an empty map in place.
                            list[i as usize] = Value::Map(inner.clone());
                        }
                    }
                }
                let res = self.key(&inner, level);
                if res.is_err() {
                    return (Some(list), res);
                }
                let (l, r) = set_index(list, i, Value::Map(inner));
                (Some(l), r)
            }
            Some(c) => (
                None,
                Err(msg(format!("parse error: unexpected token {}", c as u32))),
            ),
        }
    }

    /// Go's `valList`: a `{a,b,c}` list, or `NotList` (nothing consumed).
    fn val_list(&mut self) -> Result<GoList, PErr> {
        match self.sc.read() {
            None => return Err(PErr::Eof),
            Some('{') => {}
            Some(_) => {
                self.sc.unread();
                return Err(PErr::NotList);
            }
        }
        let mut list = Vec::new();
        loop {
            let (rs, last) = self.sc.until(&[',', '}'], true);
            match last {
                None => return Err(msg("list must terminate with '}'")),
                Some('}') => {
                    match self.sc.read() {
                        Some(',') | None => {}
                        Some(_) => self.sc.unread(),
                    }
                    let v = self.reader(&rs)?;
                    list.push(v);
                    // Go appends one item at a time to `[]interface{}{}`.
                    let cap = crate::value::append_cap(crate::value::Elem::Any, 0, list.len());
                    return Ok(GoList { items: list, cap });
                }
                _ => {
                    let v = self.reader(&rs)?;
                    list.push(v);
                }
            }
        }
    }

    /// Go's `emptyVal`: skips spaces; true at a comma (consumed) or the end.
    fn empty_val(&mut self) -> bool {
        loop {
            match self.sc.read() {
                None | Some(',') => return true,
                Some(c) if c.is_whitespace() => {}
                Some(_) => {
                    self.sc.unread();
                    return false;
                }
            }
        }
    }

    fn json_value(&mut self) -> Result<Value, PErr> {
        match jsonval::decode_value(&self.sc.chars, self.sc.pos) {
            Ok((v, end)) => {
                self.sc.pos = end;
                Ok(v)
            }
            Err(e) => Err(msg(e.message)),
        }
    }
}

fn wrap_index_err(e: PErr) -> PErr {
    match e {
        PErr::Eof => PErr::Msg {
            text: String::from("error parsing index: EOF"),
            eof: true,
        },
        PErr::Msg { text, eof } => PErr::Msg {
            text: format!("error parsing index: {text}"),
            eof,
        },
        other => other,
    }
}

/// Parses `expr` into `dest` (Helm's `ParseInto`, `ParseIntoString`, `ParseJSON`,
/// `ParseLiteralInto`). On error `dest` may hold part of the expression, as in Helm.
pub fn parse_into(kind: SetKind, expr: &str, dest: &Map) -> Result<(), String> {
    let mut p = Parser {
        sc: Scanner {
            chars: expr.chars().collect(),
            pos: 0,
        },
        kind,
        file: None,
        index_depth: 0,
    };
    p.parse(dest)
}

/// Parses `expr` into a fresh map (Helm's `Parse`, `ParseString`, `ParseLiteral`).
pub fn parse(kind: SetKind, expr: &str) -> Result<Map, String> {
    let dest = Map::new();
    parse_into(kind, expr, &dest)?;
    Ok(dest)
}

/// `--set-file`: like `--set`, but each value names a file whose text becomes the value
/// (Helm's `ParseIntoFile`); `read` fetches it and words its errors.
pub fn parse_file_into(expr: &str, dest: &Map, read: FileReader<'_>) -> Result<(), String> {
    let mut p = Parser {
        sc: Scanner {
            chars: expr.chars().collect(),
            pos: 0,
        },
        kind: SetKind::Set,
        file: Some(read),
        index_depth: 0,
    };
    p.parse(dest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::testutil::{same, show};

    /// Expectations come from Helm v4.2.3 (`helm-oracle set KIND EXPR`).
    const CASES: &str = include_str!("testdata/strvals.tsv");

    #[test]
    fn oracle_table() {
        let mut failures = Vec::new();
        let mut n = 0;
        for line in CASES.lines().filter(|l| !l.is_empty()) {
            let mut parts = line.splitn(3, '\t');
            let (kind, expr, want) = (
                parts.next().unwrap(),
                parts.next().unwrap(),
                parts.next().unwrap(),
            );
            let kind = match kind {
                "set" => SetKind::Set,
                "set-string" => SetKind::SetString,
                "set-json" => SetKind::SetJson,
                "set-literal" => SetKind::SetLiteral,
                other => panic!("kind {other}"),
            };
            n += 1;
            let got = parse(kind, expr);
            let ok = match (&got, want.strip_prefix("ERR ")) {
                (Err(e), Some(w)) => e == w,
                (Ok(m), None) => same(&Value::Map(m.clone()), &serde_json::from_str(want).unwrap()),
                _ => false,
            };
            if !ok {
                let got = got.map(|m| show(&Value::Map(m)));
                failures.push(format!("{kind:?} {expr:?}\n  want {want}\n  got  {got:?}"));
            }
        }
        assert!(n > 130, "{n} cases");
        assert!(
            failures.is_empty(),
            "{} of {n} failed:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn max_index_pads_with_nulls() {
        let m = parse(SetKind::Set, "list[65536]=1").unwrap();
        let l = m.get("list").unwrap();
        let l = l.as_list().unwrap();
        assert_eq!(l.len(), 65537);
        assert!(matches!(l[65536], Value::Int64(1)));
    }

    #[test]
    fn types_and_parse_into() {
        let m = parse(SetKind::Set, "a=1,b=x").unwrap();
        assert!(matches!(m.get("a"), Some(Value::Int64(1))));
        // Parsing into existing values walks into them (a later --set on top of -f values).
        let dest = crate::values::testutil::json(r#"{"a":{"b":[1,{"c":2}]},"s":"x"}"#);
        let dest = dest.as_map().unwrap();
        parse_into(SetKind::Set, "a.b[1].d=3,a.e=4", dest).unwrap();
        assert_eq!(
            show(&Value::Map(dest.clone())),
            r#"{"a":{"b":[float64(1.0),{"c":float64(2.0),"d":int64(3)}],"e":int64(4)},"s":"x"}"#
        );
        let e = parse_into(SetKind::Set, "s.x=1", dest).unwrap_err();
        assert_eq!(e, "unable to parse key: interface conversion: interface {} is string, not map[string]interface {}");
    }

    #[test]
    fn nesting_limits() {
        let deep = format!("a{}=1", "[0]".repeat(MAX_INDEX_NESTING + 5));
        assert_eq!(
            parse(SetKind::Set, &deep).err().unwrap(),
            "list indices nested deeper than 100 levels"
        );
        let ok = format!("a{}=1", "[0]".repeat(50));
        assert!(parse(SetKind::Set, &ok).is_ok());
    }

    #[test]
    fn set_file_reads_through_host() {
        let dest = Map::new();
        let mut read = |p: &str| {
            if p == "f.txt" {
                Ok(String::from("text\n"))
            } else {
                Err(format!("open {p}: no such file or directory"))
            }
        };
        parse_file_into("a=f.txt,b={f.txt,f.txt}", &dest, &mut read).unwrap();
        assert_eq!(
            show(&Value::Map(dest.clone())),
            r#"{"a":"text\n","b":["text\n","text\n"]}"#
        );
        let e = parse_file_into("c=nope", &dest, &mut read).unwrap_err();
        assert_eq!(e, "open nope: no such file or directory");
    }

    /// List capacities as Helm's slices have them (probed with `slice .Values.a 0 N` against
    /// Helm v4.2.3): `{…}` lists and index writes grow by `append`, one item at a time.
    #[test]
    fn list_capacity() {
        let cases: &[(&str, usize)] = &[
            ("a={1,2,3}", 4),
            ("a={1,2,3,4,5}", 8),
            ("a[2]=x", 4),
            ("a[0]=1,a[1]=2,a[2]=3", 4),
            ("a={1,2,3},a[5]=x", 8),
            ("a={1,2,3},a[1]=y", 4),
            ("a[0].b=1,a[3].c=2", 4),
            ("a[4]=1", 8),
            ("a[8]=1", 16),
        ];
        for (expr, cap) in cases {
            let m = parse(SetKind::Set, expr).unwrap();
            let Some(Value::List(l)) = m.get("a") else {
                panic!("{expr}: no list")
            };
            assert_eq!(l.cap(), *cap, "{expr}");
        }
    }
}
