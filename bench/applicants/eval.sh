#!/usr/bin/env bash
# Applicant-profile evaluation: planted hoarders among ordinary applicants, precision/recall of
# hoarder detection at the default threshold, and the time to profile a large register.
#
#   bench/applicants/eval.sh                 # N=100000, matches from `markwatch screen`
#   MATCHES=exact bench/applicants/eval.sh   # matches by exact lookup of listed target forms
#   N=1000000 SKIP_SCREEN=1 MATCHES=exact bench/applicants/eval.sh   # timing run
#
# Outputs in bench/applicants/out/: matches.jsonl, profiles.jsonl, score.json, time.txt.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
N="${N:-100000}"; SEED="${SEED:-1}"; MATCHES="${MATCHES:-screen}"
data="$here/data/n$N-s$SEED"; out="$here/out/n$N-s$SEED-$MATCHES"
mkdir -p "$data" "$out"
[ -s "$data/register.jsonl" ] || python3 "$here/gen.py" --n "$N" --seed "$SEED" --out "$data"
(cd "$root" && cargo build --release -q -p markwatch)
mw="$root/target/release/markwatch"
if [ "$MATCHES" = screen ]; then
  # The findings depend only on the data and the screening engine; REUSE_FINDINGS=1 keeps them.
  [ "${REUSE_FINDINGS:-0}" = 1 ] && [ -s "$out/findings.jsonl" ] || /usr/bin/time -f "screen: %e s wall, %M KiB max RSS" -o "$out/screen.time" \
    "$mw" screen "$data/register.jsonl" --watch "$data/watch.csv" --format jsonl > "$out/findings.jsonl"
  python3 "$here/score.py" matches screen "$data" "$out/findings.jsonl" > "$out/matches.jsonl"
else
  python3 "$here/score.py" matches exact "$data" > "$out/matches.jsonl"
fi
/usr/bin/time -f "applicant --all: %e s wall, %U s user, %M KiB max RSS" -o "$out/time.txt" \
  "$mw" applicant --all --format json --input "$data/register.jsonl" \
    --matches "$out/matches.jsonl" --side-data "$data/side.jsonl" \
    > "$out/profiles.jsonl" 2> "$out/stderr.txt"
cat "$out/stderr.txt" >> "$out/time.txt"
python3 "$here/score.py" score "$data" "$out/profiles.jsonl" > "$out/score.json"
cat "$out/time.txt"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print({k: d[k] for k in ("flagged_groups","false_positive_groups","precision","planted_hoarders","detected_hoarders","recall")})' "$out/score.json"
