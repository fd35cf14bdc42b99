//! Reusing an included template's text. Charts include the same helpers (names, labels,
//! selectors) with the same context over and over: ingress-nginx makes 195 `include` calls
//! a render, of some 60 distinct template and context pairs. Go runs each one again; the
//! text can only differ if something the template reads has changed, so a render keeps it
//! where nothing can have.
//!
//! A template's text is kept, by template name and the identity of the data it was given,
//! when the template (and every one it includes) is *reusable*:
//! - it calls only functions of [`Effect::Pure`] (no clock, randomness, cluster, `tpl`,
//!   and nothing that changes a value), and includes templates by literal name only;
//! - it touches its data only through field chains and by handing it to reusable
//!   templates: never the data itself as a value (`toYaml .`, `index $ "x"`, `with .`),
//!   which would see every key;
//! - no field chain names `Template` or `Subcharts`: the render sets `.Template` in a
//!   chart's context before each of its templates, the one change the engine makes between
//!   templates, and `.Subcharts` holds the subcharts' contexts;
//! - it is no part of a cycle of includes.
//!
//! A call of a function that may change a value (`set`, `merge`, anything not known to be
//! harmless) drops every kept text, unless it reports that it changed nothing (`merge` of
//! keys already set, as charts merge global image settings into their own) or all it
//! changed is a map made for the call and held by nothing else (`merge (dict ...) .`).
//! Should it store a chart's context where a template may later read it
//! (`set .Values "ctx" $`), a context may now be read through names the rules allow, and
//! from then on nothing is kept from one template to the next (a merge stores what its
//! sources hold: a context among their entries counts, a source that is one does not).
//! Texts are reused only outside `tpl`'s own definitions, never in lint mode (where
//! `required` logs), and only where the template's own run could not have hit the nesting
//! or step bounds (see [`Memo::find`]). A map made for the call (`include "x" (dict ...)`,
//! held by nothing else) is never met again, so its text is not kept.

use alloc::collections::BTreeMap;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;

use super::funcs::{Effect, FuncMap};
use super::node::{Arg, CommandNode, ListNode, Names, Node, PipeNode};
use super::parse::Tree;
use crate::value::{MapType, Value};

/// Texts kept per template: calls given a fresh `dict` each time never match, and keep
/// their data alive while kept.
const KEPT_PER_TEMPLATE: usize = 8;

/// Whether a template's text may be reused, once worked out.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Reusable,
    NotReusable,
    /// Being worked out: a template reached again is part of a cycle.
    Deciding,
}

/// A kept text.
#[derive(Clone)]
struct Kept {
    /// The data's identity: its map's address, type and nil-ness.
    key: (usize, MapType, bool),
    /// The data itself, held so that its address names no other map while kept.
    _data: Value,
    text: Rc<str>,
    /// Templates nested (the executor's count) when it ran: a run no deeper stays in bounds.
    nesting: usize,
    /// Execution steps its run took, charged again on reuse.
    steps: u64,
}

/// One template's verdict and kept texts.
#[derive(Clone)]
struct Entry {
    verdict: Verdict,
    kept: Vec<Kept>,
}

/// The texts a render keeps (see the module docs).
#[derive(Clone, Default)]
pub(super) struct Memo {
    by_name: BTreeMap<String, Entry>,
    /// Texts kept now, so that dropping none costs nothing.
    kept: usize,
    /// The charts' contexts (their identities), set by the render.
    contexts: Vec<usize>,
    /// A changing function was handed a context: see the module docs.
    planted: bool,
    /// Texts reused so far (for tests).
    pub(super) reused: usize,
}

/// What [`Memo::find`] knows of an `include`.
pub(super) enum Found {
    /// Its text is not to be kept.
    No,
    /// Its text may be kept, under this key, once it has run.
    Miss((usize, MapType, bool)),
    /// Its kept text, and the steps its run took.
    Hit(Rc<str>, u64),
}

impl Memo {
    /// Notes the charts' contexts (`.` of each template), which the render changes.
    pub(super) fn set_contexts(&mut self, contexts: Vec<usize>) {
        self.contexts = contexts;
    }

