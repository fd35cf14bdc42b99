//! Sprig's date functions (`now`, `date`, `dateInZone`, `toDate`, `ago`, `duration`…) over
//! our port of Go's `time` package: [`gotime`] (instants and durations), [`layout`]
//! (reference-time formatting and parsing), [`zone`] (TZif locations).
//!
//! The clock and the time-zone database come from the host: `now` is `host.now()`, Go's
//! `time.Local` is `host.local_zone()`, and other zones are TZif bytes from
//! `host.load_zone(name)` (an unknown zone makes Sprig fall back to UTC).

pub mod gotime;
pub mod layout;
pub mod objects;
pub mod zone;

use alloc::rc::Rc;
use alloc::string::{String, ToString};

use crate::func;
use crate::host::Host;
#[cfg(test)]
use crate::template::funcs::FuncImpl;
use crate::template::funcs::{CallCtx, Func, FuncResult};
use crate::value::Value;
use gotime::{duration_round, duration_string, Time};
use objects::{as_time, want_time, TimeObject};
use zone::Location;

/// The date functions.
pub static FUNCS: &[Func] = &[
    func!("ago", [Any], ago),
    func!("date", [String, Any], date),
    func!("date_in_zone", [String, Any, String], date_in_zone),
    func!("date_modify", [String, Time], date_modify),
    func!("dateInZone", [String, Any, String], date_in_zone),
    func!("dateModify", [String, Time], date_modify),
    func!("duration", [Any], duration),
    func!("durationRound", [Any], duration_round_fn),
    func!("htmlDate", [Any], html_date),
    func!("htmlDateInZone", [Any, String], html_date_in_zone),
    func!("must_date_modify", [String, Time], must_date_modify),
    func!("mustDateModify", [String, Time], must_date_modify),
    func!("mustToDate", [String, String], must_to_date),
    func!("now", [], now),
    func!("toDate", [String, String], to_date),
    func!("unixEpoch", [Time], unix_epoch),
];

/// Go's `time.Local` for this host: the host's zone, named `Local` as Go names it.
pub fn local_location(host: &dyn Host) -> Option<Rc<Location>> {
    let name = host.local_zone();
    let loc = if name.is_empty() || name == "UTC" {
        Location::fixed("UTC", 0)
    } else {
        match host
            .load_zone(&name)
            .and_then(|data| Location::from_tzif(&name, &data))
        {
            Some(l) => l,
            // Go keeps UTC, named so, when the local zone cannot be loaded.
            None => return Some(Rc::new(Location::utc())),
        }
    };
    Some(Rc::new(loc.renamed("Local")))
}

/// Go's `time.LoadLocation(name)` (`None` inside `Ok` is UTC).
pub fn load_location(host: &dyn Host, name: &str) -> Result<Option<Rc<Location>>, String> {
    if name.is_empty() || name == "UTC" {
        return Ok(None);
    }
    if name == "Local" {
        return Ok(local_location(host));
    }
    if name.contains("..") || name.starts_with('/') || name.starts_with('\\') {
        return Err("time: invalid location name".to_string());
    }
    match host
        .load_zone(name)
        .and_then(|data| Location::from_tzif(name, &data))
    {
        Some(l) => Ok(Some(Rc::new(l))),
        None => Err(alloc::format!("unknown time zone {name}")),
    }
}

fn str_arg(args: &[Value], i: usize) -> &str {
    args.get(i).and_then(Value::as_str).unwrap_or("")
}

fn host_now(ctx: &mut CallCtx<'_>) -> Time {
    let local = local_location(&*ctx.host);
    Time::now(ctx.host.now().unix_nanos, local)
}

fn wrap(ctx: &CallCtx<'_>, t: Time) -> Value {
    TimeObject::value(t, local_location(&*ctx.host))
}

fn now(ctx: &mut CallCtx<'_>, _: &[Value]) -> FuncResult {
    let t = host_now(ctx);
    Ok(wrap(ctx, t))
}

/// The time a `date`-style argument means: a time, Unix seconds (`int`, `int64`), or now.
fn time_of(ctx: &mut CallCtx<'_>, v: &Value) -> Time {
    match v {
        Value::Int(n) | Value::Int64(n) => Time::unix(*n, 0, local_location(&*ctx.host)),
        v => match as_time(v) {
            Some(t) => t.clone(),
            None => host_now(ctx),
        },
    }
}

