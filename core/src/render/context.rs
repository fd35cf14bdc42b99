//! What templates see besides values: `.Release`, `.Capabilities`, `.Template`.

use alloc::format;
use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;
use core::any::Any;

use crate::template::funcs::{Sig, Ty};
use crate::value::{map_of, Elem, List, Map, MapType, Object, Str, Value};

/// The Helm version templates see offline (`.Capabilities.HelmVersion`), as Helm v4.2.3 reports it.
pub const HELM_VERSION: &str = "v4.2";
/// The Go version Helm v4.2.3 was built with.
pub const GO_VERSION: &str = "go1.26.6";
/// The client-go minor Helm v4.2.3 was built with.
pub const KUBE_CLIENT_VERSION: &str = "v1.36";
/// The Kubernetes version Helm assumes offline.
pub const DEFAULT_KUBE_VERSION: &str = "v1.36.0";

/// Every group/version Helm v4.2.3 knows offline, in its order (from client-go's scheme).
pub const DEFAULT_API_VERSIONS: &[&str] = &[
    "v1",
    "admissionregistration.k8s.io/v1",
    "admissionregistration.k8s.io/v1alpha1",
    "admissionregistration.k8s.io/v1beta1",
    "internal.apiserver.k8s.io/v1alpha1",
    "apps/v1",
    "apps/v1beta1",
    "apps/v1beta2",
    "authentication.k8s.io/v1",
    "authentication.k8s.io/v1alpha1",
    "authentication.k8s.io/v1beta1",
    "authorization.k8s.io/v1",
    "authorization.k8s.io/v1beta1",
    "autoscaling/v1",
    "autoscaling/v2",
    "batch/v1",
    "batch/v1beta1",
    "certificates.k8s.io/v1",
    "certificates.k8s.io/v1beta1",
    "certificates.k8s.io/v1alpha1",
    "coordination.k8s.io/v1alpha2",
    "coordination.k8s.io/v1beta1",
    "coordination.k8s.io/v1",
    "discovery.k8s.io/v1",
    "discovery.k8s.io/v1beta1",
    "events.k8s.io/v1",
    "events.k8s.io/v1beta1",
    "extensions/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1",
    "flowcontrol.apiserver.k8s.io/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1beta2",
    "flowcontrol.apiserver.k8s.io/v1beta3",
    "networking.k8s.io/v1",
    "networking.k8s.io/v1beta1",
    "node.k8s.io/v1",
    "node.k8s.io/v1alpha1",
    "node.k8s.io/v1beta1",
    "policy/v1",
    "policy/v1beta1",
    "rbac.authorization.k8s.io/v1",
    "rbac.authorization.k8s.io/v1beta1",
    "rbac.authorization.k8s.io/v1alpha1",
    "resource.k8s.io/v1",
    "resource.k8s.io/v1beta2",
    "resource.k8s.io/v1beta1",
    "resource.k8s.io/v1alpha3",
    "scheduling.k8s.io/v1alpha2",
    "scheduling.k8s.io/v1beta1",
    "scheduling.k8s.io/v1",
    "storage.k8s.io/v1beta1",
    "storage.k8s.io/v1",
    "storage.k8s.io/v1alpha1",
    "storagemigration.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1",
];

/// `.Release`.
#[derive(Clone, Debug)]
pub struct ReleaseInfo {
    /// Release name.
    pub name: String,
    /// Namespace.
    pub namespace: String,
    /// Revision (1 on install).
    pub revision: i64,
    /// Upgrade rather than install.
    pub is_upgrade: bool,
}

impl Default for ReleaseInfo {
    fn default() -> Self {
        ReleaseInfo {
            name: "release-name".into(),
            namespace: "default".into(),
            revision: 1,
            is_upgrade: false,
        }
    }
}

impl ReleaseInfo {
    /// The `map[string]interface {}` Helm builds.
    pub fn to_value(&self) -> Value {
        map_of([
            ("Name", Value::from(self.name.as_str())),
            ("Namespace", Value::from(self.namespace.as_str())),
            ("IsUpgrade", Value::Bool(self.is_upgrade)),
            ("IsInstall", Value::Bool(!self.is_upgrade)),
            ("Revision", Value::Int(self.revision)),
            ("Service", Value::from("Helm")),
        ])
    }
}

