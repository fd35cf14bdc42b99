//! Validating a value against a compiled schema, visiting keywords in the order
//! santhosh-tekuri/jsonschema v6 does so that the error tree (and hence Helm's message) comes
//! out the same. Go visits object properties in random map order; here they go in key order.

// Errors are the expected outcome here, not the exceptional one, and they are built once
// per failing keyword; boxing them would only add allocations.
#![allow(clippy::result_large_err)]

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::cell::{Cell, RefCell};
use core::cmp::Ordering;

use super::compile::{escape_tok, Additional, Dependency, Items, Schema, SchemaId};
use super::error::{json_ptr, Kind, ValidationError};
use super::json::{canonical_key, equals, ty, Json};

/// Meta-schema context, when validating a schema document.
#[derive(Default)]
pub struct Options<'a> {
    /// The meta-schema in use.
    pub meta: Option<SchemaId>,
    /// Meta-schemas of embedded resources, by their pointer in the document.
    pub resources: Option<&'a BTreeMap<String, SchemaId>>,
}

/// Why validation failed.
#[derive(Debug)]
pub enum Failure {
    /// The value does not conform: the error tree (rooted at a `Schema` node).
    Invalid(ValidationError),
    /// Go's validator panicked (Helm reports `unable to validate schema: <panic>`).
    Panic(String),
}

impl Failure {
    /// The text Go's error would print.
    pub fn text(&self) -> String {
        match self {
            Failure::Invalid(e) => e.to_string(),
            Failure::Panic(p) => format!("unable to validate schema: {p}"),
        }
    }
}

const NIL_DEREF: &str = "runtime error: invalid memory address or nil pointer dereference";

struct Ctx<'a> {
    arena: &'a [Schema],
    resources: Option<&'a BTreeMap<String, SchemaId>>,
    panic: RefCell<Option<String>>,
    depth: Cell<usize>,
}

impl Ctx<'_> {
    fn abort(&self, why: &str) {
        let mut p = self.panic.borrow_mut();
        if p.is_none() {
            *p = Some(why.into());
        }
    }

    fn aborted(&self) -> bool {
        self.panic.borrow().is_some()
    }
}

/// A link of the chain of schemas applied to the current value (for cycles and keyword paths).
struct Scope<'s> {
    sch: SchemaId,
    ref_kw: &'static str,
    vid: usize,
    parent: Option<&'s Scope<'s>>,
}

impl Scope<'_> {
    fn check_cycle(&self) -> Option<&Scope<'_>> {
        let mut scp = self.parent;
        while let Some(p) = scp {
            if p.vid != self.vid {
                break;
            }
            if p.sch == self.sch {
                return Some(p);
            }
            scp = p.parent;
        }
        None
    }

    fn kw_loc(&self, arena: &[Schema]) -> String {
        let mut loc = String::new();
        let mut sc = self;
        while let Some(p) = sc.parent {
            if !sc.ref_kw.is_empty() {
                loc = format!("/{}{loc}", escape_tok(sc.ref_kw));
            } else {
                let cur = arena[sc.sch].location();
                let parent = arena[p.sch].location();
                let tail = cur.get(parent.len().min(cur.len())..).unwrap_or("");
                loc = format!("{tail}{loc}");
            }
            sc = p;
        }
        loc
    }
}

/// A token of the instance location: an object key or an array index.
#[derive(Clone, Copy)]
enum Tok<'a> {
    Key(&'a str),
    Index(usize),
}

/// The instance location as a chain through the callers' frames (copied out only when an
/// error needs it).
struct Loc<'a> {
    tok: Tok<'a>,
    parent: Option<&'a Loc<'a>>,
}

fn location(l: Option<&Loc<'_>>) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = l;
    while let Some(n) = cur {
        out.push(match n.tok {
            Tok::Key(k) => k.to_string(),
            Tok::Index(i) => format!("{i}"),
        });
        cur = n.parent;
    }
    out.reverse();
    out
}

/// A set of small indexes (object properties by their position in key order, or items).
#[derive(Clone, Default)]
struct Bits(Vec<u64>);

impl Bits {
    /// The indexes `from..to`.
    fn range(from: usize, to: usize) -> Bits {
        let mut b = Bits(alloc::vec![0; to.div_ceil(64)]);
        for i in from..to {
            b.0[i / 64] |= 1 << (i % 64);
        }
        b
    }

