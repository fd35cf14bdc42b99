//! The lexer, after Go's `text/template/parse/lex.go`: a state machine that turns template
//! text into items. Trim markers (`{{-`, `-}}`) are resolved here, as in Go.

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// Byte offset into the template text.
pub type Pos = u32;

/// The kind of a lexed item (Go's `itemType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ItemType {
    /// An error; the value is its text.
    Error,
    /// `true` or `false`.
    Bool,
    /// A printable ASCII character (comma and such).
    Char,
    /// A character constant such as `'a'`.
    CharConstant,
    /// A comment (only emitted when comments are kept).
    Comment,
    /// A complex constant such as `1+2i`.
    Complex,
    /// `=`
    Assign,
    /// `:=`
    Declare,
    /// End of input.
    Eof,
    /// `.Field`
    Field,
    /// An identifier (function name).
    Identifier,
    /// `{{`
    LeftDelim,
    /// `(`
    LeftParen,
    /// A number.
    Number,
    /// `|`
    Pipe,
    /// A raw string with its backquotes.
    RawString,
    /// `}}`
    RightDelim,
    /// `)`
    RightParen,
    /// A run of spaces.
    Space,
    /// A quoted string with its quotes.
    String,
    /// Plain text outside actions.
    Text,
    /// `$`, `$x`
    Variable,
    /// Marks the start of keywords; never emitted.
    Keyword,
    /// `block`
    Block,
    /// `break`
    Break,
    /// `continue`
    Continue,
    /// `.`
    Dot,
    /// `define`
    Define,
    /// `else`
    Else,
    /// `end`
    End,
    /// `if`
    If,
    /// `nil`
    Nil,
    /// `range`
    Range,
    /// `template`
    Template,
    /// `with`
    With,
}

/// One lexed item; its text borrows from the template (only error messages are owned).
#[derive(Clone, Debug, PartialEq)]
pub struct Item<'a> {
    /// Its kind.
    pub typ: ItemType,
    /// Byte offset of its start.
    pub pos: Pos,
    /// Its text (or the error message).
    pub val: Cow<'a, str>,
    /// 1-based line of its start.
    pub line: u32,
}

impl core::fmt::Display for Item<'_> {
    /// Go's `item.String()`, used in parse error messages.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.typ {
            ItemType::Eof => f.write_str("EOF"),
            ItemType::Error => f.write_str(&self.val),
            t if t > ItemType::Keyword => write!(f, "<{}>", self.val),
            _ => {
                if self.val.chars().count() > 10 {
                    let head: String = self.val.chars().take(10).collect();
                    write!(f, "{}...", super::gostr::quote(&head))
                } else {
                    f.write_str(&super::gostr::quote(&self.val))
                }
            }
        }
    }
}

const LEFT_DELIM: &str = "{{";
const RIGHT_DELIM: &str = "}}";
const LEFT_COMMENT: &str = "/*";
const RIGHT_COMMENT: &str = "*/";
const TRIM_MARKER_LEN: usize = 2;

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

fn is_alnum(c: char) -> bool {
    c == '_' || c.is_alphabetic() || c.is_numeric()
}

fn has_left_trim_marker(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && b[0] == b'-' && is_space(b[1] as char)
}

fn has_right_trim_marker(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && is_space(b[0] as char) && b[1] == b'-'
}

fn right_trim_length(s: &str) -> usize {
    s.len() - s.trim_end_matches([' ', '\t', '\r', '\n']).len()
}

fn left_trim_length(s: &str) -> usize {
    s.len() - s.trim_start_matches([' ', '\t', '\r', '\n']).len()
}

#[derive(Clone, Copy)]
enum State {
    Text,
    LeftDelim,
    Comment,
    RightDelim,
    InsideAction,
    Space,
    Identifier,
    Field,
    Variable,
    Char,
    Number,
    Quote,
    RawQuote,
    Done,
}

