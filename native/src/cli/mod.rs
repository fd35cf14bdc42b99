//! Command-line definitions, one struct per command, with Helm's flag names and defaults.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};

use binnacle::pipeline::{self, RenderRequest, ValueSources};

pub mod flags;
mod lint;
mod package;
mod show;

/// Binnacle: Helm v4's chart engine, rebuilt in Rust.
///
/// The command line reads as Helm's does (flags anywhere, `--flag=false`, the last of a
/// repeated flag wins, Helm's messages and exit status 1 for mistakes): see `cli::flags`.
#[derive(Parser, Debug)]
#[command(name = "binnacle", about, long_about = None)]
pub struct Cli {
    /// Namespace scope for this request (default: `$HELM_NAMESPACE`, else the kubeconfig
    /// context's namespace, else `default`).
    #[arg(short = 'n', long, global = true)]
    pub namespace: Option<String>,

    /// Enable verbose output (default: `$HELM_DEBUG`).
    #[arg(long, global = true)]
    pub debug: bool,

    #[command(flatten)]
    pub kube: KubeArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Helm's global flags for reaching a cluster. Binnacle's commands here do not contact one;
/// the kubeconfig flags still choose the namespace, as in Helm.
#[derive(Args, Debug, Default, Clone)]
#[command(next_help_heading = "Global Flags (Helm's; the kubeconfig ones choose the namespace)")]
pub struct KubeArgs {
    /// Path to the kubeconfig file (default: `$KUBECONFIG`, else `~/.kube/config`).
    #[arg(long, global = true, value_name = "PATH")]
    pub kubeconfig: Option<String>,
    /// Name of the kubeconfig context to use (default: `$HELM_KUBECONTEXT`).
    #[arg(long, global = true, value_name = "NAME")]
    pub kube_context: Option<String>,
    /// Bearer token used for authentication.
    #[arg(long, global = true, value_name = "TOKEN")]
    pub kube_token: Option<String>,
    /// Username to impersonate for the operation.
    #[arg(long, global = true, value_name = "USER")]
    pub kube_as_user: Option<String>,
    /// Group to impersonate for the operation (can be repeated).
    #[arg(long, global = true, value_name = "GROUP")]
    pub kube_as_group: Vec<String>,
    /// The address and the port for the Kubernetes API server.
    #[arg(long, global = true, value_name = "URL")]
    pub kube_apiserver: Option<String>,
    /// The certificate authority file for the Kubernetes API server connection.
    #[arg(long, global = true, value_name = "PATH")]
    pub kube_ca_file: Option<String>,
    /// Server name to use for Kubernetes API server certificate validation.
    #[arg(long, global = true, value_name = "NAME")]
    pub kube_tls_server_name: Option<String>,
    /// Do not check the Kubernetes API server's certificate.
    #[arg(long, global = true)]
    pub kube_insecure_skip_tls_verify: bool,
    /// Client-side default throttling limit.
    #[arg(long, global = true, value_name = "INT")]
    pub burst_limit: Option<String>,
    /// Queries per second used when communicating with the Kubernetes API.
    #[arg(long, global = true, value_name = "FLOAT")]
    pub qps: Option<String>,
    /// Path to the registry config file.
    #[arg(long, global = true, value_name = "PATH")]
    pub registry_config: Option<String>,
    /// Path to the file containing repository names and URLs.
    #[arg(long, global = true, value_name = "PATH")]
    pub repository_config: Option<String>,
    /// Path to the directory containing cached repository indexes.
    #[arg(long, global = true, value_name = "PATH")]
    pub repository_cache: Option<String>,
    /// Path to the directory containing cached content (e.g. charts).
    #[arg(long, global = true, value_name = "PATH")]
    pub content_cache: Option<String>,
    /// Use colored output (never, auto, always); Binnacle's output has no color.
    #[arg(long, global = true, value_name = "MODE")]
    pub color: Option<String>,
    /// Use colored output (never, auto, always).
    #[arg(long, global = true, value_name = "MODE", hide = true)]
    pub colour: Option<String>,
    #[command(flatten)]
    pub klog: KlogArgs,
}

/// klog's flags, which Helm accepts (hidden) and Binnacle accepts and ignores.
#[derive(Args, Debug, Default, Clone)]
pub struct KlogArgs {
    #[arg(long, global = true, hide = true)]
    add_dir_header: bool,
    #[arg(long, global = true, hide = true)]
    alsologtostderr: bool,
    #[arg(long, global = true, hide = true)]
    alsologtostderrthreshold: Option<String>,
    #[arg(long, global = true, hide = true)]
    legacy_stderr_threshold_behavior: bool,
    #[arg(long, global = true, hide = true)]
    log_backtrace_at: Option<String>,
    #[arg(long, global = true, hide = true)]
    log_dir: Option<String>,
    #[arg(long, global = true, hide = true)]
    log_file: Option<String>,
    #[arg(long, global = true, hide = true)]
    log_file_max_size: Option<String>,
    #[arg(long, global = true, hide = true)]
    logtostderr: bool,
    #[arg(long, global = true, hide = true)]
    one_output: bool,
    #[arg(long, global = true, hide = true)]
    skip_headers: bool,
    #[arg(long, global = true, hide = true)]
    skip_log_headers: bool,
    #[arg(long, global = true, hide = true)]
    stderrthreshold: Option<String>,
    #[arg(short = 'v', long = "v", global = true, hide = true)]
    v: Option<String>,
    #[arg(long, global = true, hide = true)]
    vmodule: Option<String>,
}

/// The commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Locally render templates, as `helm template` does.
    ///
    /// Renders chart templates locally and displays the output. Values that would be looked
    /// up from a cluster (`lookup`) are empty, and `.Capabilities` are Helm's offline
    /// defaults unless `--kube-version` / `--api-versions` say otherwise.
    Template(Box<TemplateArgs>),
    /// Render a chart and print the engine's map {template path: text} as JSON.
    ///
    /// This is the output of Helm's engine before manifests are split, sorted and hooks
    /// separated: every non-partial template (empty ones and NOTES.txt included).
    Render(RenderArgs),
    /// Examine a chart for possible issues, as `helm lint` does.
    Lint(lint::LintArgs),
    /// Package a chart directory into a reproducible chart archive, as `helm package` does.
    Package(package::PackageArgs),
    /// Show information of a chart (chart, values, readme, crds, all).
    #[command(subcommand, alias = "inspect")]
    Show(show::ShowCommand),
    /// Verify that a chart archive has a valid provenance file.
    Verify(package::VerifyArgs),
    /// Print the version of Binnacle and of the Helm it renders as.
    Version,
}

