//! Proves the local cluster behaves like a real one where the companion depends on it:
//! workload controllers, kwok-simulated kubelets (including a failure state), server-side
//! apply ownership and conflicts, CRDs, watches, service-account tokens and RBAC.
//! Expected messages are what Kubernetes v1.36.3's API server answers.

use std::time::{Duration, Instant};

use binnacle_e2e::{ensure, harness, object, tests, wait_for, Context, Ctx, TestResult};
use futures::{StreamExt, TryStreamExt};
use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, StatefulSet};
use k8s_openapi::api::authentication::v1::{SelfSubjectReview, TokenRequest};
use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::{ConfigMap, Pod, Secret, Service, ServiceAccount};
use k8s_openapi::api::rbac::v1::{Role, RoleBinding};
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::api::{
    Api, DeleteParams, DynamicObject, GroupVersionKind, ListParams, Patch, PatchParams, PostParams,
    WatchEvent, WatchParams,
};
use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::{Client, Config};
use serde_json::{json, Value};

fn main() -> std::process::ExitCode {
    harness::main(tests![
        deployment_becomes_available,
        statefulset_rolls_out,
        daemonset_rolls_out,
        job_completes,
        bad_image_pod_stays_not_ready,
        server_side_apply_conflict_then_force,
        crd_established_and_custom_resource_applied,
        watch_delivers_events,
        service_account_token_and_rbac,
    ])
}

const WAIT: Duration = Duration::from_secs(60);

/// `status.conditions[type=ty].status` of any object, read through its JSON form so one
/// helper serves every kind's condition type.
fn condition(obj: &impl serde::Serialize, ty: &str) -> Option<String> {
    let v = serde_json::to_value(obj).ok()?;
    v.pointer("/status/conditions")?
        .as_array()?
        .iter()
        .find(|c| c["type"] == ty)
        .and_then(|c| c["status"].as_str().map(str::to_string))
}

fn template(app: &str, image: &str) -> Value {
    json!({
        "metadata": { "labels": { "app": app } },
        "spec": { "containers": [{ "name": "app", "image": image }] }
    })
}

fn workload(kind: &str, name: &str, spec: Value) -> Value {
    json!({
        "apiVersion": "apps/v1",
        "kind": kind,
        "metadata": { "name": name },
        "spec": spec,
    })
}

fn set_image(image: &str) -> Patch<Value> {
    Patch::Strategic(json!({
        "spec": { "template": { "spec": { "containers": [{ "name": "app", "image": image }] } } }
    }))
}

async fn pods_with_app(ctx: &Ctx, app: &str) -> Result<Vec<Pod>, String> {
    let pods: Api<Pod> = ctx.api();
    let list = pods
        .list(&ListParams::default().labels(&format!("app={app}")))
        .await
        .ctx("listing pods")?;
    Ok(list.items)
}

fn pod_ready_on_kwok(p: &Pod) -> bool {
    let phase = p.status.as_ref().and_then(|s| s.phase.as_deref());
    let node = p.spec.as_ref().and_then(|s| s.node_name.as_deref());
    phase == Some("Running")
        && node.is_some_and(|n| n.starts_with("kwok-node-"))
        && condition(p, "Ready").as_deref() == Some("True")
}

async fn deployment_becomes_available(ctx: Ctx) -> TestResult {
    let api: Api<Deployment> = ctx.api();
    let d: Deployment = object(workload(
        "Deployment",
        "web",
        json!({
            "replicas": 3,
            "selector": { "matchLabels": { "app": "web" } },
            "template": template("web", "registry.invalid/web:1"),
        }),
    ))?;
    let start = Instant::now();
    api.create(&PostParams::default(), &d)
        .await
        .ctx("creating Deployment")?;
    wait_for(&api, "web", "Deployment Available", WAIT, |d| {
        let s = d.status.clone().unwrap_or_default();
        condition(d, "Available").as_deref() == Some("True")
            && s.available_replicas == Some(3)
            && s.updated_replicas == Some(3)
            && s.observed_generation == d.metadata.generation
    })
    .await?;
    println!(
        "    note: Deployment 3/3 Available {:.2}s after create",
        start.elapsed().as_secs_f64()
    );
    let pods = pods_with_app(&ctx, "web").await?;
    ensure(
        pods.len() == 3 && pods.iter().all(pod_ready_on_kwok),
        || {
            format!(
                "expected 3 Running+Ready pods on kwok nodes, got {}",
                pods.len()
            )
        },
    )
}

