//! The `format` validators of santhosh-tekuri/jsonschema v6, with their English messages.
//! Formats are asserted for drafts 4, 6 and 7 (and always inside meta-schema checks).

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::json::Json;
use super::url;
use crate::gofmt::strconv::{atoi, quote_rune};

/// A known format name, or `None` (unknown formats are ignored).
pub fn known(name: &str) -> bool {
    matches!(
        name,
        "json-pointer"
            | "relative-json-pointer"
            | "uuid"
            | "duration"
            | "period"
            | "ipv4"
            | "ipv6"
            | "hostname"
            | "email"
            | "date"
            | "time"
            | "date-time"
            | "uri"
            | "iri"
            | "uri-reference"
            | "iri-reference"
            | "uri-template"
            | "semver"
            | "regex"
    )
}

/// Validates `v` against format `name`; non-strings always pass.
pub fn validate(name: &str, v: &Json) -> Result<(), String> {
    let Some(s) = v.as_str() else {
        return Ok(());
    };
    match name {
        "json-pointer" => json_pointer(s),
        "relative-json-pointer" => relative_json_pointer(s),
        "uuid" => uuid(s),
        "duration" => duration(s),
        "period" => period(s),
        "ipv4" => ipv4(s),
        "ipv6" => ipv6(s),
        "hostname" => hostname(s),
        "email" => email(s),
        "date" => date(s),
        "time" => time(s),
        "date-time" => date_time(s),
        "uri" | "iri" => uri(s),
        "uri-reference" | "iri-reference" => uri_reference(s),
        "uri-template" => uri_template(s),
        "semver" => semver(s),
        "regex" => crate::sprig::re2::check(s),
        _ => Ok(()),
    }
}

fn e(s: &str) -> Result<(), String> {
    Err(s.to_string())
}

fn json_pointer(s: &str) -> Result<(), String> {
    if s.is_empty() {
        return Ok(());
    }
    if !s.starts_with('/') {
        return e("not starting with /");
    }
    for tok in s.split('/').skip(1) {
        let mut escape = false;
        for ch in tok.chars() {
            if escape {
                escape = false;
                if ch != '0' && ch != '1' {
                    return e("~ must be followed by 0 or 1");
                }
                continue;
            }
            if ch == '~' {
                escape = true;
                continue;
            }
            let c = ch as u32;
            if !(c <= 0x2E || (0x30..=0x7D).contains(&c) || c >= 0x7F) {
                return Err(format!("invalid character {}", quote_rune(ch)));
            }
        }
        if escape {
            return e("~ must be followed by 0 or 1");
        }
    }
    Ok(())
}

fn relative_json_pointer(s: &str) -> Result<(), String> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 {
        return e("must start with non-negative integer");
    }
    if n > 1 && s.starts_with('0') {
        return e("starts with zero");
    }
    let rest = &s[n..];
    if rest == "#" {
        return Ok(());
    }
    json_pointer(rest)
}

fn uuid(s: &str) -> Result<(), String> {
    let groups: Vec<&str> = s.split('-').collect();
    let lens = [8, 4, 4, 4, 12];
    if groups.len() != lens.len() {
        return Err(format!("must have {} elements", lens.len()));
    }
    for (i, g) in groups.iter().enumerate() {
        if g.len() != lens[i] {
            return Err(format!(
                "element {} must be {} characters long",
                i + 1,
                lens[i]
            ));
        }
        for ch in g.chars() {
            if !ch.is_ascii_hexdigit() {
                return Err(format!("non-hex character {}", quote_rune(ch)));
            }
        }
    }
    Ok(())
}

fn duration(s: &str) -> Result<(), String> {
    let Some(s) = s.strip_prefix('P') else {
        return e("must start with P");
    };
    if s.is_empty() {
        return e("nothing after P");
    }
    if let Some(w) = s.strip_suffix('W') {
        if w.is_empty() {
            return e("no number in week");
        }
        if !w.bytes().all(|c| c.is_ascii_digit()) {
            return e("invalid week");
        }
        return Ok(());
    }
    let all_units = ["YMD", "HMS"];
    for (i, part) in s.split('T').enumerate() {
        if i != 0 && part.is_empty() {
            return e("no time elements");
        }
        if i >= all_units.len() {
            return e("more than one T");
        }
        let mut units = all_units[i];
        let mut p = part;
        while !p.is_empty() {
            let digits = p.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return e("missing number");
            }
            p = &p[digits..];
            if p.is_empty() {
                return e("missing unit");
            }
            let unit = p.as_bytes()[0];
            match units.bytes().position(|u| u == unit) {
                Some(j) => units = &units[j + 1..],
                None => {
                    let q = quote_rune(unit as char);
                    if all_units[i].bytes().any(|u| u == unit) {
                        return Err(format!("unit {q} out of order"));
                    }
                    return Err(format!("invalid unit {q}"));
                }
            }
            p = &p[1..];
        }
    }
    Ok(())
}

