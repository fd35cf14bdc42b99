//! The YAML parser: tokens to events, libyaml's state machine as go-yaml v2 ports it.
//!
//! Each state handles one grammar position; `states` is the explicit return stack, so
//! nesting never recurses on the Rust stack. Errors carry libyaml's problem text and marks.

use alloc::borrow::Cow;
use alloc::vec::Vec;

use super::scanner::{ErrorKind, Mark, ScalarStyle, Scanner, SyntaxError, Token, TokenKind};

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum EventKind<'a> {
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    Alias {
        anchor: Vec<u8>,
    },
    Scalar {
        anchor: Option<Vec<u8>>,
        tag: Vec<u8>,
        value: Cow<'a, [u8]>,
        implicit: bool,
        style: ScalarStyle,
    },
    SequenceStart {
        anchor: Option<Vec<u8>>,
        tag: Vec<u8>,
    },
    SequenceEnd,
    MappingStart {
        anchor: Option<Vec<u8>>,
        tag: Vec<u8>,
    },
    MappingEnd,
}

#[derive(Clone, Debug)]
pub(crate) struct Event<'a> {
    pub kind: EventKind<'a>,
    pub start: Mark,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    StreamStart,
    ImplicitDocumentStart,
    DocumentStart,
    DocumentContent,
    DocumentEnd,
    BlockNode,
    BlockSequenceFirstEntry,
    BlockSequenceEntry,
    IndentlessSequenceEntry,
    BlockMappingFirstKey,
    BlockMappingKey,
    BlockMappingValue,
    FlowSequenceFirstEntry,
    FlowSequenceEntry,
    FlowSequenceEntryMappingKey,
    FlowSequenceEntryMappingValue,
    FlowSequenceEntryMappingEnd,
    FlowMappingFirstKey,
    FlowMappingKey,
    FlowMappingValue,
    FlowMappingEmptyValue,
    End,
}

/// The token types the parser branches on, copied out so the queue can be borrowed again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tk {
    StreamStart,
    StreamEnd,
    VersionDirective,
    TagDirective,
    DocumentStart,
    DocumentEnd,
    BlockSequenceStart,
    BlockMappingStart,
    BlockEnd,
    FlowSequenceStart,
    FlowSequenceEnd,
    FlowMappingStart,
    FlowMappingEnd,
    BlockEntry,
    FlowEntry,
    Key,
    Value,
    Alias,
    Anchor,
    Tag,
    Scalar,
}

fn tk(t: &Token<'_>) -> Tk {
    match t.kind {
        TokenKind::StreamStart => Tk::StreamStart,
        TokenKind::StreamEnd => Tk::StreamEnd,
        TokenKind::VersionDirective => Tk::VersionDirective,
        TokenKind::TagDirective { .. } => Tk::TagDirective,
        TokenKind::DocumentStart => Tk::DocumentStart,
        TokenKind::DocumentEnd => Tk::DocumentEnd,
        TokenKind::BlockSequenceStart => Tk::BlockSequenceStart,
        TokenKind::BlockMappingStart => Tk::BlockMappingStart,
        TokenKind::BlockEnd => Tk::BlockEnd,
        TokenKind::FlowSequenceStart => Tk::FlowSequenceStart,
        TokenKind::FlowSequenceEnd => Tk::FlowSequenceEnd,
        TokenKind::FlowMappingStart => Tk::FlowMappingStart,
        TokenKind::FlowMappingEnd => Tk::FlowMappingEnd,
        TokenKind::BlockEntry => Tk::BlockEntry,
        TokenKind::FlowEntry => Tk::FlowEntry,
        TokenKind::Key => Tk::Key,
        TokenKind::Value => Tk::Value,
        TokenKind::Alias(_) => Tk::Alias,
        TokenKind::Anchor(_) => Tk::Anchor,
        TokenKind::Tag { .. } => Tk::Tag,
        TokenKind::Scalar { .. } => Tk::Scalar,
    }
}

type Res<T> = Result<T, SyntaxError>;

struct TagDirective {
    handle: Vec<u8>,
    prefix: Vec<u8>,
}

pub(crate) struct Parser<'a> {
    scanner: Scanner<'a>,
    state: State,
    states: Vec<State>,
    marks: Vec<Mark>,
    tag_directives: Vec<TagDirective>,
    failed: Option<SyntaxError>,
}

