//! Scalar scanning: block (`|`, `>`), quoted and plain scalars, with libyaml's folding.
//!
//! A scalar's text stays a slice of the input for as long as it is one (no line folded,
//! no escape); runs of ordinary characters are taken at once where go-yaml's reader would
//! not have refilled its buffer in between.

use alloc::borrow::Cow;
use alloc::vec::Vec;

use super::{
    as_hex, plain_safe, push_utf8, width, Mark, Res, ScalarStyle, Scanner, Token, TokenKind,
};

/// `PLAIN_CLASS` values: bytes that continue a plain scalar in any context, bytes that do
/// only outside flow collections (flow indicators), and the rest.
const PLAIN_ORDINARY: u8 = 0;
const PLAIN_BLOCK_ORDINARY: u8 = 1;

/// How each byte continues a plain scalar (see `plain_safe`): 0 and 1 as above, 2 for
/// everything that needs a closer look (`:`, blanks, breaks, controls, non-ASCII).
static PLAIN_CLASS: [u8; 256] = {
    let mut t = [2u8; 256];
    let mut c = 0x21;
    while c < 0x7F {
        t[c] = match c as u8 {
            b':' => 2,
            b',' | b'?' | b'[' | b']' | b'{' | b'}' => PLAIN_BLOCK_ORDINARY,
            _ => PLAIN_ORDINARY,
        };
        c += 1;
    }
    t
};

/// Lead bytes a quoted scalar's loop must look at one by one: quotes, backslashes, blanks
/// and what may be a line break or the end.
static QUOTED_STOP: [bool; 256] = {
    let mut t = [false; 256];
    let stops = [0, b'\r', b'\n', 0xC2, 0xE2, b' ', b'\t', b'\'', b'"', b'\\'];
    let mut i = 0;
    while i < stops.len() {
        t[stops[i] as usize] = true;
        i += 1;
    }
    t
};

/// A scalar's text while it is scanned: a range of the input until something that is not
/// the next stretch of input is added, then an owned copy.
struct Buf<'a> {
    src: &'a [u8],
    start: usize,
    end: usize,
    owned: Option<Vec<u8>>,
}

impl<'a> Buf<'a> {
    fn new(src: &'a [u8]) -> Buf<'a> {
        Buf {
            src,
            start: 0,
            end: 0,
            owned: None,
        }
    }

    fn own(&mut self) -> &mut Vec<u8> {
        let (src, start, end) = (self.src, self.start, self.end);
        self.owned
            .get_or_insert_with(|| src.get(start..end).unwrap_or_default().to_vec())
    }

    /// Appends `src[a..b]`.
    #[inline]
    fn push_src(&mut self, a: usize, b: usize) {
        match &mut self.owned {
            Some(v) => v.extend_from_slice(self.src.get(a..b).unwrap_or_default()),
            None if self.start == self.end => {
                self.start = a;
                self.end = b;
            }
            None if self.end == a => self.end = b,
            None => {
                let src = self.src;
                self.own()
                    .extend_from_slice(src.get(a..b).unwrap_or_default());
            }
        }
    }

    fn push_bytes(&mut self, b: &[u8]) {
        if !b.is_empty() {
            self.own().extend_from_slice(b);
        }
    }

    fn push(&mut self, b: u8) {
        self.own().push(b);
    }

    fn finish(self) -> Cow<'a, [u8]> {
        match self.owned {
            Some(v) => Cow::Owned(v),
            None => Cow::Borrowed(self.src.get(self.start..self.end).unwrap_or_default()),
        }
    }
}

impl<'a> Scanner<'a> {
    /// `read` into a scalar's text.
    #[inline]
    fn read_into(&mut self, s: &mut Buf<'a>) {
        let w = width(self.at(0)).max(1);
        let end = (self.pos + w).min(self.src.len());
        s.push_src(self.pos, end);
        self.pos += w;
        self.mark.index += 1;
        self.mark.column += 1;
        self.unread = self.unread.saturating_sub(1);
    }

    /// Reads a run measured by `run_until` into a scalar's text.
    #[inline]
    fn read_run(&mut self, s: &mut Buf<'a>, (bytes, chars): (usize, usize)) {
        if bytes > 0 {
            s.push_src(self.pos, self.pos + bytes);
            self.advance(bytes, chars);
        }
    }

