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
//! bool, one that appends repeats, any other takes a string; [`pflag`] adds what clap
//! cannot say (pflag's value types and messages, optional values, deprecations) and reads
//! the flags. This module finds the command as cobra does and checks what cobra checks.

use binnacle_core::gofmt::strconv::{parse_bool, quote};
use clap::Command;

mod pflag;

use pflag::{find_long, find_short, flag_table, parse_flags, Flag, Kind, Parsed, Set};

/// What the command line asks for.
#[derive(Debug, PartialEq)]
pub struct Outcome {
    /// What reading the line printed to stderr, before anything else: lines a flag logs
    /// as it is read (`--wait=true`), then pflag's notices about deprecated flags.
    pub notes: Vec<String>,
    /// What to do then.
    pub action: Action,
    /// Whether Helm's debug lines are logged: Helm sets its log level from `$HELM_DEBUG`
    /// and its first pass only, so `--debug` after a word that ends that pass (`--`, `-h`)
    /// still keeps a failed render's output but logs nothing at level DEBUG.
    pub debug_log: bool,
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
    let debug_log = match first.sets.iter().rev().find(|s| s.flag.long == "debug") {
        Some(s) => s.values.first().is_some_and(|v| v == "true"),
        None => env("HELM_DEBUG").is_some_and(|v| parse_bool(&v).unwrap_or(false)),
    };
    let (notes, action) = read_line(root, args, env, first);
    Outcome {
        notes,
        action,
        debug_log,
    }
}

/// [`read`] after Helm's first pass: what it printed, and what to do.
fn read_line(
    root: &Command,
    args: &[String],
    env: &dyn Fn(&str) -> Option<String>,
    first: Parsed,
) -> (Vec<String>, Action) {
    if let Some(text) = color_error(&first) {
        return (Vec::new(), Action::Fail(text));
    }
    let mut root = root.clone();
    root.build();
    let program = args.first().cloned().unwrap_or_else(|| "binnacle".into());
    let mut rest: Vec<String> = args.iter().skip(1).cloned().collect();

    // cobra's `Find`: descend while the first word that is not a flag names a subcommand.
    let mut path: Vec<String> = Vec::new();
    let mut cmd = &root;
    loop {
        let flags = flag_table(cmd, cmd.get_name());
        let words = strip_flags(&rest, &flags);
        let Some(next) = words.first() else { break };
        if next == "help" && path.is_empty() {
            return (Vec::new(), help_topic(&root, &program, &words[1..]));
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
                    return (Vec::new(), Action::Fail(format!(
                            "Error: unknown command {} for {}{}\nRun '{root_name} --help' for usage.",
                            quote(next),
                            quote(&root_name),
                            suggestions(&root, next),
                        )));
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
        return (notes, Action::Fail(format!("Error: {e}")));
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
        return (notes, Action::Help(command_path));
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
            return (notes, Action::Fail(format!("Error: {e}")));
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
            return (notes, Action::Fail(format!(
                    "Error: if any flags in the group [{}] are set none of the others can be; [{}] were all set",
                    group.join(" "),
                    set.join(" ")
                )));
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
    (
        notes,
        Action::Run(canonical(command_path, &sets, positionals)),
    )
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
    fn levenshtein_as_cobra() {
        assert_eq!(levenshtein("templ", "template"), 3);
        assert_eq!(levenshtein("Lnt", "lint"), 1);
        assert_eq!(levenshtein("", "ab"), 2);
    }
}
