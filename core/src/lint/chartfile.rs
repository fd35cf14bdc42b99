//! The `Chart.yaml` rules (Helm's `rules.Chartfile`).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::validators::{is_request_url, Patterns};
use super::{Entry, Linter, Severity};
use crate::chart::metadata::{Maintainer, Metadata};
use crate::sprig::semver::Version;
use crate::value::Value;
// `yaml.UnmarshalStrict`'s unknown-field check uses the loader's field lists.
use crate::chart::metadata::{DEPENDENCY_FIELDS, MAINTAINER_FIELDS, METADATA_FIELDS};

const PATH: &str = "Chart.yaml";

/// Runs the rules on the chart directory's `Chart.yaml`.
pub fn lint(l: &mut Linter, entry: &Entry, chart_dir: &str, patterns: &Patterns) {
    if matches!(entry, Entry::Dir) {
        l.add(Severity::Error, PATH, "should be a file, not a directory");
    }
    let data = match entry {
        Entry::File(d) => d,
        Entry::Dir => {
            l.add(
                Severity::Error,
                PATH,
                &format!("unable to parse YAML\n\tread {chart_dir}/Chart.yaml: is a directory"),
            );
            return;
        }
        Entry::Missing => {
            l.add(
                Severity::Error,
                PATH,
                &format!("unable to parse YAML\n\topen {chart_dir}/Chart.yaml: no such file or directory"),
            );
            return;
        }
        Entry::Error(e) => {
            l.add(
                Severity::Error,
                PATH,
                &format!("unable to parse YAML\n\t{e}"),
            );
            return;
        }
    };
    let text = crate::gobytes::go_text(data);
    let raw = match crate::yaml::from_yaml(&text) {
        Ok(v) => v,
        Err(e) => {
            l.add(
                Severity::Error,
                PATH,
                &format!("unable to parse YAML\n\t{}", e.message),
            );
            return;
        }
    };
    let mut md = Metadata::default();
    // go-yaml's scalar types kept: sigs.k8s.io/yaml makes text of numbers bound for string
    // fields from them (`72445e2` is `7.2445e+06`).
    let typed = crate::yaml::from_yaml_typed(&text).unwrap_or_else(|_| raw.clone());
    if let Err(e) = md.decode_into(&typed) {
        l.add(
            Severity::Error,
            PATH,
            &format!("unable to parse YAML\n\terror unmarshaling JSON: while decoding JSON: {e}"),
        );
        return;
    }
    // sigs.k8s.io/yaml's UnmarshalStrict: go-yaml's strict reading first (keys set twice),
    // then encoding/json's unknown fields.
    let strict = crate::yaml::strict_duplicate_keys(&text)
        .map(|e| format!("error converting YAML to JSON: {e}"))
        .or_else(|| strict_error(&raw));
    if let Some(e) = strict {
        l.add(
            Severity::Warning,
            PATH,
            &format!("failed to strictly parse chart metadata file\n\t{e}"),
        );
    }
    let checks: Vec<(Severity, Option<String>)> = alloc::vec![
        (Severity::Error, name_error(&md)),
        (Severity::Error, api_version_error(&md)),
        (Severity::Error, type_error(&raw, "version")),
        (Severity::Error, version_error(&md)),
        (Severity::Error, type_error(&raw, "appVersion")),
        (Severity::Error, maintainer_error(&md, &raw, patterns)),
        (Severity::Error, sources_error(&md)),
        (Severity::Info, md.icon.is_empty().then(|| "icon is recommended".into())),
        (
            Severity::Error,
            (!md.icon.is_empty() && !is_request_url(&md.icon))
                .then(|| format!("invalid icon URL '{}'", md.icon)),
        ),
        (
            Severity::Error,
            (!md.chart_type.is_empty() && md.api_version != "v2").then(|| {
                format!(
                    "chart type is not valid in apiVersion '{}'. It is valid in apiVersion 'v2'",
                    md.api_version
                )
            }),
        ),
        (
            Severity::Error,
            (!md.dependencies.is_empty() && md.api_version != "v2").then(|| {
                format!(
                    "dependencies are not valid in the Chart file with apiVersion '{}'. They are valid in apiVersion 'v2'",
                    md.api_version
                )
            }),
        ),
        (
            Severity::Warning,
            Version::parse_strict(&md.version)
                .is_err()
                .then(|| format!("version '{}' is not a valid SemVerV2", md.version)),
        ),
    ];
    for (sev, e) in checks {
        if let Some(e) = e {
            l.add(sev, PATH, &e);
        }
    }
}

fn name_error(md: &Metadata) -> Option<String> {
    if md.name.is_empty() {
        return Some("name is required".into());
    }
    // `filepath.Base(name) != name`: a slash anywhere, or a name that is only slashes.
    let base = base_name(&md.name);
    (base != md.name).then(|| {
        format!(
            "chart name {} is invalid",
            crate::gofmt::strconv::quote(&md.name)
        )
    })
}