    fn contains(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    fn remove(&mut self, i: usize) {
        if let Some(w) = self.0.get_mut(i / 64) {
            *w &= !(1 << (i % 64));
        }
    }

    fn retain_common(&mut self, other: &Bits) {
        for (i, w) in self.0.iter_mut().enumerate() {
            *w &= other.0.get(i).copied().unwrap_or(0);
        }
    }

    fn is_empty(&self) -> bool {
        self.0.iter().all(|w| *w == 0)
    }

    fn clear(&mut self) {
        self.0.clear();
    }
}

/// Properties and items of the current value not yet evaluated (for `unevaluated*`):
/// properties by their position in the object's key order, which is the order they are
/// visited in.
#[derive(Clone, Default)]
struct Uneval {
    props: Bits,
    items: Bits,
}

impl Uneval {
    fn from(v: &Json, s: &Schema, caller_needs: bool) -> Uneval {
        let mut u = Uneval::default();
        match v {
            Json::Obj(m)
                if !s.all_props_evaluated
                    && (caller_needs || s.unevaluated_properties.is_some()) =>
            {
                u.props = Bits::range(0, m.len());
            }
            Json::Arr(a)
                if !s.all_items_evaluated
                    && (caller_needs || s.unevaluated_items.is_some())
                    && s.num_items_evaluated < a.len() =>
            {
                u.items = Bits::range(s.num_items_evaluated, a.len());
            }
            _ => {}
        }
        u
    }

    fn merge(&mut self, other: &Uneval) {
        self.props.retain_common(&other.props);
        self.items.retain_common(&other.items);
    }

    fn is_empty(&self) -> bool {
        self.props.is_empty() && self.items.is_empty()
    }
}

/// Validates `v` against schema `sch` of `arena`.
pub fn validate(
    arena: &[Schema],
    sch: SchemaId,
    v: &Json,
    opts: &Options<'_>,
) -> Result<(), Failure> {
    let cx = Ctx {
        arena,
        resources: opts.resources,
        panic: RefCell::new(None),
        depth: Cell::new(0),
    };
    let r = validate_root(&cx, sch, v, opts.meta);
    if let Some(p) = cx.panic.borrow_mut().take() {
        return Err(Failure::Panic(p));
    }
    r.map_err(Failure::Invalid)
}

/// `Schema.validate`: a fresh validation (instance location empty), its error wrapped in a
/// `Schema` node.
fn validate_root(
    cx: &Ctx<'_>,
    sch: SchemaId,
    v: &Json,
    meta: Option<SchemaId>,
) -> Result<(), ValidationError> {
    let s = &cx.arena[sch];
    let scp = Scope {
        sch,
        ref_kw: "",
        vid: 0,
        parent: None,
    };
    let mut vd = Vd {
        cx,
        v,
        vloc: None,
        sch,
        scp: &scp,
        uneval: Uneval::from(v, s, false),
        errors: Vec::new(),
        bool_result: false,
        meta,
    };
    match vd.validate() {
        Ok(_) => Ok(()),
        Err(e) => {
            let causes = if matches!(e.kind, Kind::Group) {
                e.causes
            } else {
                alloc::vec![e]
            };
            Err(ValidationError {
                schema_url: s.location(),
                instance_location: Vec::new(),
                kind: Kind::Schema(s.location()),
                causes,
            })
        }
    }
}

struct Vd<'c, 'v, 's> {
    cx: &'c Ctx<'c>,
    v: &'v Json,
    vloc: Option<&'s Loc<'s>>,
    sch: SchemaId,
    scp: &'s Scope<'s>,
    uneval: Uneval,
    errors: Vec<ValidationError>,
    bool_result: bool,
    meta: Option<SchemaId>,
}

