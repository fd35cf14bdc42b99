//! Encodings and checksums: `b64enc`, `b64dec`, `b32enc`, `b32dec`, `sha1sum`, `sha256sum`,
//! `sha512sum`, `adler32sum`.
//!
//! Sprig's decoders return the error text as the value (`b64dec "!"` is
//! `illegal base64 data at input byte 0`), so Go's decoders are reproduced down to the offset
//! they blame.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use sha1::Digest;

use crate::func;
use crate::template::funcs::{CallCtx, Func, FuncResult};
use crate::value::Value;

use super::util::{bytes_to_value, str_arg};

/// The encoding and checksum functions.
pub static FUNCS: &[Func] = &[
    func!("b64enc", [String], b64enc),
    func!("b64dec", [String], b64dec),
    func!("b32enc", [String], b32enc),
    func!("b32dec", [String], b32dec),
    func!("sha1sum", [String], sha1sum),
    func!("sha256sum", [String], sha256sum),
    func!("sha512sum", [String], sha512sum),
    func!("adler32sum", [String], adler32sum),
];

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// `base64.StdEncoding.EncodeToString`.
pub(crate) fn base64_encode(src: &[u8]) -> String {
    let mut out = String::with_capacity(src.len().div_ceil(3) * 4);
    for chunk in src.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let v = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(B64[(v >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn b64_value(c: u8) -> Option<u8> {
    B64.iter().position(|&x| x == c).map(|p| p as u8)
}

/// `base64.StdEncoding.DecodeString`, with Go's `CorruptInputError` offsets.
pub(crate) fn base64_decode(src: &[u8]) -> Result<Vec<u8>, usize> {
    let mut out = Vec::with_capacity(src.len() / 4 * 3);
    let mut si = 0;
    while si < src.len() {
        let mut dbuf = [0u8; 4];
        let mut dlen = 4;
        let mut trailing: Option<usize> = None;
        let mut j = 0;
        while j < 4 {
            if si == src.len() {
                if j == 0 {
                    return Ok(out);
                }
                return Err(si - j);
            }
            let c = src[si];
            si += 1;
            if let Some(v) = b64_value(c) {
                dbuf[j] = v;
                j += 1;
                continue;
            }
            if c == b'\n' || c == b'\r' {
                continue;
            }
            if c != b'=' {
                return Err(si - 1);
            }
            // Padding: only after two or three symbols, "==" after two.
            match j {
                0 | 1 => return Err(si - 1),
                2 => {
                    while si < src.len() && (src[si] == b'\n' || src[si] == b'\r') {
                        si += 1;
                    }
                    if si == src.len() {
                        return Err(src.len());
                    }
                    if src[si] != b'=' {
                        return Err(si - 1);
                    }
                    si += 1;
                }
                _ => {}
            }
            while si < src.len() && (src[si] == b'\n' || src[si] == b'\r') {
                si += 1;
            }
            if si < src.len() {
                trailing = Some(si);
            }
            dlen = j;
            break;
        }
        let val = u32::from(dbuf[0]) << 18
            | u32::from(dbuf[1]) << 12
            | u32::from(dbuf[2]) << 6
            | u32::from(dbuf[3]);
        let bytes = [(val >> 16) as u8, (val >> 8) as u8, val as u8];
        out.extend_from_slice(&bytes[..dlen - 1]);
        if let Some(at) = trailing {
            return Err(at);
        }
        if dlen < 4 {
            break;
        }
    }
    Ok(out)
}

fn b64enc(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::from(base64_encode(&crate::gobytes::go_bytes(
        str_arg(&a[0]),
    ))))
}

fn b64dec(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    match base64_decode(&crate::gobytes::go_bytes(str_arg(&a[0]))) {
        Ok(b) => Ok(bytes_to_value(&b)),
        Err(at) => Ok(Value::from(format!(
            "illegal base64 data at input byte {at}"
        ))),
    }
}

/// `base32.StdEncoding.EncodeToString`.
fn base32_encode(src: &[u8]) -> String {
    let mut out = String::with_capacity(src.len().div_ceil(5) * 8);
    for chunk in src.chunks(5) {
        let mut b = [0u8; 5];
        b[..chunk.len()].copy_from_slice(chunk);
        let v = b.iter().fold(0u64, |acc, &x| acc << 8 | u64::from(x));
        // Symbols that carry input bits: 2, 4, 5, 7 or 8 for 1..5 bytes.
        let used = [0, 2, 4, 5, 7, 8][chunk.len()];
        for i in 0..8 {
            if i < used {
                out.push(B32[(v >> (35 - 5 * i) & 31) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `base32.StdEncoding.DecodeString` (newlines stripped first), with Go's error offsets.
fn base32_decode(input: &[u8]) -> Result<Vec<u8>, usize> {
    let src: Vec<u8> = input
        .iter()
        .copied()
        .filter(|&c| c != b'\n' && c != b'\r')
        .collect();
    let olen = src.len();
    let mut rest: &[u8] = &src;
    let mut out = Vec::with_capacity(olen / 8 * 5);
    let mut end = false;
    while !rest.is_empty() && !end {
        let mut dbuf = [0u8; 8];
        let mut dlen = 8;
        let mut j = 0;
        while j < 8 {
            if rest.is_empty() {
                return Err(olen - j);
            }
            let c = rest[0];
            rest = &rest[1..];
            if c == b'=' && j >= 2 && rest.len() < 8 {
                if rest.len() + j < 7 {
                    return Err(olen);
                }
                for k in 0..7 - j {
                    if rest.len() > k && rest[k] != b'=' {
                        return Err(olen - rest.len() + k - 1);
                    }
                }
                dlen = j;
                end = true;
                if matches!(dlen, 1 | 3 | 6) {
                    return Err(olen - rest.len() - 1);
                }
                break;
            }
            match B32.iter().position(|&x| x == c) {
                Some(v) => dbuf[j] = v as u8,
                None => return Err(olen - rest.len() - 1),
            }
            j += 1;
        }
        let v = dbuf.iter().fold(0u64, |acc, &x| acc << 5 | u64::from(x));
        let n = match dlen {
            8 => 5,
            7 => 4,
            5 => 3,
            4 => 2,
            2 => 1,
            _ => 0,
        };
        for i in 0..n {
            out.push((v >> (32 - 8 * i)) as u8);
        }
    }
    Ok(out)
}

fn b32enc(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::from(base32_encode(&crate::gobytes::go_bytes(
        str_arg(&a[0]),
    ))))
}

fn b32dec(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    match base32_decode(&crate::gobytes::go_bytes(str_arg(&a[0]))) {
        Ok(b) => Ok(bytes_to_value(&b)),
        Err(at) => Ok(Value::from(format!(
            "illegal base32 data at input byte {at}"
        ))),
    }
}

fn hex(bytes: &[u8]) -> Value {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push_str(&format!("{b:02x}"));
    }
    Value::from(s)
}

fn sha1sum(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(hex(&sha1::Sha1::digest(&*crate::gobytes::go_bytes(
        str_arg(&a[0]),
    ))))
}

fn sha256sum(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(hex(&sha2::Sha256::digest(&*crate::gobytes::go_bytes(
        str_arg(&a[0]),
    ))))
}

fn sha512sum(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(hex(&sha2::Sha512::digest(&*crate::gobytes::go_bytes(
        str_arg(&a[0]),
    ))))
}

/// `hash/adler32.Checksum`, printed in decimal.
fn adler32sum(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let (mut s1, mut s2) = (1u32, 0u32);
    for chunk in crate::gobytes::go_bytes(str_arg(&a[0])).chunks(5552) {
        for &b in chunk {
            s1 += u32::from(b);
            s2 += s1;
        }
        s1 %= 65521;
        s2 %= 65521;
    }
    Ok(Value::from(format!("{}", s2 << 16 | s1)))
}
