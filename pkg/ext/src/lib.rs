//! An extension module of the npm package: core template functions too big for the main
//! module, loaded by the package's JavaScript when a template first calls one. One build
//! per feature: `crypto` (Sprig's key, certificate, bcrypt and AES functions), `regex`
//! (Sprig's regex functions) and `toml` (Helm's `toToml`, `mustToToml`, `fromToml`).
//!
//! No wasm-bindgen here: the module exports `ext_alloc`, `ext_call` and `ext_free` and
//! imports `env.random` (the JavaScript side's `crypto.getRandomValues`). A call is one
//! [`wire::Call`] message in and one `wire` result out.
#![deny(missing_docs)]

#[path = "../../src/jsonw.rs"]
#[allow(dead_code)]
mod jsonw;
#[path = "../../src/wire.rs"]
pub mod wire;

use binnacle_core::host::{Host, Instant, SeededHost};
use binnacle_core::template::funcs::{CallCtx, Func};
use binnacle_core::Value;

// Talc instead of Rust's default dlmalloc: faster on the engine's many small allocations.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// A certificate arriving as an argument: the crypto functions recognise the core's own
/// type by downcasting.
fn certificate_value(cert: String, key: String) -> binnacle_core::Value {
    #[cfg(feature = "crypto")]
    {
        binnacle_core::sprig::crypto::cert::Certificate { cert, key }.value()
    }
    #[cfg(not(feature = "crypto"))]
    {
        binnacle_core::Value::Object(std::rc::Rc::new(wire::Certificate { cert, key }))
    }
}

/// The function named `name`, if this build carries it.
pub fn find(name: &str) -> Option<&'static Func> {
    // Builds without function groups (schema, lint, package) search empty tables.
    let tables: [&'static [Func]; 3] = [
        #[cfg(feature = "crypto")]
        binnacle_core::sprig::crypto::FUNCS,
        #[cfg(not(feature = "crypto"))]
        &[],
        #[cfg(feature = "regex")]
        binnacle_core::sprig::regex::FUNCS,
        #[cfg(not(feature = "regex"))]
        &[],
        #[cfg(feature = "toml")]
        &TOML_FUNCS,
        #[cfg(not(feature = "toml"))]
        &[],
    ];
    tables.into_iter().flatten().find(|f| f.name == name)
}

/// Helm's TOML functions out of `HELM_FUNCS`, chosen at compile time so that only they
/// are linked (`toToml`, `mustToToml`, `fromToml`: the last three-letter-suffixed ones).
#[cfg(feature = "toml")]
static TOML_FUNCS: [Func; 3] = {
    const HELM: &[Func] = binnacle_core::render::funcs::HELM_FUNCS;
    const fn ends_with_toml(name: &str) -> bool {
        let b = name.as_bytes();
        let n = b.len();
        n >= 4 && b[n - 4] == b'T' && b[n - 3] == b'o' && b[n - 2] == b'm' && b[n - 1] == b'l'
    }
    let mut out = [HELM[0]; 3];
    let (mut i, mut j) = (0, 0);
    while i < HELM.len() {
        if ends_with_toml(HELM[i].name) {
            out[j] = HELM[i];
            j += 1;
        }
        i += 1;
    }
    out
};

#[cfg(target_arch = "wasm32")]
#[link(wasm_import_module = "env")]
extern "C" {
    fn random(ptr: *mut u8, len: usize);
}

#[cfg(target_arch = "wasm32")]
fn os_random(buf: &mut [u8]) {
    // SAFETY: the import writes exactly `len` bytes at `ptr`, inside `buf`.
    unsafe { random(buf.as_mut_ptr(), buf.len()) }
}

#[cfg(not(target_arch = "wasm32"))]
fn os_random(buf: &mut [u8]) {
    // Native builds exist for tests, which always seed.
    SeededHost::new(0).fill_random(buf)
}

/// The host of one call: the main module's clock reading, and its seed or a secure source.
struct ExtHost {
    now: i128,
    seeded: Option<SeededHost>,
}

impl Host for ExtHost {
    fn now(&mut self) -> Instant {
        Instant {
            unix_nanos: self.now,
        }
    }

    fn fill_random(&mut self, buf: &mut [u8]) {
        match &mut self.seeded {
            Some(s) => s.fill_random(buf),
            None => os_random(buf),
        }
    }
}

