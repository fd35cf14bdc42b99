//! Helpers shared by the Sprig tables: argument access, Go's `%v`/`strval`, Go's panic texts,
//! and the reflection checks Sprig's list functions make.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::value::{List, Map, MapType, Value};

/// Most items a function may build into one list or string, so that `until 1000000000` or
/// `repeat` with a huge count fails cleanly instead of exhausting memory (Go would try).
pub(crate) const MAX_BUILD: usize = crate::limits::MAX_OUTPUT_SIZE;

/// Longest list a function may build (items are larger than bytes).
pub(crate) const MAX_LIST: usize = 1 << 24;

/// The error for a result that would exceed [`MAX_BUILD`] or [`MAX_LIST`].
pub(crate) fn too_large(what: &str) -> String {
    format!("{what}: result too large")
}

/// Go's runtime panic text, as text/template reports a recovered panic.
pub(crate) fn runtime_error(msg: &str) -> String {
    format!("runtime error: {msg}")
}

/// What Go's reflection does with a nil `interface{}` where Sprig calls `reflect.TypeOf(x).Kind()`.
pub(crate) fn nil_deref() -> String {
    runtime_error("invalid memory address or nil pointer dereference")
}

/// A Go `int` parameter (the engine has already checked the type).
pub(crate) fn int_arg(v: &Value) -> i64 {
    match v {
        Value::Int(n) | Value::Int64(n) => *n,
        Value::Uint(u) => *u as i64,
        Value::Byte(u) => *u as i64,
        Value::Float(f) => go_f64_to_i64(*f),
        Value::Bool(b) => i64::from(*b),
        _ => 0,
    }
}

/// A Go `string` parameter.
pub(crate) fn str_arg(v: &Value) -> &str {
    match v {
        Value::String(s) => s,
        _ => "",
    }
}

/// A Go `float64` parameter.
pub(crate) fn float_arg(v: &Value) -> f64 {
    match v {
        Value::Float(f) => *f,
        Value::Int(n) | Value::Int64(n) => *n as f64,
        Value::Uint(u) => *u as f64,
        Value::Byte(u) => *u as f64,
        _ => 0.0,
    }
}

/// A Go `bool` parameter.
pub(crate) fn bool_arg(v: &Value) -> bool {
    matches!(v, Value::Bool(true))
}

/// A `map[string]interface {}` parameter: `None` for a nil map.
pub(crate) fn map_arg(v: &Value) -> Option<&Map> {
    v.as_map()
}

/// 2^63 as a float64.
const TWO_63: f64 = 9_223_372_036_854_775_808.0;

/// Go's `int64(f)` on amd64: truncation, and the "integer indefinite" value
/// (`math.MinInt64`) for NaN and anything out of range.
pub(crate) fn go_f64_to_i64(f: f64) -> i64 {
    if f.is_nan() || !(-TWO_63..TWO_63).contains(&f) {
        i64::MIN
    } else {
        f as i64
    }
}

/// A Go string built from bytes that may not be valid UTF-8 (`b64dec`, byte-wise slicing):
/// invalid bytes are kept as raw-byte characters (see [`crate::gobytes`]).
pub(crate) fn bytes_to_value(b: &[u8]) -> Value {
    Value::from(crate::gobytes::from_go_bytes(b))
}

/// A `[]string` result.
pub(crate) fn strings_value(items: Vec<String>) -> Value {
    Value::List(List::strings(items))
}

/// A `map[string]string` result.
pub(crate) fn string_map_value(pairs: Vec<(String, String)>) -> Value {
    let entries = pairs
        .into_iter()
        .map(|(k, v)| (k.into(), Value::from(v)))
        .collect();
    Value::Map(Map::from_entries(MapType::Strings, entries))
}

/// Go's `fmt.Sprint(v)` (`%v`).
pub(crate) fn format_v(v: &Value) -> String {
    crate::gofmt::format_v(v)
}

/// Sprig's `strval`: strings and `[]byte` as text, `Stringer`s through `String()`, else `%v`.
pub(crate) fn strval(v: &Value) -> String {
    match v {
        Value::Bytes(b) => crate::gobytes::from_go_bytes(b),
        other => format_v(other),
    }
}

