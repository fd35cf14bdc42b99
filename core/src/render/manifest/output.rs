//! The text Helm builds from sorted documents: NOTES, the release manifest, and what
//! `helm template` prints or writes (`Configuration.renderResources` and
//! `pkg/cmd/template.go` in Helm v4.2.3).

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::glob::glob_match;
use super::split::split_manifests;
use super::{Hook, HookEvent, ManifestError, Sorted};

const NOTES_SUFFIX: &str = "NOTES.txt";

/// Removes every rendered file whose path ends in `NOTES.txt` and returns the notes text:
/// the root chart's `<root>/templates/NOTES.txt`, or with `render_subchart_notes` every
/// removed file, joined by `\n` (a separator is added only once the text is non-empty).
///
/// Helm v4.2.3 concatenates subchart notes in Go map order (random); we use the order
/// later Helm releases settled on: fewer `/charts/` first, then byte order of the path.
pub fn take_notes(
    files: &mut BTreeMap<String, String>,
    root_chart: &str,
    render_subchart_notes: bool,
) -> String {
    let root_notes = crate::gopath::join(&[root_chart, "templates", NOTES_SUFFIX]);
    let keys: Vec<String> = files
        .keys()
        .filter(|k| k.ends_with(NOTES_SUFFIX))
        .cloned()
        .collect();
    let mut picked: Vec<(String, String)> = Vec::new();
    for k in keys {
        if let Some(text) = files.remove(&k) {
            if render_subchart_notes || k == root_notes {
                picked.push((k, text));
            }
        }
    }
    picked.sort_by(|(a, _), (b, _)| {
        let depth = |s: &str| s.matches("/charts/").count();
        depth(a).cmp(&depth(b)).then_with(|| a.cmp(b))
    });
    let mut notes = String::new();
    for (_, text) in picked {
        if !notes.is_empty() {
            notes.push('\n');
        }
        notes.push_str(&text);
    }
    notes
}

/// One `---\n# Source: <name>\n<content>\n` block.
fn source_block(name: &str, content: &str) -> String {
    format!("---\n# Source: {name}\n{content}\n")
}

/// The release manifest (`release.Manifest`): the given CRD files first (only
/// `helm template --include-crds` passes any: `(<chart path>/crds/<file>, bytes)`, root
/// chart first), then every sorted document as a `# Source:` block. With `hide_secret`
/// (`--hide-secret`), each `v1` `Secret` prints as a `# HIDDEN:` line instead.
pub fn release_manifest(sorted: &Sorted, crds: &[(String, Vec<u8>)], hide_secret: bool) -> String {
    let mut out = String::new();
    for (name, data) in crds {
        out.push_str(&source_block(name, &String::from_utf8_lossy(data)));
    }
    for m in &sorted.manifests {
        if hide_secret && m.head.kind == "Secret" && m.head.api_version == "v1" {
            out.push_str(&format!(
                "---\n# Source: {}\n# HIDDEN: The Secret output has been suppressed\n",
                m.name
            ));
        } else {
            out.push_str(&source_block(&m.name, &m.content));
        }
    }
    out
}

/// The tail of what `helm install/upgrade --dry-run` (and `status --debug`) prints after
/// the release summary: `HOOKS:` with each hook as a `# Source:` block, `MANIFEST:`, then
/// `NOTES:` with the trimmed notes unless they are empty (pass `""` for `--hide-notes`).
pub fn dry_run_listing(hooks: &[Hook], manifest: &str, notes: &str) -> String {
    let mut out = String::from("HOOKS:\n");
    for h in hooks {
        out.push_str(&source_block(&h.path, &h.manifest));
    }
    out.push_str(&format!("MANIFEST:\n{manifest}\n"));
    if !notes.is_empty() {
        out.push_str(&format!("NOTES:\n{}\n", notes.trim()));
    }
    out
}

