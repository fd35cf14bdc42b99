//! Go's reference-time layouts: `Time.Format`, `time.ParseInLocation` with Go's
//! `ParseError` texts, and `time.ParseDuration`.

use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;

use super::gotime::{days_before, days_in, is_leap, Time};
use super::zone::Location;

/// One element of a layout (Go's `std*` constants).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Std {
    LongMonth,
    Month,
    NumMonth,
    ZeroMonth,
    LongWeekDay,
    WeekDay,
    Day,
    UnderDay,
    ZeroDay,
    UnderYearDay,
    ZeroYearDay,
    Hour,
    Hour12,
    ZeroHour12,
    Minute,
    ZeroMinute,
    Second,
    ZeroSecond,
    LongYear,
    Year,
    PM,
    Pm,
    TZ,
    Iso8601TZ,
    Iso8601SecondsTZ,
    Iso8601ShortTZ,
    Iso8601ColonTZ,
    Iso8601ColonSecondsTZ,
    NumTZ,
    NumSecondsTz,
    NumShortTZ,
    NumColonTZ,
    NumColonSecondsTZ,
    /// `.000`: this many digits, trailing zeros kept; `true` for a comma separator.
    FracSecond0(usize, bool),
    /// `.999`: at most this many digits, trailing zeros dropped.
    FracSecond9(usize, bool),
}

impl Std {
    fn is_iso_tz(self) -> bool {
        matches!(
            self,
            Std::Iso8601TZ
                | Std::Iso8601SecondsTZ
                | Std::Iso8601ShortTZ
                | Std::Iso8601ColonTZ
                | Std::Iso8601ColonSecondsTZ
        )
    }
}

const LONG_DAYS: [&str; 7] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const SHORT_DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const SHORT_MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const LONG_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Go's English name of a month (1–12), or `%!Month(n)` as `Month.String` prints others.
pub fn month_name(m: i64) -> String {
    match usize::try_from(m - 1).ok().and_then(|i| LONG_MONTHS.get(i)) {
        Some(s) => String::from(*s),
        None => alloc::format!("%!Month({m})"),
    }
}

/// Go's English name of a weekday (0 = Sunday).
pub fn weekday_name(d: i64) -> String {
    match usize::try_from(d).ok().and_then(|i| LONG_DAYS.get(i)) {
        Some(s) => String::from(*s),
        None => alloc::format!("%!Weekday({d})"),
    }
}

fn starts_lower(s: &[u8]) -> bool {
    s.first().is_some_and(|c| c.is_ascii_lowercase())
}

