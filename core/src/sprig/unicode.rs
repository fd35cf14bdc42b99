//! Go's `unicode` package as Sprig's string functions use it: categories by General Category
//! (Go's `IsUpper` is `Lu` only, unlike Rust's `is_uppercase`), and simple one-rune case
//! mappings (Go's `ToUpper('ß')` is `ß`, Rust's is `SS`).

use unicode_general_category::{get_general_category, GeneralCategory as Gc};

/// `unicode.IsUpper`: category Lu.
pub(crate) fn is_upper(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    get_general_category(c) == Gc::UppercaseLetter
}

/// `unicode.IsLower`: category Ll.
pub(crate) fn is_lower(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_lowercase();
    }
    get_general_category(c) == Gc::LowercaseLetter
}

/// `unicode.IsTitle`: category Lt.
pub(crate) fn is_title(c: char) -> bool {
    get_general_category(c) == Gc::TitlecaseLetter
}

/// `unicode.IsLetter`: category L.
pub(crate) fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    matches!(
        get_general_category(c),
        Gc::UppercaseLetter
            | Gc::LowercaseLetter
            | Gc::TitlecaseLetter
            | Gc::ModifierLetter
            | Gc::OtherLetter
    )
}

/// `unicode.IsDigit`: category Nd.
pub(crate) fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    get_general_category(c) == Gc::DecimalNumber
}

/// `unicode.IsNumber`: category N.
pub(crate) fn is_number(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    matches!(
        get_general_category(c),
        Gc::DecimalNumber | Gc::LetterNumber | Gc::OtherNumber
    )
}

/// `unicode.IsPunct`: category P.
pub(crate) fn is_punct(c: char) -> bool {
    matches!(
        get_general_category(c),
        Gc::ConnectorPunctuation
            | Gc::DashPunctuation
            | Gc::OpenPunctuation
            | Gc::ClosePunctuation
            | Gc::InitialPunctuation
            | Gc::FinalPunctuation
            | Gc::OtherPunctuation
    )
}

/// `unicode.IsSpace`: Go's Latin-1 set plus the White_Space property (as Rust's).
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// A full Rust case mapping reduced to Go's simple one: `None` when Rust expands the rune.
fn single(mut it: impl Iterator<Item = char>) -> Option<char> {
    let first = it.next()?;
    if it.next().is_some() {
        None
    } else {
        Some(first)
    }
}

/// `unicode.ToUpper`.
pub(crate) fn to_upper(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_uppercase();
    }
    if let Some(u) = single(c.to_uppercase()) {
        return u;
    }
    // Greek with ypogegrammeni: the simple uppercase is the titlecase letter.
    match c as u32 {
        0x1F80..=0x1F87 | 0x1F90..=0x1F97 | 0x1FA0..=0x1FA7 => {
            char::from_u32(c as u32 + 8).unwrap_or(c)
        }
        0x1FB3 => '\u{1FBC}',
        0x1FC3 => '\u{1FCC}',
        0x1FF3 => '\u{1FFC}',
        _ => c,
    }
}

/// `unicode.ToLower`.
pub(crate) fn to_lower(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if c == '\u{130}' {
        return 'i';
    }
    single(c.to_lowercase()).unwrap_or(c)
}

/// `unicode.ToTitle`.
pub(crate) fn to_title(c: char) -> char {
    match c as u32 {
        0x1C4..=0x1C6 => '\u{1C5}',
        0x1C7..=0x1C9 => '\u{1C8}',
        0x1CA..=0x1CC => '\u{1CB}',
        0x1F1..=0x1F3 => '\u{1F2}',
        // Georgian Mkhedruli has an uppercase (Mtavruli) but is its own titlecase.
        0x10D0..=0x10FA | 0x10FD..=0x10FF => c,
        _ => to_upper(c),
    }
}

/// Go's `strings.Map(unicode.ToUpper, s)`.
/// Raw bytes come out as U+FFFD, as `strings.Map` writes them.
pub(crate) fn upper_str(s: &str) -> alloc::string::String {
    if s.is_ascii() {
        return s.to_ascii_uppercase();
    }
    crate::gobytes::display(s).chars().map(to_upper).collect()
}

/// Go's `strings.Map(unicode.ToLower, s)`.
pub(crate) fn lower_str(s: &str) -> alloc::string::String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    crate::gobytes::display(s).chars().map(to_lower).collect()
}
