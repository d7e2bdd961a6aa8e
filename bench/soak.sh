#!/usr/bin/env bash
# Soak run of `markwatch serve` (issue 9): on loopback, SECONDS of mixed search, screen and review
# traffic while gazette files arrive in its `--gazette-dir`; samples the server's RSS every 10 s,
# counts non-2xx answers, and checks at the end that every alert exists exactly once against
# `markwatch screen --watch` run offline on the same files. The work is in bench/soak.py.
#
#     nice -n 10 bench/soak.sh            # 10 minutes
#     SECONDS_TO_RUN=30 bench/soak.sh     # the quick version
#
# Environment (defaults):
#   MARKWATCH       release binary       (target/release/markwatch; built if missing)
#   SECONDS_TO_RUN  traffic duration     (600)
#   GAZETTE         filings to slice     (bench/data/gazette.jsonl, else examples/filings.jsonl)
#   REGISTER        records for search   (the first REGISTER_N lines of bench/data/register.jsonl,
#                                         else examples/filings.jsonl)
#   REGISTER_N      register size        (50000)
#   QUERIES         queries TSV          (bench/data/queries.tsv, else the examples' marks)
#   WATCH           watch list CSV       (examples/watch.csv)
#   DROP_EVERY      seconds between gazette files (20; 5 for runs under 2 minutes)
#   FILE_LINES      filings per gazette file (500)
#   OUT_DIR         results              (bench/out/soak)
# Output: OUT_DIR/soak.json (the figures), OUT_DIR/soak_serve.log (the server's log).
# Exit status 1 if any request failed or the alerts differ from the offline screening.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
MARKWATCH="${MARKWATCH:-$root/target/release/markwatch}"
SECONDS_TO_RUN="${SECONDS_TO_RUN:-600}"
WATCH="${WATCH:-$root/examples/watch.csv}"
OUT_DIR="${OUT_DIR:-$here/out/soak}"
REGISTER_N="${REGISTER_N:-50000}"
FILE_LINES="${FILE_LINES:-500}"
if [ "${SECONDS_TO_RUN%.*}" -lt 120 ]; then DROP_EVERY="${DROP_EVERY:-5}"; else DROP_EVERY="${DROP_EVERY:-20}"; fi
mkdir -p "$OUT_DIR"

if [ ! -x "$MARKWATCH" ]; then
  (cd "$root" && cargo build --release --locked -p markwatch)
fi

data="$here/data"
if [ -z "${GAZETTE:-}" ]; then
  if [ -f "$data/gazette.jsonl" ]; then GAZETTE="$data/gazette.jsonl"; else
    GAZETTE="$root/examples/filings.jsonl"; FILE_LINES="${FILE_LINES_SMALL:-20}"; fi
fi
if [ -z "${REGISTER:-}" ]; then
  if [ -f "$data/register.jsonl" ]; then
    REGISTER="$OUT_DIR/register_$REGISTER_N.jsonl"
    [ -f "$REGISTER" ] || head -n "$REGISTER_N" "$data/register.jsonl" >"$REGISTER"
  else
    REGISTER="$root/examples/filings.jsonl"
  fi
fi
if [ -z "${QUERIES:-}" ]; then
  if [ -f "$data/queries.tsv" ]; then QUERIES="$data/queries.tsv"; else
    QUERIES="$OUT_DIR/queries.tsv"
    python3 -c 'import json,sys; [print(json.loads(l)["mark"]) for l in open(sys.argv[1]) if l.strip()]' \
      "$root/examples/filings.jsonl" >"$QUERIES"
  fi
fi

echo "# soak: $(date -u +%FT%TZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)," \
  "$SECONDS_TO_RUN s, gazette $GAZETTE, register $REGISTER" >&2
exec python3 "$here/soak.py" --markwatch "$MARKWATCH" --seconds "$SECONDS_TO_RUN" \
  --register "$REGISTER" --queries "$QUERIES" --gazette "$GAZETTE" --watch "$WATCH" \
  --drop-every "$DROP_EVERY" --file-lines "$FILE_LINES" --out-dir "$OUT_DIR"
