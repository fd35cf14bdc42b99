//! The namespace a command runs in when `--namespace` is not given: Helm's
//! `EnvSettings.Namespace()`, which asks client-go's kubeconfig loader.
//!
//! Helm renders `.Release.Namespace` from it, so `helm template` in a shell whose kubeconfig
//! context names a namespace renders that namespace, and Binnacle does the same. The rules
//! (client-go's `DeferredLoadingClientConfig.Namespace`):
//!
//! - `--namespace` / `$HELM_NAMESPACE`, when not empty, wins.
//! - The kubeconfig is `--kubeconfig` (one file, which must exist), else the files listed in
//!   `$KUBECONFIG` (missing ones skipped; for each name, the first file to set it wins), else
//!   `~/.kube/config`.
//! - The context is `--kube-context` / `$HELM_KUBECONTEXT` (which must exist), else the
//!   `current-context`; its `namespace`, else `default`.
//! - A kubeconfig client-go would refuse (unreadable YAML, a context that does not exist,
//!   unreadable certificate files, conflicting credentials) gives `default`, as Helm
//!   ignores the error.
//! - Inside a pod (`$KUBERNETES_SERVICE_HOST` and `_PORT` set and a service account token
//!   mounted), when the kubeconfig is empty or names no namespace: `$POD_NAMESPACE`, else
//!   the service account's namespace file.

use std::path::{Path, PathBuf};

use binnacle_core::value::Value;

/// What the namespace depends on, read from flags and the environment by the caller.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// `--namespace`, else `$HELM_NAMESPACE`.
    pub namespace: Option<String>,
    /// `--kubeconfig`.
    pub kubeconfig: Option<String>,
    /// `--kube-context`, else `$HELM_KUBECONTEXT`.
    pub context: Option<String>,
    /// `--kube-token`: a bearer token, counted among the credentials.
    pub token: Option<String>,
    /// `--kube-as-user`.
    pub as_user: Option<String>,
    /// `--kube-as-group`.
    pub as_groups: Vec<String>,
    /// `--kube-ca-file`: checked as the cluster's certificate authority file.
    pub ca_file: Option<String>,
}

/// The process environment client-go reads.
pub trait Env {
    /// An environment variable.
    fn var(&self, name: &str) -> Option<String>;
    /// Whether a file exists and opens for reading.
    fn readable(&self, path: &Path) -> bool;
    /// A file's text.
    fn read(&self, path: &Path) -> Option<String>;
}

/// The real environment.
pub struct OsEnv;

impl Env for OsEnv {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }
    fn readable(&self, path: &Path) -> bool {
        std::fs::File::open(path).is_ok()
    }
    fn read(&self, path: &Path) -> Option<String> {
        std::fs::read_to_string(path).ok()
    }
}

const SERVICE_ACCOUNT: &str = "/var/run/secrets/kubernetes.io/serviceaccount";

/// The namespace, as Helm resolves it.
pub fn namespace(s: &Settings, env: &dyn Env) -> String {
    if let Some(ns) = s.namespace.as_deref().filter(|n| !n.is_empty()) {
        return ns.to_string();
    }
    match from_kubeconfig(s, env) {
        Ok(Found::Explicit(ns)) => ns,
        Ok(Found::Implicit) => in_cluster(env).unwrap_or_else(|| "default".into()),
        Err(()) => "default".into(),
    }
}

/// What the kubeconfig says.
enum Found {
    /// A namespace the kubeconfig names.
    Explicit(String),
    /// None named (an empty kubeconfig, or a context without one).
    Implicit,
}

/// The namespace file of a pod's service account, as client-go's in-cluster config reads
/// it, when running in a pod.
fn in_cluster(env: &dyn Env) -> Option<String> {
    let host = env.var("KUBERNETES_SERVICE_HOST").filter(|v| !v.is_empty());
    let port = env.var("KUBERNETES_SERVICE_PORT").filter(|v| !v.is_empty());
    let token = Path::new(SERVICE_ACCOUNT).join("token");
    if host.is_none() || port.is_none() || !env.readable(&token) {
        return None;
    }
    if let Some(ns) = env.var("POD_NAMESPACE") {
        return Some(ns);
    }
    let text = env.read(&Path::new(SERVICE_ACCOUNT).join("namespace"))?;
    let ns = text.trim();
    (!ns.is_empty()).then(|| ns.to_string())
}

