//! Template functions whose code lives in a separately loaded extension module, so the main
//! module stays small: Sprig's crypto functions (keys, certificates, bcrypt, AES) need the
//! RustCrypto crates, which would add about a quarter to the main module.
//!
//! In the WebAssembly build each such function is a delegate: it encodes its arguments
//! ([`crate::wire`]), the JavaScript side hands them to the extension module (loading it
//! on first use) and the answer comes back the same way. The extension runs the core's own
//! implementation, so results and error texts are the native ones.

use std::cell::Cell;
use std::rc::Rc;

use binnacle_core::render::funcs::helm_func_map;
use binnacle_core::template::funcs::{CallCtx, Func, FuncImpl, FuncMap, FuncResult};
use binnacle_core::Value;

use crate::wire;

/// The crypto extension (`binnacle_crypto.wasm`).
pub const CRYPTO: &str = "crypto";

thread_local! {
    /// Whether the current render's randomness is seeded (then the extension gets a seed
    /// drawn from the render's stream; otherwise it uses its own secure source).
    static SEEDED: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with the seeding mode of one render.
pub fn with_seeded<T>(seeded: bool, f: impl FnOnce() -> T) -> T {
    let before = SEEDED.with(|s| s.replace(seeded));
    let out = f();
    SEEDED.with(|s| s.set(before));
    out
}

macro_rules! delegates {
    ($group:expr; $($name:literal => $f:ident),* $(,)?) => {
        $(
            fn $f(ctx: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
                call_extension($group, $name, ctx, args)
            }
        )*
        fn delegate_of(name: &str) -> Option<FuncImpl> {
            match name {
                $($name => Some($f),)*
                _ => None,
            }
        }
    };
}

delegates!(CRYPTO;
    "bcrypt" => d_bcrypt,
    "htpasswd" => d_htpasswd,
    "genPrivateKey" => d_gen_private_key,
    "derivePassword" => d_derive_password,
    "buildCustomCert" => d_build_custom_cert,
    "genCA" => d_gen_ca,
    "genCAWithKey" => d_gen_ca_with_key,
    "genSelfSignedCert" => d_gen_self_signed_cert,
    "genSelfSignedCertWithKey" => d_gen_self_signed_cert_with_key,
    "genSignedCert" => d_gen_signed_cert,
    "genSignedCertWithKey" => d_gen_signed_cert_with_key,
    "encryptAES" => d_encrypt_aes,
    "decryptAES" => d_decrypt_aes,
);

/// Helm's function map with the crypto functions delegated to their extension module.
pub fn func_map() -> Rc<FuncMap> {
    let mut m = (*helm_func_map()).clone();
    for f in binnacle_core::sprig::crypto::FUNCS {
        if let Some(imp) = delegate_of(f.name) {
            m.extend(&[Func {
                name: f.name,
                sig: f.sig,
                imp,
            }]);
        }
    }
    Rc::new(m)
}

fn call_extension(group: &str, name: &str, ctx: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
    let seed = if SEEDED.with(Cell::get) {
        let mut b = [0u8; 8];
        ctx.host.fill_random(&mut b);
        Some(u64::from_le_bytes(b))
    } else {
        None
    };
    let call = wire::Call {
        name: name.to_string(),
        now: ctx.host.now().unix_nanos,
        seed,
        lint: ctx.lint,
        args: args.to_vec(),
    };
    let answer = transport(group, &call.encode()?)?;
    wire::decode_result(&answer)
}

#[cfg(target_arch = "wasm32")]
fn transport(group: &str, payload: &[u8]) -> Result<Vec<u8>, String> {
    Ok(crate::ext_call(group, payload))
}

#[cfg(not(target_arch = "wasm32"))]
fn transport(group: &str, _payload: &[u8]) -> Result<Vec<u8>, String> {
    Err(format!(
        "the {group} extension module exists only in the WebAssembly build"
    ))
}
