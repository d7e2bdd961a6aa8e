#!/usr/bin/env bash
# Peer: PostgreSQL pg_trgm with a GIN (gin_trgm_ops) index.
#
# Creates a throwaway cluster in a temp directory as the `postgres` user (initdb refuses root),
# starts it on 127.0.0.1 with a free port, pinned to one CPU, loads the register with COPY,
# builds the index, then runs every query server-side (PL/pgSQL, timed with clock_timestamp()):
#   SELECT id FROM marks WHERE mark % q ORDER BY similarity(mark, q) DESC, id LIMIT 10
# once per similarity threshold in PG_THRESHOLDS, and stops the server. Besides each query's
# wall time it records the backend's CPU time over each whole run (mean CPU ms per query), which
# other load on a shared machine does not inflate. Installs nothing:
# bench/setup.sh installs postgresql and postgresql-contrib.
#
# Usage: bench/peers/pg_trgm_bench.sh [REGISTER.jsonl [QUERIES.tsv]]
# Env:   PG_THRESHOLDS  space-separated pg_trgm.similarity_threshold values (default "0.3 0.1")
#        PG_CPU         CPU the server is pinned to (default 1)
#        PG_GIST=1      also build a GiST gist_trgm_ops index and run the k-nearest-neighbour form
#                       ORDER BY mark <-> q LIMIT 10 (no threshold: trigram similarity's ceiling)
#        OUT_DIR        where results go (default bench/out)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BENCH="$(dirname "$HERE")"
REGISTER="$(realpath "${1:-$BENCH/data/register.jsonl}")"
QUERIES="$(realpath "${2:-$BENCH/data/queries.tsv}")"
THRESHOLDS="${PG_THRESHOLDS:-0.3 0.1}"
PG_CPU="${PG_CPU:-1}"
OUT_DIR="$(mkdir -p "${OUT_DIR:-$BENCH/out}" && realpath "${OUT_DIR:-$BENCH/out}")"

PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
if [[ -z "$PGBIN" || ! -x "$PGBIN/initdb" ]]; then
  echo "error: PostgreSQL server binaries not found under /usr/lib/postgresql (run bench/setup.sh)" >&2
  exit 2
