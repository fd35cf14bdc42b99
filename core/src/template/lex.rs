//! The lexer, after Go's `text/template/parse/lex.go`: turns template text into items.
//! Trim markers (`{{-`, `-}}`) are resolved here, as in Go.
//!
//! The whole text is lexed in one loop whose position stands for Go's state, and the input
//! is read as bytes (every delimiter and operator is ASCII), decoding a char only where
//! Go's rules depend on Unicode classes.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// Byte offset into the template text.
pub type Pos = u32;

/// The kind of a lexed item (Go's `itemType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ItemType {
    /// An error; its message is [`Lexer::error`].
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
    /// `.Field`, or several that touch (`.Values.image.tag`) as one item: the parser
    /// joins Go's one-name items into one chain anyway, and a third of all items were
    /// names of chains. [`Item::describe`] names only the first, as Go's item would.
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
    /// A run of spaces: read, never pushed (it marks the next item [`Item::spaced`]).
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

/// One lexed item: where its text lies in the input rather than the text itself, so an
/// item is 16 bytes and travels between lexer and parser in registers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Item {
    /// Its kind.
    pub typ: ItemType,
    /// Byte offset of its start.
    pub pos: Pos,
    /// Byte length of its text (0 for `Error`: the lexer keeps the message).
    pub len: u32,
    /// 1-based line of its start.
    pub line: u32,
    /// White space came before it inside its action. Go's lexer makes that space an item
    /// of its own; a third of all items were those, which the parser then stepped over.
    pub spaced: bool,
}

impl Item {
    /// Its text, given the input it was lexed from.
    #[inline]
    pub fn val<'t>(&self, input: &'t str) -> &'t str {
        &input[self.pos as usize..][..self.len as usize]
    }

    /// Go's `item.String()`, used in parse error messages (not for `Error` items).
    pub fn describe(&self, input: &str) -> String {
        let mut val = self.val(input);
        if self.typ == ItemType::Field {
            // Go's item is the chain's first name only.
            if let Some(i) = val.bytes().skip(1).position(|c| c == b'.') {
                val = &val[..i + 1];
            }
        }
        match self.typ {
            ItemType::Eof => "EOF".into(),
            t if t > ItemType::Keyword => format!("<{val}>"),
            _ => {
                if val.chars().count() > 10 {
                    let head: String = val.chars().take(10).collect();
                    format!("{}...", super::gostr::quote(&head))
                } else {
                    super::gostr::quote(val)
                }
            }
        }
    }
}

const LEFT_DELIM: &[u8] = b"{{";
const RIGHT_DELIM: &[u8] = b"}}";
const LEFT_COMMENT: &[u8] = b"/*";
const RIGHT_COMMENT: &[u8] = b"*/";
/// Length of a trim marker: `-` and one white-space byte.
pub(super) const TRIM_MARKER_LEN: usize = 2;

#[inline]
fn is_space_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_alnum(c: char) -> bool {
    c == '_' || c.is_alphabetic() || c.is_numeric()
}

/// Whether `b` (just past a left delimiter) starts with a trim marker.
pub(super) fn has_left_trim_marker(b: &[u8]) -> bool {
    b.len() >= 2 && b[0] == b'-' && is_space_byte(b[1])
}

/// Whether `b` starts with a right delimiter, and whether that one has a trim marker.
#[inline]
fn right_delim_at(b: &[u8]) -> (bool, bool) {
    match b {
        [b'}', b'}', ..] => (true, false),
        [s, b'-', b'}', b'}', ..] if is_space_byte(*s) => (true, true),
        _ => (false, false),
    }
}

/// The items of a whole template text, as [`lex`] returns them.
pub struct Lexed {
    /// Every item in order, ending with `Eof` (which follows the `Error` item on failure).
    pub items: Vec<Item>,
    /// The message of the `Error` item, if there is one.
    pub error: String,
    /// What it was lexed from: the text's length and the keyword switches, so that items
    /// lexed ahead (by a host, on another thread) are used only for what they fit.
    made_for: (usize, bool, bool),
}

