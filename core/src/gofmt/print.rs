//! Go's `pp` printer: `Printf`'s format parsing and how each kind of [`Value`] prints under
//! each verb (`printArg`, `printValue`, `badVerb`), after Go's `fmt/print.go`.
//!
//! Nested maps and lists are walked with an explicit stack rather than recursion, so deep
//! values (10,000 levels are legal) cannot overflow the native stack, and cyclic maps (built
//! with `set`) stop at [`MAX_VALUE_DEPTH`] and [`MAX_OUTPUT_SIZE`].

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::format::{Fmt, LDIGITS, UDIGITS};
use crate::limits::{MAX_OUTPUT_SIZE, MAX_VALUE_DEPTH};
use crate::value::{Elem, Object, PrintedField, Str, Value};

/// What `%p` prints for maps, slices and pointers: Go prints a heap address, which no one
/// can reproduce; a fixed plausible one keeps renders deterministic.
const FAKE_ADDRESS: u64 = 0x00c0_0001_0000;

/// Go's `tooLarge`: widths, precisions and argument indexes are capped at a million.
const TOO_LARGE: i64 = 1_000_000;

/// The operand a `%!verb(TYPE=value)` complaint describes.
enum Bad<'a> {
    Nil,
    Val(&'a Value),
    /// An element of a `[]byte`, which Go sees as a `uint8`.
    Byte(u8),
}

/// How a nil element prints, which depends on the static type of the slot holding it.
#[derive(Clone, Copy)]
enum NilSlot {
    /// An `interface {}` slot: `<nil>`, or `interface {}(nil)` with `%#v`.
    Iface,
    /// A `map[string]interface {}` slot (`[]map[string]interface {}`): an empty map.
    Map,
}

/// Work for the explicit-stack walk over nested values.
enum Task {
    Val(Value, usize, NilSlot),
    Lit(&'static str),
}

pub(crate) struct Printer {
    pub fmt: Fmt,
    reordered: bool,
    good_arg_num: bool,
    /// Output size past which nested walks stop (cyclic maps would never end).
    budget: usize,
    /// Go's `pp.erroring`: inside `badVerb`, no `String()` or `GoString()` is called.
    erroring: bool,
}

impl Printer {
    pub fn new() -> Printer {
        Printer {
            fmt: Fmt::default(),
            reordered: false,
            good_arg_num: true,
            budget: MAX_OUTPUT_SIZE,
            erroring: false,
        }
    }

    #[cfg(test)]
    pub fn with_budget(budget: usize) -> Printer {
        Printer {
            budget,
            ..Printer::new()
        }
    }

    /// The output so far; invalid UTF-8 (from `%s` of binary bytes) is kept as raw bytes ([`crate::gobytes`]).
    pub fn finish(self) -> String {
        match String::from_utf8(self.fmt.buf) {
            Ok(s) => s,
            Err(e) => crate::gobytes::from_go_bytes(e.as_bytes()),
        }
    }

    fn over_budget(&self) -> bool {
        self.fmt.buf.len() > self.budget
    }

    fn push_char(&mut self, c: char) {
        let mut tmp = [0u8; 4];
        self.fmt
            .buf
            .extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
    }

    /// Go's `doPrint`: `Sprint`'s spacing (a space between operands when neither is a string).
    pub fn do_print(&mut self, args: &[Value]) {
        let mut prev_string = false;
        for (i, arg) in args.iter().enumerate() {
            let is_string = is_string_kind(arg);
            if i > 0 && !is_string && !prev_string {
                self.fmt.buf.push(b' ');
            }
            self.print_arg(arg, 'v');
            prev_string = is_string;
        }
    }

    /// Go's `doPrintln`: always a space between operands, then a newline.
    pub fn do_println(&mut self, args: &[Value]) {
        for (i, arg) in args.iter().enumerate() {
            if i > 0 {
                self.fmt.buf.push(b' ');
            }
            self.print_arg(arg, 'v');
        }
        self.fmt.buf.push(b'\n');
    }

