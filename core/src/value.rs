//! The data model templates see: Go's dynamic values (`interface{}`) as one enum.
//!
//! Go templates observe Go types (`%T`, `typeOf`, error messages such as `wrong type for
//! value; expected string; got float64`), so a [`Value`] keeps the Go type it stands for:
//! `int` and `int64` are different variants, a list remembers whether it is a
//! `[]interface {}` or a `[]string`, a map whether it is a `common.Values`.
//!
//! Maps have Go's reference semantics (`set $d "k" 1` is seen by every holder of `$d`), so
//! they live behind `Rc<RefCell<…>>`. Lists are immutable and shared.

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::{Ref, RefCell, RefMut};
use core::fmt;

/// A shared, immutable string (Go `string`).
pub type Str = Rc<str>;

/// `data` as a [`Str`] sharing its allocation, if it is UTF-8 (chart files, built text):
/// no copy of text that is already in a shared buffer.
pub(crate) fn shared_str(data: &Rc<[u8]>) -> Option<Str> {
    core::str::from_utf8(data).ok()?;
    // SAFETY: just checked.
    Some(unsafe { shared_str_unchecked(Rc::clone(data)) })
}

/// [`shared_str`] of bytes known to be UTF-8.
///
/// # Safety
/// `data` must be UTF-8. (`str` has the layout of `[u8]`, the cast keeps the length, and
/// an `Rc<[u8]>` hands out no `&mut` while shared, so the text cannot change after.)
unsafe fn shared_str_unchecked(data: Rc<[u8]>) -> Str {
    // SAFETY: the pointer came from `Rc::into_raw` of the same layout; UTF-8 by contract.
    unsafe { Rc::from_raw(Rc::into_raw(data) as *const str) }
}

/// A [`Str`] of a size known in advance, written in place: text built in a `String` and
/// then turned into a `Str` is copied once more (`nindent` of a whole included template).
pub(crate) struct StrBuf<'a> {
    dst: &'a mut [core::mem::MaybeUninit<u8>],
    /// Bytes written, all at the front.
    at: usize,
    /// More was pushed than the size allowed (a miscounted size; never with correct code).
    overflow: bool,
}

impl StrBuf<'_> {
    /// The string of `len` bytes that `fill` pushes. Filled to its size it is the buffer
    /// itself; a miscount yields a copy of what was written instead.
    pub(crate) fn build(len: usize, fill: impl FnOnce(&mut StrBuf<'_>)) -> Str {
        let mut data = Rc::<[u8]>::new_uninit_slice(len);
        let (at, overflow) = {
            let dst = Rc::get_mut(&mut data).expect("just made");
            let mut b = StrBuf {
                dst,
                at: 0,
                overflow: false,
            };
            fill(&mut b);
            (b.at, b.overflow)
        };
        if at != len || overflow {
            // SAFETY: the first `at` bytes were written by `push_str`.
            let written = unsafe { core::slice::from_raw_parts(data.as_ptr() as *const u8, at) };
            return Rc::from(String::from_utf8_lossy(written).as_ref());
        }
        // SAFETY: all `len` bytes were written by `push_str`.
        let data = unsafe { data.assume_init() };
        // SAFETY: whole `&str`s copied one after another are UTF-8.
        unsafe { shared_str_unchecked(data) }
    }

    /// Appends `s`.
    #[inline]
    pub(crate) fn push_str(&mut self, s: &str) {
        let end = self.at + s.len();
        match self.dst.get_mut(self.at..end) {
            Some(d) => {
                // SAFETY: `d` has room for exactly `s.len()` bytes, and `s` cannot overlap
                // a buffer only this builder can reach.
                unsafe {
                    core::ptr::copy_nonoverlapping(s.as_ptr(), d.as_mut_ptr() as *mut u8, s.len())
                };
                self.at = end;
            }
            None => self.overflow = true,
        }
    }
}

/// A map key to look up by: ordered exactly as `str`, but compared inline, because a
/// `BTreeMap` node is searched key by key and most keys differ in their first byte, where a
/// call into `memcmp` per key cost more than the comparison (field lookups are a large
/// part of executing a template).
#[repr(transparent)]
#[derive(PartialEq, Eq)]
pub struct KeyStr(str);

impl KeyStr {
    /// `s` as a lookup key.
    #[inline]
    pub fn new(s: &str) -> &KeyStr {
        // SAFETY: `KeyStr` is a `repr(transparent)` wrapper of `str`.
        unsafe { &*(s as *const str as *const KeyStr) }
    }
}

impl Ord for KeyStr {
    #[inline]
    fn cmp(&self, other: &KeyStr) -> core::cmp::Ordering {
        let (a, b) = (self.0.as_bytes(), other.0.as_bytes());
        if let (Some(x), Some(y)) = (a.first(), b.first()) {
            if x != y {
                return x.cmp(y);
            }
        }
        // Eight bytes at a time as big-endian words (their order is the bytes' order),
        // then byte by byte: keys are short, and a call into `memcmp` cost more.
        let n = a.len().min(b.len());
        let mut i = 0;
        while let (Some(x), Some(y)) = (a.get(i..i + 8), b.get(i..i + 8)) {
            let (x, y) = (word(x), word(y));
            if x != y {
                return x.cmp(&y);
            }
            i += 8;
        }
        while i < n {
            if a[i] != b[i] {
                return a[i].cmp(&b[i]);
            }
            i += 1;
        }
        a.len().cmp(&b.len())
    }
}

