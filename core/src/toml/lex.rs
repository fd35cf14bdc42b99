//! BurntSushi/toml v1.6.0's lexer: a state machine emitting items, with its backing-up rules,
//! line counting and error texts, so errors name the same line and words as Go's.
//!
//! States are an enum instead of Go's state functions; the item channel is a queue the
//! parser drains, and the lexer runs only while the queue is empty, as Go's `nextItem` does.

use alloc::collections::VecDeque;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::gofmt::strconv::{quote, quote_rune};

/// End of input, as Go's lexer reports it (rune 0).
pub(crate) const EOF: char = '\0';
const RUNE_ERROR: char = '\u{FFFD}';

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ItemType {
    Error,
    Eof,
    Text,
    String,
    StringEsc,
    RawString,
    MultilineString,
    RawMultilineString,
    Bool,
    Integer,
    Float,
    Datetime,
    Array,
    ArrayEnd,
    TableStart,
    TableEnd,
    ArrayTableStart,
    ArrayTableEnd,
    KeyStart,
    KeyEnd,
    CommentStart,
    InlineTableStart,
    InlineTableEnd,
}

#[derive(Clone, Debug)]
pub(crate) struct Item {
    pub typ: ItemType,
    pub val: String,
    /// The error message of an `Error` item.
    pub err: String,
    pub line: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum St {
    Top,
    TopEnd,
    TableStart,
    TableEnd,
    ArrayTableEnd,
    TableNameStart,
    TableNameEnd,
    BareName,
    QuotedName,
    KeyStart,
    KeyNameStart,
    KeyEnd,
    Value,
    ArrayValue,
    ArrayValueEnd,
    ArrayEnd,
    InlineTableValue,
    InlineTableValueEnd,
    InlineTableEnd,
    String,
    MultilineString,
    RawString,
    MultilineRawString,
    MultilineStringEscape,
    StringEscape,
    HexEscape,
    ShortUnicodeEscape,
    LongUnicodeEscape,
    NumberOrDateStart,
    NumberOrDate,
    Datetime,
    HexInteger,
    OctalInteger,
    BinaryInteger,
    DecimalNumber,
    DecimalNumberStart,
    BaseNumberOrDate,
    Float,
    Bool,
    CommentStart,
    Comment,
}

pub(crate) struct Lexer<'a> {
    input: &'a str,
    start: usize,
    pos: usize,
    line: usize,
    state: Option<St>,
    items: VecDeque<Item>,
    esc: bool,
    prev_widths: [usize; 4],
    nprev: usize,
    at_eof: bool,
    stack: Vec<St>,
}

fn is_whitespace(r: char) -> bool {
    r == '\t' || r == ' '
}
fn is_nl(r: char) -> bool {
    r == '\n' || r == '\r'
}
fn is_control(r: char) -> bool {
    match r {
        '\t' | '\r' | '\n' => false,
        _ => (r as u32) <= 0x1f || r as u32 == 0x7f,
    }
}
fn is_digit(r: char) -> bool {
    r.is_ascii_digit()
}
fn is_binary(r: char) -> bool {
    r == '0' || r == '1'
}
fn is_octal(r: char) -> bool {
    ('0'..='7').contains(&r)
}
pub(crate) fn is_hex(r: char) -> bool {
    r.is_ascii_hexdigit()
}
pub(crate) fn is_bare_key_char(r: char) -> bool {
    r.is_ascii_alphanumeric() || r == '_' || r == '-'
}
fn rune_or_eof(r: char) -> String {
    if r == EOF {
        String::from("end of file")
    } else {
        format!("'{r}'")
    }
}

