//! The Go time values templates hold: `time.Time`, `time.Duration`, `time.Month`,
//! `time.Weekday` and `*time.Location`, with the methods charts call on them.

use alloc::format;
use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

use super::gotime::{duration_round, duration_string, duration_truncate, Time};
use super::layout::{format, month_name, weekday_name};
use super::zone::Location;
use crate::template::funcs::{Sig, Ty};
use crate::value::{Object, PrintedField, Value};

/// A `time.Time` value.
#[derive(Clone, Debug)]
pub struct TimeObject {
    /// The time.
    pub time: Time,
    /// The host's local zone when the time was made, for the `Local` method.
    pub local: Option<Rc<Location>>,
}

/// A `time.Duration` value (nanoseconds).
#[derive(Clone, Copy, Debug)]
pub struct DurationObject(pub i64);

/// A `time.Month` (1–12) or `time.Weekday` (0 = Sunday).
#[derive(Clone, Copy, Debug)]
pub struct CalendarName {
    /// The number.
    pub n: i64,
    /// Weekday rather than month.
    pub weekday: bool,
}

/// A `*time.Location`.
#[derive(Clone, Debug)]
pub struct LocationObject(pub Option<Rc<Location>>);

impl TimeObject {
    /// Wraps a time as a template value; `local` is the host's local zone.
    pub fn value(time: Time, local: Option<Rc<Location>>) -> Value {
        Value::Object(Rc::new(TimeObject { time, local }))
    }

    fn wrap(&self, time: Time) -> Value {
        TimeObject::value(time, self.local.clone())
    }
}

impl DurationObject {
    /// Wraps a duration as a template value.
    pub fn value(d: i64) -> Value {
        Value::Object(Rc::new(DurationObject(d)))
    }
}

/// The `time.Time` in a value, if it holds one.
pub fn as_time(v: &Value) -> Option<&Time> {
    match v {
        Value::Object(o) => o.as_any().downcast_ref::<TimeObject>().map(|t| &t.time),
        _ => None,
    }
}

/// Go's complaint when a `time.Time` parameter gets something else.
pub fn want_time(v: &Value) -> Result<&Time, String> {
    match v {
        Value::Nil => Err("invalid value; expected time.Time".to_string()),
        v => as_time(v).ok_or_else(|| {
            format!(
                "wrong type for value; expected time.Time; got {}",
                v.type_name()
            )
        }),
    }
}

/// A `time.Duration` argument: a duration, or an integer a template literal converts to one.
fn want_duration(v: &Value) -> Result<i64, String> {
    match v {
        Value::Int(n) | Value::Int64(n) => Ok(*n),
        Value::Object(o) if o.as_any().is::<DurationObject>() => Ok(o
            .as_any()
            .downcast_ref::<DurationObject>()
            .map_or(0, |d| d.0)),
        Value::Nil => Err("invalid value; expected time.Duration".to_string()),
        v => Err(format!(
            "wrong type for value; expected time.Duration; got {}",
            v.type_name()
        )),
    }
}

fn want_int(v: &Value) -> Result<i64, String> {
    match v {
        Value::Int(n) => Ok(*n),
        v => Err(format!(
            "wrong type for value; expected int; got {}",
            v.type_name()
        )),
    }
}

const TIME_METHODS: &[&str] = &[
    "Add",
    "AddDate",
    "After",
    "AppendFormat",
    "Before",
    "Clock",
    "Compare",
    "Date",
    "Day",
    "Equal",
    "Format",
    "GoString",
    "Hour",
    "ISOWeek",
    "In",
    "IsDST",
    "IsZero",
    "Local",
    "Location",
    "MarshalJSON",
    "MarshalText",
    "Minute",
    "Month",
    "Nanosecond",
    "Round",
    "Second",
    "String",
    "Sub",
    "Truncate",
    "UTC",
    "Unix",
    "UnixMicro",
    "UnixMilli",
    "UnixNano",
    "Weekday",
    "Year",
    "YearDay",
    "Zone",
    "ZoneBounds",
];

