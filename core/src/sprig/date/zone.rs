//! Go's `time.Location`: zones and transitions read from TZif data (versions 1–3), the
//! POSIX TZ rule that extends them past the last transition, and `lookup`.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

const ALPHA: i64 = i64::MIN;
const OMEGA: i64 = i64::MAX;
const SECONDS_PER_DAY: i64 = 86_400;

/// One zone of a location: abbreviation, offset east of UTC, daylight saving.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Zone {
    /// Abbreviation (`CET`, `EST`).
    pub name: String,
    /// Seconds east of UTC.
    pub offset: i64,
    /// Whether this is daylight saving time.
    pub is_dst: bool,
}

#[derive(Clone, Copy, Debug)]
struct Transition {
    when: i64,
    index: usize,
}

/// A time zone: Go's `*time.Location`.
#[derive(Clone, Debug)]
pub struct Location {
    name: String,
    zones: Vec<Zone>,
    tx: Vec<Transition>,
    extend: String,
}

/// What a location says about one instant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZoneInfo {
    /// Abbreviation.
    pub name: String,
    /// Seconds east of UTC.
    pub offset: i64,
    /// First second (Unix) this zone applies.
    pub start: i64,
    /// First second (Unix) it no longer applies.
    pub end: i64,
    /// Daylight saving.
    pub is_dst: bool,
}

impl Location {
    /// Go's `time.UTC`.
    pub fn utc() -> Location {
        Location { name: "UTC".to_string(), zones: Vec::new(), tx: Vec::new(), extend: String::new() }
    }

    /// Go's `time.FixedZone(name, offset)`.
    pub fn fixed(name: &str, offset: i64) -> Location {
        Location {
            name: name.to_string(),
            zones: alloc::vec![Zone { name: name.to_string(), offset, is_dst: false }],
            tx: alloc::vec![Transition { when: ALPHA, index: 0 }],
            extend: String::new(),
        }
    }

    /// The location's name (`String()`): `UTC`, `Local`, `Europe/Berlin`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The same rules under another name (Go names the local zone `Local`).
    pub fn renamed(mut self, name: &str) -> Location {
        self.name = name.to_string();
        self
    }

    /// Go's `LoadLocationFromTZData`; `None` for malformed data.
    pub fn from_tzif(name: &str, data: &[u8]) -> Option<Location> {
        let mut d = Reader { p: data };
        if d.read(4)? != b"TZif" {
            return None;
        }
        let version = match d.read(16)?[0] {
            0 => 1,
            b'2' => 2,
            b'3' => 3,
            _ => return None,
        };
        let mut n = [0usize; 6];
        for x in n.iter_mut() {
            *x = usize::try_from(d.big4()?).ok()?;
        }
        let [n_utc_local, n_std_wall, n_leap, n_time, n_zone, n_char] = n;
        let mut size = 4;
        if version > 1 {
            // Skip the 32-bit body; the 64-bit one follows with its own header.
            let skip = n_time * 5 + n_zone * 6 + n_char + n_leap * 8 + n_std_wall + n_utc_local + 4 + 16;
            d.read(skip)?;
            for x in n.iter_mut() {
                *x = usize::try_from(d.big4()?).ok()?;
            }
            size = 8;
        }
        let [n_utc_local, n_std_wall, n_leap, n_time, n_zone, n_char] = n;
        let txtimes = d.read(n_time.checked_mul(size)?)?;
        let txzones = d.read(n_time)?;
        let zonedata = d.read(n_zone.checked_mul(6)?)?;
        let abbrev = d.read(n_char)?;
        d.read(n_leap.checked_mul(size + 4)?)?;
        d.read(n_std_wall)?;
        d.read(n_utc_local)?;
        let rest = d.p;
        let extend = if rest.len() > 2 && rest[0] == b'\n' && rest[rest.len() - 1] == b'\n' {
            String::from_utf8_lossy(&rest[1..rest.len() - 1]).into_owned()
        } else {
            String::new()
        };
        if n_zone == 0 {
            return None;
        }
        let mut zones = Vec::with_capacity(n_zone);
        for z in zonedata.chunks_exact(6) {
            let offset = i64::from(i32::from_be_bytes([z[0], z[1], z[2], z[3]]));
            let idx = usize::from(z[5]);
            if idx >= abbrev.len() {
                return None;
            }
            let raw = &abbrev[idx..];
            let end = raw.iter().position(|&b| b == 0).unwrap_or(raw.len());
            zones.push(Zone { name: String::from_utf8_lossy(&raw[..end]).into_owned(), offset, is_dst: z[4] != 0 });
        }
        let mut tx = Vec::with_capacity(n_time);
        for (i, &zi) in txzones.iter().enumerate() {
            let when = if size == 4 {
                let b = &txtimes[i * 4..i * 4 + 4];
                i64::from(i32::from_be_bytes([b[0], b[1], b[2], b[3]]))
            } else {
                let b = &txtimes[i * 8..i * 8 + 8];
                i64::from_be_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
            };
            if usize::from(zi) >= zones.len() {
                return None;
            }
            tx.push(Transition { when, index: usize::from(zi) });
        }
        if tx.is_empty() {
            tx.push(Transition { when: ALPHA, index: 0 });
        }
        Some(Location { name: name.to_string(), zones, tx, extend })
    }