impl<'a> Lexer<'a> {
    pub fn new(input: &'a str) -> Lexer<'a> {
        Lexer {
            input,
            start: 0,
            pos: 0,
            line: 1,
            state: Some(St::Top),
            items: VecDeque::new(),
            esc: false,
            prev_widths: [0; 4],
            nprev: 0,
            at_eof: false,
            stack: Vec::new(),
        }
    }

    /// Go's `nextItem`: run states until an item is ready.
    pub fn next_item(&mut self) -> Item {
        loop {
            if let Some(it) = self.items.pop_front() {
                return it;
            }
            match self.state {
                Some(st) => self.state = self.step(st),
                // Go would call a nil state; the parser never asks after EOF or an error.
                None => {
                    return Item {
                        typ: ItemType::Eof,
                        val: String::new(),
                        err: String::new(),
                        line: self.line,
                    }
                }
            }
        }
    }

    fn push(&mut self, st: St) {
        self.stack.push(st);
    }

    fn pop(&mut self) -> Option<St> {
        self.stack.pop()
    }

    fn current(&self) -> &'a str {
        self.input.get(self.start..self.pos).unwrap_or("")
    }

    fn emit(&mut self, typ: ItemType) {
        let val = String::from(self.current());
        self.items.push_back(Item {
            typ,
            val,
            err: String::new(),
            line: self.line,
        });
        self.start = self.pos;
    }

    fn emit_trim(&mut self, typ: ItemType) {
        let val = String::from(self.current().trim());
        self.items.push_back(Item {
            typ,
            val,
            err: String::new(),
            line: self.line,
        });
        self.start = self.pos;
    }

    fn next(&mut self) -> char {
        if self.at_eof {
            return EOF;
        }
        let b = self.input.as_bytes();
        if self.pos >= b.len() {
            self.at_eof = true;
            return EOF;
        }
        if b[self.pos] == b'\n' {
            self.line += 1;
        }
        self.prev_widths[3] = self.prev_widths[2];
        self.prev_widths[2] = self.prev_widths[1];
        self.prev_widths[1] = self.prev_widths[0];
        if self.nprev < 4 {
            self.nprev += 1;
        }
        let r = self.input[self.pos..].chars().next().unwrap_or(RUNE_ERROR);
        if let Some(byte) = crate::gobytes::raw_byte(r) {
            self.push_error(self.line, format!("invalid UTF-8 byte: 0x{byte:02x}"));
            return RUNE_ERROR;
        }
        if is_control(r) || (r == '\r' && (b.len() - 1 == self.pos || b[self.pos + 1] != b'\n')) {
            self.error_control_char(r);
            return RUNE_ERROR;
        }
        self.prev_widths[0] = r.len_utf8();
        self.pos += r.len_utf8();
        r
    }

    fn ignore(&mut self) {
        self.start = self.pos;
    }

    fn backup(&mut self) {
        if self.at_eof {
            self.at_eof = false;
            return;
        }
        if self.nprev < 1 {
            return;
        }
        let w = self.prev_widths[0];
        self.prev_widths[0] = self.prev_widths[1];
        self.prev_widths[1] = self.prev_widths[2];
        self.prev_widths[2] = self.prev_widths[3];
        self.nprev -= 1;
        self.pos = self.pos.saturating_sub(w);
        if self.input.as_bytes().get(self.pos) == Some(&b'\n') {
            self.line -= 1;
        }
    }

    fn accept(&mut self, valid: char) -> bool {
        if self.next() == valid {
            return true;
        }
        self.backup();
        false
    }

    fn peek(&mut self) -> char {
        let r = self.next();
        self.backup();
        r
    }

    fn skip(&mut self, pred: fn(char) -> bool) {
        loop {
            let r = self.next();
            if pred(r) {
                continue;
            }
            self.backup();
            self.ignore();
            return;
        }
    }

    fn push_error(&mut self, line: usize, err: String) -> Option<St> {
        self.items.push_back(Item {
            typ: ItemType::Error,
            val: String::new(),
            err,
            line,
        });
        None
    }

    fn error(&mut self, err: String) -> Option<St> {
        if self.at_eof {
            return self.error_prev_line(err);
        }
        self.push_error(self.line, err)
    }

    fn error_prev_line(&mut self, err: String) -> Option<St> {
        self.push_error(self.line.saturating_sub(1), err)
    }

