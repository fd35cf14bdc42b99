//! Helm's command-line grammar (cobra v1.10 over pflag v1.0), in front of clap.
//!
//! clap and pflag disagree on much a Helm user types: `--include-crds=false`, a value that
//! starts with `-` (`--set -x`), a flag given twice (the last wins), `-f a.yaml,b.yaml`
//! read as CSV, `--dry-run server` (the flag takes no separate value), and every message
//! and exit status of a mistake. So the command line is read here first, as cobra finds
//! the command and pflag reads its flags, and every error is Helm's, exit status 1. What
//! passes is handed to clap in one canonical shape (`--name=value`, each flag once unless
//! it repeats, positionals after `--`), which clap reads without surprises; clap keeps the
//! flag definitions, the typed fields and the help text.
//!
//! The flag table comes from clap's definitions: a flag whose action is `SetTrue` is a
//! bool, one that appends repeats, any other takes a string. [`special`] adds what clap
//! cannot say: pflag's value types (durations, numbers, CSV lists, key=value maps) and
//! their messages, flags whose value is optional, and deprecation notices.

use binnacle_core::gofmt::strconv::{parse_bool, parse_float, parse_int, parse_uint, quote};
use binnacle_core::sprig::date::layout::parse_duration;
use clap::{ArgAction, Command};

/// What the command line asks for.
#[derive(Debug, PartialEq)]
pub struct Outcome {
    /// What reading the line printed to stderr, before anything else: lines a flag logs
    /// as it is read (`--wait=true`), then pflag's notices about deprecated flags.
    pub notes: Vec<String>,
    /// What to do then.
    pub action: Action,
}

/// How a command line ends.
#[derive(Debug, PartialEq)]
pub enum Action {
    /// Run: the command line clap parses (program name first).
    Run(Vec<String>),
    /// Print the help of this command (program name and subcommands), exit status 0.
    Help(Vec<String>),
    /// `help TOPIC` for a topic that is no command: print this, then the root's help, exit
    /// status 0 (cobra's help command).
    UnknownTopic(String),
    /// Fail: print this to stderr (Helm's `Error: …`, or its log line), exit status 1.
    Fail(String),
}

/// How pflag reads a flag's value.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
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
struct Flag {
    /// The long name (clap's argument id is not needed: the canonical line uses this).
    long: String,
    short: Option<char>,
    kind: Kind,
    /// Appends rather than replaces (`StringArray`, `StringSlice`).
    repeats: bool,
    /// pflag's `NoOptDefVal`: the value when the flag is given alone.
    no_opt: Option<&'static str>,
    /// pflag's `Deprecated` message.
    deprecated: Option<&'static str>,
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

/// Flags pflag refuses together (cobra's `MarkFlagsMutuallyExclusive`), per command.
fn exclusive_groups(command: &str) -> &'static [&'static [&'static str]] {
    match command {
        "template" => &[
            &["force", "force-conflicts"],
            &["force-replace", "force-conflicts"],
            &["validate", "dry-run"],
        ],
        _ => &[],
    }
}

/// How many arguments a command takes, as Helm's `require` package checks them, and its
/// usage line (cobra's `UseLine`, without the program name).
fn arg_rule(path: &[String]) -> Option<(ArgRule, &'static str)> {
    let leaf = path.last().map(String::as_str).unwrap_or("");
    let parent = path.len().checked_sub(2).map(|i| path[i].as_str());
    Some(match (parent, leaf) {
        (_, "template") => (ArgRule::AtLeast(1), "template [NAME] [CHART] [flags]"),
        (_, "render") => (ArgRule::Exactly(1), "render CHART [flags]"),
        (_, "lint") => (ArgRule::AtLeast(1), "lint PATH [flags]"),
        (_, "verify") => (ArgRule::Exactly(1), "verify PATH [flags]"),
        (_, "version") => (ArgRule::None, "version [flags]"),
        (Some("show"), "all") => (ArgRule::Exactly(1), "show all [CHART] [flags]"),
        (Some("show"), "chart") => (ArgRule::Exactly(1), "show chart [CHART] [flags]"),
        (Some("show"), "values") => (ArgRule::Exactly(1), "show values [CHART] [flags]"),
        (Some("show"), "readme") => (ArgRule::Exactly(1), "show readme [CHART] [flags]"),
        (Some("show"), "crds") => (ArgRule::Exactly(1), "show crds [CHART] [flags]"),
        _ => return None,
    })
}

/// Helm's `require.MinimumNArgs`, `ExactArgs` and `NoArgs`.
#[derive(Clone, Copy)]
enum ArgRule {
    AtLeast(usize),
    Exactly(usize),
    None,
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        "argument"
    } else {
        "arguments"
    }
}

