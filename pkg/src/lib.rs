//! Binnacle for JavaScript: the wasm-bindgen layer under the `binnacle` npm package.
//!
//! The exports here are low level (JSON text in and out, chart files as one byte blob);
//! `pkg/js/` wraps them in the documented API. The work itself is in [`api`], plain Rust
//! tested natively.
#![deny(missing_docs)]

pub mod api;
mod b64;
mod engine;
pub mod ext;
pub mod host;
mod jsonw;
pub mod request;
mod shape;
pub mod wire;

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use binnacle_core::chart::Chart;

use crate::api::ApiError;
use crate::host::Env;

// Talc instead of Rust's default dlmalloc: faster on the engine's many small allocations.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Date, js_name = now)]
    fn date_now() -> f64;

    #[wasm_bindgen(catch, js_namespace = crypto, js_name = getRandomValues)]
    fn get_random_values(buf: &mut [u8]) -> Result<JsValue, JsValue>;
}

// Extension modules are reached through the package's JavaScript (`js/ext.js`), which
// registers itself under a global symbol; it answers errors as messages, never throws.
#[wasm_bindgen(
    inline_js = "export function ext_call(group, payload) { return globalThis[Symbol.for('binnacle.ext')](group, payload); }"
)]
extern "C" {
    fn ext_call(group: &str, payload: &[u8]) -> Vec<u8>;
}

thread_local! {
    /// The last panic's message: the wrapper reads it after the module trapped.
    static PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// A certificate coming back from the crypto extension: the main module's stand-in for
/// Sprig's type (same Go type name, fields and printing).
fn certificate_value(cert: String, key: String) -> binnacle_core::Value {
    binnacle_core::Value::Object(std::rc::Rc::new(wire::Certificate { cert, key }))
}

/// Records panic messages; runs once when the module is instantiated.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        let msg = info.to_string();
        PANIC.with(|p| {
            if let Ok(mut p) = p.try_borrow_mut() {
                *p = Some(msg);
            }
        });
    }));
}

/// The message of the panic that stopped the last call, if one did.
#[wasm_bindgen(js_name = takePanic)]
pub fn take_panic() -> Option<String> {
    PANIC.with(|p| p.try_borrow_mut().ok().and_then(|mut p| p.take()))
}

/// The clock and randomness of the JavaScript environment.
#[derive(Default)]
struct JsEnv {
    random_error: Option<String>,
}

impl Env for JsEnv {
    fn now_nanos(&mut self) -> i128 {
        (date_now() * 1e6) as i128
    }

    fn fill_random(&mut self, buf: &mut [u8]) {
        // getRandomValues fills at most 65,536 bytes per call.
        for chunk in buf.chunks_mut(65_536) {
            if let Err(e) = get_random_values(chunk) {
                chunk.fill(0);
                self.random_error
                    .get_or_insert_with(|| format!("crypto.getRandomValues failed: {e:?}"));
            }
        }
    }
}

/// Runs a call with the JavaScript environment; a failed random source fails the call
/// rather than leaving zeros in keys and passwords.
fn with_env(f: impl FnOnce(&mut dyn Env) -> Result<String, ApiError>) -> Result<String, JsValue> {
    let mut env = JsEnv::default();
    let out = f(&mut env);
    if let Some(e) = env.random_error {
        return Err(JsValue::from_str(&ApiError::new("internal", e).to_json()));
    }
    out.map_err(err)
}

fn err(e: ApiError) -> JsValue {
    JsValue::from_str(&e.to_json())
}

/// A loaded chart.
#[wasm_bindgen]
pub struct ChartHandle {
    chart: Chart,
}

#[wasm_bindgen]
impl ChartHandle {
    /// Metadata, file lists and default values as JSON.
    pub fn info(&self) -> String {
        api::chart_info(&self.chart)
    }
}

/// The package and Helm versions as JSON.
#[wasm_bindgen]
pub fn version() -> String {
    api::version()
}

/// Loads a `.tgz` chart archive.
#[wasm_bindgen(js_name = loadArchive)]
pub fn load_archive(bytes: &[u8]) -> Result<ChartHandle, JsValue> {
    api::load_archive(bytes)
        .map(|chart| ChartHandle { chart })
        .map_err(err)
}

/// Chart files as JavaScript passes them: `names` joined by NUL, `blob` their contents one
/// after another, `lens` each file's length.
fn decode_files(names: &str, blob: &[u8], lens: &[u32]) -> Result<Vec<(String, Vec<u8>)>, JsValue> {
    let names: Vec<&str> = if names.is_empty() {
        Vec::new()
    } else {
        names.split('\0').collect()
    };
    if names.len() != lens.len() {
        return Err(err(ApiError::new("input", "file names and sizes differ")));
    }
    let mut files = Vec::with_capacity(names.len());
    let mut at = 0usize;
    for (name, &len) in names.iter().zip(lens) {
        let end = at.saturating_add(len as usize);
        let Some(data) = blob.get(at..end) else {
            return Err(err(ApiError::new("input", "file sizes exceed the data")));
        };
        files.push((name.to_string(), data.to_vec()));
        at = end;
    }
    Ok(files)
}

/// Loads chart files (see [`decode_files`]).
#[wasm_bindgen(js_name = loadFiles)]
pub fn load_files(names: &str, blob: &[u8], lens: &[u32]) -> Result<ChartHandle, JsValue> {
    api::load_files(decode_files(names, blob, lens)?)
        .map(|chart| ChartHandle { chart })
        .map_err(err)
}

/// `helm lint` of chart files that do not load as a chart (see [`decode_files`]): Helm
/// lints a directory without loading it first, and reports what is wrong as findings.
#[wasm_bindgen(js_name = lintFiles)]
pub fn lint_files(
    names: &str,
    blob: &[u8],
    lens: &[u32],
    options: &str,
) -> Result<String, JsValue> {
    let files = decode_files(names, blob, lens)?;
    with_env(|env| api::lint_files(files, options, env))
}

/// Renders; answers `{manifests, notes, hooks, warnings, manifestError?}` as JSON.
#[wasm_bindgen]
pub fn render(chart: &ChartHandle, options: &str) -> Result<String, JsValue> {
    with_env(|env| api::render(&chart.chart, options, env))
}

/// `helm template`; answers `{output, warnings}` as JSON.
#[wasm_bindgen]
pub fn template(chart: &ChartHandle, options: &str) -> Result<String, JsValue> {
    with_env(|env| api::template(&chart.chart, options, env))
}

/// `helm lint`; answers the report as JSON.
#[wasm_bindgen]
pub fn lint(chart: &ChartHandle, options: &str) -> Result<String, JsValue> {
    with_env(|env| api::lint(&chart.chart, options, env))
}

/// `helm package`; answers `{fileName, sha256, archive (base64)}` as JSON.
#[wasm_bindgen]
pub fn package(chart: &ChartHandle, options: &str) -> Result<String, JsValue> {
    api::package(&chart.chart, options).map_err(err)
}

/// Reads values file text as Helm's `-f` does; answers the values as JSON.
#[wasm_bindgen(js_name = parseValues)]
pub fn parse_values(text: &str) -> Result<String, JsValue> {
    api::parse_values(text).map_err(err)
}

/// Whether two YAML texts have the same shape (`null`) or why not: the conformance
/// runner's rule for templates that are random by design. Not part of the public API.
#[wasm_bindgen(js_name = __sameShape)]
pub fn same_shape(want: &str, got: &str) -> Option<String> {
    shape::same_shape(want, got)
}