    /// What is known of including `name` with `data` at this nesting: a kept text if its
    /// reuse is sound there, else whether to keep the text once it has run.
    pub(super) fn find(
        &mut self,
        name: &str,
        data: &Value,
        nesting: usize,
        trees: &BTreeMap<String, Rc<Tree>>,
        funcs: &FuncMap,
    ) -> Found {
        // A map held by nothing but this call (the argument and its copy here) was made
        // for it, and will not be met again.
        let key = match data {
            Value::Map(m) if m.holders() > 2 => m.identity(),
            _ => return Found::No,
        };
        let reusable = match self.by_name.get(name).map(|e| e.verdict) {
            Some(v) => v == Verdict::Reusable,
            None => Check {
                trees,
                funcs,
                memo: self,
            }
            .template(name),
        };
        if !reusable {
            return Found::No;
        }
        let kept = self
            .by_name
            .get(name)
            .and_then(|e| e.kept.iter().find(|k| k.key == key));
        match kept {
            // Deeper than its own run, the run might have hit the nesting bound.
            Some(k) if nesting <= k.nesting => {
                self.reused += 1;
                Found::Hit(k.text.clone(), k.steps)
            }
            _ => Found::Miss(key),
        }
    }

    /// Keeps `text`, the output of `name` run on `data` (under `key`) at `nesting` in
    /// `steps` steps.
    pub(super) fn keep(
        &mut self,
        name: &str,
        key: (usize, MapType, bool),
        data: &Value,
        text: Rc<str>,
        (nesting, steps): (usize, u64),
    ) {
        let Some(entry) = self.by_name.get_mut(name) else {
            return;
        };
        if let Some(k) = entry.kept.iter_mut().find(|k| k.key == key) {
            // Run again deeper than before (a kept text is only reused at most as deep).
            k.nesting = k.nesting.max(nesting);
            return;
        }
        if entry.kept.len() == KEPT_PER_TEMPLATE {
            entry.kept.remove(0);
            self.kept -= 1;
        }
        entry.kept.push(Kept {
            key,
            _data: data.clone(),
            text,
            nesting,
            steps,
        });
        self.kept += 1;
    }

    /// Function `name` has changed one of `args`: nothing kept can be trusted, and should
    /// it have stored a context where a template may later read it, nothing kept survives
    /// a template.
    pub(super) fn changing(&mut self, name: &str, args: &[Value]) {
        if !self.planted {
            let mut budget = PLANT_SEARCH;
            let contexts = &self.contexts;
            let mut holds = |v: &Value| holds_context(v, contexts, &mut budget);
            self.planted = match name {
                // `set M K V` stores V; `unset` stores nothing.
                "set" => args.get(2).is_some_and(&mut holds),
                "unset" => false,
                // A merge stores what its sources hold, not the sources themselves.
                "merge" | "mergeOverwrite" | "mustMerge" | "mustMergeOverwrite" => {
                    args[1.min(args.len())..].iter().any(|src| match src {
                        Value::Map(m) => m.borrow().values().any(&mut holds),
                        other => holds(other),
                    })
                }
                _ => args.iter().any(holds),
            };
        }
        self.forget();
    }

    /// A top-level template is about to run (see [`Memo::changing`]).
    pub(super) fn next_template(&mut self) {
        if self.planted {
            self.forget();
        }
    }

    fn forget(&mut self) {
        if self.kept == 0 {
            return;
        }
        for e in self.by_name.values_mut() {
            e.kept.clear();
        }
        self.kept = 0;
    }
}

/// Values searched for a context in a changing function's arguments before it is assumed
/// to hold one.
const PLANT_SEARCH: usize = 4096;

/// Whether `v` is or holds one of `contexts`, within `budget` values looked at (past it:
/// assumed to).
fn holds_context(v: &Value, contexts: &[usize], budget: &mut usize) -> bool {
    if *budget == 0 {
        return true;
    }
    *budget -= 1;
    match v {
        Value::Map(m) => {
            contexts.contains(&m.identity().0)
                || m.borrow()
                    .values()
                    .any(|e| holds_context(e, contexts, budget))
        }
        Value::List(l) => l.items().iter().any(|e| holds_context(e, contexts, budget)),
        _ => false,
    }
}

