//! A tar reader with Go `archive/tar` semantics, as far as chart archives need: USTAR,
//! PAX (`x` records merged into the next entry, `g` returned as an entry), GNU long names,
//! V7; checksum and numeric-field checks; header-only types carry no data.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use super::gzip::{GzReader, UNEXPECTED_EOF};

/// Go's `tar.ErrHeader` text.
pub const ERR_HEADER: &str = "archive/tar: invalid tar header";
/// Go's `tar.ErrFieldTooLong` text.
pub const ERR_FIELD_TOO_LONG: &str = "archive/tar: header field too long";
/// Go's `maxSpecialFileSize`: PAX and GNU long-name records are at most 1 MiB.
const MAX_SPECIAL_FILE_SIZE: u64 = 1 << 20;

/// One entry's header, as Go's `tar.Header` (the fields Helm uses).
#[derive(Clone, Debug)]
pub struct Header {
    /// `Typeflag` after Go's normalisation (`\0` becomes `0` or `5`).
    pub typeflag: u8,
    /// `Name`, after PAX/GNU overrides and the USTAR prefix.
    pub name: String,
    /// `Size` as declared.
    pub size: i64,
    /// `Mode` bits.
    pub mode: i64,
    /// Modification time, Unix seconds.
    pub mod_time: i64,
}

impl Header {
    /// Go's `hd.FileInfo().IsDir()`.
    pub fn is_dir(&self) -> bool {
        self.typeflag == b'5' || (self.mode & !0o7777) == 0o40000
    }
}

/// Reads entries from a decompressed stream.
pub struct TarReader<'a> {
    r: GzReader<'a>,
    /// Unread bytes of the current entry's data.
    remaining: u64,
    /// Padding after the current entry's data.
    pad: u64,
}

struct Parser {
    err: bool,
}

impl Parser {
    fn string(b: &[u8]) -> String {
        let n = b.iter().position(|c| *c == 0).unwrap_or(b.len());
        String::from_utf8_lossy(&b[..n]).into_owned()
    }

    fn octal(&mut self, b: &[u8]) -> i64 {
        let mut s = b;
        while let [c, rest @ ..] = s {
            if *c == b' ' || *c == 0 {
                s = rest;
            } else {
                break;
            }
        }
        while let [rest @ .., c] = s {
            if *c == b' ' || *c == 0 {
                s = rest;
            } else {
                break;
            }
        }
        if s.is_empty() {
            return 0;
        }
        let n = s.iter().position(|c| *c == 0).unwrap_or(s.len());
        let s = &s[..n];
        let mut x: u64 = 0;
        if s.is_empty() {
            self.err = true;
            return 0;
        }
        for c in s {
            if !(b'0'..=b'7').contains(c) {
                self.err = true;
                return 0;
            }
            match x
                .checked_mul(8)
                .and_then(|v| v.checked_add(u64::from(c - b'0')))
            {
                Some(v) => x = v,
                None => {
                    self.err = true;
                    return 0;
                }
            }
        }
        x as i64
    }

    fn numeric(&mut self, b: &[u8]) -> i64 {
        if let Some(first) = b.first() {
            if first & 0x80 != 0 {
                // Base-256: two's complement, big endian, sign in bit 6 of the first byte.
                let inv: u8 = if first & 0x40 != 0 { 0xff } else { 0 };
                let mut x: u64 = 0;
                for (i, c) in b.iter().enumerate() {
                    let mut c = c ^ inv;
                    if i == 0 {
                        c &= 0x7f;
                    }
                    if x >> 56 > 0 {
                        self.err = true;
                        return 0;
                    }
                    x = x << 8 | u64::from(c);
                }
                if x >> 63 > 0 {
                    self.err = true;
                    return 0;
                }
                return if inv == 0xff { !(x as i64) } else { x as i64 };
            }
        }
        self.octal(b)
    }
}