    fn errorf(&mut self, err: String) -> Option<St> {
        if self.at_eof {
            let mut line = self.line;
            if self.pos >= 1 && self.input.as_bytes()[self.pos - 1] == b'\n' {
                line -= 1;
            }
            return self.push_error(line, err);
        }
        self.push_error(self.line, err)
    }

    fn error_control_char(&mut self, cc: char) -> Option<St> {
        self.push_error(
            self.line,
            format!(
                "TOML files cannot contain control characters: '0x{:02x}'",
                cc as u32
            ),
        )
    }

    /// One step of the state machine: Go's state function for `st`.
    fn step(&mut self, st: St) -> Option<St> {
        match st {
            St::Top => {
                let r = self.next();
                if is_whitespace(r) || is_nl(r) {
                    self.ignore();
                    return Some(St::Top);
                }
                match r {
                    '#' => {
                        self.push(St::Top);
                        return Some(St::CommentStart);
                    }
                    '[' => return Some(St::TableStart),
                    EOF => {
                        if self.pos > self.start {
                            return self.errorf(String::from("unexpected EOF"));
                        }
                        self.emit(ItemType::Eof);
                        return None;
                    }
                    _ => {}
                }
                self.backup();
                self.push(St::TopEnd);
                Some(St::KeyStart)
            }
            St::TopEnd => {
                let r = self.next();
                if r == '#' {
                    self.push(St::Top);
                    return Some(St::CommentStart);
                }
                if is_whitespace(r) {
                    return Some(St::TopEnd);
                }
                if is_nl(r) {
                    self.ignore();
                    return Some(St::Top);
                }
                if r == EOF {
                    self.emit(ItemType::Eof);
                    return None;
                }
                self.errorf(format!(
                    "expected a top-level item to end with a newline, comment, or EOF, but got {} instead",
                    quote_rune(r)
                ))
            }
            St::TableStart => {
                if self.peek() == '[' {
                    self.next();
                    self.emit(ItemType::ArrayTableStart);
                    self.push(St::ArrayTableEnd);
                } else {
                    self.emit(ItemType::TableStart);
                    self.push(St::TableEnd);
                }
                Some(St::TableNameStart)
            }
            St::TableEnd => {
                self.emit(ItemType::TableEnd);
                Some(St::TopEnd)
            }
            St::ArrayTableEnd => {
                let r = self.next();
                if r != ']' {
                    return self.errorf(format!(
                        "expected end of table array name delimiter ']', but got {} instead",
                        quote_rune(r)
                    ));
                }
                self.emit(ItemType::ArrayTableEnd);
                Some(St::TopEnd)
            }
            St::TableNameStart => {
                self.skip(is_whitespace);
                match self.peek() {
                    ']' | EOF => self.errorf(String::from(
                        "unexpected end of table name (table names cannot be empty)",
                    )),
                    '.' => self.errorf(String::from(
                        "unexpected table separator (table names cannot be empty)",
                    )),
                    '"' | '\'' => {
                        self.ignore();
                        self.push(St::TableNameEnd);
                        Some(St::QuotedName)
                    }
                    _ => {
                        self.push(St::TableNameEnd);
                        Some(St::BareName)
                    }
                }
            }
            St::TableNameEnd => {
                self.skip(is_whitespace);
                match self.next() {
                    '.' => {
                        self.ignore();
                        Some(St::TableNameStart)
                    }
                    ']' => self.pop(),
                    r => self.errorf(format!(
                        "expected '.' or ']' to end table name, but got {} instead",
                        quote_rune(r)
                    )),
                }
            }
            St::BareName => {
                let r = self.next();
                if is_bare_key_char(r) {
                    return Some(St::BareName);
                }
                self.backup();
                self.emit(ItemType::Text);
                self.pop()
            }
            St::QuotedName => {
                let r = self.next();
                match r {
                    '"' => {
                        self.ignore();
                        Some(St::String)
                    }
                    '\'' => {
                        self.ignore();
                        Some(St::RawString)
                    }
                    _ if is_whitespace(r) => {
                        self.ignore();
                        Some(St::Value)
                    }
                    EOF => self.errorf(String::from("unexpected EOF; expected value")),
                    _ => self.errorf(format!(
                        "expected value but found {} instead",
                        quote_rune(r)
                    )),
                }
            }
            St::KeyStart => {
                self.skip(is_whitespace);
                match self.peek() {
                    '=' | EOF => {
                        self.errorf(String::from("unexpected '=': key name appears blank"))
                    }
                    '.' => {
                        self.errorf(String::from("unexpected '.': keys cannot start with a '.'"))
                    }
                    r => {
                        if r == '"' || r == '\'' {
                            self.ignore();
                        }
                        self.emit(ItemType::KeyStart);
                        Some(St::KeyNameStart)
                    }
                }
            }
            St::KeyNameStart => {
                self.skip(is_whitespace);
                match self.peek() {
                    '"' | '\'' => {
                        self.ignore();
                        self.push(St::KeyEnd);
                        Some(St::QuotedName)
                    }
                    '=' | EOF => self.errorf(String::from("unexpected '='")),
                    '.' => self.errorf(String::from("unexpected '.'")),
                    _ => {
                        self.push(St::KeyEnd);
                        Some(St::BareName)
                    }
                }
            }
            St::KeyEnd => {
                self.skip(is_whitespace);
                let r = self.next();
                match r {
                    _ if is_whitespace(r) => {
                        self.ignore();
                        Some(St::KeyEnd)
                    }
                    EOF => self.errorf(String::from("unexpected EOF; expected key separator '='")),
                    '.' => {
                        self.ignore();
                        Some(St::KeyNameStart)
                    }
                    '=' => {
                        self.emit(ItemType::KeyEnd);
                        self.ignore();
                        Some(St::Value)
                    }
                    '\n' => self.error_prev_line(format!(
                        "expected '.' or '=', but got {} instead",
                        quote_rune(r)
                    )),
                    _ => self.errorf(format!(
                        "expected '.' or '=', but got {} instead",
                        quote_rune(r)
                    )),
                }
            }
            St::Value => self.lex_value(),
            St::ArrayValue => {
                let r = self.next();
                if is_whitespace(r) || is_nl(r) {
                    self.ignore();
                    return Some(St::ArrayValue);
                }
                match r {
                    '#' => {
                        self.push(St::ArrayValue);
                        Some(St::CommentStart)
                    }
                    ',' => self.errorf(String::from("unexpected comma")),
                    ']' => Some(St::ArrayEnd),
                    _ => {
                        self.backup();
                        self.push(St::ArrayValueEnd);
                        Some(St::Value)
                    }
                }
            }
            St::ArrayValueEnd => {
                let r = self.next();
                if is_whitespace(r) || is_nl(r) {
                    self.ignore();
                    return Some(St::ArrayValueEnd);
                }
                match r {
                    '#' => {
                        self.push(St::ArrayValueEnd);
                        Some(St::CommentStart)
                    }
                    ',' => {
                        self.ignore();
                        Some(St::ArrayValue)
                    }
                    ']' => Some(St::ArrayEnd),
                    _ => self.errorf(format!(
                        "expected a comma (',') or array terminator (']'), but got {}",
                        rune_or_eof(r)
                    )),
                }
            }
            St::ArrayEnd => {
                self.ignore();
                self.emit(ItemType::ArrayEnd);
                self.pop()
            }
            St::InlineTableValue => {
                let r = self.next();
                if is_whitespace(r) || is_nl(r) {
                    self.ignore();
                    return Some(St::InlineTableValue);
                }
                match r {
                    '#' => {
                        self.push(St::InlineTableValue);
                        Some(St::CommentStart)
                    }
                    ',' => self.errorf(String::from("unexpected comma")),
                    '}' => Some(St::InlineTableEnd),
                    _ => {
                        self.backup();
                        self.push(St::InlineTableValueEnd);
                        Some(St::KeyStart)
                    }
                }
            }
            St::InlineTableValueEnd => {
                let r = self.next();
                if is_whitespace(r) || is_nl(r) {
                    self.ignore();
                    return Some(St::InlineTableValueEnd);
                }
                match r {
                    '#' => {
                        self.push(St::InlineTableValueEnd);
                        Some(St::CommentStart)
                    }
                    ',' => {
                        self.ignore();
                        self.skip(is_whitespace);
                        if self.peek() == '}' {
                            return Some(St::InlineTableValueEnd);
                        }
                        Some(St::InlineTableValue)
                    }
                    '}' => Some(St::InlineTableEnd),
                    _ => self.errorf(format!(
                        "expected a comma or an inline table terminator '}}', but got {} instead",
                        rune_or_eof(r)
                    )),
                }
            }
            St::InlineTableEnd => {
                self.ignore();
                self.emit(ItemType::InlineTableEnd);
                self.pop()
            }
            St::String => {
                let r = self.next();
                match r {
                    EOF => self.errorf(String::from("unexpected EOF; expected '\"'")),
                    _ if is_nl(r) => {
                        self.error_prev_line(String::from("strings cannot contain newlines"))
                    }
                    '\\' => {
                        self.push(St::String);
                        Some(St::StringEscape)
                    }
                    '"' => {
                        self.backup();
                        if self.esc {
                            self.esc = false;
                            self.emit(ItemType::StringEsc);
                        } else {
                            self.emit(ItemType::String);
                        }
                        self.next();
                        self.ignore();
                        self.pop()
                    }
                    _ => Some(St::String),
                }
            }
            St::MultilineString => self.lex_multiline_string(),
            St::RawString => {
                let r = self.next();
                match r {
                    EOF => self.errorf(String::from("unexpected EOF; expected \"'\"")),
                    _ if is_nl(r) => {
                        self.error_prev_line(String::from("strings cannot contain newlines"))
                    }
                    '\'' => {
                        self.backup();
                        self.emit(ItemType::RawString);
                        self.next();
                        self.ignore();
                        self.pop()
                    }
                    _ => Some(St::RawString),
                }
            }
            St::MultilineRawString => self.lex_multiline_raw_string(),
            St::MultilineStringEscape => {
                let r = self.next();
                if is_nl(r) {
                    return Some(St::MultilineString);
                }
                self.backup();
                self.push(St::MultilineString);
                self.step(St::StringEscape)
            }
            St::StringEscape => {
                self.esc = true;
                let r = self.next();
                match r {
                    'e' | 'b' | 't' | 'n' | 'f' | 'r' | '"' | ' ' | '\t' | '\\' => self.pop(),
                    'x' => Some(St::HexEscape),
                    'u' => Some(St::ShortUnicodeEscape),
                    'U' => Some(St::LongUnicodeEscape),
                    _ => self.error(format!("invalid escape in string '\\{r}'")),
                }
            }
            St::HexEscape => self.hex_escape(2, "two", 'x'),
            St::ShortUnicodeEscape => self.hex_escape(4, "four", 'u'),
            St::LongUnicodeEscape => self.hex_escape(8, "eight", 'U'),
            St::NumberOrDateStart => {
                if self.next() == '0' {
                    return Some(St::BaseNumberOrDate);
                }
                Some(St::NumberOrDate)
            }
            St::NumberOrDate => {
                let r = self.next();
                if is_digit(r) {
                    return Some(St::NumberOrDate);
                }
                match r {
                    '-' | ':' => Some(St::Datetime),
                    '_' => Some(St::DecimalNumber),
                    '.' | 'e' | 'E' => Some(St::Float),
                    _ => {
                        self.backup();
                        self.emit(ItemType::Integer);
                        self.pop()
                    }
                }
            }
            St::Datetime => {
                let r = self.next();
                if is_digit(r) || matches!(r, '-' | ':' | 'T' | 't' | ' ' | '.' | 'Z' | 'z' | '+') {
                    return Some(St::Datetime);
                }
                self.backup();
                self.emit_trim(ItemType::Datetime);
                self.pop()
            }
            St::HexInteger => self.based_integer(is_hex, St::HexInteger),
            St::OctalInteger => self.based_integer(is_octal, St::OctalInteger),
            St::BinaryInteger => self.based_integer(is_binary, St::BinaryInteger),
            St::DecimalNumber => {
                let r = self.next();
                if is_digit(r) {
                    return Some(St::DecimalNumber);
                }
                match r {
                    '.' | 'e' | 'E' => Some(St::Float),
                    '_' => Some(St::DecimalNumber),
                    _ => {
                        self.backup();
                        self.emit(ItemType::Integer);
                        self.pop()
                    }
                }
            }
            St::DecimalNumberStart => {
                let r = self.next();
                match r {
                    'i' => {
                        if !self.accept('n') || !self.accept('f') {
                            return self.errorf(format!("invalid float: '{}'", self.current()));
                        }
                        self.emit(ItemType::Float);
                        return self.pop();
                    }
                    'n' => {
                        if !self.accept('a') || !self.accept('n') {
                            return self.errorf(format!("invalid float: '{}'", self.current()));
                        }
                        self.emit(ItemType::Float);
                        return self.pop();
                    }
                    '0' => {
                        let p = self.peek();
                        if matches!(p, 'b' | 'o' | 'x') {
                            return self.errorf(format!(
                                "cannot use sign with non-decimal numbers: '{}{}'",
                                self.current(),
                                p
                            ));
                        }
                    }
                    '.' => {
                        return self.errorf(String::from("floats must start with a digit, not '.'"))
                    }
                    _ => {}
                }
                if is_digit(r) {
                    return Some(St::DecimalNumber);
                }
                self.errorf(format!("expected a digit but got {}", quote_rune(r)))
            }
            St::BaseNumberOrDate => {
                let r = self.next();
                if is_digit(r) {
                    return Some(St::NumberOrDate);
                }
                match r {
                    '_' => Some(St::DecimalNumber),
                    '.' | 'e' | 'E' => Some(St::Float),
                    'b' => self.base_prefix(is_binary, "binary", St::BinaryInteger),
                    'o' => self.base_prefix(is_octal, "octal", St::OctalInteger),
                    'x' => self.base_prefix(is_hex, "hexadecimal", St::HexInteger),
                    _ => {
                        self.backup();
                        self.emit(ItemType::Integer);
                        self.pop()
                    }
                }
            }
            St::Float => {
                let r = self.next();
                if is_digit(r) || matches!(r, '_' | '.' | '-' | '+' | 'e' | 'E') {
                    return Some(St::Float);
                }
                self.backup();
                self.emit(ItemType::Float);
                self.pop()
            }
            St::Bool => {
                let mut rs = String::new();
                loop {
                    let r = self.next();
                    if !r.is_alphabetic() {
                        self.backup();
                        break;
                    }
                    rs.push(r);
                }
                if rs == "true" || rs == "false" {
                    self.emit(ItemType::Bool);
                    return self.pop();
                }
                self.errorf(format!("expected value but found {} instead", quote(&rs)))
            }
            St::CommentStart => {
                self.ignore();
                self.emit(ItemType::CommentStart);
                Some(St::Comment)
            }
            St::Comment => {
                let r = self.next();
                if is_nl(r) || r == EOF {
                    self.backup();
                    self.emit(ItemType::Text);
                    return self.pop();
                }
                Some(St::Comment)
            }
        }
    }

