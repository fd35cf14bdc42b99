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
    /// `io.Writer` (`common.Values.Encode`): no template value is one; only nil passes.
    Writer,
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
            Ty::Writer => "io.Writer",
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
    /// Set by a function of [`Effect::Mutates`] when this call changed nothing another
    /// holder of its arguments could see (`merge` into keys already set, `set` on a map
    /// made for the call): the executor then keeps the included texts it reuses. Callers
    /// clear it before each call; a function that does not know it leaves it so.
    pub unchanged: bool,
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
    /// What calling it may do besides returning a value ([`effect_of`] its name).
    pub effect: Effect,
}

/// What a function may do besides computing its result from its arguments: an included
/// template that calls only [`Effect::Pure`] functions returns the same text for the same
/// data, so a render reuses it (see `super::memo`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Its result depends on its arguments alone, and it changes none of them.
    Pure,
    /// It changes no value, but its result depends on more than its arguments (the clock,
    /// randomness, the cluster, a template text it is given).
    Impure,
    /// It may change a map or list it is given (`set`, `merge`); functions not known to
    /// be one of the others are taken to.
    Mutates,
}

/// Functions whose result depends on their arguments alone and which change none of them.
/// Lint mode, where `required` and `fail` log instead, reuses no included text.
const PURE: &[&str] = &[
    "abbrev",
    "abbrevboth",
    "add",
    "add1",
    "add1f",
    "addf",
    "adler32sum",
    "all",
    "any",
    "append",
    "atoi",
    "b32dec",
    "b32enc",
    "b64dec",
    "b64enc",
    "base",
    "biggest",
    "camelcase",
    "cat",
    "ceil",
    "chunk",
    "clean",
    "coalesce",
    "compact",
    "concat",
    "contains",
    "deepCopy",
    "deepEqual",
    "default",
    "dict",
    "dig",
    "dir",
    "div",
    "divf",
    "empty",
    "ext",
    "fail",
    "first",
    "float64",
    "floor",
    "hello",
    "fromJson",
    "fromJsonArray",
    "fromToml",
    "fromYaml",
    "fromYamlArray",
    "get",
    "has",
    "hasKey",
    "hasPrefix",
    "hasSuffix",
    "indent",
    "initial",
    "initials",
    "int",
    "int64",
    "isAbs",
    "join",
    "kebabcase",
    "keys",
    "kindIs",
    "kindOf",
    "last",
    "list",
    "lower",
    "max",
    "maxf",
    "min",
    "minf",
    "mod",
    "mul",
    "mulf",
    "mustAppend",
    "mustChunk",
    "mustCompact",
    "mustDeepCopy",
    "mustFirst",
    "mustFromJson",
    "mustHas",
    "mustInitial",
    "mustLast",
    "mustPrepend",
    "mustPush",
    "mustRegexFind",
    "mustRegexFindAll",
    "mustRegexMatch",
    "mustRegexReplaceAll",
    "mustRegexReplaceAllLiteral",
    "mustRegexSplit",
    "mustRest",
    "mustReverse",
    "mustSlice",
    "mustToJson",
    "mustToPrettyJson",
    "mustToRawJson",
    "mustToToml",
    "mustToYaml",
    "mustUniq",
    "mustWithout",
    "nindent",
    "nospace",
    "omit",
    "osBase",
    "osClean",
    "osDir",
    "osExt",
    "osIsAbs",
    "pick",
    "pluck",
    "plural",
    "prepend",
    "push",
    "quote",
    "regexFind",
    "regexFindAll",
    "regexMatch",
    "regexQuoteMeta",
    "regexReplaceAll",
    "regexReplaceAllLiteral",
    "regexSplit",
    "repeat",
    "replace",
    "required",
    "rest",
    "reverse",
    "round",
    "semver",
    "semverCompare",
    "seq",
    "sha1sum",
    "sha256sum",
    "sha512sum",
    "slice",
    "snakecase",
    "sortAlpha",
    "split",
    "splitList",
    "splitn",
    "squote",
    "sub",
    "subf",
    "substr",
    "swapcase",
    "ternary",
    "title",
    "toDecimal",
    "toJson",
    "toPrettyJson",
    "toRawJson",
    "toString",
    "toStrings",
    "toToml",
    "toYaml",
    "toYamlPretty",
    "trim",
    "trimAll",
    "trimPrefix",
    "trimSuffix",
    "trimall",
    "trunc",
    "tuple",
    "typeIs",
    "typeIsLike",
    "typeOf",
    "uniq",
    "until",
    "untilStep",
    "untitle",
    "upper",
    "urlJoin",
    "urlParse",
    "values",
    "without",
    "wrap",
    "wrapWith",
];

