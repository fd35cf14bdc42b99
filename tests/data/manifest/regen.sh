#!/usr/bin/env bash
# Regenerates Helm v4.2.3's expected output for the manifest tests (tests/tests/manifest.rs).
#
#   corpus/<id>.manifest  the release manifest `helm-oracle manifest` returns for the chart's
#                         default values (documents split, sorted by kind, hooks removed)
#   corpus/<id>.notes     the release notes it returns
#   corpus/<id>.error     instead of the three, when Helm's install action refuses the chart
#   corpus/<id>.hooks     what `helm template demo <chart>` prints after the manifest (the hooks),
#                         from a helm v4.2.3 binary built from the official Go module
#   probe/render.json     `helm-oracle render` of probe/chart (the engine output the test feeds in)
#   probe/<case>.out      `helm template demo probe/chart <flags>` stdout
#   probe/<case>.err      its stderr (slog lines, `Error: ...`)
#
# Templates with random output (the corpus's expected/default.unstable.json) change on every
# run; the test compares their documents by `# Source:` line only.
# Only corpus charts whose default variant renders (no expected/default.error.json) are used.
# Environment: BINNACLE_CORPUS (default /work/shared/corpus), HELM_ORACLE (default
# /work/shared/oracle/helm-oracle), HELM_BIN (a helm v4.2.3 binary; else tests/data/helm-bin.sh builds one).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
corpus=${BINNACLE_CORPUS:-/work/shared/corpus}
oracle=${HELM_ORACLE:-/work/shared/oracle/helm-oracle}
HELM_BIN=$("$here/../helm-bin.sh")

rm -rf "$here/corpus"
mkdir -p "$here/corpus"
for dir in "$corpus"/*/; do
  id=$(basename "$dir")
  [ -f "$dir/expected/default.render.json" ] || continue
  [ -f "$dir/expected/default.error.json" ] && continue
  "$oracle" manifest "$dir/chart" > "$here/corpus/$id.json"
  "$HELM_BIN" template demo "$dir/chart" --namespace default > "$here/corpus/$id.template" 2>/dev/null || true
  python3 - "$here/corpus/$id" <<'PY'
import json, sys
base = sys.argv[1]
out = json.load(open(base + ".json"))
if not out.get("ok"):
    # Install refuses some charts the engine renders (missing dependencies): keep the reason.
    open(base + ".error", "w").write(out["message"] + "\n")
    sys.exit(0)
open(base + ".manifest", "w").write(out["manifest"])
open(base + ".notes", "w").write(out["notes"])
stream = open(base + ".template").read()
prefix = out["manifest"].strip() + "\n"
hooks = stream[len(prefix):] if stream.startswith(prefix) else None
if hooks is None:
    # Random templates render differently each time: cut after as many "# Source:" blocks
    # as the oracle's manifest has.
    n = out["manifest"].count("---\n# Source: ")
    parts = stream.split("---\n# Source: ")
    hooks = "".join("---\n# Source: " + p for p in parts[n + 1:])
    print(f"{base}: template output differs from the oracle manifest (random templates?)", file=sys.stderr)
open(base + ".hooks", "w").write(hooks)
PY
  rm -f "$here/corpus/$id.json" "$here/corpus/$id.template"
done

probe=$here/probe
"$oracle" render "$probe/chart" --name demo > "$probe/render.json"
run() {
  local name=$1; shift
  "$HELM_BIN" template demo "$probe/chart" "$@" > "$probe/$name.out" 2> "$probe/$name.err" || true
}
run default
run crds-skip-tests --include-crds --skip-tests
run no-hooks --no-hooks
run show-test -s templates/tests/t.yaml
run show-many -s templates/hooks.yaml -s templates/cm.yaml2 -s 'templates/*.yaml2'
run show-missing -s nope.yaml
run show-bad-glob -s 'templates/['
run show-crds --include-crds -s 'crds/*' -s 'charts/*/crds/*'
run show-sub --include-crds -s 'charts/*/templates/*'

# --output-dir: stdout, stderr, and the files left behind ("=== <path>" headers, sorted).
# "outdir-twice" runs twice into one directory (hooks append to files left by the first run).
outdir() {
  local name=$1; shift
  local tmp; tmp=$(mktemp -d)
  (
    cd "$tmp"
    if [ "$name" = outdir-twice ]; then "$HELM_BIN" template demo "$probe/chart" "$@" > /dev/null 2>&1 || true; fi
    "$HELM_BIN" template demo "$probe/chart" "$@" > "$probe/$name.out" 2> "$probe/$name.err" || true
    find . -type f | sort | while read -r f; do printf '=== %s\n' "${f#./}"; cat "$f"; done > "$probe/$name.files"
  )
  rm -rf "$tmp"
}
outdir outdir-release --include-crds --output-dir out/ --release-name
outdir outdir-twice --output-dir out
outdir outdir-show --output-dir ./out --release-name -s templates/cm.yaml

# `helm install --dry-run` from its HOOKS: section on (the lines above carry a timestamp).
"$HELM_BIN" install demo "$probe/chart" --dry-run=client 2>/dev/null | sed -n '/^HOOKS:$/,$p' > "$probe/install-dry-run.out"
"$HELM_BIN" install demo "$probe/chart" --dry-run=client --hide-secret 2>/dev/null | sed -n '/^HOOKS:$/,$p' > "$probe/install-hide-secret.out"
