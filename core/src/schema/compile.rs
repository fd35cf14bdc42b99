//! Compiling schema documents into an arena of [`Schema`]s, as santhosh-tekuri/jsonschema v6
//! does: resources and anchors collected per document, each document checked against its
//! draft's meta-schema, references resolved through `$id` bases, remote documents loaded on
//! demand.

use alloc::boxed::Box;
use alloc::collections::{BTreeMap, BTreeSet};
use alloc::format;
use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::draft::{self, key_bit, Dialect, Draft};
use super::json::{self, ty, Json};
use super::num::Decimal;
use super::url::{self as gourl, path_escape_into, path_unescape};
use super::validate;
use crate::sprig::re2::LazyRegex;

/// Index of a compiled schema in its compiler's arena.
pub type SchemaId = usize;

/// Every compiled schema of one compilation, indexed by [`SchemaId`].
pub type Arena = Vec<Schema>;

/// Loads documents the validator does not hold itself: `file://` and `http(s)://` URLs.
/// Returns the document's bytes or the error text to report after `failing loading "<url>": `.
pub trait UrlLoader {
    /// Loads `url`.
    fn load(&mut self, url: &str) -> Result<Vec<u8>, String>;
}

impl<T: UrlLoader + ?Sized> UrlLoader for &mut T {
    fn load(&mut self, url: &str) -> Result<Vec<u8>, String> {
        (**self).load(url)
    }
}

/// A loader for hosts without files or network: files are absent, network is unreachable.
pub struct NoLoader;

impl UrlLoader for NoLoader {
    fn load(&mut self, url: &str) -> Result<Vec<u8>, String> {
        if let Some(path) = url.strip_prefix("file://") {
            let path = gourl::parse(url)
                .map(|u| u.path)
                .unwrap_or_else(|_| path.into());
            return Err(format!("open {path}: no such file or directory"));
        }
        Err(format!(
            "HTTP request failed for {url}: network access is not available here"
        ))
    }
}

/// A location: document URL and JSON pointer.
#[derive(Clone, Debug, Eq)]
pub struct UrlPtr {
    /// Document URL (no fragment), shared by every location in the document.
    pub url: Rc<str>,
    /// JSON pointer in the document.
    pub ptr: String,
}

// Consistent with `eq`: equal locations have equal pointers.
impl core::hash::Hash for UrlPtr {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.ptr.hash(state);
    }
}

impl PartialEq for UrlPtr {
    fn eq(&self, other: &Self) -> bool {
        self.ptr == other.ptr && (Rc::ptr_eq(&self.url, &other.url) || self.url == other.url)
    }
}

/// `encode`: percent-escapes each pointer token, keeping `/`.
pub fn encode(frag: &str) -> String {
    let mut out = String::with_capacity(frag.len());
    encode_into(&mut out, frag);
    out
}

/// [`encode`], appended to `out`.
fn encode_into(out: &mut String, frag: &str) {
    // Most pointers hold nothing `url.PathEscape` would change: copied whole.
    if frag
        .bytes()
        .all(|c| c == b'/' || gourl::path_segment_safe(c))
    {
        out.push_str(frag);
        return;
    }
    escape_segments_into(out, frag);
}

/// [`encode`] segment by segment through `url.PathEscape`.
fn escape_segments_into(out: &mut String, frag: &str) {
    // Segments never hold `/`, so escaping the whole text with `/` kept is the same.
    let mut rest = frag;
    while let Some(i) = rest.find('/') {
        path_escape_into(out, &rest[..i]);
        out.push('/');
        rest = &rest[i + 1..];
    }
    path_escape_into(out, rest);
}

/// JSON pointer token escaping.
pub fn escape_tok(tok: &str) -> String {
    let mut out = String::with_capacity(tok.len());
    push_escaped_tok(&mut out, tok);
    out
}

fn unescape_tok(tok: &str) -> Option<alloc::borrow::Cow<'_, str>> {
    if !tok.contains('~') {
        return Some(alloc::borrow::Cow::Borrowed(tok));
    }
    let mut out = String::new();
    let mut chars = tok.chars();
    while let Some(c) = chars.next() {
        if c == '~' {
            match chars.next() {
                Some('0') => out.push('~'),
                Some('1') => out.push('/'),
                _ => return None,
            }
        } else {
            out.push(c);
        }
    }
    Some(alloc::borrow::Cow::Owned(out))
}

impl UrlPtr {
    /// `url#encoded-ptr`.
    pub fn location(&self) -> String {
        let mut out = String::with_capacity(self.url.len() + 1 + self.ptr.len());
        out.push_str(&self.url);
        out.push('#');
        encode_into(&mut out, &self.ptr);
        out
    }

    fn format_kw(&self, tok: &str) -> String {
        format!(
            "{}#{}/{}",
            self.url,
            encode(&self.ptr),
            encode(&escape_tok(tok))
        )
    }

    fn append(&self, tok: &str) -> UrlPtr {
        let mut ptr = String::with_capacity(self.ptr.len() + 1 + tok.len());
        ptr.push_str(&self.ptr);
        ptr.push('/');
        push_escaped_tok(&mut ptr, tok);
        UrlPtr {
            url: self.url.clone(),
            ptr,
        }
    }

    fn append2(&self, a: &str, b: &str) -> UrlPtr {
        let mut ptr = String::with_capacity(self.ptr.len() + 2 + a.len() + b.len());
        ptr.push_str(&self.ptr);
        ptr.push('/');
        push_escaped_tok(&mut ptr, a);
        ptr.push('/');
        push_escaped_tok(&mut ptr, b);
        UrlPtr {
            url: self.url.clone(),
            ptr,
        }
    }
}

/// `urlPtr.lookup`.
fn lookup<'a>(doc: &'a Json, up: &UrlPtr) -> Result<&'a Json, String> {
    let mut v = doc;
    if up.ptr.is_empty() {
        return Ok(v);
    }
    for tok in up.ptr.split('/').skip(1) {
        let Some(tok) = unescape_tok(tok) else {
            return Err(format!(
                "invalid json-pointer {}",
                crate::gofmt::strconv::quote(&up.location())
            ));
        };
        let next = match v {
            Json::Obj(m) => m.get(&*tok),
            Json::Arr(a) => crate::gofmt::strconv::atoi(&tok)
                .ok()
                .and_then(|i| usize::try_from(i).ok())
                .and_then(|i| a.get(i)),
            _ => None,
        };
        match next {
            Some(n) => v = n,
            None => {
                return Err(format!(
                    "json-pointer in {} not found",
                    crate::gofmt::strconv::quote(&up.location())
                ))
            }
        }
    }
    Ok(v)
}

/// `split`: URL and fragment.
fn split(s: &str) -> (&str, &str) {
    match s.split_once('#') {
        Some((u, f)) => (u, f),
        None => (s, ""),
    }
}

/// `splitFragment`: URL and decoded fragment.
fn split_fragment(s: &str) -> Result<(String, String), String> {
    let (u, f) = split(s);
    let f = path_unescape(f).map_err(|e| parse_url_error(s, &e))?;
    Ok((u.to_string(), f))
}

fn parse_url_error(url: &str, err: &str) -> String {
    format!(
        "error in parsing {}: {err}",
        crate::gofmt::strconv::quote(url)
    )
}

/// A URL with a decoded fragment.
#[derive(Clone, Debug)]
struct UrlFrag {
    url: String,
    frag: String,
}

