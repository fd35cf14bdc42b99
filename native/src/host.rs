//! The real world, as the engine's `Host` sees it on a native machine: the system clock,
//! the OS random source, the system time-zone database and DNS (only with `--enable-dns`).

use binnacle_core::host::{Host, Instant};

mod crt;
mod ifma;
pub mod lex_ahead;
mod mr2;
mod primes;
mod sieve;

/// The host the `binnacle` command renders with.
pub struct NativeHost {
    dns: bool,
    /// Bytes read ahead from the OS random source; `pool[used..]` are still unhanded. The
    /// engine asks for eight bytes per random character, and a system call each was a
    /// visible part of rendering charts that make passwords.
    pool: [u8; 512],
    used: usize,
    /// Print Helm's log lines to stderr (the `binnacle` commands; not the test runners).
    pub log_to_stderr: bool,
    /// Print its `DEBUG` lines too (`--debug`).
    pub debug_to_stderr: bool,
    /// The chart's templates being lexed on another core, if they are.
    pub lex_ahead: Option<lex_ahead::LexAhead>,
}

impl NativeHost {
    /// A host; DNS lookups are answered only when `dns` is set, as Helm's `--enable-dns`.
    pub fn new(dns: bool) -> NativeHost {
        NativeHost {
            dns,
            pool: [0; 512],
            used: 512,
            log_to_stderr: false,
            debug_to_stderr: false,
            lex_ahead: None,
        }
    }

    /// Fills `buf` straight from the OS, or from the clock should the OS source fail (it
    /// does not on supported systems; still better than zeros for non-cryptographic uses).
    fn os_random(&self, buf: &mut [u8]) {
        if getrandom::fill(buf).is_err() {
            let mut s = self.now_nanos() as u64;
            for b in buf.iter_mut() {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                *b = s as u8;
            }
        }
    }

    fn now_nanos(&self) -> i128 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos() as i128
    }
}

impl Host for NativeHost {
    fn complete_chart(&mut self, chart: &mut binnacle_core::chart::Chart) -> Result<(), String> {
        #[cfg(target_os = "linux")]
        if let Some(ahead) = &mut self.lex_ahead {
            return ahead.fill(chart);
        }
        let _ = chart;
        Ok(())
    }

    fn lexed(&mut self, text: &str) -> Option<binnacle_core::template::lex::Lexed> {
        self.lex_ahead.as_ref()?.take(text)
    }

    fn wants_debug(&self) -> bool {
        self.debug_to_stderr
    }

    fn log(&mut self, line: &str) {
        let shown = if line.starts_with("level=DEBUG ") {
            self.debug_to_stderr
        } else {
            self.log_to_stderr
        };
        if shown {
            eprintln!("{line}");
        }
    }

    fn now(&mut self) -> Instant {
        Instant {
            unix_nanos: self.now_nanos(),
        }
    }

    fn local_zone(&self) -> String {
        if let Ok(tz) = std::env::var("TZ") {
            let tz = tz.trim_start_matches(':');
            if !tz.is_empty() {
                return tz.to_string();
            }
        }
        // /etc/localtime usually links into the zoneinfo tree; its tail is the zone name.
        std::fs::read_link("/etc/localtime")
            .ok()
            .and_then(|p| {
                p.to_str()
                    .and_then(|s| s.split("zoneinfo/").nth(1))
                    .map(str::to_string)
            })
            .unwrap_or_else(|| "UTC".into())
    }

    fn load_zone(&self, name: &str) -> Option<Vec<u8>> {
        if name.contains("..") || name.starts_with('/') {
            return None;
        }
        let dirs = [
            "/usr/share/zoneinfo",
            "/usr/lib/zoneinfo",
            "/usr/share/lib/zoneinfo",
        ];
        dirs.iter()
            .find_map(|d| std::fs::read(std::path::Path::new(d).join(name)).ok())
    }

    fn fill_random(&mut self, buf: &mut [u8]) {
        if buf.len() > self.pool.len() / 2 {
            return self.os_random(buf);
        }
        if self.pool.len() - self.used < buf.len() {
            let mut pool = [0; 512];
            self.os_random(&mut pool);
            self.pool = pool;
            self.used = 0;
        }
        let end = self.used + buf.len();
        buf.copy_from_slice(&self.pool[self.used..end]);
        // Handed-out bytes are wiped, so the pool never holds a copy of a secret made.
        self.pool[self.used..end].fill(0);
        self.used = end;
    }

    fn rsa_primes(&mut self, bits: usize) -> Option<(Vec<u8>, Vec<u8>)> {
        // Odd sizes split unevenly: the engine's own search makes those.
        let workers = std::thread::available_parallelism()
            .map_or(1, usize::from)
            .min(8);
        if !bits.is_multiple_of(2) || bits < 1024 {
            return None;
        }
        primes::two_primes(u32::try_from(bits / 2).ok()?, workers)
    }

    fn rsa_private(&mut self, key: &binnacle_core::host::RsaCrt<'_>, m: &[u8]) -> Option<Vec<u8>> {
        crt::private(key, m)
    }

    fn resolve_host(&mut self, name: &str) -> String {
        if !self.dns {
            return String::new();
        }
        use std::net::ToSocketAddrs;
        (name, 0)
            .to_socket_addrs()
            .ok()
            .and_then(|mut a| a.next())
            .map(|a| a.ip().to_string())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Random bytes come in any request size, from the pool and past it, and no draw
    /// repeats another (pool refills included).
    #[test]
    fn random_bytes_are_fresh_across_the_pool() {
        let mut h = NativeHost::new(false);
        let mut seen = std::collections::HashSet::new();
        for n in [8usize, 1, 3, 255, 8, 300, 8, 64, 1000, 8] {
            let mut b = vec![0u8; n];
            for _ in 0..40 {
                h.fill_random(&mut b);
                if n >= 8 {
                    assert!(seen.insert(b.clone()), "a {n}-byte draw repeated");
                }
            }
        }
    }
}
