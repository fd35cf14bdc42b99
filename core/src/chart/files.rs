//! `.Files`: the chart's non-template files as templates see them (Helm's `engine.files`,
//! a `map[string][]byte` with methods).

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;

use super::glob::Glob;
use super::File;
use crate::template::funcs::{Sig, Ty};
use crate::value::{Entries, List, Map, Value};

/// `.Files` of one chart: name → contents, with Helm's methods.
#[derive(Clone, Debug, Default)]
pub struct Files {
    entries: BTreeMap<String, Rc<[u8]>>,
}

/// Go's `base64.StdEncoding.EncodeToString`.
pub fn base64_std(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(char::from(A[(n >> 18) as usize & 63]));
        out.push(char::from(A[(n >> 12) as usize & 63]));
        out.push(if chunk.len() > 1 {
            char::from(A[(n >> 6) as usize & 63])
        } else {
            '='
        });
        out.push(if chunk.len() > 2 {
            char::from(A[n as usize & 63])
        } else {
            '='
        });
    }
    out
}

/// Go's `path.Base`.
fn base(p: &str) -> &str {
    let t = p.trim_end_matches('/');
    if t.is_empty() {
        return if p.is_empty() { "." } else { "/" };
    }
    t.rsplit('/').next().unwrap_or(t)
}

impl Files {
    /// `.Files` for a chart's files (later duplicates win, as in Go's map).
    pub fn new(files: &[File]) -> Files {
        Files {
            entries: files
                .iter()
                .map(|f| (f.name.clone(), f.data.clone()))
                .collect(),
        }
    }

    /// The `.Files` value templates see.
    pub fn into_value(self) -> Value {
        Value::Object(Rc::new(self))
    }

    /// Names and contents, sorted by name (how templates range over the map).
    pub fn entries(&self) -> impl Iterator<Item = (&str, &Rc<[u8]>)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are no files.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// `GetBytes`: the contents, empty when missing.
    pub fn get_bytes(&self, name: &str) -> Rc<[u8]> {
        self.entries
            .get(name)
            .cloned()
            .unwrap_or_else(|| Rc::from(Vec::new()))
    }

    /// `Get`: the contents as a string, bytes that are not UTF-8 kept as Go keeps them.
    pub fn get(&self, name: &str) -> String {
        crate::gobytes::go_text(&self.get_bytes(name)).into_owned()
    }

