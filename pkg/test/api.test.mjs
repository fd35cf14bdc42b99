// The package's API in Node: every option and error kind. Expected outputs come from
// Helm v4.2.3 (fixtures/expected.json, recorded by fixtures/regen.mjs) wherever Helm has
// a counterpart; the rest asserts the documented contract (index.d.ts).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
// The package by its own name: this goes through package.json's "exports" like a user's import.
import * as b from 'binnacle';
import { TEMPLATE_CASES, RENDER_CASES, LINT_CASES, PACKAGE_CASES } from './cases.mjs';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { readChartDir } from '../tools/corpus.mjs';
import { tgz } from './tar.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const expected = JSON.parse(readFileSync(here('./fixtures/expected.json'), 'utf8'));
const files = readChartDir(here('./fixtures/demo'));
const chart = b.loadChart(files);
const berlin = readFileSync(here('./fixtures/Europe-Berlin.tzif'));

/** Asserts that `f` throws a BinnacleError of `kind` (and `message`, when given). */
function throwsKind(f, kind, message) {
  assert.throws(f, (e) => {
    assert.ok(e instanceof b.BinnacleError, `not a BinnacleError: ${e}`);
    assert.equal(e.kind, kind, e.message);
    if (message instanceof RegExp) assert.match(e.message, message);
    else if (message !== undefined) assert.equal(e.message, message);
    return true;
  });
}

const mask = (s, prefixes = []) =>
  s
    .split('\n')
    .map((l) => (prefixes.some((p) => l.startsWith(p)) ? `${l.slice(0, l.indexOf(':'))}: <volatile>` : l))
    .join('\n');

/** A `---`-separated stream as a sorted list of its documents. */
const blocks = (s) => s.split(/^---\n/m).map((b) => b.trimEnd()).sort();

describe('template() equals helm template', () => {
  for (const c of TEMPLATE_CASES) {
    test(c.name, { todo: c.todo }, () => {
      const want = expected.template[c.name];
      const options = c.name === 'date functions and DNS' ? { ...c.options, zoneinfo: { 'Europe/Berlin': berlin } } : c.options;
      if (want.error === undefined) {
        assert.equal(mask(b.template(chart, options), c.volatile), mask(want.stdout, c.volatile));
        return;
      }
      assert.throws(
        () => b.template(chart, options),
        (e) => {
          assert.ok(e instanceof b.BinnacleError);
          assert.equal(e.message, want.error);
          assert.equal(e.kind, c.kind);
          // With --debug Helm prints the raw files before failing.
          if (want.stdout && c.unordered) assert.deepEqual(blocks(e.output), blocks(want.stdout));
          else if (want.stdout) assert.equal(e.output, want.stdout);
          return true;
        },
      );
    });
  }
});

describe('render() equals Helm engine output', () => {
  for (const c of RENDER_CASES) {
    test(c.name, () => {
      assert.deepEqual(b.render(chart, c.options).manifests, expected.render[c.name].manifests);
    });
  }

  test('notes and hooks', () => {
    const r = b.render(chart, { releaseName: 'rel' });
    assert.equal(r.notes, 'Thanks for installing demo as rel.\n');
    assert.deepEqual(
      r.hooks.map((h) => [h.kind, h.name, h.path, h.events, h.weight, h.deletePolicies]),
      [
        ['Pod', 'demo-rel-test', 'demo/templates/tests/test-connection.yaml', ['test'], 0, []],
        ['Job', 'demo-rel-migrate', 'demo/templates/hook.yaml', ['pre-install', 'pre-upgrade'], 5, ['hook-succeeded']],
      ],
    );
    assert.match(r.hooks[1].manifest, /^apiVersion: batch\/v1\nkind: Job\n/);
    assert.deepEqual(r.warnings, []);
    assert.equal(r.manifestError, undefined);
  });

  test('renderSubchartNotes', () => {
    const r = b.render(chart, { releaseName: 'rel', renderSubchartNotes: true });
    assert.equal(r.notes, 'Thanks for installing demo as rel.\n\nSub notes: from parent\n');
  });

  test('a document that is not YAML: manifests still, and manifestError', () => {
    const r = b.render(chart, { set: ['badYaml=true'] });
    assert.equal(r.manifests['demo/templates/checks.yaml'], '\nkey: [unclosed\n');
    assert.deepEqual(r.manifestError, {
      message: expected.template['rendered YAML is invalid, --debug'].error,
      file: 'demo/templates/checks.yaml',
    });
  });

  test('warnings reach onWarning', () => {
    const seen = [];
    const c = {
      'Chart.yaml': 'apiVersion: v2\nname: w\nversion: 0.1.0\n',
      'requirements.yaml': 'dependencies: []\n',
      'templates/a.yaml': 'a: 1\n',
    };
    const r = b.render(c, { onWarning: (w) => seen.push(w) });
    const w = 'Warning: Dependencies are handled in Chart.yaml since apiVersion "v2". We recommend migrating dependencies to Chart.yaml.';
    assert.deepEqual(r.warnings, [w]);
    assert.deepEqual(seen, [w]);
    seen.length = 0;
    b.template(c, { onWarning: (x) => seen.push(x) });
    assert.deepEqual(seen, [w]);
  });
});

