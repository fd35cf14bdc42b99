//! The parser, after Go's `text/template/parse/parse.go`: one method per grammar rule,
//! the same three-token look-ahead, and Go's error messages.

use alloc::boxed::Box;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

use super::lex::{lex, Item, ItemType, Lexed, Pos};
use super::node::*;

/// A parse error, worded as Go's: `template: NAME:LINE: MSG`.
#[derive(Clone, Debug, PartialEq)]
pub struct ParseError {
    /// The template (file) name being parsed.
    pub name: String,
    /// 1-based line of the last token read.
    pub line: u32,
    /// Go's message after `template: NAME:LINE: `.
    pub msg: String,
}

impl core::fmt::Display for ParseError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "template: {}:{}: {}", self.name, self.line, self.msg)
    }
}

/// One parsed template: the file's own body or a `define`d one.
#[derive(Clone, Debug)]
pub struct Tree {
    /// The template's name.
    pub name: String,
    /// The name of the file it was parsed from (Go's `ParseName`).
    pub parse_name: String,
    /// The body.
    pub root: ListNode,
    /// The whole text it was parsed from (for line and column in errors).
    pub text: Rc<str>,
}

/// What one `Parse` call produces: every tree in the text, the file's own first.
pub type TreeSet = Vec<Tree>;

/// Boxed, so the results every grammar rule passes up stay the size of their values.
type PResult<T> = Result<T, Box<ParseError>>;

struct Parser<'a, 'f> {
    /// The whole text's items (see [`lex`]); the parser moves through them by index, so
    /// Go's look-ahead and its backing up are index moves.
    items: Vec<Item>,
    /// The next item's index.
    at: usize,
    /// The furthest index read before a backup: with `at - 1`, where Go's lexer would be,
    /// whose last item gives an error its line.
    seen: usize,
    /// Go's parser read only the space before `items[seen]` (a plain `peek`), not the item:
    /// that space item's line (where it starts) is then the error's.
    seen_space: bool,
    /// The lexer's error message.
    lex_error: String,
    vars: Vec<&'a str>,
    range_depth: usize,
    action_line: u32,
    depth: usize,
    parse_name: String,
    text: Rc<str>,
    /// The same text, as the lexer reads it (items point into it).
    input: &'a str,
    has_func: &'f dyn Fn(&str) -> bool,
    trees: TreeSet,
    /// Operands of the pipelines being parsed, innermost last: a pipeline takes its own off
    /// the top when it ends, so each gets one allocation of its exact size (growing a
    /// vector per pipeline reallocated most of them).
    args: Vec<Arg>,
    /// Nodes of the lists being parsed, innermost last, taken off as each list ends.
    nodes: Vec<Node>,
    /// The item whose leading space `command` has already taken as Go's space item.
    space_taken: usize,
}

/// What `text_or_action` met: a node (pushed onto the list being built, not passed back,
/// since moving nodes up through results was a visible share of parsing), or the `{{end}}`
/// or `{{else}}` that ends the list.
enum Parsed {
    Pushed,
    End,
    Else(Pos),
}

impl core::fmt::Display for Parsed {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Parsed::Pushed => Ok(()),
            Parsed::End => f.write_str("{{end}}"),
            Parsed::Else(_) => f.write_str("{{else}}"),
        }
    }
}

/// Parses `text` as the template `name` (Go's `Tree.Parse` plus `text/template`'s adding
/// of the trees it defines). `has_func` says which function names exist.
pub fn parse(
    name: &str,
    text: &str,
    has_func: &dyn Fn(&str) -> bool,
) -> Result<TreeSet, ParseError> {
    parse_shared(name, &Rc::from(text), has_func)
}

/// [`parse`] of a text the trees share instead of copying it.
pub fn parse_shared(
    name: &str,
    text: &Rc<str>,
    has_func: &dyn Fn(&str) -> bool,
) -> Result<TreeSet, ParseError> {
    parse_lexed(name, text, has_func, None)
}

/// [`parse_shared`] from the text's items when they were lexed ahead (see
/// [`crate::host::Host::lexed`]); items that do not [`Lexed::fits`] the text are lexed again.
pub fn parse_lexed(
    name: &str,
    text: &Rc<str>,
    has_func: &dyn Fn(&str) -> bool,
    ahead: Option<Lexed>,
) -> Result<TreeSet, ParseError> {
    let (break_ok, continue_ok) = (!has_func("break"), !has_func("continue"));
    let lexed = match ahead {
        Some(l) if l.fits(text, break_ok, continue_ok) => l,
        _ => lex(text, break_ok, continue_ok),
    };
    let n_items = lexed.items.len();
    let mut p = Parser {
        items: lexed.items,
        at: 0,
        seen: 0,
        seen_space: false,
        lex_error: lexed.error,
        // Room for a few declarations: growing from one slot reallocated in most files.
        vars: {
            let mut v = Vec::with_capacity(8);
            v.push("$");
            v
        },
        range_depth: 0,
        action_line: 0,
        depth: 0,
        parse_name: name.to_string(),
        text: text.clone(),
        input: text,
        has_func,
        trees: Vec::new(),
        // Sizes that the stacks seldom outgrow: a file's top-level list is its longest.
        args: Vec::with_capacity(32),
        nodes: Vec::with_capacity(16 + n_items / 8),
        space_taken: usize::MAX,
    };
    let root = p.parse_top().map_err(|e| *e)?;
    let main = Tree {
        name: name.to_string(),
        parse_name: name.to_string(),
        root,
        text: p.text.clone(),
    };
    p.add(main).map_err(|e| *e)?;
    // The file's own tree first, then definitions in order.
    let mut trees = p.trees;
    if let Some(i) = trees.iter().position(|t| t.name == name) {
        let t = trees.remove(i);
        trees.insert(0, t);
    }
    Ok(trees)
}

