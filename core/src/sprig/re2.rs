//! Go's `regexp` syntax (RE2, Perl flags) parsed the way Go's `regexp/syntax` parses it, so
//! that every error reads as Go's (`error parsing regexp: missing closing ): `(a``), then
//! compiled with regex-automata from a HIR we build ourselves.
//!
//! Building the HIR (instead of handing the pattern text to another parser) keeps Go's
//! meaning where the two dialects differ: `\d`, `\s`, `\w` and `\b` are ASCII-only, `\s`
//! has no `\v`, `\p{…}` accepts Go's names only, `(?i)` folds each class item before a
//! negation (`(?i)[\W]` does not match `s`), and repetition counts stop at 1000.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use regex_automata::meta;
use regex_syntax::hir::{self, Class, ClassUnicode, ClassUnicodeRange, Hir, Look};

/// A compiled Go regexp: the matcher and the names of its capture groups (index 0 is the
/// whole match; Go allows duplicate names, so we resolve names ourselves).
pub(crate) struct GoRegex {
    /// The matcher.
    pub(crate) re: meta::Regex,
    /// `SubexpNames()`: `""` for unnamed groups.
    pub(crate) names: Vec<String>,
}

/// Go's `regexp/syntax` error codes.
#[derive(Clone, Copy)]
enum Code {
    InvalidCharRange,
    InvalidEscape,
    InvalidNamedCapture,
    InvalidPerlOp,
    InvalidRepeatOp,
    InvalidRepeatSize,
    MissingBracket,
    MissingParen,
    MissingRepeatArgument,
    TrailingBackslash,
    UnexpectedParen,
    NestingDepth,
    Large,
}

impl Code {
    fn text(self) -> &'static str {
        match self {
            Code::InvalidCharRange => "invalid character class range",
            Code::InvalidEscape => "invalid escape sequence",
            Code::InvalidNamedCapture => "invalid named capture",
            Code::InvalidPerlOp => "invalid or unsupported Perl syntax",
            Code::InvalidRepeatOp => "invalid nested repetition operator",
            Code::InvalidRepeatSize => "invalid repeat count",
            Code::MissingBracket => "missing closing ]",
            Code::MissingParen => "missing closing )",
            Code::MissingRepeatArgument => "missing argument to repetition operator",
            Code::TrailingBackslash => "trailing backslash at end of expression",
            Code::UnexpectedParen => "unexpected )",
            Code::NestingDepth => "expression nests too deeply",
            Code::Large => "expression too large",
        }
    }
}

/// `*syntax.Error`'s text.
fn err(code: Code, expr: &str) -> String {
    format!("error parsing regexp: {}: `{}`", code.text(), expr)
}

/// Go's `maxHeight`.
const MAX_HEIGHT: usize = 1000;

/// Parse flags that change as `(?imsU)` groups are read.
#[derive(Clone, Copy, Default)]
struct Flags {
    fold: bool,
    multi_line: bool,
    dot_nl: bool,
    non_greedy: bool,
}

/// The parsed tree, before it becomes a HIR (kept for Go's repeat-count check).
enum Node {
    Empty,
    Lit(char, bool),
    Class(ClassUnicode),
    Look(Look),
    Cap(u32, Box<Node>),
    /// `braces` marks `{n,m}` (Go's OpRepeat), which alone counts toward the 1000 limit.
    Repeat {
        min: u32,
        max: Option<u32>,
        greedy: bool,
        braces: bool,
        sub: Box<Node>,
    },
    Concat(Vec<Node>),
    Alt(Vec<Node>),
}

impl Node {
    /// Go's node height (one-item concatenations and alternations collapse).
    fn height(&self) -> usize {
        match self {
            Node::Cap(_, s) | Node::Repeat { sub: s, .. } => 1 + s.height(),
            Node::Concat(v) | Node::Alt(v) => match v.len() {
                0 => 1,
                1 => v[0].height(),
                _ => 1 + v.iter().map(Node::height).max().unwrap_or(0),
            },
            _ => 1,
        }
    }

    /// Go's `repeatIsValid`: nested `{n,m}` counts may not multiply past `n`.
    fn repeat_is_valid(&self, mut n: u32) -> bool {
        if let Node::Repeat {
            min,
            max,
            braces: true,
            ..
        } = self
        {
            let m = max.unwrap_or(*min);
            if *max == Some(0) {
                return true;
            }
            if m > n {
                return false;
            }
            n = n.checked_div(m).unwrap_or(n);
        }
        match self {
            Node::Cap(_, s) | Node::Repeat { sub: s, .. } => s.repeat_is_valid(n),
            Node::Concat(v) | Node::Alt(v) => v.iter().all(|s| s.repeat_is_valid(n)),
            _ => true,
        }
    }

