//! The file tree: open, add, rename and delete chart files.

use leptos::html;
use leptos::prelude::*;

use super::state::{Pg, TreeOp};
use crate::model::{self, TreeNode};

/// The tree with its toolbar and the form of the operation in progress.
#[component]
pub fn FileTree() -> impl IntoView {
    let pg = expect_context::<Pg>();
    let selected_path = move || pg.selected.get();
    view! {
        <nav class="file-tree" data-testid="file-tree" aria-label="Chart files">
            <div class="pane-title">
                <span>"Files"</span>
                <span class="tools" role="toolbar" aria-label="Files">
                    <button type="button" title="Add a file"
                        on:click=move |_| {
                            let dir = selected_path()
                                .and_then(|p| p.rsplit_once('/').map(|(d, _)| format!("{d}/")))
                                .unwrap_or_else(|| "templates/".into());
                            pg.tree_op.set(Some(TreeOp::New(dir)));
                        }>"New"</button>
                    <button type="button" title="Rename or move the open file"
                        disabled=move || selected_path().is_none()
                        on:click=move |_| {
                            if let Some(p) = selected_path() {
                                pg.tree_op.set(Some(TreeOp::Rename { from: p.clone(), to: p }));
                            }
                        }>"Rename"</button>
                    <button type="button" title="Delete the open file"
                        disabled=move || selected_path().is_none()
                        on:click=move |_| {
                            if let Some(p) = selected_path() {
                                pg.tree_op.set(Some(TreeOp::Delete(p)));
                            }
                        }>"Delete"</button>
                </span>
            </div>
            <TreeOpForm/>
            <div class="tree-body">
                {move || {
                    let paths = pg.paths.get();
                    nodes(pg, model::tree(paths.iter().map(String::as_str)), 0)
                }}
            </div>
        </nav>
    }
}

fn nodes(pg: Pg, list: Vec<TreeNode>, depth: usize) -> AnyView {
    let items = list
        .into_iter()
        .map(|n| match n {
            TreeNode::Dir { name, children, .. } => view! {
                <li role="none">
                    <details open=true>
                        <summary>{format!("{name}/")}</summary>
                        {nodes(pg, children, depth + 1)}
                    </details>
                </li>
            }
            .into_any(),
            TreeNode::File { name, path } => {
                let p = path.clone();
                let p2 = path.clone();
                let is_sel = move || pg.selected.get().as_deref() == Some(p2.as_str());
                view! {
                    <li role="none">
                        <button type="button" class="file" class:selected=is_sel.clone()
                            aria-current=move || if is_sel() { "true" } else { "false" }
                            title=path.clone()
                            on:click=move |_| pg.select(Some(p.clone()))>{name}</button>
                    </li>
                }
                .into_any()
            }
        })
        .collect_view();
    let role = if depth == 0 { "tree" } else { "group" };
    view! { <ul role=role>{items}</ul> }.into_any()
}

/// The form of the tree operation being made (new path, new name, delete confirmation).
#[component]
fn TreeOpForm() -> impl IntoView {
    let pg = expect_context::<Pg>();
    let input = NodeRef::<html::Input>::new();
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if pg.tree_op.get().is_some() {
            if let Some(i) = input.get() {
                let _ = i.focus();
            }
        }
    });
    let submit = move || {
        let Some(op) = pg.tree_op.get_untracked() else {
            return;
        };
        let typed = input.get().map(|i| i.value()).unwrap_or_default();
        let res = match op {
            TreeOp::New(_) => pg.add_file(&typed),
            TreeOp::Rename { from, .. } => pg.rename_file(&from, &typed),
            TreeOp::Delete(p) => {
                pg.delete_file(&p);
                Ok(())
            }
        };
        match res {
            Ok(()) => {
                error.set(None);
                pg.tree_op.set(None);
            }
            Err(e) => error.set(Some(e)),
        }
    };
    let cancel = move || {
        error.set(None);
        pg.tree_op.set(None);
    };
    move || {
        pg.tree_op.get().map(|op| {
            let (label, value, action) = match &op {
                TreeOp::New(d) => ("New file path", Some(d.clone()), "Add"),
                TreeOp::Rename { to, .. } => ("New path", Some(to.clone()), "Rename"),
                TreeOp::Delete(_) => ("", None, "Delete"),
            };
            view! {
                <form class="tree-op" on:submit=move |ev| { ev.prevent_default(); submit(); }
                    on:keydown=move |ev| if ev.key() == "Escape" { cancel(); }>
                    {match (&op, value) {
                        (TreeOp::Delete(p), _) => view! { <p>"Delete " <code>{p.clone()}</code> "?"</p> }.into_any(),
                        (_, v) => view! {
                            <label>{label}
                                <input type="text" node_ref=input prop:value=v.unwrap_or_default()
                                    spellcheck="false" autocomplete="off"/>
                            </label>
                        }.into_any(),
                    }}
                    {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                    <div class="row">
                        <button type="submit">{action}</button>
                        <button type="button" on:click=move |_| cancel()>"Cancel"</button>
                    </div>
                </form>
            }
        })
    }
}
