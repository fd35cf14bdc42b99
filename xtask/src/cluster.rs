//! `cargo xtask cluster`: a real Kubernetes control plane on this machine, built from Go modules.
//!
//! `build` compiles etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl,
//! kwok and a small helper (`cluster-aux`: PKI and kwok stages) from the pinned Go module in
//! `e2e/cluster/`. Binaries are cached per pin set in `$HOME/.cache/binnacle/cluster/<hash>/bin`
//! (outside the clone, so CI's fresh clones reuse them) and linked to `target/cluster/bin`.
//!
//! `up` starts the components on free loopback ports with certificates made at start, and
//! records pids and ports in `state/cluster.state`; `down` stops exactly those pids. A cluster
//! directory holds `kubeconfig`, `logs/` and `state/`. This file uses std only because the e2e
//! harness compiles it too (`#[path]`), so tests start clusters exactly as `cargo xtask` does.

use std::collections::BTreeMap;
use std::fs;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::symlink;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// Kubernetes release the binaries are built from (see `e2e/cluster/go.mod`).
pub const KUBE_VERSION: &str = "v1.36.3";

/// Components in start order; `down` stops them in reverse.
const COMPONENTS: [&str; 5] = [
    "etcd",
    "kube-apiserver",
    "kube-controller-manager",
    "kube-scheduler",
    "kwok",
];

/// Everything `build` produces.
const BINARIES: [&str; 7] = [
    "etcd",
    "kube-apiserver",
    "kube-controller-manager",
    "kube-scheduler",
    "kubectl",
    "kwok",
    "cluster-aux",
];

/// Go packages built, in the order of `BINARIES` (etcd's main package is named `server`).
const PACKAGES: [&str; 7] = [
    "go.etcd.io/etcd/server/v3",
    "k8s.io/kubernetes/cmd/kube-apiserver",
    "k8s.io/kubernetes/cmd/kube-controller-manager",
    "k8s.io/kubernetes/cmd/kube-scheduler",
    "k8s.io/kubernetes/cmd/kubectl",
    "sigs.k8s.io/kwok/cmd/kwok",
    "./cmd/cluster-aux",
];

/// Bumped whenever the build recipe changes in a way the pinned files do not show.
const RECIPE: &str = "binnacle-cluster-recipe-1";

/// Where pods and Services get their addresses; apart so kwok's pod IPs never look like Services.
const SERVICE_CIDR: &str = "10.96.0.0/16";
const POD_CIDR: &str = "10.244.0.0/16";

/// Annotation that tells kwok a Node is one of its fakes.
const KWOK_NODE_ANNOTATION: &str = "kwok.x-k8s.io/node";

fn ldflags() -> String {
    let (major, minor) = ("1", "36");
    let mut flags = String::from("-s -w");
    for pkg in [
        "k8s.io/component-base/version",
        "k8s.io/client-go/pkg/version",
    ] {
        flags.push_str(&format!(
            " -X {pkg}.gitVersion={KUBE_VERSION} -X {pkg}.gitMajor={major} -X {pkg}.gitMinor={minor} -X {pkg}.gitTreeState=clean"
        ));
    }
    flags
}

/// Handles `cargo xtask cluster up [--nodes N] | down | build | status`.
pub fn run(args: &[String]) -> Result<(), String> {
    let ws = workspace_root();
    let cluster = Cluster::new(&ws, cluster_root(&ws));
    match args.first().map(String::as_str) {
        Some("build") => {
            let bin = ensure_built(&ws)?;
            println!("{}", bin.display());
            Ok(())
        }
        Some("up") => {
            let nodes = parse_nodes(&args[1..])?;
            let started = Instant::now();
            let fresh = cluster.up(nodes)?;
            if fresh {
                eprintln!(
                    "cluster up with {nodes} node(s) in {:.1}s",
                    started.elapsed().as_secs_f64()
                );
            } else {
                eprintln!("cluster already up");
            }
            println!("{}", cluster.kubeconfig().display());
            Ok(())
        }
        Some("down") => {
            cluster.down()?;
            eprintln!("cluster down");
            Ok(())
        }
        Some("status") => {
            print!("{}", cluster.status());
            Ok(())
        }
        Some("test") => test(&ws, &args[1..]),
        _ => Err(
            "usage: cargo xtask cluster up [--nodes N] | down | build | status | test [FILTER...]"
                .into(),
        ),
    }
}

