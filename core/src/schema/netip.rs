//! Go's `netip.ParseAddr`, for the `ipv6` format and IP-literal hosts: which strings parse,
//! and Go's error text (`ParseAddr("1:2"): address string too short`).

// Lint uses part of this without the validator.
#![cfg_attr(not(feature = "schema"), allow(dead_code))]

use alloc::string::String;

use crate::gofmt::strconv::quote;

/// What the validator needs from a parsed address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Addr {
    /// IPv4 (not IPv4-mapped IPv6).
    pub is4: bool,
    /// The zone after `%`, if any.
    pub zone: String,
}

fn err(input: &str, msg: &str, at: &str) -> String {
    if at.is_empty() {
        alloc::format!("ParseAddr({}): {msg}", quote(input))
    } else {
        alloc::format!("ParseAddr({}): {msg} (at {})", quote(input), quote(at))
    }
}

fn ipv4_fields(input: &str, off: usize, end: usize) -> Result<(), String> {
    let s = &input.as_bytes()[off..end];
    let mut val = 0u32;
    let mut pos = 0;
    let mut dig_len = 0;
    for i in 0..s.len() {
        let c = s[i];
        if c.is_ascii_digit() {
            if dig_len == 1 && val == 0 {
                return Err(err(input, "IPv4 field has octet with leading zero", ""));
            }
            val = val * 10 + u32::from(c - b'0');
            dig_len += 1;
            if val > 255 {
                return Err(err(input, "IPv4 field has value >255", ""));
            }
        } else if c == b'.' {
            if i == 0 || i == s.len() - 1 || s[i - 1] == b'.' {
                return Err(err(
                    input,
                    "IPv4 field must have at least one digit",
                    &input[off + i..end],
                ));
            }
            if pos == 3 {
                return Err(err(input, "IPv4 address too long", ""));
            }
            pos += 1;
            val = 0;
            dig_len = 0;
        } else {
            return Err(err(input, "unexpected character", &input[off + i..end]));
        }
    }
    if pos < 3 {
        return Err(err(input, "IPv4 address too short", ""));
    }
    Ok(())
}

fn ipv6(input: &str) -> Result<Addr, String> {
    let mut s = input;
    let mut zone = "";
    if let Some(i) = s.find('%') {
        zone = &s[i + 1..];
        s = &s[..i];
        if zone.is_empty() {
            return Err(err(input, "zone must be a non-empty string", ""));
        }
    }
    let ok = Addr {
        is4: false,
        zone: zone.into(),
    };
    let mut ellipsis: i32 = -1;
    if s.len() >= 2 && s.starts_with("::") {
        ellipsis = 0;
        s = &s[2..];
        if s.is_empty() {
            return Ok(ok);
        }
    }
    let mut i: i32 = 0;
    while i < 16 {
        let b = s.as_bytes();
        let mut off = 0;
        let mut acc: u32 = 0;
        while off < b.len() {
            let c = b[off];
            let v = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => break,
            };
            acc = (acc << 4) + u32::from(v);
            if off > 3 {
                return Err(err(input, "each group must have 4 or less digits", s));
            }
            if acc > 0xFFFF {
                return Err(err(input, "IPv6 field has value >=2^16", s));
            }
            off += 1;
        }
        if off == 0 {
            return Err(err(
                input,
                "each colon-separated field must have at least one digit",
                s,
            ));
        }
        if off < b.len() && b[off] == b'.' {
            if ellipsis < 0 && i != 12 {
                return Err(err(
                    input,
                    "embedded IPv4 address must replace the final 2 fields of the address",
                    s,
                ));
            }
            if i + 4 > 16 {
                return Err(err(
                    input,
                    "too many hex fields to fit an embedded IPv4 at the end of the address",
                    s,
                ));
            }
            let mut end = input.len();
            if !zone.is_empty() {
                end -= zone.len() + 1;
            }
            ipv4_fields(input, end - s.len(), end)?;
            s = "";
            i += 4;
            break;
        }
        i += 2;
        s = &s[off..];
        if s.is_empty() {
            break;
        }
        if !s.starts_with(':') {
            return Err(err(input, "unexpected character, want colon", s));
        } else if s.len() == 1 {
            return Err(err(input, "colon must be followed by more characters", s));
        }
        s = &s[1..];
        if s.starts_with(':') {
            if ellipsis >= 0 {
                return Err(err(input, "multiple :: in address", s));
            }
            ellipsis = i;
            s = &s[1..];
            if s.is_empty() {
                break;
            }
        }
    }
    if !s.is_empty() {
        return Err(err(input, "trailing garbage after address", s));
    }
    if i < 16 {
        if ellipsis < 0 {
            return Err(err(input, "address string too short", ""));
        }
    } else if ellipsis >= 0 {
        return Err(err(
            input,
            "the :: must expand to at least one field of zeros",
            "",
        ));
    }
    Ok(ok)
}

/// `netip.ParseAddr`.
pub fn parse_addr(s: &str) -> Result<Addr, String> {
    for c in s.bytes() {
        match c {
            b'.' => {
                ipv4_fields(s, 0, s.len())?;
                return Ok(Addr {
                    is4: true,
                    zone: String::new(),
                });
            }
            b':' => return ipv6(s),
            b'%' => return Err(err(s, "missing IPv6 address", "")),
            _ => {}
        }
    }
    Err(err(s, "unable to parse IP", ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        // Expectations from Go 1.26's net/netip.
        assert!(parse_addr("::1").is_ok());
        assert!(parse_addr("1.2.3.4").unwrap().is4);
        assert_eq!(parse_addr("fe80::1%eth0").unwrap().zone, "eth0");
        assert!(parse_addr("::ffff:1.2.3.4").is_ok());
        let errs = [
            ("1:2", "ParseAddr(\"1:2\"): address string too short"),
            ("x", "ParseAddr(\"x\"): unable to parse IP"),
            (
                "1:2:3:4:5:6:7:8:9",
                "ParseAddr(\"1:2:3:4:5:6:7:8:9\"): trailing garbage after address (at \"9\")",
            ),
            (
                "1::2::3",
                "ParseAddr(\"1::2::3\"): multiple :: in address (at \":3\")",
            ),
            (
                "12345::",
                "ParseAddr(\"12345::\"): each group must have 4 or less digits (at \"12345::\")",
            ),
            (
                "::1.2.3.256",
                "ParseAddr(\"::1.2.3.256\"): IPv4 field has value >255",
            ),
        ];
        for (s, want) in errs {
            assert_eq!(parse_addr(s).unwrap_err(), want);
        }
    }
}
