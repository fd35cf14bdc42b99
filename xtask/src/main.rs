//! `cargo xtask`: Binnacle's workflows.
fn main() {
    eprintln!("xtask: no command");
    std::process::exit(2);
}