/// What Helm attaches to a release whose documents failed to parse (and `helm template
/// --debug` prints): every non-blank rendered file as a `# Source:` block. Helm walks a Go
/// map (random order); we use path order.
pub fn invalid_yaml_dump(files: &BTreeMap<String, String>) -> String {
    files
        .iter()
        .filter(|(_, c)| !c.trim().is_empty())
        .map(|(n, c)| source_block(n, c))
        .collect()
}

/// `helm template` settings that shape its output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateOptions {
    /// `--include-crds`: the CRD files lead the manifest.
    pub include_crds: bool,
    /// `--no-hooks`: hooks are left out.
    pub no_hooks: bool,
    /// `--skip-tests`: `test` hooks are left out.
    pub skip_tests: bool,
    /// `--show-only/-s` globs, in order.
    pub show_only: Vec<String>,
    /// `--output-dir`, exactly as given.
    pub output_dir: Option<String>,
    /// `--release-name`: nest written files under the release name.
    pub use_release_name: bool,
    /// The release name (`release-name` unless given).
    pub release_name: String,
}

impl Default for TemplateOptions {
    fn default() -> Self {
        TemplateOptions {
            include_crds: false,
            no_hooks: false,
            skip_tests: false,
            show_only: Vec::new(),
            output_dir: None,
            use_release_name: false,
            release_name: String::from("release-name"),
        }
    }
}

/// How the CLI opens a planned file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteMode {
    /// Create or truncate (the first write of a manifest or CRD file in this run).
    Create,
    /// Append to the file written earlier in this run.
    Append,
    /// Append if the file exists, else create: Helm's rule for hooks, which `os.Stat`s the
    /// target, so a file left by an earlier run is appended to.
    AppendOrCreate,
}

/// One file `--output-dir` writes. Create parent directories (0755) first; after the write
/// the CLI prints `wrote <path>` on stdout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileWrite {
    /// The path, joined as Helm joins it (`<dir>/<name>`, not cleaned).
    pub path: String,
    /// The text to write.
    pub content: String,
    /// How to open the file.
    pub mode: WriteMode,
}

/// Everything `helm template` does after rendering, in order: the planned writes, then
/// `stdout`, or `error` (after the writes happened; nothing of `stdout` is printed then).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TemplateOutput {
    /// `--output-dir` writes, in order (empty without it).
    pub writes: Vec<FileWrite>,
    /// What goes to stdout after the writes.
    pub stdout: String,
    /// Helm's error (`could not find template <glob> in chart`).
    pub error: Option<String>,
    /// Lines Helm logs to stderr while sorting (`skipping unknown hooks`), before the output.
    pub log: Vec<String>,
}

/// `helm template`'s output for a chart whose documents sorted cleanly.
pub fn template_output(
    sorted: &Sorted,
    crds: &[(String, Vec<u8>)],
    opts: &TemplateOptions,
) -> TemplateOutput {
    let mut writes = Vec::new();
    let manifest = match &opts.output_dir {
        None => release_manifest(sorted, if opts.include_crds { crds } else { &[] }, false),
        Some(dir) => {
            let mut written = BTreeSet::new();
            if opts.include_crds {
                // CRDs go to the output directory itself, never under the release name.
                for (name, data) in crds {
                    let text = crate::gobytes::lossy(data);
                    plan_write(&mut writes, &mut written, dir, name, &text);
                }
            }
            let dir = release_dir(dir, opts);
            for m in &sorted.manifests {
                plan_write(&mut writes, &mut written, &dir, &m.name, &m.content);
            }
            // Everything went to files: the release manifest stays empty.
            String::new()
        }
    };
    print_template(&manifest, &sorted.hooks, opts, writes)
}

/// What `helm template` (without `--debug`) appends to any failure that happens once the
/// release exists (render errors, YAML parse errors, the kube-version check).
pub const DEBUG_HINT: &str = "\n\nUse --debug flag to render out invalid YAML";

/// `helm template --debug` after a document failed to parse: Helm prints the raw files
/// ([`invalid_yaml_dump`]) and the hooks read before the failure, then fails with the
/// error. Without `--debug` it prints nothing and fails with
/// `<error>\n\nUse --debug flag to render out invalid YAML`.
pub fn template_debug_output(
    files: &BTreeMap<String, String>,
    err: &ManifestError,
    opts: &TemplateOptions,
) -> TemplateOutput {
    print_template(&invalid_yaml_dump(files), &err.hooks, opts, Vec::new())
}

