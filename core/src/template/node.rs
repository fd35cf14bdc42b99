//! The parse tree, after Go's `text/template/parse/node.go`. Every node keeps its byte
//! position; `Display` reprints canonical template text exactly as Go's `String()` does,
//! because Go puts that text into error messages (`executing "x" at <.Values.a>`).

use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::ops::Deref;

use super::lex::Pos;

/// Text cut from a template's source: a range of the tree's own copy of the text, so
/// parsing stores no per-node copies of text, names and literals.
#[derive(Clone)]
pub struct Src {
    text: Rc<str>,
    start: u32,
    end: u32,
}

impl Src {
    /// `text[start..end]`, which must lie on char boundaries.
    pub fn new(text: &Rc<str>, start: usize, end: usize) -> Src {
        debug_assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        Src {
            text: Rc::clone(text),
            start: start as u32,
            end: end as u32,
        }
    }

    /// The text.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.text[self.start as usize..self.end as usize]
    }

    /// Moves the end to `end` (a char boundary at or past the current end).
    pub fn extend_to(&mut self, end: usize) {
        debug_assert!(end >= self.end as usize && self.text.is_char_boundary(end));
        self.end = end as u32;
    }
}

/// Names written together, joined by dots: `a.b` of the field chain `.a.b`, `$x.a` of a
/// variable. The parser only chains items that touch, so a chain is one slice of the text,
/// split where it is used, and costs no allocation of its own.
#[derive(Clone, PartialEq)]
pub struct Names(Src);

impl Names {
    /// The names in `src`, which is non-empty.
    pub fn new(src: Src) -> Names {
        Names(src)
    }

    /// All the names with their dots, as written (without a leading dot).
    #[inline]
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The first name.
    pub fn first(&self) -> &str {
        let s = self.as_str();
        match s.bytes().position(|b| b == b'.') {
            Some(i) => &s[..i],
            None => s,
        }
    }

    /// The names after the first, dot-joined, if there are any.
    pub fn rest(&self) -> Option<&str> {
        let s = self.as_str();
        s.bytes().position(|b| b == b'.').map(|i| &s[i + 1..])
    }

    /// The names in order.
    pub fn iter(&self) -> core::str::Split<'_, char> {
        self.as_str().split('.')
    }

    /// Whether there are none (never, from the parser).
    pub fn is_empty(&self) -> bool {
        self.as_str().is_empty()
    }

    /// Extends the chain through byte `end` of the text (the end of a field that follows).
    pub fn extend_to(&mut self, end: usize) {
        self.0.extend_to(end);
    }
}