/// Go's `filepath.Base` on Unix.
fn base_name(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let t = p.trim_end_matches('/');
    if t.is_empty() {
        return "/".into();
    }
    String::from(t.rsplit('/').next().unwrap_or(t))
}

fn api_version_error(md: &Metadata) -> Option<String> {
    // Helm reads the raw file here, so an absent apiVersion is empty (the loader's
    // default of v1 does not apply).
    if md.api_version.is_empty() {
        return Some("apiVersion is required. The value must be either \"v1\" or \"v2\"".into());
    }
    if md.api_version != "v1" && md.api_version != "v2" {
        return Some(format!(
            "apiVersion '{}' is not valid. The value must be either \"v1\" or \"v2\"",
            md.api_version
        ));
    }
    None
}

/// `isStringValue` over the file read into a `map[string]interface{}`.
fn type_error(raw: &Value, key: &str) -> Option<String> {
    let Value::Map(m) = raw else { return None };
    let v = m.get(key)?;
    let t = v.type_name();
    (t != "string").then(|| format!("{key} should be of type string but it's of type {t}"))
}

fn version_error(md: &Metadata) -> Option<String> {
    if md.version.is_empty() {
        return Some("version is required".into());
    }
    let Ok(v) = Version::parse(&md.version) else {
        return Some(format!("version '{}' is not a valid SemVer", md.version));
    };
    // The constraint `>0.0.0-0`: only 0.0.0-0 itself fails it.
    let floor = Version::new(0, 0, 0, "0", "");
    (v.compare(&floor) <= 0).then(|| {
        format!(
            "version {} is less than or equal to \"0.0.0-0\"",
            crate::gofmt::strconv::quote(&alloc::format!("{v}"))
        )
    })
}

fn maintainer_error(md: &Metadata, raw: &Value, p: &Patterns) -> Option<String> {
    // Null entries are dropped by the decoder; find them in the raw list to keep order.
    let raw_list: Vec<Value> = match raw {
        Value::Map(m) => m
            .to_vec()
            .into_iter()
            .rev()
            .find(|(k, _)| k.eq_ignore_ascii_case("maintainers"))
            .and_then(|(_, v)| match v {
                Value::List(l) => Some(l.items().to_vec()),
                _ => None,
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let mut decoded = md.maintainers.iter();
    let entries: Vec<Option<&Maintainer>> = if raw_list.is_empty() {
        md.maintainers.iter().map(Some).collect()
    } else {
        raw_list
            .iter()
            .map(|v| if v.is_nil() { None } else { decoded.next() })
            .collect()
    };
    for m in entries {
        let Some(m) = m else {
            return Some("a maintainer entry is empty".into());
        };
        if m.name.is_empty() {
            return Some("each maintainer requires a name".into());
        } else if !m.email.is_empty() && !p.is_email(&m.email) {
            return Some(format!(
                "invalid email '{}' for maintainer '{}'",
                m.email, m.name
            ));
        } else if !m.url.is_empty() && !p.is_url(&m.url) {
            return Some(format!(
                "invalid url '{}' for maintainer '{}'",
                m.url, m.name
            ));
        }
    }
    None
}

fn sources_error(md: &Metadata) -> Option<String> {
    md.sources
        .iter()
        .find(|s| s.is_empty() || !is_request_url(s))
        .map(|s| format!("invalid source URL '{s}'"))
}

fn known(fields: &[&str], k: &str) -> bool {
    fields.iter().any(|f| f.eq_ignore_ascii_case(k))
}

fn unknown_in(v: &Value, fields: &[&str]) -> Option<String> {
    let Value::Map(m) = v else { return None };
    m.keys()
        .into_iter()
        .find(|k| !known(fields, k))
        .map(|k| String::from(&*k))
}

/// `yaml.UnmarshalStrict` into `chart.Metadata`: the first field the struct does not have
/// (keys in JSON order, depth first).
///
/// Divergence: go-yaml's duplicate-key error (`key "x" already set in map`) is not
/// detected; the reader keeps the last value as non-strict Helm does.
fn strict_error(raw: &Value) -> Option<String> {
    let Value::Map(m) = raw else { return None };
    for (k, v) in m.to_vec() {
        let found = if !known(METADATA_FIELDS, &k) {
            Some(String::from(&*k))
        } else if k.eq_ignore_ascii_case("maintainers") || k.eq_ignore_ascii_case("dependencies") {
            let fields = if k.eq_ignore_ascii_case("maintainers") {
                MAINTAINER_FIELDS
            } else {
                DEPENDENCY_FIELDS
            };
            match &v {
                Value::List(l) => l.items().iter().find_map(|x| unknown_in(x, fields)),
                _ => None,
            }
        } else {
            None
        };
        if let Some(f) = found {
            return Some(format!(
                "error unmarshaling JSON: while decoding JSON: json: unknown field {}",
                crate::gofmt::strconv::quote(&f)
            ));
        }
    }
    None
}
