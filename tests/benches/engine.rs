//! Criterion benchmark of the template engine alone on the corpus: parsing every template of
//! a chart into one set, and executing it (`cargo bench -p binnacle-tests --bench engine`).
//! Chart loading and values are prepared once, outside the measured loops.

use std::path::Path;

use binnacle_core::chart::Chart;
use binnacle_core::host::SeededHost;
use binnacle_core::render::{
    self, Capabilities, ChartNode, ReleaseInfo, RenderInput, RenderOptions,
};
use binnacle_core::template::exec::Templates;
use criterion::{criterion_group, criterion_main, Criterion};

fn corpus() -> std::path::PathBuf {
    std::env::var_os("BINNACLE_CORPUS")
        .map(Into::into)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"))
}

fn prepared(id: &str) -> Option<(Chart, binnacle_core::Map)> {
    let dir = corpus().join(id).join("chart");
    let chart = binnacle::pipeline::load_chart(&dir).ok()?;
    let p = binnacle_core::values::prepare(&chart, &binnacle_core::Map::new()).ok()?;
    Some((p.chart, p.values))
}

fn all_templates(node: &ChartNode, path: &str, out: &mut Vec<(String, String)>) {
    for (name, text) in &node.templates {
        out.push((format!("{path}/{name}"), text.to_string()));
    }
    for c in &node.children {
        all_templates(c, &format!("{path}/charts/{}", c.name), out);
    }
}

fn bench(c: &mut Criterion) {
    let funcs = render::funcs::helm_func_map();
    for id in [
        "alertmanager",
        "bitnami-kafka",
        "prometheus",
        "datadog",
        "ingress-nginx",
        "cert-manager",
    ] {
        let Some((chart, values)) = prepared(id) else {
            continue;
        };
        let node = chart.render_node(true);
        let mut texts = Vec::new();
        all_templates(&node, &node.name, &mut texts);
        c.bench_function(&format!("parse/{id}"), |b| {
            b.iter(|| {
                let mut set = Templates::new(funcs.clone());
                for (name, text) in &texts {
                    set.parse(name, text).unwrap();
                }
                set
            })
        });
        c.bench_function(&format!("render/{id}"), |b| {
            b.iter(|| {
                let input = RenderInput {
                    chart: &node,
                    values: values.clone(),
                    release: ReleaseInfo::default(),
                    capabilities: Capabilities::default(),
                };
                render::render(
                    &input,
                    &mut SeededHost::default(),
                    &RenderOptions::default(),
                )
                .unwrap()
            })
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).warm_up_time(std::time::Duration::from_millis(500)).measurement_time(std::time::Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
