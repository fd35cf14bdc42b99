//! Go's `time.Time` and `time.Duration` as templates observe them: the proleptic Gregorian
//! calendar, `Date` normalisation, `Add`/`Sub`/`Round`/`Truncate`, the monotonic reading
//! `String()` prints, and `Duration.String()`.
//!
//! Layout formatting and parsing live in [`super::layout`].

use alloc::rc::Rc;
use alloc::string::String;

use super::zone::{Location, ZoneInfo};

/// Nanoseconds in a second.
pub const SECOND: i64 = 1_000_000_000;
/// Seconds from 0001-01-01 (Go's zero `Time`) to the Unix epoch.
pub const ZERO_TO_UNIX: i64 = 62_135_596_800;
const SECONDS_PER_DAY: i64 = 86_400;

/// Go's `isLeap`.
pub fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days before the first of `month` (1–12) in a common year.
pub fn days_before(month: i64) -> i64 {
    const CUM: [i64; 13] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];
    CUM[(month - 1).clamp(0, 12) as usize]
}

/// Days in `month` (1–12) of `year`.
pub fn days_in(month: i64, year: i64) -> i64 {
    if month == 2 {
        if is_leap(year) {
            29
        } else {
            28
        }
    } else {
        30 + ((month + (month >> 3)) & 1)
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (month 1–12, any day).
///
/// Years far outside any calendar (from `AddDate` with huge arguments) wrap as Go's
/// integer arithmetic does instead of overflowing.
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let (y, m, d) = (i128::from(y), i128::from(m), i128::from(d));
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) as i64
}

/// The date (year, month 1–12, day) of a day number since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Go's `norm`: moves whole multiples of `base` from `lo` into `hi`.
fn norm(hi: i64, lo: i64, base: i64) -> (i64, i64) {
    (hi.wrapping_add(lo.div_euclid(base)), lo.rem_euclid(base))
}

/// A Go `time.Time`: an instant, a location, and maybe a monotonic clock reading.
#[derive(Clone, Debug)]
pub struct Time {
    /// Seconds since the Unix epoch.
    unix: i64,
    /// Nanoseconds within the second, 0..1e9.
    nsec: i64,
    /// The monotonic reading Go attaches to `time.Now()` (printed as `m=+…`).
    mono: Option<i64>,
    /// `None` is Go's nil location, which is UTC.
    loc: Option<Rc<Location>>,
}

/// The calendar fields of a time in its location.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Civil {
    /// Year.
    pub year: i64,
    /// Month, 1–12.
    pub month: i64,
    /// Day of the month.
    pub day: i64,
    /// Hour, 0–23.
    pub hour: i64,
    /// Minute.
    pub minute: i64,
    /// Second.
    pub second: i64,
    /// Day of the year, 1–366.
    pub yday: i64,
    /// Day of the week, 0 = Sunday.
    pub weekday: i64,
}

impl Default for Time {
    /// Go's zero `Time`: 0001-01-01 00:00:00 UTC.
    fn default() -> Time {
        Time {
            unix: -ZERO_TO_UNIX,
            nsec: 0,
            mono: None,
            loc: None,
        }
    }
}

impl Time {
    /// `time.Unix(sec, nsec)` in `loc` (nanoseconds outside 0..1e9 carry into seconds).
    pub fn unix(sec: i64, nsec: i64, loc: Option<Rc<Location>>) -> Time {
        let (sec, nsec) = norm(sec, nsec, SECOND);
        Time {
            unix: sec,
            nsec,
            mono: None,
            loc,
        }
    }

    /// A time from Unix nanoseconds (the host clock) with a monotonic reading, as `time.Now()`.
    pub fn now(unix_nanos: i128, loc: Option<Rc<Location>>) -> Time {
        let sec = unix_nanos.div_euclid(i128::from(SECOND));
        let nsec = unix_nanos.rem_euclid(i128::from(SECOND)) as i64;
        let sec = i64::try_from(sec).unwrap_or(if sec < 0 { i64::MIN } else { i64::MAX });
        Time {
            unix: sec,
            nsec,
            mono: Some(0),
            loc,
        }
    }

    /// `time.Date(year, month, day, hour, min, sec, nsec, loc)`, normalising out-of-range
    /// fields as Go does (month 13 is January of the next year, …).
    #[allow(clippy::too_many_arguments)]
    pub fn date(
        year: i64,
        month: i64,
        day: i64,
        hour: i64,
        min: i64,
        sec: i64,
        nsec: i64,
        loc: Option<Rc<Location>>,
    ) -> Time {
        let (year, m) = norm(year, month.wrapping_sub(1), 12);
        let (sec, nsec) = norm(sec, nsec, SECOND);
        let (min, sec) = norm(min, sec, 60);
        let (hour, min) = norm(hour, min, 60);
        let (day, hour) = norm(day, hour, 24);
        let days = days_from_civil(year, m + 1, 1).wrapping_add(day.wrapping_sub(1));
        let mut unix = days
            .wrapping_mul(SECONDS_PER_DAY)
            .wrapping_add(hour * 3600 + min * 60 + sec);
        if let Some(l) = &loc {
            let info = l.lookup(unix);
            if info.offset != 0 {
                let utc = unix.wrapping_sub(info.offset);
                let offset = if utc < info.start || utc >= info.end {
                    l.lookup(utc).offset
                } else {
                    info.offset
                };
                unix = unix.wrapping_sub(offset);
            }
        }
        Time {
            unix,
            nsec,
            mono: None,
            loc,
        }
    }

