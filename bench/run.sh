#!/usr/bin/env bash
# Runs the whole search benchmark: data (if missing or made with other sizes), markwatch,
# rapidfuzz, pg_trgm; then prints the comparison table (bench/report.py).
#
# Env: N (register size, default 1000000), QUERIES (default 1000), GAZETTE (default 25000),
#      SEED (default 1), DATA_DIR (default bench/data), OUT_DIR (default bench/out),
#      SKIP_MARKWATCH=1, SKIP_RAPIDFUZZ=1, SKIP_PG=1,
#      RAPIDFUZZ_SCORERS (default "WRatio ratio"), RAPIDFUZZ_MAX_QUERIES (default all),
#      PG_THRESHOLDS (default "0.3 0.1"), PG_GIST=1 (also the GiST k-NN form).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
N="${N:-1000000}"; NQ="${QUERIES:-1000}"; NG="${GAZETTE:-25000}"; SEED="${SEED:-1}"
DATA="${DATA_DIR:-$HERE/data}"
export OUT_DIR="${OUT_DIR:-$HERE/out}"
mkdir -p "$DATA" "$OUT_DIR"
stamp="$DATA/.params"
want="n=$N queries=$NQ gazette=$NG seed=$SEED"
if [[ ! -f "$DATA/register.jsonl" || "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
  python3 "$HERE/gen_register.py" --n "$N" --queries "$NQ" --gazette "$NG" --seed "$SEED" \
    --out "$DATA"
  echo "$want" > "$stamp"
fi

if [[ -z "${SKIP_MARKWATCH:-}" ]]; then
  "$HERE/markwatch_bench.sh" "$DATA/register.jsonl" "$DATA/queries.tsv" "$DATA/gazette.jsonl" \
    || echo "markwatch benchmark did not complete (exit $?)" >&2
fi
if [[ -z "${SKIP_RAPIDFUZZ:-}" ]]; then
  args=(--register "$DATA/register.jsonl" --queries "$DATA/queries.tsv" --out-dir "$OUT_DIR")
  for s in ${RAPIDFUZZ_SCORERS:-WRatio ratio}; do args+=(--scorer "$s"); done
  [[ -n "${RAPIDFUZZ_MAX_QUERIES:-}" ]] && args+=(--max-queries "$RAPIDFUZZ_MAX_QUERIES")
  python3 "$HERE/peers/rapidfuzz_bench.py" "${args[@]}"
fi
if [[ -z "${SKIP_PG:-}" ]]; then
  "$HERE/peers/pg_trgm_bench.sh" "$DATA/register.jsonl" "$DATA/queries.tsv"
fi
echo
python3 "$HERE/report.py" "$OUT_DIR"
