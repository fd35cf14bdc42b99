//! How template values travel between the main module and an extension module (crypto):
//! a compact binary form that keeps Go types (`int` vs `int64`, `[]string`, named maps).
//!
//! Objects travel as their Go type name and JSON view; the receiving side rebuilds the ones
//! it knows (Sprig's `certificate`) and keeps others as opaque stand-ins that report the same
//! type name, so a function refusing them words its error as it would have.
//!
//! This file is shared, through `#[path]`, by `binnacle-wasm` and `binnacle-wasm-ext`; each
//! says how it represents a certificate (`crate::certificate_value`).

use std::rc::Rc;

use binnacle_core::value::{Elem, List, Map, MapType, Object};
use binnacle_core::Value;

/// Deepest value the codec carries; template function arguments are shallow.
const MAX_DEPTH: usize = 64;

/// The certificate object Sprig's generators return (`.Cert`, `.Key`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Certificate {
    /// `.Cert`
    pub cert: String,
    /// `.Key`
    pub key: String,
}

/// Go's name for [`Certificate`].
pub const CERTIFICATE_TYPE: &str = "sprig.certificate";

impl Object for Certificate {
    fn type_name(&self) -> &str {
        CERTIFICATE_TYPE
    }

    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "Cert" => Some(Value::from(self.cert.as_str())),
            "Key" => Some(Value::from(self.key.as_str())),
            _ => None,
        }
    }

    fn format_v(&self) -> String {
        format!("{{{} {}}}", self.cert, self.key)
    }

    fn to_data(&self) -> Option<Value> {
        Some(binnacle_core::value::map_of([
            ("Cert", Value::from(self.cert.as_str())),
            ("Key", Value::from(self.key.as_str())),
        ]))
    }

    fn as_any(&self) -> &dyn core::any::Any {
        self
    }
}

/// An object the receiving side has no type for: only its name and JSON view survive.
pub struct Opaque {
    /// Go's `%T`.
    pub type_name: String,
    /// `to_data` of the original.
    pub data: Option<Value>,
}

impl Object for Opaque {
    fn type_name(&self) -> &str {
        &self.type_name
    }

    fn format_v(&self) -> String {
        String::new()
    }

    fn to_data(&self) -> Option<Value> {
        self.data.clone()
    }

    fn as_any(&self) -> &dyn core::any::Any {
        self
    }
}

fn elem_code(e: Elem) -> u8 {
    match e {
        Elem::Any => 0,
        Elem::String => 1,
        Elem::Int => 2,
        Elem::Int64 => 3,
        Elem::Float => 4,
        Elem::Bool => 5,
        Elem::Map => 6,
        Elem::VersionSet => 7,
        Elem::Slices => 8,
    }
}

fn elem_of(c: u8) -> Option<Elem> {
    Some(match c {
        0 => Elem::Any,
        1 => Elem::String,
        2 => Elem::Int,
        3 => Elem::Int64,
        4 => Elem::Float,
        5 => Elem::Bool,
        6 => Elem::Map,
        7 => Elem::VersionSet,
        8 => Elem::Slices,
        _ => return None,
    })
}

fn map_code(t: MapType) -> u8 {
    match t {
        MapType::Any => 0,
        MapType::Values => 1,
        MapType::Strings => 2,
    }
}

fn map_type_of(c: u8) -> Option<MapType> {
    Some(match c {
        0 => MapType::Any,
        1 => MapType::Values,
        2 => MapType::Strings,
        _ => return None,
    })
}

/// Appends bytes to a message.
pub struct Writer(pub Vec<u8>);

impl Writer {
    /// An empty message.
    pub fn new() -> Writer {
        Writer(Vec::new())
    }

    /// A byte.
    pub fn u8(&mut self, b: u8) {
        self.0.push(b);
    }

    /// A little-endian u32.
    pub fn u32(&mut self, n: u32) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    /// A little-endian u64.
    pub fn u64(&mut self, n: u64) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    /// A little-endian i128.
    pub fn i128(&mut self, n: i128) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    /// Length-prefixed bytes.
    pub fn bytes(&mut self, b: &[u8]) {
        self.u32(b.len() as u32);
        self.0.extend_from_slice(b);
    }

