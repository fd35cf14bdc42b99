// Cloudflare workerd: WebAssembly modules are imported (bundled with the worker), not fetched.
import wasmModule from './binnacle_bg.wasm';
import cryptoModule from './binnacle_crypto.wasm';
import regexModule from './binnacle_regex.wasm';
import tomlModule from './binnacle_toml.wasm';
import schemaModule from './binnacle_schema.wasm';
import lintModule from './binnacle_lint.wasm';
import packageModule from './binnacle_package.wasm';
import { initSync } from './binnacle.js';
import { setLoader } from './ext.js';

initSync({ module: wasmModule });
const modules = {
  crypto: cryptoModule,
  regex: regexModule,
  toml: tomlModule,
  schema: schemaModule,
  lint: lintModule,
  package: packageModule,
};
setLoader((group) => modules[group]);

export * from './api.js';
