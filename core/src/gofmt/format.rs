//! The raw formatter under `Printf`: flags, width, precision and padding, and the
//! per-kind layouts (integers, floats, strings, bytes, runes), after Go's `fmt/format.go`.

use alloc::vec::Vec;

use super::quote::{
    append_quoted, append_quoted_rune, can_backquote, decode_rune, is_print, rune_count,
};
use super::strconv::format_float;

pub(crate) const LDIGITS: &[u8; 17] = b"0123456789abcdefx";
pub(crate) const UDIGITS: &[u8; 17] = b"0123456789ABCDEFX";

/// One verb's flags; cleared before each verb.
#[derive(Clone, Copy, Default)]
pub(crate) struct Flags {
    pub wid_present: bool,
    pub prec_present: bool,
    pub minus: bool,
    pub plus: bool,
    pub sharp: bool,
    pub space: bool,
    pub zero: bool,
    /// `%+v`: the plus flag moved aside, as Go does for struct-field syntax.
    pub plus_v: bool,
    /// `%#v`: the sharp flag moved aside, for Go syntax.
    pub sharp_v: bool,
}

/// Go's `fmt` struct: the output buffer plus the current verb's flags.
#[derive(Default)]
pub(crate) struct Fmt {
    pub buf: Vec<u8>,
    pub f: Flags,
    pub wid: usize,
    pub prec: usize,
}

impl Fmt {
    pub fn clear_flags(&mut self) {
        self.f = Flags::default();
        self.wid = 0;
        self.prec = 0;
    }

    pub fn write_str(&mut self, s: &str) {
        self.buf.extend_from_slice(s.as_bytes());
    }

    pub fn write_padding(&mut self, n: usize) {
        // Zero padding is only ever to the left.
        let b = if self.f.zero && !self.f.minus {
            b'0'
        } else {
            b' '
        };
        self.buf.resize(self.buf.len() + n, b);
    }

    /// Appends `b`, padded to the width on the left, or on the right with `-`.
    pub fn pad(&mut self, b: &[u8]) {
        if !self.f.wid_present || self.wid == 0 {
            self.buf.extend_from_slice(b);
            return;
        }
        let width = self.wid.saturating_sub(rune_count(b));
        if !self.f.minus {
            self.write_padding(width);
            self.buf.extend_from_slice(b);
        } else {
            self.buf.extend_from_slice(b);
            self.write_padding(width);
        }
    }

    pub fn pad_str(&mut self, s: &str) {
        self.pad(s.as_bytes());
    }

    pub fn fmt_boolean(&mut self, v: bool) {
        self.pad_str(if v { "true" } else { "false" });
    }

    /// `%U`: `U+0078`, or `U+0078 'x'` with `#` when printable.
    pub fn fmt_unicode(&mut self, u: u64) {
        let prec = if self.f.prec_present && self.prec > 4 {
            self.prec
        } else {
            4
        };
        let mut hex = Vec::with_capacity(prec + 2);
        let mut v = u;
        loop {
            hex.push(UDIGITS[(v & 0xF) as usize]);
            v >>= 4;
            if v == 0 {
                break;
            }
        }
        while hex.len() < prec {
            hex.push(b'0');
        }
        let mut out = Vec::with_capacity(hex.len() + 8);
        out.extend_from_slice(b"U+");
        out.extend(hex.iter().rev());
        if self.f.sharp {
            if let Some(c) = u32::try_from(u)
                .ok()
                .and_then(char::from_u32)
                .filter(|&c| is_print(c))
            {
                let mut tmp = [0u8; 4];
                out.extend_from_slice(b" '");
                out.extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
                out.push(b'\'');
            }
        }
        let old_zero = self.f.zero;
        self.f.zero = false;
        self.pad(&out);
        self.f.zero = old_zero;
    }

