//! Word and case functions: Go's `strings.Title`, goutils' `Uncapitalize`, `SwapCase`,
//! `Initials`, `DeleteWhiteSpace`, `Wrap`, and huandu/xstrings' snake/kebab/Pascal case.
//!
//! goutils' `Initials` and `DeleteWhiteSpace` walk bytes, not runes, and write each byte back
//! as a Latin-1 rune: `nospace "é a"` is `Ã©a` in Helm, and so it is here.

use alloc::string::String;
use alloc::vec::Vec;

use crate::template::funcs::{CallCtx, FuncResult};
use crate::value::Value;

use super::unicode::{
    is_letter, is_lower, is_number, is_punct, is_space, is_title, is_upper, to_lower, to_title,
    to_upper,
};
use super::util::{bytes_to_value, int_arg, str_arg};

/// Go's `strings.Title` word boundary test.
fn is_separator(c: char) -> bool {
    if c.is_ascii() {
        return !(c.is_ascii_alphanumeric() || c == '_');
    }
    if is_letter(c) || super::unicode::is_digit(c) {
        return false;
    }
    is_space(c)
}

/// `title`: Go's deprecated `strings.Title`.
pub(crate) fn title(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let mut prev = ' ';
    let out: String = crate::gobytes::display(str_arg(&a[0]))
        .chars()
        .map(|c| {
            let r = if is_separator(prev) { to_title(c) } else { c };
            prev = c;
            r
        })
        .collect();
    Ok(Value::from(out))
}

/// `untitle`: goutils' `Uncapitalize` (first rune of each space-separated word lowered).
pub(crate) fn untitle(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let mut next = true;
    let out: String = crate::gobytes::display(str_arg(&a[0]))
        .chars()
        .map(|c| {
            if is_space(c) {
                next = true;
                c
            } else if next {
                next = false;
                to_lower(c)
            } else {
                c
            }
        })
        .collect();
    Ok(Value::from(out))
}

/// `swapcase`: goutils' `SwapCase` (lower letters after a space become title case).
pub(crate) fn swapcase(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let mut whitespace = true;
    let out: String = crate::gobytes::display(str_arg(&a[0]))
        .chars()
        .map(|c| {
            if is_upper(c) || is_title(c) {
                whitespace = false;
                to_lower(c)
            } else if is_lower(c) {
                if whitespace {
                    whitespace = false;
                    to_title(c)
                } else {
                    to_upper(c)
                }
            } else {
                whitespace = is_space(c);
                c
            }
        })
        .collect();
    Ok(Value::from(out))
}

/// `nospace`: goutils' byte-wise `DeleteWhiteSpace`.
pub(crate) fn nospace(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let s = crate::gobytes::go_bytes(str_arg(&a[0]));
    let kept: String = s
        .iter()
        .map(|&b| char::from(b))
        .filter(|&c| !is_space(c))
        .collect();
    if kept.chars().count() == s.len() {
        return Ok(a[0].clone());
    }
    Ok(Value::from(kept))
}

/// `initials`: goutils' byte-wise `Initials`.
pub(crate) fn initials(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let mut gap = true;
    let mut out = String::new();
    for c in crate::gobytes::go_bytes(str_arg(&a[0]))
        .iter()
        .map(|&b| char::from(b))
    {
        if is_space(c) {
            gap = true;
        } else if gap {
            out.push(c);
            gap = false;
        }
    }
    Ok(Value::from(out))
}

/// goutils' `WrapCustom` on bytes.
fn wrap_custom(s: &str, width: i64, newline: &str, long_words: bool) -> Vec<u8> {
    let b = crate::gobytes::go_bytes(s);
    let b: &[u8] = &b;
    if b.is_empty() {
        return Vec::new();
    }
    let newline = crate::gobytes::go_bytes(if newline.is_empty() { "\n" } else { newline });
    let newline: &[u8] = &newline;
    let width = width.max(1) as usize;
    let len = b.len();
    let mut offset = 0usize;
    let mut out = Vec::with_capacity(len + len / width.max(1) * newline.len());
    while len - offset > width {
        if b[offset] == b' ' {
            offset += 1;
            continue;
        }
        let end = width + offset + 1;
        if let Some(space) = b[offset..end].iter().rposition(|&c| c == b' ') {
            let at = offset + space;
            out.extend_from_slice(&b[offset..at]);
            out.extend_from_slice(newline);
            offset = at + 1;
        } else if long_words {
            out.extend_from_slice(&b[offset..offset + width]);
            out.extend_from_slice(newline);
            offset += width;
        } else {
            let end = width + offset;
            match b[end..].iter().position(|&c| c == b' ') {
                None => {
                    out.extend_from_slice(&b[offset..]);
                    offset = len;
                }
                Some(i) => {
                    let at = i + end;
                    out.extend_from_slice(&b[offset..at]);
                    out.extend_from_slice(newline);
                    offset = at + 1;
                }
            }
        }
    }
    out.extend_from_slice(&b[offset..]);
    out
}