impl Lexed {
    /// Whether these are the items of `text` lexed with these keyword switches (a check
    /// of its length and the switches: hosts hand back what they lexed of that text).
    pub fn fits(&self, text: &str, break_ok: bool, continue_ok: bool) -> bool {
        self.made_for == (text.len(), break_ok, continue_ok)
    }
}

/// Lexes all of `input` at once. Go's parser pulls items one at a time, but nothing the
/// parser does feeds back into the lexer, so lexing ahead yields the same items, and the
/// lexer's states become places in one loop instead of a dispatch per item.
/// `break_ok`/`continue_ok`: whether `break`/`continue` are keywords (true unless
/// functions of those names exist).
pub fn lex(input: &str, break_ok: bool, continue_ok: bool) -> Lexed {
    lex_with_room(input, break_ok, continue_ok, input.len() / 4 + 8)
}

/// [`lex`] with room for about as many items as the text will have: four per `{` (an
/// action has two, and about five items), never more than one per four bytes. It costs a
/// pass over the text, which pays where many texts' items are kept at once (lexed ahead):
/// room by length alone is megabytes for a text-heavy file such as a CRD.
pub fn lex_snug(input: &str, break_ok: bool, continue_ok: bool) -> Lexed {
    let braces = crate::words::count_byte(input.as_bytes(), b'{');
    lex_with_room(
        input,
        break_ok,
        continue_ok,
        (braces * 4).min(input.len() / 4) + 8,
    )
}

fn lex_with_room(input: &str, break_ok: bool, continue_ok: bool, room: usize) -> Lexed {
    let mut lx = Lexer {
        input,
        pos: 0,
        start: 0,
        line: 1,
        start_line: 1,
        paren_depth: 0,
        error: String::new(),
        break_ok,
        continue_ok,
        // Typical templates have about one item per six bytes; the text-heavy ones fewer.
        items: Vec::with_capacity(room),
        spaced: false,
    };
    lx.run();
    Lexed {
        items: lx.items,
        error: lx.error,
        made_for: (input.len(), break_ok, continue_ok),
    }
}

struct Lexer<'a> {
    input: &'a str,
    pos: usize,
    start: usize,
    line: u32,
    start_line: u32,
    paren_depth: i32,
    error: String,
    break_ok: bool,
    continue_ok: bool,
    items: Vec<Item>,
    /// White space was read since the last item pushed inside the current action.
    spaced: bool,
}