/// Lexes template text, one item at a time (Go's synchronous lexer).
pub struct Lexer<'a> {
    input: &'a str,
    pos: usize,
    start: usize,
    line: u32,
    start_line: u32,
    paren_depth: i32,
    state: State,
    pending: Option<Item<'a>>,
    /// Whether `break`/`continue` are keywords (true unless functions of those names exist).
    pub break_ok: bool,
    /// See `break_ok`.
    pub continue_ok: bool,
}

impl<'a> Lexer<'a> {
    /// A lexer over `input`.
    pub fn new(input: &'a str) -> Lexer<'a> {
        Lexer {
            input,
            pos: 0,
            start: 0,
            line: 1,
            start_line: 1,
            paren_depth: 0,
            state: State::Text,
            pending: None,
            break_ok: true,
            continue_ok: true,
        }
    }

    fn rest(&self) -> &'a str {
        &self.input[self.pos..]
    }

    #[inline]
    fn next_char(&mut self) -> Option<char> {
        let b = *self.input.as_bytes().get(self.pos)?;
        let c = if b < 0x80 {
            b as char
        } else {
            self.rest().chars().next()?
        };
        self.pos += c.len_utf8();
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    #[inline]
    fn peek(&self) -> Option<char> {
        let b = *self.input.as_bytes().get(self.pos)?;
        if b < 0x80 {
            Some(b as char)
        } else {
            self.rest().chars().next()
        }
    }

    /// Steps back over the char just read (which is `c`).
    fn backup(&mut self, c: Option<char>) {
        if let Some(c) = c {
            self.pos -= c.len_utf8();
            if c == '\n' {
                self.line -= 1;
            }
        }
    }

    fn this_item(&mut self, typ: ItemType) -> Item<'a> {
        let item = Item {
            typ,
            pos: self.start as Pos,
            val: Cow::Borrowed(&self.input[self.start..self.pos]),
            line: self.start_line,
        };
        self.start = self.pos;
        self.start_line = self.line;
        item
    }

    fn emit(&mut self, typ: ItemType) {
        let item = self.this_item(typ);
        self.pending = Some(item);
    }

    fn ignore(&mut self) {
        self.line += count_newlines(&self.input[self.start..self.pos]);
        self.start = self.pos;
        self.start_line = self.line;
    }

    fn errorf(&mut self, msg: String) {
        self.pending = Some(Item {
            typ: ItemType::Error,
            pos: self.start as Pos,
            val: Cow::Owned(msg),
            line: self.start_line,
        });
        self.state = State::Done;
        self.start = 0;
        self.pos = 0;
        self.input = "";
    }

    fn accept(&mut self, valid: &str) -> bool {
        match self.peek() {
            Some(c) if valid.contains(c) => {
                self.next_char();
                true
            }
            _ => false,
        }
    }

    fn accept_run(&mut self, valid: &str) {
        while let Some(c) = self.peek() {
            if !valid.contains(c) {
                break;
            }
            self.next_char();
        }
    }

    /// (at a right delimiter, with a trim marker)
    fn at_right_delim(&self) -> (bool, bool) {
        let rest = self.rest();
        if has_right_trim_marker(rest) && rest[TRIM_MARKER_LEN..].starts_with(RIGHT_DELIM) {
            return (true, true);
        }
        if rest.starts_with(RIGHT_DELIM) {
            return (true, false);
        }
        (false, false)
    }

    fn at_terminator(&self) -> bool {
        match self.peek() {
            None => true,
            Some(c) if is_space(c) => true,
            Some('.' | ',' | '|' | ':' | ')' | '(') => true,
            _ => self.rest().starts_with(RIGHT_DELIM),
        }
    }

