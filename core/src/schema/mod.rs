//! `values.schema.json` validation as Helm v4.2.3 does it (`ValidateAgainstSingleSchema`,
//! santhosh-tekuri/jsonschema v6): drafts 4, 6, 7, 2019-09 and 2020-12 (the default), the
//! schema itself checked against its meta-schema, `format` asserted for drafts up to 7, and
//! Helm's error text:
//!
//! ```text
//! - at '/replicas': got string, want integer
//! ```
//!
//! (one line per error, nested causes indented, then a newline), which
//! [`crate::values::schema::check_schemas`] frames with the chart names.
//!
//! Remote `$ref`s go through a [`UrlLoader`] the host supplies (`file://`, `http(s)://`);
//! `urn:` references nobody resolves are permissive, as in Helm. Go visits map entries in
//! random order, so where one schema reports several errors Helm's order varies from run to
//! run; here it is the keys' sorted order.
//!
//! Regular expressions (`pattern`, `patternProperties`, `format: regex`) are checked when
//! the schema compiles, with Go's syntax errors; Go refuses programs over its instruction
//! budget as `expression too large`, which here is an automaton over 64 MB. Their matchers
//! are built when first used; one that cannot be built although its check passed (its
//! reverse automaton over the limit) matches nothing.
//!
//! Entry points: [`Validator::validate`] and [`validator`] (a closure for
//! `render_chart`'s schema hook).

#[cfg(feature = "schema")]
mod compile;
#[cfg(feature = "schema")]
mod draft;
#[cfg(feature = "schema")]
mod error;
#[cfg(feature = "schema")]
mod format;
#[cfg(feature = "schema")]
mod json;
#[cfg(feature = "schema")]
mod metacheck;
#[cfg(all(test, feature = "schema"))]
mod metacheck_tests;
pub(crate) mod netip;
#[cfg(feature = "schema")]
mod num;
#[cfg(all(test, feature = "schema"))]
mod tests;
pub(crate) mod url;
#[cfg(feature = "schema")]
mod validate;

/// How deep validation (and resource collection) may nest before it stops with an error.
#[cfg(feature = "schema")]
pub(crate) const MAX_DEPTH: usize = if cfg!(target_family = "wasm") {
    1_000
} else {
    10_000
};

#[cfg(feature = "schema")]
pub use validator::*;

/// The validator proper (the `schema` feature).
#[cfg(feature = "schema")]
mod validator {
    use alloc::boxed::Box;
    use alloc::rc::Rc;
    use alloc::string::{String, ToString};
    use alloc::vec::Vec;

    pub use super::compile::{NoLoader, UrlLoader};
    use super::{compile, json, validate};

    use crate::value::{Map, Value};

    /// The URL Helm gives every chart's schema.
    const SCHEMA_URL: &str = "file:///values.schema.json";

    /// Validates values against chart schemas. Holds the compiled meta-schemas (compiled on
    /// first use, so renders of charts without a schema never pay for them), so one
    /// validator serves many charts.
    pub struct Validator {
        meta: Option<compile::Meta>,
        loader: Box<dyn UrlLoader>,
        /// Compiled chart schemas by their text, most recent last: a process that renders
        /// the same chart again (the playground on each keystroke, a server) skips
        /// compiling it. Only self-contained schemas are kept — one that loaded a `$ref`
        /// document may see that file change.
        compiled: Vec<(Vec<u8>, Rc<compile::Arena>, compile::SchemaId)>,
    }

    /// Compiled schemas a validator keeps, and the most schema text they may hold.
    const CACHE_ENTRIES: usize = 16;
    const CACHE_BYTES: usize = 4 << 20;

    impl Default for Validator {
        fn default() -> Self {
            Validator::new()
        }
    }

    impl Validator {
        /// A validator that loads no remote documents (no files, no network).
        pub fn new() -> Validator {
            Validator::with_loader(NoLoader)
        }

        /// A validator loading `file://` and `http(s)://` references through `loader`.
        pub fn with_loader(loader: impl UrlLoader + 'static) -> Validator {
            Validator {
                meta: None,
                loader: Box::new(loader),
                compiled: Vec::new(),
            }
        }

        /// Helm's `ValidateAgainstSingleSchema(values, schema)`: `Err` holds Helm's text, for a
        /// validation failure the error lines ending in a newline, otherwise the bare error
        /// (`EOF`, `"file:///values.schema.json#" is not valid against metaschema: …`).
        pub fn validate(&mut self, schema: &[u8], values: &Map) -> Result<(), String> {
            let instance =
                json::from_value(&Value::Map(values.clone()), crate::limits::MAX_VALUE_DEPTH);
            self.validate_json(schema, &instance)
        }

        /// Forgets the compiled chart schemas (the meta-schemas stay).
        pub fn forget_compiled(&mut self) {
            self.compiled.clear();
        }

        /// The compiled schema for `schema`'s text, from the cache or compiled now.
        fn compiled(
            &mut self,
            schema: &[u8],
        ) -> Result<(Rc<compile::Arena>, compile::SchemaId), String> {
            if let Some(i) = self.compiled.iter().position(|(t, ..)| t == schema) {
                let hit = self.compiled.remove(i);
                let out = (hit.1.clone(), hit.2);
                self.compiled.push(hit);
                return Ok(out);
            }
            let doc = json::unmarshal(schema)?;
            let mut c = compile::Compiler::new(&mut *self.loader, false);
            // Schemas are large structs: room for one per object up front spares copying
            // the arena as it grows.
            c.arena.reserve(crate::words::count_byte(schema, b'{') + 8);
            c.add_resource(SCHEMA_URL, doc)?;
            let meta = self.meta.get_or_insert_with(compile::Meta::new);
            let sch = c.compile(SCHEMA_URL, Some(meta))?;
            let self_contained = c.documents() == 1;
            let arena = Rc::new(core::mem::take(&mut c.arena));
            drop(c);
            if self_contained && schema.len() <= CACHE_BYTES / 4 {
                self.compiled.push((schema.to_vec(), arena.clone(), sch));
                while self.compiled.len() > CACHE_ENTRIES
                    || self.compiled.iter().map(|e| e.0.len()).sum::<usize>() > CACHE_BYTES
                {
                    self.compiled.remove(0);
                }
            }
            Ok((arena, sch))
        }

        fn validate_json(&mut self, schema: &[u8], instance: &json::Json) -> Result<(), String> {
            let (arena, sch) = self.compiled(schema)?;
            match validate::validate(&arena, sch, instance, &validate::Options::default()) {
                Ok(()) => Ok(()),
                Err(f @ validate::Failure::Panic(_)) => Err(f.text()),
                Err(f) => {
                    let text = f.text();
                    let prefix =
                        "jsonschema validation failed with 'file:///values.schema.json#'\n";
                    let text = text.strip_prefix(prefix).unwrap_or(&text);
                    let mut out = text.to_string();
                    out.push('\n');
                    Err(out)
                }
            }
        }
    }

    /// A validator closure for [`crate::render::chart::render_chart`]'s schema hook.
    pub fn validator() -> impl FnMut(&[u8], &Map) -> Result<(), String> {
        let mut v = Validator::new();
        move |schema, values| v.validate(schema, values)
    }

    /// A validator closure that loads references through `loader`.
    pub fn validator_with(
        loader: impl UrlLoader + 'static,
    ) -> impl FnMut(&[u8], &Map) -> Result<(), String> {
        let mut v = Validator::with_loader(loader);
        move |schema, values| v.validate(schema, values)
    }
}
