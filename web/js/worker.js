// The engine worker: Binnacle's core (WASM) renders here, off the page's thread.
// Messages: { id, op, args } in, { id, ok, result | error, fatal } out.

import init, * as engine from "./engine/engine.js";

const ready = init({ module_or_path: new URL("./engine/engine_bg.wasm", import.meta.url) });
const encoder = new TextEncoder();

function bytes(data) {
  return typeof data === "string" ? encoder.encode(data) : data;
}

const ops = {
  reset({ files }) {
    engine.reset();
    for (const f of files || []) engine.put_file(f.path, bytes(f.data));
  },
  put({ path, data }) {
    engine.put_file(path, bytes(data));
  },
  remove({ path }) {
    engine.remove_file(path);
  },
  render({ request }) {
    return engine.render(request);
  },
  diff(args) {
    return engine.diff(args.old, args.new);
  },
  unpack({ data }) {
    return engine.unpack(data);
  },
  package() {
    return engine.package();
  },
};

self.onmessage = async (e) => {
  const { id, op, args } = e.data;
  try {
    await ready;
    const f = ops[op];
    if (!f) throw new Error(`unknown operation ${op}`);
    self.postMessage({ id, ok: true, result: f(args || {}) });
  } catch (err) {
    // A trap leaves the module's state undefined: the page restarts the worker.
    const fatal = err instanceof WebAssembly.RuntimeError;
    self.postMessage({ id, ok: false, fatal, error: String((err && err.message) || err) });
  }
};
