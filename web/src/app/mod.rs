//! The page: layout, header, file tree, editors, settings; the output panels are in
//! [`panels`], the state and its changes in [`state`].

pub mod panels;
pub mod state;
pub mod tree;

use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::js::{self, Editor, Engine};
use crate::model;
use crate::share;
use state::{Pg, Tab};

/// Where the engine worker is, relative to `index.html`.
const WORKER_URL: &str = "web/dist/worker.js";

/// Mounts the playground on the page's `<body>`.
pub fn start() {
    console_error_panic_hook_lite();
    leptos::mount::mount_to_body(App);
}

/// Panics show in the console with their message (the default is an opaque trap).
fn console_error_panic_hook_lite() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&JsValue::from_str(&info.to_string()));
    }));
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let pg = Pg::new();
    provide_context(pg);
    pg.js
        .update_value(|h| h.engine = Some(Engine::new(WORKER_URL)));
    expose_for_tests(pg);
    theme_from_storage(pg);

    let editor_ref = NodeRef::<html::Div>::new();
    let values_ref = NodeRef::<html::Div>::new();
    let output_ref = NodeRef::<html::Div>::new();
    // Editors need their elements: create them once the elements exist, then load the
    // state the URL names.
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let (Some(e), Some(v), Some(o)) = (editor_ref.get(), values_ref.get(), output_ref.get())
        else {
            return false;
        };
        let editor = make_editor(&e, "Chart file editor", "", false, move |t| pg.edited(t));
        let values = make_editor(
            &v,
            "User values editor (helm template -f)",
            "# Values here override the chart's values.yaml, e.g.\n# replicaCount: 3",
            false,
            move |t| pg.values_edited(t),
        );
        let output = make_editor(&o, "Rendered output", "", true, |_| {});
        pg.js.update_value(|h| {
            h.editor = Some(editor);
            h.values = Some(values);
            h.output = Some(output);
        });
        open_from_url(pg);
        true
    });

    let _keys = window_event_listener(ev::keydown, move |e: web_sys::KeyboardEvent| {
        shortcuts(pg, &e)
    });
    // A share link pasted into the address bar of an open playground.
    let _hash = window_event_listener_untyped("hashchange", move |_| open_from_url(pg));
    let dragging = RwSignal::new(false);
    let _over = window_event_listener(ev::dragover, move |e: web_sys::DragEvent| {
        e.prevent_default();
        dragging.set(true);
    });
    let _leave = window_event_listener(ev::dragleave, move |e: web_sys::DragEvent| {
        if e.related_target().is_none() {
            dragging.set(false);
        }
    });
    let _drop = window_event_listener(ev::drop, move |e: web_sys::DragEvent| {
        e.prevent_default();
        dragging.set(false);
        if let Some(dt) = e.data_transfer() {
            let p = js::read_drop(&dt);
            leptos::task::spawn_local(async move {
                match js::wait(p).await {
                    Ok(v) => pg.import(js::files_from_js(&v)),
                    Err(e) => pg.say(format!("Cannot read the dropped files: {e}"), true),
                }
            });
        }
    });

    view! {
        <div class="app" class:dark=move || pg.dark.get()>
            <Header/>
            <Notice/>
            <main class="layout">
                <aside class="sidebar" aria-label="Chart files and release settings">
                    <tree::FileTree/>
                    <Settings/>
                </aside>
                <section class="editors" aria-label="Editors">
                    <EditorBar/>
                    <div class="editor" data-testid="editor" node_ref=editor_ref></div>
                    <div class="pane-title">
                        <label id="values-label">"User values"</label>
                        <span class="hint">"merged over the chart's values.yaml, like "<code>"helm template -f"</code></span>
                    </div>
                    <div class="values-editor" data-testid="values-editor" node_ref=values_ref></div>
                </section>
                <panels::Output output_ref=output_ref/>
            </main>
            <div class="drop-overlay" class:shown=move || dragging.get() aria-hidden="true">
                <p>"Drop a chart folder or a .tgz to open it"</p>
            </div>
        </div>
    }
}

fn make_editor(
    el: &web_sys::HtmlElement,
    label: &str,
    placeholder: &str,
    read_only: bool,
    on_change: impl Fn(String) + 'static,
) -> Editor {
    let opts = js_sys::Object::new();
    js::set(&opts, "label", &JsValue::from_str(label));
    js::set(&opts, "placeholder", &JsValue::from_str(placeholder));
    js::set(&opts, "readOnly", &JsValue::from(read_only));
    let cb = Closure::<dyn Fn(String)>::new(on_change);
    js::set(&opts, "onChange", cb.as_ref());
    // The editors live as long as the page.
    cb.forget();
    Editor::new(el, &opts)
}

