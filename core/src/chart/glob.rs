//! gobwas/glob v0.2.3 patterns with `/` as the separator, as `.Files.Glob` compiles them:
//! `*` (not across `/`), `**` (anything), `?`, `[abc]`, `[!abc]`, `[a-z]`, `{a,b}`, `\`.
//!
//! Compiled to a small NFA and run over the name's characters, so matching is linear.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

#[derive(Clone, Debug)]
enum Node {
    Text(Vec<char>),
    Any,
    Super,
    Single,
    List { chars: Vec<char>, not: bool },
    Range { lo: char, hi: char, not: bool },
    AnyOf(Vec<Vec<Node>>),
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Text(Vec<char>),
    Any,
    Super,
    Single,
    Not,
    Sep,
    RangeOpen,
    RangeClose,
    RangeLo(char),
    RangeHi(char),
    TermsOpen,
    TermsClose,
}

fn lex(p: &str) -> Result<Vec<Tok>, String> {
    let s: Vec<char> = p.chars().collect();
    let mut i = 0;
    let mut out = Vec::new();
    let mut terms = 0usize;
    let text = |i: &mut usize, breakers: &[char]| -> Vec<char> {
        let mut data = Vec::new();
        let mut escaped = false;
        while *i < s.len() {
            let r = s[*i];
            if !escaped {
                if r == '\\' {
                    escaped = true;
                    *i += 1;
                    continue;
                }
                if breakers.contains(&r) {
                    break;
                }
            }
            escaped = false;
            data.push(r);
            *i += 1;
        }
        data
    };
    while i < s.len() {
        let r = s[i];
        match r {
            '{' => {
                terms += 1;
                out.push(Tok::TermsOpen);
                i += 1;
            }
            ',' if terms > 0 => {
                out.push(Tok::Sep);
                i += 1;
            }
            '}' if terms > 0 => {
                out.push(Tok::TermsClose);
                terms -= 1;
                i += 1;
            }
            '[' => {
                out.push(Tok::RangeOpen);
                i += 1;
                let (mut want_hi, mut want_close, mut seen_not) = (false, false, false);
                loop {
                    let Some(&r) = s.get(i) else {
                        return Err(String::from("unexpected end of input"));
                    };
                    if want_close {
                        if r != ']' {
                            return Err(String::from("expected close range character"));
                        }
                        out.push(Tok::RangeClose);
                        i += 1;
                        break;
                    }
                    if want_hi {
                        out.push(Tok::RangeHi(r));
                        i += 1;
                        want_close = true;
                        continue;
                    }
                    if !seen_not && r == '!' {
                        out.push(Tok::Not);
                        seen_not = true;
                        i += 1;
                        continue;
                    }
                    if s.get(i + 1) == Some(&'-') {
                        out.push(Tok::RangeLo(r));
                        i += 2;
                        want_hi = true;
                        continue;
                    }
                    let t = text(&mut i, &[']']);
                    if !t.is_empty() {
                        out.push(Tok::Text(t));
                    }
                    want_close = true;
                }
            }
            '?' => {
                out.push(Tok::Single);
                i += 1;
            }
            '*' => {
                if s.get(i + 1) == Some(&'*') {
                    out.push(Tok::Super);
                    i += 2;
                } else {
                    out.push(Tok::Any);
                    i += 1;
                }
            }
            _ => {
                let breakers: &[char] = if terms > 0 {
                    &['?', '*', '[', '{', '}', ',']
                } else {
                    &['?', '*', '[', '{']
                };
                let t = text(&mut i, breakers);
                if !t.is_empty() {
                    out.push(Tok::Text(t));
                }
            }
        }
    }
    Ok(out)
}

