//! The YAML emitter: events to text, libyaml's emitter as go-yaml ports it.
//!
//! One state machine serves both writers; `v3` switches on yaml.v3's changes (regular
//! indentation with sequences indented under their key, tabs allowed in literal blocks,
//! no line folding). The encoders never use anchors, tags or non-empty flow collections,
//! so those parts of libyaml are left out. Output grows in one `String` (linear time).

use alloc::string::String;
use alloc::vec::Vec;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// One emitter event. Collection starts say whether the collection is empty: libyaml looks
/// ahead in its event queue for that; our encoders know it up front.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Event<'v> {
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    Scalar { value: &'v str, style: Style },
    SequenceStart { empty: bool },
    SequenceEnd,
    MappingStart { empty: bool },
    MappingEnd,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    StreamStart,
    FirstDocumentStart,
    DocumentStart,
    DocumentContent,
    DocumentEnd,
    FlowSequenceFirstItem,
    FlowSequenceItem,
    FlowMappingFirstKey,
    FlowMappingKey,
    FlowMappingSimpleValue,
    FlowMappingValue,
    BlockSequenceFirstItem,
    BlockSequenceItem,
    BlockMappingFirstKey,
    BlockMappingKey,
    BlockMappingSimpleValue,
    BlockMappingValue,
    End,
}

#[derive(Default)]
struct ScalarData {
    /// Byte length of the scalar being written (the value stays in its event).
    len: usize,
    multiline: bool,
    flow_plain_allowed: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
    style: Option<Style>,
}

pub(crate) struct Emitter {
    pub out: String,
    /// The tag of the next scalar (`!!binary`), written before it.
    tag: Option<&'static str>,
    v3: bool,
    best_indent: isize,
    best_width: usize,
    state: State,
    states: Vec<State>,
    indent: isize,
    indents: Vec<isize>,
    flow_level: usize,
    root_context: bool,
    sequence_context: bool,
    mapping_context: bool,
    simple_key_context: bool,
    line: usize,
    column: usize,
    whitespace: bool,
    indention: bool,
    open_ended: bool,
    scalar: ScalarData,
}

fn width(b: u8) -> usize {
    if b & 0x80 == 0 {
        1
    } else if b & 0xE0 == 0xC0 {
        2
    } else if b & 0xF0 == 0xE0 {
        3
    } else if b & 0xF8 == 0xF0 {
        4
    } else {
        1
    }
}

#[inline]
fn at(s: &[u8], i: usize) -> u8 {
    s.get(i).copied().unwrap_or(0)
}
#[inline]
fn is_space(s: &[u8], i: usize) -> bool {
    at(s, i) == b' '
}
#[inline]
fn is_blank(s: &[u8], i: usize) -> bool {
    matches!(at(s, i), b' ' | b'\t')
}
#[inline]
fn is_break(s: &[u8], i: usize) -> bool {
    let b = at(s, i);
    b == b'\r'
        || b == b'\n'
        || (b == 0xC2 && at(s, i + 1) == 0x85)
        || (b == 0xE2 && at(s, i + 1) == 0x80 && (at(s, i + 2) == 0xA8 || at(s, i + 2) == 0xA9))
}
#[inline]
fn is_blankz(s: &[u8], i: usize) -> bool {
    is_blank(s, i) || is_break(s, i) || at(s, i) == 0
}
/// libyaml's `is_printable`: note that 4-byte characters (beyond U+FFFF) are not.
#[inline]
fn is_printable(s: &[u8], i: usize) -> bool {
    let b = at(s, i);
    if b < 0x80 {
        return b == 0x0A || (0x20..=0x7E).contains(&b);
    }
    let b1 = at(s, i + 1);
    let b2 = at(s, i + 2);
    (b == 0xC2 && b1 >= 0xA0)
        || (b > 0xC2 && b < 0xED)
        || (b == 0xED && b1 < 0xA0)
        || b == 0xEE
        || (b == 0xEF && !(b1 == 0xBB && b2 == 0xBF) && !(b1 == 0xBF && (b2 == 0xBE || b2 == 0xBF)))
}
/// go-yaml's `is_bom` looks at the start of the value whatever the index.
fn starts_with_bom(s: &[u8]) -> bool {
    s.starts_with(b"\xEF\xBB\xBF")
}

