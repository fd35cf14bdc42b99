//! Sprig's regex functions over Go's `regexp` (see [`super::re2`]): Go's rules for
//! successive matches (an empty match right after a match is skipped), `$1`/`${name}`
//! expansion, and `Split`.
//!
//! The plain variants use `regexp.MustCompile`, whose panic Helm reports as
//! `regexp: Compile(`(`): error parsing regexp: …`; the `must` variants return the bare
//! parse error.

use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;

use regex_automata::util::captures::Captures;
use regex_automata::Input;

use crate::func;
use crate::template::funcs::{CallCtx, Func, FuncResult};
use crate::value::Value;

use super::re2::{must_compile_error, GoRegex};
use super::util::{int_arg, str_arg, strings_value};

/// The regex functions.
pub static FUNCS: &[Func] = &[
    func!("regexMatch", [String, String], regex_match),
    func!("mustRegexMatch", [String, String], must_regex_match),
    func!("regexFindAll", [String, String, Int], regex_find_all),
    func!(
        "mustRegexFindAll",
        [String, String, Int],
        must_regex_find_all
    ),
    func!("regexFind", [String, String], regex_find),
    func!("mustRegexFind", [String, String], must_regex_find),
    func!(
        "regexReplaceAll",
        [String, String, String],
        regex_replace_all
    ),
    func!(
        "mustRegexReplaceAll",
        [String, String, String],
        must_regex_replace_all
    ),
    func!(
        "regexReplaceAllLiteral",
        [String, String, String],
        regex_replace_all_literal
    ),
    func!(
        "mustRegexReplaceAllLiteral",
        [String, String, String],
        must_regex_replace_all_literal
    ),
    func!("regexSplit", [String, String, Int], regex_split),
    func!("mustRegexSplit", [String, String, Int], must_regex_split),
    func!("regexQuoteMeta", [String], regex_quote_meta),
];

/// `regexp.MustCompile`: a parse error becomes the panic text.
fn must_compile(expr: &str) -> Result<Rc<GoRegex>, String> {
    compile(expr).map_err(|e| must_compile_error(expr, &e))
}

/// `regexp.Compile`, memoized: charts call the same few patterns thousands of times, and
/// compiling dominates matching. Go compiles every time; the results are the same.
fn compile(expr: &str) -> Result<Rc<GoRegex>, String> {
    #[cfg(feature = "std")]
    {
        use std::cell::RefCell;
        use std::collections::HashMap;
        const CAP: usize = 512;
        std::thread_local! {
            static CACHE: RefCell<HashMap<String, Result<Rc<GoRegex>, String>>> = RefCell::new(HashMap::new());
        }
        if let Some(hit) = CACHE.with(|c| c.borrow().get(expr).cloned()) {
            return hit;
        }
        let r = super::re2::compile(expr).map(Rc::new);
        CACHE.with(|c| {
            let mut c = c.borrow_mut();
            if c.len() >= CAP {
                c.clear();
            }
            c.insert(String::from(expr), r.clone());
        });
        r
    }
    #[cfg(not(feature = "std"))]
    {
        super::re2::compile(expr).map(Rc::new)
    }
}

/// Width of the rune at `pos` (1 at the end, as Go's loops step past it).
fn rune_width(s: &str, pos: usize) -> usize {
    s[pos..].chars().next().map_or(1, char::len_utf8)
}

/// Go's `allMatches`: up to `n` (all when negative) successive matches, as group spans.
fn all_matches(re: &GoRegex, s: &str, n: i64, mut deliver: impl FnMut(&Captures)) {
    let n = if n < 0 { s.len() as u64 + 1 } else { n as u64 };
    let mut caps = re.re.create_captures();
    let (mut pos, mut count, mut prev_end): (usize, u64, Option<usize>) = (0, 0, None);
    while count < n && pos <= s.len() {
        re.re
            .search_captures(&Input::new(s).range(pos..), &mut caps);
        let Some(m) = caps.get_match() else { break };
        let mut accept = true;
        if m.end() == pos {
            // An empty match right after the previous match is not a new match.
            if Some(m.start()) == prev_end {
                accept = false;
            }
            pos += rune_width(s, pos);
        } else {
            pos = m.end();
        }
        prev_end = Some(m.end());
        if accept {
            deliver(&caps);
            count += 1;
        }
    }
}

