//! Lines of Go's `log/slog` text handler, as Helm writes its log to stderr:
//! `level=WARN msg="..." key=value`.

use alloc::string::String;

/// An attribute value as slog's text handler writes it: bare when safe, else
/// `strconv.Quote`d (empty, a space, `=`, `"`, an ASCII control, and past ASCII white
/// space, U+FFFD or anything `unicode.IsPrint` refuses).
pub fn value(s: &str) -> String {
    let needs_quote = s.is_empty()
        || s.chars().any(|c| {
            if c.is_ascii() {
                matches!(c, ' ' | '=' | '"') || (c as u32) < 0x20
            } else {
                c == '\u{FFFD}' || c.is_whitespace() || !super::strconv::is_print(c)
            }
        });
    if needs_quote {
        super::strconv::quote(s)
    } else {
        String::from(s)
    }
}

/// One line: `level=LEVEL msg=MESSAGE`, then each `key=value`.
pub fn line(level: &str, message: &str, attrs: &[(&str, &str)]) -> String {
    let mut out = alloc::format!("level={level} msg={}", value(message));
    for (k, v) in attrs {
        out.push(' ');
        out.push_str(k);
        out.push('=');
        out.push_str(&value(v));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn values_quote_as_slog_does() {
        assert_eq!(super::value("boom"), "boom");
        assert_eq!(super::value(""), "\"\"");
        assert_eq!(super::value("need a"), "\"need a\"");
        assert_eq!(super::value("a=b"), "\"a=b\"");
        assert_eq!(super::value("x\ty"), "\"x\\ty\"");
        assert_eq!(super::value("é"), "é");
        assert_eq!(
            super::line("WARN", "missing required value", &[("message", "need a")]),
            "level=WARN msg=\"missing required value\" message=\"need a\""
        );
    }
}
