// Syntax highlighting for Helm chart files: YAML with Go template actions ({{ … }}) inside.
// One stream tokenizer serves every file: plain YAML (values) simply has no actions, and a
// `_helpers.tpl` is mostly actions.

import { StreamLanguage, HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { tags as t } from "@lezer/highlight";

const KEYWORDS = new Set([
  "if", "else", "end", "range", "with", "define", "template", "block", "break", "continue",
]);
const ATOMS = new Set(["true", "false", "nil"]);

function startState() {
  return { action: false, comment: false, paren: 0 };
}

function copyState(s) {
  return { action: s.action, comment: s.comment, paren: s.paren };
}

// Inside {{ … }}: Go template syntax.
function tokenAction(stream, state) {
  if (state.comment) {
    if (stream.skipTo("*/")) {
      stream.pos += 2;
      state.comment = false;
    } else {
      stream.skipToEnd();
    }
    return "comment";
  }
  if (stream.eatSpace()) return null;
  if (stream.match(/^-?\}\}/)) {
    state.action = false;
    return "meta";
  }
  if (stream.match("/*")) {
    state.comment = true;
    return "comment";
  }
  const ch = stream.peek();
  if (ch === '"') {
    stream.next();
    let escaped = false;
    for (;;) {
      const c = stream.next();
      if (c === undefined) break;
      if (c === '"' && !escaped) break;
      escaped = !escaped && c === "\\";
    }
    return "string";
  }
  if (ch === "`") {
    stream.next();
    if (!stream.skipTo("`")) stream.skipToEnd();
    else stream.next();
    return "string";
  }
  if (ch === "'") {
    stream.match(/^'(\\.|[^'\\])*'?/);
    return "string";
  }
  if (stream.match(/^[-+]?(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO]?[0-7_]+|(\d[\d_]*)?\.?\d[\d_]*([eE][-+]?\d+)?)/)) {
    return "number";
  }
  if (stream.match(/^\$[A-Za-z0-9_]*/)) {
    stream.match(/^(\.[A-Za-z0-9_]+)+/);
    return "variableName.special";
  }
  if (stream.match(/^(\.[A-Za-z0-9_]+)+/) || stream.match(/^\.(?![A-Za-z0-9_])/)) {
    return "propertyName";
  }
  if (stream.match(/^[A-Za-z_][A-Za-z0-9_]*/)) {
    const w = stream.current();
    if (KEYWORDS.has(w)) return "keyword";
    if (ATOMS.has(w)) return "atom";
    return "variableName.standard";
  }
  if (stream.match(/^(:=|=|\|)/)) return "operator";
  if (ch === "(" || ch === ")") {
    stream.next();
    return "paren";
  }
  stream.next();
  return null;
}