/// Works out verdicts (the rules in the module docs).
struct Check<'a> {
    trees: &'a BTreeMap<String, Rc<Tree>>,
    funcs: &'a FuncMap,
    memo: &'a mut Memo,
}

impl Check<'_> {
    fn template(&mut self, name: &str) -> bool {
        match self.memo.by_name.get(name).map(|e| e.verdict) {
            Some(v) => return v == Verdict::Reusable,
            None => {
                let deciding = Entry {
                    verdict: Verdict::Deciding,
                    kept: Vec::new(),
                };
                self.memo.by_name.insert(String::from(name), deciding);
            }
        }
        let ok = match self.trees.get(name) {
            Some(tree) => self.list(&tree.root, true),
            None => false,
        };
        if let Some(e) = self.memo.by_name.get_mut(name) {
            e.verdict = if ok {
                Verdict::Reusable
            } else {
                Verdict::NotReusable
            };
        }
        ok
    }

    /// `root`: dot is still the template's data (not rebound by `with` or `range`).
    fn list(&mut self, list: &ListNode, root: bool) -> bool {
        list.nodes.iter().all(|n| self.node(n, root))
    }

    fn node(&mut self, node: &Node, root: bool) -> bool {
        match node {
            Node::Text(_) | Node::Break(..) | Node::Continue(..) => true,
            Node::Action(a) => self.pipe(&a.pipe, root),
            Node::If(b) => {
                self.pipe(&b.pipe, root)
                    && self.list(&b.list, root)
                    && b.else_list.as_ref().is_none_or(|l| self.list(l, root))
            }
            Node::With(b) | Node::Range(b) => {
                self.pipe(&b.pipe, root)
                    && self.list(&b.list, false)
                    && b.else_list.as_ref().is_none_or(|l| self.list(l, root))
            }
            Node::Template(t) => {
                self.template(&t.name) && t.pipe.as_ref().is_none_or(|p| self.data(p, root))
            }
        }
    }

    /// A pipeline whose value is handed to a template as its data: the data itself may be.
    fn data(&mut self, pipe: &PipeNode, root: bool) -> bool {
        let mut cmds = pipe.commands();
        if let (Some(c), None, true) = (cmds.next(), cmds.next(), pipe.decl().is_empty()) {
            if let [a] = c.args {
                if is_data(a, root) {
                    return true;
                }
            }
        }
        self.pipe(pipe, root)
    }

    fn pipe(&mut self, pipe: &PipeNode, root: bool) -> bool {
        pipe.commands().all(|c| self.command(c, root))
    }

    fn command(&mut self, c: CommandNode<'_>, root: bool) -> bool {
        match c.args {
            [] => true,
            [Arg::Identifier(_, name), rest @ ..] => {
                let name = name.as_str();
                if name == "include" {
                    // `include "literal" DATA`: the data may be the template's own.
                    let [Arg::String(_, _, callee), data] = rest else {
                        return false;
                    };
                    return self.template(callee) && (is_data(data, root) || self.arg(data, root));
                }
                self.function(name) && rest.iter().all(|a| self.arg(a, root))
            }
            // The data alone as a value.
            [a] if is_data(a, root) => false,
            // A value, or a method called on one.
            [first, rest @ ..] => {
                self.receiver(first, root) && rest.iter().all(|a| self.arg(a, root))
            }
        }
    }

    fn function(&self, name: &str) -> bool {
        match self.funcs.get(name) {
            Some(f) => f.effect == Effect::Pure,
            // Go's builtins read their arguments only (`call` only ever fails here:
            // templates are handed no functions).
            None => super::exec::is_builtin(name),
        }
    }

    /// An operand: the data itself may not be one.
    fn arg(&mut self, a: &Arg, root: bool) -> bool {
        match a {
            Arg::Dot(_) => !root,
            Arg::Nil(_) | Arg::Bool(..) | Arg::Number(_) | Arg::String(..) => true,
            Arg::Identifier(_, name) => name.as_str() != "include" && self.function(name),
            Arg::Field(_, names) => names_ok(names),
            Arg::Variable(v) => v.ident.as_str() != "$" && names_ok(&v.ident),
            Arg::Chain(c) => names_ok(&c.fields) && self.receiver(&c.node, root),
            Arg::Pipe(p) => self.pipe(p, root),
        }
    }

    /// What fields are read from, or a method called on: the data itself may be.
    fn receiver(&mut self, a: &Arg, root: bool) -> bool {
        match a {
            Arg::Dot(_) => true,
            Arg::Variable(v) => names_ok(&v.ident),
            Arg::Pipe(p) => self.data(p, root),
            _ => self.arg(a, root),
        }
    }
}