    /// Seconds since the Unix epoch (`Unix()`).
    pub fn unix_sec(&self) -> i64 {
        self.unix
    }

    /// Nanoseconds within the second (`Nanosecond()`).
    pub fn nanosecond(&self) -> i64 {
        self.nsec
    }

    /// `UnixNano()` (wraps on overflow, as Go's multiplication does).
    pub fn unix_nano(&self) -> i64 {
        self.unix.wrapping_mul(SECOND).wrapping_add(self.nsec)
    }

    /// The struct's `wall` and `ext` words as Go stores them (`time.Time`'s private fields,
    /// which `fmt` prints for verbs other than `%v`/`%s`).
    pub fn wall_ext(&self) -> (u64, i64) {
        const UNIX_TO_INTERNAL: i64 = 62_135_596_800;
        const WALL_TO_INTERNAL: i64 = 59_453_308_800;
        let sec = self.unix.wrapping_add(UNIX_TO_INTERNAL);
        let wsec = sec.wrapping_sub(WALL_TO_INTERNAL);
        match self.mono {
            Some(m) if (0..1 << 33).contains(&wsec) => {
                ((1u64 << 63) | (wsec as u64) << 30 | self.nsec as u64, m)
            }
            _ => (self.nsec as u64, sec),
        }
    }

    /// The location (`nil` means UTC).
    pub fn location(&self) -> Option<&Rc<Location>> {
        self.loc.as_ref()
    }

    /// The location's name, as `Location().String()` prints it.
    pub fn location_name(&self) -> &str {
        self.loc.as_ref().map_or("UTC", |l| l.name())
    }

    /// The same instant in `loc` (`In`, `UTC`, `Local`); drops the monotonic reading.
    pub fn in_location(&self, loc: Option<Rc<Location>>) -> Time {
        Time {
            mono: None,
            loc,
            ..self.clone()
        }
    }

    /// The instant without its monotonic reading (`Round(0)`).
    pub fn strip_mono(&self) -> Time {
        Time {
            mono: None,
            ..self.clone()
        }
    }

    /// Go's `IsZero`.
    pub fn is_zero(&self) -> bool {
        self.unix == -ZERO_TO_UNIX && self.nsec == 0
    }

    /// The zone in effect: abbreviation and offset.
    pub fn zone(&self) -> ZoneInfo {
        match &self.loc {
            Some(l) => l.lookup(self.unix),
            None => ZoneInfo {
                name: "UTC".into(),
                offset: 0,
                start: i64::MIN,
                end: i64::MAX,
                is_dst: false,
            },
        }
    }

    /// Calendar fields in the time's location.
    pub fn civil(&self) -> Civil {
        let local = i128::from(self.unix) + i128::from(self.zone().offset);
        let days = local.div_euclid(i128::from(SECONDS_PER_DAY)) as i64;
        let secs = local.rem_euclid(i128::from(SECONDS_PER_DAY)) as i64;
        let (year, month, day) = civil_from_days(days);
        Civil {
            year,
            month,
            day,
            hour: secs / 3600,
            minute: secs / 60 % 60,
            second: secs % 60,
            yday: days - days_from_civil(year, 1, 1) + 1,
            weekday: (days + 4).rem_euclid(7),
        }
    }

    /// `Add(d)`.
    pub fn add(&self, d: i64) -> Time {
        let mut dsec = d / SECOND;
        let mut nsec = self.nsec + d % SECOND;
        if nsec >= SECOND {
            dsec += 1;
            nsec -= SECOND;
        } else if nsec < 0 {
            dsec -= 1;
            nsec += SECOND;
        }
        let mono = self.mono.and_then(|m| m.checked_add(d));
        Time {
            unix: self.unix.wrapping_add(dsec),
            nsec,
            mono,
            loc: self.loc.clone(),
        }
    }

    /// `AddDate(years, months, days)`.
    pub fn add_date(&self, years: i64, months: i64, days: i64) -> Time {
        let c = self.civil();
        Time::date(
            c.year.wrapping_add(years),
            c.month.wrapping_add(months),
            c.day.wrapping_add(days),
            c.hour,
            c.minute,
            c.second,
            self.nsec,
            self.loc.clone(),
        )
    }

