//! Where Helm validates values against `values.schema.json` (`ValidateAgainstSchema`):
//! the root chart's schema against all coalesced values, then each subchart's schema against
//! its section, recursively. The validator itself is supplied by the caller.

use alloc::format;
use alloc::string::String;

use crate::chart::Chart;
use crate::value::{Map, MapType, Value};

/// The prefix `ToRenderValues` puts before the collected schema errors.
pub const SCHEMA_ERROR_PREFIX: &str =
    "values don't meet the specifications of the schema(s) in the following chart(s):\n";

/// Validates one schema (the file's bytes) against values; the error is Helm's text for
/// that chart (`JSONSchemaValidationError`, ending with a newline).
pub type SchemaValidator<'a> = &'a mut dyn FnMut(&[u8], &Map) -> Result<(), String>;

/// Helm's `ValidateAgainstSchema` over a processed chart tree and its coalesced values:
/// `Err` holds every chart's errors (`<chart>:\n<errors>`), without the prefix. `debug`,
/// when given, receives Helm's debug lines for the walk (slog's text format).
pub fn validate_against_schemas(
    chart: &Chart,
    values: &Map,
    validate: SchemaValidator<'_>,
    mut debug: Option<&mut dyn FnMut(&str)>,
) -> Result<(), String> {
    let mut sb = String::new();
    walk(chart, values, validate, &mut debug, &mut sb, 0);
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
    debug: &mut Option<&mut dyn FnMut(&str)>,
    sb: &mut String,
    depth: usize,
) {
    use crate::gofmt::slog;
    if depth > crate::limits::MAX_VALUE_DEPTH {
        return;
    }
    if let Some(schema) = &chart.schema {
        if let Some(log) = debug {
            log(&slog::line(
                "DEBUG",
                "chart name",
                &[("chart-name", chart.name())],
            ));
            if let Some(line) = schema_debug_line(schema) {
                log(&line);
            }
        }
        if let Err(e) = validate(schema, values) {
            sb.push_str(&format!("{}:\n", chart.name()));
            sb.push_str(&e);
        }
    }
    if let Some(log) = debug {
        let count = format!("{}", chart.dependencies.len());
        log(&slog::line(
            "DEBUG",
            "number of dependencies in the chart",
            &[("chart", chart.name()), ("dependencies", &count)],
        ));
    }
    for sub in &chart.dependencies {
        match values.get(sub.name()) {
            None | Some(Value::Nil) => {}
            Some(Value::Map(m)) if m.map_type() != MapType::Strings => {
                walk(sub, &m, validate, debug, sb, depth + 1)
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
/// JSON: its bytes, always quoted (slog's text form of a `[]byte`).
pub fn schema_debug_line(schema: &[u8]) -> Option<String> {
    crate::json::decode::check_valid(schema).ok()?;
    let mut line = crate::gofmt::slog::line("DEBUG", "unmarshalled JSON schema", &[]);
    line.push_str(" schema=");
    line.push_str(&crate::gofmt::strconv::quote_bytes(schema));
    Some(line)
}

/// [`validate_against_schemas`] with `ToRenderValues`' wording around the errors.
pub fn check_schemas(
    chart: &Chart,
    values: &Map,
    validate: SchemaValidator<'_>,
    debug: Option<&mut dyn FnMut(&str)>,
) -> Result<(), String> {
    validate_against_schemas(chart, values, validate, debug)
        .map_err(|e| format!("{SCHEMA_ERROR_PREFIX}{e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::testutil::json;
    use alloc::rc::Rc;
    use alloc::vec::Vec;

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
        let mut lines = Vec::new();
        let mut log = |l: &str| lines.push(String::from(l));
        let e = check_schemas(&tree, vals.as_map().unwrap(), &mut v, Some(&mut log)).unwrap_err();
        assert_eq!(seen, [(String::from("P"), 3), (String::from("A"), 1)]);
        // Helm's debug lines, in its order (`helm template --debug` prints them).
        assert_eq!(
            lines,
            [
                "level=DEBUG msg=\"chart name\" chart-name=p",
                "level=DEBUG msg=\"number of dependencies in the chart\" chart=p dependencies=3",
                "level=DEBUG msg=\"chart name\" chart-name=a",
                "level=DEBUG msg=\"number of dependencies in the chart\" chart=a dependencies=0",
            ]
        );
        // A schema that reads as JSON is logged, quoted.
        let tree = chart("q", Some("{\"type\": \"object\"}"), Vec::new());
        let mut lines = Vec::new();
        let mut log = |l: &str| lines.push(String::from(l));
        let mut ok = |_: &[u8], _: &Map| Ok(());
        check_schemas(&tree, vals.as_map().unwrap(), &mut ok, Some(&mut log)).unwrap();
        assert_eq!(
            lines[1],
            r#"level=DEBUG msg="unmarshalled JSON schema" schema="{\"type\": \"object\"}""#
        );
        assert_eq!(e, "values don't meet the specifications of the schema(s) in the following chart(s):\np:\n- bad\na:\n- bad\n");
    }
}
