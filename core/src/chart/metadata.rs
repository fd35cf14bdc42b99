//! `Chart.yaml` (and `Chart.lock`, `requirements.yaml`) as Helm v4 reads them: decoded the
//! way sigs.k8s.io/yaml feeds encoding/json (scalars turned into strings for string fields,
//! keys matched case-insensitively, Go's type errors), then validated with Helm's messages.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::semver::Version as SemVersion;
use crate::value::{Entries, List, Map, MapType, Value};

/// The API version Helm assumes when `Chart.yaml` has none.
pub const API_VERSION_V1: &str = "v1";

/// A chart maintainer.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Maintainer {
    /// `name`
    pub name: String,
    /// `email`
    pub email: String,
    /// `url`
    pub url: String,
}

/// A dependency declared in `Chart.yaml` (or `requirements.yaml`, `Chart.lock`).
#[derive(Clone, Debug, Default)]
pub struct Dependency {
    /// `name` (replaced by the alias once dependencies are processed).
    pub name: String,
    /// `version`: a semver range.
    pub version: String,
    /// `repository`
    pub repository: String,
    /// `condition`: comma-separated value paths.
    pub condition: String,
    /// `tags`
    pub tags: Vec<String>,
    /// `enabled`, as set while processing dependencies.
    pub enabled: bool,
    /// `import-values`: strings or `{child, parent}` maps.
    pub import_values: Vec<Value>,
    /// `alias`
    pub alias: String,
}

/// `Chart.yaml`.
#[derive(Clone, Debug, Default)]
pub struct Metadata {
    /// `name`
    pub name: String,
    /// `home`
    pub home: String,
    /// `sources`
    pub sources: Vec<String>,
    /// `version`
    pub version: String,
    /// `description`
    pub description: String,
    /// `keywords`
    pub keywords: Vec<String>,
    /// `maintainers`
    pub maintainers: Vec<Maintainer>,
    /// `icon`
    pub icon: String,
    /// `apiVersion` (`v1` when absent).
    pub api_version: String,
    /// `condition`
    pub condition: String,
    /// `tags`
    pub tags: String,
    /// `appVersion`
    pub app_version: String,
    /// `deprecated`
    pub deprecated: bool,
    /// `annotations`
    pub annotations: BTreeMap<String, String>,
    /// `kubeVersion`
    pub kube_version: String,
    /// `dependencies`
    pub dependencies: Vec<Dependency>,
    /// Whether `dependencies` is a list (even an empty one). Helm skips dependency
    /// processing, including the subcharts' own, when it is absent or null.
    pub dependencies_set: bool,
    /// `type`: `application`, `library` or empty.
    pub chart_type: String,
    /// Null entries seen in `maintainers` / `dependencies` (a validation error).
    null_maintainer: bool,
    null_dependency: bool,
}

/// `Chart.lock` / `requirements.lock`.
#[derive(Clone, Debug, Default)]
pub struct Lock {
    /// `generated`, as written (RFC 3339).
    pub generated: String,
    /// `digest`
    pub digest: String,
    /// `dependencies`
    pub dependencies: Vec<Dependency>,
}

/// JSON's name for the kind of a decoded value, as `UnmarshalTypeError` prints it.
fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Nil => "null",
        Value::Bool(_) => "bool",
        Value::Int(_) | Value::Int64(_) | Value::Uint(_) | Value::Byte(_) | Value::Float(_) => {
            "number"
        }
        Value::String(_) | Value::Bytes(_) => "string",
        Value::List(_) => "array",
        Value::Map(_) | Value::Object(_) => "object",
    }
}

/// The string sigs.k8s.io/yaml makes of a scalar bound for a Go string, if it is one:
/// integers in decimal, floats as `strconv.FormatFloat(f, 'g', -1, 32)` (Chart.yaml is read
/// with go-yaml's scalar types kept, see `from_yaml_typed`).
fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(String::from(&**s)),
        Value::Byte(n) => Some(format!("{n}")),
        other => crate::yaml::number_as_string(other),
    }
}