impl<'a> Parser<'a, '_> {
    /// The text of `item` past its first `skip` bytes, as a slice of the tree's text.
    /// The text of `item`.
    #[inline]
    fn val(&self, item: &Item) -> &'a str {
        item.val(self.input)
    }

    fn src(&self, item: &Item, skip: usize) -> Src {
        let start = item.pos as usize;
        Src::new(&self.text, start + skip, start + item.len as usize)
    }

    /// A chain of names begun by `item`, past its first `skip` bytes.
    fn chain(&self, item: &Item, skip: usize) -> Names {
        Names::new(self.src(item, skip))
    }

    /// The item at `i`; past the end, the final `Eof` again, as Go's lexer repeats it.
    #[inline]
    fn item(&self, i: usize) -> Item {
        match self.items.get(i) {
            Some(t) => *t,
            None => self.items[self.items.len() - 1],
        }
    }

    #[inline]
    fn next(&mut self) -> Item {
        let t = self.item(self.at);
        self.at += 1;
        t
    }

    /// Goes back to item `i` (Go's `backup`, `backup2`, `backup3`).
    #[inline]
    fn back_to(&mut self, i: usize) {
        // The item before `at` was read whole (by `next`), space and all.
        if self.at > self.seen {
            self.seen = self.at - 1;
            self.seen_space = false;
        }
        self.at = i;
    }

    #[inline]
    fn backup(&mut self) {
        self.back_to(self.at - 1);
    }

    #[inline]
    fn peek(&mut self) -> Item {
        if self.at >= self.seen {
            self.seen = self.at;
            self.seen_space = false;
        }
        self.item(self.at)
    }

    /// Go's plain `peek` where its result may be a space item: when white space comes
    /// first, Go's lexer has read only that far.
    #[inline]
    fn peek_raw(&mut self) -> Item {
        let t = self.item(self.at);
        if self.at > self.seen {
            self.seen = self.at;
            self.seen_space = t.spaced;
        }
        t
    }

    /// Go's `nextNonSpace`: the lexer pushes no space items (see [`Item::spaced`]).
    #[inline]
    fn next_non_space(&mut self) -> Item {
        self.next()
    }

    fn peek_non_space(&mut self) -> Item {
        let t = self.next_non_space();
        self.backup();
        t
    }

    #[cold]
    fn errorf<T>(&self, msg: String) -> PResult<T> {
        let line = if self.seen_space && self.seen == self.at && self.at > 0 {
            // The space starts where the item before it ends.
            let prev = self.item(self.at - 1);
            prev.line + self.val(&prev).bytes().filter(|&c| c == b'\n').count() as u32
        } else {
            self.item(self.seen.max(self.at.saturating_sub(1))).line
        };
        Err(Box::new(ParseError {
            name: self.parse_name.clone(),
            line,
            msg,
        }))
    }

    fn unexpected<T>(&self, token: &Item, context: &str) -> PResult<T> {
        if token.typ == ItemType::Error {
            let msg = &self.lex_error;
            let mut extra = String::new();
            if self.action_line != 0 && self.action_line != token.line {
                extra = format!(
                    " in action started at {}:{}",
                    self.parse_name, self.action_line
                );
                if msg.ends_with(" action") {
                    extra = extra[" in action".len()..].to_string();
                }
            }
            return self.errorf(format!("{msg}{extra}"));
        }
        let token = token.describe(self.input);
        self.errorf(format!("unexpected {token} in {context}"))
    }

    fn expect(&mut self, expected: ItemType, context: &str) -> PResult<Item> {
        let t = self.next_non_space();
        if t.typ != expected {
            return self.unexpected(&t, context);
        }
        Ok(t)
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > crate::limits::MAX_PARSE_DEPTH {
            return self.errorf("max expression depth exceeded".to_string());
        }
        Ok(())
    }

    /// Go's `Tree.add`: a second non-empty definition of a name in one text is an error.
    fn add(&mut self, tree: Tree) -> PResult<()> {
        if let Some(i) = self.trees.iter().position(|t| t.name == tree.name) {
            if is_empty_tree(&self.trees[i].root) {
                self.trees[i] = tree;
                return Ok(());
            }
            if !is_empty_tree(&tree.root) {
                return self.errorf(format!(
                    "template: multiple definition of template {}",
                    super::gostr::quote(&tree.name)
                ));
            }
            return Ok(());
        }
        self.trees.push(tree);
        Ok(())
    }

    /// parse: (textOrAction | define)* EOF
    fn parse_top(&mut self) -> PResult<ListNode> {
        let pos = self.peek().pos;
        let base = self.nodes.len();
        while self.peek().typ != ItemType::Eof {
            if self.peek().typ == ItemType::LeftDelim {
                let delim = self.at;
                self.next();
                if self.next_non_space().typ == ItemType::Define {
                    self.parse_definition()?;
                    continue;
                }
                self.back_to(delim);
            }
            match self.text_or_action()? {
                Parsed::Pushed => {}
                other => return self.errorf(format!("unexpected {other}")),
            }
        }
        Ok(ListNode {
            pos,
            nodes: self.take_nodes(base),
        })
    }

    /// The nodes pushed since the stack had `base` of them.
    fn take_nodes(&mut self, base: usize) -> Vec<Node> {
        self.nodes.split_off(base)
    }

    /// define: {{define "name"}} itemList {{end}}  (the keyword is past)
    fn parse_definition(&mut self) -> PResult<()> {
        const CONTEXT: &str = "define clause";
        let saved_vars = core::mem::replace(&mut self.vars, vec!["$"]);
        let saved_range = core::mem::replace(&mut self.range_depth, 0);
        let name_tok = self.next_non_space();
        if name_tok.typ != ItemType::String && name_tok.typ != ItemType::RawString {
            return self.unexpected(&name_tok, CONTEXT);
        }
        let name = match super::gostr::unquote(self.val(&name_tok)) {
            Ok(n) => n,
            Err(e) => return self.errorf(e.to_string()),
        };
        self.expect(ItemType::RightDelim, CONTEXT)?;
        let (root, end) = self.item_list()?;
        if !matches!(end, Parsed::End) {
            return self.errorf(format!("unexpected {end} in {CONTEXT}"));
        }
        self.add(Tree {
            name,
            parse_name: self.parse_name.clone(),
            root,
            text: self.text.clone(),
        })?;
        self.vars = saved_vars;
        self.range_depth = saved_range;
        Ok(())
    }

    /// itemList: textOrAction* — ends at {{end}} or {{else}}, returned separately.
    fn item_list(&mut self) -> PResult<(ListNode, Parsed)> {
        let pos = self.peek_non_space().pos;
        let base = self.nodes.len();
        while self.peek_non_space().typ != ItemType::Eof {
            match self.text_or_action()? {
                Parsed::Pushed => {}
                other => {
                    let list = ListNode {
                        pos,
                        nodes: self.take_nodes(base),
                    };
                    return Ok((list, other));
                }
            }
        }
        self.errorf("unexpected EOF".to_string())
    }

    /// textOrAction: text | comment | action
    fn text_or_action(&mut self) -> PResult<Parsed> {
        let token = self.next_non_space();
        match token.typ {
            ItemType::Text => {
                self.nodes.push(Node::Text(TextNode {
                    pos: token.pos,
                    text: self.src(&token, 0),
                }));
                Ok(Parsed::Pushed)
            }
            ItemType::LeftDelim => {
                self.action_line = token.line;
                let r = self.action(&token);
                self.action_line = 0;
                r
            }
            _ => self.unexpected(&token, "input"),
        }
    }

    /// action: control | command ("|" command)*   (the left delimiter is past)
    fn action(&mut self, delim: &Item) -> PResult<Parsed> {
        let token = self.next_non_space();
        let node = match token.typ {
            ItemType::Block => self.block_control()?,
            ItemType::Break => self.break_control(token.pos, token.line, true)?,
            ItemType::Continue => self.break_control(token.pos, token.line, false)?,
            ItemType::Else => return self.else_control(),
            ItemType::End => return self.end_control(),
            ItemType::If => Node::If(self.branch_control("if")?),
            ItemType::Range => Node::Range(self.branch_control("range")?),
            ItemType::Template => self.template_control()?,
            ItemType::With => Node::With(self.branch_control("with")?),
            _ => {
                self.backup();
                // Go places the action at the item after the delimiter, its space item if
                // white space comes first.
                let token = self.peek();
                let (pos, line) = if token.spaced {
                    self.space_after(delim)
                } else {
                    (token.pos, token.line)
                };
                // Variables are not popped here: they persist until "end".
                let pipe = self.pipeline("command", ItemType::RightDelim)?;
                Node::Action(ActionNode { pos, line, pipe })
            }
        };
        self.nodes.push(node);
        Ok(Parsed::Pushed)
    }

    /// Where Go's space item after the left delimiter `delim` starts: past the delimiter and
    /// its trim marker (`- `, whose space may be a line break), and on which line.
    fn space_after(&self, delim: &Item) -> (Pos, u32) {
        let b = self.input.as_bytes();
        let at = delim.pos as usize + delim.len as usize;
        if super::lex::has_left_trim_marker(&b[at..]) {
            // The marker's white space is the only byte before the space that may break
            // the line.
            let line = delim.line + u32::from(b[at + 1] == b'\n');
            return ((at + super::lex::TRIM_MARKER_LEN) as Pos, line);
        }
        (at as Pos, delim.line)
    }

    fn break_control(&mut self, pos: Pos, line: u32, is_break: bool) -> PResult<Node> {
        let name = if is_break {
            "{{break}}"
        } else {
            "{{continue}}"
        };
        let token = self.next_non_space();
        if token.typ != ItemType::RightDelim {
            return self.unexpected(&token, name);
        }
        if self.range_depth == 0 {
            return self.errorf(format!("{name} outside {{{{range}}}}"));
        }
        Ok(if is_break {
            Node::Break(pos, line)
        } else {
            Node::Continue(pos, line)
        })
    }

    /// else: {{else}}, or the `else` of `else if` / `else with` (left pending).
    fn else_control(&mut self) -> PResult<Parsed> {
        let peek = self.peek_non_space();
        if peek.typ == ItemType::If || peek.typ == ItemType::With {
            return Ok(Parsed::Else(peek.pos));
        }
        let token = self.expect(ItemType::RightDelim, "else")?;
        Ok(Parsed::Else(token.pos))
    }

    /// end: {{end}}
    fn end_control(&mut self) -> PResult<Parsed> {
        self.expect(ItemType::RightDelim, "end")?;
        Ok(Parsed::End)
    }

    /// if/range/with: {{KEYWORD pipeline}} itemList ({{else}} itemList)? {{end}}
    fn branch_control(&mut self, context: &str) -> PResult<Box<BranchNode>> {
        self.enter()?;
        let nvars = self.vars.len();
        let r = self.parse_control(context);
        self.vars.truncate(nvars);
        self.depth -= 1;
        r
    }

    fn parse_control(&mut self, context: &str) -> PResult<Box<BranchNode>> {
        let pipe = self.pipeline(context, ItemType::RightDelim)?;
        if context == "range" {
            self.range_depth += 1;
        }
        let (list, next) = self.item_list()?;
        if context == "range" {
            self.range_depth -= 1;
        }
        let mut else_list = None;
        match next {
            Parsed::End => {}
            Parsed::Else(pos) => {
                // `{{else if b}}` is `{{else}}{{if b}}…{{end}}{{end}}` with the last end implied.
                if context == "if" && self.peek().typ == ItemType::If {
                    self.next();
                    let inner = self.branch_control("if")?;
                    else_list = Some(ListNode {
                        pos,
                        nodes: vec![Node::If(inner)],
                    });
                } else if context == "with" && self.peek().typ == ItemType::With {
                    self.next();
                    let inner = self.branch_control("with")?;
                    else_list = Some(ListNode {
                        pos,
                        nodes: vec![Node::With(inner)],
                    });
                } else {
                    let (l, next) = self.item_list()?;
                    if !matches!(next, Parsed::End) {
                        return self.errorf(format!("expected end; found {next}"));
                    }
                    else_list = Some(l);
                }
            }
            Parsed::Pushed => unreachable!("item_list returns only end or else"),
        }
        Ok(Box::new(BranchNode {
            pos: pipe.pos,
            line: pipe.line,
            pipe,
            list,
            else_list,
        }))
    }

    /// block: {{block "name" pipeline}} itemList {{end}}
    fn block_control(&mut self) -> PResult<Node> {
        const CONTEXT: &str = "block clause";
        let token = self.next_non_space();
        let name = self.parse_template_name(&token, CONTEXT)?;
        let pipe = self.pipeline(CONTEXT, ItemType::RightDelim)?;
        let saved_vars = core::mem::replace(&mut self.vars, vec!["$"]);
        let saved_range = core::mem::replace(&mut self.range_depth, 0);
        let (root, end) = self.item_list()?;
        if !matches!(end, Parsed::End) {
            return self.errorf(format!("unexpected {end} in {CONTEXT}"));
        }
        self.add(Tree {
            name: name.clone(),
            parse_name: self.parse_name.clone(),
            root,
            text: self.text.clone(),
        })?;
        self.vars = saved_vars;
        self.range_depth = saved_range;
        Ok(Node::Template(Box::new(TemplateNode {
            pos: token.pos,
            line: token.line,
            name,
            pipe: Some(pipe),
        })))
    }

    /// template: {{template "name" pipeline?}}
    fn template_control(&mut self) -> PResult<Node> {
        const CONTEXT: &str = "template clause";
        let token = self.next_non_space();
        let name = self.parse_template_name(&token, CONTEXT)?;
        let mut pipe = None;
        if self.next_non_space().typ != ItemType::RightDelim {
            self.backup();
            pipe = Some(self.pipeline(CONTEXT, ItemType::RightDelim)?);
        }
        Ok(Node::Template(Box::new(TemplateNode {
            pos: token.pos,
            line: token.line,
            name,
            pipe,
        })))
    }

    fn parse_template_name(&mut self, token: &Item, context: &str) -> PResult<String> {
        match token.typ {
            ItemType::String | ItemType::RawString => {
                match super::gostr::unquote(self.val(token)) {
                    Ok(s) => Ok(s),
                    Err(e) => self.errorf(e.to_string()),
                }
            }
            _ => self.unexpected(token, context),
        }
    }

    /// pipeline: declarations? command ('|' command)*
    fn pipeline(&mut self, context: &str, end: ItemType) -> PResult<PipeNode> {
        self.enter()?;
        let r = self.pipeline_inner(context, end);
        self.depth -= 1;
        r
    }

    fn pipeline_inner(&mut self, context: &str, end: ItemType) -> PResult<PipeNode> {
        let token = self.peek_non_space();
        let mut pipe = PipeNode::new(token.pos, token.line);
        let base = self.args.len();
        'decls: loop {
            let v = self.peek_non_space();
            if v.typ != ItemType::Variable {
                break;
            }
            let v_at = self.at;
            self.next();
            // In "$x foo" we must read "foo" (not ":=") to know $x is an argument, then go
            // back to the variable.
            let next = self.peek_non_space();
            if next.typ == ItemType::Assign || next.typ == ItemType::Declare {
                pipe.is_assign = next.typ == ItemType::Assign;
                self.next_non_space();
                pipe.push_decl(VariableNode {
                    pos: v.pos,
                    ident: self.chain(&v, 0),
                });
                self.vars.push(self.val(&v));
            } else if next.typ == ItemType::Char && self.val(&next) == "," {
                self.next_non_space();
                pipe.push_decl(VariableNode {
                    pos: v.pos,
                    ident: self.chain(&v, 0),
                });
                self.vars.push(self.val(&v));
                if context == "range" && pipe.decl().len() < 2 {
                    match self.peek_non_space().typ {
                        ItemType::Variable | ItemType::RightDelim | ItemType::RightParen => {
                            continue 'decls
                        }
                        _ => return self.errorf("range can only initialize variables".to_string()),
                    }
                }
                return self.errorf(format!("too many declarations in {context}"));
            } else {
                self.back_to(v_at);
            }
            break;
        }
        loop {
            let token = self.next_non_space();
            match token.typ {
                t if t == end => {
                    pipe.set_args(self.args.split_off(base));
                    self.check_pipeline(&pipe, context)?;
                    return Ok(pipe);
                }
                ItemType::Bool
                | ItemType::CharConstant
                | ItemType::Complex
                | ItemType::Dot
                | ItemType::Field
                | ItemType::Identifier
                | ItemType::Number
                | ItemType::Nil
                | ItemType::RawString
                | ItemType::String
                | ItemType::Variable
                | ItemType::LeftParen => {
                    self.backup();
                    self.command(&mut pipe, base)?;
                }
                _ => return self.unexpected(&token, context),
            }
        }
    }

    fn check_pipeline(&self, pipe: &PipeNode, context: &str) -> PResult<()> {
        if pipe.command_count() == 0 {
            return self.errorf(format!("missing value for {context}"));
        }
        if pipe.command_count() == 1 {
            return Ok(());
        }
        for (i, c) in pipe.commands().enumerate().skip(1) {
            if matches!(
                c.args[0],
                Arg::Bool(..) | Arg::Dot(_) | Arg::Nil(_) | Arg::Number(_) | Arg::String(..)
            ) {
                return self.errorf(format!(
                    "non executable command in pipeline stage {}",
                    i + 1
                ));
            }
        }
        Ok(())
    }

    /// command: operand (space operand)*
    ///
    /// The operands go onto the pipeline's shared vector.
    fn command(&mut self, pipe: &mut PipeNode, base: usize) -> PResult<()> {
        let pos = self.peek_non_space().pos;
        pipe.start_command(pos, self.args.len() - base);
        loop {
            self.peek_non_space();
            self.operand()?;
            let token = self.next();
            // Go's space item between operands: the next operand (if any) comes after it.
            if token.spaced && self.space_taken != self.at - 1 {
                self.space_taken = self.at - 1;
                self.backup();
                continue;
            }
            match token.typ {
                ItemType::RightDelim | ItemType::RightParen => self.backup(),
                ItemType::Pipe => {}
                _ => return self.unexpected(&token, "operand"),
            }
            break;
        }
        if pipe.last_command_len(self.args.len() - base) == 0 {
            return self.errorf("empty command".to_string());
        }
        Ok(())
    }

    /// operand: term .Field*
    ///
    /// The operand goes straight onto `out` (the command's arguments): an `Arg` passed back
    /// up through `Result<Option<_>>` layers was copied at each, and those copies were a
    /// tenth of a render's time.
    fn operand(&mut self) -> PResult<()> {
        if !self.term()? {
            return Ok(());
        }
        // Fields chain onto the term only when they touch it.
        let next = self.peek_raw();
        if next.typ != ItemType::Field || next.spaced {
            return Ok(());
        }
        let first = self.peek();
        let pos = first.pos;
        // The fields touch one another (and the term), so the chain is one slice of text.
        let mut end = pos as usize;
        while self.peek_raw().typ == ItemType::Field && !self.peek_raw().spaced {
            let f = self.next();
            debug_assert_eq!(f.pos as usize, end);
            end = f.pos as usize + f.len as usize;
        }
        let Some(node) = self.args.last_mut() else {
            return Ok(());
        };
        match node {
            Arg::Field(p, ids) => {
                // A field item that is already a chain has its node's place (its second
                // name, where Go's chain begins) from `term`.
                if !ids.as_str().contains('.') {
                    *p = pos;
                }
                ids.extend_to(end);
            }
            Arg::Variable(v) => {
                v.ident.extend_to(end);
                v.pos = pos;
            }
            Arg::Bool(..) | Arg::String(..) | Arg::Number(_) | Arg::Nil(_) | Arg::Dot(_) => {
                let q = super::gostr::quote(&node.to_string());
                return self.errorf(format!("unexpected . after term {q}"));
            }
            _ => {
                let mut fields = self.chain(&first, 1);
                fields.extend_to(end);
                let other = self.args.pop().expect("the term just pushed");
                self.args.push(Arg::Chain(Box::new(ChainNode {
                    pos,
                    node: other,
                    fields,
                })));
            }
        }
        Ok(())
    }

    /// term: literal | function | . | .Field | $ | '(' pipeline ')'
    ///
    /// Pushes the term onto `out`; false (nothing pushed) when the next item starts none.
    fn term(&mut self) -> PResult<bool> {
        let token = self.next_non_space();
        let arg = match token.typ {
            ItemType::Identifier => {
                if !(self.has_func)(self.val(&token)) {
                    return self.errorf(format!(
                        "function {} not defined",
                        super::gostr::quote(self.val(&token))
                    ));
                }
                Arg::Identifier(token.pos, self.src(&token, 0))
            }
            ItemType::Dot => Arg::Dot(token.pos),
            ItemType::Nil => Arg::Nil(token.pos),
            ItemType::Variable => {
                if !self.vars.contains(&self.val(&token)) {
                    return self.errorf(format!(
                        "undefined variable {}",
                        super::gostr::quote(self.val(&token))
                    ));
                }
                Arg::Variable(VariableNode {
                    pos: token.pos,
                    ident: self.chain(&token, 0),
                })
            }
            ItemType::Field => {
                // A chain of names (one item, see `ItemType::Field`) is placed where its
                // second name starts, as Go places the chain it builds from one-name items.
                let text = self.val(&token).as_bytes();
                let pos = match text[1..].iter().position(|&c| c == b'.') {
                    Some(i) => token.pos + 1 + i as Pos,
                    None => token.pos,
                };
                Arg::Field(pos, self.chain(&token, 1))
            }
            ItemType::Bool => Arg::Bool(token.pos, self.val(&token) == "true"),
            ItemType::CharConstant | ItemType::Complex | ItemType::Number => {
                match new_number(token.pos, self.src(&token, 0), token.typ) {
                    Ok(n) => Arg::Number(Box::new(n)),
                    Err(e) => return self.errorf(e),
                }
            }
            ItemType::LeftParen => Arg::Pipe(Box::new(
                self.pipeline("parenthesized pipeline", ItemType::RightParen)?,
            )),
            ItemType::String | ItemType::RawString => match string_value(self.val(&token)) {
                Ok(s) => Arg::String(token.pos, self.src(&token, 0), s),
                Err(e) => return self.errorf(e.to_string()),
            },
            _ => {
                self.backup();
                return Ok(false);
            }
        };
        self.args.push(arg);
        Ok(true)
    }
}

