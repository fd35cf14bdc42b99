//! Rendering a chart: Helm's engine (`pkg/engine/engine.go`). Every template of the chart
//! tree is parsed into one set, then each non-partial template is executed with its chart's
//! context; the result is `{template path: text}` exactly as Helm's engine returns it.

pub mod chart;
pub mod context;
pub mod errors;
pub mod funcs;
pub mod manifest;

#[cfg(test)]
mod tests;

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

pub use context::{Capabilities, ReleaseInfo};

use crate::host::Host;
use crate::template::exec::{strip_no_value, ExecOptions, MissingKey, Templates};
use crate::template::funcs::FuncMap;
use crate::value::{Map, MapType, Value};

/// One chart of the tree, ready to render (dependencies processed, aliases applied).
#[derive(Clone)]
pub struct ChartNode {
    /// The chart's name, or its alias.
    pub name: String,
    /// `.Chart` as templates see it.
    pub metadata: Value,
    /// `.Files`.
    pub files: Value,
    /// Templates: chart-relative path (`templates/x.yaml`) and text (shared with the
    /// parse trees, not copied per render).
    pub templates: Vec<(String, Rc<str>)>,
    /// A library chart (only its `_` partials are loaded).
    pub library: bool,
    /// Enabled subcharts, in a deterministic order.
    pub children: Vec<ChartNode>,
}

/// Everything one render needs.
pub struct RenderInput<'a> {
    /// The processed chart tree.
    pub chart: &'a ChartNode,
    /// The root chart's coalesced values.
    pub values: Map,
    /// `.Release`.
    pub release: ReleaseInfo,
    /// `.Capabilities`.
    pub capabilities: Capabilities,
}

/// Render settings.
#[derive(Clone, Debug)]
pub struct RenderOptions {
    /// Helm's lint mode (`LintMode`): `required`/`fail` tolerated. Missing keys stay zero:
    /// Helm never turns on the engine's `Strict` (`missingkey=error`), lint included.
    pub lint: bool,
    /// Stop executions after this many steps; `None` = unbounded. Default:
    /// [`crate::limits::DEFAULT_MAX_STEPS`].
    pub max_steps: Option<u64>,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            lint: false,
            max_steps: Some(crate::limits::DEFAULT_MAX_STEPS),
        }
    }
}

/// A render failure, worded as Helm words it.
#[derive(Clone, Debug, PartialEq)]
pub struct RenderError {
    /// Helm's message.
    pub message: String,
    /// The template file it concerns.
    pub file: Option<String>,
    /// 1-based line, when known.
    pub line: Option<u32>,
    /// Column as Go reports it (0-based byte offset in the line), when known.
    pub column: Option<u32>,
}

impl core::fmt::Display for RenderError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message)
    }
}

struct Renderable {
    path: String,
    text: Rc<str>,
    ctx: Map,
    base_path: String,
}

/// Helm's `sortTemplates`: deeper paths first, then reverse byte order.
fn sort_templates<'r>(paths: &mut [&'r Renderable]) {
    use core::cmp::Reverse;
    // Depths counted once per path rather than once per comparison.
    paths.sort_by_cached_key(|r: &&'r Renderable| {
        let r: &'r Renderable = r;
        let depth = r.path.bytes().filter(|&b| b == b'/').count();
        (Reverse(depth), Reverse(r.path.as_str()))
    });
}

/// Helm's `recAllTpls`: every template of the tree with its chart's context.
fn collect(
    c: &ChartNode,
    full_path: &str,
    parent: Option<&Map>,
    common: &Map,
    out: &mut Vec<Renderable>,
) -> Map {
    let next = Map::new();
    next.insert("Chart", c.metadata.clone());
    next.insert("Files", c.files.clone());
    for k in ["Release", "Capabilities"] {
        if let Some(v) = common.get(k) {
            next.insert(k, v);
        }
    }
    let values = match parent {
        None => common
            .get("Values")
            .unwrap_or_else(|| Value::Map(Map::from_entries(MapType::Values, Default::default()))),
        Some(p) => match p.get("Values") {
            Some(Value::Map(pv)) => match pv.get(&c.name) {
                Some(Value::Map(m)) => Value::Map(m.retyped(MapType::Values)),
                _ => Value::Map(Map::from_entries(MapType::Values, Default::default())),
            },
            _ => Value::Map(Map::from_entries(MapType::Values, Default::default())),
        },
    };
    next.insert("Values", values);
    let subcharts = Map::new();
    for child in &c.children {
        let child_path = format!("{full_path}/charts/{}", child.name);
        let cctx = collect(child, &child_path, Some(&next), common, out);
        subcharts.insert(child.name.as_str(), Value::Map(cctx));
    }
    next.insert("Subcharts", Value::Map(subcharts));
    for (name, text) in &c.templates {
        let base = name.rsplit('/').next().unwrap_or(name);
        if c.library && !base.starts_with('_') {
            continue;
        }
        out.push(Renderable {
            path: format!("{full_path}/{name}"),
            text: text.clone(),
            // Helm keeps each template's context as `common.Values` (the type of its
            // `renderable.vals`): the same map as `.Subcharts` holds, another Go type.
            ctx: next.retyped(MapType::Values),
            base_path: format!("{full_path}/templates"),
        });
    }
    next
}

