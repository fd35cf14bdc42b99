// Test cases that have a Helm counterpart: each runs `helm template` (or the oracle's
// engine-level render) with `helm` arguments, and the package with `options`. Their expected
// outputs, recorded from Helm v4.2.3 by fixtures/regen.mjs, are in fixtures/expected.json.
// Paths are relative to pkg/test/ (where regen.mjs runs helm).

import { readFileSync } from 'node:fs';

const here = (p) => new URL(p, import.meta.url);
const text = (p) => readFileSync(here(p), 'utf8');

export const CHART = 'fixtures/demo';

/** `helm template [args] fixtures/demo` against `template(chart, options)`. */
export const TEMPLATE_CASES = [
  { name: 'defaults', helm: [], options: {} },
  {
    name: 'release and capabilities',
    helm: ['rel', '-n', 'ns', '--is-upgrade', '--kube-version', '1.30.2', '--api-versions', 'example.com/v1'],
    options: {
      releaseName: 'rel',
      namespace: 'ns',
      isUpgrade: true,
      kubeVersion: '1.30.2',
      apiVersions: ['example.com/v1'],
    },
  },
  {
    name: 'values from files, objects and every --set flavour',
    helm: [
      '-f', 'fixtures/v1.yaml',
      '-f', 'fixtures/v2.json',
      '--set', 'replicas=3,list[1]=c',
      '--set-string', 'str=007',
      '--set-json', 'json={"a":[1,2]}',
      '--set-literal', 'lit=a,b',
      '--set-file', 'file=fixtures/file.txt',
    ],
    options: {
      valueFiles: { 'fixtures/v1.yaml': text('fixtures/v1.yaml') },
      values: JSON.parse(text('fixtures/v2.json')),
      set: ['replicas=3,list[1]=c'],
      setString: ['str=007'],
      setJson: ['json={"a":[1,2]}'],
      setLiteral: ['lit=a,b'],
      setFile: ['file=fixtures/file.txt'],
      files: { 'fixtures/file.txt': text('fixtures/file.txt') },
    },
  },
  { name: 'include CRDs', helm: ['--include-crds'], options: { includeCrds: true } },
  { name: 'no hooks', helm: ['--no-hooks'], options: { noHooks: true } },
  { name: 'skip tests', helm: ['--skip-tests'], options: { skipTests: true } },
  {
    name: 'show only',
    helm: ['-s', 'templates/configmap.yaml', '-s', 'charts/sub/templates/service.yaml'],
    options: { showOnly: ['templates/configmap.yaml', 'charts/sub/templates/service.yaml'] },
  },
  { name: 'subchart disabled', helm: ['--set', 'sub.enabled=false'], options: { set: ['sub.enabled=false'] } },
  { name: 'date functions and DNS', helm: ['-s', 'templates/checks.yaml', '--set', 'clock=true'], options: { showOnly: ['templates/checks.yaml'], set: ['clock=true'] }, volatile: ['now: '] },
  {
    name: 'regex and TOML functions (lazily loaded modules)',
    helm: ['-s', 'templates/checks.yaml', '--set', 'extras=true'],
    options: { showOnly: ['templates/checks.yaml'], set: ['extras=true'] },
  },
  // Failures: `error` is what Helm prints after "Error: ".
  { name: 'regex error', helm: ['--set', 'badRegex=true'], options: { set: ['badRegex=true'] }, kind: 'render' },
  { name: 'show-only names no template', helm: ['-s', 'templates/nope.yaml'], options: { showOnly: ['templates/nope.yaml'] }, kind: 'manifest' },
  {
    name: 'invalid kube version',
    helm: ['--kube-version', 'abc'],
    options: { kubeVersion: 'abc' },
    kind: 'input',
  },
  { name: 'values file not YAML', helm: ['-f', 'fixtures/bad.yaml'], options: { valueFiles: { 'fixtures/bad.yaml': text('fixtures/bad.yaml') } }, kind: 'values' },
  { name: '--set grammar', helm: ['--set', 'a[x]=1'], options: { set: ['a[x]=1'] }, kind: 'values' },
  { name: '--set-file of a missing file', helm: ['--set-file', 'a=fixtures/missing.txt'], options: { setFile: ['a=fixtures/missing.txt'] }, kind: 'values' },
  { name: 'fail in a template', helm: ['--set', 'fail=true'], options: { set: ['fail=true'] }, kind: 'render' },
  { name: 'rendered YAML is invalid', helm: ['--set', 'badYaml=true'], options: { set: ['badYaml=true'] }, kind: 'manifest' },
  // Helm prints the raw files in Go map order (random); compared as a set of blocks.
  { name: 'rendered YAML is invalid, --debug', helm: ['--set', 'badYaml=true', '--debug'], options: { set: ['badYaml=true'], debug: true }, kind: 'manifest', unordered: true },
];

