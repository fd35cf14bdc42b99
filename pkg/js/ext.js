// Extension modules: parts of Binnacle loaded only when needed: Sprig's crypto and regex
// functions, Helm's TOML functions, values.schema.json validation (what a render may need),
// lint and package (`binnacle_<group>.wasm`). The main module calls them through
// the global below; each entry point says how to get a compiled module (`setLoader`) and,
// where loading is asynchronous, how to fetch one ahead of time (`setPreloader`).

/** The extension groups this build ships. */
export const GROUPS = ['crypto', 'regex', 'toml', 'schema', 'lint', 'package'];

/** The groups a render may need (browsers fetch these right after import). */
export const RENDER_GROUPS = ['crypto', 'regex', 'toml', 'schema'];

const instances = new Map();
let loader = () => undefined;
let preloader = async (group) => loader(group);
const encoder = new TextEncoder();

/** `loader(group)` answers a compiled WebAssembly.Module, or undefined if not ready. */
export function setLoader(f) {
  loader = f;
}

/** `preloader(group)` makes `loader(group)` succeed (asynchronously). */
export function setPreloader(f) {
  preloader = f;
}

/** Loads extension modules ahead of use (all of them by default). */
export async function preload(...groups) {
  const wanted = groups.length ? groups : GROUPS;
  for (const g of wanted) {
    if (!GROUPS.includes(g)) throw new TypeError(`unknown Binnacle module ${JSON.stringify(g)}`);
  }
  await Promise.all(wanted.map((g) => preloader(g)));
}

function instantiate(group) {
  const module = loader(group);
  if (!module) return undefined;
  let instance;
  const env = {
    random(ptr, len) {
      const mem = new Uint8Array(instance.exports.memory.buffer, ptr, len);
      // getRandomValues fills at most 65,536 bytes per call.
      for (let i = 0; i < len; i += 65536) crypto.getRandomValues(mem.subarray(i, Math.min(len, i + 65536)));
    },
  };
  instance = new WebAssembly.Instance(module, { env });
  instances.set(group, instance);
  return instance;
}

/** A `wire` error answer. */
function errorAnswer(message) {
  const m = encoder.encode(message);
  const out = new Uint8Array(5 + m.length);
  out[0] = 1;
  new DataView(out.buffer).setUint32(1, m.length, true);
  out.set(m, 5);
  return out;
}

// Called by the main module (see src/lib.rs); never throws, or the main module's state
// would be lost with the exception.
function extCall(group, payload) {
  let instance = instances.get(group);
  if (!instance) {
    try {
      instance = instantiate(group);
    } catch (e) {
      return errorAnswer(`cannot load Binnacle's ${group} module: ${e && e.message}`);
    }
    if (!instance) {
      return errorAnswer(
        `Binnacle's ${group} module is not loaded yet: await preload("${group}") before rendering`,
      );
    }
  }
  const x = instance.exports;
  try {
    const p = x.ext_alloc(payload.length);
    new Uint8Array(x.memory.buffer, p, payload.length).set(payload);
    const r = x.ext_call(p, payload.length);
    const len = new DataView(x.memory.buffer).getUint32(r, true);
    const out = new Uint8Array(x.memory.buffer, r + 4, len).slice();
    x.ext_free(r, len + 4);
    return out;
  } catch (e) {
    // A trapped instance is not reused.
    instances.delete(group);
    return errorAnswer(`Binnacle's ${group} module failed: ${e && e.message}`);
  }
}

globalThis[Symbol.for('binnacle.ext')] = extCall;
