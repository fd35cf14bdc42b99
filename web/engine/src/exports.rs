//! The worker's entry points (wasm-bindgen). One workspace per worker.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use crate::protocol::RenderRequest;
use crate::workspace::Workspace;

thread_local! {
    static WS: RefCell<Workspace> = RefCell::new(Workspace::new());
}

fn err(e: impl Into<String>) -> JsValue {
    JsValue::from_str(&e.into())
}

/// Drops every file of the workspace.
#[wasm_bindgen]
pub fn reset() {
    WS.with(|w| w.borrow_mut().clear());
}

/// Adds or replaces a file.
#[wasm_bindgen]
pub fn put_file(path: &str, data: &[u8]) -> Result<(), JsValue> {
    WS.with(|w| w.borrow_mut().put(path, data.to_vec()))
        .map_err(err)
}

/// Removes a file.
#[wasm_bindgen]
pub fn remove_file(path: &str) {
    WS.with(|w| w.borrow_mut().remove(path));
}

/// Renders the workspace: a `RenderRequest` as JSON in; out `[response, stream]`, the
/// `RenderResponse` as JSON without its stream, and the stream as a plain string (the
/// largest part, kept out of JSON so neither side escapes and parses it).
#[wasm_bindgen]
pub fn render(request: &str) -> Result<js_sys::Array, JsValue> {
    let req: RenderRequest =
        serde_json::from_str(request).map_err(|e| err(format!("bad request: {e}")))?;
    let now = || js_sys::Date::now();
    let unix_nanos = (js_sys::Date::now() as i128) * 1_000_000;
    let mut resp = WS.with(|w| w.borrow().render(&req, unix_nanos, &now));
    let stream = std::mem::take(&mut resp.stream);
    let json = serde_json::to_string(&resp).map_err(|e| err(e.to_string()))?;
    let out = js_sys::Array::new();
    out.push(&JsValue::from_str(&json));
    out.push(&JsValue::from_str(&stream));
    Ok(out)
}

/// A line diff of two texts as a `DiffResponse` in JSON.
#[wasm_bindgen]
pub fn diff(old: &str, new: &str) -> Result<String, JsValue> {
    let d = crate::diff::diff(old, new).map_err(err)?;
    serde_json::to_string(&d).map_err(|e| err(e.to_string()))
}

/// The files of a chart archive: `[{path, data}]`, Helm's checks and limits applied.
#[wasm_bindgen]
pub fn unpack(data: &[u8]) -> Result<js_sys::Array, JsValue> {
    let files = binnacle_core::chart::archive::read_archive(data).map_err(|e| err(e.message))?;
    let out = js_sys::Array::new();
    for f in files {
        let o = js_sys::Object::new();
        js_sys::Reflect::set(&o, &"path".into(), &JsValue::from_str(&f.name))?;
        let bytes = js_sys::Uint8Array::from(f.data.as_slice());
        js_sys::Reflect::set(&o, &"data".into(), &bytes)?;
        out.push(&o);
    }
    Ok(out)
}

/// The workspace as `helm package` writes it: `[file name, bytes]`.
#[wasm_bindgen]
pub fn package() -> Result<js_sys::Array, JsValue> {
    let (name, tgz) = WS.with(|w| w.borrow().package()).map_err(err)?;
    let out = js_sys::Array::new();
    out.push(&JsValue::from_str(&name));
    out.push(&js_sys::Uint8Array::from(tgz.as_slice()));
    Ok(out)
}
