#!/usr/bin/env python3
"""Soak run of `markwatch serve` (issue 9), driven by bench/soak.sh.

Starts the server on a free loopback port over a throwaway database with `--gazette-dir`, creates
one watch list, then for SECONDS runs three client threads at once:

- search: `GET /api/search?q=` cycling the queries file;
- screen: `POST /api/screen` with batches of filings cycling a pool of the gazette (so later
  batches repeat earlier ones and must raise no alert twice);
- review: `GET /api/alerts`, then `POST /api/alerts/{id}/review` on one of them, `GET
  /api/alerts/{id}`;

while a fourth drops a new gazette file (a slice of the gazette, written under a hidden name and
renamed) into the gazette directory every DROP_EVERY seconds, and a fifth samples the server's
RSS every 10 s. At the end it waits until the server has processed every gazette file, then
compares the alerts the server holds with `markwatch screen --watch` run offline on the same
files and batches: every (filing, target) exactly once, none missing, none extra.

Prints a JSON summary on stdout (and writes it to OUT_DIR/soak.json); exits 1 if any request
failed or the alerts differ. Only the standard library.
"""

import argparse
import http.client
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter


def log(msg):
    print(f"soak: {msg}", file=sys.stderr, flush=True)


class Client:
    """One HTTP/1.1 keep-alive connection with the token; reconnects after an error."""

    def __init__(self, port, token):
        self.port, self.token, self.conn = port, token, None

    def request(self, method, path, body=None, content_type="application/json"):
        headers = {"Authorization": f"Bearer {self.token}"}
        if body is not None:
            headers["Content-Type"] = content_type
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                r = self.conn.getresponse()
                data = r.read()
                return r.status, data
            except (http.client.HTTPException, OSError):
                # A keep-alive connection the server closed: one fresh attempt, then give up.
                self.conn.close()
                self.conn = None
                if attempt == 1:
                    return 0, b""
        return 0, b""


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = Counter()  # kind -> count
        self.errors = Counter()  # "kind status" -> count
        self.error_samples = []

    def add(self, kind, status, body):
        with self.lock:
            self.requests[kind] += 1
            if not 200 <= status < 300:
                self.errors[f"{kind} {status}"] += 1
                if len(self.error_samples) < 10:
                    self.error_samples.append(f"{kind} {status} {body[:300]!r}")


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--markwatch", required=True)
    ap.add_argument("--seconds", type=float, default=600)
    ap.add_argument("--register", required=True, help="records or index for /api/search")
    ap.add_argument("--queries", required=True, help="TSV, the query in the first column")
    ap.add_argument("--gazette", required=True, help="JSONL filings to slice")
    ap.add_argument("--watch", required=True, help="watch list CSV")
    ap.add_argument("--drop-every", type=float, default=20.0)
    ap.add_argument("--file-lines", type=int, default=500)
    ap.add_argument("--batch-lines", type=int, default=25)
    ap.add_argument("--screen-pool", type=int, default=5000,
                    help="gazette lines (from the end) the screen batches cycle over")
    ap.add_argument("--pause", type=float, default=0.02,
                    help="seconds each client waits between requests")
    ap.add_argument("--out-dir", required=True)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    os.makedirs(a.out_dir, exist_ok=True)
    rng = random.Random(a.seed)

    with open(a.gazette, encoding="utf-8") as f:
        gazette = [l for l in f if l.strip()]
    pool = gazette[-a.screen_pool:]
    files_src = gazette[: len(gazette) - len(pool)]
    with open(a.queries, encoding="utf-8") as f:
        queries = [l.split("\t")[0] for l in f if l.split("\t")[0].strip()]
    with open(a.watch, encoding="utf-8") as f:
        watch_csv = f.read()

    work = tempfile.mkdtemp(prefix="markwatch-soak-")
    db, inbox, batches_dir = (os.path.join(work, p) for p in ("soak.db", "inbox", "batches"))
    os.mkdir(inbox)
    os.mkdir(batches_dir)
    token = subprocess.run([a.markwatch, "token", "create", "--name", "soak", "--db", db],
                           check=True, capture_output=True, text=True).stdout.strip()
    server_log = open(os.path.join(a.out_dir, "soak_serve.log"), "w")
    server = subprocess.Popen(
        [a.markwatch, "serve", "--db", db, "--bind", "127.0.0.1:0", "--register", a.register,
         "--gazette-dir", inbox],
        stderr=subprocess.PIPE, text=True)
    port = None
    started = time.monotonic()
    for line in server.stderr:
        server_log.write(line)
        if "listening on http://" in line:
            port = int(line.rsplit(":", 1)[1])
            break
    if port is None:
        sys.exit("soak: the server did not start, see soak_serve.log")
    log(f"server pid {server.pid} on port {port}, ready after {time.monotonic() - started:.1f} s")

    # Keep the log flowing to a file (the server blocks on a full pipe otherwise); count the
    # gazette files it reports.
    processed = set()
    processed_lock = threading.Lock()

    def drain():
        for line in server.stderr:
            server_log.write(line)
            if "gazette: " in line and " records (" in line:
                path = line.split("gazette: ", 1)[1].split(": ", 1)[0]
                with processed_lock:
                    processed.add(os.path.basename(path))
    threading.Thread(target=drain, daemon=True).start()

    setup = Client(port, token)
    status, body = setup.request("POST", "/api/watchlists",
                                 json.dumps({"name": "soak", "source": watch_csv}))
    if status != 201:
        sys.exit(f"soak: cannot create the watch list: {status} {body[:300]!r}")

    stats = Stats()
    stop = threading.Event()
    deadline = time.monotonic() + a.seconds
    dropped, batches_sent = [], []

    def search():
        c, i = Client(port, token), rng.randrange(len(queries))
        while not stop.is_set():
            q = urllib.parse.quote(queries[i % len(queries)], safe="")
            status, body = c.request("GET", f"/api/search?q={q}&top=10")
            stats.add("search", status, body)
            i += 1
            time.sleep(a.pause)

    def screen():
        c, i = Client(port, token), 0
        n = max(1, len(pool) // a.batch_lines)
        while not stop.is_set():
            k = i % n
            lines = pool[k * a.batch_lines:(k + 1) * a.batch_lines]
            status, body = c.request("POST", f"/api/screen?format=jsonl&name=batch-{k}.jsonl",
                                     "".join(lines).encode(), "application/octet-stream")
            stats.add("screen", status, body)
            if 200 <= status < 300 and k not in batches_sent:
                batches_sent.append(k)
            i += 1
            time.sleep(a.pause * 10)

    def review():
        c = Client(port, token)
        local = random.Random(a.seed + 1)
        states = ["new", "dismissed", "to_oppose", "opposed"]
        while not stop.is_set():
            status, body = c.request("GET", "/api/alerts")
            stats.add("alerts list", status, body)
            ids = [x["id"] for x in json.loads(body)] if status == 200 else []
            if ids:
                aid = local.choice(ids)
                status, body = c.request("POST", f"/api/alerts/{aid}/review",
                                         json.dumps({"state": local.choice(states)}))
                stats.add("review", status, body)
                status, body = c.request("GET", f"/api/alerts/{aid}")
                stats.add("alert", status, body)
            time.sleep(a.pause * 10)

    def drops():
        n = 0
        while not stop.is_set() and (n + 1) * a.file_lines <= len(files_src):
            name = f"gazette-{n:03d}.jsonl"
            hidden, final = os.path.join(inbox, "." + name), os.path.join(inbox, name)
            with open(hidden, "w", encoding="utf-8") as f:
                f.writelines(files_src[n * a.file_lines:(n + 1) * a.file_lines])
            os.rename(hidden, final)
            dropped.append(final)
            n += 1
            stop.wait(a.drop_every)

    rss = []  # (seconds since start, KiB)
    t0 = time.monotonic()

    def sample():
        while True:
            rss.append((round(time.monotonic() - t0), rss_kib(server.pid)))
            if stop.wait(10):
                break
        rss.append((round(time.monotonic() - t0), rss_kib(server.pid)))

    threads = [threading.Thread(target=f) for f in (search, screen, review, drops, sample)]
    for t in threads:
        t.start()
    cpu0 = os.times()
    while time.monotonic() < deadline:
        time.sleep(1)
    stop.set()
    for t in threads:
        t.join()
    wall = time.monotonic() - t0
    log(f"traffic done after {wall:.0f} s: {dict(stats.requests)}, errors {dict(stats.errors)}")

    # Wait (bounded) for the server to process every dropped file (poll 5 s, settle 2 s).
    names = {os.path.basename(p) for p in dropped}
    wait_until = time.monotonic() + 120
    while time.monotonic() < wait_until:
        with processed_lock:
            if names <= processed:
                break
        time.sleep(1)
    with processed_lock:
        missing_files = sorted(names - processed)
    status, body = setup.request("GET", "/api/alerts")
    server_alerts = json.loads(body) if status == 200 else []
    rss_end = rss_kib(server.pid)
    # Server CPU time from /proc (user + system, clock ticks).
    with open(f"/proc/{server.pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    server_cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    server.terminate()
    server.wait(timeout=60)

    # Offline: the same files and batches through `markwatch screen --watch`.
    batch_files = []
    n = max(1, len(pool) // a.batch_lines)
    for k in sorted(batches_sent):
        p = os.path.join(batches_dir, f"batch-{k}.jsonl")
        with open(p, "w", encoding="utf-8") as f:
            f.writelines(pool[k * a.batch_lines:(k + 1) * a.batch_lines])
        batch_files.append(p)
    wl = os.path.join(work, "watch.csv")
    with open(wl, "w", encoding="utf-8") as f:
        f.write(watch_csv)
    today = time.strftime("%Y-%m-%d", time.gmtime())
    expected = Counter()
    inputs = dropped + batch_files
    for i in range(0, len(inputs), 50):
        out = subprocess.run([a.markwatch, "screen", "--watch", wl, "--format", "jsonl",
                              "--today", today] + inputs[i:i + 50],
                             check=True, capture_output=True, text=True).stdout
        for line in out.splitlines():
            if line.strip():
                f = json.loads(line)
                expected[(f["filing_id"], f["target_id"])] += 1
    produced = Counter((x["filing_id"], x["target_id"]) for x in server_alerts)
    duplicates = sorted(k for k, v in produced.items() if v > 1)
    missing = sorted(set(expected) - set(produced))
    extra = sorted(set(produced) - set(expected))

    kib = [k for _, k in rss]
    summary = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "seconds": round(wall),
        "cores": os.cpu_count(),
        "load_average_end": open("/proc/loadavg").read().split()[:3],
        "server_cpu_seconds": round(server_cpu, 1),
        "client_cpu_seconds": round(sum(os.times()[:2]) - sum(cpu0[:2]), 1),
        "requests": dict(stats.requests),
        "requests_total": sum(stats.requests.values()),
        "errors": dict(stats.errors),
        "error_samples": stats.error_samples,
        "gazette_files": len(dropped),
        "gazette_records": len(dropped) * a.file_lines,
        "gazette_files_unprocessed": missing_files,
        "screen_batches_distinct": len(batches_sent),
        "screen_batch_lines": a.batch_lines,
        "rss_kib_first": kib[0] if kib else None,
        "rss_kib_max": max(kib) if kib else None,
        "rss_kib_last": kib[-1] if kib else None,
        "rss_kib_after_drain": rss_end,
        "rss_samples": rss,
        "alerts_expected": len(expected),
        "alerts_produced": sum(produced.values()),
        "alerts_duplicated": [list(k) for k in duplicates[:20]],
        "alerts_missing": [list(k) for k in missing[:20]],
        "alerts_extra": [list(k) for k in extra[:20]],
        "work_dir": work,
    }
    text = json.dumps(summary, ensure_ascii=False, indent=1)
    with open(os.path.join(a.out_dir, "soak.json"), "w", encoding="utf-8") as f:
        f.write(text + "\n")
    print(text)
    ok = not stats.errors and not duplicates and not missing and not extra and not missing_files
    if ok:
        subprocess.run(["rm", "-rf", work], check=False)
    else:
        log(f"FAILED; the database and files are kept in {work}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