    /// Go's `doPrintf`.
    pub fn do_printf(&mut self, format: &str, args: &[Value]) {
        let fb = format.as_bytes();
        let end = fb.len();
        let mut arg_num = 0usize;
        let mut after_index: bool;
        self.reordered = false;
        let mut i = 0;
        'format: while i < end {
            self.good_arg_num = true;
            let lasti = i;
            while i < end && fb[i] != b'%' {
                i += 1;
            }
            if i > lasti {
                self.fmt.buf.extend_from_slice(&fb[lasti..i]);
            }
            if i >= end {
                break;
            }
            i += 1;
            self.fmt.clear_flags();
            while i < end {
                let c = fb[i];
                match c {
                    b'#' => self.fmt.f.sharp = true,
                    b'0' => self.fmt.f.zero = true,
                    b'+' => self.fmt.f.plus = true,
                    b'-' => self.fmt.f.minus = true,
                    b' ' => self.fmt.f.space = true,
                    _ => {
                        // Fast path: flags then a lower-case verb, no width or index.
                        if c.is_ascii_lowercase() && arg_num < args.len() {
                            if c == b'v' || c == b'w' {
                                self.move_v_flags();
                            }
                            self.print_arg(&args[arg_num], c as char);
                            arg_num += 1;
                            i += 1;
                            continue 'format;
                        }
                        break;
                    }
                }
                i += 1;
            }

            (arg_num, i, after_index) = self.arg_number(arg_num, fb, i, args.len());

            if i < end && fb[i] == b'*' {
                i += 1;
                let (w, ok, n) = int_from_arg(args, arg_num);
                arg_num = n;
                self.fmt.f.wid_present = ok;
                if !ok {
                    self.fmt.write_str("%!(BADWIDTH)");
                }
                if w < 0 {
                    self.fmt.f.minus = true;
                    self.fmt.f.zero = false;
                }
                self.fmt.wid = w.unsigned_abs() as usize;
                after_index = false;
            } else {
                let (w, ok, ni) = parse_num(fb, i, end);
                self.fmt.wid = w;
                self.fmt.f.wid_present = ok;
                i = ni;
                if after_index && ok {
                    self.good_arg_num = false;
                }
            }

            if i + 1 < end && fb[i] == b'.' {
                i += 1;
                if after_index {
                    self.good_arg_num = false;
                }
                (arg_num, i, after_index) = self.arg_number(arg_num, fb, i, args.len());
                if i < end && fb[i] == b'*' {
                    i += 1;
                    let (p, ok, n) = int_from_arg(args, arg_num);
                    arg_num = n;
                    self.fmt.prec = p.max(0) as usize;
                    self.fmt.f.prec_present = ok && p >= 0;
                    if !self.fmt.f.prec_present {
                        self.fmt.write_str("%!(BADPREC)");
                    }
                    after_index = false;
                } else {
                    let (p, ok, ni) = parse_num(fb, i, end);
                    self.fmt.prec = p;
                    i = ni;
                    self.fmt.f.prec_present = true;
                    if !ok {
                        self.fmt.prec = 0;
                    }
                }
            }

            if !after_index {
                (arg_num, i, _) = self.arg_number(arg_num, fb, i, args.len());
            }

            if i >= end {
                self.fmt.write_str("%!(NOVERB)");
                break;
            }

            let verb = format[i..].chars().next().unwrap_or('%');
            i += verb.len_utf8();

            if verb == '%' {
                // Percent takes no operand and ignores width and precision.
                self.fmt.buf.push(b'%');
            } else if !self.good_arg_num {
                self.fmt.write_str("%!");
                self.push_char(verb);
                self.fmt.write_str("(BADINDEX)");
            } else if arg_num >= args.len() {
                self.fmt.write_str("%!");
                self.push_char(verb);
                self.fmt.write_str("(MISSING)");
            } else {
                if verb == 'v' || verb == 'w' {
                    self.move_v_flags();
                }
                self.print_arg(&args[arg_num], verb);
                arg_num += 1;
            }
        }

        // Unused operands, unless indexes made that too costly for Go to tell.
        if !self.reordered && arg_num < args.len() {
            self.fmt.clear_flags();
            self.fmt.write_str("%!(EXTRA ");
            for (k, arg) in args[arg_num..].iter().enumerate() {
                if k > 0 {
                    self.fmt.write_str(", ");
                }
                if arg.is_nil() {
                    self.fmt.write_str("<nil>");
                } else {
                    self.fmt.write_str(arg.type_name());
                    self.fmt.buf.push(b'=');
                    self.print_arg(arg, 'v');
                }
            }
            self.fmt.buf.push(b')');
        }
    }

