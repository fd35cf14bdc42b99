#!/usr/bin/env bash
# Records what the real `helm` v4.2.3 prints for each command line in cases.jsonl
# (native/tests/helm_cli.rs replays them against `binnacle`): expected.jsonl, one line per
# case with its exit code, stdout and stderr.
#
# Each case runs in this directory with an environment of PATH, HOME=./home (its kubeconfig
# is home/.kube/config) and the case's own variables, nothing else. This directory's absolute
# path is written as $DIR, and ../shared/corpus's as $CORPUS.
# Environment: HELM_BIN (a helm v4.2.3 binary; else tests/data/helm-bin.sh builds one).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
HELM_BIN=$("$here/../../../../tests/data/helm-bin.sh")
cd "$here"
python3 - "$HELM_BIN" <<'PY'
import json, os, subprocess, sys
helm = sys.argv[1]
out = []
for line in open("cases.jsonl"):
    case = json.loads(line)
    env = {"PATH": os.environ["PATH"], "HOME": os.path.abspath("home")}
    env.update(case.get("env", {}))
    p = subprocess.run([helm] + case["args"], env=env, capture_output=True, timeout=120)
    here = os.getcwd()
    corpus = os.path.realpath(os.path.join(here, "../../../../../shared/corpus"))
    case["code"] = p.returncode
    # This directory's absolute path is $DIR and the corpus's $CORPUS: the test puts its own in.
    clean = lambda b: b.decode("utf-8", "replace").replace(corpus, "$CORPUS").replace(here, "$DIR")
    case["stdout"] = clean(p.stdout)
    case["stderr"] = clean(p.stderr)
    out.append(json.dumps(case, ensure_ascii=False))
open("expected.jsonl", "w").write("\n".join(out) + "\n")
print(f"{len(out)} cases recorded")
PY