/// Runs the e2e suite (`cargo test -p binnacle-e2e`); it starts and stops its own cluster in
/// `target/cluster/e2e`, so a developer's cluster from `up` is left alone.
pub fn test(ws: &Path, filters: &[String]) -> Result<(), String> {
    ensure_built(ws)?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(ws)
        .args(["test", "-p", "binnacle-e2e", "--test", "cluster", "--"])
        .args(filters)
        .status()
        .map_err(|e| format!("running cargo test: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("e2e tests failed ({status})"))
    }
}

fn parse_nodes(args: &[String]) -> Result<u32, String> {
    let mut nodes = 3;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let value = match a.strip_prefix("--nodes=") {
            Some(v) => v.to_string(),
            None if a == "--nodes" => it.next().cloned().ok_or("--nodes needs a number")?,
            None => return Err(format!("unknown argument {a:?}")),
        };
        nodes = value
            .parse()
            .ok()
            .filter(|n| (1..=100).contains(n))
            .ok_or_else(|| format!("--nodes wants 1..=100, got {value:?}"))?;
    }
    Ok(nodes)
}

/// The workspace root: this file lives in a direct child of it (xtask/ or, via `#[path]`, e2e/).
/// Named as `cargo run` names the manifest directory now (see xtask's `root`).
pub fn workspace_root() -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest.parent().unwrap_or(&manifest).to_path_buf()
}

/// `target/cluster` of the workspace: the `bin` link and the default cluster directory.
pub fn cluster_root(ws: &Path) -> PathBuf {
    ws.join("target").join("cluster")
}

/// FNV-1a: a stable hash (std's `DefaultHasher` may change between Rust releases).
fn fnv1a(hash: &mut u64, bytes: &[u8]) {
    for b in bytes {
        *hash ^= u64::from(*b);
        *hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            collect_files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// Hash of everything that decides the binaries: pins, helper source, flags, platform.
fn pin_hash(module: &Path) -> Result<String, String> {
    let mut files = vec![module.join("go.mod"), module.join("go.sum")];
    let mut helper = Vec::new();
    collect_files(&module.join("cmd"), &mut helper)?;
    helper.sort();
    files.extend(helper);
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for key in [
        RECIPE,
        &ldflags(),
        std::env::consts::OS,
        std::env::consts::ARCH,
    ] {
        fnv1a(&mut hash, key.as_bytes());
        fnv1a(&mut hash, &[0]);
    }
    for f in files {
        let rel = f.strip_prefix(module).unwrap_or(&f);
        fnv1a(&mut hash, rel.to_string_lossy().as_bytes());
        let data = fs::read(&f).map_err(|e| format!("{}: {e}", f.display()))?;
        fnv1a(&mut hash, &data);
        fnv1a(&mut hash, &[0]);
    }
    Ok(format!("{hash:016x}"))
}

fn cache_base() -> PathBuf {
    if let Some(dir) = std::env::var_os("BINNACLE_CLUSTER_CACHE") {
        return PathBuf::from(dir);
    }
    let home = std::env::var_os("HOME").map_or_else(|| PathBuf::from("/tmp"), PathBuf::from);
    home.join(".cache").join("binnacle").join("cluster")
}

/// Builds the binaries unless this pin set is cached, then links `target/cluster/bin` to them.
pub fn ensure_built(ws: &Path) -> Result<PathBuf, String> {
    let module = ws.join("e2e").join("cluster");
    let hash = pin_hash(&module)?;
    let cached = cache_base().join(&hash);
    let bin = cached.join("bin");
    let complete = BINARIES.iter().all(|b| bin.join(b).is_file());
    if !complete {
        build_into(&module, &cached)?;
    }
    let link = cluster_root(ws).join("bin");
    fs::create_dir_all(cluster_root(ws)).map_err(|e| e.to_string())?;
    if fs::read_link(&link).ok().as_deref() != Some(bin.as_path()) {
        match fs::symlink_metadata(&link) {
            Ok(m) if m.is_dir() => fs::remove_dir_all(&link).map_err(|e| e.to_string())?,
            Ok(_) => fs::remove_file(&link).map_err(|e| e.to_string())?,
            Err(_) => {}
        }
        symlink(&bin, &link).map_err(|e| format!("linking {}: {e}", link.display()))?;
    }
    // Each pin set costs ~450 MB: mark this one used and drop those unused for two weeks.
    let _ = fs::write(cached.join("last-used"), b"");
    prune_cache(&cached, Duration::from_secs(14 * 24 * 3600));
    Ok(link)
}

/// Removes sibling pin-set directories of `keep` whose `last-used` mark is older than `age`.
fn prune_cache(keep: &Path, age: Duration) {
    let Some(base) = keep.parent() else { return };
    let Ok(entries) = fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        let dir = entry.path();
        if dir == keep || !dir.is_dir() {
            continue;
        }
        let mark = dir.join("last-used");
        let used = fs::metadata(&mark).or_else(|_| fs::metadata(&dir));
        let stale = used
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|e| e > age);
        if stale {
            let _ = fs::remove_dir_all(&dir);
        }
    }
}