fn is_match(re: &GoRegex, s: &str) -> Value {
    Value::Bool(re.re.is_match(Input::new(s)))
}

fn find(re: &GoRegex, s: &str) -> Value {
    Value::str(re.re.find(Input::new(s)).map_or("", |m| &s[m.range()]))
}

fn find_all(re: &GoRegex, s: &str, n: i64) -> Value {
    let mut out = Vec::new();
    all_matches(re, s, n, |c| {
        if let Some(m) = c.get_match() {
            out.push(String::from(&s[m.range()]));
        }
    });
    // Go's FindAllString returns a nil slice when nothing matches (JSON `null`).
    if out.is_empty() {
        return Value::List(crate::value::List::nil_of(crate::value::Elem::String));
    }
    // Go allocates room for 10 matches on the first one, then appends.
    let cap = crate::value::append_cap(crate::value::Elem::String, 10, out.len());
    let items = out.into_iter().map(Value::from).collect();
    Value::List(crate::value::List::with_cap(
        crate::value::Elem::String,
        items,
        cap,
    ))
}

/// Go's `extract`: a `$name`, `${name}` or `$1` reference at the start of `t`.
fn extract(t: &str) -> Option<(&str, Option<usize>, &str)> {
    let (brace, body) = match t.strip_prefix('{') {
        Some(b) => (true, b),
        None => (false, t),
    };
    let len: usize = body
        .chars()
        .take_while(|&c| super::unicode::is_letter(c) || super::unicode::is_digit(c) || c == '_')
        .map(char::len_utf8)
        .sum();
    if len == 0 {
        return None;
    }
    let name = &body[..len];
    let mut rest = &body[len..];
    if brace {
        rest = rest.strip_prefix('}')?;
    }
    let mut num: Option<usize> = Some(0);
    for b in name.bytes() {
        match (num, b) {
            (Some(v), b'0'..=b'9') if v < 100_000_000 => num = Some(v * 10 + usize::from(b - b'0')),
            _ => {
                num = None;
                break;
            }
        }
    }
    if name.len() > 1 && name.starts_with('0') {
        num = None;
    }
    Some((name, num, rest))
}

/// Go's `Regexp.expand` of a `ReplaceAllString` template for one match.
fn expand(out: &mut String, re: &GoRegex, template: &str, src: &str, caps: &Captures) {
    let group = |i: usize, out: &mut String| {
        if let Some(span) = caps.get_group(i) {
            out.push_str(&src[span.range()]);
        }
    };
    let mut t = template;
    while let Some(i) = t.find('$') {
        out.push_str(&t[..i]);
        t = &t[i + 1..];
        if let Some(rest) = t.strip_prefix('$') {
            out.push('$');
            t = rest;
            continue;
        }
        let Some((name, num, rest)) = extract(t) else {
            // Malformed: the `$` is literal text.
            out.push('$');
            continue;
        };
        t = rest;
        match num {
            Some(n) => group(n, out),
            None => {
                if let Some(idx) = re.names.iter().position(|n| n == name) {
                    group(idx, out);
                }
            }
        }
    }
    out.push_str(t);
}

/// Go's `replaceAll`: each match replaced, skipping an empty match right after a match.
fn replace_all(re: &GoRegex, src: &str, repl: &str, literal: bool) -> Value {
    let mut out = String::with_capacity(src.len());
    let mut caps = re.re.create_captures();
    let (mut last_end, mut search) = (0usize, 0usize);
    while search <= src.len() {
        re.re
            .search_captures(&Input::new(src).range(search..), &mut caps);
        let Some(m) = caps.get_match() else { break };
        out.push_str(&src[last_end..m.start()]);
        if m.end() > last_end || m.start() == 0 {
            if literal {
                out.push_str(repl);
            } else {
                expand(&mut out, re, repl, src, &caps);
            }
        }
        last_end = m.end();
        let width = if search < src.len() {
            rune_width(src, search)
        } else {
            0
        };
        if search + width > m.end() {
            search += width;
        } else if search + 1 > m.end() {
            search += 1;
        } else {
            search = m.end();
        }
    }
    out.push_str(&src[last_end..]);
    Value::from(out)
}