impl UrlFrag {
    fn display(&self) -> String {
        format!("{}#{}", self.url, encode(&self.frag))
    }
}

/// `url.join`: resolves `reference` against base `base`.
fn join(base: &str, reference: &str) -> Result<UrlFrag, String> {
    let b = gourl::parse(base).map_err(|e| parse_url_error(base, &e))?;
    let (r, frag) = split_fragment(reference)?;
    let ru = gourl::parse(&r).map_err(|e| parse_url_error(&r, &e))?;
    let mut resolved = b.resolve_reference(&ru);
    if ru.scheme.is_empty() && !b.opaque.is_empty() {
        resolved.opaque = b.opaque.clone();
    }
    Ok(UrlFrag {
        url: resolved.to_string(),
        frag,
    })
}

/// [`join`] through `memo`, the last base and reference (fragment aside) resolved and the
/// URL they gave: a document's `$ref`s mostly share both (`#/$defs/...` in one resource), and
/// the URL does not depend on the fragment.
fn join_memo(
    memo: &mut Option<(String, String, String)>,
    base: &str,
    reference: &str,
) -> Result<UrlFrag, String> {
    if let Some((b, r, url)) = memo.as_ref() {
        let (r2, f) = split(reference);
        if b == base && r == r2 {
            let frag = path_unescape(f).map_err(|e| parse_url_error(reference, &e))?;
            return Ok(UrlFrag {
                url: url.clone(),
                frag,
            });
        }
    }
    let uf = join(base, reference)?;
    *memo = Some((base.into(), split(reference).0.into(), uf.url.clone()));
    Ok(uf)
}

/// `absolute`: the validator is only ever given absolute URLs.
fn absolute(input: &str) -> Result<UrlFrag, String> {
    let (u, frag) = split_fragment(input)?;
    gourl::parse(&u).map_err(|e| parse_url_error(input, &e))?;
    Ok(UrlFrag { url: u, frag })
}

/// Whether a fragment is a JSON pointer (else an anchor name).
fn is_pointer(frag: &str) -> bool {
    frag.is_empty() || frag.starts_with('/')
}

/// A schema resource: a subtree with its own base URL.
#[derive(Clone, Debug)]
pub struct Resource {
    ptr: String,
    id: String,
    dialect: Dialect,
    anchors: BTreeMap<String, String>,
    dynamic_anchors: Vec<String>,
}

impl Resource {
    fn new(ptr: &str, id: &str, dialect: Dialect) -> Resource {
        Resource {
            ptr: ptr.into(),
            id: id.into(),
            dialect,
            anchors: BTreeMap::new(),
            dynamic_anchors: Vec::new(),
        }
    }
}

/// One loaded document.
#[derive(Debug)]
pub struct Root {
    url: Rc<str>,
    doc: Rc<Json>,
    /// Resources by pointer, shared so compiling each subschema need not copy its own.
    resources: BTreeMap<String, Rc<Resource>>,
    /// Pointers whose resources are collected (a set of strings sharing long prefixes:
    /// hashing reads each once, where a tree compared them at every level).
    processed: hashbrown::HashSet<Box<str>>,
    /// Stands in for the root resource before it is collected.
    fallback: Rc<Resource>,
}

impl Root {
    fn resource(&self, ptr: &str) -> &Rc<Resource> {
        // Most documents are one resource: the root's, the resource of every pointer.
        if self.resources.len() == 1 {
            if let Some((p, r)) = self.resources.first_key_value() {
                if p.is_empty() {
                    return r;
                }
            }
        }
        let mut p = ptr;
        loop {
            if let Some(r) = self.resources.get(p) {
                return r;
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => break,
            }
        }
        self.resources.get("").unwrap_or(&self.fallback)
    }

    fn resolve_fragment_in(&self, frag: &str, res: &Resource) -> Result<UrlPtr, String> {
        let ptr = if is_pointer(frag) {
            format!("{}{}", res.ptr, frag)
        } else {
            match res.anchors.get(frag) {
                Some(p) => p.clone(),
                None => {
                    let reference = UrlFrag {
                        url: res.id.clone(),
                        frag: frag.into(),
                    };
                    return Err(format!(
                        "anchor in {} not found in schema {}",
                        crate::gofmt::strconv::quote(&reference.display()),
                        crate::gofmt::strconv::quote(&self.url)
                    ));
                }
            }
        };
        Ok(UrlPtr {
            url: self.url.clone(),
            ptr,
        })
    }

    fn resolve_fragment(&self, frag: &str) -> Result<UrlPtr, String> {
        let res = self.resource("").clone();
        self.resolve_fragment_in(frag, &res)
    }

    /// `resolve`: a reference inside this document, or `None` when it is external.
    fn resolve(&self, uf: &UrlFrag) -> Result<Option<UrlPtr>, String> {
        let res = if *uf.url == *self.url {
            self.resource("").clone()
        } else {
            match self.resources.values().find(|r| r.id == uf.url) {
                Some(r) => r.clone(),
                None => return Ok(None),
            }
        };
        self.resolve_fragment_in(&uf.frag, &res).map(Some)
    }

    fn collect_anchors(&mut self, sch: &Json, sch_ptr: &str, res_ptr: &str) -> Result<(), String> {
        let Json::Obj(obj) = sch else {
            return Ok(());
        };
        let Some(res) = self.resources.get(res_ptr) else {
            return Ok(());
        };
        let version = res.dialect.draft.version;
        let id_kw = res.dialect.draft.id;
        // Every keyword read below starts with `$` (draft 4's `id` aside).
        if id_kw.starts_with('$') && !obj.has_dollar_key() {
            return Ok(());
        }
        let mut add: Vec<(String, bool)> = Vec::new();
        if version < 2019 {
            if obj.contains_key("$ref") {
                return Ok(());
            }
            if let Some(id) = obj.get(id_kw).and_then(Json::as_str) {
                let (_, frag) = split_fragment(id).map_err(|_| {
                    let loc = UrlPtr {
                        url: self.url.clone(),
                        ptr: sch_ptr.into(),
                    };
                    format!(
                        "error in parsing anchor at {}",
                        crate::gofmt::strconv::quote(&loc.location())
                    )
                })?;
                if !is_pointer(&frag) {
                    add.push((frag, false));
                }
            }
        }
        if version >= 2019 {
            if let Some(a) = obj.get("$anchor").and_then(Json::as_str) {
                add.push((a.into(), false));
            }
        }
        if version >= 2020 {
            if let Some(a) = obj.get("$dynamicAnchor").and_then(Json::as_str) {
                add.push((a.into(), true));
            }
        }
        let url = self.url.clone();
        let Some(res) = self.resources.get_mut(res_ptr) else {
            return Ok(());
        };
        let res = Rc::make_mut(res);
        for (anchor, dynamic) in add {
            match res.anchors.get(&anchor) {
                Some(p1) if p1 != sch_ptr => {
                    return Err(format!(
                        "duplicate anchor {} in {} at {} and {}",
                        crate::gofmt::strconv::quote(&anchor),
                        crate::gofmt::strconv::quote(&url),
                        crate::gofmt::strconv::quote(p1),
                        crate::gofmt::strconv::quote(sch_ptr)
                    ))
                }
                Some(_) => {}
                None => {
                    res.anchors.insert(anchor.clone(), sch_ptr.into());
                }
            }
            if dynamic {
                res.dynamic_anchors.push(anchor);
            }
        }
        Ok(())
    }
}