/// Replaces the URL's fragment without a new history entry or a `hashchange` event.
pub fn set_fragment(fragment: &str) {
    if let Ok(h) = window().history() {
        let path = window().location().pathname().unwrap_or_default();
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&format!("{path}{fragment}")));
    }
}

/// `#share=…` opens a shared state, `#example=<id>` an example, anything else the default.
fn open_from_url(pg: Pg) {
    let hash = window().location().hash().unwrap_or_default();
    if hash.starts_with(share::PREFIX) {
        match share::decode(&hash) {
            Ok(state) => {
                pg.load(state);
                pg.say("Opened the shared chart.", false);
                return;
            }
            Err(e) => pg.say(format!("Cannot open this link: {e}"), true),
        }
    } else if let Some(id) = hash.strip_prefix("#example=") {
        if pg.load_example(id) {
            return;
        }
    }
    pg.load_example(model::DEFAULT_EXAMPLE);
}

/// Keyboard shortcuts: Ctrl/Cmd+Enter renders, Alt+1…4 move between the main parts.
fn shortcuts(pg: Pg, e: &web_sys::KeyboardEvent) {
    let ctrl = e.ctrl_key() || e.meta_key();
    if ctrl && e.key() == "Enter" {
        e.prevent_default();
        pg.render_now();
        return;
    }
    if e.alt_key() && !ctrl {
        let target = match e.code().as_str() {
            "Digit1" => Some(".file-tree button.file"),
            "Digit2" => Some("[data-testid=editor] .cm-content"),
            "Digit3" => Some("[data-testid=values-editor] .cm-content"),
            "Digit4" => Some(".tabs [aria-selected=true]"),
            _ => None,
        };
        if let Some(sel) = target {
            e.prevent_default();
            if let Ok(Some(el)) = document().query_selector(sel) {
                if let Ok(h) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = h.focus();
                }
            }
        }
    }
}

fn theme_from_storage(pg: Pg) {
    let stored = window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item("binnacle-theme").ok().flatten());
    let dark = match stored.as_deref() {
        Some("dark") => true,
        Some("light") => false,
        _ => window()
            .match_media("(prefers-color-scheme: dark)")
            .ok()
            .flatten()
            .is_some_and(|m| m.matches()),
    };
    pg.dark.set(dark);
    Effect::new(move |_| {
        let dark = pg.dark.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-theme", if dark { "dark" } else { "light" });
        }
    });
}

/// `window.binnacle`: what the browser tests read (output text, renders so far, latencies).
fn expose_for_tests(pg: Pg) {
    let o = js_sys::Object::new();
    let output = Closure::<dyn Fn() -> String>::new(move || {
        pg.good
            .with_untracked(|g| g.as_ref().map(|r| r.stream.clone()).unwrap_or_default())
    });
    let seq = Closure::<dyn Fn() -> f64>::new(move || pg.seq.get_untracked() as f64);
    let error = Closure::<dyn Fn() -> JsValue>::new(move || {
        pg.result
            .with_untracked(|r| match r.as_ref().and_then(|r| r.error.as_ref()) {
                Some(e) => JsValue::from_str(&e.message),
                None => JsValue::NULL,
            })
    });
    let last = Closure::<dyn Fn() -> f64>::new(move || pg.output_at.get_value());
    let engine_ms = Closure::<dyn Fn() -> f64>::new(move || {
        pg.timing.get_untracked().map_or(0.0, |t| t.engine_ms)
    });
    js::set(&o, "lastOutputAt", last.as_ref());
    js::set(&o, "engineMs", engine_ms.as_ref());
    last.forget();
    engine_ms.forget();
    js::set(&o, "output", output.as_ref());
    js::set(&o, "seq", seq.as_ref());
    js::set(&o, "error", error.as_ref());
    js::set(&o, "latencies", &js_sys::Array::new());
    output.forget();
    seq.forget();
    error.forget();
    let _ = js_sys::Reflect::set(&window(), &"binnacle".into(), &o);
}

