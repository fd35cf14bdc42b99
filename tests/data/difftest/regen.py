"""Fills tests/data/difftest/regressions.jsonl with Helm v4.2.3's answer for every case in
cases.jsonl (each one a divergence difftest once found). Run from the repository root:
  python3 tests/data/difftest/regen.py ../shared/oracle/helm-oracle"""
import ast
import codecs
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

oracle = sys.argv[1] if len(sys.argv) > 1 else "../shared/oracle/helm-oracle"

# Each byte that is not UTF-8 reads as one U+FFFD, as Go's readers and Binnacle show it.
codecs.register_error("go_replace", lambda e: ("\ufffd", e.start + 1))


def helm_text(message):
    """The oracle's Python binding cannot decode a Helm error holding bytes that are not
    UTF-8 and answers with `UnicodeDecodeError('utf-8', b'...', ...)`; the bytes literal is
    still Helm's message (difftest reads it back the same way)."""
    prefix = "UnicodeDecodeError('utf-8', "
    if not message.startswith(prefix):
        return message
    rest = message[len(prefix):]
    quote = rest[1]
    end = 2
    while rest[end] != quote:
        end += 2 if rest[end] == "\\" else 1
    raw = ast.literal_eval(rest[: end + 1])
    return raw.decode("utf-8", "go_replace")

here = Path(__file__).parent
cases = [json.loads(l) for l in (here / "cases.jsonl").read_text().splitlines() if l.strip()]
with tempfile.TemporaryDirectory() as tmp:
    chart = Path(tmp) / "dt"
    # The chart difftest renders in (Chart.yaml and files for .Files), then the template.
    shutil.copytree(here / "chart", chart)
    (chart / "templates").mkdir(parents=True)
    proc = subprocess.Popen([oracle, "serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    out = []
    for c in cases:
        (chart / "templates" / "t.yaml").write_text(c["template"])
        proc.stdin.write(json.dumps({"op": "render", "chart": str(chart), "values": c["values"], "name": "demo"}) + "\n")
        proc.stdin.flush()
        a = json.loads(proc.stdout.readline())
        ok = a.get("ok", False)
        c["ok"] = ok
        c["helm"] = a["manifests"]["dt/templates/t.yaml"] if ok else helm_text(a["message"])
        out.append(json.dumps(c, ensure_ascii=False))
    proc.stdin.close()
    proc.wait()
(here / "regressions.jsonl").write_text("\n".join(out) + "\n")
print(f"{len(out)} regression cases written")
