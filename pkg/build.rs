//! Links the WebAssembly module with a 16 MiB stack: the engine nests up to
//! `binnacle_core::limits::MAX_NESTING` template calls (about 2.7 KB of stack each), and the
//! default 1 MiB would trap long before that bound.

fn main() {
    let target = std::env::var("TARGET").unwrap_or_default();
    if target.starts_with("wasm32") {
        println!("cargo:rustc-link-arg-cdylib=-zstack-size=16777216");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
