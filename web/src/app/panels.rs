//! The output side: the rendered manifests, NOTES, hooks, lint, the diff view, errors and
//! the render time.

use std::sync::Arc;

use binnacle_web_engine::protocol::{DiffResponse, LintFinding, Location, VALUES_FILE};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use super::state::{DiffMode, Pg, Tab};
use crate::js;

/// The output panel: status line, error, tabs.
#[component]
pub fn Output(
    /// Where the output editor goes.
    output_ref: NodeRef<html::Div>,
) -> impl IntoView {
    let pg = expect_context::<Pg>();
    let tab_button = move |t: Tab, label: &'static str, id: &'static str| {
        view! {
            <button type="button" role="tab" id=format!("tab-{id}") aria-controls=format!("panel-{id}")
                aria-selected=move || (pg.tab.get() == t).to_string()
                tabindex=move || if pg.tab.get() == t { "0" } else { "-1" }
                on:click=move |_| pg.select_tab(t)>
                {label}
                {move || match t {
                    Tab::Hooks => pg.good.with(|g| g.as_ref().map(|r| format!(" ({})", r.hooks.len()))),
                    Tab::Lint => pg.result.with(|r| {
                        r.as_ref().and_then(|r| r.lint.as_ref()).map(|l| format!(" ({})", l.len()))
                    }),
                    _ => None,
                }}
            </button>
        }
    };
    // Rebuilt only when the set of templates changes, not on every render.
    let templates = Memo::new(move |_| {
        pg.good
            .with(|g| {
                g.as_ref().map(|r| {
                    r.templates
                        .iter()
                        .map(|t| t.path.clone())
                        .collect::<Vec<_>>()
                })
            })
            .unwrap_or_default()
    });
    view! {
        <section class="output-side" aria-label="Output">
            <div class="pane-title status">
                <span class="state" role="status" aria-live="polite">
                    {move || {
                        if pg.busy.get() {
                            "Rendering…".to_string()
                        } else if pg.engine_error.with(Option::is_some) || pg.result.with(|r| r.as_ref().is_some_and(|r| r.error.is_some())) {
                            "Failed".to_string()
                        } else if pg.result.with(Option::is_some) {
                            "Rendered".to_string()
                        } else {
                            "Loading the engine…".to_string()
                        }
                    }}
                </span>
                <span class="render-time" data-testid="render-time" title="From the edit to the output on screen (time inside the engine)">
                    {move || pg.timing.get().map(|t| format!("{:.0} ms (engine {:.0} ms)", t.edit_to_output_ms, t.engine_ms))}
                </span>
                <Show when=move || pg.busy.get()>
                    <button type="button" on:click=move |_| pg.stop()>"Stop"</button>
                </Show>
            </div>
            <ErrorBox/>
            <div class="tabs" role="tablist" aria-label="Views" on:keydown=move |e| super::tab_keys(pg, &e)>
                {tab_button(Tab::Output, "Manifests", "output")}
                {tab_button(Tab::Notes, "NOTES", "notes")}
                {tab_button(Tab::Hooks, "Hooks", "hooks")}
                {tab_button(Tab::Lint, "Lint", "lint")}
                {tab_button(Tab::Diff, "Diff", "diff")}
            </div>
            <div id="panel-output" role="tabpanel" aria-labelledby="tab-output" class="panel output-panel"
                class:hidden=move || pg.tab.get() != Tab::Output>
                <div class="pane-title">
                    <label class="inline">
                        <span>"Show"</span>
                        <select aria-label="Which output to show"
                            prop:value=move || pg.view.get()
                            on:change=move |ev| {
                                pg.view.set(event_target_value(&ev));
                                // Template texts come with a render only while one is shown.
                                pg.show_output();
                                pg.render_now();
                            }>
                            <option value="">"All (helm template)"</option>
                            {move || templates.get().into_iter().map(|p| view! { <option value=p.clone()>{p.clone()}</option> }).collect_view()}
                        </select>
                    </label>
                    <span class="stale-note" class:shown=move || pg.result.with(|r| r.as_ref().is_some_and(|r| r.error.is_some()))>
                        "Showing the last successful render"
                    </span>
                </div>
                <div class="output" data-testid="output" data-render-seq=move || pg.seq.get().to_string()
                    class:stale=move || pg.result.with(|r| r.as_ref().is_some_and(|r| r.error.is_some()))
                    node_ref=output_ref></div>
            </div>
            // Every panel stays in the page (hidden when not shown) so tests and assistive
            // technology find them at stable places.
            <div id="panel-notes" role="tabpanel" aria-labelledby="tab-notes" class="panel text-panel" data-testid="notes"
                class:hidden=move || pg.tab.get() != Tab::Notes>
                {move || pg.good.with(|g| match g {
                    Some(r) if !r.notes.is_empty() => view! { <pre>{r.notes.clone()}</pre> }.into_any(),
                    _ => view! { <p class="empty">"This chart has no NOTES.txt (or it rendered empty)."</p> }.into_any(),
                })}
            </div>
            <Hooks/>
            <Lint/>
            <div class="panel diff-panel" id="panel-diff" role="tabpanel" aria-labelledby="tab-diff"
                class:hidden=move || pg.tab.get() != Tab::Diff>
                <Diff/>
            </div>
        </section>
    }
}