/// Values flags, in Helm's precedence: -f files, then --set-json, --set, --set-string,
/// --set-file, --set-literal.
#[derive(Args, Debug, Default, Clone)]
pub struct ValueArgs {
    /// Specify values in a YAML file (can specify multiple, or several separated by commas;
    /// `-` reads stdin).
    #[arg(short = 'f', long = "values", value_name = "FILE")]
    pub values: Vec<String>,
    /// Set values on the command line (can specify multiple or separate values with commas: key1=val1,key2=val2).
    #[arg(long = "set", value_name = "KEY=VAL")]
    pub set: Vec<String>,
    /// Set STRING values on the command line.
    #[arg(long = "set-string", value_name = "KEY=VAL")]
    pub set_string: Vec<String>,
    /// Set JSON values on the command line (key1=jsonval1,key2=jsonval2 or a whole JSON object).
    #[arg(long = "set-json", value_name = "KEY=JSON")]
    pub set_json: Vec<String>,
    /// Set values from respective files specified via the command line (key1=path1,key2=path2).
    #[arg(long = "set-file", value_name = "KEY=PATH")]
    pub set_file: Vec<String>,
    /// Set a literal STRING value on the command line.
    #[arg(long = "set-literal", value_name = "KEY=VAL")]
    pub set_literal: Vec<String>,
}

impl ValueArgs {
    /// The flags as the pipeline takes them.
    pub fn sources(&self) -> ValueSources {
        ValueSources {
            files: self.values.clone(),
            set: self.set.clone(),
            set_string: self.set_string.clone(),
            set_json: self.set_json.clone(),
            set_file: self.set_file.clone(),
            set_literal: self.set_literal.clone(),
        }
    }
}

