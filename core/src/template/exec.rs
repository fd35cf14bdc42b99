//! The executor, after Go's `text/template/exec.go`: walks a parsed tree with a dot value,
//! writing text. Go's reflection semantics that templates can observe are kept: the
//! difference between "no value" and a nil `interface{}` slot, Go's argument checks and
//! conversions, the node an error is reported at.
//!
//! Helm's `include` and `tpl` live here too, because they re-enter the executor.

use alloc::borrow::{Cow, ToOwned};
use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

use super::error::{Cause, ErrorKind, ExecError};
use super::funcs::{CallCtx, Effect, Func, FuncMap, Sig, Ty};
use super::memo::Found;
use super::node::*;
use super::parse::{self, ParseError, Tree};
use crate::host::Host;
use crate::value::{Elem, MapType, Value};

/// Go's `missingkey` option: what a missing map key evaluates to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum MissingKey {
    /// `missingkey=default`: no value (prints `<no value>`).
    Invalid,
    /// `missingkey=zero`: the zero value of the map's element type (Helm's default).
    #[default]
    Zero,
    /// `missingkey=error`: an error (Helm's strict/lint mode).
    Error,
}

/// Execution settings.
#[derive(Clone, Debug)]
pub struct ExecOptions {
    /// Missing map keys.
    pub missing_key: MissingKey,
    /// Lint mode (`required`/`fail` do not stop rendering).
    pub lint: bool,
    /// Go's `maxExecDepth` for `{{template}}` nesting (Go: 100000; 1000 on wasm).
    pub max_template_depth: usize,
    /// Bound on all nested executions together (`template`, `include`, `tpl`), which keeps
    /// the native stack safe whatever the chart does.
    pub max_nesting: usize,
    /// Optional budget of executed nodes; an endless render stops with an error.
    pub max_steps: Option<u64>,
    /// Reuse the text of an `include` that nothing can have changed (see `super::memo`):
    /// for Helm's render, which changes no value between templates but `.Template`.
    pub reuse_includes: bool,
    /// The name of the root template (Helm: `gotpl`), used in `include` errors and by `tpl`.
    pub root_name: String,
}

impl Default for ExecOptions {
    fn default() -> Self {
        ExecOptions {
            missing_key: MissingKey::Zero,
            lint: false,
            max_template_depth: if cfg!(target_family = "wasm") {
                1000
            } else {
                crate::limits::MAX_EXEC_DEPTH
            },
            max_nesting: crate::limits::MAX_NESTING,
            max_steps: None,
            reuse_includes: false,
            root_name: "gotpl".to_string(),
        }
    }
}

/// A set of named templates that can call each other (Go's `*template.Template` common set).
#[derive(Clone)]
pub struct Templates {
    trees: BTreeMap<String, Rc<Tree>>,
    funcs: Rc<FuncMap>,
    /// Included texts kept for reuse (`ExecOptions::reuse_includes`).
    memo: core::cell::RefCell<super::memo::Memo>,
}

impl Templates {
    /// An empty set whose templates may call `funcs` (Go's builtins are always available).
    pub fn new(funcs: Rc<FuncMap>) -> Templates {
        Templates {
            trees: BTreeMap::new(),
            funcs,
            memo: Default::default(),
        }
    }

    /// The functions.
    pub fn funcs(&self) -> &Rc<FuncMap> {
        &self.funcs
    }

    /// Go's `t.New(name).Parse(text)`: parses `text` as template `name` and adds every tree
    /// it defines. A later definition replaces an earlier one unless it is empty.
    pub fn parse(&mut self, name: &str, text: &str) -> Result<(), ParseError> {
        self.parse_shared(name, &Rc::from(text))
    }

    /// [`Templates::parse`] of a text the trees share instead of copying.
    pub fn parse_shared(&mut self, name: &str, text: &Rc<str>) -> Result<(), ParseError> {
        self.parse_lexed(name, text, None)
    }

    /// [`Templates::parse_shared`] from items lexed ahead, if they fit the text
    /// ([`parse::parse_lexed`]).
    pub fn parse_lexed(
        &mut self,
        name: &str,
        text: &Rc<str>,
        ahead: Option<super::lex::Lexed>,
    ) -> Result<(), ParseError> {
        let funcs = self.funcs.clone();
        let has = |n: &str| funcs.contains(n) || is_builtin(n);
        for tree in parse::parse_lexed(name, text, &has, ahead)? {
            associate(&mut self.trees, Rc::new(tree));
        }
        Ok(())
    }

    /// Notes the maps the render hands its templates as `.` (the charts' contexts), for
    /// the reuse of included texts (`ExecOptions::reuse_includes`).
    pub fn set_contexts<'m>(&self, contexts: impl Iterator<Item = &'m crate::value::Map>) {
        let ids = contexts.map(|m| m.identity().0).collect();
        self.memo.borrow_mut().set_contexts(ids);
    }

    /// How many included texts were reused (see `super::memo`).
    pub fn reused_includes(&self) -> usize {
        self.memo.borrow().reused
    }

    /// The template called `name`.
    pub fn lookup(&self, name: &str) -> Option<&Rc<Tree>> {
        self.trees.get(name)
    }

    /// Names of all templates.
    pub fn names(&self) -> impl Iterator<Item = &String> {
        self.trees.keys()
    }

    /// Go's `ExecuteTemplate`: runs template `name` with `data` as dot.
    pub fn execute(
        &self,
        name: &str,
        data: Value,
        host: &mut dyn Host,
        opts: &ExecOptions,
    ) -> Result<String, ExecFailure> {
        if opts.reuse_includes {
            self.memo.borrow_mut().next_template();
        }
        let Some(tree) = self.trees.get(name).cloned() else {
            return Err(ExecFailure::NoTemplate(format!(
                "template: no template {} associated with template {}",
                super::gostr::quote(name),
                super::gostr::quote(&opts.root_name)
            )));
        };
        let mut sh = Shared {
            base: self,
            overlays: Vec::new(),
            ctx: CallCtx {
                host,
                lint: opts.lint,
                unchanged: false,
            },
            // Output mostly runs to about the template's own size; reserved whole, a large
            // manifest (a CRD bundle) is not copied each time the buffer doubles.
            out: String::with_capacity(tree.text.len()),
            nesting: 0,
            steps: 0,
            included: Vec::new(),
            opts,
            tpl_cache: BTreeMap::new(),
            arg_vals: Vec::new(),
            arg_rvs: Vec::new(),
            spare: Vec::new(),
        };
        run_tree(&mut sh, &tree, RV::of(data), 0).map_err(ExecFailure::Exec)?;
        // Rendered texts are kept: room reserved for more than twice the text is given back
        // (a template left empty by its conditions keeps none).
        if sh.out.capacity() > 2 * sh.out.len() {
            sh.out.shrink_to_fit();
        }
        Ok(sh.out)
    }
}

/// Why an execution failed.
#[derive(Clone, Debug, PartialEq)]
pub enum ExecFailure {
    /// `ExecuteTemplate` found no template of that name (not an `ExecError` in Go).
    NoTemplate(String),
    /// An execution error.
    Exec(Box<ExecError>),
}

impl core::fmt::Display for ExecFailure {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ExecFailure::NoTemplate(s) => f.write_str(s),
            ExecFailure::Exec(e) => write!(f, "{e}"),
        }
    }
}

/// Go's `associate`: do not replace a template with an empty one.
fn associate(trees: &mut BTreeMap<String, Rc<Tree>>, tree: Rc<Tree>) {
    if let Some(old) = trees.get(&tree.name) {
        if is_empty_tree(&tree.root) && !is_empty_tree(&old.root) {
            return;
        }
    }
    trees.insert(tree.name.clone(), tree);
}

/// Go's builtin function names.
const BUILTINS: &[&str] = &[
    "and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf",
    "println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne",
];

/// Whether Go defines `name` as a builtin template function.
pub fn is_builtin(name: &str) -> bool {
    BUILTINS.contains(&name)
}

/// A value as Go's reflection hands it around in the executor.
#[derive(Clone, Debug)]
enum RV {
    /// `reflect.Value{}`: no value at all.
    Invalid,
    /// A value of its own concrete type.
    Val(Value),
    /// A value read from an `interface{}` slot (map entry, `[]interface{}` element);
    /// `Iface(Nil)` is a nil interface, which behaves unlike "no value".
    Iface(Value),
}

impl RV {
    /// `reflect.ValueOf(v)`.
    fn of(v: Value) -> RV {
        match v {
            Value::Nil => RV::Invalid,
            v => RV::Val(v),
        }
    }

    /// The dynamic value (nil for no value).
    fn value(&self) -> Value {
        match self {
            RV::Invalid => Value::Nil,
            RV::Val(v) | RV::Iface(v) => v.clone(),
        }
    }

    /// The dynamic value, moved out.
    fn into_value(self) -> Value {
        match self {
            RV::Invalid => Value::Nil,
            RV::Val(v) | RV::Iface(v) => v,
        }
    }