describe('host: time, randomness, DNS', () => {
  const clock = { showOnly: ['templates/checks.yaml'], set: ['clock=true'] };

  test('a fixed clock, in UTC and in a time zone', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    assert.match(b.template(chart, { ...clock, now: at }), /\nnow: 2026-01-01T00:00:00 UTC\n/);
    const zoned = { ...clock, now: at, timeZone: 'Europe/Berlin', zoneinfo: { 'Europe/Berlin': berlin } };
    const out = b.template(chart, zoned);
    // Go's time.Local is the zone: `now` and `toDate` use it (Helm v4.2.3 with TZ=Europe/Berlin).
    assert.match(out, /\nnow: 2026-01-01T01:00:00 CET\n/);
    assert.match(out, /\nlocal: 2026-07-01T00:00:00 CEST\n/);
    for (const now of [Date.parse('2026-01-01T00:00:00Z'), '2026-01-01T00:00:00Z', 1_767_225_600_000_000_000n]) {
      assert.match(b.template(chart, { ...clock, now }), /\nnow: 2026-01-01T00:00:00 UTC\n/);
    }
  });

  test('the real clock by default', () => {
    const year = new Date().getUTCFullYear();
    assert.match(b.template(chart, clock), new RegExp(`\\nnow: ${year}-`));
  });

  test('hosts answer getHostByName; other names are ""', () => {
    assert.match(b.template(chart, clock), /\nhost: ""/);
    assert.match(b.template(chart, { ...clock, hosts: { 'db.example.test': '10.1.2.3' } }), /\nhost: "10.1.2.3"/);
  });

  test('seeded randomness is reproducible; unseeded is not', () => {
    const opts = { showOnly: ['templates/checks.yaml'], set: ['random=true'] };
    const a = b.template(chart, { ...opts, seed: 42 });
    assert.equal(b.template(chart, { ...opts, seed: 42 }), a);
    assert.equal(b.template(chart, { ...opts, seed: 42n }), a);
    assert.notEqual(b.template(chart, { ...opts, seed: 43 }), a);
    const x = b.template(chart, opts);
    assert.notEqual(b.template(chart, opts), x);
    assert.match(x, /\nrandom: [A-Za-z0-9]{16}\nuuid: [0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\n/);
  });

  test('crypto functions (the lazily loaded module)', () => {
    const opts = { showOnly: ['templates/checks.yaml'], set: ['tls=true'] };
    const out = b.template(chart, opts);
    const pem = (line) => Buffer.from(out.match(new RegExp(`\\n${line}: (\\S+)`))[1], 'base64').toString();
    assert.match(pem('ca'), /^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n$/);
    assert.match(pem('cert'), /^-----BEGIN CERTIFICATE-----\n/);
    assert.match(out, /\ntype: sprig.certificate\n/);
    const seeded = { ...opts, seed: 7, now: new Date('2026-01-01T00:00:00Z') };
    assert.equal(b.template(chart, seeded), b.template(chart, seeded));
    assert.doesNotThrow(() => b.preload('crypto'));
  });
});

