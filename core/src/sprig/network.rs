//! Sprig's `getHostByName`.
//!
//! Helm replaces it with a stub returning `""` unless DNS lookups are enabled
//! (`--enable-dns`); the host decides which behaviour applies through `resolve_host`.

use crate::func;
use crate::template::funcs::{CallCtx, Func, FuncResult};
use crate::value::Value;

/// The network functions.
pub static FUNCS: &[Func] = &[func!("getHostByName", [String], get_host_by_name)];

fn get_host_by_name(ctx: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
    let name = args.first().and_then(Value::as_str).unwrap_or("");
    Ok(Value::from(ctx.host.resolve_host(name)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::SeededHost;

    #[test]
    fn offline_host_resolves_nothing() {
        // Helm v4.2.3 without --enable-dns: {{ getHostByName "example.com" | quote }} => ""
        let mut host = SeededHost::default();
        let got = get_host_by_name(
            &mut CallCtx {
                host: &mut host,
                lint: false,
                unchanged: false,
            },
            &[Value::from("example.com")],
        );
        assert_eq!(got.unwrap().as_str(), Some(""));
    }
}
