// Node.js (and Deno through npm:) entry: modules are read and compiled synchronously, so
// `import` is all it takes, and extension modules load on first use.
import { readFileSync } from 'node:fs';
import { initSync } from './binnacle.js';
import { setLoader } from './ext.js';

const file = (name) => readFileSync(new URL(name, import.meta.url));

// The main module built for speed (binnacle_node.wasm) when the package has it; browsers
// get the one built for size.
let main;
try {
  main = file('./binnacle_node.wasm');
} catch {
  main = file('./binnacle_bg.wasm');
}
initSync({ module: main });
setLoader((group) => new WebAssembly.Module(file(`./binnacle_${group}.wasm`)));

export * from './api.js';
