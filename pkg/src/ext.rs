//! Template functions whose code lives in a separately loaded extension module, so the main
//! module stays small: Sprig's crypto functions (keys, certificates, bcrypt, AES) need the
//! RustCrypto crates (about a quarter of the main module's size), and its regex functions
//! RE2 semantics over regex-automata with Unicode tables (another quarter); Helm's TOML
//! functions are rarely used.
//!
//! In the WebAssembly build each such function is a delegate: it encodes its arguments
//! ([`crate::wire`]), the JavaScript side hands them to the extension module (loading it
//! on first use) and the answer comes back the same way. The extension runs the core's own
//! implementation, so results and error texts are the native ones.

use std::cell::Cell;
use std::rc::Rc;

use binnacle_core::template::funcs::{CallCtx, Func, FuncImpl, FuncMap, FuncResult, Sig, Ty};
use binnacle_core::{Map, Value};

use crate::wire;

/// The crypto extension (`binnacle_crypto.wasm`).
pub const CRYPTO: &str = "crypto";

/// The regex extension (`binnacle_regex.wasm`).
pub const REGEX: &str = "regex";

/// The TOML extension (`binnacle_toml.wasm`).
pub const TOML: &str = "toml";

/// The JSON Schema extension (`binnacle_schema.wasm`).
pub const SCHEMA: &str = "schema";

/// The lint extension (`binnacle_lint.wasm`).
pub const LINT: &str = "lint";

/// The package extension (`binnacle_package.wasm`).
pub const PACKAGE: &str = "package";

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
    ($($group:expr; $($name:literal => $f:ident),* $(,)?);* $(;)?) => {
        $($(
            fn $f(ctx: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
                call_extension($group, $name, ctx, args)
            }
        )*)*
        fn delegate_of(name: &str) -> Option<FuncImpl> {
            match name {
                $($($name => Some($f),)*)*
                _ => None,
            }
        }
    };
}