fn ipv4(s: &str) -> Result<(), String> {
    let groups: Vec<&str> = s.split('.').collect();
    if groups.len() != 4 {
        return e("expected four decimals");
    }
    for g in groups {
        if g.len() > 1 && g.starts_with('0') {
            return e("leading zeros");
        }
        let n = atoi(g).map_err(|err| err.to_string())?;
        if !(0..=255).contains(&n) {
            return e("decimal must be between 0 and 255");
        }
    }
    Ok(())
}

fn ipv6(s: &str) -> Result<(), String> {
    if !s.contains(':') {
        return e("missing colon");
    }
    let addr = super::netip::parse_addr(s)?;
    if !addr.zone.is_empty() {
        return e("zone id is not a part of ipv6 address");
    }
    Ok(())
}

fn hostname(s: &str) -> Result<(), String> {
    let s = s.strip_suffix('.').unwrap_or(s);
    if s.len() > 253 {
        return e("more than 253 characters long");
    }
    for label in s.split('.') {
        if label.is_empty() || label.len() > 63 {
            return e("label must be 1 to 63 characters long");
        }
        if label.starts_with('-') {
            return e("label starts with hyphen");
        }
        if label.ends_with('-') {
            return e("label ends with hyphen");
        }
        for ch in label.chars() {
            if !(ch.is_ascii_alphanumeric() || ch == '-') {
                return Err(format!("invalid character {}", quote_rune(ch)));
            }
        }
    }
    Ok(())
}

fn email(s: &str) -> Result<(), String> {
    if s.len() > 254 {
        return e("more than 255 characters long");
    }
    let Some(at) = s.rfind('@') else {
        return e("missing @");
    };
    let (local, domain) = (&s[..at], &s[at + 1..]);
    if local.len() > 64 {
        return e("local part more than 64 characters long");
    }
    if local.len() > 1 && local.starts_with('"') {
        // Quoted local part (Go checks the leading quote twice, not the closing one).
        let inner = &local[1..local.len() - 1];
        if inner.contains('\\') || inner.contains('"') {
            return e("backslash and quote are not allowed within quoted local part");
        }
    } else {
        if local.starts_with('.') {
            return e("starts with dot");
        }
        if local.ends_with('.') {
            return e("ends with dot");
        }
        if local.contains("..") {
            return e("consecutive dots");
        }
        for ch in local.chars() {
            if !(ch.is_ascii_alphanumeric() || ".!#$%&'*+-/=?^_`{|}~".contains(ch)) {
                return Err(format!("invalid character {}", quote_rune(ch)));
            }
        }
    }
    if domain.starts_with('[') && domain.ends_with(']') && domain.len() >= 2 {
        let d = &domain[1..domain.len() - 1];
        if let Some(rem) = d.strip_prefix("IPv6:") {
            return ipv6(rem).map_err(|err| format!("invalid ipv6 address: {err}"));
        }
        return ipv4(d).map_err(|err| format!("invalid ipv4 address: {err}"));
    }
    hostname(domain).map_err(|err| format!("invalid domain: {err}"))
}