describe('loading charts', () => {
  test('metadata, files and default values', () => {
    assert.deepEqual(chart.metadata, {
      name: 'demo',
      version: '1.2.3',
      appVersion: '4.5',
      apiVersion: 'v2',
      description: "The npm package's test chart.",
      type: '',
      kubeVersion: '',
      deprecated: false,
    });
    assert.equal(chart.name, 'demo');
    assert.equal(chart.version, '1.2.3');
    assert.deepEqual(chart.subcharts, ['sub']);
    assert.deepEqual(chart.templates, [
      'templates/NOTES.txt',
      'templates/_helpers.tpl',
      'templates/checks.yaml',
      'templates/configmap.yaml',
      'templates/hook.yaml',
      'templates/tests/test-connection.yaml',
    ]);
    assert.deepEqual(chart.files, ['crds/widgets.yaml']);
    assert.deepEqual(chart.values, { greeting: 'hello', list: ['a', 'b'], replicas: 1, sub: { enabled: true, note: 'from parent' } });
    assert.equal(chart.hasSchema, false);
  });

  test('a .tgz, a Map, strings, ArrayBuffers and a top directory all load the same chart', () => {
    const want = b.template(chart, {});
    const entries = Object.entries(files);
    const archive = tgz(entries.map(([n, d]) => [`demo/${n}`, d]));
    assert.equal(b.template(b.loadChart(archive), {}), want);
    assert.equal(b.template(b.loadChart(archive.buffer), {}), want);
    assert.equal(b.template(new Map(entries), {}), want);
    const strings = Object.fromEntries(entries.map(([n, d]) => [n, d.toString('utf8')]));
    assert.equal(b.template(strings, {}), want);
    const prefixed = Object.fromEntries(entries.map(([n, d]) => [`demo/${n}`, d]));
    assert.equal(b.template(prefixed, {}), want);
    const shuffled = Object.fromEntries([...entries].reverse());
    assert.equal(b.template(shuffled, {}), want);
  });

  test('free() releases a chart; Symbol.dispose too', () => {
    const c = b.loadChart(files);
    c.free();
    throwsKind(() => b.render(c), 'input', 'this chart was freed');
    const d = b.loadChart(files);
    d[Symbol.dispose]();
    throwsKind(() => b.template(d), 'input', 'this chart was freed');
  });

  test('load errors carry Helm\'s text', () => {
    throwsKind(() => b.loadChart({ 'templates/a.yaml': 'a: 1' }), 'load', 'Chart.yaml file is missing');
    throwsKind(() => b.loadChart({ 'Chart.yaml': 'name: x\n' }), 'load', 'validation: chart.metadata.version is required');
    throwsKind(() => b.loadChart({ 'Chart.yaml': 'a: [' }), 'load', /^cannot load Chart.yaml: /);
    throwsKind(() => b.loadChart({ '../Chart.yaml': 'a' }), 'load', 'chart file path "../Chart.yaml" is not inside the chart');
    throwsKind(() => b.loadChart({ 'Chart.yaml': 'a', './Chart.yaml': 'b' }), 'load', 'chart file path "Chart.yaml" is given twice');
  });
});

describe('values', () => {
  test('parseValues reads YAML as Helm\'s -f does', () => {
    assert.deepEqual(b.parseValues('a: 1\nb: [x, 2.5]\n---\nc: {d: true}\non: yes\n'), {
      a: 1,
      b: ['x', 2.5],
      c: { d: true },
      true: true,
    });
    assert.deepEqual(b.parseValues(''), {});
    throwsKind(
      () => b.parseValues('a: [\n'),
      'values',
      'cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 1: did not find expected node content',
    );
    throwsKind(() => b.parseValues(1), 'input');
  });

  test('a values object reads like a JSON values file: numbers are float64', () => {
    const out = b.template(chart, { values: { replicas: 2, list: [1] }, showOnly: ['templates/configmap.yaml'] });
    assert.match(out, /types: "float64 \[\]interface \{\}"/);
    const yaml = b.template(chart, { values: 'replicas: 2\nlist: [1]\n', showOnly: ['templates/configmap.yaml'] });
    assert.equal(out, yaml);
  });

  test('values arrays apply in order, after valueFiles', () => {
    const o = b.render(chart, { valueFiles: { 'a.yaml': 'greeting: a' }, values: ['greeting: b', { greeting: 'c' }] });
    assert.match(o.manifests['demo/templates/configmap.yaml'], /\\"greeting\\":\\"c\\"/);
  });
});