/// Eight bytes as a big-endian word.
#[inline]
fn word(b: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[..8]);
    u64::from_be_bytes(w)
}

impl PartialOrd for KeyStr {
    #[inline]
    fn partial_cmp(&self, other: &KeyStr) -> Option<core::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl core::borrow::Borrow<KeyStr> for Str {
    #[inline]
    fn borrow(&self) -> &KeyStr {
        KeyStr::new(self)
    }
}

/// A Go value as templates see it.
#[derive(Clone, Default)]
pub enum Value {
    /// An untyped `nil` (a nil `interface{}`; prints `<nil>`, or `<no value>` at top level).
    #[default]
    Nil,
    /// Go `bool`.
    Bool(bool),
    /// Go `int` (64-bit): literals in templates, `len`, `atoi`, `int`, `until`.
    Int(i64),
    /// Go `int64`: `--set` numbers, Sprig math results, `int64`.
    Int64(i64),
    /// Go `uint64` (rare: only host values produce it).
    Uint(u64),
    /// Go `uint8` (`byte`): what `index` of a string or `[]byte` yields.
    Byte(u8),
    /// Go `float64`: every number read from YAML or JSON.
    Float(f64),
    /// Go `string`.
    String(Str),
    /// Go `[]byte` (`[]uint8`).
    Bytes(Rc<[u8]>),
    /// A Go slice.
    List(List),
    /// A Go map with string keys.
    Map(Map),
    /// A host value with fields and methods (`.Files`, `.Capabilities`, `semver`, `time.Time`).
    Object(Rc<dyn Object>),
}

/// The element type of a Go slice, which `%T`, `typeOf` and field errors reveal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Elem {
    /// `[]interface {}`
    Any,
    /// `[]string`
    String,
    /// `[]int`
    Int,
    /// `[]int64`
    Int64,
    /// `[]float64`
    Float,
    /// `[]bool`
    Bool,
    /// `[]map[string]interface {}`
    Map,
    /// `common.VersionSet` (a named `[]string`)
    VersionSet,
    /// `[][]interface {}` (Sprig's `chunk`)
    Slices,
}

impl Elem {
    /// Go's name of a slice with this element type.
    pub fn slice_type_name(self) -> &'static str {
        match self {
            Elem::Any => "[]interface {}",
            Elem::String => "[]string",
            Elem::Int => "[]int",
            Elem::Int64 => "[]int64",
            Elem::Float => "[]float64",
            Elem::Bool => "[]bool",
            Elem::Map => "[]map[string]interface {}",
            Elem::VersionSet => "common.VersionSet",
            Elem::Slices => "[][]interface {}",
        }
    }

    /// The element's zero value (what `make` and `append` leave in unused capacity).
    pub fn zero(self) -> Value {
        match self {
            Elem::Any => Value::Nil,
            Elem::String | Elem::VersionSet => Value::str(""),
            Elem::Int => Value::Int(0),
            Elem::Int64 => Value::Int64(0),
            Elem::Float => Value::Float(0.0),
            Elem::Bool => Value::Bool(false),
            Elem::Map => Value::Map(Map::nil_of(MapType::Any)),
            Elem::Slices => Value::List(List::nil_of(Elem::Any)),
        }
    }

    /// The element's size in bytes and whether it holds pointers, which decide how Go's
    /// `append` rounds capacity up to an allocation size class.
    fn layout(self) -> (usize, bool) {
        match self {
            Elem::Any | Elem::String | Elem::VersionSet => (16, true),
            Elem::Int | Elem::Int64 | Elem::Float => (8, false),
            Elem::Bool => (1, false),
            Elem::Map => (8, true),
            Elem::Slices => (24, true),
        }
    }

    /// Go's name of the element type itself.
    pub fn elem_type_name(self) -> &'static str {
        match self {
            Elem::Any => "interface {}",
            Elem::String | Elem::VersionSet => "string",
            Elem::Int => "int",
            Elem::Int64 => "int64",
            Elem::Float => "float64",
            Elem::Bool => "bool",
            Elem::Map => "map[string]interface {}",
            Elem::Slices => "[]interface {}",
        }
    }
}

/// An immutable, shared Go slice.
#[derive(Clone)]
pub struct List(Rc<ListData>);

struct ListData {
    elem: Elem,
    items: Vec<Value>,
    /// A nil slice (Go distinguishes it from an empty one: JSON `null`, prints `[]`).
    nil: bool,
    /// Elements past the length but within the capacity that a re-slice left behind
    /// (`slice` may reach them again, as Go's `reflect.Value.Slice` can).
    tail: Vec<Value>,
    /// Zero elements after `tail`: capacity an `append` allocated but did not fill.
    zeros: usize,
}

