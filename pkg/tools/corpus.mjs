// The conformance corpus as the runners see it (same layout and rules as
// tests/src/conformance.rs): cases, chart files in Helm's walk order, comparison.

import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

function readJson(p) {
  return JSON.parse(readFileSync(p, 'utf8'));
}

/**
 * Every case under `corpus`, sorted by name: `{name, chart, values, expected, incomplete}`.
 * `missingDependencies(chartDir)` answers `[name, dir]` pairs of the dependencies
 * `Chart.yaml` declares that are not under `charts/` (it needs the package, so the runner
 * passes it); `incomplete` says why a case cannot be reproduced from this copy, as
 * tests/src/conformance.rs decides it.
 */
export function discover(corpus, missingDependencies = () => []) {
  const ids = readdirSync(corpus)
    .filter((id) => existsSync(join(corpus, id, 'chart')) && existsSync(join(corpus, id, 'expected')))
    .sort();
  const cases = [];
  for (const id of ids) {
    const dir = join(corpus, id);
    const chart = join(dir, 'chart');
    const expected = join(dir, 'expected');
    const missing = missingDependencies(chart);
    let variants = [];
    try {
      variants = readdirSync(join(dir, 'values')).filter((f) => /\.ya?ml$/.test(f));
    } catch {
      // No values directory: only lint.
    }
    variants.sort();
    for (const file of variants) {
      const variant = file.replace(/\.[^.]*$/, '');
      const render = join(expected, `${variant}.render.json`);
      const error = join(expected, `${variant}.error.json`);
      let exp;
      if (existsSync(render)) {
        const unstablePath = join(expected, `${variant}.unstable.json`);
        exp = {
          render: readJson(render),
          unstable: existsSync(unstablePath) ? readJson(unstablePath) : [],
        };
      } else if (existsSync(error)) {
        exp = { error: readJson(error).message ?? '' };
      } else {
        continue;
      }
      const incomplete = exp.render ? incompleteRender(missing, exp.render) : null;
      cases.push({ name: `${id}/${variant}`, chart, values: join(dir, 'values', file), expected: exp, incomplete });
    }
    const lint = join(expected, 'lint.json');
    if (existsSync(lint)) {
      const report = readJson(lint);
      // Helm's lint reports missing dependencies itself; a recorded report without that
      // finding was made from a complete copy.
      const incomplete =
        missing.length > 0 && !JSON.stringify(report).includes('missing these dependencies') ? lacks(missing) : null;
      cases.push({ name: `${id}/lint`, chart, values: null, expected: { lint: report }, incomplete });
    }
  }
  return cases;
}

function lacks(missing) {
  return `Helm recorded it with vendored dependencies this copy of the chart lacks under charts/: ${missing
    .map(([n]) => n)
    .join(', ')}`;
}

/** A render expectation needs a missing dependency when it holds templates from it. */
function incompleteRender(missing, manifests) {
  const needed = missing.filter(([, dir]) => Object.keys(manifests).some((k) => k.includes(`/charts/${dir}/`)));
  return needed.length > 0 ? lacks(needed) : null;
}

/** A chart directory's files, `{path: bytes}` (symbolic links followed, as Helm does). */
export function readChartDir(dir) {
  const out = {};
  const walk = (abs, rel) => {
    for (const name of readdirSync(abs).sort()) {
      const p = join(abs, name);
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(p).isDirectory()) walk(p, r);
      else out[r] = readFileSync(p);
    }
  };
  walk(dir, '');
  return out;
}

function firstDifference(want, got) {
  const w = want.split('\n');
  const g = got.split('\n');
  for (let i = 0; i < Math.max(w.length, g.length); i++) {
    if (w[i] !== g[i]) {
      return `line ${i + 1}:\n-helm     ${JSON.stringify(w[i] ?? '<end>')}\n+binnacle ${JSON.stringify(g[i] ?? '<end>')}`;
    }
  }
  return '(texts differ only in invisible bytes)';
}

function deepEqual(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Compares an outcome (`{rendered}`, `{failed}` or `{linted}`) with a case's expectation:
 * `null` when they agree, else a report whose first line is the summary.
 */
export function compare(c, got, sameShape) {
  const e = c.expected;
  if (e.render && got.rendered) {
    const want = e.render;
    const out = got.rendered;
    const missing = Object.keys(want).filter((k) => !(k in out));
    const extra = Object.keys(out).filter((k) => !(k in want));
    if (missing.length || extra.length) {
      return ['template sets differ:', ...missing.map((m) => `  only in Helm:     ${m}`), ...extra.map((x) => `  only in Binnacle: ${x}`)].join('\n');
    }
    for (const name of Object.keys(want).sort()) {
      if (e.unstable.includes(name)) {
        const why = sameShape(want[name], out[name]);
        if (why) return `${name}: YAML shape differs (${why})`;
        continue;
      }
      if (want[name] !== out[name]) return `${name}:\n${firstDifference(want[name], out[name])}`;
    }
    return null;
  }
  if (e.render && 'failed' in got) return `Helm rendered, Binnacle refused:\n${got.failed}`;
  if ('error' in e && 'failed' in got) {
    const norm = (m) => m.split(c.chart).join('<chart>');
    const w = norm(e.error);
    const g = norm(got.failed);
    return w === g ? null : `error message differs:\n${firstDifference(w, g)}`;
  }
  if ('error' in e && got.rendered) return `Helm refused, Binnacle rendered. Helm said:\n${e.error}`;
  if (e.lint && got.linted) return deepEqual(e.lint, got.linted) ? null : 'lint report differs';
  if (e.lint && 'failed' in got) return `lint failed to run: ${got.failed}`;
  return 'internal: outcome of the wrong kind';
}