/// `MarshalJSON`/`MarshalText`: RFC 3339 with nanoseconds, refusing years Go refuses.
pub fn marshal_text(t: &Time) -> Result<String, String> {
    let s = format(t, "2006-01-02T15:04:05.999999999Z07:00");
    let year = t.civil().year;
    if !(0..=9999).contains(&year) {
        return Err("year outside of range [0,9999]".to_string());
    }
    let off = t.zone().offset;
    if off.abs() >= 24 * 3600 {
        return Err("timezone hour outside of range [0,23]".to_string());
    }
    Ok(s)
}

impl Object for TimeObject {
    fn type_name(&self) -> &str {
        "time.Time"
    }

    fn go_string(&self) -> Option<String> {
        Some(go_syntax(&self.time))
    }

    fn printed_fields(&self) -> Option<Vec<PrintedField>> {
        let (wall, ext) = self.time.wall_ext();
        Some(vec![
            PrintedField::Uint64(wall),
            PrintedField::Int64(ext),
            PrintedField::Ptr("*time.Location", self.time.location().is_some()),
        ])
    }

    fn has_method(&self, name: &str) -> bool {
        TIME_METHODS.contains(&name)
    }

    fn method_sig(&self, name: &str) -> Option<Sig> {
        Some(match name {
            "Format" => Sig::fixed(&[Ty::String]),
            "AppendFormat" => Sig::fixed(&[Ty::Bytes, Ty::String]),
            "AddDate" => Sig::fixed(&[Ty::Int, Ty::Int, Ty::Int]),
            "Add" | "After" | "Before" | "Compare" | "Equal" | "In" | "Round" | "Sub"
            | "Truncate" => Sig::fixed(&[Ty::Any]),
            n if TIME_METHODS.contains(&n) => Sig::fixed(&[]),
            _ => return None,
        })
    }