/// [`template_output`] without `--output-dir`: the text `helm template` prints, or its error.
pub fn template_stream(
    sorted: &Sorted,
    crds: &[(String, Vec<u8>)],
    opts: &TemplateOptions,
) -> Result<String, String> {
    let opts = TemplateOptions {
        output_dir: None,
        ..opts.clone()
    };
    let out = template_output(sorted, crds, &opts);
    match out.error {
        Some(e) => Err(e),
        None => Ok(out.stdout),
    }
}

fn release_dir(dir: &str, opts: &TemplateOptions) -> String {
    if opts.use_release_name {
        crate::gopath::join(&[dir, &opts.release_name])
    } else {
        String::from(dir)
    }
}

fn plan_write(
    writes: &mut Vec<FileWrite>,
    written: &mut BTreeSet<String>,
    dir: &str,
    name: &str,
    content: &str,
) {
    let mode = if written.contains(name) {
        WriteMode::Append
    } else {
        WriteMode::Create
    };
    written.insert(String::from(name));
    writes.push(FileWrite {
        path: format!("{dir}/{name}"),
        content: source_block(name, content),
        mode,
    });
}

/// The printing half of `helm template` (`pkg/cmd/template.go`).
fn print_template(
    manifest: &str,
    hooks: &[Hook],
    opts: &TemplateOptions,
    mut writes: Vec<FileWrite>,
) -> TemplateOutput {
    let mut stream = format!("{}\n", manifest.trim());
    if !opts.no_hooks {
        for h in hooks {
            if opts.skip_tests && h.has_event(HookEvent::Test) {
                continue;
            }
            match &opts.output_dir {
                None => stream.push_str(&source_block(&h.path, &h.manifest)),
                Some(dir) => {
                    let path = format!("{}/{}", release_dir(dir, opts), h.path);
                    let exists = writes.iter().any(|w| w.path == path);
                    writes.push(FileWrite {
                        path,
                        content: source_block(&h.path, &h.manifest),
                        mode: if exists {
                            WriteMode::Append
                        } else {
                            WriteMode::AppendOrCreate
                        },
                    });
                }
            }
        }
    }
    if opts.show_only.is_empty() {
        return TemplateOutput {
            writes,
            stdout: stream,
            error: None,
            log: Vec::new(),
        };
    }
    let docs = split_manifests(&stream);
    let mut chosen: Vec<&str> = Vec::new();
    for pattern in &opts.show_only {
        let mut missing = true;
        for doc in &docs {
            let Some(name) = source_name(doc) else {
                continue;
            };
            if glob_match(pattern, name) == Ok(true) {
                chosen.push(doc);
                missing = false;
            }
        }
        if missing {
            return TemplateOutput {
                writes,
                stdout: String::new(),
                error: Some(format!("could not find template {pattern} in chart")),
                log: Vec::new(),
            };
        }
    }
    TemplateOutput {
        writes,
        stdout: chosen.iter().map(|d| format!("---\n{d}\n")).collect(),
        error: None,
        log: Vec::new(),
    }
}

/// The submatch of Helm's `# Source: [^/]+/(.+)` in a document: the source path without
/// its first component. Like RE2, the leftmost occurrence that can match wins, and
/// `[^/]+` may run across lines.
fn source_name(doc: &str) -> Option<&str> {
    const PREFIX: &str = "# Source: ";
    let mut from = 0;
    while let Some(i) = doc[from..].find(PREFIX) {
        let start = from + i;
        let rest = &doc[start + PREFIX.len()..];
        if let Some(slash) = rest.find('/') {
            if slash > 0 {
                let after = &rest[slash + 1..];
                let line = after.split('\n').next().unwrap_or("");
                if !line.is_empty() {
                    return Some(line);
                }
            }
        }
        from = start + 1;
    }
    None
}