    pub(super) fn scan_block_scalar(&mut self, literal: bool) -> Res<Token<'a>> {
        let start = self.mark;
        self.skip();
        self.cache(1)?;
        let mut chomping = 0i32;
        let mut increment = 0usize;
        if self.at(0) == b'+' || self.at(0) == b'-' {
            chomping = if self.at(0) == b'+' { 1 } else { -1 };
            self.skip();
            self.cache(1)?;
            if self.at(0).is_ascii_digit() {
                if self.at(0) == b'0' {
                    return Err(
                        self.scanner_error(start, "found an indentation indicator equal to 0")
                    );
                }
                increment = (self.at(0) - b'0') as usize;
                self.skip();
            }
        } else if self.at(0).is_ascii_digit() {
            if self.at(0) == b'0' {
                return Err(self.scanner_error(start, "found an indentation indicator equal to 0"));
            }
            increment = (self.at(0) - b'0') as usize;
            self.skip();
            self.cache(1)?;
            if self.at(0) == b'+' || self.at(0) == b'-' {
                chomping = if self.at(0) == b'+' { 1 } else { -1 };
                self.skip();
            }
        }
        self.skip_blanks_and_comment()?;
        if !self.is_breakz(0) {
            return Err(self.scanner_error(start, "did not find expected comment or line break"));
        }
        if self.is_break(0) {
            self.cache(2)?;
            self.skip_line();
        }
        let mut end = self.mark;
        let mut indent: usize = 0;
        if increment > 0 {
            indent = if self.indent >= 0 {
                self.indent as usize + increment
            } else {
                increment
            };
        }
        let mut s = Buf::new(self.src);
        let [mut leading_break, mut trailing_breaks] = core::mem::take(&mut self.scratch);
        leading_break.clear();
        trailing_breaks.clear();
        let r = self.scan_block_scalar_body(
            literal,
            chomping,
            indent,
            start,
            &mut end,
            &mut s,
            &mut leading_break,
            &mut trailing_breaks,
        );
        self.scratch = [leading_break, trailing_breaks];
        r?;
        let style = if literal {
            ScalarStyle::Literal
        } else {
            ScalarStyle::Folded
        };
        Ok(Token {
            kind: TokenKind::Scalar {
                value: s.finish(),
                style,
            },
            start,
            end,
            version: (0, 0),
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn scan_block_scalar_body(
        &mut self,
        literal: bool,
        chomping: i32,
        mut indent: usize,
        start: Mark,
        end: &mut Mark,
        s: &mut Buf<'a>,
        leading_break: &mut Vec<u8>,
        trailing_breaks: &mut Vec<u8>,
    ) -> Res<()> {
        self.scan_block_scalar_breaks(&mut indent, trailing_breaks, start, end)?;
        self.cache(1)?;
        let mut leading_blank = false;
        while self.mark.column == indent && !self.is_z(0) {
            let trailing_blank = self.is_blank(0);
            if !literal
                && !leading_blank
                && !trailing_blank
                && leading_break.first() == Some(&b'\n')
            {
                if trailing_breaks.is_empty() {
                    s.push(b' ');
                }
            } else {
                s.push_bytes(leading_break);
            }
            leading_break.clear();
            s.push_bytes(trailing_breaks);
            trailing_breaks.clear();
            leading_blank = self.is_blank(0);
            while !self.is_breakz(0) {
                self.read_into(s);
                self.cache(1)?;
                let run = self.run_to_break(1);
                self.read_run(s, run);
            }
            self.cache(2)?;
            self.read_line(leading_break);
            self.scan_block_scalar_breaks(&mut indent, trailing_breaks, start, end)?;
        }
        if chomping != -1 {
            s.push_bytes(leading_break);
        }
        if chomping == 1 {
            s.push_bytes(trailing_breaks);
        }
        Ok(())
    }

    fn scan_block_scalar_breaks(
        &mut self,
        indent: &mut usize,
        breaks: &mut Vec<u8>,
        start: Mark,
        end: &mut Mark,
    ) -> Res<()> {
        *end = self.mark;
        let mut max_indent = 0;
        loop {
            self.cache(1)?;
            let max = if *indent == 0 {
                usize::MAX
            } else {
                indent.saturating_sub(self.mark.column)
            };
            self.skip_ascii_while(1, max, |b| b == b' ');
            while (*indent == 0 || self.mark.column < *indent) && self.at(0) == b' ' {
                self.skip();
                self.cache(1)?;
            }
            if self.mark.column > max_indent {
                max_indent = self.mark.column;
            }
            if (*indent == 0 || self.mark.column < *indent) && self.at(0) == b'\t' {
                return Err(self.scanner_error(
                    start,
                    "found a tab character where an indentation space is expected",
                ));
            }
            if !self.is_break(0) {
                break;
            }
            self.cache(2)?;
            self.read_line(breaks);
            *end = self.mark;
        }
        if *indent == 0 {
            *indent = max_indent;
            let min = (self.indent + 1).max(1) as usize;
            if *indent < min {
                *indent = min;
            }
        }
        Ok(())
    }

    pub(super) fn scan_flow_scalar(&mut self, single: bool) -> Res<Token<'a>> {
        let start = self.mark;
        self.skip();
        let mut s = Buf::new(self.src);
        let [mut leading_break, mut trailing_breaks] = core::mem::take(&mut self.scratch);
        leading_break.clear();
        trailing_breaks.clear();
        let r = self.scan_flow_scalar_body(
            single,
            start,
            &mut s,
            &mut leading_break,
            &mut trailing_breaks,
        );
        self.scratch = [leading_break, trailing_breaks];
        r?;
        self.skip();
        let end = self.mark;
        let style = if single {
            ScalarStyle::SingleQuoted
        } else {
            ScalarStyle::DoubleQuoted
        };
        Ok(Token {
            kind: TokenKind::Scalar {
                value: s.finish(),
                style,
            },
            start,
            end,
            version: (0, 0),
        })
    }

    fn scan_flow_scalar_body(
        &mut self,
        single: bool,
        start: Mark,
        s: &mut Buf<'a>,
        leading_break: &mut Vec<u8>,
        trailing_breaks: &mut Vec<u8>,
    ) -> Res<()> {
        // Blanks read since the last character, as a range of the input.
        let (mut ws_start, mut ws_end) = (0, 0);
        loop {
            self.cache(4)?;
            if self.mark.column == 0
                && ((self.at(0) == b'-' && self.at(1) == b'-' && self.at(2) == b'-')
                    || (self.at(0) == b'.' && self.at(1) == b'.' && self.at(2) == b'.'))
                && self.is_blankz(3)
            {
                return Err(self.scanner_error(start, "found unexpected document indicator"));
            }
            if self.is_z(0) {
                return Err(self.scanner_error(start, "found unexpected end of stream"));
            }
            let mut leading_blanks = false;
            while !self.is_blankz(0) {
                let c = self.at(0);
                if single && c == b'\'' && self.at(1) == b'\'' {
                    s.push(b'\'');
                    self.skip();
                    self.skip();
                } else if (single && c == b'\'') || (!single && c == b'"') {
                    break;
                } else if !single && c == b'\\' && self.is_break(1) {
                    self.cache(3)?;
                    self.skip();
                    self.skip_line();
                    leading_blanks = true;
                    break;
                } else if !single && c == b'\\' {
                    let mut code_length = 0;
                    match self.at(1) {
                        b'0' => s.push(0),
                        b'a' => s.push(0x07),
                        b'b' => s.push(0x08),
                        b't' | b'\t' => s.push(0x09),
                        b'n' => s.push(0x0A),
                        b'v' => s.push(0x0B),
                        b'f' => s.push(0x0C),
                        b'r' => s.push(0x0D),
                        b'e' => s.push(0x1B),
                        b' ' => s.push(0x20),
                        b'"' => s.push(b'"'),
                        b'\'' => s.push(b'\''),
                        b'\\' => s.push(b'\\'),
                        b'N' => s.push_bytes(b"\xC2\x85"),
                        b'_' => s.push_bytes(b"\xC2\xA0"),
                        b'L' => s.push_bytes(b"\xE2\x80\xA8"),
                        b'P' => s.push_bytes(b"\xE2\x80\xA9"),
                        b'x' => code_length = 2,
                        b'u' => code_length = 4,
                        b'U' => code_length = 8,
                        _ => {
                            return Err(self.scanner_error(start, "found unknown escape character"))
                        }
                    }
                    self.skip();
                    self.skip();
                    if code_length > 0 {
                        self.cache(code_length)?;
                        let mut value: u32 = 0;
                        for k in 0..code_length {
                            if !self.at(k).is_ascii_hexdigit() {
                                return Err(self.scanner_error(
                                    start,
                                    "did not find expected hexdecimal number",
                                ));
                            }
                            value = (value << 4) + as_hex(self.at(k));
                        }
                        if (0xD800..=0xDFFF).contains(&value) || value > 0x10FFFF {
                            return Err(self.scanner_error(
                                start,
                                "found invalid Unicode character escape code",
                            ));
                        }
                        push_utf8(s.own(), value);
                        for _ in 0..code_length {
                            self.skip();
                        }
                    }
                } else {
                    self.read_into(s);
                    self.cache(2)?;
                    let run = self.run_until(2, |b| QUOTED_STOP[b as usize]);
                    self.read_run(s, run);
                    continue;
                }
                self.cache(2)?;
            }
            self.cache(1)?;
            if (single && self.at(0) == b'\'') || (!single && self.at(0) == b'"') {
                break;
            }
            loop {
                if leading_blanks {
                    self.skip_ascii_while(1, usize::MAX, |b| b == b' ' || b == b'\t');
                } else {
                    let at = self.pos;
                    if self.skip_ascii_while(1, usize::MAX, |b| b == b' ' || b == b'\t') > 0 {
                        if ws_start == ws_end {
                            ws_start = at;
                        }
                        ws_end = self.pos;
                    }
                }
                if !(self.is_blank(0) || self.is_break(0)) {
                    break;
                }
                if self.is_blank(0) {
                    if !leading_blanks {
                        if ws_start == ws_end {
                            ws_start = self.pos;
                        }
                        self.skip();
                        ws_end = self.pos;
                    } else {
                        self.skip();
                    }
                } else {
                    self.cache(2)?;
                    if !leading_blanks {
                        ws_end = ws_start;
                        self.read_line(leading_break);
                        leading_blanks = true;
                    } else {
                        self.read_line(trailing_breaks);
                    }
                }
                self.cache(1)?;
            }
            if leading_blanks {
                if leading_break.first() == Some(&b'\n') {
                    if trailing_breaks.is_empty() {
                        s.push(b' ');
                    } else {
                        s.push_bytes(trailing_breaks);
                    }
                } else {
                    s.push_bytes(leading_break);
                    s.push_bytes(trailing_breaks);
                }
                trailing_breaks.clear();
                leading_break.clear();
            } else if ws_start != ws_end {
                s.push_src(ws_start, ws_end);
                ws_end = ws_start;
            }
        }
        Ok(())
    }

    pub(super) fn scan_plain_scalar(&mut self) -> Res<Token<'a>> {
        let mut s = Buf::new(self.src);
        let [mut leading_break, mut trailing_breaks] = core::mem::take(&mut self.scratch);
        leading_break.clear();
        trailing_breaks.clear();
        let start = self.mark;
        let mut end = self.mark;
        let r = self.scan_plain_scalar_body(
            start,
            &mut end,
            &mut s,
            &mut leading_break,
            &mut trailing_breaks,
        );
        self.scratch = [leading_break, trailing_breaks];
        if r? {
            self.simple_key_allowed = true;
        }
        Ok(Token {
            kind: TokenKind::Scalar {
                value: s.finish(),
                style: ScalarStyle::Plain,
            },
            start,
            end,
            version: (0, 0),
        })
    }