fi
if [[ ! -f "$(dirname "$PGBIN")/lib/pg_trgm.so" ]] && ! ls /usr/share/postgresql/*/extension/pg_trgm.control >/dev/null 2>&1; then
  echo "error: pg_trgm not installed (postgresql-contrib; run bench/setup.sh)" >&2
  exit 2
fi
for f in "$REGISTER" "$QUERIES"; do
  [[ -r "$f" ]] || { echo "error: cannot read $f (run bench/gen_register.py)" >&2; exit 2; }
done

WORK="$(mktemp -d /tmp/markwatch-pgtrgm.XXXXXX)"
chmod 755 "$WORK"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
as_pg() { runuser -u postgres -- "$@"; }
PSQL=(runuser -u postgres -- "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -d bench)

cleanup() {
  if [[ -f "$WORK/db/postmaster.pid" ]]; then
    as_pg "$PGBIN/pg_ctl" -D "$WORK/db" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "pg_trgm: cluster in $WORK, port $PORT, server pinned to CPU $PG_CPU" >&2
# Register and queries as COPY text files: id<TAB>mark and qno<TAB>query (qno = line number).
python3 - "$REGISTER" "$QUERIES" "$WORK" <<'PY'
import json, sys
reg, qs, work = sys.argv[1:4]
def esc(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
with open(reg, encoding="utf-8") as f, open(f"{work}/register.tsv", "w", encoding="utf-8") as o:
    for n, line in enumerate(f, 1):
        if line.strip():
            try:
                r = json.loads(line)
                o.write(f"{esc(r['id'])}\t{esc(r['mark'])}\n")
            except (ValueError, KeyError) as e:
                sys.exit(f"{reg}:{n}: bad record ({e})")
with open(qs, encoding="utf-8") as f, open(f"{work}/queries.tsv", "w", encoding="utf-8") as o:
    for n, line in enumerate(f, 1):
        cols = line.rstrip("\n").split("\t")
        if len(cols) >= 3:
            o.write(f"{n}\t{esc(cols[0])}\n")
PY
chown -R postgres "$WORK"

as_pg "$PGBIN/initdb" -D "$WORK/db" -E UTF8 --locale=C.UTF-8 -U postgres --auth=trust >/dev/null
taskset -c "$PG_CPU" runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/db" -w -l "$WORK/server.log" \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories=$WORK \
      -c shared_buffers=2GB -c work_mem=256MB -c maintenance_work_mem=2GB -c jit=off \
      -c max_parallel_workers_per_gather=0 -c max_parallel_maintenance_workers=0 \
      -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -E UTF8 -T template0 --locale=C.UTF-8 bench

ms() { date +%s%N; }
"${PSQL[@]}" -c "CREATE EXTENSION pg_trgm"
# pg_trgm keeps only "alphanumeric" characters of the database's ctype; make sure CJK and kana
# are not silently dropped.
CJK_TRGM="$("${PSQL[@]}" -At -c "SELECT array_length(show_trgm('华康源'),1), array_length(show_trgm('ルミナス'),1)")"
if [[ "$CJK_TRGM" != "4|5" ]]; then
  echo "error: pg_trgm does not index CJK/kana in this locale (show_trgm gave '$CJK_TRGM')" >&2
  exit 1
fi

t=$(ms)
"${PSQL[@]}" <<SQL
CREATE UNLOGGED TABLE marks (id text NOT NULL, mark text NOT NULL);
\copy marks FROM '$WORK/register.tsv'
CREATE TABLE queries (qno int PRIMARY KEY, query text NOT NULL);
\copy queries FROM '$WORK/queries.tsv'
SQL
LOAD_MS=$(( ($(ms) - t) / 1000000 ))
t=$(ms)
"${PSQL[@]}" -c "CREATE INDEX marks_trgm ON marks USING gin (mark gin_trgm_ops)"
INDEX_MS=$(( ($(ms) - t) / 1000000 ))
"${PSQL[@]}" -c "VACUUM ANALYZE marks"
read -r ROWS TABLE_MB INDEX_MB < <("${PSQL[@]}" -At -F ' ' -c \
  "SELECT count(*), round(pg_relation_size('marks')/1e6,1), round(pg_relation_size('marks_trgm')/1e6,1) FROM marks")
echo "pg_trgm: loaded $ROWS marks in ${LOAD_MS} ms (table ${TABLE_MB} MB); GIN index built in ${INDEX_MS} ms (${INDEX_MB} MB)" >&2

"${PSQL[@]}" <<'SQL'
CREATE TABLE results (threshold real, qno int, ms double precision, ids text[]);
CREATE TABLE runs (threshold real, cpu_ticks bigint);
-- utime + stime of this backend, in clock ticks (/proc/self/stat fields 14 and 15).
CREATE FUNCTION cpu_ticks() RETURNS bigint LANGUAGE sql AS $$
  SELECT f[12]::bigint + f[13]::bigint
  FROM (SELECT string_to_array(split_part(pg_read_file('/proc/self/stat'), ') ', 2), ' ') f) s
$$;
-- thr < 0 runs the GiST k-nearest-neighbour form instead of the thresholded % form.
CREATE FUNCTION run_queries(thr real) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  r record;
  t0 timestamptz;
  got text[];
  c0 bigint := cpu_ticks();
BEGIN
  IF thr >= 0 THEN
    PERFORM set_config('pg_trgm.similarity_threshold', thr::text, false);
  END IF;
  FOR r IN SELECT qno, query FROM queries ORDER BY qno LOOP
    t0 := clock_timestamp();
    -- EXECUTE plans each query afresh, as a client's unnamed statement would be.
    IF thr < 0 THEN
      EXECUTE 'SELECT array_agg(id) FROM (SELECT id FROM marks
               ORDER BY mark <-> $1 LIMIT 10) s' INTO got USING r.query;
    ELSE
      EXECUTE 'SELECT array_agg(id) FROM (SELECT id FROM marks WHERE mark % $1
               ORDER BY similarity(mark, $1) DESC, id LIMIT 10) s' INTO got USING r.query;
    END IF;
    INSERT INTO results VALUES (thr, r.qno,
      extract(epoch FROM clock_timestamp() - t0) * 1000.0, coalesce(got, '{}'));
  END LOOP;
  INSERT INTO runs VALUES (thr, cpu_ticks() - c0);
END $$;
SQL
for thr in $THRESHOLDS; do
  # Warm the cache with one pass over the index, then time.
  "${PSQL[@]}" -c "SELECT count(*) FROM marks WHERE mark % 'warmup'" >/dev/null
  echo "pg_trgm: running queries at similarity_threshold=$thr" >&2
  "${PSQL[@]}" -c "SELECT run_queries($thr)" >/dev/null
done
GIST_MS=0
GIST_MB=0
if [[ -n "${PG_GIST:-}" ]]; then
  "${PSQL[@]}" -c "DROP INDEX marks_trgm"
  t=$(ms)
  "${PSQL[@]}" -c "CREATE INDEX marks_trgm_gist ON marks USING gist (mark gist_trgm_ops)"
  GIST_MS=$(( ($(ms) - t) / 1000000 ))
  GIST_MB="$("${PSQL[@]}" -At -c "SELECT round(pg_relation_size('marks_trgm_gist')/1e6,1)")"
  echo "pg_trgm: GiST index built in ${GIST_MS} ms (${GIST_MB} MB); running k-NN queries" >&2
  "${PSQL[@]}" -c "SELECT run_queries(-1)" >/dev/null
fi
"${PSQL[@]}" -c "\copy (SELECT threshold, qno, ms, array_to_string(ids, ' ') FROM results ORDER BY threshold DESC, qno) TO '$WORK/results.tsv'"
"${PSQL[@]}" -c "\copy runs TO '$WORK/runs.tsv'"

PG_VERSION="$("${PSQL[@]}" -At -c 'SHOW server_version')"
python3 - "$BENCH" "$QUERIES" "$WORK/results.tsv" "$OUT_DIR" "$ROWS" "$INDEX_MS" "$INDEX_MB" "$TABLE_MB" "$LOAD_MS" "$PG_VERSION" "$WORK/runs.tsv" "$(getconf CLK_TCK)" "$GIST_MS" "$GIST_MB" <<'PY'
import os, sys
(bench, qpath, rpath, out_dir, rows, index_ms, index_mb, table_mb, load_ms, version, runs, hz,
 gist_ms, gist_mb) = sys.argv[1:15]
cpu = {}
with open(runs, encoding="utf-8") as f:
    for line in f:
        thr, ticks = line.split()
        cpu[thr] = int(ticks) * 1000.0 / int(hz)
sys.path.insert(0, bench)
import common
queries = common.read_queries(qpath)
by_thr = {}
with open(rpath, encoding="utf-8") as f:
    for line in f:
        thr, qno, ms, ids = line.rstrip("\n").split("\t")
        by_thr.setdefault(thr, []).append((int(qno), float(ms), ids.split() if ids else []))
for thr, rows_ in by_thr.items():
    rows_.sort()
    res = common.summarize(queries, [r[2] for r in rows_], [r[1] for r in rows_])
    knn = float(thr) < 0
    res.update({"tool": "pg_trgm GiST <-> k-NN" if knn else f"pg_trgm GIN %, threshold {thr}",
                "register_size": int(rows),
                "index_build_s": int(gist_ms if knn else index_ms) / 1000.0,
                "index_mb": float(gist_mb if knn else index_mb),
                "table_mb": float(table_mb), "load_s": int(load_ms) / 1000.0,
                "postgres": version, "cores": 1,
                "cpu_mean_ms": cpu[thr] / len(rows_) if thr in cpu else None})
    common.print_summary(f"{res['tool']} (PostgreSQL {version})", res)
    common.write_json(os.path.join(out_dir, "pg_trgm_knn.json" if knn else f"pg_trgm_{thr}.json"),
                      res)
PY
