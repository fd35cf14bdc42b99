//! A small DER writer and reader: just what certificates and key files need, so the
//! encodings match Go's encoding/asn1 byte for byte.

use alloc::vec::Vec;

/// ASN.1 tags we write and read.
pub mod tag {
    /// BOOLEAN
    pub const BOOLEAN: u8 = 0x01;
    /// INTEGER
    pub const INTEGER: u8 = 0x02;
    /// BIT STRING
    pub const BIT_STRING: u8 = 0x03;
    /// OCTET STRING
    pub const OCTET_STRING: u8 = 0x04;
    /// NULL
    pub const NULL: u8 = 0x05;
    /// OBJECT IDENTIFIER
    pub const OID: u8 = 0x06;
    /// UTF8String
    pub const UTF8_STRING: u8 = 0x0c;
    /// PrintableString
    pub const PRINTABLE_STRING: u8 = 0x13;
    /// UTCTime
    pub const UTC_TIME: u8 = 0x17;
    /// GeneralizedTime
    pub const GENERALIZED_TIME: u8 = 0x18;
    /// SEQUENCE (constructed)
    pub const SEQUENCE: u8 = 0x30;
    /// SET (constructed)
    pub const SET: u8 = 0x31;
}

/// One TLV: tag, length, contents.
pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 6);
    out.push(tag);
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes = n.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(content);
    out
}

/// A SEQUENCE of already-encoded parts.
pub fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(tag::SEQUENCE, &parts.concat())
}

/// A non-negative INTEGER from big-endian magnitude bytes (minimal, with a sign pad).
pub fn uint(bytes: &[u8]) -> Vec<u8> {
    let skip = bytes.iter().take_while(|&&b| b == 0).count();
    let mut v: Vec<u8> = bytes[skip..].to_vec();
    if v.first().is_none_or(|&b| b & 0x80 != 0) {
        v.insert(0, 0);
    }
    tlv(tag::INTEGER, &v)
}

/// A small non-negative INTEGER.
pub fn small_int(n: u64) -> Vec<u8> {
    uint(&n.to_be_bytes())
}

/// A BIT STRING with no unused bits.
pub fn bit_string(bytes: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(bytes.len() + 1);
    v.push(0);
    v.extend_from_slice(bytes);
    tlv(tag::BIT_STRING, &v)
}

/// An OBJECT IDENTIFIER from its arcs.
pub fn oid(arcs: &[u64]) -> Vec<u8> {
    let mut v = Vec::new();
    let mut push = |mut n: u64| {
        let mut tmp = [0u8; 10];
        let mut i = tmp.len();
        loop {
            i -= 1;
            tmp[i] = (n & 0x7f) as u8 | if i == tmp.len() - 1 { 0 } else { 0x80 };
            n >>= 7;
            if n == 0 {
                break;
            }
        }
        v.extend_from_slice(&tmp[i..]);
    };
    push(arcs[0] * 40 + arcs[1]);
    for &a in &arcs[2..] {
        push(a);
    }
    tlv(tag::OID, &v)
}

/// A context-specific tag number `n` (constructed when `constructed`).
pub fn context(n: u8, constructed: bool, content: &[u8]) -> Vec<u8> {
    tlv(0x80 | if constructed { 0x20 } else { 0 } | n, content)
}

/// A DER error (the caller words it as Go does).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DerError;

/// A DER reader over a byte slice.
#[derive(Clone, Copy, Debug)]
pub struct Reader<'a> {
    data: &'a [u8],
}

impl<'a> Reader<'a> {
    /// Reads `data`.
    pub fn new(data: &'a [u8]) -> Reader<'a> {
        Reader { data }
    }

    /// Whether everything was read.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// The tag of the next element, if any.
    pub fn peek_tag(&self) -> Option<u8> {
        self.data.first().copied()
    }

    /// The next element: (tag, contents, whole encoding).
    pub fn any(&mut self) -> Result<(u8, &'a [u8], &'a [u8]), DerError> {
        let d = self.data;
        let (&t, rest) = d.split_first().ok_or(DerError)?;
        if t & 0x1f == 0x1f {
            return Err(DerError);
        }
        let (&l, rest) = rest.split_first().ok_or(DerError)?;
        let (len, rest) = if l < 0x80 {
            (usize::from(l), rest)
        } else {
            let n = usize::from(l & 0x7f);
            if n == 0 || n > 4 || rest.len() < n || rest[0] == 0 {
                return Err(DerError);
            }
            let len = rest[..n].iter().fold(0usize, |a, &b| (a << 8) | usize::from(b));
            if len < 0x80 {
                return Err(DerError);
            }
            (len, &rest[n..])
        };
        if rest.len() < len {
            return Err(DerError);
        }
        let header = d.len() - rest.len();
        self.data = &rest[len..];
        Ok((t, &rest[..len], &d[..header + len]))
    }

    /// The next element, which must have tag `want`; its contents.
    pub fn read(&mut self, want: u8) -> Result<&'a [u8], DerError> {
        let (t, c, _) = self.any()?;
        if t != want {
            return Err(DerError);
        }
        Ok(c)
    }

    /// The next element if it has tag `want`.
    pub fn optional(&mut self, want: u8) -> Result<Option<&'a [u8]>, DerError> {
        if self.peek_tag() == Some(want) {
            self.read(want).map(Some)
        } else {
            Ok(None)
        }
    }

    /// A non-negative INTEGER's magnitude (leading zero stripped).
    pub fn uint(&mut self) -> Result<&'a [u8], DerError> {
        let c = self.read(tag::INTEGER)?;
        if c.is_empty() || c[0] & 0x80 != 0 || (c.len() > 1 && c[0] == 0 && c[1] & 0x80 == 0) {
            return Err(DerError);
        }
        Ok(if c[0] == 0 && c.len() > 1 { &c[1..] } else { c })
    }

    /// A small INTEGER.
    pub fn small_int(&mut self) -> Result<i64, DerError> {
        let c = self.read(tag::INTEGER)?;
        if c.is_empty() || c.len() > 8 {
            return Err(DerError);
        }
        let mut v: i64 = if c[0] & 0x80 != 0 { -1 } else { 0 };
        for &b in c {
            v = (v << 8) | i64::from(b);
        }
        Ok(v)
    }
}