fn build_into(module: &Path, cached: &Path) -> Result<(), String> {
    let partial = cached.join("bin.partial");
    let _ = fs::remove_dir_all(&partial);
    fs::create_dir_all(&partial).map_err(|e| format!("{}: {e}", partial.display()))?;
    eprintln!(
        "building the local cluster's binaries (Kubernetes {KUBE_VERSION}) into {}",
        cached.display()
    );
    let started = Instant::now();
    let mut out_dir = partial.clone().into_os_string();
    out_dir.push("/");
    let status = Command::new("go")
        .current_dir(module)
        .args(["build", "-trimpath", "-buildvcs=false", "-ldflags"])
        .arg(ldflags())
        .arg("-o")
        .arg(&out_dir)
        .args(PACKAGES)
        .env("GOFLAGS", "-mod=readonly")
        .status()
        .map_err(|e| format!("running go (is Go installed and on PATH?): {e}"))?;
    if !status.success() {
        return Err(format!("go build failed ({status})"));
    }
    fs::rename(partial.join("server"), partial.join("etcd")).map_err(|e| e.to_string())?;
    let bin = cached.join("bin");
    let _ = fs::remove_dir_all(&bin);
    fs::rename(&partial, &bin).map_err(|e| e.to_string())?;
    eprintln!("built in {:.0}s", started.elapsed().as_secs_f64());
    Ok(())
}

/// One cluster directory (`kubeconfig`, `logs/`, `state/`) run with the shared binaries.
pub struct Cluster {
    /// The binaries (`target/cluster/bin`).
    pub bin: PathBuf,
    /// This cluster's directory.
    pub dir: PathBuf,
    ws: PathBuf,
    /// Processes this value started. They stay our unreaped children, so their pids cannot
    /// be reused; and while one is still exec'ing its binary, its command line is its
    /// parent's or empty, which the command-line check would take for a dead process (two
    /// CI runs in a row lost etcd that way at their first start; one left it running).
    spawned: std::sync::Mutex<Vec<u32>>,
}

/// Pids and ports of a started cluster, as recorded in `state/cluster.state`.
#[derive(Default)]
struct State {
    entries: BTreeMap<String, String>,
}

impl State {
    fn parse(text: &str) -> State {
        let entries = text
            .lines()
            .filter_map(|l| l.split_once(' '))
            .map(|(k, v)| (k.to_string(), v.trim().to_string()))
            .collect();
        State { entries }
    }

    fn render(&self) -> String {
        self.entries
            .iter()
            .map(|(k, v)| format!("{k} {v}\n"))
            .collect()
    }

    fn pid(&self, component: &str) -> Option<u32> {
        self.entries.get(&format!("pid.{component}"))?.parse().ok()
    }

    fn port(&self, name: &str) -> Option<u16> {
        self.entries.get(&format!("port.{name}"))?.parse().ok()
    }
}