/// Go's allocation size classes (`runtime/sizeclasses.go`), in bytes.
const SIZE_CLASSES: [usize; 68] = [
    0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320,
    352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792,
    2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728,
    10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672,
    32768,
];

/// `runtime.roundupsize`: the bytes an allocation of `size` really gets (small objects with
/// pointers above 512 bytes carry an 8-byte header inside their size class).
fn roundupsize(size: usize, noscan: bool) -> usize {
    const HEADER: usize = 8;
    if size <= 32768 - HEADER {
        let req = if !noscan && size > 512 {
            size + HEADER
        } else {
            size
        };
        let class = SIZE_CLASSES
            .iter()
            .copied()
            .find(|&c| c >= req)
            .unwrap_or(32768);
        return class - (req - size);
    }
    size.div_ceil(8192).saturating_mul(8192)
}

/// `runtime.growslice`'s new capacity for appending up to `new_len` elements to a slice of
/// capacity `old_cap`.
fn grow_cap(elem: Elem, old_cap: usize, new_len: usize) -> usize {
    let double = old_cap.saturating_mul(2);
    let mut cap = if new_len > double {
        new_len
    } else if old_cap < 256 {
        double
    } else {
        let mut c = old_cap;
        while c < new_len {
            c = c.saturating_add((c + 3 * 256) >> 2);
        }
        c
    };
    let (size, pointers) = elem.layout();
    if cap > (usize::MAX >> 8) {
        return cap;
    }
    cap = roundupsize(cap * size, !pointers) / size;
    cap
}

/// The capacity after appending `n` elements one at a time to a slice of capacity `cap0`
/// holding nothing yet.
pub(crate) fn append_cap(elem: Elem, cap0: usize, n: usize) -> usize {
    let mut cap = cap0;
    let mut len = 0;
    while len < n {
        if cap <= len {
            cap = grow_cap(elem, cap, len + 1);
        }
        len = cap.min(n);
    }
    cap.max(cap0)
}

/// The capacity Go's `append(s, more...)` gives, `s` having length `len` and capacity `cap`.
pub(crate) fn append_many_cap(elem: Elem, len: usize, cap: usize, more: usize) -> usize {
    let new_len = len + more;
    if new_len <= cap {
        cap
    } else {
        grow_cap(elem, cap, new_len)
    }
}

/// A map's storage. Its `Drop` (like `ListData`'s) takes nested values apart with an explicit
/// stack: values read from YAML or JSON may nest thousands deep, and recursive drops would
/// overflow small (WASM) stacks.
struct MapCell(RefCell<Entries>);

impl core::ops::Deref for MapCell {
    type Target = RefCell<Entries>;
    fn deref(&self) -> &RefCell<Entries> {
        &self.0
    }
}

impl Drop for MapCell {
    fn drop(&mut self) {
        let entries = core::mem::take(self.0.get_mut());
        let mut nested = Vec::new();
        for (_, v) in entries {
            if is_container(&v) {
                nested.push(v);
            }
        }
        if !nested.is_empty() {
            drop_iteratively(nested);
        }
    }
}

impl Drop for ListData {
    fn drop(&mut self) {
        let mut nested = Vec::new();
        for v in self.items.drain(..).chain(self.tail.drain(..)) {
            if is_container(&v) {
                nested.push(v);
            }
        }
        if !nested.is_empty() {
            drop_iteratively(nested);
        }
    }
}

fn is_container(v: &Value) -> bool {
    matches!(v, Value::List(_) | Value::Map(_))
}

