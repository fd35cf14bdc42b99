// The documented API over the raw wasm-bindgen exports (see ../index.d.ts for the contract).
//
// Every entry point (node.js, web.js, workerd.js) instantiates the module first and then
// re-exports this file, so all calls here are synchronous.
//
// A WebAssembly trap (a bug, or the JavaScript engine's own stack running out on very deep
// templates) would leave the instance unusable. Calls catch it, report a BinnacleError and
// start a fresh instance; charts loaded before are reloaded from their input on next use.

import * as glue from './binnacle.js';
export { preload } from './ext.js';

/** Steps one template may execute unless `maxSteps` says otherwise (see index.d.ts). */
export const DEFAULT_MAX_STEPS = 10_000_000;

/** An error from Binnacle: `kind` says what failed, `message` is Helm's text. */
export class BinnacleError extends Error {
  constructor(fields) {
    super(fields.message);
    this.name = 'BinnacleError';
    this.kind = fields.kind;
    for (const k of ['file', 'line', 'column', 'output']) {
      if (fields[k] !== undefined && fields[k] !== null) this[k] = fields[k];
    }
  }

  /** The plain `{kind, message, file?, line?, column?}` object. */
  toJSON() {
    const o = { kind: this.kind, message: this.message };
    for (const k of ['file', 'line', 'column', 'output']) if (k in this) o[k] = this[k];
    return o;
  }
}

function inputError(message) {
  return new BinnacleError({ kind: 'input', message });
}

// Bumped whenever the instance is replaced after a trap: handles of older generations are
// stale and get reloaded.
let generation = 0;

function isTrap(e) {
  if (typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError) return true;
  // V8 and SpiderMonkey report their own stack running out inside WebAssembly like this.
  if (e instanceof RangeError && /call stack|too much recursion/i.test(e.message)) return true;
  return e instanceof Error && e.name === 'InternalError' && /recursion/i.test(e.message);
}

/** Runs one call into the module, turning its failures into BinnacleErrors. */
function call(f) {
  try {
    return f();
  } catch (e) {
    if (typeof e === 'string' && e.startsWith('{')) {
      throw new BinnacleError(JSON.parse(e));
    }
    if (e instanceof BinnacleError) throw e;
    if (isTrap(e)) {
      let panic;
      try {
        panic = glue.takePanic();
      } catch {
        // The trapped instance could not even answer: the reset below is all we can do.
      }
      glue.__wbg_reset_state();
      generation++;
      if (panic) throw new BinnacleError({ kind: 'internal', message: `binnacle panicked: ${panic}` });
      if (e instanceof RangeError || e.name === 'InternalError') {
        throw new BinnacleError({
          kind: 'limit',
          message: `the template nests too deeply for this JavaScript engine's stack (${e.message})`,
        });
      }
      throw new BinnacleError({ kind: 'internal', message: `WebAssembly trap: ${e.message}` });
    }
    throw e;
  }
}

const encoder = new TextEncoder();

function isBytes(x) {
  return x instanceof Uint8Array || x instanceof ArrayBuffer;
}

function bytesOf(x) {
  return x instanceof ArrayBuffer ? new Uint8Array(x) : x;
}

/** A chart input as the module takes it: `{archive}` or `{names, blob, lens}`. */
function encodeInput(input) {
  if (isBytes(input)) return { archive: bytesOf(input).slice() };
  let entries;
  if (input instanceof Map) entries = [...input.entries()];
  else if (input !== null && typeof input === 'object' && !Array.isArray(input)) entries = Object.entries(input);
  else {
    throw inputError('loadChart takes a .tgz as a Uint8Array, or an object of chart paths to string or Uint8Array contents');
  }
  const names = [];
  const parts = [];
  let total = 0;
  for (const [name, content] of entries) {
    if (typeof name !== 'string' || name.includes('\0')) {
      throw inputError(`chart file path ${JSON.stringify(String(name))} is not a valid path`);
    }
    let data;
    if (typeof content === 'string') data = encoder.encode(content);
    else if (isBytes(content)) data = bytesOf(content);
    else throw inputError(`chart file ${JSON.stringify(name)} must be a string or a Uint8Array`);
    names.push(name);
    parts.push(data);
    total += data.length;
  }
  const blob = new Uint8Array(total);
  const lens = new Uint32Array(parts.length);
  let at = 0;
  parts.forEach((p, i) => {
    blob.set(p, at);
    lens[i] = p.length;
    at += p.length;
  });
  return { names: names.join('\0'), blob, lens };
}

function loadEncoded(enc) {
  return call(() =>
    enc.archive ? glue.loadArchive(enc.archive) : glue.loadFiles(enc.names, enc.blob, enc.lens),
  );
}

const SOURCE = Symbol('source');
const HANDLE = Symbol('handle');
const GEN = Symbol('generation');