/// Go's `nextStdChunk`: the text before the first layout element, the element, the rest.
fn next_std_chunk(layout: &[u8]) -> (&[u8], Option<Std>, &[u8]) {
    let at = |i: usize, s: &str| layout[i..].starts_with(s.as_bytes());
    for i in 0..layout.len() {
        let hit = |std: Std, len: usize| (&layout[..i], Some(std), &layout[i + len..]);
        match layout[i] {
            b'J' if at(i, "Jan") => {
                if at(i, "January") {
                    return hit(Std::LongMonth, 7);
                }
                if !starts_lower(&layout[i + 3..]) {
                    return hit(Std::Month, 3);
                }
            }
            b'M' => {
                if at(i, "Mon") {
                    if at(i, "Monday") {
                        return hit(Std::LongWeekDay, 6);
                    }
                    if !starts_lower(&layout[i + 3..]) {
                        return hit(Std::WeekDay, 3);
                    }
                }
                if at(i, "MST") {
                    return hit(Std::TZ, 3);
                }
            }
            b'0' => {
                if let Some(&c @ b'1'..=b'6') = layout.get(i + 1) {
                    let std =
                        [Std::ZeroMonth, Std::ZeroDay, Std::ZeroHour12, Std::ZeroMinute, Std::ZeroSecond, Std::Year]
                            [usize::from(c - b'1')];
                    return hit(std, 2);
                }
                if at(i, "002") {
                    return hit(Std::ZeroYearDay, 3);
                }
            }
            b'1' => {
                if at(i, "15") {
                    return hit(Std::Hour, 2);
                }
                return hit(Std::NumMonth, 1);
            }
            b'2' => {
                if at(i, "2006") {
                    return hit(Std::LongYear, 4);
                }
                return hit(Std::Day, 1);
            }
            b'_' => {
                if layout.get(i + 1) == Some(&b'2') {
                    // `_2006` is a literal `_` and a long year.
                    if at(i + 1, "2006") {
                        return (&layout[..i + 1], Some(Std::LongYear), &layout[i + 5..]);
                    }
                    return hit(Std::UnderDay, 2);
                }
                if at(i, "__2") {
                    return hit(Std::UnderYearDay, 3);
                }
            }
            b'3' => return hit(Std::Hour12, 1),
            b'4' => return hit(Std::Minute, 1),
            b'5' => return hit(Std::Second, 1),
            b'P' if at(i, "PM") => return hit(Std::PM, 2),
            b'p' if at(i, "pm") => return hit(Std::Pm, 2),
            b'-' => {
                for (text, std) in [
                    ("-070000", Std::NumSecondsTz),
                    ("-07:00:00", Std::NumColonSecondsTZ),
                    ("-0700", Std::NumTZ),
                    ("-07:00", Std::NumColonTZ),
                    ("-07", Std::NumShortTZ),
                ] {
                    if at(i, text) {
                        return hit(std, text.len());
                    }
                }
            }
            b'Z' => {
                for (text, std) in [
                    ("Z070000", Std::Iso8601SecondsTZ),
                    ("Z07:00:00", Std::Iso8601ColonSecondsTZ),
                    ("Z0700", Std::Iso8601TZ),
                    ("Z07:00", Std::Iso8601ColonTZ),
                    ("Z07", Std::Iso8601ShortTZ),
                ] {
                    if at(i, text) {
                        return hit(std, text.len());
                    }
                }
            }
            c @ (b'.' | b',') => {
                if let Some(&ch @ (b'0' | b'9')) = layout.get(i + 1) {
                    let mut j = i + 1;
                    while j < layout.len() && layout[j] == ch {
                        j += 1;
                    }
                    // Only a run of digits that ends here is a fractional second.
                    if !layout.get(j).is_some_and(u8::is_ascii_digit) {
                        // Go keeps the digit count in 12 bits.
                        let n = (j - (i + 1)) & 0xfff;
                        let std =
                            if ch == b'0' { Std::FracSecond0(n, c == b',') } else { Std::FracSecond9(n, c == b',') };
                        return (&layout[..i], Some(std), &layout[j..]);
                    }
                }
            }
            _ => {}
        }
    }
    (layout, None, &[])
}

/// Go's `appendInt`: decimal with a minus sign and zero padding to `width` digits.
fn append_int(b: &mut Vec<u8>, x: i64, width: usize) {
    if x < 0 {
        b.push(b'-');
    }
    let digits = alloc::format!("{}", x.unsigned_abs());
    for _ in digits.len()..width {
        b.push(b'0');
    }
    b.extend_from_slice(digits.as_bytes());
}

