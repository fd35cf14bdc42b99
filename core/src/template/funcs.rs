//! Function tables: how a template function is declared, typed and called.
//!
//! Go checks a call's arguments against the function's Go signature (`wrong type for value;
//! expected string; got float64`, `wrong number of args for indent: want 2 got 1`), so every
//! function here declares its Go parameter types in a [`Sig`]. The engine converts and
//! checks arguments before calling; implementations receive already-checked [`Value`]s.

use alloc::string::String;
use alloc::vec::Vec;

use crate::host::Host;
use crate::value::Value;

/// A Go parameter type, as far as argument checking needs to know it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    /// `interface{}`: anything, nil included.
    Any,
    /// `reflect.Value` (Go's builtins `index`, `len`, `eq`…): anything, even "no value".
    Reflect,
    /// `string`
    String,
    /// `int`
    Int,
    /// `int64`
    Int64,
    /// `float64`
    Float64,
    /// `bool`
    Bool,
    /// `[]interface {}`
    List,
    /// `[]string`
    Strings,
    /// `map[string]interface {}` (also accepts `common.Values`, assignable in Go)
    Map,
    /// `[]byte`
    Bytes,
    /// `uint32`
    Uint32,
    /// `time.Time` (a struct: only a value of that type passes)
    Time,
    /// Sprig's `certificate` struct
    Certificate,
}

impl Ty {
    /// Go's name for the type, as error messages print it.
    pub fn go_name(self) -> &'static str {
        match self {
            Ty::Any => "interface {}",
            Ty::Reflect => "reflect.Value",
            Ty::String => "string",
            Ty::Int => "int",
            Ty::Int64 => "int64",
            Ty::Float64 => "float64",
            Ty::Bool => "bool",
            Ty::List => "[]interface {}",
            Ty::Strings => "[]string",
            Ty::Map => "map[string]interface {}",
            Ty::Bytes => "[]uint8",
            Ty::Uint32 => "uint32",
            Ty::Time => "time.Time",
            Ty::Certificate => "sprig.certificate",
        }
    }
}

/// A Go function signature: fixed parameters, then optionally a variadic one.
#[derive(Clone, Copy, Debug)]
pub struct Sig {
    /// Fixed parameters, in order.
    pub params: &'static [Ty],
    /// The element type of a trailing `...T` parameter.
    pub variadic: Option<Ty>,
}

impl Sig {
    /// A signature with fixed parameters only.
    pub const fn fixed(params: &'static [Ty]) -> Sig {
        Sig {
            params,
            variadic: None,
        }
    }

    /// A signature with a trailing variadic parameter.
    pub const fn variadic(params: &'static [Ty], rest: Ty) -> Sig {
        Sig {
            params,
            variadic: Some(rest),
        }
    }
}

/// What a function can reach while it runs.
pub struct CallCtx<'a> {
    /// Time, randomness, DNS, cluster lookups.
    pub host: &'a mut dyn Host,
    /// Lint mode: Helm's `required` and `fail` do not stop a lint render.
    pub lint: bool,
}

/// A function's result: the value, or Go's error text (the engine adds `error calling NAME: `).
pub type FuncResult = Result<Value, String>;

/// A function's implementation. Arguments have been checked against its [`Sig`].
pub type FuncImpl = fn(&mut CallCtx<'_>, &[Value]) -> FuncResult;

/// One template function.
#[derive(Clone, Copy)]
pub struct Func {
    /// The name templates call it by.
    pub name: &'static str,
    /// Its Go signature.
    pub sig: Sig,
    /// What it does.
    pub imp: FuncImpl,
}

impl core::fmt::Debug for Func {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Func({})", self.name)
    }
}

/// Declares a [`Func`] tersely: `func!("upper", [String], upper)` or
/// `func!("list", [] ...Any, list)`.
#[macro_export]
macro_rules! func {
    ($name:literal, [$($p:ident),*], $imp:expr) => {
        $crate::template::funcs::Func {
            name: $name,
            sig: $crate::template::funcs::Sig::fixed(&[$($crate::template::funcs::Ty::$p),*]),
            imp: $imp,
        }
    };
    ($name:literal, [$($p:ident),*] ...$rest:ident, $imp:expr) => {
        $crate::template::funcs::Func {
            name: $name,
            sig: $crate::template::funcs::Sig::variadic(
                &[$($crate::template::funcs::Ty::$p),*],
                $crate::template::funcs::Ty::$rest,
            ),
            imp: $imp,
        }
    };
}

/// The functions a template set can call, by name. Later insertions replace earlier ones,
/// as Go's `Funcs` does when Helm layers its functions over Sprig's.
#[derive(Clone, Debug, Default)]
pub struct FuncMap {
    funcs: Vec<Func>,
    /// Open-addressing index into `funcs` (FNV-1a of the name; slot = position + 1, 0 =
    /// empty): the parser asks about every identifier, and every render builds the map, so
    /// both lookups and inserts skip string-ordered structures.
    index: Vec<u16>,
}

fn fnv1a(s: &str) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h as usize
}

impl FuncMap {
    /// An empty map.
    pub fn new() -> FuncMap {
        FuncMap::default()
    }

    /// Adds (or replaces) every function in `funcs`.
    pub fn extend(&mut self, funcs: &[Func]) {
        self.funcs.reserve(funcs.len());
        self.reserve_index(self.funcs.len() + funcs.len());
        for f in funcs {
            match self.slot(f.name) {
                Ok(i) => self.funcs[i] = *f,
                Err(slot) => {
                    self.funcs.push(*f);
                    self.index[slot] = self.funcs.len() as u16;
                }
            }
        }
    }

    /// Removes a function (Helm drops Sprig's `env` and `expandenv`).
    pub fn remove(&mut self, name: &str) {
        if let Ok(i) = self.slot(name) {
            self.funcs.remove(i);
            let n = self.funcs.len();
            self.index.clear();
            self.reserve_index(n);
        }
    }

    /// Keeps the index at most a quarter full for `n` functions.
    fn reserve_index(&mut self, n: usize) {
        let size = (n * 4).next_power_of_two().max(16);
        if self.index.len() >= size {
            return;
        }
        self.index = alloc::vec![0; size];
        for (i, f) in self.funcs.iter().enumerate() {
            let mut h = fnv1a(f.name) & (size - 1);
            while self.index[h] != 0 {
                h = (h + 1) & (size - 1);
            }
            self.index[h] = i as u16 + 1;
        }
    }

    /// `Ok(position)` of the function called `name`, or `Err(empty slot)` for it.
    #[inline]
    fn slot(&self, name: &str) -> Result<usize, usize> {
        let size = self.index.len();
        if size == 0 {
            return Err(0);
        }
        let mut h = fnv1a(name) & (size - 1);
        loop {
            match self.index[h] {
                0 => return Err(h),
                i if self.funcs[i as usize - 1].name == name => return Ok(i as usize - 1),
                _ => h = (h + 1) & (size - 1),
            }
        }
    }

    /// Looks a function up.
    #[inline]
    pub fn get(&self, name: &str) -> Option<&Func> {
        match self.slot(name) {
            Ok(i) => Some(&self.funcs[i]),
            Err(_) => None,
        }
    }

    /// Whether a function of that name exists.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Every function, by name.
    pub fn iter(&self) -> impl Iterator<Item = &Func> {
        let mut by_name: Vec<&Func> = self.funcs.iter().collect();
        by_name.sort_unstable_by_key(|f| f.name);
        by_name.into_iter()
    }

    /// Number of functions.
    pub fn len(&self) -> usize {
        self.funcs.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.funcs.is_empty()
    }
}