delegates!(TOML;
    "toToml" => d_to_toml,
    "mustToToml" => d_must_to_toml,
    "fromToml" => d_from_toml;
REGEX;
    "regexMatch" => d_regex_match,
    "mustRegexMatch" => d_must_regex_match,
    "regexFindAll" => d_regex_find_all,
    "mustRegexFindAll" => d_must_regex_find_all,
    "regexFind" => d_regex_find,
    "mustRegexFind" => d_must_regex_find,
    "regexReplaceAll" => d_regex_replace_all,
    "mustRegexReplaceAll" => d_must_regex_replace_all,
    "regexReplaceAllLiteral" => d_regex_replace_all_literal,
    "mustRegexReplaceAllLiteral" => d_must_regex_replace_all_literal,
    "regexSplit" => d_regex_split,
    "mustRegexSplit" => d_must_regex_split,
    "regexQuoteMeta" => d_regex_quote_meta;
CRYPTO;
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

/// Helm's function map (`helm_func_map`) with the extension groups' functions delegated.
///
/// Built from Sprig's topic tables, leaving out the regex and crypto tables: naming those
/// would link their code into the main module. The delegates take their places, before
/// Helm's own functions, as in `helm_func_map` (no other table defines these names).
pub fn func_map() -> Rc<FuncMap> {
    use binnacle_core::sprig;
    let tables: [&[Func]; 14] = [
        sprig::strings::FUNCS,
        sprig::numeric::FUNCS,
        sprig::lists::FUNCS,
        sprig::dicts::FUNCS,
        sprig::defaults::FUNCS,
        sprig::reflect::FUNCS,
        sprig::paths::FUNCS,
        sprig::encoding::FUNCS,
        sprig::flow::FUNCS,
        sprig::date::FUNCS,
        sprig::network::FUNCS,
        sprig::random::FUNCS,
        sprig::semver::FUNCS,
        sprig::url::FUNCS,
    ];
    let mut m = FuncMap::new();
    for t in tables {
        m.extend(t);
    }
    for (name, sig) in DELEGATED {
        if let Some(imp) = delegate_of(name) {
            m.extend(&[Func {
                name,
                sig: *sig,
                imp,
                effect: binnacle_core::template::funcs::effect_of(name),
            }]);
        }
    }
    m.remove("env");
    m.remove("expandenv");
    m.extend(&HELM_WITHOUT_TOML);
    // Helm's TOML functions replace nothing of Sprig's: their delegates may come last.
    for name in TOML_NAMES {
        if let Some(imp) = delegate_of(name) {
            let sig = if name == "fromToml" {
                Sig::fixed(&[Ty::String])
            } else {
                Sig::fixed(&[Ty::Any])
            };
            m.extend(&[Func {
                name,
                sig,
                imp,
                effect: binnacle_core::template::funcs::effect_of(name),
            }]);
        }
    }
    Rc::new(m)
}

/// Helm's functions that live in the `toml` extension.
pub const TOML_NAMES: [&str; 3] = ["toToml", "mustToToml", "fromToml"];

const fn same_str(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

const fn is_toml(name: &str) -> bool {
    let mut i = 0;
    while i < TOML_NAMES.len() {
        if same_str(name, TOML_NAMES[i]) {
            return true;
        }
        i += 1;
    }
    false
}

const HELM: &[Func] = binnacle_core::render::funcs::HELM_FUNCS;

const HELM_KEPT: usize = {
    let (mut i, mut n) = (0, 0);
    while i < HELM.len() {
        if !is_toml(HELM[i].name) {
            n += 1;
        }
        i += 1;
    }
    n
};

/// `HELM_FUNCS` without the TOML functions, chosen at compile time: a table naming them
/// would link the TOML reader and writer into the main module.
static HELM_WITHOUT_TOML: [Func; HELM_KEPT] = {
    let mut out = [HELM[0]; HELM_KEPT];
    let (mut i, mut j) = (0, 0);
    while i < HELM.len() {
        if !is_toml(HELM[i].name) {
            out[j] = HELM[i];
            j += 1;
        }
        i += 1;
    }
    out
};

/// The delegated functions' signatures, as the core declares them (checked by a test):
/// the engine checks arguments against them before the call leaves the module.
const DELEGATED: &[(&str, Sig)] = &[
    ("regexMatch", Sig::fixed(&[Ty::String, Ty::String])),
    ("mustRegexMatch", Sig::fixed(&[Ty::String, Ty::String])),
    (
        "regexFindAll",
        Sig::fixed(&[Ty::String, Ty::String, Ty::Int]),
    ),
    (
        "mustRegexFindAll",
        Sig::fixed(&[Ty::String, Ty::String, Ty::Int]),
    ),
    ("regexFind", Sig::fixed(&[Ty::String, Ty::String])),
    ("mustRegexFind", Sig::fixed(&[Ty::String, Ty::String])),
    (
        "regexReplaceAll",
        Sig::fixed(&[Ty::String, Ty::String, Ty::String]),
    ),
    (
        "mustRegexReplaceAll",
        Sig::fixed(&[Ty::String, Ty::String, Ty::String]),
    ),
    (
        "regexReplaceAllLiteral",
        Sig::fixed(&[Ty::String, Ty::String, Ty::String]),
    ),
    (
        "mustRegexReplaceAllLiteral",
        Sig::fixed(&[Ty::String, Ty::String, Ty::String]),
    ),
    ("regexSplit", Sig::fixed(&[Ty::String, Ty::String, Ty::Int])),
    (
        "mustRegexSplit",
        Sig::fixed(&[Ty::String, Ty::String, Ty::Int]),
    ),
    ("regexQuoteMeta", Sig::fixed(&[Ty::String])),
    ("bcrypt", Sig::fixed(&[Ty::String])),
    ("htpasswd", Sig::fixed(&[Ty::String, Ty::String])),
    ("genPrivateKey", Sig::fixed(&[Ty::String])),
    (
        "derivePassword",
        Sig::fixed(&[Ty::Uint32, Ty::String, Ty::String, Ty::String, Ty::String]),
    ),
    ("buildCustomCert", Sig::fixed(&[Ty::String, Ty::String])),
    ("genCA", Sig::fixed(&[Ty::String, Ty::Int])),
    (
        "genCAWithKey",
        Sig::fixed(&[Ty::String, Ty::Int, Ty::String]),
    ),
    (
        "genSelfSignedCert",
        Sig::fixed(&[Ty::String, Ty::List, Ty::List, Ty::Int]),
    ),
    (
        "genSelfSignedCertWithKey",
        Sig::fixed(&[Ty::String, Ty::List, Ty::List, Ty::Int, Ty::String]),
    ),
    (
        "genSignedCert",
        Sig::fixed(&[Ty::String, Ty::List, Ty::List, Ty::Int, Ty::Certificate]),
    ),
    (
        "genSignedCertWithKey",
        Sig::fixed(&[
            Ty::String,
            Ty::List,
            Ty::List,
            Ty::Int,
            Ty::Certificate,
            Ty::String,
        ]),
    ),
    ("encryptAES", Sig::fixed(&[Ty::String, Ty::String])),
    ("decryptAES", Sig::fixed(&[Ty::String, Ty::String])),
];

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
    let answer = transport(group, &wire::Request::Func(call).encode()?)?;
    wire::decode_result(&answer)
}

/// The schema extension's `ValidateAgainstSingleSchema`, as `render_chart`'s schema hook.
pub fn validate_schema(schema: &[u8], values: &Map) -> Result<(), String> {
    let req = wire::Request::Schema {
        schema: schema.to_vec(),
        values: Value::Map(values.clone()),
    };
    wire::decode_result(&transport(SCHEMA, &req.encode()?)?).map(|_| ())
}

/// Sends a request to the extension module of `group` and reads its answer.
pub fn request(group: &str, req: &wire::Request) -> Result<Value, String> {
    wire::decode_result(&transport(group, &req.encode()?)?)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &Sig, b: &Sig) -> bool {
        a.params == b.params && a.variadic == b.variadic
    }

    #[test]
    fn delegates_match_the_core() {
        use binnacle_core::sprig;
        let core: Vec<&Func> = sprig::regex::FUNCS
            .iter()
            .chain(sprig::crypto::FUNCS)
            .collect();
        assert_eq!(core.len(), DELEGATED.len());
        for f in core {
            let (_, sig) = DELEGATED
                .iter()
                .find(|(n, _)| *n == f.name)
                .unwrap_or_else(|| panic!("{} is not delegated", f.name));
            assert!(same(sig, &f.sig), "{}", f.name);
            assert!(delegate_of(f.name).is_some(), "{}", f.name);
        }
        // The map has every function Helm's has, and nothing else.
        let ours = func_map();
        let helm = binnacle_core::render::funcs::helm_func_map();
        let names = |m: &FuncMap| m.iter().map(|f| f.name).collect::<Vec<_>>();
        assert_eq!(names(&ours), names(&helm));
        for f in helm.iter() {
            let g = ours.get(f.name).map(|g| g.sig);
            assert!(g.is_some_and(|g| same(&g, &f.sig)), "{}", f.name);
        }
    }
}
