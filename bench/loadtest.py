"""Load test: gunicorn (2 workers, production settings) on a database loaded by bench/load_cases.py, locust
headless, one request type after another, each beside the bare one-row endpoint (/healthz) of the same run.

    pip install -r bench/requirements.txt
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench_scale python bench/loadtest.py [SECONDS] [USERS]

Prints, per request type: requests per second, p50/p95/p99 (ms), failures, and the share of the bare endpoint's
throughput. The smoke version (tests/scale/test_loadtest_smoke.py) runs it for a second per type on 2,000 cases.
"""
from __future__ import annotations

import csv
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ["bare", "list", "list_state", "list_by_due", "list_received_range", "list_overdue", "list_q",
             "list_cursor", "web_list", "web_overdue", "web_case", "api_case", "transition"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(url: str, port: int, workers: int = 2) -> subprocess.Popen:
    env = {**os.environ, "CASEFLOW_ENV": "production", "DATABASE_URL": url, "CASEFLOW_JSON_LOGS": "0",
           "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_hex(32)}
    server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "-w", str(workers), "-b",
                               f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"], cwd=ROOT, env=env)
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def samples(url: str, user: str = "bench01") -> tuple[list[int], list[int]]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        office = conn.execute(sa.text("SELECT office_id FROM user_account WHERE username = :u"), {"u": user}).scalar()
        cases = conn.scalars(sa.text('SELECT id FROM "case" WHERE office_id = :o ORDER BY id DESC LIMIT 500'),
                             {"o": office}).all()
        received = conn.scalars(sa.text("""SELECT id FROM "case" WHERE office_id = :o AND state = 'received'
                                           AND version = 1 ORDER BY id LIMIT 5000"""), {"o": office}).all()
    engine.dispose()
    return list(cases), list(received)


def run(scenario: str, host: str, seconds: int, users: int, env: dict) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        prefix = os.path.join(tmp, "r")
        subprocess.run([str(Path(sys.executable).parent / "locust"), "-f", str(ROOT / "bench/locustfile.py"),
                        "--headless", "-u", str(users), "-r", str(users), "-t", f"{seconds}s", "--host", host,
                        "--csv", prefix, "--only-summary", "--loglevel", "ERROR"],
                       env={**os.environ, **env, "SCENARIO": scenario}, check=False, capture_output=True)
        with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
            rows = {r["Name"]: r for r in csv.DictReader(f)}
    row = rows.get(scenario) or rows.get("bare") or {}
    return {"rps": float(row.get("Requests/s") or 0), "p50": row.get("50%"), "p95": row.get("95%"),
            "p99": row.get("99%"), "n": int(row.get("Request Count") or 0), "fail": int(row.get("Failure Count") or 0)}


def main(seconds: int = 20, users: int = 8, scenarios=SCENARIOS, url: str | None = None, out=sys.stdout) -> dict:
    url = url or os.environ["DATABASE_URL"]
    cases, received = samples(url)
    port = _free_port()
    server = start_gunicorn(url, port)
    env = {"BENCH_CASE_IDS": ",".join(map(str, cases)), "BENCH_RECEIVED_IDS": ",".join(map(str, received))}
    results = {}
    try:
        for scenario in scenarios:
            results[scenario] = run(scenario, f"http://127.0.0.1:{port}", seconds, users, env)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    bare = results.get("bare", {}).get("rps") or 0
    print(f"{'request':<22}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'requests':>10}{'failed':>8}"
          f"{'of bare':>9}", file=out)
    for name, r in results.items():
        share = f"{100 * r['rps'] / bare:.0f}%" if bare else "-"
        print(f"{name:<22}{r['rps']:>9.1f}{r['p50'] or '-':>9}{r['p95'] or '-':>9}{r['p99'] or '-':>9}"
              f"{r['n']:>10}{r['fail']:>8}{share:>9}", file=out)
    return results


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20, int(sys.argv[2]) if len(sys.argv) > 2 else 8)