impl fmt::Debug for Names {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Deref for Src {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Src {
    fn eq(&self, other: &Src) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<str> for Src {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl fmt::Debug for Src {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Src {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A sequence of nodes (Go's `ListNode`).
#[derive(Clone, Debug, Default)]
pub struct ListNode {
    /// Position of the list's first token.
    pub pos: Pos,
    /// The nodes.
    pub nodes: Vec<Node>,
}

/// A node in a list: text, an action or a control structure.
#[derive(Clone, Debug)]
pub enum Node {
    /// Plain text.
    Text(TextNode),
    /// `{{pipeline}}`
    Action(ActionNode),
    /// `{{if}}`
    If(Box<BranchNode>),
    /// `{{range}}`
    Range(Box<BranchNode>),
    /// `{{with}}`
    With(Box<BranchNode>),
    /// `{{template "name" pipeline}}`
    Template(Box<TemplateNode>),
    /// `{{break}}`
    Break(Pos, u32),
    /// `{{continue}}`
    Continue(Pos, u32),
}

/// Plain text.
#[derive(Clone, Debug)]
pub struct TextNode {
    /// Position.
    pub pos: Pos,
    /// The text.
    pub text: Src,
}

/// An action that prints its pipeline's value (unless it declares variables).
#[derive(Clone, Debug)]
pub struct ActionNode {
    /// Position.
    pub pos: Pos,
    /// Line of the action.
    pub line: u32,
    /// The pipeline.
    pub pipe: PipeNode,
}

/// `if`, `range` and `with` share this shape.
#[derive(Clone, Debug)]
pub struct BranchNode {
    /// Position.
    pub pos: Pos,
    /// Line.
    pub line: u32,
    /// The controlling pipeline.
    pub pipe: PipeNode,
    /// What runs when the pipeline is true (non-empty).
    pub list: ListNode,
    /// What runs otherwise.
    pub else_list: Option<ListNode>,
}

/// `{{template "name" pipeline}}`
#[derive(Clone, Debug)]
pub struct TemplateNode {
    /// Position.
    pub pos: Pos,
    /// Line.
    pub line: u32,
    /// Name of the template to invoke.
    pub name: String,
    /// The data pipeline, if any.
    pub pipe: Option<PipeNode>,
}

/// A pipeline with optional variable declarations.
///
/// The commands' operands sit in one vector, so the usual pipeline of one command costs
/// one allocation (a vector per command plus one of commands cost a parse two or more).
#[derive(Clone, Debug)]
pub struct PipeNode {
    /// Position.
    pub pos: Pos,
    /// Line.
    pub line: u32,
    /// `=` rather than `:=`.
    pub is_assign: bool,
    /// Position of the first command.
    first_pos: Pos,
    /// Every command's operands, one command after another.
    args: Vec<Arg>,
    /// Declarations and the starts of commands after the first, which most pipelines
    /// lack.
    rest: Option<Box<PipeRest>>,
}

/// The rarer parts of a [`PipeNode`].
#[derive(Clone, Debug, Default)]
struct PipeRest {
    decl: Vec<VariableNode>,
    /// Position of each command after the first and the index of its first operand.
    starts: Vec<(Pos, u32)>,
}

impl PipeNode {
    /// A pipeline without declarations or commands yet.
    pub fn new(pos: Pos, line: u32) -> PipeNode {
        PipeNode {
            pos,
            line,
            is_assign: false,
            first_pos: 0,
            args: Vec::new(),
            rest: None,
        }
    }

    /// Declared or assigned variables.
    #[inline]
    pub fn decl(&self) -> &[VariableNode] {
        match &self.rest {
            Some(r) => &r.decl,
            None => &[],
        }
    }

    /// Adds a declared variable.
    pub fn push_decl(&mut self, v: VariableNode) {
        self.rest.get_or_insert_default().decl.push(v);
    }

    /// Starts a command at `pos`, after the `n_args` operands of the commands before it.
    pub fn start_command(&mut self, pos: Pos, n_args: usize) {
        if n_args == 0 {
            self.first_pos = pos;
        } else {
            self.rest
                .get_or_insert_default()
                .starts
                .push((pos, n_args as u32));
        }
    }

    /// Of `n_args` operands so far, those of the command started last.
    pub fn last_command_len(&self, n_args: usize) -> usize {
        let start = match self.rest.as_ref().and_then(|r| r.starts.last()) {
            Some(&(_, at)) => at as usize,
            None => 0,
        };
        n_args - start
    }

    /// Sets every command's operands, one command after another, once all are parsed.
    pub fn set_args(&mut self, args: Vec<Arg>) {
        self.args = args;
    }

    /// Number of commands.
    #[inline]
    pub fn command_count(&self) -> usize {
        if self.args.is_empty() {
            return 0;
        }
        1 + self.rest.as_ref().map_or(0, |r| r.starts.len())
    }

    /// The commands in order.
    #[inline]
    pub fn commands(&self) -> Commands<'_> {
        Commands {
            pipe: self,
            next: 0,
            count: self.command_count(),
        }
    }
}

/// The commands of a [`PipeNode`].
pub struct Commands<'a> {
    pipe: &'a PipeNode,
    next: usize,
    count: usize,
}

impl<'a> Iterator for Commands<'a> {
    type Item = CommandNode<'a>;

    #[inline]
    fn next(&mut self) -> Option<CommandNode<'a>> {
        if self.next >= self.count {
            return None;
        }
        let starts: &[(Pos, u32)] = match &self.pipe.rest {
            Some(r) => &r.starts,
            None => &[],
        };
        let i = self.next;
        self.next += 1;
        let (pos, from) = match i {
            0 => (self.pipe.first_pos, 0),
            _ => (starts[i - 1].0, starts[i - 1].1 as usize),
        };
        let to = starts.get(i).map_or(self.pipe.args.len(), |s| s.1 as usize);
        Some(CommandNode {
            pos,
            args: &self.pipe.args[from..to],
        })
    }
}

/// A command of a pipeline: an operand and its arguments.
#[derive(Clone, Copy, Debug)]
pub struct CommandNode<'a> {
    /// Position.
    pub pos: Pos,
    /// Operands; the first is the function or value.
    pub args: &'a [Arg],
}

/// A variable reference with optional field chain: `$x.a.b`.
#[derive(Clone, Debug)]
pub struct VariableNode {
    /// Position.
    pub pos: Pos,
    /// `$x`, then field names.
    pub ident: Names,
}

/// A number literal, with every interpretation Go computes for it.
#[derive(Clone, Debug)]
pub struct NumberNode {
    /// Position.
    pub pos: Pos,
    /// Representable as int64.
    pub is_int: bool,
    /// Representable as uint64.
    pub is_uint: bool,
    /// Representable as float64.
    pub is_float: bool,
    /// A complex literal (not supported beyond parsing).
    pub is_complex: bool,
    /// Value as int64.
    pub int64: i64,
    /// Value as uint64.
    pub uint64: u64,
    /// Value as float64.
    pub float64: f64,
    /// The text as written.
    pub text: Src,
}

/// An operand.
#[derive(Clone, Debug)]
pub enum Arg {
    /// A function name.
    Identifier(Pos, Src),
    /// `.`
    Dot(Pos),
    /// `nil`
    Nil(Pos),
    /// `true`/`false`
    Bool(Pos, bool),
    /// A number.
    Number(Box<NumberNode>),
    /// A string: position, the quoted text as written, the value.
    String(Pos, Src, Rc<str>),
    /// `.A.B` (the names without the leading dot)
    Field(Pos, Names),
    /// `$x.A`
    Variable(VariableNode),
    /// `(pipeline).A.B` or `term.A`
    Chain(Box<ChainNode>),
    /// A parenthesised pipeline.
    Pipe(Box<PipeNode>),
}

/// A term followed by field accesses.
#[derive(Clone, Debug)]
pub struct ChainNode {
    /// Position (of the first field).
    pub pos: Pos,
    /// The term.
    pub node: Arg,
    /// Field names.
    pub fields: Names,
}

impl Arg {
    /// Position of the operand.
    pub fn pos(&self) -> Pos {
        match self {
            Arg::Identifier(p, _)
            | Arg::Dot(p)
            | Arg::Nil(p)
            | Arg::Bool(p, _)
            | Arg::String(p, _, _)
            | Arg::Field(p, _) => *p,
            Arg::Number(n) => n.pos,
            Arg::Variable(v) => v.pos,
            Arg::Chain(c) => c.pos,
            Arg::Pipe(p) => p.pos,
        }
    }
}

impl Node {
    /// Position of the node.
    pub fn pos(&self) -> Pos {
        match self {
            Node::Text(t) => t.pos,
            Node::Action(a) => a.pos,
            Node::If(b) | Node::Range(b) | Node::With(b) => b.pos,
            Node::Template(t) => t.pos,
            Node::Break(p, _) | Node::Continue(p, _) => *p,
        }
    }
}

/// Go's `parse.IsEmptyTree`: only whitespace text (and nothing else) in the list.
pub fn is_empty_tree(list: &ListNode) -> bool {
    list.nodes.iter().all(|n| match n {
        Node::Text(t) => t.text.trim_matches([' ', '\t', '\n', '\r']).is_empty(),
        _ => false,
    })
}

impl fmt::Display for ListNode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for n in &self.nodes {
            write!(f, "{n}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Node::Text(t) => f.write_str(&t.text),
            Node::Action(a) => write!(f, "{{{{{}}}}}", a.pipe),
            Node::If(b) => write_branch(f, "if", b),
            Node::Range(b) => write_branch(f, "range", b),
            Node::With(b) => write_branch(f, "with", b),
            Node::Template(t) => {
                write!(f, "{{{{template {}", super::gostr::quote(&t.name))?;
                if let Some(p) = &t.pipe {
                    write!(f, " {p}")?;
                }
                f.write_str("}}")
            }
            Node::Break(..) => f.write_str("{{break}}"),
            Node::Continue(..) => f.write_str("{{continue}}"),
        }
    }
}

fn write_branch(f: &mut fmt::Formatter<'_>, name: &str, b: &BranchNode) -> fmt::Result {
    write!(f, "{{{{{name} {}}}}}{}", b.pipe, b.list)?;
    if let Some(e) = &b.else_list {
        write!(f, "{{{{else}}}}{e}")?;
    }
    f.write_str("{{end}}")
}

impl fmt::Display for PipeNode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.decl().is_empty() {
            for (i, v) in self.decl().iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{v}")?;
            }
            f.write_str(if self.is_assign { " = " } else { " := " })?;
        }
        for (i, c) in self.commands().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

impl fmt::Display for CommandNode<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, a) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            if let Arg::Pipe(p) = a {
                write!(f, "({p})")?;
            } else {
                write!(f, "{a}")?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for VariableNode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.ident.as_str())
    }
}

impl fmt::Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arg::Identifier(_, s) => f.write_str(s),
            Arg::Dot(_) => f.write_str("."),
            Arg::Nil(_) => f.write_str("nil"),
            Arg::Bool(_, b) => f.write_str(if *b { "true" } else { "false" }),
            Arg::Number(n) => f.write_str(&n.text),
            Arg::String(_, quoted, _) => f.write_str(quoted),
            Arg::Field(_, ids) => write!(f, ".{}", ids.as_str()),
            Arg::Variable(v) => write!(f, "{v}"),
            Arg::Chain(c) => {
                if let Arg::Pipe(p) = &c.node {
                    write!(f, "({p})")?;
                } else {
                    write!(f, "{}", c.node)?;
                }
                write!(f, ".{}", c.fields.as_str())
            }
            Arg::Pipe(p) => write!(f, "{p}"),
        }
    }
}