/// `wrap WIDTH S`: goutils' `Wrap` (long words are left whole).
pub(crate) fn wrap(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(bytes_to_value(&wrap_custom(
        str_arg(&a[1]),
        int_arg(&a[0]),
        "",
        false,
    )))
}

/// `wrapWith WIDTH SEP S`: goutils' `WrapCustom` with long words cut.
pub(crate) fn wrap_with(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(bytes_to_value(&wrap_custom(
        str_arg(&a[2]),
        int_arg(&a[0]),
        str_arg(&a[1]),
        true,
    )))
}

/// xstrings' connector: `-`, `_` or a space.
fn is_connector(c: char) -> bool {
    c == '-' || c == '_' || is_space(c)
}

/// xstrings' `isAlphabet`: a letter that is not a CJK ideograph.
fn is_alphabet(c: char) -> bool {
    if !is_letter(c) {
        return false;
    }
    let r = c as u32;
    !(0x4E00..=0x9FCC).contains(&r)
        && !(0x3400..=0x4D85).contains(&r)
        && !(0x20000..=0x2B81D).contains(&r)
}

/// `camelcase`: xstrings' `ToPascalCase` (Sprig 3.3 maps camelcase to it).
pub(crate) fn camelcase(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    // xstrings decodes runes: a raw byte comes out as U+FFFD.
    Ok(Value::from(to_pascal_case(&crate::gobytes::display(
        str_arg(&a[0]),
    ))))
}

/// xstrings' `toCamelCase(str, true)`.
fn to_pascal_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    let mut first_upper = false;
    let mut r0 = '\0';
    let mut any = false;
    // Leading connectors are kept.
    for c in chars.by_ref() {
        any = true;
        r0 = c;
        if !is_connector(c) {
            first_upper = is_upper(c);
            r0 = to_upper(c);
            break;
        }
        out.push(c);
    }
    let rest = chars.as_str();
    if rest.is_empty() {
        // Only one rune after the connectors (or only connectors: xstrings writes the last
        // one twice).
        if any {
            out.push(r0);
        }
        return out;
    }
    for c in rest.chars() {
        let r1 = r0;
        r0 = c;
        if is_connector(r0) && is_connector(r1) {
            out.push(r1);
            continue;
        }
        if is_connector(r1) {
            first_upper = is_upper(r0);
            r0 = to_upper(r0);
        } else {
            if first_upper {
                if is_upper(r0) {
                    r0 = to_lower(r0);
                } else {
                    first_upper = false;
                }
            }
            out.push(r1);
        }
    }
    out.push(r0);
    out
}

/// `snakecase`: xstrings' `ToSnakeCase`. Bytes that are not UTF-8 stay as they are in the
/// words it copies, and become U+FFFD in those it rewrites (see [`push_lower`]).
pub(crate) fn snakecase(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::from(camel_to_lower(str_arg(&a[0]), '_')))
}

/// `kebabcase`: xstrings' `ToKebabCase` (as [`snakecase`]).
pub(crate) fn kebabcase(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::from(camel_to_lower(str_arg(&a[0]), '-')))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Word {
    Invalid,
    Number,
    Upper,
    Alphabet,
    Connector,
    Punct,
    Other,
}

/// The rune at the start of `s` with its size; U+FFFD counts as invalid, as Go's
/// `utf8.RuneError` does, and so does a byte that is not UTF-8 (a raw-byte char,
/// `crate::gobytes`).
fn decode(s: &str) -> (char, usize) {
    s.chars().next().map_or(('\u{FFFD}', 0), |c| {
        let r = if crate::gobytes::raw_byte(c).is_some() {
            '\u{FFFD}'
        } else {
            c
        };
        (r, c.len_utf8())
    })
}

/// xstrings' `nextValidRune`: skips invalid runes, adding their sizes; `prev` if none is valid.
fn next_valid(s: &str, prev: char) -> (char, usize) {
    let mut size = 0;
    let mut rest = s;
    while !rest.is_empty() {
        let (c, sz) = decode(rest);
        size += sz;
        if c != '\u{FFFD}' {
            return (c, size);
        }
        rest = &rest[sz..];
    }
    (prev, size)
}

