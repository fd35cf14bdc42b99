//! pflag's side: the flags a command has (from clap's definitions, with what clap cannot
//! say added by [`special`]), how each kind of value is read and checked, and
//! `FlagSet.Parse` itself, with pflag's messages.

use binnacle_core::gofmt::strconv::{parse_bool, parse_float, parse_int, parse_uint, quote};
use binnacle_core::sprig::date::layout::parse_duration;
use clap::{ArgAction, Command};

/// How pflag reads a flag's value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Kind {
    /// `BoolVar`: `strconv.ParseBool`; given alone it means `true`.
    Bool,
    /// A Go `flag.BoolVar` (klog's): Go's flag package reports only "parse error".
    GoBool,
    /// `StringVar` / `StringArrayVar`: any text.
    String,
    /// `StringSliceVar`: each value read as one CSV record.
    Strings,
    /// `StringToStringVar`: `k=v` pairs, CSV when there is more than one `=`.
    StringToString,
    /// `DurationVar`: `time.ParseDuration`.
    Duration,
    /// `IntVar`: `strconv.ParseInt(s, 0, 64)`.
    Int,
    /// klog's `-v` level: `strconv.ParseInt(s, 10, 32)`.
    Level,
    /// A Go `flag.Uint64Var` (klog's): "parse error" / "value out of range".
    GoUint64,
    /// `Float32Var`: `strconv.ParseFloat(s, 32)`.
    Float32,
    /// Helm's `--wait` strategy.
    Wait,
    /// klog's severity threshold: a name or a number.
    Severity,
    /// klog's `--vmodule`: `pattern=N,...`.
    Vmodule,
    /// klog's `--log-backtrace-at`: `file.go:N`.
    TraceLocation,
    /// Helm's `--post-renderer`: a plugin name, looked up when the flag is read.
    PostRenderer,
}

/// One flag as pflag sees it.
#[derive(Clone, Debug)]
pub(super) struct Flag {
    /// The long name (clap's argument id is not needed: the canonical line uses this).
    pub(super) long: String,
    pub(super) short: Option<char>,
    pub(super) kind: Kind,
    /// Appends rather than replaces (`StringArray`, `StringSlice`).
    pub(super) repeats: bool,
    /// pflag's `NoOptDefVal`: the value when the flag is given alone.
    pub(super) no_opt: Option<&'static str>,
    /// pflag's `Deprecated` message.
    pub(super) deprecated: Option<&'static str>,
}

/// What clap's definitions do not carry, by long name: (kind, `NoOptDefVal`, deprecation).
fn special(
    command: &str,
    long: &str,
) -> (Option<Kind>, Option<&'static str>, Option<&'static str>) {
    const NOTES: &str = "this flag has no effect for 'helm template' and will be removed in Helm 5";
    match long {
        "values" | "api-versions" => (Some(Kind::Strings), None, None),
        "labels" => (Some(Kind::StringToString), None, None),
        "timeout" => (Some(Kind::Duration), None, None),
        "burst-limit" => (Some(Kind::Int), None, None),
        "qps" => (Some(Kind::Float32), None, None),
        "wait" => (Some(Kind::Wait), Some("watcher"), None),
        "dry-run" => (Some(Kind::String), Some("unset"), None),
        "v" => (Some(Kind::Level), None, None),
        "log-file-max-size" => (Some(Kind::GoUint64), None, None),
        "stderrthreshold" | "alsologtostderrthreshold" => (Some(Kind::Severity), None, None),
        "vmodule" => (Some(Kind::Vmodule), None, None),
        "log-backtrace-at" => (Some(Kind::TraceLocation), None, None),
        "post-renderer" => (Some(Kind::PostRenderer), None, None),
        "logtostderr"
        | "alsologtostderr"
        | "legacy-stderr-threshold-behavior"
        | "add-dir-header"
        | "skip-headers"
        | "one-output"
        | "skip-log-headers" => (Some(Kind::GoBool), None, None),
        "force" => (None, None, Some("use --force-replace instead")),
        "atomic" => (None, None, Some("use --rollback-on-failure instead")),
        "validate" => (None, None, Some("use '--dry-run=server' instead")),
        "hide-notes" | "render-subchart-notes" if command == "template" => {
            (None, None, Some(NOTES))
        }
        _ => (None, None, None),
    }
}

