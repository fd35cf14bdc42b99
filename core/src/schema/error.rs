//! Validation errors as santhosh-tekuri/jsonschema v6 builds and prints them: a tree of
//! errors, each at an instance location, printed one `- at '<ptr>': <message>` line per node
//! with nested causes indented, messages in English through `golang.org/x/text/message`.

use alloc::string::String;
use alloc::vec::Vec;

use super::json::{display, quote, Json};
use super::num::{localized_float, localized_int, Decimal};

/// What went wrong at one node.
#[derive(Clone, Debug)]
pub enum Kind {
    /// A value of a type JSON Schema does not know (`%T`).
    InvalidJsonValue(String),
    /// The root: `jsonschema validation failed with '<location>'`.
    Schema(String),
    /// Several errors at one place.
    Group,
    /// `not`
    Not,
    /// `allOf`
    AllOf,
    /// `anyOf`
    AnyOf,
    /// `oneOf`: none matched, or these two did.
    OneOf(Option<(usize, usize)>),
    /// A `false` schema.
    FalseSchema,
    /// A reference loop on one value.
    RefCycle {
        /// The schema both paths reach.
        url: String,
        /// The current keyword path.
        kw1: String,
        /// The earlier keyword path.
        kw2: String,
    },
    /// `type`
    Type {
        /// The value's type.
        got: &'static str,
        /// The allowed types.
        want: Vec<&'static str>,
    },
    /// `enum`
    Enum(Vec<Json>),
    /// `const`
    Const(Json),
    /// `format`
    Format {
        /// The value.
        got: Json,
        /// The format name.
        want: String,
        /// Why it is not valid.
        err: String,
    },
    /// A `$ref`/`$dynamicRef`/`$recursiveRef` whose target failed.
    Reference,
    /// `minProperties`
    MinProperties(i64, i64),
    /// `maxProperties`
    MaxProperties(i64, i64),
    /// `minItems`
    MinItems(i64, i64),
    /// `maxItems`
    MaxItems(i64, i64),
    /// `additionalItems: false`, with the count of extra items.
    AdditionalItems(i64),
    /// `required`
    Required(Vec<String>),
    /// `dependencies` (array form)
    Dependency(String, Vec<String>),
    /// `dependentRequired`
    DependentRequired(String, Vec<String>),
    /// `additionalProperties: false`
    AdditionalProperties(Vec<String>),
    /// `propertyNames`
    PropertyNames(String),
    /// `uniqueItems`
    UniqueItems(usize, usize),
    /// `contains`
    Contains,
    /// `minContains`: matched indexes, wanted count.
    MinContains(Vec<usize>, i64),
    /// `maxContains`: matched indexes, wanted count.
    MaxContains(Vec<usize>, i64),
    /// `minLength`
    MinLength(i64, i64),
    /// `maxLength`
    MaxLength(i64, i64),
    /// `pattern`: value, pattern.
    Pattern(String, String),
    /// `minimum`
    Minimum(Decimal, Decimal),
    /// `maximum`
    Maximum(Decimal, Decimal),
    /// `exclusiveMinimum`
    ExclusiveMinimum(Decimal, Decimal),
    /// `exclusiveMaximum`
    ExclusiveMaximum(Decimal, Decimal),
    /// `multipleOf`
    MultipleOf(Decimal, Decimal),
}

fn join_quoted(a: &[String]) -> String {
    let v: Vec<String> = a.iter().map(|s| quote(s)).collect();
    v.join(", ")
}

fn go_ints(v: &[usize]) -> String {
    let v: Vec<String> = v.iter().map(|i| alloc::format!("{i}")).collect();
    v.join(" ")
}