/// Stop tables for `run_end`: every byte from 0x80, and the ASCII a writer must look at.
const fn write_stops(ascii: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut c = 0x80;
    while c < 256 {
        t[c] = true;
        c += 1;
    }
    let mut k = 0;
    while k < ascii.len() {
        t[ascii[k] as usize] = true;
        k += 1;
    }
    t
}
static PLAIN_STOP: [bool; 256] = write_stops(b" \n\r");
static SINGLE_STOP: [bool; 256] = write_stops(b" \n\r'");
static LITERAL_STOP: [bool; 256] = write_stops(b"\n\r");

/// Printable ASCII characters with no indicator meaning after a scalar's first character.
static ANALYZE_ORDINARY: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0x21;
    while c < 0x7F {
        t[c] = !matches!(
            c as u8,
            b',' | b'?' | b'[' | b']' | b'{' | b'}' | b':' | b'#'
        );
        c += 1;
    }
    t
};

const SPACES: &str = "                                                                ";

impl Emitter {
    /// A v2 emitter (`best_width` 80) or a v3 one (no folding); both indent by 2.
    pub fn new(v3: bool) -> Emitter {
        Emitter {
            out: String::new(),
            tag: None,
            v3,
            best_indent: 2,
            best_width: if v3 { (1usize << 31) - 1 } else { 80 },
            state: State::StreamStart,
            states: Vec::new(),
            indent: -1,
            indents: Vec::new(),
            flow_level: 0,
            root_context: false,
            sequence_context: false,
            mapping_context: false,
            simple_key_context: false,
            line: 0,
            column: 0,
            whitespace: true,
            indention: true,
            open_ended: false,
            scalar: ScalarData::default(),
        }
    }

    /// Gives the next scalar an explicit tag (yaml.v3 tags strings that are not UTF-8
    /// `!!binary`).
    pub fn tag_next(&mut self, tag: &'static str) {
        self.tag = Some(tag);
    }

    /// `yaml_emitter_emit`. libyaml queues events until it has seen enough of what follows
    /// (whether a collection is empty); the events carry that, so each one runs at once.
    pub fn emit(&mut self, ev: Event<'_>) {
        if let Event::StreamEnd = ev {
            self.open_ended = false;
        }
        self.analyze_event(&ev);
        self.state_machine(&ev);
    }

    // ----- Output primitives -----

    #[inline]
    fn put(&mut self, c: u8) {
        self.out.push(c as char);
        self.column += 1;
    }