/// Functions that change no value but whose result is not theirs to reuse.
const IMPURE: &[&str] = &[
    "ago",
    "bcrypt",
    "buildCustomCert",
    "date",
    "dateInZone",
    "dateModify",
    "date_in_zone",
    "date_modify",
    "decryptAES",
    "derivePassword",
    "duration",
    "durationRound",
    "encryptAES",
    "genCA",
    "genCAWithKey",
    "genPrivateKey",
    "genSelfSignedCert",
    "genSelfSignedCertWithKey",
    "genSignedCert",
    "genSignedCertWithKey",
    "getHostByName",
    "htmlDate",
    "htmlDateInZone",
    "htpasswd",
    "include",
    "lookup",
    "mustDateModify",
    "mustToDate",
    "must_date_modify",
    "now",
    "randAlpha",
    "randAlphaNum",
    "randAscii",
    "randBytes",
    "randInt",
    "randNumeric",
    "shuffle",
    "toDate",
    "tpl",
    "unixEpoch",
    "uuidv4",
];

/// The [`Effect`] of the function called `name` (evaluated when the tables are compiled).
pub const fn effect_of(name: &str) -> Effect {
    if listed(name, PURE) {
        Effect::Pure
    } else if listed(name, IMPURE) {
        Effect::Impure
    } else {
        Effect::Mutates
    }
}

const fn listed(name: &str, list: &[&str]) -> bool {
    let mut i = 0;
    while i < list.len() {
        let (a, b) = (name.as_bytes(), list[i].as_bytes());
        if a.len() == b.len() {
            let mut j = 0;
            while j < a.len() && a[j] == b[j] {
                j += 1;
            }
            if j == a.len() {
                return true;
            }
        }
        i += 1;
    }
    false
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
            effect: {
                const E: $crate::template::funcs::Effect = $crate::template::funcs::effect_of($name);
                E
            },
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
            effect: {
                const E: $crate::template::funcs::Effect = $crate::template::funcs::effect_of($name);
                E
            },
        }
    };
}

/// The functions a template set can call, by name. Later insertions replace earlier ones,
/// as Go's `Funcs` does when Helm layers its functions over Sprig's.
#[derive(Clone, Debug, Default)]
pub struct FuncMap {
    funcs: Vec<Func>,
    /// Each function's [`NameKey`], by position.
    keys: Vec<NameKey>,
    /// Open-addressing index into `funcs` (slot = position + 1, 0 = empty): the parser asks
    /// about every identifier and the executor about every call, so lookups hash a name
    /// from two word loads and compare keys, not bytes.
    index: Vec<u16>,
}

/// A name read as at most two machine words and its length: for names of up to 16 bytes
/// (all of Helm's and Sprig's but a few) equal keys mean equal names, so a lookup compares
/// three words instead of calling `memcmp`; longer names also compare their bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct NameKey {
    len: usize,
    head: u64,
    tail: u64,
}

/// Names longer than this also compare their bytes.
const EXACT_KEY_LEN: usize = 16;

impl NameKey {
    #[inline]
    fn of(name: &str) -> NameKey {
        let b = name.as_bytes();
        let len = b.len();
        let word = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"));
        let half = |at: usize| {
            u64::from(u32::from_le_bytes(
                b[at..at + 4].try_into().expect("4 bytes"),
            ))
        };
        // The two reads overlap for short names and together cover every byte up to 16.
        let (head, tail) = match len {
            8.. => (word(0), word(len - 8)),
            4..=7 => (half(0), half(len - 4)),
            1..=3 => (
                u64::from(b[0]) | u64::from(b[len / 2]) << 8 | u64::from(b[len - 1]) << 16,
                0,
            ),
            0 => (0, 0),
        };
        NameKey { len, head, tail }
    }

