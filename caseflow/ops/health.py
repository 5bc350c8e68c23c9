"""/healthz and /readyz for the process manager and the proxy (docs/deployment.md).

/healthz: the process answers and reads one row from the database (the bare endpoint the load test compares
with). /readyz: the database is reachable, its schema is at the migrations' head, and the working calendar covers
the coming year (a deadline past its end cannot be computed). 200 with the checks, or 503 naming the failed one.
"""
from __future__ import annotations

from datetime import timedelta
from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa
from flask import Blueprint, current_app, jsonify
from sqlalchemy.exc import SQLAlchemyError

from caseflow.auth.access import public
from caseflow.calendar.models import CalendarDay
from caseflow.clock import today_local
from caseflow.extensions import csrf, db

bp = Blueprint("ops", __name__)
csrf.exempt(bp)


@lru_cache(maxsize=4)
def migration_heads(directory: str) -> frozenset[str]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", directory)
    return frozenset(ScriptDirectory.from_config(config).get_heads())


@bp.route("/healthz")
@public
def healthz():
    db.session.execute(sa.text("SELECT 1")).scalar()
    return jsonify({"status": "ok"})


def readiness() -> tuple[bool, dict]:
    checks = {}
    try:
        applied = set(db.session.scalars(sa.text("SELECT version_num FROM alembic_version")))
        checks["database"] = "ok"
    except SQLAlchemyError as exc:
        db.session.rollback()
        return False, {"database": f"unreachable: {type(exc.orig or exc).__name__}"}
    heads = migration_heads(str(Path(current_app.root_path).parent / "migrations"))
    checks["migrations"] = "ok" if applied == set(heads) else f"at {sorted(applied)}, head is {sorted(heads)}"
    last = db.session.scalar(sa.select(sa.func.max(CalendarDay.day)))
    needed = today_local() + timedelta(days=366)
    checks["calendar"] = "ok" if last and last >= needed else \
        f"ends {last.isoformat() if last else 'nowhere'}; must reach {needed.isoformat()} (import the next year)"
    return all(v == "ok" for v in checks.values()), checks


@bp.route("/readyz")
@public
def readyz():
    ready, checks = readiness()
    return jsonify({"status": "ready" if ready else "not ready", "checks": checks}), 200 if ready else 503
