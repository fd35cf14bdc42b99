// The playground's code editor: CodeMirror 6 with line numbers, Helm template + YAML
// highlighting, undo/redo, search and inline error markers. The Rust page drives it through
// the small API of `Editor` below.

import { EditorState, Compartment } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, highlightSpecialChars, rectangularSelection, placeholder,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab, undo, redo } from "@codemirror/commands";
import { searchKeymap, highlightSelectionMatches, openSearchPanel } from "@codemirror/search";
import { setDiagnostics, lintGutter, lintKeymap } from "@codemirror/lint";
import { bracketMatching, indentOnInput, foldGutter, foldKeymap, indentUnit } from "@codemirror/language";
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { helmLanguage } from "./highlight.js";

const theme = EditorView.theme({
  "&": { height: "100%", fontSize: "13px", backgroundColor: "var(--editor-bg)", color: "var(--fg)" },
  ".cm-scroller": { fontFamily: "var(--mono)", lineHeight: "1.5" },
  ".cm-gutters": { backgroundColor: "var(--gutter-bg)", color: "var(--muted)", borderRight: "1px solid var(--border)" },
  ".cm-activeLine": { backgroundColor: "var(--active-line)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--active-line)" },
  "&.cm-focused": { outline: "2px solid var(--focus)", outlineOffset: "-2px" },
  ".cm-cursor": { borderLeftColor: "var(--fg)" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": { backgroundColor: "var(--selection) !important" },
  ".cm-panels": { backgroundColor: "var(--panel-bg)", color: "var(--fg)" },
  ".cm-panels input, .cm-panels button": { font: "inherit", color: "inherit" },
  ".cm-textfield": { backgroundColor: "var(--input-bg)", border: "1px solid var(--border)" },
  ".cm-button": { backgroundImage: "none", backgroundColor: "var(--button-bg)", border: "1px solid var(--border)" },
  ".cm-tooltip": { backgroundColor: "var(--panel-bg)", color: "var(--fg)", border: "1px solid var(--border)" },
  ".cm-diagnostic-error": { borderLeftColor: "var(--error)" },
  ".cm-lintRange-error": { backgroundImage: "none", textDecoration: "underline wavy var(--error)" },
  ".cm-searchMatch": { backgroundColor: "var(--search-match)" },
});

export class Editor {
  // parent: the element to fill. opts: { label, readOnly, placeholder, onChange(text) }.
  constructor(parent, opts = {}) {
    this.onChange = opts.onChange || null;
    this.placeholder = opts.placeholder || "";
    this.readOnly = new Compartment();
    this.states = new Map();
    this.key = null;
    this.label = opts.label || "Code editor";
    this.ro = !!opts.readOnly;
    this.suppress = false;
    this.view = new EditorView({ parent, state: this.makeState(opts.doc || "") });
  }

  extensions() {
    return [
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightSpecialChars(),
      history(),
      foldGutter(),
      drawSelection(),
      indentUnit.of("  "),
      EditorState.tabSize.of(2),
      indentOnInput(),
      bracketMatching(),
      closeBrackets(),
      rectangularSelection(),
      highlightActiveLine(),
      highlightSelectionMatches(),
      lintGutter(),
      helmLanguage(),
      theme,
      this.readOnly.of([EditorState.readOnly.of(this.ro), EditorView.editable.of(!this.ro)]),
      EditorView.contentAttributes.of({ "aria-label": this.label }),
      this.placeholder ? placeholder(this.placeholder) : [],
      keymap.of([
        ...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap,
        ...foldKeymap, ...lintKeymap, indentWithTab,
      ]),
      EditorView.updateListener.of((u) => {
        if (!u.docChanged || this.suppress) return;
        this.lastText = undefined;
        if (this.onChange) this.onChange(u.state.doc.toString());
      }),
    ];
  }

  makeState(doc) {
    return EditorState.create({ doc, extensions: this.extensions() });
  }

  // Shows `text` as the file `key`. Each key keeps its own undo history while its text is
  // what the page holds; a key whose text changed elsewhere starts afresh.
  open(key, text) {
    if (this.key !== null) this.states.set(this.key, this.view.state);
    this.key = key;
    let st = this.states.get(key);
    if (!st || st.doc.toString() !== text) st = this.makeState(text);
    this.suppress = true;
    this.view.setState(st);
    this.suppress = false;
    this.lastText = undefined;
  }

  // Forgets the saved state of a file (deleted or renamed).
  forget(key) {
    this.states.delete(key);
  }

  // Replaces the text (output views). Only the span that differs is changed, so the view
  // keeps its place and its highlighting, and a small edit stays a small update.
  setText(text) {
    // The text set last is kept, so large outputs are not rebuilt from the document.
    const old = this.lastText ?? this.view.state.doc.toString();
    if (old === text) return;
    this.lastText = text;
    let start = 0;
    const max = Math.min(old.length, text.length);
    while (start < max && old.charCodeAt(start) === text.charCodeAt(start)) start++;
    let end = 0;
    while (end < max - start && old.charCodeAt(old.length - 1 - end) === text.charCodeAt(text.length - 1 - end)) end++;
    this.suppress = true;
    this.view.dispatch({
      changes: { from: start, to: old.length - end, insert: text.slice(start, text.length - end) },
    });
    this.suppress = false;
  }

  text() {
    return this.view.state.doc.toString();
  }

  setReadOnly(ro) {
    this.ro = !!ro;
    this.view.dispatch({
      effects: this.readOnly.reconfigure([EditorState.readOnly.of(this.ro), EditorView.editable.of(!this.ro)]),
    });
  }

  // diags: [{ line (1-based), col (UTF-16, 0-based) or -1, message, severity }].
  setDiagnostics(diags) {
    const doc = this.view.state.doc;
    const out = [];
    for (const d of diags || []) {
      if (!d.line || d.line < 1 || d.line > doc.lines) continue;
      const line = doc.line(d.line);
      let from = line.from;
      let to = line.to;
      if (d.col >= 0) {
        from = Math.min(line.from + d.col, line.to);
        const m = /^[\w.$"-]+|^\S/.exec(doc.sliceString(from, line.to));
        to = m ? from + m[0].length : from;
      }
      if (to <= from) to = Math.min(from + 1, doc.length);
      if (to <= from) from = Math.max(0, to - 1);
      out.push({ from, to, severity: d.severity || "error", message: d.message });
    }
    this.view.dispatch(setDiagnostics(this.view.state, out));
  }

  // Moves the cursor to a 1-based line and 0-based UTF-16 column and shows it.
  goto(line, col) {
    const doc = this.view.state.doc;
    const l = doc.line(Math.max(1, Math.min(line, doc.lines)));
    const pos = Math.min(l.from + Math.max(0, col || 0), l.to);
    this.view.dispatch({
      selection: { anchor: pos },
      effects: EditorView.scrollIntoView(pos, { y: "center" }),
    });
    this.view.focus();
  }

  focus() {
    this.view.focus();
  }

  undo() {
    return undo(this.view);
  }

  redo() {
    return redo(this.view);
  }

  search() {
    openSearchPanel(this.view);
  }

  destroy() {
    this.view.destroy();
  }
}