/// The header: examples, opening charts, sharing, downloads, theme.
#[component]
fn Header() -> impl IntoView {
    let pg = expect_context::<Pg>();
    let archive_input = NodeRef::<html::Input>::new();
    let folder_input = NodeRef::<html::Input>::new();
    let on_files = move |ev: web_sys::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(list) = input.files() else { return };
        let p = js::read_files(&list);
        input.set_value("");
        leptos::task::spawn_local(async move {
            match js::wait(p).await {
                Ok(v) => pg.import(js::files_from_js(&v)),
                Err(e) => pg.say(format!("Cannot read the files: {e}"), true),
            }
        });
    };
    Effect::new(move |_| {
        // `webkitdirectory` is not a standard attribute Leptos knows.
        if let Some(i) = folder_input.get() {
            let _ = i.set_attribute("webkitdirectory", "");
        }
    });
    let share = move |_| {
        let state = pg.shared_state();
        match share::encode(&state) {
            Ok(fragment) => {
                let loc = window().location();
                let base = format!(
                    "{}{}",
                    loc.origin().unwrap_or_default(),
                    loc.pathname().unwrap_or_default()
                );
                let link = format!("{base}{fragment}");
                set_fragment(&fragment);
                let p = js::copy_text(&link);
                let chars = fragment.len();
                leptos::task::spawn_local(async move {
                    let copied = js::wait(p)
                        .await
                        .ok()
                        .and_then(|v| v.as_bool())
                        .unwrap_or(false);
                    let text = if copied {
                        format!("Share link copied to the clipboard ({} KB). It holds the whole chart: nothing is uploaded.", chars.div_ceil(1000))
                    } else {
                        "Share link ready: copy it from the box below. It holds the whole chart: nothing is uploaded.".to_string()
                    };
                    pg.notice.set(Some(state::Notice {
                        text,
                        error: false,
                        link: Some(link),
                    }));
                });
            }
            Err(e) => pg.say(e.to_string(), true),
        }
    };
    let download_yaml = move |_| {
        let Some(r) = pg.good.get_untracked() else {
            pg.say("Nothing rendered yet.", true);
            return;
        };
        let name = model::output_file_name(&pg.release.get_untracked().name, &r.chart);
        js::download(&name, &JsValue::from_str(&r.stream), "application/yaml");
    };
    let download_tgz = move |_| {
        let Some(p) = pg.js.with_value(|h| h.engine.as_ref().map(|e| e.package())) else {
            return;
        };
        leptos::task::spawn_local(async move {
            match js::wait(p).await {
                Ok(v) => {
                    let arr = js_sys::Array::from(&v);
                    let name = arr.get(0).as_string().unwrap_or_else(|| "chart.tgz".into());
                    js::download(&name, &arr.get(1), "application/gzip");
                }
                Err(e) => pg.say(format!("Cannot package the chart: {e}"), true),
            }
        });
    };
    let examples = model::examples();
    view! {
        <header class="header">
            <div class="brand">
                <h1>"Binnacle playground"</h1>
                <span class="tagline">"Helm v4.2.3 rendering in your browser. Nothing leaves it."</span>
            </div>
            <div class="actions" role="toolbar" aria-label="Chart">
                <label class="inline">
                    <span>"Example"</span>
                    <select
                        aria-label="Open an example chart"
                        on:change=move |ev| {
                            let id = event_target_value(&ev);
                            if !id.is_empty() && pg.load_example(&id) {
                                set_fragment(&format!("#example={id}"));
                            }
                        }
                    >
                        <option value="">"Choose…"</option>
                        {examples
                            .into_iter()
                            .map(|e| view! { <option value=e.id>{e.title}</option> })
                            .collect_view()}
                    </select>
                </label>
                <button type="button" on:click=move |_| {
                    if let Some(i) = archive_input.get() { i.click(); }
                }>"Open .tgz or files…"</button>
                <input type="file" class="hidden" multiple=true tabindex="-1" aria-hidden="true"
                    node_ref=archive_input on:change=on_files/>
                <button type="button" on:click=move |_| {
                    if let Some(i) = folder_input.get() { i.click(); }
                }>"Open folder…"</button>
                <input type="file" class="hidden" tabindex="-1" aria-hidden="true"
                    node_ref=folder_input on:change=on_files/>
            </div>
            <div class="actions" role="toolbar" aria-label="Share and download">
                <button type="button" data-testid="share-button" on:click=share>"Share link"</button>
                <button type="button" on:click=download_yaml>"Download YAML"</button>
                <button type="button" on:click=download_tgz>"Download .tgz"</button>
                <button type="button" aria-pressed=move || pg.dark.get().to_string()
                    on:click=move |_| {
                        let d = !pg.dark.get_untracked();
                        pg.dark.set(d);
                        if let Ok(Some(s)) = window().local_storage() {
                            let _ = s.set_item("binnacle-theme", if d { "dark" } else { "light" });
                        }
                    }
                >"Dark theme"</button>
            </div>
        </header>
    }
}

/// Messages (share links, import problems), dismissable.
#[component]
fn Notice() -> impl IntoView {
    let pg = expect_context::<Pg>();
    move || {
        pg.notice.get().map(|n| {
            let link = n.link.clone();
            view! {
                <div class="notice" class:error=n.error role="status" aria-live="polite" data-testid="notice">
                    <span>{n.text.clone()}</span>
                    {link.map(|l| view! {
                        <input class="share-link" readonly=true aria-label="Share link" prop:value=l
                            on:focus=move |ev| {
                                if let Some(i) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                    i.select();
                                }
                            }/>
                    })}
                    <button type="button" class="close" aria-label="Dismiss" on:click=move |_| pg.notice.set(None)>"×"</button>
                </div>
            }
        })
    }
}

