//! A quick check of a schema document against the standard meta-schema of draft 7, 2019-09
//! or 2020-12, written out by hand from the meta-schema documents in `meta/`.
//!
//! It only ever answers "certainly valid" (`true`) or "not sure" (`false`): when it says
//! valid, the generic validator run against the compiled meta-schema (as the meta compiler
//! compiles it, with `format` asserted) would have accepted the document without error or
//! panic, so the compiler skips that run. Anything it does not follow exactly (other drafts,
//! an invalid keyword, a number `big.Rat` cannot read, nesting deep enough to reach the
//! validator's depth limit) is "not sure", and the generic validator runs as before and
//! words the error.
//!
//! The meta-schemas leave unknown keywords alone (no `additionalProperties` anywhere on the
//! schema object), so a schema is valid when it is a boolean, or an object each of whose
//! known keywords has a valid value. Their `anyOf`s (`items`, `type`, `dependencies`) all
//! choose between an array and a non-array, and the branch that does not fit fails on its
//! `type` before looking further, so the value's type picks the one branch to check.

use super::format;
use super::json::Json;
use super::num::Decimal;

/// Past this many nested JSON levels the answer is "not sure": the generic validator nests
/// about five levels per JSON level and stops at `MAX_DEPTH` (1,000 on wasm).
const MAX_NESTING: usize = 64;

