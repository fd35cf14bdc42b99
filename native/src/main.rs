//! The `binnacle` command.
fn main() {
    println!("binnacle {}", env!("CARGO_PKG_VERSION"));
}