    /// An upper bound on the bytes of the forward automaton this node compiles to: each
    /// unit stands for [`BYTES_PER_UNIT`] bytes, a literal char one unit, a class range 32
    /// (a Unicode range becomes up to a few dozen UTF-8 states), a repetition its body
    /// times its count. Far above the real size; patterns under the limit by this bound
    /// need no trial build to know they fit.
    #[cfg(feature = "schema")]
    fn size_bound(&self) -> u64 {
        match self {
            Node::Empty | Node::Look(_) => 1,
            Node::Lit(_, false) => 1,
            Node::Lit(_, true) => 3 * 32,
            Node::Class(c) => 1 + 32 * c.ranges().len() as u64,
            Node::Cap(_, s) => 2 + s.size_bound(),
            Node::Repeat { min, max, sub, .. } => {
                let copies = u64::from(max.unwrap_or(*min).max(*min).max(1)) + 1;
                copies.saturating_mul(2 + sub.size_bound())
            }
            Node::Concat(v) | Node::Alt(v) => v
                .iter()
                .fold(1 + v.len() as u64, |n, s| n.saturating_add(s.size_bound())),
        }
    }

    fn into_hir(self) -> Hir {
        match self {
            Node::Empty => Hir::empty(),
            Node::Lit(c, false) => {
                let mut buf = [0u8; 4];
                Hir::literal(c.encode_utf8(&mut buf).as_bytes())
            }
            Node::Lit(c, true) => Hir::class(Class::Unicode(folded(range_class(c, c)))),
            Node::Class(c) => Hir::class(Class::Unicode(c)),
            Node::Look(l) => Hir::look(l),
            Node::Cap(index, sub) => Hir::capture(hir::Capture {
                index,
                name: None,
                sub: Box::new(sub.into_hir()),
            }),
            Node::Repeat {
                min,
                max,
                greedy,
                sub,
                ..
            } => Hir::repetition(hir::Repetition {
                min,
                max,
                greedy,
                sub: Box::new(sub.into_hir()),
            }),
            Node::Concat(v) => Hir::concat(v.into_iter().map(Node::into_hir).collect()),
            Node::Alt(v) => Hir::alternation(v.into_iter().map(Node::into_hir).collect()),
        }
    }
}

fn range_class(lo: char, hi: char) -> ClassUnicode {
    ClassUnicode::new([ClassUnicodeRange::new(lo, hi)])
}

fn folded(mut c: ClassUnicode) -> ClassUnicode {
    c.case_fold_simple();
    c
}

fn negated(mut c: ClassUnicode) -> ClassUnicode {
    c.negate();
    c
}

/// A class from Go's rune-pair tables.
fn pairs_class(pairs: &[(u32, u32)]) -> ClassUnicode {
    ClassUnicode::new(pairs.iter().filter_map(|&(lo, hi)| {
        Some(ClassUnicodeRange::new(
            char::from_u32(lo)?,
            char::from_u32(hi)?,
        ))
    }))
}

/// A Perl or POSIX group (`\d`, `[:alpha:]`), folded under `(?i)` before any negation.
fn group_class(pairs: &[(u32, u32)], negate: bool, fold: bool) -> ClassUnicode {
    let mut c = pairs_class(pairs);
    if fold {
        c = folded(c);
    }
    if negate {
        c = negated(c);
    }
    c
}

const DIGIT: &[(u32, u32)] = &[(0x30, 0x39)];
const SPACE: &[(u32, u32)] = &[(0x9, 0xa), (0xc, 0xd), (0x20, 0x20)];
const WORD: &[(u32, u32)] = &[(0x30, 0x39), (0x41, 0x5a), (0x5f, 0x5f), (0x61, 0x7a)];

/// Go's `perlGroup`.
fn perl_group(c: u8) -> Option<(&'static [(u32, u32)], bool)> {
    Some(match c {
        b'd' => (DIGIT, false),
        b'D' => (DIGIT, true),
        b's' => (SPACE, false),
        b'S' => (SPACE, true),
        b'w' => (WORD, false),
        b'W' => (WORD, true),
        _ => return None,
    })
}

/// Go's `posixGroup` (without the `^` negation, which the caller strips).
fn posix_group(name: &str) -> Option<&'static [(u32, u32)]> {
    Some(match name {
        "alnum" => &[(0x30, 0x39), (0x41, 0x5a), (0x61, 0x7a)],
        "alpha" => &[(0x41, 0x5a), (0x61, 0x7a)],
        "ascii" => &[(0x0, 0x7f)],
        "blank" => &[(0x9, 0x9), (0x20, 0x20)],
        "cntrl" => &[(0x0, 0x1f), (0x7f, 0x7f)],
        "digit" => DIGIT,
        "graph" => &[(0x21, 0x7e)],
        "lower" => &[(0x61, 0x7a)],
        "print" => &[(0x20, 0x7e)],
        "punct" => &[(0x21, 0x2f), (0x3a, 0x40), (0x5b, 0x60), (0x7b, 0x7e)],
        "space" => &[(0x9, 0xd), (0x20, 0x20)],
        "upper" => &[(0x41, 0x5a)],
        "word" => WORD,
        "xdigit" => &[(0x30, 0x39), (0x41, 0x46), (0x61, 0x66)],
        _ => return None,
    })
}

/// Go 1.26's `canonicalName`: first letter upper, the rest lower, `_ - space` dropped.
fn canonical_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut first = true;
    for b in name.bytes() {
        match b {
            b'_' | b'-' | b' ' => {}
            _ if first => {
                out.push(b.to_ascii_uppercase() as char);
                first = false;
            }
            _ => out.push(b.to_ascii_lowercase() as char),
        }
    }
    out
}

