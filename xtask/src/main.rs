//! `cargo xtask`: Binnacle's workflows.
mod cluster;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // Temporary dispatch for the cluster workflow; the lead wires the full dispatcher.
    let result = match args.first().map(String::as_str) {
        Some("cluster") => cluster::run(&args[1..]),
        _ => Err("xtask: no command".to_string()),
    };
    if let Err(e) = result {
        eprintln!("{e}");
        std::process::exit(2);
    }
}
