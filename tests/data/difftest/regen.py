"""Fills tests/data/difftest/regressions.jsonl with Helm v4.2.3's answer for every case in
cases.jsonl (each one a divergence difftest once found). Run from the repository root:
  python3 tests/data/difftest/regen.py ../shared/oracle/helm-oracle"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

oracle = sys.argv[1] if len(sys.argv) > 1 else "../shared/oracle/helm-oracle"
here = Path(__file__).parent
cases = [json.loads(l) for l in (here / "cases.jsonl").read_text().splitlines() if l.strip()]
with tempfile.TemporaryDirectory() as tmp:
    chart = Path(tmp) / "dt"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: dt\nversion: 0.1.0\n")
    proc = subprocess.Popen([oracle, "serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    out = []
    for c in cases:
        (chart / "templates" / "t.yaml").write_text(c["template"])
        proc.stdin.write(json.dumps({"op": "render", "chart": str(chart), "values": c["values"], "name": "demo"}) + "\n")
        proc.stdin.flush()
        a = json.loads(proc.stdout.readline())
        ok = a.get("ok", False)
        c["ok"] = ok
        c["helm"] = a["manifests"]["dt/templates/t.yaml"] if ok else a["message"]
        out.append(json.dumps(c, ensure_ascii=False))
    proc.stdin.close()
    proc.wait()
(here / "regressions.jsonl").write_text("\n".join(out) + "\n")
print(f"{len(out)} regression cases written")
