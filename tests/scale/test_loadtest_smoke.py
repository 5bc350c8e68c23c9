"""The load test's smoke run: bench/load_cases.py loads 2,000 cases into a database of its own, bench/loadtest.py
serves them with gunicorn and drives each request type with locust for a few seconds. Asserts that every type
was served without a failure (never how fast: figures are for bench/, see README "Performance")."""
import importlib.util
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.postgres
@pytest.mark.separate_database
def test_load_2000_cases_and_serve_each_request_type(database_url):
    if importlib.util.find_spec("locust") is None:  # never imported here: it patches the process (gevent)
        pytest.fail("locust is missing: scripts/test installs it (bench/requirements.txt)")
    url = make_url(database_url).set(database=f"{make_url(database_url).database}_smoke")
    admin = sa.create_engine(make_url(database_url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{url.database}"'))
    target = url.render_as_string(hide_password=False)
    env = {**os.environ, "CASEFLOW_ENV": "development", "DATABASE_URL": target}
    bin_dir = Path(sys.executable).parent
    try:
        subprocess.run([str(bin_dir / "flask"), "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env, check=True,
                       capture_output=True)
        loaded = subprocess.run([sys.executable, "bench/load_cases.py", "2000"], cwd=ROOT, env=env, check=True,
                                capture_output=True, text=True)
        assert "case 2,000" in loaded.stdout
        sys.path.insert(0, str(ROOT / "bench"))
        import loadtest

        out = io.StringIO()
        results = loadtest.main(seconds=10, users=1, url=target, out=out,
                                scenarios=["bare", "list", "list_q", "list_cursor", "web_list",
                                           "web_case", "api_case", "transition"])
        assert all(r["n"] > 0 and r["fail"] == 0 for r in results.values()), out.getvalue()
        assert "of bare" in out.getvalue()
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        admin.dispose()