/// `common.KubeVersion`.
#[derive(Clone, Debug, PartialEq)]
pub struct KubeVersion {
    /// As given, with a `v` prefix.
    pub version: String,
    /// `vMAJOR.MINOR.PATCH` without pre-release or build suffixes.
    pub normalized: String,
    /// Major, as a string.
    pub major: String,
    /// Minor, as a string.
    pub minor: String,
}

impl KubeVersion {
    /// Parses `--kube-version` as Helm does: k8s.io's generic version parser (`1.30`,
    /// `v1.30.2`, `v1.30.2-gke.1`; at least major and minor, anything after the numbers
    /// kept), its error wrapped as `helm template` words it.
    pub fn parse(s: &str) -> Result<KubeVersion, String> {
        let fail = |why: String| format!("invalid kube version '{s}': {why}");
        // `^\s*v?([0-9]+(?:\.[0-9]+)*)(.*)*$`
        let t = s.trim_start_matches([' ', '\t', '\n', '\x0c', '\r']);
        let t = t.strip_prefix('v').unwrap_or(t);
        let mut end = 0;
        let b = t.as_bytes();
        loop {
            let start = end;
            while end < b.len() && b[end].is_ascii_digit() {
                end += 1;
            }
            if end == start {
                // Only at the start: no number at all.
                break;
            }
            if end < b.len() && b[end] == b'.' && b.get(end + 1).is_some_and(u8::is_ascii_digit) {
                end += 1;
                continue;
            }
            break;
        }
        let numbers = &t[..end];
        if numbers.is_empty() || t[end..].contains('\n') {
            return Err(fail(format!("could not parse {s:?} as version")));
        }
        let comps: Vec<&str> = numbers.split('.').collect();
        if comps.len() < 2 {
            return Err(fail(format!("illegal version string {s:?}")));
        }
        let mut nums = Vec::with_capacity(comps.len());
        for (i, c) in comps.iter().enumerate() {
            if i == 0 && c.starts_with('0') && *c != "0" {
                return Err(fail(format!(
                    "illegal zero-prefixed version component {c:?} in {s:?}"
                )));
            }
            match c.parse::<u64>() {
                Ok(n) => nums.push(n),
                Err(_) => {
                    return Err(fail(format!(
                        "illegal non-numeric version component {c:?} in {s:?}: strconv.ParseUint: parsing {c:?}: value out of range"
                    )))
                }
            }
        }
        let (major, minor, patch) = (nums[0], nums[1], nums.get(2).copied().unwrap_or(0));
        let version = if s.starts_with('v') {
            s.to_string()
        } else {
            format!("v{s}")
        };
        Ok(KubeVersion {
            version,
            normalized: format!("v{major}.{minor}.{patch}"),
            major: major.to_string(),
            minor: minor.to_string(),
        })
    }
}

impl Default for KubeVersion {
    fn default() -> Self {
        KubeVersion {
            version: DEFAULT_KUBE_VERSION.into(),
            normalized: DEFAULT_KUBE_VERSION.into(),
            major: "1".into(),
            minor: "36".into(),
        }
    }
}

