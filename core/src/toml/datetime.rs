//! TOML datetimes as BurntSushi's decoder returns them: Go `time.Time` values, parsed with
//! `time.ParseInLocation` against its seven layouts, printed as Go prints times.
//!
//! Local datetimes, dates and times carry BurntSushi's fixed zones `datetime-local`,
//! `date-local` and `time-local`, whose offset is the machine's; like the Helm reference
//! machine, we take that offset (and Go's `time.Local`) to be UTC.

use alloc::format;
use alloc::string::String;

use crate::template::funcs::Sig;
use crate::value::{Object, Value};

/// The location a parsed time carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zone {
    /// `UTC` (`Z`, or an offset equal to the local one).
    Utc,
    /// A fabricated zone with no name, printed as its offset (`+0100`).
    Fixed,
    /// BurntSushi's `datetime-local`.
    LocalDatetime,
    /// BurntSushi's `date-local`.
    LocalDate,
    /// BurntSushi's `time-local`.
    LocalTime,
}

impl Zone {
    fn name(self) -> &'static str {
        match self {
            Zone::Utc => "UTC",
            Zone::Fixed => "",
            Zone::LocalDatetime => "datetime-local",
            Zone::LocalDate => "date-local",
            Zone::LocalTime => "time-local",
        }
    }
}

/// A Go `time.Time` from a TOML document (`typeOf` says `time.Time`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoTime {
    /// Year (0 for TOML local times).
    pub year: i64,
    /// Month, 1-12.
    pub month: u32,
    /// Day of the month, 1-31.
    pub day: u32,
    /// Hour, 0-23.
    pub hour: u32,
    /// Minute, 0-59.
    pub minute: u32,
    /// Second, 0-59.
    pub second: u32,
    /// Nanoseconds within the second.
    pub nanosecond: u32,
    /// Offset east of UTC, in seconds.
    pub offset: i32,
    /// The zone Go attaches.
    pub zone: Zone,
}

fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn days_in(month: u32, year: i64) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

impl GoTime {
    /// Seconds since the Unix epoch (Go's `Unix()`).
    pub fn unix(&self) -> i64 {
        let days = days_from_civil(self.year, self.month, self.day);
        days * 86_400 + (self.hour * 3600 + self.minute * 60 + self.second) as i64
            - self.offset as i64
    }

    /// The zone's name as Go reports it (`UTC`, `datetime-local`, or "" for a bare offset).
    pub fn zone_name(&self) -> &'static str {
        self.zone.name()
    }

    fn push_frac(out: &mut String, nanos: u32) {
        if nanos == 0 {
            return;
        }
        let s = format!("{nanos:09}");
        out.push('.');
        out.push_str(s.trim_end_matches('0'));
    }

    fn push_date(&self, out: &mut String) {
        // Go pads the year to four digits (with a sign when negative).
        if self.year < 0 {
            out.push_str(&format!("-{:04}", -self.year));
        } else {
            out.push_str(&format!("{:04}", self.year));
        }
        out.push_str(&format!("-{:02}-{:02}", self.month, self.day));
    }

    fn push_clock(&self, out: &mut String) {
        out.push_str(&format!(
            "{:02}:{:02}:{:02}",
            self.hour, self.minute, self.second
        ));
        Self::push_frac(out, self.nanosecond);
    }

    fn offset_digits(&self, colon: bool) -> String {
        let sign = if self.offset < 0 { '-' } else { '+' };
        let m = self.offset.unsigned_abs() / 60;
        if colon {
            format!("{sign}{:02}:{:02}", m / 60, m % 60)
        } else {
            format!("{sign}{:02}{:02}", m / 60, m % 60)
        }
    }

    /// Go's `Time.String()`: `2006-01-02 15:04:05.999999999 -0700 MST`.
    pub fn go_string(&self) -> String {
        let mut out = String::new();
        self.push_date(&mut out);
        out.push(' ');
        self.push_clock(&mut out);
        out.push(' ');
        out.push_str(&self.offset_digits(false));
        out.push(' ');
        match self.zone.name() {
            "" => out.push_str(&self.offset_digits(false)),
            name => out.push_str(name),
        }
        out
    }

    /// `time.RFC3339Nano` (`Z` for a zero offset), as `MarshalJSON` writes times.
    pub fn rfc3339_nano(&self) -> String {
        let mut out = String::new();
        self.push_date(&mut out);
        out.push('T');
        self.push_clock(&mut out);
        if self.offset == 0 {
            out.push('Z');
        } else {
            out.push_str(&self.offset_digits(true));
        }
        out
    }

    /// How BurntSushi's encoder writes the time: local kinds without a zone.
    pub fn toml_string(&self) -> String {
        let mut out = String::new();
        match self.zone {
            Zone::LocalDatetime => {
                self.push_date(&mut out);
                out.push('T');
                self.push_clock(&mut out);
            }
            Zone::LocalDate => self.push_date(&mut out),
            Zone::LocalTime => self.push_clock(&mut out),
            Zone::Utc | Zone::Fixed => return self.rfc3339_nano(),
        }
        out
    }
}