/// Go's `Regexp.Split`.
fn split(re: &GoRegex, expr: &str, s: &str, n: i64) -> Value {
    if n == 0 {
        return Value::List(crate::value::List::nil_of(crate::value::Elem::String));
    }
    if !expr.is_empty() && s.is_empty() {
        return strings_value(alloc::vec![String::new()]);
    }
    let mut spans = Vec::new();
    all_matches(re, s, n, |c| {
        if let Some(m) = c.get_match() {
            spans.push((m.start(), m.end()));
        }
    });
    let matches = spans.len();
    let mut parts = Vec::new();
    let (mut beg, mut end) = (0usize, 0usize);
    for (start, stop) in spans {
        if n > 0 && parts.len() as i64 == n - 1 {
            break;
        }
        end = start;
        if stop != 0 {
            parts.push(String::from(&s[beg..end]));
        }
        beg = stop;
    }
    if end != s.len() {
        parts.push(String::from(&s[beg..]));
    }
    // `make([]string, 0, len(matches))`, then appends.
    let cap = crate::value::append_cap(crate::value::Elem::String, matches, parts.len());
    let items = parts.into_iter().map(Value::from).collect();
    Value::List(crate::value::List::with_cap(
        crate::value::Elem::String,
        items,
        cap,
    ))
}

fn regex_match(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(compile(str_arg(&a[0])).map_or(Value::Bool(false), |re| is_match(&re, str_arg(&a[1]))))
}

fn must_regex_match(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(is_match(&*compile(str_arg(&a[0]))?, str_arg(&a[1])))
}

fn regex_find_all(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(find_all(
        &*must_compile(str_arg(&a[0]))?,
        str_arg(&a[1]),
        int_arg(&a[2]),
    ))
}

fn must_regex_find_all(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(find_all(
        &*compile(str_arg(&a[0]))?,
        str_arg(&a[1]),
        int_arg(&a[2]),
    ))
}

fn regex_find(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(find(&*must_compile(str_arg(&a[0]))?, str_arg(&a[1])))
}

fn must_regex_find(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(find(&*compile(str_arg(&a[0]))?, str_arg(&a[1])))
}

fn regex_replace_all(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(replace_all(
        &*must_compile(str_arg(&a[0]))?,
        str_arg(&a[1]),
        str_arg(&a[2]),
        false,
    ))
}

fn must_regex_replace_all(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(replace_all(
        &*compile(str_arg(&a[0]))?,
        str_arg(&a[1]),
        str_arg(&a[2]),
        false,
    ))
}

fn regex_replace_all_literal(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(replace_all(
        &*must_compile(str_arg(&a[0]))?,
        str_arg(&a[1]),
        str_arg(&a[2]),
        true,
    ))
}

fn must_regex_replace_all_literal(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(replace_all(
        &*compile(str_arg(&a[0]))?,
        str_arg(&a[1]),
        str_arg(&a[2]),
        true,
    ))
}

fn regex_split(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let expr = str_arg(&a[0]);
    Ok(split(
        &*must_compile(expr)?,
        expr,
        str_arg(&a[1]),
        int_arg(&a[2]),
    ))
}

fn must_regex_split(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let expr = str_arg(&a[0]);
    Ok(split(
        &*compile(expr)?,
        expr,
        str_arg(&a[1]),
        int_arg(&a[2]),
    ))
}

/// Go's `regexp.QuoteMeta`.
fn regex_quote_meta(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let mut out = String::new();
    for c in str_arg(&a[0]).chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    Ok(Value::from(out))
}