    /// `Glob`: the files whose names match; an invalid pattern matches everything.
    pub fn glob(&self, pattern: &str) -> Files {
        let g = Glob::compile(pattern).or_else(|_| Glob::compile("**"));
        let entries = match g {
            Ok(g) => self
                .entries
                .iter()
                .filter(|(k, _)| g.matches(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            Err(_) => self.entries.clone(),
        };
        Files { entries }
    }

    /// `Lines`: the file split on `\n` after one trailing `\n` is dropped; empty when
    /// missing. An empty file fails as in Go (`index out of range [-1]`).
    pub fn lines(&self, name: &str) -> Result<Vec<String>, String> {
        let Some(data) = self.entries.get(name) else {
            return Ok(Vec::new());
        };
        if data.is_empty() {
            return Err(String::from("runtime error: index out of range [-1]"));
        }
        let s = crate::gobytes::go_text(data);
        let s = s.strip_suffix('\n').unwrap_or(&s);
        Ok(s.split('\n').map(String::from).collect())
    }

    fn as_yaml(&self, secret: bool) -> String {
        // Base names can collide; Helm's winner is random (map order), ours the last name.
        let mut e = Entries::new();
        for (k, v) in &self.entries {
            let s = if secret {
                base64_std(v)
            } else {
                crate::gobytes::from_go_bytes(v)
            };
            e.insert(base(k).into(), Value::str(s));
        }
        let m = Value::Map(Map::from_entries(crate::value::MapType::Strings, e));
        match crate::yaml::to_yaml(&m) {
            Ok(s) => String::from(s.strip_suffix('\n').unwrap_or(&s)),
            Err(_) => String::new(),
        }
    }

    /// `AsConfig`: a YAML map of base name → contents.
    pub fn as_config(&self) -> String {
        self.as_yaml(false)
    }

    /// `AsSecrets`: a YAML map of base name → base64 contents.
    pub fn as_secrets(&self) -> String {
        self.as_yaml(true)
    }
}

fn string_arg(args: &[Value]) -> Result<&str, String> {
    match args {
        [Value::String(s)] => Ok(s),
        [other] => Err(format!(
            "wrong type for value; expected string; got {}",
            other.type_name()
        )),
        _ => Err(format!("wrong number of args: want 1 got {}", args.len())),
    }
}

impl crate::value::Object for Files {
    fn type_name(&self) -> &str {
        "engine.files"
    }

    fn kind(&self) -> &str {
        "map"
    }

    /// A map entry (`.Files.name`): the bytes, or an empty `[]byte` when missing.
    fn field(&self, name: &str) -> Option<Value> {
        Some(Value::Bytes(self.get_bytes(name)))
    }

    fn has_method(&self, name: &str) -> bool {
        self.method_sig(name).is_some()
    }

    fn method_sig(&self, name: &str) -> Option<Sig> {
        Some(match name {
            "Get" | "GetBytes" | "Glob" | "Lines" => Sig::fixed(&[Ty::String]),
            "AsConfig" | "AsSecrets" => Sig::fixed(&[]),
            _ => return None,
        })
    }

    fn call_method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let r = match name {
            "Get" => {
                string_arg(args).map(|n| Value::String(super::shared_text(&self.get_bytes(n))))
            }
            "GetBytes" => string_arg(args).map(|n| Value::Bytes(self.get_bytes(n))),
            "Glob" => string_arg(args).map(|p| self.glob(p).into_value()),
            "Lines" => string_arg(args)
                .and_then(|n| self.lines(n))
                .map(|l| Value::List(List::strings(l))),
            "AsConfig" | "AsSecrets" => {
                if !args.is_empty() {
                    Err(format!("wrong number of args: want 0 got {}", args.len()))
                } else if name == "AsConfig" {
                    Ok(Value::str(self.as_config()))
                } else {
                    Ok(Value::str(self.as_secrets()))
                }
            }
            _ => return None,
        };
        Some(r)
    }

    /// Go prints a `map[string][]byte`: `map[a.txt:[104 105]]`.
    fn format_v(&self) -> String {
        let mut out = String::from("map[");
        for (i, (k, v)) in self.entries.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(k);
            out.push_str(":[");
            let nums: Vec<String> = v.iter().map(|b| format!("{b}")).collect();
            out.push_str(&nums.join(" "));
            out.push(']');
        }
        out.push(']');
        out
    }

    fn map_entries(&self) -> Option<Vec<(crate::value::Str, Value)>> {
        Some(
            self.entries
                .iter()
                .map(|(k, v)| (k.as_str().into(), Value::Bytes(v.clone())))
                .collect(),
        )
    }

    /// encoding/json: a map of name → base64 string.
    fn to_data(&self) -> Option<Value> {
        let e: Entries = self
            .entries
            .iter()
            .map(|(k, v)| (k.as_str().into(), Value::str(base64_std(v))))
            .collect();
        Some(Value::map(e))
    }

    /// The type has no `String()` method: `fmt` prints it as a map, each file's bytes by
    /// the verb (`%s` as text).
    fn stringer(&self) -> bool {
        false
    }

    fn as_any(&self) -> &dyn core::any::Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Object;

    fn files() -> Files {
        let f = |n: &str, d: &[u8]| File {
            name: String::from(n),
            data: Rc::from(d.to_vec()),
        };
        Files::new(&[
            f("empty.txt", b""),
            f("two.txt", b"a\nb\n\n"),
            f("one.txt", b"x"),
            f("nl.txt", b"\n"),
            f("conf/a.yaml", b"k: v\n"),
            f("conf/b.txt", b"z"),
        ])
    }

    fn names(f: &Files) -> Vec<&str> {
        f.entries().map(|(k, _)| k).collect()
    }