/// `Time.Format(layout)`.
pub fn format(t: &Time, layout: &str) -> String {
    let zone = t.zone();
    let c = t.civil();
    let mut b: Vec<u8> = Vec::with_capacity(layout.len() + 10);
    let mut layout = layout.as_bytes();
    while !layout.is_empty() {
        let (prefix, std, suffix) = next_std_chunk(layout);
        b.extend_from_slice(prefix);
        let Some(std) = std else { break };
        layout = suffix;
        let hr12 = if c.hour % 12 == 0 { 12 } else { c.hour % 12 };
        match std {
            Std::Year => append_int(&mut b, c.year.abs() % 100, 2),
            Std::LongYear => append_int(&mut b, c.year, 4),
            Std::Month => b.extend_from_slice(&LONG_MONTHS[(c.month - 1) as usize].as_bytes()[..3]),
            Std::LongMonth => b.extend_from_slice(LONG_MONTHS[(c.month - 1) as usize].as_bytes()),
            Std::NumMonth => append_int(&mut b, c.month, 0),
            Std::ZeroMonth => append_int(&mut b, c.month, 2),
            Std::WeekDay => b.extend_from_slice(SHORT_DAYS[c.weekday as usize].as_bytes()),
            Std::LongWeekDay => b.extend_from_slice(LONG_DAYS[c.weekday as usize].as_bytes()),
            Std::Day => append_int(&mut b, c.day, 0),
            Std::UnderDay => {
                if c.day < 10 {
                    b.push(b' ');
                }
                append_int(&mut b, c.day, 0);
            }
            Std::ZeroDay => append_int(&mut b, c.day, 2),
            Std::UnderYearDay => {
                if c.yday < 100 {
                    b.push(b' ');
                    if c.yday < 10 {
                        b.push(b' ');
                    }
                }
                append_int(&mut b, c.yday, 0);
            }
            Std::ZeroYearDay => append_int(&mut b, c.yday, 3),
            Std::Hour => append_int(&mut b, c.hour, 2),
            Std::Hour12 => append_int(&mut b, hr12, 0),
            Std::ZeroHour12 => append_int(&mut b, hr12, 2),
            Std::Minute => append_int(&mut b, c.minute, 0),
            Std::ZeroMinute => append_int(&mut b, c.minute, 2),
            Std::Second => append_int(&mut b, c.second, 0),
            Std::ZeroSecond => append_int(&mut b, c.second, 2),
            Std::PM => b.extend_from_slice(if c.hour >= 12 { b"PM" } else { b"AM" }),
            Std::Pm => b.extend_from_slice(if c.hour >= 12 { b"pm" } else { b"am" }),
            Std::TZ => {
                if !zone.name.is_empty() {
                    b.extend_from_slice(zone.name.as_bytes());
                } else {
                    let mut z = zone.offset / 60;
                    b.push(if z < 0 { b'-' } else { b'+' });
                    z = z.abs();
                    append_int(&mut b, z / 60, 2);
                    append_int(&mut b, z % 60, 2);
                }
            }
            Std::FracSecond0(n, comma) | Std::FracSecond9(n, comma) => {
                let trim = matches!(std, Std::FracSecond9(..));
                append_nano(&mut b, t.nanosecond(), n, comma, trim);
            }
            tz => {
                if zone.offset == 0 && tz.is_iso_tz() {
                    b.push(b'Z');
                    continue;
                }
                let mut z = zone.offset / 60;
                let mut abs = zone.offset;
                if z < 0 {
                    b.push(b'-');
                    z = -z;
                    abs = -abs;
                } else {
                    b.push(b'+');
                }
                append_int(&mut b, z / 60, 2);
                let colon = matches!(
                    tz,
                    Std::Iso8601ColonTZ | Std::NumColonTZ | Std::Iso8601ColonSecondsTZ | Std::NumColonSecondsTZ
                );
                if colon {
                    b.push(b':');
                }
                if !matches!(tz, Std::NumShortTZ | Std::Iso8601ShortTZ) {
                    append_int(&mut b, z % 60, 2);
                }
                if matches!(
                    tz,
                    Std::Iso8601SecondsTZ | Std::NumSecondsTz | Std::NumColonSecondsTZ | Std::Iso8601ColonSecondsTZ
                ) {
                    if matches!(tz, Std::NumColonSecondsTZ | Std::Iso8601ColonSecondsTZ) {
                        b.push(b':');
                    }
                    append_int(&mut b, abs % 60, 2);
                }
            }
        }
    }
    String::from_utf8(b).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Go's `appendNano`.
fn append_nano(b: &mut Vec<u8>, nsec: i64, n: usize, comma: bool, trim: bool) {
    if trim && (n == 0 || nsec == 0) {
        return;
    }
    let dot = if comma { b',' } else { b'.' };
    b.push(dot);
    let start = b.len();
    append_int(b, nsec, 9);
    // More than nine digits in the layout still print nine.
    if n < 9 {
        b.truncate(start + n);
    }
    if trim {
        while b.last() == Some(&b'0') {
            b.pop();
        }
        if b.last() == Some(&dot) {
            b.pop();
        }
    }
}

/// time's own `quote` (not strconv's): bytes outside printable ASCII as `\xNN`.
pub fn time_quote(s: &[u8]) -> String {
    let mut out = String::from("\"");
    for &c in s {
        if !(b' '..0x80).contains(&c) {
            out.push_str(&alloc::format!("\\x{c:02x}"));
        } else {
            if c == b'"' || c == b'\\' {
                out.push('\\');
            }
            out.push(c as char);
        }
    }
    out.push('"');
    out
}

fn parse_error(layout: &[u8], value: &[u8], layout_elem: &[u8], value_elem: &[u8], message: &str) -> String {
    if message.is_empty() {
        alloc::format!(
            "parsing time {} as {}: cannot parse {} as {}",
            time_quote(value),
            time_quote(layout),
            time_quote(value_elem),
            time_quote(layout_elem)
        )
    } else {
        alloc::format!("parsing time {}{message}", time_quote(value))
    }
}

fn is_digit(s: &[u8], i: usize) -> bool {
    s.get(i).is_some_and(u8::is_ascii_digit)
}

/// Go's `getnum`: one or two digits (`fixed`: exactly two).
fn getnum(s: &[u8], fixed: bool) -> Option<(i64, &[u8])> {
    if !is_digit(s, 0) {
        return None;
    }
    if !is_digit(s, 1) {
        if fixed {
            return None;
        }
        return Some((i64::from(s[0] - b'0'), &s[1..]));
    }
    Some((i64::from(s[0] - b'0') * 10 + i64::from(s[1] - b'0'), &s[2..]))
}

fn getnum3(s: &[u8], fixed: bool) -> Option<(i64, &[u8])> {
    let mut n = 0;
    let mut i = 0;
    while i < 3 && is_digit(s, i) {
        n = n * 10 + i64::from(s[i] - b'0');
        i += 1;
    }
    if i == 0 || (fixed && i != 3) {
        return None;
    }
    Some((n, &s[i..]))
}

/// Go's `leadingInt`: leading digits, failing past 2^63.
fn leading_int(s: &[u8]) -> Option<(u64, &[u8])> {
    let mut x: u64 = 0;
    let mut i = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        if x > (1 << 63) / 10 {
            return None;
        }
        x = x * 10 + u64::from(s[i] - b'0');
        if x > 1 << 63 {
            return None;
        }
        i += 1;
    }
    Some((x, &s[i..]))
}

