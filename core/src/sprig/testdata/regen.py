#!/usr/bin/env python3
"""Refreshes oracle_cases.txt from the real Helm (the oracle's `serve` verb).

Each non-comment line is `TEMPLATE => EXPECTED` (or just TEMPLATE, for a new case).
EXPECTED is the rendered text as a JSON string, or `ERR` and Helm's error message as a JSON
string. Usage: python3 regen.py [oracle_cases.txt]
"""
import json, os, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "oracle_cases.txt")
oracle = os.environ.get("HELM_ORACLE_DIR", "/work/shared/oracle")
# The values tests.rs gives every case.
values = {"f": 1.5, "n": 3, "z": 0, "s": "str", "e": "", "nl": None,
          "m": {"a": 1, "b": {"c": "d"}}, "em": {}, "l": [1, "two", 3.5], "el": [],
          "t": True, "fa": False}

py = subprocess.check_output([os.path.join(oracle, "setup")]).decode().strip()
proc = subprocess.Popen([py, "-B", os.path.join(oracle, "oracle.py"), "serve"],
                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
chart = tempfile.mkdtemp()
os.makedirs(os.path.join(chart, "templates"))
with open(os.path.join(chart, "Chart.yaml"), "w") as f:
    f.write("apiVersion: v2\nname: x\nversion: 0.1.0\n")

out = []
for line in open(path, encoding="utf-8").read().splitlines():
    if not line.strip() or line.startswith("#"):
        out.append(line)
        continue
    template = line.split(" => ", 1)[0]
    with open(os.path.join(chart, "templates", "t.yaml"), "w", encoding="utf-8") as f:
        f.write(template)
    proc.stdin.write(json.dumps({"op": "render", "chart": chart, "values": values}) + "\n")
    proc.stdin.flush()
    r = json.loads(proc.stdout.readline())
    if r.get("ok"):
        out.append(template + " => " + json.dumps(r["manifests"]["x/templates/t.yaml"]))
    else:
        out.append(template + " => ERR " + json.dumps(r.get("message", "")))
proc.stdin.close()
with open(path, "w", encoding="utf-8") as f:
    f.write("\n".join(out) + "\n")