/// The flags `cmd` accepts: its own and the global ones (clap propagates those on build).
fn flag_table(cmd: &Command, name: &str) -> Vec<Flag> {
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

fn find_long<'a>(flags: &'a [Flag], name: &str) -> Option<&'a Flag> {
    flags.iter().find(|f| f.long == name)
}

fn find_short(flags: &[Flag], c: u8) -> Option<&Flag> {
    flags
        .iter()
        .find(|f| f.short.map(|s| s as u32) == Some(c as u32))
}

/// Whether cobra, looking for the command, takes the word after `s` as `s`'s value: `s` is
/// `--name` or `-x` without `=`, for a flag that is unknown or has no `NoOptDefVal`.
fn value_follows(s: &str, flags: &[Flag]) -> bool {
    if s.contains('=') {
        return false;
    }
    if let Some(name) = s.strip_prefix("--") {
        return find_long(flags, name).is_none_or(|f| f.no_opt.is_none());
    }
    s.len() == 2
        && s.starts_with('-')
        && find_short(flags, s.as_bytes()[1]).is_none_or(|f| f.no_opt.is_none())
}

/// cobra's `stripFlags`: the words of `args` that are not flags or flag values, as far as
/// `flags` tell which flags take a separate value.
fn strip_flags(args: &[String], flags: &[Flag]) -> Vec<String> {
    let mut commands = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let s = &args[i];
        i += 1;
        let takes_next = value_follows(s, flags);
        if s == "--" {
            break;
        } else if takes_next {
            if args.len() - i <= 1 {
                break;
            }
            i += 1;
        } else if !s.is_empty() && !s.starts_with('-') {
            commands.push(s.clone());
        }
    }
    commands
}

/// cobra's `argsMinusFirstX`: `args` without the first non-flag word equal to `x`.
fn args_minus_first(args: &[String], x: &str, flags: &[Flag]) -> Vec<String> {
    let mut pos = 0;
    while pos < args.len() {
        let s = &args[pos];
        if s == "--" {
            break;
        }
        let takes_next = value_follows(s, flags);
        if takes_next {
            pos += 2;
            continue;
        }
        if !s.starts_with('-') && s == x {
            let mut out = args.to_vec();
            out.remove(pos);
            return out;
        }
        pos += 1;
    }
    args.to_vec()
}

/// cobra's `ld`: Levenshtein distance over bytes, ignoring ASCII case.
fn levenshtein(s: &str, t: &str) -> usize {
    let s = s.to_lowercase().into_bytes();
    let t = t.to_lowercase().into_bytes();
    let mut prev: Vec<usize> = (0..=t.len()).collect();
    for i in 1..=s.len() {
        let mut cur = vec![i; t.len() + 1];
        for j in 1..=t.len() {
            cur[j] = if s[i - 1] == t[j - 1] {
                prev[j - 1]
            } else {
                1 + prev[j].min(cur[j - 1]).min(prev[j - 1])
            };
        }
        prev = cur;
    }
    prev[t.len()]
}

/// cobra's `findSuggestions` for a mistyped command under the root.
fn suggestions(root: &Command, typed: &str) -> String {
    let mut names: Vec<&str> = root
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| c.get_name())
        .chain(["help"])
        .filter(|n| {
            levenshtein(typed, n) <= 2 || n.to_lowercase().starts_with(&typed.to_lowercase())
        })
        .collect();
    names.sort_unstable();
    names.dedup();
    if names.is_empty() {
        return String::new();
    }
    let mut s = String::from("\n\nDid you mean this?\n");
    for n in names {
        s.push('\t');
        s.push_str(n);
        s.push('\n');
    }
    s
}