    /// A length-prefixed UTF-8 string.
    pub fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }

    /// A value; fails past [`MAX_DEPTH`].
    pub fn value(&mut self, v: &Value) -> Result<(), String> {
        self.value_at(v, 0)
    }

    fn value_at(&mut self, v: &Value, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err("value nests too deeply to pass to an extension module".into());
        }
        match v {
            Value::Nil => self.u8(0),
            Value::Bool(false) => self.u8(1),
            Value::Bool(true) => self.u8(2),
            Value::Int(n) => {
                self.u8(3);
                self.u64(*n as u64);
            }
            Value::Int64(n) => {
                self.u8(4);
                self.u64(*n as u64);
            }
            Value::Uint(n) => {
                self.u8(5);
                self.u64(*n);
            }
            Value::Byte(b) => {
                self.u8(12);
                self.u8(*b);
            }
            Value::Float(f) => {
                self.u8(6);
                self.u64(f.to_bits());
            }
            Value::String(s) => {
                self.u8(7);
                self.str(s);
            }
            Value::Bytes(b) => {
                self.u8(8);
                self.bytes(b);
            }
            Value::List(l) => {
                self.u8(9);
                self.u8(elem_code(l.elem()));
                self.u32(l.len() as u32);
                for item in l.iter() {
                    self.value_at(item, depth + 1)?;
                }
            }
            Value::Map(m) => {
                self.u8(10);
                self.u8(map_code(m.map_type()));
                let entries = m.to_vec();
                self.u32(entries.len() as u32);
                for (k, x) in &entries {
                    self.str(k);
                    self.value_at(x, depth + 1)?;
                }
            }
            Value::Object(o) => {
                self.u8(11);
                self.str(o.type_name());
                match o.to_data() {
                    Some(d) => self.value_at(&d, depth + 1)?,
                    None => self.u8(0),
                }
            }
        }
        Ok(())
    }
}

impl Default for Writer {
    fn default() -> Self {
        Writer::new()
    }
}

/// Reads a message; every read fails cleanly on truncated or malformed input.
pub struct Reader<'a> {
    buf: &'a [u8],
    at: usize,
}

fn malformed() -> String {
    String::from("malformed message from an extension module")
}

impl<'a> Reader<'a> {
    /// Reads `buf` from the start.
    pub fn new(buf: &'a [u8]) -> Reader<'a> {
        Reader { buf, at: 0 }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.at.checked_add(n).ok_or_else(malformed)?;
        let s = self.buf.get(self.at..end).ok_or_else(malformed)?;
        self.at = end;
        Ok(s)
    }

    /// A byte.
    pub fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }

    /// A little-endian u32.
    pub fn u32(&mut self) -> Result<u32, String> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// A little-endian u64.
    pub fn u64(&mut self) -> Result<u64, String> {
        let mut a = [0u8; 8];
        a.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(a))
    }

    /// A little-endian i128.
    pub fn i128(&mut self) -> Result<i128, String> {
        let mut a = [0u8; 16];
        a.copy_from_slice(self.take(16)?);
        Ok(i128::from_le_bytes(a))
    }

    /// Length-prefixed bytes.
    pub fn bytes(&mut self) -> Result<&'a [u8], String> {
        let n = self.u32()? as usize;
        self.take(n)
    }

    /// A length-prefixed UTF-8 string.
    pub fn str(&mut self) -> Result<&'a str, String> {
        core::str::from_utf8(self.bytes()?).map_err(|_| malformed())
    }

    /// A value.
    pub fn value(&mut self) -> Result<Value, String> {
        self.value_at(0)
    }

    fn value_at(&mut self, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err(malformed());
        }
        Ok(match self.u8()? {
            0 => Value::Nil,
            1 => Value::Bool(false),
            2 => Value::Bool(true),
            3 => Value::Int(self.u64()? as i64),
            4 => Value::Int64(self.u64()? as i64),
            5 => Value::Uint(self.u64()?),
            6 => Value::Float(f64::from_bits(self.u64()?)),
            7 => Value::from(self.str()?),
            8 => Value::Bytes(Rc::from(self.bytes()?)),
            9 => {
                let elem = elem_of(self.u8()?).ok_or_else(malformed)?;
                let n = self.u32()? as usize;
                // Each item takes at least a byte: a bogus count cannot reserve much.
                let mut items = Vec::with_capacity(n.min(self.buf.len() - self.at));
                for _ in 0..n {
                    items.push(self.value_at(depth + 1)?);
                }
                Value::List(List::typed(elem, items))
            }
            10 => {
                let ty = map_type_of(self.u8()?).ok_or_else(malformed)?;
                let n = self.u32()? as usize;
                let m = Map::from_entries(ty, Default::default());
                for _ in 0..n {
                    let k = self.str()?;
                    let v = self.value_at(depth + 1)?;
                    m.insert(k, v);
                }
                Value::Map(m)
            }
            12 => Value::Byte(self.u8()?),
            11 => {
                let type_name = self.str()?.to_string();
                let data = self.value_at(depth + 1)?;
                object_of(type_name, data)
            }
            _ => return Err(malformed()),
        })
    }
}

