"""EXPLAIN ANALYZE of every variant of the case list, as the application builds it, on a database loaded by
bench/load_cases.py (PostgreSQL).

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench_scale python bench/explain_lists.py [-v]

For the clerk bench01 (one office of 50,000 cases): the page query of each filter and sort (first page, and the
page after and before a cursor), the count a list makes only when asked, and the queries that fill a page
(parties, detail rows, next deadlines) and the web list's filter form. Prints per query the execution time of a
second, warm run, whether any table is read whole (Seq Scan) and the indexes used; -v prints the plans.
"""
from __future__ import annotations

import os
import re
import sys
from datetime import date
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

VARIANTS = {
    "first page": {},
    "state=in_review": {"state": ["reconsideration:in_review"]},
    "state=received": {"state": ["received"]},
    "kind": {"kind": "reconsideration"},
    "open": {"open": True},
    "sort=next_due_on": {"sort": "next_due_on"},
    "sort=-next_due_on": {"sort": "-next_due_on"},
    "sort=docket_number": {"sort": "docket_number"},
    "sort=-docket_number": {"sort": "-docket_number"},
    "received 2024-01..06": {"received_from": date(2024, 1, 1), "received_to": date(2024, 6, 30)},
    "overdue=true": {"overdue": True},
    "overdue=false": {"overdue": False},
    "overdue, by due": {"overdue": True, "sort": "next_due_on"},
    "q=张伟": {"q": "张伟"},
    "q=张": {"q": "张"},
    "q=docket": {"q": "〔2024〕1"},
    "agency": {"agency_id": 7},
    "handler": {"handler_id": None},  # the clerk's own id, filled in below
    "mine (dashboard)": {"mine": None, "open": True, "sort": "next_due_on"},
}


def _names(plan: list[str], pattern: str) -> list[str]:
    return sorted({name for line in plan for m in [re.search(pattern, line)] if m for name in m.groups() if name})


def explain(conn, statement, verbose: bool) -> tuple[float, list[str], list[str]]:
    compiled = statement.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    sql, params = compiled.string, compiled.params
    conn.exec_driver_sql("EXPLAIN (ANALYZE) " + sql, params).all()  # warm the cache
    plan = [r[0] for r in conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + sql, params).all()]
    ms = float(re.search(r"Execution Time: ([\d.]+)", plan[-1]).group(1))
    indexes = _names(plan, r"Index(?: Only)? Scan(?: Backward)? using (\w+)|Bitmap Index Scan on (\w+)")
    whole = _names(plan, r"Seq Scan on (\w+)")
    if verbose:
        print("\n".join("      " + line for line in plan))
    return ms, indexes, whole


def main(verbose: bool = False) -> None:
    from caseflow import create_app
    from caseflow.auth.models import User
    from caseflow.cases import queries, search
    from caseflow.cases.models import Case, Party
    from caseflow.deadlines.models import Deadline
    from caseflow.extensions import db
    from caseflow.kinds.reconsideration.models import ReconsiderationCase

    app = create_app("development", SQLALCHEMY_DATABASE_URI=os.environ["DATABASE_URL"])
    worst = 0.0
    with app.app_context(), app.test_request_context():
        user = db.session.scalar(sa.select(User).where(User.username == "bench01"))
        conn = db.session.connection()
        rows = []
        for name, args in VARIANTS.items():
            args = {k: (user.id if v is None else v) for k, v in args.items()}
            args.setdefault("sort", "-received_on")
            first = db.session.scalars(queries.filter_cases(user, args).limit(21)).unique().all()
            rows.append((name, queries.filter_cases(user, args).limit(21)))
            if len(first) == 21:
                key = queries.cursor_after(queries.cursor_for(first[19], args["sort"]), args["sort"])
                rows.append((f"{name}, after cursor", queries.filter_cases(user, {**args, "after": key}).limit(21)))
                rows.append((f"{name}, before cursor", queries.filter_cases(user, {**args, "before": key}).limit(21)))
            db.session.expunge_all()
            user = db.session.get(User, user.id)
        page = db.session.scalars(queries.filter_cases(user, {"sort": "-received_on"}).limit(20)).unique().all()
        ids = [c.id for c in page]
        rows += [
            ("count (asked for): all", sa.select(sa.func.count()).select_from(
                queries.filter_cases(user, {}).order_by(None).subquery())),
            ("count (asked for): q=张伟", sa.select(sa.func.count()).select_from(
                queries.filter_cases(user, {"q": "张伟"}).order_by(None).subquery())),
            ("page: parties", sa.select(Party).where(Party.case_id.in_(ids))),
            ("page: detail rows", sa.select(ReconsiderationCase).where(ReconsiderationCase.id.in_(ids))),
            ("page: next deadlines", sa.select(Deadline).where(Deadline.case_id.in_(ids), Deadline.status == "running",
                                                               Deadline.due_on.is_not(None))
             .order_by(Deadline.due_on, Deadline.id)),
            ("web form: handlers", sa.select(User).where(sa.select(Case.id).where(
                Case.handler_id == User.id, Case.office_id.in_({user.office_id})).limit(1).scalar_subquery()
                .is_not(None))),
            ("search alone: q=张伟", sa.select(Case.id).where(Case.office_id == user.office_id,
                                                             search.clause("张伟")).limit(21)),
        ]
        print(f"{'query':44} {'ms':>9}  {'read whole':14}  indexes")
        for name, statement in rows:
            ms, indexes, seq = explain(conn, statement, verbose)
            if not name.startswith("count"):
                worst = max(worst, ms)
            print(f"{name:44} {ms:9.2f}  {', '.join(seq) or '-':14}  {', '.join(indexes)}")
        db.session.rollback()
    print(f"slowest page query (counts aside): {worst:.1f} ms")


if __name__ == "__main__":
    main("-v" in sys.argv)
