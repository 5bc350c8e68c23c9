"""Two application processes and two schedulers against one PostgreSQL (docs/deployment.md): both nodes serve the
same data, exactly one scheduler holds the lock, and when it dies the other takes over."""
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from caseflow.supervision.scheduler import LOCK_KEY
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def _port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url, seconds=60):
    for _ in range(seconds * 10):
        try:
            return urllib.request.urlopen(url, timeout=2)
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} never answered")


def _holder(engine):
    with engine.connect() as conn:
        return conn.scalar(sa.text("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
                                   "AND classid = 0 AND objid = :key"), {"key": LOCK_KEY})


@pytest.mark.postgres
def test_two_nodes_and_two_schedulers(committing_db, make, office_team, app, database_url):
    env = {**os.environ, "CASEFLOW_ENV": "development", "DATABASE_URL": database_url, "FLASK_APP": "wsgi",
           "SCHEDULER_RETRY_SECONDS": "1"}
    bin_dir = Path(sys.executable).parent
    ports = [_port(), _port()]
    nodes = [subprocess.Popen([str(bin_dir / "gunicorn"), "-w", "1", "-b", f"127.0.0.1:{p}", "wsgi:app"],
                              cwd=ROOT, env=env, stderr=subprocess.DEVNULL) for p in ports]
    schedulers = [subprocess.Popen([str(bin_dir / "flask"), "caseflow", "scheduler"], cwd=ROOT,
                                   env={**env, "PGAPPNAME": f"scheduler-{n}"},  # names its connections
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for n in range(2)]
    engine = sa.create_engine(database_url, poolclass=sa.pool.NullPool)
    try:
        for p in ports:
            assert _wait(f"http://127.0.0.1:{p}/readyz").status == 200
        tokens = [requests.post(f"http://127.0.0.1:{p}/api/v1/auth/token", timeout=30, json={
            "username": office_team["clerk"].username, "password": PASSWORD}).json()["token"] for p in ports]
        body = make.application(office_team["agency"], received_on=date(2025, 9, 12))
        made = requests.post(f"http://127.0.0.1:{ports[0]}/api/v1/cases", json=body, timeout=30,
                             headers={"Authorization": f"Bearer {tokens[0]}"})
        assert made.status_code == 201, made.text
        seen = requests.get(f"http://127.0.0.1:{ports[1]}/api/v1/cases/{made.json()['id']}", timeout=30,
                            headers={"Authorization": f"Bearer {tokens[1]}"})
        assert seen.status_code == 200 and seen.json()["docket_number"] == made.json()["docket_number"]

        deadline = time.time() + 60
        while _holder(engine) is None and time.time() < deadline:
            time.sleep(0.2)
        first = _holder(engine)
        assert first is not None
        with engine.connect() as conn:
            holders = conn.scalar(sa.text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                                          "AND classid = 0 AND objid = :key"), {"key": LOCK_KEY})
        assert holders == 1 and all(s.poll() is None for s in schedulers)  # the other waits
        with engine.connect() as conn:
            name = conn.scalar(sa.text("SELECT application_name FROM pg_stat_activity WHERE pid = :pid"),
                               {"pid": first})
        leader = schedulers[int(name.rsplit("-", 1)[1])]
        leader.send_signal(signal.SIGKILL)
        leader.wait(10)
        deadline = time.time() + 60
        while (_holder(engine) in (None, first)) and time.time() < deadline:
            time.sleep(0.2)
        assert _holder(engine) not in (None, first)  # the waiting scheduler took over
    finally:
        for process in nodes + schedulers:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in nodes + schedulers:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
        engine.dispose()

