// `cargo xtask conformance --wasm`: every corpus case rendered by the WebAssembly build in
// Node and compared with Helm's recorded output, as the native runner does. Prints one line
// (and a short report) per failing case, then `conformance: N passed, M failed`.
//
// usage: node conformance.mjs --corpus DIR [--filter TEXT] [--dist DIR]

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { discover, readChartDir, compare } from './corpus.mjs';

const args = process.argv.slice(2);
const get = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const corpus = get('--corpus') ?? '../shared/corpus';
const filter = get('--filter');
const dist = resolve(get('--dist') ?? new URL('../dist', import.meta.url).pathname);
const b = await import(pathToFileURL(`${dist}/node.js`).href);

function runCase(c) {
  try {
    if (c.expected.lint) {
      return { linted: b.lint(readChartDir(c.chart), {}) };
    }
    // As the corpus was recorded: release `demo`, namespace `default`, no step budget (the
    // native runner has none), the variant's values file by the path the native runner uses.
    const chart = b.loadChart(readChartDir(c.chart));
    try {
      const out = b.render(chart, {
        releaseName: 'demo',
        values: [readFileSync(c.values, 'utf8')],
        maxSteps: Infinity,
      });
      return { rendered: out.manifests };
    } finally {
      chart.free();
    }
  } catch (e) {
    if (e instanceof b.BinnacleError) return { failed: e.message };
    return { failed: `JS EXCEPTION ${e && e.stack}` };
  }
}

let passed = 0;
let failed = 0;
for (const c of discover(corpus)) {
  if (filter && !c.name.includes(filter)) continue;
  const report = compare(c, runCase(c), b.__sameShape);
  if (report === null) {
    passed++;
  } else {
    failed++;
    const [first, ...rest] = report.split('\n');
    console.log(`FAIL ${c.name}: ${first}`);
    for (const line of rest) console.log(`    ${line}`);
  }
}
console.log(`conformance: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
