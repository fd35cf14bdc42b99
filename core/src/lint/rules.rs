//! The values, templates, dependencies and CRD rules (`rules.ValuesWithOverrides`,
//! `rules.Templates`, `rules.Dependencies`, `rules.Crds`).

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::k8syaml::{decode_stream, list_has_resource_policy};
use super::{ChartDir, Entry, Linter, Options, RuleCheck, Severity};
use crate::chart::Chart;
use crate::host::Host;
use crate::render::context::KubeVersion;
use crate::render::{self, Capabilities, ReleaseInfo, RenderInput, RenderOptions};
use crate::value::{Map, MapType};

/// Loads the chart as Helm's `loader.Load` does for a directory.
fn load(dir: &ChartDir) -> Result<Chart, String> {
    match &dir.files {
        Ok(files) => crate::chart::load_files(files.clone()).map_err(|e| e.to_string()),
        Err(e) => Err(e.clone()),
    }
}

/// `rules.ValuesWithOverrides`.
pub fn values(
    l: &mut Linter,
    dir: &ChartDir,
    overrides: &Map,
    opts: &Options,
    schema: RuleCheck<'_>,
    host: &mut dyn Host,
) {
    const PATH: &str = "values.yaml";
    let data = match &dir.values_yaml {
        Entry::Missing => {
            l.add(Severity::Info, PATH, "file does not exist");
            return;
        }
        Entry::Dir => {
            let e = format!("read {}/values.yaml: is a directory", dir.path);
            l.add(Severity::Error, PATH, &format!("unable to parse YAML: {e}"));
            return;
        }
        Entry::Error(e) => {
            l.add(Severity::Error, PATH, &format!("unable to parse YAML: {e}"));
            return;
        }
        Entry::File(d) => d,
    };
    let text = crate::gobytes::go_text(data);
    let vals = match crate::yaml::from_yaml_map(&text, MapType::Values) {
        Ok(v) => v.unwrap_or_default(),
        Err(e) => {
            l.add(
                Severity::Error,
                PATH,
                &format!("unable to parse YAML: {}", e.message),
            );
            return;
        }
    };
    // `CoalesceTables(copy of overrides, values)`: the overrides win, values.yaml fills in.
    let merged = Map::new();
    let mut w = Vec::new();
    crate::values::coalesce::coalesce_tables(&merged, overrides, &mut w);
    crate::values::coalesce::coalesce_tables(&merged, &vals, &mut w);
    let schema_bytes = match &dir.values_schema {
        Entry::File(d) if !d.is_empty() => d,
        _ => return,
    };
    if opts.skip_schema_validation {
        return;
    }
    if let Some(check) = schema {
        crate::values::schema::log_schema(host, schema_bytes);
        if let Err(e) = check(schema_bytes, &merged) {
            l.add(Severity::Error, PATH, &e);
        }
    }
}

