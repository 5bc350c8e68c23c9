"""What the browser journeys share: a live server over a fresh demo database, and Debian's Chromium."""
from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager

import pytest

from caseflow import create_app
from caseflow.testing import CHROMIUM, CHROMIUM_ARGS, LiveServer


@contextmanager
def demo_server(prefix: str):
    """A LiveServer over a new SQLite database migrated and loaded with the demo data."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: scripts/test installs it (apt-get install chromium)")
    from flask_migrate import upgrade

    from caseflow.demo import seed
    from caseflow.extensions import db

    folder = tempfile.mkdtemp(prefix=prefix)
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/e2e.db",
                     ATTACHMENT_DIR=f"{folder}/files")
    with app.app_context():
        upgrade()
        seed()
        db.session.commit()
    try:
        with LiveServer(app) as server:
            yield server
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium through Playwright, one per test module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