    /// `%#v` and `%+v` are their own formats: Go moves `#`/`+` aside for them.
    fn move_v_flags(&mut self) {
        let f = &mut self.fmt.f;
        f.sharp_v = f.sharp;
        f.sharp = false;
        f.plus_v = f.plus;
        f.plus = false;
    }

    /// Go's `argNumber`: an explicit `[n]` operand index, if one starts at `i`.
    fn arg_number(
        &mut self,
        arg_num: usize,
        fb: &[u8],
        i: usize,
        num_args: usize,
    ) -> (usize, usize, bool) {
        if i >= fb.len() || fb[i] != b'[' {
            return (arg_num, i, false);
        }
        self.reordered = true;
        let (index, wid, ok) = parse_arg_number(&fb[i..]);
        if ok && index >= 0 && (index as usize) < num_args {
            return (index as usize, i + wid, true);
        }
        self.good_arg_num = false;
        (arg_num, i + wid, ok)
    }

    /// Go's `printArg`: one top-level operand.
    pub fn print_arg(&mut self, arg: &Value, verb: char) {
        if arg.is_nil() {
            match verb {
                'T' | 'v' => self.fmt.pad_str("<nil>"),
                _ => self.bad_verb(verb, Bad::Nil),
            }
            return;
        }
        match verb {
            'T' => {
                let name = String::from(arg.type_name());
                self.fmt.fmt_s(name.as_bytes());
                return;
            }
            'p' => {
                self.fmt_pointer(arg, verb);
                return;
            }
            _ => {}
        }
        match arg {
            Value::Bytes(b) => self.fmt_bytes(b, verb, "[]byte", arg),
            Value::List(_) | Value::Map(_) if verb == 'w' => self.bad_verb(verb, Bad::Val(arg)),
            Value::List(_) | Value::Map(_) => self.walk(arg, verb),
            _ => self.print_scalar(arg, verb, 0),
        }
    }

    /// Booleans, numbers, strings and objects (`depth` matters to pointers only).
    fn print_scalar(&mut self, v: &Value, verb: char, depth: usize) {
        match v {
            Value::Bool(b) => match verb {
                't' | 'v' => self.fmt.fmt_boolean(*b),
                _ => self.bad_verb(verb, Bad::Val(v)),
            },
            Value::Int(n) | Value::Int64(n) => self.fmt_integer(*n as u64, true, verb, Bad::Val(v)),
            Value::Uint(n) => self.fmt_integer(*n, false, verb, Bad::Val(v)),
            Value::Byte(n) => self.fmt_integer(*n as u64, false, verb, Bad::Val(v)),
            Value::Float(f) => self.fmt_float(*f, verb, v),
            Value::String(s) => self.fmt_string(&crate::gobytes::go_bytes(s), verb, v),
            Value::Object(o) => self.fmt_object(o.as_ref(), verb, v, depth),
            // Composites reach here only through badVerb's `%v`.
            Value::Nil | Value::Bytes(_) | Value::List(_) | Value::Map(_) => {
                self.print_arg(v, verb)
            }
        }
    }

    /// Go's `badVerb`: `%!verb(TYPE=value)`.
    fn bad_verb(&mut self, verb: char, bad: Bad<'_>) {
        self.fmt.write_str("%!");
        self.push_char(verb);
        self.fmt.buf.push(b'(');
        match bad {
            Bad::Nil => self.fmt.write_str("<nil>"),
            Bad::Val(v) => {
                self.fmt.write_str(v.type_name());
                self.fmt.buf.push(b'=');
                let erroring = core::mem::replace(&mut self.erroring, true);
                self.print_arg(v, 'v');
                self.erroring = erroring;
            }
            Bad::Byte(c) => {
                self.fmt.write_str("uint8=");
                self.fmt_integer(c as u64, false, 'v', Bad::Nil);
            }
        }
        self.fmt.buf.push(b')');
    }

