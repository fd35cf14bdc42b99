//! From rendered templates to Helm's release manifest and `helm template` output.
//!
//! Mirrors Helm v4.2.3's `pkg/release/v1/util` (`SortManifests`, `SplitManifests`, the kind
//! sorter), the tail of `Configuration.renderResources` (NOTES, CRDs, `# Source:` blocks,
//! `--output-dir` writes) and `helm template`'s printing (`pkg/cmd/template.go`: hooks,
//! `--skip-tests`, `--show-only`). Everything is pure: the CLI performs the file writes this
//! module plans.
//!
//! The flow is [`take_notes`] → [`sort_manifests`] → [`release_manifest`] or
//! [`template_output`].
//!
//! Known divergences from Helm:
//! - Subchart NOTES (`--render-subchart-notes`) and the `--debug` dump of unparsable files
//!   come in a fixed order where Helm walks a Go map (random order).
//! - A number in `apiVersion`, `kind`, `metadata.name` or an annotation becomes a string
//!   as sigs.k8s.io/yaml makes it, but our YAML reader hands every number over as float64:
//!   integral values are printed as integers (`1e6` reads as `1000000`, Helm says `1e+06`),
//!   and NaN or infinity there fails as it would anywhere else (Helm turns it into `NaN`).

mod glob;
mod head;
mod output;
mod split;

#[cfg(test)]
mod tests;

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

pub use head::{decode_head, Head, HeadMetadata};
pub use output::{
    dry_run_listing, invalid_yaml_dump, release_manifest, take_notes, template_debug_output,
    template_output, template_stream, FileWrite, TemplateOptions, TemplateOutput, WriteMode,
    DEBUG_HINT,
};
pub use split::{split_manifests, split_manifests_named};

use crate::gofmt::slog;
use crate::value::Value;
use crate::yaml::YamlError;

/// Helm's `InstallOrder`: kinds installed earlier come first.
pub const INSTALL_ORDER: &[&str] = &[
    "PriorityClass",
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

/// Helm's `UninstallOrder`: kinds deleted earlier come first.
pub const UNINSTALL_ORDER: &[&str] = &[
    "ValidatingWebhookConfiguration",
    "MutatingWebhookConfiguration",
    "APIService",
    "Ingress",
    "IngressClass",
    "Service",
    "CronJob",
    "Job",
    "StatefulSet",
    "HorizontalPodAutoscaler",
    "Deployment",
    "ReplicaSet",
    "ReplicationController",
    "Pod",
    "DaemonSet",
    "RoleBindingList",
    "RoleBinding",
    "RoleList",
    "Role",
    "ClusterRoleBindingList",
    "ClusterRoleBinding",
    "ClusterRoleList",
    "ClusterRole",
    "CustomResourceDefinition",
    "PersistentVolumeClaim",
    "PersistentVolume",
    "StorageClass",
    "ConfigMap",
    "SecretList",
    "Secret",
    "ServiceAccount",
    "PodDisruptionBudget",
    "PodSecurityPolicy",
    "LimitRange",
    "ResourceQuota",
    "NetworkPolicy",
    "Namespace",
    "PriorityClass",
];

/// The hook annotation (`helm.sh/hook`).
pub const HOOK_ANNOTATION: &str = "helm.sh/hook";
/// The hook weight annotation (`helm.sh/hook-weight`).
pub const HOOK_WEIGHT_ANNOTATION: &str = "helm.sh/hook-weight";
/// The hook delete policy annotation (`helm.sh/hook-delete-policy`).
pub const HOOK_DELETE_ANNOTATION: &str = "helm.sh/hook-delete-policy";
/// The hook output log policy annotation (`helm.sh/hook-output-log-policy`).
pub const HOOK_OUTPUT_LOG_ANNOTATION: &str = "helm.sh/hook-output-log-policy";

/// A hook event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HookEvent {
    /// `pre-install`
    PreInstall,
    /// `post-install`
    PostInstall,
    /// `pre-delete`
    PreDelete,
    /// `post-delete`
    PostDelete,
    /// `pre-upgrade`
    PreUpgrade,
    /// `post-upgrade`
    PostUpgrade,
    /// `pre-rollback`
    PreRollback,
    /// `post-rollback`
    PostRollback,
    /// `test` (also spelled `test-success`)
    Test,
}

