//! The JSON Schema drafts the validator knows: their keywords' subschema locations,
//! vocabularies, and meta-schema documents.

use alloc::string::String;
use alloc::vec::Vec;

/// A JSON Schema specification.
#[derive(Debug, PartialEq, Eq)]
pub struct Draft {
    /// 4, 6, 7, 2019 or 2020.
    pub version: u16,
    /// The meta-schema URL.
    pub url: &'static str,
    /// The keyword naming a resource (`id` in draft 4).
    pub id: &'static str,
    /// Where subschemas sit (`*`: every property, `[]`: every item).
    pub subschemas: &'static [&'static str],
    /// The [`key_bit`]s of the keywords in [`Draft::subschemas`].
    pub subschema_keys: u64,
    /// Prefix of vocabulary URLs.
    pub vocab_prefix: &'static str,
    /// Vocabularies of the draft.
    pub all_vocabs: &'static [&'static str],
    /// Vocabularies in force without `$vocabulary`.
    pub default_vocabs: &'static [&'static str],
}

const SUB4: &[&str] = &[
    "definitions/*",
    "not",
    "allOf/[]",
    "anyOf/[]",
    "oneOf/[]",
    "properties/*",
    "additionalProperties",
    "patternProperties/*",
    "items",
    "items/[]",
    "additionalItems",
    "dependencies/*",
];
const SUB6: &[&str] = &[
    "definitions/*",
    "not",
    "allOf/[]",
    "anyOf/[]",
    "oneOf/[]",
    "properties/*",
    "additionalProperties",
    "patternProperties/*",
    "items",
    "items/[]",
    "additionalItems",
    "dependencies/*",
    "propertyNames",
    "contains",
];
const SUB7: &[&str] = &[
    "definitions/*",
    "not",
    "allOf/[]",
    "anyOf/[]",
    "oneOf/[]",
    "properties/*",
    "additionalProperties",
    "patternProperties/*",
    "items",
    "items/[]",
    "additionalItems",
    "dependencies/*",
    "propertyNames",
    "contains",
    "if",
    "then",
    "else",
];
const SUB2019: &[&str] = &[
    "definitions/*",
    "not",
    "allOf/[]",
    "anyOf/[]",
    "oneOf/[]",
    "properties/*",
    "additionalProperties",
    "patternProperties/*",
    "items",
    "items/[]",
    "additionalItems",
    "dependencies/*",
    "propertyNames",
    "contains",
    "if",
    "then",
    "else",
    "$defs/*",
    "dependentSchemas/*",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contentSchema",
];
const SUB2020: &[&str] = &[
    "definitions/*",
    "not",
    "allOf/[]",
    "anyOf/[]",
    "oneOf/[]",
    "properties/*",
    "additionalProperties",
    "patternProperties/*",
    "items",
    "items/[]",
    "additionalItems",
    "dependencies/*",
    "propertyNames",
    "contains",
    "if",
    "then",
    "else",
    "$defs/*",
    "dependentSchemas/*",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contentSchema",
    "prefixItems/[]",
];

/// One of 64 bits for an object key, from its length and its first and last bytes
/// (keywords of one length differ there: `type`, `enum`, `$ref`, `else`). A set of keys as
/// the union of their bits says that most keywords are absent without comparing strings.
pub(crate) const fn key_bit(k: &[u8]) -> u64 {
    let (first, last) = match k {
        [] => (0, 0),
        [f, .., l] => (*f as u32, *l as u32),
        [f] => (*f as u32, *f as u32),
    };
    // Multipliers chosen so that common keys holding no subschema (`type`, `description`,
    // `default`, `enum`, `format`, `required`, `$ref`, ...) miss every subschema keyword.
    let h = (k.len() as u32)
        .wrapping_mul(9)
        .wrapping_add(first)
        .wrapping_add(last * 4);
    1 << (h % 64)
}

/// The [`key_bit`]s of the keywords of subschema locations (`properties/*` → `properties`).
const fn keyword_bits(locations: &[&str]) -> u64 {
    let mut bits = 0;
    let mut i = 0;
    while i < locations.len() {
        let b = locations[i].as_bytes();
        let mut n = 0;
        while n < b.len() && b[n] != b'/' {
            n += 1;
        }
        bits |= key_bit(b.split_at(n).0);
        i += 1;
    }
    bits
}

