#!/usr/bin/env bash
# Records what Helm v4.2.3 makes of the playground's example charts, for the engine's tests:
# <example>[.<variant>].render.json (engine-level map) and .manifest.json (release manifest
# and NOTES) and .lint.json (`helm lint` findings), with release name `release-name` in namespace `default` (the playground's
# defaults). Variants take their user values from <example>.<variant>.values.yaml.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
examples="$here/../../examples"
oracle="${HELM_ORACLE:-$here/../../../../shared/oracle/helm-oracle}"
[ -x "$oracle" ] || oracle=/work/shared/oracle/helm-oracle
for dir in "$examples"/*/; do
  name=$(basename "$dir")
  "$oracle" render "$dir" --name release-name >"$here/$name.render.json"
  "$oracle" manifest "$dir" --name release-name >"$here/$name.manifest.json"
  "$oracle" lint "$dir" >"$here/$name.lint.json"
  for v in "$here/$name".*.values.yaml; do
    [ -e "$v" ] || continue
    variant=$(basename "$v" .values.yaml)
    "$oracle" render "$dir" --name release-name -f "$v" >"$here/$variant.render.json"
    "$oracle" manifest "$dir" --name release-name -f "$v" >"$here/$variant.manifest.json"
  done
done