    /// The next item; `Eof` forever after the end, `Error` once on failure (then `Eof`).
    pub fn next_item(&mut self) -> Item<'a> {
        loop {
            if let Some(item) = self.pending.take() {
                return item;
            }
            match self.state {
                State::Done => {
                    return Item {
                        typ: ItemType::Eof,
                        pos: self.pos as Pos,
                        val: Cow::Borrowed(""),
                        line: self.line,
                    }
                }
                State::Text => self.lex_text(),
                State::LeftDelim => self.lex_left_delim(),
                State::Comment => self.lex_comment(),
                State::RightDelim => self.lex_right_delim(),
                State::InsideAction => self.lex_inside_action(),
                State::Space => self.lex_space(),
                State::Identifier => self.lex_identifier(),
                State::Field => self.lex_field_or_variable(ItemType::Field),
                State::Variable => {
                    if self.at_terminator() {
                        self.emit(ItemType::Variable);
                        self.state = State::InsideAction;
                    } else {
                        self.lex_field_or_variable(ItemType::Variable);
                    }
                }
                State::Char => self.lex_char(),
                State::Number => self.lex_number(),
                State::Quote => self.lex_quote(),
                State::RawQuote => self.lex_raw_quote(),
            }
        }
    }

    fn lex_text(&mut self) {
        if let Some(x) = find_left_delim(self.rest()) {
            if x > 0 {
                self.pos += x;
                let delim_end = self.pos + LEFT_DELIM.len();
                let trim = if has_left_trim_marker(&self.input[delim_end..]) {
                    right_trim_length(&self.input[self.start..self.pos])
                } else {
                    0
                };
                self.pos -= trim;
                self.line += count_newlines(&self.input[self.start..self.pos]);
                let item = self.this_item(ItemType::Text);
                self.pos += trim;
                self.ignore();
                self.state = State::LeftDelim;
                if !item.val.is_empty() {
                    self.pending = Some(item);
                }
                return;
            }
            self.state = State::LeftDelim;
            return;
        }
        self.pos = self.input.len();
        if self.pos > self.start {
            self.line += count_newlines(&self.input[self.start..self.pos]);
            self.emit(ItemType::Text);
        } else {
            self.emit(ItemType::Eof);
        }
        self.state = State::Done;
    }

    fn lex_left_delim(&mut self) {
        self.pos += LEFT_DELIM.len();
        let trim = has_left_trim_marker(self.rest());
        let after = if trim { TRIM_MARKER_LEN } else { 0 };
        if self.input[self.pos + after..].starts_with(LEFT_COMMENT) {
            self.pos += after;
            self.ignore();
            self.state = State::Comment;
            return;
        }
        let item = self.this_item(ItemType::LeftDelim);
        self.pos += after;
        self.ignore();
        self.paren_depth = 0;
        self.pending = Some(item);
        self.state = State::InsideAction;
    }

    fn lex_comment(&mut self) {
        self.pos += LEFT_COMMENT.len();
        let Some(x) = self.rest().find(RIGHT_COMMENT) else {
            return self.errorf("unclosed comment".into());
        };
        self.pos += x + RIGHT_COMMENT.len();
        let (delim, trim) = self.at_right_delim();
        if !delim {
            return self.errorf("comment ends before closing delimiter".into());
        }
        // Comments are dropped (Helm does not ask the parser to keep them).
        if trim {
            self.pos += TRIM_MARKER_LEN;
        }
        self.pos += RIGHT_DELIM.len();
        if trim {
            self.pos += left_trim_length(self.rest());
        }
        self.ignore();
        self.state = State::Text;
    }

    fn lex_right_delim(&mut self) {
        let (_, trim) = self.at_right_delim();
        if trim {
            self.pos += TRIM_MARKER_LEN;
            self.ignore();
        }
        self.pos += RIGHT_DELIM.len();
        let item = self.this_item(ItemType::RightDelim);
        if trim {
            self.pos += left_trim_length(self.rest());
            self.ignore();
        }
        self.pending = Some(item);
        self.state = State::Text;
    }

    fn lex_inside_action(&mut self) {
        let (delim, _) = self.at_right_delim();
        if delim {
            if self.paren_depth == 0 {
                self.state = State::RightDelim;
                return;
            }
            return self.errorf("unclosed left paren".into());
        }
        let r = self.next_char();
        match r {
            None => self.errorf("unclosed action".into()),
            Some(c) if is_space(c) => {
                self.backup(r);
                self.state = State::Space;
            }
            Some('=') => self.emit(ItemType::Assign),
            Some(':') => {
                if self.next_char() != Some('=') {
                    return self.errorf("expected :=".into());
                }
                self.emit(ItemType::Declare);
            }
            Some('|') => self.emit(ItemType::Pipe),
            Some('"') => self.state = State::Quote,
            Some('`') => self.state = State::RawQuote,
            Some('$') => self.state = State::Variable,
            Some('\'') => self.state = State::Char,
            Some('.') if self.peek().is_some_and(|c| !c.is_ascii_digit()) => {
                self.state = State::Field
            }
            Some(c) if c == '.' || c == '+' || c == '-' || c.is_ascii_digit() => {
                self.backup(r);
                self.state = State::Number;
            }
            Some(c) if is_alnum(c) => {
                self.backup(r);
                self.state = State::Identifier;
            }
            Some('(') => {
                self.paren_depth += 1;
                self.emit(ItemType::LeftParen);
            }
            Some(')') => {
                self.paren_depth -= 1;
                if self.paren_depth < 0 {
                    return self.errorf("unexpected right paren".into());
                }
                self.emit(ItemType::RightParen);
            }
            Some(c) if c.is_ascii() && !c.is_ascii_control() => self.emit(ItemType::Char),
            Some(c) => self.errorf(format!(
                "unrecognized character in action: {}",
                go_sharp_u(c)
            )),
        }
    }

    fn lex_space(&mut self) {
        let mut n = 0;
        while let Some(c) = self.peek() {
            if !is_space(c) {
                break;
            }
            self.next_char();
            n += 1;
        }
        // A trim-marked closing delimiter has a minus after a space.
        let before = &self.input[self.pos - 1..];
        if has_right_trim_marker(before) && before[TRIM_MARKER_LEN..].starts_with(RIGHT_DELIM) {
            let c = self.input[..self.pos].chars().next_back();
            self.backup(c);
            if n == 1 {
                self.state = State::InsideAction;
                return;
            }
        }
        self.emit(ItemType::Space);
        self.state = State::InsideAction;
    }

    fn lex_identifier(&mut self) {
        loop {
            let r = self.next_char();
            match r {
                Some(c) if is_alnum(c) => {}
                _ => {
                    self.backup(r);
                    let word = &self.input[self.start..self.pos];
                    if !self.at_terminator() {
                        let c = self.peek().unwrap_or('\u{0}');
                        return self.errorf(format!("bad character {}", go_sharp_u(c)));
                    }
                    let typ = match word {
                        "block" => ItemType::Block,
                        "break" if self.break_ok => ItemType::Break,
                        "continue" if self.continue_ok => ItemType::Continue,
                        "define" => ItemType::Define,
                        "else" => ItemType::Else,
                        "end" => ItemType::End,
                        "if" => ItemType::If,
                        "range" => ItemType::Range,
                        "nil" => ItemType::Nil,
                        "template" => ItemType::Template,
                        "with" => ItemType::With,
                        "true" | "false" => ItemType::Bool,
                        _ => ItemType::Identifier,
                    };
                    self.emit(typ);
                    self.state = State::InsideAction;
                    return;
                }
            }
        }
    }

    fn lex_field_or_variable(&mut self, typ: ItemType) {
        if self.at_terminator() {
            self.emit(if typ == ItemType::Variable {
                ItemType::Variable
            } else {
                ItemType::Dot
            });
            self.state = State::InsideAction;
            return;
        }
        loop {
            let r = self.next_char();
            match r {
                Some(c) if is_alnum(c) => {}
                _ => {
                    self.backup(r);
                    break;
                }
            }
        }
        if !self.at_terminator() {
            let c = self.peek().unwrap_or('\u{0}');
            return self.errorf(format!("bad character {}", go_sharp_u(c)));
        }
        self.emit(typ);
        self.state = State::InsideAction;
    }

    fn lex_char(&mut self) {
        loop {
            match self.next_char() {
                Some('\\') => match self.next_char() {
                    Some(c) if c != '\n' => {}
                    _ => return self.errorf("unterminated character constant".into()),
                },
                None | Some('\n') => return self.errorf("unterminated character constant".into()),
                Some('\'') => break,
                _ => {}
            }
        }
        self.emit(ItemType::CharConstant);
        self.state = State::InsideAction;
    }

    fn scan_number(&mut self) -> bool {
        self.accept("+-");
        let mut digits = "0123456789_";
        if self.accept("0") {
            if self.accept("xX") {
                digits = "0123456789abcdefABCDEF_";
            } else if self.accept("oO") {
                digits = "01234567_";
            } else if self.accept("bB") {
                digits = "01_";
            }
        }
        self.accept_run(digits);
        if self.accept(".") {
            self.accept_run(digits);
        }
        if digits.len() == 11 && self.accept("eE") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        if digits.len() == 23 && self.accept("pP") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        self.accept("i");
        if let Some(c) = self.peek() {
            if is_alnum(c) {
                self.next_char();
                return false;
            }
        }
        true
    }

    fn lex_number(&mut self) {
        if !self.scan_number() {
            let s = super::gostr::quote(&self.input[self.start..self.pos]);
            return self.errorf(format!("bad number syntax: {s}"));
        }
        if matches!(self.peek(), Some('+' | '-')) {
            if !self.scan_number() || !self.input[..self.pos].ends_with('i') {
                let s = super::gostr::quote(&self.input[self.start..self.pos]);
                return self.errorf(format!("bad number syntax: {s}"));
            }
            self.emit(ItemType::Complex);
        } else {
            self.emit(ItemType::Number);
        }
        self.state = State::InsideAction;
    }

    fn lex_quote(&mut self) {
        loop {
            match self.next_char() {
                Some('\\') => match self.next_char() {
                    Some(c) if c != '\n' => {}
                    _ => return self.errorf("unterminated quoted string".into()),
                },
                None | Some('\n') => return self.errorf("unterminated quoted string".into()),
                Some('"') => break,
                _ => {}
            }
        }
        self.emit(ItemType::String);
        self.state = State::InsideAction;
    }

    fn lex_raw_quote(&mut self) {
        loop {
            match self.next_char() {
                None => return self.errorf("unterminated raw quoted string".into()),
                Some('`') => break,
                _ => {}
            }
        }
        self.emit(ItemType::RawString);
        self.state = State::InsideAction;
    }
}