    /// Go's `pp.fmtInteger`.
    fn fmt_integer(&mut self, u: u64, signed: bool, verb: char, bad: Bad<'_>) {
        match verb {
            'v' => {
                if self.fmt.f.sharp_v && !signed {
                    self.fmt.fmt_0x64(u, true);
                } else {
                    self.fmt.fmt_integer(u, 10, signed, verb, LDIGITS);
                }
            }
            'd' => self.fmt.fmt_integer(u, 10, signed, verb, LDIGITS),
            'b' => self.fmt.fmt_integer(u, 2, signed, verb, LDIGITS),
            'o' | 'O' => self.fmt.fmt_integer(u, 8, signed, verb, LDIGITS),
            'x' => self.fmt.fmt_integer(u, 16, signed, verb, LDIGITS),
            'X' => self.fmt.fmt_integer(u, 16, signed, verb, UDIGITS),
            'c' => self.fmt.fmt_c(u),
            'q' => self.fmt.fmt_qc(u),
            'U' => self.fmt.fmt_unicode(u),
            _ => self.bad_verb(verb, bad),
        }
    }

    /// Go's `pp.fmtFloat` for float64.
    fn fmt_float(&mut self, f: f64, verb: char, v: &Value) {
        match verb {
            'v' => self.fmt.fmt_float(f, b'g', -1),
            'b' | 'g' | 'G' | 'x' | 'X' => self.fmt.fmt_float(f, verb as u8, -1),
            'f' | 'e' | 'E' => self.fmt.fmt_float(f, verb as u8, 6),
            'F' => self.fmt.fmt_float(f, b'f', 6),
            _ => self.bad_verb(verb, Bad::Val(v)),
        }
    }

    /// Go's `pp.fmtString`.
    fn fmt_string(&mut self, s: &[u8], verb: char, v: &Value) {
        match verb {
            'v' => {
                if self.fmt.f.sharp_v {
                    self.fmt.fmt_q(s);
                } else {
                    self.fmt.fmt_s(s);
                }
            }
            's' => self.fmt.fmt_s(s),
            'x' => self.fmt.fmt_sbx(s, LDIGITS),
            'X' => self.fmt.fmt_sbx(s, UDIGITS),
            'q' => self.fmt.fmt_q(s),
            _ => self.bad_verb(verb, Bad::Val(v)),
        }
    }

    /// Go's `pp.fmtBytes` for `[]byte` operands, and `printValue`'s `[]uint8` case when
    /// nested (`type_str` is `[]byte` at top level, `[]uint8` inside containers).
    fn fmt_bytes(&mut self, b: &[u8], verb: char, type_str: &str, v: &Value) {
        match verb {
            's' => self.fmt.fmt_s(b),
            'x' => self.fmt.fmt_sbx(b, LDIGITS),
            'X' => self.fmt.fmt_sbx(b, UDIGITS),
            'q' => self.fmt.fmt_q(b),
            'w' if type_str != "[]byte" => self.bad_verb(verb, Bad::Val(v)),
            _ => {
                if self.fmt.f.sharp_v {
                    self.fmt.write_str(type_str);
                    self.fmt.buf.push(b'{');
                    for (i, &c) in b.iter().enumerate() {
                        if i > 0 {
                            self.fmt.write_str(", ");
                        }
                        self.fmt.fmt_0x64(c as u64, true);
                    }
                    self.fmt.buf.push(b'}');
                } else {
                    self.fmt.buf.push(b'[');
                    for (i, &c) in b.iter().enumerate() {
                        if i > 0 {
                            self.fmt.buf.push(b' ');
                        }
                        self.fmt_integer(c as u64, false, verb, Bad::Byte(c));
                    }
                    self.fmt.buf.push(b']');
                }
            }
        }
    }

    /// Go's `fmtPointer` for `%p`: maps, slices and pointers have an address.
    fn fmt_pointer(&mut self, v: &Value, verb: char) {
        let has_address = match v {
            Value::Map(_) | Value::List(_) | Value::Bytes(_) => true,
            Value::Object(o) => matches!(o.kind(), "ptr" | "map" | "slice" | "func"),
            _ => false,
        };
        if has_address {
            let sharp = self.fmt.f.sharp;
            self.fmt.fmt_0x64(FAKE_ADDRESS, !sharp);
        } else {
            self.bad_verb(verb, Bad::Val(v));
        }
    }