    #[inline]
    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
        self.line += 1;
        if self.v3 {
            self.indention = true;
        }
    }

    /// Writes the character at `value[*i]`, advancing `i`.
    #[inline]
    fn write(&mut self, value: &str, i: &mut usize) {
        let s = value.as_bytes();
        if s[*i] < 0x80 {
            self.out.push(s[*i] as char);
            self.column += 1;
            *i += 1;
            return;
        }
        let w = width(s[*i]).min(s.len() - *i);
        if let Some(t) = value.get(*i..*i + w) {
            self.out.push_str(t);
        }
        self.column += 1;
        *i += w;
    }

    /// Writes `value[a..b]`, a run of `chars` whole characters, one column each.
    #[inline]
    fn write_run(&mut self, value: &str, a: usize, b: usize, chars: usize) {
        if let Some(t) = value.get(a..b) {
            self.out.push_str(t);
            self.column += chars;
        }
    }

    fn write_all(&mut self, s: &str) {
        self.out.push_str(s);
        self.column += s.chars().count();
    }

    fn write_break(&mut self, value: &str, i: &mut usize) {
        if value.as_bytes()[*i] == b'\n' {
            self.put_break();
            *i += 1;
        } else {
            self.write(value, i);
            self.column = 0;
            self.line += 1;
            if self.v3 {
                self.indention = true;
            }
        }
    }

    fn write_indent(&mut self) {
        let indent = self.indent.max(0) as usize;
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            let n = (indent - self.column).min(SPACES.len());
            self.out.push_str(&SPACES[..n]);
            self.column += n;
        }
        self.whitespace = true;
        if !self.v3 {
            self.indention = true;
        }
    }

    fn write_indicator(
        &mut self,
        indicator: &str,
        need_whitespace: bool,
        is_whitespace: bool,
        is_indention: bool,
    ) {
        if need_whitespace && !self.whitespace {
            self.put(b' ');
        }
        self.write_all(indicator);
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
        self.open_ended = false;
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { self.best_indent } else { 0 };
        } else if !indentless {
            if self.v3 {
                if self.states.last() == Some(&State::BlockSequenceItem) {
                    self.indent += 2;
                } else {
                    self.indent =
                        self.best_indent * ((self.indent + self.best_indent) / self.best_indent);
                }
            } else {
                self.indent += self.best_indent;
            }
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    fn pop_state(&mut self) {
        self.state = self.states.pop().unwrap_or(State::End);
    }

    // ----- The state machine -----

    fn state_machine(&mut self, ev: &Event<'_>) {
        match self.state {
            State::StreamStart => self.emit_stream_start(),
            State::FirstDocumentStart => self.emit_document_start(ev, true),
            State::DocumentStart => self.emit_document_start(ev, false),
            State::DocumentContent => {
                self.states.push(State::DocumentEnd);
                self.emit_node(ev, true, false, false, false);
            }
            State::DocumentEnd => self.emit_document_end(),
            State::FlowSequenceFirstItem => self.emit_flow_sequence_item(ev, true),
            State::FlowSequenceItem => self.emit_flow_sequence_item(ev, false),
            State::FlowMappingFirstKey => self.emit_flow_mapping_key(ev, true),
            State::FlowMappingKey => self.emit_flow_mapping_key(ev, false),
            State::FlowMappingSimpleValue => self.emit_flow_mapping_value(ev, true),
            State::FlowMappingValue => self.emit_flow_mapping_value(ev, false),
            State::BlockSequenceFirstItem => self.emit_block_sequence_item(ev, true),
            State::BlockSequenceItem => self.emit_block_sequence_item(ev, false),
            State::BlockMappingFirstKey => self.emit_block_mapping_key(ev, true),
            State::BlockMappingKey => self.emit_block_mapping_key(ev, false),
            State::BlockMappingSimpleValue => self.emit_block_mapping_value(ev, true),
            State::BlockMappingValue => self.emit_block_mapping_value(ev, false),
            State::End => {}
        }
    }

    fn emit_stream_start(&mut self) {
        self.indent = -1;
        self.line = 0;
        self.column = 0;
        self.whitespace = true;
        self.indention = true;
        self.state = State::FirstDocumentStart;
    }

    fn emit_document_start(&mut self, ev: &Event<'_>, first: bool) {
        match ev {
            Event::DocumentStart => {
                if !first {
                    self.write_indent();
                    self.write_indicator("---", true, false, false);
                    if self.v3 {
                        self.write_indent();
                    }
                }
                self.state = State::DocumentContent;
            }
            Event::StreamEnd => {
                if self.open_ended {
                    self.write_indicator("...", true, false, false);
                    self.write_indent();
                }
                self.state = State::End;
            }
            _ => {}
        }
    }

    fn emit_document_end(&mut self) {
        self.write_indent();
        self.state = State::DocumentStart;
    }

    fn emit_flow_sequence_item(&mut self, ev: &Event<'_>, first: bool) {
        if first {
            self.write_indicator("[", true, true, false);
            self.increase_indent(true, false);
            self.flow_level += 1;
        }
        if let Event::SequenceEnd = ev {
            self.flow_level -= 1;
            self.pop_indent();
            self.write_indicator("]", false, false, false);
            self.pop_state();
            return;
        }
        if !first {
            self.write_indicator(",", false, false, false);
        }
        if self.column > self.best_width {
            self.write_indent();
        }
        self.states.push(State::FlowSequenceItem);
        self.emit_node(ev, false, true, false, false);
    }

    fn emit_flow_mapping_key(&mut self, ev: &Event<'_>, first: bool) {
        if first {
            self.write_indicator("{", true, true, false);
            self.increase_indent(true, false);
            self.flow_level += 1;
        }
        if let Event::MappingEnd = ev {
            self.flow_level -= 1;
            self.pop_indent();
            self.write_indicator("}", false, false, false);
            self.pop_state();
            return;
        }
        if !first {
            self.write_indicator(",", false, false, false);
        }
        if self.column > self.best_width {
            self.write_indent();
        }
        if self.check_simple_key(ev) {
            self.states.push(State::FlowMappingSimpleValue);
            self.emit_node(ev, false, false, true, true);
        } else {
            self.write_indicator("?", true, false, false);
            self.states.push(State::FlowMappingValue);
            self.emit_node(ev, false, false, true, false);
        }
    }

    fn emit_flow_mapping_value(&mut self, ev: &Event<'_>, simple: bool) {
        if simple {
            self.write_indicator(":", false, false, false);
        } else {
            if self.column > self.best_width {
                self.write_indent();
            }
            self.write_indicator(":", true, false, false);
        }
        self.states.push(State::FlowMappingKey);
        self.emit_node(ev, false, false, true, false);
    }

    fn emit_block_sequence_item(&mut self, ev: &Event<'_>, first: bool) {
        if first {
            // v2 writes a sequence inside a mapping at the key's indentation; v3 (without
            // compact sequences) indents it.
            let indentless = !self.v3 && self.mapping_context && !self.indention;
            self.increase_indent(false, indentless);
        }
        if let Event::SequenceEnd = ev {
            self.pop_indent();
            self.pop_state();
            return;
        }
        self.write_indent();
        self.write_indicator("-", true, false, true);
        self.states.push(State::BlockSequenceItem);
        self.emit_node(ev, false, true, false, false);
    }

    fn emit_block_mapping_key(&mut self, ev: &Event<'_>, first: bool) {
        if first {
            self.increase_indent(false, false);
        }
        if let Event::MappingEnd = ev {
            self.pop_indent();
            self.pop_state();
            return;
        }
        self.write_indent();
        if self.check_simple_key(ev) {
            self.states.push(State::BlockMappingSimpleValue);
            self.emit_node(ev, false, false, true, true);
        } else {
            self.write_indicator("?", true, false, true);
            self.states.push(State::BlockMappingValue);
            self.emit_node(ev, false, false, true, false);
        }
    }

    fn emit_block_mapping_value(&mut self, ev: &Event<'_>, simple: bool) {
        if simple {
            self.write_indicator(":", false, false, false);
        } else {
            self.write_indent();
            self.write_indicator(":", true, false, true);
        }
        self.states.push(State::BlockMappingKey);
        self.emit_node(ev, false, false, true, false);
    }

    fn emit_node(
        &mut self,
        ev: &Event<'_>,
        root: bool,
        sequence: bool,
        mapping: bool,
        simple_key: bool,
    ) {
        self.root_context = root;
        self.sequence_context = sequence;
        self.mapping_context = mapping;
        self.simple_key_context = simple_key;
        match ev {
            Event::Scalar { style, value } => self.emit_scalar(*style, value),
            Event::SequenceStart { .. } => {
                self.state = if self.flow_level > 0 || self.check_empty_sequence(ev) {
                    State::FlowSequenceFirstItem
                } else {
                    State::BlockSequenceFirstItem
                };
            }
            Event::MappingStart { .. } => {
                self.state = if self.flow_level > 0 || self.check_empty_mapping(ev) {
                    State::FlowMappingFirstKey
                } else {
                    State::BlockMappingFirstKey
                };
            }
            _ => {}
        }
    }

    fn emit_scalar(&mut self, style: Style, value: &str) {
        self.select_scalar_style(style);
        if let Some(tag) = self.tag.take() {
            // `yaml_emitter_process_tag`: a tag handle, then the scalar after a space.
            self.write_indicator(tag, true, false, false);
        }
        self.increase_indent(true, false);
        self.process_scalar(value);
        self.pop_indent();
        self.pop_state();
    }

    fn check_empty_sequence(&self, ev: &Event<'_>) -> bool {
        matches!(ev, Event::SequenceStart { empty: true })
    }

    fn check_empty_mapping(&self, ev: &Event<'_>) -> bool {
        matches!(ev, Event::MappingStart { empty: true })
    }

    fn check_simple_key(&self, ev: &Event<'_>) -> bool {
        match ev {
            Event::Scalar { .. } => !self.scalar.multiline && self.scalar.len <= 128,
            Event::SequenceStart { .. } => self.check_empty_sequence(ev),
            Event::MappingStart { .. } => self.check_empty_mapping(ev),
            _ => false,
        }
    }

    fn select_scalar_style(&mut self, requested: Style) {
        let mut style = requested;
        if self.simple_key_context && self.scalar.multiline {
            style = Style::DoubleQuoted;
        }
        if style == Style::Plain {
            if (self.flow_level > 0 && !self.scalar.flow_plain_allowed)
                || (self.flow_level == 0 && !self.scalar.block_plain_allowed)
            {
                style = Style::SingleQuoted;
            }
            if self.scalar.len == 0 && (self.flow_level > 0 || self.simple_key_context) {
                style = Style::SingleQuoted;
            }
        }
        if style == Style::SingleQuoted && !self.scalar.single_quoted_allowed {
            style = Style::DoubleQuoted;
        }
        if (style == Style::Literal || style == Style::Folded)
            && (!self.scalar.block_allowed || self.flow_level > 0 || self.simple_key_context)
        {
            style = Style::DoubleQuoted;
        }
        self.scalar.style = Some(style);
    }

    fn process_scalar(&mut self, value: &str) {
        let allow_breaks = !self.simple_key_context;
        match self.scalar.style.unwrap_or(Style::Plain) {
            Style::Plain => self.write_plain_scalar(value, allow_breaks),
            Style::SingleQuoted => self.write_single_quoted_scalar(value, allow_breaks),
            Style::DoubleQuoted => self.write_double_quoted_scalar(value, allow_breaks),
            Style::Literal => self.write_literal_scalar(value),
            Style::Folded => self.write_folded_scalar(value),
        }
    }

    fn analyze_event(&mut self, ev: &Event<'_>) {
        self.scalar.len = 0;
        if let Event::Scalar { value, .. } = ev {
            self.analyze_scalar(value.as_bytes());
        }
    }

    fn analyze_scalar(&mut self, value: &[u8]) {
        let d = &mut self.scalar;
        d.len = value.len();
        if value.is_empty() {
            d.multiline = false;
            d.flow_plain_allowed = false;
            d.block_plain_allowed = true;
            d.single_quoted_allowed = true;
            d.block_allowed = false;
            return;
        }
        let mut block_indicators = false;
        let mut flow_indicators = false;
        let mut line_breaks = false;
        let mut special_characters = false;
        let mut tab_characters = false;
        let mut leading_space = false;
        let mut leading_break = false;
        let mut trailing_space = false;
        let mut trailing_break = false;
        let mut break_space = false;
        let mut space_break = false;
        let mut previous_space = false;
        let mut previous_break = false;
        if value.len() >= 3 && (value.starts_with(b"---") || value.starts_with(b"...")) {
            block_indicators = true;
            flow_indicators = true;
        }
        let mut preceded_by_whitespace = true;
        let n = value.len();
        let mut i = 0;
        while i < n {
            let c = value[i];
            if i > 0 {
                // Printable ASCII that is no indicator past the first character changes
                // nothing but the state around it; an inner space only marks itself.
                if ANALYZE_ORDINARY[c as usize] {
                    i += 1;
                    while i < n && ANALYZE_ORDINARY[value[i] as usize] {
                        i += 1;
                    }
                    previous_space = false;
                    previous_break = false;
                    preceded_by_whitespace = false;
                    continue;
                }
                if c == b' ' && i + 1 < n {
                    if previous_break {
                        break_space = true;
                    }
                    previous_space = true;
                    previous_break = false;
                    preceded_by_whitespace = true;
                    i += 1;
                    continue;
                }
            }
            let w = width(c);
            let followed_by_whitespace = i + w >= n || is_blank(value, i + w);
            if i == 0 {
                match c {
                    b'#' | b',' | b'[' | b']' | b'{' | b'}' | b'&' | b'*' | b'!' | b'|' | b'>'
                    | b'\'' | b'"' | b'%' | b'@' | b'`' => {
                        flow_indicators = true;
                        block_indicators = true;
                    }
                    b'?' | b':' => {
                        flow_indicators = true;
                        if followed_by_whitespace {
                            block_indicators = true;
                        }
                    }
                    b'-' if followed_by_whitespace => {
                        flow_indicators = true;
                        block_indicators = true;
                    }
                    _ => {}
                }
            } else {
                match c {
                    b',' | b'?' | b'[' | b']' | b'{' | b'}' => flow_indicators = true,
                    b':' => {
                        flow_indicators = true;
                        if followed_by_whitespace {
                            block_indicators = true;
                        }
                    }
                    b'#' if preceded_by_whitespace => {
                        flow_indicators = true;
                        block_indicators = true;
                    }
                    _ => {}
                }
            }
            if self.v3 && c == b'\t' {
                tab_characters = true;
            } else if !is_printable(value, i) {
                special_characters = true;
            }
            if c == b' ' {
                if i == 0 {
                    leading_space = true;
                }
                if i + w == n {
                    trailing_space = true;
                }
                if previous_break {
                    break_space = true;
                }
                previous_space = true;
                previous_break = false;
            } else if is_break(value, i) {
                line_breaks = true;
                if i == 0 {
                    leading_break = true;
                }
                if i + w == n {
                    trailing_break = true;
                }
                if previous_space {
                    space_break = true;
                }
                previous_space = false;
                previous_break = true;
            } else {
                previous_space = false;
                previous_break = false;
            }
            preceded_by_whitespace = is_blankz(value, i);
            i += w;
        }
        d.multiline = line_breaks;
        d.flow_plain_allowed = true;
        d.block_plain_allowed = true;
        d.single_quoted_allowed = true;
        d.block_allowed = true;
        if leading_space || leading_break || trailing_space || trailing_break {
            d.flow_plain_allowed = false;
            d.block_plain_allowed = false;
        }
        if trailing_space {
            d.block_allowed = false;
        }
        if break_space {
            d.flow_plain_allowed = false;
            d.block_plain_allowed = false;
            d.single_quoted_allowed = false;
        }
        if space_break || tab_characters || special_characters {
            d.flow_plain_allowed = false;
            d.block_plain_allowed = false;
            d.single_quoted_allowed = false;
        }
        if space_break || special_characters {
            d.block_allowed = false;
        }
        if line_breaks {
            d.flow_plain_allowed = false;
            d.block_plain_allowed = false;
        }
        if flow_indicators {
            d.flow_plain_allowed = false;
        }
        if block_indicators {
            d.block_plain_allowed = false;
        }
    }

    // ----- Scalar writers -----

    /// The run of characters from `i` (whose first one is taken whatever it is) that a
    /// writer treats one after another in the same way: up to a byte `stop` marks, or a
    /// lead byte of a possible line break. (end, characters).
    #[inline]
    fn run_end(s: &[u8], i: usize, stop: &[bool; 256]) -> (usize, usize) {
        let mut j = i + width(s[i]).min(s.len() - i);
        let mut chars = 1;
        loop {
            let ascii = j;
            while j < s.len() && !stop[s[j] as usize] {
                j += 1;
            }
            chars += j - ascii;
            // Every byte from 0x80 stops the loop above: take the characters that are not
            // line breaks on their own.
            match s.get(j) {
                Some(&b) if b >= 0x80 && b != 0xC2 && b != 0xE2 => {
                    j += width(b).min(s.len() - j);
                    chars += 1;
                }
                _ => return (j, chars),
            }
        }
    }

    fn write_plain_scalar(&mut self, value: &str, allow_breaks: bool) {
        let s = value.as_bytes();
        if (!self.v3 || !s.is_empty()) && !self.whitespace {
            self.put(b' ');
        }
        let mut spaces = false;
        let mut breaks = false;
        let mut i = 0;
        while i < s.len() {
            if s[i] == b' ' {
                if allow_breaks && !spaces && self.column > self.best_width && !is_space(s, i + 1) {
                    self.write_indent();
                    i += 1;
                } else {
                    self.put(b' ');
                    i += 1;
                }
                spaces = true;
            } else if is_break(s, i) {
                if !breaks && s[i] == b'\n' {
                    self.put_break();
                }
                self.write_break(value, &mut i);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                let (end, chars) = Self::run_end(s, i, &PLAIN_STOP);
                self.write_run(value, i, end, chars);
                i = end;
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        if !self.v3 || !s.is_empty() {
            self.whitespace = false;
        }
        self.indention = false;
        if self.root_context {
            self.open_ended = true;
        }
    }

    fn write_single_quoted_scalar(&mut self, value: &str, allow_breaks: bool) {
        let s = value.as_bytes();
        self.write_indicator("'", true, false, false);
        let mut spaces = false;
        let mut breaks = false;
        let mut i = 0;
        while i < s.len() {
            if is_space(s, i) {
                if allow_breaks
                    && !spaces
                    && self.column > self.best_width
                    && i > 0
                    && i < s.len() - 1
                    && !is_space(s, i + 1)
                {
                    self.write_indent();
                    i += 1;
                } else {
                    self.write(value, &mut i);
                }
                spaces = true;
            } else if is_break(s, i) {
                if !breaks && s[i] == b'\n' {
                    self.put_break();
                }
                self.write_break(value, &mut i);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if s[i] == b'\'' {
                    self.put(b'\'');
                    self.write(value, &mut i);
                } else {
                    let (end, chars) = Self::run_end(s, i, &SINGLE_STOP);
                    self.write_run(value, i, end, chars);
                    i = end;
                }
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double_quoted_scalar(&mut self, value: &str, allow_breaks: bool) {
        let s = value.as_bytes();
        let mut spaces = false;
        self.write_indicator("\"", true, false, false);
        let bom = starts_with_bom(s);
        let mut i = 0;
        while i < s.len() {
            let c = s[i];
            if !is_printable(s, i) || bom || is_break(s, i) || c == b'"' || c == b'\\' {
                let w = width(c).min(s.len() - i);
                let v: u32 = match value.get(i..i + w) {
                    Some(t) => t.chars().next().map_or(0, |ch| ch as u32),
                    None => c as u32,
                };
                i += w;
                self.put(b'\\');
                match v {
                    0x00 => self.put(b'0'),
                    0x07 => self.put(b'a'),
                    0x08 => self.put(b'b'),
                    0x09 => self.put(b't'),
                    0x0A => self.put(b'n'),
                    0x0B => self.put(b'v'),
                    0x0C => self.put(b'f'),
                    0x0D => self.put(b'r'),
                    0x1B => self.put(b'e'),
                    0x22 => self.put(b'"'),
                    0x5C => self.put(b'\\'),
                    0x85 => self.put(b'N'),
                    0xA0 => self.put(b'_'),
                    0x2028 => self.put(b'L'),
                    0x2029 => self.put(b'P'),
                    _ => {
                        let (letter, digits) = if v <= 0xFF {
                            (b'x', 2)
                        } else if v <= 0xFFFF {
                            (b'u', 4)
                        } else {
                            (b'U', 8)
                        };
                        self.put(letter);
                        for k in (0..digits).rev() {
                            let d = ((v >> (4 * k)) & 0xF) as usize;
                            self.put(b"0123456789ABCDEF"[d]);
                        }
                    }
                }
                spaces = false;
            } else if c == b' ' {
                if allow_breaks
                    && !spaces
                    && self.column > self.best_width
                    && i > 0
                    && i < s.len() - 1
                {
                    self.write_indent();
                    if is_space(s, i + 1) {
                        self.put(b'\\');
                    }
                    i += 1;
                } else {
                    self.put(b' ');
                    i += 1;
                }
                spaces = true;
            } else if c < 0x80 {
                // Printable ASCII other than quotes, backslashes and spaces needs no escape.
                let mut end = i + 1;
                while end < s.len()
                    && (0x21..=0x7E).contains(&s[end])
                    && s[end] != b'"'
                    && s[end] != b'\\'
                {
                    end += 1;
                }
                self.write_run(value, i, end, end - i);
                i = end;
                spaces = false;
            } else {
                self.write(value, &mut i);
                spaces = false;
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_block_scalar_hints(&mut self, value: &[u8]) {
        if is_space(value, 0) || is_break(value, 0) {
            let hint = char::from_digit(self.best_indent as u32, 10).unwrap_or('2');
            let mut buf = [0u8; 4];
            self.write_indicator(hint.encode_utf8(&mut buf), false, false, false);
        }
        self.open_ended = false;
        let mut chomp = None;
        if value.is_empty() {
            chomp = Some("-");
        } else {
            let mut i = value.len() - 1;
            while i > 0 && value[i] & 0xC0 == 0x80 {
                i -= 1;
            }
            if !is_break(value, i) {
                chomp = Some("-");
            } else if i == 0 {
                chomp = Some("+");
                self.open_ended = true;
            } else {
                i -= 1;
                while i > 0 && value[i] & 0xC0 == 0x80 {
                    i -= 1;
                }
                if is_break(value, i) {
                    chomp = Some("+");
                    self.open_ended = true;
                }
            }
        }
        if let Some(c) = chomp {
            self.write_indicator(c, false, false, false);
        }
    }

    fn write_literal_scalar(&mut self, value: &str) {
        let s = value.as_bytes();
        self.write_indicator("|", true, false, false);
        self.write_block_scalar_hints(s);
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        let mut i = 0;
        while i < s.len() {
            if is_break(s, i) {
                self.write_break(value, &mut i);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                // Spaces are ordinary characters here; only breaks end the run.
                let (end, chars) = Self::run_end(s, i, &LITERAL_STOP);
                self.write_run(value, i, end, chars);
                i = end;
                self.indention = false;
                breaks = false;
            }
        }
    }

    fn write_folded_scalar(&mut self, value: &str) {
        let s = value.as_bytes();
        self.write_indicator(">", true, false, false);
        self.write_block_scalar_hints(s);
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        let mut leading_spaces = true;
        let mut i = 0;
        while i < s.len() {
            if is_break(s, i) {
                if !breaks && !leading_spaces && s[i] == b'\n' {
                    let mut k = 0;
                    while is_break(s, k) {
                        k += width(s[k]);
                    }
                    if !is_blankz(s, k) {
                        self.put_break();
                    }
                }
                self.write_break(value, &mut i);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                    leading_spaces = is_blank(s, i);
                }
                if !breaks && is_space(s, i) && !is_space(s, i + 1) && self.column > self.best_width
                {
                    self.write_indent();
                    i += 1;
                } else {
                    self.write(value, &mut i);
                }
                self.indention = false;
                breaks = false;
            }
        }
    }
}