impl<'c> Vd<'c, '_, '_> {
    fn s(&self) -> &'c Schema {
        &self.cx.arena[self.sch]
    }

    fn error(&self, kind: Kind) -> ValidationError {
        // Once validation is abandoned the errors are dropped; skip building locations.
        let (schema_url, instance_location) = if self.cx.aborted() {
            (String::new(), Vec::new())
        } else {
            (self.s().location(), location(self.vloc))
        };
        ValidationError {
            schema_url,
            instance_location,
            kind,
            causes: Vec::new(),
        }
    }

    fn add_error(&mut self, kind: Kind) {
        let e = self.error(kind);
        self.errors.push(e);
    }

    fn add_err(&mut self, r: Result<(), ValidationError>) {
        if let Err(e) = r {
            self.errors.push(e);
        }
    }

    fn add_errors(&mut self, causes: Vec<ValidationError>, kind: Kind) {
        let mut e = self.error(kind);
        e.causes = causes;
        self.errors.push(e);
    }

    fn validate(&mut self) -> Result<Uneval, ValidationError> {
        let depth = self.cx.depth.get();
        if depth >= super::MAX_DEPTH {
            self.cx.abort("schema validation nests too deeply");
        }
        if self.cx.aborted() {
            return Err(self.error(Kind::Group));
        }
        self.cx.depth.set(depth + 1);
        let r = self.validate_inner();
        self.cx.depth.set(depth);
        r
    }

    fn validate_inner(&mut self) -> Result<Uneval, ValidationError> {
        let s = self.s();
        let v = self.v;
        if let Some(b) = s.boolean {
            if b {
                return Ok(core::mem::take(&mut self.uneval));
            }
            return Err(self.error(Kind::FalseSchema));
        }
        if let Some(prev) = self.scp.check_cycle() {
            let kind = Kind::RefCycle {
                url: s.location(),
                kw1: self.scp.kw_loc(self.cx.arena),
                kw2: prev.kw_loc(self.cx.arena),
            };
            return Err(self.error(kind));
        }
        let t = v.type_of();
        if t == 0 {
            return Err(self.error(Kind::InvalidJsonValue(v.go_type())));
        }
        if s.types != 0 {
            let matched = s.types & t != 0
                || (s.types & ty::INTEGER != 0 && t == ty::NUMBER && is_integer(v));
            if !matched {
                return Err(self.error(Kind::Type {
                    got: ty::name(t),
                    want: ty::names(s.types),
                }));
            }
        }
        if let Some(c) = &s.const_ {
            match equals(v, c) {
                Err(t) => return Err(self.error(Kind::InvalidJsonValue(t))),
                Ok(false) => return Err(self.error(Kind::Const(c.clone()))),
                Ok(true) => {}
            }
        }
        if let Some((values, types)) = &s.enum_ {
            let mut matched = types & v.type_of() != 0;
            if matched {
                matched = false;
                for item in values {
                    match equals(v, item) {
                        Err(t) => return Err(self.error(Kind::InvalidJsonValue(t))),
                        Ok(true) => {
                            matched = true;
                            break;
                        }
                        Ok(false) => {}
                    }
                }
            }
            if !matched {
                return Err(self.error(Kind::Enum(values.clone())));
            }
        }
        if let Some(name) = &s.format {
            if let Err(err) = super::format::validate(name, v) {
                return Err(self.error(Kind::Format {
                    got: v.clone(),
                    want: name.clone(),
                    err,
                }));
            }
        }
        if let Some(r) = s.ref_ {
            let res = self.validate_ref(r, "$ref");
            if s.draft < 2019 {
                return res.map(|_| core::mem::take(&mut self.uneval));
            }
            self.add_err(res);
        }
        match v {
            Json::Obj(m) => self.obj_validate(m),
            Json::Arr(a) => self.arr_validate(a),
            Json::Str(st) => self.str_validate(st),
            Json::Num(_) => self.num_validate(v),
            _ => {}
        }
        if self.errors.is_empty() || !self.bool_result {
            if s.draft >= 2019 {
                self.validate_refs();
            }
            self.cond_validate();
            if s.draft >= 2019 {
                self.uneval_validate();
            }
        }
        match self.errors.len() {
            0 => Ok(core::mem::take(&mut self.uneval)),
            1 => Err(self.errors.pop().unwrap_or_else(|| self.error(Kind::Group))),
            _ => {
                let mut e = self.error(Kind::Group);
                e.causes = core::mem::take(&mut self.errors);
                Err(e)
            }
        }
    }

    fn find_missing(&self, obj: &super::json::JsonMap, reqd: &[String]) -> Option<Vec<String>> {
        let mut missing = Vec::new();
        for p in reqd {
            if !obj.contains_key(p.as_str()) {
                if self.bool_result {
                    return Some(Vec::new());
                }
                missing.push(p.clone());
            }
        }
        (!missing.is_empty()).then_some(missing)
    }

    fn obj_validate(&mut self, obj: &super::json::JsonMap) {
        let s = self.s();
        let len = obj.len() as i64;
        if let Some(min) = s.min_properties {
            if len < min {
                self.add_error(Kind::MinProperties(len, min));
            }
        }
        if let Some(max) = s.max_properties {
            if len > max {
                self.add_error(Kind::MaxProperties(len, max));
            }
        }
        if !s.required.is_empty() {
            if let Some(m) = self.find_missing(obj, &s.required) {
                self.add_error(Kind::Required(m));
            }
        }
        if self.bool_result && !self.errors.is_empty() {
            return;
        }
        for (pname, dep) in &s.dependencies {
            if obj.contains_key(pname.as_str()) {
                match dep {
                    Dependency::Props(props) => {
                        if let Some(m) = self.find_missing(obj, props) {
                            self.add_error(Kind::Dependency(pname.clone(), m));
                        }
                    }
                    Dependency::Schema(d) => {
                        let r = self.validate_self(*d, "", false);
                        self.add_err(r);
                    }
                }
            }
        }
        let mut additional = Vec::new();
        // Both maps are in key order: unless the schema names far more properties than the
        // object has, walking them side by side beats a lookup per key.
        let side_by_side = s.properties.len() <= 4 * obj.len();
        let mut props = s.properties.iter().peekable();
        for (index, (pname, pvalue)) in obj.iter().enumerate() {
            if self.bool_result && !self.errors.is_empty() {
                return;
            }
            let mut evaluated = false;
            let prop = if side_by_side {
                let mut found = None;
                while let Some((k, p)) = props.peek() {
                    match (***k).cmp(pname) {
                        Ordering::Less => {}
                        Ordering::Equal => found = Some(**p),
                        Ordering::Greater => break,
                    }
                    props.next();
                    if found.is_some() {
                        break;
                    }
                }
                found
            } else {
                s.properties.get(pname).copied()
            };
            if let Some(p) = prop {
                evaluated = true;
                let r = self.validate_val(p, pvalue, Tok::Key(pname));
                self.add_err(r);
            }
            for (re, p) in &s.pattern_properties {
                if re.is_match(pname) {
                    evaluated = true;
                    let r = self.validate_val(*p, pvalue, Tok::Key(pname));
                    self.add_err(r);
                }
            }
            if !evaluated {
                if let Some(a) = s.additional_properties {
                    evaluated = true;
                    match a {
                        Additional::Bool(false) => additional.push(pname.to_string()),
                        Additional::Bool(true) => {}
                        Additional::Schema(p) => {
                            let r = self.validate_val(p, pvalue, Tok::Key(pname));
                            self.add_err(r);
                        }
                    }
                }
            }
            if evaluated {
                self.uneval.props.remove(index);
            }
        }
        if !additional.is_empty() {
            self.add_error(Kind::AdditionalProperties(additional));
        }
        if s.draft == 4 {
            return;
        }
        if let Some(pn) = s.property_names {
            for pname in obj.keys() {
                let (mut sch, mut meta) = (pn, self.meta);
                if let Some(m) = self.meta_resource(sch) {
                    meta = Some(m);
                    sch = m;
                }
                let key = Json::Str(pname.clone());
                if let Err(mut e) = validate_root(self.cx, sch, &key, meta) {
                    e.schema_url = self.cx.arena[pn].location();
                    e.kind = Kind::PropertyNames(pname.to_string());
                    self.errors.push(e);
                }
            }
        }
        if s.draft == 6 {
            return;
        }
        for (pname, d) in s.dependent_schemas.iter() {
            if obj.contains_key(&**pname) {
                let r = self.validate_self(*d, "", false);
                self.add_err(r);
            }
        }
        for (pname, reqd) in &s.dependent_required {
            if obj.contains_key(pname.as_str()) {
                if let Some(m) = self.find_missing(obj, reqd) {
                    self.add_error(Kind::DependentRequired(pname.clone(), m));
                }
            }
        }
    }

    fn arr_validate(&mut self, arr: &[Json]) {
        let s = self.s();
        let len = arr.len() as i64;
        if let Some(min) = s.min_items {
            if len < min {
                self.add_error(Kind::MinItems(len, min));
            }
        }
        if let Some(max) = s.max_items {
            if len > max {
                self.add_error(Kind::MaxItems(len, max));
            }
        }
        if s.unique_items && arr.len() > 1 {
            match duplicates(arr) {
                Err(t) => self.add_error(Kind::InvalidJsonValue(t)),
                Ok(Some((i, j))) => self.add_error(Kind::UniqueItems(i, j)),
                Ok(None) => {}
            }
        }
        if s.draft < 2020 {
            let mut evaluated = 0;
            match &s.items {
                Some(Items::One(sch)) => {
                    for (i, item) in arr.iter().enumerate() {
                        let r = self.validate_val(*sch, item, Tok::Index(i));
                        self.add_err(r);
                    }
                    evaluated = arr.len();
                }
                Some(Items::List(list)) => {
                    let n = arr.len().min(list.len());
                    for (i, item) in arr[..n].iter().enumerate() {
                        let r = self.validate_val(list[i], item, Tok::Index(i));
                        self.add_err(r);
                    }
                    evaluated = n;
                }
                None => {}
            }
            match s.additional_items {
                Some(Additional::Bool(false)) if evaluated != arr.len() => {
                    self.add_error(Kind::AdditionalItems((arr.len() - evaluated) as i64));
                }
                Some(Additional::Schema(a)) => {
                    // Go numbers these items from 0 again (it ranges over the rest).
                    for (i, item) in arr[evaluated..].iter().enumerate() {
                        let r = self.validate_val(a, item, Tok::Index(i));
                        self.add_err(r);
                    }
                }
                _ => {}
            }
        } else {
            let evaluated = s.prefix_items.len().min(arr.len());
            for (i, item) in arr[..evaluated].iter().enumerate() {
                let r = self.validate_val(s.prefix_items[i], item, Tok::Index(i));
                self.add_err(r);
            }
            if let Some(items) = s.items2020 {
                // As above: Go restarts the index after the prefix items.
                for (i, item) in arr[evaluated..].iter().enumerate() {
                    let r = self.validate_val(items, item, Tok::Index(i));
                    self.add_err(r);
                }
            }
        }
        if let Some(c) = s.contains {
            let mut errors = Vec::new();
            let mut matched = Vec::new();
            for (i, item) in arr.iter().enumerate() {
                match self.validate_val(c, item, Tok::Index(i)) {
                    Err(e) => errors.push(e),
                    Ok(()) => {
                        matched.push(i);
                        if s.draft >= 2020 {
                            self.uneval.items.remove(i);
                        }
                    }
                }
            }
            if let Some(min) = s.min_contains {
                if (matched.len() as i64) < min {
                    self.add_errors(errors, Kind::MinContains(matched.clone(), min));
                }
            } else if matched.is_empty() {
                self.add_errors(errors, Kind::Contains);
            }
            if let Some(max) = s.max_contains {
                if matched.len() as i64 > max {
                    self.add_error(Kind::MaxContains(matched, max));
                }
            }
        }
    }

    fn str_validate(&mut self, st: &str) {
        let s = self.s();
        let n = st.chars().count() as i64;
        if let Some(min) = s.min_length {
            if n < min {
                self.add_error(Kind::MinLength(n, min));
            }
        }
        if let Some(max) = s.max_length {
            if n > max {
                self.add_error(Kind::MaxLength(n, max));
            }
        }
        if let Some((re, src)) = &s.pattern {
            if !re.is_match(st) {
                self.add_error(Kind::Pattern(st.into(), src.clone()));
            }
        }
        // Content keywords (contentEncoding, contentMediaType) are never asserted by Helm.
    }

    fn num_validate(&mut self, v: &Json) {
        let s = self.s();
        let num = v.decimal();
        let any = s.minimum.is_some()
            || s.maximum.is_some()
            || s.exclusive_minimum.is_some()
            || s.exclusive_maximum.is_some()
            || s.multiple_of.is_some();
        if !any {
            return;
        }
        let Some(num) = num else {
            // Go compares a nil *big.Rat and panics.
            self.cx.abort(NIL_DEREF);
            return;
        };
        if let Some(min) = &s.minimum {
            if num.cmp(min) == Ordering::Less {
                self.add_error(Kind::Minimum(num.clone(), (**min).clone()));
            }
        }
        if let Some(max) = &s.maximum {
            if num.cmp(max) == Ordering::Greater {
                self.add_error(Kind::Maximum(num.clone(), (**max).clone()));
            }
        }
        if let Some(min) = &s.exclusive_minimum {
            if num.cmp(min) != Ordering::Greater {
                self.add_error(Kind::ExclusiveMinimum(num.clone(), (**min).clone()));
            }
        }
        if let Some(max) = &s.exclusive_maximum {
            if num.cmp(max) != Ordering::Less {
                self.add_error(Kind::ExclusiveMaximum(num.clone(), (**max).clone()));
            }
        }
        if let Some(m) = &s.multiple_of {
            if m.is_zero() {
                self.cx.abort("division by zero");
                return;
            }
            if !num.is_multiple_of(m) {
                self.add_error(Kind::MultipleOf(num.clone(), (**m).clone()));
            }
        }
    }

    fn cond_validate(&mut self) {
        let s = self.s();
        if let Some(n) = s.not {
            if self.validate_self(n, "", true).is_ok() {
                self.add_error(Kind::Not);
            }
        }
        if !s.all_of.is_empty() {
            let mut errors = Vec::new();
            for sch in &s.all_of {
                if let Err(e) = self.validate_self(*sch, "", false) {
                    errors.push(e);
                    if self.bool_result {
                        break;
                    }
                }
            }
            if !errors.is_empty() {
                self.add_errors(errors, Kind::AllOf);
            }
        }
        if !s.any_of.is_empty() {
            let mut matched = false;
            let mut errors = Vec::new();
            for sch in &s.any_of {
                match self.validate_self(*sch, "", false) {
                    Err(e) => errors.push(e),
                    Ok(()) => {
                        matched = true;
                        // Unevaluated tracking needs every branch evaluated.
                        if self.uneval.is_empty() {
                            break;
                        }
                    }
                }
            }
            if !matched {
                self.add_errors(errors, Kind::AnyOf);
            }
        }
        if !s.one_of.is_empty() {
            let mut matched: Option<usize> = None;
            let mut errors = Vec::new();
            for (i, sch) in s.one_of.iter().enumerate() {
                match self.validate_self(*sch, "", matched.is_some()) {
                    Err(e) => {
                        if matched.is_none() {
                            errors.push(e);
                        }
                    }
                    Ok(()) => match matched {
                        None => matched = Some(i),
                        Some(first) => {
                            self.add_error(Kind::OneOf(Some((first, i))));
                            break;
                        }
                    },
                }
            }
            if matched.is_none() {
                self.add_errors(errors, Kind::OneOf(None));
            }
        }
        if let Some(i) = s.if_ {
            if self.validate_self(i, "", true).is_ok() {
                if let Some(t) = s.then {
                    let r = self.validate_self(t, "", false);
                    self.add_err(r);
                }
            } else if let Some(e) = s.else_ {
                let r = self.validate_self(e, "", false);
                self.add_err(r);
            }
        }
    }

    fn uneval_validate(&mut self) {
        let s = self.s();
        if let (Json::Obj(obj), Some(ue)) = (self.v, s.unevaluated_properties) {
            for (index, (pname, pv)) in obj.iter().enumerate() {
                if self.uneval.props.contains(index) {
                    let r = self.validate_val(ue, pv, Tok::Key(pname));
                    self.add_err(r);
                }
            }
            self.uneval.props.clear();
        }
        if let (Json::Arr(arr), Some(ue)) = (self.v, s.unevaluated_items) {
            for (i, item) in arr.iter().enumerate() {
                if self.uneval.items.contains(i) {
                    let r = self.validate_val(ue, item, Tok::Index(i));
                    self.add_err(r);
                }
            }
            self.uneval.items.clear();
        }
    }

    fn meta_resource(&self, sch: SchemaId) -> Option<SchemaId> {
        if Some(sch) != self.meta {
            return None;
        }
        let resources = self.cx.resources?;
        // Most documents are one resource (the root): no pointer to build for the others.
        if self.vloc.is_some() && resources.keys().all(String::is_empty) {
            return None;
        }
        let ptr = json_ptr(&location(self.vloc));
        resources.get(&ptr).copied()
    }

    fn handle_meta(&mut self) {
        if let Some(m) = self.meta_resource(self.sch) {
            self.meta = Some(m);
            self.sch = m;
        }
    }

    /// Applies `sch` to the same value.
    fn validate_self(
        &mut self,
        sch: SchemaId,
        ref_kw: &'static str,
        bool_result: bool,
    ) -> Result<(), ValidationError> {
        let scp = Scope {
            sch,
            ref_kw,
            vid: self.scp.vid,
            parent: Some(self.scp),
        };
        let uneval = Uneval::from(self.v, &self.cx.arena[sch], !self.uneval.is_empty());
        let mut sub = Vd {
            cx: self.cx,
            v: self.v,
            vloc: self.vloc,
            sch,
            scp: &scp,
            uneval,
            errors: Vec::new(),
            bool_result: self.bool_result || bool_result,
            meta: self.meta,
        };
        sub.handle_meta();
        let u = sub.validate()?;
        self.uneval.merge(&u);
        Ok(())
    }

    /// Applies `sch` to a member of the value.
    fn validate_val(
        &mut self,
        sch: SchemaId,
        v: &Json,
        tok: Tok<'_>,
    ) -> Result<(), ValidationError> {
        let loc = Loc {
            tok,
            parent: self.vloc,
        };
        let vloc = Some(&loc);
        let scp = Scope {
            sch,
            ref_kw: "",
            vid: self.scp.vid + 1,
            parent: Some(self.scp),
        };
        let mut sub = Vd {
            cx: self.cx,
            v,
            vloc,
            sch,
            scp: &scp,
            uneval: Uneval::from(v, &self.cx.arena[sch], false),
            errors: Vec::new(),
            bool_result: self.bool_result,
            meta: self.meta,
        };
        sub.handle_meta();
        sub.validate().map(|_| ())
    }

    fn validate_ref(&mut self, sch: SchemaId, kw: &'static str) -> Result<(), ValidationError> {
        let Err(e) = self.validate_self(sch, kw, false) else {
            return Ok(());
        };
        let mut ref_err = self.error(Kind::Reference);
        if matches!(e.kind, Kind::Group) {
            ref_err.causes = e.causes;
        } else {
            ref_err.causes.push(e);
        }
        Err(ref_err)
    }

    fn resolve_recursive_anchor(&self, fallback: SchemaId) -> SchemaId {
        let arena = self.cx.arena;
        let mut sch = fallback;
        let mut scp = Some(self.scp);
        while let Some(p) = scp {
            if arena[arena[p.sch].resource].recursive_anchor {
                sch = p.sch;
            }
            scp = p.parent;
        }
        sch
    }

    fn resolve_dynamic_anchor(&self, name: &str, fallback: SchemaId) -> SchemaId {
        let arena = self.cx.arena;
        let mut sch = fallback;
        let mut scp = Some(self.scp);
        while let Some(p) = scp {
            if let Some(d) = arena[arena[p.sch].resource].dynamic_anchors.get(name) {
                sch = *d;
            }
            scp = p.parent;
        }
        sch
    }

    fn validate_refs(&mut self) {
        let s = self.s();
        if let Some(r) = s.recursive_ref {
            let mut sch = r;
            if self.cx.arena[r].recursive_anchor {
                sch = self.resolve_recursive_anchor(r);
            }
            let res = self.validate_ref(sch, "$recursiveRef");
            self.add_err(res);
        }
        if let Some((r, anchor)) = &s.dynamic_ref {
            let mut sch = *r;
            if !anchor.is_empty() && self.cx.arena[sch].dynamic_anchor == *anchor {
                sch = self.resolve_dynamic_anchor(anchor, sch);
            }
            let res = self.validate_ref(sch, "$dynamicRef");
            self.add_err(res);
        }
    }
}

/// `isInteger`.
fn is_integer(v: &Json) -> bool {
    v.decimal().is_some_and(|d| d.is_int())
}

/// `duplicates`: the first `(j, i)` with `arr[j] == arr[i]`, `i` smallest, then `j`.
pub(super) fn duplicates(arr: &[Json]) -> Result<Option<(usize, usize)>, String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (i, item) in arr.iter().enumerate() {
        let mut key = String::new();
        canonical_key(item, &mut key)?;
        if let Some(j) = seen.get(&key) {
            return Ok(Some((*j, i)));
        }
        seen.insert(key, i);
    }
    Ok(None)
}