/// Go's general categories (`unicode.Categories`, Unicode 15).
const CATEGORIES: &[&str] = &[
    "C", "Cc", "Cf", "Cn", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn",
    "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm",
    "So", "Z", "Zl", "Zp", "Zs",
];

/// `unicode.CategoryAliases`, keyed by canonical name.
const CATEGORY_ALIASES: &[(&str, &str)] = &[
    ("Casedletter", "LC"),
    ("Closepunctuation", "Pe"),
    ("Combiningmark", "M"),
    ("Connectorpunctuation", "Pc"),
    ("Control", "Cc"),
    ("Currencysymbol", "Sc"),
    ("Dashpunctuation", "Pd"),
    ("Decimalnumber", "Nd"),
    ("Enclosingmark", "Me"),
    ("Finalpunctuation", "Pf"),
    ("Format", "Cf"),
    ("Initialpunctuation", "Pi"),
    ("Letter", "L"),
    ("Letternumber", "Nl"),
    ("Lineseparator", "Zl"),
    ("Lowercaseletter", "Ll"),
    ("Mark", "M"),
    ("Mathsymbol", "Sm"),
    ("Modifierletter", "Lm"),
    ("Modifiersymbol", "Sk"),
    ("Nonspacingmark", "Mn"),
    ("Number", "N"),
    ("Openpunctuation", "Ps"),
    ("Other", "C"),
    ("Otherletter", "Lo"),
    ("Othernumber", "No"),
    ("Otherpunctuation", "Po"),
    ("Othersymbol", "So"),
    ("Paragraphseparator", "Zp"),
    ("Privateuse", "Co"),
    ("Punctuation", "P"),
    ("Separator", "Z"),
    ("Spaceseparator", "Zs"),
    ("Spacingmark", "Mc"),
    ("Surrogate", "Cs"),
    ("Symbol", "S"),
    ("Titlecaseletter", "Lt"),
    ("Unassigned", "Cn"),
    ("Uppercaseletter", "Lu"),
    ("Cntrl", "Cc"),
    ("Digit", "Nd"),
    ("Punct", "P"),
];

/// Go's scripts (`unicode.Scripts`, Unicode 15). Go 1.26 looks names up after
/// canonicalising them, so only the single-word ones (`Greek`, not `Old_Italic`) are found.
const SCRIPTS: &[&str] = &[
    "Adlam",
    "Ahom",
    "Arabic",
    "Armenian",
    "Avestan",
    "Balinese",
    "Bamum",
    "Batak",
    "Bengali",
    "Bhaiksuki",
    "Bopomofo",
    "Brahmi",
    "Braille",
    "Buginese",
    "Buhid",
    "Carian",
    "Chakma",
    "Cham",
    "Cherokee",
    "Chorasmian",
    "Common",
    "Coptic",
    "Cuneiform",
    "Cypriot",
    "Cyrillic",
    "Deseret",
    "Devanagari",
    "Dogra",
    "Duployan",
    "Elbasan",
    "Elymaic",
    "Ethiopic",
    "Georgian",
    "Glagolitic",
    "Gothic",
    "Grantha",
    "Greek",
    "Gujarati",
    "Gurmukhi",
    "Han",
    "Hangul",
    "Hanunoo",
    "Hatran",
    "Hebrew",
    "Hiragana",
    "Inherited",
    "Javanese",
    "Kaithi",
    "Kannada",
    "Katakana",
    "Kawi",
    "Kharoshthi",
    "Khmer",
    "Khojki",
    "Khudawadi",
    "Lao",
    "Latin",
    "Lepcha",
    "Limbu",
    "Lisu",
    "Lycian",
    "Lydian",
    "Mahajani",
    "Makasar",
    "Malayalam",
    "Mandaic",
    "Manichaean",
    "Marchen",
    "Medefaidrin",
    "Miao",
    "Modi",
    "Mongolian",
    "Mro",
    "Multani",
    "Myanmar",
    "Nabataean",
    "Nandinagari",
    "Newa",
    "Nko",
    "Nushu",
    "Ogham",
    "Oriya",
    "Osage",
    "Osmanya",
    "Palmyrene",
    "Phoenician",
    "Rejang",
    "Runic",
    "Samaritan",
    "Saurashtra",
    "Sharada",
    "Shavian",
    "Siddham",
    "Sinhala",
    "Sogdian",
    "Soyombo",
    "Sundanese",
    "Syriac",
    "Tagalog",
    "Tagbanwa",
    "Takri",
    "Tamil",
    "Tangsa",
    "Tangut",
    "Telugu",
    "Thaana",
    "Thai",
    "Tibetan",
    "Tifinagh",
    "Tirhuta",
    "Toto",
    "Ugaritic",
    "Vai",
    "Vithkuqi",
    "Wancho",
    "Yezidi",
    "Yi",
];

/// A property class from regex-syntax's tables (`gc=Lu`, `sc=Greek`, `Any`…).
fn property_class(spec: &str) -> Option<ClassUnicode> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(&format!("\\p{{{spec}}}"))
        .ok()?;
    match hir.kind() {
        hir::HirKind::Class(Class::Unicode(c)) => Some(c.clone()),
        _ => None,
    }
}