/// Runs one request message and answers the result message.
pub fn handle(payload: &[u8]) -> Vec<u8> {
    let result = wire::Request::decode(payload).and_then(|req| match req {
        wire::Request::Func(call) => {
            let f = find(&call.name)
                .ok_or_else(|| format!("{} is not in this extension module", call.name))?;
            let mut host = ExtHost {
                now: call.now,
                seeded: call.seed.map(SeededHost::new),
            };
            let mut ctx = CallCtx {
                host: &mut host,
                lint: call.lint,
                unchanged: false,
            };
            (f.imp)(&mut ctx, &call.args)
        }
        wire::Request::Schema { schema, values } => validate_schema(&schema, &values),
        wire::Request::Lint(l) => lint(l),
        wire::Request::Package(p) => package(p),
    });
    wire::encode_result(&result)
}

#[allow(dead_code)] // every build but the one with all features uses it
fn unavailable(what: &str) -> Result<Value, String> {
    Err(format!("{what} is not in this extension module"))
}

#[cfg(feature = "schema")]
thread_local! {
    /// One validator for the module's life: it keeps the compiled meta-schemas.
    static VALIDATOR: std::cell::RefCell<binnacle_core::schema::Validator> =
        std::cell::RefCell::new(binnacle_core::schema::Validator::new());
}

#[cfg(feature = "schema")]
fn validate_schema(schema: &[u8], values: &Value) -> Result<Value, String> {
    let Value::Map(m) = values else {
        return Err("schema values must be a map".into());
    };
    VALIDATOR.with(|v| match v.try_borrow_mut() {
        Ok(mut v) => v.validate(schema, m).map(|()| Value::Nil),
        Err(_) => binnacle_core::schema::Validator::new()
            .validate(schema, m)
            .map(|()| Value::Nil),
    })
}

#[cfg(not(feature = "schema"))]
fn validate_schema(_: &[u8], _: &Value) -> Result<Value, String> {
    unavailable("values.schema.json validation")
}

/// One `helm lint` entry as Helm finds it in the chart directory.
#[cfg(feature = "lint")]
fn lint_entry(files: &[(String, Vec<u8>)], name: &str) -> binnacle_core::lint::Entry {
    use binnacle_core::lint::Entry;
    if let Some((_, d)) = files.iter().find(|(n, _)| n == name) {
        return Entry::File(d.clone());
    }
    let dir = format!("{name}/");
    if files.iter().any(|(n, _)| n.starts_with(&dir)) {
        Entry::Dir
    } else {
        Entry::Missing
    }
}

#[cfg(feature = "lint")]
fn lint(l: wire::LintCall) -> Result<Value, String> {
    use binnacle_core::lint;
    let Value::Map(values) = &l.values else {
        return Err("lint values must be a map".into());
    };
    let dir = lint::ChartDir {
        path: l.path.clone(),
        chart_yaml: lint_entry(&l.files, "Chart.yaml"),
        values_yaml: lint_entry(&l.files, "values.yaml"),
        values_schema: lint_entry(&l.files, "values.schema.json"),
        templates: lint_entry(&l.files, "templates"),
        crds: lint_entry(&l.files, "crds"),
        files: Ok(l.files.clone()),
    };
    let opts = lint::Options {
        namespace: l.namespace.clone(),
        kube_version: l.kube_version.clone(),
        skip_schema_validation: l.skip_schema_validation,
    };
    let mut host = ExtHost {
        now: l.now,
        seeded: l.seed.map(SeededHost::new),
    };
    let mut validator = binnacle_core::schema::validator();
    let schema: Option<lint::SchemaCheck<'_>> = if l.skip_schema_validation {
        None
    } else {
        Some(&mut validator)
    };
    // Helm stats Chart.yaml before linting; a chart without one is an error of the run.
    let outcome = if matches!(dir.chart_yaml, lint::Entry::Missing) {
        Err(format!(
            "unable to check Chart.yaml file in chart: stat {}/Chart.yaml: no such file or directory",
            l.path.trim_end_matches('/')
        ))
    } else {
        Ok(lint::lint_chart(&dir, values, &opts, schema, &mut host))
    };
    let mut report = lint::Report::default();
    report.add(outcome, l.strict);
    // What `helm lint` prints on stdout; the summary goes there too unless the chart
    // failed, when Helm returns it as its error instead.
    let mut text = String::new();
    let mut failed = 0;
    if let Some((t, f)) = lint::chart_text(&l.path, &report, l.quiet) {
        text.push_str(&t);
        failed += usize::from(f);
    }
    let summary = lint::summary(report.total_charts_linted, failed);
    if failed == 0 {
        text.push_str(&summary);
        text.push('\n');
    }
    let mut s = String::new();
    let mut o = jsonw::Obj::new(&mut s);
    o.strs("errors", &report.errors);
    let out = o.key("messages");
    out.push('[');
    for (i, m) in report.messages.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let mut mo = jsonw::Obj::new(out);
        mo.str("error", &m.error);
        mo.str("path", &m.path);
        mo.num("severity", m.severity as i64);
        mo.end();
    }
    out.push(']');
    o.num("total_charts_linted", report.total_charts_linted as i64);
    o.str("text", &text);
    o.str("summary", &summary);
    o.bool("failed", failed > 0);
    o.end();
    Ok(Value::from(s))
}

