//! The string checks lint borrows from other Go packages: govalidator's `IsEmail`, `IsURL`
//! and `IsRequestURL` (Chart.yaml), and apimachinery's object name rules (rendered
//! manifests), with their messages.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::schema::url;
use crate::sprig::re2::{self, GoRegex};

/// Non-ASCII ranges govalidator's patterns accept as letters.
const UCS: &str = r"\x{00A0}-\x{D7FF}\x{F900}-\x{FDCF}\x{FDF0}-\x{FFEF}";

/// govalidator's e-mail pattern, assembled from its parts: a dot-atom or quoted local part,
/// `@`, dot-separated labels and a final label that starts and ends with a letter.
fn email_pattern() -> String {
    let atext = format!(r"([a-zA-Z]|\d|[!#\$%&'\*\+\-\/=\?\^_`{{\|}}~]|[{UCS}])");
    let dot_atom = format!(r"({atext}+(\.{atext}+)*)");
    let fws = r"(((\x20|\x09)*(\x0d\x0a))?(\x20|\x09)+)";
    let qtext = format!(r"([\x01-\x08\x0b\x0c\x0e-\x1f\x7f]|\x21|[\x23-\x5b]|[\x5d-\x7e]|[{UCS}])");
    // govalidator's "quoted pair" escapes a parenthesis where it meant a backslash; the
    // pattern is kept as Go compiles it.
    let qpair = format!(r"(\([\x01-\x09\x0b\x0c\x0d-\x7f]|[{UCS}])");
    // The quoted alternative repeats "quote, character" and ends with a quote, so only
    // one-character quoted parts pass, as in Go.
    let quoted = format!(r"((\x22)({fws}?({qtext}|{qpair})))*{fws}?(\x22)");
    let alnum = format!(r"([a-zA-Z]|\d|[{UCS}])");
    let inner = format!(r"([a-zA-Z]|\d|-|\.|_|~|[{UCS}])");
    let label = format!(r"({alnum}|({alnum}{inner}*{alnum}))");
    let alpha = format!(r"([a-zA-Z]|[{UCS}])");
    let tld_inner = format!(r"([a-zA-Z]|\d|-|_|~|[{UCS}])");
    let tld = format!(r"({alpha}|({alpha}{tld_inner}*{alpha}))");
    format!(r"^(({dot_atom}|{quoted}))@({label}\.)+{tld}\.?$")
}

/// govalidator's URL pattern: optional scheme and user info, an IPv4, bracketed IP or host
/// name, optional port and path.
fn url_pattern() -> String {
    let scheme = r"((ftp|tcp|udp|wss?|https?):\/\/)";
    let user = r"(\S+(:\S*)?@)";
    let path = r"((\/|\?|#)[^\s]*)";
    let port = r"(:(\d{1,5}))";
    let ipv4 = r"([1-9]\d?|1\d\d|2[01]\d|22[0-3]|24\d|25[0-5])(\.(\d{1,2}|1\d\d|2[0-4]\d|25[0-5])){2}(?:\.([0-9]\d?|1\d\d|2[0-4]\d|25[0-5]))";
    let h16 = "[0-9a-fA-F]{1,4}";
    let dec = r"(25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9])";
    let v4 = format!(r"({dec}\.){{3,3}}{dec}");
    let ip = [
        format!("({h16}:){{7,7}}{h16}"),
        format!("({h16}:){{1,7}}:"),
        format!("({h16}:){{1,6}}:{h16}"),
        format!("({h16}:){{1,5}}(:{h16}){{1,2}}"),
        format!("({h16}:){{1,4}}(:{h16}){{1,3}}"),
        format!("({h16}:){{1,3}}(:{h16}){{1,4}}"),
        format!("({h16}:){{1,2}}(:{h16}){{1,5}}"),
        format!("{h16}:((:{h16}){{1,6}})"),
        format!(":((:{h16}){{1,7}}|:)"),
        "fe80:(:[0-9a-fA-F]{0,4}){0,4}%[0-9a-zA-Z]{1,}".into(),
        format!("::(ffff(:0{{1,4}}){{0,1}}:){{0,1}}{v4}"),
        format!("({h16}:){{1,4}}:{v4}"),
    ]
    .join("|");
    let subdomain = r"((www\.)|([a-zA-Z0-9]+([-_\.]?[a-zA-Z0-9])*[a-zA-Z0-9]\.[a-zA-Z0-9]+))";
    let hostname = r"([a-zA-Z0-9]([a-zA-Z0-9-_]+)?[a-zA-Z0-9]([-\.][a-zA-Z0-9]+)*)";
    let uni = r"a-zA-Z\x{00a1}-\x{ffff}";
    let host = format!(
        r"({hostname}|({subdomain}?))?(([{uni}0-9]+-?-?)*[{uni}0-9]+)(?:\.([{uni}]{{1,}}))?"
    );
    format!(r"^{scheme}?{user}?(({ipv4}|(\[({ip})\])|{host}))\.?{port}?{path}?$")
}