impl<'a> Lexer<'a> {
    #[inline]
    fn bytes(&self) -> &'a [u8] {
        self.input.as_bytes()
    }

    #[inline]
    fn byte(&self, i: usize) -> Option<u8> {
        self.bytes().get(i).copied()
    }

    fn rest(&self) -> &'a str {
        &self.input[self.pos..]
    }

    fn next_char(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    #[inline]
    fn peek(&self) -> Option<char> {
        let b = self.byte(self.pos)?;
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

    #[inline]
    fn this_item(&mut self, typ: ItemType) -> Item {
        let item = Item {
            typ,
            pos: self.start as Pos,
            len: (self.pos - self.start) as u32,
            line: self.start_line,
            spaced: false,
        };
        self.start = self.pos;
        self.start_line = self.line;
        item
    }

    #[inline]
    fn ignore(&mut self) {
        self.line += count_newlines(&self.bytes()[self.start..self.pos]);
        self.start = self.pos;
        self.start_line = self.line;
    }

    #[cold]
    fn errorf(&mut self, msg: String) -> Item {
        let item = Item {
            typ: ItemType::Error,
            pos: self.start as Pos,
            len: 0,
            line: self.start_line,
            spaced: false,
        };
        self.error = msg;
        self.start = 0;
        self.pos = 0;
        self.input = "";
        item
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

    #[inline]
    fn at_terminator(&self) -> bool {
        match self.byte(self.pos) {
            None => true,
            Some(b' ' | b'\t' | b'\r' | b'\n' | b'.' | b',' | b'|' | b':' | b')' | b'(') => true,
            Some(_) => self.bytes()[self.pos..].starts_with(RIGHT_DELIM),
        }
    }

    /// Text and actions up to the end of the input or the first error.
    fn run(&mut self) {
        loop {
            if !self.lex_text() {
                return;
            }
            match self.left_delim() {
                // A comment, now skipped: more text follows.
                None => continue,
                Some(item) => {
                    self.items.push(item);
                    if item.typ == ItemType::Error {
                        return self.push_eof();
                    }
                }
            }
            if !self.lex_action() {
                return self.push_eof();
            }
        }
    }

    /// The items of one action through its right delimiter (false after an `Error`). The
    /// common items (words, fields, variables, single spaces, plain integers, strings,
    /// pipes, an untrimmed `}}`) are taken here in one step each; anything else, and
    /// anything unusual after them, goes through Go's general path in `lex_inside_action`.
    fn lex_action(&mut self) -> bool {
        let b = self.bytes();
        'items: loop {
            debug_assert_eq!(self.start, self.pos);
            let p = self.pos;
            let c = b.get(p).copied().unwrap_or(0);
            let fast = 'fast: {
                Some(match c {
                    b'.' if b.get(p + 1).is_some_and(|&n| WORD_START[n as usize]) => {
                        let mut q = scan_word(b, p + 2);
                        if !simple_end(b, q) {
                            break 'fast None;
                        }
                        // The rest of a chain (`.Values.image.tag`) joins this item: Go's
                        // lexer makes an item of each name, which the parser only joins
                        // again (see `ItemType::Field`).
                        while b.get(q) == Some(&b'.')
                            && b.get(q + 1).is_some_and(|&n| WORD_START[n as usize])
                        {
                            let r = scan_word(b, q + 2);
                            if !simple_end(b, r) {
                                break;
                            }
                            q = r;
                        }
                        (ItemType::Field, q)
                    }
                    b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                        let q = scan_word(b, p + 1);
                        if !simple_end(b, q) {
                            break 'fast None;
                        }
                        let typ = match keyword(&b[p..q]) {
                            Some(ItemType::Break) if !self.break_ok => ItemType::Identifier,
                            Some(ItemType::Continue) if !self.continue_ok => ItemType::Identifier,
                            Some(t) => t,
                            None => ItemType::Identifier,
                        };
                        (typ, q)
                    }
                    b'$' => {
                        let q = scan_word(b, p + 1);
                        if !simple_end(b, q) {
                            break 'fast None;
                        }
                        (ItemType::Variable, q)
                    }
                    b' ' | b'\t' | b'\r' | b'\n' => {
                        let mut q = p + 1;
                        let mut nl = u32::from(c == b'\n');
                        while let Some(&s) = b.get(q) {
                            if !is_space_byte(s) {
                                break;
                            }
                            nl += u32::from(s == b'\n');
                            q += 1;
                        }
                        // Space before a trim-marked right delimiter belongs to the delimiter.
                        if b[q..].starts_with(b"-}}") {
                            break 'fast None;
                        }
                        // Not an item: it marks the next one (see `push_in_action`).
                        self.pos = q;
                        self.start = q;
                        self.line += nl;
                        self.start_line = self.line;
                        self.spaced = true;
                        continue 'items;
                    }
                    b'0'..=b'9' => {
                        let q =
                            p + 1 + b[p + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
                        // Only an integer that ends in one of these is certain to be a plain
                        // decimal number; Go's number scanning sorts out everything else.
                        match b.get(q) {
                            None
                            | Some(b' ' | b'\t' | b'\r' | b'\n' | b')' | b'}' | b'|' | b',') => {
                                (ItemType::Number, q)
                            }
                            Some(_) => break 'fast None,
                        }
                    }
                    b'"' => {
                        self.pos += 1;
                        let item = self.lex_quote();
                        self.push_in_action(item);
                        if item.typ == ItemType::Error {
                            return false;
                        }
                        continue 'items;
                    }
                    b'|' => (ItemType::Pipe, p + 1),
                    b'}' if self.paren_depth == 0 && b.get(p + 1) == Some(&b'}') => {
                        let item = self.item_to(ItemType::RightDelim, p + 2);
                        self.push_in_action(item);
                        return true;
                    }
                    _ => break 'fast None,
                })
            };
            if let Some((typ, end)) = fast {
                let mut item = self.item_to(typ, end);
                item.spaced = core::mem::take(&mut self.spaced);
                self.items.push(item);
                continue 'items;
            }
            let item = self.lex_inside_action();
            self.push_in_action(item);
            match item.typ {
                ItemType::RightDelim => return true,
                ItemType::Error => return false,
                _ => {}
            }
        }
    }

    /// Pushes an item read inside an action. White space is not pushed: the item after it
    /// is marked `spaced` instead, which is all the parser needs of it.
    #[inline]
    fn push_in_action(&mut self, mut item: Item) {
        if item.typ == ItemType::Space {
            self.spaced = true;
            return;
        }
        item.spaced = core::mem::take(&mut self.spaced);
        self.items.push(item);
    }

    /// The item from `start` to `end` on the current line, which then starts the next one.
    #[inline]
    fn item_to(&mut self, typ: ItemType, end: usize) -> Item {
        let item = Item {
            typ,
            pos: self.start as Pos,
            len: (end - self.start) as u32,
            line: self.start_line,
            spaced: false,
        };
        self.pos = end;
        self.start = end;
        item
    }

    /// The `Eof` Go's lexer goes on returning after an error (its input then empty).
    #[cold]
    fn push_eof(&mut self) {
        self.items.push(Item {
            typ: ItemType::Eof,
            pos: 0,
            len: 0,
            line: self.line,
            spaced: false,
        });
    }

    /// Text up to the next action (false when the input ends first, `Eof` pushed).
    fn lex_text(&mut self) -> bool {
        // Every state that leads here has just dropped what it read, so text starts at pos.
        debug_assert_eq!(self.start, self.pos);
        let b = self.bytes();
        let (x, nl) = scan_text(&b[self.pos..]);
        if self.pos + x == b.len() {
            self.pos = b.len();
            self.line += nl;
            if self.pos > self.start {
                let item = self.this_item(ItemType::Text);
                self.items.push(item);
            }
            let item = self.this_item(ItemType::Eof);
            self.items.push(item);
            return false;
        }
        if x > 0 {
            self.pos += x;
            let delim_end = self.pos + LEFT_DELIM.len();
            let trim = if has_left_trim_marker(&b[delim_end..]) {
                right_trim_length(&b[self.start..self.pos])
            } else {
                0
            };
            let text_end = self.pos - trim;
            // The text's own line breaks, then those of the trimmed space, as Go counts them.
            let item = Item {
                typ: ItemType::Text,
                pos: self.start as Pos,
                len: (text_end - self.start) as u32,
                line: self.start_line,
                spaced: false,
            };
            self.line += nl;
            self.start = self.pos;
            self.start_line = self.line;
            if item.len > 0 {
                self.items.push(item);
            }
        }
        true
    }

    /// The left delimiter, or `None` when it opened a comment, now skipped.
    fn left_delim(&mut self) -> Option<Item> {
        self.pos += LEFT_DELIM.len();
        let b = self.bytes();
        let after = if has_left_trim_marker(&b[self.pos..]) {
            TRIM_MARKER_LEN
        } else {
            0
        };
        if b[self.pos + after..].starts_with(LEFT_COMMENT) {
            self.pos += after;
            self.ignore();
            return self.lex_comment();
        }
        let item = self.this_item(ItemType::LeftDelim);
        // The trim marker is dropped: a line break only if its space is one.
        self.pos += after;
        if after != 0 && b[self.pos - 1] == b'\n' {
            self.line += 1;
        }
        self.start = self.pos;
        self.start_line = self.line;
        self.paren_depth = 0;
        Some(item)
    }

    fn lex_comment(&mut self) -> Option<Item> {
        self.pos += LEFT_COMMENT.len();
        let b = self.bytes();
        // Comments run to whole paragraphs (library charts document every helper): their
        // end is found a word at a time by its `*`.
        let Some(end) = crate::words::find_pair(b, self.pos, b'*', b'/') else {
            return Some(self.errorf("unclosed comment".into()));
        };
        self.pos = end + RIGHT_COMMENT.len();
        let (delim, trim) = right_delim_at(&b[self.pos..]);
        if !delim {
            return Some(self.errorf("comment ends before closing delimiter".into()));
        }
        // Comments are dropped (Helm does not ask the parser to keep them).
        if trim {
            self.pos += TRIM_MARKER_LEN;
        }
        self.pos += RIGHT_DELIM.len();
        if trim {
            self.pos += left_trim_length(&b[self.pos..]);
        }
        self.ignore();
        None
    }

    fn lex_right_delim(&mut self) -> Item {
        let (_, trim) = right_delim_at(&self.bytes()[self.pos..]);
        if trim {
            self.pos += TRIM_MARKER_LEN;
            self.ignore();
        }
        self.pos += RIGHT_DELIM.len();
        let item = self.this_item(ItemType::RightDelim);
        if trim {
            self.pos += left_trim_length(&self.bytes()[self.pos..]);
            self.ignore();
        }
        item
    }

    fn lex_inside_action(&mut self) -> Item {
        let b = self.bytes();
        let (delim, _) = right_delim_at(&b[self.pos..]);
        if delim {
            if self.paren_depth == 0 {
                return self.lex_right_delim();
            }
            return self.errorf("unclosed left paren".into());
        }
        let Some(c) = self.byte(self.pos) else {
            return self.errorf("unclosed action".into());
        };
        match c {
            b' ' | b'\t' | b'\r' | b'\n' => return self.lex_space(),
            b'"' => {
                self.pos += 1;
                return self.lex_quote();
            }
            b'`' => {
                self.pos += 1;
                return self.lex_raw_quote();
            }
            b'\'' => {
                self.pos += 1;
                return self.lex_char();
            }
            b'$' => {
                self.pos += 1;
                if self.at_terminator() {
                    return self.this_item(ItemType::Variable);
                }
                return self.lex_field_or_variable(ItemType::Variable);
            }
            b'.' if self.byte(self.pos + 1).is_some_and(|n| !n.is_ascii_digit()) => {
                self.pos += 1;
                return self.lex_field_or_variable(ItemType::Field);
            }
            b'.' | b'+' | b'-' | b'0'..=b'9' => return self.lex_number(),
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => return self.lex_identifier(),
            _ => {}
        }
        let typ = match c {
            b'=' => ItemType::Assign,
            b':' => {
                self.pos += 1;
                if self.next_char() != Some('=') {
                    return self.errorf("expected :=".into());
                }
                return self.this_item(ItemType::Declare);
            }
            b'|' => ItemType::Pipe,
            b'(' => {
                self.paren_depth += 1;
                ItemType::LeftParen
            }
            b')' => {
                self.paren_depth -= 1;
                if self.paren_depth < 0 {
                    self.pos += 1;
                    return self.errorf("unexpected right paren".into());
                }
                ItemType::RightParen
            }
            0x80.. => {
                let ch = self.peek().unwrap_or('\u{0}');
                if is_alnum(ch) {
                    return self.lex_identifier();
                }
                self.pos += ch.len_utf8();
                let msg = format!("unrecognized character in action: {}", go_sharp_u(ch));
                return self.errorf(msg);
            }
            c if !c.is_ascii_control() => ItemType::Char,
            c => {
                self.pos += 1;
                let msg = format!(
                    "unrecognized character in action: {}",
                    go_sharp_u(c as char)
                );
                return self.errorf(msg);
            }
        };
        self.pos += 1;
        self.this_item(typ)
    }

    fn lex_space(&mut self) -> Item {
        let b = self.bytes();
        let mut p = self.pos;
        while p < b.len() && is_space_byte(b[p]) {
            if b[p] == b'\n' {
                self.line += 1;
            }
            p += 1;
        }
        let n = p - self.pos;
        self.pos = p;
        // A trim-marked closing delimiter has a minus after a space: leave that space.
        if let [b'-', b'}', b'}', ..] = b[p..] {
            self.pos -= 1;
            if b[self.pos] == b'\n' {
                self.line -= 1;
            }
            if n == 1 {
                return self.lex_inside_action();
            }
        }
        self.this_item(ItemType::Space)
    }

    /// Steps over a run of letters, digits and `_` (bytes while ASCII, chars after that).
    #[inline]
    fn scan_alnum(&mut self) {
        let b = self.bytes();
        let p = self.pos
            + b[self.pos..]
                .iter()
                .take_while(|&&c| ASCII_WORD[c as usize])
                .count();
        self.pos = p;
        if p < b.len() && b[p] >= 0x80 {
            loop {
                let r = self.next_char();
                if !r.is_some_and(is_alnum) {
                    self.backup(r);
                    break;
                }
            }
        }
    }

    #[cold]
    fn bad_character(&mut self) -> Item {
        let c = self.peek().unwrap_or('\u{0}');
        self.errorf(format!("bad character {}", go_sharp_u(c)))
    }

    fn lex_identifier(&mut self) -> Item {
        self.scan_alnum();
        if !self.at_terminator() {
            return self.bad_character();
        }
        let word = &self.bytes()[self.start..self.pos];
        let typ = match keyword(word) {
            Some(ItemType::Break) if !self.break_ok => ItemType::Identifier,
            Some(ItemType::Continue) if !self.continue_ok => ItemType::Identifier,
            Some(t) => t,
            None => ItemType::Identifier,
        };
        self.this_item(typ)
    }

    fn lex_field_or_variable(&mut self, typ: ItemType) -> Item {
        if self.at_terminator() {
            let typ = if typ == ItemType::Variable {
                ItemType::Variable
            } else {
                ItemType::Dot
            };
            return self.this_item(typ);
        }
        self.scan_alnum();
        if !self.at_terminator() {
            return self.bad_character();
        }
        self.this_item(typ)
    }

    /// Steps past the end of a `"…"` or `'…'` literal (the opening quote is read).
    fn scan_quoted(&mut self, quote: u8) -> bool {
        use crate::words::{splat, word_at, zero_bytes};
        let b = self.bytes();
        let mut p = self.pos;
        loop {
            // Eight bytes at a time up to the next quote, backslash or line break.
            while let Some(w) = word_at(b, p) {
                let hits = zero_bytes(w ^ splat(quote))
                    | zero_bytes(w ^ splat(b'\\'))
                    | zero_bytes(w ^ splat(b'\n'));
                if hits != 0 {
                    p += (hits.trailing_zeros() / 8) as usize;
                    break;
                }
                p += 8;
            }
            match b.get(p) {
                Some(b'\\') => match b.get(p + 1) {
                    // Escapes are ASCII, and no byte of a multi-byte char is special here.
                    Some(&c) if c != b'\n' => p += 2,
                    Some(_) => return self.unterminated(),
                    None => return false,
                },
                Some(b'\n') => return self.unterminated(),
                None => return false,
                Some(&c) if c == quote => {
                    self.pos = p + 1;
                    return true;
                }
                Some(_) => p += 1,
            }
        }
    }

    /// Go reads the line break that ends an unterminated literal, so its line counts.
    #[cold]
    fn unterminated(&mut self) -> bool {
        self.line += 1;
        false
    }

    fn lex_char(&mut self) -> Item {
        if !self.scan_quoted(b'\'') {
            return self.errorf("unterminated character constant".into());
        }
        self.this_item(ItemType::CharConstant)
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

    fn lex_number(&mut self) -> Item {
        if !self.scan_number() {
            let s = super::gostr::quote(&self.input[self.start..self.pos]);
            return self.errorf(format!("bad number syntax: {s}"));
        }
        if matches!(self.peek(), Some('+' | '-')) {
            if !self.scan_number() || !self.input[..self.pos].ends_with('i') {
                let s = super::gostr::quote(&self.input[self.start..self.pos]);
                return self.errorf(format!("bad number syntax: {s}"));
            }
            return self.this_item(ItemType::Complex);
        }
        self.this_item(ItemType::Number)
    }

    fn lex_quote(&mut self) -> Item {
        if !self.scan_quoted(b'"') {
            return self.errorf("unterminated quoted string".into());
        }
        self.this_item(ItemType::String)
    }

    fn lex_raw_quote(&mut self) -> Item {
        let b = self.bytes();
        let Some(x) = b[self.pos..].iter().position(|&c| c == b'`') else {
            self.line += count_newlines(&b[self.pos..]);
            return self.errorf("unterminated raw quoted string".into());
        };
        self.line += count_newlines(&b[self.pos..self.pos + x]);
        self.pos += x + 1;
        self.this_item(ItemType::RawString)
    }
}

/// ASCII letters, `_` and (with `digits`) digits, as a table: one load per byte beats three
/// range tests.
const fn word_table(digits: bool) -> [bool; 256] {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        t[c] = b.is_ascii_alphabetic() || b == b'_' || (digits && b.is_ascii_digit());
        c += 1;
    }
    t
}