#[cfg(not(feature = "lint"))]
fn lint(_: wire::LintCall) -> Result<Value, String> {
    unavailable("lint")
}

#[cfg(feature = "package")]
fn package(p: wire::PackageCall) -> Result<Value, String> {
    use binnacle_core::package;
    let chart = binnacle_core::chart::load_buffered(p.files).map_err(|e| e.message)?;
    let opts = package::PackageOptions {
        version: p.version,
        app_version: p.app_version,
        source_date_epoch: p.source_date_epoch,
    };
    let out = package::package_chart(&chart, &opts)?;
    Ok(binnacle_core::value::map_of([
        ("fileName", Value::from(out.file_name.as_str())),
        ("sha256", Value::from(out.sha256.as_str())),
        ("archive", Value::Bytes(std::rc::Rc::from(out.archive))),
    ]))
}

#[cfg(not(feature = "package"))]
fn package(_: wire::PackageCall) -> Result<Value, String> {
    unavailable("package")
}

/// Allocates `len` bytes for the caller to write a message into.
#[no_mangle]
pub extern "C" fn ext_alloc(len: usize) -> *mut u8 {
    Box::into_raw(vec![0u8; len].into_boxed_slice()).cast()
}

/// Frees what [`ext_alloc`] or [`ext_call`] returned (`len` bytes).
///
/// # Safety
/// `ptr` and `len` must come from one of those calls, and be freed once.
#[no_mangle]
pub unsafe extern "C" fn ext_free(ptr: *mut u8, len: usize) {
    // SAFETY: the caller hands back a boxed slice this module allocated, with its length.
    drop(unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(ptr, len)) });
}

/// Handles the message at `ptr` (from [`ext_alloc`], `len` bytes; freed here) and returns
/// the answer: a little-endian u32 length, then that many bytes (free `length + 4`).
///
/// # Safety
/// `ptr` and `len` must come from [`ext_alloc`].
#[no_mangle]
pub unsafe extern "C" fn ext_call(ptr: *mut u8, len: usize) -> *mut u8 {
    // SAFETY: as `ext_free`: the message was allocated by `ext_alloc(len)`.
    let input = unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(ptr, len)) };
    let answer = handle(&input);
    drop(input);
    let mut out = Vec::with_capacity(answer.len() + 4);
    out.extend_from_slice(&(answer.len() as u32).to_le_bytes());
    out.extend_from_slice(&answer);
    Box::into_raw(out.into_boxed_slice()).cast()
}

#[cfg(test)]
mod tests {
    use super::*;
    use binnacle_core::value::{Elem, List, Map, MapType};
    use binnacle_core::Value;
    use std::rc::Rc;

    fn show(v: &Value) -> String {
        format!(
            "{}:{}",
            v.type_name(),
            binnacle_core::json::to_json(v).unwrap_or_default()
        )
    }

