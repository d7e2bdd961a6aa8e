#!/usr/bin/env bash
# markwatch on the generated data: index build, batch search, gazette screen.
#
# 1. cargo build --release -p markwatch
# 2. markwatch index REGISTER --out bench/out/register.idx      (wall time, peak RSS, file size)
# 3. markwatch search --register bench/out/register.idx --queries <one query a line> --top 10
#    --format json, pinned to one CPU; recall@10 and p50/p99 from per-query "took_us" when the
#    output has it; otherwise the mean time per query, (full run - one-query run) / (n - 1),
#    in wall and CPU time (GNU time)
# 4. markwatch screen GAZETTE --register bench/out/register.idx --format jsonl on 2 CPUs
#    (wall time, peak RSS, recall of the planted copies)
# Figures are printed and written to bench/out/markwatch_*.json.
#
# Usage: bench/markwatch_bench.sh [REGISTER.jsonl [QUERIES.tsv [GAZETTE.jsonl]]]
# Env:   SKIP_BUILD=1 (use the existing target/release/markwatch), SKIP_INDEX=1 (reuse the index),
#        SKIP_SCREEN=1, MARKWATCH=/path/to/markwatch, OUT_DIR (default bench/out)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
REGISTER="${1:-$HERE/data/register.jsonl}"
QUERIES="${2:-$HERE/data/queries.tsv}"
GAZETTE="${3:-$HERE/data/gazette.jsonl}"
EXPECT="${GAZETTE%.jsonl}_expect.tsv"
OUT_DIR="${OUT_DIR:-$HERE/out}"
mkdir -p "$OUT_DIR"
IDX="$OUT_DIR/register.idx"
TIME=/usr/bin/time
[[ -x "$TIME" ]] || { echo "error: $TIME missing (run bench/setup.sh: apt package 'time')" >&2; exit 2; }
for f in "$REGISTER" "$QUERIES"; do
  [[ -r "$f" ]] || { echo "error: cannot read $f (run bench/gen_register.py)" >&2; exit 2; }
done

if [[ -z "${MARKWATCH:-}" ]]; then
  if [[ -z "${SKIP_BUILD:-}" ]]; then
    (cd "$ROOT" && cargo build --release --locked -p markwatch)
  fi
  MARKWATCH="$(cd "$ROOT" && cargo metadata --format-version 1 --no-deps 2>/dev/null \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/release/markwatch"
fi
[[ -x "$MARKWATCH" ]] || { echo "error: $MARKWATCH not built" >&2; exit 2; }
if ! "$MARKWATCH" search --help 2>/dev/null | grep -q -- '--queries'; then
  echo "error: this markwatch has no 'search --queries' yet; nothing to measure" >&2
  exit 3
fi