// Outside actions: YAML, up to the next {{.
function tokenYaml(stream, state) {
  if (stream.sol()) {
    if (stream.match(/^(---|\.\.\.)(\s|$)/)) return "meta";
  }
  if (stream.eatSpace()) return null;
  const ch = stream.peek();
  if (ch === "#" && (stream.pos === 0 || /\s/.test(stream.string.charAt(stream.pos - 1)))) {
    // A comment, but an action inside it still runs: stop there.
    const rest = stream.string.slice(stream.pos);
    const at = rest.indexOf("{{");
    if (at > 0) stream.pos += at;
    else stream.skipToEnd();
    return "comment";
  }
  // A key: `name:` at the start of a line, after indentation or a list dash.
  const before = stream.string.slice(0, stream.pos);
  if (/^\s*(-\s+)*$/.test(before)) {
    if (stream.match(/^-(?=\s|$)/)) return "punctuation";
    if (stream.match(/^("([^"\\]|\\.)*"|'([^']|'')*'|[^\s#:{"'][^:#{]*?)\s*:(?=\s|$)/)) {
      return "attributeName";
    }
  }
  if (ch === '"' || ch === "'") {
    stream.next();
    for (;;) {
      if (stream.match("{{", false)) break;
      const c = stream.next();
      if (c === undefined) break;
      if (c === "\\" && ch === '"') {
        stream.next();
        continue;
      }
      if (c === ch) break;
    }
    return "string";
  }
  if (ch === "&" || ch === "*") {
    if (stream.match(/^[&*][^\s,\[\]{}]+/)) return "labelName";
  }
  if (ch === "|" || ch === ">") {
    if (stream.match(/^[|>][-+0-9]*(?=\s|$)/)) return "operator";
  }
  if (stream.match(/^(true|false|null|~|yes|no|on|off)(?=[\s,\]}]|$)/i)) return "atom";
  if (stream.match(/^[-+]?(\d[\d_]*(\.\d*)?([eE][-+]?\d+)?|\.\d+|0x[0-9a-fA-F]+|\.inf|\.nan)(?=[\s,\]}]|$)/)) {
    return "number";
  }
  // Plain text up to a possible action.
  stream.next();
  while (!stream.eol() && !stream.match("{{", false) && !/[\s#]/.test(stream.peek())) stream.next();
  return "content";
}

const helmTemplate = StreamLanguage.define({
  name: "helm-template",
  startState,
  copyState,
  token(stream, state) {
    if (state.action) return tokenAction(stream, state);
    if (stream.match(/^\{\{-?/)) {
      state.action = true;
      stream.eatSpace();
      if (stream.match("/*", false)) {
        stream.pos += 2;
        state.comment = true;
        return "comment";
      }
      return "meta";
    }
    return tokenYaml(stream, state);
  },
  languageData: { commentTokens: { line: "#" } },
});

// Colours come from CSS variables so the page's light and dark themes both apply.
const style = HighlightStyle.define([
  { tag: t.meta, color: "var(--hl-action)", fontWeight: "600" },
  { tag: t.keyword, color: "var(--hl-keyword)", fontWeight: "600" },
  { tag: t.atom, color: "var(--hl-atom)" },
  { tag: t.number, color: "var(--hl-number)" },
  { tag: t.string, color: "var(--hl-string)" },
  { tag: t.comment, color: "var(--hl-comment)", fontStyle: "italic" },
  { tag: t.propertyName, color: "var(--hl-field)" },
  { tag: t.special(t.variableName), color: "var(--hl-variable)" },
  { tag: t.standard(t.variableName), color: "var(--hl-function)" },
  { tag: t.attributeName, color: "var(--hl-key)" },
  { tag: t.labelName, color: "var(--hl-atom)" },
  { tag: t.operator, color: "var(--hl-operator)" },
  { tag: t.punctuation, color: "var(--hl-operator)" },
  { tag: t.paren, color: "var(--hl-operator)" },
]);

export function helmLanguage() {
  return [helmTemplate, syntaxHighlighting(style)];
}

// Exposed for tests: the token names the tokenizer gives each piece of `text`.
export function tokenize(text) {
  const out = [];
  const state = startState();
  for (const line of text.split("\n")) {
    const stream = new SimpleStream(line);
    while (!stream.eol()) {
      stream.start = stream.pos;
      const tok = helmTemplate.streamParser.token(stream, state);
      if (stream.pos === stream.start) stream.pos++;
      out.push([line.slice(stream.start, stream.pos), tok || null]);
    }
  }
  return out;
}

// A minimal StringStream for `tokenize` (CodeMirror's own is internal).
class SimpleStream {
  constructor(string) {
    this.string = string;
    this.pos = 0;
    this.start = 0;
  }
  eol() { return this.pos >= this.string.length; }
  sol() { return this.pos === 0; }
  peek() { return this.string.charAt(this.pos) || undefined; }
  next() { if (this.pos < this.string.length) return this.string.charAt(this.pos++); }
  eatSpace() {
    const s = this.pos;
    while (/[\s\u00a0]/.test(this.string.charAt(this.pos))) ++this.pos;
    return this.pos > s;
  }
  skipToEnd() { this.pos = this.string.length; }
  skipTo(ch) {
    const f = this.string.indexOf(ch, this.pos);
    if (f > -1) { this.pos = f; return true; }
    return false;
  }
  match(pattern, consume = true) {
    if (typeof pattern === "string") {
      if (this.string.startsWith(pattern, this.pos)) {
        if (consume) this.pos += pattern.length;
        return true;
      }
      return null;
    }
    const m = this.string.slice(this.pos).match(pattern);
    if (m && m.index > 0) return null;
    if (m && consume) this.pos += m[0].length;
    return m;
  }
  current() { return this.string.slice(this.start, this.pos); }
}