/// Draft 4.
pub static DRAFT4: Draft = Draft {
    version: 4,
    url: "http://json-schema.org/draft-04/schema",
    id: "id",
    subschemas: SUB4,
    subschema_keys: keyword_bits(SUB4),
    vocab_prefix: "",
    all_vocabs: &[],
    default_vocabs: &[],
};

/// Draft 6.
pub static DRAFT6: Draft = Draft {
    version: 6,
    url: "http://json-schema.org/draft-06/schema",
    id: "$id",
    subschemas: SUB6,
    subschema_keys: keyword_bits(SUB6),
    vocab_prefix: "",
    all_vocabs: &[],
    default_vocabs: &[],
};

/// Draft 7.
pub static DRAFT7: Draft = Draft {
    version: 7,
    url: "http://json-schema.org/draft-07/schema",
    id: "$id",
    subschemas: SUB7,
    subschema_keys: keyword_bits(SUB7),
    vocab_prefix: "",
    all_vocabs: &[],
    default_vocabs: &[],
};

/// Draft 2019-09.
pub static DRAFT2019: Draft = Draft {
    version: 2019,
    url: "https://json-schema.org/draft/2019-09/schema",
    id: "$id",
    subschemas: SUB2019,
    subschema_keys: keyword_bits(SUB2019),
    vocab_prefix: "https://json-schema.org/draft/2019-09/vocab/",
    all_vocabs: &[
        "core",
        "applicator",
        "validation",
        "meta-data",
        "format",
        "content",
    ],
    default_vocabs: &["core", "applicator", "validation"],
};

/// Draft 2020-12, the default when `$schema` is absent.
pub static DRAFT2020: Draft = Draft {
    version: 2020,
    url: "https://json-schema.org/draft/2020-12/schema",
    id: "$id",
    subschemas: SUB2020,
    subschema_keys: keyword_bits(SUB2020),
    vocab_prefix: "https://json-schema.org/draft/2020-12/vocab/",
    all_vocabs: &[
        "core",
        "applicator",
        "unevaluated",
        "validation",
        "meta-data",
        "format-annotation",
        "format-assertion",
        "content",
    ],
    default_vocabs: &["core", "applicator", "unevaluated", "validation"],
};

/// Every draft, oldest first.
pub static ALL: [&Draft; 5] = [&DRAFT4, &DRAFT6, &DRAFT7, &DRAFT2019, &DRAFT2020];

/// The latest draft.
pub static LATEST: &Draft = &DRAFT2020;

/// Index of a draft in [`ALL`].
pub fn index(d: &Draft) -> usize {
    ALL.iter().position(|x| x.version == d.version).unwrap_or(4)
}

/// `draftFromURL`: a draft's meta-schema URL (either scheme, no fragment but an empty one).
pub fn from_url(url: &str) -> Option<&'static Draft> {
    let (u, frag) = match url.split_once('#') {
        Some((u, f)) => (u, f),
        None => (url, ""),
    };
    if !frag.is_empty() {
        return None;
    }
    let u = u
        .strip_prefix("http://")
        .or_else(|| u.strip_prefix("https://"))
        .unwrap_or(u);
    match u {
        "json-schema.org/schema" => Some(LATEST),
        "json-schema.org/draft/2020-12/schema" => Some(&DRAFT2020),
        "json-schema.org/draft/2019-09/schema" => Some(&DRAFT2019),
        "json-schema.org/draft-07/schema" => Some(&DRAFT7),
        "json-schema.org/draft-06/schema" => Some(&DRAFT6),
        "json-schema.org/draft-04/schema" => Some(&DRAFT4),
        _ => None,
    }
}