/// Drops containers this is the last owner of, without recursion: their contents are freed
/// where they lie, and only the containers among them wait on the stack (moving every value
/// through the stack was a few percent of rendering a chart with large values).
fn drop_iteratively(mut stack: Vec<Value>) {
    while let Some(v) = stack.pop() {
        match v {
            Value::List(List(rc)) => {
                if let Ok(mut data) = Rc::try_unwrap(rc) {
                    for x in data.items.drain(..).chain(data.tail.drain(..)) {
                        if is_container(&x) {
                            stack.push(x);
                        }
                    }
                }
            }
            Value::Map(Map { data, .. }) => {
                if let Ok(mut cell) = Rc::try_unwrap(data) {
                    for (_, x) in core::mem::take(cell.0.get_mut()) {
                        if is_container(&x) {
                            stack.push(x);
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

impl List {
    /// How many handles share this list's items (the count of its `Rc`).
    pub fn holders(&self) -> usize {
        Rc::strong_count(&self.0)
    }

    /// A `[]interface {}`.
    pub fn new(items: Vec<Value>) -> List {
        List::typed(Elem::Any, items)
    }

    /// A slice whose Go element type is `elem`; items must already be of that type.
    pub fn typed(elem: Elem, items: Vec<Value>) -> List {
        List(Rc::new(ListData {
            elem,
            items,
            nil: false,
            tail: Vec::new(),
            zeros: 0,
        }))
    }

    /// A nil slice of the given element type (what Go functions return for "nothing").
    pub fn nil_of(elem: Elem) -> List {
        List(Rc::new(ListData {
            elem,
            items: Vec::new(),
            nil: true,
            tail: Vec::new(),
            zeros: 0,
        }))
    }

    /// Whether this is a nil slice (encoding/json writes `null` for it).
    pub fn is_nil(&self) -> bool {
        self.0.nil
    }

    /// A `[]string`.
    pub fn strings<I, S>(items: I) -> List
    where
        I: IntoIterator<Item = S>,
        S: Into<Str>,
    {
        List::typed(
            Elem::String,
            items.into_iter().map(|s| Value::String(s.into())).collect(),
        )
    }

    /// The Go element type.
    pub fn elem(&self) -> Elem {
        self.0.elem
    }

    /// The items.
    pub fn items(&self) -> &[Value] {
        &self.0.items
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.0.items.len()
    }

    /// True when there are no items.
    pub fn is_empty(&self) -> bool {
        self.0.items.is_empty()
    }

    /// A slice of `items` with capacity `cap` (at least the length), as `make` or `append`
    /// left it.
    pub fn with_cap(elem: Elem, items: Vec<Value>, cap: usize) -> List {
        let zeros = cap.saturating_sub(items.len());
        List(Rc::new(ListData {
            elem,
            items,
            nil: false,
            tail: Vec::new(),
            zeros,
        }))
    }

    /// The same slice (element type, nil-ness, capacity and what lies past the length)
    /// holding `items` instead, as a sort in place leaves it; `items` has the same length.
    pub fn with_items(&self, items: Vec<Value>) -> List {
        debug_assert_eq!(items.len(), self.len());
        let d = &self.0;
        List(Rc::new(ListData {
            elem: d.elem,
            items,
            nil: d.nil,
            tail: d.tail.clone(),
            zeros: d.zeros,
        }))
    }

    /// A slice Go built by appending `items` one at a time to an empty or nil slice (JSON
    /// and YAML arrays, most Sprig list functions).
    pub fn appended(elem: Elem, items: Vec<Value>) -> List {
        let cap = append_cap(elem, 0, items.len());
        List::with_cap(elem, items, cap)
    }

    /// Go's `cap`.
    pub fn cap(&self) -> usize {
        self.0.items.len() + self.0.tail.len() + self.0.zeros
    }

    /// `s[i:j:k]` (`k` defaults to the capacity); the caller checks `i <= j <= k <= cap`.
    pub fn reslice(&self, i: usize, j: usize, k: Option<usize>) -> List {
        let k = k.unwrap_or_else(|| self.cap());
        let d = &self.0;
        let zero = self.elem().zero();
        let at = |n: usize| -> Value {
            if n < d.items.len() {
                d.items[n].clone()
            } else if n - d.items.len() < d.tail.len() {
                d.tail[n - d.items.len()].clone()
            } else {
                zero.clone()
            }
        };
        let items: Vec<Value> = (i..j).map(at).collect();
        let tail: Vec<Value> = (j..k).map(at).collect();
        List(Rc::new(ListData {
            elem: d.elem,
            items,
            nil: false,
            tail,
            zeros: 0,
        }))
    }

    /// Whether two handles share storage (Go cannot compare slices; cycle checks can).
    pub fn ptr_eq(a: &List, b: &List) -> bool {
        Rc::ptr_eq(&a.0, &b.0)
    }
}

impl core::ops::Deref for List {
    type Target = [Value];
    fn deref(&self) -> &[Value] {
        &self.0.items
    }
}

/// The named map types Helm hands to templates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapType {
    /// `map[string]interface {}`
    Any,
    /// `common.Values` (`.Values`, `.Template`)
    Values,
    /// `map[string]string`
    Strings,
}

impl MapType {
    /// Go's name of the type.
    pub fn type_name(self) -> &'static str {
        match self {
            MapType::Any => "map[string]interface {}",
            MapType::Values => "common.Values",
            MapType::Strings => "map[string]string",
        }
    }
}

/// The entries of a map, sorted by key as Go prints and ranges over them.
pub type Entries = BTreeMap<Str, Value>;

/// A Go map with string keys, shared by reference. The Go type is part of the handle, so
/// the same map can be seen as `map[string]interface {}` and as `common.Values`, as Go
/// code converting between the two does.
#[derive(Clone)]
pub struct Map {
    data: Rc<MapCell>,
    ty: MapType,
    /// A nil map (JSON `null`; what `json.Unmarshal` of `null` leaves, an absent
    /// `Annotations`). Reads see it empty.
    nil: bool,
}

impl Map {
    /// How many handles share this map's entries.
    pub fn holders(&self) -> usize {
        Rc::strong_count(&self.data)
    }

    /// Which map this is, as a key: its entries' address, its Go type and nil-ness (two
    /// handles with the same key share their entries and read alike).
    pub fn identity(&self) -> (usize, MapType, bool) {
        (
            Rc::as_ptr(&self.data) as *const u8 as usize,
            self.ty,
            self.nil,
        )
    }

    /// An empty `map[string]interface {}`.
    pub fn new() -> Map {
        Map::from_entries(MapType::Any, Entries::new())
    }

    /// A map of the given Go type.
    pub fn from_entries(ty: MapType, entries: Entries) -> Map {
        Map {
            data: Rc::new(MapCell(RefCell::new(entries))),
            ty,
            nil: false,
        }
    }

    /// A nil map of the given Go type.
    pub fn nil_of(ty: MapType) -> Map {
        Map {
            nil: true,
            ..Map::from_entries(ty, Entries::new())
        }
    }

    /// Whether this is a nil map (encoding/json writes `null` for it).
    pub fn is_nil(&self) -> bool {
        self.nil && self.is_empty()
    }

    /// The Go type of this map.
    pub fn map_type(&self) -> MapType {
        self.ty
    }

    /// Borrow the entries.
    ///
    /// Never hold the borrow across template execution: a template may `set` into the same
    /// map while it is being read.
    pub fn borrow(&self) -> Ref<'_, Entries> {
        self.data.borrow()
    }

    /// Borrow the entries mutably (Go's `m[k] = v`).
    pub fn borrow_mut(&self) -> RefMut<'_, Entries> {
        self.data.borrow_mut()
    }

    /// `m[key]`, cloned.
    pub fn get(&self, key: &str) -> Option<Value> {
        self.data.borrow().get(KeyStr::new(key)).cloned()
    }

    /// Whether `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.data.borrow().contains_key(KeyStr::new(key))
    }

    /// `m[key] = value`.
    pub fn insert(&self, key: impl Into<Str>, value: Value) {
        self.data.borrow_mut().insert(key.into(), value);
    }

    /// `delete(m, key)`.
    pub fn remove(&self, key: &str) -> Option<Value> {
        self.data.borrow_mut().remove(key)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.data.borrow().len()
    }

    /// True when the map has no entries.
    pub fn is_empty(&self) -> bool {
        self.data.borrow().is_empty()
    }

    /// The keys in sorted order (a snapshot).
    pub fn keys(&self) -> Vec<Str> {
        self.data.borrow().keys().cloned().collect()
    }

    /// A snapshot of the entries in sorted order.
    pub fn to_vec(&self) -> Vec<(Str, Value)> {
        self.data
            .borrow()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// A new map with the same entries (Go's shallow copy) and the same type.
    pub fn shallow_clone(&self) -> Map {
        Map::from_entries(self.ty, self.data.borrow().clone())
    }

    /// The same map (shared storage) seen as another Go type.
    pub fn retyped(&self, ty: MapType) -> Map {
        Map {
            data: self.data.clone(),
            ty,
            nil: self.nil,
        }
    }

    /// Whether two handles are the same Go map.
    pub fn ptr_eq(a: &Map, b: &Map) -> bool {
        Rc::ptr_eq(&a.data, &b.data)
    }
}

impl Default for Map {
    fn default() -> Self {
        Map::new()
    }
}

/// One field of a host struct as `fmt` prints it: a number, or a pointer of the named type.
#[derive(Clone, Debug)]
pub enum PrintedField {
    /// A `uint64` field.
    Uint64(u64),
    /// An `int64` field.
    Int64(i64),
    /// A pointer field of type `ty`; `false` is nil.
    Ptr(&'static str, bool),
    /// A `string` field.
    Str(Str),
    /// A field of another type (a struct, a slice), printed as that value is.
    Value(Value),
}

/// A host value: a Go struct, pointer or named type with fields and methods.
///
/// `.Files`, `.Capabilities`, `.Capabilities.KubeVersion`, Sprig's `*semver.Version` and
/// `time.Time` are objects; templates reach them through field and method names.
pub trait Object {
    /// Go's `%T` of the value, e.g. `*common.Capabilities`, `engine.files`, `time.Time`.
    fn type_name(&self) -> &str;

    /// Go's `reflect.Kind` name (`kindOf`): `struct`, `ptr`, `map`, `slice`.
    fn kind(&self) -> &str {
        "struct"
    }

    /// A struct field or map entry named `name`, if the type has one.
    fn field(&self, name: &str) -> Option<Value> {
        let _ = name;
        None
    }

    /// Whether the type has a method named `name`.
    fn has_method(&self, name: &str) -> bool {
        let _ = name;
        false
    }

    /// Calls method `name`; `None` if there is no such method.
    ///
    /// Arguments are already evaluated; the method checks their number and types and words
    /// its errors as Go's reflection would (see `template::funcs::Ty`).
    fn call_method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let _ = (name, args);
        None
    }

    /// The method's signature, so the engine can check arguments as Go does.
    fn method_sig(&self, name: &str) -> Option<crate::template::funcs::Sig> {
        let _ = name;
        None
    }

    /// How `fmt` prints the value with `%v` (Go calls `String()` when the type has one).
    fn format_v(&self) -> String;

    /// For named integer types (`time.Month`, `time.Duration`): the value of this type
    /// numbered `n`, as `range` over an integer yields them.
    fn numbered(&self, n: i64) -> Option<Value> {
        let _ = n;
        None
    }

    /// `GoString()`, for the types that have one (`time.Time`): what `%#v` prints.
    fn go_string(&self) -> Option<String> {
        None
    }

    /// How a template action prints it, when that differs from `%v`: Go's template printer
    /// takes the address of addressable values, so a `String()` method with a pointer
    /// receiver is used there but not by `printf "%v"`.
    fn template_string(&self) -> Option<String> {
        None
    }

    /// For objects of map kind (`engine.files`): the entries, sorted by key, as `range`,
    /// `len` and `index` see them.
    fn map_entries(&self) -> Option<Vec<(Str, Value)>> {
        None
    }

    /// For objects of slice kind (`common.VersionSet`): the elements.
    fn list_items(&self) -> Option<List> {
        None
    }

    /// The value as encoding/json would see it (for `toJson`, `toYaml`), if it marshals.
    fn to_data(&self) -> Option<Value> {
        None
    }

    /// What copystructure's deep copy (Sprig's `deepCopy`) makes of it, when not the value
    /// itself: structs whose fields are all unexported come out as their zero value.
    fn deep_copied(&self) -> Option<Value> {
        None
    }

    /// For structs without a `MarshalJSON`: the exported fields in declaration order, under
    /// their JSON names, as encoding/json writes them (`toJson` keeps this order; YAML,
    /// which goes through a map, sorts it).
    fn json_fields(&self) -> Option<Vec<(Str, Value)>> {
        None
    }

    /// The exported fields under their Go names, in declaration order, for encoders that
    /// ignore `json` tags (BurntSushi's TOML, yaml.v3); defaults to [`Object::json_fields`]
    /// for structs without tags.
    fn exported_fields(&self) -> Option<Vec<(Str, Value)>> {
        self.json_fields()
    }

    /// The struct's fields in declaration order, for the `fmt` verbs that print a struct
    /// field by field (`%d`, `%e`, …: every verb but the ones that call `String()`, and all
    /// of them when [`Object::stringer`] is false).
    fn printed_fields(&self) -> Option<Vec<PrintedField>> {
        None
    }

    /// The Go names of [`Object::printed_fields`], in the same order (`%+v`, `%#v`).
    fn field_names(&self) -> &'static [&'static str] {
        &[]
    }

    /// Whether `fmt` calls a `String()` method on the value handed to it (false when the
    /// method has a pointer receiver, as `common.KubeVersion`'s has).
    fn stringer(&self) -> bool {
        true
    }

    /// Whether `%#v` calls a `GoString()` method instead of printing the fields (the
    /// stringers here have one, `time.Time` for one, or print no fields).
    fn go_stringer(&self) -> bool {
        self.stringer()
    }

    /// Downcasting support for host code that knows the concrete type.
    fn as_any(&self) -> &dyn core::any::Any;
}

impl dyn Object + '_ {
    /// The number of a value of a named integer type (`time.Month`, `time.Duration`), which
    /// Go's comparisons, `range`, truth and `fmt` treat as the integer it is; `None` for any
    /// other kind.
    pub fn named_int(&self) -> Option<i64> {
        if !matches!(self.kind(), "int" | "int64") {
            return None;
        }
        match self.to_data() {
            Some(Value::Int(n) | Value::Int64(n)) => Some(n),
            _ => None,
        }
    }
}

impl Value {
    /// A Go `string`.
    pub fn str(s: impl Into<Str>) -> Value {
        Value::String(s.into())
    }

    /// A `[]interface {}`.
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(List::new(items))
    }

    /// A fresh `map[string]interface {}` holding `entries`.
    pub fn map(entries: Entries) -> Value {
        Value::Map(Map::from_entries(MapType::Any, entries))
    }

    /// An empty `map[string]interface {}`.
    pub fn empty_map() -> Value {
        Value::Map(Map::new())
    }

    /// Go's `%T` of the value (`<nil>` for nil).
    pub fn type_name(&self) -> &str {
        match self {
            Value::Nil => "<nil>",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Int64(_) => "int64",
            Value::Uint(_) => "uint64",
            Value::Byte(_) => "uint8",
            Value::Float(_) => "float64",
            Value::String(_) => "string",
            Value::Bytes(_) => "[]uint8",
            Value::List(l) => l.elem().slice_type_name(),
            Value::Map(m) => m.map_type().type_name(),
            Value::Object(o) => o.type_name(),
        }
    }

    /// Go's `reflect.Kind` name (Sprig's `kindOf`; `invalid` for nil).
    pub fn kind_name(&self) -> &str {
        match self {
            Value::Nil => "invalid",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Int64(_) => "int64",
            Value::Uint(_) => "uint64",
            Value::Byte(_) => "uint8",
            Value::Float(_) => "float64",
            Value::String(_) => "string",
            Value::Bytes(_) | Value::List(_) => "slice",
            Value::Map(_) => "map",
            Value::Object(o) => o.kind(),
        }
    }

    /// Whether this is Go's untyped nil (a nil interface), not a nil slice or map.
    pub fn is_nil_interface(&self) -> bool {
        matches!(self, Value::Nil)
    }

    /// Go text/template's truth: false for zero values, nil, and empty collections.
    ///
    /// Structs (objects) are always true, as in Go.
    pub fn truth(&self) -> bool {
        match self {
            Value::Nil => false,
            Value::Bool(b) => *b,
            Value::Int(n) | Value::Int64(n) => *n != 0,
            Value::Uint(n) => *n != 0,
            Value::Byte(n) => *n != 0,
            Value::Float(f) => *f != 0.0,
            Value::String(s) => !s.is_empty(),
            Value::Bytes(b) => !b.is_empty(),
            Value::List(l) => !l.is_empty(),
            Value::Map(m) => !m.is_empty(),
            // Structs are always true; named maps and slices by their length, named
            // integers (`time.Duration`) by their number.
            Value::Object(o) => match (o.map_entries(), o.list_items()) {
                (Some(e), _) => !e.is_empty(),
                (_, Some(l)) => !l.is_empty(),
                _ => o.named_int().is_none_or(|n| n != 0),
            },
        }
    }

    /// True for `Nil`.
    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil)
    }

    /// The string, if this is a Go `string`.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The map, if this is a Go map.
    pub fn as_map(&self) -> Option<&Map> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The list, if this is a Go slice (not `[]byte`).
    pub fn as_list(&self) -> Option<&List> {
        match self {
            Value::List(l) => Some(l),
            _ => None,
        }
    }

    /// Deep copy: fresh maps all the way down (Sprig's `deepCopy`, Helm's value copies).
    ///
    /// Stops at `depth_limit` levels and returns what was copied so far below that (cyclic
    /// maps made by `set` cannot loop forever).
    pub fn deep_copy(&self) -> Value {
        fn go(v: &Value, depth: usize) -> Value {
            if depth > crate::limits::MAX_VALUE_DEPTH {
                return v.clone();
            }
            match v {
                Value::Map(m) if m.is_nil() => Value::Map(Map::nil_of(m.map_type())),
                Value::Map(m) => {
                    // Cloning the tree keeps its shape (no re-sorting of keys); only the
                    // containers in it need copies of their own.
                    let mut entries = m.borrow().clone();
                    for v in entries.values_mut() {
                        if matches!(v, Value::Map(_) | Value::List(_) | Value::Object(_)) {
                            *v = go(v, depth + 1);
                        }
                    }
                    Value::Map(Map::from_entries(m.map_type(), entries))
                }
                // copystructure copies a nil slice as nil (`toJson` says `null`) and
                // makes other copies with the source's capacity (zeros past the length).
                Value::List(l) if l.is_nil() => Value::List(List::nil_of(l.elem())),
                Value::List(l) => Value::List(List::with_cap(
                    l.elem(),
                    l.iter().map(|v| go(v, depth + 1)).collect(),
                    l.cap(),
                )),
                Value::Object(o) => o.deep_copied().unwrap_or_else(|| v.clone()),
                other => other.clone(),
            }
        }
        go(self, 0)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}
impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.into())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(s.into())
    }
}
impl From<Str> for Value {
    fn from(s: Str) -> Value {
        Value::String(s)
    }
}
impl From<f64> for Value {
    fn from(f: f64) -> Value {
        Value::Float(f)
    }
}
impl From<Map> for Value {
    fn from(m: Map) -> Value {
        Value::Map(m)
    }
}
impl From<List> for Value {
    fn from(l: List) -> Value {
        Value::List(l)
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Nil => f.write_str("nil"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(n) => write!(f, "{n}"),
            Value::Int64(n) => write!(f, "int64({n})"),
            Value::Uint(n) => write!(f, "uint64({n})"),
            Value::Byte(n) => write!(f, "uint8({n})"),
            Value::Float(x) => write!(f, "float64({x:?})"),
            Value::String(s) => write!(f, "{s:?}"),
            Value::Bytes(b) => write!(f, "bytes({b:?})"),
            Value::List(l) => {
                if l.elem() != Elem::Any {
                    write!(f, "{}", l.elem().slice_type_name())?;
                }
                f.debug_list().entries(l.iter()).finish()
            }
            Value::Map(m) => f.debug_map().entries(m.borrow().iter()).finish(),
            Value::Object(o) => write!(f, "<{}>", o.type_name()),
        }
    }
}