    fn lex_value(&mut self) -> Option<St> {
        let r = self.next();
        if is_whitespace(r) {
            self.ignore();
            return Some(St::Value);
        }
        if is_digit(r) {
            self.backup();
            return Some(St::NumberOrDateStart);
        }
        match r {
            '[' => {
                self.ignore();
                self.emit(ItemType::Array);
                return Some(St::ArrayValue);
            }
            '{' => {
                self.ignore();
                self.emit(ItemType::InlineTableStart);
                return Some(St::InlineTableValue);
            }
            '"' => {
                if self.accept('"') {
                    if self.accept('"') {
                        self.ignore();
                        return Some(St::MultilineString);
                    }
                    self.backup();
                }
                self.ignore();
                return Some(St::String);
            }
            '\'' => {
                if self.accept('\'') {
                    if self.accept('\'') {
                        self.ignore();
                        return Some(St::MultilineRawString);
                    }
                    self.backup();
                }
                self.ignore();
                return Some(St::RawString);
            }
            '.' => return self.errorf(String::from("floats must start with a digit, not '.'")),
            // `inf` or `nan`; anything else word-like is left to the bool lexer below.
            'i' | 'n'
                if (self.accept('n') && self.accept('f'))
                    || (self.accept('a') && self.accept('n')) =>
            {
                self.emit(ItemType::Float);
                return self.pop();
            }
            '-' | '+' => return Some(St::DecimalNumberStart),
            _ => {}
        }
        if r.is_alphabetic() {
            self.backup();
            return Some(St::Bool);
        }
        if r == EOF {
            return self.errorf(String::from("unexpected EOF; expected value"));
        }
        if r == '\n' {
            return self.error_prev_line(format!(
                "expected value but found {} instead",
                quote_rune(r)
            ));
        }
        self.errorf(format!(
            "expected value but found {} instead",
            quote_rune(r)
        ))
    }

