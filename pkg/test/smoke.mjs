// The smoke test every runtime runs (Node, Deno, workerd): load a chart, render, template,
// use the lazily loaded modules, survive an error. `b` is the package as that runtime imports it.
// Expected texts are Helm v4.2.3's for the same chart (helm template of it written to disk).

const CHART = {
  'Chart.yaml': 'apiVersion: v2\nname: smoke\nversion: 0.1.0\n',
  'values.yaml': 'who: world\n',
  'templates/cm.yaml':
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  hello: {{ .Values.who | upper | quote }}\n',
  'templates/secret.yaml': '{{- $ca := genCA "smoke" 1 }}\nkind: Secret\ntype: {{ printf "%T" $ca }}\n',
  'templates/NOTES.txt': 'hi {{ .Release.Name }}\n',
  'templates/extras.yaml': 're: {{ regexReplaceAll "o+" .Values.who "0" }}\ntoml: {{ fromToml "a = 1" | toJson }}\n',
};

function check(cond, what) {
  if (!cond) throw new Error(`smoke: ${what}`);
}

export async function smoke(b) {
  await b.preload();
  const chart = b.loadChart(CHART);
  check(chart.name === 'smoke', 'chart name');
  const r = b.render(chart, { releaseName: 'demo', set: ['who=deno'] });
  check(r.manifests['smoke/templates/cm.yaml'].endsWith('  hello: "DENO"\n'), 'render');
  check(r.manifests['smoke/templates/secret.yaml'] === '\nkind: Secret\ntype: sprig.certificate\n', 'crypto');
  check(r.notes === 'hi demo\n', 'notes');
  check(r.manifests['smoke/templates/extras.yaml'] === 're: den0\ntoml: {"a":1}\n', 'regex and toml');
  const t = b.template(chart, { showOnly: ['templates/cm.yaml'] });
  check(
    t === '---\n# Source: smoke/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: release-name\ndata:\n  hello: "WORLD"\n',
    'template',
  );
  let err;
  try {
    b.render(chart, { set: ['a[x]=1'] });
  } catch (e) {
    err = e;
  }
  check(err && err.kind === 'values' && err.message === 'failed parsing --set data: error parsing index: strconv.Atoi: parsing "x": invalid syntax', 'error');
  chart.free();
  return `smoke ok (binnacle ${b.version().binnacle})`;
}