/// `binnacle template [NAME] CHART`
#[derive(Args, Debug)]
pub struct TemplateArgs {
    /// `[NAME] CHART`: the release name (default `release-name`) and a chart directory or `.tgz`.
    #[arg(value_name = "[NAME] CHART", num_args = 1.., required = true)]
    pub args: Vec<String>,
    #[command(flatten)]
    pub values: ValueArgs,
    /// Kubernetes version used for Capabilities.KubeVersion.
    #[arg(long)]
    pub kube_version: Option<String>,
    /// Kubernetes api versions used for Capabilities.APIVersions (can specify multiple).
    #[arg(short = 'a', long = "api-versions")]
    pub api_versions: Vec<String>,
    /// Only show manifests rendered from the given templates (can specify multiple).
    #[arg(short = 's', long = "show-only")]
    pub show_only: Vec<String>,
    /// Writes the executed templates to files in output-dir instead of stdout.
    #[arg(long)]
    pub output_dir: Option<String>,
    /// Use release name in the output-dir path.
    #[arg(long)]
    pub release_name: bool,
    /// Include CRDs in the templated output.
    #[arg(long)]
    pub include_crds: bool,
    /// If set, no CRDs will be installed (no effect on template output).
    #[arg(long)]
    pub skip_crds: bool,
    /// Prevent hooks from running during install (leaves them out of the output).
    #[arg(long)]
    pub no_hooks: bool,
    /// Skip tests from templated output.
    #[arg(long)]
    pub skip_tests: bool,
    /// Set .Release.IsUpgrade instead of .Release.IsInstall.
    #[arg(long)]
    pub is_upgrade: bool,
    /// Skip values schema validation.
    #[arg(long)]
    pub skip_schema_validation: bool,
    /// Enable DNS lookups when rendering templates.
    #[arg(long)]
    pub enable_dns: bool,
    /// Deprecated: has no effect (kept for Helm compatibility).
    #[arg(long, hide = true)]
    pub hide_notes: bool,
    /// Deprecated: has no effect (kept for Helm compatibility).
    #[arg(long, hide = true)]
    pub render_subchart_notes: bool,
    /// Generate the name (and omit the NAME parameter); `helm template` then uses
    /// `release-name`, as Binnacle does.
    #[arg(short = 'g', long)]
    pub generate_name: bool,
    /// Specify the template used to name the release (Sprig functions, no data), e.g.
    /// `--name-template 'web-{{ lower "PROD" }}'`.
    #[arg(long, value_name = "TEMPLATE")]
    pub name_template: Option<String>,
    /// Labels that would be added to release metadata (key=value, comma-separated); no
    /// effect on the rendered output.
    #[arg(short = 'l', long, value_name = "KEY=VALUE")]
    pub labels: Vec<String>,
    /// Simulate client-side (`client`, the default) or server-side (`server`: needs a
    /// cluster, which `binnacle template` does not contact).
    #[arg(long, value_name = "client|server")]
    pub dry_run: Option<String>,
    /// Deprecated: use `--dry-run=server`.
    #[arg(long, hide = true)]
    pub validate: bool,
    /// Use development versions, too (ignored for a local chart).
    #[arg(long)]
    pub devel: bool,
    /// Update dependencies if they are missing (not supported: Binnacle does not download).
    #[arg(long)]
    pub dependency_update: bool,
    #[command(flatten)]
    pub chart_path: ChartPathArgs,
    #[command(flatten)]
    pub install: InstallArgs,
}

/// Helm's `ChartPathOptions` flags (template and show): where a chart comes from. Binnacle
/// reads local charts only: a chart path that exists is used as it is (as in Helm), and
/// `--repo` is refused.
#[derive(Args, Debug, Default, Clone)]
#[command(next_help_heading = "Chart location flags (Helm's; a local chart needs none)")]
pub struct ChartPathArgs {
    /// Chart repository url where to locate the requested chart (not supported).
    #[arg(long, value_name = "URL")]
    pub repo: Option<String>,
    /// Chart version constraint (ignored for a local chart, as in Helm).
    #[arg(long, value_name = "VERSION")]
    pub version: Option<String>,
    /// Verify the package before using it (`CHART.tgz` against `CHART.tgz.prov`).
    #[arg(long)]
    pub verify: bool,
    /// Location of public keys used for verification (default `~/.gnupg/pubring.gpg`).
    #[arg(long, value_name = "PATH")]
    pub keyring: Option<String>,
    /// Pass credentials to all domains.
    #[arg(long)]
    pub pass_credentials: bool,
    #[command(flatten)]
    pub registry: RegistryArgs,
}

