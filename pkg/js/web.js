// Browsers, web workers and bundlers: the main module is fetched and compiled by a
// top-level await, so every call after `import` is synchronous. The modules a render may
// need are fetched in the background right after; `await preload()` waits for them (and
// fetches lint's and package's).
import init from './binnacle.js';
import { setLoader, setPreloader, preload, RENDER_GROUPS } from './ext.js';

await init({ module_or_path: new URL('./binnacle_bg.wasm', import.meta.url) });

const compiled = new Map();
const fetching = new Map();
setLoader((group) => compiled.get(group));
setPreloader((group) => {
  if (!fetching.has(group)) {
    const url = new URL(`./binnacle_${group}.wasm`, import.meta.url);
    const p = (async () => {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`fetching ${url}: ${res.status} ${res.statusText}`);
      compiled.set(group, await WebAssembly.compile(await res.arrayBuffer()));
    })();
    // A failed fetch may be retried by a later preload().
    p.catch(() => fetching.delete(group));
    fetching.set(group, p);
  }
  return fetching.get(group);
});
preload(...RENDER_GROUPS).catch(() => {});

export * from './api.js';