fn parser_error(problem: &'static str, mark: Mark) -> SyntaxError {
    SyntaxError {
        kind: ErrorKind::Parser,
        problem,
        problem_mark: mark,
        context_mark: Mark::default(),
    }
}

fn parser_error_context(context_mark: Mark, problem: &'static str, mark: Mark) -> SyntaxError {
    SyntaxError {
        kind: ErrorKind::Parser,
        problem,
        problem_mark: mark,
        context_mark,
    }
}

fn empty_scalar<'a>(mark: Mark) -> Event<'a> {
    Event {
        kind: EventKind::Scalar {
            anchor: None,
            tag: Vec::new(),
            value: Cow::Borrowed(&[]),
            implicit: true,
            style: ScalarStyle::Plain,
        },
        start: mark,
    }
}

impl<'a> Parser<'a> {
    pub fn new(src: &'a str) -> Parser<'a> {
        Parser {
            scanner: Scanner::new(src),
            state: State::StreamStart,
            states: Vec::new(),
            marks: Vec::new(),
            tag_directives: Vec::new(),
            failed: None,
        }
    }

    /// The next event, or `None` once the stream has ended.
    pub fn next_event(&mut self) -> Res<Option<Event<'a>>> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        if self.scanner.stream_end_produced() || self.state == State::End {
            return Ok(None);
        }
        match self.state_machine() {
            Ok(ev) => Ok(Some(ev)),
            Err(e) => {
                self.failed = Some(e.clone());
                Err(e)
            }
        }
    }

    fn peek(&mut self) -> Res<(Tk, Mark, Mark)> {
        let t = self.scanner.peek()?;
        Ok((tk(t), t.start, t.end))
    }

    fn take(&mut self) -> Res<Token<'a>> {
        self.scanner.peek()?;
        match self.scanner.take_token() {
            Some(t) => Ok(t),
            None => Err(parser_error("did not find expected token", Mark::default())),
        }
    }

    fn skip(&mut self) {
        self.scanner.take_token();
    }

    fn pop_state(&mut self) {
        self.state = self.states.pop().unwrap_or(State::End);
    }

    fn state_machine(&mut self) -> Res<Event<'a>> {
        match self.state {
            State::StreamStart => self.parse_stream_start(),
            State::ImplicitDocumentStart => self.parse_document_start(true),
            State::DocumentStart => self.parse_document_start(false),
            State::DocumentContent => self.parse_document_content(),
            State::DocumentEnd => self.parse_document_end(),
            State::BlockNode => self.parse_node(true, false),
            State::BlockSequenceFirstEntry => self.parse_block_sequence_entry(true),
            State::BlockSequenceEntry => self.parse_block_sequence_entry(false),
            State::IndentlessSequenceEntry => self.parse_indentless_sequence_entry(),
            State::BlockMappingFirstKey => self.parse_block_mapping_key(true),
            State::BlockMappingKey => self.parse_block_mapping_key(false),
            State::BlockMappingValue => self.parse_block_mapping_value(),
            State::FlowSequenceFirstEntry => self.parse_flow_sequence_entry(true),
            State::FlowSequenceEntry => self.parse_flow_sequence_entry(false),
            State::FlowSequenceEntryMappingKey => self.parse_flow_sequence_entry_mapping_key(),
            State::FlowSequenceEntryMappingValue => self.parse_flow_sequence_entry_mapping_value(),
            State::FlowSequenceEntryMappingEnd => self.parse_flow_sequence_entry_mapping_end(),
            State::FlowMappingFirstKey => self.parse_flow_mapping_key(true),
            State::FlowMappingKey => self.parse_flow_mapping_key(false),
            State::FlowMappingValue => self.parse_flow_mapping_value(false),
            State::FlowMappingEmptyValue => self.parse_flow_mapping_value(true),
            State::End => Ok(Event {
                kind: EventKind::StreamEnd,
                start: Mark::default(),
            }),
        }
    }

    /// stream ::= STREAM-START implicit_document? explicit_document* STREAM-END
    fn parse_stream_start(&mut self) -> Res<Event<'a>> {
        let (t, start, _) = self.peek()?;
        if t != Tk::StreamStart {
            return Err(parser_error("did not find expected <stream-start>", start));
        }
        self.state = State::ImplicitDocumentStart;
        self.skip();
        Ok(Event {
            kind: EventKind::StreamStart,
            start,
        })
    }

    /// implicit_document ::= block_node DOCUMENT-END*
    /// explicit_document ::= DIRECTIVE* DOCUMENT-START block_node? DOCUMENT-END*
    fn parse_document_start(&mut self, implicit: bool) -> Res<Event<'a>> {
        let (mut t, mut start, _) = self.peek()?;
        if !implicit {
            while t == Tk::DocumentEnd {
                self.skip();
                (t, start, _) = self.peek()?;
            }
        }
        if implicit
            && t != Tk::VersionDirective
            && t != Tk::TagDirective
            && t != Tk::DocumentStart
            && t != Tk::StreamEnd
        {
            self.process_directives()?;
            self.states.push(State::DocumentEnd);
            self.state = State::BlockNode;
            return Ok(Event {
                kind: EventKind::DocumentStart,
                start,
            });
        }
        if t != Tk::StreamEnd {
            self.process_directives()?;
            let (t, mark, _) = self.peek()?;
            if t != Tk::DocumentStart {
                return Err(parser_error("did not find expected <document start>", mark));
            }
            self.states.push(State::DocumentEnd);
            self.state = State::DocumentContent;
            self.skip();
            return Ok(Event {
                kind: EventKind::DocumentStart,
                start,
            });
        }
        self.state = State::End;
        self.skip();
        Ok(Event {
            kind: EventKind::StreamEnd,
            start,
        })
    }

    fn parse_document_content(&mut self) -> Res<Event<'a>> {
        let (t, start, _) = self.peek()?;
        if matches!(
            t,
            Tk::VersionDirective
                | Tk::TagDirective
                | Tk::DocumentStart
                | Tk::DocumentEnd
                | Tk::StreamEnd
        ) {
            self.pop_state();
            return Ok(empty_scalar(start));
        }
        self.parse_node(true, false)
    }

    fn parse_document_end(&mut self) -> Res<Event<'a>> {
        let (t, start, _) = self.peek()?;
        if t == Tk::DocumentEnd {
            self.skip();
        }
        self.tag_directives.clear();
        self.state = State::DocumentStart;
        Ok(Event {
            kind: EventKind::DocumentEnd,
            start,
        })
    }

    /// block_node_or_indentless_sequence ::= ALIAS | properties (block_content |
    /// indentless_block_sequence)? | block_content | indentless_block_sequence
    fn parse_node(&mut self, block: bool, indentless_sequence: bool) -> Res<Event<'a>> {
        let (mut t, mut start, _) = self.peek()?;
        if t == Tk::Alias {
            self.pop_state();
            let token = self.take()?;
            let TokenKind::Alias(anchor) = token.kind else {
                return Err(parser_error("did not find expected alias", token.start));
            };
            return Ok(Event {
                kind: EventKind::Alias { anchor },
                start: token.start,
            });
        }
        let mut anchor: Option<Vec<u8>> = None;
        let mut tag_parts: Option<(Vec<u8>, Vec<u8>)> = None;
        let mut tag_mark = Mark::default();
        if t == Tk::Anchor {
            let token = self.take()?;
            start = token.start;
            if let TokenKind::Anchor(a) = token.kind {
                anchor = Some(a);
            }
            (t, _, _) = self.peek()?;
            if t == Tk::Tag {
                let token = self.take()?;
                tag_mark = token.start;
                if let TokenKind::Tag { handle, suffix } = token.kind {
                    tag_parts = Some((handle, suffix));
                }
                (t, _, _) = self.peek()?;
            }
        } else if t == Tk::Tag {
            let token = self.take()?;
            start = token.start;
            tag_mark = token.start;
            if let TokenKind::Tag { handle, suffix } = token.kind {
                tag_parts = Some((handle, suffix));
            }
            (t, _, _) = self.peek()?;
            if t == Tk::Anchor {
                let token = self.take()?;
                if let TokenKind::Anchor(a) = token.kind {
                    anchor = Some(a);
                }
                (t, _, _) = self.peek()?;
            }
        }
        let mut tag = Vec::new();
        if let Some((handle, suffix)) = tag_parts {
            if handle.is_empty() {
                tag = suffix;
            } else {
                match self.tag_directives.iter().find(|d| d.handle == handle) {
                    Some(d) => {
                        tag.extend_from_slice(&d.prefix);
                        tag.extend_from_slice(&suffix);
                    }
                    None => {
                        return Err(parser_error_context(
                            start,
                            "found undefined tag handle",
                            tag_mark,
                        ))
                    }
                }
                if tag.is_empty() {
                    return Err(parser_error_context(
                        start,
                        "found undefined tag handle",
                        tag_mark,
                    ));
                }
            }
        }
        if indentless_sequence && t == Tk::BlockEntry {
            self.state = State::IndentlessSequenceEntry;
            return Ok(Event {
                kind: EventKind::SequenceStart { anchor, tag },
                start,
            });
        }
        if t == Tk::Scalar {
            let token = self.take()?;
            let TokenKind::Scalar { value, style } = token.kind else {
                return Err(parser_error("did not find expected scalar", token.start));
            };
            let implicit = (tag.is_empty() && style == ScalarStyle::Plain) || tag == b"!";
            self.pop_state();
            return Ok(Event {
                kind: EventKind::Scalar {
                    anchor,
                    tag,
                    value,
                    implicit,
                    style,
                },
                start,
            });
        }
        if t == Tk::FlowSequenceStart {
            self.state = State::FlowSequenceFirstEntry;
            return Ok(Event {
                kind: EventKind::SequenceStart { anchor, tag },
                start,
            });
        }
        if t == Tk::FlowMappingStart {
            self.state = State::FlowMappingFirstKey;
            return Ok(Event {
                kind: EventKind::MappingStart { anchor, tag },
                start,
            });
        }
        if block && t == Tk::BlockSequenceStart {
            self.state = State::BlockSequenceFirstEntry;
            return Ok(Event {
                kind: EventKind::SequenceStart { anchor, tag },
                start,
            });
        }
        if block && t == Tk::BlockMappingStart {
            self.state = State::BlockMappingFirstKey;
            return Ok(Event {
                kind: EventKind::MappingStart { anchor, tag },
                start,
            });
        }
        if anchor.is_some() || !tag.is_empty() {
            self.pop_state();
            let implicit = tag.is_empty();
            return Ok(Event {
                kind: EventKind::Scalar {
                    anchor,
                    tag,
                    value: Cow::Borrowed(&[]),
                    implicit,
                    style: ScalarStyle::Plain,
                },
                start,
            });
        }
        let (_, problem_mark, _) = self.peek()?;
        Err(parser_error_context(
            start,
            "did not find expected node content",
            problem_mark,
        ))
    }

    /// block_sequence ::= BLOCK-SEQUENCE-START (BLOCK-ENTRY block_node?)* BLOCK-END
    fn parse_block_sequence_entry(&mut self, first: bool) -> Res<Event<'a>> {
        if first {
            let (_, m, _) = self.peek()?;
            self.marks.push(m);
            self.skip();
        }
        let (t, start, end) = self.peek()?;
        if t == Tk::BlockEntry {
            self.skip();
            let (t, _, _) = self.peek()?;
            if t != Tk::BlockEntry && t != Tk::BlockEnd {
                self.states.push(State::BlockSequenceEntry);
                return self.parse_node(true, false);
            }
            self.state = State::BlockSequenceEntry;
            return Ok(empty_scalar(end));
        }
        if t == Tk::BlockEnd {
            self.pop_state();
            self.marks.pop();
            self.skip();
            return Ok(Event {
                kind: EventKind::SequenceEnd,
                start,
            });
        }
        let context = self.marks.pop().unwrap_or_default();
        Err(parser_error_context(
            context,
            "did not find expected '-' indicator",
            start,
        ))
    }

    /// indentless_sequence ::= (BLOCK-ENTRY block_node?)+
    fn parse_indentless_sequence_entry(&mut self) -> Res<Event<'a>> {
        let (t, start, end) = self.peek()?;
        if t == Tk::BlockEntry {
            self.skip();
            let (t, _, _) = self.peek()?;
            if !matches!(t, Tk::BlockEntry | Tk::Key | Tk::Value | Tk::BlockEnd) {
                self.states.push(State::IndentlessSequenceEntry);
                return self.parse_node(true, false);
            }
            self.state = State::IndentlessSequenceEntry;
            return Ok(empty_scalar(end));
        }
        self.pop_state();
        Ok(Event {
            kind: EventKind::SequenceEnd,
            start,
        })
    }

    /// block_mapping ::= BLOCK-MAPPING_START ((KEY block_node_or_indentless_sequence?)?
    /// (VALUE block_node_or_indentless_sequence?)?)* BLOCK-END
    fn parse_block_mapping_key(&mut self, first: bool) -> Res<Event<'a>> {
        if first {
            let (_, m, _) = self.peek()?;
            self.marks.push(m);
            self.skip();
        }
        let (t, start, end) = self.peek()?;
        if t == Tk::Key {
            self.skip();
            let (t, _, _) = self.peek()?;
            if !matches!(t, Tk::Key | Tk::Value | Tk::BlockEnd) {
                self.states.push(State::BlockMappingValue);
                return self.parse_node(true, true);
            }
            self.state = State::BlockMappingValue;
            return Ok(empty_scalar(end));
        }
        if t == Tk::BlockEnd {
            self.pop_state();
            self.marks.pop();
            self.skip();
            return Ok(Event {
                kind: EventKind::MappingEnd,
                start,
            });
        }
        let context = self.marks.pop().unwrap_or_default();
        Err(parser_error_context(
            context,
            "did not find expected key",
            start,
        ))
    }

    fn parse_block_mapping_value(&mut self) -> Res<Event<'a>> {
        let (t, start, end) = self.peek()?;
        if t == Tk::Value {
            self.skip();
            let (t, _, _) = self.peek()?;
            if !matches!(t, Tk::Key | Tk::Value | Tk::BlockEnd) {
                self.states.push(State::BlockMappingKey);
                return self.parse_node(true, true);
            }
            self.state = State::BlockMappingKey;
            return Ok(empty_scalar(end));
        }
        self.state = State::BlockMappingKey;
        Ok(empty_scalar(start))
    }

    /// flow_sequence ::= FLOW-SEQUENCE-START (flow_sequence_entry FLOW-ENTRY)*
    /// flow_sequence_entry? FLOW-SEQUENCE-END
    fn parse_flow_sequence_entry(&mut self, first: bool) -> Res<Event<'a>> {
        if first {
            let (_, m, _) = self.peek()?;
            self.marks.push(m);
            self.skip();
        }
        let (mut t, mut start, _) = self.peek()?;
        if t != Tk::FlowSequenceEnd {
            if !first {
                if t == Tk::FlowEntry {
                    self.skip();
                    (t, start, _) = self.peek()?;
                } else {
                    let context = self.marks.pop().unwrap_or_default();
                    return Err(parser_error_context(
                        context,
                        "did not find expected ',' or ']'",
                        start,
                    ));
                }
            }
            if t == Tk::Key {
                self.state = State::FlowSequenceEntryMappingKey;
                self.skip();
                return Ok(Event {
                    kind: EventKind::MappingStart {
                        anchor: None,
                        tag: Vec::new(),
                    },
                    start,
                });
            } else if t != Tk::FlowSequenceEnd {
                self.states.push(State::FlowSequenceEntry);
                return self.parse_node(false, false);
            }
        }
        self.pop_state();
        self.marks.pop();
        self.skip();
        Ok(Event {
            kind: EventKind::SequenceEnd,
            start,
        })
    }

    fn parse_flow_sequence_entry_mapping_key(&mut self) -> Res<Event<'a>> {
        let (t, _, end) = self.peek()?;
        if !matches!(t, Tk::Value | Tk::FlowEntry | Tk::FlowSequenceEnd) {
            self.states.push(State::FlowSequenceEntryMappingValue);
            return self.parse_node(false, false);
        }
        self.skip();
        self.state = State::FlowSequenceEntryMappingValue;
        Ok(empty_scalar(end))
    }

    fn parse_flow_sequence_entry_mapping_value(&mut self) -> Res<Event<'a>> {
        // go-yaml shadows the token here, so the empty value is marked at the ':'.
        let (t, start, _) = self.peek()?;
        if t == Tk::Value {
            self.skip();
            let (t, _, _) = self.peek()?;
            if t != Tk::FlowEntry && t != Tk::FlowSequenceEnd {
                self.states.push(State::FlowSequenceEntryMappingEnd);
                return self.parse_node(false, false);
            }
        }
        self.state = State::FlowSequenceEntryMappingEnd;
        Ok(empty_scalar(start))
    }

    fn parse_flow_sequence_entry_mapping_end(&mut self) -> Res<Event<'a>> {
        let (_, start, _) = self.peek()?;
        self.state = State::FlowSequenceEntry;
        Ok(Event {
            kind: EventKind::MappingEnd,
            start,
        })
    }

    /// flow_mapping ::= FLOW-MAPPING-START (flow_mapping_entry FLOW-ENTRY)*
    /// flow_mapping_entry? FLOW-MAPPING-END
    fn parse_flow_mapping_key(&mut self, first: bool) -> Res<Event<'a>> {
        if first {
            let (_, m, _) = self.peek()?;
            self.marks.push(m);
            self.skip();
        }
        let (mut t, mut start, _) = self.peek()?;
        if t != Tk::FlowMappingEnd {
            if !first {
                if t == Tk::FlowEntry {
                    self.skip();
                    (t, start, _) = self.peek()?;
                } else {
                    let context = self.marks.pop().unwrap_or_default();
                    return Err(parser_error_context(
                        context,
                        "did not find expected ',' or '}'",
                        start,
                    ));
                }
            }
            if t == Tk::Key {
                self.skip();
                let (t, s2, _) = self.peek()?;
                if !matches!(t, Tk::Value | Tk::FlowEntry | Tk::FlowMappingEnd) {
                    self.states.push(State::FlowMappingValue);
                    return self.parse_node(false, false);
                }
                self.state = State::FlowMappingValue;
                return Ok(empty_scalar(s2));
            } else if t != Tk::FlowMappingEnd {
                self.states.push(State::FlowMappingEmptyValue);
                return self.parse_node(false, false);
            }
        }
        self.pop_state();
        self.marks.pop();
        self.skip();
        Ok(Event {
            kind: EventKind::MappingEnd,
            start,
        })
    }

    fn parse_flow_mapping_value(&mut self, empty: bool) -> Res<Event<'a>> {
        let (t, mut start, _) = self.peek()?;
        if empty {
            self.state = State::FlowMappingKey;
            return Ok(empty_scalar(start));
        }
        if t == Tk::Value {
            self.skip();
            let (t, s2, _) = self.peek()?;
            start = s2;
            if t != Tk::FlowEntry && t != Tk::FlowMappingEnd {
                self.states.push(State::FlowMappingKey);
                return self.parse_node(false, false);
            }
        }
        self.state = State::FlowMappingKey;
        Ok(empty_scalar(start))
    }

    fn process_directives(&mut self) -> Res<()> {
        let mut has_version = false;
        loop {
            let (t, start, _) = self.peek()?;
            if t == Tk::VersionDirective {
                let token = self.scanner.peek()?;
                let (major, minor) = token.version;
                if has_version {
                    return Err(parser_error("found duplicate %YAML directive", start));
                }
                if major != 1 || minor != 1 {
                    return Err(parser_error("found incompatible YAML document", start));
                }
                has_version = true;
            } else if t == Tk::TagDirective {
                let token = self.scanner.peek()?;
                let TokenKind::TagDirective { handle, prefix } = &token.kind else {
                    return Err(parser_error("did not find expected %TAG directive", start));
                };
                let (handle, prefix) = (handle.clone(), prefix.clone());
                if self.tag_directives.iter().any(|d| d.handle == handle) {
                    return Err(parser_error("found duplicate %TAG directive", start));
                }
                self.tag_directives.push(TagDirective { handle, prefix });
            } else {
                break;
            }
            self.skip();
        }
        for (handle, prefix) in [
            (&b"!"[..], &b"!"[..]),
            (&b"!!"[..], &b"tag:yaml.org,2002:"[..]),
        ] {
            if !self.tag_directives.iter().any(|d| d.handle == handle) {
                self.tag_directives.push(TagDirective {
                    handle: handle.into(),
                    prefix: prefix.into(),
                });
            }
        }
        Ok(())
    }
}
