#!/usr/bin/env bash
# Regenerates Helm v4.2.3's expectations for tests/tests/package.rs.
#
#   show.tsv    `helm show <format> <chart>` of every fixture chart (charts/) and corpus chart:
#               chart id, format, exit status, sha256 of stdout (or Helm's error text)
#   keys/       GnuPG keyrings in the legacy binary format Helm reads: an RSA key without a
#               passphrase (rsa-*.gpg) and one with the passphrase in keys/passphrase.txt
#               (rsa-pass-*.gpg); made with gpg, so the tests also cover keys rpgp did not make
#
# Environment: BINNACLE_CORPUS (default /work/shared/corpus), HELM_BIN (a helm v4.2.3 binary;
# else tests/data/helm-bin.sh builds one). KEYS=1 also regenerates keys/ (needs gpg).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
corpus=${BINNACLE_CORPUS:-/work/shared/corpus}
HELM_BIN=$("$here/../helm-bin.sh")

out="$here/show.tsv"
: > "$out"
row() { # id dir
  for f in chart values readme crds all; do
    if "$HELM_BIN" show "$f" "$2" > /tmp/show.$$ 2>/tmp/show.err.$$; then
      printf '%s\t%s\t0\t%s\n' "$1" "$f" "$(sha256sum < /tmp/show.$$ | cut -d' ' -f1)" >> "$out"
    else
      printf '%s\t%s\t1\t%s\n' "$1" "$f" "$(sed 's/^Error: //' /tmp/show.err.$$ | tr '\n' ' ')" >> "$out"
    fi
  done
}
for d in "$here"/charts/*/; do row "fixture/$(basename "$d")" "$d"; done
for d in "$corpus"/*/chart/; do row "corpus/$(basename "$(dirname "$d")")" "$d"; done
rm -f /tmp/show.$$ /tmp/show.err.$$

if [ "${KEYS:-}" = 1 ]; then
  keys="$here/keys"
  mkdir -p "$keys"
  g=$(mktemp -d)
  export GNUPGHOME=$g
  gpg --batch --passphrase '' --quick-gen-key 'RSA Signer <rsa@example.com>' rsa2048 sign never
  gpg --export-secret-keys > "$keys/rsa-secring.gpg"
  gpg --export > "$keys/rsa-pubring.gpg"
  rm -rf "$g"; g=$(mktemp -d); export GNUPGHOME=$g
  printf 'correct horse\n' > "$keys/passphrase.txt"
  gpg --batch --pinentry-mode loopback --passphrase 'correct horse' \
    --quick-gen-key 'Locked Signer (with a passphrase) <locked@example.com>' rsa2048 sign never
  gpg --batch --pinentry-mode loopback --passphrase 'correct horse' --export-secret-keys > "$keys/rsa-pass-secring.gpg"
  gpg --export > "$keys/rsa-pass-pubring.gpg"
  rm -rf "$g"
fi
