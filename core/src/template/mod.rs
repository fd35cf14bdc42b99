//! Go's text/template, rebuilt: [`lex`] → [`parse`] ([`node`]) → [`exec`], with the builtin
//! functions in [`builtins`] and function tables in [`funcs`].

pub mod funcs;
