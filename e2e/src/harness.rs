//! The test runner: starts one cluster, runs each selected test in its own namespace with a
//! time limit, tears the cluster down whatever happened (failure, panic, Ctrl-C) and reports
//! in libtest's format, so `cargo test` readers see the usual closing line.

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::{Client, Config};

use crate::cluster::{cluster_root, workspace_root, Cluster};
use crate::{create_namespace, delete_namespace, Ctx, TestResult};

/// A boxed test body.
pub type TestFuture = Pin<Box<dyn Future<Output = TestResult> + Send>>;

/// One named test.
pub struct Test {
    /// The name filters match and the report shows.
    pub name: &'static str,
    /// The body, given its own context.
    pub run: fn(Ctx) -> TestFuture,
}

/// Lists tests for [`main`]: `tests![a, b]` names each async fn `a(ctx: Ctx) -> TestResult`.
#[macro_export]
macro_rules! tests {
    ($($name:ident),* $(,)?) => {
        &[$($crate::harness::Test { name: stringify!($name), run: |ctx| Box::pin($name(ctx)) }),*]
    };
}

/// Nodes the test cluster gets; tests that count nodes read `Ctx::nodes`.
const NODES: u32 = 3;
/// Per-test limit: generous for 2 shared cores, small enough that a hang is caught.
const TEST_TIMEOUT: Duration = Duration::from_secs(120);

/// Stops the cluster when dropped, so even a panic in the runner itself tears it down.
struct Teardown(Option<Cluster>);

impl Drop for Teardown {
    fn drop(&mut self) {
        if let Some(cluster) = self.0.take() {
            let started = Instant::now();
            match cluster.down() {
                Ok(()) => eprintln!("cluster down in {:.1}s", started.elapsed().as_secs_f64()),
                Err(e) => eprintln!("cluster teardown failed: {e}"),
            }
        }
    }
}

struct Args {
    filters: Vec<String>,
    exact: bool,
    list: bool,
}

fn parse_args() -> Args {
    let mut args = Args {
        filters: Vec::new(),
        exact: false,
        list: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--exact" => args.exact = true,
            "--list" => args.list = true,
            // libtest options that take a value; their values are not filters.
            "--test-threads" | "--format" | "--color" | "--logfile" | "--skip" | "-Z" => {
                let _ = it.next();
            }
            _ if a.starts_with('-') => {}
            _ => args.filters.push(a),
        }
    }
    args
}

fn summary(ok: bool, passed: usize, failed: usize, filtered: usize, secs: f64) -> String {
    format!(
        "test result: {}. {passed} passed; {failed} failed; 0 ignored; 0 measured; {filtered} filtered out; finished in {secs:.2}s",
        if ok { "ok" } else { "FAILED" }
    )
}