/// A value bound for `interface{}` as encoding/json hands it over: every number a float64.
fn json_numbers(v: &Value) -> Value {
    match v {
        Value::Int(n) | Value::Int64(n) => Value::Float(*n as f64),
        Value::Uint(n) => Value::Float(*n as f64),
        Value::List(l) => Value::List(List::new(l.iter().map(json_numbers).collect())),
        Value::Map(m) => {
            let out = Map::new();
            for (k, x) in m.to_vec() {
                out.insert(k, json_numbers(&x));
            }
            Value::Map(out)
        }
        other => other.deep_copy(),
    }
}

/// Decoding context: the Go struct type being filled and the JSON path from the root.
struct Ctx<'a> {
    strukt: &'a str,
    path: String,
}

impl Ctx<'_> {
    fn err(&self, v: &Value, ty: &str) -> String {
        format!(
            "json: cannot unmarshal {} into Go struct field {}.{} of type {ty}",
            json_kind(v),
            self.strukt,
            self.path
        )
    }
}

fn field_path(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        String::from(key)
    } else {
        format!("{prefix}.{key}")
    }
}

/// Finds the struct field a JSON key sets: exact name first, else case-insensitively.
fn match_field<'f>(fields: &[&'f str], key: &str) -> Option<&'f str> {
    fields
        .iter()
        .find(|f| **f == key)
        .or_else(|| fields.iter().find(|f| f.eq_ignore_ascii_case(key)))
        .copied()
}

fn decode_string(v: &Value, ctx: &Ctx<'_>, out: &mut String) -> Result<(), String> {
    match v {
        Value::Nil => Ok(()),
        other => match scalar_string(other) {
            Some(s) => {
                *out = s;
                Ok(())
            }
            None => Err(ctx.err(other, "string")),
        },
    }
}

fn decode_bool(v: &Value, ctx: &Ctx<'_>, out: &mut bool) -> Result<(), String> {
    match v {
        Value::Nil => Ok(()),
        Value::Bool(b) => {
            *out = *b;
            Ok(())
        }
        other => Err(ctx.err(other, "bool")),
    }
}

fn decode_strings(v: &Value, ctx: &Ctx<'_>, out: &mut Vec<String>) -> Result<(), String> {
    match v {
        Value::Nil => {
            out.clear();
            Ok(())
        }
        Value::List(l) => {
            let mut items = Vec::with_capacity(l.len());
            for item in l.iter() {
                let mut s = String::new();
                decode_string(item, ctx, &mut s)?;
                items.push(s);
            }
            *out = items;
            Ok(())
        }
        other => Err(ctx.err(other, "[]string")),
    }
}

fn each_key(v: &Map, mut f: impl FnMut(&str, &Value) -> Result<(), String>) -> Result<(), String> {
    // encoding/json reports the first error in document order; sigs.k8s.io/yaml hands it
    // the keys sorted, as our maps keep them.
    let mut first = None;
    for (k, val) in v.to_vec() {
        if let Err(e) = f(&k, &val) {
            first.get_or_insert(e);
        }
    }
    first.map_or(Ok(()), Err)
}

/// JSON field names of `chart.Maintainer`.
pub(crate) const MAINTAINER_FIELDS: &[&str] = &["name", "email", "url"];
/// JSON field names of `chart.Dependency`.
pub(crate) const DEPENDENCY_FIELDS: &[&str] = &[
    "name",
    "version",
    "repository",
    "condition",
    "tags",
    "enabled",
    "import-values",
    "alias",
];
/// JSON field names of `chart.Metadata`.
pub(crate) const METADATA_FIELDS: &[&str] = &[
    "name",
    "home",
    "sources",
    "version",
    "description",
    "keywords",
    "maintainers",
    "icon",
    "apiVersion",
    "condition",
    "tags",
    "appVersion",
    "deprecated",
    "annotations",
    "kubeVersion",
    "dependencies",
    "type",
];