describe('errors', () => {
  test('a template failure names its file, line and column', () => {
    assert.throws(
      () => b.render(chart, { set: ['fail=true'] }),
      (e) => {
        assert.equal(e.kind, 'render');
        assert.equal(e.message, 'execution error at (demo/templates/checks.yaml:1:25): boom');
        assert.equal(e.file, 'demo/templates/checks.yaml');
        assert.equal(e.line, 1);
        assert.equal(typeof e.column, 'number');
        assert.deepEqual(Object.keys(e.toJSON()), ['kind', 'message', 'file', 'line', 'column']);
        return true;
      },
    );
  });

  test('a parse error names its file and line', () => {
    const c = { 'Chart.yaml': 'apiVersion: v2\nname: p\nversion: 0.1.0\n', 'templates/a.yaml': 'a\n{{ if }}' };
    assert.throws(
      () => b.render(c),
      (e) => e.kind === 'render' && e.message === 'parse error at (p/templates/a.yaml:2): missing value for if' && e.file === 'p/templates/a.yaml' && e.line === 2,
    );
  });

  test('bad options are input errors', () => {
    throwsKind(() => b.render(chart, { nope: 1 }), 'input', 'unknown option "nope" for render');
    throwsKind(() => b.template(chart, { renderSubchartNotes: true }), 'input', 'unknown option "renderSubchartNotes" for template');
    throwsKind(() => b.render(chart, { includeCrds: true }), 'input', 'unknown option "includeCrds" for render');
    throwsKind(() => b.render(chart, { revision: 1.5 }), 'input', 'option "revision" must be an integer');
    throwsKind(() => b.render(chart, { set: 'a=1' }), 'input', 'option "set" must be an array of strings');
    throwsKind(() => b.render(chart, { isUpgrade: 'yes' }), 'input', 'option "isUpgrade" must be a boolean');
    throwsKind(() => b.render(chart, { values: 5 }), 'input', 'option "values" must be an object, YAML text, or an array of them');
    throwsKind(() => b.render(chart, { now: 'never' }), 'input', 'option "now" is not a valid time');
    throwsKind(() => b.render(chart, { seed: 1.5 }), 'input', 'option "seed" must be an integer or a bigint');
    throwsKind(() => b.render(chart, { maxSteps: -1 }), 'input', 'option "maxSteps" must be a positive integer, 0 or Infinity');
    throwsKind(() => b.render(chart, { zoneinfo: { UTC: 'x' } }), 'input', 'option "zoneinfo" must be an object of TZif data (Uint8Array)');
    throwsKind(() => b.render(chart, { onWarning: 1 }), 'input', 'option "onWarning" must be a function');
    throwsKind(() => b.render(chart, []), 'input', 'render options must be an object');
    throwsKind(() => b.loadChart(42), 'input');
    throwsKind(() => b.loadChart({ 'Chart.yaml': 42 }), 'input', 'chart file "Chart.yaml" must be a string or a Uint8Array');
  });

  test('a step budget stops long executions', () => {
    throwsKind(() => b.render(chart, { maxSteps: 3 }), 'render', /template execution stopped after 3 steps \(its budget\)/);
    assert.doesNotThrow(() => b.render(chart, { maxSteps: Infinity }));
    assert.doesNotThrow(() => b.render(chart, { maxSteps: 0 }));
  });

  test('bad lint and package options', () => {
    throwsKind(() => b.lint(chart, { bogus: 1 }), 'input', 'unknown option "bogus" for lint');
    throwsKind(() => b.lint(chart, { maxSteps: 1 }), 'input', 'unknown option "maxSteps" for lint');
    throwsKind(() => b.package(chart, { values: {} }), 'input', 'unknown option "values" for package');
  });

  test('version', () => {
    assert.deepEqual(b.version(), { binnacle: '0.1.0', helm: 'v4.2.3' });
  });
});