/** The oracle's engine-level render (`helm-oracle render`) against `render(chart, options)`. */
export const RENDER_CASES = [
  { name: 'engine defaults', oracle: [], options: { releaseName: 'demo' } },
  {
    name: 'engine upgrade',
    oracle: ['--name', 'rel', '--namespace', 'ns', '--revision', '3', '--upgrade'],
    options: { releaseName: 'rel', namespace: 'ns', revision: 3, isUpgrade: true },
  },
  {
    name: 'engine values',
    // Not `--set` with numbers: the oracle passes values to Helm's SDK through JSON, so
    // they arrive as float64 where `helm template --set` makes int64.
    oracle: ['-f', 'fixtures/v1.yaml', '--set', 'greeting=x', '--set-string', 'n=1', '--set-json', 'j=[1]'],
    options: {
      releaseName: 'demo',
      valueFiles: { 'fixtures/v1.yaml': text('fixtures/v1.yaml') },
      set: ['greeting=x'],
      setString: ['n=1'],
      setJson: ['j=[1]'],
    },
  },
];

/** `helm lint [flags] fixtures/demo` (its output) and the oracle's lint (its report). */
export const LINT_CASES = [
  { name: 'lint defaults', helm: [], oracle: [], options: {} },
  { name: 'lint --strict', helm: ['--strict'], oracle: ['--strict'], options: { strict: true } },
  {
    name: 'lint: a template renders invalid YAML',
    helm: ['-f', 'fixtures/lint-bad-yaml.yaml'],
    oracle: ['-f', 'fixtures/lint-bad-yaml.yaml'],
    options: { valueFiles: { 'fixtures/lint-bad-yaml.yaml': text('fixtures/lint-bad-yaml.yaml') } },
  },
  {
    name: 'lint --quiet: a template fails',
    helm: ['--quiet', '-f', 'fixtures/lint-bad-regex.yaml'],
    oracle: ['-f', 'fixtures/lint-bad-regex.yaml'],
    options: { quiet: true, valueFiles: { 'fixtures/lint-bad-regex.yaml': text('fixtures/lint-bad-regex.yaml') } },
  },
];

/**
 * The oracle's `package` against `package(chart, options)`. Helm stamps entries with the
 * files' mtimes, so regen.mjs packages a copy whose files all carry `mtime` (Unix seconds);
 * `package()` stamps `sourceDateEpoch`, or 0 without it. The gzip bodies differ by design
 * (COMPATIBILITY.md), so the tar streams inside are compared.
 */
export const PACKAGE_CASES = [
  { name: 'package', mtime: 0, oracle: [], options: {} },
  {
    name: 'package --version --app-version, SOURCE_DATE_EPOCH',
    mtime: 1700000000,
    oracle: ['--version', '9.9.9', '--app-version', 'x'],
    options: { version: '9.9.9', appVersion: 'x', sourceDateEpoch: 1700000000 },
  },
];