fn compile(p: &str) -> Option<GoRegex> {
    re2::compile(p).ok()
}

fn matches(re: &Option<GoRegex>, s: &str) -> bool {
    re.as_ref().is_some_and(|r| r.re.is_match(s))
}

/// Compiled patterns, built once per lint run.
pub struct Patterns {
    email: Option<GoRegex>,
    url: Option<GoRegex>,
    dns1123_label: Option<GoRegex>,
    dns1123_subdomain: Option<GoRegex>,
    dns1035_label: Option<GoRegex>,
}

impl Patterns {
    /// Compiles the patterns.
    pub fn new() -> Patterns {
        Patterns {
            email: compile(&email_pattern()),
            url: compile(&url_pattern()),
            dns1123_label: compile(&format!("^{DNS1123_LABEL}$")),
            dns1123_subdomain: compile(&format!("^{}$", dns1123_subdomain_fmt())),
            dns1035_label: compile(&format!("^{DNS1035_LABEL}$")),
        }
    }

    /// govalidator `IsEmail`.
    pub fn is_email(&self, s: &str) -> bool {
        matches(&self.email, s)
    }

    /// govalidator `IsURL`.
    pub fn is_url(&self, s: &str) -> bool {
        if s.is_empty() || s.chars().count() >= 2083 || s.len() <= 3 || s.starts_with('.') {
            return false;
        }
        let tmp = if s.contains(':') && !s.contains("://") {
            // A port without a scheme: the parser needs one, the pattern does not.
            format!("http://{s}")
        } else {
            String::from(s)
        };
        let Ok(u) = url::parse(&tmp) else {
            return false;
        };
        if u.host.starts_with('.') {
            return false;
        }
        if u.host.is_empty() && !u.path.is_empty() && !u.path.contains('.') {
            return false;
        }
        matches(&self.url, s)
    }
}

impl Default for Patterns {
    fn default() -> Self {
        Patterns::new()
    }
}

/// govalidator `IsRequestURL`: parses as a request URI and has a scheme.
pub fn is_request_url(s: &str) -> bool {
    url::parse_request_uri(s).is_ok_and(|u| !u.scheme.is_empty())
}

const DNS1123_LABEL: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1035_LABEL: &str = "[a-z]([-a-z0-9]*[a-z0-9])?";

fn dns1123_subdomain_fmt() -> String {
    format!(r"{DNS1123_LABEL}(\.{DNS1123_LABEL})*")
}

/// apimachinery's `RegexError`.
fn regex_error(msg: &str, re: &str, examples: &[&str]) -> String {
    if examples.is_empty() {
        return format!("{msg} (regex used for validation is '{re}')");
    }
    let mut m = format!("{msg} (e.g. ");
    for (i, e) in examples.iter().enumerate() {
        if i > 0 {
            m.push_str(" or ");
        }
        m.push_str(&format!("'{e}', "));
    }
    m.push_str(&format!("regex used for validation is '{re}')"));
    m
}

fn max_len_error(n: usize) -> String {
    format!("must be no more than {n} characters")
}