    /// Expectations come from Helm v4.2.3 (a chart with these files, `.Files` methods
    /// printed by the oracle).
    #[test]
    fn oracle_methods() {
        let f = files();
        assert_eq!(f.lines("two.txt").unwrap(), ["a", "b", ""]);
        assert_eq!(f.lines("one.txt").unwrap(), ["x"]);
        assert_eq!(f.lines("nl.txt").unwrap(), [""]);
        assert!(f.lines("missing").unwrap().is_empty());
        assert_eq!(
            f.lines("empty.txt").unwrap_err(),
            "runtime error: index out of range [-1]"
        );
        assert_eq!(f.get("missing"), "");
        assert_eq!(names(&f.glob("conf/*")), ["conf/a.yaml", "conf/b.txt"]);
        assert_eq!(
            names(&f.glob("**.txt")),
            ["conf/b.txt", "empty.txt", "nl.txt", "one.txt", "two.txt"]
        );
        assert_eq!(names(&f.glob("[")).len(), 6);
        assert_eq!(
            names(&f.glob("{conf/a.yaml,one.*}")),
            ["conf/a.yaml", "one.txt"]
        );
        assert_eq!(
            names(&f.glob("*")),
            ["empty.txt", "nl.txt", "one.txt", "two.txt"]
        );
        assert_eq!(f.type_name(), "engine.files");
        assert_eq!(f.kind(), "map");
        assert_eq!(f.glob("one.txt").format_v(), "map[one.txt:[120]]");
        assert!(matches!(f.field("one"), Some(Value::Bytes(b)) if b.is_empty()));
        let json = f.glob("one.txt").to_data().unwrap();
        assert!(
            matches!(json.as_map().unwrap().get("one.txt"), Some(Value::String(s)) if &*s == "eA==")
        );
        assert_eq!(base64_std(b"k: v\n"), "azogdgo=");
        assert_eq!(base64_std(b"z"), "eg==");
    }

    /// `fmt` prints `.Files` as the map it is, each file's bytes by the verb; expectations
    /// from Helm v4.2.3 (`printf` of `.Files` of a chart with `a.txt` = `hi` and `b.txt` =
    /// `x"y` and a line feed).
    #[test]
    fn printed_by_verb() {
        let f = |n: &str, d: &[u8]| File {
            name: String::from(n),
            data: Rc::from(d.to_vec()),
        };
        let files = Value::Object(Rc::new(Files::new(&[
            f("b.txt", b"x\"y\n"),
            f("a.txt", b"hi"),
        ])));
        let p = |format: &str| crate::gofmt::sprintf(format, core::slice::from_ref(&files));
        assert_eq!(p("%s"), "map[a.txt:hi b.txt:x\"y\n]");
        assert_eq!(p("%v"), "map[a.txt:[104 105] b.txt:[120 34 121 10]]");
        assert_eq!(p("%+v"), "map[a.txt:[104 105] b.txt:[120 34 121 10]]");
        assert_eq!(
            p("%d"),
            "map[%!d(string=a.txt):[104 105] %!d(string=b.txt):[120 34 121 10]]"
        );
        assert_eq!(p("%x"), "map[612e747874:6869 622e747874:7822790a]");
        assert_eq!(p("%X"), "map[612E747874:6869 622E747874:7822790A]");
        assert_eq!(p("%q"), r#"map["a.txt":"hi" "b.txt":"x\"y\n"]"#);
        assert_eq!(
            p("%#v"),
            r#"engine.files{"a.txt":[]uint8{0x68, 0x69}, "b.txt":[]uint8{0x78, 0x22, 0x79, 0xa}}"#
        );
        assert_eq!(
            p("%t"),
            "map[%!t(string=a.txt):[%!t(uint8=104) %!t(uint8=105)] %!t(string=b.txt):[%!t(uint8=120) %!t(uint8=34) %!t(uint8=121) %!t(uint8=10)]]"
        );
        assert_eq!(p("%6s"), "map[ a.txt:    hi  b.txt:  x\"y\n]");
        assert_eq!(p("%T"), "engine.files");
        let nested = crate::value::map_of([("f", files.clone())]);
        assert_eq!(
            crate::gofmt::sprintf("%s", &[nested]),
            "map[f:map[a.txt:hi b.txt:x\"y\n]]"
        );
        assert_eq!(
            crate::gofmt::sprint(core::slice::from_ref(&files)),
            "map[a.txt:[104 105] b.txt:[120 34 121 10]]"
        );
    }
}