    fn call_method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let t = &self.time;
        let arg = || args.first().unwrap_or(&Value::Nil);
        let other = || want_time(arg());
        let c = || t.civil();
        let int = |n: i64| Ok(Value::Int(n));
        Some(match name {
            "Add" => want_duration(arg()).map(|d| self.wrap(t.add(d))),
            "AddDate" => (|| {
                let y = want_int(arg())?;
                let m = want_int(args.get(1).unwrap_or(&Value::Nil))?;
                let d = want_int(args.get(2).unwrap_or(&Value::Nil))?;
                Ok(self.wrap(t.add_date(y, m, d)))
            })(),
            "After" => other().map(|u| Value::Bool(t.compare(u).is_gt())),
            "Before" => other().map(|u| Value::Bool(t.compare(u).is_lt())),
            "Equal" => other().map(|u| Value::Bool(t.compare(u).is_eq())),
            "Compare" => other().map(|u| Value::Int(t.compare(u) as i64)),
            "Sub" => other().map(|u| DurationObject::value(t.sub(u))),
            "Format" => Ok(Value::from(format(t, arg().as_str().unwrap_or("")))),
            "AppendFormat" => {
                let mut b: alloc::vec::Vec<u8> = match arg() {
                    Value::Bytes(b) => b.to_vec(),
                    _ => alloc::vec::Vec::new(),
                };
                b.extend_from_slice(
                    format(t, args.get(1).and_then(Value::as_str).unwrap_or("")).as_bytes(),
                );
                Ok(Value::Bytes(Rc::from(b)))
            }
            "String" => Ok(Value::from(t.go_string())),
            "GoString" => Ok(Value::from(go_syntax(t))),
            "Year" => int(c().year),
            "Month" => Ok(Value::Object(Rc::new(CalendarName {
                n: c().month,
                weekday: false,
            }))),
            "Day" => int(c().day),
            "Hour" => int(c().hour),
            "Minute" => int(c().minute),
            "Second" => int(c().second),
            "Nanosecond" => int(t.nanosecond()),
            "YearDay" => int(c().yday),
            "Weekday" => Ok(Value::Object(Rc::new(CalendarName {
                n: c().weekday,
                weekday: true,
            }))),
            "Unix" => Ok(Value::Int64(t.unix_sec())),
            "UnixMilli" => Ok(Value::Int64(
                t.unix_sec()
                    .wrapping_mul(1000)
                    .wrapping_add(t.nanosecond() / 1_000_000),
            )),
            "UnixMicro" => Ok(Value::Int64(
                t.unix_sec()
                    .wrapping_mul(1_000_000)
                    .wrapping_add(t.nanosecond() / 1000),
            )),
            "UnixNano" => Ok(Value::Int64(t.unix_nano())),
            "IsZero" => Ok(Value::Bool(t.is_zero())),
            "IsDST" => Ok(Value::Bool(t.zone().is_dst)),
            "UTC" => Ok(self.wrap(t.in_location(None))),
            "Local" => Ok(self.wrap(t.in_location(self.local.clone()))),
            "In" => match arg() {
                Value::Object(o) if o.as_any().is::<LocationObject>() => {
                    let loc = o
                        .as_any()
                        .downcast_ref::<LocationObject>()
                        .and_then(|l| l.0.clone());
                    Ok(self.wrap(t.in_location(loc)))
                }
                v => Err(format!(
                    "wrong type for value; expected *time.Location; got {}",
                    v.type_name()
                )),
            },
            "Location" => Ok(Value::Object(Rc::new(LocationObject(
                t.location().cloned(),
            )))),
            "Round" => want_duration(arg()).map(|d| self.wrap(t.round(d))),
            "Truncate" => want_duration(arg()).map(|d| self.wrap(t.truncate(d))),
            "MarshalJSON" => marshal_text(t)
                .map(|s| Value::Bytes(Rc::from(format!("\"{s}\"").into_bytes())))
                .map_err(|e| format!("Time.MarshalJSON: {e}")),
            "MarshalText" => marshal_text(t)
                .map(|s| Value::Bytes(Rc::from(s.into_bytes())))
                .map_err(|e| format!("Time.MarshalText: {e}")),
            "Clock" | "Date" => Err(format!(
                "can't call method/function \"{name}\" with 3 results"
            )),
            "ISOWeek" | "Zone" | "ZoneBounds" => Err(format!(
                "can't call method/function \"{name}\" with 2 results"
            )),
            _ => return None,
        })
    }

    fn format_v(&self) -> String {
        self.time.go_string()
    }

    fn to_data(&self) -> Option<Value> {
        marshal_text(&self.time).ok().map(Value::from)
    }

    fn as_any(&self) -> &dyn core::any::Any {
        self
    }
}

/// `GoString()`: `time.Date(2009, time.November, 10, 23, 0, 0, 0, time.UTC)`.
fn go_syntax(t: &Time) -> String {
    let c = t.civil();
    let loc = match t.location() {
        None => "time.UTC".to_string(),
        Some(l) if l.name() == "Local" => "time.Local".to_string(),
        Some(l) => format!(
            "time.Location({})",
            super::layout::time_quote(l.name().as_bytes())
        ),
    };
    format!(
        "time.Date({}, time.{}, {}, {}, {}, {}, {}, {loc})",
        c.year,
        month_name(c.month),
        c.day,
        c.hour,
        c.minute,
        c.second,
        t.nanosecond()
    )
}

const DURATION_METHODS: &[&str] = &[
    "Abs",
    "Hours",
    "Microseconds",
    "Milliseconds",
    "Minutes",
    "Nanoseconds",
    "Round",
    "Seconds",
    "String",
    "Truncate",
];

fn float_div(d: i64, unit: i64) -> f64 {
    (d / unit) as f64 + (d % unit) as f64 / unit as f64
}

impl Object for DurationObject {
    fn type_name(&self) -> &str {
        "time.Duration"
    }

    fn kind(&self) -> &str {
        "int64"
    }