    /// Go's `fmtInteger`: `u` in `base`, negative when `signed` and the bits say so.
    pub fn fmt_integer(&mut self, u: u64, base: u32, signed: bool, verb: char, digits: &[u8; 17]) {
        let negative = signed && (u as i64) < 0;
        let mut u = if negative {
            (u as i64).unsigned_abs()
        } else {
            u
        };

        // Two ways to ask for leading zeros: %.3d or %03d; with both, spaces pad.
        let mut prec = 0usize;
        if self.f.prec_present {
            prec = self.prec;
            if prec == 0 && u == 0 {
                let old_zero = self.f.zero;
                self.f.zero = false;
                self.write_padding(self.wid);
                self.f.zero = old_zero;
                return;
            }
        } else if self.f.zero && !self.f.minus && self.f.wid_present {
            prec = self.wid;
            if negative || self.f.plus || self.f.space {
                prec = prec.saturating_sub(1);
            }
        }

        // Digits are produced right to left, then reversed.
        let mut rev: Vec<u8> = Vec::with_capacity(prec.max(24));
        let b = base as u64;
        loop {
            rev.push(digits[(u % b) as usize]);
            u /= b;
            if u == 0 {
                break;
            }
        }
        while rev.len() < prec {
            rev.push(b'0');
        }
        if self.f.sharp {
            match base {
                2 => rev.extend_from_slice(b"b0"),
                8 if rev.last() != Some(&b'0') => rev.push(b'0'),
                16 => {
                    rev.push(digits[16]);
                    rev.push(b'0');
                }
                _ => {}
            }
        }
        if verb == 'O' {
            rev.extend_from_slice(b"o0");
        }
        if negative {
            rev.push(b'-');
        } else if self.f.plus {
            rev.push(b'+');
        } else if self.f.space {
            rev.push(b' ');
        }
        rev.reverse();
        // Zero padding was already done through the precision above.
        let old_zero = self.f.zero;
        self.f.zero = false;
        self.pad(&rev);
        self.f.zero = old_zero;
    }

    /// Go's `fmt0x64`: hex with or without `0x`, whatever the sharp flag says.
    pub fn fmt_0x64(&mut self, v: u64, leading_0x: bool) {
        let sharp = self.f.sharp;
        self.f.sharp = leading_0x;
        self.fmt_integer(v, 16, false, 'v', LDIGITS);
        self.f.sharp = sharp;
    }