/** A loaded chart. Free it with `free()` (or let the garbage collector do it). */
export class Chart {
  constructor(token, enc, handle) {
    if (token !== SOURCE) throw new TypeError('use loadChart() to load a chart');
    this[SOURCE] = enc;
    this[HANDLE] = handle;
    this[GEN] = generation;
    const info = JSON.parse(call(() => handle.info()));
    /** `Chart.yaml` facts, the chart's files and its default values. */
    this.metadata = {
      name: info.name,
      version: info.version,
      appVersion: info.appVersion,
      apiVersion: info.apiVersion,
      description: info.description,
      type: info.type,
      kubeVersion: info.kubeVersion,
      deprecated: info.deprecated,
    };
    this.subcharts = info.subcharts;
    this.templates = info.templates;
    this.files = info.files;
    this.values = info.values;
    this.hasSchema = info.hasSchema;
  }

  /** The chart's name (`Chart.yaml` `name`). */
  get name() {
    return this.metadata.name;
  }

  /** The chart's version. */
  get version() {
    return this.metadata.version;
  }

  /** The module-side handle, reloaded when the instance was replaced. */
  handle() {
    if (!this[SOURCE]) throw inputError('this chart was freed');
    if (this[GEN] !== generation) {
      this[HANDLE] = loadEncoded(this[SOURCE]);
      this[GEN] = generation;
    }
    return this[HANDLE];
  }

  /** Releases the chart's memory now; the chart cannot be used afterwards. */
  free() {
    if (this[SOURCE] && this[GEN] === generation) {
      try {
        this[HANDLE].free();
      } catch {
        // Already gone with an old instance.
      }
    }
    this[SOURCE] = null;
    this[HANDLE] = null;
  }

  [Symbol.dispose]() {
    this.free();
  }
}

/** Loads a chart from a `.tgz` (Uint8Array) or a map of chart paths to contents. */
export function loadChart(input) {
  const enc = encodeInput(input);
  const handle = loadEncoded(enc);
  return new Chart(SOURCE, enc, handle);
}

/** Runs `f` with a chart handle; a chart given as raw input is loaded for this call only. */
function withChart(chart, f) {
  if (chart instanceof Chart) return f(chart.handle());
  const c = loadChart(chart);
  try {
    return f(c.handle());
  } finally {
    c.free();
  }
}

// ---- options ----

const COMMON = {
  releaseName: 'string',
  namespace: 'string',
  revision: 'integer',
  isUpgrade: 'boolean',
  kubeVersion: 'string',
  apiVersions: 'strings',
  valueFiles: 'valueFiles',
  values: 'values',
  set: 'strings',
  setString: 'strings',
  setJson: 'strings',
  setFile: 'strings',
  setLiteral: 'strings',
  files: 'stringMap',
  skipSchemaValidation: 'boolean',
  maxSteps: 'steps',
  now: 'time',
  seed: 'seed',
  timeZone: 'string',
  zoneinfo: 'zoneinfo',
  hosts: 'stringMap',
  onWarning: 'function',
};
const RENDER = { ...COMMON, renderSubchartNotes: 'boolean' };
const TEMPLATE = {
  ...COMMON,
  includeCrds: 'boolean',
  noHooks: 'boolean',
  skipTests: 'boolean',
  showOnly: 'strings',
  debug: 'boolean',
};
const LINT = { ...COMMON, strict: 'boolean', quiet: 'boolean', path: 'string' };
delete LINT.maxSteps;
const PACKAGE = { version: 'string', appVersion: 'string', sourceDateEpoch: 'integer' };

function isPlainObject(x) {
  if (x === null || typeof x !== 'object') return false;
  const p = Object.getPrototypeOf(x);
  return p === Object.prototype || p === null;
}

function base64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

function valuesEntry(v, name) {
  if (typeof v === 'string') return { name, text: v };
  if (isPlainObject(v)) {
    // A values object reads as Helm reads a JSON values file (numbers become float64).
    return { name, text: JSON.stringify(v) };
  }
  throw inputError('option "values" must be an object, YAML text, or an array of them');
}

