// The smoke test (test/smoke.mjs) in the other runtimes the package supports, each
// installed from npm into pkg/node_modules: Deno (through the node and the web entry
// points) and Cloudflare's workerd (through the workerd entry point). A runtime that is not
// installed is reported and skipped.

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const dist = join(pkg, 'dist');
const bin = (name) => join(pkg, 'node_modules/.bin', name);
let failed = 0;

function report(name, r) {
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  if (r.status === 0 && /smoke ok/.test(out)) {
    console.log(`runtimes: ${name}: ${out.split('\n').find((l) => /smoke ok/.test(l))}`);
  } else {
    failed++;
    console.log(`runtimes: ${name}: FAILED (exit ${r.status})\n${out}`);
  }
}

const tmp = mkdtempSync(join(tmpdir(), 'binnacle-runtimes-'));
try {
  if (existsSync(bin('deno'))) {
    for (const entry of ['node.js', 'web.js']) {
      const script = join(tmp, `deno-${entry}.mjs`);
      writeFileSync(
        script,
        `import { smoke } from ${JSON.stringify(pathToFileURL(join(pkg, 'test/smoke.mjs')).href)};\n` +
          `const b = await import(${JSON.stringify(pathToFileURL(join(dist, entry)).href)});\n` +
          'console.log(await smoke(b));\n',
      );
      const r = spawnSync(bin('deno'), ['run', '--no-prompt', `--allow-read=${pkg},${tmp}`, script], {
        encoding: 'utf8',
        env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
      });
      report(`deno ${spawnSync(bin('deno'), ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0]} (${entry})`, r);
    }
    // index.d.ts against typical use, with Deno's TypeScript checker.
    const r = spawnSync(bin('deno'), ['check', join(pkg, 'test/types.ts')], {
      encoding: 'utf8',
      env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
    });
    if (r.status === 0) console.log('runtimes: deno check test/types.ts: index.d.ts ok');
    else report('deno check test/types.ts', r);
  } else {
    console.log('runtimes: deno is not installed (npm ci in pkg/): skipped');
  }

  if (existsSync(bin('workerd'))) {
    // workerd bundles modules at startup: copy the package's files beside a config.
    const w = join(tmp, 'workerd');
    mkdirSync(w);
    const modules = [];
    const copyJs = (from, name) => {
      mkdirSync(join(w, name, '..'), { recursive: true });
      copyFileSync(from, join(w, name));
      modules.push(`(name = "${name}", esModule = embed "${name}")`);
    };
    for (const f of readdirSync(dist).filter((f) => f.endsWith('.js'))) copyJs(join(dist, f), f);
    const snippets = join(dist, 'snippets');
    for (const d of existsSync(snippets) ? readdirSync(snippets) : []) {
      for (const f of readdirSync(join(snippets, d))) copyJs(join(snippets, d, f), `snippets/${d}/${f}`);
    }
    for (const f of readdirSync(dist).filter((f) => f.endsWith('.wasm'))) {
      copyFileSync(join(dist, f), join(w, f));
      modules.push(`(name = "${f}", wasm = embed "${f}")`);
    }
    copyFileSync(join(pkg, 'test/smoke.mjs'), join(w, 'smoke.mjs'));
    modules.push('(name = "smoke.mjs", esModule = embed "smoke.mjs")');
    writeFileSync(
      join(w, 'worker.mjs'),
      "import * as b from './workerd.js';\nimport { smoke } from './smoke.mjs';\n" +
        'export default { async test() { console.log(await smoke(b)); } };\n',
    );
    writeFileSync(
      join(w, 'config.capnp'),
      'using Workerd = import "/workerd/workerd.capnp";\n' +
        'const config :Workerd.Config = (services = [(name = "main", worker = .smoke)]);\n' +
        'const smoke :Workerd.Worker = (\n' +
        `  modules = [(name = "worker.mjs", esModule = embed "worker.mjs"), ${modules.join(', ')}],\n` +
        '  compatibilityDate = "2026-11-01",\n' +
        ');\n',
    );
    const r = spawnSync(bin('workerd'), ['test', join(w, 'config.capnp')], { encoding: 'utf8' });
    const version = spawnSync(bin('workerd'), ['--version'], { encoding: 'utf8' }).stdout.trim();
    report(version, r);
  } else {
    console.log('runtimes: workerd is not installed (npm ci in pkg/): skipped');
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