/// cobra's `help [command...]`: the help of the command the words name.
fn help_topic(root: &Command, program: &str, words: &[String]) -> Action {
    let mut path = vec![program.to_string()];
    let mut cmd = root;
    for (i, w) in words.iter().enumerate() {
        match cmd.find_subcommand(w) {
            Some(sub) => {
                path.push(w.clone());
                cmd = sub;
            }
            None if i == 0 => {
                let topics: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
                return Action::UnknownTopic(format!("Unknown help topic [{}]", topics.join(" ")));
            }
            None => break,
        }
    }
    Action::Help(path)
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
struct Set {
    flag: Flag,
    values: Vec<String>,
}

/// What pflag's `FlagSet.Parse` leaves: the flags set, in order, and the positionals, up to
/// the first error if there is one.
#[derive(Default)]
struct Parsed {
    sets: Vec<Set>,
    positionals: Vec<String>,
    error: Option<String>,
    /// Lines a flag's `Set` logs as it is read (Helm's `--wait=true` warning).
    logged: Vec<String>,
}

impl Parsed {
    /// What the parse printed: the lines logged as flags were read, then pflag's
    /// deprecation notices, which cobra prints only when the whole parse succeeds.
    fn notes(&self) -> Vec<String> {
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
fn parse_flags(args: &[String], flags: &[Flag], lenient: bool) -> Parsed {
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

/// Helm's first, lenient pass over the whole line with the root's flags only (`NewRootCmd`,
/// before the command is found): it stops at its first error, and what it sets stays set
/// unless the real parse sets it again (`-a --namespace=x` names the namespace there, though
/// the real parse reads `--namespace=x` as `-a`'s value).
fn first_pass(root: &Command, args: &[String]) -> Parsed {
    let flags: Vec<Flag> = flag_table(root, "")
        .into_iter()
        .filter(|f| f.long != "help")
        .collect();
    parse_flags(args.get(1..).unwrap_or(&[]), &flags, true)
}

/// Helm's check of `--color` / `--colour` after the first pass, with its own way of failing.
fn color_error(first: &Parsed) -> Option<String> {
    let mode = first
        .sets
        .iter()
        .rev()
        .find(|s| s.flag.long == "color" || s.flag.long == "colour")
        .and_then(|s| s.values.first().cloned());
    match mode.as_deref() {
        None | Some("never" | "auto" | "always") => None,
        Some(m) => Some(binnacle_core::gofmt::slog::line(
            "WARN",
            "command failed",
            &[(
                "error",
                &format!(
                    "invalid color mode {}: must be one of: never, auto, always",
                    quote(m)
                ),
            )],
        )),
    }
}

/// Flags whose default Helm takes from the environment: (flag, variable).
const ENV_DEFAULTS: &[(&str, &str)] = &[
    ("namespace", "HELM_NAMESPACE"),
    ("debug", "HELM_DEBUG"),
    ("kube-context", "HELM_KUBECONTEXT"),
];

/// Reads a command line (`args[0]` is the program) as Helm reads one; `env` reads the
/// variables Helm takes defaults from.
pub fn read(root: &Command, args: &[String], env: &dyn Fn(&str) -> Option<String>) -> Outcome {
    let first = first_pass(root, args);
    if let Some(text) = color_error(&first) {
        return Outcome {
            notes: Vec::new(),
            action: Action::Fail(text),
        };
    }
    let mut root = root.clone();
    root.build();
    let program = args.first().cloned().unwrap_or_else(|| "binnacle".into());
    let mut rest: Vec<String> = args.iter().skip(1).cloned().collect();
    let notes = Vec::new();

    // cobra's `Find`: descend while the first word that is not a flag names a subcommand.
    let mut path: Vec<String> = Vec::new();
    let mut cmd = &root;
    loop {
        let flags = flag_table(cmd, cmd.get_name());
        let words = strip_flags(&rest, &flags);
        let Some(next) = words.first() else { break };
        if next == "help" && path.is_empty() {
            return Outcome {
                notes,
                action: help_topic(&root, &program, &words[1..]),
            };
        }
        match cmd.find_subcommand(next) {
            Some(sub) => {
                rest = args_minus_first(&rest, next, &flags);
                // An alias (`inspect`) names the command by its name from here on.
                path.push(sub.get_name().to_string());
                cmd = sub;
            }
            None => {
                if path.is_empty() {
                    let root_name = root.get_name().to_string();
                    return Outcome {
                        notes,
                        action: Action::Fail(format!(
                            "Error: unknown command {} for {}{}\nRun '{root_name} --help' for usage.",
                            quote(next),
                            quote(&root_name),
                            suggestions(&root, next),
                        )),
                    };
                }
                break;
            }
        }
    }

    let name = path.last().cloned().unwrap_or_default();
    let flags = flag_table(cmd, &name);
    let parsed = parse_flags(&rest, &flags, false);
    let notes = parsed.notes();
    if let Some(e) = parsed.error {
        return Outcome {
            notes,
            action: Action::Fail(format!("Error: {e}")),
        };
    }
    let Parsed {
        sets, positionals, ..
    } = parsed;
    let mut command_path = vec![program.clone()];
    command_path.extend(path.iter().cloned());
    let help = sets
        .iter()
        .any(|s| s.flag.long == "help" && s.values.first().is_some_and(|v| v == "true"));
    if help || cmd.has_subcommands() {
        return Outcome {
            notes,
            action: Action::Help(command_path),
        };
    }

    // Helm's `require` checks.
    if let Some((rule, usage)) = arg_rule(&path) {
        let n = positionals.len();
        let quoted = quote(&format!("{} {}", root.get_name(), path.join(" ")));
        let usage = format!("\n\nUsage:  {} {usage}", root.get_name());
        let err = match rule {
            ArgRule::AtLeast(k) if n < k => Some(format!(
                "{quoted} requires at least {k} {}{usage}",
                plural(k)
            )),
            ArgRule::Exactly(k) if n != k => {
                Some(format!("{quoted} requires {k} {}{usage}", plural(k)))
            }
            ArgRule::None if n > 0 => Some(format!("{quoted} accepts no arguments{usage}")),
            _ => None,
        };
        if let Some(e) = err {
            return Outcome {
                notes,
                action: Action::Fail(format!("Error: {e}")),
            };
        }
    }

    // cobra's `ValidateFlagGroups`, after the argument checks.
    for group in exclusive_groups(&name) {
        let mut set: Vec<&str> = group
            .iter()
            .copied()
            .filter(|g| sets.iter().any(|s| s.flag.long == *g))
            .collect();
        if set.len() > 1 {
            set.sort_unstable();
            return Outcome {
                notes,
                action: Action::Fail(format!(
                    "Error: if any flags in the group [{}] are set none of the others can be; [{}] were all set",
                    group.join(" "),
                    set.join(" ")
                )),
            };
        }
    }

    let mut sets = sets;
    for set in first.sets {
        if !sets.iter().any(|s| s.flag.long == set.flag.long) {
            sets.push(set);
        }
    }
    for (long, var) in ENV_DEFAULTS {
        let Some(flag) = find_long(&flags, long) else {
            continue;
        };
        if sets.iter().any(|s| s.flag.long == *long) {
            continue;
        }
        let Some(value) = env(var) else { continue };
        // Helm's `envBoolOr`-style reading: a bool that does not parse is false.
        let value = match flag.kind {
            Kind::Bool => parse_bool(&value).unwrap_or(false).to_string(),
            _ if value.is_empty() => continue,
            _ => value,
        };
        sets.push(Set {
            flag: flag.clone(),
            values: vec![value],
        });
    }
    Outcome {
        notes,
        action: Action::Run(canonical(command_path, &sets, positionals)),
    }
}

/// The command line clap reads: each flag's final value once (each value of a repeating
/// flag), bools only when true, then the positionals after `--`.
fn canonical(mut line: Vec<String>, sets: &[Set], positionals: Vec<String>) -> Vec<String> {
    let mut seen: Vec<&str> = Vec::new();
    for (i, s) in sets.iter().enumerate() {
        let long = s.flag.long.as_str();
        if s.flag.repeats {
            for v in &s.values {
                line.push(format!("--{long}={v}"));
            }
            continue;
        }
        if seen.contains(&long) {
            continue;
        }
        seen.push(long);
        // The last occurrence wins.
        let last = sets[i..]
            .iter()
            .rev()
            .find(|t| t.flag.long == long)
            .unwrap_or(s);
        let value = last.values.first().map(String::as_str).unwrap_or("");
        match last.flag.kind {
            Kind::Bool | Kind::GoBool => {
                if value == "true" {
                    line.push(format!("--{long}"));
                }
            }
            _ => line.push(format!("--{long}={value}")),
        }
    }
    line.push("--".into());
    line.extend(positionals);
    line
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

    #[test]
    fn levenshtein_as_cobra() {
        assert_eq!(levenshtein("templ", "template"), 3);
        assert_eq!(levenshtein("Lnt", "lint"), 1);
        assert_eq!(levenshtein("", "ab"), 2);
    }
}