impl ChartPathArgs {
    /// Helm's `LocateChart`: a repository is asked first (refused here); a path that exists
    /// is used as it is, absolute, verified with `--verify`; anything else is a reference
    /// Binnacle cannot fetch ([`Globals::missing_chart`]).
    pub fn locate(&self, name: &str, g: &Globals) -> Result<PathBuf> {
        if self.repo.as_deref().is_some_and(|r| !r.is_empty()) {
            bail!("--repo is not supported: binnacle reads local charts only");
        }
        let path = Path::new(name.trim());
        if std::fs::metadata(path).is_err() {
            return Err(g.missing_chart(name));
        }
        let abs = binnacle::load::absolute(path)?;
        if self.verify {
            let keyring = package::keyring_or_default(&self.keyring);
            binnacle::sign::verify_chart(&abs, None, &keyring).map_err(anyhow::Error::msg)?;
        }
        Ok(abs)
    }

    /// Helm's debug lines at the start of `runInstall` and `runShow` (which writes
    /// `original` in lower case): the version asked for, and `--devel`'s meaning.
    pub fn log_version(&self, original: &str, devel: bool) {
        let version = self.version.as_deref().unwrap_or("");
        log_debug(
            &format!("{original} chart version"),
            &[("version", version)],
        );
        if version.is_empty() && devel {
            log_debug("setting version to >0.0.0-0", &[]);
        }
    }
}

/// Helm's flags for its registry and download client. Binnacle downloads nothing, but
/// reads the TLS files as Helm does before it looks at the chart, with its errors.
#[derive(Args, Debug, Default, Clone)]
#[command(
    next_help_heading = "Chart download flags (Helm's; the TLS files are read as Helm reads them)"
)]
pub struct RegistryArgs {
    /// Verify certificates of HTTPS-enabled servers using this CA bundle.
    #[arg(long, value_name = "PATH")]
    pub ca_file: Option<String>,
    /// Identify HTTPS client using this SSL certificate file.
    #[arg(long, value_name = "PATH")]
    pub cert_file: Option<String>,
    /// Identify HTTPS client using this SSL key file.
    #[arg(long, value_name = "PATH")]
    pub key_file: Option<String>,
    /// Skip tls certificate checks for the chart download.
    #[arg(long)]
    pub insecure_skip_tls_verify: bool,
    /// Use insecure HTTP connections for the chart download.
    #[arg(long)]
    pub plain_http: bool,
    /// Chart repository username.
    #[arg(long, value_name = "NAME")]
    pub username: Option<String>,
    /// Chart repository password.
    #[arg(long, value_name = "PASSWORD")]
    pub password: Option<String>,
}

