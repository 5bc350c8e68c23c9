"""The scheduler process (`flask --app wsgi caseflow scheduler`): APScheduler's BlockingScheduler with fixed jobs,
in its own process, never in web workers (libraries.md §3). A second scheduler started by mistake waits: on
PostgreSQL the leader holds a session advisory lock on a dedicated connection (released if it dies); on SQLite, an
exclusive lock on a file beside the database. The jobs are idempotent, so a missed or repeated run is harmless."""
from __future__ import annotations

import fcntl
import logging
import time
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import current_app

from caseflow.clock import LOCAL_TZ, today_local
from caseflow.extensions import db

log = logging.getLogger(__name__)
LOCK_KEY = 0x43465343  # "CFSC": the scheduler's advisory lock
RETRY_SECONDS = 30


@contextmanager
def leadership(wait: bool = True):
    """Hold the scheduler's lock for as long as the block runs; wait (or give up) while another holds it."""
    engine = db.engine
    retry = current_app.config.get("SCHEDULER_RETRY_SECONDS", RETRY_SECONDS)
    if engine.dialect.name == "postgresql":
        connection = engine.connect()
        try:
            while not connection.scalar(sa.text("SELECT pg_try_advisory_lock(:key)"), {"key": LOCK_KEY}):
                if not wait:
                    raise RuntimeError("another scheduler is running")
                log.info("another scheduler holds the lock; retrying in %s s", retry)
                time.sleep(retry)
            connection.commit()
            yield
        finally:
            connection.close()  # the session lock goes with the connection
        return
    database = engine.url.database or "caseflow.db"
    path = Path(database if database != ":memory:" else current_app.instance_path + "/caseflow.db").with_suffix(
        ".scheduler.lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not wait:
                    raise RuntimeError("another scheduler is running") from None
                time.sleep(retry)
        yield


def _in_app(app, job):
    def run():
        with app.app_context():
            try:
                job()
            finally:
                db.session.remove()

    run.__name__ = job.__name__
    return run


def sweep_today() -> None:
    from caseflow.supervision.sweep import sweep

    run = sweep(today_local())
    log.info("sweep as of %s: %s, %s errors", run.as_of, run.counts, len(run.errors))


def digest_today() -> None:
    from caseflow.supervision.mail import queue_digests

    counts = queue_digests(today_local())
    db.session.commit()
    log.info("digests: %s", counts)


def recompute_deadlines() -> None:
    """A calendar change too large to recompute in its request (caseflow.cases.services.on_calendar_changed)."""
    from caseflow.cases.services import pending_recomputes, run_recompute

    for job in pending_recomputes():
        done = run_recompute(job)
        log.info("recompute %s: %s deadlines checked, %s moved", done.id, done.checked, done.moved)


def deliver_mail() -> None:
    from caseflow.supervision.mail import deliver

    deliver()


def build(app) -> BlockingScheduler:
    scheduler = BlockingScheduler(timezone=LOCAL_TZ, job_defaults={
        "coalesce": True, "max_instances": 1, "misfire_grace_time": 3600})
    sweep_hour, sweep_minute = app.config["SCHEDULER_SWEEP_AT"].split(":")
    digest_hour, digest_minute = app.config["SCHEDULER_DIGEST_AT"].split(":")
    scheduler.add_job(_in_app(app, sweep_today), "cron", hour=int(sweep_hour), minute=int(sweep_minute),
                      id="sweep", replace_existing=True)
    scheduler.add_job(_in_app(app, digest_today), "cron", hour=int(digest_hour), minute=int(digest_minute),
                      id="digest", replace_existing=True)
    scheduler.add_job(_in_app(app, deliver_mail), "interval", minutes=1, id="mail", replace_existing=True)
    scheduler.add_job(_in_app(app, recompute_deadlines), "interval", minutes=1, id="recompute",
                      replace_existing=True)
    return scheduler


def run(app) -> None:
    """Become the scheduler (waiting for the lock), sweep once at start (a restart catches up), then run the jobs."""
    with leadership():
        with app.app_context():
            sweep_today()
            db.session.remove()
        build(app).start()
