//! Where Helm validates values against `values.schema.json` (`ValidateAgainstSchema`):
//! the root chart's schema against all coalesced values, then each subchart's schema against
//! its section, recursively. The validator itself is supplied by the caller.

use alloc::format;
use alloc::string::String;

use crate::chart::Chart;
use crate::gofmt::slog;
use crate::host::Host;
use crate::value::{Map, MapType, Value};

/// The prefix `ToRenderValues` puts before the collected schema errors.
pub const SCHEMA_ERROR_PREFIX: &str =
    "values don't meet the specifications of the schema(s) in the following chart(s):\n";

/// Validates one schema (the file's bytes) against values; the error is Helm's text for
/// that chart (`JSONSchemaValidationError`, ending with a newline).
pub type SchemaValidator<'a> = &'a mut dyn FnMut(&[u8], &Map) -> Result<(), String>;

/// Helm's `ValidateAgainstSchema` over a processed chart tree and its coalesced values:
/// `Err` holds every chart's errors (`<chart>:\n<errors>`), without the prefix. The host
/// receives Helm's debug lines for the walk when it wants them ([`Host::wants_debug`]).
pub fn validate_against_schemas(
    chart: &Chart,
    values: &Map,
    validate: SchemaValidator<'_>,
    host: &mut dyn Host,
) -> Result<(), String> {
    let mut sb = String::new();
    walk(chart, values, validate, host, &mut sb, 0);
    if sb.is_empty() {
        Ok(())
    } else {
        Err(sb)
    }
}

fn walk(
    chart: &Chart,
    values: &Map,
    validate: SchemaValidator<'_>,
    host: &mut dyn Host,
    sb: &mut String,
    depth: usize,
) {
    if depth > crate::limits::MAX_VALUE_DEPTH {
        return;
    }
    let debug = host.wants_debug();
    if let Some(schema) = &chart.schema {
        if debug {
            host.log(&slog::line(
                "DEBUG",
                "chart name",
                &[("chart-name", chart.name())],
            ));
        }
        log_schema(host, schema);
        if let Err(e) = validate(schema, values) {
            sb.push_str(&format!("{}:\n", chart.name()));
            sb.push_str(&e);
        }
    }
    if debug {
        let count = format!("{}", chart.dependencies.len());
        host.log(&slog::line(
            "DEBUG",
            "number of dependencies in the chart",
            &[("chart", chart.name()), ("dependencies", &count)],
        ));
    }
    for sub in &chart.dependencies {
        match values.get(sub.name()) {
            None | Some(Value::Nil) => {}
            Some(Value::Map(m)) if m.map_type() != MapType::Strings => {
                walk(sub, &m, validate, host, sb, depth + 1)
            }
            Some(other) => sb.push_str(&format!(
                "{}:\ninvalid type for values: expected object (map), got {}\n",
                sub.name(),
                other.type_name()
            )),
        }
    }
}

/// The debug line Helm's `ValidateAgainstSingleSchema` logs for a schema that reads as
/// JSON: its bytes, always quoted (slog's text form of a `[]byte`). Built only when the
/// host wants debug lines, as it quotes the whole schema.
pub fn log_schema(host: &mut dyn Host, schema: &[u8]) {
    if !host.wants_debug() || crate::json::decode::check_valid(schema).is_err() {
        return;
    }
    let mut line = slog::line("DEBUG", "unmarshalled JSON schema", &[]);
    line.push_str(" schema=");
    line.push_str(&crate::gofmt::strconv::quote_bytes(schema));
    host.log(&line);
}

/// [`validate_against_schemas`] with `ToRenderValues`' wording around the errors.
pub fn check_schemas(
    chart: &Chart,
    values: &Map,
    validate: SchemaValidator<'_>,
    host: &mut dyn Host,
) -> Result<(), String> {
    validate_against_schemas(chart, values, validate, host)
        .map_err(|e| format!("{SCHEMA_ERROR_PREFIX}{e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::testutil::json;
    use alloc::rc::Rc;
    use alloc::vec::Vec;

    /// A host that wants debug lines and keeps them.
    #[derive(Default)]
    struct Debugging(Vec<String>);

    impl Host for Debugging {
        fn fill_random(&mut self, buf: &mut [u8]) {
            buf.fill(0);
        }
        fn wants_debug(&self) -> bool {
            true
        }
        fn log(&mut self, line: &str) {
            self.0.push(line.into());
        }
    }

    fn chart(name: &str, schema: Option<&str>, deps: Vec<Chart>) -> Chart {
        let mut md = crate::chart::Metadata::default();
        md.name = name.into();
        Chart {
            metadata: md,
            lock: None,
            templates: Vec::new(),
            values: Map::new(),
            raw_values: None,
            schema: schema.map(|s| Rc::from(s.as_bytes())),
            files: Vec::new(),
            raw: Vec::new(),
            dependencies: deps,
            warnings: Vec::new(),
        }
    }

    #[test]
    fn walks_root_then_subcharts() {
        let tree = chart(
            "p",
            Some("P"),
            alloc::vec![
                chart("a", Some("A"), Vec::new()),
                chart("b", Some("B"), Vec::new()),
                chart("c", Some("C"), Vec::new())
            ],
        );
        let vals = json(r#"{"a":{"x":1},"b":null,"x":2}"#);
        let mut seen = Vec::new();
        let mut v = |s: &[u8], m: &Map| {
            seen.push((String::from_utf8_lossy(s).into_owned(), m.len()));
            Err(String::from("- bad\n"))
        };
        let mut host = Debugging::default();
        let e = check_schemas(&tree, vals.as_map().unwrap(), &mut v, &mut host).unwrap_err();
        assert_eq!(seen, [(String::from("P"), 3), (String::from("A"), 1)]);
        // Helm's debug lines, in its order (`helm template --debug` prints them).
        assert_eq!(
            host.0,
            [
                "level=DEBUG msg=\"chart name\" chart-name=p",
                "level=DEBUG msg=\"number of dependencies in the chart\" chart=p dependencies=3",
                "level=DEBUG msg=\"chart name\" chart-name=a",
                "level=DEBUG msg=\"number of dependencies in the chart\" chart=a dependencies=0",
            ]
        );
        // A schema that reads as JSON is logged, quoted.
        let tree = chart("q", Some("{\"type\": \"object\"}"), Vec::new());
        let mut host = Debugging::default();
        let mut ok = |_: &[u8], _: &Map| Ok(());
        check_schemas(&tree, vals.as_map().unwrap(), &mut ok, &mut host).unwrap();
        assert_eq!(
            host.0[1],
            r#"level=DEBUG msg="unmarshalled JSON schema" schema="{\"type\": \"object\"}""#
        );
        assert_eq!(e, "values don't meet the specifications of the schema(s) in the following chart(s):\np:\n- bad\na:\n- bad\n");
    }
}
