//! Go's `netip.ParseAddr`, only as far as net/url needs it: is the bracketed host a valid
//! address, is it IPv4, and Go's error text when it is not.

use alloc::format;
use alloc::string::String;

use super::quote::go_quote;

fn err(input: &str, msg: &str, at: &str) -> String {
    if at.is_empty() {
        format!("ParseAddr({}): {msg}", go_quote(input))
    } else {
        format!("ParseAddr({}): {msg} (at {})", go_quote(input), go_quote(at))
    }
}

/// A parsed address: 16 bytes (IPv4 as `::ffff:a.b.c.d`), whether it is IPv4, its zone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Addr {
    /// The address as 16 bytes.
    pub bytes: [u8; 16],
    /// Parsed from dotted IPv4 form.
    pub is4: bool,
    /// Whether an IPv6 zone (`%eth0`) was given.
    pub has_zone: bool,
}

impl Addr {
    /// Go's `net.IP.To4`: the 4-byte form of IPv4 and IPv4-mapped addresses.
    pub fn to4(&self) -> Option<[u8; 4]> {
        let b = &self.bytes;
        (b[..10].iter().all(|&x| x == 0) && b[10] == 0xff && b[11] == 0xff).then(|| [b[12], b[13], b[14], b[15]])
    }
}

/// `netip.ParseAddr(s)`, or Go's error text.
pub fn parse_addr(s: &str) -> Result<Addr, String> {
    for b in s.bytes() {
        match b {
            b'.' => {
                let v4 = parse_ipv4_fields(s, 0, s.len())?;
                let mut bytes = [0u8; 16];
                bytes[10] = 0xff;
                bytes[11] = 0xff;
                bytes[12..].copy_from_slice(&v4);
                return Ok(Addr { bytes, is4: true, has_zone: false });
            }
            b':' => return parse_ipv6(s),
            b'%' => return Err(err(s, "missing IPv6 address", "")),
            _ => {}
        }
    }
    Err(err(s, "unable to parse IP", ""))
}

fn parse_ipv4_fields(input: &str, off: usize, end: usize) -> Result<[u8; 4], String> {
    let mut fields = [0u8; 4];
    let s = &input.as_bytes()[off..end];
    let (mut val, mut pos, mut dig_len) = (0u32, 0, 0);
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
                return Err(err(input, "IPv4 field must have at least one digit", &input[off + i..end]));
            }
            if pos == 3 {
                return Err(err(input, "IPv4 address too long", ""));
            }
            fields[pos] = val as u8;
            pos += 1;
            val = 0;
            dig_len = 0;
        } else {
            let at = input.get(off + i..end).unwrap_or("");
            return Err(err(input, "unexpected character", at));
        }
    }
    if pos < 3 {
        return Err(err(input, "IPv4 address too short", ""));
    }
    fields[3] = val as u8;
    Ok(fields)
}

fn parse_ipv6(input: &str) -> Result<Addr, String> {
    let mut ip = [0u8; 16];
    let (mut s, zone) = match input.find('%') {
        Some(i) => (&input[..i], &input[i + 1..]),
        None => (input, ""),
    };
    if input.contains('%') && zone.is_empty() {
        return Err(err(input, "zone must be a non-empty string", ""));
    }
    let mut ellipsis: Option<usize> = None;
    if s.starts_with("::") {
        ellipsis = Some(0);
        s = &s[2..];
        if s.is_empty() {
            return Ok(Addr { bytes: ip, is4: false, has_zone: !zone.is_empty() });
        }
    }
    let mut i = 0;
    while i < 16 {
        let b = s.as_bytes();
        let mut off = 0;
        let mut acc = 0u32;
        while off < b.len() {
            let Some(d) = (b[off] as char).to_digit(16) else {
                break;
            };
            acc = (acc << 4) + d;
            if off > 3 {
                return Err(err(input, "each group must have 4 or less digits", s));
            }
            if acc > 0xFFFF {
                return Err(err(input, "IPv6 field has value >=2^16", s));
            }
            off += 1;
        }
        if off == 0 {
            return Err(err(input, "each colon-separated field must have at least one digit", s));
        }
        if off < b.len() && b[off] == b'.' {
            if ellipsis.is_none() && i != 12 {
                return Err(err(input, "embedded IPv4 address must replace the final 2 fields of the address", s));
            }
            if i + 4 > 16 {
                return Err(err(input, "too many hex fields to fit an embedded IPv4 at the end of the address", s));
            }
            let end = if zone.is_empty() { input.len() } else { input.len() - zone.len() - 1 };
            ip[i..i + 4].copy_from_slice(&parse_ipv4_fields(input, end - s.len(), end)?);
            s = "";
            i += 4;
            break;
        }
        ip[i] = (acc >> 8) as u8;
        ip[i + 1] = acc as u8;
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
            if ellipsis.is_some() {
                return Err(err(input, "multiple :: in address", s));
            }
            ellipsis = Some(i);
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
        let Some(e) = ellipsis else {
            return Err(err(input, "address string too short", ""));
        };
        let n = 16 - i;
        for j in (e..i).rev() {
            ip[j + n] = ip[j];
        }
        ip[e..e + n].fill(0);
    } else if ellipsis.is_some() {
        return Err(err(input, "the :: must expand to at least one field of zeros", ""));
    }
    Ok(Addr { bytes: ip, is4: false, has_zone: !zone.is_empty() })
}