/// `getID`.
fn get_id(d: &Draft, obj: &super::json::JsonMap) -> String {
    if d.version < 2019 && obj.contains_key("$ref") {
        return String::new();
    }
    match obj.get(d.id).and_then(Json::as_str) {
        Some(id) => split(id).0.to_string(),
        None => String::new(),
    }
}

/// Subschemas of `obj` at the draft's keyword locations: (pointer, value), in the draft's
/// keyword order. Every location is a keyword, optionally followed by `*` (each property)
/// or `[]` (each item).
fn subschemas(d: &Draft, obj: &Json, ptr: &str) -> Vec<(String, Json)> {
    let mut out = Vec::new();
    let Json::Obj(m) = obj else {
        return out;
    };
    // A schema object has a handful of keys and the draft a few dozen locations: matching
    // the keys against the list is cheaper than looking each location up in the object.
    // Matches are then put back in the draft's order.
    let mut found: Vec<(usize, &str, Option<&str>, &Json)> = Vec::new();
    for (k, x) in m.iter() {
        // Locations are never empty, nor is a keyword that matches one; most keys differ
        // from every location in their first byte.
        let Some(&first) = k.as_bytes().first() else {
            continue;
        };
        if d.subschema_keys & key_bit(k.as_bytes()) == 0 {
            continue;
        }
        for (i, path) in d.subschemas.iter().enumerate() {
            if path.as_bytes().first() != Some(&first) {
                continue;
            }
            let (kw, each) = split_location(path);
            if kw == &**k {
                found.push((i, kw, each, x));
            }
        }
    }
    found.sort_unstable_by_key(|f| f.0);
    for (_, kw, each, x) in found {
        let mut here = String::with_capacity(ptr.len() + kw.len() + 1);
        here.push_str(ptr);
        here.push('/');
        push_escaped_tok(&mut here, kw);
        match (each, x) {
            (None, _) => out.push((here, x.clone())),
            (Some("*"), Json::Obj(props)) => {
                for (k, v) in props.iter() {
                    let mut p = String::with_capacity(here.len() + k.len() + 1);
                    p.push_str(&here);
                    p.push('/');
                    push_escaped_tok(&mut p, k);
                    out.push((p, v.clone()));
                }
            }
            (Some("[]"), Json::Arr(items)) => {
                for (i, v) in items.iter().enumerate() {
                    out.push((format!("{here}/{i}"), v.clone()));
                }
            }
            _ => {}
        }
    }
    out
}

/// A subschema location: the keyword, and `*` (each property) or `[]` (each item) after it.
fn split_location(path: &'static str) -> (&'static str, Option<&'static str>) {
    if let Some(kw) = path.strip_suffix("/*") {
        (kw, Some("*"))
    } else if let Some(kw) = path.strip_suffix("/[]") {
        (kw, Some("[]"))
    } else {
        (path, None)
    }
}

/// Appends a JSON pointer token, escaped.
fn push_escaped_tok(out: &mut String, tok: &str) {
    // A byte test: a `char` pattern decodes every char of the token.
    if !tok.bytes().any(|c| c == b'~' || c == b'/') {
        out.push_str(tok);
        return;
    }
    for c in tok.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// Documents by URL: given ones, the embedded meta-schemas, then the host.
struct DocLoader<'h> {
    docs: BTreeMap<String, Rc<Json>>,
    host: Box<dyn UrlLoader + 'h>,
}

impl DocLoader<'_> {
    fn load(&mut self, url: &str) -> Result<Rc<Json>, String> {
        if let Some(d) = self.docs.get(url) {
            return Ok(d.clone());
        }
        if let Some(text) = draft::meta_doc(url) {
            let doc = Rc::new(json::unmarshal(text.as_bytes())?);
            self.docs.insert(url.into(), doc.clone());
            return Ok(doc);
        }
        let wrap =
            |e: String| format!("failing loading {}: {e}", crate::gofmt::strconv::quote(url));
        // Helm's loaders by scheme: files and HTTP through the host; `urn:` references
        // nobody resolves become a permissive `true` schema.
        let u = gourl::parse(url).map_err(wrap)?;
        let doc = match u.scheme.as_str() {
            "file" | "http" | "https" => {
                let bytes = self.host.load(url).map_err(wrap)?;
                json::unmarshal(&bytes).map_err(wrap)?
            }
            "urn" => Json::Bool(true),
            _ => {
                return Err(wrap(format!(
                    "no URLLoader registered for {}",
                    crate::gofmt::strconv::quote(&u.to_string())
                )))
            }
        };
        let doc = Rc::new(doc);
        self.docs.insert(url.into(), doc.clone());
        Ok(doc)
    }

    /// `getDraft`: the draft of a document, following custom meta-schemas.
    fn get_draft(
        &mut self,
        up: &UrlPtr,
        doc: &Json,
        default: &'static Draft,
        cycle: &mut BTreeSet<String>,
    ) -> Result<&'static Draft, String> {
        let Some(sch) = doc
            .as_obj()
            .and_then(|o| o.get("$schema"))
            .and_then(Json::as_str)
        else {
            return Ok(default);
        };
        if let Some(d) = draft::from_url(sch) {
            return Ok(d);
        }
        let (sch, _) = split(sch);
        if let Err(e) = gourl::parse(sch) {
            return Err(format!(
                "invalid $schema in {}: {e}",
                crate::gofmt::strconv::quote(&up.location())
            ));
        }
        if up.ptr.is_empty() && *sch == *up.url {
            return Err(format!(
                "draft {} is not supported",
                crate::gofmt::strconv::quote(sch)
            ));
        }
        if !cycle.insert(sch.to_string()) {
            return Err(format!(
                "cycle in resolving $schema in {}",
                crate::gofmt::strconv::quote(sch)
            ));
        }
        let meta = self.load(sch)?;
        let next = UrlPtr {
            url: sch.into(),
            ptr: String::new(),
        };
        self.get_draft(&next, &meta, default, cycle)
    }

    /// `getMetaVocabs`: vocabularies a custom meta-schema declares.
    fn get_meta_vocabs(&mut self, doc: &Json, d: &Draft) -> Result<Option<Vec<String>>, String> {
        let Some(sch) = doc
            .as_obj()
            .and_then(|o| o.get("$schema"))
            .and_then(Json::as_str)
        else {
            return Ok(None);
        };
        if draft::from_url(sch).is_some() {
            return Ok(None);
        }
        let (sch, _) = split(sch);
        if let Err(e) = gourl::parse(sch) {
            return Err(parse_url_error(sch, &e));
        }
        let meta = self.load(sch)?;
        get_vocabs(d, sch, &meta)
    }
}

/// `getVocabs`.
fn get_vocabs(d: &Draft, url: &str, doc: &Json) -> Result<Option<Vec<String>>, String> {
    if d.version < 2019 {
        return Ok(None);
    }
    let Some(obj) = doc
        .as_obj()
        .and_then(|o| o.get("$vocabulary"))
        .and_then(Json::as_obj)
    else {
        return Ok(None);
    };
    let mut vocabs: Vec<String> = Vec::new();
    for (vocab, reqd) in obj.iter() {
        if !matches!(reqd, Json::Bool(true)) {
            continue;
        }
        if let Some(name) = vocab.strip_prefix(d.vocab_prefix) {
            if d.all_vocabs.contains(&name) {
                if !vocabs.iter().any(|v| v == name) {
                    vocabs.push(name.into());
                }
                continue;
            }
        }
        return Err(format!(
            "unsupported vocabulary {} in {}",
            crate::gofmt::strconv::quote(vocab),
            crate::gofmt::strconv::quote(url)
        ));
    }
    if !vocabs.iter().any(|v| v == "core") {
        vocabs.push("core".into());
    }
    Ok(Some(vocabs))
}