impl RegistryArgs {
    /// Helm's `newRegistryClient`: with TLS options it reads the files, before the chart is
    /// located, whether or not anything is downloaded, and checks that they hold PEM data
    /// (`tls.X509KeyPair` refusing text with none, `AppendCertsFromPEM` finding no
    /// certificate). A key that does not match its certificate is not noticed here.
    pub fn check(&self) -> Result<()> {
        let cert = self.cert_file.as_deref().unwrap_or("");
        let key = self.key_file.as_deref().unwrap_or("");
        let ca = self.ca_file.as_deref().unwrap_or("");
        let tls = (!cert.is_empty() && !key.is_empty()) || !ca.is_empty();
        if !tls && !self.insecure_skip_tls_verify {
            return Ok(());
        }
        let read = |what: &str, p: &str| -> std::result::Result<Vec<u8>, String> {
            pipeline::read_file(Path::new(p))
                .map_err(|e| format!("{what}: {}: {e}", binnacle_core::gofmt::strconv::quote(p)))
        };
        let mut errs = Vec::new();
        let mut pair = None;
        if !cert.is_empty() || !key.is_empty() {
            match read("unable to read cert file", cert)
                .and_then(|c| Ok((c, read("unable to read key file", key)?)))
            {
                Ok(p) => pair = Some(p),
                Err(e) => errs.push(e),
            }
        }
        let mut ca_pem = None;
        if !ca.is_empty() {
            match read("can't read CA file", ca) {
                Ok(c) => ca_pem = Some(c),
                Err(e) => errs.push(e),
            }
        }
        let fail = |e: String| {
            anyhow::anyhow!("missing registry client: can't create TLS config for client: {e}")
        };
        if !errs.is_empty() {
            return Err(fail(errs.join("\n")));
        }
        use binnacle_core::sprig::crypto::pem;
        if let Some((c, k)) = pair.filter(|(c, k)| !c.is_empty() && !k.is_empty()) {
            for (data, input) in [(&c, "certificate"), (&k, "key")] {
                if pem::decode(data).is_none() {
                    return Err(fail(format!(
                        "unable to load cert from key pair: tls: failed to find any PEM data in {input} input"
                    )));
                }
            }
        }
        if let Some(c) = ca_pem.filter(|c| !c.is_empty()) {
            let starts = c
                .windows(11)
                .enumerate()
                .filter(|(_, w)| w == b"-----BEGIN ");
            let found = starts.map(|(i, _)| i).any(|i| {
                pem::decode(&c[i..]).is_some_and(|b| {
                    b.kind == "CERTIFICATE"
                        && binnacle_core::sprig::crypto::cert::parse(&b.bytes).is_ok()
                })
            });
            if !found {
                return Err(fail("failed to append certificates from pem block".into()));
            }
        }
        Ok(())
    }
}

/// `helm install`'s flags that `helm template` accepts and that do not change what it
/// prints; Binnacle accepts and checks them the same way.
#[derive(Args, Debug, Default, Clone)]
#[command(next_help_heading = "Install flags (Helm's; no effect on the rendered output)")]
pub struct InstallArgs {
    /// Create the release namespace if not present.
    #[arg(long)]
    pub create_namespace: bool,
    /// Add a custom description.
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// Do not validate rendered templates against the Kubernetes OpenAPI Schema.
    #[arg(long)]
    pub disable_openapi_validation: bool,
    /// Server-side apply forces changes against conflicts.
    #[arg(long)]
    pub force_conflicts: bool,
    /// Force resource updates by replacement.
    #[arg(long)]
    pub force_replace: bool,
    /// Deprecated: use --force-replace.
    #[arg(long, hide = true)]
    pub force: bool,
    /// Reuse the given name, only if that name is a deleted release.
    #[arg(long)]
    pub replace: bool,
    /// Roll back (uninstall) the installation upon failure.
    #[arg(long)]
    pub rollback_on_failure: bool,
    /// Deprecated: use --rollback-on-failure.
    #[arg(long, hide = true)]
    pub atomic: bool,
    /// Object updates run in the server instead of the client (default true).
    #[arg(long)]
    pub server_side: bool,
    /// Ignore the check for helm annotations and take ownership of existing resources.
    #[arg(long)]
    pub take_ownership: bool,
    /// Wait until resources are ready: watcher (alone), hookOnly (default) or legacy.
    #[arg(long, value_name = "STRATEGY")]
    pub wait: Option<String>,
    /// With --wait, wait until all Jobs have been completed.
    #[arg(long)]
    pub wait_for_jobs: bool,
    /// Time to wait for any individual Kubernetes operation (a Go duration, default 5m0s).
    #[arg(long, value_name = "DURATION")]
    pub timeout: Option<String>,
    /// The name of a postrenderer type plugin (Binnacle has no plugins: refused).
    #[arg(long, value_name = "NAME")]
    pub post_renderer: Option<String>,
    /// An argument to the post-renderer (can specify multiple).
    #[arg(long, value_name = "ARG")]
    pub post_renderer_args: Vec<String>,
}