/// `rules.Templates`: render in lint mode, then read every YAML template back.
pub fn templates(
    l: &mut Linter,
    dir: &ChartDir,
    user_values: &Map,
    opts: &Options,
    schema: RuleCheck<'_>,
    host: &mut dyn Host,
    patterns: &super::validators::Patterns,
) {
    const DIR: &str = "templates/";
    match &dir.templates {
        Entry::Missing => {
            l.add(Severity::Warning, DIR, "directory does not exist");
            return;
        }
        Entry::File(_) => {
            l.add(Severity::Error, DIR, "not a directory");
            return;
        }
        Entry::Error(e) => {
            l.add(Severity::Error, DIR, e);
            return;
        }
        Entry::Dir => {}
    }
    let chart = match load(dir) {
        Ok(c) => c,
        Err(e) => {
            l.add(Severity::Error, DIR, &e);
            return;
        }
    };
    // Dependency processing and coalescing errors end the rule without a finding.
    let Ok(prepared) = crate::values::prepare(&chart, user_values) else {
        return;
    };
    if !opts.skip_schema_validation {
        if let Some(check) = schema {
            if let Err(e) =
                crate::values::schema::check_schemas(&prepared.chart, &prepared.values, check, host)
            {
                l.add(Severity::Error, DIR, &e);
                return;
            }
        }
    }
    let capabilities = match Capabilities::offline(opts.kube_version.as_deref(), &[]) {
        Ok(c) => c,
        Err(e) => {
            l.add(Severity::Error, DIR, &e);
            return;
        }
    };
    let node = prepared.chart.render_node(true);
    let input = RenderInput {
        chart: &node,
        values: prepared.values.clone(),
        // Helm's lint renders release "test-release", revision 0.
        release: ReleaseInfo {
            name: "test-release".into(),
            namespace: opts.namespace.clone(),
            revision: 0,
            is_upgrade: false,
        },
        capabilities,
    };
    let render_opts = RenderOptions {
        lint: true,
        ..RenderOptions::default()
    };
    // Texts with bytes that are not UTF-8 are read as Go's bytes: the YAML reader refuses them.
    let funcs = render::funcs::helm_func_map();
    let rendered = match render::render_keeping_bytes(&input, host, &render_opts, funcs) {
        Ok((mut shown, with_bytes)) => {
            shown.extend(with_bytes);
            shown
        }
        Err(e) => {
            l.add(Severity::Error, DIR, &e.message);
            return;
        }
    };
    let (major, minor) = kube_major_minor(opts.kube_version.as_deref());
    for t in &chart.templates {
        let name = t.name.as_str();
        let ext = go_ext(name);
        if ![".yaml", ".yml", ".tpl", ".txt"].contains(&ext) {
            l.add(
                Severity::Error,
                name,
                &format!(
                    "file extension '{ext}' not valid. Valid extensions are .yaml, .yml, .tpl, or .txt"
                ),
            );
        }
        let lower = ext.to_ascii_lowercase();
        if lower != ".yaml" && lower != ".yml" {
            continue;
        }
        let key = format!("{}/{name}", chart.name());
        let content = rendered.get(&key).map(String::as_str).unwrap_or("");
        if content.trim().is_empty() {
            continue;
        }
        if let Some(w) = top_indent_warning(content) {
            l.add(Severity::Warning, name, &w);
        }
        let (objects, err) = decode_stream(content);
        for o in objects.into_iter().flatten() {
            if let Some(w) = super::validators::validate_metadata_name(patterns, &o.kind, &o.name) {
                l.add(Severity::Warning, name, &w);
            }
            if let Some(w) =
                super::deprecations::deprecation_warning(&o.api_version, &o.kind, major, minor)
            {
                l.add(Severity::Warning, name, &w);
            }
            if matches!(
                o.kind.as_str(),
                "Deployment" | "ReplicaSet" | "DaemonSet" | "StatefulSet"
            ) && !content.contains("matchLabels")
                && !content.contains("matchExpressions")
            {
                l.add(
                    Severity::Error,
                    name,
                    &format!(
                        "a {} must contain matchLabels or matchExpressions, and {} does not",
                        o.kind,
                        crate::gofmt::strconv::quote(&o.name)
                    ),
                );
            }
            if o.kind == "List" && list_has_resource_policy(content) {
                l.add(
                    Severity::Error,
                    name,
                    "annotation 'helm.sh/resource-policy' within List objects are ignored",
                );
            }
        }
        if let Some(e) = err {
            // A document that does not parse ends the whole rule.
            l.add(Severity::Error, name, &format!("unable to parse YAML: {e}"));
            return;
        }
    }
}

/// `filepath.Ext`.
fn go_ext(name: &str) -> &str {
    let base_start = name.rfind('/').map_or(0, |i| i + 1);
    match name[base_start..].rfind('.') {
        Some(i) => &name[base_start + i..],
        None => "",
    }
}

/// `validateTopIndentLevel`: the first non-blank line must not be indented.
fn top_indent_warning(content: &str) -> Option<String> {
    for line in content.lines() {
        if line.trim().is_empty() {
            continue;
        }
        if line.starts_with(' ') || line.starts_with('\t') {
            return Some(format!(
                "document starts with an illegal indent: {}, which may cause parsing problems",
                crate::gofmt::strconv::quote(line)
            ));
        }
        return None;
    }
    None
}

