#!/usr/bin/env bash
# Load benchmark of `markwatch serve`: sustained `/api/search` throughput on loopback.
#
# Starts the release binary with `--public-read --register INDEX` on a free 127.0.0.1 port over a
# throwaway database, runs `wrk` (Debian package `wrk`) with `serve_load.lua` cycling the queries
# of QUERIES (first column, URL-encoded), once per connection count in CONNS, for DURATION each,
# then stops the server (SIGTERM, graceful shutdown) and prints a summary.
#
# Environment (defaults):
#   MARKWATCH  release binary          (target/release/markwatch; built if missing)
#   INDEX      register index          (bench/out/j/register.idx; built from REGISTER if missing)
#   REGISTER   records for the index   (bench/data/register.jsonl)
#   QUERIES    queries TSV             (bench/data/queries.tsv)
#   CONNS      connection counts       ("2 8")
#   DURATION   per run                 (30s)
#   THREADS    wrk threads             (2)
#   OUT_DIR    results                 (bench/out/serve)
# Output: OUT_DIR/wrk_c<N>.txt (wrk's report with the latency distribution), OUT_DIR/serve.log.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
MARKWATCH="${MARKWATCH:-$root/target/release/markwatch}"
INDEX="${INDEX:-$here/out/j/register.idx}"
REGISTER="${REGISTER:-$here/data/register.jsonl}"
QUERIES="${QUERIES:-$here/data/queries.tsv}"
CONNS="${CONNS:-2 8}"
DURATION="${DURATION:-30s}"
THREADS="${THREADS:-2}"
OUT_DIR="${OUT_DIR:-$here/out/serve}"

command -v wrk >/dev/null || { echo "serve_load.sh: wrk not found (apt-get install -y wrk)" >&2; exit 2; }
[ -f "$QUERIES" ] || { echo "serve_load.sh: $QUERIES missing (run bench/gen_register.py)" >&2; exit 2; }
if [ ! -x "$MARKWATCH" ]; then
  (cd "$root" && cargo build --release --locked -p markwatch)
fi
mkdir -p "$OUT_DIR"
if [ ! -f "$INDEX" ]; then
  [ -f "$REGISTER" ] || { echo "serve_load.sh: neither $INDEX nor $REGISTER exists" >&2; exit 2; }
  INDEX="$OUT_DIR/register.idx"
  [ -f "$INDEX" ] || "$MARKWATCH" index "$REGISTER" --out "$INDEX"
fi

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# A free loopback port: bind port 0, read what the kernel picked, release it.
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
"$MARKWATCH" serve --db "$work/serve.db" --bind "127.0.0.1:$port" --public-read \
  --register "$INDEX" 2>"$OUT_DIR/serve.log" &
server_pid=$!

# Wait (bounded, 120 s) until the index is open and the server answers.
for _ in $(seq 1 240); do
  if curl -fs -o /dev/null "http://127.0.0.1:$port/api/search?q=test"; then break; fi
  kill -0 "$server_pid" 2>/dev/null || { echo "serve_load.sh: server exited, see $OUT_DIR/serve.log" >&2; exit 1; }
  sleep 0.5
done
curl -fsS -o /dev/null "http://127.0.0.1:$port/api/search?q=test" \
  || { echo "serve_load.sh: server not ready after 120 s" >&2; exit 1; }

# The query paths, URL-encoded, one a line, for the Lua script.
python3 - "$QUERIES" "$work/paths.txt" <<'PY'
import sys, urllib.parse
with open(sys.argv[1], encoding="utf-8") as f, open(sys.argv[2], "w", encoding="utf-8") as out:
    for line in f:
        q = line.rstrip("\n").split("\t")[0]
        if q:
            out.write("/api/search?q=" + urllib.parse.quote(q, safe="") + "\n")
PY

echo "# $(date -u +%FT%TZ) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), index $INDEX" | tee "$OUT_DIR/summary.txt"
for c in $CONNS; do
  t="$THREADS"; [ "$c" -lt "$t" ] && t="$c"
  # --timeout bounds each request; `timeout` bounds the run.
  PATHS_FILE="$work/paths.txt" timeout 120 wrk -t"$t" -c"$c" -d"$DURATION" --timeout 5s --latency \
    -s "$here/serve_load.lua" "http://127.0.0.1:$port" >"$OUT_DIR/wrk_c$c.txt"
  rps="$(awk '/^Requests\/sec/ {print $2}' "$OUT_DIR/wrk_c$c.txt")"
  p50="$(awk '$1=="50%" {print $2}' "$OUT_DIR/wrk_c$c.txt")"
  p99="$(awk '$1=="99%" {print $2}' "$OUT_DIR/wrk_c$c.txt")"
  non2xx="$(awk '/Non-2xx/ {print $NF}' "$OUT_DIR/wrk_c$c.txt")"
  echo "connections=$c threads=$t duration=$DURATION req/s=$rps p50=$p50 p99=$p99 non-2xx=${non2xx:-0} load=$(cut -d' ' -f1-3 /proc/loadavg)" \
    | tee -a "$OUT_DIR/summary.txt"
done
