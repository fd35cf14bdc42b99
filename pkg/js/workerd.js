// Cloudflare workerd: WebAssembly modules are imported (bundled with the worker), not fetched.
import wasmModule from './binnacle_bg.wasm';
import cryptoModule from './binnacle_crypto.wasm';
import regexModule from './binnacle_regex.wasm';
import tomlModule from './binnacle_toml.wasm';
import { initSync } from './binnacle.js';
import { setLoader } from './ext.js';

initSync({ module: wasmModule });
setLoader((group) => ({ crypto: cryptoModule, regex: regexModule, toml: tomlModule })[group]);

export * from './api.js';
