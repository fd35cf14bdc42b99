// Hostile input: every case ends with a BinnacleError, never a trap, a hang or a crashed
// process, and the package keeps working afterwards. Helm v4.2.3's messages where it has
// them (the archive limits, the include guard).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as b from 'binnacle';
import { tgz } from './tar.mjs';

const CHART_YAML = 'apiVersion: v2\nname: x\nversion: 0.1.0\n';
const one = (tpl) => ({ 'Chart.yaml': CHART_YAML, 'templates/t.yaml': tpl });

function throwsKind(f, kind, message) {
  assert.throws(f, (e) => {
    assert.ok(e instanceof b.BinnacleError, `not a BinnacleError: ${e && e.stack}`);
    assert.equal(e.kind, kind, e.message);
    if (message instanceof RegExp) assert.match(e.message, message);
    else if (message !== undefined) assert.equal(e.message, message);
    return true;
  });
}

function stillWorks() {
  assert.equal(b.render(one('ok: {{ 1 }}')).manifests['x/templates/t.yaml'], 'ok: 1');
}

test('garbage bytes as a .tgz', () => {
  throwsKind(() => b.loadChart(randomBytes(4096)), 'load');
  throwsKind(() => b.loadChart(new Uint8Array(0)), 'load');
  // A gzip stream of garbage, and a tar of garbage.
  throwsKind(() => b.loadChart(tgz([['x/Chart.yaml', randomBytes(100)]])), 'load');
  stillWorks();
});

test('a 60 MB file in a 60 KB archive', () => {
  const bomb = tgz([['bomb/Chart.yaml', CHART_YAML], ['bomb/big.bin', 60 * 1024 * 1024]]);
  assert.ok(bomb.length < 200_000);
  // Helm v4.2.3: the per-file limit.
  throwsKind(() => b.loadChart(bomb), 'load', 'decompressed chart file "bomb/big.bin" is larger than the maximum file size 5242880');
  stillWorks();
});

test('110 MB of files in a 110 KB archive', () => {
  const files = [['bomb/Chart.yaml', CHART_YAML]];
  for (let i = 0; i < 25; i++) files.push([`bomb/f${i}.bin`, 4.5 * 1024 * 1024]);
  // Helm v4.2.3: the total limit.
  throwsKind(() => b.loadChart(tgz(files)), 'load', 'decompressed chart is larger than the maximum size 104857600');
  stillWorks();
});

test('a chart of files too large to load', () => {
  throwsKind(
    () => b.loadChart({ 'Chart.yaml': CHART_YAML, 'big.txt': new Uint8Array(6 * 1024 * 1024) }),
    'load',
    'chart file "big.txt" is larger than the maximum file size 5242880',
  );
});

test('a template including itself forever', () => {
  // Helm v4.2.3 stops at 1,000 nested includes with a 92 KB message ending in its guard's
  // words. JavaScript engines give WebAssembly about 1 MB of native stack, which runs out
  // after 500 to 650 levels: then the package answers a `limit` error instead (a documented
  // divergence from the native build).
  assert.throws(
    () => b.render(one('{{ define "r" }}{{ include "r" . }}{{ end }}{{ include "r" . }}')),
    (e) =>
      e instanceof b.BinnacleError &&
      ((e.kind === 'render' && e.message.endsWith('rendering template has a nested reference name: r: unable to execute template')) ||
        (e.kind === 'limit' && /nests too deeply/.test(e.message))),
  );
  stillWorks();
});

test('deep recursion through tpl ends with an error, and the package recovers', () => {
  const chart = b.loadChart(one('ok'));
  const deep = one('{{ define "r" }}{{ tpl "{{ include \\"r\\" . }}" . }}{{ end }}{{ include "r" . }}');
  assert.throws(
    () => b.render(deep),
    (e) => e instanceof b.BinnacleError && ['limit', 'render'].includes(e.kind),
  );
  stillWorks();
  // A chart loaded before the module was reset is reloaded transparently.
  assert.equal(b.render(chart).manifests['x/templates/t.yaml'], 'ok');
});

test('deeply nested values', () => {
  const deep = 'a: '.repeat(1) + '['.repeat(20000) + ']'.repeat(20000) + '\n';
  assert.throws(() => b.parseValues(deep), (e) => e instanceof b.BinnacleError);
  stillWorks();
});

test('a template that loops is stopped by the default step budget', () => {
  const loop = one('{{ range until 10000 }}{{ range until 10000 }}{{ range until 10000 }}{{ $x := 1 }}{{ end }}{{ end }}{{ end }}');
  throwsKind(() => b.render(loop), 'render', /template execution stopped after 10000000 steps \(its budget\)$/);
  stillWorks();
});

test('huge values in a template', () => {
  throwsKind(() => b.render(one('{{ until 1000000000 | len }}')), 'render', /error calling until/);
  throwsKind(() => b.render(one('{{ "x" | repeat 1000000000 }}')), 'render');
  stillWorks();
});