/// Whether `a` is the template's data itself: `.` where dot is still the data, or `$`.
fn is_data(a: &Arg, root: bool) -> bool {
    match a {
        Arg::Dot(_) => root,
        Arg::Variable(v) => v.ident.as_str() == "$",
        _ => false,
    }
}

/// Whether a chain names neither `Template` nor `Subcharts` (see the module docs).
fn names_ok(names: &Names) -> bool {
    names.iter().all(|n| n != "Template" && n != "Subcharts")
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    /// Whether template `x`, defined with the others in `src`, is reusable.
    fn reusable(src: &str) -> bool {
        let funcs = crate::render::funcs::helm_func_map();
        let has = |n: &str| funcs.contains(n) || super::super::exec::is_builtin(n);
        let trees = super::super::parse::parse("t", src, &has).unwrap();
        let trees: BTreeMap<String, Rc<Tree>> = trees
            .into_iter()
            .map(|t| (t.name.to_string(), Rc::new(t)))
            .collect();
        let mut memo = Memo::default();
        Check {
            trees: &trees,
            funcs: &funcs,
            memo: &mut memo,
        }
        .template("x")
    }

    #[test]
    fn reusable_templates_read_their_data_by_name_only() {
        // `x`'s body, then (after `§`) other definitions.
        let def = |src: &str| {
            let (body, rest) = src.split_once('§').unwrap_or((src, ""));
            alloc::format!("{{{{ define \"x\" }}}}{body}{{{{ end }}}}{rest}")
        };
        for body in [
            "{{ .Values.a | default .Chart.Name | trunc 63 | quote }}",
            "{{ with .Values.labels }}{{ toYaml . }}{{ end }}",
            "{{ range $k, $v := .Values.m }}{{ $k }}={{ $v }}{{ end }}",
            "{{ $n := printf \"%s-%s\" .Release.Name $.Chart.Name }}{{ $n }}",
            "{{ include \"y\" . }}{{ template \"y\" $ }}§{{ define \"y\" }}{{ .Values.b }}{{ end }}",
            "{{ .Capabilities.APIVersions.Has \"v1\" }}{{ .Files.Get \"f\" }}",
            "{{ if eq (len .Values.l) 0 }}none{{ else }}{{ index .Values.l 0 }}{{ end }}",
        ] {
            assert!(reusable(&def(body)), "{body}");
        }
        for body in [
            // The data itself as a value: every key, `.Template` among them.
            "{{ toYaml . }}",
            "{{ index $ \"Values\" }}",
            "{{ with . }}{{ .Values.a }}{{ end }}",
            "{{ $c := . }}{{ $c.Values.a }}",
            "{{ range $k, $v := $ }}{{ $k }}{{ end }}",
            "{{ . | include \"y\" }}§{{ define \"y\" }}{{ end }}",
            // Names the render changes.
            "{{ .Template.Name }}",
            "{{ $.Template.BasePath }}",
            "{{ .Subcharts.sub.Values.a }}",
            // Functions that are not pure, and includes it cannot follow.
            "{{ randAlphaNum 5 }}",
            "{{ now }}",
            "{{ tpl .Values.t . }}",
            "{{ lookup \"v1\" \"Pod\" \"\" \"\" }}",
            "{{ $_ := set .Values \"a\" 1 }}",
            "{{ include .Values.name . }}",
            "{{ include \"missing\" . }}",
            "{{ include \"y\" . }}§{{ define \"y\" }}{{ .Template.Name }}{{ end }}",
            // A cycle of includes.
            "{{ include \"x\" . }}",
        ] {
            assert!(!reusable(&def(body)), "{body}");
        }
    }
}
