//! End-to-end test support: a real Kubernetes control plane (etcd, kube-apiserver,
//! kube-controller-manager, kube-scheduler, kwok nodes) started once per test run, a namespace
//! per test, and teardown whatever happens. See `tests/cluster.rs` and `e2e/README.md`.
#![deny(missing_docs)]

#[path = "../../xtask/src/cluster.rs"]
#[allow(dead_code)]
pub mod cluster;
pub mod harness;

use std::fmt::Debug;
use std::time::{Duration, Instant};

use kube::api::{Api, DeleteParams, PostParams};
use kube::{Client, Resource};
use serde_json::json;

/// What a test gets: a client with cluster-admin rights and a namespace of its own.
#[derive(Clone)]
pub struct Ctx {
    /// Client authenticated as the cluster admin (system:masters).
    pub client: Client,
    /// This test's namespace; it exists and has its `default` ServiceAccount.
    pub ns: String,
    /// How many (kwok) nodes the cluster has, all Ready.
    pub nodes: u32,
    /// The admin kubeconfig file, for tests that build other clients.
    pub kubeconfig: std::path::PathBuf,
}

/// A test's outcome: `Err` carries the reason shown in the report.
pub type TestResult = Result<(), String>;

impl Ctx {
    /// The API of a namespaced kind in this test's namespace.
    pub fn api<K>(&self) -> Api<K>
    where
        K: Resource<Scope = k8s_openapi::NamespaceResourceScope>,
        <K as Resource>::DynamicType: Default,
    {
        Api::namespaced(self.client.clone(), &self.ns)
    }
}

/// Turns any displayable error into a test failure that says what was being done.
pub trait Context<T> {
    /// Prefixes the error with `what`.
    fn ctx(self, what: &str) -> Result<T, String>;
}

impl<T, E: std::fmt::Display> Context<T> for Result<T, E> {
    fn ctx(self, what: &str) -> Result<T, String> {
        self.map_err(|e| format!("{what}: {e}"))
    }
}

/// Fails the test with `msg` unless `cond` holds.
pub fn ensure(cond: bool, msg: impl FnOnce() -> String) -> TestResult {
    if cond {
        Ok(())
    } else {
        Err(msg())
    }
}

/// Polls `name` until `done` holds, returning the object and how long it took. On timeout
/// the error shows the object's last state, which is what one needs to see why.
pub async fn wait_for<K>(
    api: &Api<K>,
    name: &str,
    what: &str,
    timeout: Duration,
    done: impl Fn(&K) -> bool,
) -> Result<(K, Duration), String>
where
    K: Clone + serde::de::DeserializeOwned + serde::Serialize + Debug,
{
    let start = Instant::now();
    let mut last: Option<K> = None;
    loop {
        match api.get_opt(name).await {
            Ok(Some(obj)) => {
                if done(&obj) {
                    return Ok((obj, start.elapsed()));
                }
                last = Some(obj);
            }
            Ok(None) => {}
            Err(e) => return Err(format!("{what}: reading {name}: {e}")),
        }
        if start.elapsed() > timeout {
            let seen = last
                .and_then(|o| serde_json::to_value(o).ok())
                .map(|v| v.get("status").cloned().unwrap_or(v))
                .map_or_else(|| "object never appeared".to_string(), |v| v.to_string());
            return Err(format!(
                "{what}: {name} not there after {}s; last status: {seen}",
                timeout.as_secs()
            ));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Creates a namespace and waits for its `default` ServiceAccount (made by the controller
/// manager), without which the API server refuses pods.
pub async fn create_namespace(client: &Client, name: &str) -> TestResult {
    use k8s_openapi::api::core::v1::{Namespace, ServiceAccount};
    let ns: Namespace = serde_json::from_value(json!({
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": { "name": name, "labels": { "binnacle.e2e/test": "true" } }
    }))
    .ctx("namespace manifest")?;
    Api::<Namespace>::all(client.clone())
        .create(&PostParams::default(), &ns)
        .await
        .ctx(&format!("creating namespace {name}"))?;
    let sas: Api<ServiceAccount> = Api::namespaced(client.clone(), name);
    wait_for(
        &sas,
        "default",
        "default ServiceAccount",
        Duration::from_secs(60),
        |_| true,
    )
    .await?;
    Ok(())
}

/// Deletes a namespace without waiting (the cluster goes away at the end of the run anyway).
pub async fn delete_namespace(client: &Client, name: &str) {
    use k8s_openapi::api::core::v1::Namespace;
    let _ = Api::<Namespace>::all(client.clone())
        .delete(name, &DeleteParams::default())
        .await;
}

/// Builds a typed object from JSON, so manifests in tests read like the YAML they stand for.
pub fn object<K: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<K, String> {
    serde_json::from_value(value).ctx("manifest")
}