/// Go's `unicodeTable`: the class a `\p` name stands for, or `None` for an unknown name.
fn unicode_table(name: &str) -> Option<ClassUnicode> {
    let name = canonical_name(name);
    match name.as_str() {
        "Any" => return Some(range_class('\0', char::MAX)),
        "Assigned" => return property_class("gc=Cn").map(negated),
        "Ascii" => return Some(range_class('\0', '\x7f')),
        "Lc" => return property_class("gc=LC"),
        _ => {}
    }
    if CATEGORIES.contains(&name.as_str()) {
        return property_class(&format!("gc={name}"));
    }
    if SCRIPTS.contains(&name.as_str()) {
        return property_class(&format!("sc={name}"));
    }
    let (_, actual) = CATEGORY_ALIASES.iter().find(|(alias, _)| *alias == name)?;
    property_class(&format!("gc={actual}"))
}

fn is_alnum(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

fn unhex(c: char) -> Option<u32> {
    c.to_digit(16)
}

/// The first char of `s` and the rest (`'\0'` and `""` at the end, like Go's decoder).
fn next_char(s: &str) -> (char, &str) {
    match s.chars().next() {
        Some(c) => (c, &s[c.len_utf8()..]),
        None => ('\u{FFFD}', ""),
    }
}

struct Parser<'a> {
    whole: &'a str,
    flags: Flags,
    ncap: u32,
    names: Vec<String>,
}

/// What a group body stopped at.
enum End {
    Eof,
    Paren,
}

impl<'a> Parser<'a> {
    /// Go's `parseEscape`: one escaped character (the caller handled classes and assertions).
    fn parse_escape(&self, s: &'a str) -> Result<(char, &'a str), String> {
        let t = &s[1..];
        if t.is_empty() {
            return Err(err(Code::TrailingBackslash, ""));
        }
        let (c, mut t) = next_char(t);
        let bad = |t: &str| err(Code::InvalidEscape, &s[..s.len() - t.len()]);
        match c {
            '1'..='7' if !t.starts_with(|d: char| ('0'..='7').contains(&d)) => Err(bad(t)),
            '0'..='7' => {
                let mut r = c as u32 - '0' as u32;
                for _ in 1..3 {
                    match t.as_bytes().first() {
                        Some(&d @ b'0'..=b'7') => {
                            r = r * 8 + u32::from(d - b'0');
                            t = &t[1..];
                        }
                        _ => break,
                    }
                }
                Ok((char::from_u32(r).unwrap_or('\0'), t))
            }
            'x' => {
                if t.is_empty() {
                    return Err(bad(t));
                }
                let (c, rest) = next_char(t);
                t = rest;
                if c == '{' {
                    let mut nhex = 0;
                    let mut r: u32 = 0;
                    loop {
                        if t.is_empty() {
                            return Err(bad(t));
                        }
                        let (c, rest) = next_char(t);
                        t = rest;
                        if c == '}' {
                            break;
                        }
                        let Some(v) = unhex(c) else {
                            return Err(bad(t));
                        };
                        r = r * 16 + v;
                        if r > 0x10FFFF {
                            return Err(bad(t));
                        }
                        nhex += 1;
                    }
                    if nhex == 0 {
                        return Err(bad(t));
                    }
                    // Surrogates cannot be matched in valid UTF-8 text: never matching is
                    // what Go's compiled program does with them.
                    return Ok((char::from_u32(r).unwrap_or('\u{FFFD}'), t));
                }
                let x = unhex(c);
                let (c2, rest) = next_char(t);
                t = rest;
                match (x, unhex(c2)) {
                    (Some(x), Some(y)) => Ok((char::from_u32(x * 16 + y).unwrap_or('\0'), t)),
                    _ => Err(bad(t)),
                }
            }
            'a' => Ok(('\u{7}', t)),
            'f' => Ok(('\u{c}', t)),
            'n' => Ok(('\n', t)),
            'r' => Ok(('\r', t)),
            't' => Ok(('\t', t)),
            'v' => Ok(('\u{b}', t)),
            c if c.is_ascii() && !is_alnum(c) => Ok((c, t)),
            _ => Err(bad(t)),
        }
    }

    /// Go's `parseUnicodeClass`: `Ok(None)` when `s` is not `\p`/`\P`.
    fn parse_unicode_class(&self, s: &'a str) -> Result<Option<(ClassUnicode, &'a str)>, String> {
        let b = s.as_bytes();
        if b.len() < 2 || b[0] != b'\\' || (b[1] != b'p' && b[1] != b'P') {
            return Ok(None);
        }
        let mut negate = b[1] == b'P';
        let (c, t) = next_char(&s[2..]);
        let (seq, mut name, rest) = if c != '{' || s.len() == 2 {
            let seq = &s[..s.len() - t.len()];
            (seq, &seq[2..], t)
        } else {
            let Some(end) = s.find('}') else {
                return Err(err(Code::InvalidCharRange, s));
            };
            (&s[..=end], &s[3..end], &s[end + 1..])
        };
        if let Some(n) = name.strip_prefix('^') {
            negate = !negate;
            name = n;
        }
        let Some(mut class) = unicode_table(name) else {
            return Err(err(Code::InvalidCharRange, seq));
        };
        if self.flags.fold {
            class = folded(class);
        }
        if negate {
            class = negated(class);
        }
        Ok(Some((class, rest)))
    }