const CONVERT = {
  string: (v, k) => {
    if (typeof v !== 'string') throw inputError(`option "${k}" must be a string`);
    return v;
  },
  boolean: (v, k) => {
    if (typeof v !== 'boolean') throw inputError(`option "${k}" must be a boolean`);
    return v;
  },
  integer: (v, k) => {
    if (!Number.isSafeInteger(v)) throw inputError(`option "${k}" must be an integer`);
    return v;
  },
  strings: (v, k) => {
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) {
      throw inputError(`option "${k}" must be an array of strings`);
    }
    return v;
  },
  stringMap: (v, k) => {
    if (!isPlainObject(v) || !Object.values(v).every((s) => typeof s === 'string')) {
      throw inputError(`option "${k}" must be an object of strings`);
    }
    return v;
  },
  values: (v) =>
    Array.isArray(v) ? v.map((x, i) => valuesEntry(x, `values[${i}]`)) : [valuesEntry(v, 'values')],
  valueFiles: (v, k) => {
    if (!isPlainObject(v) || !Object.values(v).every((s) => typeof s === 'string')) {
      throw inputError(`option "${k}" must be an object of file names to YAML text`);
    }
    return Object.entries(v).map(([name, text]) => ({ name, text }));
  },
  steps: (v, k) => {
    if (v === Infinity || v === 0) return undefined;
    if (!Number.isSafeInteger(v) || v < 0) {
      throw inputError(`option "${k}" must be a positive integer, 0 or Infinity`);
    }
    return v;
  },
  time: (v, k) => {
    let ns;
    if (typeof v === 'bigint') ns = v;
    else if (v instanceof Date || typeof v === 'number' || typeof v === 'string') {
      const ms = v instanceof Date ? v.getTime() : typeof v === 'number' ? v : Date.parse(v);
      if (!Number.isFinite(ms)) throw inputError(`option "${k}" is not a valid time`);
      ns = BigInt(Math.round(ms)) * 1_000_000n;
    } else {
      throw inputError(`option "${k}" must be a Date, milliseconds, an ISO string or bigint nanoseconds`);
    }
    return ns.toString();
  },
  seed: (v, k) => {
    if (typeof v === 'bigint') return v.toString();
    if (!Number.isSafeInteger(v)) throw inputError(`option "${k}" must be an integer or a bigint`);
    return String(v);
  },
  zoneinfo: (v, k) => {
    if (!isPlainObject(v) || !Object.values(v).every(isBytes)) {
      throw inputError(`option "${k}" must be an object of TZif data (Uint8Array)`);
    }
    return Object.fromEntries(Object.entries(v).map(([n, d]) => [n, base64(bytesOf(d))]));
  },
  function: (v, k) => {
    if (typeof v !== 'function') throw inputError(`option "${k}" must be a function`);
    return v;
  },
};

/** Checks and converts options; answers the JSON the module reads and the JS-only parts. */
function encodeOptions(options, allowed, what) {
  if (options === undefined || options === null) options = {};
  if (!isPlainObject(options)) throw inputError(`${what} options must be an object`);
  const out = {};
  const js = {};
  for (const [k, v] of Object.entries(options)) {
    const type = allowed[k];
    if (!type) throw inputError(`unknown option ${JSON.stringify(k)} for ${what}`);
    if (v === undefined) continue;
    const c = CONVERT[type](v, k);
    if (type === 'function') js[k] = c;
    else if (c !== undefined) out[k] = c;
  }
  // Values files first, then values: both are Helm's `-f` sources, in this order.
  if (out.valueFiles) {
    out.values = [...out.valueFiles, ...(out.values ?? [])];
    delete out.valueFiles;
  }
  if ('maxSteps' in allowed && !('maxSteps' in options)) out.maxSteps = DEFAULT_MAX_STEPS;
  return { json: JSON.stringify(out), js };
}

function warn(js, warnings) {
  if (js.onWarning) for (const w of warnings) js.onWarning(w);
}

// ---- calls ----

/**
 * Renders a chart: Helm's engine output plus the notes and hooks Helm derives from it.
 */
export function render(chart, options) {
  const { json, js } = encodeOptions(options, RENDER, 'render');
  const out = JSON.parse(withChart(chart, (h) => call(() => glue.render(h, json))));
  warn(js, out.warnings);
  return out;
}

/** What `helm template` prints. */
export function template(chart, options) {
  const { json, js } = encodeOptions(options, TEMPLATE, 'template');
  const out = JSON.parse(withChart(chart, (h) => call(() => glue.template(h, json))));
  warn(js, out.warnings);
  return out.output;
}

/**
 * `helm lint` of the chart. Files that do not load as a chart are linted as Helm lints a
 * directory: what is wrong comes back as findings.
 */
export function lint(chart, options) {
  const { json } = encodeOptions(options, LINT, 'lint');
  if (chart instanceof Chart) return JSON.parse(call(() => glue.lint(chart.handle(), json)));
  const enc = encodeInput(chart);
  let handle;
  try {
    handle = loadEncoded(enc);
  } catch (e) {
    if (enc.archive || !(e instanceof BinnacleError) || e.kind !== 'load') throw e;
    return JSON.parse(call(() => glue.lintFiles(enc.names, enc.blob, enc.lens, json)));
  }
  try {
    return JSON.parse(call(() => glue.lint(handle, json)));
  } finally {
    handle.free();
  }
}

function fromBase64(s) {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** `helm package`: the archive's bytes, its SHA-256 and Helm's file name for it. */
function packageChart(chart, options) {
  const { json } = encodeOptions(options, PACKAGE, 'package');
  const out = JSON.parse(withChart(chart, (h) => call(() => glue._package(h, json))));
  return { bytes: fromBase64(out.archive), sha256: out.sha256, fileName: out.fileName };
}
export { packageChart as package };

/** Reads values file text as Helm's `-f` does. */
export function parseValues(yaml) {
  if (typeof yaml !== 'string') throw inputError('parseValues takes YAML text');
  return JSON.parse(call(() => glue.parseValues(yaml)));
}

/** The package's version and the Helm version it reproduces. */
export function version() {
  return JSON.parse(call(() => glue.version()));
}

/** The conformance runner's shape comparison (not part of the public API). */
export function __sameShape(want, got) {
  return call(() => glue.__sameShape(want, got)) ?? null;
}