/// Above the editor: the open file's path, undo/redo/search.
#[component]
fn EditorBar() -> impl IntoView {
    let pg = expect_context::<Pg>();
    let with_editor = move |f: fn(&Editor)| {
        pg.js.with_value(|h| {
            if let Some(e) = &h.editor {
                f(e)
            }
        })
    };
    view! {
        <div class="pane-title">
            <span class="path" aria-live="polite">
                {move || pg.selected.get().unwrap_or_else(|| "No file open".into())}
            </span>
            <span class="tools" role="toolbar" aria-label="Editor">
                <button type="button" title="Undo (Ctrl+Z)" on:click=move |_| with_editor(|e| { e.undo(); })>"Undo"</button>
                <button type="button" title="Redo (Ctrl+Shift+Z)" on:click=move |_| with_editor(|e| { e.redo(); })>"Redo"</button>
                <button type="button" title="Search (Ctrl+F)" on:click=move |_| with_editor(|e| e.search())>"Search"</button>
            </span>
        </div>
    }
}

/// Release settings, as `helm template`'s flags set them.
#[component]
fn Settings() -> impl IntoView {
    let pg = expect_context::<Pg>();
    let set = move |f: Box<dyn Fn(&mut binnacle_web_engine::protocol::Release)>| {
        pg.release.update(|r| f(r));
        pg.render_soon();
    };
    view! {
        <details class="settings" open=true>
            <summary>"Release settings"</summary>
            <div class="form">
                <label>"Release name"
                    <input type="text" prop:value=move || pg.release.with(|r| r.name.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); set(Box::new(move |r| r.name = v.clone())) }/>
                </label>
                <label>"Namespace"
                    <input type="text" prop:value=move || pg.release.with(|r| r.namespace.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); set(Box::new(move |r| r.namespace = v.clone())) }/>
                </label>
                <label>"Revision"
                    <input type="number" min="1" prop:value=move || pg.release.with(|r| r.revision.to_string())
                        on:input=move |ev| {
                            let v = event_target_value(&ev).parse::<i64>().unwrap_or(1).max(1);
                            set(Box::new(move |r| r.revision = v))
                        }/>
                </label>
                <label>"Operation"
                    <select prop:value=move || if pg.release.with(|r| r.is_upgrade) { "upgrade" } else { "install" }
                        on:change=move |ev| { let up = event_target_value(&ev) == "upgrade"; set(Box::new(move |r| r.is_upgrade = up)) }>
                        <option value="install">"Install"</option>
                        <option value="upgrade">"Upgrade"</option>
                    </select>
                </label>
                <label>"Kubernetes version"
                    <input type="text" placeholder="v1.36.0 (Helm's default)" prop:value=move || pg.release.with(|r| r.kube_version.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); set(Box::new(move |r| r.kube_version = v.clone())) }/>
                </label>
                <label>"Extra API versions (one a line)"
                    <textarea rows="3" placeholder="monitoring.coreos.com/v1"
                        prop:value=move || pg.release.with(|r| r.api_versions.join("\n"))
                        on:input=move |ev| {
                            let v: Vec<String> = event_target_value(&ev).lines().map(String::from).collect();
                            set(Box::new(move |r| r.api_versions = v.clone()))
                        }></textarea>
                </label>
                <label class="check">
                    <input type="checkbox" prop:checked=move || pg.include_crds.get()
                        on:change=move |ev| { pg.include_crds.set(event_target_checked(&ev)); pg.render_soon(); }/>
                    "Include CRDs"
                </label>
                <label class="check">
                    <input type="checkbox" prop:checked=move || pg.skip_tests.get()
                        on:change=move |ev| { pg.skip_tests.set(event_target_checked(&ev)); pg.render_soon(); }/>
                    "Skip tests"
                </label>
            </div>
        </details>
    }
}

/// The tab list's keyboard behaviour (arrow keys move between tabs).
pub fn tab_keys(pg: Pg, e: &web_sys::KeyboardEvent) {
    let order = [Tab::Output, Tab::Notes, Tab::Hooks, Tab::Lint, Tab::Diff];
    let i = order
        .iter()
        .position(|t| *t == pg.tab.get_untracked())
        .unwrap_or(0);
    let next = match e.key().as_str() {
        "ArrowRight" => (i + 1) % order.len(),
        "ArrowLeft" => (i + order.len() - 1) % order.len(),
        "Home" => 0,
        "End" => order.len() - 1,
        _ => return,
    };
    e.prevent_default();
    pg.select_tab(order[next]);
    let id = [
        "tab-output",
        "tab-notes",
        "tab-hooks",
        "tab-lint",
        "tab-diff",
    ][next];
    if let Some(el) = document().get_element_by_id(id) {
        if let Ok(h) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = h.focus();
        }
    }
}