/// Helm's `TemplateName`: the `--name-template` text run with Sprig's functions and no data.
fn name_from_template(text: &str) -> Result<String> {
    use binnacle_core::template::exec::{ExecOptions, Templates};
    let mut funcs = binnacle_core::template::funcs::FuncMap::new();
    let sprig: Vec<_> = binnacle_core::sprig::functions().copied().collect();
    funcs.extend(&sprig);
    let mut t = Templates::new(std::rc::Rc::new(funcs));
    let name = "name-template";
    t.parse(name, text).map_err(|e| anyhow::anyhow!("{e}"))?;
    let opts = ExecOptions {
        root_name: name.into(),
        ..ExecOptions::default()
    };
    let mut host = binnacle::host::NativeHost::new(false);
    t.execute(name, binnacle_core::Value::Nil, &mut host, &opts)
        .map_err(|e| anyhow::anyhow!("{e}"))
}

/// `binnacle render CHART`
#[derive(Args, Debug)]
pub struct RenderArgs {
    /// A chart directory or `.tgz`.
    pub chart: String,
    /// Release name.
    #[arg(long, default_value = "release-name")]
    pub name: String,
    /// Release revision.
    #[arg(long, default_value_t = 1)]
    pub revision: i64,
    /// Render as an upgrade (.Release.IsUpgrade).
    #[arg(long)]
    pub is_upgrade: bool,
    /// Kubernetes version used for Capabilities.KubeVersion.
    #[arg(long)]
    pub kube_version: Option<String>,
    /// Extra api versions for Capabilities.APIVersions.
    #[arg(short = 'a', long = "api-versions")]
    pub api_versions: Vec<String>,
    /// Skip values schema validation.
    #[arg(long)]
    pub skip_schema_validation: bool,
    #[command(flatten)]
    pub values: ValueArgs,
}

/// Flags every command sees.
#[derive(Clone, Debug)]
pub struct Globals {
    /// `--namespace`
    pub namespace: String,
    /// `--debug`
    pub debug: bool,
    /// `--content-cache`, as given.
    pub content_cache: Option<String>,
}