/// Go's `atoi` for the short digit strings `parse` gives it.
fn atoi(s: &[u8]) -> Option<i64> {
    let (neg, s) = match s.first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (q, rem) = leading_int(s)?;
    if !rem.is_empty() {
        return None;
    }
    let x = q as i64;
    Some(if neg { x.wrapping_neg() } else { x })
}

fn skip<'a>(mut value: &'a [u8], mut prefix: &[u8]) -> Result<&'a [u8], &'a [u8]> {
    while let Some(&p) = prefix.first() {
        if p == b' ' {
            if value.first().is_some_and(|&c| c != b' ') {
                return Err(value);
            }
            while prefix.first() == Some(&b' ') {
                prefix = &prefix[1..];
            }
            while value.first() == Some(&b' ') {
                value = &value[1..];
            }
            continue;
        }
        if value.first() != Some(&p) {
            return Err(value);
        }
        prefix = &prefix[1..];
        value = &value[1..];
    }
    Ok(value)
}

fn lookup<'a>(tab: &[&str], val: &'a [u8]) -> Option<(usize, &'a [u8])> {
    tab.iter().enumerate().find_map(|(i, v)| {
        let v = v.as_bytes();
        (val.len() >= v.len() && val[..v.len()].eq_ignore_ascii_case(v)).then(|| (i, &val[v.len()..]))
    })
}

/// Go's `parseNanoseconds`: `value[0]` is the separator, then `nbytes - 1` digits.
fn parse_nanoseconds(value: &[u8], nbytes: usize) -> Result<i64, &'static str> {
    if !matches!(value.first(), Some(b'.' | b',')) {
        return Err("");
    }
    let nbytes = nbytes.min(10);
    let ns = atoi(&value[1..nbytes]).ok_or("")?;
    if ns < 0 {
        return Err("fractional second");
    }
    Ok(ns * 10i64.pow((10 - nbytes) as u32))
}