impl Kind {
    /// The English message (`LocalizedString`).
    pub fn message(&self) -> String {
        use alloc::format;
        let li = |n: &i64| localized_int(*n);
        let lf = |d: &Decimal| localized_float(d.to_f64());
        match self {
            Kind::InvalidJsonValue(t) => format!("invalid jsonType {t}"),
            Kind::Schema(loc) => format!("jsonschema validation failed with {}", quote(loc)),
            Kind::Group | Kind::Reference => "validation failed".into(),
            Kind::Not => "'not' failed".into(),
            Kind::AllOf => "'allOf' failed".into(),
            Kind::AnyOf => "'anyOf' failed".into(),
            Kind::OneOf(None) => "'oneOf' failed, none matched".into(),
            Kind::OneOf(Some((a, b))) => format!(
                "'oneOf' failed, subschemas {}, {} matched",
                localized_int(*a as i64),
                localized_int(*b as i64)
            ),
            Kind::FalseSchema => "false schema".into(),
            Kind::RefCycle { url, kw1, kw2 } => format!(
                "both {kw1} and {kw2} resolve to {} causing reference cycle",
                crate::gofmt::strconv::quote(url)
            ),
            Kind::Type { got, want } => format!("got {got}, want {}", want.join(" or ")),
            Kind::Enum(want) => {
                let primitive = want
                    .iter()
                    .all(|w| !matches!(w, Json::Arr(_) | Json::Obj(_)));
                if !primitive {
                    return "'enum' failed".into();
                }
                if want.len() == 1 {
                    return format!("value must be {}", display(&want[0]));
                }
                let v: Vec<String> = want.iter().map(display).collect();
                format!("value must be one of {}", v.join(", "))
            }
            Kind::Const(want) => match want {
                Json::Arr(_) | Json::Obj(_) => "'const' failed".into(),
                w => format!("value must be {}", display(w)),
            },
            Kind::Format { got, want, err } => {
                format!("{} is not valid {want}: {err}", display(got))
            }
            Kind::MinProperties(g, w) => format!("minProperties: got {}, want {}", li(g), li(w)),
            Kind::MaxProperties(g, w) => format!("maxProperties: got {}, want {}", li(g), li(w)),
            Kind::MinItems(g, w) => format!("minItems: got {}, want {}", li(g), li(w)),
            Kind::MaxItems(g, w) => format!("maxItems: got {}, want {}", li(g), li(w)),
            Kind::AdditionalItems(n) => format!("last {} additionalItem(s) not allowed", li(n)),
            Kind::Required(m) => {
                if m.len() == 1 {
                    format!("missing property {}", quote(&m[0]))
                } else {
                    format!("missing properties {}", join_quoted(m))
                }
            }
            Kind::Dependency(p, m) | Kind::DependentRequired(p, m) => format!(
                "properties {} required, if {} exists",
                join_quoted(m),
                quote(p)
            ),
            Kind::AdditionalProperties(p) => {
                format!("additional properties {} not allowed", join_quoted(p))
            }
            Kind::PropertyNames(p) => format!("invalid propertyName {}", quote(p)),
            Kind::UniqueItems(a, b) => format!(
                "items at {} and {} are equal",
                localized_int(*a as i64),
                localized_int(*b as i64)
            ),
            Kind::Contains => "no items match contains schema".into(),
            Kind::MinContains(got, want) => {
                if got.is_empty() {
                    format!(
                        "min {} items required to match contains schema, but none matched",
                        li(want)
                    )
                } else {
                    format!(
                        "min {} items required to match contains schema, but matched {} items at {}",
                        li(want),
                        localized_int(got.len() as i64),
                        go_ints(got)
                    )
                }
            }
            Kind::MaxContains(got, want) => format!(
                "max {} items required to match contains schema, but matched {} items at {}",
                li(want),
                localized_int(got.len() as i64),
                go_ints(got)
            ),
            Kind::MinLength(g, w) => format!("minLength: got {}, want {}", li(g), li(w)),
            Kind::MaxLength(g, w) => format!("maxLength: got {}, want {}", li(g), li(w)),
            Kind::Pattern(g, w) => format!("{} does not match pattern {}", quote(g), quote(w)),
            Kind::Minimum(g, w) => format!("minimum: got {}, want {}", lf(g), lf(w)),
            Kind::Maximum(g, w) => format!("maximum: got {}, want {}", lf(g), lf(w)),
            Kind::ExclusiveMinimum(g, w) => {
                format!("exclusiveMinimum: got {}, want {}", lf(g), lf(w))
            }
            Kind::ExclusiveMaximum(g, w) => {
                format!("exclusiveMaximum: got {}, want {}", lf(g), lf(w))
            }
            Kind::MultipleOf(g, w) => format!("multipleOf: got {}, want {}", lf(g), lf(w)),
        }
    }
}

/// One node of the error tree.
#[derive(Clone, Debug)]
pub struct ValidationError {
    /// The absolute location of the schema that failed.
    pub schema_url: String,
    /// Where in the instance (JSON pointer tokens).
    pub instance_location: Vec<String>,
    /// What failed.
    pub kind: Kind,
    /// Nested errors.
    pub causes: Vec<ValidationError>,
}

/// Tokens as a JSON pointer (`/a/b~1c`).
pub fn json_ptr(tokens: &[String]) -> String {
    let mut s = String::new();
    for t in tokens {
        s.push('/');
        s.push_str(&t.replace('~', "~0").replace('/', "~1"));
    }
    s
}

impl ValidationError {
    fn skip(&self) -> bool {
        self.causes.len() == 1 && matches!(self.kind, Kind::Reference)
    }

    fn display(&self, sb: &mut String, mut indent: usize) {
        if !self.skip() {
            if indent > 0 {
                sb.push('\n');
                for _ in 0..indent - 1 {
                    sb.push_str("  ");
                }
                sb.push_str("- ");
            }
            indent += 1;
            if let Kind::Schema(_) = self.kind {
                sb.push_str(&self.kind.message());
            } else {
                sb.push_str("at ");
                sb.push_str(&quote(&json_ptr(&self.instance_location)));
                sb.push_str(": ");
                sb.push_str(&self.kind.message());
            }
        }
        for c in &self.causes {
            c.display(sb, indent);
        }
    }
}

impl core::fmt::Display for ValidationError {
    /// `Error()`: the whole tree.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let mut sb = String::new();
        self.display(&mut sb, 0);
        f.write_str(&sb)
    }
}