impl Cluster {
    /// A cluster kept in `dir`, using the binaries under the workspace `ws`.
    pub fn new(ws: &Path, dir: PathBuf) -> Cluster {
        Cluster {
            bin: cluster_root(ws).join("bin"),
            dir,
            ws: ws.to_path_buf(),
            spawned: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// The admin kubeconfig written by `up`.
    pub fn kubeconfig(&self) -> PathBuf {
        self.dir.join("kubeconfig")
    }

    fn state_dir(&self) -> PathBuf {
        self.dir.join("state")
    }

    fn logs_dir(&self) -> PathBuf {
        self.dir.join("logs")
    }

    fn pki(&self, file: &str) -> String {
        self.state_dir()
            .join("pki")
            .join(file)
            .to_string_lossy()
            .into_owned()
    }

    fn state_file(&self) -> PathBuf {
        self.state_dir().join("cluster.state")
    }

    fn read_state(&self) -> State {
        fs::read_to_string(self.state_file())
            .map_or_else(|_| State::default(), |t| State::parse(&t))
    }

    fn write_state(&self, state: &State) -> Result<(), String> {
        fs::write(self.state_file(), state.render()).map_err(|e| e.to_string())
    }

    /// Starts the cluster, or does nothing when this directory's cluster is already healthy.
    /// Returns whether it started one. Anything a crashed run left behind is stopped first.
    pub fn up(&self, nodes: u32) -> Result<bool, String> {
        ensure_built(&self.ws)?;
        let same_size = self.read_state().entries.get("nodes") == Some(&nodes.to_string());
        if same_size && self.is_healthy() {
            return Ok(false);
        }
        self.down()?;
        let mut attempt = 1;
        loop {
            let Err(e) = self.start(nodes) else {
                return Ok(true);
            };
            let tail = self.logs_tail(25);
            self.down()?;
            // A component that died or never became ready may have lost a port race or been
            // starved on a loaded machine; a start that cannot even spawn will not improve.
            // A CI rehearsal on a shared machine needed its third start (etcd exited once and
            // never answered once), so a few more are allowed before giving up.
            let transient = e.contains("exited while waiting") || e.starts_with("timed out");
            if attempt == 5 || !transient {
                return Err(format!("{e}\n{tail}"));
            }
            eprintln!("start attempt {attempt} failed ({e}); retrying\n{tail}");
            attempt += 1;
        }
    }

    fn is_healthy(&self) -> bool {
        let state = self.read_state();
        COMPONENTS
            .iter()
            .all(|c| state.pid(c).is_some_and(|p| self.owns(p)))
            && self
                .kubectl(&["get", "--raw", "/readyz"])
                .is_ok_and(|o| o.trim() == "ok")
            && self.kubeconfig().is_file()
    }

    fn start(&self, nodes: u32) -> Result<(), String> {
        let state_dir = self.state_dir();
        fs::create_dir_all(&state_dir).map_err(|e| e.to_string())?;
        let _ = fs::remove_dir_all(self.logs_dir());
        fs::create_dir_all(self.logs_dir()).map_err(|e| e.to_string())?;

        let mut state = State::default();
        let names = [
            "etcd-client",
            "etcd-peer",
            "apiserver",
            "controller-manager",
            "scheduler",
        ];
        for (name, port) in names.iter().zip(free_ports(names.len())?) {
            state
                .entries
                .insert(format!("port.{name}"), port.to_string());
        }
        state.entries.insert("nodes".into(), nodes.to_string());
        self.write_state(&state)?;
        let ports: BTreeMap<&str, u16> = names
            .iter()
            .map(|n| (*n, state.port(n).unwrap_or_default()))
            .collect();
        let port = |n: &str| ports.get(n).copied().unwrap_or_default();
        let api = format!("https://127.0.0.1:{}", port("apiserver"));

        self.aux(&["certs", &self.pki(""), &api])?;
        let kwok_config = state_dir.join("kwok.yaml").to_string_lossy().into_owned();
        self.aux(&["kwok-config", &kwok_config])?;

        let etcd_client = format!("http://127.0.0.1:{}", port("etcd-client"));
        let etcd_peer = format!("http://127.0.0.1:{}", port("etcd-peer"));
        let etcd_data = state_dir.join("etcd").to_string_lossy().into_owned();
        self.spawn(
            &mut state,
            "etcd",
            &[
                "--name=binnacle".into(),
                format!("--data-dir={etcd_data}"),
                format!("--listen-client-urls={etcd_client}"),
                format!("--advertise-client-urls={etcd_client}"),
                format!("--listen-peer-urls={etcd_peer}"),
                format!("--initial-advertise-peer-urls={etcd_peer}"),
                format!("--initial-cluster=binnacle={etcd_peer}"),
                // Test data: durability is not worth the fsync latency on a shared disk.
                "--unsafe-no-fsync=true".into(),
                "--log-level=info".into(),
            ],
        )?;
        self.wait("etcd", Duration::from_secs(120), || {
            http_get(port("etcd-client"), "/health")
                .is_some_and(|b| b.contains("\"health\":\"true\""))
        })?;

        let sa_issuer = "https://kubernetes.default.svc.cluster.local";
        self.spawn(
            &mut state,
            "kube-apiserver",
            &[
                format!("--etcd-servers={etcd_client}"),
                "--bind-address=127.0.0.1".into(),
                "--advertise-address=127.0.0.1".into(),
                format!("--secure-port={}", port("apiserver")),
                format!("--cert-dir={}", self.pki("apiserver-generated")),
                format!("--tls-cert-file={}", self.pki("apiserver.crt")),
                format!("--tls-private-key-file={}", self.pki("apiserver.key")),
                format!("--client-ca-file={}", self.pki("ca.crt")),
                format!("--service-account-issuer={sa_issuer}"),
                format!("--service-account-key-file={}", self.pki("sa.pub")),
                format!("--service-account-signing-key-file={}", self.pki("sa.key")),
                format!("--service-cluster-ip-range={SERVICE_CIDR}"),
                // Front-proxy (aggregation) settings, published to the other components
                // through the extension-apiserver-authentication ConfigMap.
                format!("--requestheader-client-ca-file={}", self.pki("ca.crt")),
                "--requestheader-allowed-names=front-proxy-client".into(),
                "--requestheader-username-headers=X-Remote-User".into(),
                "--requestheader-group-headers=X-Remote-Group".into(),
                "--requestheader-extra-headers-prefix=X-Remote-Extra-".into(),
                format!(
                    "--proxy-client-cert-file={}",
                    self.pki("front-proxy-client.crt")
                ),
                format!(
                    "--proxy-client-key-file={}",
                    self.pki("front-proxy-client.key")
                ),
                "--authorization-mode=Node,RBAC".into(),
                "--allow-privileged=true".into(),
                // Loopback is not a valid Endpoints address; nothing runs in-cluster anyway.
                "--endpoint-reconciler-type=none".into(),
                "--profiling=false".into(),
            ],
        )?;
        self.wait("kube-apiserver /readyz", Duration::from_secs(120), || {
            self.kubectl(&["get", "--raw", "/readyz"])
                .is_ok_and(|o| o.trim() == "ok")
        })?;

        let kcm = self.pki("kube-controller-manager.kubeconfig");
        self.spawn(
            &mut state,
            "kube-controller-manager",
            &[
                format!("--kubeconfig={kcm}"),
                format!("--authentication-kubeconfig={kcm}"),
                format!("--authorization-kubeconfig={kcm}"),
                "--bind-address=127.0.0.1".into(),
                format!("--secure-port={}", port("controller-manager")),
                format!("--cert-dir={}", self.pki("kcm-generated")),
                format!("--service-account-private-key-file={}", self.pki("sa.key")),
                format!("--root-ca-file={}", self.pki("ca.crt")),
                "--use-service-account-credentials=true".into(),
                format!("--cluster-signing-cert-file={}", self.pki("ca.crt")),
                format!("--cluster-signing-key-file={}", self.pki("ca.key")),
                format!("--service-cluster-ip-range={SERVICE_CIDR}"),
                "--leader-elect=false".into(),
            ],
        )?;
        let sched = self.pki("kube-scheduler.kubeconfig");
        self.spawn(
            &mut state,
            "kube-scheduler",
            &[
                format!("--kubeconfig={sched}"),
                format!("--authentication-kubeconfig={sched}"),
                format!("--authorization-kubeconfig={sched}"),
                "--bind-address=127.0.0.1".into(),
                format!("--secure-port={}", port("scheduler")),
                format!("--cert-dir={}", self.pki("scheduler-generated")),
                "--leader-elect=false".into(),
            ],
        )?;
        self.spawn(
            &mut state,
            "kwok",
            &[
                format!("--kubeconfig={}", self.pki("kwok.kubeconfig")),
                format!("--config={kwok_config}"),
                "--manage-all-nodes=false".into(),
                format!("--manage-nodes-with-annotation-selector={KWOK_NODE_ANNOTATION}=fake"),
                format!("--cidr={POD_CIDR}"),
                "--node-ip=10.240.0.1".into(),
                "--node-lease-duration-seconds=40".into(),
            ],
        )?;

        let manifest = state_dir.join("nodes.yaml");
        fs::write(&manifest, nodes_manifest(nodes)).map_err(|e| e.to_string())?;
        self.kubectl(&["apply", "-f", &manifest.to_string_lossy()])?;
        self.wait("nodes Ready", Duration::from_secs(120), || {
            self.kubectl(&[
                "get",
                "nodes",
                "-o",
                "jsonpath={range .items[*]}{.status.conditions[?(@.type==\"Ready\")].status}{\"\\n\"}{end}",
            ])
            .is_ok_and(|o| o.lines().filter(|l| l.trim() == "True").count() == nodes as usize)
        })?;
        // The controller manager's service-account controller makes this; pods need it.
        self.wait("default ServiceAccount", Duration::from_secs(90), || {
            self.kubectl(&[
                "get",
                "serviceaccount",
                "default",
                "-n",
                "default",
                "-o",
                "name",
            ])
            .is_ok()
        })?;
        fs::copy(self.pki("admin.kubeconfig"), self.kubeconfig()).map_err(|e| e.to_string())?;
        Ok(())
    }

    fn aux(&self, args: &[&str]) -> Result<(), String> {
        let out = Command::new(self.bin.join("cluster-aux"))
            .args(args)
            .output()
            .map_err(|e| format!("cluster-aux: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }

    /// Runs the built kubectl as the cluster admin; stdout on success.
    pub fn kubectl(&self, args: &[&str]) -> Result<String, String> {
        let out = Command::new(self.bin.join("kubectl"))
            .arg(format!("--kubeconfig={}", self.pki("admin.kubeconfig")))
            .arg("--request-timeout=10s")
            .args(args)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("kubectl: {e}"))?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(format!(
                "kubectl {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            ))
        }
    }

    fn spawn(&self, state: &mut State, name: &str, args: &[String]) -> Result<(), String> {
        let log_path = self.logs_dir().join(format!("{name}.log"));
        let log =
            fs::File::create(&log_path).map_err(|e| format!("{}: {e}", log_path.display()))?;
        let err = log.try_clone().map_err(|e| e.to_string())?;
        let child = Command::new(self.bin.join(name))
            .args(args)
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(err)
            // Own process group: a Ctrl-C aimed at the caller's terminal must not stop the cluster.
            .process_group(0)
            .spawn()
            .map_err(|e| format!("starting {name}: {e}"))?;
        if let Ok(mut spawned) = self.spawned.lock() {
            spawned.push(child.id());
        }
        state
            .entries
            .insert(format!("pid.{name}"), child.id().to_string());
        self.write_state(state)
    }

    /// Polls `ready` until it holds; fails early when a component this cluster started died.
    fn wait(&self, what: &str, timeout: Duration, ready: impl Fn() -> bool) -> Result<(), String> {
        let start = Instant::now();
        loop {
            if ready() {
                return Ok(());
            }
            let state = self.read_state();
            for c in COMPONENTS {
                if let Some(pid) = state.pid(c) {
                    if !self.owns(pid) {
                        return Err(format!(
                            "{c} (pid {pid}) exited while waiting for {what} ({})",
                            proc_summary(pid)
                        ));
                    }
                }
            }
            if start.elapsed() > timeout {
                return Err(format!(
                    "timed out after {}s waiting for {what}",
                    timeout.as_secs()
                ));
            }
            sleep(Duration::from_millis(250));
        }
    }

    /// Whether `pid` is a live process started for this cluster directory. Every component's
    /// command line names a path inside it, which guards against a reused pid.
    /// A zombie (our exited child in the e2e harness, which std cannot reap by pid) is dead.
    /// A process this value started is ours for as long as it runs (see `spawned`).
    fn owns(&self, pid: u32) -> bool {
        if !is_running(pid) {
            return false;
        }
        if self.spawned.lock().is_ok_and(|s| s.contains(&pid)) {
            return true;
        }
        let Ok(cmdline) = fs::read(format!("/proc/{pid}/cmdline")) else {
            return false;
        };
        let needle = self.state_dir().to_string_lossy().into_owned();
        String::from_utf8_lossy(&cmdline).contains(&needle)
    }

    /// Stops every process this directory's state names (newest first) and deletes the state.
    pub fn down(&self) -> Result<(), String> {
        let state = self.read_state();
        for c in COMPONENTS.iter().rev() {
            if let Some(pid) = state.pid(c) {
                self.stop(pid);
            }
        }
        for c in COMPONENTS {
            if let Some(pid) = state.pid(c) {
                if self.owns(pid) {
                    return Err(format!("{c} (pid {pid}) did not stop"));
                }
            }
        }
        for p in [self.state_dir(), self.kubeconfig()] {
            let gone = if p.is_dir() {
                fs::remove_dir_all(&p)
            } else {
                fs::remove_file(&p)
            };
            if let Err(e) = gone {
                if e.kind() != std::io::ErrorKind::NotFound {
                    return Err(format!("removing {}: {e}", p.display()));
                }
            }
        }
        Ok(())
    }

    fn stop(&self, pid: u32) {
        if !self.owns(pid) {
            return;
        }
        signal(pid, "TERM");
        // Identity was checked above; from here only "has it exited" matters.
        let start = Instant::now();
        while is_running(pid) {
            if start.elapsed() > Duration::from_secs(15) {
                signal(pid, "KILL");
                sleep(Duration::from_millis(200));
                break;
            }
            sleep(Duration::from_millis(100));
        }
    }

    /// One line per component (pid, alive) and the API server's readiness.
    pub fn status(&self) -> String {
        let state = self.read_state();
        if state.entries.is_empty() {
            return format!("no cluster in {}\n", self.dir.display());
        }
        let mut out = String::new();
        for c in COMPONENTS {
            let line = match state.pid(c) {
                Some(pid) if self.owns(pid) => format!("{c:<24} pid {pid} running\n"),
                Some(pid) => format!("{c:<24} pid {pid} NOT RUNNING\n"),
                None => format!("{c:<24} not started\n"),
            };
            out.push_str(&line);
        }
        for (k, v) in &state.entries {
            if let Some(name) = k.strip_prefix("port.") {
                out.push_str(&format!("port {name:<19} {v}\n"));
            }
        }
        let ready = self
            .kubectl(&["get", "--raw", "/readyz"])
            .map_or_else(|e| e, |o| o.trim().to_string());
        out.push_str(&format!("readyz                   {ready}\n"));
        out.push_str(&format!(
            "kubeconfig               {}\n",
            self.kubeconfig().display()
        ));
        out
    }

    /// The last `lines` lines of every component's log, for failure reports.
    pub fn logs_tail(&self, lines: usize) -> String {
        let mut out = String::new();
        for c in COMPONENTS {
            let path = self.logs_dir().join(format!("{c}.log"));
            let Ok(text) = fs::read_to_string(&path) else {
                continue;
            };
            let all: Vec<&str> = text.lines().collect();
            let from = all.len().saturating_sub(lines);
            out.push_str(&format!("==> {} <==\n", path.display()));
            for l in &all[from..] {
                out.push_str(l);
                out.push('\n');
            }
        }
        out
    }
}

/// Whether `pid` exists and has not exited (a zombie has).
fn is_running(pid: u32) -> bool {
    fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        let state = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.trim_start().chars().next());
        !matches!(state, Some('Z' | 'X') | None)
    })
}

/// What /proc says about `pid`, for error messages.
fn proc_summary(pid: u32) -> String {
    match fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => {
            let state = stat
                .rsplit_once(')')
                .map_or("?", |(_, rest)| rest.trim_start());
            let cmd = fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
            let cmd = String::from_utf8_lossy(&cmd).replace('\0', " ");
            format!(
                "state {}, cmdline {:.120}",
                state.chars().next().unwrap_or('?'),
                cmd
            )
        }
        Err(e) => format!("no /proc entry: {e}"),
    }
}

fn signal(pid: u32, sig: &str) {
    let _ = Command::new("kill")
        .arg(format!("-{sig}"))
        .arg(pid.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// Free loopback ports, all held at once while picking so they differ from each other. They
/// come from below Linux's ephemeral range (32768+): a port from `bind(0)` could be taken by
/// some outgoing connection's source port before the component binds it.
fn free_ports(n: usize) -> Result<Vec<u16>, String> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let mut seed = nanos ^ (u64::from(std::process::id()) << 32) | 1;
    let mut held = Vec::new();
    for _ in 0..2000 {
        if held.len() == n {
            break;
        }
        // xorshift: no randomness crate needed for spreading ports.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let port = 20000 + (seed % 12000) as u16;
        if let Ok(l) = TcpListener::bind(("127.0.0.1", port)) {
            held.push(l);
        }
    }
    if held.len() < n {
        return Err("no free loopback ports in 20000..32000".into());
    }
    held.iter()
        .map(|l| l.local_addr().map(|a| a.port()).map_err(|e| e.to_string()))
        .collect()
}

/// A plain-HTTP GET on loopback (etcd's client port); the body, if any answer came.
fn http_get(port: u16, path: &str) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut buf = String::new();
    s.take(1 << 16).read_to_string(&mut buf).ok()?;
    buf.split_once("\r\n\r\n").map(|(_, body)| body.to_string())
}

/// Fake kwok nodes: roomy enough for any test, with the labels a real kubelet sets.
fn nodes_manifest(nodes: u32) -> String {
    let mut out = String::new();
    for i in 0..nodes {
        out.push_str(&format!(
            r#"---
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-{i}
  annotations:
    {KWOK_NODE_ANNOTATION}: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    kubernetes.io/arch: amd64
    kubernetes.io/hostname: kwok-node-{i}
    kubernetes.io/os: linux
    kubernetes.io/role: agent
    node-role.kubernetes.io/agent: ""
    type: kwok
status:
  allocatable:
    cpu: "32"
    memory: 256Gi
    pods: "110"
  capacity:
    cpu: "32"
    memory: 256Gi
    pods: "110"
"#
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_node_counts() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let cases: &[(&[&str], Result<u32, &str>)] = &[
            (&[], Ok(3)),
            (&["--nodes", "5"], Ok(5)),
            (&["--nodes=1"], Ok(1)),
            (&["--nodes", "0"], Err("--nodes wants 1..=100, got \"0\"")),
            (&["--nodes", "x"], Err("--nodes wants 1..=100, got \"x\"")),
            (&["--nodes"], Err("--nodes needs a number")),
            (&["--bogus"], Err("unknown argument \"--bogus\"")),
        ];
        for (input, want) in cases {
            let got = parse_nodes(&args(input));
            assert_eq!(got, want.map_err(str::to_string), "{input:?}");
        }
    }

    /// A process this cluster started is its own while it runs, even though its command
    /// line does not name the cluster's directory (as while it is still exec'ing); `down`
    /// stops it. A process it did not start needs that proof.
    #[test]
    fn started_processes_are_owned_until_they_stop() {
        let dir = std::env::temp_dir().join(format!("binnacle-owns-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("state")).unwrap();
        fs::create_dir_all(dir.join("logs")).unwrap();
        let mut cluster = Cluster::new(Path::new("."), dir.clone());
        cluster.bin = PathBuf::from("/bin");
        let mut state = State::default();
        cluster.spawn(&mut state, "sleep", &["30".into()]).unwrap();
        let pid = state.pid("sleep").unwrap();
        assert!(cluster.owns(pid));
        let stranger = Cluster::new(Path::new("."), dir.clone());
        assert!(!stranger.owns(pid), "a command line without the directory");
        cluster.stop(pid);
        assert!(!cluster.owns(pid));
        assert!(!is_running(pid));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn state_round_trips() {
        let text = "nodes 3\npid.etcd 42\nport.apiserver 23456\n";
        let state = State::parse(text);
        assert_eq!(state.pid("etcd"), Some(42));
        assert_eq!(state.pid("kwok"), None);
        assert_eq!(state.port("apiserver"), Some(23456));
        assert_eq!(state.render(), text);
        // A truncated or foreign file yields nothing rather than an error.
        assert_eq!(
            State::parse("pid.etcd notanumber\ngarbage").pid("etcd"),
            None
        );
    }

    #[test]
    fn ports_are_distinct_and_below_the_ephemeral_range() {
        let ports = free_ports(5).expect("free ports");
        let mut sorted = ports.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 5);
        assert!(
            ports.iter().all(|p| (20000..32000).contains(p)),
            "{ports:?}"
        );
    }

    #[test]
    fn fnv1a_is_stable() {
        // Cache directory names must not change between Rust releases (value from a
        // separate FNV-1a 64 implementation).
        let mut h = 0xcbf2_9ce4_8422_2325u64;
        fnv1a(&mut h, b"binnacle");
        assert_eq!(format!("{h:016x}"), "c2250eea52301653");
    }

    #[test]
    fn nodes_manifest_names_kwok_nodes() {
        let m = nodes_manifest(2);
        assert_eq!(m.matches("kind: Node").count(), 2);
        assert!(m.contains("name: kwok-node-1") && m.contains("kwok.x-k8s.io/node: fake"));
    }
}