/// Builds a `map[string]interface {}` from pairs: `map_of([("a", Value::Int(1))])`.
pub fn map_of<K: Into<Str>, I: IntoIterator<Item = (K, Value)>>(pairs: I) -> Value {
    Value::map(pairs.into_iter().map(|(k, v)| (k.into(), v)).collect())
}

/// A boxed error message, the shape Go functions return.
pub type BoxStr = Box<str>;

impl fmt::Debug for List {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&Value::List(self.clone()), f)
    }
}

impl fmt::Debug for Map {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&Value::Map(self.clone()), f)
    }
}

/// A struct reached through a pointer's field (Go: an addressable value), such as
/// `.Capabilities.KubeVersion`. Go's template printer calls a `String()` method with a
/// pointer receiver only on such values; a copy passed through a function (`ternary`,
/// `list`) prints with `%v`. The engine unwraps it when passing it to a function.
pub struct Addressable(pub Rc<dyn Object>);

impl Object for Addressable {
    fn type_name(&self) -> &str {
        self.0.type_name()
    }
    fn kind(&self) -> &str {
        self.0.kind()
    }
    fn field(&self, name: &str) -> Option<Value> {
        self.0.field(name)
    }
    fn has_method(&self, name: &str) -> bool {
        self.0.has_method(name)
    }
    fn call_method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        self.0.call_method(name, args)
    }
    fn method_sig(&self, name: &str) -> Option<crate::template::funcs::Sig> {
        self.0.method_sig(name)
    }
    fn format_v(&self) -> String {
        self.0.format_v()
    }
    fn template_string(&self) -> Option<String> {
        self.0.template_string()
    }
    fn map_entries(&self) -> Option<Vec<(Str, Value)>> {
        self.0.map_entries()
    }
    fn list_items(&self) -> Option<List> {
        self.0.list_items()
    }
    fn to_data(&self) -> Option<Value> {
        self.0.to_data()
    }
    fn json_fields(&self) -> Option<Vec<(Str, Value)>> {
        self.0.json_fields()
    }
    fn deep_copied(&self) -> Option<Value> {
        self.0.deep_copied()
    }
    fn exported_fields(&self) -> Option<Vec<(Str, Value)>> {
        self.0.exported_fields()
    }
    fn printed_fields(&self) -> Option<Vec<PrintedField>> {
        self.0.printed_fields()
    }
    fn field_names(&self) -> &'static [&'static str] {
        self.0.field_names()
    }
    fn go_string(&self) -> Option<String> {
        self.0.go_string()
    }
    fn numbered(&self, n: i64) -> Option<Value> {
        self.0.numbered(n)
    }
    fn as_any(&self) -> &dyn core::any::Any {
        self
    }
}

