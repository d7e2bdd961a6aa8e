#!/usr/bin/env bash
# Installs what the benchmarks need: PostgreSQL with pg_trgm (postgresql, postgresql-contrib),
# GNU time, and the Python packages in bench/peers/requirements.txt. Run as root.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
ls /usr/share/postgresql/*/extension/pg_trgm.control >/dev/null 2>&1 || need+=(postgresql-contrib)
[[ -x /usr/bin/time ]] || need+=(time)
command -v taskset >/dev/null || need+=(util-linux)
if ((${#need[@]})); then
  flock /tmp/apt.lock apt-get install -y "${need[@]}"
fi
python3 -m pip install -r "$HERE/peers/requirements.txt"