    /// Go's `Location.lookup(sec)`: the zone in effect at Unix second `sec`.
    pub fn lookup(&self, sec: i64) -> ZoneInfo {
        if self.zones.is_empty() {
            return ZoneInfo { name: "UTC".to_string(), offset: 0, start: ALPHA, end: OMEGA, is_dst: false };
        }
        if self.tx.is_empty() || sec < self.tx[0].when {
            let z = &self.zones[self.lookup_first_zone()];
            let end = self.tx.first().map_or(OMEGA, |t| t.when);
            return ZoneInfo { name: z.name.clone(), offset: z.offset, start: ALPHA, end, is_dst: z.is_dst };
        }
        let tx = &self.tx;
        let mut end = OMEGA;
        let (mut lo, mut hi) = (0, tx.len());
        while hi - lo > 1 {
            let m = (lo + hi) / 2;
            if sec < tx[m].when {
                end = tx[m].when;
                hi = m;
            } else {
                lo = m;
            }
        }
        let z = &self.zones[tx[lo].index];
        let start = tx[lo].when;
        if lo == tx.len() - 1 && !self.extend.is_empty() {
            if let Some(info) = tzset(&self.extend, start, sec) {
                return info;
            }
        }
        ZoneInfo { name: z.name.clone(), offset: z.offset, start, end, is_dst: z.is_dst }
    }

    fn lookup_first_zone(&self) -> usize {
        if !self.tx.iter().any(|t| t.index == 0) {
            return 0;
        }
        if let Some(first) = self.tx.first() {
            if self.zones[first.index].is_dst {
                if let Some(zi) = (0..first.index).rev().find(|&zi| !self.zones[zi].is_dst) {
                    return zi;
                }
            }
        }
        self.zones.iter().position(|z| !z.is_dst).unwrap_or(0)
    }

    /// Go's `lookupName`: the offset of zone abbreviation `name` around Unix second `unix`.
    pub fn lookup_name(&self, name: &str, unix: i64) -> Option<i64> {
        for z in self.zones.iter().filter(|z| z.name == name) {
            let info = self.lookup(unix.wrapping_sub(z.offset));
            if info.name == z.name {
                return Some(info.offset);
            }
        }
        self.zones.iter().find(|z| z.name == name).map(|z| z.offset)
    }
}

struct Reader<'a> {
    p: &'a [u8],
}

impl<'a> Reader<'a> {
    fn read(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.p.len() < n {
            return None;
        }
        let (head, tail) = self.p.split_at(n);
        self.p = tail;
        Some(head)
    }

