//! A tar writer producing the bytes Go's `archive/tar` writes for Helm's headers (regular
//! files, mode 0644, uid/gid 0, no user or group names, format chosen automatically).
//!
//! Go picks USTAR when the header fits it (ASCII name up to 100 bytes, or splittable into a
//! 155-byte prefix and a 100-byte name; mtime in 0..8^11), else PAX: an `x` entry named
//! `<dir>/PaxHeaders.0/<file>` holding `path`/`mtime` records, then the main header with the
//! name cut to its ASCII bytes. The stream ends with two zero blocks and no record padding.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

const BLOCK: usize = 512;
const NAME_SIZE: usize = 100;
const PREFIX_SIZE: usize = 155;

/// Builds a tar stream in memory.
#[derive(Default)]
pub struct TarWriter {
    out: Vec<u8>,
}

/// A header block under construction, with Go's `formatter` semantics.
struct Block([u8; BLOCK]);

impl Block {
    fn new() -> Block {
        Block([0; BLOCK])
    }

    /// Go's `formatString`: copies what fits, NUL-terminates when there is room, and keeps
    /// a cut name from ending in `/` (some readers would take it for a directory).
    fn string(&mut self, at: usize, len: usize, s: &[u8]) {
        let field = &mut self.0[at..at + len];
        let n = s.len().min(len);
        field[..n].copy_from_slice(&s[..n]);
        if s.len() < len {
            field[s.len()] = 0;
        }
        if s.len() > len && field[len - 1] == b'/' {
            let kept = s[..len - 1]
                .iter()
                .rposition(|b| *b != b'/')
                .map_or(0, |i| i + 1);
            field[len - 1] = kept as u8;
        }
    }

    /// Go's `formatOctal`: zero-padded octal leaving room for a NUL; a value that does not
    /// fit is written as 0 (Go's last resort, its error ignored for PAX headers).
    fn octal(&mut self, at: usize, len: usize, x: i64) {
        let x = if fits_octal(len, x) { x } else { 0 };
        let digits = format!("{x:o}");
        let mut s = String::new();
        for _ in digits.len() + 1..len {
            s.push('0');
        }
        s.push_str(&digits);
        self.string(at, len, s.as_bytes());
    }

    /// Magic, version and checksum (Go's `setFormat` for USTAR and PAX).
    fn finish(&mut self) {
        self.0[257..263].copy_from_slice(b"ustar\0");
        self.0[263..265].copy_from_slice(b"00");
        let sum: i64 = self
            .0
            .iter()
            .enumerate()
            .map(|(i, b)| {
                if (148..156).contains(&i) {
                    32
                } else {
                    i64::from(*b)
                }
            })
            .sum();
        self.octal(148, 7, sum);
        self.0[155] = b' ';
    }
}

/// Whether `x` fits an octal field of `len` bytes (one kept for the NUL).
fn fits_octal(len: usize, x: i64) -> bool {
    let digits = (len - 1) as u32;
    x >= 0 && (digits >= 21 || x < 1i64 << (3 * digits))
}

fn is_ascii(s: &str) -> bool {
    s.bytes().all(|b| b < 0x80)
}

/// Go's `toASCII`: drops every character outside ASCII (and NUL).
fn to_ascii(s: &str) -> String {
    s.chars()
        .filter(|c| (*c as u32) < 0x80 && *c != '\0')
        .collect()
}

/// Go's `splitUSTARPath`: a split of a long ASCII name into prefix and name fields.
fn split_ustar_path(name: &str) -> Option<(&str, &str)> {
    let b = name.as_bytes();
    let mut length = b.len();
    if length <= NAME_SIZE || !is_ascii(name) {
        return None;
    } else if length > PREFIX_SIZE + 1 {
        length = PREFIX_SIZE + 1;
    } else if b[length - 1] == b'/' {
        length -= 1;
    }
    let i = name[..length].rfind('/')?;
    let (nlen, plen) = (b.len() - i - 1, i);
    if i == 0 || nlen > NAME_SIZE || nlen == 0 || plen > PREFIX_SIZE {
        return None;
    }
    Some((&name[..i], &name[i + 1..]))
}