/// Rebuilds an object from its type name and JSON view.
fn object_of(type_name: String, data: Value) -> Value {
    if type_name == CERTIFICATE_TYPE {
        if let Value::Map(m) = &data {
            if let (Some(Value::String(c)), Some(Value::String(k))) = (m.get("Cert"), m.get("Key"))
            {
                return crate::certificate_value(c.to_string(), k.to_string());
            }
        }
    }
    let data = (!data.is_nil()).then_some(data);
    Value::Object(Rc::new(Opaque { type_name, data }))
}

/// What the main module asks an extension.
pub enum Request {
    /// A template function.
    Func(Call),
    /// Helm's `ValidateAgainstSingleSchema`: one chart's schema bytes and values.
    Schema {
        /// `values.schema.json` as written.
        schema: Vec<u8>,
        /// The values to validate (a map).
        values: Value,
    },
    /// `helm lint` of one chart.
    Lint(LintCall),
    /// `helm package` of one chart.
    Package(PackageCall),
}

/// `helm lint` of one chart: its files and the lint settings.
pub struct LintCall {
    /// The chart's files as loaded (chart-relative path, bytes), in walk order.
    pub files: Vec<(String, Vec<u8>)>,
    /// The chart directory's path as Helm prints it.
    pub path: String,
    /// User values (a map).
    pub values: Value,
    /// `--namespace`
    pub namespace: String,
    /// `--kube-version`
    pub kube_version: Option<String>,
    /// `--skip-schema-validation`
    pub skip_schema_validation: bool,
    /// `--strict`
    pub strict: bool,
    /// `--quiet`
    pub quiet: bool,
    /// The clock, as in [`Call`].
    pub now: i128,
    /// The randomness, as in [`Call`].
    pub seed: Option<u64>,
}

/// `helm package` of one chart.
pub struct PackageCall {
    /// The chart's files as loaded.
    pub files: Vec<(String, Vec<u8>)>,
    /// `--version`
    pub version: Option<String>,
    /// `--app-version`
    pub app_version: Option<String>,
    /// `SOURCE_DATE_EPOCH`
    pub source_date_epoch: Option<i64>,
}

fn write_opt_str(w: &mut Writer, s: &Option<String>) {
    match s {
        Some(s) => {
            w.u8(1);
            w.str(s);
        }
        None => w.u8(0),
    }
}

fn read_opt_str(r: &mut Reader<'_>) -> Result<Option<String>, String> {
    Ok(match r.u8()? {
        0 => None,
        _ => Some(r.str()?.to_string()),
    })
}

fn write_files(w: &mut Writer, files: &[(String, Vec<u8>)]) {
    w.u32(files.len() as u32);
    for (n, d) in files {
        w.str(n);
        w.bytes(d);
    }
}

fn read_files(r: &mut Reader<'_>) -> Result<Vec<(String, Vec<u8>)>, String> {
    let n = r.u32()? as usize;
    let mut out = Vec::with_capacity(n.min(r.buf.len()));
    for _ in 0..n {
        let name = r.str()?.to_string();
        out.push((name, r.bytes()?.to_vec()));
    }
    Ok(out)
}

impl Request {
    /// The message.
    pub fn encode(&self) -> Result<Vec<u8>, String> {
        let mut w = Writer::new();
        match self {
            Request::Func(c) => {
                w.u8(0);
                w.0.extend(c.encode()?);
            }
            Request::Schema { schema, values } => {
                w.u8(1);
                w.bytes(schema);
                w.value(values)?;
            }
            Request::Lint(l) => {
                w.u8(2);
                write_files(&mut w, &l.files);
                w.str(&l.path);
                w.value(&l.values)?;
                w.str(&l.namespace);
                write_opt_str(&mut w, &l.kube_version);
                w.u8(l.skip_schema_validation as u8);
                w.u8(l.strict as u8);
                w.u8(l.quiet as u8);
                w.i128(l.now);
                match l.seed {
                    Some(s) => {
                        w.u8(1);
                        w.u64(s);
                    }
                    None => w.u8(0),
                }
            }
            Request::Package(p) => {
                w.u8(3);
                write_files(&mut w, &p.files);
                write_opt_str(&mut w, &p.version);
                write_opt_str(&mut w, &p.app_version);
                match p.source_date_epoch {
                    Some(t) => {
                        w.u8(1);
                        w.u64(t as u64);
                    }
                    None => w.u8(0),
                }
            }
        }
        Ok(w.0)
    }