    fn big4(&mut self) -> Option<u32> {
        let b = self.read(4)?;
        Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }
}

/// Go's `tzset`: the zone a POSIX TZ string (`EST5EDT,M3.2.0,M11.1.0`) gives at `sec`.
fn tzset(s: &str, last_tx_sec: i64, sec: i64) -> Option<ZoneInfo> {
    let (mut std_name, s) = tzset_name(s)?;
    let (std_off, s) = tzset_offset(s)?;
    let mut std_offset = -std_off;
    if s.is_empty() || s.starts_with(',') {
        return Some(ZoneInfo {
            name: std_name.to_string(),
            offset: std_offset,
            start: last_tx_sec,
            end: OMEGA,
            is_dst: false,
        });
    }
    let (mut dst_name, mut s) = tzset_name(s)?;
    let mut dst_offset = if s.is_empty() || s.starts_with(',') {
        std_offset + 3600
    } else {
        let (off, rest) = tzset_offset(s)?;
        s = rest;
        -off
    };
    if s.is_empty() {
        s = ",M3.2.0,M11.1.0";
    }
    if !s.starts_with(',') && !s.starts_with(';') {
        return None;
    }
    let (start_rule, s) = tzset_rule(&s[1..])?;
    let s = s.strip_prefix(',')?;
    let (end_rule, s) = tzset_rule(s)?;
    if !s.is_empty() {
        return None;
    }
    let days = sec.div_euclid(SECONDS_PER_DAY);
    let (year, _, _) = super::gotime::civil_from_days(days);
    let yday = days - super::gotime::days_from_civil(year, 1, 1) + 1;
    // Go takes `sec % secondsPerDay` with a truncating remainder; keep that for old dates.
    let ysec = (yday - 1) * SECONDS_PER_DAY + sec % SECONDS_PER_DAY;
    let ystart = sec - ysec;
    let mut start_sec = tzrule_time(year, &start_rule, std_offset);
    let mut end_sec = tzrule_time(year, &end_rule, dst_offset);
    let (mut dst_is_dst, mut std_is_dst) = (true, false);
    if end_sec < start_sec {
        core::mem::swap(&mut start_sec, &mut end_sec);
        core::mem::swap(&mut std_name, &mut dst_name);
        core::mem::swap(&mut std_offset, &mut dst_offset);
        core::mem::swap(&mut std_is_dst, &mut dst_is_dst);
    }
    let info =
        |name: &str, offset, start, end, is_dst| Some(ZoneInfo { name: name.to_string(), offset, start, end, is_dst });
    if ysec < start_sec {
        info(std_name, std_offset, ystart, start_sec + ystart, std_is_dst)
    } else if ysec >= end_sec {
        info(std_name, std_offset, end_sec + ystart, ystart + 365 * SECONDS_PER_DAY, std_is_dst)
    } else {
        info(dst_name, dst_offset, start_sec + ystart, end_sec + ystart, dst_is_dst)
    }
}

fn tzset_name(s: &str) -> Option<(&str, &str)> {
    if s.is_empty() {
        return None;
    }
    if let Some(quoted) = s.strip_prefix('<') {
        let i = quoted.find('>')?;
        return Some((&quoted[..i], &quoted[i + 1..]));
    }
    for (i, c) in s.char_indices() {
        if c.is_ascii_digit() || matches!(c, ',' | '-' | '+') {
            return if i < 3 { None } else { Some((&s[..i], &s[i..])) };
        }
    }
    if s.len() < 3 {
        return None;
    }
    Some((s, ""))
}