fn decode_maintainer(m: &Map, prefix: &str) -> Result<Maintainer, String> {
    let mut out = Maintainer::default();
    each_key(m, |k, v| {
        let Some(f) = match_field(MAINTAINER_FIELDS, k) else {
            return Ok(());
        };
        let ctx = Ctx {
            strukt: "Maintainer",
            path: field_path(prefix, f),
        };
        match f {
            "name" => decode_string(v, &ctx, &mut out.name),
            "email" => decode_string(v, &ctx, &mut out.email),
            _ => decode_string(v, &ctx, &mut out.url),
        }
    })?;
    Ok(out)
}

fn decode_dependency(m: &Map, prefix: &str) -> Result<Dependency, String> {
    let mut out = Dependency::default();
    each_key(m, |k, v| {
        let Some(f) = match_field(DEPENDENCY_FIELDS, k) else {
            return Ok(());
        };
        let ctx = Ctx {
            strukt: "Dependency",
            path: field_path(prefix, f),
        };
        match f {
            "name" => decode_string(v, &ctx, &mut out.name),
            "version" => decode_string(v, &ctx, &mut out.version),
            "repository" => decode_string(v, &ctx, &mut out.repository),
            "condition" => decode_string(v, &ctx, &mut out.condition),
            "tags" => decode_strings(v, &ctx, &mut out.tags),
            "enabled" => decode_bool(v, &ctx, &mut out.enabled),
            "import-values" => match v {
                Value::Nil => {
                    out.import_values.clear();
                    Ok(())
                }
                Value::List(l) => {
                    out.import_values = l.iter().map(json_numbers).collect();
                    Ok(())
                }
                other => Err(ctx.err(other, "[]interface {}")),
            },
            _ => decode_string(v, &ctx, &mut out.alias),
        }
    })?;
    Ok(out)
}

/// A list of structs (`[]*Maintainer`, `[]*Dependency`); `None` marks a null element.
fn decode_struct_list<T>(
    v: &Value,
    ctx: &Ctx<'_>,
    list_type: &str,
    elem_type: &str,
    decode: impl Fn(&Map, &str) -> Result<T, String>,
) -> Result<Vec<Option<T>>, String> {
    match v {
        Value::Nil => Ok(Vec::new()),
        Value::List(l) => {
            let mut out = Vec::with_capacity(l.len());
            let mut first = None;
            for item in l.iter() {
                match item {
                    Value::Nil => out.push(None),
                    Value::Map(m) => match decode(m, &ctx.path) {
                        Ok(x) => out.push(Some(x)),
                        Err(e) => {
                            first.get_or_insert(e);
                        }
                    },
                    other => {
                        first.get_or_insert(ctx.err(other, elem_type));
                    }
                }
            }
            first.map_or(Ok(out), Err)
        }
        other => Err(ctx.err(other, list_type)),
    }
}

fn top_level_check(v: &Value, go_type: &str) -> Result<Option<Map>, String> {
    match v {
        Value::Nil => Ok(None),
        Value::Map(m) => Ok(Some(m.clone())),
        other => Err(format!(
            "json: cannot unmarshal {} into Go value of type {go_type}",
            json_kind(other)
        )),
    }
}