async fn statefulset_rolls_out(ctx: Ctx) -> TestResult {
    let svc: Service = object(json!({
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": { "name": "db" },
        "spec": { "clusterIP": "None", "selector": { "app": "db" }, "ports": [{ "port": 5432 }] }
    }))?;
    ctx.api::<Service>()
        .create(&PostParams::default(), &svc)
        .await
        .ctx("creating headless Service")?;
    let api: Api<StatefulSet> = ctx.api();
    let sts: StatefulSet = object(workload(
        "StatefulSet",
        "db",
        json!({
            "serviceName": "db",
            "replicas": 3,
            "selector": { "matchLabels": { "app": "db" } },
            "template": template("db", "registry.invalid/db:1"),
        }),
    ))?;
    api.create(&PostParams::default(), &sts)
        .await
        .ctx("creating StatefulSet")?;
    let rolled_out = |s: &StatefulSet| {
        let st = s.status.clone().unwrap_or_default();
        st.observed_generation == s.metadata.generation
            && st.ready_replicas == Some(3)
            && st.available_replicas == Some(3)
            && st.updated_replicas == Some(3)
            && st.update_revision.is_some()
            && st.current_revision == st.update_revision
    };
    let (first, _) = wait_for(&api, "db", "StatefulSet rollout", WAIT, rolled_out).await?;
    // A rolling update replaces the pods one by one (kwok plays the kubelet's deletions).
    api.patch(
        "db",
        &PatchParams::default(),
        &set_image("registry.invalid/db:2"),
    )
    .await
    .ctx("updating StatefulSet image")?;
    let old = first.status.and_then(|s| s.update_revision);
    wait_for(&api, "db", "StatefulSet update rollout", WAIT, |s| {
        rolled_out(s) && s.status.as_ref().and_then(|st| st.update_revision.clone()) != old
    })
    .await?;
    let pods = pods_with_app(&ctx, "db").await?;
    let mut names: Vec<String> = pods
        .iter()
        .filter_map(|p| p.metadata.name.clone())
        .collect();
    names.sort();
    ensure(names == ["db-0", "db-1", "db-2"], || {
        format!("pods {names:?}")
    })?;
    let images_updated = pods.iter().all(|p| {
        p.spec
            .as_ref()
            .is_some_and(|s| s.containers[0].image.as_deref() == Some("registry.invalid/db:2"))
    });
    ensure(images_updated && pods.iter().all(pod_ready_on_kwok), || {
        "not every pod runs the new image and is Ready".into()
    })
}

async fn daemonset_rolls_out(ctx: Ctx) -> TestResult {
    let api: Api<DaemonSet> = ctx.api();
    let ds: DaemonSet = object(workload(
        "DaemonSet",
        "agent",
        json!({
            "selector": { "matchLabels": { "app": "agent" } },
            "template": template("agent", "registry.invalid/agent:1"),
        }),
    ))?;
    api.create(&PostParams::default(), &ds)
        .await
        .ctx("creating DaemonSet")?;
    let n = ctx.nodes as i32;
    let rolled_out = move |d: &DaemonSet| {
        let s = d.status.clone().unwrap_or_default();
        s.observed_generation == d.metadata.generation
            && s.desired_number_scheduled == n
            && s.current_number_scheduled == n
            && s.number_ready == n
            && s.updated_number_scheduled == Some(n)
            && s.number_available == Some(n)
    };
    wait_for(&api, "agent", "DaemonSet rollout", WAIT, rolled_out).await?;
    api.patch(
        "agent",
        &PatchParams::default(),
        &set_image("registry.invalid/agent:2"),
    )
    .await
    .ctx("updating DaemonSet image")?;
    wait_for(&api, "agent", "DaemonSet update rollout", WAIT, rolled_out).await?;
    let pods = pods_with_app(&ctx, "agent").await?;
    let mut nodes: Vec<&str> = pods
        .iter()
        .filter_map(|p| p.spec.as_ref()?.node_name.as_deref())
        .collect();
    nodes.sort();
    nodes.dedup();
    ensure(
        pods.len() == ctx.nodes as usize && nodes.len() == ctx.nodes as usize,
        || {
            format!(
                "expected one pod per node, got {} pods on {nodes:?}",
                pods.len()
            )
        },
    )
}