/// `time.Parse("2006-01-02", s)`'s verdict and error text.
fn date(s: &str) -> Result<(), String> {
    let q = |x: &str| time_quote(x);
    let bad = |value_elem: &str, layout_elem: &str| {
        Err(format!(
            "parsing time {} as \"2006-01-02\": cannot parse {} as {}",
            q(s),
            q(value_elem),
            q(layout_elem)
        ))
    };
    let b = s.as_bytes();
    if b.len() < 4 || !b[0].is_ascii_digit() || !s.is_char_boundary(4) {
        return bad(s, "2006");
    }
    let ystr = &s[..4];
    let Some(year) = time_atoi(ystr) else {
        return bad(s, "2006");
    };
    let rest = &s[4..];
    let Some(rest) = rest.strip_prefix('-') else {
        return bad(rest, "-");
    };
    let Some((month, after_month)) = getnum2(rest) else {
        return bad(rest, "01");
    };
    if !(1..=12).contains(&month) {
        return Err(format!("parsing time {}: month out of range", q(s)));
    }
    let Some(after_dash) = after_month.strip_prefix('-') else {
        return bad(after_month, "-");
    };
    let Some((day, tail)) = getnum2(after_dash) else {
        return bad(after_dash, "02");
    };
    if !tail.is_empty() {
        return Err(format!("parsing time {}: extra text: {}", q(s), q(tail)));
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day < 1 || day > days {
        return Err(format!("parsing time {}: day out of range", q(s)));
    }
    Ok(())
}

fn getnum2(s: &str) -> Option<(i64, &str)> {
    let b = s.as_bytes();
    if b.len() < 2 || !b[0].is_ascii_digit() || !b[1].is_ascii_digit() {
        return None;
    }
    Some((
        i64::from(b[0] - b'0') * 10 + i64::from(b[1] - b'0'),
        &s[2..],
    ))
}

/// Go's `time.atoi`: optional sign, then digits only.
fn time_atoi(s: &str) -> Option<i64> {
    let (neg, d) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if d.is_empty() || !d.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n: i64 = d.parse().ok()?;
    Some(if neg { -n } else { n })
}

/// The `time` package's own `quote` (non-ASCII bytes as `\x..`).
fn time_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        if (c as u32) >= 0x80 || c < ' ' {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("\\x{byte:02x}"));
            }
        } else {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out.push('"');
    out
}

fn time(s: &str) -> Result<(), String> {
    let b = s.as_bytes();
    if b.len() < 9 {
        return e("less than 9 characters long");
    }
    if b[2] != b':' || b[5] != b':' {
        return e("missing colon in correct place");
    }
    let mut hms = Vec::new();
    for tok in b[..8].splitn(3, |&c| c == b':') {
        let t = core::str::from_utf8(tok).unwrap_or("x");
        let Ok(i) = atoi(t) else {
            return e("invalid hour/min/sec");
        };
        if i < 0 {
            return e("non-positive hour/min/sec");
        }
        hms.push(i);
    }
    if hms.len() != 3 {
        return e("missing hour/min/sec");
    }
    let (mut h, mut m, sec) = (hms[0], hms[1], hms[2]);
    if h > 23 || m > 59 || sec > 60 {
        return e("hour/min/sec out of range");
    }
    let mut rest = &b[8..];
    if let Some(r) = rest.strip_prefix(b".") {
        let n = r.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return e("no digits in second fraction");
        }
        rest = &r[n..];
    }
    if rest != b"z" && rest != b"Z" {
        if rest.len() != 6 {
            return e("offset must be 6 characters long");
        }
        let sign: i64 = match rest[0] {
            b'+' => -1,
            b'-' => 1,
            _ => return e("offset must begin with plus/minus"),
        };
        let r = &rest[1..];
        if r[2] != b':' {
            return e("missing colon in offset in correct place");
        }
        let mut zhm = Vec::new();
        for tok in r.splitn(2, |&c| c == b':') {
            let t = core::str::from_utf8(tok).unwrap_or("x");
            let Ok(i) = atoi(t) else {
                return e("invalid hour/min in offset");
            };
            if i < 0 {
                return e("non-positive hour/min in offset");
            }
            zhm.push(i);
        }
        let (zh, zm) = (zhm[0], zhm[1]);
        if zh > 23 || zm > 59 {
            return e("hour/min in offset out of range");
        }
        let mut hm = (h * 60 + m) + sign * (zh * 60 + zm);
        if hm < 0 {
            hm += 24 * 60;
        }
        h = hm / 60;
        m = hm % 60;
    }
    if sec >= 60 && (h != 23 || m != 59) {
        return e("invalid leap second");
    }
    Ok(())
}

