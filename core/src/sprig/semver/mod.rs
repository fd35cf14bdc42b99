//! Sprig's `semver` and `semverCompare` over Masterminds/semver v3.5.0 (the version Helm
//! v4.2.3 links), and the `*semver.Version` object templates get back.
//!
//! [`Version`] and [`Constraints`] are public: chart loading reuses them for dependency
//! version ranges and `kubeVersion`.

mod constraints;
mod version;

pub use constraints::{ConstraintError, Constraints, MAX_CONSTRAINT_GROUPS, MAX_CONSTRAINT_LEN};
pub use version::{Version, VersionError, MAX_VERSION_LEN};

use alloc::format;
use alloc::rc::Rc;
use alloc::string::{String, ToString};

use crate::func;
use crate::template::funcs::{CallCtx, Func, FuncResult, Sig, Ty};
use crate::value::{Object, Value};

/// The semver functions.
pub static FUNCS: &[Func] = &[
    func!("semver", [String], semver),
    func!("semverCompare", [String, String], semver_compare),
];

/// Masterminds' `Constraints.Check` of a constraint and a version given as text, with the
/// errors `semverCompare` reports.
pub fn semver_check(constraint: &str, version: &str) -> Result<bool, String> {
    let c = Constraints::parse(constraint).map_err(|e| e.to_string())?;
    let v = Version::parse(version).map_err(|e| e.to_string())?;
    Ok(c.check(&v))
}

fn semver(_: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
    let s = args.first().and_then(Value::as_str).unwrap_or("");
    let v = Version::parse(s).map_err(|e| e.to_string())?;
    Ok(SemverObject::value(v, true))
}

fn semver_compare(_: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
    let arg = |i: usize| args.get(i).and_then(Value::as_str).unwrap_or("");
    semver_check(arg(0), arg(1)).map(Value::Bool)
}

/// A `*semver.Version` (what `semver` returns) or a `semver.Version` (what its `Inc…` and
/// `Set…` methods return; Go then only offers the value-receiver methods).
#[derive(Clone, Debug)]
pub struct SemverObject {
    /// The version.
    pub version: Version,
    /// `*semver.Version` rather than `semver.Version`.
    pub pointer: bool,
}

impl SemverObject {
    /// Wraps a version as a template value.
    pub fn value(version: Version, pointer: bool) -> Value {
        Value::Object(Rc::new(SemverObject { version, pointer }))
    }
}

/// Methods Go declares on `Version` itself (callable on values and pointers).
const VALUE_METHODS: &[&str] = &[
    "IncMajor",
    "IncMinor",
    "IncPatch",
    "Major",
    "MarshalJSON",
    "MarshalText",
    "Metadata",
    "Minor",
    "Patch",
    "Prerelease",
    "SetMetadata",
    "SetPrerelease",
    "String",
    "Value",
];

/// Methods Go declares on `*Version` (a template only reaches them through a pointer).
const POINTER_METHODS: &[&str] = &[
    "Compare",
    "Equal",
    "GreaterThan",
    "GreaterThanEqual",
    "LessThan",
    "LessThanEqual",
    "Original",
    "Scan",
    "UnmarshalJSON",
    "UnmarshalText",
];

fn other_version(args: &[Value]) -> Result<&Version, String> {
    let arg = args.first().unwrap_or(&Value::Nil);
    if let Value::Object(o) = arg {
        if let Some(s) = o.as_any().downcast_ref::<SemverObject>() {
            if s.pointer {
                return Ok(&s.version);
            }
        }
    }
    Err(format!(
        "wrong type for value; expected *semver.Version; got {}",
        arg.type_name()
    ))
}

fn inc(v: Option<Version>, which: &str) -> Result<Value, String> {
    v.map(|v| SemverObject::value(v, false))
        .ok_or_else(|| format!("{which} version increment would overflow uint64"))
}

impl Object for SemverObject {
    fn type_name(&self) -> &str {
        if self.pointer {
            "*semver.Version"
        } else {
            "semver.Version"
        }
    }

    fn kind(&self) -> &str {
        if self.pointer {
            "ptr"
        } else {
            "struct"
        }
    }