/// xstrings' `nextWord`: the type and text of the next word, and what remains.
fn next_word(s: &str) -> (Word, &str, &str) {
    if s.is_empty() {
        return (Word::Invalid, "", "");
    }
    let (mut r, mut size) = next_valid(s, '\u{FFFD}');
    let mut offset = size;
    let mut remaining = s;
    if r == '\u{FFFD}' {
        return (Word::Invalid, &s[..offset], &s[offset..]);
    }
    // Absorb following runes while `keep` holds.
    let run =
        |remaining: &mut &str, r: &mut char, offset: &mut usize, keep: &dyn Fn(char) -> bool| {
            while !remaining.is_empty() {
                let (c, sz) = next_valid(remaining, *r);
                *r = c;
                if !keep(c) {
                    break;
                }
                *offset += sz;
                *remaining = &remaining[sz..];
            }
        };
    let wt;
    if is_connector(r) {
        wt = Word::Connector;
        remaining = &remaining[size..];
        run(&mut remaining, &mut r, &mut offset, &is_connector);
    } else if is_punct(r) {
        wt = Word::Punct;
        remaining = &remaining[size..];
        run(&mut remaining, &mut r, &mut offset, &is_punct);
    } else if is_upper(r) {
        wt = Word::Upper;
        remaining = &remaining[size..];
        if !remaining.is_empty() {
            (r, size) = next_valid(remaining, r);
            if is_upper(r) {
                let mut prev_size = size;
                offset += size;
                remaining = &remaining[size..];
                while !remaining.is_empty() {
                    (r, size) = next_valid(remaining, r);
                    if !is_upper(r) {
                        break;
                    }
                    prev_size = size;
                    offset += size;
                    remaining = &remaining[size..];
                }
                // "HTTPStatus" splits as "HTTP" + "Status": the last capital starts a word.
                if !remaining.is_empty() && is_alphabet(r) {
                    offset -= prev_size;
                    remaining = &s[offset..];
                }
            } else if is_alphabet(r) {
                offset += size;
                remaining = &remaining[size..];
                run(&mut remaining, &mut r, &mut offset, &|c| {
                    is_alphabet(c) && !is_upper(c)
                });
            }
        }
    } else if is_alphabet(r) {
        wt = Word::Alphabet;
        remaining = &remaining[size..];
        run(&mut remaining, &mut r, &mut offset, &|c| {
            is_alphabet(c) && !is_upper(c)
        });
    } else if is_number(r) {
        wt = Word::Number;
        remaining = &remaining[size..];
        run(&mut remaining, &mut r, &mut offset, &is_number);
    } else {
        wt = Word::Other;
        remaining = &remaining[size..];
        while !remaining.is_empty() {
            let (c, sz) = next_valid(remaining, r);
            r = c;
            if sz == 0 || is_connector(c) || is_alphabet(c) || is_number(c) || is_punct(c) {
                break;
            }
            offset += sz;
            remaining = &remaining[sz..];
        }
    }
    (wt, &s[..offset], remaining)
}

/// xstrings' `toLower`: upper-case words and connectors are rewritten, others copied.
fn push_lower(out: &mut String, wt: Word, word: &str, connector: char) {
    if wt != Word::Upper && wt != Word::Connector {
        out.push_str(word);
        return;
    }
    for c in word.chars() {
        if is_connector(c) {
            out.push(connector);
        } else if is_upper(c) {
            out.push(to_lower(c));
        } else if crate::gobytes::raw_byte(c).is_some() {
            // Decoded, then written back: `utf8.RuneError`.
            out.push('\u{FFFD}');
        } else {
            out.push(c);
        }
    }
}

/// xstrings' `camelCaseToLowerCase`.
fn camel_to_lower(s: &str, connector: char) -> String {
    if s.is_empty() {
        return String::new();
    }
    let mut out = String::with_capacity(s.len() + s.len() / 2);
    let (mut wt, mut word, mut remaining) = next_word(s);
    while !remaining.is_empty() {
        if wt != Word::Connector {
            push_lower(&mut out, wt, word, connector);
        }
        let prev = wt;
        let last = word;
        (wt, word, remaining) = next_word(remaining);
        match prev {
            Word::Number => {
                while wt == Word::Alphabet || wt == Word::Number {
                    push_lower(&mut out, wt, word, connector);
                    (wt, word, remaining) = next_word(remaining);
                }
                if wt != Word::Invalid && wt != Word::Punct && wt != Word::Connector {
                    out.push(connector);
                }
            }
            Word::Connector => push_lower(&mut out, prev, last, connector),
            Word::Punct => {}
            _ => {
                if wt != Word::Number {
                    if wt != Word::Connector && wt != Word::Punct {
                        out.push(connector);
                    }
                    continue;
                }
                if remaining.is_empty() {
                    continue;
                }
                let last = word;
                (wt, word, remaining) = next_word(remaining);
                // A number followed by something other than letters belongs to the
                // previous word ("Bld4Floor" → "bld4_floor").
                if wt != Word::Alphabet {
                    push_lower(&mut out, Word::Number, last, connector);
                    if wt != Word::Connector && wt != Word::Punct {
                        out.push(connector);
                    }
                    continue;
                }
                // Letters after the number start a new word with it ("HTTP2xx" → "http_2xx").
                out.push(connector);
                push_lower(&mut out, Word::Number, last, connector);
                while wt == Word::Alphabet || wt == Word::Number {
                    push_lower(&mut out, wt, word, connector);
                    (wt, word, remaining) = next_word(remaining);
                }
                if wt != Word::Invalid && wt != Word::Connector && wt != Word::Punct {
                    out.push(connector);
                }
            }
        }
    }
    push_lower(&mut out, wt, word, connector);
    out
}