fn parse_signed_offset(value: &[u8]) -> usize {
    if !matches!(value.first(), Some(b'-' | b'+')) {
        return 0;
    }
    match leading_int(&value[1..]) {
        Some((x, rem)) if rem.len() != value.len() - 1 && x <= 23 => value.len() - rem.len(),
        _ => 0,
    }
}

fn parse_time_zone(value: &[u8]) -> Option<usize> {
    if value.len() < 3 {
        return None;
    }
    if value.starts_with(b"ChST") || value.starts_with(b"MeST") {
        return Some(4);
    }
    if value.starts_with(b"GMT") {
        return Some(if value.len() == 3 { 3 } else { 3 + parse_signed_offset(&value[3..]) });
    }
    if value[0] == b'+' || value[0] == b'-' {
        let n = parse_signed_offset(value);
        return (n > 0).then_some(n);
    }
    let upper = value.iter().take(6).take_while(|c| c.is_ascii_uppercase()).count();
    match upper {
        5 if value[4] == b'T' => Some(5),
        4 if value[3] == b'T' || value.starts_with(b"WITA") => Some(4),
        3 => Some(3),
        _ => None,
    }
}

/// `time.ParseInLocation(layout, value, loc)` (also `Parse`, with `default` UTC and
/// `local` the local zone). `None` locations are UTC.
pub fn parse_in_location(
    layout: &str,
    value: &str,
    default: Option<Rc<Location>>,
    local: Option<Rc<Location>>,
) -> Result<Time, String> {
    let (alayout, avalue) = (layout.as_bytes(), value.as_bytes());
    let (mut layout, mut value) = (alayout, avalue);
    let mut range_err = "";
    let (mut am_set, mut pm_set) = (false, false);
    let (mut year, mut month, mut day, mut yday) = (0i64, -1i64, -1i64, -1i64);
    let (mut hour, mut min, mut sec, mut nsec) = (0i64, 0i64, 0i64, 0i64);
    let mut z_utc = false;
    let mut zone_offset: i64 = -1;
    let mut zone_name: &[u8] = b"";
    loop {
        let (prefix, std, suffix) = next_std_chunk(layout);
        let stdstr = &layout[prefix.len()..layout.len() - suffix.len()];
        value = match skip(value, prefix) {
            Ok(v) => v,
            Err(v) => return Err(parse_error(alayout, avalue, prefix, v, "")),
        };
        let Some(std) = std else {
            if !value.is_empty() {
                let msg = alloc::format!(": extra text: {}", time_quote(value));
                return Err(parse_error(alayout, avalue, b"", value, &msg));
            }
            break;
        };
        layout = suffix;
        let hold = value;
        let mut ok = true;
        match std {
            Std::Year => {
                if value.len() < 2 {
                    ok = false;
                } else {
                    let p = &value[..2];
                    value = &value[2..];
                    match atoi(p) {
                        Some(y) => year = if y >= 69 { y + 1900 } else { y + 2000 },
                        None => ok = false,
                    }
                }
            }
            Std::LongYear => {
                if value.len() < 4 || !is_digit(value, 0) {
                    ok = false;
                } else {
                    let p = &value[..4];
                    value = &value[4..];
                    match atoi(p) {
                        Some(y) => year = y,
                        None => ok = false,
                    }
                }
            }
            Std::Month | Std::LongMonth => {
                let tab: &[&str] = if std == Std::Month { &SHORT_MONTHS } else { &LONG_MONTHS };
                match lookup(tab, value) {
                    Some((i, rest)) => {
                        month = i as i64 + 1;
                        value = rest;
                    }
                    None => ok = false,
                }
            }
            Std::NumMonth | Std::ZeroMonth => match getnum(value, std == Std::ZeroMonth) {
                Some((m, rest)) => {
                    month = m;
                    value = rest;
                    if !(1..=12).contains(&m) {
                        range_err = "month";
                    }
                }
                None => ok = false,
            },
            Std::WeekDay | Std::LongWeekDay => {
                let tab: &[&str] = if std == Std::WeekDay { &SHORT_DAYS } else { &LONG_DAYS };
                match lookup(tab, value) {
                    Some((_, rest)) => value = rest,
                    None => ok = false,
                }
            }
            Std::Day | Std::UnderDay | Std::ZeroDay => {
                if std == Std::UnderDay && value.first() == Some(&b' ') {
                    value = &value[1..];
                }
                match getnum(value, std == Std::ZeroDay) {
                    Some((d, rest)) => {
                        day = d;
                        value = rest;
                    }
                    None => ok = false,
                }
            }
            Std::UnderYearDay | Std::ZeroYearDay => {
                for _ in 0..2 {
                    if std == Std::UnderYearDay && value.first() == Some(&b' ') {
                        value = &value[1..];
                    }
                }
                match getnum3(value, std == Std::ZeroYearDay) {
                    Some((d, rest)) => {
                        yday = d;
                        value = rest;
                    }
                    None => ok = false,
                }
            }
            Std::Hour => match getnum(value, false) {
                Some((h, rest)) => {
                    hour = h;
                    value = rest;
                    if h >= 24 {
                        range_err = "hour";
                    }
                }
                None => ok = false,
            },
            Std::Hour12 | Std::ZeroHour12 => match getnum(value, std == Std::ZeroHour12) {
                Some((h, rest)) => {
                    hour = h;
                    value = rest;
                    if h > 12 {
                        range_err = "hour";
                    }
                }
                None => ok = false,
            },
            Std::Minute | Std::ZeroMinute => match getnum(value, std == Std::ZeroMinute) {
                Some((m, rest)) => {
                    min = m;
                    value = rest;
                    if m >= 60 {
                        range_err = "minute";
                    }
                }
                None => ok = false,
            },
            Std::Second | Std::ZeroSecond => match getnum(value, std == Std::ZeroSecond) {
                None => ok = false,
                Some((s, rest)) => {
                    sec = s;
                    value = rest;
                    if s >= 60 {
                        range_err = "second";
                    } else if value.len() >= 2 && matches!(value[0], b'.' | b',') && is_digit(value, 1) {
                        // A fractional second the layout does not mention is still read.
                        let (_, next, _) = next_std_chunk(layout);
                        if !matches!(next, Some(Std::FracSecond0(..) | Std::FracSecond9(..))) {
                            let mut n = 2;
                            while is_digit(value, n) {
                                n += 1;
                            }
                            match parse_nanoseconds(value, n) {
                                Ok(ns) => nsec = ns,
                                Err("") => ok = false,
                                Err(e) => range_err = e,
                            }
                            value = &value[n..];
                        }
                    }
                }
            },
            Std::PM | Std::Pm => {
                if value.len() < 2 {
                    ok = false;
                } else {
                    let p = &value[..2];
                    value = &value[2..];
                    let (pm, am): (&[u8], &[u8]) = if std == Std::PM { (b"PM", b"AM") } else { (b"pm", b"am") };
                    if p == pm {
                        pm_set = true;
                    } else if p == am {
                        am_set = true;
                    } else {
                        ok = false;
                    }
                }
            }
            Std::TZ => {
                if value.starts_with(b"UTC") {
                    z_utc = true;
                    value = &value[3..];
                } else {
                    match parse_time_zone(value) {
                        Some(n) => {
                            zone_name = &value[..n];
                            value = &value[n..];
                        }
                        None => ok = false,
                    }
                }
            }
            Std::FracSecond0(digits, _) => {
                let ndigit = 1 + digits;
                if value.len() < ndigit {
                    ok = false;
                } else {
                    match parse_nanoseconds(value, ndigit) {
                        Ok(ns) => nsec = ns,
                        Err("") => ok = false,
                        Err(e) => range_err = e,
                    }
                    value = &value[ndigit..];
                }
            }
            Std::FracSecond9(..) => {
                if value.len() >= 2 && matches!(value[0], b'.' | b',') && is_digit(value, 1) {
                    let mut i = 0;
                    while is_digit(value, i + 1) {
                        i += 1;
                    }
                    match parse_nanoseconds(value, 1 + i) {
                        Ok(ns) => nsec = ns,
                        Err("") => ok = false,
                        Err(e) => range_err = e,
                    }
                    value = &value[1 + i..];
                }
            }
            tz => {
                if tz.is_iso_tz() && value.first() == Some(&b'Z') {
                    value = &value[1..];
                    z_utc = true;
                } else {
                    match parse_numeric_zone(tz, value) {
                        None => ok = false,
                        Some((off, err, rest)) => {
                            value = rest;
                            zone_offset = off;
                            if !err.is_empty() {
                                range_err = err;
                            }
                        }
                    }
                }
            }
        }
        if !range_err.is_empty() {
            let msg = alloc::format!(": {range_err} out of range");
            return Err(parse_error(alayout, avalue, stdstr, value, &msg));
        }
        if !ok {
            return Err(parse_error(alayout, avalue, stdstr, hold, ""));
        }
    }
    if pm_set && hour < 12 {
        hour += 12;
    } else if am_set && hour == 12 {
        hour = 0;
    }
    if yday >= 0 {
        let mut d = 0;
        let mut m = 0;
        if is_leap(year) {
            if yday == 31 + 29 {
                m = 2;
                d = 29;
            } else if yday > 31 + 29 {
                yday -= 1;
            }
        }
        if !(1..=365).contains(&yday) {
            return Err(parse_error(alayout, avalue, b"", value, ": day-of-year out of range"));
        }
        if m == 0 {
            m = (yday - 1) / 31 + 1;
            if days_before(m + 1) < yday {
                m += 1;
            }
            d = yday - days_before(m);
        }
        if month >= 0 && month != m {
            return Err(parse_error(alayout, avalue, b"", value, ": day-of-year does not match month"));
        }
        month = m;
        if day >= 0 && day != d {
            return Err(parse_error(alayout, avalue, b"", value, ": day-of-year does not match day"));
        }
        day = d;
    } else {
        if month < 0 {
            month = 1;
        }
        if day < 0 {
            day = 1;
        }
    }
    if day < 1 || day > days_in(month, year) {
        return Err(parse_error(alayout, avalue, b"", value, ": day out of range"));
    }
    if z_utc {
        return Ok(Time::date(year, month, day, hour, min, sec, nsec, None));
    }
    let zone_name = String::from_utf8_lossy(zone_name).into_owned();
    if zone_offset != -1 {
        let t = Time::date(year, month, day, hour, min, sec, nsec, None).add(-zone_offset * 1_000_000_000);
        let info = local.as_ref().map(|l| l.lookup(t.unix_sec()));
        let (name, offset) = info.map_or((String::from("UTC"), 0), |i| (i.name, i.offset));
        if offset == zone_offset && (zone_name.is_empty() || name == zone_name) {
            return Ok(t.in_location(local));
        }
        return Ok(t.in_location(Some(Rc::new(Location::fixed(&zone_name, zone_offset)))));
    }
    if !zone_name.is_empty() {
        let t = Time::date(year, month, day, hour, min, sec, nsec, None);
        let found = match &local {
            Some(l) => l.lookup_name(&zone_name, t.unix_sec()),
            None => (zone_name == "UTC").then_some(0),
        };
        if let Some(offset) = found {
            return Ok(t.add(-offset * 1_000_000_000).in_location(local));
        }
        let mut offset = 0;
        if zone_name.len() > 3 && zone_name.starts_with("GMT") {
            offset = atoi(&zone_name.as_bytes()[3..]).unwrap_or(0) * 3600;
        }
        return Ok(t.in_location(Some(Rc::new(Location::fixed(&zone_name, offset)))));
    }
    Ok(Time::date(year, month, day, hour, min, sec, nsec, default))
}

