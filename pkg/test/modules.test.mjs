// The main module browsers get (binnacle_bg.wasm, built for size) answers exactly as the one
// Node loads (binnacle_node.wasm, built for speed). The glue keeps one instance per process,
// so each runs in a child process.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const dist = new URL('../dist/', import.meta.url);
const demo = fileURLToPath(new URL('./fixtures/demo', import.meta.url));
const corpusLib = new URL('../tools/corpus.mjs', import.meta.url).href;

function answers(module) {
  const code = `
    import { readFileSync } from 'node:fs';
    const dist = new URL(${JSON.stringify(dist.href)});
    const file = (n) => readFileSync(new URL(n, dist));
    const { initSync } = await import(new URL('binnacle.js', dist));
    const { setLoader } = await import(new URL('ext.js', dist));
    initSync({ module: file(${JSON.stringify(module)}) });
    setLoader((g) => new WebAssembly.Module(file('binnacle_' + g + '.wasm')));
    const b = await import(new URL('api.js', dist));
    const { readChartDir } = await import(${JSON.stringify(corpusLib)});
    const chart = b.loadChart(readChartDir(${JSON.stringify(demo)}));
    const fixed = { now: 0, seed: 1 };
    const err = (f) => { try { f(); return null; } catch (e) { return e.toJSON(); } };
    console.log(JSON.stringify({
      template: b.template(chart, fixed),
      render: b.render(chart, { ...fixed, set: ['sub.enabled=true'] }),
      lint: b.lint(chart, fixed),
      package: b.package(chart, {}).sha256,
      error: err(() => b.render(chart, { values: 'badRegex: true' })),
    }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test('the browser and Node main modules answer alike', () => {
  const small = answers('binnacle_bg.wasm');
  const fast = answers('binnacle_node.wasm');
  assert.deepEqual(small, fast);
  assert.match(small.template, /^---\n# Source: demo\//);
  assert.equal(small.error.kind, 'render');
});
