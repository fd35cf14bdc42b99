//! An extension module of the npm package: core template functions too big for the main
//! module, loaded by the package's JavaScript when a template first calls one. One build
//! per feature: `crypto` (Sprig's key, certificate, bcrypt and AES functions), `regex`
//! (Sprig's regex functions) and `toml` (Helm's `toToml`, `mustToToml`, `fromToml`).
//!
//! No wasm-bindgen here: the module exports `ext_alloc`, `ext_call` and `ext_free` and
//! imports `env.random` (the JavaScript side's `crypto.getRandomValues`). A call is one
//! [`wire::Call`] message in and one `wire` result out.
#![deny(missing_docs)]

#[path = "../../src/wire.rs"]
pub mod wire;

use binnacle_core::host::{Host, Instant, SeededHost};
use binnacle_core::template::funcs::{CallCtx, Func};

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
    let mut tables: Vec<&'static [Func]> = Vec::new();
    #[cfg(feature = "crypto")]
    tables.push(binnacle_core::sprig::crypto::FUNCS);
    #[cfg(feature = "regex")]
    tables.push(binnacle_core::sprig::regex::FUNCS);
    #[cfg(feature = "toml")]
    tables.push(&TOML_FUNCS);
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

/// Runs one call message and answers the result message.
pub fn handle(payload: &[u8]) -> Vec<u8> {
    let result = wire::Call::decode(payload).and_then(|call| {
        let f = find(&call.name)
            .ok_or_else(|| format!("{} is not in this extension module", call.name))?;
        let mut host = ExtHost {
            now: call.now,
            seeded: call.seed.map(SeededHost::new),
        };
        let mut ctx = CallCtx {
            host: &mut host,
            lint: call.lint,
        };
        (f.imp)(&mut ctx, &call.args)
    });
    wire::encode_result(&result)
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
            Value::Float(1.5),
            Value::from("s"),
            Value::Bytes(Rc::from(&b"\x00\xff"[..])),
            Value::List(List::typed(Elem::String, vec![Value::from("a")])),
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
        let out = handle(&call.encode().unwrap());
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
        let out = wire::decode_result(&handle(&call.encode().unwrap())).unwrap();
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
        let out = wire::decode_result(&handle(&call.encode().unwrap())).unwrap();
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
        let out = wire::decode_result(&handle(&call.encode().unwrap())).unwrap();
        assert_eq!(out.as_str(), Some("ZedaFaxcZaso9*"));
        let ca = wire::Call {
            name: "genCA".into(),
            now: 1_767_225_600_000_000_000,
            seed: Some(2),
            lint: false,
            args: vec![Value::from("ca"), Value::Int(365)],
        };
        let v = wire::decode_result(&handle(&ca.encode().unwrap())).unwrap();
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
        let s = wire::decode_result(&handle(&signed.encode().unwrap())).unwrap();
        assert_eq!(s.type_name(), "sprig.certificate");
    }
}
