//! A pull-based gzip reader with Go `compress/gzip` semantics (multistream, header checks,
//! CRC-32 and size trailer), inflating lazily so a caller that stops early (the tar reader
//! after its end-of-archive blocks) never pays for, or fails on, the rest.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use miniz_oxide::inflate::stream::{inflate, InflateState};
use miniz_oxide::{DataFormat, MZError, MZFlush, MZStatus};

/// Go's `io.ErrUnexpectedEOF` text.
pub const UNEXPECTED_EOF: &str = "unexpected EOF";
/// Go's `gzip.ErrHeader` text.
pub const ERR_HEADER: &str = "gzip: invalid header";
/// Go's `gzip.ErrChecksum` text.
pub const ERR_CHECKSUM: &str = "gzip: invalid checksum";

/// CRC-32 (IEEE) of `data`, as gzip trailers carry it (`crc32fast`: table-per-byte CRC
/// was a tenth of reading a chart archive).
pub fn crc32(data: &[u8]) -> u32 {
    crc32fast::hash(data)
}

/// Streaming gzip decoder over an in-memory input.
pub struct GzReader<'a> {
    input: &'a [u8],
    pos: usize,
    state: Box<InflateState>,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    crc: u32,
    size: u32,
    /// The current member's deflate stream has ended (trailer not yet checked).
    member_done: bool,
    /// The whole stream has ended.
    eof: bool,
    /// Total bytes produced so far.
    pub produced: u64,
}

impl<'a> GzReader<'a> {
    /// Reads the first member's header (Go's `gzip.NewReader`).
    pub fn new(input: &'a [u8]) -> Result<GzReader<'a>, String> {
        let mut r = GzReader {
            input,
            pos: 0,
            state: InflateState::new_boxed(DataFormat::Raw),
            buf: vec![0u8; 32 * 1024],
            start: 0,
            end: 0,
            crc: 0,
            size: 0,
            member_done: false,
            eof: false,
            produced: 0,
        };
        if input.is_empty() {
            return Err(String::from("EOF"));
        }
        r.header()?;
        Ok(r)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let input: &'a [u8] = self.input;
        match input.get(self.pos..self.pos + n) {
            Some(b) => {
                self.pos += n;
                Ok(b)
            }
            None => {
                self.pos = input.len();
                Err(String::from(UNEXPECTED_EOF))
            }
        }
    }

    fn header(&mut self) -> Result<(), String> {
        let start = self.pos;
        let h = self.take(10)?;
        if h[0] != 0x1f || h[1] != 0x8b || h[2] != 8 {
            return Err(String::from(ERR_HEADER));
        }
        let flg = h[3];
        if flg & 0x04 != 0 {
            let l = self.take(2)?;
            let n = usize::from(l[0]) | usize::from(l[1]) << 8;
            self.take(n)?;
        }
        for bit in [0x08u8, 0x10] {
            if flg & bit != 0 {
                // A NUL-terminated Latin-1 string (name, comment).
                let input: &'a [u8] = self.input;
                match input[self.pos..].iter().position(|b| *b == 0) {
                    Some(i) => self.pos += i + 1,
                    None => {
                        self.pos = input.len();
                        return Err(String::from(UNEXPECTED_EOF));
                    }
                }
            }
        }
        if flg & 0x02 != 0 {
            let hdr_end = self.pos;
            let c = self.take(2)?;
            let want = u16::from(c[0]) | u16::from(c[1]) << 8;
            let got = (crc32(&self.input[start..hdr_end]) & 0xffff) as u16;
            if want != got {
                return Err(String::from(ERR_HEADER));
            }
        }
        self.state.reset(DataFormat::Raw);
        self.crc = 0;
        self.size = 0;
        self.member_done = false;
        Ok(())
    }

    fn update_crc(&mut self, from: usize, to: usize) {
        let mut h = crc32fast::Hasher::new_with_initial(self.crc);
        h.update(&self.buf[from..to]);
        self.crc = h.finalize();
    }

    /// Refills the internal buffer; false at the end of the whole stream.
    fn fill(&mut self) -> Result<bool, String> {
        loop {
            if self.eof {
                return Ok(false);
            }
            if self.member_done {
                let t = self.take(8)?;
                let crc = u32::from_le_bytes([t[0], t[1], t[2], t[3]]);
                let size = u32::from_le_bytes([t[4], t[5], t[6], t[7]]);
                if crc != self.crc || size != self.size {
                    return Err(String::from(ERR_CHECKSUM));
                }
                // Go reads concatenated members until the input ends.
                if self.pos >= self.input.len() {
                    self.eof = true;
                    return Ok(false);
                }
                self.header()?;
                continue;
            }
            let res = inflate(
                &mut self.state,
                &self.input[self.pos..],
                &mut self.buf,
                MZFlush::None,
            );
            self.pos += res.bytes_consumed;
            let n = res.bytes_written;
            if n > 0 {
                self.update_crc(0, n);
                self.size = self.size.wrapping_add(n as u32);
                self.produced += n as u64;
                self.start = 0;
                self.end = n;
            }
            match res.status {
                Ok(MZStatus::StreamEnd) => self.member_done = true,
                Ok(_) => {}
                Err(MZError::Buf) if n == 0 => {
                    if self.pos >= self.input.len() {
                        return Err(String::from(UNEXPECTED_EOF));
                    }
                    return Err(format!("flate: corrupt input before offset {}", self.pos));
                }
                Err(MZError::Buf) => {}
                Err(_) => return Err(format!("flate: corrupt input before offset {}", self.pos)),
            }
            if n > 0 {
                return Ok(true);
            }
        }
    }

    /// Reads up to `out.len()` bytes; `Ok(0)` at the end of the stream.
    pub fn read(&mut self, out: &mut [u8]) -> Result<usize, String> {
        if out.is_empty() {
            return Ok(0);
        }
        if self.start == self.end && !self.fill()? {
            return Ok(0);
        }
        let n = out.len().min(self.end - self.start);
        out[..n].copy_from_slice(&self.buf[self.start..self.start + n]);
        self.start += n;
        Ok(n)
    }

    /// Appends up to `max` bytes to `out` straight from the inflate buffer (no staging
    /// copy); `Ok(0)` at the end of the stream.
    pub fn read_into(&mut self, out: &mut Vec<u8>, max: usize) -> Result<usize, String> {
        if max == 0 {
            return Ok(0);
        }
        if self.start == self.end && !self.fill()? {
            return Ok(0);
        }
        let n = max.min(self.end - self.start);
        out.extend_from_slice(&self.buf[self.start..self.start + n]);
        self.start += n;
        Ok(n)
    }

    /// Skips up to `n` bytes; returns how many were skipped (fewer only at the end).
    pub fn skip(&mut self, mut n: u64) -> Result<u64, String> {
        let mut skipped = 0;
        while n > 0 {
            if self.start == self.end && !self.fill()? {
                break;
            }
            let k = (self.end - self.start).min(usize::try_from(n).unwrap_or(usize::MAX));
            self.start += k;
            n -= k as u64;
            skipped += k as u64;
        }
        Ok(skipped)
    }
}