/// Parses tokens into a sequence; `{`…`}` groups nest (an unclosed group ends with the
/// pattern, as in gobwas).
fn parse(toks: &[Tok]) -> Result<Vec<Node>, String> {
    // A stack of open groups: each holds its finished alternatives and the current one.
    let mut stack: Vec<(Vec<Vec<Node>>, Vec<Node>)> = Vec::new();
    let mut cur: Vec<Node> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match &toks[i] {
            Tok::Text(t) => cur.push(Node::Text(t.clone())),
            Tok::Any => cur.push(Node::Any),
            Tok::Super => cur.push(Node::Super),
            Tok::Single => cur.push(Node::Single),
            Tok::RangeOpen => {
                let (mut not, mut lo, mut hi, mut chars) = (false, None, None, Vec::new());
                loop {
                    i += 1;
                    match toks.get(i) {
                        None => return Err(String::from("unexpected end")),
                        Some(Tok::Not) => not = true,
                        Some(Tok::RangeLo(c)) => lo = Some(*c),
                        Some(Tok::RangeHi(c)) => {
                            hi = Some(*c);
                            if let (Some(l), Some(h)) = (lo, hi) {
                                if h < l {
                                    return Err(String::from(
                                        "hi character should be greater than lo",
                                    ));
                                }
                            }
                        }
                        Some(Tok::Text(t)) => chars = t.clone(),
                        Some(Tok::RangeClose) => break,
                        Some(_) => return Err(String::from("unexpected token")),
                    }
                }
                // gobwas treats U+0000 as "unset" for the bounds.
                let is_range = lo.is_some_and(|c| c != '\0') && hi.is_some_and(|c| c != '\0');
                let is_chars = !chars.is_empty();
                if is_range == is_chars {
                    return Err(String::from("could not parse range"));
                }
                match (is_range, lo, hi) {
                    (true, Some(lo), Some(hi)) => cur.push(Node::Range { lo, hi, not }),
                    _ => cur.push(Node::List { chars, not }),
                }
            }
            Tok::TermsOpen => stack.push((Vec::new(), core::mem::take(&mut cur))),
            Tok::Sep => match stack.last_mut() {
                Some((alts, _)) => alts.push(core::mem::take(&mut cur)),
                None => return Err(String::from("unexpected token")),
            },
            Tok::TermsClose => match stack.pop() {
                Some((mut alts, outer)) => {
                    alts.push(core::mem::take(&mut cur));
                    cur = outer;
                    cur.push(Node::AnyOf(alts));
                }
                None => return Err(String::from("unexpected token")),
            },
            _ => return Err(String::from("unexpected token")),
        }
        i += 1;
    }
    while let Some((mut alts, outer)) = stack.pop() {
        alts.push(core::mem::take(&mut cur));
        cur = outer;
        cur.push(Node::AnyOf(alts));
    }
    Ok(cur)
}

/// One NFA state: consume a character matching `test` and go to `next`, or split.
#[derive(Clone, Debug)]
enum State {
    Char(char, usize),
    NonSep(usize),
    AnyChar(usize),
    Set(Box<[char]>, bool, usize),
    Range(char, char, bool, usize),
    Split(Vec<usize>),
    Match,
}

/// A compiled pattern.
#[derive(Clone, Debug)]
pub struct Glob {
    states: Vec<State>,
    /// The first state (tests step from it through whole names).
    #[cfg_attr(not(test), allow(dead_code))]
    start: usize,
    /// Text every match starts with, and text every match ends with: most names are
    /// refused by these alone (`files/dashboards/*.json` over a chart's every file),
    /// before the automaton steps through them char by char.
    prefix: String,
    suffix: String,
    /// The state reached after the prefix, where stepping through a name begins, and the
    /// one the suffix starts at, where it ends: the automaton reads only the middle.
    after_prefix: usize,
    before_suffix: usize,
}

fn compile_seq(nodes: &[Node], next: usize, states: &mut Vec<State>) -> usize {
    let mut next = next;
    for n in nodes.iter().rev() {
        next = match n {
            Node::Text(t) => {
                let mut nx = next;
                for c in t.iter().rev() {
                    states.push(State::Char(*c, nx));
                    nx = states.len() - 1;
                }
                nx
            }
            Node::Single => {
                states.push(State::NonSep(next));
                states.len() - 1
            }
            Node::Any | Node::Super => {
                // A loop: split to (consume one, back to the split) or go on.
                let split = states.len();
                states.push(State::Split(Vec::new()));
                let step = states.len();
                states.push(if matches!(n, Node::Any) {
                    State::NonSep(split)
                } else {
                    State::AnyChar(split)
                });
                states[split] = State::Split(alloc::vec![step, next]);
                split
            }
            Node::List { chars, not } => {
                states.push(State::Set(chars.clone().into_boxed_slice(), *not, next));
                states.len() - 1
            }
            Node::Range { lo, hi, not } => {
                states.push(State::Range(*lo, *hi, *not, next));
                states.len() - 1
            }
            Node::AnyOf(alts) => {
                let starts: Vec<usize> =
                    alts.iter().map(|a| compile_seq(a, next, states)).collect();
                states.push(State::Split(starts));
                states.len() - 1
            }
        };
    }
    next
}