impl Object for GoTime {
    fn type_name(&self) -> &str {
        "time.Time"
    }

    fn has_method(&self, name: &str) -> bool {
        matches!(
            name,
            "Year"
                | "Day"
                | "Hour"
                | "Minute"
                | "Second"
                | "Nanosecond"
                | "Unix"
                | "UnixNano"
                | "String"
        )
    }

    fn method_sig(&self, name: &str) -> Option<Sig> {
        self.has_method(name).then_some(Sig::fixed(&[]))
    }

    fn call_method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        if !self.has_method(name) {
            return None;
        }
        if !args.is_empty() {
            return Some(Err(format!(
                "wrong number of args for {name}: want 0 got {}",
                args.len()
            )));
        }
        let v = match name {
            "Year" => Value::Int(self.year),
            "Day" => Value::Int(self.day as i64),
            "Hour" => Value::Int(self.hour as i64),
            "Minute" => Value::Int(self.minute as i64),
            "Second" => Value::Int(self.second as i64),
            "Nanosecond" => Value::Int(self.nanosecond as i64),
            "Unix" => Value::Int64(self.unix()),
            "UnixNano" => Value::Int64(
                self.unix()
                    .wrapping_mul(1_000_000_000)
                    .wrapping_add(self.nanosecond as i64),
            ),
            _ => Value::str(self.go_string()),
        };
        Some(Ok(v))
    }

    fn format_v(&self) -> String {
        self.go_string()
    }

    fn to_data(&self) -> Option<Value> {
        Some(Value::str(self.rfc3339_nano()))
    }

    fn as_any(&self) -> &dyn core::any::Any {
        self
    }
}

/// The pieces of Go layouts BurntSushi parses datetimes with.
#[derive(Clone, Copy)]
enum Tok {
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
    Frac,
    Offset,
    Lit(u8),
}

/// BurntSushi's `dtTypes`, in order: the layout text (for `missingLeadingZero`), its tokens,
/// and the zone a zone-less value gets.
const LAYOUTS: &[(&str, &[Tok], Zone)] = {
    use Tok::*;
    &[
        (
            "2006-01-02T15:04:05.999999999Z07:00",
            &[
                Year,
                Lit(b'-'),
                Month,
                Lit(b'-'),
                Day,
                Lit(b'T'),
                Hour,
                Lit(b':'),
                Minute,
                Lit(b':'),
                Second,
                Frac,
                Offset,
            ],
            Zone::Utc,
        ),
        (
            "2006-01-02T15:04:05.999999999",
            &[
                Year,
                Lit(b'-'),
                Month,
                Lit(b'-'),
                Day,
                Lit(b'T'),
                Hour,
                Lit(b':'),
                Minute,
                Lit(b':'),
                Second,
                Frac,
            ],
            Zone::LocalDatetime,
        ),
        (
            "2006-01-02",
            &[Year, Lit(b'-'), Month, Lit(b'-'), Day],
            Zone::LocalDate,
        ),
        (
            "15:04:05.999999999",
            &[Hour, Lit(b':'), Minute, Lit(b':'), Second, Frac],
            Zone::LocalTime,
        ),
        (
            "2006-01-02T15:04Z07:00",
            &[
                Year,
                Lit(b'-'),
                Month,
                Lit(b'-'),
                Day,
                Lit(b'T'),
                Hour,
                Lit(b':'),
                Minute,
                Offset,
            ],
            Zone::Utc,
        ),
        (
            "2006-01-02T15:04",
            &[
                Year,
                Lit(b'-'),
                Month,
                Lit(b'-'),
                Day,
                Lit(b'T'),
                Hour,
                Lit(b':'),
                Minute,
            ],
            Zone::LocalDatetime,
        ),
        ("15:04", &[Hour, Lit(b':'), Minute], Zone::LocalTime),
    ]
};

/// Go's `getnum`: one or two digits (two when `fixed`).
fn getnum(s: &[u8], fixed: bool) -> Option<(u32, &[u8])> {
    let d0 = *s.first().filter(|c| c.is_ascii_digit())?;
    match s.get(1).filter(|c| c.is_ascii_digit()) {
        Some(&d1) => Some(((d0 - b'0') as u32 * 10 + (d1 - b'0') as u32, &s[2..])),
        None if fixed => None,
        None => Some(((d0 - b'0') as u32, &s[1..])),
    }
}