    fn has_method(&self, name: &str) -> bool {
        DURATION_METHODS.contains(&name)
    }

    fn method_sig(&self, name: &str) -> Option<Sig> {
        match name {
            "Round" | "Truncate" => Some(Sig::fixed(&[Ty::Any])),
            n if DURATION_METHODS.contains(&n) => Some(Sig::fixed(&[])),
            _ => None,
        }
    }

    fn call_method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let d = self.0;
        let arg = || want_duration(args.first().unwrap_or(&Value::Nil));
        Some(match name {
            "String" => Ok(Value::from(duration_string(d))),
            "Nanoseconds" => Ok(Value::Int64(d)),
            "Microseconds" => Ok(Value::Int64(d / 1000)),
            "Milliseconds" => Ok(Value::Int64(d / 1_000_000)),
            "Seconds" => Ok(Value::Float(float_div(d, 1_000_000_000))),
            "Minutes" => Ok(Value::Float(float_div(d, 60_000_000_000))),
            "Hours" => Ok(Value::Float(float_div(d, 3_600_000_000_000))),
            "Abs" => Ok(DurationObject::value(if d == i64::MIN {
                i64::MAX
            } else {
                d.abs()
            })),
            "Round" => arg().map(|m| DurationObject::value(duration_round(d, m))),
            "Truncate" => arg().map(|m| DurationObject::value(duration_truncate(d, m))),
            _ => return None,
        })
    }

    fn format_v(&self) -> String {
        duration_string(self.0)
    }

    /// No `GoString()`: `%#v` prints the number.
    fn go_stringer(&self) -> bool {
        false
    }

    fn numbered(&self, n: i64) -> Option<Value> {
        Some(DurationObject::value(n))
    }

    fn to_data(&self) -> Option<Value> {
        Some(Value::Int64(self.0))
    }

    fn as_any(&self) -> &dyn core::any::Any {
        self
    }
}

impl Object for CalendarName {
    fn type_name(&self) -> &str {
        if self.weekday {
            "time.Weekday"
        } else {
            "time.Month"
        }
    }

    fn kind(&self) -> &str {
        "int"
    }

    fn has_method(&self, name: &str) -> bool {
        name == "String"
    }

    fn method_sig(&self, name: &str) -> Option<Sig> {
        (name == "String").then(|| Sig::fixed(&[]))
    }

    fn call_method(&self, name: &str, _: &[Value]) -> Option<Result<Value, String>> {
        (name == "String").then(|| Ok(Value::from(self.format_v())))
    }

    fn format_v(&self) -> String {
        if self.weekday {
            weekday_name(self.n)
        } else {
            month_name(self.n)
        }
    }

    /// No `GoString()`: `%#v` prints the number.
    fn go_stringer(&self) -> bool {
        false
    }

    fn numbered(&self, n: i64) -> Option<Value> {
        Some(Value::Object(Rc::new(CalendarName {
            n,
            weekday: self.weekday,
        })))
    }

    fn to_data(&self) -> Option<Value> {
        Some(Value::Int(self.n))
    }

    fn as_any(&self) -> &dyn core::any::Any {
        self
    }
}

impl Object for LocationObject {
    fn type_name(&self) -> &str {
        "*time.Location"
    }

    fn kind(&self) -> &str {
        "ptr"
    }

    fn has_method(&self, name: &str) -> bool {
        name == "String"
    }

    fn method_sig(&self, name: &str) -> Option<Sig> {
        (name == "String").then(|| Sig::fixed(&[]))
    }

    fn call_method(&self, name: &str, _: &[Value]) -> Option<Result<Value, String>> {
        (name == "String").then(|| Ok(Value::from(self.format_v())))
    }

    fn format_v(&self) -> String {
        self.0
            .as_ref()
            .map_or_else(|| "UTC".to_string(), |l| l.name().to_string())
    }

    fn to_data(&self) -> Option<Value> {
        Some(Value::empty_map())
    }

    fn as_any(&self) -> &dyn core::any::Any {
        self
    }
}
