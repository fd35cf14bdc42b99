//! Command-line definitions, one struct per command, with Helm's flag names and defaults.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};

use binnacle::pipeline::{self, RenderRequest, ValueSources};

mod lint;
mod package;
mod show;

/// Binnacle: Helm v4's chart engine, rebuilt in Rust.
#[derive(Parser, Debug)]
#[command(name = "binnacle", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// Namespace scope for this request.
    #[arg(
        short = 'n',
        long,
        global = true,
        env = "HELM_NAMESPACE",
        default_value = "default"
    )]
    pub namespace: String,

    /// Enable verbose output.
    #[arg(long, global = true, env = "HELM_DEBUG")]
    pub debug: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Locally render templates, as `helm template` does.
    ///
    /// Renders chart templates locally and displays the output. Values that would be looked
    /// up from a cluster (`lookup`) are empty, and `.Capabilities` are Helm's offline
    /// defaults unless `--kube-version` / `--api-versions` say otherwise.
    Template(TemplateArgs),
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
    #[command(subcommand)]
    Show(show::ShowCommand),
    /// Verify that a chart archive has a valid provenance file.
    Verify(package::VerifyArgs),
}

/// Values flags, in Helm's precedence: -f files, then --set-json, --set, --set-string,
/// --set-file, --set-literal.
#[derive(Args, Debug, Default, Clone)]
pub struct ValueArgs {
    /// Specify values in a YAML file (can specify multiple, or several separated by commas;
    /// `-` reads stdin).
    #[arg(
        short = 'f',
        long = "values",
        value_name = "FILE",
        value_delimiter = ','
    )]
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
    #[arg(value_name = "[NAME] CHART", num_args = 1..=2, required = true)]
    pub args: Vec<String>,
    #[command(flatten)]
    pub values: ValueArgs,
    /// Kubernetes version used for Capabilities.KubeVersion.
    #[arg(long)]
    pub kube_version: Option<String>,
    /// Kubernetes api versions used for Capabilities.APIVersions (can specify multiple).
    #[arg(short = 'a', long = "api-versions", value_delimiter = ',')]
    pub api_versions: Vec<String>,
    /// Only show manifests rendered from the given templates (can specify multiple).
    #[arg(short = 's', long = "show-only")]
    pub show_only: Vec<String>,
    /// Writes the executed templates to files in output-dir instead of stdout.
    #[arg(long)]
    pub output_dir: Option<PathBuf>,
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
    #[arg(short = 'l', long, value_name = "KEY=VALUE", value_delimiter = ',', value_parser = label)]
    pub labels: Vec<String>,
}

/// One `--labels` entry, checked as Helm's flag parser checks it.
fn label(s: &str) -> std::result::Result<String, String> {
    if s.contains('=') {
        Ok(s.to_string())
    } else {
        Err(format!("{s} must be formatted as key=value"))
    }
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
    pub chart: PathBuf,
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
    #[arg(short = 'a', long = "api-versions", value_delimiter = ',')]
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
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let Cli {
        namespace,
        debug,
        command,
    } = cli;
    let g = Globals { namespace, debug };
    // Helm's render-time log lines go to stderr, as its slog handler writes them.
    pipeline::log_to_stderr();
    match command {
        Command::Template(a) => template(a, &g.namespace, g.debug),
        Command::Render(a) => render(a, &g.namespace),
        Command::Lint(a) => lint::run(a, &g),
        Command::Package(a) => package::run(a, &g),
        Command::Show(a) => show::run(a, &g),
        Command::Verify(a) => package::verify(a, &g),
    }
}

fn render(a: RenderArgs, namespace: &str) -> Result<()> {
    let req = RenderRequest {
        chart: a.chart,
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
    };
    let out = pipeline::render(&req).map_err(anyhow::Error::msg)?;
    let text = serde_json::to_string_pretty(&out.manifests).context("encoding JSON")?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{text}")?;
    Ok(())
}

fn template(a: TemplateArgs, namespace: &str, debug: bool) -> Result<()> {
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
        _ => bail!("expected at most two arguments"),
    };
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
    };
    let out = pipeline::render_staged(&req).map_err(|(rendering, mut message)| {
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
        // Helm's hint, for failures once the release exists (rendering it).
        if rendering && !debug {
            message.push_str(binnacle_core::render::manifest::DEBUG_HINT);
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
        output_dir: a.output_dir.map(|d| d.display().to_string()),
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