/// Go's `reflect.Kind` name of a value, as Sprig's "Cannot … on type %s" errors print it.
pub(crate) fn kind_name(v: &Value) -> &str {
    v.kind_name()
}

/// A host object that is a Go slice (`common.VersionSet`), as its items.
pub(crate) fn object_list(v: &Value) -> Option<List> {
    match v {
        Value::Object(o) if o.kind() == "slice" => match o.to_data() {
            Some(Value::List(l)) => Some(l),
            _ => None,
        },
        _ => None,
    }
}

/// The items of a Go slice or array, as Sprig's reflection-based list functions see them.
///
/// `Err` carries Sprig's own error for other kinds (built by `what`), or Go's nil-pointer
/// panic for a nil argument (`reflect.TypeOf(nil).Kind()`).
pub(crate) fn list_items(v: &Value, what: impl FnOnce(&str) -> String) -> Result<ListView, String> {
    match v {
        Value::Nil => Err(nil_deref()),
        Value::List(l) => Ok(ListView::List(l.clone())),
        Value::Bytes(b) => Ok(ListView::Bytes(b.clone())),
        other => match object_list(other) {
            Some(l) => Ok(ListView::List(l)),
            None => Err(what(kind_name(other))),
        },
    }
}

/// A Go slice seen through reflection: a list, or a `[]byte` whose items are `uint8`s.
#[derive(Clone)]
pub(crate) enum ListView {
    /// Any slice we model as a [`List`].
    List(List),
    /// `[]byte`.
    Bytes(alloc::rc::Rc<[u8]>),
}

impl ListView {
    /// Number of items.
    pub(crate) fn len(&self) -> usize {
        match self {
            ListView::List(l) => l.len(),
            ListView::Bytes(b) => b.len(),
        }
    }

    /// Item `i` as an `interface{}` (`l.Index(i).Interface()`).
    pub(crate) fn get(&self, i: usize) -> Value {
        match self {
            ListView::List(l) => l[i].clone(),
            ListView::Bytes(b) => Value::Byte(b[i]),
        }
    }

    /// Every item as an `interface{}`.
    pub(crate) fn to_vec(&self) -> Vec<Value> {
        match self {
            ListView::List(l) => l.items().to_vec(),
            ListView::Bytes(b) => b.iter().map(|&x| Value::Byte(x)).collect(),
        }
    }

    /// Go's `cap`.
    pub(crate) fn cap(&self) -> usize {
        match self {
            ListView::List(l) => l.cap(),
            ListView::Bytes(b) => b.len(),
        }
    }

    /// `l.Slice(start, end).Interface()`: same Go type, up to the capacity.
    pub(crate) fn slice(&self, start: usize, end: usize) -> Value {
        match self {
            ListView::List(l) => Value::List(l.reslice(start, end, None)),
            ListView::Bytes(b) => Value::Bytes(b[start..end].into()),
        }
    }
}

/// Sprig's `empty`: Go text/template's falsehood (zero numbers, empty strings and
/// collections, nil, false; structs are never empty).
pub(crate) fn empty(v: &Value) -> bool {
    match v {
        // Slice- and map-kind host values (`common.VersionSet`, `engine.files`) are empty
        // when they hold nothing, as Go's `Len() == 0` says.
        Value::Object(o) if matches!(o.kind(), "slice" | "map") => match o.to_data() {
            Some(Value::List(l)) => l.is_empty(),
            Some(Value::Map(m)) => m.is_empty(),
            _ => false,
        },
        other => !other.truth(),
    }
}

/// Go's `reflect.DeepEqual` on two `interface{}` values.
///
/// Types must match exactly (`int` 1 is not `float64` 1, `common.Values` is not
/// `map[string]interface {}`); NaN is unequal to itself. Host objects are equal only to
/// themselves. A nil slice or map differs from an empty one, as in Go.
pub(crate) fn deep_equal(a: &Value, b: &Value) -> bool {
    deep_equal_at(a, b, 0)
}