    /// Slot in an index of `size` (a power of two) slots.
    #[inline]
    fn slot(&self, size: usize) -> usize {
        let mixed = (self.head ^ self.tail.rotate_left(29) ^ self.len as u64)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (mixed >> 40) as usize & (size - 1)
    }
}

impl FuncMap {
    /// An empty map.
    pub fn new() -> FuncMap {
        FuncMap::default()
    }

    /// Adds (or replaces) every function in `funcs`.
    pub fn extend(&mut self, funcs: &[Func]) {
        self.funcs.reserve(funcs.len());
        self.keys.reserve(funcs.len());
        self.reserve_index(self.funcs.len() + funcs.len());
        for f in funcs {
            match self.slot(f.name) {
                Ok(i) => self.funcs[i] = *f,
                Err(slot) => {
                    self.funcs.push(*f);
                    self.keys.push(NameKey::of(f.name));
                    self.index[slot] = self.funcs.len() as u16;
                }
            }
        }
    }

    /// Removes a function (Helm drops Sprig's `env` and `expandenv`).
    pub fn remove(&mut self, name: &str) {
        if let Ok(i) = self.slot(name) {
            self.funcs.remove(i);
            self.keys.remove(i);
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
        for (i, key) in self.keys.iter().enumerate() {
            let mut h = key.slot(size);
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
        let key = NameKey::of(name);
        let mut h = key.slot(size);
        loop {
            match self.index[h] as usize {
                0 => return Err(h),
                i if self.keys[i - 1] == key
                    && (key.len <= EXACT_KEY_LEN || self.funcs[i - 1].name == name) =>
                {
                    return Ok(i - 1)
                }
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

#[cfg(test)]
mod tests {
    /// The effect lists name only functions Helm's map has: a misspelt pure one would
    /// silently count as changing values.
    #[test]
    fn effect_lists_name_existing_functions() {
        let map = crate::render::funcs::helm_func_map();
        for name in PURE.iter().chain(IMPURE) {
            assert!(map.contains(name), "{name}");
        }
    }

    use super::*;

    /// Keys of names up to 16 bytes are equal only for equal names, whichever byte differs.
    #[test]
    fn short_name_keys_are_exact() {
        let base = "abcdefghijklmnopq";
        for len in 0..=EXACT_KEY_LEN {
            let name = &base[..len];
            for at in 0..len {
                let mut other = name.as_bytes().to_vec();
                other[at] = b'Z';
                let other = core::str::from_utf8(&other).unwrap();
                assert_ne!(
                    NameKey::of(name),
                    NameKey::of(other),
                    "{name:?} vs {other:?}"
                );
            }
            assert_ne!(NameKey::of(name), NameKey::of(&base[..len + 1]));
        }
    }

    /// Every function of Helm's map is found by its name, and near misses are not.
    #[test]
    fn lookups_find_exactly_the_names_present() {
        let map = crate::render::funcs::helm_func_map();
        assert!(map.len() > 200);
        for f in map.iter() {
            assert_eq!(map.get(f.name).map(|g| g.name), Some(f.name));
            for miss in [
                alloc::format!("{}x", f.name),
                alloc::format!("x{}", f.name),
                f.name[..f.name.len() - 1].into(),
                f.name.to_uppercase(),
            ] {
                if miss.is_empty() || map.get(&miss).is_none() {
                    continue;
                }
                // A near miss may itself be a function (`mustAppend`/`append`): then it
                // must be that one.
                assert_eq!(map.get(&miss).map(|g| g.name), Some(miss.as_str()));
            }
        }
        // Long names (over the exact-key length) differing only in the middle.
        let mut m = FuncMap::new();
        let long = |n: &'static str| Func {
            name: n,
            sig: Sig::fixed(&[]),
            imp: |_, _| Ok(Value::Nil),
            effect: Effect::Mutates,
        };
        m.extend(&[long("aaaaaaaaaaaaaaaaXbbbbbbbbbbbbbbbb")]);
        assert!(m.contains("aaaaaaaaaaaaaaaaXbbbbbbbbbbbbbbbb"));
        assert!(!m.contains("aaaaaaaaaaaaaaaaYbbbbbbbbbbbbbbbb"));
        m.remove("aaaaaaaaaaaaaaaaXbbbbbbbbbbbbbbbb");
        assert!(!m.contains("aaaaaaaaaaaaaaaaXbbbbbbbbbbbbbbbb"));
    }
}