/// Line breaks in `s` (a plain byte count vectorises; a char pattern search does not).
#[inline]
fn count_newlines(s: &str) -> u32 {
    s.bytes().filter(|&b| b == b'\n').count() as u32
}

/// Where `{{` starts in `s` (a byte scan for `{` beats a substring search here).
#[inline]
fn find_left_delim(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(j) = b[i..].iter().position(|&c| c == b'{') {
        let at = i + j;
        if b.get(at + 1) == Some(&b'{') {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// Go's `%#U`: `U+0041 'A'` (the quoted char only when printable).
pub fn go_sharp_u(c: char) -> String {
    let code = c as u32;
    let hex = if code <= 0xFFFF {
        format!("U+{code:04X}")
    } else {
        format!("U+{code:X}")
    };
    if super::gostr::is_print(c) {
        format!("{hex} '{c}'")
    } else {
        hex
    }
}

/// All items of `input` up to and including `Eof` or the first `Error` (for tests and tools).
pub fn lex_all(input: &str) -> Vec<Item<'_>> {
    let mut l = Lexer::new(input);
    let mut out = Vec::new();
    loop {
        let it = l.next_item();
        let stop = matches!(it.typ, ItemType::Eof | ItemType::Error);
        out.push(it);
        if stop {
            return out;
        }
    }
}
