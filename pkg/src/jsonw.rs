//! A small JSON writer for the answers sent to JavaScript (`JSON.parse` reads them there).
//!
//! Answers are strings, string maps and lists: writing them directly is cheaper than building
//! `Value`s for the core's Go-compatible encoder, and Go's escaping rules do not matter here.

use std::fmt::Write as _;

/// Appends `s` as a JSON string literal.
pub fn string(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let esc = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            c if (c as u32) < 0x20 => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if esc.is_empty() {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push_str(esc);
        }
        start = i + c.len_utf8();
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// An object being written: `{"k":v,...}`.
pub struct Obj<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> Obj<'a> {
    /// Opens an object.
    pub fn new(out: &'a mut String) -> Obj<'a> {
        out.push('{');
        Obj { out, first: true }
    }

    /// Writes a key and returns the buffer for its value.
    pub fn key(&mut self, k: &str) -> &mut String {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        string(self.out, k);
        self.out.push(':');
        self.out
    }

    /// A string member.
    pub fn str(&mut self, k: &str, v: &str) {
        let out = self.key(k);
        string(out, v);
    }

    /// A number member.
    pub fn num(&mut self, k: &str, v: i64) {
        let out = self.key(k);
        let _ = write!(out, "{v}");
    }

    /// A boolean member.
    pub fn bool(&mut self, k: &str, v: bool) {
        let out = self.key(k);
        out.push_str(if v { "true" } else { "false" });
    }

    /// A member holding a list of strings.
    pub fn strs<S: AsRef<str>>(&mut self, k: &str, items: &[S]) {
        let out = self.key(k);
        string_list(out, items);
    }

    /// A member whose value is already JSON text.
    pub fn raw(&mut self, k: &str, json: &str) {
        self.key(k).push_str(json);
    }

    /// Closes the object.
    pub fn end(self) {
        self.out.push('}');
    }
}

/// Appends `["a","b"]`.
pub fn string_list<S: AsRef<str>>(out: &mut String, items: &[S]) {
    out.push('[');
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        string(out, s.as_ref());
    }
    out.push(']');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        let cases = [
            ("plain", r#""plain""#),
            ("a\"b\\c", r#""a\"b\\c""#),
            ("l1\nl2\r\t", r#""l1\nl2\r\t""#),
            ("\u{1}\u{1f}é\u{2028}", "\"\\u0001\\u001fé\u{2028}\""),
        ];
        for (input, want) in cases {
            let mut s = String::new();
            string(&mut s, input);
            assert_eq!(s, want, "{input:?}");
        }
        let mut s = String::new();
        let mut o = Obj::new(&mut s);
        o.str("a", "x");
        o.num("n", -3);
        o.bool("b", true);
        o.strs("l", &["p", "q"]);
        o.raw("r", "{}");
        o.end();
        assert_eq!(s, r#"{"a":"x","n":-3,"b":true,"l":["p","q"],"r":{}}"#);
    }
}
