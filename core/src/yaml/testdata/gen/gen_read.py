#!/usr/bin/env python3
# Generates [input, expected] JSON lines for the reader from gprobe (go-yaml v2.4.3 + sigs.k8s.io/yaml v1.6.0).
import json, os, subprocess, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from cases_read import C
p = subprocess.Popen([os.path.join(HERE, "gprobe")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
out = []
seen = set()
for s in C:
    if s in seen: continue
    seen.add(s)
    answers = set()
    for _ in range(40):
        p.stdin.write(json.dumps({"op": "unmarshal", "in": s}) + "\n"); p.stdin.flush()
        line = p.stdout.readline(); answers.add(line)
    if len(answers) > 1:
        print("nondeterministic in Go, skipped:", repr(s)); continue
    a = json.loads(line)
    exp = "ERR " + a["err"] if "err" in a else a.get("out", "PANIC " + str(a.get("panic")))
    out.append(json.dumps([s, exp], ensure_ascii=True))
open(sys.argv[1], "w").write("\n".join(out) + "\n")
print(len(out), "cases")
