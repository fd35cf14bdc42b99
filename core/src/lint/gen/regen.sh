#!/usr/bin/env bash
# Regenerates ../deprecations_table.rs from the Kubernetes modules (fetched from the Go
# module proxy) at the versions Helm v4.2.3 pins.
set -euo pipefail
cd "$(dirname "$0")"
go mod tidy >/dev/null
go run .