/// ASCII letters, digits and `_`.
static ASCII_WORD: [bool; 256] = word_table(true);

/// Bytes that may start a field name (digits after a dot make a number).
static WORD_START: [bool; 256] = word_table(false);

/// The end of the run of ASCII letters, digits and `_` from `p`.
#[inline]
fn scan_word(b: &[u8], mut p: usize) -> usize {
    while p < b.len() && ASCII_WORD[b[p] as usize] {
        p += 1;
    }
    p
}

/// Whether a word that stops at `q` ends there as Go's lexer would end it: at the end of
/// the input or before an ASCII terminator. A non-ASCII char may continue the word, and
/// any other byte is an error; both are left to the general path.
#[inline]
fn simple_end(b: &[u8], q: usize) -> bool {
    match b.get(q) {
        None => true,
        Some(b' ' | b'\t' | b'\r' | b'\n' | b'.' | b',' | b'|' | b':' | b')' | b'(') => true,
        Some(b'}') => b.get(q + 1) == Some(&b'}'),
        Some(_) => false,
    }
}

/// The keyword `word` spells, if any (`break`/`continue` before the lexer's check).
#[inline(always)]
fn keyword(word: &[u8]) -> Option<ItemType> {
    Some(match word {
        b"if" => ItemType::If,
        b"end" => ItemType::End,
        b"nil" => ItemType::Nil,
        b"else" => ItemType::Else,
        b"with" => ItemType::With,
        b"true" | b"false" => ItemType::Bool,
        b"block" => ItemType::Block,
        b"break" => ItemType::Break,
        b"range" => ItemType::Range,
        b"define" => ItemType::Define,
        b"continue" => ItemType::Continue,
        b"template" => ItemType::Template,
        _ => return None,
    })
}