/// One named entry of a kubeconfig list, with the directory its relative paths start from.
struct Entry {
    fields: Value,
    dir: PathBuf,
}

/// A merged kubeconfig.
#[derive(Default)]
struct Config {
    current: Option<String>,
    contexts: Vec<(String, Entry)>,
    clusters: Vec<(String, Entry)>,
    users: Vec<(String, Entry)>,
}

fn find<'a>(list: &'a [(String, Entry)], name: &str) -> Option<&'a Entry> {
    list.iter().find(|(n, _)| n == name).map(|(_, e)| e)
}

/// A string field; `Err` when present with another type (client-go's decoder refuses it).
fn string(v: &Value, key: &str) -> Result<Option<String>, ()> {
    let Value::Map(m) = v else { return Ok(None) };
    match m.get(key) {
        None | Some(Value::Nil) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.to_string())),
        Some(_) => Err(()),
    }
}

fn from_kubeconfig(s: &Settings, env: &dyn Env) -> Result<Found, ()> {
    let files: Vec<PathBuf> = match s.kubeconfig.as_deref().filter(|k| !k.is_empty()) {
        Some(explicit) => {
            if env.read(Path::new(explicit)).is_none() {
                return Err(());
            }
            vec![PathBuf::from(explicit)]
        }
        None => match env.var("KUBECONFIG").filter(|k| !k.is_empty()) {
            Some(list) => {
                let mut files: Vec<PathBuf> = Vec::new();
                for f in std::env::split_paths(&list) {
                    if !f.as_os_str().is_empty() && !files.contains(&f) {
                        files.push(f);
                    }
                }
                files
            }
            None => match env.var("HOME") {
                Some(home) => vec![Path::new(&home).join(".kube").join("config")],
                None => Vec::new(),
            },
        },
    };
    let mut config = Config::default();
    for file in &files {
        let Some(text) = env.read(file) else { continue };
        merge(&mut config, file, &text)?;
    }

    let context_name = s
        .context
        .clone()
        .filter(|c| !c.is_empty())
        .or(config.current.clone())
        .unwrap_or_default();
    let context = if context_name.is_empty() {
        None
    } else {
        Some(find(&config.contexts, &context_name).ok_or(())?)
    };
    let field = |key: &str| -> Result<Option<String>, ()> {
        match context {
            Some(c) => string(&c.fields, key),
            None => Ok(None),
        }
    };
    let user = field("user")?.unwrap_or_default();
    let cluster = field("cluster")?.unwrap_or_default();
    let namespace = field("namespace")?.filter(|n| !n.is_empty());
    check_user(find(&config.users, &user), s, env)?;
    check_cluster(find(&config.clusters, &cluster), s, env)?;
    Ok(match namespace {
        Some(ns) => Found::Explicit(ns),
        None => Found::Implicit,
    })
}

/// Adds one file's entries: for each name, and for `current-context`, the first file to set
/// it wins.
fn merge(config: &mut Config, file: &Path, text: &str) -> Result<(), ()> {
    let doc = binnacle_core::yaml::from_yaml(text).map_err(|_| ())?;
    let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
    if config.current.is_none() {
        config.current = string(&doc, "current-context")?.filter(|c| !c.is_empty());
    }
    let Value::Map(m) = &doc else {
        return match doc {
            Value::Nil => Ok(()),
            _ => Err(()),
        };
    };
    for (key, inner, list) in [
        ("contexts", "context", &mut config.contexts),
        ("clusters", "cluster", &mut config.clusters),
        ("users", "user", &mut config.users),
    ] {
        match m.get(key) {
            None | Some(Value::Nil) => {}
            Some(Value::List(items)) => {
                for item in items.iter() {
                    let name = string(item, "name")?.unwrap_or_default();
                    let fields = match item {
                        Value::Map(im) => im.get(inner).unwrap_or(Value::Nil),
                        _ => return Err(()),
                    };
                    if !matches!(fields, Value::Map(_) | Value::Nil) {
                        return Err(());
                    }
                    if find(list, &name).is_none() {
                        list.push((
                            name,
                            Entry {
                                fields,
                                dir: dir.clone(),
                            },
                        ));
                    }
                }
            }
            Some(_) => return Err(()),
        }
    }
    Ok(())
}