async fn job_completes(ctx: Ctx) -> TestResult {
    let api: Api<Job> = ctx.api();
    let job: Job = object(json!({
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": { "name": "once" },
        "spec": {
            "completions": 2,
            "parallelism": 2,
            "backoffLimit": 0,
            "template": {
                "spec": {
                    "restartPolicy": "Never",
                    "containers": [{ "name": "app", "image": "registry.invalid/batch:1" }]
                }
            }
        }
    }))?;
    api.create(&PostParams::default(), &job)
        .await
        .ctx("creating Job")?;
    let (done, _) = wait_for(&api, "once", "Job Complete", WAIT, |j| {
        condition(j, "Complete").as_deref() == Some("True")
    })
    .await?;
    let s = done.status.unwrap_or_default();
    ensure(s.succeeded == Some(2) && s.failed.unwrap_or(0) == 0, || {
        format!("succeeded {:?}, failed {:?}", s.succeeded, s.failed)
    })?;
    ensure(s.completion_time.is_some(), || "no completionTime".into())
}

async fn bad_image_pod_stays_not_ready(ctx: Ctx) -> TestResult {
    let api: Api<Pod> = ctx.api();
    let pod = |name: &str, labels: Value| -> Result<Pod, String> {
        object(json!({
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": { "name": name, "labels": labels },
            "spec": { "containers": [{ "name": "app", "image": format!("registry.invalid/{name}:1") }] }
        }))
    };
    // kwok's stage for this label plays a kubelet that cannot pull the image.
    let broken = pod("broken", json!({ "binnacle.e2e/image-pull": "fail" }))?;
    let healthy = pod("healthy", json!({}))?;
    api.create(&PostParams::default(), &broken)
        .await
        .ctx("creating broken pod")?;
    api.create(&PostParams::default(), &healthy)
        .await
        .ctx("creating healthy pod")?;
    let waiting_reason = |p: &Pod| {
        p.status
            .as_ref()
            .and_then(|s| s.container_statuses.as_ref())
            .and_then(|cs| cs.first())
            .and_then(|c| c.state.as_ref()?.waiting.as_ref()?.reason.clone())
    };
    wait_for(&api, "broken", "ImagePullBackOff", WAIT, |p| {
        waiting_reason(p).as_deref() == Some("ImagePullBackOff")
    })
    .await?;
    wait_for(
        &api,
        "healthy",
        "control pod Ready",
        WAIT,
        pod_ready_on_kwok,
    )
    .await?;
    // It must stay that way, not merely pass through it.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let p = api.get("broken").await.ctx("reading broken pod")?;
    let phase = p.status.as_ref().and_then(|s| s.phase.clone());
    ensure(
        phase.as_deref() == Some("Pending")
            && condition(&p, "Ready").as_deref() == Some("False")
            && waiting_reason(&p).as_deref() == Some("ImagePullBackOff"),
        || {
            format!(
                "broken pod changed: phase {phase:?}, Ready {:?}",
                condition(&p, "Ready")
            )
        },
    )
}