fn tzset_offset(s: &str) -> Option<(i64, &str)> {
    if s.is_empty() {
        return None;
    }
    let (neg, s) = match s.as_bytes()[0] {
        b'+' => (false, &s[1..]),
        b'-' => (true, &s[1..]),
        _ => (false, s),
    };
    let sign = |off: i64| if neg { -off } else { off };
    let (hours, s) = tzset_num(s, 0, 24 * 7)?;
    let mut off = hours * 3600;
    let Some(s) = s.strip_prefix(':') else { return Some((sign(off), s)) };
    let (mins, s) = tzset_num(s, 0, 59)?;
    off += mins * 60;
    let Some(s) = s.strip_prefix(':') else { return Some((sign(off), s)) };
    let (secs, s) = tzset_num(s, 0, 59)?;
    Some((sign(off + secs), s))
}

enum RuleKind {
    Julian,
    Doy,
    MonthWeekDay,
}

struct Rule {
    kind: RuleKind,
    day: i64,
    week: i64,
    mon: i64,
    time: i64,
}

fn tzset_rule(s: &str) -> Option<(Rule, &str)> {
    let mut r = Rule { kind: RuleKind::Doy, day: 0, week: 0, mon: 0, time: 0 };
    let mut s = s;
    if let Some(rest) = s.strip_prefix('J') {
        let (jday, rest) = tzset_num(rest, 1, 365)?;
        r.kind = RuleKind::Julian;
        r.day = jday;
        s = rest;
    } else if let Some(rest) = s.strip_prefix('M') {
        let (mon, rest) = tzset_num(rest, 1, 12)?;
        let (week, rest) = tzset_num(rest.strip_prefix('.')?, 1, 5)?;
        let (day, rest) = tzset_num(rest.strip_prefix('.')?, 0, 6)?;
        r = Rule { kind: RuleKind::MonthWeekDay, day, week, mon, time: 0 };
        s = rest;
    } else {
        let (day, rest) = tzset_num(s, 0, 365)?;
        r.day = day;
        s = rest;
    }
    match s.strip_prefix('/') {
        None => {
            r.time = 2 * 3600;
            Some((r, s))
        }
        Some(rest) => {
            let (off, rest) = tzset_offset(rest)?;
            r.time = off;
            Some((r, rest))
        }
    }
}

fn tzset_num(s: &str, min: i64, max: i64) -> Option<(i64, &str)> {
    if s.is_empty() {
        return None;
    }
    let mut num = 0;
    for (i, c) in s.char_indices() {
        let Some(d) = c.to_digit(10) else {
            if i == 0 || num < min {
                return None;
            }
            return Some((num, &s[i..]));
        };
        num = num * 10 + i64::from(d);
        if num > max {
            return None;
        }
    }
    if num < min {
        return None;
    }
    Some((num, ""))
}

fn tzrule_time(year: i64, r: &Rule, off: i64) -> i64 {
    use super::gotime::{days_before, days_in, is_leap};
    let s = match r.kind {
        RuleKind::Julian => {
            let mut s = (r.day - 1) * SECONDS_PER_DAY;
            if is_leap(year) && r.day >= 60 {
                s += SECONDS_PER_DAY;
            }
            s
        }
        RuleKind::Doy => r.day * SECONDS_PER_DAY,
        RuleKind::MonthWeekDay => {
            // Zeller's congruence for the weekday of the month's first day.
            let m1 = (r.mon + 9) % 12 + 1;
            let mut yy0 = year;
            if r.mon <= 2 {
                yy0 -= 1;
            }
            let yy1 = yy0 / 100;
            let yy2 = yy0 % 100;
            let mut dow = ((26 * m1 - 2) / 10 + 1 + yy2 + yy2 / 4 + yy1 / 4 - 2 * yy1) % 7;
            if dow < 0 {
                dow += 7;
            }
            let mut d = r.day - dow;
            if d < 0 {
                d += 7;
            }
            for _ in 1..r.week {
                if d + 7 >= days_in(r.mon, year) {
                    break;
                }
                d += 7;
            }
            d += days_before(r.mon);
            if is_leap(year) && r.mon > 2 {
                d += 1;
            }
            d * SECONDS_PER_DAY
        }
    };
    s + r.time - off
}