/// Runs `tests` against a fresh cluster (or, when `BINNACLE_E2E_KUBECONFIG` names one, against
/// that running cluster, which is then left alone). Returns the process exit code.
pub fn main(tests: &[Test]) -> ExitCode {
    let args = parse_args();
    let selected: Vec<&Test> = tests
        .iter()
        .filter(|t| {
            args.filters.is_empty()
                || args.filters.iter().any(|f| {
                    if args.exact {
                        t.name == f
                    } else {
                        t.name.contains(f.as_str())
                    }
                })
        })
        .collect();
    if args.list {
        for t in &selected {
            println!("{}: test", t.name);
        }
        return ExitCode::SUCCESS;
    }
    let filtered = tests.len() - selected.len();
    let run_started = Instant::now();
    println!("\nrunning {} tests", selected.len());
    if selected.is_empty() {
        println!("\n{}\n", summary(true, 0, 0, filtered, 0.0));
        return ExitCode::SUCCESS;
    }

    let ws = workspace_root();
    let mut teardown = Teardown(None);
    let (kubeconfig, nodes) = match std::env::var_os("BINNACLE_E2E_KUBECONFIG") {
        Some(path) => (PathBuf::from(path), NODES),
        None => {
            let cluster = Cluster::new(&ws, cluster_root(&ws).join("e2e"));
            let started = Instant::now();
            // A fresh cluster per run: whatever a crashed run left is stopped first.
            let up = cluster.down().and_then(|()| cluster.up(NODES));
            if let Err(e) = up {
                eprintln!("\nthe local cluster did not start:\n{e}");
                for t in &selected {
                    println!("test {} ... FAILED (no cluster)", t.name);
                }
                let secs = run_started.elapsed().as_secs_f64();
                println!("\n{}\n", summary(false, 0, selected.len(), filtered, secs));
                return ExitCode::FAILURE;
            }
            eprintln!(
                "cluster up ({NODES} nodes) in {:.1}s; kubeconfig {}",
                started.elapsed().as_secs_f64(),
                cluster.kubeconfig().display()
            );
            let kubeconfig = cluster.kubeconfig();
            teardown.0 = Some(cluster);
            (kubeconfig, NODES)
        }
    };

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("tokio runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = runtime.block_on(async {
        tokio::select! {
            r = run_all(&selected, kubeconfig, nodes) => Some(r),
            _ = tokio::signal::ctrl_c() => None,
        }
    });
    // Tests still running (after Ctrl-C) must not outlive the cluster they use.
    runtime.shutdown_timeout(Duration::from_secs(5));

    let Some((passed, failures)) = outcome else {
        eprintln!("interrupted: tearing the cluster down");
        drop(teardown);
        return ExitCode::from(130);
    };
    let failed = failures.len();
    if failed > 0 {
        println!("\nfailures:\n");
        for (name, why) in &failures {
            println!("---- {name} ----\n{why}\n");
        }
        if let Some(cluster) = &teardown.0 {
            println!("component logs (tails):\n{}", cluster.logs_tail(15));
        }
        println!("failures:");
        for (name, _) in &failures {
            println!("    {name}");
        }
    }
    drop(teardown);
    let secs = run_started.elapsed().as_secs_f64();
    println!(
        "\n{}\n",
        summary(failed == 0, passed, failed, filtered, secs)
    );
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

async fn client(kubeconfig: &PathBuf) -> Result<Client, String> {
    let kc = Kubeconfig::read_from(kubeconfig).map_err(|e| format!("kubeconfig: {e}"))?;
    let config = Config::from_custom_kubeconfig(kc, &KubeConfigOptions::default())
        .await
        .map_err(|e| format!("kubeconfig: {e}"))?;
    Client::try_from(config).map_err(|e| format!("client: {e}"))
}

async fn run_all(
    tests: &[&Test],
    kubeconfig: PathBuf,
    nodes: u32,
) -> (usize, Vec<(&'static str, String)>) {
    let mut failures = Vec::new();
    let mut passed = 0;
    let client = match client(&kubeconfig).await {
        Ok(c) => c,
        Err(e) => {
            return (0, tests.iter().map(|t| (t.name, e.clone())).collect());
        }
    };
    // Namespaces carry the pid so a run against a reused cluster never meets an old one.
    let run_id = std::process::id();
    for t in tests {
        let started = Instant::now();
        let ns = format!("e2e-{}-{run_id}", t.name.replace('_', "-"));
        let result = run_one(t, &client, &ns, &kubeconfig, nodes).await;
        let secs = started.elapsed().as_secs_f64();
        match result {
            Ok(()) => {
                passed += 1;
                println!("test {} ... ok ({secs:.2}s)", t.name);
            }
            Err(why) => {
                println!("test {} ... FAILED ({secs:.2}s)", t.name);
                failures.push((t.name, why));
            }
        }
        delete_namespace(&client, &ns).await;
    }
    (passed, failures)
}

async fn run_one(
    t: &Test,
    client: &Client,
    ns: &str,
    kubeconfig: &std::path::Path,
    nodes: u32,
) -> TestResult {
    create_namespace(client, ns).await?;
    let ctx = Ctx {
        client: client.clone(),
        ns: ns.to_string(),
        nodes,
        kubeconfig: kubeconfig.to_path_buf(),
    };
    // Its own task, so a panic is caught and reported like a failure.
    let mut task = tokio::spawn((t.run)(ctx));
    let outcome = tokio::time::timeout(TEST_TIMEOUT, &mut task).await;
    if outcome.is_err() {
        task.abort();
    }
    match outcome {
        Ok(Ok(result)) => result,
        Ok(Err(join)) if join.is_panic() => {
            let payload = join.into_panic();
            let msg = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "panic".into());
            Err(format!("panicked: {msg}"))
        }
        Ok(Err(join)) => Err(format!("task failed: {join}")),
        Err(_) => Err(format!("timed out after {}s", TEST_TIMEOUT.as_secs())),
    }
}