/// `items` before draft 2020: one schema or a list.
#[derive(Clone, Debug)]
pub enum Items {
    /// Every item.
    One(SchemaId),
    /// Item by item.
    List(Vec<SchemaId>),
}

/// `additionalProperties`/`additionalItems`.
#[derive(Clone, Copy, Debug)]
pub enum Additional {
    /// `true`/`false`
    Bool(bool),
    /// A schema.
    Schema(SchemaId),
}

/// Subschemas by property name (`properties`, `dependentSchemas`): the JSON object's
/// entries in key order, sharing its key strings. Built whole from an object already
/// sorted, so neither a tree nor a copy of each name is needed.
#[derive(Clone, Debug, Default)]
pub(crate) struct KeyMap(Vec<(Rc<str>, SchemaId)>);

impl KeyMap {
    /// The subschema under `key`.
    pub fn get(&self, key: &str) -> Option<&SchemaId> {
        self.0
            .binary_search_by(|(k, _)| (**k).cmp(key))
            .ok()
            .map(|i| &self.0[i].1)
    }

    /// Entries in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&Rc<str>, &SchemaId)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

/// `dependencies` entries.
#[derive(Clone, Debug)]
pub enum Dependency {
    /// Required properties.
    Props(Vec<String>),
    /// A schema.
    Schema(SchemaId),
}

/// A compiled schema (Go's `jsonschema.Schema`).
#[derive(Clone, Default)]
pub struct Schema {
    pub(crate) up: Option<UrlPtr>,
    pub(crate) resource: SchemaId,
    pub(crate) dynamic_anchors: BTreeMap<String, SchemaId>,
    pub(crate) all_props_evaluated: bool,
    pub(crate) all_items_evaluated: bool,
    pub(crate) num_items_evaluated: usize,
    pub(crate) draft: u16,

    pub(crate) boolean: Option<bool>,
    pub(crate) ref_: Option<SchemaId>,
    pub(crate) recursive_ref: Option<SchemaId>,
    pub(crate) recursive_anchor: bool,
    pub(crate) dynamic_ref: Option<(SchemaId, String)>,
    pub(crate) dynamic_anchor: String,
    pub(crate) types: u8,
    pub(crate) enum_: Option<(Vec<Json>, u8)>,
    pub(crate) const_: Option<Json>,
    pub(crate) not: Option<SchemaId>,
    pub(crate) all_of: Vec<SchemaId>,
    pub(crate) any_of: Vec<SchemaId>,
    pub(crate) one_of: Vec<SchemaId>,
    pub(crate) if_: Option<SchemaId>,
    pub(crate) then: Option<SchemaId>,
    pub(crate) else_: Option<SchemaId>,
    pub(crate) format: Option<String>,

    pub(crate) max_properties: Option<i64>,
    pub(crate) min_properties: Option<i64>,
    pub(crate) required: Vec<String>,
    pub(crate) property_names: Option<SchemaId>,
    pub(crate) properties: KeyMap,
    pub(crate) pattern_properties: Vec<(Rc<LazyRegex>, SchemaId)>,
    pub(crate) additional_properties: Option<Additional>,
    pub(crate) dependencies: BTreeMap<String, Dependency>,
    pub(crate) dependent_required: BTreeMap<String, Vec<String>>,
    pub(crate) dependent_schemas: KeyMap,
    pub(crate) unevaluated_properties: Option<SchemaId>,

    pub(crate) min_items: Option<i64>,
    pub(crate) max_items: Option<i64>,
    pub(crate) unique_items: bool,
    pub(crate) contains: Option<SchemaId>,
    pub(crate) min_contains: Option<i64>,
    pub(crate) max_contains: Option<i64>,
    pub(crate) items: Option<Items>,
    pub(crate) additional_items: Option<Additional>,
    pub(crate) prefix_items: Vec<SchemaId>,
    pub(crate) items2020: Option<SchemaId>,
    pub(crate) unevaluated_items: Option<SchemaId>,

    pub(crate) min_length: Option<i64>,
    pub(crate) max_length: Option<i64>,
    pub(crate) pattern: Option<(Rc<LazyRegex>, String)>,

    pub(crate) maximum: Option<Box<Decimal>>,
    pub(crate) minimum: Option<Box<Decimal>>,
    pub(crate) exclusive_maximum: Option<Box<Decimal>>,
    pub(crate) exclusive_minimum: Option<Box<Decimal>>,
    pub(crate) multiple_of: Option<Box<Decimal>>,
}

impl Schema {
    /// Where the schema is, as Go's errors name it: `url#pointer` (the synthetic
    /// meta-schema has no pointer). Made when an error needs it: most locations never
    /// appear in one, and making each when its schema was queued cost an allocation and a
    /// pointer encoding per subschema.
    pub(crate) fn location(&self) -> String {
        match &self.up {
            Some(up) => up.location(),
            None => String::from("urn:mem:metaschema"),
        }
    }
}

/// Compiles documents into one arena.
pub struct Compiler<'h> {
    pub(crate) arena: Vec<Schema>,
    /// Compiled schemas by location. Like the other hashed sets here it is only ever
    /// probed, never iterated, so no hash order reaches a result or an error.
    schemas: hashbrown::HashMap<UrlPtr, SchemaId>,
    roots: BTreeMap<Rc<str>, Root>,
    loader: DocLoader<'h>,
    assert_format: bool,
    /// Meta-schema compilers skip checking documents against meta-schemas.
    is_meta: bool,
    /// The last `$ref` resolution ([`join_memo`]).
    join_memo: Option<(String, String, String)>,
}

/// Work in progress of one `Compile` call.
struct Queue {
    ids: Vec<SchemaId>,
    /// Beside each of `ids`: its value when the keyword that enqueued it held it, which
    /// spares looking its pointer up again from the document's root.
    vals: Vec<Option<Json>>,
    /// The queued schemas by location.
    by_up: hashbrown::HashMap<UrlPtr, SchemaId>,
    /// The resource the last compiled schema was in, and its schema: most schemas share one
    /// (a chart's: every schema is in the root's), so the lookup of its location, a copy
    /// of its pointer and a hashed search, is skipped (a fifth of compiling alertmanager's).
    last_resource: Option<(Rc<Resource>, SchemaId)>,
}

/// The compiled meta-schemas of every draft (compiled with format assertions, as Go's
/// package does at init). Each draft's meta-schema and vocabularies are compiled the first
/// time a schema of that draft is checked: most charts use one draft, many none.
pub struct Meta {
    pub(crate) c: Compiler<'static>,
    drafts: [Option<SchemaId>; 5],
    vocabs: BTreeMap<(u16, String), SchemaId>,
    synthetic: BTreeMap<(u16, Vec<String>), SchemaId>,
}

impl Meta {
    /// A meta-schema set with nothing compiled yet.
    pub fn new() -> Meta {
        // The meta compiler only ever loads embedded documents.
        let mut c = Compiler::new(NoLoader, true);
        c.is_meta = true;
        Meta {
            c,
            drafts: [None; 5],
            vocabs: BTreeMap::new(),
            synthetic: BTreeMap::new(),
        }
    }

