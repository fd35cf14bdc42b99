// `cargo xtask conformance --wasm`: every corpus case rendered by the WebAssembly build in
// Node and compared with Helm's recorded output, as the native runner does. Prints one line
// (and a short report) per failing case, then `conformance: N passed, M failed`. Cases
// whose recorded output needs vendored dependencies missing from the corpus copy are listed
// as `NOT RUN` and counted apart, as the native runner does.
//
// usage: node conformance.mjs --corpus DIR [--filter TEXT] [--dist DIR]

import { readFileSync, realpathSync } from 'node:fs';
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

/** Dependencies `Chart.yaml` declares with no chart under `charts/`: `[name, dir]`. */
function missingDependencies(dir) {
  let chart;
  try {
    chart = b.loadChart(readChartDir(dir));
  } catch {
    return [];
  }
  try {
    const meta = b.parseValues(readFileSync(`${dir}/Chart.yaml`, 'utf8'));
    const deps = Array.isArray(meta.dependencies) ? meta.dependencies : [];
    return deps
      .filter((d) => d && typeof d.name === 'string' && !chart.subcharts.includes(d.name))
      .map((d) => [d.name, typeof d.alias === 'string' && d.alias !== '' ? d.alias : d.name]);
  } catch {
    return [];
  } finally {
    chart.free();
  }
}

/** `helm lint DIR` as Helm's SDK reports it, with the directory written `<chart>`. */
function lintCase(dir) {
  const path = resolve(dir);
  const r = b.lint(readChartDir(dir), { path });
  let text = JSON.stringify({ errors: r.errors, messages: r.messages, total_charts_linted: r.total_charts_linted });
  // As the native runner: Helm prints the absolute path; the corpus writes `<chart>`.
  const forms = [path];
  try {
    forms.push(realpathSync(dir));
  } catch {
    // Only the absolute form.
  }
  for (const f of forms) {
    const inner = JSON.stringify(f).slice(1, -1);
    if (inner) text = text.split(inner).join('<chart>');
  }
  return JSON.parse(text);
}

function runCase(c) {
  try {
    if (c.expected.lint) {
      return { linted: lintCase(c.chart) };
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
let notRun = 0;
for (const c of discover(corpus, missingDependencies)) {
  if (filter && !c.name.includes(filter)) continue;
  if (c.incomplete) {
    notRun++;
    console.log(`NOT RUN ${c.name}: ${c.incomplete}`);
    continue;
  }
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
if (notRun > 0) {
  console.log(`conformance: ${passed} passed, ${failed} failed, ${notRun} not run (corpus input incomplete)`);
} else {
  console.log(`conformance: ${passed} passed, ${failed} failed`);
}
process.exitCode = failed > 0 ? 1 : 0;