/// The flags `cmd` accepts: its own and the global ones (clap propagates those on build).
pub(super) fn flag_table(cmd: &Command, name: &str) -> Vec<Flag> {
    let mut out = Vec::new();
    for a in cmd.get_arguments() {
        if a.is_positional() {
            continue;
        }
        let Some(long) = a.get_long() else { continue };
        let (kind, no_opt, deprecated) = special(name, long);
        let bool_like = matches!(
            a.get_action(),
            ArgAction::SetTrue | ArgAction::Help | ArgAction::HelpLong | ArgAction::Version
        );
        let kind = kind.unwrap_or(if bool_like { Kind::Bool } else { Kind::String });
        let no_opt = no_opt.or(match kind {
            Kind::Bool | Kind::GoBool => Some("true"),
            _ => None,
        });
        out.push(Flag {
            long: long.to_string(),
            short: a.get_short(),
            kind,
            repeats: matches!(a.get_action(), ArgAction::Append),
            no_opt,
            deprecated,
        });
    }
    out
}

pub(super) fn find_long<'a>(flags: &'a [Flag], name: &str) -> Option<&'a Flag> {
    flags.iter().find(|f| f.long == name)
}

pub(super) fn find_short(flags: &[Flag], c: u8) -> Option<&Flag> {
    flags
        .iter()
        .find(|f| f.short.map(|s| s as u32) == Some(c as u32))
}

/// One flag's value as pflag stores it, checked as its type's `Set` checks it.
fn check_value(flag: &Flag, value: &str) -> Result<Vec<String>, String> {
    let one = || Ok(vec![value.to_string()]);
    match flag.kind {
        Kind::Bool => parse_bool(value)
            .map(|b| vec![b.to_string()])
            .map_err(|e| e.to_string()),
        Kind::GoBool => parse_bool(value)
            .map(|b| vec![b.to_string()])
            .map_err(|_| "parse error".to_string()),
        Kind::String => one(),
        // Helm finds no such plugin: Binnacle runs none (its `Set` skips an empty name).
        Kind::PostRenderer if value.is_empty() => one(),
        Kind::PostRenderer => Err(format!(
            "plugin: {{Name:{value} Type:postrenderer/v1}} not found"
        )),
        Kind::Strings => read_csv(value),
        Kind::StringToString => {
            let pairs = match value.matches('=').count() {
                0 => return Err(format!("{value} must be formatted as key=value")),
                1 => vec![value.trim_matches('"').to_string()],
                _ => read_csv(value)?,
            };
            for p in &pairs {
                if !p.contains('=') {
                    return Err(format!("{p} must be formatted as key=value"));
                }
            }
            Ok(pairs)
        }
        Kind::Duration => parse_duration(value).map(|_| vec![value.to_string()]),
        Kind::Int => parse_int(value, 0, 64)
            .map(|_| vec![value.to_string()])
            .map_err(|e| e.to_string()),
        Kind::Level => parse_int(value, 10, 32)
            .map(|_| vec![value.to_string()])
            .map_err(|e| e.to_string()),
        Kind::GoUint64 => parse_uint(value, 0, 64)
            .map(|_| vec![value.to_string()])
            .map_err(|e| {
                match e.kind {
                    binnacle_core::gofmt::strconv::NumErrorKind::Range => "value out of range",
                    _ => "parse error",
                }
                .to_string()
            }),
        Kind::Float32 => match parse_float(value) {
            Ok(f) if f.is_finite() && (f as f32).is_infinite() => Err(format!(
                "strconv.ParseFloat: parsing {}: value out of range",
                quote(value)
            )),
            Ok(_) => one(),
            Err(e) => Err(e.to_string()),
        },
        Kind::Wait => match value {
            "watcher" | "legacy" | "hookOnly" | "true" | "false" => one(),
            _ => Err(format!(
                "invalid wait input {}. Valid inputs are watcher, hookOnly, and legacy",
                quote(value)
            )),
        },
        Kind::Severity => {
            let named = ["INFO", "WARNING", "ERROR", "FATAL"]
                .iter()
                .any(|n| n.eq_ignore_ascii_case(value));
            if named {
                one()
            } else {
                parse_int(value, 10, 32)
                    .map(|_| vec![value.to_string()])
                    .map_err(|e| e.to_string())
            }
        }
        Kind::Vmodule => {
            const SYNTAX: &str = "syntax error: expect comma-separated list of filename=N";
            for pat in value.split(',').filter(|p| !p.is_empty()) {
                let parts: Vec<&str> = pat.split('=').collect();
                if parts.len() != 2 || parts[0].is_empty() || parts[1].is_empty() {
                    return Err(SYNTAX.into());
                }
                match parse_int(parts[1], 10, 32) {
                    Err(_) => return Err(SYNTAX.into()),
                    Ok(v) if v < 0 => return Err("negative value for vmodule level".into()),
                    Ok(_) => {}
                }
            }
            one()
        }
        Kind::TraceLocation => {
            const SYNTAX: &str = "syntax error: expect file.go:234";
            if value.is_empty() {
                return one();
            }
            let fields: Vec<&str> = value.split(':').collect();
            if fields.len() != 2 || !fields[0].contains('.') {
                return Err(SYNTAX.into());
            }
            match binnacle_core::gofmt::strconv::atoi(fields[1]) {
                Err(_) => Err(SYNTAX.into()),
                Ok(v) if v <= 0 => Err("negative or zero value for level".into()),
                Ok(_) => one(),
            }
        }
    }
}