impl Value {
    /// The value with an [`Addressable`] wrapper removed (Go copies values it passes on).
    pub fn unaddressed(self) -> Value {
        match &self {
            Value::Object(o) => match o.as_any().downcast_ref::<Addressable>() {
                Some(a) => Value::Object(a.0.clone()),
                None => self,
            },
            _ => self,
        }
    }
}

#[cfg(test)]
mod tests {
    /// Lookup keys order exactly as strings do: prefixes, equal first bytes, long shared
    /// stretches, bytes above 0x7f.
    #[test]
    fn key_order_is_string_order() {
        let keys = [
            "",
            "a",
            "ab",
            "abcdefgh",
            "abcdefgi",
            "abcdefghi",
            "abcdefgh\u{e9}",
            "controller",
            "controllerManager",
            "containerPort",
            "config",
            "\u{e9}t\u{e9}",
            "ingress-nginx.controller.fullname",
            "ingress-nginx.controller.fullnam",
            "ingress-nginx.defaultBackend.fullname",
            "Z",
            "_x",
            "zzzzzzzzzzzzzzzzz",
        ];
        for a in keys {
            for b in keys {
                assert_eq!(KeyStr::new(a).cmp(KeyStr::new(b)), a.cmp(b), "{a:?} {b:?}");
            }
        }
        // Every length through two words and a tail, differing from a run of `m` in one
        // byte at every position, either way.
        let mut gen = Vec::new();
        for len in 0..=19 {
            gen.push("m".repeat(len));
            for at in 0..len {
                for c in ['!', 'n', '~'] {
                    let mut s = "m".repeat(len);
                    s.replace_range(at..at + 1, c.encode_utf8(&mut [0; 4]));
                    gen.push(s);
                }
            }
        }
        for a in &gen {
            for b in &gen {
                assert_eq!(KeyStr::new(a).cmp(KeyStr::new(b)), a.cmp(b), "{a:?} {b:?}");
            }
        }
    }

    /// A buffer filled to its size is the string; a miscounted one still yields what was
    /// written (cut at the last whole push), never uninitialised or invalid text.
    #[test]
    fn str_buf_exact_and_miscounted() {
        let s = StrBuf::build(7, |b| {
            b.push_str("ab");
            b.push_str("\u{e9}xyz");
        });
        assert_eq!(&*s, "ab\u{e9}xyz");
        assert_eq!(&*StrBuf::build(10, |b| b.push_str("abc")), "abc");
        let over = StrBuf::build(4, |b| {
            b.push_str("abc");
            b.push_str("de");
        });
        assert_eq!(&*over, "abc");
    }

    use super::*;

    #[test]
    fn dropping_deep_values_does_not_recurse() {
        // 200k levels would overflow any test thread's stack if dropped recursively.
        let mut v = Value::Nil;
        for i in 0..200_000 {
            v = if i % 2 == 0 {
                Value::list(alloc::vec![v])
            } else {
                map_of([("k", v)])
            };
        }
        drop(v);
    }
}