    /// Reads the message.
    pub fn decode(buf: &[u8]) -> Result<Request, String> {
        let mut r = Reader::new(buf);
        Ok(match r.u8()? {
            0 => Request::Func(Call::decode(&buf[1..])?),
            1 => {
                let schema = r.bytes()?.to_vec();
                Request::Schema {
                    schema,
                    values: r.value()?,
                }
            }
            2 => {
                let files = read_files(&mut r)?;
                let path = r.str()?.to_string();
                let values = r.value()?;
                let namespace = r.str()?.to_string();
                let kube_version = read_opt_str(&mut r)?;
                let skip_schema_validation = r.u8()? != 0;
                let strict = r.u8()? != 0;
                let quiet = r.u8()? != 0;
                let now = r.i128()?;
                let seed = match r.u8()? {
                    0 => None,
                    _ => Some(r.u64()?),
                };
                Request::Lint(LintCall {
                    files,
                    path,
                    values,
                    namespace,
                    kube_version,
                    skip_schema_validation,
                    strict,
                    quiet,
                    now,
                    seed,
                })
            }
            3 => {
                let files = read_files(&mut r)?;
                let version = read_opt_str(&mut r)?;
                let app_version = read_opt_str(&mut r)?;
                let source_date_epoch = match r.u8()? {
                    0 => None,
                    _ => Some(r.u64()? as i64),
                };
                Request::Package(PackageCall {
                    files,
                    version,
                    app_version,
                    source_date_epoch,
                })
            }
            _ => return Err(malformed()),
        })
    }
}

/// One template function call.
pub struct Call {
    /// The template function's name.
    pub name: String,
    /// `host.now()` at the call, nanoseconds since the Unix epoch.
    pub now: i128,
    /// A seed when the render's randomness is seeded; `None` = the extension's own source.
    pub seed: Option<u64>,
    /// Helm's lint mode.
    pub lint: bool,
    /// The arguments, checked against the function's signature already.
    pub args: Vec<Value>,
}

impl Call {
    /// The message.
    pub fn encode(&self) -> Result<Vec<u8>, String> {
        let mut w = Writer::new();
        w.str(&self.name);
        w.i128(self.now);
        match self.seed {
            Some(s) => {
                w.u8(1);
                w.u64(s);
            }
            None => w.u8(0),
        }
        w.u8(self.lint as u8);
        w.u32(self.args.len() as u32);
        for a in &self.args {
            w.value(a)?;
        }
        Ok(w.0)
    }

    /// Reads the message.
    pub fn decode(buf: &[u8]) -> Result<Call, String> {
        let mut r = Reader::new(buf);
        let name = r.str()?.to_string();
        let now = r.i128()?;
        let seed = match r.u8()? {
            0 => None,
            _ => Some(r.u64()?),
        };
        let lint = r.u8()? != 0;
        let n = r.u32()? as usize;
        let mut args = Vec::with_capacity(n.min(buf.len()));
        for _ in 0..n {
            args.push(r.value()?);
        }
        Ok(Call {
            name,
            now,
            seed,
            lint,
            args,
        })
    }
}

/// An extension's answer: the function's value or its Go error text.
pub fn encode_result(r: &Result<Value, String>) -> Vec<u8> {
    let mut w = Writer::new();
    match r {
        Ok(v) => {
            w.u8(0);
            if let Err(e) = w.value(v) {
                return encode_result(&Err(e));
            }
        }
        Err(e) => {
            w.u8(1);
            w.str(e);
        }
    }
    w.0
}

/// Reads an extension's answer.
pub fn decode_result(buf: &[u8]) -> Result<Value, String> {
    let mut r = Reader::new(buf);
    match r.u8()? {
        0 => r.value(),
        _ => Err(r.str()?.to_string()),
    }
}