    /// How far a plain scalar's text goes on in this line from the current position (just
    /// after one of its characters): whole words and the blanks between them, stopping where
    /// the scanner's loops would end the scalar or leave the line. (bytes, characters).
    ///
    /// Only for clean input, where no buffer refill can come in between.
    pub(super) fn plain_line_run(&self, flow: bool, indent: isize) -> (usize, usize) {
        let b = self.src;
        let at = |i: usize| b.get(i).copied().unwrap_or(0);
        let is_break_at = |i: usize| {
            let c = at(i);
            c == b'\r'
                || c == b'\n'
                || (c == 0xC2 && at(i + 1) == 0x85)
                || (c == 0xE2 && at(i + 1) == 0x80 && matches!(at(i + 2), 0xA8 | 0xA9))
        };
        let blankz_at = |i: usize| matches!(at(i), b' ' | b'\t' | 0) || is_break_at(i);
        let start = self.pos;
        let mut p = start;
        let mut chars = 0;
        // The end of the text taken so far (before any blanks being looked at).
        let (mut done_p, mut done_chars) = (p, chars);
        // Ordinary bytes: every class up to this one.
        let ordinary = if flow {
            PLAIN_ORDINARY
        } else {
            PLAIN_BLOCK_ORDINARY
        };
        loop {
            let run = p;
            while p < b.len() && PLAIN_CLASS[b[p] as usize] <= ordinary {
                p += 1;
            }
            if p > run {
                chars += p - run;
                done_p = p;
                done_chars = chars;
            }
            let c = at(p);
            if c == b':' {
                if blankz_at(p + 1) {
                    break;
                }
                p += 1;
                chars += 1;
            } else if c == b' ' || c == b'\t' {
                // Blanks belong to the text only if another word follows on this line.
                let mut q = p;
                while matches!(at(q), b' ' | b'\t') {
                    q += 1;
                }
                let column = self.mark.column + chars + (q - p);
                let next = at(q);
                if next == b'#'
                    || blankz_at(q)
                    || (next == b':' && blankz_at(q + 1))
                    || (flow && matches!(next, b',' | b'?' | b'[' | b']' | b'{' | b'}'))
                    || (!flow && (column as isize) < indent)
                {
                    break;
                }
                chars += q - p;
                p = q;
                continue;
            } else if c >= 0x80 {
                if is_break_at(p) {
                    break;
                }
                p += width(c).max(1);
                chars += 1;
            } else {
                break;
            }
            done_p = p;
            done_chars = chars;
        }
        (done_p - start, done_chars)
    }