    /// Cuts `s` to the precision, counted in runes (invalid bytes count one each).
    fn truncate<'a>(&self, s: &'a [u8]) -> &'a [u8] {
        if self.f.prec_present {
            let mut n = self.prec;
            let mut i = 0;
            while i < s.len() {
                if n == 0 {
                    return &s[..i];
                }
                n -= 1;
                i += decode_rune(&s[i..]).1;
            }
        }
        s
    }

    /// `%s` of a string or byte slice.
    pub fn fmt_s(&mut self, s: &[u8]) {
        let s = self.truncate(s);
        self.pad(s);
    }

    /// `%x`/`%X` of a string or byte slice: two hex digits a byte, `% x` spaced, `%#x` 0x.
    pub fn fmt_sbx(&mut self, s: &[u8], digits: &[u8; 17]) {
        let mut length = s.len();
        if self.f.prec_present && self.prec < length {
            length = self.prec;
        }
        let mut width = 2 * length;
        if width > 0 {
            if self.f.space {
                if self.f.sharp {
                    width *= 2;
                }
                width += length - 1;
            } else if self.f.sharp {
                width += 2;
            }
        } else {
            if self.f.wid_present {
                self.write_padding(self.wid);
            }
            return;
        }
        if self.f.wid_present && self.wid > width && !self.f.minus {
            self.write_padding(self.wid - width);
        }
        if self.f.sharp {
            self.buf.push(b'0');
            self.buf.push(digits[16]);
        }
        for (i, &c) in s[..length].iter().enumerate() {
            if self.f.space && i > 0 {
                self.buf.push(b' ');
                if self.f.sharp {
                    self.buf.push(b'0');
                    self.buf.push(digits[16]);
                }
            }
            self.buf.push(digits[(c >> 4) as usize]);
            self.buf.push(digits[(c & 0xF) as usize]);
        }
        if self.f.wid_present && self.wid > width && self.f.minus {
            self.write_padding(self.wid - width);
        }
    }

    /// `%q` of a string: Go-quoted, `%+q` ASCII only, `%#q` backquoted when possible.
    pub fn fmt_q(&mut self, s: &[u8]) {
        let s = self.truncate(s);
        let mut out = Vec::with_capacity(s.len() + 2);
        if self.f.sharp && can_backquote(s) {
            out.push(b'`');
            out.extend_from_slice(s);
            out.push(b'`');
        } else {
            append_quoted(&mut out, s, b'"', self.f.plus);
        }
        self.pad(&out);
    }

    /// `%c`: the code point as UTF-8; out of range gives U+FFFD.
    pub fn fmt_c(&mut self, c: u64) {
        let r = u32::try_from(c)
            .ok()
            .and_then(char::from_u32)
            .unwrap_or('\u{FFFD}');
        let mut tmp = [0u8; 4];
        let s = r.encode_utf8(&mut tmp);
        self.pad(s.as_bytes());
    }

    /// `%q` of an integer: a Go rune literal.
    pub fn fmt_qc(&mut self, c: u64) {
        let mut out = Vec::with_capacity(12);
        append_quoted_rune(&mut out, c, self.f.plus);
        self.pad(&out);
    }

    /// Go's `fmtFloat`: `verb` is one of `b e E f g G x X`; `prec` is the default precision.
    pub fn fmt_float(&mut self, v: f64, verb: u8, prec: i32) {
        let prec = if self.f.prec_present {
            self.prec.min(i32::MAX as usize) as i32
        } else {
            prec
        };
        let s = format_float(v, verb, prec);
        // num holds an explicit sign in front, as Go's buffer does.
        let mut num: Vec<u8> = Vec::with_capacity(s.len() + 8);
        if s.starts_with('-') || s.starts_with('+') {
            num.extend_from_slice(s.as_bytes());
        } else {
            num.push(b'+');
            num.extend_from_slice(s.as_bytes());
        }
        if self.f.space && num[0] == b'+' && !self.f.plus {
            num[0] = b' ';
        }
        // Infinities and NaN are not numbers to pad with zeros.
        if num[1] == b'I' || num[1] == b'N' {
            let old_zero = self.f.zero;
            self.f.zero = false;
            let start = usize::from(num[1] == b'N' && !self.f.space && !self.f.plus);
            self.pad(&num[start..]);
            self.f.zero = old_zero;
            return;
        }
        // `#` forces a decimal point and keeps trailing zeros.
        if self.f.sharp && verb != b'b' {
            let mut digits: i64 = 0;
            if matches!(verb, b'v' | b'g' | b'G' | b'x') {
                digits = if prec == -1 { 6 } else { prec as i64 };
            }
            let mut tail: Vec<u8> = Vec::new();
            let mut has_point = false;
            let mut saw_nonzero = false;
            let mut i = 1;
            while i < num.len() {
                match num[i] {
                    b'.' => has_point = true,
                    b'p' | b'P' => {
                        tail.extend_from_slice(&num[i..]);
                        num.truncate(i);
                        break;
                    }
                    b'e' | b'E' if verb != b'x' && verb != b'X' => {
                        tail.extend_from_slice(&num[i..]);
                        num.truncate(i);
                        break;
                    }
                    c => {
                        if c != b'0' {
                            saw_nonzero = true;
                        }
                        if saw_nonzero {
                            digits -= 1;
                        }
                    }
                }
                i += 1;
            }
            if !has_point {
                if num.len() == 2 && num[1] == b'0' {
                    digits -= 1;
                }
                num.push(b'.');
            }
            while digits > 0 {
                num.push(b'0');
                digits -= 1;
            }
            num.extend_from_slice(&tail);
        }
        if self.f.plus || num[0] != b'+' {
            // With zero padding the sign goes before the zeros.
            if self.f.zero && !self.f.minus && self.f.wid_present && self.wid > num.len() {
                self.buf.push(num[0]);
                self.write_padding(self.wid - num.len());
                self.buf.extend_from_slice(&num[1..]);
                return;
            }
            self.pad(&num);
            return;
        }
        self.pad(&num[1..]);
    }
}