describe('values.schema.json', () => {
  // Expected messages from Helm v4.2.3 (helm-oracle render with the same --set values).
  const schemaChart = {
    'Chart.yaml': 'apiVersion: v2\nname: sch\nversion: 0.1.0\n',
    'values.yaml': 'replicas: 1\nname: x\n',
    'values.schema.json':
      '{"$schema":"https://json-schema.org/draft-07/schema#","type":"object","required":["name"],' +
      '"properties":{"replicas":{"type":"integer","minimum":1},"name":{"type":"string"}}}\n',
    'templates/t.yaml': 'r: {{ .Values.replicas }}\n',
  };
  const head = "values don't meet the specifications of the schema(s) in the following chart(s):\nsch:\n";
  const cases = [
    { set: ['replicas=0'], error: `${head}- at '/replicas': minimum: got 0, want 1\n` },
    { set: ['name=null', 'replicas=abc'], error: `${head}- at '': missing property 'name'\n- at '/replicas': got string, want integer\n` },
  ];
  for (const c of cases) {
    test(`--set ${c.set.join(' ')}`, () => {
      throwsKind(() => b.render(schemaChart, { set: c.set }), 'schema', c.error);
      assert.equal(b.render(schemaChart, { set: c.set, skipSchemaValidation: true }).manifests['sch/templates/t.yaml'].slice(0, 3), 'r: ');
    });
  }
  test('valid values render', () => {
    assert.equal(b.render(schemaChart, { set: ['replicas=3'] }).manifests['sch/templates/t.yaml'], 'r: 3\n');
    assert.equal(b.loadChart(schemaChart).hasSchema, true);
  });
});

describe('lint() equals helm lint', () => {
  for (const c of LINT_CASES) {
    test(c.name, () => {
      const want = expected.lint[c.name];
      const r = b.lint(chart, { path: 'fixtures/demo', ...c.options });
      assert.deepEqual(
        { errors: r.errors, messages: r.messages, total_charts_linted: r.total_charts_linted },
        want.report,
      );
      assert.equal(r.text, want.stdout);
      assert.equal(r.failed, want.error !== null);
      if (want.error !== null) assert.equal(r.summary, want.error);
    });
  }

  // Expected reports from Helm v4.2.3 (helm-oracle lint of the same files on disk).
  test('a broken Chart.yaml is a finding', () => {
    const parse = 'error converting YAML to JSON: yaml: line 1: did not find expected node content';
    const r = b.lint({ 'Chart.yaml': 'name: [\n', 'values.yaml': 'a: 1\n', 'templates/t.yaml': 'x: 1\n' }, { path: '<chart>' });
    const errors = [
      `unable to parse YAML\n\t${parse}`,
      `cannot load Chart.yaml: ${parse}`,
      `unable to load chart\n\tcannot load Chart.yaml: ${parse}`,
    ];
    assert.deepEqual(r.errors, errors);
    assert.deepEqual(
      r.messages,
      [['Chart.yaml', errors[0]], ['templates/', errors[1]], ['', errors[2]]].map(([path, error]) => ({ error, path, severity: 3 })),
    );
    assert.equal(r.total_charts_linted, 1);
    assert.equal(r.failed, true);
  });

  test('no Chart.yaml is an error of the lint run', () => {
    const r = b.lint({ 'values.yaml': 'a: 1\n', 'templates/t.yaml': 'x: 1\n' }, { path: '<chart>' });
    assert.deepEqual(
      { errors: r.errors, messages: r.messages, total_charts_linted: r.total_charts_linted },
      {
        errors: ['unable to check Chart.yaml file in chart: stat <chart>/Chart.yaml: no such file or directory'],
        messages: [],
        total_charts_linted: 0,
      },
    );
  });

  test('an archive that does not load is a load error', () => {
    throwsKind(() => b.lint(new Uint8Array([1, 2, 3])), 'load');
  });

  test('the chart name is the default path', () => {
    assert.match(b.lint(chart).text, /^==> Linting demo\n/);
  });
});

describe('package() equals helm package', () => {
  for (const c of PACKAGE_CASES) {
    test(c.name, () => {
      const want = expected.package[c.name];
      const p = b.package(chart, c.options);
      assert.equal(p.fileName, want.fileName);
      assert.equal(createHash('sha256').update(p.bytes).digest('hex'), p.sha256);
      assert.equal(createHash('sha256').update(gunzipSync(p.bytes)).digest('hex'), want.tarSha256);
      // The archive loads back as the same chart.
      assert.equal(b.template(b.loadChart(p.bytes), {}), b.template(chart, {}).replaceAll('1.2.3', c.options.version ?? '1.2.3'));
    });
  }

  test('package errors are Helm\'s', () => {
    throwsKind(() => b.package(chart, { version: 'not-semver' }), 'package', /^Invalid Semantic Version$|invalid/i);
  });
});