    /// Go's `indirectInterface` then "is valid".
    fn unwrap_iface(self) -> RV {
        match self {
            RV::Iface(v) => RV::of(v),
            other => other,
        }
    }

    /// The static Go type name (`interface {}` for interface slots).
    fn type_name(&self) -> String {
        match self {
            RV::Invalid => "<invalid Value>".into(),
            RV::Iface(_) => "interface {}".into(),
            RV::Val(v) => v.type_name().into(),
        }
    }
}

#[derive(Clone, Copy)]
enum At<'a> {
    None,
    Node(&'a Node),
    Arg(&'a Arg),
    Cmd(CommandNode<'a>),
    Pipe(&'a PipeNode),
    Chain(&'a ChainNode),
    Var(&'a VariableNode),
}

impl At<'_> {
    fn pos(&self) -> Option<u32> {
        Some(match self {
            At::None => return None,
            At::Node(n) => n.pos(),
            At::Arg(a) => a.pos(),
            At::Cmd(c) => c.pos,
            At::Pipe(p) => p.pos,
            At::Chain(c) => c.pos,
            At::Var(v) => v.pos,
        })
    }

    fn context(&self) -> String {
        match self {
            At::None => String::new(),
            At::Node(n) => n.to_string(),
            At::Arg(a) => a.to_string(),
            At::Cmd(c) => c.to_string(),
            At::Pipe(p) => p.to_string(),
            At::Chain(c) => Arg::Chain(Box::new((*c).clone())).to_string(),
            At::Var(v) => v.to_string(),
        }
    }
}

/// How a walk stops early.
enum Stop {
    Err(Box<ExecError>),
    Break,
    Continue,
}

type R<T> = Result<T, Stop>;

struct Shared<'h> {
    base: &'h Templates,
    overlays: Vec<BTreeMap<String, Rc<Tree>>>,
    ctx: CallCtx<'h>,
    out: String,
    nesting: usize,
    steps: u64,
    /// Names being included right now, with how deeply each is nested (Helm's
    /// `includedNames`, less the names back at zero): as many as includes are open, so a
    /// short list searched by length first beats an ordered map of long dotted names.
    included: Vec<(String, usize)>,
    opts: &'h ExecOptions,
    tpl_cache: BTreeMap<Rc<str>, TplParse>,
    /// Evaluated arguments of the calls under way, each call's above its caller's, so a
    /// call allocates no argument vector of its own: values for functions and methods...
    arg_vals: Vec<Value>,
    /// ...and reflect values for builtins, `include` and `tpl`.
    arg_rvs: Vec<RV>,
    /// Output buffers of finished `include`s, kept with their room: an included template's
    /// text is built in one and copied out, and growing a fresh one from empty cost a
    /// reallocation per doubling.
    spare: Vec<String>,
}

/// A `tpl` string parsed once: its trees, or Go's parse error text.
type TplParse = Result<Rc<Vec<Rc<Tree>>>, String>;

impl Shared<'_> {
    /// An `include` of `name` has returned: one nesting of it fewer.
    fn leave_include(&mut self, name: &str) {
        if let Some(i) = self.included.iter().rposition(|(n, _)| n == name) {
            self.included[i].1 -= 1;
            if self.included[i].1 == 0 {
                self.included.swap_remove(i);
            }
        }
    }

    fn lookup(&self, name: &str) -> Option<Rc<Tree>> {
        for o in self.overlays.iter().rev() {
            if let Some(t) = o.get(name) {
                return Some(t.clone());
            }
        }
        self.base.trees.get(name).cloned()
    }

    fn missing_key(&self) -> MissingKey {
        self.opts.missing_key
    }
}

/// One execution of one template (Go's `state`).
struct Frame<'a> {
    tree: &'a Tree,
    vars: Vec<(&'a str, RV)>,
    at: At<'a>,
    depth: usize,
}

/// Runs `tree` with `dot` into `sh.out` (Go's `Template.execute`, with a fresh state).
fn run_tree(
    sh: &mut Shared<'_>,
    tree: &Rc<Tree>,
    dot: RV,
    depth: usize,
) -> Result<(), Box<ExecError>> {
    sh.nesting += 1;
    if sh.nesting > sh.opts.max_nesting {
        sh.nesting -= 1;
        return Err(Box::new(ExecError::msg(
            &tree.name,
            None,
            String::new(),
            format!("exceeded maximum nesting of templates ({}): a template includes itself without end?", sh.opts.max_nesting),
        )));
    }
    let mut f = Frame {
        tree,
        vars: vec![("$", dot.clone())],
        at: At::None,
        depth,
    };
    let r = f.walk_list(sh, &dot, &tree.root);
    sh.nesting -= 1;
    match r {
        Ok(()) => Ok(()),
        Err(Stop::Err(e)) => Err(e),
        // The parser rejects break/continue outside range.
        Err(Stop::Break | Stop::Continue) => Ok(()),
    }
}

/// A function the executor can call.
enum Callee<'f> {
    Func(&'f Func),
    Builtin(&'static str),
    Method(Rc<dyn crate::value::Object>, Sig),
    Include,
    Tpl,
}

fn builtin_sig(name: &str) -> Sig {
    use Ty::*;
    match name {
        "and" | "or" => Sig::variadic(&[Reflect], Reflect),
        "not" | "len" => Sig::fixed(&[Reflect]),
        "index" | "slice" | "call" => Sig::variadic(&[Reflect], Reflect),
        "eq" => Sig::variadic(&[Reflect], Reflect),
        "ne" | "lt" | "le" | "gt" | "ge" => Sig::fixed(&[Reflect, Reflect]),
        "printf" => Sig::variadic(&[String], Any),
        _ => Sig::variadic(&[], Any), // print, println, html, js, urlquery
    }
}

impl<'a> Frame<'a> {
    fn at(&mut self, at: At<'a>) {
        self.at = at;
    }

    /// Go's `ErrorContext` for the current node.
    fn location(&self) -> Option<(String, String)> {
        let pos = self.at.pos()? as usize;
        let text = &self.tree.text[..pos.min(self.tree.text.len())];
        let col = match text.rfind('\n') {
            Some(i) => pos - (i + 1),
            None => pos,
        };
        let line = 1 + text.matches('\n').count();
        Some((
            format!("{}:{}:{}", self.tree.parse_name, line, col),
            self.at.context(),
        ))
    }

    fn err_kind(&self, kind: ErrorKind) -> Stop {
        let (location, context) = match self.location() {
            Some((l, c)) => (Some(l), c),
            None => (None, String::new()),
        };
        Stop::Err(Box::new(ExecError {
            name: self.tree.name.clone(),
            location,
            context,
            kind,
        }))
    }

    fn errorf<T>(&self, msg: String) -> R<T> {
        Err(self.err_kind(ErrorKind::Msg(msg)))
    }

    fn step(&self, sh: &mut Shared<'_>) -> R<()> {
        sh.steps += 1;
        if let Some(max) = sh.opts.max_steps {
            if sh.steps > max {
                return self.errorf(format!(
                    "template execution stopped after {max} steps (its budget)"
                ));
            }
        }
        if sh.out.len() > crate::limits::MAX_OUTPUT_SIZE {
            return self.errorf(format!(
                "template output exceeds {} bytes",
                crate::limits::MAX_OUTPUT_SIZE
            ));
        }
        Ok(())
    }

    // ---- walking ----

    fn walk_list(&mut self, sh: &mut Shared<'_>, dot: &RV, list: &'a ListNode) -> R<()> {
        for n in &list.nodes {
            self.walk(sh, dot, n)?;
        }
        Ok(())
    }

    fn walk(&mut self, sh: &mut Shared<'_>, dot: &RV, node: &'a Node) -> R<()> {
        self.step(sh)?;
        self.at(At::Node(node));
        match node {
            Node::Text(t) => {
                sh.out.push_str(&t.text);
                Ok(())
            }
            Node::Action(a) => {
                let val = self.eval_pipeline(sh, dot, &a.pipe)?;
                if a.pipe.decl().is_empty() {
                    self.at(At::Node(node));
                    self.print_value(sh, &val);
                }
                Ok(())
            }
            Node::If(b) => self.walk_if_or_with(sh, dot, b, false),
            Node::With(b) => self.walk_if_or_with(sh, dot, b, true),
            Node::Range(b) => self.walk_range(sh, dot, b),
            Node::Template(t) => self.walk_template(sh, dot, t),
            Node::Break(..) => Err(Stop::Break),
            Node::Continue(..) => Err(Stop::Continue),
        }
    }

    fn print_value(&self, sh: &mut Shared<'_>, v: &RV) {
        match v {
            RV::Invalid => sh.out.push_str("<no value>"),
            RV::Val(v) | RV::Iface(v) => write_value(&mut sh.out, v),
        }
    }

    fn walk_if_or_with(
        &mut self,
        sh: &mut Shared<'_>,
        dot: &RV,
        b: &'a BranchNode,
        with: bool,
    ) -> R<()> {
        let mark = self.vars.len();
        let r = (|| {
            let val = self.eval_pipeline(sh, dot, &b.pipe)?;
            let truth = is_true(&val.clone().unwrap_iface());
            if truth {
                if with {
                    self.walk_list(sh, &val, &b.list)
                } else {
                    self.walk_list(sh, dot, &b.list)
                }
            } else if let Some(e) = &b.else_list {
                self.walk_list(sh, dot, e)
            } else {
                Ok(())
            }
        })();
        self.vars.truncate(mark);
        r
    }

    fn walk_range(&mut self, sh: &mut Shared<'_>, dot: &RV, r: &'a BranchNode) -> R<()> {
        let outer = self.vars.len();
        let res = self.walk_range_inner(sh, dot, r);
        self.vars.truncate(outer);
        match res {
            Err(Stop::Break) => Ok(()),
            other => other,
        }
    }

    fn one_iteration(
        &mut self,
        sh: &mut Shared<'_>,
        r: &'a BranchNode,
        mark: usize,
        index: RV,
        elem: RV,
    ) -> R<()> {
        // An empty body takes no steps of its own; the iteration itself must count.
        self.step(sh)?;
        let decl = r.pipe.decl();
        if !decl.is_empty() {
            if r.pipe.is_assign {
                if decl.len() > 1 {
                    self.set_var(decl[0].ident.first(), index.clone())?;
                } else {
                    self.set_var(decl[0].ident.first(), elem.clone())?;
                }
            } else {
                let n = self.vars.len();
                self.vars[n - 1].1 = elem.clone();
            }
        }
        if decl.len() > 1 {
            if r.pipe.is_assign {
                self.set_var(decl[1].ident.first(), elem.clone())?;
            } else {
                let n = self.vars.len();
                self.vars[n - 2].1 = index;
            }
        }
        let res = self.walk_list(sh, &elem, &r.list);
        self.vars.truncate(mark);
        match res {
            Err(Stop::Continue) => Ok(()),
            other => other,
        }
    }

    fn walk_range_inner(&mut self, sh: &mut Shared<'_>, dot: &RV, r: &'a BranchNode) -> R<()> {
        self.at(At::Pipe(&r.pipe));
        let val = match self.eval_pipeline(sh, dot, &r.pipe)?.unwrap_iface() {
            RV::Val(Value::Object(o)) => object_as_collection(&o)
                .map(RV::Val)
                .unwrap_or(RV::Val(Value::Object(o))),
            other => other,
        };
        let mark = self.vars.len();
        match &val {
            RV::Val(Value::List(l)) => {
                if !l.is_empty() {
                    let iface = l.elem() == Elem::Any;
                    for i in 0..l.len() {
                        let item = l[i].clone();
                        let elem = if iface { RV::Iface(item) } else { RV::of(item) };
                        self.one_iteration(sh, r, mark, RV::Val(Value::Int(i as i64)), elem)?;
                    }
                    return Ok(());
                }
            }
            RV::Val(Value::Bytes(b)) => {
                if !b.is_empty() {
                    for (i, c) in b.iter().enumerate() {
                        self.one_iteration(
                            sh,
                            r,
                            mark,
                            RV::Val(Value::Int(i as i64)),
                            RV::Val(Value::Byte(*c)),
                        )?;
                    }
                    return Ok(());
                }
            }
            RV::Val(Value::Map(m)) => {
                if !m.is_empty() {
                    let iface = m.map_type() != MapType::Strings;
                    for k in m.keys() {
                        // The value is read at each step: the body may change the map.
                        let elem = match m.get(&k) {
                            Some(v) if iface => RV::Iface(v),
                            Some(v) => RV::of(v),
                            None => RV::Invalid,
                        };
                        self.one_iteration(sh, r, mark, RV::Val(Value::String(k)), elem)?;
                    }
                    return Ok(());
                }
            }
            RV::Invalid => {}
            RV::Val(Value::Int(n) | Value::Int64(n)) => {
                if r.pipe.decl().len() > 1 {
                    return self.errorf(format!(
                        "can't use {} to iterate over more than one variable",
                        gofmt_v(&val.value())
                    ));
                }
                let is64 = matches!(val, RV::Val(Value::Int64(_)));
                if *n > 0 {
                    for i in 0..*n {
                        let v = if is64 { Value::Int64(i) } else { Value::Int(i) };
                        self.one_iteration(sh, r, mark, RV::Invalid, RV::Val(v))?;
                    }
                    return Ok(());
                }
            }
            // A named integer type (`time.Weekday`): its values below it, as Go ranges
            // over integers.
            RV::Val(Value::Object(o)) if o.named_int().is_some() => {
                if r.pipe.decl().len() > 1 {
                    return self.errorf(format!(
                        "can't use {} to iterate over more than one variable",
                        gofmt_v(&val.value())
                    ));
                }
                let n = int_of(&val);
                if n > 0 {
                    for i in 0..n {
                        let v = o.numbered(i).unwrap_or(Value::Int(i));
                        self.one_iteration(sh, r, mark, RV::Invalid, RV::Val(v))?;
                    }
                    return Ok(());
                }
            }
            RV::Val(Value::Uint(_) | Value::Byte(_)) => {
                if r.pipe.decl().len() > 1 {
                    return self.errorf(format!(
                        "can't use {} to iterate over more than one variable",
                        gofmt_v(&val.value())
                    ));
                }
                // The loop variable keeps the range value's unsigned type.
                let (n, byte) = match &val {
                    RV::Val(Value::Byte(b)) => (u64::from(*b), true),
                    _ => (uint_of(&val), false),
                };
                if n > 0 {
                    for i in 0..n {
                        let v = if byte {
                            Value::Byte(i as u8)
                        } else {
                            Value::Uint(i)
                        };
                        self.one_iteration(sh, r, mark, RV::Invalid, RV::Val(v))?;
                    }
                    return Ok(());
                }
            }
            other => {
                let shown = match other {
                    RV::Val(v) | RV::Iface(v) => gofmt_v(v),
                    RV::Invalid => "<invalid reflect.Value>".into(),
                };
                return self.errorf(format!("range can't iterate over {shown}"));
            }
        }
        if let Some(e) = &r.else_list {
            self.walk_list(sh, dot, e)?;
        }
        Ok(())
    }

    fn walk_template(&mut self, sh: &mut Shared<'_>, dot: &RV, t: &'a TemplateNode) -> R<()> {
        let Some(tree) = sh.lookup(&t.name) else {
            return self.errorf(format!(
                "template {} not defined",
                super::gostr::quote(&t.name)
            ));
        };
        if self.depth >= sh.opts.max_template_depth {
            return self.errorf(format!(
                "exceeded maximum template depth ({})",
                sh.opts.max_template_depth
            ));
        }
        let dot = match &t.pipe {
            Some(p) => self.eval_pipeline(sh, dot, p)?,
            None => RV::Invalid,
        };
        run_tree(sh, &tree, dot, self.depth + 1).map_err(Stop::Err)
    }

    // ---- variables ----

    fn var_value(&self, name: &str) -> R<RV> {
        for (n, v) in self.vars.iter().rev() {
            if *n == name {
                return Ok(v.clone());
            }
        }
        self.errorf(format!("undefined variable: {name}"))
    }

    fn set_var(&mut self, name: &str, value: RV) -> R<()> {
        for (n, v) in self.vars.iter_mut().rev() {
            if *n == name {
                *v = value;
                return Ok(());
            }
        }
        self.errorf(format!("undefined variable: {name}"))
    }

    // ---- evaluation ----

    fn eval_pipeline(&mut self, sh: &mut Shared<'_>, dot: &RV, pipe: &'a PipeNode) -> R<RV> {
        self.at(At::Pipe(pipe));
        let mut value: Option<RV> = None;
        for cmd in pipe.commands() {
            let v = self.eval_command(sh, dot, cmd, value.take())?;
            // An interface{} value is replaced by the thing inside it ("lovely!" says Go).
            value = Some(v.unwrap_iface());
        }
        let value = value.unwrap_or(RV::Invalid);
        for var in pipe.decl() {
            if pipe.is_assign {
                self.set_var(var.ident.first(), value.clone())?;
            } else {
                self.vars.push((var.ident.first(), value.clone()));
            }
        }
        Ok(value)
    }

    fn not_a_function(&self, args: &[Arg], fin: &Option<RV>) -> R<()> {
        if args.len() > 1 || fin.is_some() {
            return self.errorf(format!("can't give argument to non-function {}", args[0]));
        }
        Ok(())
    }

    fn eval_command(
        &mut self,
        sh: &mut Shared<'_>,
        dot: &RV,
        cmd: CommandNode<'a>,
        fin: Option<RV>,
    ) -> R<RV> {
        let first = &cmd.args[0];
        match first {
            Arg::Field(_, ids) => {
                return self.eval_field_node(sh, dot, first, ids.as_str(), cmd.args, fin)
            }
            Arg::Chain(c) => return self.eval_chain_node(sh, dot, c, cmd.args, fin),
            Arg::Identifier(_, name) => {
                return self.eval_function(sh, dot, first, name, Some(cmd), cmd.args, fin)
            }
            Arg::Pipe(p) => {
                self.not_a_function(cmd.args, &fin)?;
                return self.eval_pipeline(sh, dot, p);
            }
            Arg::Variable(v) => return self.eval_variable_node(sh, dot, v, cmd.args, fin),
            _ => {}
        }
        self.at(At::Arg(first));
        self.not_a_function(cmd.args, &fin)?;
        match first {
            Arg::Bool(_, b) => Ok(RV::Val(Value::Bool(*b))),
            Arg::Dot(_) => Ok(dot.clone()),
            Arg::Nil(_) => self.errorf("nil is not a command".into()),
            Arg::Number(n) => self.ideal_constant(n),
            Arg::String(_, _, s) => Ok(RV::Val(Value::String(s.clone()))),
            _ => self.errorf(format!(
                "can't evaluate command {}",
                super::gostr::quote(&first.to_string())
            )),
        }
    }

    fn ideal_constant(&self, n: &NumberNode) -> R<RV> {
        let t = &n.text;
        let is_hex_int = t.len() > 2
            && t.starts_with('0')
            && matches!(t.as_bytes()[1], b'x' | b'X')
            && !t.contains(['p', 'P']);
        let is_rune = t.starts_with('\'');
        if n.is_float && !is_hex_int && !is_rune && t.contains(['.', 'e', 'E', 'p', 'P']) {
            return Ok(RV::Val(Value::Float(n.float64)));
        }
        if n.is_int {
            return Ok(RV::Val(Value::Int(n.int64)));
        }
        if n.is_uint {
            return self.errorf(format!("{} overflows int", n.text));
        }
        Ok(RV::Invalid)
    }

    fn eval_field_node(
        &mut self,
        sh: &mut Shared<'_>,
        dot: &RV,
        field: &'a Arg,
        ids: &'a str,
        args: &'a [Arg],
        fin: Option<RV>,
    ) -> R<RV> {
        self.at(At::Arg(field));
        self.eval_field_chain(sh, dot, At::Arg(field), dot.clone(), ids, args, fin)
    }

    fn eval_chain_node(
        &mut self,
        sh: &mut Shared<'_>,
        dot: &RV,
        chain: &'a ChainNode,
        args: &'a [Arg],
        fin: Option<RV>,
    ) -> R<RV> {
        self.at(At::Chain(chain));
        if chain.fields.is_empty() {
            return self.errorf("internal error: no fields in evalChainNode".into());
        }
        if let Arg::Nil(_) = chain.node {
            return self.errorf(format!(
                "indirection through explicit nil in {}",
                Arg::Chain(Box::new(chain.clone()))
            ));
        }
        let pipe = self.eval_arg(sh, dot, None, &chain.node)?;
        self.eval_field_chain(
            sh,
            dot,
            At::Chain(chain),
            pipe,
            chain.fields.as_str(),
            args,
            fin,
        )
    }

    fn eval_variable_node(
        &mut self,
        sh: &mut Shared<'_>,
        dot: &RV,
        v: &'a VariableNode,
        args: &'a [Arg],
        fin: Option<RV>,
    ) -> R<RV> {
        self.at(At::Var(v));
        let value = self.var_value(v.ident.first())?;
        let Some(ids) = v.ident.rest() else {
            self.not_a_function(args, &fin)?;
            return Ok(value);
        };
        self.eval_field_chain(sh, dot, At::Var(v), value, ids, args, fin)
    }

    #[allow(clippy::too_many_arguments)]
    fn eval_field_chain(
        &mut self,
        sh: &mut Shared<'_>,
        dot: &RV,
        node: At<'a>,
        mut receiver: RV,
        ids: &'a str,
        args: &'a [Arg],
        fin: Option<RV>,
    ) -> R<RV> {
        // `ids` is the dot-joined chain of names: all but the last give receivers.
        let b = ids.as_bytes();
        let mut start = 0;
        for i in 0..b.len() {
            if b[i] == b'.' {
                receiver = self.eval_field(sh, dot, node, &ids[start..i], &[], None, receiver)?;
                start = i + 1;
            }
        }
        let last = &ids[start..];
        self.eval_field(sh, dot, node, last, args, fin, receiver)
    }

    #[allow(clippy::too_many_arguments)]
    fn eval_field(
        &mut self,
        sh: &mut Shared<'_>,
        dot: &RV,
        node: At<'a>,
        name: &str,
        args: &'a [Arg],
        fin: Option<RV>,
        receiver: RV,
    ) -> R<RV> {
        // The receiver's type only goes into error messages: named when one is made.
        let is_iface = matches!(receiver, RV::Iface(_));
        let inner = match receiver {
            RV::Invalid => {
                if sh.missing_key() == MissingKey::Error {
                    return self.errorf(format!(
                        "nil data; no entry for key {}",
                        super::gostr::quote(name)
                    ));
                }
                return Ok(RV::Invalid);
            }
            RV::Iface(Value::Nil) => {
                return self.errorf(format!("nil pointer evaluating interface {{}}.{name}"))
            }
            RV::Iface(v) | RV::Val(v) => v,
        };
        let has_args = args.len() > 1 || fin.is_some();
        match &inner {
            Value::Object(o) => {
                if o.has_method(name) {
                    let sig = o.method_sig(name).unwrap_or(Sig::variadic(&[], Ty::Any));
                    let callee = Callee::Method(o.clone(), sig);
                    return self.eval_call(sh, dot, callee, node, name, args, fin);
                }
                if let Some(v) = o.field(name) {
                    if has_args {
                        // Go's words for a struct field, or for a key of a map-kind type
                        // (`.Files` is a `map[string][]byte` with methods).
                        return self.errorf(if o.kind() == "map" {
                            format!("{name} is not a method but has arguments")
                        } else {
                            format!("{name} has arguments but cannot be invoked as function")
                        });
                    }
                    return Ok(match v {
                        Value::Nil => RV::Iface(Value::Nil),
                        v => RV::Val(v),
                    });
                }
            }
            Value::Map(m) => {
                // Go looks among a type's methods before its keys.
                if let Some((o, sig)) = crate::values::methods::ValuesMethods::of(m, name) {
                    let callee = Callee::Method(o, sig);
                    return self.eval_call(sh, dot, callee, node, name, args, fin);
                }
                if has_args {
                    return self.errorf(format!("{name} is not a method but has arguments"));
                }
                return Ok(match m.get(name) {
                    Some(v) if m.map_type() == MapType::Strings => RV::of(v),
                    Some(v) => RV::Iface(v),
                    None => match sh.missing_key() {
                        MissingKey::Invalid => RV::Invalid,
                        MissingKey::Zero if m.map_type() == MapType::Strings => {
                            RV::Val(Value::str(""))
                        }
                        MissingKey::Zero => RV::Iface(Value::Nil),
                        MissingKey::Error => {
                            return self.errorf(format!(
                                "map has no entry for key {}",
                                super::gostr::quote(name)
                            ))
                        }
                    },
                });
            }
            _ => {}
        }
        let typ = if is_iface {
            "interface {}"
        } else {
            inner.type_name()
        };
        self.errorf(format!("can't evaluate field {name} in type {typ}"))
    }

    #[allow(clippy::too_many_arguments)]
    fn eval_function(
        &mut self,
        sh: &mut Shared<'_>,
        dot: &RV,
        ident: &'a Arg,
        name: &str,
        cmd: Option<CommandNode<'a>>,
        args: &'a [Arg],
        fin: Option<RV>,
    ) -> R<RV> {
        self.at(At::Arg(ident));
        let funcs = sh.base.funcs.clone();
        let callee = match funcs.get(name) {
            Some(_) if name == "include" => Callee::Include,
            Some(_) if name == "tpl" => Callee::Tpl,
            Some(f) => Callee::Func(f),
            None if is_builtin(name) => Callee::Builtin(
                BUILTINS
                    .iter()
                    .copied()
                    .find(|b| *b == name)
                    .unwrap_or("print"),
            ),
            None => {
                return self.errorf(format!(
                    "{} is not a defined function",
                    super::gostr::quote(name)
                ))
            }
        };
        let node = match cmd {
            Some(c) => At::Cmd(c),
            None => At::Arg(ident),
        };
        // Safe: `funcs` is an Rc kept alive by `sh.base` for the whole execution.
        self.eval_call(sh, dot, callee, node, name, args, fin)
    }

    /// Go's `evalCall`: checks argument count and types, evaluates arguments, calls.
    #[allow(clippy::too_many_arguments)]
    fn eval_call(
        &mut self,
        sh: &mut Shared<'_>,
        dot: &RV,
        callee: Callee<'_>,
        node: At<'a>,
        name: &str,
        args: &'a [Arg],
        fin: Option<RV>,
    ) -> R<RV> {
        let args: &'a [Arg] = if args.is_empty() { args } else { &args[1..] };
        let sig = match &callee {
            Callee::Func(f) => f.sig,
            Callee::Builtin(b) => builtin_sig(b),
            Callee::Method(_, s) => *s,
            Callee::Include => Sig::fixed(&[Ty::String, Ty::Any]),
            Callee::Tpl => Sig::fixed(&[Ty::String, Ty::Any]),
        };
        let num_in = args.len() + usize::from(fin.is_some());
        let mut num_fixed = args.len();
        if sig.variadic.is_some() {
            num_fixed = sig.params.len();
            if num_in < num_fixed {
                return self.errorf(format!(
                    "wrong number of args for {name}: want at least {} got {}",
                    sig.params.len(),
                    args.len()
                ));
            }
        } else if num_in != sig.params.len() {
            return self.errorf(format!(
                "wrong number of args for {name}: want {} got {num_in}",
                sig.params.len()
            ));
        }

        if let Callee::Builtin(b @ ("and" | "or")) = callee {
            let want = b == "or";
            let mut v = RV::Invalid;
            for a in args {
                v = self.eval_arg(sh, dot, Some(Ty::Reflect), a)?;
                if is_true(&v.clone().unwrap_iface()) == want {
                    return Ok(v);
                }
            }
            if let Some(f) = fin {
                v = f;
            }
            return Ok(v);
        }

        // Go's `call` names its callee in errors: the first argument as written, or a piped
        // value as `reflect.Value.String` gives it (taken before the value is handed over).
        let callee_name = match (&callee, args.first(), &fin) {
            (Callee::Builtin("call"), Some(a), _) => a.to_string(),
            (Callee::Builtin("call"), None, Some(v)) => match v.value() {
                Value::String(s) => String::from(&*s),
                other => format!("<{} Value>", other.type_name()),
            },
            _ => String::new(),
        };
        let result: Result<RV, Cause> = match callee {
            Callee::Func(_) | Callee::Method(..) => {
                let base = sh.arg_vals.len();
                let put = |sh: &mut Shared<'_>, v: RV| sh.arg_vals.push(v.into_value());
                if let Err(e) = self.eval_args(sh, dot, &sig, num_fixed, args, fin, put) {
                    sh.arg_vals.truncate(base);
                    return Err(e);
                }
                // Taken out while the function runs, which may not touch the stack.
                let mut vals = core::mem::take(&mut sh.arg_vals);
                let r = match callee {
                    Callee::Func(f) if f.effect == Effect::Mutates && sh.opts.reuse_includes => {
                        // Kept texts are dropped once it has run, unless it says it changed
                        // nothing another holder could see (no template runs while it does).
                        sh.ctx.unchanged = false;
                        let r = (f.imp)(&mut sh.ctx, &vals[base..]).map(RV::of);
                        if !sh.ctx.unchanged {
                            sh.base.memo.borrow_mut().changing(f.name, &vals[base..]);
                        }
                        r
                    }
                    Callee::Func(f) => (f.imp)(&mut sh.ctx, &vals[base..]).map(RV::of),
                    Callee::Method(o, _) => match o.call_method(name, &vals[base..]) {
                        Some(r) => r.map(RV::of),
                        None => Err(format!("method {name} not found")),
                    },
                    _ => unreachable!(),
                };
                vals.truncate(base);
                sh.arg_vals = vals;
                r.map_err(Cause::Plain)
            }
            _ => {
                let base = sh.arg_rvs.len();
                let put = |sh: &mut Shared<'_>, v: RV| sh.arg_rvs.push(v);
                if let Err(e) = self.eval_args(sh, dot, &sig, num_fixed, args, fin, put) {
                    sh.arg_rvs.truncate(base);
                    return Err(e);
                }
                let r = match callee {
                    Callee::Builtin(b) => self
                        .call_builtin(b, &callee_name, &sh.arg_rvs[base..])
                        .map_err(Cause::Plain),
                    // Both take two arguments, moved out before they run templates that
                    // make calls of their own.
                    _ => {
                        let data = sh.arg_rvs.pop().unwrap_or(RV::Invalid);
                        let first = sh.arg_rvs.pop().unwrap_or(RV::Invalid);
                        let argv = [first, data];
                        match callee {
                            Callee::Include => self.call_include(sh, &argv),
                            _ => self.call_tpl(sh, &argv),
                        }
                    }
                };
                sh.arg_rvs.truncate(base);
                r
            }
        };
        match result {
            Ok(v) => Ok(v),
            Err(cause) => {
                self.at(node);
                Err(self.err_kind(ErrorKind::Call {
                    func: name.to_string(),
                    cause,
                }))
            }
        }
    }

    /// The arguments of a call, evaluated for its parameters' types in order, each handed
    /// to `put`; the final value of a pipeline, if any, goes last.
    #[allow(clippy::too_many_arguments)]
    fn eval_args<'h>(
        &mut self,
        sh: &mut Shared<'h>,
        dot: &RV,
        sig: &Sig,
        num_fixed: usize,
        args: &'a [Arg],
        fin: Option<RV>,
        mut put: impl FnMut(&mut Shared<'h>, RV),
    ) -> R<()> {
        let num_in = args.len() + usize::from(fin.is_some());
        let mut i = 0;
        while i < num_fixed && i < args.len() {
            let v = self.eval_arg(sh, dot, Some(sig.params[i]), &args[i])?;
            put(sh, v);
            i += 1;
        }
        if let Some(rest) = sig.variadic {
            while i < args.len() {
                let v = self.eval_arg(sh, dot, Some(rest), &args[i])?;
                put(sh, v);
                i += 1;
            }
        }
        if let Some(f) = fin {
            let t = match sig.variadic {
                Some(rest) if num_in > num_fixed => rest,
                _ => sig.params[num_in - 1],
            };
            let v = self.validate_type(f, Some(t))?;
            put(sh, v);
        }
        Ok(())
    }

    /// Go's `evalArg`: an argument evaluated for a parameter of type `ty`.
    fn eval_arg(&mut self, sh: &mut Shared<'_>, dot: &RV, ty: Option<Ty>, n: &'a Arg) -> R<RV> {
        self.at(At::Arg(n));
        match n {
            Arg::Dot(_) => return self.validate_type(dot.clone(), ty),
            Arg::Nil(_) => {
                return match ty {
                    // Go's zero `reflect.Value`: what a builtin's parameter gets for `nil`.
                    Some(Ty::Reflect) => Ok(RV::Invalid),
                    Some(t) if can_be_nil(t) => Ok(RV::Iface(Value::Nil)),
                    Some(t) => self.errorf(format!("cannot assign nil to {}", t.go_name())),
                    None => self.errorf("cannot assign nil to <nil>".into()),
                };
            }
            Arg::Field(_, ids) => {
                let v =
                    self.eval_field_node(sh, dot, n, ids.as_str(), core::slice::from_ref(n), None)?;
                return self.validate_type(v, ty);
            }
            Arg::Variable(v) => {
                let v = self.eval_variable_node(sh, dot, v, &[], None)?;
                return self.validate_type(v, ty);
            }
            Arg::Pipe(p) => {
                let v = self.eval_pipeline(sh, dot, p)?;
                return self.validate_type(v, ty);
            }
            Arg::Identifier(_, name) => {
                let v = self.eval_function(sh, dot, n, name, None, &[], None)?;
                return self.validate_type(v, ty);
            }
            Arg::Chain(c) => {
                let v = self.eval_chain_node(sh, dot, c, &[], None)?;
                return self.validate_type(v, ty);
            }
            _ => {}
        }
        let Some(ty) = ty else {
            return self.eval_empty_interface(n);
        };
        match ty {
            Ty::Bool => match n {
                Arg::Bool(_, b) => Ok(RV::Val(Value::Bool(*b))),
                _ => self.errorf(format!("expected bool; found {n}")),
            },
            Ty::Float64 => match n {
                Arg::Number(num) if num.is_float => Ok(RV::Val(Value::Float(num.float64))),
                _ => self.errorf(format!("expected float; found {n}")),
            },
            Ty::Int | Ty::Int64 => match n {
                Arg::Number(num) if num.is_int => Ok(RV::Val(if ty == Ty::Int {
                    Value::Int(num.int64)
                } else {
                    Value::Int64(num.int64)
                })),
                _ => self.errorf(format!("expected integer; found {n}")),
            },
            Ty::String => match n {
                Arg::String(_, _, s) => Ok(RV::Val(Value::String(s.clone()))),
                _ => self.errorf(format!("expected string; found {n}")),
            },
            Ty::Uint32 => match n {
                Arg::Number(num) if num.is_uint => {
                    Ok(RV::Val(Value::Uint(num.uint64 & 0xFFFF_FFFF)))
                }
                _ => self.errorf(format!("expected unsigned integer; found {n}")),
            },
            Ty::Any | Ty::Reflect => self.eval_empty_interface(n),
            _ => self.errorf(format!("can't handle {n} for arg of type {}", ty.go_name())),
        }
    }

    fn eval_empty_interface(&mut self, n: &'a Arg) -> R<RV> {
        self.at(At::Arg(n));
        match n {
            Arg::Bool(_, b) => Ok(RV::Val(Value::Bool(*b))),
            Arg::Number(num) => self.ideal_constant(num),
            Arg::String(_, _, s) => Ok(RV::Val(Value::String(s.clone()))),
            _ => self.errorf(format!(
                "can't handle assignment of {n} to empty interface argument"
            )),
        }
    }

    /// Go's `validateType`: can `value` be passed where `ty` is expected?
    fn validate_type(&self, value: RV, ty: Option<Ty>) -> R<RV> {
        let Some(ty) = ty else { return Ok(value) };
        if ty == Ty::Reflect {
            return Ok(value);
        }
        match value {
            RV::Invalid => {
                if can_be_nil(ty) {
                    return Ok(RV::Val(Value::Nil));
                }
                self.errorf(format!("invalid value; expected {}", ty.go_name()))
            }
            RV::Iface(v) => {
                if ty == Ty::Any {
                    return Ok(RV::Iface(v));
                }
                if v.is_nil() {
                    return self.errorf(format!(
                        "wrong type for value; expected {}; got interface {{}}",
                        ty.go_name()
                    ));
                }
                if assignable(&v, ty) {
                    return Ok(RV::Val(convert_to_param(v, ty)));
                }
                self.errorf(format!(
                    "wrong type for value; expected {}; got {}",
                    ty.go_name(),
                    v.type_name()
                ))
            }
            RV::Val(v) => {
                if assignable(&v, ty) {
                    return Ok(RV::Val(convert_to_param(v, ty)));
                }
                self.errorf(format!(
                    "wrong type for value; expected {}; got {}",
                    ty.go_name(),
                    v.type_name()
                ))
            }
        }
    }

    // ---- Go's builtins ----

    /// Runs builtin `name`; `callee` is what `call` names its callee in errors.
    fn call_builtin(&self, name: &str, callee: &str, argv: &[RV]) -> Result<RV, String> {
        match name {
            "not" => Ok(RV::Val(Value::Bool(!is_true(
                &argv[0].clone().unwrap_iface(),
            )))),
            "len" => builtin_len(&argv[0]),
            "index" => builtin_index(&argv[0], &argv[1..]),
            "slice" => builtin_slice(&argv[0], &argv[1..]),
            "eq" => builtin_eq(&argv[0], &argv[1..]).map(|b| RV::Val(Value::Bool(b))),
            "ne" => builtin_eq(&argv[0], &argv[1..2]).map(|b| RV::Val(Value::Bool(!b))),
            "lt" => builtin_lt(&argv[0], &argv[1]).map(|b| RV::Val(Value::Bool(b))),
            "le" => builtin_le(&argv[0], &argv[1]).map(|b| RV::Val(Value::Bool(b))),
            "gt" => builtin_le(&argv[0], &argv[1]).map(|b| RV::Val(Value::Bool(!b))),
            "ge" => builtin_lt(&argv[0], &argv[1]).map(|b| RV::Val(Value::Bool(!b))),
            "call" => match argv[0].clone().unwrap_iface() {
                RV::Invalid => Err("call of nil".into()),
                v => Err(format!("non-function {callee} of type {}", v.type_name())),
            },
            _ => {
                let vals: Vec<Value> = argv.iter().map(RV::value).collect();
                Ok(RV::Val(Value::String(builtin_text(name, &vals).into())))
            }
        }
    }

    // ---- Helm's include and tpl ----

    fn call_include(&mut self, sh: &mut Shared<'_>, argv: &[RV]) -> Result<RV, Cause> {
        let name = argv[0].value();
        let name = name.as_str().unwrap_or_default();
        let data = argv[1].value();
        let slot = sh.included.iter().position(|(n, _)| n == name);
        match slot {
            Some(i) => {
                let v = &mut sh.included[i].1;
                if *v > crate::limits::MAX_INCLUDE_DEPTH {
                    return Err(Cause::Plain(format!("rendering template has a nested reference name: {name}: unable to execute template")));
                }
                *v += 1;
            }
            None => sh.included.push((name.to_owned(), 1)),
        }
        // Kept for reuse only outside `tpl`'s definitions, and only while no name is near
        // its nesting bound (a reused run makes no checks of its own).
        let mut key = None;
        if sh.opts.reuse_includes
            && sh.overlays.is_empty()
            && sh
                .included
                .iter()
                .all(|(_, n)| *n <= crate::limits::MAX_INCLUDE_DEPTH)
        {
            let base = sh.base;
            let found =
                base.memo
                    .borrow_mut()
                    .find(name, &data, sh.nesting, &base.trees, &base.funcs);
            match found {
                Found::Hit(text, steps)
                    if sh.opts.max_steps.is_none_or(|max| sh.steps + steps <= max) =>
                {
                    sh.steps += steps;
                    sh.leave_include(name);
                    return Ok(RV::Val(Value::String(text)));
                }
                Found::Hit(..) | Found::No => {}
                Found::Miss(k) => key = Some(k),
            }
        }
        let (nesting, steps) = (sh.nesting, sh.steps);
        let buf = sh.spare.pop().unwrap_or_default();
        let saved = core::mem::replace(&mut sh.out, buf);
        let r = match sh.lookup(name) {
            None => Err(Cause::Plain(format!(
                "template: no template {} associated with template {}",
                super::gostr::quote(name),
                super::gostr::quote(&sh.opts.root_name)
            ))),
            Some(tree) => run_tree(sh, &tree, RV::of(data.clone()), 0).map_err(Cause::Exec),
        };
        let mut out = core::mem::replace(&mut sh.out, saved);
        sh.leave_include(name);
        let text = r.map(|()| {
            let text: Rc<str> = Rc::from(out.as_str());
            if let Some(key) = key {
                let run = (nesting, sh.steps - steps);
                let memo = &sh.base.memo;
                memo.borrow_mut().keep(name, key, &data, text.clone(), run);
            }
            RV::Val(Value::String(text))
        });
        out.clear();
        sh.spare.push(out);
        text
    }

    fn call_tpl(&mut self, sh: &mut Shared<'_>, argv: &[RV]) -> Result<RV, Cause> {
        // The text is shared with the value it came from, not copied: `tpl` is handed
        // whole configuration files.
        let text: Rc<str> = match argv[0].value() {
            Value::String(s) => s,
            v => Rc::from(v.as_str().unwrap_or_default()),
        };
        let data = argv[1].value();
        let root = sh.opts.root_name.clone();
        let trees = match sh.tpl_cache.get(&*text) {
            Some(r) => r.clone(),
            None => {
                let funcs = sh.base.funcs.clone();
                let has = |n: &str| funcs.contains(n) || is_builtin(n);
                let r = parse::parse_shared(&root, &text, &has)
                    .map(|ts| Rc::new(ts.into_iter().map(Rc::new).collect::<Vec<_>>()))
                    .map_err(|e| e.to_string());
                sh.tpl_cache.insert(text.clone(), r.clone());
                r
            }
        };
        let trees = match trees {
            Ok(t) => t,
            Err(e) => {
                return Err(Cause::Plain(format!(
                    "cannot parse template {}: {e}",
                    super::gostr::quote(&text)
                )))
            }
        };
        // Go clones the template set; an overlay popped afterwards is the same, in O(1).
        let mut overlay = BTreeMap::new();
        for t in trees.iter() {
            let mut existing = sh.lookup(&t.name);
            if let Some(e) = overlay.get(&t.name) {
                existing = Some(Rc::clone(e));
            }
            match existing {
                Some(old) if is_empty_tree(&t.root) && !is_empty_tree(&old.root) => {}
                _ => {
                    overlay.insert(t.name.clone(), t.clone());
                }
            }
        }
        sh.overlays.push(overlay);
        // A reused buffer with room for about the text itself: `tpl` is mostly handed whole
        // files (CRDs of hundreds of kilobytes), whose output grown from empty was copied
        // once per doubling.
        let mut buf = sh.spare.pop().unwrap_or_default();
        buf.reserve(text.len());
        let saved = core::mem::replace(&mut sh.out, buf);
        let main = trees[0].clone();
        let r = run_tree(sh, &main, RV::of(data), 0);
        let mut out = core::mem::replace(&mut sh.out, saved);
        sh.overlays.pop();
        let r = r.map(|()| Rc::<str>::from(&*without_no_value(&out)));
        out.clear();
        sh.spare.push(out);
        match r {
            Ok(v) => Ok(RV::Val(Value::String(v))),
            Err(e) => Err(Cause::Wrapped(
                format!(
                    "error during tpl function execution for {}: ",
                    super::gostr::quote(&text)
                ),
                Box::new(Cause::Exec(e)),
            )),
        }
    }
}

fn gofmt_s(v: &Value) -> String {
    crate::gofmt::sprintf("%s", core::slice::from_ref(v))
}

fn gofmt_v(v: &Value) -> String {
    crate::gofmt::format_v(v)
}

/// Appends `fmt.Fprint(w, v)`.
fn write_value(out: &mut String, v: &Value) {
    match v {
        // Only an addressable struct prints through its pointer-receiver String().
        Value::Object(o) => match o
            .as_any()
            .downcast_ref::<crate::value::Addressable>()
            .and_then(crate::value::Object::template_string)
        {
            Some(s) => out.push_str(&s),
            None => out.push_str(&o.format_v()),
        },
        Value::String(s) => out.push_str(s),
        Value::Int(n) | Value::Int64(n) => {
            use core::fmt::Write;
            let _ = write!(out, "{n}");
        }
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        other => out.push_str(&gofmt_v(other)),
    }
}

/// A value passed for a parameter takes the parameter's type: a `common.Values` given to a
/// `map[string]interface {}` parameter is one inside the function (same map).
fn convert_to_param(v: Value, ty: Ty) -> Value {
    match (v.unaddressed(), ty) {
        (Value::Map(m), Ty::Map) if m.map_type() != MapType::Any => {
            Value::Map(m.retyped(MapType::Any))
        }
        (v, _) => v,
    }
}

/// Go's `canBeNil` for a parameter type.
fn can_be_nil(ty: Ty) -> bool {
    matches!(
        ty,
        Ty::Any | Ty::List | Ty::Strings | Ty::Map | Ty::Bytes | Ty::Reflect | Ty::Writer
    )
}

/// Go's `AssignableTo` between a value's type and a parameter type.
fn assignable(v: &Value, ty: Ty) -> bool {
    match ty {
        Ty::Any | Ty::Reflect => true,
        Ty::String => matches!(v, Value::String(_)),
        Ty::Int => matches!(v, Value::Int(_)),
        Ty::Int64 => matches!(v, Value::Int64(_)),
        Ty::Float64 => matches!(v, Value::Float(_)),
        Ty::Bool => matches!(v, Value::Bool(_)),
        Ty::List => matches!(v, Value::List(l) if l.elem() == Elem::Any) || v.is_nil(),
        Ty::Strings => {
            matches!(v, Value::List(l) if matches!(l.elem(), Elem::String | Elem::VersionSet))
                || v.is_nil()
        }
        Ty::Map => matches!(v, Value::Map(m) if m.map_type() != MapType::Strings) || v.is_nil(),
        Ty::Bytes => matches!(v, Value::Bytes(_)) || v.is_nil(),
        // No value of ours is a Go uint32: only literals convert (in `eval_arg`).
        Ty::Uint32 => false,
        Ty::Time | Ty::Certificate => {
            matches!(v, Value::Object(o) if o.type_name() == ty.go_name())
        }
        // Nothing a template holds implements it.
        Ty::Writer => false,
    }
}

/// Go's `isTrue` on an already unwrapped value.
fn is_true(v: &RV) -> bool {
    match v {
        RV::Invalid => false,
        RV::Iface(v) => !v.is_nil(),
        RV::Val(v) => v.truth(),
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum BasicKind {
    Invalid,
    Bool,
    Int,
    Uint,
    Float,
    String,
}

fn basic_kind(v: &RV) -> BasicKind {
    match v {
        RV::Val(Value::Bool(_)) => BasicKind::Bool,
        RV::Val(Value::Int(_) | Value::Int64(_)) => BasicKind::Int,
        RV::Val(Value::Uint(_) | Value::Byte(_)) => BasicKind::Uint,
        RV::Val(Value::Float(_)) => BasicKind::Float,
        RV::Val(Value::String(_)) => BasicKind::String,
        // Named integer types (`time.Duration`, `time.Month`) are of the integer kind.
        RV::Val(Value::Object(o)) if o.named_int().is_some() => BasicKind::Int,
        _ => BasicKind::Invalid,
    }
}

fn int_of(v: &RV) -> i64 {
    match v {
        RV::Val(Value::Int(n) | Value::Int64(n)) => *n,
        RV::Val(Value::Object(o)) => o.named_int().unwrap_or(0),
        _ => 0,
    }
}

fn uint_of(v: &RV) -> u64 {
    match v {
        RV::Val(Value::Uint(n)) => *n,
        RV::Val(Value::Byte(n)) => *n as u64,
        _ => 0,
    }
}

fn float_of(v: &RV) -> f64 {
    match v {
        RV::Val(Value::Float(f)) => *f,
        _ => 0.0,
    }
}

fn is_valid(v: &RV) -> bool {
    !matches!(v, RV::Invalid)
}

fn bad_comparison(a: &RV, b: &RV) -> String {
    format!(
        "incompatible types for comparison: {} and {}",
        a.type_name(),
        b.type_name()
    )
}

fn builtin_eq(arg1: &RV, rest: &[RV]) -> Result<bool, String> {
    let a = arg1.clone().unwrap_iface();
    if rest.is_empty() {
        return Err("missing argument for comparison".into());
    }
    let k1 = basic_kind(&a);
    for arg in rest {
        let b = arg.clone().unwrap_iface();
        let k2 = basic_kind(&b);
        let truth = if k1 != k2 {
            match (k1, k2) {
                (BasicKind::Int, BasicKind::Uint) => {
                    int_of(&a) >= 0 && int_of(&a) as u64 == uint_of(&b)
                }
                (BasicKind::Uint, BasicKind::Int) => {
                    int_of(&b) >= 0 && uint_of(&a) == int_of(&b) as u64
                }
                _ => {
                    if is_valid(&a) && is_valid(&b) {
                        return Err(bad_comparison(&a, &b));
                    }
                    false
                }
            }
        } else {
            match k1 {
                BasicKind::Bool => {
                    matches!((&a, &b), (RV::Val(Value::Bool(x)), RV::Val(Value::Bool(y))) if x == y)
                }
                BasicKind::Float => float_of(&a) == float_of(&b),
                BasicKind::Int => int_of(&a) == int_of(&b),
                BasicKind::Uint => uint_of(&a) == uint_of(&b),
                BasicKind::String => a.value().as_str() == b.value().as_str(),
                BasicKind::Invalid => {
                    // Go's canCompare: nil compares with anything; otherwise kinds must match.
                    if is_valid(&a)
                        && is_valid(&b)
                        && a.value().kind_name() != b.value().kind_name()
                    {
                        return Err(format!(
                            "non-comparable types {}: {}, {}: {}",
                            gofmt_s(&a.value()),
                            a.type_name(),
                            b.type_name(),
                            gofmt_v(&b.value())
                        ));
                    }
                    let (na, nb) = (is_nilish(&a), is_nilish(&b));
                    if na || nb {
                        na == nb
                    } else {
                        // Go asks whether the second operand's type is comparable: slices
                        // and maps (named ones too, `common.VersionSet`) are not.
                        let b_uncomparable = match &b.value() {
                            Value::Map(_) | Value::List(_) | Value::Bytes(_) => true,
                            Value::Object(o) => matches!(o.kind(), "slice" | "map"),
                            _ => false,
                        };
                        if b_uncomparable {
                            return Err(format!(
                                "non-comparable type {}: {}",
                                gofmt_s(&b.value()),
                                b.type_name()
                            ));
                        }
                        match (&a.value(), &b.value()) {
                            // Pointers by identity; struct values (`common.KubeVersion`,
                            // `time.Time`) field by field, as Go's `==` compares them.
                            (Value::Object(x), Value::Object(y)) => {
                                Rc::ptr_eq(x, y)
                                    || (x.kind() == "struct"
                                        && crate::sprig::same_object(x.as_ref(), y.as_ref(), 0))
                            }
                            _ => false,
                        }
                    }
                }
            }
        };
        if truth {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Go's `isNil` in `eq`: invalid values, nil interfaces and nil slices.
fn is_nilish(v: &RV) -> bool {
    match v {
        RV::Invalid | RV::Val(Value::Nil) | RV::Iface(Value::Nil) => true,
        RV::Val(Value::List(l)) | RV::Iface(Value::List(l)) => l.is_nil(),
        _ => false,
    }
}

fn builtin_lt(arg1: &RV, arg2: &RV) -> Result<bool, String> {
    let a = arg1.clone().unwrap_iface();
    let k1 = basic_kind(&a);
    if k1 == BasicKind::Invalid {
        return Err("invalid type for comparison".into());
    }
    let b = arg2.clone().unwrap_iface();
    let k2 = basic_kind(&b);
    if k2 == BasicKind::Invalid {
        return Err("invalid type for comparison".into());
    }
    if k1 != k2 {
        return match (k1, k2) {
            (BasicKind::Int, BasicKind::Uint) => {
                Ok(int_of(&a) < 0 || (int_of(&a) as u64) < uint_of(&b))
            }
            (BasicKind::Uint, BasicKind::Int) => {
                Ok(int_of(&b) >= 0 && uint_of(&a) < int_of(&b) as u64)
            }
            _ => Err(bad_comparison(&a, &b)),
        };
    }
    Ok(match k1 {
        BasicKind::Bool | BasicKind::Invalid => return Err("invalid type for comparison".into()),
        BasicKind::Float => float_of(&a) < float_of(&b),
        BasicKind::Int => int_of(&a) < int_of(&b),
        BasicKind::Uint => uint_of(&a) < uint_of(&b),
        BasicKind::String => a.value().as_str() < b.value().as_str(),
    })
}

fn builtin_le(a: &RV, b: &RV) -> Result<bool, String> {
    if builtin_lt(a, b)? {
        return Ok(true);
    }
    builtin_eq(a, core::slice::from_ref(b))
}

fn builtin_len(v: &RV) -> Result<RV, String> {
    let n = match v {
        RV::Invalid => return Err("reflect: call of reflect.Value.Type on zero Value".into()),
        RV::Iface(Value::Nil) => return Err("len of nil pointer".into()),
        RV::Val(x) | RV::Iface(x) => match object_as_collection_value(x) {
            Value::String(s) => crate::gobytes::go_len(&s),
            Value::Bytes(b) => b.len(),
            Value::List(l) => l.len(),
            Value::Map(m) => m.len(),
            Value::Nil => 0,
            other => {
                return Err(format!(
                    "len of type {}",
                    other.type_name().trim_start_matches('*')
                ))
            }
        },
    };
    Ok(RV::Val(Value::Int(n as i64)))
}

fn index_arg(index: &RV, cap: usize) -> Result<usize, String> {
    let x: i64 = match index {
        RV::Val(Value::Int(n) | Value::Int64(n)) => *n,
        RV::Val(Value::Uint(n)) => *n as i64,
        RV::Val(Value::Byte(n)) => *n as i64,
        RV::Invalid => return Err("cannot index slice/array with nil".into()),
        other => {
            return Err(format!(
                "cannot index slice/array with type {}",
                other.type_name()
            ))
        }
    };
    if x < 0 || x as u64 > cap as u64 {
        return Err(format!("index out of range: {x}"));
    }
    Ok(x as usize)
}

fn builtin_index(item: &RV, indexes: &[RV]) -> Result<RV, String> {
    let mut item = item.clone().unwrap_iface();
    if !is_valid(&item) {
        return Err("index of untyped nil".into());
    }
    for index in indexes {
        let index = index.clone().unwrap_iface();
        let cur = match item {
            RV::Iface(Value::Nil) | RV::Val(Value::Nil) => {
                return Err("index of nil pointer".into())
            }
            RV::Iface(v) | RV::Val(v) => object_as_collection_value(&v),
            RV::Invalid => return Err("index of untyped nil".into()),
        };
        item = match &cur {
            Value::List(l) => {
                let x = index_arg(&index, l.len())?;
                if x >= l.len() {
                    return Err("reflect: slice index out of range".into());
                }
                if l.elem() == Elem::Any {
                    RV::Iface(l[x].clone())
                } else {
                    RV::Val(l[x].clone())
                }
            }
            Value::String(s) => {
                let b = crate::gobytes::go_bytes(s);
                let x = index_arg(&index, b.len())?;
                if x >= b.len() {
                    return Err("reflect: string index out of range".into());
                }
                RV::Val(Value::Byte(b[x]))
            }
            Value::Bytes(b) => {
                let x = index_arg(&index, b.len())?;
                if x >= b.len() {
                    return Err("reflect: slice index out of range".into());
                }
                RV::Val(Value::Byte(b[x]))
            }
            Value::Map(m) => {
                let key = match &index {
                    RV::Val(Value::String(s)) => s.clone(),
                    RV::Invalid => return Err("value is nil; should be of type string".into()),
                    other => {
                        return Err(format!(
                            "value has type {}; should be string",
                            other.type_name()
                        ))
                    }
                };
                match m.get(&key) {
                    Some(v) if m.map_type() == MapType::Strings => RV::Val(v),
                    Some(v) => RV::Iface(v),
                    None if m.map_type() == MapType::Strings => RV::Val(Value::str("")),
                    None => RV::Iface(Value::Nil),
                }
            }
            // `index` dereferences pointers before it looks at the kind.
            other => {
                return Err(format!(
                    "can't index item of type {}",
                    other.type_name().trim_start_matches('*')
                ))
            }
        };
    }
    Ok(item)
}

fn builtin_slice(item: &RV, indexes: &[RV]) -> Result<RV, String> {
    let item = item.clone().unwrap_iface();
    let v = match &item {
        RV::Invalid => return Err("slice of untyped nil".into()),
        RV::Val(v) | RV::Iface(v) => v.clone(),
    };
    if indexes.len() > 3 {
        return Err(format!("too many slice indexes: {}", indexes.len()));
    }
    // Indexes may reach a slice's capacity; a string's is its length.
    let (len, cap) = match &v {
        Value::String(s) => {
            let n = crate::gobytes::go_len(s);
            (n, n)
        }
        Value::List(l) => (l.len(), l.cap()),
        Value::Bytes(b) => (b.len(), b.len()),
        other => return Err(format!("can't slice item of type {}", other.type_name())),
    };
    if matches!(v, Value::String(_)) && indexes.len() == 3 {
        return Err("cannot 3-index slice a string".into());
    }
    let mut idx = [0usize, len, cap];
    for (i, x) in indexes.iter().enumerate() {
        idx[i] = index_arg(&x.clone().unwrap_iface(), cap)?;
    }
    if idx[0] > idx[1] {
        return Err(format!("invalid slice index: {} > {}", idx[0], idx[1]));
    }
    if indexes.len() == 3 && idx[1] > idx[2] {
        return Err(format!("invalid slice index: {} > {}", idx[1], idx[2]));
    }
    Ok(RV::Val(match v {
        Value::String(s) => Value::from(crate::gobytes::from_go_bytes(
            &crate::gobytes::go_bytes(&s)[idx[0]..idx[1]],
        )),
        Value::List(l) => Value::List(l.reslice(idx[0], idx[1], Some(idx[2]))),
        Value::Bytes(b) => Value::Bytes(Rc::from(&b[idx[0]..idx[1]])),
        _ => Value::Nil,
    }))
}

/// `print`, `printf`, `println`, `html`, `js`, `urlquery`.
fn builtin_text(name: &str, args: &[Value]) -> String {
    match name {
        "print" => crate::gofmt::sprint(args),
        "println" => crate::gofmt::sprintln(args),
        "printf" => {
            let f = args.first().and_then(|v| v.as_str()).unwrap_or_default();
            crate::gofmt::sprintf(f, &args[1..])
        }
        _ => {
            let s = eval_args_text(args);
            match name {
                "html" => html_escape(&s),
                "js" => js_escape(&s),
                _ => query_escape(&s),
            }
        }
    }
}

/// Go's `evalArgs`: one string argument as is, else `fmt.Sprint` of them all.
fn eval_args_text(args: &[Value]) -> String {
    if let [Value::String(s)] = args {
        return s.to_string();
    }
    // Go's printableValue turns a nil interface into "<no value>" before fmt sees it.
    if args.iter().any(Value::is_nil_interface) {
        let shown: Vec<Value> = args
            .iter()
            .map(|v| {
                if v.is_nil_interface() {
                    Value::str("<no value>")
                } else {
                    v.clone()
                }
            })
            .collect();
        return crate::gofmt::sprint(&shown);
    }
    crate::gofmt::sprint(args)
}

fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\0' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn js_escape(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' => out.push_str("\\u003C"),
            '>' => out.push_str("\\u003E"),
            '&' => out.push_str("\\u0026"),
            '=' => out.push_str("\\u003D"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 15] as char);
            }
            c if (c as u32) < 0x80 || super::gostr::is_print(c) => out.push(c),
            // A raw byte decodes as U+FFFD, which is printable: Go copies the byte.
            c if crate::gobytes::raw_byte(c).is_some() => out.push(c),
            c => out.push_str(&format!("\\u{:04X}", c as u32)),
        }
    }
    out
}

fn query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in crate::gobytes::go_bytes(s).iter() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A named map or slice type (`engine.files`, `common.VersionSet`) as the plain collection
/// Go's reflection sees under it, for `range`, `len` and `index`.
fn object_as_collection(o: &Rc<dyn crate::value::Object>) -> Option<Value> {
    if let Some(entries) = o.map_entries() {
        // engine.files is map[string][]byte: its elements are not interface slots.
        let m = crate::value::Map::from_entries(MapType::Strings, entries.into_iter().collect());
        return Some(Value::Map(m));
    }
    o.list_items().map(Value::List)
}

fn object_as_collection_value(v: &Value) -> Value {
    match v {
        Value::Object(o) => object_as_collection(o).unwrap_or_else(|| v.clone()),
        other => other.clone(),
    }
}

/// Helm's `strings.ReplaceAll(text, "<no value>", "")` on an engine output. Most outputs
/// hold none: `contains` scans them with a vectorised search, while `replace` always walks
/// them with a slower one and copies them (opentelemetry-operator's `tpl` of a large text
/// spent a sixth of its render there).
pub(crate) fn strip_no_value(text: String) -> String {
    match without_no_value(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(t) => t,
    }
}

/// [`strip_no_value`] of text that stays where it is (`tpl`'s reused buffer).
fn without_no_value(text: &str) -> Cow<'_, str> {
    if text.contains("<no value>") {
        Cow::Owned(text.replace("<no value>", ""))
    } else {
        Cow::Borrowed(text)
    }
}