/// One CSV record (`encoding/csv`, as pflag reads list flags); empty text is no values.
fn read_csv(s: &str) -> Result<Vec<String>, String> {
    if s.is_empty() {
        return Ok(Vec::new());
    }
    let line_end = s.find(['\n', '\r']).unwrap_or(s.len());
    let b = s.as_bytes();
    let mut fields = Vec::new();
    let mut i = 0;
    loop {
        let mut field = String::new();
        if b.get(i) == Some(&b'"') {
            i += 1;
            loop {
                match b.get(i) {
                    None => {
                        return Err(format!(
                            "parse error on line 1, column {}: extraneous or missing \" in quoted-field",
                            s.len() + 1
                        ))
                    }
                    Some(b'"') if b.get(i + 1) == Some(&b'"') => {
                        field.push('"');
                        i += 2;
                    }
                    Some(b'"') => {
                        i += 1;
                        break;
                    }
                    Some(_) => {
                        let c = s[i..].chars().next().unwrap_or('\u{fffd}');
                        field.push(c);
                        i += c.len_utf8();
                    }
                }
            }
            match b.get(i) {
                None | Some(b',') => {}
                Some(b'\n' | b'\r') if i >= line_end => {}
                Some(_) => {
                    return Err(format!(
                        "parse error on line 1, column {i}: extraneous or missing \" in quoted-field"
                    ));
                }
            }
        } else {
            let end = s[i..line_end].find(',').map_or(line_end, |k| i + k);
            let text = &s[i..end];
            if let Some(q) = text.find('"') {
                return Err(format!(
                    "parse error on line 1, column {}: bare \" in non-quoted-field",
                    i + q + 1
                ));
            }
            field.push_str(text);
            i = end;
        }
        fields.push(field);
        if i >= line_end || b.get(i) != Some(&b',') {
            break;
        }
        i += 1;
    }
    Ok(fields)
}

/// A flag occurrence, read.
pub(super) struct Set {
    pub(super) flag: Flag,
    pub(super) values: Vec<String>,
}

/// What pflag's `FlagSet.Parse` leaves: the flags set, in order, and the positionals, up to
/// the first error if there is one.
#[derive(Default)]
pub(super) struct Parsed {
    pub(super) sets: Vec<Set>,
    pub(super) positionals: Vec<String>,
    pub(super) error: Option<String>,
    /// Lines a flag's `Set` logs as it is read (Helm's `--wait=true` warning).
    pub(super) logged: Vec<String>,
}

impl Parsed {
    /// What the parse printed: the lines logged as flags were read, then pflag's
    /// deprecation notices, which cobra prints only when the whole parse succeeds.
    pub(super) fn notes(&self) -> Vec<String> {
        let mut out = self.logged.clone();
        if self.error.is_none() {
            out.extend(self.sets.iter().filter_map(|s| {
                let d = s.flag.deprecated?;
                Some(format!("Flag --{} has been deprecated, {d}", s.flag.long))
            }));
        }
        out
    }
}

/// pflag's `stripUnknownFlagValue`: after an unknown flag, the next word is its value
/// unless it looks like a flag.
fn skip_unknown_value(args: &[String], i: usize) -> usize {
    match args.get(i) {
        Some(next) if !next.starts_with('-') => i + 1,
        _ => i,
    }
}