impl Glob {
    /// Compiles a pattern (gobwas `glob.Compile(pattern, '/')`).
    pub fn compile(pattern: &str) -> Result<Glob, String> {
        let nodes = parse(&lex(pattern)?)?;
        let mut states = alloc::vec![State::Match];
        let start = compile_seq(&nodes, 0, &mut states);
        let mut prefix = String::new();
        let mut at = start;
        while let State::Char(c, to) = states[at] {
            prefix.push(c);
            at = to;
        }
        // A last text node was compiled first: its chars are states 1..=len, the first
        // char's state last, each leading to the next and the last to `Match` (0).
        let (suffix, before_suffix) = match nodes.as_slice() {
            [_, .., Node::Text(t)] => (t.iter().collect(), t.len()),
            _ => (String::new(), 0),
        };
        Ok(Glob {
            states,
            start,
            prefix,
            suffix,
            after_prefix: at,
            before_suffix,
        })
    }

    /// Whether the whole of `name` matches.
    pub fn matches(&self, name: &str) -> bool {
        // The prefix and the suffix are distinct states: each reads chars of its own.
        if name.len() < self.prefix.len() + self.suffix.len()
            || !name.starts_with(&self.prefix)
            || !name.ends_with(&self.suffix)
        {
            return false;
        }
        let middle = &name[self.prefix.len()..name.len() - self.suffix.len()];
        self.run(self.after_prefix, middle, self.before_suffix)
    }

    /// Whether stepping through `text` from state `from` can end in state `to`.
    fn run(&self, from: usize, text: &str, to: usize) -> bool {
        let n = self.states.len();
        let mut cur = alloc::vec![false; n];
        let mut next = alloc::vec![false; n];
        let mut todo = Vec::new();
        self.add(&mut cur, from, &mut todo);
        for c in text.chars() {
            next.iter_mut().for_each(|x| *x = false);
            for (i, on) in cur.iter().enumerate() {
                if !*on {
                    continue;
                }
                let to = match &self.states[i] {
                    State::Char(x, to) if *x == c => Some(*to),
                    State::NonSep(to) if c != '/' => Some(*to),
                    State::AnyChar(to) => Some(*to),
                    State::Set(set, not, to) if set.contains(&c) != *not => Some(*to),
                    State::Range(lo, hi, not, to) if (*lo <= c && c <= *hi) != *not => Some(*to),
                    _ => None,
                };
                if let Some(to) = to {
                    self.add(&mut next, to, &mut todo);
                }
            }
            core::mem::swap(&mut cur, &mut next);
            if !cur.iter().any(|x| *x) {
                return false;
            }
        }
        cur[to]
    }