fn checksums(block: &[u8; 512]) -> (i64, i64) {
    let mut unsigned: i64 = 0;
    let mut signed: i64 = 0;
    for (i, c) in block.iter().enumerate() {
        let c = if (148..156).contains(&i) { b' ' } else { *c };
        unsigned += i64::from(c);
        signed += i64::from(c as i8);
    }
    (unsigned, signed)
}

fn is_header_only(t: u8) -> bool {
    matches!(t, b'1' | b'2' | b'3' | b'4' | b'5' | b'6')
}

/// Go's `parsePAXRecord` over a whole record block.
fn parse_pax(data: &[u8]) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    let mut s = data;
    while !s.is_empty() {
        let sp = s.iter().position(|c| *c == b' ').ok_or(ERR_HEADER)?;
        let n: usize = core::str::from_utf8(&s[..sp])
            .ok()
            .and_then(|t| crate::values::gostr::parse_int(t).ok())
            .filter(|n| *n >= 5 && (*n as usize) <= s.len())
            .map(|n| n as usize)
            .ok_or(ERR_HEADER)?;
        if sp + 1 > n - 1 || s[n - 1] != b'\n' {
            return Err(String::from(ERR_HEADER));
        }
        let rec = &s[sp + 1..n - 1];
        let eq = rec.iter().position(|c| *c == b'=').ok_or(ERR_HEADER)?;
        let k = String::from_utf8_lossy(&rec[..eq]).into_owned();
        let v = String::from_utf8_lossy(&rec[eq + 1..]).into_owned();
        out.insert(k, v);
        s = &s[n..];
    }
    Ok(out)
}

