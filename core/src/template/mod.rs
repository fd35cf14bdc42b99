//! Go's text/template, rebuilt: [`lex`] → [`parse`] ([`node`]) → [`exec`], with the builtin
//! functions in [`builtins`] and function tables in [`funcs`].

pub mod error;
pub mod exec;
#[cfg(test)]
mod exec_tests;
pub mod funcs;
pub mod gostr;
pub mod lex;
mod memo;
pub mod node;
pub mod parse;