async fn server_side_apply_conflict_then_force(ctx: Ctx) -> TestResult {
    let api: Api<ConfigMap> = ctx.api();
    let cm = |data: Value| json!({ "apiVersion": "v1", "kind": "ConfigMap", "metadata": { "name": "shared" }, "data": data });
    let alice = cm(json!({ "key": "from-alice", "other": "kept" }));
    api.patch(
        "shared",
        &PatchParams::apply("alice"),
        &Patch::Apply(&alice),
    )
    .await
    .ctx("alice's apply")?;
    let bob = cm(json!({ "key": "from-bob" }));
    match api
        .patch("shared", &PatchParams::apply("bob"), &Patch::Apply(&bob))
        .await
    {
        Err(kube::Error::Api(status)) => {
            ensure(status.code == 409 && status.reason == "Conflict", || {
                format!(
                    "expected 409 Conflict, got {} {}",
                    status.code, status.reason
                )
            })?;
            let want = r#"Apply failed with 1 conflict: conflict with "alice": .data.key"#;
            ensure(status.message == want, || {
                format!("conflict message {:?}", status.message)
            })?;
        }
        Err(e) => return Err(format!("expected a 409 conflict, got {e}")),
        Ok(_) => return Err("bob's apply of alice's field succeeded without force".into()),
    }
    let taken = api
        .patch(
            "shared",
            &PatchParams::apply("bob").force(),
            &Patch::Apply(&bob),
        )
        .await
        .ctx("bob's forced apply")?;
    let data = taken.data.clone().unwrap_or_default();
    ensure(
        data.get("key").map(String::as_str) == Some("from-bob")
            && data.get("other").map(String::as_str) == Some("kept"),
        || format!("data after force: {data:?}"),
    )?;
    let owned = |manager: &str| -> String {
        taken
            .metadata
            .managed_fields
            .iter()
            .flatten()
            .filter(|m| {
                m.manager.as_deref() == Some(manager) && m.operation.as_deref() == Some("Apply")
            })
            .filter_map(|m| m.fields_v1.as_ref().map(|f| f.0.to_string()))
            .collect()
    };
    let (alice_owns, bob_owns) = (owned("alice"), owned("bob"));
    ensure(
        bob_owns.contains("f:key")
            && !alice_owns.contains("f:key")
            && alice_owns.contains("f:other"),
        || format!("ownership after force: alice {alice_owns}, bob {bob_owns}"),
    )
}

