#!/usr/bin/env bash
# Prints the path of a helm v4.2.3 binary for the scripts that record Helm's output:
# $HELM_BIN when set, else ~/.cache/binnacle/helm-v4.2.3/helm, built from the official Go
# module (`go install helm.sh/helm/v4/cmd/helm@v4.2.3`) the first time.
set -euo pipefail
if [ -n "${HELM_BIN:-}" ]; then
  echo "$HELM_BIN"
  exit 0
fi
bin=$HOME/.cache/binnacle/helm-v4.2.3
if [ ! -x "$bin/helm" ]; then
  mkdir -p "$bin"
  GOBIN=$bin go install helm.sh/helm/v4/cmd/helm@v4.2.3 >&2
fi
echo "$bin/helm"