    /// Adds `s` and the states its splits lead to; `todo` is scratch space.
    fn add(&self, set: &mut [bool], s: usize, todo: &mut Vec<usize>) {
        todo.push(s);
        while let Some(s) = todo.pop() {
            if set[s] {
                continue;
            }
            set[s] = true;
            if let State::Split(to) = &self.states[s] {
                todo.extend(to.iter().copied());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Glob {
        /// The automaton alone, through the whole name (no prefix or suffix shortcut).
        fn matches_whole(&self, name: &str) -> bool {
            self.run(self.start, name, 0)
        }
    }

    /// The shortcuts change no answer: every pattern of up to four pieces against every
    /// name of up to five chars over a small alphabet.
    #[test]
    fn shortcuts_agree_with_the_whole_automaton() {
        let pieces = ["a", "b", "/", "*", "**", "?", "[ab]", "{a,b/}", "ab"];
        let mut patterns = alloc::vec![String::new()];
        for _ in 0..4 {
            let mut more = Vec::new();
            for p in &patterns {
                for q in pieces {
                    more.push(alloc::format!("{p}{q}"));
                }
            }
            patterns.extend(more);
        }
        patterns.sort();
        patterns.dedup();
        let mut names = alloc::vec![String::new()];
        for _ in 0..5 {
            let mut more = Vec::new();
            for n in &names {
                for c in ["a", "b", "/"] {
                    more.push(alloc::format!("{n}{c}"));
                }
            }
            names.extend(more);
        }
        names.sort();
        names.dedup();
        for p in &patterns {
            let Ok(g) = Glob::compile(p) else { continue };
            for n in &names {
                assert_eq!(g.matches(n), g.matches_whole(n), "{p:?} {n:?}");
            }
        }
    }

    #[test]
    fn gobwas_semantics() {
        let cases: &[(&str, &str, bool)] = &[
            ("conf/*", "conf/a.yaml", true),
            ("conf/*", "conf/sub/a.yaml", false),
            ("**.txt", "conf/b.txt", true),
            ("**.txt", "b.txt", true),
            ("*", "one.txt", true),
            ("*", "conf/a.yaml", false),
            ("{conf/a.yaml,one.*}", "one.txt", true),
            ("{conf/a.yaml,one.*}", "conf/a.yaml", true),
            ("{conf/a.yaml,one.*}", "two.txt", false),
            ("?.txt", "a.txt", true),
            ("?.txt", "/.txt", false),
            ("[ab].txt", "b.txt", true),
            ("[!ab].txt", "c.txt", true),
            ("[!ab].txt", "a.txt", false),
            ("[a-c]*", "cat", true),
            ("[a-c]*", "dog", false),
            ("a\\*b", "a*b", true),
            ("a\\*b", "axb", false),
            ("a,b", "a,b", true),
            ("}x", "}x", true),
            ("{a,{b,c}d}", "cd", true),
            ("{a,{b,c}d}", "c", false),
            ("files/**", "files/a/b/c", true),
            ("**/x", "a/b/x", true),
            // The literal prefix and suffix checks come first; the automaton decides.
            ("a*a", "a", false),
            ("a*a", "aa", true),
            ("files/*.yaml", "files/x.yaml", true),
            ("files/*.yaml", "files/x.yml", false),
            ("files/*.yaml", "other/x.yaml", false),
            ("abc", "abc", true),
            ("abc", "abcd", false),
            ("ab*", "a", false),
            ("*x*", "x", true),
            ("{a,b}c", "bc", true),
            ("x{a,b}", "xb", true),
            ("x{a,b}", "x", false),
            ("a*bcd", "abcd", true),
            ("a*bcd", "abcbcd", true),
            ("a*bcd", "abcdx", false),
            ("a*b*a", "aba", true),
            ("a*b*a", "ab", false),
            ("*.yaml", ".yaml", true),
            ("**.yaml", "a/b/.yaml", true),
            ("a?a", "aa", false),
            ("a?a", "a/a", false),
            ("a?a", "aba", true),
        ];
        for (p, n, want) in cases {
            assert_eq!(Glob::compile(p).unwrap().matches(n), *want, "{p} {n}");
        }
        let g = Glob::compile("files/*.yaml").unwrap();
        assert_eq!((g.prefix.as_str(), g.suffix.as_str()), ("files/", ".yaml"));
        for p in [
            "files/*.yaml",
            "a*bcd",
            "**x",
            "[ab]?yz",
            "{a,b}c",
            "a\\*b*c\\?",
        ] {
            // The suffix's states are a chain from `before_suffix` to `Match`.
            let g = Glob::compile(p).unwrap();
            let mut at = g.before_suffix;
            for c in g.suffix.chars() {
                let State::Char(x, to) = g.states[at] else {
                    panic!("{p}: state {at} is not a char")
                };
                assert_eq!(x, c, "{p}");
                at = to;
            }
            assert_eq!(at, 0, "{p}");
        }
        let g = Glob::compile("{a,b}*").unwrap();
        assert_eq!((g.prefix.as_str(), g.suffix.as_str()), ("", ""));
        for bad in ["[", "[]", "[a-", "[a-]", "[ab", "[z-a]"] {
            assert!(Glob::compile(bad).is_err(), "{bad}");
        }
    }
}