impl Metadata {
    /// Decodes a parsed `Chart.yaml` (or `requirements.yaml`) over `self`, as
    /// `yaml.Unmarshal(data, metadata)`: keys present replace fields, others stay.
    /// Errors read `json: cannot unmarshal ...` (Helm adds its prefixes).
    pub fn decode_into(&mut self, v: &Value) -> Result<(), String> {
        let Some(m) = top_level_check(v, "v2.Metadata")? else {
            return Ok(());
        };
        each_key(&m, |k, v| {
            let Some(f) = match_field(METADATA_FIELDS, k) else {
                return Ok(());
            };
            let ctx = Ctx {
                strukt: "Metadata",
                path: String::from(f),
            };
            match f {
                "name" => decode_string(v, &ctx, &mut self.name),
                "home" => decode_string(v, &ctx, &mut self.home),
                "sources" => decode_strings(v, &ctx, &mut self.sources),
                "version" => decode_string(v, &ctx, &mut self.version),
                "description" => decode_string(v, &ctx, &mut self.description),
                "keywords" => decode_strings(v, &ctx, &mut self.keywords),
                "maintainers" => {
                    let l = decode_struct_list(
                        v,
                        &ctx,
                        "[]*v2.Maintainer",
                        "v2.Maintainer",
                        decode_maintainer,
                    )?;
                    self.null_maintainer = l.iter().any(Option::is_none);
                    self.maintainers = l.into_iter().flatten().collect();
                    Ok(())
                }
                "icon" => decode_string(v, &ctx, &mut self.icon),
                "apiVersion" => decode_string(v, &ctx, &mut self.api_version),
                "condition" => decode_string(v, &ctx, &mut self.condition),
                "tags" => decode_string(v, &ctx, &mut self.tags),
                "appVersion" => decode_string(v, &ctx, &mut self.app_version),
                "deprecated" => decode_bool(v, &ctx, &mut self.deprecated),
                "annotations" => match v {
                    Value::Nil => {
                        self.annotations.clear();
                        Ok(())
                    }
                    Value::Map(m) => {
                        let mut first = None;
                        for (k, val) in m.to_vec() {
                            let mut s = String::new();
                            let ctx = Ctx {
                                strukt: "Metadata",
                                path: String::from("annotations"),
                            };
                            match decode_string(&val, &ctx, &mut s) {
                                Ok(()) => {
                                    self.annotations.insert(String::from(&*k), s);
                                }
                                Err(e) => {
                                    first.get_or_insert(e);
                                }
                            }
                        }
                        first.map_or(Ok(()), Err)
                    }
                    other => Err(ctx.err(other, "map[string]string")),
                },
                "kubeVersion" => decode_string(v, &ctx, &mut self.kube_version),
                "dependencies" => {
                    let l = decode_struct_list(
                        v,
                        &ctx,
                        "[]*v2.Dependency",
                        "v2.Dependency",
                        decode_dependency,
                    )?;
                    self.null_dependency = l.iter().any(Option::is_none);
                    self.dependencies = l.into_iter().flatten().collect();
                    self.dependencies_set = !v.is_nil();
                    Ok(())
                }
                _ => decode_string(v, &ctx, &mut self.chart_type),
            }
        })
    }

    /// Helm's `Metadata.Validate`: sanitises text fields, then checks them. The message is
    /// without Helm's `validation: ` prefix.
    pub fn validate(&mut self) -> Result<(), String> {
        for s in [
            &mut self.name,
            &mut self.description,
            &mut self.home,
            &mut self.icon,
            &mut self.condition,
            &mut self.tags,
            &mut self.app_version,
            &mut self.kube_version,
        ] {
            *s = sanitize(s);
        }
        for s in self.sources.iter_mut().chain(self.keywords.iter_mut()) {
            *s = sanitize(s);
        }
        if self.api_version.is_empty() {
            return Err(String::from("chart.metadata.apiVersion is required"));
        }
        if self.name.is_empty() {
            return Err(String::from("chart.metadata.name is required"));
        }
        if self.name == "." || self.name == ".." {
            return Err(format!(
                "chart.metadata.name {} is not allowed",
                crate::values::gostr::quote(&self.name)
            ));
        }
        if self.name.contains('/') {
            return Err(format!(
                "chart.metadata.name {} is invalid",
                crate::values::gostr::quote(&self.name)
            ));
        }
        if self.version.is_empty() {
            return Err(String::from("chart.metadata.version is required"));
        }
        if SemVersion::parse(&self.version).is_err() {
            return Err(format!(
                "chart.metadata.version {} is invalid",
                crate::values::gostr::quote(&self.version)
            ));
        }
        if !matches!(self.chart_type.as_str(), "" | "application" | "library") {
            return Err(String::from(
                "chart.metadata.type must be application or library",
            ));
        }
        if self.null_maintainer {
            return Err(String::from(
                "maintainers must not contain empty or null nodes",
            ));
        }
        for m in &mut self.maintainers {
            m.name = sanitize(&m.name);
            m.email = sanitize(&m.email);
            m.url = sanitize(&m.url);
        }
        if self.null_dependency {
            return Err(String::from(
                "dependencies must not contain empty or null nodes",
            ));
        }
        let mut seen: BTreeMap<String, ()> = BTreeMap::new();
        for d in &mut self.dependencies {
            d.name = sanitize(&d.name);
            d.version = sanitize(&d.version);
            d.repository = sanitize(&d.repository);
            d.condition = sanitize(&d.condition);
            for t in &mut d.tags {
                *t = sanitize(t);
            }
            if !d.alias.is_empty()
                && !d
                    .alias
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            {
                return Err(format!(
                    "dependency {} has disallowed characters in the alias",
                    crate::values::gostr::quote(&d.name)
                ));
            }
            let key = if d.alias.is_empty() {
                d.name.clone()
            } else {
                d.alias.clone()
            };
            if seen.insert(key.clone(), ()).is_some() {
                return Err(format!(
                    "more than one dependency with name or alias {}",
                    crate::values::gostr::quote(&key)
                ));
            }
        }
        Ok(())
    }

