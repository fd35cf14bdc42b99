"""Times Helm v4.2.3 (its Go SDK in-process, through helm-python-sdk) loading and rendering
one chart: `python oracle_bench.py CHART_DIR VALUES_FILE RUNS [WARMUP]` prints one JSON line
with each run's seconds and the process's peak RSS. A fresh load per run, after WARMUP
untimed runs (default 1)."""
import json
import resource
import sys
import time
from pathlib import Path

import helm_python as helm

chart, values_file, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
warmup = max(1, int(sys.argv[4])) if len(sys.argv) > 4 else 1
text = Path(values_file).read_text()
values = helm.values_from_yaml(text) if text.strip() else {}


def once():
    with helm.Chart.load(chart) as loaded:
        loaded.render(values, name="demo", namespace="default")


for _ in range(warmup):
    once()
times = []
for _ in range(runs):
    t = time.perf_counter()
    once()
    times.append(time.perf_counter() - t)
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"times": times, "peak_kb": peak_kb}))