    /// The draft's meta-schema, compiled with its vocabularies on first use.
    fn draft(&mut self, i: usize) -> SchemaId {
        if let Some(id) = self.drafts[i] {
            return id;
        }
        let d = draft::ALL[i];
        let id = self.c.compile(d.url, None).unwrap_or(0);
        for name in d.all_vocabs {
            let url = format!("{}meta/{name}", d.url.trim_end_matches("schema"));
            if let Ok(v) = self.c.compile(&url, None) {
                self.vocabs.insert((d.version, String::from(*name)), v);
            }
        }
        self.drafts[i] = Some(id);
        id
    }

    /// `dialect.getSchema`: the meta-schema a dialect validates with.
    pub(crate) fn schema_for(&mut self, d: &Dialect) -> SchemaId {
        let draft_id = self.draft(draft::index(d.draft));
        let Some(vocabs) = &d.vocabs else {
            return draft_id;
        };
        let key = (d.draft.version, vocabs.clone());
        if let Some(id) = self.synthetic.get(&key) {
            return *id;
        }
        let mut all_of = Vec::new();
        for v in vocabs {
            if let Some(id) = self.vocabs.get(&(d.draft.version, v.clone())) {
                all_of.push(*id);
            }
        }
        if !vocabs.iter().any(|v| v == "core") {
            let core = self
                .vocabs
                .get(&(d.draft.version, "core".into()))
                .copied()
                .unwrap_or(draft_id);
            all_of.push(core);
        }
        let id = self.c.arena.len();
        let mut s = Schema {
            draft: d.draft.version,
            all_of,
            resource: id,
            ..Schema::default()
        };
        if s.draft >= 2020 {
            s.dynamic_anchor = "meta".into();
            s.dynamic_anchors.insert("meta".into(), id);
        }
        self.c.arena.push(s);
        self.synthetic.insert(key, id);
        id
    }
}

impl Default for Meta {
    fn default() -> Self {
        Meta::new()
    }
}