/// A path in a kubeconfig, relative to the file that named it.
fn resolve(e: &Entry, p: &str) -> PathBuf {
    let p = Path::new(p);
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        e.dir.join(p)
    }
}

/// client-go's `validateAuthInfo`, for what can make it refuse a kubeconfig here.
fn check_user(user: Option<&Entry>, s: &Settings, env: &dyn Env) -> Result<(), ()> {
    let get = |k: &str| -> Result<Option<String>, ()> {
        match user {
            Some(u) => Ok(string(&u.fields, k)?.filter(|v| !v.is_empty())),
            None => Ok(None),
        }
    };
    let token = s.token.clone().filter(|t| !t.is_empty()).or(get("token")?);
    let basic = get("username")?.is_some() || get("password")?.is_some();
    if token.is_some() && basic {
        return Err(());
    }
    let cert = get("client-certificate")?;
    let cert_data = get("client-certificate-data")?;
    let key = get("client-key")?;
    let key_data = get("client-key-data")?;
    if cert.is_some() || cert_data.is_some() {
        if (cert.is_some() && cert_data.is_some()) || (key.is_some() && key_data.is_some()) {
            return Err(());
        }
        if key.is_none() && key_data.is_none() {
            return Err(());
        }
        for p in [&cert, &key].into_iter().flatten() {
            if let Some(u) = user {
                if !env.readable(&resolve(u, p)) {
                    return Err(());
                }
            }
        }
    }
    let as_user = s.as_user.clone().filter(|u| !u.is_empty()).or(get("as")?);
    if !s.as_groups.is_empty() && as_user.is_none() {
        return Err(());
    }
    Ok(())
}