    /// Go's `parseClass`: a bracketed class starting at `s`.
    fn parse_class(&self, s: &'a str) -> Result<(ClassUnicode, &'a str), String> {
        let fold = self.flags.fold;
        let mut t = &s[1..];
        let mut negate = false;
        if let Some(rest) = t.strip_prefix('^') {
            negate = true;
            t = rest;
        }
        let mut class = ClassUnicode::empty();
        let mut first = true;
        while t.is_empty() || !t.starts_with(']') || first {
            first = false;
            // POSIX [:alnum:] and friends.
            if t.len() > 2 && t.starts_with("[:") {
                if let Some(i) = t[2..].find(":]") {
                    let full = &t[..i + 4];
                    let inner = &t[2..i + 2];
                    let (neg, base) = match inner.strip_prefix('^') {
                        Some(b) => (true, b),
                        None => (false, inner),
                    };
                    let Some(g) = posix_group(base) else {
                        return Err(err(Code::InvalidCharRange, full));
                    };
                    class.union(&group_class(g, neg, fold));
                    t = &t[i + 4..];
                    continue;
                }
            }
            if let Some((c, rest)) = self.parse_unicode_class(t)? {
                class.union(&c);
                t = rest;
                continue;
            }
            if t.len() >= 2 && t.as_bytes()[0] == b'\\' {
                if let Some((g, neg)) = perl_group(t.as_bytes()[1]) {
                    class.union(&group_class(g, neg, fold));
                    t = &t[2..];
                    continue;
                }
            }
            let rng = t;
            let (lo, rest) = self.parse_class_char(t, s)?;
            t = rest;
            let mut hi = lo;
            if t.len() >= 2 && t.starts_with('-') && !t[1..].starts_with(']') {
                let (h, rest) = self.parse_class_char(&t[1..], s)?;
                t = rest;
                hi = h;
                if hi < lo {
                    return Err(err(Code::InvalidCharRange, &rng[..rng.len() - t.len()]));
                }
            }
            let r = range_class(lo, hi);
            class.union(&if fold { folded(r) } else { r });
        }
        if negate {
            class.negate();
        }
        Ok((class, &t[1..]))
    }

    fn parse_class_char(&self, s: &'a str, whole_class: &str) -> Result<(char, &'a str), String> {
        if s.is_empty() {
            return Err(err(Code::MissingBracket, whole_class));
        }
        if s.starts_with('\\') {
            return self.parse_escape(s);
        }
        Ok(next_char(s))
    }

    /// Go's `parsePerlFlags` for a `(?` group.
    fn parse_perl_flags(&mut self, s: &'a str) -> Result<(PerlGroup, &'a str), String> {
        let b = s.as_bytes();
        let starts_with_p = b.len() > 4 && b[2] == b'P' && b[3] == b'<';
        let starts_with_name = b.len() > 3 && b[2] == b'<';
        if starts_with_p || starts_with_name {
            let expr_start = if starts_with_p { 4 } else { 3 };
            let Some(end) = s.find('>') else {
                return Err(err(Code::InvalidNamedCapture, s));
            };
            let capture = &s[..=end];
            let name = &s[expr_start..end];
            if name.is_empty() || !name.chars().all(|c| c == '_' || is_alnum(c)) {
                return Err(err(Code::InvalidNamedCapture, capture));
            }
            self.ncap += 1;
            self.names.push(String::from(name));
            return Ok((PerlGroup::Capture(self.ncap), &s[end + 1..]));
        }
        let mut t = &s[2..];
        let mut flags = self.flags;
        let mut negate = false;
        let mut saw_flag = false;
        while !t.is_empty() {
            let (c, rest) = next_char(t);
            t = rest;
            let set = !negate;
            match c {
                'i' => flags.fold = set,
                'm' => flags.multi_line = set,
                's' => flags.dot_nl = set,
                'U' => flags.non_greedy = set,
                '-' if !negate => {
                    negate = true;
                    saw_flag = false;
                    continue;
                }
                ':' | ')' if !negate || saw_flag => {
                    let group = if c == ':' {
                        PerlGroup::NonCapture(flags)
                    } else {
                        PerlGroup::SetFlags(flags)
                    };
                    return Ok((group, t));
                }
                _ => break,
            }
            saw_flag = true;
        }
        Err(err(Code::InvalidPerlOp, &s[..s.len() - t.len()]))
    }