impl<'h> Compiler<'h> {
    /// A compiler loading remote documents through `host`.
    pub fn new(host: impl UrlLoader + 'h, assert_format: bool) -> Compiler<'h> {
        Compiler {
            arena: Vec::new(),
            schemas: hashbrown::HashMap::new(),
            roots: BTreeMap::new(),
            loader: DocLoader {
                docs: BTreeMap::new(),
                host: Box::new(host),
            },
            assert_format,
            is_meta: false,
            join_memo: None,
        }
    }

    /// How many documents the compiler holds (added resources and loaded references).
    pub(crate) fn documents(&self) -> usize {
        self.loader.docs.len()
    }

    /// `AddResource`.
    pub fn add_resource(&mut self, url: &str, doc: Json) -> Result<(), String> {
        let uf = absolute(url)?;
        if draft::meta_doc(&uf.url).is_some() || self.loader.docs.contains_key(&uf.url) {
            return Err(format!(
                "resource for {} already exists",
                crate::gofmt::strconv::quote(&uf.url)
            ));
        }
        self.loader.docs.insert(uf.url, Rc::new(doc));
        Ok(())
    }

    /// `Compile`.
    pub fn compile(&mut self, loc: &str, mut meta: Option<&mut Meta>) -> Result<SchemaId, String> {
        let uf = absolute(loc)?;
        let up = self.resolve_fragment(&uf, meta.as_deref_mut())?;
        self.do_compile(up, meta)
    }

    fn or_load(&mut self, url: &str, meta: Option<&mut Meta>) -> Result<(), String> {
        if self.roots.contains_key(url) {
            return Ok(());
        }
        let doc = self.loader.load(url)?;
        self.add_root(url, doc, meta)
    }

    fn add_root(
        &mut self,
        url: &str,
        doc: Rc<Json>,
        meta: Option<&mut Meta>,
    ) -> Result<(), String> {
        let fallback = Dialect {
            draft: draft::LATEST,
            vocabs: None,
        };
        let mut r = Root {
            url: url.into(),
            doc: doc.clone(),
            resources: BTreeMap::new(),
            processed: hashbrown::HashSet::new(),
            fallback: Rc::new(Resource::new("", url, fallback.clone())),
        };
        self.collect_resources(&mut r, &doc, url, "", &fallback, 0)?;
        if !url.starts_with("http://json-schema.org/")
            && !url.starts_with("https://json-schema.org/")
        {
            self.validate_against_meta(&r, &doc, "", meta)?;
        }
        self.roots.insert(url.into(), r);
        Ok(())
    }

    fn resolve_fragment(
        &mut self,
        uf: &UrlFrag,
        meta: Option<&mut Meta>,
    ) -> Result<UrlPtr, String> {
        self.or_load(&uf.url, meta)?;
        self.roots[uf.url.as_str()].resolve_fragment(&uf.frag)
    }

    #[allow(clippy::too_many_arguments)]
    fn collect_resources(
        &mut self,
        r: &mut Root,
        sch: &Json,
        base: &str,
        sch_ptr: &str,
        fallback: &Dialect,
        depth: usize,
    ) -> Result<(), String> {
        if r.processed.contains(sch_ptr) {
            return Ok(());
        }
        if depth > super::MAX_DEPTH {
            return Err(format!(
                "schema nests deeper than {} levels at {}",
                super::MAX_DEPTH,
                crate::gofmt::strconv::quote(sch_ptr)
            ));
        }
        let Json::Obj(obj) = sch else {
            if sch_ptr.is_empty() {
                r.resources.insert(
                    String::new(),
                    Rc::new(Resource::new("", base, fallback.clone())),
                );
            }
            r.processed.insert(sch_ptr.into());
            return Ok(());
        };
        // `$schema`, `$ref` and an identifier other than draft 4's `id` all start with `$`.
        let plain = fallback.draft.id.starts_with('$') && !obj.has_dollar_key();
        let mut has_schema = !plain && matches!(obj.get("$schema"), Some(Json::Str(_)));
        let here = || UrlPtr {
            url: r.url.clone(),
            ptr: sch_ptr.into(),
        };
        // `getDraft` of an object without a `$schema` string is the fallback's draft.
        let mut d = if has_schema {
            self.loader
                .get_draft(&here(), sch, fallback.draft, &mut BTreeSet::new())?
        } else {
            fallback.draft
        };
        let mut id = if plain { String::new() } else { get_id(d, obj) };
        if id.is_empty() && !sch_ptr.is_empty() {
            if !core::ptr::eq(d, fallback.draft) {
                d = fallback.draft;
                id = get_id(d, obj);
            }
            has_schema = false;
        }
        let mut base = alloc::borrow::Cow::Borrowed(base);
        let mut new_res: Option<Resource> = None;
        if !id.is_empty() {
            let uf = join(&base, &id).map_err(|_| {
                format!(
                    "error in parsing id at {}",
                    crate::gofmt::strconv::quote(&here().location())
                )
            })?;
            base = alloc::borrow::Cow::Owned(uf.url);
            new_res = Some(Resource::new(sch_ptr, &base, fallback.clone()));
        } else if sch_ptr.is_empty() {
            new_res = Some(Resource::new(sch_ptr, &base, fallback.clone()));
        }
        if let Some(mut res) = new_res {
            let mut found = false;
            for existing in r.resources.values() {
                if existing.id == base {
                    found = true;
                    if existing.ptr != sch_ptr {
                        return Err(format!(
                            "duplicate id {} in {} at {} and {}",
                            crate::gofmt::strconv::quote(&base),
                            crate::gofmt::strconv::quote(&r.url),
                            crate::gofmt::strconv::quote(sch_ptr),
                            crate::gofmt::strconv::quote(&existing.ptr)
                        ));
                    }
                }
            }
            if !found {
                if has_schema {
                    let vocabs = self.loader.get_meta_vocabs(sch, d)?;
                    res.dialect = Dialect { draft: d, vocabs };
                } else {
                    res.dialect = fallback.clone();
                }
                r.resources.insert(sch_ptr.into(), Rc::new(res));
            }
        }
        let Some(base_res) = r.resources.values().find(|x| x.id == base) else {
            return Err(format!(
                "internal: no base resource for {}",
                crate::gofmt::strconv::quote(&base)
            ));
        };
        let base_dialect = base_res.dialect.clone();
        // Anchors are `$` keywords too (draft 4's `id` aside).
        if !base_dialect.draft.id.starts_with('$') || obj.has_dollar_key() {
            let base_ptr = base_res.ptr.clone();
            r.collect_anchors(sch, sch_ptr, &base_ptr)?;
        }
        for (ptr, v) in subschemas(d, sch, sch_ptr) {
            self.collect_resources(r, &v, &base, &ptr, &base_dialect, depth + 1)?;
        }
        r.processed.insert(sch_ptr.into());
        Ok(())
    }

    fn ensure_subschema(&mut self, up: &UrlPtr, meta: Option<&mut Meta>) -> Result<(), String> {
        let mut meta = meta;
        self.or_load(&up.url, meta.as_deref_mut())?;
        let r = &self.roots[&up.url];
        if r.processed.contains(up.ptr.as_str()) {
            return Ok(());
        }
        let doc = r.doc.clone();
        let v = lookup(&doc, up)?;
        // Go's `addSubschema` works on a clone so a failure leaves the root as it was. A
        // compiler is dropped on its first error (`Validator::compiled`, `Meta::new`), so
        // the root is updated in place: cloning it for every `$ref` into a location that is
        // not a keyword of its draft (draft-07 `$defs`) made compiling quadratic.
        let mut rc = self.roots.remove(&up.url).expect("root loaded above");
        let out = self.add_subschema(&mut rc, v, up, meta);
        self.roots.insert(up.url.clone(), rc);
        out
    }

    /// `addSubschema` and the meta-schema check of what it added.
    fn add_subschema(
        &mut self,
        rc: &mut Root,
        v: &Json,
        up: &UrlPtr,
        meta: Option<&mut Meta>,
    ) -> Result<(), String> {
        let base = rc.resource(&up.ptr).clone();
        self.collect_resources(rc, v, &base.id, &up.ptr, &base.dialect, 0)?;
        if !rc.resources.contains_key(&up.ptr) {
            let res_ptr = rc.resource(&up.ptr).ptr.clone();
            rc.collect_anchors(v, &up.ptr, &res_ptr)?;
        }
        self.validate_against_meta(rc, v, &up.ptr, meta)
    }

    /// `roots.validate`: a document (or subschema) against its dialect's meta-schema.
    fn validate_against_meta(
        &mut self,
        r: &Root,
        v: &Json,
        ptr: &str,
        meta: Option<&mut Meta>,
    ) -> Result<(), String> {
        if self.is_meta {
            return Ok(());
        }
        let Some(meta) = meta else {
            return Ok(());
        };
        let dialect = r.resource(ptr).dialect.clone();
        // Documents of one standard dialect throughout are first checked by hand; only
        // those that check does not vouch for go through the compiled meta-schema.
        let version = dialect.draft.version;
        if dialect.vocabs.is_none()
            && r.resources
                .values()
                .all(|res| res.dialect.vocabs.is_none() && res.dialect.draft.version == version)
            && super::metacheck::certainly_valid(version, v)
        {
            return Ok(());
        }
        let sch = meta.schema_for(&dialect);
        let mut resources = BTreeMap::new();
        for (p, res) in &r.resources {
            resources.insert(p.clone(), meta.schema_for(&res.dialect));
        }
        let opts = validate::Options {
            meta: Some(sch),
            resources: Some(&resources),
        };
        if let Err(e) = validate::validate(&meta.c.arena, sch, v, &opts) {
            let up = UrlPtr {
                url: r.url.clone(),
                ptr: ptr.into(),
            };
            return Err(format!(
                "{} is not valid against metaschema: {}",
                crate::gofmt::strconv::quote(&up.location()),
                e.text()
            ));
        }
        Ok(())
    }

    fn enqueue(&mut self, q: &mut Queue, up: UrlPtr) -> SchemaId {
        self.enqueue_val(q, up, None)
    }

    /// [`Compiler::enqueue`] of a location whose value `val` is at hand.
    fn enqueue_val(&mut self, q: &mut Queue, up: UrlPtr, val: Option<&Json>) -> SchemaId {
        // A chart schema's compiler starts empty: only meta-schemas compile twice.
        if !self.schemas.is_empty() {
            if let Some(id) = self.schemas.get(&up) {
                return *id;
            }
        }
        let id = self.arena.len();
        match q.by_up.entry(up) {
            hashbrown::hash_map::Entry::Occupied(e) => *e.get(),
            hashbrown::hash_map::Entry::Vacant(e) => {
                self.arena.push(Schema {
                    up: Some(e.key().clone()),
                    ..Schema::default()
                });
                e.insert(id);
                q.ids.push(id);
                q.vals.push(val.cloned());
                id
            }
        }
    }

    fn do_compile(&mut self, up: UrlPtr, mut meta: Option<&mut Meta>) -> Result<SchemaId, String> {
        let mut q = Queue {
            ids: Vec::new(),
            vals: Vec::new(),
            by_up: hashbrown::HashMap::new(),
            last_resource: None,
        };
        let first = self.enqueue(&mut q, up);
        let mut compiled = 0;
        while q.ids.len() > compiled {
            let id = q.ids[compiled];
            // The location is lent out while its schema compiles (nothing reads a schema's
            // own slot meanwhile), rather than copied for every subschema.
            let Some(sup) = self.arena[id].up.take() else {
                compiled += 1;
                continue;
            };
            let done = self
                .ensure_subschema(&sup, meta.as_deref_mut())
                .and_then(|()| match q.vals[compiled].take() {
                    Some(v) => Ok(v),
                    None => {
                        let doc = self.roots[&sup.url].doc.clone();
                        lookup(&doc, &sup).cloned()
                    }
                })
                .and_then(|v| self.compile_value(&v, id, &sup, &mut q, meta.as_deref_mut()));
            self.arena[id].up = Some(sup);
            done?;
            compiled += 1;
        }
        // Every queued schema has its location in `by_up`, and none was in `schemas` before
        // (`enqueue` looks there first).
        if self.schemas.is_empty() {
            self.schemas = q.by_up;
        } else {
            self.schemas.extend(q.by_up);
        }
        Ok(first)
    }

    fn compile_value(
        &mut self,
        v: &Json,
        id: SchemaId,
        up: &UrlPtr,
        q: &mut Queue,
        meta: Option<&mut Meta>,
    ) -> Result<(), String> {
        let res = self.roots[&up.url].resource(&up.ptr).clone();
        let version = res.dialect.draft.version;
        self.arena[id].draft = version;
        // The resource is in `up`'s document: only the pointers can differ.
        let at_base = up.ptr == res.ptr;
        let resource = match &q.last_resource {
            // The clone kept there keeps the address from being reused.
            Some((last, rid)) if Rc::ptr_eq(last, &res) => *rid,
            _ => {
                let base = UrlPtr {
                    url: up.url.clone(),
                    ptr: res.ptr.clone(),
                };
                let rid = self.enqueue(q, base);
                q.last_resource = Some((res.clone(), rid));
                rid
            }
        };
        self.arena[id].resource = resource;
        if version >= 2020 && at_base {
            for (anchor, anchor_ptr) in &res.anchors {
                if res.dynamic_anchors.contains(anchor) {
                    let aup = UrlPtr {
                        url: up.url.clone(),
                        ptr: anchor_ptr.clone(),
                    };
                    let aid = self.enqueue(q, aup);
                    self.arena[id].dynamic_anchors.insert(anchor.clone(), aid);
                }
            }
        }
        match v {
            Json::Bool(b) => self.arena[id].boolean = Some(*b),
            Json::Obj(obj) => {
                if obj.is_empty() {
                    self.arena[id].boolean = Some(true);
                } else {
                    let mut oc = ObjCompiler {
                        sig: ObjCompiler::sig_of(obj),
                        obj,
                        up,
                        res: &res,
                        q,
                    };
                    self.compile_object(&mut oc, id, meta)?;
                }
            }
            _ => {}
        }
        let s = &mut self.arena[id];
        s.all_props_evaluated = s.additional_properties.is_some();
        if s.draft < 2020 {
            s.all_items_evaluated = s.additional_items.is_some();
            match &s.items {
                Some(Items::One(_)) => s.all_items_evaluated = true,
                Some(Items::List(l)) => s.num_items_evaluated = l.len(),
                None => {}
            }
        } else {
            s.all_items_evaluated = s.items2020.is_some();
            s.num_items_evaluated = s.prefix_items.len();
        }
        Ok(())
    }

    fn compile_object(
        &mut self,
        c: &mut ObjCompiler<'_>,
        id: SchemaId,
        meta: Option<&mut Meta>,
    ) -> Result<(), String> {
        let version = c.res.dialect.draft.version;
        let mut s = core::mem::take(&mut self.arena[id]);
        s.draft = version;
        let result = self.compile_keywords(c, &mut s, meta);
        // Keep what was already set on the arena slot (resource, anchors, location).
        self.arena[id] = s;
        result
    }

    fn compile_keywords(
        &mut self,
        c: &mut ObjCompiler<'_>,
        s: &mut Schema,
        mut meta: Option<&mut Meta>,
    ) -> Result<(), String> {
        let version = s.draft;
        let dialect = c.res.dialect.clone();
        let has = |n: &str| dialect.has_vocab(n);
        if version < 2019 {
            if let Some(id) = c.string(dialect.draft.id) {
                let (_, f) = split(id);
                if !f.is_empty() && path_unescape(f).is_err() {
                    return Err(format!(
                        "error in parsing anchor at {}",
                        crate::gofmt::strconv::quote(&c.up.location())
                    ));
                }
            }
        }
        // Draft 4 keywords.
        if has("core") {
            s.ref_ = self.enqueue_ref(c, "$ref", meta.as_deref_mut())?;
            if version < 2019 && s.ref_.is_some() {
                // Everything else beside a `$ref` is ignored before 2019-09.
                return Ok(());
            }
        }
        if has("applicator") {
            s.all_of = self.enqueue_arr(c, "allOf");
            s.any_of = self.enqueue_arr(c, "anyOf");
            s.one_of = self.enqueue_arr(c, "oneOf");
            s.not = self.enqueue_prop(c, "not");
            if version < 2020 {
                if let Some(items) = c.get("items") {
                    if matches!(items, Json::Arr(_)) {
                        s.items = Some(Items::List(self.enqueue_arr(c, "items")));
                        s.additional_items = self.enqueue_additional(c, "additionalItems");
                    } else {
                        s.items = self.enqueue_prop(c, "items").map(Items::One);
                    }
                }
            }
            s.properties = self.enqueue_map(c, "properties");
            let pp = self.enqueue_map(c, "patternProperties");
            for (pname, sid) in pp.iter() {
                let (pname, sid) = (&**pname, *sid);
                let re = LazyRegex::new(pname).map_err(|e| {
                    format!(
                        "invalid regex {} at {}: {e}",
                        crate::gofmt::strconv::quote(pname),
                        crate::gofmt::strconv::quote(&c.up.format_kw("patternProperties"))
                    )
                })?;
                s.pattern_properties.push((Rc::new(re), sid));
            }
            s.additional_properties = self.enqueue_additional(c, "additionalProperties");
            if let Some(Json::Obj(m)) = c.get("dependencies") {
                for (pname, pvalue) in m.iter() {
                    let dep = if let Json::Arr(a) = pvalue {
                        Dependency::Props(to_strings(a))
                    } else {
                        let up = c.up.append2("dependencies", pname);
                        Dependency::Schema(self.enqueue_val(c.q, up, Some(pvalue)))
                    };
                    s.dependencies.insert(pname.to_string(), dep);
                }
            }
        }
        if has("validation") {
            if let Some(t) = c.get("type") {
                s.types = types_of(t);
            }
            if let Some(Json::Arr(a)) = c.get("enum") {
                let mut t = 0;
                for item in a.iter() {
                    t |= item.type_of();
                }
                s.enum_ = Some((a.to_vec(), t));
            }
            s.multiple_of = c.num("multipleOf").map(Box::new);
            s.maximum = c.num("maximum").map(Box::new);
            if c.boolean("exclusiveMaximum") {
                s.exclusive_maximum = s.maximum.take();
            } else {
                s.exclusive_maximum = c.num("exclusiveMaximum").map(Box::new);
            }
            s.minimum = c.num("minimum").map(Box::new);
            if c.boolean("exclusiveMinimum") {
                s.exclusive_minimum = s.minimum.take();
            } else {
                s.exclusive_minimum = c.num("exclusiveMinimum").map(Box::new);
            }
            s.min_length = c.int("minLength");
            s.max_length = c.int("maxLength");
            if let Some(pat) = c.string("pattern") {
                let re = LazyRegex::new(pat).map_err(|e| {
                    format!(
                        "invalid regex {} at {}: {e}",
                        crate::gofmt::strconv::quote(pat),
                        crate::gofmt::strconv::quote(&c.up.format_kw("pattern"))
                    )
                })?;
                s.pattern = Some((Rc::new(re), pat.into()));
            }
            s.min_items = c.int("minItems");
            s.max_items = c.int("maxItems");
            s.unique_items = c.boolean("uniqueItems");
            s.max_properties = c.int("maxProperties");
            s.min_properties = c.int("minProperties");
            if let Some(Json::Arr(a)) = c.get("required") {
                s.required = to_strings(a);
            }
        }
        let assert_format = self.assert_format
            || version < 2019
            || (version == 2019 && has("format"))
            || (version >= 2020 && has("format-assertion"));
        if assert_format {
            if let Some(f) = c.string("format") {
                if super::format::known(f) {
                    s.format = Some(f.into());
                }
            }
        }
        // Draft 6.
        if version >= 6 {
            if has("applicator") {
                s.contains = self.enqueue_prop(c, "contains");
                s.property_names = self.enqueue_prop(c, "propertyNames");
            }
            if has("validation") {
                s.const_ = c.get("const").cloned();
            }
        }
        // Draft 7.
        if version >= 7 && has("applicator") {
            s.if_ = self.enqueue_prop(c, "if");
            if s.if_.is_some() {
                let b = match c.get("if") {
                    Some(Json::Bool(b)) => Some(*b),
                    _ => None,
                };
                if b != Some(false) {
                    s.then = self.enqueue_prop(c, "then");
                }
                if b != Some(true) {
                    s.else_ = self.enqueue_prop(c, "else");
                }
            }
        }
        // Draft 2019-09.
        if version >= 2019 {
            if has("core") {
                s.recursive_ref = self.enqueue_ref(c, "$recursiveRef", meta.as_deref_mut())?;
                s.recursive_anchor = c.boolean("$recursiveAnchor");
            }
            if has("validation") {
                if s.contains.is_some() {
                    s.min_contains = c.int("minContains");
                    s.max_contains = c.int("maxContains");
                }
                if let Some(Json::Obj(m)) = c.get("dependentRequired") {
                    for (pname, pvalue) in m.iter() {
                        if let Json::Arr(a) = pvalue {
                            s.dependent_required
                                .insert(pname.to_string(), to_strings(a));
                        }
                    }
                }
            }
            if has("applicator") {
                s.dependent_schemas = self.enqueue_map(c, "dependentSchemas");
            }
            let unevaluated = if version == 2019 {
                has("applicator")
            } else {
                has("unevaluated")
            };
            if unevaluated {
                s.unevaluated_items = self.enqueue_prop(c, "unevaluatedItems");
                s.unevaluated_properties = self.enqueue_prop(c, "unevaluatedProperties");
            }
        }
        // Draft 2020-12.
        if version >= 2020 {
            if has("core") {
                if let Some(sid) = self.enqueue_ref(c, "$dynamicRef", meta)? {
                    let dref = c.string("$dynamicRef").unwrap_or("");
                    let (_, frag) = split_fragment(dref)?;
                    let anchor = if is_pointer(&frag) {
                        String::new()
                    } else {
                        frag
                    };
                    s.dynamic_ref = Some((sid, anchor));
                }
                s.dynamic_anchor = c.string("$dynamicAnchor").unwrap_or("").into();
            }
            if has("applicator") {
                s.prefix_items = self.enqueue_arr(c, "prefixItems");
                s.items2020 = self.enqueue_prop(c, "items");
            }
        }
        Ok(())
    }

    fn enqueue_ref(
        &mut self,
        c: &mut ObjCompiler<'_>,
        pname: &str,
        meta: Option<&mut Meta>,
    ) -> Result<Option<SchemaId>, String> {
        let Some(r) = c.string(pname) else {
            return Ok(None);
        };
        let uf = join_memo(&mut self.join_memo, &c.res.id, r)?;
        let local = self.roots[&c.up.url].resolve(&uf)?;
        if let Some(up) = local {
            let up = UrlPtr {
                url: c.up.url.clone(),
                ptr: up.ptr,
            };
            return Ok(Some(self.enqueue(c.q, up)));
        }
        let up = self.resolve_fragment(&uf, meta)?;
        Ok(Some(self.enqueue(c.q, up)))
    }

    fn enqueue_prop(&mut self, c: &mut ObjCompiler<'_>, pname: &str) -> Option<SchemaId> {
        let v = c.get(pname)?;
        let up = c.up.append(pname);
        Some(self.enqueue_val(c.q, up, Some(v)))
    }

    fn enqueue_arr(&mut self, c: &mut ObjCompiler<'_>, pname: &str) -> Vec<SchemaId> {
        let Some(Json::Arr(a)) = c.get(pname) else {
            return Vec::new();
        };
        a.iter()
            .enumerate()
            .map(|(i, v)| {
                let up = c.up.append2(pname, &format!("{i}"));
                self.enqueue_val(c.q, up, Some(v))
            })
            .collect()
    }

    fn enqueue_map(&mut self, c: &mut ObjCompiler<'_>, pname: &str) -> KeyMap {
        let Some(Json::Obj(m)) = c.get(pname) else {
            return KeyMap::default();
        };
        KeyMap(
            m.iter()
                .map(|(k, v)| {
                    let up = c.up.append2(pname, k);
                    (k.clone(), self.enqueue_val(c.q, up, Some(v)))
                })
                .collect(),
        )
    }

    fn enqueue_additional(&mut self, c: &mut ObjCompiler<'_>, pname: &str) -> Option<Additional> {
        if let Some(Json::Bool(b)) = c.get(pname) {
            return Some(Additional::Bool(*b));
        }
        self.enqueue_prop(c, pname).map(Additional::Schema)
    }
}

/// One object being compiled.
struct ObjCompiler<'a> {
    obj: &'a super::json::JsonMap,
    /// A bit per key's [`key_bit`], all bits for many keys: most of the few dozen
    /// keywords looked up are absent, and the bit says so without comparing strings.
    sig: u64,
    up: &'a UrlPtr,
    res: &'a Resource,
    q: &'a mut Queue,
}