/// client-go's `validateClusterInfo`, for the certificate authority file.
fn check_cluster(cluster: Option<&Entry>, s: &Settings, env: &dyn Env) -> Result<(), ()> {
    if let Some(ca) = s.ca_file.as_deref().filter(|c| !c.is_empty()) {
        return if env.readable(Path::new(ca)) {
            Ok(())
        } else {
            Err(())
        };
    }
    let Some(c) = cluster else { return Ok(()) };
    let ca = string(&c.fields, "certificate-authority")?.filter(|v| !v.is_empty());
    let ca_data = string(&c.fields, "certificate-authority-data")?.filter(|v| !v.is_empty());
    if ca.is_some() && ca_data.is_some() {
        return Err(());
    }
    match ca {
        Some(p) if !env.readable(&resolve(c, &p)) => Err(()),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// An environment of variables and files.
    #[derive(Default)]
    struct Fake {
        vars: BTreeMap<String, String>,
        files: BTreeMap<PathBuf, String>,
    }

    impl Env for Fake {
        fn var(&self, name: &str) -> Option<String> {
            self.vars.get(name).cloned()
        }
        fn readable(&self, path: &Path) -> bool {
            self.files.contains_key(path)
        }
        fn read(&self, path: &Path) -> Option<String> {
            self.files.get(path).cloned()
        }
    }

    const K1: &str = "current-context: c1
contexts:
- name: c1
  context: {cluster: x, user: u, namespace: foo}
- name: c2
  context: {cluster: x, namespace: bar}
- name: c3
  context: {cluster: x, user: bad}
- name: c4
  context: {cluster: x}
clusters:
- name: x
  cluster: {server: 'https://1.2.3.4'}
users:
- name: u
  user: {token: abc}
- name: bad
  user: {client-certificate: /nonexist, client-key: /nonexist}
";

    fn env(vars: &[(&str, &str)]) -> Fake {
        let mut f = Fake::default();
        f.files.insert("/k/k1".into(), K1.into());
        f.files.insert(
            "/k/k2".into(),
            "current-context: c9\ncontexts:\n- name: c9\n  context: {namespace: nine}\n".into(),
        );
        f.files.insert("/k/bad".into(), "garbage: [\n".into());
        f.files.insert(
            "/k/typed".into(),
            "current-context: c\ncontexts:\n- name: c\n  context: {namespace: [x]}\n".into(),
        );
        f.files.insert(
            "/home/.kube/config".into(),
            "current-context: h\ncontexts:\n- name: h\n  context: {namespace: home}\n".into(),
        );
        f.vars.insert("HOME".into(), "/home".into());
        for (k, v) in vars {
            f.vars.insert(k.to_string(), v.to_string());
        }
        f
    }

    fn ns(s: Settings, vars: &[(&str, &str)]) -> String {
        namespace(&s, &env(vars))
    }

    /// Expectations printed by `helm template` v4.2.3 for the same files and settings.
    #[test]
    fn namespace_as_helm_resolves_it() {
        let none = Settings::default;
        let ctx = |c: &str| Settings {
            context: Some(c.into()),
            ..Settings::default()
        };
        assert_eq!(ns(none(), &[]), "home");
        assert_eq!(ns(none(), &[("KUBECONFIG", "/k/k1")]), "foo");
        assert_eq!(ns(ctx("c2"), &[("KUBECONFIG", "/k/k1")]), "bar");
        assert_eq!(ns(ctx("c3"), &[("KUBECONFIG", "/k/k1")]), "default");
        assert_eq!(ns(ctx("c4"), &[("KUBECONFIG", "/k/k1")]), "default");
        assert_eq!(ns(ctx("nope"), &[("KUBECONFIG", "/k/k1")]), "default");
        assert_eq!(ns(none(), &[("KUBECONFIG", "/k/k1:/k/k2")]), "foo");
        assert_eq!(ns(none(), &[("KUBECONFIG", "/k/k2:/k/k1")]), "nine");
        assert_eq!(ns(none(), &[("KUBECONFIG", "/k/none:/k/k2")]), "nine");
        assert_eq!(ns(none(), &[("KUBECONFIG", "/k/none")]), "default");
        assert_eq!(ns(none(), &[("KUBECONFIG", "/k/bad:/k/k2")]), "default");
        assert_eq!(ns(none(), &[("KUBECONFIG", "/k/typed")]), "default");
        let explicit = |p: &str| Settings {
            kubeconfig: Some(p.into()),
            ..Settings::default()
        };
        assert_eq!(ns(explicit("/k/k1"), &[("KUBECONFIG", "/k/k2")]), "foo");
        assert_eq!(
            ns(explicit("/k/none"), &[("KUBECONFIG", "/k/k2")]),
            "default"
        );
        assert_eq!(ns(explicit("/k/k2:/k/k1"), &[]), "default");
        let flag = Settings {
            namespace: Some("flag".into()),
            ..Settings::default()
        };
        assert_eq!(ns(flag, &[("KUBECONFIG", "/k/k1")]), "flag");
        let empty = Settings {
            namespace: Some(String::new()),
            ..Settings::default()
        };
        assert_eq!(ns(empty, &[("KUBECONFIG", "/k/k1")]), "foo");
        let groups = Settings {
            as_groups: vec!["g".into()],
            ..Settings::default()
        };
        assert_eq!(ns(groups, &[("KUBECONFIG", "/k/k1")]), "default");
    }

    #[test]
    fn in_a_pod_the_service_account_namespace() {
        let pod = [
            ("KUBECONFIG", "/k/none"),
            ("KUBERNETES_SERVICE_HOST", "10.0.0.1"),
            ("KUBERNETES_SERVICE_PORT", "443"),
        ];
        let mut e = env(&pod);
        assert_eq!(namespace(&Settings::default(), &e), "default");
        e.files
            .insert(Path::new(SERVICE_ACCOUNT).join("token"), "t".into());
        e.files.insert(
            Path::new(SERVICE_ACCOUNT).join("namespace"),
            "pods\n".into(),
        );
        assert_eq!(namespace(&Settings::default(), &e), "pods");
        e.vars.insert("POD_NAMESPACE".into(), "envns".into());
        assert_eq!(namespace(&Settings::default(), &e), "envns");
        // A namespace the kubeconfig names wins over the pod's.
        e.vars.insert("KUBECONFIG".into(), "/k/k2".into());
        assert_eq!(namespace(&Settings::default(), &e), "nine");
    }
}