/// The numeric zone forms (`-0700`, `-07:00`, `Z07`…): offset, range error, rest.
fn parse_numeric_zone(std: Std, value: &[u8]) -> Option<(i64, &'static str, &[u8])> {
    let (sign, hour, min, seconds, rest): (u8, &[u8], &[u8], &[u8], &[u8]) = match std {
        Std::Iso8601ColonTZ | Std::NumColonTZ => {
            if value.len() < 6 || value[3] != b':' {
                return None;
            }
            (value[0], &value[1..3], &value[4..6], b"00", &value[6..])
        }
        Std::NumShortTZ | Std::Iso8601ShortTZ => {
            if value.len() < 3 {
                return None;
            }
            (value[0], &value[1..3], b"00", b"00", &value[3..])
        }
        Std::Iso8601ColonSecondsTZ | Std::NumColonSecondsTZ => {
            if value.len() < 9 || value[3] != b':' || value[6] != b':' {
                return None;
            }
            (value[0], &value[1..3], &value[4..6], &value[7..9], &value[9..])
        }
        Std::Iso8601SecondsTZ | Std::NumSecondsTz => {
            if value.len() < 7 {
                return None;
            }
            (value[0], &value[1..3], &value[3..5], &value[5..7], &value[7..])
        }
        _ => {
            if value.len() < 5 {
                return None;
            }
            (value[0], &value[1..3], &value[3..5], b"00", &value[5..])
        }
    };
    let (hr, _) = getnum(hour, true)?;
    let (mm, _) = getnum(min, true)?;
    let (ss, _) = getnum(seconds, true)?;
    let mut err = "";
    if hr > 24 {
        err = "time zone offset hour";
    }
    if mm > 60 {
        err = "time zone offset minute";
    }
    if ss > 60 {
        err = "time zone offset second";
    }
    let off = (hr * 60 + mm) * 60 + ss;
    match sign {
        b'+' => Some((off, err, rest)),
        b'-' => Some((-off, err, rest)),
        _ => None,
    }
}