    /// Host objects: Go calls `String()` for the string-like verbs (`format_v` stands in);
    /// otherwise structs print field by field, a pointer to one as `&{…}` at the top and as
    /// its address inside another value.
    fn fmt_object(&mut self, o: &dyn Object, verb: char, v: &Value, depth: usize) {
        let pointer = o.kind() == "ptr";
        // Go's `handleMethods`: `%#v` looks for `GoString()`, and only `%v %s %x %X %q`
        // for `String()`.
        let calls_method = !self.erroring
            && if self.fmt.f.sharp_v {
                o.go_stringer()
            } else {
                o.stringer() && matches!(verb, 'v' | 's' | 'x' | 'X' | 'q')
            };
        match verb {
            'w' => self.bad_verb(verb, Bad::Val(v)),
            'p' => self.fmt_pointer(v, verb),
            // Inside another value Go calls a pointer's `String()` (`GoString()` for `%#v`)
            // if the verb calls methods and it has one, and otherwise prints its address.
            _ if pointer && depth > 0 && !calls_method => self.fmt_nested_pointer(o, verb, v),
            // A map or slice type without `String()` (`engine.files`, `common.VersionSet`):
            // printed as Go prints maps and slices, element by element with the verb (`%s`
            // shows each file's bytes as text).
            _ if !calls_method && o.kind() == "map" => {
                let entries = o.map_entries().unwrap_or_default();
                let entries = entries.into_iter().map(|(k, x)| (Some(k), x)).collect();
                self.fmt_container_object(o, entries, verb)
            }
            _ if !calls_method && o.kind() == "slice" => {
                let items = o
                    .list_items()
                    .map(|l| l.iter().map(|x| (None, x.clone())).collect());
                self.fmt_container_object(o, items.unwrap_or_default(), verb)
            }
            // An integer type (`time.Month`, `time.Duration`): its number, or for a verb
            // integers refuse `%!t(time.Month=5)` (the number, printed with `%v`, comes back
            // through this arm).
            _ if !calls_method && o.named_int().is_some() => {
                let n = Value::Int(o.named_int().unwrap_or_default());
                if matches!(
                    verb,
                    'v' | 'd' | 'b' | 'o' | 'O' | 'x' | 'X' | 'c' | 'q' | 'U'
                ) {
                    self.print_scalar(&n, verb, depth)
                } else {
                    self.bad_verb(verb, Bad::Val(v))
                }
            }
            _ if self.fmt.f.sharp_v => match o.printed_fields().filter(|_| !o.go_stringer()) {
                Some(fields) => {
                    if pointer {
                        self.fmt.buf.push(b'&');
                    }
                    let name = o.type_name();
                    self.fmt.write_str(name.strip_prefix('*').unwrap_or(name));
                    self.fmt_struct_fields(&fields, o.field_names(), verb, depth);
                }
                None => {
                    let s = o.go_string().unwrap_or_else(|| o.format_v());
                    self.fmt.write_str(&s);
                }
            },
            'v' | 's' | 'x' | 'X' | 'q' if calls_method => {
                let s = o.format_v();
                self.fmt_string(s.as_bytes(), verb, v);
            }
            _ => match o.printed_fields() {
                Some(fields) => {
                    if pointer {
                        self.fmt.buf.push(b'&');
                    }
                    self.fmt_struct_fields(&fields, o.field_names(), verb, depth)
                }
                None => self.bad_verb(verb, Bad::Val(v)),
            },
        }
    }

    /// Go's `printValue` of a map- or slice-kind object: `map[k:v …]` or `[a b …]`, or
    /// `%#v`'s `type{"k":v, …}` or `type{a, b, …}`; keys and elements printed with the verb.
    fn fmt_container_object(
        &mut self,
        o: &dyn Object,
        elements: Vec<(Option<Str>, Value)>,
        verb: char,
    ) {
        let sharp_v = self.fmt.f.sharp_v;
        if sharp_v {
            self.fmt.write_str(o.type_name());
            self.fmt.buf.push(b'{');
        } else {
            self.fmt
                .write_str(if o.kind() == "map" { "map[" } else { "[" });
        }
        for (i, (key, item)) in elements.into_iter().enumerate() {
            if i > 0 {
                self.fmt.write_str(if sharp_v { ", " } else { " " });
            }
            if let Some(k) = key {
                self.walk(&Value::String(k), verb);
                self.fmt.buf.push(b':');
            }
            self.walk(&item, verb);
        }
        self.fmt.buf.push(if sharp_v { b'}' } else { b']' });
    }

