//! The native side of Binnacle: disk and archive access, and the pipeline the `binnacle`
//! command and the test runners share. Everything pure lives in `binnacle_core`.

pub mod alloc;
pub mod chartref;
pub mod host;
pub mod kubeconfig;
pub mod load;
pub mod pipeline;
pub mod sign;
