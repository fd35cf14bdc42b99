//! gzip with the header Helm's `chartutil.Save` writes: FLG = FEXTRA|FCOMMENT, MTIME 0,
//! XFL 0, OS 255 (unknown), EXTRA = Helm's 41 bytes as written (Go puts `Writer.Extra` out
//! as is, behind its length), COMMENT `Helm`. The DEFLATE body comes from miniz_oxide at
//! level 6: pure Rust and integer-only, so native and WASM builds write the same bytes.
//! (Go's encoder would write other, equally valid, bytes.)

use alloc::string::String;
use alloc::vec::Vec;

/// `headerBytes` in Helm's `pkg/chart/v2/util/save.go`.
pub const HELM_EXTRA: &[u8] = b"+aHR0cHM6Ly95b3V0dS5iZS96OVV6MWljandyTQo=";

/// Go's `compress/flate.DefaultCompression` maps to level 6.
const LEVEL: u8 = 6;

/// CRC-32 (IEEE), as the gzip trailer carries it: the chart reader's.
pub use crate::chart::gzip::crc32;

/// Compresses `data` into a gzip member with Helm's header.
pub fn gzip(data: &[u8]) -> Vec<u8> {
    let body = miniz_oxide::deflate::compress_to_vec(data, LEVEL);
    let mut out = Vec::with_capacity(body.len() + 80);
    out.extend_from_slice(&[0x1f, 0x8b, 8, 0x04 | 0x10, 0, 0, 0, 0, 0, 255]);
    out.extend_from_slice(&(HELM_EXTRA.len() as u16).to_le_bytes());
    out.extend_from_slice(HELM_EXTRA);
    out.extend_from_slice(b"Helm\0");
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32(data).to_le_bytes());
    // ISIZE is the length modulo 2^32.
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

/// Decompresses one gzip member (any header flags), checking its CRC-32 and size; the
/// output is bounded by twice Helm's archive limit.
pub fn gunzip(data: &[u8]) -> Result<Vec<u8>, String> {
    let bad = || String::from("gzip: invalid header");
    if data.len() < 18 || data[0] != 0x1f || data[1] != 0x8b || data[2] != 8 {
        return Err(bad());
    }
    let flg = data[3];
    let mut at = 10;
    if flg & 0x04 != 0 {
        let xlen = usize::from(u16::from_le_bytes([data[at], data[at + 1]]));
        at += 2 + xlen;
    }
    for bit in [0x08, 0x10] {
        if flg & bit != 0 {
            let end = data.get(at..).and_then(|r| r.iter().position(|b| *b == 0));
            at += end.ok_or_else(bad)? + 1;
        }
    }
    if flg & 0x02 != 0 {
        at += 2;
    }
    let body = data.get(at..data.len().saturating_sub(8)).ok_or_else(bad)?;
    let limit = 2 * crate::limits::MAX_DECOMPRESSED_SIZE;
    let out = miniz_oxide::inflate::decompress_to_vec_with_limit(body, limit)
        .map_err(|e| alloc::format!("flate: {:?}", e.status))?;
    let tail = &data[data.len() - 8..];
    if tail[..4] != crc32(&out).to_le_bytes() || tail[4..] != (out.len() as u32).to_le_bytes() {
        return Err(String::from("gzip: invalid checksum"));
    }
    Ok(out)
}