/// pflag's `FlagSet.Parse` over `args` with `flags`. `lenient` is Helm's first pass over
/// the whole line with the root's flags only: unknown flags are skipped (with what looks
/// like their value) and `help` stops it.
pub(super) fn parse_flags(args: &[String], flags: &[Flag], lenient: bool) -> Parsed {
    let mut p = Parsed::default();
    let set = |flag: &Flag, value: &str, p: &mut Parsed| -> Result<(), String> {
        let values = check_value(flag, value).map_err(|cause| {
            let name = match flag.short {
                Some(c) => format!("-{c}, --{}", flag.long),
                None => format!("--{}", flag.long),
            };
            format!(
                "invalid argument {} for {} flag: {cause}",
                quote(value),
                quote(&name)
            )
        })?;
        if flag.kind == Kind::Wait && (value == "true" || value == "false") {
            let (v, strategy) = if value == "true" {
                ("true", "watcher")
            } else {
                ("false", "hookOnly")
            };
            p.logged.push(binnacle_core::gofmt::slog::line(
                "WARN",
                &format!(
                    "--wait={v} is deprecated (boolean value) and can be replaced with --wait={strategy}"
                ),
                &[],
            ));
        }
        p.sets.push(Set {
            flag: flag.clone(),
            values,
        });
        Ok(())
    };
    let mut i = 0;
    let result = (|| -> Result<(), String> {
        while i < args.len() {
            let s = &args[i];
            i += 1;
            if s.len() < 2 || !s.starts_with('-') {
                p.positionals.push(s.clone());
                continue;
            }
            if s == "--" {
                p.positionals.extend(args[i..].iter().cloned());
                break;
            }
            if let Some(name) = s.strip_prefix("--") {
                if name.starts_with(['-', '=']) {
                    return Err(format!("bad flag syntax: {s}"));
                }
                let (name, inline) = match name.split_once('=') {
                    Some((n, v)) => (n, Some(v)),
                    None => (name, None),
                };
                let Some(flag) = find_long(flags, name) else {
                    if lenient && name != "help" {
                        if inline.is_none() {
                            i = skip_unknown_value(args, i);
                        }
                        continue;
                    }
                    return Err(format!("unknown flag: --{name}"));
                };
                let value = match (inline, flag.no_opt) {
                    (Some(v), _) => v.to_string(),
                    (None, Some(d)) => d.to_string(),
                    (None, None) if i < args.len() => {
                        i += 1;
                        args[i - 1].clone()
                    }
                    (None, None) => return Err(format!("flag needs an argument: {s}")),
                };
                set(flag, &value, &mut p)?;
            } else {
                let mut shorts = &s[1..];
                while !shorts.is_empty() {
                    let c = shorts.as_bytes()[0];
                    let Some(flag) = find_short(flags, c) else {
                        if lenient && c != b'h' {
                            if shorts.len() > 2 && shorts.as_bytes()[1] == b'=' {
                                break;
                            }
                            i = skip_unknown_value(args, i);
                            // The rest are shorthands again (pflag goes on byte by byte).
                            shorts = shorts.get(1..).unwrap_or("");
                            continue;
                        }
                        return Err(format!(
                            "unknown shorthand flag: {} in -{shorts}",
                            short_quote(c)
                        ));
                    };
                    let rest = &shorts[1..];
                    let value = if shorts.len() > 2 && shorts.as_bytes()[1] == b'=' {
                        let v = shorts[2..].to_string();
                        shorts = "";
                        v
                    } else if let Some(d) = flag.no_opt {
                        shorts = rest;
                        d.to_string()
                    } else if !rest.is_empty() {
                        shorts = "";
                        rest.to_string()
                    } else if i < args.len() {
                        i += 1;
                        shorts = "";
                        args[i - 1].clone()
                    } else {
                        return Err(format!(
                            "flag needs an argument: {} in -{shorts}",
                            short_quote(c)
                        ));
                    };
                    set(flag, &value, &mut p)?;
                }
            }
        }
        Ok(())
    })();
    p.error = result.err();
    p
}

/// `%q` of the byte pflag names in a shorthand message (a rune from one byte).
fn short_quote(c: u8) -> String {
    binnacle_core::gofmt::strconv::quote_rune(char::from(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_records_as_encoding_csv_reads_them() {
        assert_eq!(read_csv("").unwrap(), Vec::<String>::new());
        assert_eq!(read_csv("a,b").unwrap(), vec!["a", "b"]);
        assert_eq!(read_csv("a,").unwrap(), vec!["a", ""]);
        assert_eq!(read_csv(r#""a,b",c"#).unwrap(), vec!["a,b", "c"]);
        assert_eq!(read_csv(r#""a""b""#).unwrap(), vec![r#"a"b"#]);
        assert_eq!(
            read_csv(r#"a"b"#).unwrap_err(),
            r#"parse error on line 1, column 2: bare " in non-quoted-field"#
        );
        assert_eq!(
            read_csv(r#""ab"#).unwrap_err(),
            r#"parse error on line 1, column 4: extraneous or missing " in quoted-field"#
        );
    }
}