/// [`deep_equal`] `depth` levels down (bounded by `MAX_VALUE_DEPTH`).
fn deep_equal_at(a: &Value, b: &Value, depth: usize) -> bool {
    fn go(a: &Value, b: &Value, depth: usize) -> bool {
        if depth > crate::limits::MAX_VALUE_DEPTH {
            return false;
        }
        match (a, b) {
            (Value::Nil, Value::Nil) => true,
            (Value::Bool(x), Value::Bool(y)) => x == y,
            (Value::Int(x), Value::Int(y)) | (Value::Int64(x), Value::Int64(y)) => x == y,
            (Value::Uint(x), Value::Uint(y)) => x == y,
            (Value::Byte(x), Value::Byte(y)) => x == y,
            (Value::Float(x), Value::Float(y)) => x == y,
            (Value::String(x), Value::String(y)) => x == y,
            (Value::Bytes(x), Value::Bytes(y)) => x == y,
            (Value::List(x), Value::List(y)) => {
                x.elem() == y.elem()
                    && x.is_nil() == y.is_nil()
                    && x.len() == y.len()
                    && (List::ptr_eq(x, y)
                        || x.iter().zip(y.iter()).all(|(p, q)| go(p, q, depth + 1)))
            }
            (Value::Map(x), Value::Map(y)) => {
                if x.map_type() != y.map_type() || x.is_nil() != y.is_nil() {
                    return false;
                }
                if Map::ptr_eq(x, y) {
                    return true;
                }
                let (xs, ys) = (x.to_vec(), y.to_vec());
                xs.len() == ys.len()
                    && xs
                        .iter()
                        .zip(ys.iter())
                        .all(|((ka, va), (kb, vb))| ka == kb && go(va, vb, depth + 1))
            }
            (Value::Object(x), Value::Object(y)) => {
                core::ptr::addr_eq(
                    alloc::rc::Rc::as_ptr(x) as *const u8,
                    alloc::rc::Rc::as_ptr(y) as *const u8,
                ) || same_object(x.as_ref(), y.as_ref(), depth)
            }
            _ => false,
        }
    }
    go(a, b, depth)
}

/// Two host values of one type with equal contents: named integers (`time.Duration`)
/// by their number, named slices and maps element by element; structs (`time.Time`, `*semver.Version`, which DeepEqual follows)
/// field by field, and by what they print, which tells apart the locations of times.
pub(crate) fn same_object(
    x: &dyn crate::value::Object,
    y: &dyn crate::value::Object,
    depth: usize,
) -> bool {
    use crate::value::PrintedField as F;
    if x.type_name() != y.type_name() {
        return false;
    }
    if let (Some(p), Some(q)) = (x.named_int(), y.named_int()) {
        return p == q;
    }
    if let (Some(p), Some(q)) = (x.list_items(), y.list_items()) {
        return deep_equal_at(&Value::List(p), &Value::List(q), depth + 1);
    }
    if let (Some(p), Some(q)) = (x.map_entries(), y.map_entries()) {
        return p.len() == q.len()
            && p.iter()
                .zip(q.iter())
                .all(|((ka, va), (kb, vb))| ka == kb && deep_equal_at(va, vb, depth + 1));
    }
    let (Some(fx), Some(fy)) = (x.printed_fields(), y.printed_fields()) else {
        return false;
    };
    fx.len() == fy.len()
        && fx.iter().zip(fy.iter()).all(|(p, q)| match (p, q) {
            (F::Uint64(a), F::Uint64(b)) => a == b,
            (F::Int64(a), F::Int64(b)) => a == b,
            (F::Ptr(_, a), F::Ptr(_, b)) => a == b,
            (F::Str(a), F::Str(b)) => a == b,
            (F::Value(a), F::Value(b)) => deep_equal_at(a, b, depth + 1),
            _ => false,
        })
        && x.format_v() == y.format_v()
}

/// Go's `strconv.Quote` (what `%q` prints for a string).
pub(crate) fn go_quote(s: &str) -> String {
    crate::gofmt::strconv::quote(s)
}
