//! Compiles the example charts (`examples/<name>/…`) into the page: generates a table of
//! `include_bytes!` so the gallery works offline and from a single build.

use std::fmt::Write;
use std::path::{Path, PathBuf};

fn walk(root: &Path, rel: &str, out: &mut Vec<String>) {
    let dir = if rel.is_empty() {
        root.to_path_buf()
    } else {
        root.join(rel)
    };
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            e.expect("directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    for n in names {
        let r = if rel.is_empty() {
            n
        } else {
            format!("{rel}/{n}")
        };
        if root.join(&r).is_dir() {
            walk(root, &r, out);
        } else {
            out.push(r);
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let examples = manifest.join("examples");
    println!("cargo:rerun-if-changed={}", examples.display());
    let mut names: Vec<String> = std::fs::read_dir(&examples)
        .expect("web/examples")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut src = String::from(
        "/// One chart's files: (path, bytes).\npub type ExampleFiles = &'static [(&'static str, &'static [u8])];\n/// The example charts: (id, files).\npub static EXAMPLES: &[(&str, ExampleFiles)] = &[\n",
    );
    for name in &names {
        let root = examples.join(name);
        let mut files = Vec::new();
        walk(&root, "", &mut files);
        writeln!(src, "    ({name:?}, &[").unwrap();
        for f in files {
            let full = root.join(&f);
            println!("cargo:rerun-if-changed={}", full.display());
            writeln!(
                src,
                "        ({f:?}, include_bytes!({:?})),",
                full.display().to_string()
            )
            .unwrap();
        }
        writeln!(src, "    ]),").unwrap();
    }
    src.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("examples.rs");
    std::fs::write(out, src).expect("writing examples.rs");
}