fn date_time(s: &str) -> Result<(), String> {
    let b = s.as_bytes();
    if b.len() < 20 {
        return e("less than 20 characters long");
    }
    if b[10] != b't' && b[10] != b'T' {
        return e("11th character must be t or T");
    }
    // Byte slicing as Go does; a split inside a rune leaves invalid UTF-8 that fails anyway.
    let d = String::from_utf8_lossy(&b[..10]);
    date(&d).map_err(|err| format!("invalid date element: {err}"))?;
    let t = String::from_utf8_lossy(&b[11..]);
    time(&t).map_err(|err| format!("invalid time element: {err}"))
}

fn parse_url(s: &str) -> Result<url::Url, String> {
    let u = url::parse(s)?;
    let host = u.hostname();
    if host.contains(':') {
        if !u.host.contains('[') || !u.host.contains(']') {
            return Err("ipv6 address not enclosed in brackets".into());
        }
        ipv6(host).map_err(|err| format!("invalid ipv6 address: {err}"))?;
    }
    Ok(u)
}

fn uri(s: &str) -> Result<(), String> {
    let u = parse_url(s)?;
    if !u.is_abs() {
        return e("relative url");
    }
    Ok(())
}

fn uri_reference(s: &str) -> Result<(), String> {
    if s.contains('\\') {
        return e("contains \\");
    }
    parse_url(s).map(|_| ())
}

fn uri_template(s: &str) -> Result<(), String> {
    let u = parse_url(s)?;
    for tok in u.raw_path.split('/') {
        let tok = url::path_unescape(tok).map_err(|err| format!("percent decode failed: {err}"))?;
        let mut want = true;
        for ch in tok.chars() {
            let got = match ch {
                '{' => true,
                '}' => false,
                _ => continue,
            };
            if got != want {
                return e("nested curly braces");
            }
            want = !want;
        }
        if !want {
            return e("no matching closing brace");
        }
    }
    Ok(())
}

fn period(s: &str) -> Result<(), String> {
    let Some(slash) = s.find('/') else {
        return e("missing slash");
    };
    let (start, end) = (&s[..slash], &s[slash + 1..]);
    if start.starts_with('P') {
        duration(start).map_err(|err| format!("invalid start duration: {err}"))?;
        date_time(end).map_err(|err| format!("invalid end date-time: {err}"))?;
    } else {
        date_time(start).map_err(|err| format!("invalid start date-time: {err}"))?;
        if end.starts_with('P') {
            duration(end).map_err(|err| format!("invalid end duration: {err}"))?;
        } else {
            date_time(end).map_err(|err| format!("invalid end date-time: {err}"))?;
        }
    }
    Ok(())
}

fn semver(s: &str) -> Result<(), String> {
    let mut s = s;
    if let Some(i) = s.find('+') {
        let build = &s[i + 1..];
        if build.is_empty() {
            return e("build is empty");
        }
        for id in build.split('.') {
            if id.is_empty() {
                return e("build identifier is empty");
            }
            for ch in id.chars() {
                if !(ch.is_ascii_alphanumeric() || ch == '-') {
                    return Err(format!(
                        "invalid character {} in build identifier",
                        quote_rune(ch)
                    ));
                }
            }
        }
        s = &s[..i];
    }
    if let Some(i) = s.find('-') {
        for id in s[i + 1..].split('.') {
            if id.is_empty() {
                return e("pre-release identifier is empty");
            }
            let mut all_digits = true;
            for ch in id.chars() {
                if ch.is_ascii_alphabetic() || ch == '-' {
                    all_digits = false;
                } else if !ch.is_ascii_digit() {
                    return Err(format!(
                        "invalid character {} in pre-release identifier",
                        quote_rune(ch)
                    ));
                }
            }
            if all_digits && id.len() > 1 && id.starts_with('0') {
                return e("pre-release numeric identifier starts with zero");
            }
        }
        s = &s[..i];
    }
    let versions: Vec<&str> = s.split('.').collect();
    if versions.len() != 3 {
        return e("versionCore must have 3 numbers separated by dot");
    }
    for (i, v) in versions.iter().enumerate() {
        let name = ["major", "minor", "patch"][i];
        if v.is_empty() {
            return Err(format!("{name} is empty"));
        }
        if v.len() > 1 && v.starts_with('0') {
            return Err(format!("{name} starts with zero"));
        }
        if !v.bytes().all(|c| c.is_ascii_digit()) {
            return Err(format!("{name} contains non-digit"));
        }
    }
    Ok(())
}