/// Renders every template of the chart tree: Helm's `Engine.Render`.
pub fn render(
    input: &RenderInput<'_>,
    host: &mut dyn Host,
    opts: &RenderOptions,
) -> Result<BTreeMap<String, String>, RenderError> {
    render_with(input, host, opts, funcs::helm_func_map())
}

/// [`render`] with a given function map (tests and tools).
pub fn render_with(
    input: &RenderInput<'_>,
    host: &mut dyn Host,
    opts: &RenderOptions,
    funcs: Rc<FuncMap>,
) -> Result<BTreeMap<String, String>, RenderError> {
    render_keeping_bytes(input, host, opts, funcs).map(|(shown, _)| shown)
}

/// [`render_with`], and besides the texts as shown, those holding bytes that are not UTF-8
/// as Go's engine returned them (raw-byte chars, see `crate::gobytes`): Helm's YAML
/// reading of the manifests refuses those bytes.
pub(crate) fn render_keeping_bytes(
    input: &RenderInput<'_>,
    host: &mut dyn Host,
    opts: &RenderOptions,
    funcs: Rc<FuncMap>,
) -> Result<RenderedTexts, RenderError> {
    let common = Map::new();
    let release = input.release.to_value();
    if opts.lint {
        // Helm's lint builds its release options without install or upgrade: both false.
        if let Value::Map(m) = &release {
            m.insert("IsInstall", Value::Bool(false));
        }
    }
    common.insert("Release", release);
    common.insert(
        "Capabilities",
        Value::Object(Rc::new(input.capabilities.clone())),
    );
    common.insert("Values", Value::Map(input.values.retyped(MapType::Values)));
    let mut all = Vec::new();
    collect(input.chart, &input.chart.name, None, &common, &mut all);

    let mut order: Vec<&Renderable> = all.iter().collect();
    sort_templates(&mut order);

    let mut set = Templates::new(funcs);
    for r in &order {
        let ahead = host.lexed(&r.text);
        if let Err(e) = set.parse_lexed(&r.path, &r.text, ahead) {
            return Err(RenderError {
                message: errors::parse_error(&r.path, &e),
                file: Some(r.path.clone()),
                line: Some(e.line),
                column: None,
            });
        }
    }

    let exec_opts = ExecOptions {
        missing_key: MissingKey::Zero,
        lint: opts.lint,
        max_steps: opts.max_steps,
        // Helm's render changes no value between templates but `.Template`, as the reuse
        // of included texts requires; lint logs from within includes, which reuse skips.
        reuse_includes: !opts.lint,
        ..ExecOptions::default()
    };
    set.set_contexts(order.iter().map(|r| &r.ctx));
    let mut rendered = BTreeMap::new();
    let mut with_bytes = BTreeMap::new();
    for r in &order {
        let base = r.path.rsplit('/').next().unwrap_or(&r.path);
        if base.starts_with('_') {
            continue;
        }
        r.ctx
            .insert("Template", context::template_value(&r.path, &r.base_path));
        match set.execute(&r.path, Value::Map(r.ctx.clone()), host, &exec_opts) {
            Ok(text) => {
                let mut text = strip_no_value(text);
                if crate::gobytes::has_raw(&text) {
                    with_bytes.insert(r.path.clone(), text.clone());
                    crate::gobytes::display_in_place(&mut text);
                }
                rendered.insert(r.path.clone(), text);
            }
            Err(e) => {
                let (line, column) = location_of(&e);
                return Err(RenderError {
                    message: crate::gobytes::display(&errors::exec_error(&r.path, &e)).into_owned(),
                    file: Some(r.path.clone()),
                    line,
                    column,
                });
            }
        }
    }
    #[cfg(test)]
    tests::REUSED.with(|r| r.set(set.reused_includes()));
    Ok((rendered, with_bytes))
}

/// Rendered texts as shown, and those of them with bytes that are not UTF-8, as Go's.
pub(crate) type RenderedTexts = (BTreeMap<String, String>, BTreeMap<String, String>);

fn location_of(e: &crate::template::exec::ExecFailure) -> (Option<u32>, Option<u32>) {
    let crate::template::exec::ExecFailure::Exec(e) = e else {
        return (None, None);
    };
    let Some(loc) = &e.location else {
        return (None, None);
    };
    let mut parts = loc.rsplitn(3, ':');
    let col = parts.next().and_then(|s| s.parse().ok());
    let line = parts.next().and_then(|s| s.parse().ok());
    (line, col)
}

/// Builds a single-chart tree from loose templates (tests, playground snippets).
pub fn single_chart(name: &str, templates: &[(&str, &str)]) -> ChartNode {
    let meta = crate::value::map_of([("Name", Value::from(name)), ("IsRoot", Value::Bool(true))]);
    ChartNode {
        name: name.to_string(),
        metadata: meta,
        files: Value::empty_map(),
        templates: templates
            .iter()
            .map(|(p, t)| (p.to_string(), Rc::from(*t)))
            .collect(),
        library: false,
        children: Vec::new(),
    }
}