# Fields of GNU time -v output.
tv_wall() { awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$1"; }
tv_cpu() { awk -F': ' '/User time \(seconds\)|System time \(seconds\)/ {s+=$2} END {print s}' "$1"; }
tv_rss_mb() { awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$1"; }

if [[ -z "${SKIP_INDEX:-}" || ! -f "$IDX" ]]; then
  echo "markwatch: index $REGISTER" >&2
  "$TIME" -v -o "$OUT_DIR/index.time" "$MARKWATCH" index "$REGISTER" --out "$IDX"
  INDEX_S="$(tv_wall "$OUT_DIR/index.time")"
  INDEX_RSS="$(tv_rss_mb "$OUT_DIR/index.time")"
  INDEX_MB="$(python3 -c "import os,sys; print(round(os.path.getsize(sys.argv[1])/1e6,1))" "$IDX")"
  NMARKS="$(grep -c . "$REGISTER")"
  INDEX_CPU="$(tv_cpu "$OUT_DIR/index.time")"
  printf '{"tool":"markwatch index","register_size":%s,"index_build_s":%s,"cpu_s":%s,"index_mb":%s,"peak_rss_mb":%s}\n' \
    "$NMARKS" "$INDEX_S" "$INDEX_CPU" "$INDEX_MB" "$INDEX_RSS" > "$OUT_DIR/markwatch_index.json"
  echo "markwatch index: ${INDEX_S} s, ${INDEX_MB} MB, peak RSS ${INDEX_RSS} MB" >&2
fi

cut -f1 "$QUERIES" > "$OUT_DIR/queries.txt"
NQ="$(wc -l < "$OUT_DIR/queries.txt")"
# A one-query run first: its time is the fixed cost (start-up, opening the index, loading the
# normalizer tables), subtracted from the full run to get the time per query.
head -1 "$OUT_DIR/queries.txt" > "$OUT_DIR/queries1.txt"
taskset -c 0 "$TIME" -v -o "$OUT_DIR/search1.time" "$MARKWATCH" search --register "$IDX" \
  --queries "$OUT_DIR/queries1.txt" --top 10 --format json > /dev/null
echo "markwatch: search $NQ queries on one CPU" >&2
taskset -c 0 "$TIME" -v -o "$OUT_DIR/search.time" "$MARKWATCH" search --register "$IDX" \
  --queries "$OUT_DIR/queries.txt" --top 10 --format json > "$OUT_DIR/markwatch_search.jsonl"
W1="$(tv_wall "$OUT_DIR/search1.time")"; WN="$(tv_wall "$OUT_DIR/search.time")"
C1="$(tv_cpu "$OUT_DIR/search1.time")"; CN="$(tv_cpu "$OUT_DIR/search.time")"
python3 "$HERE/markwatch_eval.py" search "$QUERIES" "$OUT_DIR/markwatch_search.jsonl" \
  "$WN" "$OUT_DIR/markwatch_search.json" \
  "peak_rss_mb=$(tv_rss_mb "$OUT_DIR/search.time")" cores=1 "startup_s=$W1" "cpu_s=$CN" \
  "startup_cpu_s=$C1" \
  "mean_ms=$(python3 -c "import sys; w1,wn,n=map(float,sys.argv[1:]); print(round((wn-w1)*1000/max(1,n-1),3))" "$W1" "$WN" "$NQ")" \
  "cpu_mean_ms=$(python3 -c "import sys; c1,cn,n=map(float,sys.argv[1:]); print(round((cn-c1)*1000/max(1,n-1),3))" "$C1" "$CN" "$NQ")"

if [[ -z "${SKIP_SCREEN:-}" ]]; then
  if [[ ! -r "$GAZETTE" || ! -r "$EXPECT" ]]; then
    echo "error: $GAZETTE or $EXPECT missing (bench/gen_register.py --gazette 25000)" >&2
    exit 2
  fi
  echo "markwatch: screen $(grep -c . "$GAZETTE") filings against the register on 2 CPUs" >&2
  set +e
  "$TIME" -v -o "$OUT_DIR/screen.time" "$MARKWATCH" screen "$GAZETTE" --register "$IDX" \
    --format jsonl > "$OUT_DIR/markwatch_screen.jsonl" 2> "$OUT_DIR/markwatch_screen.stderr"
  rc=$?
  set -e
  if [[ $rc -ne 0 ]]; then
    echo "error: markwatch screen exited $rc:" >&2
    tail -5 "$OUT_DIR/markwatch_screen.stderr" >&2
    exit 1
  fi
  python3 "$HERE/markwatch_eval.py" screen "$EXPECT" "$OUT_DIR/markwatch_screen.jsonl" "$GAZETTE" \
    "$OUT_DIR/markwatch_screen.json" "wall_s=$(tv_wall "$OUT_DIR/screen.time")" \
    "peak_rss_mb=$(tv_rss_mb "$OUT_DIR/screen.time")" "cpu_s=$(tv_cpu "$OUT_DIR/screen.time")" cores=2
fi