/// The embedded meta-schema documents, by path under `json-schema.org/`.
static META_DOCS: &[(&str, &str)] = &[
    ("draft-04/schema", include_str!("meta/draft-04/schema.json")),
    ("draft-06/schema", include_str!("meta/draft-06/schema.json")),
    ("draft-07/schema", include_str!("meta/draft-07/schema.json")),
    (
        "draft/2019-09/schema",
        include_str!("meta/draft/2019-09/schema.json"),
    ),
    (
        "draft/2019-09/meta/core",
        include_str!("meta/draft/2019-09/meta/core.json"),
    ),
    (
        "draft/2019-09/meta/applicator",
        include_str!("meta/draft/2019-09/meta/applicator.json"),
    ),
    (
        "draft/2019-09/meta/validation",
        include_str!("meta/draft/2019-09/meta/validation.json"),
    ),
    (
        "draft/2019-09/meta/meta-data",
        include_str!("meta/draft/2019-09/meta/meta-data.json"),
    ),
    (
        "draft/2019-09/meta/format",
        include_str!("meta/draft/2019-09/meta/format.json"),
    ),
    (
        "draft/2019-09/meta/content",
        include_str!("meta/draft/2019-09/meta/content.json"),
    ),
    (
        "draft/2020-12/schema",
        include_str!("meta/draft/2020-12/schema.json"),
    ),
    (
        "draft/2020-12/meta/core",
        include_str!("meta/draft/2020-12/meta/core.json"),
    ),
    (
        "draft/2020-12/meta/applicator",
        include_str!("meta/draft/2020-12/meta/applicator.json"),
    ),
    (
        "draft/2020-12/meta/unevaluated",
        include_str!("meta/draft/2020-12/meta/unevaluated.json"),
    ),
    (
        "draft/2020-12/meta/validation",
        include_str!("meta/draft/2020-12/meta/validation.json"),
    ),
    (
        "draft/2020-12/meta/meta-data",
        include_str!("meta/draft/2020-12/meta/meta-data.json"),
    ),
    (
        "draft/2020-12/meta/format-annotation",
        include_str!("meta/draft/2020-12/meta/format-annotation.json"),
    ),
    (
        "draft/2020-12/meta/format-assertion",
        include_str!("meta/draft/2020-12/meta/format-assertion.json"),
    ),
    (
        "draft/2020-12/meta/content",
        include_str!("meta/draft/2020-12/meta/content.json"),
    ),
];

/// `openMeta`: the embedded document for a json-schema.org URL (no fragment), if any.
pub fn meta_doc(url: &str) -> Option<&'static str> {
    let rest = url
        .strip_prefix("http://json-schema.org/")
        .or_else(|| url.strip_prefix("https://json-schema.org/"))?;
    if rest == "schema" {
        return meta_doc(LATEST.url);
    }
    META_DOCS.iter().find(|(p, _)| *p == rest).map(|(_, d)| *d)
}

/// A draft with the vocabularies in force (`None`: the draft's defaults).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dialect {
    /// The draft.
    pub draft: &'static Draft,
    /// Vocabularies named by a custom meta-schema's `$vocabulary`.
    pub vocabs: Option<Vec<String>>,
}

impl Dialect {
    /// `hasVocab`.
    pub fn has_vocab(&self, name: &str) -> bool {
        if name == "core" || self.draft.version < 2019 {
            return true;
        }
        match &self.vocabs {
            Some(v) => v.iter().any(|x| x == name),
            None => self.draft.default_vocabs.contains(&name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each draft's keyword bits hold every subschema keyword (its location without `/*`
    /// or `/[]`) and leave out common keywords that hold no subschema.
    #[test]
    fn subschema_keyword_bits() {
        for d in ALL {
            for loc in d.subschemas {
                let kw = loc.split('/').next().unwrap();
                assert_ne!(d.subschema_keys & key_bit(kw.as_bytes()), 0, "{loc}");
            }
            let plain = [
                "type",
                "description",
                "default",
                "enum",
                "title",
                "examples",
            ];
            for plain in plain
                .into_iter()
                .chain(["format", "pattern", "required", "$ref"])
            {
                assert_eq!(d.subschema_keys & key_bit(plain.as_bytes()), 0, "{plain}");
            }
        }
        assert_eq!(key_bit(b""), 1);
    }
}