impl Object for KubeVersion {
    fn type_name(&self) -> &str {
        "common.KubeVersion"
    }
    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "Version" => Value::from(self.version.as_str()),
            "Major" => Value::from(self.major.as_str()),
            "Minor" => Value::from(self.minor.as_str()),
            _ => return None,
        })
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(name, "String" | "GitVersion")
    }
    fn method_sig(&self, _: &str) -> Option<Sig> {
        Some(Sig::fixed(&[]))
    }
    fn call_method(&self, name: &str, _: &[Value]) -> Option<Result<Value, String>> {
        match name {
            "String" => Some(Ok(Value::from(self.normalized.as_str()))),
            "GitVersion" => Some(Ok(Value::from(self.version.as_str()))),
            _ => None,
        }
    }
    fn format_v(&self) -> String {
        format!(
            "{{{} {} {} {}}}",
            self.version, self.normalized, self.major, self.minor
        )
    }
    fn template_string(&self) -> Option<String> {
        Some(self.normalized.clone())
    }
    fn stringer(&self) -> bool {
        false
    }
    fn printed_fields(&self) -> Option<Vec<crate::value::PrintedField>> {
        let f = |s: &str| crate::value::PrintedField::Str(s.into());
        Some(vec![
            f(&self.version),
            f(&self.normalized),
            f(&self.major),
            f(&self.minor),
        ])
    }
    fn field_names(&self) -> &'static [&'static str] {
        &["Version", "normalizedVersion", "Major", "Minor"]
    }
    fn deep_copied(&self) -> Option<Value> {
        // copystructure cannot set the unexported `normalizedVersion`.
        Some(Value::Object(alloc::rc::Rc::new(KubeVersion {
            normalized: String::new(),
            ..self.clone()
        })))
    }
    fn to_data(&self) -> Option<Value> {
        Some(map_of([
            ("Version", Value::from(self.version.as_str())),
            ("Major", Value::from(self.major.as_str())),
            ("Minor", Value::from(self.minor.as_str())),
        ]))
    }
    fn json_fields(&self) -> Option<Vec<(Str, Value)>> {
        Some(vec![
            ("Version".into(), Value::from(self.version.as_str())),
            ("Major".into(), Value::from(self.major.as_str())),
            ("Minor".into(), Value::from(self.minor.as_str())),
        ])
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `common.VersionSet` methods live on the list value itself; this object wraps it.
#[derive(Clone, Debug)]
pub struct VersionSet(pub List);

impl Object for VersionSet {
    fn type_name(&self) -> &str {
        "common.VersionSet"
    }
    fn kind(&self) -> &str {
        "slice"
    }
    fn has_method(&self, name: &str) -> bool {
        name == "Has"
    }
    fn list_items(&self) -> Option<List> {
        Some(self.0.clone())
    }
    fn method_sig(&self, _: &str) -> Option<Sig> {
        Some(Sig::fixed(&[Ty::String]))
    }
    fn call_method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        if name != "Has" {
            return None;
        }
        let want = args.first().and_then(|v| v.as_str()).unwrap_or_default();
        Some(Ok(Value::Bool(
            self.0.iter().any(|v| v.as_str() == Some(want)),
        )))
    }
    fn format_v(&self) -> String {
        crate::gofmt::format_v(&Value::List(self.0.clone()))
    }
    fn to_data(&self) -> Option<Value> {
        Some(Value::List(self.0.clone()))
    }
    /// The type has no `String()`: `fmt` prints it as a slice, element by element.
    fn stringer(&self) -> bool {
        false
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `.Capabilities`: `*common.Capabilities`.
#[derive(Clone, Debug)]
pub struct Capabilities {
    /// `.KubeVersion`
    pub kube_version: KubeVersion,
    /// `.APIVersions`
    pub api_versions: Vec<String>,
}

impl Default for Capabilities {
    fn default() -> Self {
        Capabilities {
            kube_version: KubeVersion::default(),
            api_versions: DEFAULT_API_VERSIONS.iter().map(|s| s.to_string()).collect(),
        }
    }
}

impl Capabilities {
    /// Helm's offline capabilities with `--kube-version` and extra `--api-versions` applied.
    pub fn offline(
        kube_version: Option<&str>,
        extra_api_versions: &[String],
    ) -> Result<Capabilities, String> {
        let mut c = Capabilities::default();
        if let Some(v) = kube_version {
            c.kube_version = KubeVersion::parse(v)?;
        }
        c.api_versions.extend(extra_api_versions.iter().cloned());
        Ok(c)
    }

    fn versions(&self) -> List {
        List::typed(
            Elem::VersionSet,
            self.api_versions
                .iter()
                .map(|s| Value::from(s.as_str()))
                .collect(),
        )
    }

    fn helm_version(&self) -> Value {
        Value::Object(Rc::new(BuildInfo))
    }
}

impl Object for Capabilities {
    fn type_name(&self) -> &str {
        "*common.Capabilities"
    }
    fn kind(&self) -> &str {
        "ptr"
    }
    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "KubeVersion" => Value::Object(Rc::new(crate::value::Addressable(Rc::new(
                self.kube_version.clone(),
            )))),
            "APIVersions" => Value::Object(Rc::new(VersionSet(self.versions()))),
            "HelmVersion" => self.helm_version(),
            _ => return None,
        })
    }
    fn format_v(&self) -> String {
        format!(
            "{{{} {} {}}}",
            self.kube_version.format_v(),
            VersionSet(self.versions()).format_v(),
            BuildInfo.format_v()
        )
    }
    fn to_data(&self) -> Option<Value> {
        Some(map_of([
            (
                "KubeVersion",
                self.kube_version.to_data().unwrap_or_default(),
            ),
            ("APIVersions", Value::List(self.versions())),
            ("HelmVersion", BuildInfo.to_data().unwrap_or_default()),
        ]))
    }
    fn json_fields(&self) -> Option<Vec<(Str, Value)>> {
        Some(vec![
            (
                "KubeVersion".into(),
                Value::Object(Rc::new(self.kube_version.clone())),
            ),
            ("APIVersions".into(), Value::List(self.versions())),
            ("HelmVersion".into(), Value::Object(Rc::new(BuildInfo))),
        ])
    }
    fn stringer(&self) -> bool {
        false
    }
    fn printed_fields(&self) -> Option<Vec<crate::value::PrintedField>> {
        use crate::value::PrintedField;
        Some(vec![
            PrintedField::Value(Value::Object(Rc::new(self.kube_version.clone()))),
            PrintedField::Value(Value::List(self.versions())),
            PrintedField::Value(self.helm_version()),
        ])
    }
    fn field_names(&self) -> &'static [&'static str] {
        &["KubeVersion", "APIVersions", "HelmVersion"]
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `version.BuildInfo` of Helm v4.2.3.
#[derive(Clone, Debug)]
pub struct BuildInfo;

impl Object for BuildInfo {
    fn type_name(&self) -> &str {
        "version.BuildInfo"
    }
    fn field(&self, name: &str) -> Option<Value> {
        Some(Value::from(match name {
            "Version" => HELM_VERSION,
            "GitCommit" | "GitTreeState" => "",
            "GoVersion" => GO_VERSION,
            "KubeClientVersion" => KUBE_CLIENT_VERSION,
            _ => return None,
        }))
    }
    fn format_v(&self) -> String {
        format!("{{{HELM_VERSION}   {GO_VERSION} {KUBE_CLIENT_VERSION}}}")
    }
    fn to_data(&self) -> Option<Value> {
        Some(map_of([
            ("version", Value::from(HELM_VERSION)),
            ("go_version", Value::from(GO_VERSION)),
            ("kube_client_version", Value::from(KUBE_CLIENT_VERSION)),
        ]))
    }
    fn json_fields(&self) -> Option<Vec<(Str, Value)>> {
        Some(vec![
            ("version".into(), Value::from(HELM_VERSION)),
            ("go_version".into(), Value::from(GO_VERSION)),
            (
                "kube_client_version".into(),
                Value::from(KUBE_CLIENT_VERSION),
            ),
        ])
    }
    fn exported_fields(&self) -> Option<Vec<(Str, Value)>> {
        Some(vec![
            ("Version".into(), Value::from(HELM_VERSION)),
            ("GitCommit".into(), Value::from("")),
            ("GitTreeState".into(), Value::from("")),
            ("GoVersion".into(), Value::from(GO_VERSION)),
            ("KubeClientVersion".into(), Value::from(KUBE_CLIENT_VERSION)),
        ])
    }
    fn stringer(&self) -> bool {
        false
    }
    fn printed_fields(&self) -> Option<Vec<crate::value::PrintedField>> {
        let f = |s: &str| crate::value::PrintedField::Str(s.into());
        Some(vec![
            f(HELM_VERSION),
            f(""),
            f(""),
            f(GO_VERSION),
            f(KUBE_CLIENT_VERSION),
        ])
    }
    fn field_names(&self) -> &'static [&'static str] {
        &[
            "Version",
            "GitCommit",
            "GitTreeState",
            "GoVersion",
            "KubeClientVersion",
        ]
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `.Template` for one file: a `common.Values` map.
pub fn template_value(name: &str, base_path: &str) -> Value {
    let m = Map::from_entries(MapType::Values, Default::default());
    m.insert("Name", Value::from(name));
    m.insert("BasePath", Value::from(base_path));
    Value::Map(m)
}
