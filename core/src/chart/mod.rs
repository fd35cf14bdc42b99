//! Charts: loading from a file map or a `.tgz`, `.helmignore`, Chart.yaml metadata,
//! dependencies. Owner: chart work.

pub mod ignore;
pub mod pathmatch;