    /// The plain scalar's text; whether it ended after a line break (`leading_blanks`).
    fn scan_plain_scalar_body(
        &mut self,
        start: Mark,
        end: &mut Mark,
        s: &mut Buf<'a>,
        leading_break: &mut Vec<u8>,
        trailing_breaks: &mut Vec<u8>,
    ) -> Res<bool> {
        // Blanks read since the last character, as a range of the input.
        let (mut ws_start, mut ws_end) = (0, 0);
        let mut leading_blanks = false;
        let indent = self.indent + 1;
        loop {
            self.cache(4)?;
            if self.mark.column == 0
                && ((self.at(0) == b'-' && self.at(1) == b'-' && self.at(2) == b'-')
                    || (self.at(0) == b'.' && self.at(1) == b'.' && self.at(2) == b'.'))
                && self.is_blankz(3)
            {
                break;
            }
            if self.at(0) == b'#' {
                break;
            }
            while !self.is_blankz(0) {
                let c = self.at(0);
                if (c == b':' && self.is_blankz(1))
                    || (self.flow_level > 0 && matches!(c, b',' | b'?' | b'[' | b']' | b'{' | b'}'))
                {
                    break;
                }
                if leading_blanks || ws_start != ws_end {
                    if leading_blanks {
                        if leading_break.first() == Some(&b'\n') {
                            if trailing_breaks.is_empty() {
                                s.push(b' ');
                            } else {
                                s.push_bytes(trailing_breaks);
                            }
                        } else {
                            s.push_bytes(leading_break);
                            s.push_bytes(trailing_breaks);
                        }
                        trailing_breaks.clear();
                        leading_break.clear();
                        leading_blanks = false;
                    } else {
                        s.push_src(ws_start, ws_end);
                        ws_end = ws_start;
                    }
                }
                self.read_into(s);
                // Ordinary ASCII continues the scalar exactly as the loop would, one
                // character at a time; take the run at once while enough input is decoded
                // that go-yaml would not have refilled its buffer in between.
                let flow = self.flow_level > 0;
                let max = self.unread.saturating_sub(2);
                let from = self.pos;
                self.skip_ascii_while(0, max, |b| plain_safe(b, flow));
                if self.clean {
                    let (bytes, chars) = self.plain_line_run(flow, indent);
                    self.advance(bytes, chars);
                }
                if self.pos > from {
                    s.push_src(from, self.pos);
                }
                *end = self.mark;
                self.cache(2)?;
            }
            if !(self.is_blank(0) || self.is_break(0)) {
                break;
            }
            self.cache(1)?;
            loop {
                if leading_blanks {
                    self.skip_ascii_while(1, usize::MAX, |b| b == b' ');
                } else {
                    let at = self.pos;
                    if self.skip_ascii_while(1, usize::MAX, |b| b == b' ' || b == b'\t') > 0 {
                        if ws_start == ws_end {
                            ws_start = at;
                        }
                        ws_end = self.pos;
                    }
                }
                if !(self.is_blank(0) || self.is_break(0)) {
                    break;
                }
                if self.is_blank(0) {
                    if leading_blanks && (self.mark.column as isize) < indent && self.at(0) == b'\t'
                    {
                        return Err(self.scanner_error(
                            start,
                            "found a tab character that violates indentation",
                        ));
                    }
                    if !leading_blanks {
                        if ws_start == ws_end {
                            ws_start = self.pos;
                        }
                        self.skip();
                        ws_end = self.pos;
                    } else {
                        self.skip();
                    }
                } else {
                    self.cache(2)?;
                    if !leading_blanks {
                        ws_end = ws_start;
                        self.read_line(leading_break);
                        leading_blanks = true;
                    } else {
                        self.read_line(trailing_breaks);
                    }
                }
                self.cache(1)?;
            }
            if self.flow_level == 0 && (self.mark.column as isize) < indent {
                break;
            }
        }
        Ok(leading_blanks)
    }
}