/// The value of a string literal the lexer produced (so its quotes are balanced); without
/// escapes (or, raw, carriage returns) that is the text between the quotes.
fn string_value(lit: &str) -> Result<Rc<str>, &'static str> {
    let body = &lit[1..lit.len() - 1];
    let plain = if lit.starts_with('`') {
        !body.contains('\r')
    } else {
        !body.contains('\\')
    };
    if plain {
        return Ok(Rc::from(body));
    }
    super::gostr::unquote(lit).map(Rc::from)
}

/// Go's `newNumber`: every interpretation of a number literal.
fn new_number(pos: Pos, src: Src, typ: ItemType) -> Result<NumberNode, String> {
    let text = src.as_str();
    let mut n = NumberNode {
        pos,
        is_int: false,
        is_uint: false,
        is_float: false,
        is_complex: false,
        int64: 0,
        uint64: 0,
        float64: 0.0,
        text: src.clone(),
    };
    if typ == ItemType::CharConstant {
        // Go reads one char after the quote and wants only the closing quote after it.
        let (c, tail) =
            super::gostr::unquote_char(&text[1..], text.as_bytes()[0]).map_err(String::from)?;
        if tail != "'" {
            return Err(format!("malformed character constant: {text}"));
        }
        n.int64 = c as i64;
        n.uint64 = c as u64;
        n.float64 = c as u32 as f64;
        n.is_int = true;
        n.is_uint = true;
        n.is_float = true;
        return Ok(n);
    }
    if typ == ItemType::Complex || text.ends_with('i') {
        // Complex numbers cannot reach a Helm template's values; Go accepts them, we refuse.
        return Err(format!(
            "illegal number syntax: {}",
            super::gostr::quote(text)
        ));
    }
    let u = parse_uint0(text);
    if let Some(u) = u {
        n.is_uint = true;
        n.uint64 = u;
    }
    if let Some(i) = parse_int0(text) {
        n.is_int = true;
        n.int64 = i;
        if i == 0 {
            n.is_uint = true;
            n.uint64 = u.unwrap_or(0);
        }
    }
    if n.is_int {
        n.is_float = true;
        n.float64 = n.int64 as f64;
    } else if n.is_uint {
        n.is_float = true;
        n.float64 = n.uint64 as f64;
    } else if let Some(f) = parse_float_go(text) {
        if !text.contains(['.', 'e', 'E', 'p', 'P']) {
            return Err(format!("integer overflow: {}", super::gostr::quote(text)));
        }
        n.is_float = true;
        n.float64 = f;
        if !n.is_int && (f as i64) as f64 == f {
            n.is_int = true;
            n.int64 = f as i64;
        }
        if !n.is_uint && f >= 0.0 && (f as u64) as f64 == f {
            n.is_uint = true;
            n.uint64 = f as u64;
        }
    }
    if !n.is_int && !n.is_uint && !n.is_float {
        return Err(format!(
            "illegal number syntax: {}",
            super::gostr::quote(text)
        ));
    }
    Ok(n)
}

