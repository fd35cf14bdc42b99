// Type-checks index.d.ts against typical use (tools/runtimes.mjs runs `deno check` on it).
import {
  BinnacleError,
  Chart,
  lint,
  loadChart,
  package as packageChart,
  parseValues,
  preload,
  render,
  template,
  version,
  type LintResult,
  type PackageResult,
  type RenderResult,
} from '../index.d.ts';

await preload();
const chart: Chart = loadChart({ 'Chart.yaml': 'apiVersion: v2\nname: x\nversion: 0.1.0\n' });
const r: RenderResult = render(chart, {
  releaseName: 'r',
  values: [{ a: 1 }, 'b: 2'],
  set: ['c=3'],
  now: new Date(),
  seed: 1n,
  zoneinfo: { UTC: new Uint8Array() },
  onWarning: (w: string) => console.log(w),
  renderSubchartNotes: true,
});
const out: string = template(new Uint8Array(), { includeCrds: true, showOnly: ['templates/a.yaml'] });
try {
  parseValues('a: 1');
} catch (e) {
  if (e instanceof BinnacleError && e.kind === 'render') console.log(e.file, e.line, e.column);
}
console.log(r.hooks[0]?.events, out, version().helm, chart.metadata.appVersion);
const l: LintResult = lint(chart, { strict: true, quiet: false, path: 'charts/x', set: ['a=1'] });
const p: PackageResult = packageChart(chart, { version: '1.0.0', sourceDateEpoch: 0 });
console.log(l.messages[0]?.severity, l.failed, p.fileName, p.bytes.length);
// @ts-expect-error: lint has no step budget.
lint(chart, { maxSteps: 1 });
// @ts-expect-error: options are checked by name.
render(chart, { bogus: 1 });
// @ts-expect-error: template() options are not render() options.
render(chart, { includeCrds: true });