    /// Whether this is a library chart (`type: library`).
    pub fn is_library(&self) -> bool {
        self.chart_type == "library"
    }

    /// `.Chart` as Helm v4 hands it to templates: a `map[string]interface {}` keyed by Go
    /// field names, plus `IsRoot`.
    /// `Annotations` is a nil map when there are none (`toJson` prints `null`), as Helm's is
    /// when `Chart.yaml` has none; an explicit empty `annotations: {}` is nil here too.
    pub fn template_map(&self, is_root: bool) -> Value {
        let strings =
            |l: &[String]| Value::list(l.iter().map(|s| Value::str(s.as_str())).collect());
        let s = |t: &str| Value::str(t);
        let mut e = Entries::new();
        e.insert("Name".into(), s(&self.name));
        e.insert("Home".into(), s(&self.home));
        e.insert("Sources".into(), strings(&self.sources));
        e.insert("Version".into(), s(&self.version));
        e.insert("Description".into(), s(&self.description));
        e.insert("Keywords".into(), strings(&self.keywords));
        let maint = self
            .maintainers
            .iter()
            .map(|m| {
                let mut me = Entries::new();
                me.insert("Name".into(), s(&m.name));
                me.insert("Email".into(), s(&m.email));
                me.insert("URL".into(), s(&m.url));
                Value::map(me)
            })
            .collect();
        e.insert("Maintainers".into(), Value::list(maint));
        e.insert("Icon".into(), s(&self.icon));
        e.insert("APIVersion".into(), s(&self.api_version));
        e.insert("Condition".into(), s(&self.condition));
        e.insert("Tags".into(), s(&self.tags));
        e.insert("AppVersion".into(), s(&self.app_version));
        e.insert("Deprecated".into(), Value::Bool(self.deprecated));
        let ann: Entries = self
            .annotations
            .iter()
            .map(|(k, v)| (k.as_str().into(), s(v)))
            .collect();
        // Absent annotations are a nil map (`toJson` writes `null`).
        let ann = if ann.is_empty() {
            Map::nil_of(MapType::Strings)
        } else {
            Map::from_entries(MapType::Strings, ann)
        };
        e.insert("Annotations".into(), Value::Map(ann));
        e.insert("KubeVersion".into(), s(&self.kube_version));
        let deps = self
            .dependencies
            .iter()
            .map(Dependency::template_map)
            .collect();
        e.insert("Dependencies".into(), Value::list(deps));
        e.insert("Type".into(), s(&self.chart_type));
        e.insert("IsRoot".into(), Value::Bool(is_root));
        Value::map(e)
    }
}

impl Dependency {
    /// One entry of `.Chart.Dependencies`.
    pub fn template_map(&self) -> Value {
        let mut e = Entries::new();
        e.insert("Name".into(), Value::str(self.name.as_str()));
        e.insert("Version".into(), Value::str(self.version.as_str()));
        e.insert("Repository".into(), Value::str(self.repository.as_str()));
        e.insert("Condition".into(), Value::str(self.condition.as_str()));
        e.insert(
            "Tags".into(),
            Value::List(List::new(
                self.tags.iter().map(|t| Value::str(t.as_str())).collect(),
            )),
        );
        e.insert("Enabled".into(), Value::Bool(self.enabled));
        e.insert(
            "ImportValues".into(),
            Value::list(self.import_values.clone()),
        );
        e.insert("Alias".into(), Value::str(self.alias.as_str()));
        Value::map(e)
    }
}

