//! What the engine needs from the world, passed in by the host: time, randomness, DNS and
//! the cluster (`lookup`). Native builds use the real ones; tests and WASM can fix them.

use alloc::string::String;

use crate::value::Value;

/// A point in time: nanoseconds since the Unix epoch (UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Instant {
    /// Nanoseconds since 1970-01-01T00:00:00Z.
    pub unix_nanos: i128,
}

/// An RSA private key's CRT parameters, big-endian, for [`Host::rsa_private`].
pub struct RsaCrt<'a> {
    /// The first prime (n = pq).
    pub p: &'a [u8],
    /// The second prime.
    pub q: &'a [u8],
    /// d mod (p − 1).
    pub dp: &'a [u8],
    /// d mod (q − 1).
    pub dq: &'a [u8],
    /// q⁻¹ mod p.
    pub qinv: &'a [u8],
}

/// The host's services. Every method has an offline, deterministic default.
pub trait Host {
    /// The current time (`now`, `date`, `ago`). Default: 2026-01-01T00:00:00Z.
    fn now(&mut self) -> Instant {
        Instant {
            unix_nanos: 1_767_225_600_000_000_000,
        }
    }

    /// The local time zone's IANA name (Go's `time.Local`). Default: `UTC`.
    fn local_zone(&self) -> String {
        String::from("UTC")
    }

    /// The time-zone rules for an IANA name as TZif bytes (Go's `time.LoadLocation`), if known.
    fn load_zone(&self, name: &str) -> Option<alloc::vec::Vec<u8>> {
        let _ = name;
        None
    }

    /// Fills `buf` with random bytes (`randAlphaNum`, `uuidv4`, keys, `shuffle`).
    fn fill_random(&mut self, buf: &mut [u8]);

    /// RSA primes p, q of `bits / 2` bits (big-endian), searched in parallel. Default: none.
    fn rsa_primes(&mut self, bits: usize) -> Option<(alloc::vec::Vec<u8>, alloc::vec::Vec<u8>)> {
        let _ = bits;
        None
    }

    /// RSA's private operation m^d mod pq by the Chinese remainder theorem, where the host
    /// has a faster one (big-endian numbers, the result as long as `m`). The engine checks
    /// the answer with the public key and computes it itself when it is wrong. Default: none.
    fn rsa_private(&mut self, key: &RsaCrt<'_>, m: &[u8]) -> Option<alloc::vec::Vec<u8>> {
        let _ = (key, m);
        None
    }

    /// Resolves a host name to an address (`getHostByName`). Default: `""`, as Helm offline.
    fn resolve_host(&mut self, name: &str) -> String {
        let _ = name;
        String::new()
    }

    /// Helm's `lookup`: the object or list from the cluster. Default: an empty map (offline).
    fn lookup(
        &mut self,
        api_version: &str,
        kind: &str,
        namespace: &str,
        name: &str,
    ) -> Result<Value, String> {
        let _ = (api_version, kind, namespace, name);
        Ok(Value::empty_map())
    }

    /// Called once a chart's values are prepared and checked, before its templates and
    /// files are used: a host still reading some of them in the background (the native
    /// host reads templates on another core meanwhile) puts their bytes in place. The
    /// error is its failure to read one, which is a failure to load the chart. Default:
    /// nothing to do.
    fn complete_chart(&mut self, chart: &mut crate::chart::Chart) -> Result<(), String> {
        let _ = chart;
        Ok(())
    }

    /// The items of a chart template's `text`, if the host lexed them ahead (the native
    /// host does, on another core, while the values are read); they are used only if they
    /// [`fit`](crate::template::lex::Lexed::fits) the text. Default: none, the engine lexes.
    fn lexed(&mut self, text: &str) -> Option<crate::template::lex::Lexed> {
        let _ = text;
        None
    }

    /// A line Helm would log while rendering (slog's text format, e.g. lint mode's
    /// `level=WARN msg="missing required value" message=...`). Default: dropped.
    fn log(&mut self, line: &str) {
        let _ = line;
    }

    /// Whether Helm's `level=DEBUG` lines are wanted (`--debug`): they are built only then,
    /// as some quote a whole schema. Default: no.
    fn wants_debug(&self) -> bool {
        false
    }
}

/// A deterministic host for tests and reproducible renders: fixed clock, seeded randomness.
#[derive(Clone, Debug)]
pub struct SeededHost {
    state: u64,
    /// The time `now` returns.
    pub now: Instant,
}

impl SeededHost {
    /// A host whose random stream is determined by `seed`.
    pub fn new(seed: u64) -> SeededHost {
        SeededHost {
            state: seed ^ 0x9E37_79B9_7F4A_7C15,
            now: Instant {
                unix_nanos: 1_767_225_600_000_000_000,
            },
        }
    }

    fn next(&mut self) -> u64 {
        // splitmix64: small, fast and good enough for test data.
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

impl Default for SeededHost {
    fn default() -> Self {
        SeededHost::new(0)
    }
}

impl Host for SeededHost {
    fn now(&mut self) -> Instant {
        self.now
    }

    fn fill_random(&mut self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(8) {
            let r = self.next().to_le_bytes();
            chunk.copy_from_slice(&r[..chunk.len()]);
        }
    }
}