/// Kubernetes major and minor of `--kube-version` (Helm's default is v1.36).
fn kube_major_minor(v: Option<&str>) -> (u32, u32) {
    let Some(v) = v else { return (1, 36) };
    match KubeVersion::parse(v) {
        Ok(k) => (k.major.parse().unwrap_or(0), k.minor.parse().unwrap_or(0)),
        Err(_) => (1, 36),
    }
}

/// `rules.Dependencies`.
pub fn dependencies(l: &mut Linter, dir: &ChartDir) {
    let c = match load(dir) {
        Ok(c) => c,
        Err(e) => {
            l.add(Severity::Error, "", &format!("unable to load chart\n\t{e}"));
            return;
        }
    };
    let in_dir: Vec<String> = c
        .dependencies
        .iter()
        .map(|d| d.metadata.name.clone())
        .collect();
    let declared: Vec<&crate::chart::Dependency> = c.metadata.dependencies.iter().collect();
    let missing_md: Vec<&str> = in_dir
        .iter()
        .filter(|n| !declared.iter().any(|d| d.name == **n))
        .map(String::as_str)
        .collect();
    if !missing_md.is_empty() {
        l.add(
            Severity::Error,
            &dir.path,
            &format!(
                "chart metadata is missing these dependencies: {}",
                missing_md.join(",")
            ),
        );
    }
    let mut seen: Vec<&str> = Vec::new();
    let mut shadowing: Vec<&str> = Vec::new();
    for d in &declared {
        let key = if d.alias.is_empty() {
            &d.name
        } else {
            &d.alias
        };
        if seen.contains(&key.as_str()) {
            shadowing.push(key);
        }
        seen.push(key);
    }
    if !shadowing.is_empty() {
        l.add(
            Severity::Error,
            &dir.path,
            &format!(
                "multiple dependencies with name or alias: {}",
                shadowing.join(",")
            ),
        );
    }
    let missing_dir: Vec<&str> = declared
        .iter()
        .filter(|d| !in_dir.contains(&d.name))
        .map(|d| d.name.as_str())
        .collect();
    if !missing_dir.is_empty() {
        l.add(
            Severity::Warning,
            &dir.path,
            &format!(
                "chart directory is missing these dependencies: {}",
                missing_dir.join(",")
            ),
        );
    }
}

/// `rules.Crds`.
pub fn crds(l: &mut Linter, dir: &ChartDir) {
    const DIR: &str = "crds/";
    match &dir.crds {
        Entry::Missing => return,
        Entry::File(_) => {
            l.add(Severity::Error, DIR, "not a directory");
            return;
        }
        Entry::Error(e) => {
            l.add(Severity::Error, DIR, e);
            return;
        }
        Entry::Dir => {}
    }
    let chart = match load(dir) {
        Ok(c) => c,
        Err(e) => {
            l.add(Severity::Error, DIR, &e);
            return;
        }
    };
    let mut files = Vec::new();
    crd_objects(&chart, &mut files, 0);
    for (name, data) in files {
        let text = String::from_utf8_lossy(&data);
        let (objects, err) = decode_stream(&text);
        for o in objects.into_iter().flatten() {
            if !o.api_version.starts_with("apiextensions.k8s.io") {
                l.add(
                    Severity::Error,
                    &name,
                    "apiVersion is not in 'apiextensions.k8s.io'",
                );
            }
            if o.kind != "CustomResourceDefinition" {
                l.add(
                    Severity::Error,
                    &name,
                    "object kind is not 'CustomResourceDefinition'",
                );
            }
        }
        if let Some(e) = err {
            l.add(
                Severity::Error,
                &name,
                &format!("unable to parse YAML: {e}"),
            );
            return;
        }
    }
}

/// `Chart.CRDObjects`: the chart's `crds/` manifests, then its subcharts', each named
/// relative to its own chart.
fn crd_objects(c: &Chart, out: &mut Vec<(String, Vec<u8>)>, depth: usize) {
    if depth > crate::limits::MAX_VALUE_DEPTH {
        return;
    }
    for f in &c.files {
        if crate::render::manifest::is_crd_file(&f.name) {
            out.push((f.name.clone(), f.data.to_vec()));
        }
    }
    for d in &c.dependencies {
        crd_objects(d, out, depth + 1);
    }
}
