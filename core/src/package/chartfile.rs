//! `Chart.yaml` and `Chart.lock` as Helm writes them: the Go structs marshalled by
//! sigs.k8s.io/yaml (JSON field names, `omitempty` fields left out, keys sorted by go-yaml
//! v2, 2-space indent), through the same `toYaml` path the template engine uses.

use alloc::string::String;
use alloc::vec::Vec;

use crate::chart::{Chart, Dependency, Lock, Metadata};
use crate::sprig::date::gotime::Time;
use crate::sprig::date::layout;
use crate::value::{Entries, Value};

const RFC3339: &str = "2006-01-02T15:04:05Z07:00";
const RFC3339_NANO: &str = "2006-01-02T15:04:05.999999999Z07:00";

fn put_str(e: &mut Entries, key: &str, v: &str) {
    if !v.is_empty() {
        e.insert(key.into(), Value::str(v));
    }
}

fn put_strings(e: &mut Entries, key: &str, v: &[String]) {
    if !v.is_empty() {
        e.insert(
            key.into(),
            Value::list(v.iter().map(|s| Value::str(s.as_str())).collect()),
        );
    }
}

/// A `Dependency` as encoding/json sees it: `name` and `repository` are always there.
fn dependency_value(d: &Dependency) -> Value {
    let mut e = Entries::new();
    e.insert("name".into(), Value::str(d.name.as_str()));
    put_str(&mut e, "version", &d.version);
    e.insert("repository".into(), Value::str(d.repository.as_str()));
    put_str(&mut e, "condition", &d.condition);
    put_strings(&mut e, "tags", &d.tags);
    if d.enabled {
        e.insert("enabled".into(), Value::Bool(true));
    }
    if !d.import_values.is_empty() {
        e.insert(
            "import-values".into(),
            Value::list(d.import_values.iter().map(Value::deep_copy).collect()),
        );
    }
    put_str(&mut e, "alias", &d.alias);
    Value::map(e)
}

/// `Metadata` as encoding/json sees it (every field `omitempty`). `with_dependencies` false
/// is how `chartutil.Save` writes an apiVersion v1 chart.
pub fn metadata_value(md: &Metadata, with_dependencies: bool) -> Value {
    let mut e = Entries::new();
    put_str(&mut e, "name", &md.name);
    put_str(&mut e, "home", &md.home);
    put_strings(&mut e, "sources", &md.sources);
    put_str(&mut e, "version", &md.version);
    put_str(&mut e, "description", &md.description);
    put_strings(&mut e, "keywords", &md.keywords);
    if !md.maintainers.is_empty() {
        let list = md
            .maintainers
            .iter()
            .map(|m| {
                let mut me = Entries::new();
                put_str(&mut me, "name", &m.name);
                put_str(&mut me, "email", &m.email);
                put_str(&mut me, "url", &m.url);
                Value::map(me)
            })
            .collect();
        e.insert("maintainers".into(), Value::list(list));
    }
    put_str(&mut e, "icon", &md.icon);
    put_str(&mut e, "apiVersion", &md.api_version);
    put_str(&mut e, "condition", &md.condition);
    put_str(&mut e, "tags", &md.tags);
    put_str(&mut e, "appVersion", &md.app_version);
    if md.deprecated {
        e.insert("deprecated".into(), Value::Bool(true));
    }
    if !md.annotations.is_empty() {
        let ann: Entries = md
            .annotations
            .iter()
            .map(|(k, v)| (k.as_str().into(), Value::str(v.as_str())))
            .collect();
        e.insert("annotations".into(), Value::map(ann));
    }
    put_str(&mut e, "kubeVersion", &md.kube_version);
    if with_dependencies && !md.dependencies.is_empty() {
        let deps = md.dependencies.iter().map(dependency_value).collect();
        e.insert("dependencies".into(), Value::list(deps));
    }
    put_str(&mut e, "type", &md.chart_type);
    Value::map(e)
}

/// `yaml.Marshal(metadata)`: `Chart.yaml` as `helm show chart` and provenance files print
/// it (dependencies included whatever the apiVersion).
pub fn marshal_metadata(md: &Metadata) -> Result<String, String> {
    crate::yaml::to_yaml(&metadata_value(md, true))
}

/// `Chart.yaml` as `chartutil.Save` writes it into an archive.
pub fn chart_yaml_for_archive(md: &Metadata) -> Result<String, String> {
    let v1 = md.api_version == crate::chart::metadata::API_VERSION_V1;
    crate::yaml::to_yaml(&metadata_value(md, !v1))
}

/// A lock's `generated` time as Go holds it (`time.Time` read from RFC 3339). `None` is
/// Go's zero time (the field was absent or null).
pub fn lock_time(lock: &Lock) -> Result<Option<Time>, String> {
    if lock.generated.is_empty() {
        return Ok(None);
    }
    layout::parse_in_location(RFC3339, &lock.generated, None, None).map(Some)
}

/// Unix seconds of `t` rounded to the nearest second (halves up), as Go's tar writer
/// stores `ModTime.Round(time.Second)`.
pub fn round_to_second(t: &Time) -> i64 {
    t.unix_sec() + i64::from(t.nanosecond() >= 500_000_000)
}

/// Whether the lock file the chart was loaded from has a `dependencies` list (Go keeps a
/// nil slice, printed `null`, apart from an empty one, printed `[]`).
fn lock_dependencies_listed(chart: &Chart) -> bool {
    let Some(f) = chart
        .raw
        .iter()
        .rev()
        .find(|f| f.name == "Chart.lock" || f.name == "requirements.lock")
    else {
        return false;
    };
    let text = String::from_utf8_lossy(&f.data);
    let Ok(Value::Map(m)) = crate::yaml::from_yaml(&text) else {
        return false;
    };
    let entries = m.to_vec();
    let found = entries
        .iter()
        .find(|(k, _)| &**k == "dependencies")
        .or_else(|| {
            entries
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("dependencies"))
        });
    matches!(found, Some((_, Value::List(_))))
}

/// `yaml.Marshal(lock)`: `Chart.lock` as `chartutil.Save` writes it.
pub fn lock_yaml(chart: &Chart, lock: &Lock) -> Result<String, String> {
    let generated = match lock_time(lock)? {
        Some(t) => layout::format(&t, RFC3339_NANO),
        None => String::from("0001-01-01T00:00:00Z"),
    };
    let mut e = Entries::new();
    e.insert("generated".into(), Value::str(generated.as_str()));
    e.insert("digest".into(), Value::str(lock.digest.as_str()));
    let deps: Vec<Value> = lock.dependencies.iter().map(dependency_value).collect();
    let deps = if deps.is_empty() && !lock_dependencies_listed(chart) {
        Value::Nil
    } else {
        Value::list(deps)
    };
    e.insert("dependencies".into(), deps);
    crate::yaml::to_yaml(&Value::map(e))
}