/// Fractional seconds `.ddd` (or `,ddd`) at the start of `s`: nanoseconds and the rest.
fn fraction(s: &[u8]) -> (u32, &[u8]) {
    if s.len() < 2 || !matches!(s[0], b'.' | b',') || !s[1].is_ascii_digit() {
        return (0, s);
    }
    let n = 1 + s[1..].iter().take_while(|c| c.is_ascii_digit()).count();
    let digits = &s[1..n.min(10)];
    let mut ns: u32 = 0;
    for &d in digits {
        ns = ns * 10 + (d - b'0') as u32;
    }
    for _ in digits.len()..9 {
        ns *= 10;
    }
    (ns, &s[n..])
}

/// Go's `time.ParseInLocation` for one of BurntSushi's layouts (local zone = UTC).
fn parse_layout(value: &str, toks: &[Tok], zone_less: Zone) -> Option<GoTime> {
    let mut s = value.as_bytes();
    let (mut year, mut month, mut day) = (0i64, 1u32, 1u32);
    let (mut hour, mut minute, mut second, mut nanos) = (0u32, 0u32, 0u32, 0u32);
    let mut zone: Option<(i32, bool)> = None;
    let has_frac = toks.iter().any(|t| matches!(t, Tok::Frac));
    for t in toks {
        match *t {
            Tok::Lit(c) => {
                if s.first() != Some(&c) {
                    return None;
                }
                s = &s[1..];
            }
            Tok::Year => {
                let p = s.get(..4)?;
                if !p[0].is_ascii_digit() {
                    return None;
                }
                year = core::str::from_utf8(p).ok()?.parse().ok()?;
                s = &s[4..];
            }
            Tok::Month => {
                let (m, r) = getnum(s, true)?;
                if !(1..=12).contains(&m) {
                    return None;
                }
                month = m;
                s = r;
            }
            Tok::Day => {
                let (d, r) = getnum(s, true)?;
                day = d;
                s = r;
            }
            Tok::Hour => {
                let (h, r) = getnum(s, false)?;
                if h >= 24 {
                    return None;
                }
                hour = h;
                s = r;
            }
            Tok::Minute => {
                let (m, r) = getnum(s, true)?;
                if m >= 60 {
                    return None;
                }
                minute = m;
                s = r;
            }
            Tok::Second => {
                let (sec, r) = getnum(s, true)?;
                if sec >= 60 {
                    return None;
                }
                second = sec;
                s = r;
                // Go accepts a fraction after the seconds even when the layout has none.
                if !has_frac {
                    let (ns, r) = fraction(s);
                    nanos = ns;
                    s = r;
                }
            }
            Tok::Frac => {
                let (ns, r) = fraction(s);
                nanos = ns;
                s = r;
            }
            Tok::Offset => {
                if s.first() == Some(&b'Z') {
                    s = &s[1..];
                    zone = Some((0, true));
                    continue;
                }
                if s.len() < 6 || s[3] != b':' {
                    return None;
                }
                let (hh, _) = getnum(&s[1..3], true)?;
                let (mm, _) = getnum(&s[4..6], true)?;
                if hh > 24 || mm > 60 {
                    return None;
                }
                let off = ((hh * 60 + mm) * 60) as i32;
                let off = match s[0] {
                    b'+' => off,
                    b'-' => -off,
                    _ => return None,
                };
                zone = Some((off, false));
                s = &s[6..];
            }
        }
    }
    if !s.is_empty() || day < 1 || day > days_in(month, year) {
        return None;
    }
    let (offset, zone) = match zone {
        Some((_, true)) => (0, Zone::Utc),
        // An offset equal to the local zone's (UTC) takes the local zone.
        Some((0, false)) => (0, Zone::Utc),
        Some((off, false)) => (off, Zone::Fixed),
        None => (0, zone_less),
    };
    Some(GoTime {
        year,
        month,
        day,
        hour,
        minute,
        second,
        nanosecond: nanos,
        offset,
        zone,
    })
}

/// BurntSushi's `missingLeadingZero`: Go accepts a one-digit hour, TOML does not.
fn missing_leading_zero(d: &str, layout: &str) -> bool {
    let d = d.as_bytes();
    for (i, &c) in layout.as_bytes().iter().enumerate() {
        if c == b'.' || c == b'Z' {
            return false;
        }
        if !c.is_ascii_digit() && d.get(i) != Some(&c) {
            return true;
        }
    }
    false
}

/// BurntSushi's `valueDatetime`; the error holds the value as its message quotes it (after
/// `z`, `t` and space were normalised to `Z`, `T`, `T`).
pub(crate) fn parse_datetime(raw: &str) -> Result<GoTime, String> {
    let v: String = raw
        .chars()
        .map(|c| match c {
            'z' => 'Z',
            't' | ' ' => 'T',
            c => c,
        })
        .collect();
    for (layout, toks, zone) in LAYOUTS {
        if let Some(t) = parse_layout(&v, toks, *zone) {
            if missing_leading_zero(&v, layout) {
                return Err(v);
            }
            return Ok(t);
        }
    }
    Err(v)
}
