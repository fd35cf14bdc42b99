// `cargo xtask bench wasm`: the WebAssembly build in Node against native Binnacle and the
// oracle (real Helm), on each corpus chart's default variant, in one run.
//
// - instantiate: a fresh Node process importing dist/node.js (read, compile, instantiate),
//   and the bare `new WebAssembly.Module` + `Instance` of the main module; medians.
// - first render: in a fresh process, the first `render()` of a chart loaded from memory.
// - steady render: the median of `--runs` renders after it and warm-up renders (at least
//   5 and one second: V8 tiers WebAssembly up in the background).
// - native: pkg/ext's `bench-native`, the same steps through the core in a native binary.
// - oracle: `helm-oracle serve` render requests (Helm's SDK; includes reading the chart
//   from disk and JSON transport), median of `--runs` after one warm-up.
//
// usage: node bench.mjs --corpus DIR --native BIN --oracle PATH [--runs N] [--filter TEXT]

import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';

const args = process.argv.slice(2);
const get = (n, d) => (args.includes(n) ? args[args.indexOf(n) + 1] : d);
const corpus = get('--corpus', '../shared/corpus');
const nativeBin = get('--native');
const oracle = get('--oracle');
const runs = Number(get('--runs', '10'));
const filter = get('--filter');
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const corpusLib = pathToFileURL(fileURLToPath(new URL('./corpus.mjs', import.meta.url))).href;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const fmt = (ms) => (ms === undefined ? 'n/a' : ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

function child(code) {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`bench child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

// ---- instantiate ----
const inst = [];
for (let i = 0; i < 7; i++) {
  inst.push(
    child(`
      import { readFileSync } from 'node:fs';
      const bytes = readFileSync(${JSON.stringify(join(dist, 'binnacle_bg.wasm'))});
      let t = performance.now();
      const m = new WebAssembly.Module(bytes);
      const compile = performance.now() - t;
      const fast = readFileSync(${JSON.stringify(join(dist, 'binnacle_node.wasm'))});
      t = performance.now();
      new WebAssembly.Module(fast);
      const compileNode = performance.now() - t;
      t = performance.now();
      const b = await import(${JSON.stringify(pathToFileURL(join(dist, 'node.js')).href)});
      const imp = performance.now() - t;
      console.log(JSON.stringify({ compile, compileNode, imp }));`),
  );
}
const instantiate = {
  compile: median(inst.map((x) => x.compile)),
  compileNode: median(inst.map((x) => x.compileNode)),
  import: median(inst.map((x) => x.imp)),
};

// ---- charts ----
const ids = readdirSync(corpus)
  .filter((id) => existsSync(join(corpus, id, 'chart')) && (!filter || id.includes(filter)))
  .sort();

const wasm = {};
for (const id of ids) {
  const dir = join(corpus, id);
  wasm[id] = child(`
    import { readFileSync } from 'node:fs';
    import { readChartDir } from ${JSON.stringify(corpusLib)};
    const b = await import(${JSON.stringify(pathToFileURL(join(dist, 'node.js')).href)});
    const files = readChartDir(${JSON.stringify(join(dir, 'chart'))});
    let values = '';
    try { values = readFileSync(${JSON.stringify(join(dir, 'values/default.yaml'))}, 'utf8'); } catch {}
    const opts = { releaseName: 'demo', values: [values], maxSteps: Infinity };
    let t = performance.now();
    const chart = b.loadChart(files);
    const load = performance.now() - t;
    // A new seed per run, as the native side: key generation time depends on the primes drawn.
    let seed = 0;
    const one = () => { const t = performance.now(); try { b.render(chart, { ...opts, seed: seed++ }); } catch {} return performance.now() - t; };
    const first = one();
    // Warm-up renders: V8 runs new code on its baseline compiler and tiers hot functions
    // up on background threads (slow on a busy machine); steady is what a page rendering
    // repeatedly sees. At least 5 renders and a second, at most 200 renders.
    const warm = performance.now();
    for (let i = 0; i < 200 && (i < 5 || performance.now() - warm < 1000); i++) one();
    const times = [];
    for (let i = 0; i < ${runs}; i++) times.push(one());
    times.sort((a, b) => a - b);
    console.log(JSON.stringify({ load, first, steady: times[Math.floor(times.length / 2)], templates: chart.templates.length }));`);
}

// ---- native ----
const native = {};
if (nativeBin) {
  const r = spawnSync(nativeBin, ['--corpus', corpus, '--runs', String(runs), ...(filter ? ['--filter', filter] : [])], { encoding: 'utf8' });
  for (const line of r.stdout.split('\n').filter(Boolean)) {
    const j = JSON.parse(line);
    native[j.chart] = { load: j.load_ms, first: j.first_ms, steady: j.steady_ms };
  }
}

// ---- oracle ----
const helm = {};
if (oracle) {
  const b = await import(pathToFileURL(join(dist, 'node.js')).href);
  const proc = spawn(oracle, ['serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
  const ask = async (req) => {
    proc.stdin.write(JSON.stringify(req) + '\n');
    return (await lines.next()).value;
  };
  for (const id of ids) {
    let values = {};
    try {
      values = b.parseValues(readFileSync(join(corpus, id, 'values/default.yaml'), 'utf8'));
    } catch {
      // No default values file.
    }
    const req = { op: 'render', chart: join(corpus, id, 'chart'), values };
    await ask(req);
    const times = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await ask(req);
      times.push(performance.now() - t);
    }
    helm[id] = median(times);
  }
  proc.stdin.end();
}

// ---- report ----
console.log(
  `instantiate (median of 7 fresh processes): compile of binnacle_bg.wasm (browsers) ${fmt(instantiate.compile)} ms, ` +
    `of binnacle_node.wasm ${fmt(instantiate.compileNode)} ms; import of dist/node.js (read, compile, instantiate) ${fmt(instantiate.import)} ms\n`,
);
console.log('| chart | templates | wasm load | wasm first | wasm steady | native first | native steady | wasm/native | Helm (oracle) |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
const ratios = [];
let sums = { wasm: 0, native: 0, helm: 0 };
for (const id of ids) {
  const w = wasm[id];
  const n = native[id];
  const ratio = n ? w.steady / n.steady : undefined;
  if (ratio) ratios.push(ratio);
  sums.wasm += w.steady;
  sums.native += n ? n.steady : 0;
  sums.helm += helm[id] ?? 0;
  console.log(
    `| ${id} | ${w.templates} | ${fmt(w.load)} | ${fmt(w.first)} | ${fmt(w.steady)} | ${fmt(n?.first)} | ${fmt(n?.steady)} | ${ratio ? ratio.toFixed(2) : 'n/a'} | ${fmt(helm[id])} |`,
  );
}
const geo = Math.exp(ratios.reduce((a, r) => a + Math.log(r), 0) / ratios.length);
console.log(
  `\nsteady render, all ${ids.length} charts: wasm ${fmt(sums.wasm)} ms, native ${fmt(sums.native)} ms, Helm ${fmt(sums.helm)} ms; ` +
    `wasm/native geometric mean ${geo.toFixed(2)}, median ${median(ratios).toFixed(2)}, max ${Math.max(...ratios).toFixed(2)} (target <= 2)`,
);