/// Line breaks in `b`.
#[inline]
fn count_newlines(b: &[u8]) -> u32 {
    crate::words::count_byte(b, b'\n') as u32
}

fn right_trim_length(b: &[u8]) -> usize {
    b.iter().rev().take_while(|&&c| is_space_byte(c)).count()
}

fn left_trim_length(b: &[u8]) -> usize {
    b.iter().take_while(|&&c| is_space_byte(c)).count()
}

/// Where `{{` starts in `b` (`b.len()` if nowhere) and the line breaks before it: one pass,
/// a block of bytes at a time (the block loop vectorises), since most template bytes are
/// plain text; a block holding a `{` is searched for the pair a word at a time.
#[inline]
fn scan_text(b: &[u8]) -> (usize, u32) {
    const BLOCK: usize = 32;
    let mut nl = 0u32;
    let mut i = 0;
    while let Some(block) = b.get(i..i + BLOCK) {
        let mut braces = 0u8;
        let mut breaks = 0u8;
        for &c in block {
            braces |= (c == b'{') as u8;
            breaks += (c == b'\n') as u8;
        }
        if braces != 0 {
            // A pair starting in this block (its second `{` may be the next block's first).
            let upto = b.len().min(i + BLOCK + 1);
            if let Some(j) = crate::words::find_pair(&b[..upto], i, b'{', b'{') {
                return (j, nl + count_newlines(&b[i..j]));
            }
        }
        nl += breaks as u32;
        i += BLOCK;
    }
    match crate::words::find_pair(b, i, b'{', b'{') {
        Some(j) => (j, nl + count_newlines(&b[i..j])),
        None => (b.len(), nl + count_newlines(&b[i..])),
    }
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