/// The error, with every place it names as a link into the editor.
#[component]
fn ErrorBox() -> impl IntoView {
    let pg = expect_context::<Pg>();
    move || {
        let engine = pg.engine_error.get();
        let err = pg.result.with(|r| r.as_ref().and_then(|r| r.error.clone()));
        if engine.is_none() && err.is_none() {
            return None;
        }
        let (message, locations) = match (engine, err) {
            (Some(e), _) => (format!("The engine failed: {e}"), Vec::new()),
            (None, Some(e)) => (e.message, e.locations),
            (None, None) => return None,
        };
        let links = locations
            .into_iter()
            .rev()
            .map(|l| {
                let label = location_label(&l);
                let usable = l.in_workspace || l.file == VALUES_FILE;
                view! {
                    <li>
                        <button type="button" class="link" disabled=!usable
                            on:click=move |_| pg.jump(&l)>{label}</button>
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <div class="error-box" data-testid="error" role="alert">
                <pre class="message">{message}</pre>
                <ul class="locations" aria-label="Go to">{links}</ul>
            </div>
        })
    }
}

/// `helm lint`'s last line for this chart: it fails on an error finding.
fn lint_summary(findings: &[LintFinding]) -> String {
    let failed = usize::from(findings.iter().any(|f| f.severity == "ERROR"));
    format!("1 chart(s) linted, {failed} chart(s) failed")
}

fn location_label(l: &Location) -> String {
    let file = if l.file == VALUES_FILE && !l.in_workspace {
        "user values".to_string()
    } else {
        l.file.clone()
    };
    match (l.line, l.column) {
        (Some(line), Some(col)) => format!("{file}:{line}:{col}"),
        (Some(line), None) => format!("{file}:{line}"),
        _ => file,
    }
}

#[component]
fn Hooks() -> impl IntoView {
    let pg = expect_context::<Pg>();
    view! {
        <div id="panel-hooks" role="tabpanel" aria-labelledby="tab-hooks" class="panel text-panel" data-testid="hooks"
            class:hidden=move || pg.tab.get() != Tab::Hooks>
            {move || pg.good.with(|g| {
                let Some(r) = g else { return view! { <p class="empty">"Nothing rendered yet."</p> }.into_any() };
                if r.hooks.is_empty() {
                    return view! { <p class="empty">"This chart has no hooks."</p> }.into_any();
                }
                r.hooks.iter().map(|h| {
                    let summary = format!("{} {} — {} (weight {})", h.kind, h.name, h.events.join(", "), h.weight);
                    view! {
                        <details class="hook">
                            <summary>{summary}</summary>
                            <p class="source">{h.path.clone()}</p>
                            <pre>{h.manifest.clone()}</pre>
                        </details>
                    }
                }).collect_view().into_any()
            })}
        </div>
    }
}

#[component]
fn Lint() -> impl IntoView {
    let pg = expect_context::<Pg>();
    view! {
        <div id="panel-lint" role="tabpanel" aria-labelledby="tab-lint" class="panel text-panel" data-testid="lint"
            class:hidden=move || pg.tab.get() != Tab::Lint>
            {move || pg.result.with(|r| {
                let Some(r) = r else { return view! { <p class="empty">"Nothing rendered yet."</p> }.into_any() };
                let findings = match (&r.lint, &r.lint_unavailable) {
                    (Some(f), _) if f.is_empty() => view! { <p>"No lint findings."</p><p class="lint-summary">{lint_summary(f)}</p> }.into_any(),
                    (Some(f), _) => view! {
                        <ul class="findings">
                            {f.iter().map(|x| {
                                let loc = x.location.clone();
                                view! {
                                    <li class=format!("finding {}", x.severity.to_lowercase())>
                                        <strong>{format!("[{}]", x.severity)}</strong>" "
                                        {x.message.clone()}
                                        {loc.map(|l| { let label = location_label(&l); view! {
                                            " "<button type="button" class="link" aria-label=format!("Go to {label}")
                                                on:click=move |_| pg.jump(&l)>{label.clone()}</button>
                                        }})}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        <p class="lint-summary">{lint_summary(f)}</p>
                    }.into_any(),
                    (None, why) => view! {
                        <p class="empty">{why.clone().unwrap_or_else(|| "Lint was not run.".into())}</p>
                    }.into_any(),
                };
                let warnings = (!r.warnings.is_empty()).then(|| view! {
                    <h3>"Warnings Helm would log"</h3>
                    <ul class="warnings">{r.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}</ul>
                });
                view! { {findings}{warnings} }.into_any()
            })}
        </div>
    }
}

/// The diff view: output with values A against values B, or a snapshot against now.
#[component]
fn Diff() -> impl IntoView {
    let pg = expect_context::<Pg>();
    let b_ref = NodeRef::<html::Div>::new();
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let Some(el) = b_ref.get() else { return false };
        let opts = js_sys::Object::new();
        js::set(&opts, "label", &JsValue::from_str("Values B editor"));
        let cb = Closure::<dyn Fn(String)>::new(move |t: String| {
            pg.values_b.set_value(t);
            pg.diff_soon();
        });
        js::set(&opts, "onChange", cb.as_ref());
        cb.forget();
        let ed = js::Editor::new(&el, &opts);
        pg.js.update_value(|h| h.values_b = Some(ed));
        true
    });
    let copy_a_to_b = move || {
        let a = pg.values.get_value();
        pg.values_b.set_value(a.clone());
        pg.js.with_value(|h| {
            if let Some(b) = &h.values_b {
                b.open("values-b", &a);
            }
        });
        pg.diff_soon();
    };
    // Values B starts as a copy of A the first time the view opens.
    let seeded = StoredValue::new(false);
    Effect::new(move |_| {
        if pg.tab.get() == Tab::Diff
            && !seeded.get_value()
            && pg.js.with_value(|h| h.values_b.is_some())
        {
            seeded.set_value(true);
            copy_a_to_b();
        }
    });
    view! {
        <div class="diff-controls" role="radiogroup" aria-label="Compare">
            <label class="check">
                <input type="radio" name="diff-mode" prop:checked=move || pg.diff_mode.get() == DiffMode::Values
                    on:change=move |_| { pg.diff_mode.set(DiffMode::Values); pg.diff_soon(); }/>
                "Values A (the values editor) against values B"
            </label>
            <label class="check">
                <input type="radio" name="diff-mode" prop:checked=move || pg.diff_mode.get() == DiffMode::Snapshot
                    on:change=move |_| { pg.diff_mode.set(DiffMode::Snapshot); pg.diff_soon(); }/>
                "A snapshot against the current output"
            </label>
        </div>
        <div class="diff-b" class:hidden=move || pg.diff_mode.get() != DiffMode::Values>
            <div class="pane-title">
                <span>"Values B"</span>
                <button type="button" on:click=move |_| copy_a_to_b()>"Copy values A into B"</button>
            </div>
            <div class="values-b-editor" data-testid="values-b-editor" node_ref=b_ref></div>
        </div>
        <div class="pane-title" class:hidden=move || pg.diff_mode.get() != DiffMode::Snapshot>
            <button type="button" on:click=move |_| {
                let s = pg.good.get_untracked().map(|r| Arc::new(r.stream.clone()));
                pg.snapshot.set(s);
                pg.diff_soon();
            }>"Take a snapshot of the output"</button>
            <span class="hint">{move || if pg.snapshot.with(Option::is_some) {
                "Edit the chart or values: the diff shows what changed since the snapshot."
            } else {
                "No snapshot yet."
            }}</span>
        </div>
        <div class="diff" data-testid="diff">
            {move || match pg.diff.get() {
                None => view! { <p class="empty">"Nothing to compare yet."</p> }.into_any(),
                Some(Err(e)) => view! { <p class="form-error">{e}</p> }.into_any(),
                Some(Ok(d)) => diff_view(&d),
            }}
        </div>
    }
}

fn diff_view(d: &DiffResponse) -> AnyView {
    if d.hunks.is_empty() {
        return view! { <p class="empty">"No differences."</p> }.into_any();
    }
    let summary = format!("+{} −{} lines", d.added, d.removed);
    let hunks = d
        .hunks
        .iter()
        .map(|h| {
            let rows = h
                .iter()
                .map(|l| {
                    let class = match l.tag {
                        '+' => "add",
                        '-' => "del",
                        _ => "ctx",
                    };
                    let num = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
                    view! {
                        <tr class=class>
                            <td class="num">{num(l.old)}</td>
                            <td class="num">{num(l.new)}</td>
                            <td class="tag">{l.tag.to_string()}</td>
                            <td class="line">{l.text.clone()}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! { <tbody class="hunk">{rows}</tbody> }
        })
        .collect_view();
    view! {
        <p class="diff-summary">{summary}</p>
        <table class="diff-table"><caption class="sr-only">"Differences"</caption>{hunks}</table>
    }
    .into_any()
}