impl HookEvent {
    /// The event's name as Helm stores it.
    pub fn as_str(self) -> &'static str {
        match self {
            HookEvent::PreInstall => "pre-install",
            HookEvent::PostInstall => "post-install",
            HookEvent::PreDelete => "pre-delete",
            HookEvent::PostDelete => "post-delete",
            HookEvent::PreUpgrade => "pre-upgrade",
            HookEvent::PostUpgrade => "post-upgrade",
            HookEvent::PreRollback => "pre-rollback",
            HookEvent::PostRollback => "post-rollback",
            HookEvent::Test => "test",
        }
    }

    /// An event name as the sorter reads it (already trimmed and lower-cased).
    pub fn from_name(name: &str) -> Option<HookEvent> {
        Some(match name {
            "pre-install" => HookEvent::PreInstall,
            "post-install" => HookEvent::PostInstall,
            "pre-delete" => HookEvent::PreDelete,
            "post-delete" => HookEvent::PostDelete,
            "pre-upgrade" => HookEvent::PreUpgrade,
            "post-upgrade" => HookEvent::PostUpgrade,
            "pre-rollback" => HookEvent::PreRollback,
            "post-rollback" => HookEvent::PostRollback,
            "test" | "test-success" => HookEvent::Test,
            _ => return None,
        })
    }
}

impl core::fmt::Display for HookEvent {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One regular (non-hook) document of the release (`releaseutil.Manifest`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    /// The template path it came from (`mychart/templates/a.yaml`).
    pub name: String,
    /// The document text.
    pub content: String,
    /// What Helm read of it.
    pub head: Head,
}

/// A hook document (`release.Hook`, without its run record).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hook {
    /// `metadata.name`.
    pub name: String,
    /// `kind`.
    pub kind: String,
    /// The template path it came from.
    pub path: String,
    /// The document text.
    pub manifest: String,
    /// Its events, in annotation order (duplicates kept).
    pub events: Vec<HookEvent>,
    /// `strconv.Atoi` of the raw weight annotation; 0 when absent or unparsable.
    pub weight: i64,
    /// Delete policies, trimmed and lower-cased, unknown ones kept; empty when the annotation
    /// is absent (Helm applies `before-hook-creation` only when the hook runs).
    pub delete_policies: Vec<String>,
    /// Output log policies, trimmed and lower-cased.
    pub output_log_policies: Vec<String>,
}

impl Hook {
    /// Whether the hook runs on `event`.
    pub fn has_event(&self, event: HookEvent) -> bool {
        self.events.contains(&event)
    }

    /// The delete policies Helm acts on: `before-hook-creation` when none are given.
    pub fn effective_delete_policies(&self) -> Vec<String> {
        if self.delete_policies.is_empty() {
            alloc::vec![String::from("before-hook-creation")]
        } else {
            self.delete_policies.clone()
        }
    }
}

/// Hooks and manifests, each sorted by kind.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sorted {
    /// Hooks in kind order (stable over file path and document order).
    pub hooks: Vec<Hook>,
    /// Regular documents in kind order.
    pub manifests: Vec<Manifest>,
    /// The raw `helm.sh/hook` values of documents dropped for naming an unknown event, in
    /// input order (Helm logs `level=INFO msg="skipping unknown hooks" hookTypes=<value>`).
    pub unknown_hooks: Vec<String>,
}

impl Sorted {
    /// The hooks of one event in execution order: weight, then name (Helm's `hookByWeight`).
    pub fn hooks_for(&self, event: HookEvent) -> Vec<&Hook> {
        let mut hs: Vec<&Hook> = self.hooks.iter().filter(|h| h.has_event(event)).collect();
        hs.sort_by(|a, b| a.weight.cmp(&b.weight).then_with(|| a.name.cmp(&b.name)));
        hs
    }
}

/// A document Helm could not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManifestError {
    /// Helm's message (`YAML parse error on <path>: <reason>`).
    pub message: String,
    /// The template path it concerns.
    pub file: String,
    /// Hooks collected before the failure, unsorted: Helm keeps them on the failed release,
    /// and `helm template --debug` prints them.
    pub hooks: Vec<Hook>,
}

impl core::fmt::Display for ManifestError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Helm's `lessByKind` as a stable sort: known kinds by list position, unknown kinds after
/// them in byte order of the kind, equal kinds in input order.
fn sort_by_kind<T>(items: &mut [T], kind: impl Fn(&T) -> &str, order: &[&str]) {
    items.sort_by_cached_key(|t| {
        let k = kind(t);
        let rank = order.iter().position(|o| *o == k).unwrap_or(order.len());
        (rank, String::from(k))
    });
}

/// `releaseutil.SortManifests` with the crate's YAML reader.
pub fn sort_manifests(
    files: &BTreeMap<String, String>,
    order: &[&str],
) -> Result<Sorted, ManifestError> {
    sort_manifests_with(files, order, &crate::yaml::from_yaml)
}

/// The words sigs.k8s.io/yaml puts before a YAML reader error.
fn yaml_error_text(e: &YamlError) -> String {
    let m = &e.message;
    if m.starts_with("error converting YAML to JSON: ")
        || m.starts_with("error unmarshaling JSON: ")
    {
        m.clone()
    } else {
        format!("error converting YAML to JSON: {m}")
    }
}