    /// Applies a repetition operator to the last item (Go's `repeat`).
    #[allow(clippy::too_many_arguments)]
    fn repeat(
        &self,
        items: &mut Vec<Node>,
        min: u32,
        max: Option<u32>,
        braces: bool,
        before: &'a str,
        mut after: &'a str,
        last_repeat: Option<&'a str>,
    ) -> Result<&'a str, String> {
        let mut greedy = !self.flags.non_greedy;
        if let Some(rest) = after.strip_prefix('?') {
            after = rest;
            greedy = !greedy;
        }
        if let Some(last) = last_repeat {
            return Err(err(
                Code::InvalidRepeatOp,
                &last[..last.len() - after.len()],
            ));
        }
        let op_text = &before[..before.len() - after.len()];
        let Some(sub) = items.pop() else {
            return Err(err(Code::MissingRepeatArgument, op_text));
        };
        let node = Node::Repeat {
            min,
            max,
            greedy,
            braces,
            sub: Box::new(sub),
        };
        if node.height() > MAX_HEIGHT {
            return Err(err(Code::NestingDepth, self.whole));
        }
        if braces && (min >= 2 || max.is_some_and(|m| m >= 2)) && !node.repeat_is_valid(1000) {
            return Err(err(Code::InvalidRepeatSize, op_text));
        }
        items.push(node);
        Ok(after)
    }

    /// A parser of `expr` with Go's default flags.
    fn new(expr: &'a str) -> Parser<'a> {
        Parser {
            whole: expr,
            flags: Flags::default(),
            ncap: 0,
            names: vec![String::new()],
        }
    }

    /// The whole pattern: a `)` without its `(` is an error.
    fn parse_whole(&mut self, expr: &'a str) -> Result<Node, String> {
        let mut t = expr;
        let (node, end) = self.parse_body(&mut t, 0)?;
        if let End::Paren = end {
            return Err(err(Code::UnexpectedParen, expr));
        }
        Ok(node)
    }

    /// One group level: alternatives of concatenations, up to `)` or the end.
    fn parse_body(&mut self, t: &mut &'a str, depth: usize) -> Result<(Node, End), String> {
        // Go's parser is not recursive and accepts any nesting of `(?:…)`; ours stops at the
        // render nesting bound (captures hit Go's height limit of 1000 long before).
        if depth > crate::limits::MAX_NESTING {
            return Err(err(Code::NestingDepth, self.whole));
        }
        let mut alts: Vec<Node> = Vec::new();
        let mut items: Vec<Node> = Vec::new();
        let mut last_repeat: Option<&'a str> = None;
        let end = loop {
            let s = *t;
            let Some(&c) = s.as_bytes().first() else {
                break End::Eof;
            };
            let mut repeat: Option<&'a str> = None;
            match c {
                b'(' => {
                    let (group, rest) = if s.starts_with("(?") {
                        self.parse_perl_flags(s)?
                    } else {
                        self.ncap += 1;
                        self.names.push(String::new());
                        (PerlGroup::Capture(self.ncap), &s[1..])
                    };
                    *t = rest;
                    let saved = self.flags;
                    let cap = match group {
                        PerlGroup::SetFlags(f) => {
                            self.flags = f;
                            last_repeat = None;
                            continue;
                        }
                        PerlGroup::NonCapture(f) => {
                            self.flags = f;
                            None
                        }
                        PerlGroup::Capture(i) => Some(i),
                    };
                    let (body, end) = self.parse_body(t, depth + 1)?;
                    if let End::Eof = end {
                        return Err(err(Code::MissingParen, self.whole));
                    }
                    *t = &t[1..];
                    self.flags = saved;
                    let node = match cap {
                        Some(i) => Node::Cap(i, Box::new(body)),
                        None => body,
                    };
                    if node.height() > MAX_HEIGHT {
                        return Err(err(Code::NestingDepth, self.whole));
                    }
                    items.push(node);
                }
                b'|' => {
                    alts.push(Node::Concat(core::mem::take(&mut items)));
                    *t = &s[1..];
                }
                b')' => break End::Paren,
                b'^' => {
                    items.push(Node::Look(if self.flags.multi_line {
                        Look::StartLF
                    } else {
                        Look::Start
                    }));
                    *t = &s[1..];
                }
                b'$' => {
                    items.push(Node::Look(if self.flags.multi_line {
                        Look::EndLF
                    } else {
                        Look::End
                    }));
                    *t = &s[1..];
                }
                b'.' => {
                    let any = range_class('\0', char::MAX);
                    let class = if self.flags.dot_nl {
                        any
                    } else {
                        let mut c = any;
                        c.difference(&range_class('\n', '\n'));
                        c
                    };
                    items.push(Node::Class(class));
                    *t = &s[1..];
                }
                b'[' => {
                    let (class, rest) = self.parse_class(s)?;
                    items.push(Node::Class(class));
                    *t = rest;
                }
                b'*' | b'+' | b'?' => {
                    let (min, max) = match c {
                        b'*' => (0, None),
                        b'+' => (1, None),
                        _ => (0, Some(1)),
                    };
                    *t = self.repeat(&mut items, min, max, false, s, &s[1..], last_repeat)?;
                    repeat = Some(s);
                }
                b'{' => match parse_repeat(s) {
                    None => {
                        items.push(self.literal('{'));
                        *t = &s[1..];
                    }
                    Some((min, max, after)) => {
                        let too_big =
                            !(0..=1000).contains(&min) || max > 1000 || max >= 0 && min > max;
                        if too_big {
                            return Err(err(Code::InvalidRepeatSize, &s[..s.len() - after.len()]));
                        }
                        let max = u32::try_from(max).ok();
                        *t =
                            self.repeat(&mut items, min as u32, max, true, s, after, last_repeat)?;
                        repeat = Some(s);
                    }
                },
                b'\\' => {
                    *t = self.parse_backslash(s, &mut items)?;
                }
                _ => {
                    let (ch, rest) = next_char(s);
                    items.push(self.literal(ch));
                    *t = rest;
                }
            }
            last_repeat = repeat;
        };
        alts.push(Node::Concat(items));
        let node = if alts.len() == 1 {
            alts.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alt(alts)
        };
        Ok((node, end))
    }

    fn literal(&self, c: char) -> Node {
        Node::Lit(c, self.flags.fold)
    }

    /// A backslash outside a class: assertions, `\Q…\E`, classes, or an escaped character.
    fn parse_backslash(&mut self, s: &'a str, items: &mut Vec<Node>) -> Result<&'a str, String> {
        let b = s.as_bytes();
        if b.len() >= 2 {
            let look = match b[1] {
                b'A' => Some(Look::Start),
                b'b' => Some(Look::WordAscii),
                b'B' => Some(Look::WordAsciiNegate),
                b'z' => Some(Look::End),
                b'C' => return Err(err(Code::InvalidEscape, &s[..2])),
                b'Q' => {
                    let body = &s[2..];
                    let (lit, rest) = match body.find("\\E") {
                        Some(i) => (&body[..i], &body[i + 2..]),
                        None => (body, ""),
                    };
                    for c in lit.chars() {
                        items.push(self.literal(c));
                    }
                    return Ok(rest);
                }
                _ => None,
            };
            if let Some(l) = look {
                items.push(Node::Look(l));
                return Ok(&s[2..]);
            }
            if let Some((class, rest)) = self.parse_unicode_class(s)? {
                items.push(Node::Class(class));
                return Ok(rest);
            }
            if let Some((g, neg)) = perl_group(b[1]) {
                items.push(Node::Class(group_class(g, neg, self.flags.fold)));
                return Ok(&s[2..]);
            }
        }
        let (c, rest) = self.parse_escape(s)?;
        items.push(self.literal(c));
        Ok(rest)
    }
}

/// What `(?…` opened.
enum PerlGroup {
    Capture(u32),
    NonCapture(Flags),
    SetFlags(Flags),
}

/// Go's `parseInt` for repeat counts: no leading zeros; -1 when the value is too large.
fn parse_count(s: &str) -> Option<(i64, &str)> {
    let b = s.as_bytes();
    if b.is_empty() || !b[0].is_ascii_digit() {
        return None;
    }
    if b.len() >= 2 && b[0] == b'0' && b[1].is_ascii_digit() {
        return None;
    }
    let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let mut v: i64 = 0;
    for &d in &b[..n] {
        if v >= 100_000_000 {
            v = -1;
            break;
        }
        v = v * 10 + i64::from(d - b'0');
    }
    Some((v, &s[n..]))
}

/// Go's `parseRepeat`: `{n}`, `{n,}` (max -1) or `{n,m}`, with the rest after `}`.
fn parse_repeat(s: &str) -> Option<(i64, i64, &str)> {
    let s = s.strip_prefix('{')?;
    let (mut min, s) = parse_count(s)?;
    let max;
    let s = if let Some(rest) = s.strip_prefix(',') {
        if rest.starts_with('}') {
            max = -1;
            rest
        } else {
            let (m, rest) = parse_count(rest)?;
            max = m;
            if m < 0 {
                min = -1;
            }
            rest
        }
    } else {
        if s.is_empty() {
            return None;
        }
        max = min;
        s
    };
    let rest = s.strip_prefix('}')?;
    Some((min, max, rest))
}

/// Go's `regexp.Compile` (Perl syntax): the matcher, or Go's error text.
pub(crate) fn compile(expr: &str) -> Result<GoRegex, String> {
    let (hir, names) = parse(expr)?;
    let re = meta::Builder::new()
        .configure(meta_config())
        .build_from_hir(&hir)
        .map_err(|_| err(Code::Large, expr))?;
    Ok(GoRegex { re, names })
}

/// The pattern's HIR and capture names, or Go's parse error.
fn parse(expr: &str) -> Result<(Hir, Vec<String>), String> {
    let mut p = Parser::new(expr);
    let node = p.parse_whole(expr)?;
    Ok((node.into_hir(), p.names))
}

/// The pattern's parsed tree, or Go's parse error.
#[cfg(feature = "schema")]
fn parse_node(expr: &str) -> Result<Node, String> {
    Parser::new(expr).parse_whole(expr)
}

/// Bytes of automaton per unit of [`Node::size_bound`]: generous, as the bound must never
/// be below the real size.
#[cfg(feature = "schema")]
const BYTES_PER_UNIT: u64 = 256;

/// [`Node::size_bound`] in bytes, with the automaton's fixed part (its start states and
/// the unanchored prefix).
#[cfg(feature = "schema")]
fn bound_bytes(node: &Node) -> u64 {
    node.size_bound()
        .saturating_add(16)
        .saturating_mul(BYTES_PER_UNIT)
}

/// The matcher's limits: `expression too large` beyond them.
fn meta_config() -> meta::Config {
    meta::Config::new()
        .nfa_size_limit(Some(NFA_SIZE_LIMIT))
        .hybrid_cache_capacity(1 << 21)
}

/// The largest automaton a pattern may compile to (Go's own limit counts instructions).
const NFA_SIZE_LIMIT: usize = 64 << 20;

/// Whether `expr` compiles, with [`compile`]'s errors, without building a matcher: its
/// forward automaton is built against the same size limit, which is what `compile` can
/// refuse once the pattern parses. A fifth of the work of [`compile`]: JSON Schema's
/// `format: regex` and `pattern` keywords check every pattern of a schema when it is
/// compiled, and most are never matched.
#[cfg(feature = "schema")]
pub(crate) fn check(expr: &str) -> Result<(), String> {
    use regex_automata::nfa::thompson;
    let node = parse_node(expr)?;
    if bound_bytes(&node) <= NFA_SIZE_LIMIT as u64 {
        return Ok(());
    }
    let hir = node.into_hir();
    thompson::Compiler::new()
        .configure(
            thompson::Config::new()
                .nfa_size_limit(Some(NFA_SIZE_LIMIT))
                .which_captures(thompson::WhichCaptures::None)
                .shrink(false),
        )
        .build_from_hir(&hir)
        .map(|_| ())
        .map_err(|_| err(Code::Large, expr))
}

/// A pattern [`check`]ed when made, its matcher built on first use and kept: a schema's
/// `pattern`s and `patternProperties` are compiled with the schema on every render, as
/// Helm does, but only those that meet a value are ever matched.
#[cfg(feature = "schema")]
pub(crate) struct LazyRegex {
    expr: Box<str>,
    re: core::cell::OnceCell<Option<meta::Regex>>,
}

#[cfg(feature = "schema")]
impl LazyRegex {
    /// The checked pattern, or Go's error text.
    pub(crate) fn new(expr: &str) -> Result<LazyRegex, String> {
        check(expr)?;
        Ok(LazyRegex {
            expr: expr.into(),
            re: core::cell::OnceCell::new(),
        })
    }

    /// Whether the pattern matches somewhere in `s` (Go's `MatchString`). A matcher that
    /// cannot be built after [`check`] passed (its reverse automaton over the limit where
    /// the forward one was not) matches nothing.
    pub(crate) fn is_match(&self, s: &str) -> bool {
        self.re
            .get_or_init(|| {
                let (hir, _) = parse(&self.expr).ok()?;
                meta::Builder::new()
                    .configure(
                        meta_config()
                            .which_captures(regex_automata::nfa::thompson::WhichCaptures::None),
                    )
                    .build_from_hir(&hir)
                    .ok()
            })
            .as_ref()
            .is_some_and(|re| re.is_match(s))
    }
}

/// `regexp.MustCompile`'s panic text for an invalid expression.
pub(crate) fn must_compile_error(expr: &str, e: &str) -> String {
    format!("regexp: Compile({}): {e}", go_regexp_quote(expr))
}

/// `regexp`'s `quote`: backquoted when `strconv.CanBackquote`, else `strconv.Quote`.
fn go_regexp_quote(s: &str) -> String {
    if crate::gofmt::strconv::can_backquote(s.as_bytes()) {
        format!("`{s}`")
    } else {
        super::util::go_quote(s)
    }
}

#[cfg(all(test, feature = "schema"))]
mod tests {
    use super::*;

    /// Patterns from small to over the limit: Go's syntax, classes, case folding, nested
    /// and wide repetitions.
    const PATTERNS: &[&str] = &[
        "",
        "a",
        "^[a-zA-Z_][a-zA-Z0-9_]*$|^...$",
        "^((([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?|0)$",
        "^sha256:[a-f0-9]{64}$",
        "(?i)straße|ǅ",
        r"\pL+\p{Greek}*[^\x00-\x7f]{3,7}",
        r"(\pL{1000}){1000}",
        r"\pL{1000}",
        r"[\p{L}\p{N}]{500}x{1000}",
        r"((a{0,1000}){0,1000}){0,1000}",
        r"(a|b|c)*?(?s:.)+\b\B$",
        "a{1001}",
        "(",
        "[z-a]",
        r"\8",
    ];

    #[test]
    fn check_agrees_with_compile() {
        for p in PATTERNS {
            let want = compile(p).map(|_| ());
            assert_eq!(check(p), want, "{p:?}");
        }
    }

    #[test]
    fn size_bound_is_above_the_automaton() {
        use regex_automata::nfa::thompson;
        for p in PATTERNS {
            let Ok(node) = parse_node(p) else { continue };
            let bound = bound_bytes(&node);
            if bound > NFA_SIZE_LIMIT as u64 {
                continue;
            }
            let nfa = thompson::Compiler::new()
                .configure(
                    thompson::Config::new()
                        .which_captures(thompson::WhichCaptures::None)
                        .shrink(false),
                )
                .build_from_hir(&node.into_hir())
                .expect("fits");
            assert!(
                (nfa.memory_usage() as u64) <= bound,
                "{p:?}: {} > {bound}",
                nfa.memory_usage()
            );
        }
    }

    #[test]
    fn lazy_regex_matches_as_compiled() {
        let re = LazyRegex::new("^sha256:[a-f0-9]{64}$").unwrap();
        assert!(!re.is_match("sha256:abc"));
        assert!(re.is_match(&format!("sha256:{}", "a".repeat(64))));
        assert!(LazyRegex::new("(").is_err());
    }
}