    fn has_method(&self, name: &str) -> bool {
        VALUE_METHODS.contains(&name) || (self.pointer && POINTER_METHODS.contains(&name))
    }

    fn method_sig(&self, name: &str) -> Option<Sig> {
        if !self.has_method(name) {
            return None;
        }
        Some(match name {
            "SetMetadata" | "SetPrerelease" => Sig::fixed(&[Ty::String]),
            "UnmarshalJSON" | "UnmarshalText" => Sig::fixed(&[Ty::Bytes]),
            "Compare" | "Equal" | "GreaterThan" | "GreaterThanEqual" | "LessThan"
            | "LessThanEqual" | "Scan" => Sig::fixed(&[Ty::Any]),
            _ => Sig::fixed(&[]),
        })
    }

    fn call_method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        if !self.has_method(name) {
            return None;
        }
        let v = &self.version;
        let str_arg = || args.first().and_then(Value::as_str).unwrap_or("");
        let cmp = |f: fn(i32) -> bool| other_version(args).map(|o| Value::Bool(f(v.compare(o))));
        Some(match name {
            "String" => Ok(Value::from(v.to_string())),
            "Original" => Ok(Value::from(v.original())),
            "Major" => Ok(Value::Uint(v.major())),
            "Minor" => Ok(Value::Uint(v.minor())),
            "Patch" => Ok(Value::Uint(v.patch())),
            "Prerelease" => Ok(Value::from(v.prerelease())),
            "Metadata" => Ok(Value::from(v.metadata())),
            "IncPatch" => inc(v.inc_patch(), "patch"),
            "IncMinor" => inc(v.inc_minor(), "minor"),
            "IncMajor" => inc(v.inc_major(), "major"),
            "SetPrerelease" => v
                .set_prerelease(str_arg())
                .map(|v| SemverObject::value(v, false))
                .map_err(|e| e.to_string()),
            "SetMetadata" => v
                .set_metadata(str_arg())
                .map(|v| SemverObject::value(v, false))
                .map_err(|e| e.to_string()),
            "Compare" => other_version(args).map(|o| Value::Int(i64::from(v.compare(o)))),
            "Equal" => cmp(|c| c == 0),
            "LessThan" => cmp(|c| c < 0),
            "LessThanEqual" => cmp(|c| c <= 0),
            "GreaterThan" => cmp(|c| c > 0),
            "GreaterThanEqual" => cmp(|c| c >= 0),
            "MarshalJSON" => Ok(Value::Bytes(Rc::from(format!("\"{v}\"").into_bytes()))),
            "MarshalText" => Ok(Value::Bytes(Rc::from(v.to_string().into_bytes()))),
            "Value" => Ok(Value::from(v.to_string())),
            // Mutators on a temporary: Go would change a copy nobody sees again.
            _ => Ok(Value::Nil),
        })
    }

    fn format_v(&self) -> String {
        self.version.to_string()
    }

    fn printed_fields(&self) -> Option<alloc::vec::Vec<crate::value::PrintedField>> {
        use crate::value::PrintedField;
        let v = &self.version;
        Some(alloc::vec![
            PrintedField::Uint64(v.major()),
            PrintedField::Uint64(v.minor()),
            PrintedField::Uint64(v.patch()),
            PrintedField::Str(v.prerelease().into()),
            PrintedField::Str(v.metadata().into()),
            PrintedField::Str(v.original().into()),
        ])
    }

    fn field_names(&self) -> &'static [&'static str] {
        &["major", "minor", "patch", "pre", "metadata", "original"]
    }

    fn go_stringer(&self) -> bool {
        false
    }

    fn to_data(&self) -> Option<Value> {
        Some(Value::from(self.version.to_string()))
    }

    fn deep_copied(&self) -> Option<Value> {
        // Every field of semver.Version is unexported: copystructure leaves them zero.
        Some(SemverObject::value(Version::default(), self.pointer))
    }

    fn as_any(&self) -> &dyn core::any::Any {
        self
    }
}

#[cfg(test)]
mod tests;