/// [`sort_manifests`] with a given YAML reader (one document in, sigs.k8s.io/yaml's
/// `interface{}` view out).
///
/// Files are taken in byte order of their path; partials (`_` base names) and
/// whitespace-only files are skipped; each file is split into documents; every document
/// is read for its [`Head`]; documents with a `helm.sh/hook` annotation become hooks, unless
/// an event is unknown, which drops the document.
pub fn sort_manifests_with(
    files: &BTreeMap<String, String>,
    order: &[&str],
    parse: &dyn Fn(&str) -> Result<Value, YamlError>,
) -> Result<Sorted, ManifestError> {
    let mut out = Sorted::default();
    for (path, content) in files {
        if split::path_base(path).starts_with('_') || content.trim().is_empty() {
            continue;
        }
        for doc in split_manifests(content) {
            let head = parse(doc)
                .map_err(|e| yaml_error_text(&e))
                .and_then(|v| decode_head(&v))
                .map_err(|reason| ManifestError {
                    message: format!("YAML parse error on {path}: {reason}"),
                    file: path.clone(),
                    hooks: core::mem::take(&mut out.hooks),
                })?;
            classify(path, doc, head, &mut out);
        }
    }
    sort_by_kind(&mut out.hooks, |h| &h.kind, order);
    sort_by_kind(&mut out.manifests, |m| &m.head.kind, order);
    Ok(out)
}

/// Helm's `manifestFile.sort` for one document.
fn classify(path: &str, doc: &str, head: Head, out: &mut Sorted) {
    let Some(hook_types) = head.annotations().and_then(|a| a.get(HOOK_ANNOTATION)) else {
        out.manifests.push(Manifest {
            name: String::from(path),
            content: String::from(doc),
            head,
        });
        return;
    };
    let mut events = Vec::new();
    for t in hook_types.split(',') {
        match HookEvent::from_name(&split::go_to_lower(t.trim())) {
            Some(e) => events.push(e),
            None => {
                out.unknown_hooks.push(hook_types.clone());
                return;
            }
        }
    }
    let annotations = head.annotations();
    let list = |key: &str| -> Vec<String> {
        annotations
            .and_then(|a| a.get(key))
            .map(|v| v.split(',').map(|p| split::go_to_lower(p.trim())).collect())
            .unwrap_or_default()
    };
    let weight = annotations
        .and_then(|a| a.get(HOOK_WEIGHT_ANNOTATION))
        .and_then(|w| split::go_atoi(w))
        .unwrap_or(0);
    let delete_policies = list(HOOK_DELETE_ANNOTATION);
    let output_log_policies = list(HOOK_OUTPUT_LOG_ANNOTATION);
    out.hooks.push(Hook {
        name: head
            .metadata
            .as_ref()
            .map(|m| m.name.clone())
            .unwrap_or_default(),
        kind: head.kind,
        path: String::from(path),
        manifest: String::from(doc),
        events,
        weight,
        delete_policies,
        output_log_policies,
    });
}

/// Whether a chart file (chart-relative name) is a CRD Helm installs and `--include-crds`
/// prints: under `crds/` (any depth) with extension `.yaml`, `.yml` or `.json`, any case.
pub fn is_crd_file(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    let ext = base.rfind('.').map(|i| &base[i..]).unwrap_or("");
    name.starts_with("crds/")
        && [".yaml", ".yml", ".json"]
            .iter()
            .any(|e| ext.eq_ignore_ascii_case(e))
}

/// The `# Source:` path of a CRD file: the chart's full path (`root`, or
/// `root/charts/sub` for a subchart) joined with its chart-relative name, cleaned as Go's
/// `filepath.Join` cleans it. Helm lists the root chart's CRDs in file order, then each
/// enabled subchart's, depth first.
pub fn crd_source_path(chart_path: &str, name: &str) -> String {
    crate::gopath::join(&[chart_path, name])
}

/// Helm's log line for a message of the standard `log` package, which Helm's default slog
/// handler prints at level INFO (the loader's and coalescing's warnings), or the line
/// itself when the message already is one (the warnings Helm logs with `slog.Warn`).
pub fn log_line(message: &str) -> String {
    if message.starts_with("level=") {
        return message.into();
    }
    slog::line("INFO", message, &[])
}

/// Helm's log line for an error it logs before returning it (`release name check failed`).
pub fn error_log_line(message: &str, error: &str) -> String {
    slog::line("ERROR", message, &[("error", error)])
}

/// Helm's log line for a document dropped for an unknown hook event (slog text format).
pub fn unknown_hook_log_line(hook_types: &str) -> String {
    slog::line(
        "INFO",
        "skipping unknown hooks",
        &[("hookTypes", hook_types)],
    )
}
