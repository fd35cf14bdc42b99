#!/usr/bin/env bash
# Builds the "unseen" conformance corpus (charts found in Go module zips) into OUTDIR.
#
#   tests/data/unseen/build.sh OUTDIR [ID ...]
#
# For every <id>/SOURCE here (or only the ids given): downloads the pinned module@version
# through the Go module proxy into a cache outside the repository, copies the chart directory
# to OUTDIR/<id>/chart (writable), applies the adjustments listed below, copies values/ and
# SOURCE, copies capabilities.json from ../shared/corpus, then writes every expected/ file
# with the reference Helm (../shared/oracle/helm-oracle-regen). See README.md.
#
# Environment: BINNACLE_GOPATH (module cache, default ~/.cache/binnacle/unseen-gopath),
# GO (go binary, default `go` from PATH or /usr/local/go/bin/go).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)

if [ $# -lt 1 ] || [ "$1" = -h ] || [ "$1" = --help ]; then
  echo "usage: $0 OUTDIR [ID ...]" >&2
  exit 2
fi
mkdir -p "$1"
out=$(cd "$1" && pwd)
shift

gopath=${BINNACLE_GOPATH:-$HOME/.cache/binnacle/unseen-gopath}
go=${GO:-$(command -v go || echo /usr/local/go/bin/go)}
[ -x "$go" ] || { echo "build.sh: no go binary (tried PATH and /usr/local/go/bin/go)" >&2; exit 1; }
capabilities=$here/../../../../shared/corpus/capabilities.json
regen=$repo/../shared/oracle/helm-oracle-regen
[ -f "$capabilities" ] || { echo "build.sh: missing $capabilities" >&2; exit 1; }
[ -x "$regen" ] || { echo "build.sh: missing $regen" >&2; exit 1; }

# Chart directories vendored by hand into chart/charts/<basename>, as module-relative paths:
# what `helm dependency build` would do for the chart's file:// dependencies (see SOURCE notes).
declare -A vendor=(
  [istio-ambient-vendored]="manifests/charts/base manifests/charts/istio-cni manifests/charts/istio-control/istio-discovery manifests/charts/ztunnel"
)

if [ $# -gt 0 ]; then
  ids=("$@")
else
  ids=()
  for s in "$here"/*/SOURCE; do ids+=("$(basename "$(dirname "$s")")"); done
fi

field() { sed -n "s/^$1: *//p" "$2" | head -n1; }

# Neutral working directory for `go mod download` (no go.mod above it).
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

declare -A moddir=()
module_dir() { # module@version -> $dir, its extracted directory in the module cache
  local m=$1 json
  if [ -z "${moddir[$m]:-}" ]; then
    echo "download $m" >&2
    if ! json=$(cd "$work" && GOPATH=$gopath GOFLAGS=-mod=mod GOTOOLCHAIN=local "$go" mod download -json "$m"); then
      printf 'build.sh: go mod download %s failed:\n%s\n' "$m" "$json" >&2
      exit 1
    fi
    moddir[$m]=$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": *"\(.*\)",\{0,1\}$/\1/p')
    [ -d "${moddir[$m]}" ] || { printf 'build.sh: no Dir for %s in:\n%s\n' "$m" "$json" >&2; exit 1; }
  fi
  dir=${moddir[$m]}
}

copy_dir() { # copy a module-cache directory and make the copy writable
  cp -R "$1" "$2"
  chmod -R u+w "$2"
}

for id in "${ids[@]}"; do
  src=$here/$id
  [ -f "$src/SOURCE" ] || { echo "build.sh: unknown id $id" >&2; exit 1; }
  module=$(field module "$src/SOURCE")
  path=$(field path "$src/SOURCE")
  module_dir "$module"
  [ -d "$dir/$path" ] || { echo "build.sh: $id: no $path in $module" >&2; exit 1; }

  dest=$out/$id
  rm -rf "$dest"
  mkdir -p "$dest"
  copy_dir "$dir/$path" "$dest/chart"
  for dep in ${vendor[$id]:-}; do
    mkdir -p "$dest/chart/charts"
    copy_dir "$dir/$dep" "$dest/chart/charts/$(basename "$dep")"
  done
  cp -R "$src/values" "$dest/values"
  cp "$src/SOURCE" "$dest/SOURCE"
  echo "$id: $module $path" >&2
done

cp "$capabilities" "$out/capabilities.json"
chmod u+w "$out/capabilities.json"

cd "$repo"
HELM_CORPUS=$out ../shared/oracle/helm-oracle-regen "$@"