fn is_dns1123_subdomain(p: &Patterns, s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 253 {
        errs.push(max_len_error(253));
    }
    let f = dns1123_subdomain_fmt();
    if !matches(&p.dns1123_subdomain, s) {
        errs.push(regex_error(
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
            &f,
            &["example.com"],
        ));
    }
    errs
}

fn is_dns1123_label(p: &Patterns, s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 63 {
        errs.push(max_len_error(63));
    }
    if !matches(&p.dns1123_label, s) {
        if matches(&p.dns1123_subdomain, s) {
            errs.push("must not contain dots".into());
        } else {
            errs.push(regex_error(
                "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
                DNS1123_LABEL,
                &["my-name", "123-abc"],
            ));
        }
    }
    errs
}

fn is_dns1035_label(p: &Patterns, s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 63 {
        errs.push(max_len_error(63));
    }
    if !matches(&p.dns1035_label, s) {
        errs.push(regex_error(
            "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
            DNS1035_LABEL,
            &["my-name", "abc-123"],
        ));
    }
    errs
}

fn is_path_segment_name(s: &str) -> Vec<String> {
    for bad in [".", ".."] {
        if s == bad {
            return alloc::vec![format!("may not be '{bad}'")];
        }
    }
    ["/", "%"]
        .iter()
        .filter(|c| s.contains(**c))
        .map(|c| format!("may not contain '{c}'"))
        .collect()
}

/// Helm's `validateMetadataName`: the warning for an object whose name breaks the rule of
/// its kind, or `None`.
pub fn validate_metadata_name(p: &Patterns, kind: &str, name: &str) -> Option<String> {
    let errs = match kind.to_lowercase().as_str() {
        "service" => is_dns1035_label(p, name),
        "namespace" => is_dns1123_label(p, name),
        "certificatesigningrequest" => Vec::new(),
        "role" | "clusterrole" | "rolebinding" | "clusterrolebinding" => is_path_segment_name(name),
        _ => is_dns1123_subdomain(p, name),
    };
    if errs.is_empty() {
        return None;
    }
    let q = crate::gofmt::strconv::quote(name);
    // `field.ErrorList.ToAggregate`: duplicates dropped, one error bare, several bracketed.
    let mut msgs: Vec<String> = Vec::new();
    for e in errs {
        let m = format!("metadata.name: Invalid value: {q}: {e}");
        if !msgs.contains(&m) {
            msgs.push(m);
        }
    }
    let agg = if msgs.len() == 1 {
        msgs.remove(0)
    } else {
        format!("[{}]", msgs.join(", "))
    };
    Some(format!(
        "object name does not conform to Kubernetes naming requirements: {q}: {agg}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn govalidator() {
        // Expectations from govalidator (the version Helm v4.2.3 pins), run in Go.
        let p = Patterns::new();
        for (s, want) in [
            ("a@b.co", true),
            ("nope", false),
            ("a.b@c.d", true),
            ("first.last@example.com", true),
            ("x@localhost", false),
            ("\"quoted\"@example.com", false),
            ("\"q\"@ex.com", true),
            ("a@[1.2.3.4]", false),
            ("UPPER@EXAMPLE.COM", true),
        ] {
            assert_eq!(p.is_email(s), want, "email {s}");
        }
        for (s, want) in [
            ("https://example.com", true),
            ("nope", false),
            ("example.com", true),
            ("http://localhost:8080/x", true),
            ("ftp://1.2.3.4/x", true),
            ("http://[::1]:80/", true),
            (".x.com", false),
            ("abc", false),
            ("http://256.1.1.1", false),
            ("https://-x.com", false),
            ("mailto:a@b.com", true),
            ("https://münchen.de", true),
            ("localhost:8080", true),
            ("http://a_b.com", true),
        ] {
            assert_eq!(p.is_url(s), want, "url {s}");
        }
        for (s, want) in [
            ("https://x/y.png", true),
            ("not a url", false),
            ("/path", false),
            ("", false),
            ("data:image/png;base64,xx", true),
        ] {
            assert_eq!(is_request_url(s), want, "request url {s}");
        }
    }
}