impl<'a> TarReader<'a> {
    /// A reader over a gzip stream.
    pub fn new(r: GzReader<'a>) -> TarReader<'a> {
        TarReader {
            r,
            remaining: 0,
            pad: 0,
        }
    }

    /// Bytes decompressed so far.
    pub fn produced(&self) -> u64 {
        self.r.produced
    }

    /// Go's `io.ReadFull` of one block: `Ok(None)` at a clean end, `unexpected EOF` when short.
    fn read_block(&mut self) -> Result<Option<[u8; 512]>, String> {
        let mut blk = [0u8; 512];
        let mut n = 0;
        while n < 512 {
            let k = self.r.read(&mut blk[n..])?;
            if k == 0 {
                break;
            }
            n += k;
        }
        match n {
            0 => Ok(None),
            512 => Ok(Some(blk)),
            _ => Err(String::from(UNEXPECTED_EOF)),
        }
    }

    /// Reads the rest of the current entry's data, at most `limit` bytes into `out`.
    /// Returns the bytes read; `unexpected EOF` if the stream ends inside the data.
    pub fn read_data(&mut self, out: &mut Vec<u8>, limit: u64) -> Result<u64, String> {
        let want = self.remaining.min(limit);
        // Appended straight from the decompressor's buffer (callers size `out` up front).
        let mut got = 0u64;
        while got < want {
            let k = usize::try_from(want - got).unwrap_or(usize::MAX);
            let n = self.r.read_into(out, k)?;
            if n == 0 {
                return Err(String::from(UNEXPECTED_EOF));
            }
            got += n as u64;
        }
        self.remaining -= got;
        Ok(got)
    }

    fn read_special(&mut self) -> Result<Vec<u8>, String> {
        if self.remaining > MAX_SPECIAL_FILE_SIZE {
            return Err(String::from(ERR_FIELD_TOO_LONG));
        }
        let mut out = Vec::new();
        let n = self.remaining;
        self.read_data(&mut out, n)?;
        Ok(out)
    }

    /// Go's `Reader.Next`: the next entry, `Ok(None)` at the end of the archive.
    pub fn next(&mut self) -> Result<Option<Header>, String> {
        let mut pax: Option<BTreeMap<String, String>> = None;
        let mut long_name: Option<String> = None;
        loop {
            // Skip what is left of the current entry, then its padding (EOF there is fine).
            let rest = self.remaining;
            if rest > 0 {
                let skipped = self.r.skip(rest)?;
                self.remaining = 0;
                if skipped < rest {
                    return Err(String::from(UNEXPECTED_EOF));
                }
            }
            let pad = self.pad;
            self.pad = 0;
            if pad > 0 && self.r.skip(pad)? < pad {
                return Ok(None);
            }

            let Some(blk) = self.read_block()? else {
                return Ok(None);
            };
            if blk.iter().all(|b| *b == 0) {
                match self.read_block()? {
                    None => return Ok(None),
                    Some(b2) if b2.iter().all(|b| *b == 0) => return Ok(None),
                    Some(_) => return Err(String::from(ERR_HEADER)),
                }
            }
            let mut p = Parser { err: false };
            let want = p.octal(&blk[148..156]);
            let (c1, c2) = checksums(&blk);
            if p.err || (want != c1 && want != c2) {
                return Err(String::from(ERR_HEADER));
            }
            let magic = &blk[257..263];
            let version = &blk[263..265];
            let ustar = magic == b"ustar\0";
            let gnu = magic == b"ustar " && version == b" \0";
            let star = ustar && &blk[508..512] == b"tar\0";

            let mut hdr = Header {
                typeflag: blk[156],
                name: Parser::string(&blk[0..100]),
                size: p.numeric(&blk[124..136]),
                mode: p.numeric(&blk[100..108]),
                mod_time: p.numeric(&blk[136..148]),
            };
            p.numeric(&blk[108..116]);
            p.numeric(&blk[116..124]);
            if ustar || gnu {
                p.numeric(&blk[329..337]);
                p.numeric(&blk[337..345]);
                let prefix = if star {
                    Parser::string(&blk[345..476])
                } else if ustar {
                    Parser::string(&blk[345..500])
                } else {
                    String::new()
                };
                if !prefix.is_empty() {
                    hdr.name = alloc::format!("{prefix}/{}", hdr.name);
                }
            }
            if p.err {
                return Err(String::from(ERR_HEADER));
            }
            self.set_data(&hdr)?;

            match hdr.typeflag {
                b'x' | b'g' => {
                    let data = self.read_special()?;
                    let recs = parse_pax(&data)?;
                    if hdr.typeflag == b'g' {
                        if let Some(path) = recs.get("path") {
                            hdr.name = path.clone();
                        }
                        return Ok(Some(hdr));
                    }
                    pax = Some(recs);
                    continue;
                }
                b'L' | b'K' => {
                    let data = self.read_special()?;
                    if hdr.typeflag == b'L' {
                        long_name = Some(Parser::string(&data));
                    }
                    continue;
                }
                _ => {
                    if let Some(recs) = &pax {
                        for (k, v) in recs {
                            match k.as_str() {
                                "path" => hdr.name = v.clone(),
                                "size" => {
                                    hdr.size = crate::values::gostr::parse_int(v)
                                        .map_err(|_| ERR_HEADER)?;
                                }
                                "mtime" => {
                                    let secs = v.split('.').next().unwrap_or("");
                                    hdr.mod_time = crate::values::gostr::parse_int(secs)
                                        .map_err(|_| ERR_HEADER)?;
                                }
                                _ => {}
                            }
                        }
                    }
                    if let Some(n) = long_name.take() {
                        hdr.name = n;
                    }
                    if hdr.typeflag == 0 {
                        hdr.typeflag = if hdr.name.ends_with('/') { b'5' } else { b'0' };
                    }
                    self.set_data(&hdr)?;
                    return Ok(Some(hdr));
                }
            }
        }
    }

    /// Go's `handleRegularFile`: how much data follows the header.
    fn set_data(&mut self, hdr: &Header) -> Result<(), String> {
        let nb = if is_header_only(hdr.typeflag) {
            0
        } else {
            hdr.size
        };
        if nb < 0 {
            return Err(String::from(ERR_HEADER));
        }
        let nb = nb as u64;
        self.remaining = nb;
        self.pad = (512 - nb % 512) % 512;
        Ok(())
    }
}
