//! The engine's `Host` for JavaScript: the clock and randomness come from the JavaScript
//! environment ([`Env`]) unless the call fixes them; time zones and host names come from
//! the call's options. DNS answers `""` for every other name, as Helm does offline.

use std::collections::BTreeMap;

use binnacle_core::host::{Host, Instant, SeededHost};

use crate::request::Request;

/// What only the JavaScript side can provide.
pub trait Env {
    /// Nanoseconds since the Unix epoch.
    fn now_nanos(&mut self) -> i128;
    /// Fills `buf` from a cryptographically secure source.
    fn fill_random(&mut self, buf: &mut [u8]);
}

/// The host of one call.
pub struct ApiHost<'a> {
    env: &'a mut dyn Env,
    fixed_now: Option<i128>,
    seeded: Option<SeededHost>,
    zone: String,
    zoneinfo: BTreeMap<String, Vec<u8>>,
    hosts: BTreeMap<String, String>,
}

impl<'a> ApiHost<'a> {
    /// The host a request asks for, over `env`.
    pub fn new(env: &'a mut dyn Env, req: &Request) -> ApiHost<'a> {
        ApiHost {
            env,
            fixed_now: req.now,
            seeded: req.seed.map(SeededHost::new),
            zone: req.time_zone.clone(),
            zoneinfo: req.zoneinfo.clone(),
            hosts: req.hosts.clone(),
        }
    }
}

impl Host for ApiHost<'_> {
    fn now(&mut self) -> Instant {
        Instant {
            unix_nanos: self.fixed_now.unwrap_or_else(|| self.env.now_nanos()),
        }
    }

    fn local_zone(&self) -> String {
        self.zone.clone()
    }

    fn load_zone(&self, name: &str) -> Option<Vec<u8>> {
        self.zoneinfo.get(name).cloned()
    }

    fn fill_random(&mut self, buf: &mut [u8]) {
        match &mut self.seeded {
            Some(s) => s.fill_random(buf),
            None => self.env.fill_random(buf),
        }
    }

    fn resolve_host(&mut self, name: &str) -> String {
        self.hosts.get(name).cloned().unwrap_or_default()
    }
}