impl<'a> ObjCompiler<'a> {
    /// Objects with at most this many keys are searched key by key.
    const FEW_KEYS: usize = 12;

    fn sig_of(obj: &super::json::JsonMap) -> u64 {
        if obj.len() > Self::FEW_KEYS {
            return u64::MAX;
        }
        obj.iter()
            .fold(0, |sig, (k, _)| sig | key_bit(k.as_bytes()))
    }

    /// The value of keyword `pname`.
    fn get(&self, pname: &str) -> Option<&'a Json> {
        if self.sig & key_bit(pname.as_bytes()) == 0 {
            return None;
        }
        if self.obj.len() > Self::FEW_KEYS {
            return self.obj.get(pname);
        }
        // A handful of keys: comparing each beats a binary search's branches.
        self.obj
            .iter()
            .find(|(k, _)| &***k == pname)
            .map(|(_, v)| v)
    }

    fn string(&self, pname: &str) -> Option<&'a str> {
        self.get(pname).and_then(Json::as_str)
    }

    fn boolean(&self, pname: &str) -> bool {
        matches!(self.get(pname), Some(Json::Bool(true)))
    }

    fn num(&self, pname: &str) -> Option<Decimal> {
        self.get(pname).and_then(Json::decimal)
    }

    fn int(&self, pname: &str) -> Option<i64> {
        let n = self.num(pname)?;
        n.is_int().then(|| n.wrapping_i64())
    }
}

fn to_strings(a: &[Json]) -> Vec<String> {
    a.iter()
        .filter_map(|x| x.as_str().map(String::from))
        .collect()
}

/// `newTypes`.
fn types_of(v: &Json) -> u8 {
    match v {
        Json::Str(s) => ty::from_name(s),
        Json::Arr(a) => a
            .iter()
            .filter_map(Json::as_str)
            .fold(0, |acc, s| acc | ty::from_name(s)),
        _ => 0,
    }
}

#[cfg(test)]
mod encode_tests {
    use super::*;

    /// The shortcut for plain pointers agrees with escaping every segment.
    #[test]
    fn plain_pointers_need_no_escaping() {
        let mut samples: Vec<String> = (0u8..128).map(|c| String::from(c as char)).collect();
        samples.extend(["/properties/a b/x", "/a~1b/%/é", "/$defs/x:y@z", ""].map(String::from));
        for s in samples {
            let mut slow = String::new();
            escape_segments_into(&mut slow, &s);
            assert_eq!(encode(&s), slow, "{s:?}");
        }
    }
}