impl Lock {
    /// Decodes a parsed `Chart.lock` / `requirements.lock`.
    pub fn decode(v: &Value) -> Result<Lock, String> {
        let mut out = Lock::default();
        let Some(m) = top_level_check(v, "v2.Lock")? else {
            return Ok(out);
        };
        let mut null_dep = false;
        each_key(&m, |k, v| {
            let Some(f) = match_field(&["generated", "digest", "dependencies"], k) else {
                return Ok(());
            };
            let ctx = Ctx {
                strukt: "Lock",
                path: String::from(f),
            };
            match f {
                "generated" => match v {
                    Value::Nil => Ok(()),
                    Value::String(s) => {
                        out.generated = String::from(&**s);
                        Ok(())
                    }
                    _ => Err(String::from(
                        "Time.UnmarshalJSON: input is not a JSON string",
                    )),
                },
                "digest" => decode_string(v, &ctx, &mut out.digest),
                _ => {
                    let l = decode_struct_list(
                        v,
                        &ctx,
                        "[]*v2.Dependency",
                        "v2.Dependency",
                        decode_dependency,
                    )?;
                    null_dep = l.iter().any(Option::is_none);
                    out.dependencies = l.into_iter().flatten().collect();
                    Ok(())
                }
            }
        })?;
        let _ = null_dep;
        Ok(out)
    }
}

/// Helm's `sanitizeString`: whitespace becomes a space, unprintable characters go.
pub fn sanitize(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            if c.is_whitespace() {
                Some(' ')
            } else if crate::values::gostr::is_print(c) {
                Some(c)
            } else {
                None
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Chart.yaml read with go-yaml's scalar types: numbers in string fields, nested ones
    /// included, as sigs.k8s.io/yaml writes them; numbers bound for `interface{}` are
    /// float64, as encoding/json hands them over.
    #[test]
    fn numbers_in_string_fields_read_as_sigs_yaml_writes_them() {
        let v = crate::yaml::from_yaml_typed(
            "appVersion: 1e6\nversion: 20240101\ndependencies:\n- name: a\n  version: 1.10\n  import-values: [1, {x: 2}]\n",
        )
        .unwrap();
        let mut md = Metadata::default();
        md.decode_into(&v).unwrap();
        assert_eq!(md.app_version, "1e+06");
        assert_eq!(md.version, "20240101");
        assert_eq!(md.dependencies[0].version, "1.1");
        assert!(matches!(md.dependencies[0].import_values[0], Value::Float(f) if f == 1.0));
        let Value::Map(m) = &md.dependencies[0].import_values[1] else {
            panic!("a map")
        };
        assert!(matches!(m.get("x"), Some(Value::Float(f)) if f == 2.0));
    }

    #[test]
    fn float32_strings() {
        // sigs.k8s.io/yaml formats YAML floats bound for strings with FormatFloat(f, 'g', -1,
        // 32) and integers in decimal (Helm v4.2.3: `appVersion: 1e6` is `1e+06`).
        for (v, want) in [
            (Value::Float(1.1), "1.1"),
            (Value::Float(1.5), "1.5"),
            (Value::Float(20240101.5), "2.0240102e+07"),
            (Value::Float(0.0001), "0.0001"),
            (Value::Float(0.00001), "1e-05"),
            (Value::Float(1e6), "1e+06"),
            (Value::Float(16777217.0), "1.6777216e+07"),
            (Value::Float(1.5e300), "+Inf"),
            (Value::Int(20240101), "20240101"),
            (Value::Bool(true), "true"),
        ] {
            assert_eq!(scalar_string(&v).unwrap(), want, "{v:?}");
        }
    }
}