    #[test]
    fn values_survive_the_wire() {
        let m = Map::from_entries(MapType::Values, Default::default());
        m.insert("k", Value::Int64(-5));
        let cert = Value::Object(Rc::new(wire::Certificate {
            cert: "C".into(),
            key: "K".into(),
        }));
        let values = [
            Value::Nil,
            Value::Bool(true),
            Value::Int(7),
            Value::Int64(-7),
            Value::Uint(u64::MAX),
            Value::Byte(7),
            Value::Float(1.5),
            Value::from("s"),
            Value::Bytes(Rc::from(&b"\x00\xff"[..])),
            Value::List(List::typed(Elem::String, vec![Value::from("a")])),
            Value::List(List::typed(
                Elem::Slices,
                vec![Value::List(List::typed(Elem::Any, vec![Value::Int(1)]))],
            )),
            Value::Map(m),
            cert,
        ];
        for v in values {
            let mut w = wire::Writer::new();
            w.value(&v).unwrap();
            let back = wire::Reader::new(&w.0).value().unwrap();
            assert_eq!(show(&back), show(&v));
        }
    }

    #[test]
    fn malformed_messages_fail_cleanly() {
        for bad in [&b""[..], b"\x05\x00\x00\x00ab", b"\xff\xff\xff\xff"] {
            let out = handle(bad);
            assert_eq!(
                wire::decode_result(&out).unwrap_err(),
                "malformed message from an extension module"
            );
        }
        assert!(wire::decode_result(&[0, 9, 99]).is_err());
    }

    #[test]
    fn unknown_function() {
        let call = wire::Call {
            name: "nope".into(),
            now: 0,
            seed: Some(1),
            lint: false,
            args: vec![],
        };
        let out = handle(&wire::Request::Func(call).encode().unwrap());
        assert_eq!(
            wire::decode_result(&out).unwrap_err(),
            "nope is not in this extension module"
        );
    }

    #[cfg(feature = "regex")]
    #[test]
    fn regex_calls() {
        // Expectations from Helm v4.2.3.
        let call = wire::Call {
            name: "regexReplaceAll".into(),
            now: 0,
            seed: None,
            lint: false,
            args: vec![
                Value::from("a(x*)b"),
                Value::from("-ab-axxb-"),
                Value::from("${1}W"),
            ],
        };
        let out =
            wire::decode_result(&handle(&wire::Request::Func(call).encode().unwrap())).unwrap();
        assert_eq!(out.as_str(), Some("-W-xxW-"));
    }

    #[cfg(feature = "toml")]
    #[test]
    fn toml_calls() {
        let names: Vec<&str> = TOML_FUNCS.iter().map(|f| f.name).collect();
        assert_eq!(names, ["toToml", "mustToToml", "fromToml"]);
        // Expectations from Helm v4.2.3.
        let call = wire::Call {
            name: "fromToml".into(),
            now: 0,
            seed: None,
            lint: false,
            args: vec![Value::from("a = 1\n[b]\nc = \"x\"\n")],
        };
        let out =
            wire::decode_result(&handle(&wire::Request::Func(call).encode().unwrap())).unwrap();
        assert_eq!(
            binnacle_core::json::to_json(&out).unwrap(),
            r#"{"a":1,"b":{"c":"x"}}"#
        );
    }

    #[cfg(feature = "crypto")]
    #[test]
    fn crypto_calls() {
        // Expectations from Helm v4.2.3: derivePassword is deterministic.
        let call = wire::Call {
            name: "derivePassword".into(),
            now: 0,
            seed: Some(1),
            lint: false,
            args: vec![
                Value::Int(1),
                Value::from("long"),
                Value::from("password"),
                Value::from("user"),
                Value::from("example.com"),
            ],
        };
        let out =
            wire::decode_result(&handle(&wire::Request::Func(call).encode().unwrap())).unwrap();
        assert_eq!(out.as_str(), Some("ZedaFaxcZaso9*"));
        let ca = wire::Call {
            name: "genCA".into(),
            now: 1_767_225_600_000_000_000,
            seed: Some(2),
            lint: false,
            args: vec![Value::from("ca"), Value::Int(365)],
        };
        let v = wire::decode_result(&handle(&wire::Request::Func(ca).encode().unwrap())).unwrap();
        assert_eq!(v.type_name(), "sprig.certificate");
        let signed = wire::Call {
            name: "genSignedCert".into(),
            now: 1_767_225_600_000_000_000,
            seed: Some(3),
            lint: false,
            args: vec![
                Value::from("leaf"),
                Value::Nil,
                Value::Nil,
                Value::Int(30),
                v,
            ],
        };
        let s =
            wire::decode_result(&handle(&wire::Request::Func(signed).encode().unwrap())).unwrap();
        assert_eq!(s.type_name(), "sprig.certificate");
    }
}