fn parse_uint0(s: &str) -> Option<u64> {
    crate::gofmt::strconv::parse_uint(s, 0, 64).ok()
}

fn parse_int0(s: &str) -> Option<i64> {
    crate::gofmt::strconv::parse_int(s, 0, 64).ok()
}

fn parse_float_go(s: &str) -> Option<f64> {
    crate::gofmt::strconv::parse_float(s).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<String, String> {
        let f = |n: &str| matches!(n, "printf" | "include" | "upper" | "default" | "list");
        parse("t", text, &f)
            .map(|ts| {
                ts.iter()
                    .map(|t| format!("{}={}", t.name, t.root))
                    .collect::<Vec<_>>()
                    .join(";")
            })
            .map_err(|e| e.to_string())
    }

    /// Items lexed ahead are taken only for the text and keyword switches they were lexed
    /// with; others are lexed again, so the trees are always the text's own.
    #[test]
    fn items_lexed_ahead_are_used_only_where_they_fit() {
        let reprint = |ts: TreeSet| {
            ts.iter()
                .map(|t| format!("{}={}", t.name, t.root))
                .collect::<Vec<_>>()
                .join(";")
        };
        let text: Rc<str> = Rc::from("{{ range .A }}{{ break }}{{ end }}{{ .B }}");
        let none = |_: &str| false;
        let want = reprint(parse_shared("t", &text, &none).unwrap());
        let fit = lex(&text, true, true);
        assert!(fit.fits(&text, true, true));
        let got = parse_lexed("t", &text, &none, Some(fit)).unwrap();
        assert_eq!(reprint(got), want);
        // Lexed with `break` as a function name, or from another text: lexed again.
        let other = lex(&text, false, true);
        assert!(!other.fits(&text, true, true));
        let got = parse_lexed("t", &text, &none, Some(other)).unwrap();
        assert_eq!(reprint(got), want);
        let shorter = lex("{{ .B }}", true, true);
        assert!(!shorter.fits(&text, true, true));
        let got = parse_lexed("t", &text, &none, Some(shorter)).unwrap();
        assert_eq!(reprint(got), want);
    }

    #[test]
    fn canonical_reprint() {
        let cases: &[(&str, &str)] = &[
            ("a{{.X}}b", "t=a{{.X}}b"),
            (
                "{{ $x := .A.B | printf \"%d\" }}",
                "t={{$x := .A.B | printf \"%d\"}}",
            ),
            (
                "{{if .A}}x{{else if .B}}y{{else}}z{{end}}",
                "t={{if .A}}x{{else}}{{if .B}}y{{else}}z{{end}}{{end}}",
            ),
            (
                "{{range $i, $v := .L}}{{$v}}{{break}}{{end}}",
                "t={{range $i, $v := .L}}{{$v}}{{break}}{{end}}",
            ),
            ("{{define \"d\"}}D{{end}}x", "t=x;d=D"),
            ("{{ (list 1 2).X }}", "t={{(list 1 2).X}}"),
            ("{{- 3 -}}  {{- `raw` }}", "t={{3}}{{`raw`}}"),
            ("{{/* c */}}a {{- /* c */ -}} b", "t=ab"),
            ("{{template \"d\" .}}", "t={{template \"d\" .}}"),
            (
                "{{ 'a' }} {{ 0x1F }} {{ 1e3 }} {{ -2 }}",
                "t={{'a'}} {{0x1F}} {{1e3}} {{-2}}",
            ),
        ];
        for (src, want) in cases {
            assert_eq!(p(src).as_deref(), Ok(*want), "{src}");
        }
    }

    /// The lexer's word-at-a-time scans (quoted strings, comments, text up to `{{`) and its
    /// field-chain shortcut agree with the plain reading at every offset and length.
    #[test]
    fn scans_at_every_offset() {
        for n in 0..24 {
            let pad = "x".repeat(n);
            // A string with an escape or a star at each position, read whole.
            for k in 0..=n {
                let (a, b) = pad.split_at(k);
                for mid in ["\\\"", "\\n", "*", "é", "\t"] {
                    let lit = format!("\"{a}{mid}{b}\"");
                    assert_eq!(
                        p(&format!("{{{{ {lit} }}}}")),
                        Ok(format!("t={{{{{lit}}}}}"))
                    );
                }
                // A line break inside ends the string unterminated (Go names its first line).
                let e = p(&format!("{{{{ \"{a}\n{b}\" }}}}")).unwrap_err();
                assert_eq!(e, "template: t:1: unterminated quoted string", "{k} {n}");
                // Stars and slashes before a comment's end, text on either side.
                let c = format!("{a}**{b}x/ * /*");
                assert_eq!(
                    p(&format!("{pad}{{{{/* {c} */}}}}{a}")),
                    Ok(format!("t={pad}{a}"))
                );
                // A `{` alone in the text, then an action.
                assert_eq!(
                    p(&format!("{a}{{y{b}{{{{.X}}}}")),
                    Ok(format!("t={a}{{y{b}{{{{.X}}}}"))
                );
            }
            // Field chains of every length, ended by each terminator the shortcut knows,
            // and by a non-ASCII letter that only the general path reads.
            let chain: String = (0..n % 6 + 1)
                .map(|i| format!(".F{i}{}", &pad[..i]))
                .collect();
            for end in [" ", ")", "|", "}}"] {
                let src = if end == "}}" {
                    format!("{{{{{chain}}}}}")
                } else if end == ")" {
                    format!("{{{{ ({chain}) }}}}")
                } else {
                    format!("{{{{ {chain}{end} upper }}}}")
                };
                let want = if end == ")" {
                    format!("t={{{{({chain})}}}}")
                } else if end == "|" {
                    format!("t={{{{{chain} | upper}}}}")
                } else {
                    format!(
                        "t={{{{{chain}{}}}}}",
                        if end == " " { " upper" } else { "" }
                    )
                };
                // (`.X upper` is a field given an argument: parsed, printed as written.)
                assert_eq!(p(&src), Ok(want), "{src}");
            }
            assert_eq!(
                p(&format!("{{{{ {chain}é }}}}")),
                Ok(format!("t={{{{{chain}é}}}}"))
            );
        }
    }

    /// White space between operands, as Go's space items separate them (expectations from
    /// Helm v4.2.3): a field after a space is an operand of its own, one touching a term
    /// chains onto it, and an action sits where its first space (or item) starts.
    #[test]
    fn spaces_between_operands() {
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("{{ $x := . }}{{ $x.a .b }}", Ok("t={{$x := .}}{{$x.a .b}}")),
            (
                "{{ printf (printf 1 ).X }}",
                Ok("t={{printf (printf 1).X}}"),
            ),
            (
                "{{ printf (printf 1) .X }}",
                Ok("t={{printf (printf 1) .X}}"),
            ),
            ("{{ printf .A|printf }}", Ok("t={{printf .A | printf}}")),
            ("{{-\n.A\n}}", Ok("t={{.A}}")),
            (
                "{{ .X\"a\" }}",
                Err("template: t:1: bad character U+0022 '\"'"),
            ),
            (
                "{{ .X(1) }}",
                Err("template: t:1: unexpected \"(\" in operand"),
            ),
            (
                "{{ .X := 1 }}",
                Err("template: t:1: unexpected \":=\" in operand"),
            ),
        ];
        for (src, want) in cases {
            assert_eq!(
                p(src).as_deref(),
                want.map_err(String::from).as_deref(),
                "{src}"
            );
        }
        let f = |_: &str| false;
        for (src, pos, line) in [
            ("{{.A}}", 2, 1),
            ("{{ .A}}", 2, 1),
            ("{{-  .A}}", 4, 1),
            ("{{- \n .A}}", 4, 1),
            ("{{-\n .A}}", 4, 2),
            ("x\n{{\t.A}}", 4, 2),
        ] {
            let trees = parse("t", src, &f).unwrap();
            let Some(Node::Action(a)) = trees[0].root.nodes.last() else {
                panic!("{src}: no action");
            };
            assert_eq!((a.pos, a.line), (pos, line), "{src}");
        }
    }

    #[test]
    fn errors_as_go_words_them() {
        // Expectations from Go's text/template (Helm v4.2.3 keeps the part after the last ": ").
        let cases: &[(&str, &str)] = &[
            ("{{ if }}", "template: t:1: missing value for if"),
            ("a\n{{ end }}", "template: t:2: unexpected {{end}}"),
            ("{{ foo }}", "template: t:1: function \"foo\" not defined"),
            ("{{ .X", "template: t:1: unclosed action"),
            ("{{ $x }}", "template: t:1: undefined variable \"$x\""),
            ("{{if .X}}", "template: t:1: unexpected EOF"),
            ("{{break}}", "template: t:1: {{break}} outside {{range}}"),
            (
                "{{ .X | 3 }}",
                "template: t:1: non executable command in pipeline stage 2",
            ),
            (
                "{{ \"a\".X }}",
                "template: t:1: unexpected . after term \"\\\"a\\\"\"",
            ),
            ("{{ ) }}", "template: t:1: unexpected right paren"),
            ("{{ ( }}", "template: t:1: unclosed left paren"),
            (
                "{{define \"a\"}}x{{end}}{{define \"a\"}}y{{end}}",
                "template: t:1: template: multiple definition of template \"a\"",
            ),
            ("{{ 1a }}", "template: t:1: bad number syntax: \"1a\""),
            ("{{ \"x }}", "template: t:1: unterminated quoted string"),
            ("{{ .X }", "template: t:1: unexpected \"}\" in operand"),
            (
                "{{/* x */ y}}",
                "template: t:1: comment ends before closing delimiter",
            ),
            (
                "{{ 99999999999999999999 }}",
                "template: t:1: integer overflow: \"99999999999999999999\"",
            ),
            ("{{ .a@b }}", "template: t:1: bad character U+0040 '@'"),
        ];
        for (src, want) in cases {
            assert_eq!(
                p(src).map_err(|e| e.to_string()),
                Err(want.to_string()),
                "{src}"
            );
        }
    }
}
