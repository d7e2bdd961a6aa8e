#!/usr/bin/env bash
# Runs every fuzz target in turn for SECONDS seconds each (default 600) and logs libFuzzer's
# INITED and DONE stats lines, so a long run can be left in the background and summarised later.
#
#     cd fuzz && nice -n 15 scripts/run_all.sh [seconds] [target...]
#
# New inputs go to target/work/<target>/ (ignored by git); the committed seed corpus is only read.
# A crash stops libFuzzer; the run is resumed for the remaining time (at most 5 times per target)
# so every target gets its full time. Reproducers land in artifacts/<target>/: copy the ones that
# still crash to regressions/<target>/ so the replay tests keep them.
set -u
cd "$(dirname "$0")/.."
secs=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(ingest_jsonl ingest_csv ingest_st66 ingest_st96 normalize watch_list)
fi
logs=target/work/logs
mkdir -p "$logs"
summary=$logs/summary.tsv
echo -e "target\twall_seconds\tfuzz_seconds\truns\texec_per_s\tcorpus_seed\tcorpus_before\tcorpus_after\tcrashes\tstarted" >"$summary"
b0=$(date +%s)
cargo fuzz build --sanitizer none >"$logs/build.log" 2>&1 || { echo "build failed, see $logs/build.log"; exit 1; }
echo "build: $(( $(date +%s) - b0 ))s"
for t in "${targets[@]}"; do
  work=target/work/$t
  mkdir -p "$work" "artifacts/$t"
  seed=$(ls "corpus/$t" | wc -l)
  log=$logs/$t.log
  : >"$log"
  start=$(date +%s)
  started=$(date -u +%FT%TZ)
  tries=0
  while :; do
    now=$(date +%s)
    left=$((secs - (now - start)))
    [ "$left" -le 0 ] && break
    [ "$tries" -ge 6 ] && break
    tries=$((tries + 1))
    n_art=$(ls "artifacts/$t" | wc -l)
    if cargo fuzz run "$t" --sanitizer none "$work" "corpus/$t" -- \
      -max_total_time="$left" -print_final_stats=1 -artifact_prefix="artifacts/$t/" >>"$log" 2>&1; then
      break
    fi
    # Resume only after a crash that left a reproducer; any other failure ends this target.
    [ "$(ls "artifacts/$t" | wc -l)" -gt "$n_art" ] || break
    echo "=== resumed after a crash ===" >>"$log"
  done
  runs=$(grep -aoE 'stat::number_of_executed_units: [0-9]+' "$log" | awk '{s += $2} END {print s + 0}')
  end=$(date +%s)
  # Wall time includes `cargo fuzz run` rebuilding the target when the sources changed;
  # libFuzzer's own "Done N runs in S second(s)" is the fuzzing time.
  el=$((end - start))
  fz=$(grep -aoE '^Done [0-9]+ runs in [0-9]+ second' "$log" | awk '{s += $5} END {print s + 0}')
  [ "$fz" -gt 0 ] || fz=$el
  before=$(grep -aE 'INITED' "$log" | head -1 | grep -aoE 'corp: [0-9]+' | awk '{print $2}')
  after=$(grep -aE '^#[0-9]+' "$log" | tail -1 | grep -aoE 'corp: [0-9]+' | awk '{print $2}')
  crashes=$(ls "artifacts/$t" | grep -cE '^(crash|oom|timeout|leak)-' || true)
  eps=$((runs / fz))
  echo -e "$t\t$el\t$fz\t$runs\t$eps\t$seed\t${before:-?}\t${after:-?}\t$crashes\t$started" >>"$summary"
  echo "$t: ${fz}s fuzzing (${el}s wall), $runs runs, $eps exec/s, corpus $seed seed -> ${before:-?} loaded -> ${after:-?}, $crashes artifacts"
done