    /// Go's `fmtPointer` for a pointer to a struct inside another value: its address (a
    /// fixed one here, so renders repeat; Go's changes from run to run).
    fn fmt_nested_pointer(&mut self, o: &dyn Object, verb: char, v: &Value) {
        match verb {
            'v' if self.fmt.f.sharp_v => {
                self.fmt.buf.push(b'(');
                self.fmt.write_str(o.type_name());
                self.fmt.write_str(")(");
                self.fmt.fmt_0x64(FAKE_ADDRESS, true);
                self.fmt.buf.push(b')');
            }
            'v' => {
                let sharp = self.fmt.f.sharp;
                self.fmt.fmt_0x64(FAKE_ADDRESS, !sharp);
            }
            'b' | 'o' | 'd' | 'x' | 'X' => self.fmt_integer(FAKE_ADDRESS, false, verb, Bad::Nil),
            _ => self.bad_verb(verb, Bad::Val(v)),
        }
    }

    /// `printValue` of a struct with a verb that does not call `String()`: `{f1 f2 …}`, each
    /// field printed with the verb (a mismatch shows as `%!e(uint64=0)`); `%+v` and `%#v`
    /// name the fields, `%#v` separates them with commas.
    fn fmt_struct_fields(
        &mut self,
        fields: &[PrintedField],
        names: &[&str],
        verb: char,
        depth: usize,
    ) {
        let (named, sharp_v) = (self.fmt.f.plus_v || self.fmt.f.sharp_v, self.fmt.f.sharp_v);
        self.fmt.buf.push(b'{');
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                self.fmt.write_str(if sharp_v { ", " } else { " " });
            }
            if named {
                if let Some(name) = names.get(i) {
                    self.fmt.write_str(name);
                    self.fmt.buf.push(b':');
                }
            }
            match *f {
                PrintedField::Uint64(u) => self.print_arg(&Value::Uint(u), verb),
                PrintedField::Int64(n) => self.print_arg(&Value::Int64(n), verb),
                PrintedField::Str(ref s) => self.print_arg(&Value::String(s.clone()), verb),
                PrintedField::Value(ref v) => match v {
                    Value::List(_) | Value::Map(_) => self.walk(v, verb),
                    _ => self.print_scalar(v, verb, depth + 1),
                },
                PrintedField::Ptr(ty, set) => {
                    // Go prints a real address; Binnacle a fixed one, so renders repeat.
                    let addr = if set { FAKE_ADDRESS } else { 0 };
                    match verb {
                        'b' | 'o' | 'd' | 'x' | 'X' => {
                            self.fmt_integer(addr, false, verb, Bad::Nil)
                        }
                        _ => {
                            self.fmt.write_str("%!");
                            self.push_char(verb);
                            self.fmt.buf.push(b'(');
                            self.fmt.write_str(ty);
                            self.fmt.buf.push(b'=');
                            if set {
                                self.fmt.fmt_0x64(addr, true);
                            } else {
                                self.fmt.pad(b"<nil>");
                            }
                            self.fmt.buf.push(b')');
                        }
                    }
                }
            }
        }
        self.fmt.buf.push(b'}');
    }

    /// Go's `printValue` over maps and slices, walked with an explicit stack.
    fn walk(&mut self, root: &Value, verb: char) {
        let mut stack = vec![Task::Val(root.clone(), 0, NilSlot::Iface)];
        while let Some(task) = stack.pop() {
            if self.over_budget() {
                return;
            }
            let (v, depth, slot) = match task {
                Task::Lit(s) => {
                    self.fmt.write_str(s);
                    continue;
                }
                Task::Val(v, depth, slot) => (v, depth, slot),
            };
            match &v {
                Value::Nil => self.nested_nil(slot),
                Value::Bytes(b) => self.fmt_bytes(b, verb, "[]uint8", &v),
                Value::List(_) | Value::Map(_) if depth > MAX_VALUE_DEPTH => {
                    self.fmt.write_str("...")
                }
                Value::List(_) | Value::Map(_) if verb == 'w' => self.bad_verb(verb, Bad::Val(&v)),
                Value::List(l) if l.is_nil() && self.fmt.f.sharp_v => {
                    self.fmt.write_str(l.elem().slice_type_name());
                    self.fmt.write_str("(nil)");
                }
                Value::List(l) => {
                    let slot = if l.elem() == Elem::Map {
                        NilSlot::Map
                    } else {
                        NilSlot::Iface
                    };
                    let sharp_v = self.fmt.f.sharp_v;
                    if sharp_v {
                        self.fmt.write_str(l.elem().slice_type_name());
                        self.fmt.buf.push(b'{');
                        stack.push(Task::Lit("}"));
                    } else {
                        self.fmt.buf.push(b'[');
                        stack.push(Task::Lit("]"));
                    }
                    for (i, item) in l.iter().enumerate().rev() {
                        stack.push(Task::Val(item.clone(), depth + 1, slot));
                        if i > 0 {
                            stack.push(Task::Lit(if sharp_v { ", " } else { " " }));
                        }
                    }
                }
                Value::Map(m) if m.is_nil() && self.fmt.f.sharp_v => {
                    self.fmt.write_str(m.map_type().type_name());
                    self.fmt.write_str("(nil)");
                }
                Value::Map(m) => {
                    let sharp_v = self.fmt.f.sharp_v;
                    if sharp_v {
                        self.fmt.write_str(m.map_type().type_name());
                        self.fmt.buf.push(b'{');
                        stack.push(Task::Lit("}"));
                    } else {
                        self.fmt.write_str("map[");
                        stack.push(Task::Lit("]"));
                    }
                    let entries = m.to_vec();
                    for (i, (k, item)) in entries.into_iter().enumerate().rev() {
                        stack.push(Task::Val(item, depth + 1, NilSlot::Iface));
                        stack.push(Task::Lit(":"));
                        stack.push(Task::Val(Value::String(k), depth + 1, NilSlot::Iface));
                        if i > 0 {
                            stack.push(Task::Lit(if sharp_v { ", " } else { " " }));
                        }
                    }
                }
                Value::Object(_) if verb == 'p' => self.fmt_pointer(&v, verb),
                _ => self.print_scalar(&v, verb, depth),
            }
        }
    }

    /// A nil inside a container: no complaint whatever the verb, as Go prints it.
    fn nested_nil(&mut self, slot: NilSlot) {
        match (slot, self.fmt.f.sharp_v) {
            (NilSlot::Iface, false) => self.fmt.write_str("<nil>"),
            (NilSlot::Iface, true) => self.fmt.write_str("interface {}(nil)"),
            (NilSlot::Map, false) => self.fmt.write_str("map[]"),
            (NilSlot::Map, true) => self.fmt.write_str("map[string]interface {}(nil)"),
        }
    }
}

