// Node.js (and Deno through npm:) entry: modules are read and compiled synchronously, so
// `import` is all it takes, and extension modules load on first use.
import { readFileSync } from 'node:fs';
import { initSync } from './binnacle.js';
import { setLoader } from './ext.js';

const file = (name) => readFileSync(new URL(name, import.meta.url));

initSync({ module: file('./binnacle_bg.wasm') });
setLoader((group) => new WebAssembly.Module(file(`./binnacle_${group}.wasm`)));

export * from './api.js';
