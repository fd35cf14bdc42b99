//! Deprecated and removed Kubernetes APIs, as Helm's lint reports them through
//! k8s.io/apiserver's `deprecation` package (`IsDeprecated`, `WarningMessage`).

use alloc::format;
use alloc::string::String;

/// One kind's lifecycle: apiVersion, kind, deprecated in (major, minor), removed in,
/// replacement (apiVersion, kind; empty when none).
pub(super) type Lifecycle = (
    &'static str,
    &'static str,
    (u32, u32),
    (u32, u32),
    (&'static str, &'static str),
);

/// The warning for `apiVersion`/`kind` at Kubernetes `major.minor`, if it is deprecated
/// there. Kinds the client library does not know are never reported.
pub fn deprecation_warning(
    api_version: &str,
    kind: &str,
    major: u32,
    minor: u32,
) -> Option<String> {
    if api_version.is_empty() || kind.is_empty() {
        return None;
    }
    let t = super::deprecations_table::TABLE;
    let i = t
        .binary_search_by(|r| (r.0, r.1).cmp(&(api_version, kind)))
        .ok()?;
    let (av, k, (dmaj, dmin), (rmaj, rmin), (repl_av, repl_kind)) = t[i];
    // `IsDeprecated`: no current version means deprecated; otherwise compare.
    let deprecated = (major == 0 && minor == 0) || dmaj < major || (dmaj == major && dmin <= minor);
    if !deprecated {
        return None;
    }
    let mut msg = format!("{av} {k} is deprecated in v{dmaj}.{dmin}+");
    if rmaj != 0 || rmin != 0 {
        msg.push_str(&format!(", unavailable in v{rmaj}.{rmin}+"));
    }
    if !repl_kind.is_empty() || !repl_av.is_empty() {
        msg.push_str(&format!("; use {repl_av} {repl_kind}"));
    }
    Some(msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted() {
        let t = super::super::deprecations_table::TABLE;
        assert!(t.windows(2).all(|w| (w[0].0, w[0].1) < (w[1].0, w[1].1)));
    }

    #[test]
    fn warnings() {
        // Expectations from Helm v4.2.3 (`helm lint`, default Kubernetes v1.36 and v1.20).
        let cases = [
            ("extensions/v1beta1", "Ingress", 1, 36, Some("extensions/v1beta1 Ingress is deprecated in v1.14+, unavailable in v1.22+; use networking.k8s.io/v1 Ingress")),
            ("batch/v1beta1", "CronJob", 1, 36, Some("batch/v1beta1 CronJob is deprecated in v1.21+, unavailable in v1.25+; use batch/v1 CronJob")),
            ("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", 1, 36, Some("flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema is deprecated in v1.29+, unavailable in v1.32+; use flowcontrol.apiserver.k8s.io/v1 FlowSchema")),
            ("policy/v1beta1", "PodSecurityPolicy", 1, 36, None),
            ("batch/v1beta1", "CronJob", 1, 20, None),
            ("extensions/v1beta1", "Ingress", 1, 20, Some("extensions/v1beta1 Ingress is deprecated in v1.14+, unavailable in v1.22+; use networking.k8s.io/v1 Ingress")),
            ("apps/v1", "Deployment", 1, 36, None),
        ];
        for (av, k, maj, min, want) in cases {
            assert_eq!(
                deprecation_warning(av, k, maj, min).as_deref(),
                want,
                "{av} {k}"
            );
        }
    }
}