/// Go's `formatPAXRecord`: `"<len> <key>=<value>\n"`, where len counts itself.
fn pax_record(key: &str, value: &str) -> String {
    let base = key.len() + value.len() + 3;
    let mut size = base + format!("{base}").len();
    let mut rec = format!("{size} {key}={value}\n");
    if rec.len() != size {
        size = rec.len();
        rec = format!("{size} {key}={value}\n");
    }
    rec
}

/// Go's `path.Split` then `path.Join(dir, "PaxHeaders.0", file)` for names that are
/// already clean.
fn pax_header_name(name: &str) -> String {
    match name.rfind('/') {
        Some(i) => format!("{}/PaxHeaders.0/{}", &name[..i], &name[i + 1..]),
        None => format!("PaxHeaders.0/{name}"),
    }
}

impl TarWriter {
    /// An empty stream.
    pub fn new() -> TarWriter {
        TarWriter::default()
    }

    /// Appends a regular file as Helm's `writeToTar` does; `mtime` is in whole seconds.
    pub fn append(&mut self, name: &str, data: &[u8], mtime: i64) -> Result<(), String> {
        if name.contains('\0') {
            return Err(String::from("archive/tar: header field too long"));
        }
        let mtime_fits = fits_octal(12, mtime);
        let ustar_name = if is_ascii(name) && name.len() <= NAME_SIZE {
            Some(("", name))
        } else {
            split_ustar_path(name)
        };
        match ustar_name {
            Some((prefix, suffix)) if mtime_fits => {
                let mut b = self.v7_plus(suffix.as_bytes(), data.len(), mtime);
                b.string(345, PREFIX_SIZE, prefix.as_bytes());
                b.finish();
                self.out.extend_from_slice(&b.0);
            }
            _ => {
                // Records in key order, as Go sorts them.
                let mut records = String::new();
                if !mtime_fits {
                    records.push_str(&pax_record("mtime", &format!("{mtime}")));
                }
                if !is_ascii(name) || name.len() > NAME_SIZE {
                    records.push_str(&pax_record("path", name));
                }
                self.raw_file(&pax_header_name(name), records.as_bytes());
                let mut b = self.v7_plus(to_ascii(name).as_bytes(), data.len(), mtime);
                b.finish();
                self.out.extend_from_slice(&b.0);
            }
        }
        self.data(data);
        Ok(())
    }

    /// Go's `templateV7Plus` for Helm's header fields.
    fn v7_plus(&self, name: &[u8], size: usize, mtime: i64) -> Block {
        let mut b = Block::new();
        b.0[156] = b'0';
        b.string(0, NAME_SIZE, name);
        b.octal(100, 8, 0o644);
        b.octal(108, 8, 0);
        b.octal(116, 8, 0);
        b.octal(124, 12, size as i64);
        b.octal(136, 12, mtime);
        b.octal(329, 8, 0);
        b.octal(337, 8, 0);
        b
    }

    /// Go's `writeRawFile` for a PAX extended header entry (typeflag `x`).
    fn raw_file(&mut self, name: &str, data: &[u8]) {
        let mut name = to_ascii(name);
        name.truncate(NAME_SIZE);
        let name = name.trim_end_matches('/');
        let mut b = Block::new();
        b.0[156] = b'x';
        b.string(0, NAME_SIZE, name.as_bytes());
        b.octal(100, 8, 0);
        b.octal(108, 8, 0);
        b.octal(116, 8, 0);
        b.octal(124, 12, data.len() as i64);
        b.octal(136, 12, 0);
        b.finish();
        self.out.extend_from_slice(&b.0);
        self.data(data);
    }

    fn data(&mut self, data: &[u8]) {
        self.out.extend_from_slice(data);
        let pad = (BLOCK - data.len() % BLOCK) % BLOCK;
        self.out.resize(self.out.len() + pad, 0);
    }

    /// The finished stream: two zero blocks close it.
    pub fn finish(mut self) -> Vec<u8> {
        self.out.resize(self.out.len() + 2 * BLOCK, 0);
        self.out
    }
}