fn leading_fraction(s: &[u8]) -> (u64, f64, &[u8]) {
    let mut x: u64 = 0;
    let mut scale = 1.0;
    let mut overflow = false;
    let mut i = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        if !overflow {
            if x > (i64::MAX as u64) / 10 {
                overflow = true;
            } else {
                let y = x * 10 + u64::from(s[i] - b'0');
                if y > 1 << 63 {
                    overflow = true;
                } else {
                    x = y;
                    scale *= 10.0;
                }
            }
        }
        i += 1;
    }
    (x, scale, &s[i..])
}

/// `time.ParseDuration(s)`, with Go's error texts.
pub fn parse_duration(orig: &str) -> Result<i64, String> {
    let err = |msg: &str| Err(alloc::format!("time: {msg} {}", time_quote(orig.as_bytes())));
    let mut s = orig.as_bytes();
    let mut neg = false;
    if let Some(&c @ (b'-' | b'+')) = s.first() {
        neg = c == b'-';
        s = &s[1..];
    }
    if s == b"0" {
        return Ok(0);
    }
    if s.is_empty() {
        return err("invalid duration");
    }
    let mut d: u64 = 0;
    while !s.is_empty() {
        if !(s[0] == b'.' || s[0].is_ascii_digit()) {
            return err("invalid duration");
        }
        let pl = s.len();
        let Some((mut v, rest)) = leading_int(s) else { return err("invalid duration") };
        s = rest;
        let pre = pl != s.len();
        let (mut f, mut scale, mut post) = (0u64, 1.0f64, false);
        if s.first() == Some(&b'.') {
            s = &s[1..];
            let pl = s.len();
            let (ff, sc, rest) = leading_fraction(s);
            f = ff;
            scale = sc;
            s = rest;
            post = pl != s.len();
        }
        if !pre && !post {
            return err("invalid duration");
        }
        let i = s.iter().position(|&c| c == b'.' || c.is_ascii_digit()).unwrap_or(s.len());
        if i == 0 {
            return err("missing unit in duration");
        }
        let u = &s[..i];
        s = &s[i..];
        let unit: u64 = match u {
            b"ns" => 1,
            b"us" | b"\xc2\xb5s" | b"\xce\xbcs" => 1_000,
            b"ms" => 1_000_000,
            b"s" => 1_000_000_000,
            b"m" => 60_000_000_000,
            b"h" => 3_600_000_000_000,
            _ => {
                let msg = alloc::format!("unknown unit {} in duration", time_quote(u));
                return err(&msg);
            }
        };
        if v > (1 << 63) / unit {
            return err("invalid duration");
        }
        v *= unit;
        if f > 0 {
            v += (f as f64 * (unit as f64 / scale)) as u64;
            if v > 1 << 63 {
                return err("invalid duration");
            }
        }
        d += v;
        if d > 1 << 63 {
            return err("invalid duration");
        }
    }
    if neg {
        return Ok((d as i64).wrapping_neg());
    }
    if d > i64::MAX as u64 {
        return err("invalid duration");
    }
    Ok(d as i64)
}