    /// `Sub(u)`: the duration `self - u`, saturating as Go does.
    pub fn sub(&self, u: &Time) -> i64 {
        if let (Some(a), Some(b)) = (self.mono, u.mono) {
            return a.saturating_sub(b);
        }
        let d = (i128::from(self.unix) - i128::from(u.unix)) * i128::from(SECOND)
            + i128::from(self.nsec - u.nsec);
        d.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
    }

    /// Compares instants (`Before`, `After`, `Equal`, `Compare`), using monotonic
    /// readings when both have one.
    pub fn compare(&self, u: &Time) -> core::cmp::Ordering {
        if let (Some(a), Some(b)) = (self.mono, u.mono) {
            return a.cmp(&b);
        }
        (self.unix, self.nsec).cmp(&(u.unix, u.nsec))
    }

    fn since_zero_mod(&self, d: i64) -> i64 {
        let total = (i128::from(self.unix) + i128::from(ZERO_TO_UNIX)) * i128::from(SECOND)
            + i128::from(self.nsec);
        total.rem_euclid(i128::from(d)) as i64
    }

    /// `Truncate(d)`: rounds down to a multiple of `d` since the zero time.
    pub fn truncate(&self, d: i64) -> Time {
        let t = self.strip_mono();
        if d <= 0 {
            return t;
        }
        let r = t.since_zero_mod(d);
        t.add(-r)
    }

    /// `Round(d)`: rounds half up to a multiple of `d` since the zero time.
    pub fn round(&self, d: i64) -> Time {
        let t = self.strip_mono();
        if d <= 0 {
            return t;
        }
        let r = t.since_zero_mod(d);
        if less_than_half(r, d) {
            t.add(-r)
        } else {
            t.add(d - r)
        }
    }

    /// `String()`: `2006-01-02 15:04:05.999999999 -0700 MST`, plus ` m=±s.nnnnnnnnn` when
    /// the time carries a monotonic reading.
    pub fn go_string(&self) -> String {
        let mut s = super::layout::format(self, "2006-01-02 15:04:05.999999999 -0700 MST");
        if let Some(m) = self.mono {
            let sign = if m < 0 { '-' } else { '+' };
            let u = m.unsigned_abs();
            s.push_str(&alloc::format!(
                " m={sign}{}.{:09}",
                u / 1_000_000_000,
                u % 1_000_000_000
            ));
        }
        s
    }
}

fn less_than_half(x: i64, y: i64) -> bool {
    (x as u64).wrapping_add(x as u64) < y as u64
}

/// `Duration.Round(m)`.
pub fn duration_round(d: i64, m: i64) -> i64 {
    if m <= 0 {
        return d;
    }
    let mut r = d % m;
    if d < 0 {
        r = -r;
        if less_than_half(r, m) {
            return d + r;
        }
        return d.checked_sub(m - r).unwrap_or(i64::MIN);
    }
    if less_than_half(r, m) {
        return d - r;
    }
    d.checked_add(m - r).unwrap_or(i64::MAX)
}

/// `Duration.Truncate(m)`.
pub fn duration_truncate(d: i64, m: i64) -> i64 {
    if m <= 0 {
        d
    } else {
        d - d % m
    }
}

/// `Duration.String()`: `1h2m3.5s`, `1.5ms`, `0s`.
pub fn duration_string(d: i64) -> String {
    let mut u = d.unsigned_abs();
    let mut out = String::new();
    if u < SECOND as u64 {
        if u == 0 {
            return String::from("0s");
        }
        let (prec, unit) = if u < 1_000 {
            (0, "ns")
        } else if u < 1_000_000 {
            (3, "µs")
        } else {
            (6, "ms")
        };
        let (frac, int) = frac_digits(u, prec);
        out.push_str(&alloc::format!("{int}{frac}{unit}"));
    } else {
        let (frac, secs) = frac_digits(u, 9);
        u = secs;
        let s = u % 60;
        u /= 60;
        if u > 0 {
            let m = u % 60;
            u /= 60;
            if u > 0 {
                out.push_str(&alloc::format!("{u}h"));
            }
            out.push_str(&alloc::format!("{m}m"));
        }
        out.push_str(&alloc::format!("{s}{frac}s"));
    }
    if d < 0 {
        out.insert(0, '-');
    }
    out
}

/// Go's `fmtFrac`: `.ddd` of `v / 10^prec` without trailing zeros, and the integer part.
fn frac_digits(v: u64, prec: u32) -> (String, u64) {
    let p = 10u64.pow(prec);
    let frac = v % p;
    if frac == 0 {
        return (String::new(), v / p);
    }
    let mut digits = alloc::format!("{frac:0width$}", width = prec as usize);
    while digits.ends_with('0') {
        digits.pop();
    }
    (alloc::format!(".{digits}"), v / p)
}