/// What the meta-schema asks of one keyword's value.
#[derive(Clone, Copy)]
enum Kw {
    /// Anything (`default`, `const`: `true`).
    Any,
    /// A schema.
    Schema,
    /// A non-empty array of schemas (`schemaArray`).
    SchemaArray,
    /// An object of schemas.
    SchemaMap,
    /// An object of schemas whose names are regular expressions (`patternProperties`).
    PatternMap,
    /// A schema or a schema array (`items` before 2020-12).
    SchemaOrArray,
    /// An object of schemas or string arrays (`dependencies`).
    Deps,
    /// A string.
    Str,
    /// A string in a format (`uri`, `uri-reference`, `regex`).
    Fmt(&'static str),
    /// A `uri-reference` without a non-empty fragment (`$id` since 2019-09).
    Id,
    /// An anchor name (`$anchor`); the flag selects the 2020-12 pattern.
    Anchor(bool),
    /// A boolean.
    Bool,
    /// A number.
    Num,
    /// A number above zero (`multipleOf`).
    PosNum,
    /// An integer, zero or more.
    NonNegInt,
    /// An array of distinct strings (`stringArray`).
    StrArray,
    /// An object of string arrays (`dependentRequired`).
    StrArrayMap,
    /// An array.
    Array,
    /// A non-empty array of distinct values (`enum` in draft 7).
    Enum7,
    /// A simple type name or a non-empty array of distinct ones.
    Type,
    /// An object of booleans named by URIs (`$vocabulary`).
    Vocab,
}

/// Whether `doc` is certainly valid against the meta-schema of draft `version` (`false`: not
/// sure, validate it the generic way).
pub fn certainly_valid(version: u16, doc: &Json) -> bool {
    if !matches!(version, 7 | 2019 | 2020) {
        return false;
    }
    schema(version, doc, 0)
}

/// The meta-schema's rule for `key` in draft `v`, `None` for keywords it does not know.
fn keyword(v: u16, key: &str) -> Option<Kw> {
    use Kw::*;
    if v == 7 {
        return Some(match key {
            "$id" | "$ref" => Fmt("uri-reference"),
            "$schema" => Fmt("uri"),
            "$comment" | "title" | "description" | "format" | "contentMediaType"
            | "contentEncoding" => Str,
            "default" | "const" => Any,
            "readOnly" | "writeOnly" | "uniqueItems" => Bool,
            "examples" => Array,
            "multipleOf" => PosNum,
            "maximum" | "exclusiveMaximum" | "minimum" | "exclusiveMinimum" => Num,
            "maxLength" | "minLength" | "maxItems" | "minItems" | "maxProperties"
            | "minProperties" => NonNegInt,
            "pattern" => Fmt("regex"),
            "additionalItems"
            | "contains"
            | "additionalProperties"
            | "propertyNames"
            | "if"
            | "then"
            | "else"
            | "not" => Schema,
            "items" => SchemaOrArray,
            "required" => StrArray,
            "definitions" | "properties" => SchemaMap,
            "patternProperties" => PatternMap,
            "dependencies" => Deps,
            "enum" => Enum7,
            "type" => Type,
            "allOf" | "anyOf" | "oneOf" => SchemaArray,
            _ => return None,
        });
    }
    let v2020 = v == 2020;
    Some(match key {
        // core
        "$id" => Id,
        "$schema" => Fmt("uri"),
        "$ref" => Fmt("uri-reference"),
        "$anchor" => Anchor(v2020),
        "$vocabulary" => Vocab,
        "$comment" => Str,
        "$defs" => SchemaMap,
        "$recursiveRef" => Fmt("uri-reference"),
        // 2019-09 core; 2020-12's top-level meta-schema keeps it as an anchor string.
        "$recursiveAnchor" if v2020 => Anchor(true),
        "$recursiveAnchor" => Bool,
        "$dynamicRef" if v2020 => Fmt("uri-reference"),
        "$dynamicAnchor" if v2020 => Anchor(true),
        // applicator, unevaluated, content
        "additionalItems" if !v2020 => Schema,
        "items" if v2020 => Schema,
        "items" => SchemaOrArray,
        "prefixItems" if v2020 => SchemaArray,
        "contains"
        | "additionalProperties"
        | "unevaluatedItems"
        | "unevaluatedProperties"
        | "propertyNames"
        | "if"
        | "then"
        | "else"
        | "not"
        | "contentSchema" => Schema,
        "properties" | "dependentSchemas" => SchemaMap,
        "patternProperties" => PatternMap,
        "allOf" | "anyOf" | "oneOf" => SchemaArray,
        // validation
        "type" => Type,
        "const" | "default" => Any,
        "enum" | "examples" => Array,
        "multipleOf" => PosNum,
        "maximum" | "exclusiveMaximum" | "minimum" | "exclusiveMinimum" => Num,
        "maxLength" | "minLength" | "maxItems" | "minItems" | "maxContains" | "minContains"
        | "maxProperties" | "minProperties" => NonNegInt,
        "pattern" => Fmt("regex"),
        "uniqueItems" | "deprecated" | "readOnly" | "writeOnly" => Bool,
        "required" => StrArray,
        "dependentRequired" => StrArrayMap,
        // meta-data, format, content
        "title" | "description" | "format" | "contentMediaType" | "contentEncoding" => Str,
        // the top-level meta-schema's legacy keywords
        "definitions" => SchemaMap,
        "dependencies" => Deps,
        _ => return None,
    })
}

fn schema(v: u16, doc: &Json, depth: usize) -> bool {
    match doc {
        Json::Bool(_) => true,
        Json::Obj(m) => {
            if depth >= MAX_NESTING {
                return false;
            }
            m.iter().all(|(k, x)| match keyword(v, k) {
                None => true,
                Some(kw) => value(v, kw, x, depth + 1),
            })
        }
        _ => false,
    }
}

fn value(v: u16, kw: Kw, x: &Json, depth: usize) -> bool {
    match kw {
        Kw::Any => true,
        Kw::Schema => schema(v, x, depth),
        Kw::SchemaArray => match x {
            Json::Arr(a) => !a.is_empty() && a.iter().all(|s| schema(v, s, depth + 1)),
            _ => false,
        },
        Kw::SchemaMap => match x {
            Json::Obj(m) => m.values().all(|s| schema(v, s, depth + 1)),
            _ => false,
        },
        Kw::PatternMap => match x {
            Json::Obj(m) => m.iter().all(|(k, s)| {
                format::validate("regex", &Json::Str(k.clone())).is_ok() && schema(v, s, depth + 1)
            }),
            _ => false,
        },
        Kw::SchemaOrArray => match x {
            Json::Arr(_) => value(v, Kw::SchemaArray, x, depth),
            _ => schema(v, x, depth),
        },
        Kw::Deps => match x {
            Json::Obj(m) => m.values().all(|d| match d {
                Json::Arr(_) => value(v, Kw::StrArray, d, depth + 1),
                _ => schema(v, d, depth + 1),
            }),
            _ => false,
        },
        Kw::Str => matches!(x, Json::Str(_)),
        Kw::Fmt(name) => matches!(x, Json::Str(_)) && format::validate(name, x).is_ok(),
        Kw::Id => match x {
            // `^[^#]*#?$`; line breaks left to the regular expression engine.
            Json::Str(s) => {
                !s.contains(['\n', '\r'])
                    && s.find('#').is_none_or(|i| i + 1 == s.len())
                    && format::validate("uri-reference", x).is_ok()
            }
            _ => false,
        },
        Kw::Anchor(v2020) => match x {
            // 2019-09: `^[A-Za-z][-A-Za-z0-9.:_]*$`; 2020-12: `^[A-Za-z_][-A-Za-z0-9._]*$`.
            Json::Str(s) => {
                let mut b = s.bytes();
                b.next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || (v2020 && c == b'_'))
                    && b.all(|c| {
                        c.is_ascii_alphanumeric()
                            || matches!(c, b'-' | b'.' | b'_')
                            || (!v2020 && c == b':')
                    })
            }
            _ => false,
        },
        Kw::Bool => matches!(x, Json::Bool(_)),
        Kw::Num => matches!(x, Json::Num(_)),
        Kw::PosNum => {
            // Go compares the number as a `big.Rat`; one it cannot read panics there.
            let zero = Decimal::zero();
            x.decimal()
                .is_some_and(|d| d.cmp(&zero) == core::cmp::Ordering::Greater)
        }
        Kw::NonNegInt => {
            let zero = Decimal::zero();
            x.decimal()
                .is_some_and(|d| d.is_int() && d.cmp(&zero) != core::cmp::Ordering::Less)
        }
        Kw::StrArray => match x {
            Json::Arr(a) => distinct_strings(a.iter()),
            _ => false,
        },
        Kw::StrArrayMap => match x {
            Json::Obj(m) => m.values().all(|d| value(v, Kw::StrArray, d, depth + 1)),
            _ => false,
        },
        Kw::Array => matches!(x, Json::Arr(_)),
        Kw::Enum7 => match x {
            Json::Arr(a) => !a.is_empty() && matches!(super::validate::duplicates(a), Ok(None)),
            _ => false,
        },
        Kw::Type => match x {
            Json::Str(s) => simple_type(s),
            Json::Arr(a) => {
                !a.is_empty()
                    && a.iter()
                        .all(|t| matches!(t, Json::Str(s) if simple_type(s)))
                    && distinct_strings(a.iter())
            }
            _ => false,
        },
        Kw::Vocab => match x {
            Json::Obj(m) => m.iter().all(|(k, b)| {
                matches!(b, Json::Bool(_)) && format::validate("uri", &Json::Str(k.clone())).is_ok()
            }),
            _ => false,
        },
    }
}

fn simple_type(s: &str) -> bool {
    matches!(
        s,
        "array" | "boolean" | "integer" | "null" | "number" | "object" | "string"
    )
}

/// Whether every item is a string and no two are equal (`uniqueItems` over strings).
fn distinct_strings<'a>(items: impl ExactSizeIterator<Item = &'a Json>) -> bool {
    let mut seen: alloc::vec::Vec<&str> = alloc::vec::Vec::with_capacity(items.len());
    for x in items {
        let Json::Str(s) = x else {
            return false;
        };
        seen.push(s);
    }
    seen.sort_unstable();
    seen.windows(2).all(|w| w[0] != w[1])
}
