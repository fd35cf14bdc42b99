//! The JavaScript side (`web/js`, bundled into `Binnacle`): the editor, the engine worker's
//! client, and file helpers.

use js_sys::{Array, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// A CodeMirror editor (`web/js/editor.js`).
    #[wasm_bindgen(js_namespace = Binnacle)]
    pub type Editor;

    /// An editor filling `parent`; `opts` = `{label, readOnly, onChange}`.
    #[wasm_bindgen(constructor, js_namespace = Binnacle)]
    pub fn new(parent: &web_sys::HtmlElement, opts: &JsValue) -> Editor;

    /// Shows `text` as file `key` (each key keeps its undo history).
    #[wasm_bindgen(method)]
    pub fn open(this: &Editor, key: &str, text: &str);

    /// Forgets a file's saved state.
    #[wasm_bindgen(method)]
    pub fn forget(this: &Editor, key: &str);

    /// Replaces the text (output views).
    #[wasm_bindgen(method, js_name = setText)]
    pub fn set_text(this: &Editor, text: &str);

    /// The current text.
    #[wasm_bindgen(method)]
    pub fn text(this: &Editor) -> String;

    /// Makes the editor read-only or editable.
    #[wasm_bindgen(method, js_name = setReadOnly)]
    pub fn set_read_only(this: &Editor, ro: bool);

    /// Inline markers: `[{line, col, message, severity}]`.
    #[wasm_bindgen(method, js_name = setDiagnostics)]
    pub fn set_diagnostics(this: &Editor, diags: &JsValue);

    /// Moves the cursor to a 1-based line and 0-based UTF-16 column, and focuses.
    #[wasm_bindgen(method)]
    pub fn goto(this: &Editor, line: u32, col: u32);

    /// Focuses the editor.
    #[wasm_bindgen(method)]
    pub fn focus(this: &Editor);

    /// Undoes the last change.
    #[wasm_bindgen(method)]
    pub fn undo(this: &Editor) -> bool;

    /// Redoes the last undone change.
    #[wasm_bindgen(method)]
    pub fn redo(this: &Editor) -> bool;

    /// Opens the search panel.
    #[wasm_bindgen(method)]
    pub fn search(this: &Editor);

    /// The engine worker's client (`web/js/engine.js`).
    #[wasm_bindgen(js_namespace = Binnacle)]
    pub type Engine;

    /// Starts the worker at `url`.
    #[wasm_bindgen(constructor, js_namespace = Binnacle)]
    pub fn new(url: &str) -> Engine;

    /// Replaces every file: `[{path, data}]`.
    #[wasm_bindgen(method)]
    pub fn reset(this: &Engine, files: &Array) -> Promise;

    /// Adds or replaces one file (`data`: string or Uint8Array).
    #[wasm_bindgen(method)]
    pub fn put(this: &Engine, path: &str, data: &JsValue) -> Promise;

    /// Removes one file.
    #[wasm_bindgen(method)]
    pub fn remove(this: &Engine, path: &str) -> Promise;

    /// Renders: a `RenderRequest` as JSON; resolves to a `RenderResponse` as JSON. The
    /// worker is restarted when it takes longer than `timeout_ms`.
    #[wasm_bindgen(method)]
    pub fn render(this: &Engine, request: &str, timeout_ms: f64) -> Promise;

    /// A line diff; resolves to a `DiffResponse` as JSON.
    #[wasm_bindgen(method)]
    pub fn diff(this: &Engine, old: &str, new: &str) -> Promise;

    /// The files of an archive; resolves to `[{path, data}]`.
    #[wasm_bindgen(method)]
    pub fn unpack(this: &Engine, data: &Uint8Array) -> Promise;

    /// The workspace as an archive; resolves to `[file name, Uint8Array]`.
    #[wasm_bindgen(method)]
    pub fn package(this: &Engine) -> Promise;

    /// Ends whatever the worker does and starts it afresh.
    #[wasm_bindgen(method)]
    pub fn stop(this: &Engine);

    /// The files of a drop; resolves to `[{path, data}]`.
    #[wasm_bindgen(js_namespace = Binnacle, js_name = readDrop)]
    pub fn read_drop(dt: &web_sys::DataTransfer) -> Promise;

    /// The files of a file input; resolves to `[{path, data}]`.
    #[wasm_bindgen(js_namespace = Binnacle, js_name = readFiles)]
    pub fn read_files(files: &web_sys::FileList) -> Promise;

    /// Saves `data` (string or bytes) as a download named `name`.
    #[wasm_bindgen(js_namespace = Binnacle)]
    pub fn download(name: &str, data: &JsValue, mime: &str);

    /// Copies text to the clipboard; resolves to whether it worked.
    #[wasm_bindgen(js_namespace = Binnacle, js_name = copyText)]
    pub fn copy_text(text: &str) -> Promise;
}

/// Awaits a promise, with its rejection as text.
pub async fn wait(p: Promise) -> Result<JsValue, String> {
    JsFuture::from(p).await.map_err(|e| error_text(&e))
}

/// A JS error's message.
pub fn error_text(e: &JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return String::from(err.message());
    }
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}

/// `[{path, data: Uint8Array}]` from JS into Rust.
pub fn files_from_js(v: &JsValue) -> Vec<(String, Vec<u8>)> {
    let arr = Array::from(v);
    arr.iter()
        .filter_map(|o| {
            let path = js_sys::Reflect::get(&o, &"path".into()).ok()?.as_string()?;
            let data = js_sys::Reflect::get(&o, &"data".into()).ok()?;
            let bytes = data.dyn_into::<Uint8Array>().ok()?.to_vec();
            Some((path, bytes))
        })
        .collect()
}

/// `{path, data}` for the worker: text as a string, binary as bytes.
pub fn file_to_js(path: &str, data: &[u8]) -> JsValue {
    let o = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&o, &"path".into(), &JsValue::from_str(path));
    let _ = js_sys::Reflect::set(&o, &"data".into(), &data_to_js(data));
    o.into()
}

/// File contents for the worker.
pub fn data_to_js(data: &[u8]) -> JsValue {
    match std::str::from_utf8(data) {
        Ok(s) => JsValue::from_str(s),
        Err(_) => Uint8Array::from(data).into(),
    }
}

/// Sets a property on a JS object (for option bags).
pub fn set(o: &js_sys::Object, key: &str, v: &JsValue) {
    let _ = js_sys::Reflect::set(o, &JsValue::from_str(key), v);
}

/// `performance.now()` in milliseconds.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}