async fn crd_established_and_custom_resource_applied(ctx: Ctx) -> TestResult {
    let crds: Api<CustomResourceDefinition> = Api::all(ctx.client.clone());
    // Cluster-scoped, so the name carries the namespace: runs sharing a cluster never meet.
    let group = format!("{}.e2e.binnacle.dev", ctx.ns);
    let name = format!("widgets.{group}");
    let crd = json!({
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": { "name": name },
        "spec": {
            "group": group,
            "scope": "Namespaced",
            "names": { "plural": "widgets", "singular": "widget", "kind": "Widget", "listKind": "WidgetList" },
            "versions": [{
                "name": "v1",
                "served": true,
                "storage": true,
                "subresources": { "status": {} },
                "schema": { "openAPIV3Schema": {
                    "type": "object",
                    "properties": { "spec": {
                        "type": "object",
                        "required": ["size"],
                        "properties": { "size": { "type": "integer" }, "color": { "type": "string" } }
                    }}
                }}
            }]
        }
    });
    crds.patch(
        &name,
        &PatchParams::apply("binnacle-e2e"),
        &Patch::Apply(&crd),
    )
    .await
    .ctx("applying CRD")?;
    wait_for(&crds, &name, "CRD Established", WAIT, |c| {
        condition(c, "Established").as_deref() == Some("True")
            && condition(c, "NamesAccepted").as_deref() == Some("True")
    })
    .await?;

    // Discovery is how the companion maps a manifest's kind to a resource.
    let gvk = GroupVersionKind::gvk(&group, "v1", "Widget");
    let start = Instant::now();
    let (ar, _caps) = loop {
        match kube::discovery::pinned_kind(&ctx.client, &gvk).await {
            Ok(found) => break found,
            Err(e) if start.elapsed() > Duration::from_secs(20) => {
                return Err(format!("discovery of {gvk:?}: {e}"))
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    };
    let widgets: Api<DynamicObject> = Api::namespaced_with(ctx.client.clone(), &ctx.ns, &ar);
    let widget = |name: &str, spec: Value| {
        json!({
            "apiVersion": format!("{group}/v1"),
            "kind": "Widget",
            "metadata": { "name": name },
            "spec": spec,
        })
    };
    let pp = PatchParams::apply("binnacle-e2e");
    widgets
        .patch(
            "w1",
            &pp,
            &Patch::Apply(&widget("w1", json!({ "size": 3, "color": "blue" }))),
        )
        .await
        .ctx("applying Widget")?;
    let got = widgets.get("w1").await.ctx("reading Widget")?;
    ensure(
        got.data["spec"]["size"] == 3 && got.data["spec"]["color"] == "blue",
        || format!("stored widget: {}", got.data),
    )?;
    // The CRD's schema is enforced on apply: the required size is missing.
    let want = format!("Widget.{group} \"w2\" is invalid: spec.size: Required value");
    match widgets
        .patch(
            "w2",
            &pp,
            &Patch::Apply(&widget("w2", json!({ "color": "red" }))),
        )
        .await
    {
        Err(kube::Error::Api(s)) => ensure(s.code == 422 && s.message == want, || {
            format!("expected 422 {want:?}, got {} {:?}", s.code, s.message)
        })?,
        other => return Err(format!("schema not enforced: {other:?}")),
    }
    let _ = crds.delete(&name, &DeleteParams::default()).await;
    Ok(())
}

async fn watch_delivers_events(ctx: Ctx) -> TestResult {
    let api: Api<ConfigMap> = ctx.api();
    let rv = api
        .list(&ListParams::default())
        .await
        .ctx("listing ConfigMaps")?
        .metadata
        .resource_version
        .unwrap_or_else(|| "0".into());
    let mut stream = api
        .watch(&WatchParams::default().timeout(60), &rv)
        .await
        .ctx("starting watch")?
        .boxed();
    let cm: ConfigMap = object(json!({
        "apiVersion": "v1", "kind": "ConfigMap", "metadata": { "name": "watched" }, "data": { "n": "1" }
    }))?;
    api.create(&PostParams::default(), &cm)
        .await
        .ctx("create")?;
    api.patch(
        "watched",
        &PatchParams::default(),
        &Patch::Merge(json!({ "data": { "n": "2" } })),
    )
    .await
    .ctx("patch")?;
    api.delete("watched", &DeleteParams::default())
        .await
        .ctx("delete")?;

    let mut seen = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while seen.last().map(|(k, _): &(&str, String)| *k) != Some("Deleted") {
        let left = deadline.saturating_duration_since(Instant::now());
        let next = tokio::time::timeout(left, stream.try_next())
            .await
            .map_err(|_| format!("watch: only saw {seen:?} in 30s"))?
            .ctx("watch stream")?;
        let (kind, obj) = match next {
            Some(WatchEvent::Added(o)) => ("Added", o),
            Some(WatchEvent::Modified(o)) => ("Modified", o),
            Some(WatchEvent::Deleted(o)) => ("Deleted", o),
            Some(WatchEvent::Bookmark(_)) => continue,
            Some(WatchEvent::Error(e)) => return Err(format!("watch error event: {e:?}")),
            None => return Err(format!("watch ended early after {seen:?}")),
        };
        if obj.metadata.name.as_deref() == Some("watched") {
            let n = obj
                .data
                .and_then(|d| d.get("n").cloned())
                .unwrap_or_default();
            seen.push((kind, n));
        }
    }
    let want = [("Added", "1"), ("Modified", "2"), ("Deleted", "2")];
    let got: Vec<(&str, &str)> = seen.iter().map(|(k, n)| (*k, n.as_str())).collect();
    ensure(got == want, || format!("events {got:?}, want {want:?}"))
}

/// A client that authenticates with `token` against the cluster in `kubeconfig`.
async fn token_client(kubeconfig: &std::path::Path, token: &str) -> Result<Client, String> {
    let admin = Kubeconfig::read_from(kubeconfig).ctx("kubeconfig")?;
    let cluster = admin
        .clusters
        .first()
        .and_then(|c| c.cluster.clone())
        .ok_or("kubeconfig has no cluster")?;
    let server = cluster.server.ok_or("kubeconfig has no server")?;
    let ca = cluster
        .certificate_authority_data
        .ok_or("kubeconfig has no CA data")?;
    let yaml = format!(
        "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: {server}\n    certificate-authority-data: {ca}\nusers:\n- name: u\n  user:\n    token: {token}\ncontexts:\n- name: x\n  context:\n    cluster: c\n    user: u\ncurrent-context: x\n"
    );
    let kc = Kubeconfig::from_yaml(&yaml).ctx("token kubeconfig")?;
    let config = Config::from_custom_kubeconfig(kc, &KubeConfigOptions::default())
        .await
        .ctx("token config")?;
    Client::try_from(config).ctx("token client")
}

async fn service_account_token_and_rbac(ctx: Ctx) -> TestResult {
    let sas: Api<ServiceAccount> = ctx.api();
    let sa: ServiceAccount = object(json!({
        "apiVersion": "v1", "kind": "ServiceAccount", "metadata": { "name": "robot" }
    }))?;
    sas.create(&PostParams::default(), &sa)
        .await
        .ctx("creating ServiceAccount")?;
    let request = json!({
        "apiVersion": "authentication.k8s.io/v1",
        "kind": "TokenRequest",
        "spec": { "expirationSeconds": 600 }
    });
    let tr: TokenRequest = sas
        .create_subresource("token", "robot", &PostParams::default(), &request)
        .await
        .ctx("requesting a token")?;
    let token = tr
        .status
        .and_then(|s| s.token)
        .ok_or("TokenRequest without a token")?;
    let robot = token_client(&ctx.kubeconfig, &token).await?;

    let review: SelfSubjectReview = object(json!({
        "apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview"
    }))?;
    let me = Api::<SelfSubjectReview>::all(robot.clone())
        .create(&PostParams::default(), &review)
        .await
        .ctx("SelfSubjectReview with the token")?;
    let user = me.status.and_then(|s| s.user_info).unwrap_or_default();
    let want_user = format!("system:serviceaccount:{}:robot", ctx.ns);
    ensure(user.username.as_deref() == Some(want_user.as_str()), || {
        format!("token authenticates as {:?}", user.username)
    })?;

    // RBAC is on: nothing grants the robot secrets yet.
    let secrets: Api<Secret> = Api::namespaced(robot, &ctx.ns);
    match secrets.list(&ListParams::default()).await {
        Err(kube::Error::Api(s)) => {
            let want = format!(
                "secrets is forbidden: User \"{want_user}\" cannot list resource \"secrets\" in API group \"\" in the namespace \"{}\"",
                ctx.ns
            );
            ensure(s.code == 403 && s.message == want, || {
                format!("expected 403 {want:?}, got {} {:?}", s.code, s.message)
            })?;
        }
        other => return Err(format!("listing secrets without a grant: {other:?}")),
    }
    let role: Role = object(json!({
        "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
        "metadata": { "name": "secret-reader" },
        "rules": [{ "apiGroups": [""], "resources": ["secrets"], "verbs": ["list"] }]
    }))?;
    let binding: RoleBinding = object(json!({
        "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
        "metadata": { "name": "robot-reads-secrets" },
        "roleRef": { "apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "secret-reader" },
        "subjects": [{ "kind": "ServiceAccount", "name": "robot", "namespace": ctx.ns }]
    }))?;
    ctx.api::<Role>()
        .create(&PostParams::default(), &role)
        .await
        .ctx("creating Role")?;
    ctx.api::<RoleBinding>()
        .create(&PostParams::default(), &binding)
        .await
        .ctx("creating RoleBinding")?;
    // The authorizer's informers see the binding shortly after it is stored.
    let start = Instant::now();
    loop {
        match secrets.list(&ListParams::default()).await {
            Ok(_) => return Ok(()),
            Err(e) if start.elapsed() > Duration::from_secs(20) => {
                return Err(format!("still refused after the RoleBinding: {e}"))
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
}