/// Whether Go's `reflect.Kind` of the operand is `string` (`Sprint`'s spacing rule).
fn is_string_kind(v: &Value) -> bool {
    match v {
        Value::String(_) => true,
        Value::Object(o) => o.kind() == "string",
        _ => false,
    }
}

/// Go's `parsenum`: decimal digits from `start`; on overflow past a million, gives up and
/// consumes the rest of the format.
fn parse_num(s: &[u8], start: usize, end: usize) -> (usize, bool, usize) {
    if start >= end {
        return (0, false, end);
    }
    let mut num: i64 = 0;
    let mut isnum = false;
    let mut i = start;
    while i < end && s[i].is_ascii_digit() {
        if num > TOO_LARGE {
            return (0, false, end);
        }
        num = num * 10 + (s[i] - b'0') as i64;
        isnum = true;
        i += 1;
    }
    (num as usize, isnum, i)
}

/// Go's `parseArgNumber`: `[n]` at the start of `s` gives (n-1, bytes consumed, ok).
fn parse_arg_number(s: &[u8]) -> (i64, usize, bool) {
    if s.len() < 3 {
        return (0, 1, false);
    }
    for i in 1..s.len() {
        if s[i] == b']' {
            let (width, ok, newi) = parse_num(s, 1, i);
            if !ok || newi != i {
                return (0, i + 1, false);
            }
            return (width as i64 - 1, i + 1, true);
        }
    }
    (0, 1, false)
}

/// Go's `intFromArg`: a `*` width or precision taken from an integer operand.
fn int_from_arg(args: &[Value], arg_num: usize) -> (i64, bool, usize) {
    let Some(arg) = args.get(arg_num) else {
        return (0, false, arg_num);
    };
    let (num, ok) = match arg {
        Value::Int(n) | Value::Int64(n) => (*n, true),
        Value::Uint(u) => match i64::try_from(*u) {
            Ok(n) => (n, true),
            Err(_) => (0, false),
        },
        Value::Byte(b) => (*b as i64, true),
        _ => (0, false),
    };
    if !(-TOO_LARGE..=TOO_LARGE).contains(&num) {
        return (0, false, arg_num + 1);
    }
    (num, ok, arg_num + 1)
}