    fn lex_multiline_string(&mut self) -> Option<St> {
        match self.next() {
            EOF => self.errorf(String::from("unexpected EOF; expected '\"\"\"'")),
            '\\' => Some(St::MultilineStringEscape),
            '"' => {
                if self.accept('"') {
                    if self.accept('"') {
                        if self.peek() == '"' {
                            // Up to five quotes may close the string; six are too many.
                            let cur = self.current();
                            if cur.ends_with("\"\"\"\"\"") && !cur.ends_with("\\\"\"\"\"\"") {
                                return self.errorf(String::from("unexpected '\"\"\"\"\"\"'"));
                            }
                            self.backup();
                            self.backup();
                            return Some(St::MultilineString);
                        }
                        self.backup();
                        self.backup();
                        self.backup();
                        self.esc = false;
                        self.emit(ItemType::MultilineString);
                        self.next();
                        self.next();
                        self.next();
                        self.ignore();
                        return self.pop();
                    }
                    self.backup();
                }
                Some(St::MultilineString)
            }
            _ => Some(St::MultilineString),
        }
    }

    fn lex_multiline_raw_string(&mut self) -> Option<St> {
        match self.next() {
            EOF => self.errorf(String::from("unexpected EOF; expected \"'''\"")),
            '\'' => {
                if self.accept('\'') {
                    if self.accept('\'') {
                        if self.peek() == '\'' {
                            if self.current().ends_with("'''''") {
                                return self.errorf(String::from("unexpected \"''''''\""));
                            }
                            self.backup();
                            self.backup();
                            return Some(St::MultilineRawString);
                        }
                        self.backup();
                        self.backup();
                        self.backup();
                        self.emit(ItemType::RawMultilineString);
                        self.next();
                        self.next();
                        self.next();
                        self.ignore();
                        return self.pop();
                    }
                    self.backup();
                }
                Some(St::MultilineRawString)
            }
            _ => Some(St::MultilineRawString),
        }
    }

    fn hex_escape(&mut self, n: usize, word: &str, c: char) -> Option<St> {
        for _ in 0..n {
            let r = self.next();
            if !is_hex(r) {
                let cur = quote(self.current());
                return self.errorf(format!(
                    "expected {word} hexadecimal digits after '\\{c}', but got {cur} instead"
                ));
            }
        }
        self.pop()
    }

    fn based_integer(&mut self, digit: fn(char) -> bool, again: St) -> Option<St> {
        let r = self.next();
        if digit(r) || r == '_' {
            return Some(again);
        }
        self.backup();
        self.emit(ItemType::Integer);
        self.pop()
    }

    /// After `0b`, `0o` or `0x`: Go reports a missing digit but lexes on regardless.
    fn base_prefix(&mut self, digit: fn(char) -> bool, name: &str, next: St) -> Option<St> {
        let r = self.peek();
        if !digit(r) {
            let msg = format!("not a {name} number: '{}{}'", self.current(), r);
            self.errorf(msg);
        }
        Some(next)
    }
}