impl Globals {
    /// Helm's `LocateChart` for a chart reference that is no local path: the chart
    /// downloader's checks and log line, then its answer with no repositories configured
    /// ([`pipeline::missing_chart`]). Binnacle downloads nothing.
    pub fn missing_chart(&self, name: &str) -> anyhow::Error {
        let name = name.trim();
        let local = Path::new(name).is_absolute() || name.starts_with('.');
        if !local {
            if self.content_cache.as_deref() == Some("") {
                return anyhow::anyhow!("content cache must be set");
            }
            log_debug("set up default downloader cache", &[]);
        }
        anyhow::anyhow!(pipeline::missing_chart(name))
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let Cli {
        namespace,
        debug,
        kube,
        command,
    } = cli;
    let settings = binnacle::kubeconfig::Settings {
        namespace,
        kubeconfig: kube.kubeconfig,
        context: kube.kube_context,
        token: kube.kube_token,
        as_user: kube.kube_as_user,
        as_groups: kube.kube_as_group,
        ca_file: kube.kube_ca_file,
    };
    let namespace = binnacle::kubeconfig::namespace(&settings, &binnacle::kubeconfig::OsEnv);
    let g = Globals {
        namespace,
        debug,
        content_cache: kube.content_cache.clone(),
    };
    // Helm's render-time log lines go to stderr, as its slog handler writes them.
    pipeline::log_to_stderr();
    match command {
        Command::Template(a) => template(*a, &g),
        Command::Render(a) => render(a, &g.namespace),
        Command::Lint(a) => lint::run(a, &g),
        Command::Package(a) => package::run(a, &g),
        Command::Show(a) => show::run(a, &g),
        Command::Verify(a) => package::verify(a, &g),
        Command::Version => {
            println!(
                "binnacle v{} (renders as Helm v4.2.3)",
                env!("CARGO_PKG_VERSION")
            );
            Ok(())
        }
    }
}

fn render(a: RenderArgs, namespace: &str) -> Result<()> {
    let req = RenderRequest {
        chart: a.chart.into(),
        release_name: a.name,
        namespace: namespace.to_string(),
        revision: a.revision,
        is_upgrade: a.is_upgrade,
        kube_version: a.kube_version,
        api_versions: a.api_versions,
        values: a.values.sources(),
        skip_schema_validation: a.skip_schema_validation,
        enable_dns: false,
        // The engine's map, as `helm-oracle render`: no install-time checks.
        check_kube_version: false,
        check_installable: false,
        server_dry_run: false,
    };
    let out = pipeline::render(&req).map_err(anyhow::Error::msg)?;
    let text = serde_json::to_string_pretty(&out.manifests).context("encoding JSON")?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{text}")?;
    Ok(())
}

/// What `helm template` checks before it renders, in its order (`pkg/cmd/template.go`'s
/// `RunE`, then `runInstall` up to `LocateChart`). Returns the release name, the chart,
/// and whether the dry run is server-side (refused later, where Helm contacts the cluster).
fn template_preflight(a: &TemplateArgs, g: &Globals) -> Result<(String, String, bool)> {
    if let Some(v) = a.kube_version.as_deref().filter(|v| !v.is_empty()) {
        binnacle_core::render::context::KubeVersion::parse(v).map_err(anyhow::Error::msg)?;
    }
    a.chart_path.registry.check()?;
    let server = dry_run_is_server(a.dry_run.as_deref())?;
    // `runInstall` starts here.
    a.chart_path.log_version("Original", a.devel);

    // Helm's `NameAndChart`, `helm template` having set the name `release-name`.
    let name_template = a.name_template.as_deref().filter(|t| !t.is_empty());
    let (name, chart) = match a.args.as_slice() {
        [chart] => match name_template {
            Some(t) => (name_from_template(t)?, chart.clone()),
            None => ("release-name".to_string(), chart.clone()),
        },
        [name, chart] => {
            if a.generate_name {
                bail!("cannot set --generate-name and also specify a name");
            }
            if name_template.is_some() {
                bail!("cannot set --name-template and also specify a name");
            }
            (name.clone(), chart.clone())
        }
        args => bail!(
            "expected at most two arguments, unexpected arguments: {}",
            args[2..].join(", ")
        ),
    };

    // Before the values are read, as Helm locates the chart first.
    let abs = a.chart_path.locate(&chart, g)?;
    log_debug("Chart path", &[("path", &abs.display().to_string())]);
    Ok((name, chart, server || a.validate))
}

/// Helm's `cmdGetDryRunFlagStrategy` for `helm template`: whether the dry run is
/// server-side, warning of the deprecated forms, refusing `none` and `false`.
fn dry_run_is_server(value: Option<&str>) -> Result<bool> {
    let v = match value {
        None | Some("client") => return Ok(false),
        Some("server") => return Ok(true),
        Some("unset") => {
            log_warn("--dry-run is deprecated and should be replaced with '--dry-run=client'");
            return Ok(false);
        }
        Some(v) => v,
    };
    let quoted = binnacle_core::gofmt::strconv::quote(v);
    match binnacle_core::gofmt::strconv::parse_bool(v) {
        Ok(true) => {
            log_warn(&format!(
                "boolean '--dry-run={v}' flag is deprecated and must be replaced with '--dry-run=client'"
            ));
            Ok(false)
        }
        // `none`, or `false`: a template is always a dry run.
        Ok(false) => bail!("invalid dry-run value ({quoted}). Must be \"server\" or \"client\""),
        Err(_) if v == "none" => {
            bail!("invalid dry-run value ({quoted}). Must be \"server\" or \"client\"")
        }
        Err(_) => {
            bail!("invalid dry-run value ({quoted}). Must be \"none\", \"server\", or \"client\"")
        }
    }
}

/// A warning as Helm's slog handler prints it.
fn log_warn(message: &str) {
    eprintln!("{}", binnacle_core::gofmt::slog::line("WARN", message, &[]));
}

/// A debug line as Helm's slog handler prints it, when its level is on
/// ([`pipeline::debugging`]: `--debug` as Helm's first pass reads it).
fn log_debug(message: &str, attrs: &[(&str, &str)]) {
    if pipeline::debugging() {
        eprintln!(
            "{}",
            binnacle_core::gofmt::slog::line("DEBUG", message, attrs)
        );
    }
}

fn template(a: TemplateArgs, g: &Globals) -> Result<()> {
    let (namespace, debug) = (g.namespace.as_str(), g.debug);
    let (name, chart, server_dry_run) = template_preflight(&a, g)?;
    let req = RenderRequest {
        chart: PathBuf::from(chart),
        release_name: name,
        namespace: namespace.to_string(),
        revision: 1,
        is_upgrade: a.is_upgrade,
        kube_version: a.kube_version,
        api_versions: a.api_versions,
        values: a.values.sources(),
        skip_schema_validation: a.skip_schema_validation,
        enable_dns: a.enable_dns,
        check_kube_version: true,
        check_installable: true,
        server_dry_run,
    };
    let dependency_update = a.dependency_update;
    let show_only = a.show_only.clone();
    let out = pipeline::render_staged(&req).map_err(|failure| {
        let pipeline::RenderFailure {
            rendering,
            mut message,
            warnings,
        } = failure;
        for w in &warnings {
            eprintln!("{}", binnacle_core::render::manifest::log_line(w));
        }
        // Helm would download the missing dependencies here; Binnacle cannot.
        let missing = "an error occurred while checking for chart dependencies";
        if dependency_update && message.starts_with(missing) {
            let why = message.split_once("dependencies: ").map_or("", |(_, w)| w);
            message = format!(
                "--dependency-update is not supported: binnacle does not download charts; \
                 run `helm dependency update` first: {why}"
            );
        }
        if let Some(e) = message.strip_prefix(binnacle_core::chart::RELEASE_NAME_CHECK) {
            let e = e.trim_start_matches(": ");
            eprintln!(
                "{}",
                binnacle_core::render::manifest::error_log_line(
                    binnacle_core::chart::RELEASE_NAME_CHECK,
                    e
                )
            );
        }
        // Helm's hint, for failures once the release exists (rendering it); with
        // `--debug` it prints the release's manifest instead, empty as rendering failed.
        if rendering && !debug {
            message.push_str(binnacle_core::render::manifest::DEBUG_HINT);
        }
        if rendering && debug {
            // The failed release's manifest is empty: `--show-only` finds none of its
            // templates in it, and that error replaces the render's.
            if let Some(first) = show_only.first() {
                return anyhow::anyhow!("could not find template {first} in chart");
            }
            println!();
        }
        anyhow::Error::msg(message)
    })?;
    for w in &out.warnings {
        eprintln!("{}", binnacle_core::render::manifest::log_line(w));
    }
    let opts = pipeline::StreamOptions {
        include_crds: a.include_crds,
        no_hooks: a.no_hooks,
        skip_tests: a.skip_tests,
        show_only: a.show_only,
        output_dir: a.output_dir.filter(|d| !d.is_empty()),
        use_release_name: a.release_name,
        debug,
    };
    let result = pipeline::template_output(&out, &req.release_name, &opts);
    for line in &result.log {
        eprintln!("{line}");
    }
    // Helm's words for a file it cannot write, with its `--debug` hint.
    let write_err = |message: String| {
        let hint = if debug {
            ""
        } else {
            binnacle_core::render::manifest::DEBUG_HINT
        };
        anyhow::anyhow!("{message}{hint}")
    };
    for w in &result.writes {
        let path = PathBuf::from(&w.path);
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            if let Err(e) = std::fs::metadata(parent) {
                if e.kind() != std::io::ErrorKind::NotFound {
                    let text = pipeline::io_text(&e);
                    return Err(write_err(format!("stat {}: {text}", parent.display())));
                }
            }
            std::fs::create_dir_all(parent).map_err(|e| {
                write_err(format!(
                    "mkdir {}: {}",
                    parent.display(),
                    pipeline::io_text(&e)
                ))
            })?;
        }
        let append = matches!(w.mode, binnacle_core::render::manifest::WriteMode::Append);
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .write(true)
            .append(append)
            .truncate(!append)
            .open(&path)
            .map_err(|e| {
                write_err(format!(
                    "open {}: {}",
                    path.display(),
                    pipeline::io_text(&e)
                ))
            })?;
        f.write_all(w.content.as_bytes())?;
        println!("wrote {}", path.display());
    }
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(result.stdout.as_bytes())?;
    if let Some(e) = result.error {
        bail!(e);
    }
    Ok(())
}
