#!/usr/bin/env python3
# Generates [input-description-json, expected] lines for toYaml (op marshal) or toYamlPretty (op pretty).
import json, os, subprocess, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from cases_write import W
op, dest = sys.argv[1], sys.argv[2]
p = subprocess.Popen([os.path.join(HERE, "gprobe")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
out = []; seen = set()
for v in W:
    d = json.dumps(v, ensure_ascii=True, sort_keys=True)
    if d in seen: continue
    seen.add(d)
    answers = set()
    for _ in range(40 if isinstance(v, dict) and len(v) > 1 else 1):
        p.stdin.write(json.dumps({"op": op, "in": v}) + "\n"); p.stdin.flush()
        line = p.stdout.readline(); answers.add(line)
    if len(answers) > 1:
        print("nondeterministic in Go, skipped:", d[:100]); continue
    a = json.loads(line)
    exp = "ERR " + a["err"] if "err" in a else a.get("out", "PANIC " + str(a.get("panic")))
    out.append(json.dumps([d, exp], ensure_ascii=True))
open(dest, "w").write("\n".join(out) + "\n")
print(len(out), "cases")