/// Sprig's `dateInZone`: formats in `zone`, falling back to UTC for unknown zones.
fn format_in_zone(ctx: &mut CallCtx<'_>, layout: &str, date: &Value, zone: &str) -> FuncResult {
    let t = time_of(ctx, date);
    let loc = load_location(&*ctx.host, zone).unwrap_or(None);
    Ok(Value::from(layout::format(&t.in_location(loc), layout)))
}

fn date(ctx: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
    format_in_zone(
        ctx,
        str_arg(args, 0),
        args.get(1).unwrap_or(&Value::Nil),
        "Local",
    )
}

fn date_in_zone(ctx: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
    format_in_zone(
        ctx,
        str_arg(args, 0),
        args.get(1).unwrap_or(&Value::Nil),
        str_arg(args, 2),
    )
}

fn html_date(ctx: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
    format_in_zone(
        ctx,
        "2006-01-02",
        args.first().unwrap_or(&Value::Nil),
        "Local",
    )
}

fn html_date_in_zone(ctx: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
    format_in_zone(
        ctx,
        "2006-01-02",
        args.first().unwrap_or(&Value::Nil),
        str_arg(args, 1),
    )
}

fn time_param(args: &[Value], i: usize) -> Result<&Time, String> {
    want_time(args.get(i).unwrap_or(&Value::Nil))
}

fn date_modify(ctx: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
    let t = time_param(args, 1)?;
    let t = match layout::parse_duration(str_arg(args, 0)) {
        Ok(d) => t.add(d),
        Err(_) => t.clone(),
    };
    Ok(wrap(ctx, t))
}

fn must_date_modify(ctx: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
    let t = time_param(args, 1)?;
    let d = layout::parse_duration(str_arg(args, 0))?;
    Ok(wrap(ctx, t.add(d)))
}

fn ago(ctx: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
    let then = time_of(ctx, args.first().unwrap_or(&Value::Nil));
    let since = host_now(ctx).sub(&then);
    Ok(Value::from(duration_string(duration_round(
        since,
        gotime::SECOND,
    ))))
}

/// Go's `strconv.ParseInt(s, 10, 64)` as Sprig uses it: errors ignored, so a syntax error
/// gives 0 and an out-of-range number the nearest bound.
fn parse_int_lenient(s: &str) -> i64 {
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return 0;
    }
    let mut n: i128 = 0;
    for b in digits.bytes() {
        n = (n * 10 + i128::from(b - b'0')).min(i128::from(u64::MAX));
    }
    let n = if neg { -n } else { n };
    n.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

/// Sprig's `duration`: seconds (an `int64` or a numeric string; anything else is 0).
fn duration(_: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
    let n = match args.first() {
        Some(Value::String(s)) => parse_int_lenient(s),
        Some(Value::Int64(n)) => *n,
        _ => 0,
    };
    Ok(Value::from(duration_string(n.wrapping_mul(gotime::SECOND))))
}

/// Sprig's `durationRound`: the largest whole unit (`2h`, `3mo`, `1y`).
fn duration_round_fn(ctx: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
    let d = match args.first().unwrap_or(&Value::Nil) {
        Value::String(s) => layout::parse_duration(s).unwrap_or(0),
        Value::Int64(n) => *n,
        v => match as_time(v) {
            Some(t) => {
                let t = t.clone();
                host_now(ctx).sub(&t)
            }
            None => 0,
        },
    };
    let u = d.unsigned_abs();
    const HOUR: u64 = 3_600_000_000_000;
    let units: [(u64, &str); 6] = [
        (HOUR * 24 * 365, "y"),
        (HOUR * 24 * 30, "mo"),
        (HOUR * 24, "d"),
        (HOUR, "h"),
        (60_000_000_000, "m"),
        (1_000_000_000, "s"),
    ];
    let s = units.iter().find(|(unit, _)| u > *unit).map_or_else(
        || String::from("0s"),
        |(unit, name)| alloc::format!("{}{name}", u / unit),
    );
    Ok(Value::from(s))
}

fn to_date(ctx: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
    let local = local_location(&*ctx.host);
    let t = layout::parse_in_location(str_arg(args, 0), str_arg(args, 1), local.clone(), local)
        .unwrap_or_default();
    Ok(wrap(ctx, t))
}

fn must_to_date(ctx: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
    let local = local_location(&*ctx.host);
    let t = layout::parse_in_location(str_arg(args, 0), str_arg(args, 1), local.clone(), local)?;
    Ok(wrap(ctx, t))
}

fn unix_epoch(_: &mut CallCtx<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::from(time_param(args, 0)?.unix_sec().to_string()))
}

#[cfg(test)]
pub(crate) mod tests;
