"""The leaders' dashboard over a large caseload on PostgreSQL, beside raw SQL over the same rows, in one process.

    python bench/bench_stats.py [--url postgresql+psycopg://postgres@127.0.0.1:5432/bench_stats] [--cases 1000000]

The database is emptied and migrated, then loaded in SQL: reconsideration cases received evenly over five years
(2021-2025) in 20 offices against 40 agencies of four levels, each accepted five days after receipt (one in
twenty deemed accepted) and concluded 20 to 79 days later with an outcome drawn from the national mix, except
the last two months' cases, still open; each with two deadlines closed (the review and the reply, one in ten
late). Then, for the year 2025 (about a fifth of the rows):

- headline: the dashboard's reconsideration counts (caseflow.statistics.queries.count_sets) beside raw SQL: the
  same rows grouped with a hand-written GROUP BY and summed, checked equal;
- dashboard: every figure the page shows (both years' counts, rates, handling time, outcome mix, deadlines on
  time, open by age, respondents, mediation, adjudication, monthly trends), as the page computes it, which reads
  the summary table (stat_tally) where it is exact; and the same page over the cases alone, checked equal.

for three views: the leader's (every office), and two of an office head's (one office: reconsideration against
respondents of one level; one handler's cases of the simplified procedure).
The summary table is filled after the SQL load by its rebuild (timed), as an operator would after a bulk load.
Each is run three times; the best time is printed.
"""
from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OFFICES, AGENCIES = 20, 40
LEVELS = ("township", "county", "city", "province")
# outcome by g % 100: maintain 45, dismiss_request 10, revoke 8, vary 2, confirm_illegal 3, order_performance 2,
# mediation 12, withdrawal 15 (half after settlement), termination 3
OUTCOME = ("CASE WHEN g % 100 < 45 THEN 'maintain' WHEN g % 100 < 55 THEN 'dismiss_request' "
           "WHEN g % 100 < 63 THEN 'revoke' WHEN g % 100 < 65 THEN 'vary' WHEN g % 100 < 68 THEN 'confirm_illegal' "
           "WHEN g % 100 < 70 THEN 'order_performance' WHEN g % 100 < 82 THEN 'mediation' "
           "WHEN g % 100 < 97 THEN 'withdrawal' ELSE 'termination' END")
START, DAYS = date(2021, 1, 1), 365 * 5


def load(engine, cases: int) -> None:
    started = time.perf_counter()
    received = f"(DATE '{START.isoformat()}' + (g * {DAYS} / :cases))"
    open_ = f"({received} > DATE '2025-10-31')"
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO office (id, code, name, level, created_at) SELECT g, 'O' || g, "
                             "'办公室' || g, 'county', now() FROM generate_series(1, :n) g"), {"n": OFFICES})
        conn.execute(sa.text(
            "INSERT INTO user_account (id, username, display_name, password_hash, office_id, active, "
            "failed_logins, created_at, session_epoch) SELECT g, 'clerk' || g, '承办人' || g, 'x', g, true, 0, "
            "now(), 0 FROM generate_series(1, :n) g"), {"n": OFFICES})
        conn.execute(sa.text("INSERT INTO respondent_agency (id, name, level, field, active, created_at) SELECT g, "
                             "'被申请机关' || g, (ARRAY['township','county','city','province'])[1 + g % 4], "
                             "'public_security', true, now() FROM generate_series(1, :n) g"), {"n": AGENCIES})
        conn.execute(sa.text(
            "INSERT INTO \"case\" (id, kind, office_id, docket_year, docket_seq, docket_number, state, version, "
            f"received_on, closed_on, handler_id, created_at, updated_at) SELECT g, 'reconsideration', 1 + g % {OFFICES}, "
            f"2025, g, 'O' || g || '号', CASE WHEN {open_} THEN 'in_review' ELSE 'closed' END, 2, {received}, "
            f"CASE WHEN {open_} THEN NULL ELSE {received} + 5 + 20 + g % 60 END, 1 + g % {OFFICES}, now(), now() "
            "FROM generate_series(1, :cases) g"), {"cases": cases})
        conn.execute(sa.text(
            "INSERT INTO reconsideration_case (id, receipt_channel, respondent_agency_id, request, facts_and_reasons, "
            "timeliness, procedure, accepted_on, deemed_accepted, concluded_on, outcome, settled, decision_type, "
            "no_reply, oral_record_confirmed) "
            f"SELECT g, 'mail', 1 + g % {AGENCIES}, '撤销处罚', '', '{{}}'::jsonb, "
            f"CASE WHEN g % 7 = 0 THEN 'simplified' ELSE 'ordinary' END, {received} + 5, g % 20 = 0, "
            f"CASE WHEN {open_} THEN NULL ELSE {received} + 5 + 20 + g % 60 END, "
            f"CASE WHEN {open_} THEN NULL ELSE {OUTCOME} END, g % 100 >= 82 AND g % 100 < 97 AND g % 2 = 0, "
            f"CASE WHEN {open_} THEN NULL ELSE {OUTCOME} END, false, false FROM generate_series(1, :cases) g"),
            {"cases": cases})
        deadline = ("INSERT INTO deadline (case_id, rule_id, start_on, count, status, due_on, nominal_on, provisional, "
                    "closed_on, created_at, rule_as_of, awaiting_receipt) ")
        for rule, offset in (("reconsideration.acceptance_review", 5), ("reconsideration.reply", 15)):
            conn.execute(sa.text(
                deadline + f"SELECT g, '{rule}', {received}, 5, CASE WHEN g % 10 = 3 THEN 'late' ELSE 'met' END, "
                f"{received} + {offset}, {received} + {offset}, false, {received} + {offset}, now(), {received}, false "
                "FROM generate_series(1, :cases) g"), {"cases": cases})
        for table in ("office", "user_account", "respondent_agency", "case", "deadline"):
            conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                                 f"(SELECT max(id) FROM \"{table}\"))"))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE"))
    print(f"loaded {cases:,} cases with {2 * cases:,} deadlines in {time.perf_counter() - started:.0f} s")


RAW = """
SELECT rc.outcome, rc.settled, rc.deemed_accepted,
       c.received_on BETWEEN :start AND :end AS received,
       rc.accepted_on BETWEEN :start AND :end AS accepted,
       rc.accepted_on IS NOT NULL AND rc.concluded_on BETWEEN :start AND :end AS concluded_in,
       rc.accepted_on <= :end AND (rc.concluded_on IS NULL OR rc.concluded_on > :end) AS carried,
       count(*)
FROM "case" c JOIN reconsideration_case rc ON rc.id = c.id
WHERE c.office_id = ANY(:offices) {extra}
GROUP BY 1, 2, 3, 4, 5, 6, 7
"""
LEVEL = " AND rc.respondent_agency_id IN (SELECT id FROM respondent_agency WHERE level = :level)"
PROCEDURE = " AND rc.procedure = :procedure"
HANDLER = " AND c.handler_id = :handler"
DECISIONS = {"vary", "revoke", "partially_revoke", "revoke_and_redo", "confirm_illegal", "order_performance",
             "confirm_invalid", "maintain", "dismiss_request", "dismiss_application", "administrative_agreement",
             "compensation"}
CORRECTIONS = {"vary", "revoke", "partially_revoke", "revoke_and_redo", "confirm_illegal", "order_performance",
               "confirm_invalid"}


def raw(conn, start: date, end: date, offices=None, level=None, procedure=None, handler=None) -> dict:
    """The same headline counts from one hand-written GROUP BY, summed by the definitions of legal-reference §6.2."""
    out = dict.fromkeys(("received", "accepted", "deemed_accepted", "concluded", "decided", "corrected",
                         "mediated_or_withdrawn", "carried_over", "not_accepted"), 0)
    for outcome, _settled, deemed, received, accepted, concluded, carried, n in conn.execute(
            sa.text(RAW.format(extra=(LEVEL if level else "") + (PROCEDURE if procedure else "")
                               + (HANDLER if handler else ""))),
            {"start": start, "end": end, "offices": offices or list(range(1, OFFICES + 1)), "level": level,
             "procedure": procedure, "handler": handler}):
        out["received"] += n if received else 0
        out["accepted"] += n if accepted else 0
        out["deemed_accepted"] += n if accepted and deemed else 0
        out["carried_over"] += n if carried else 0
        if concluded and outcome in DECISIONS | {"mediation", "withdrawal", "termination"}:
            out["concluded"] += n
            out["decided"] += n if outcome in DECISIONS else 0
            out["corrected"] += n if outcome in CORRECTIONS else 0
            out["mediated_or_withdrawn"] += n if outcome in ("mediation", "withdrawal") else 0
    return out


def best(fn, runs: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="postgresql+psycopg://postgres@127.0.0.1:5432/bench_stats")
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--no-load", action="store_true", help="reuse the data of the last run")
    args = parser.parse_args()

    from flask_migrate import upgrade

    from caseflow import create_app
    from caseflow.extensions import db
    from caseflow.statistics import queries, tally
    from caseflow.statistics.period import parse_period

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=args.url)
    with app.app_context():
        if not args.no_load:
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE")
                conn.exec_driver_sql("CREATE SCHEMA public")
        upgrade()  # with --no-load, an older load gets the summary table here (the migration's backfill)
        if not args.no_load:
            load(db.engine, args.cases)
            # The load is SQL outside the application, so the summary table is filled as an operator would after
            # a bulk load: `flask caseflow stats-rebuild` (tally.rebuild), timed.
            started = time.perf_counter()
            with db.engine.begin() as conn:
                rows = tally.rebuild(conn)
            print(f"stats-rebuild: {rows:,} summary rows in {time.perf_counter() - started:.1f} s")
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("VACUUM ANALYZE stat_tally"))
        today = date(2026, 6, 30)
        period = parse_period("2025", today=today)
        views = {
            "leader, every office, year 2025": ({}, {}),
            "office head: office 3, reconsideration, respondents of province level": (
                {"office_ids": {3}, "kind": "reconsideration", "agency_level": "province"}, {"offices": [3], "level": "province"}),
            "office head: office 3, one handler, simplified procedure": (
                {"office_ids": {3}, "handler_id": 3, "procedure": "simplified"},
                {"offices": [3], "handler": 3, "procedure": "simplified"}),
        }
        results = {}
        for title, (filters, raw_filters) in views.items():
            scope = queries.Scope(**{"office_ids": set(range(1, OFFICES + 1)), **filters})
            cases_scope = queries.Scope(**{"office_ids": set(range(1, OFFICES + 1)), **filters, "summary": False})
            with db.engine.connect() as conn:
                raw_time, raw_counts = best(lambda f=raw_filters: raw(conn, period.start, period.end, **f))
            headline_time, counts = best(lambda s=scope: queries.count_sets(s, "reconsideration", period))
            mismatch = {k: (counts[k], v) for k, v in raw_counts.items() if k != "not_accepted" and counts[k] != v}
            assert not mismatch, f"the dashboard and raw SQL disagree: {mismatch}"
            dashboard_time, figures = best(lambda s=scope: queries.figures(s, period, today))
            cases_time, over_cases = best(lambda s=cases_scope: queries.figures(s, period, today))
            assert figures == over_cases, "the summary table and the cases disagree"
            results[title] = (raw_counts, raw_time, headline_time, dashboard_time, cases_time, figures)
        scope = queries.Scope(office_ids=set(range(1, OFFICES + 1)))
        parts = {
            "counts, both years": lambda: [queries.count_sets_of(scope, k, [period, period.last_year()])
                                          for k in ("reconsideration", "mediation", "adjudication")],
            "handling time + outcome mix (one pass)": lambda: queries.handling_time(scope, period),
            "deadlines on time": lambda: queries.deadlines_on_time(scope, period),
            "open by age": lambda: queries.open_by_age(scope, period, today),
            "respondents": lambda: queries.respondents(scope, period),
            "mediation + adjudication": lambda: (queries.mediation(scope, period), queries.adjudication(scope, period)),
            "trends": lambda: queries.trends(scope, period),
        }
        part_times = {name: best(fn)[0] for name, fn in parts.items()}
        db.session.rollback()
    for title, (raw_counts, raw_time, headline_time, dashboard_time, cases_time, figures) in results.items():
        print(f"{title}: {raw_counts['received']:,} received, {raw_counts['concluded']:,} concluded, "
              f"{raw_counts['carried_over']:,} carried over; 纠错率 "
              f"{next(r['value'] for r in figures['rates'] if r['key'] == 'correction_rate')}%")
        print(f"  raw SQL GROUP BY (same rows, same counts)   : {raw_time * 1000:8.0f} ms")
        print(f"  dashboard headline (reconsideration counts) : {headline_time * 1000:8.0f} ms  "
              f"({headline_time / raw_time:.2f}x raw)")
        print(f"  dashboard, every figure on the page         : {dashboard_time * 1000:8.0f} ms  "
              f"({dashboard_time / raw_time:.2f}x raw)")
        print(f"  the same page without the summary table     : {cases_time * 1000:8.0f} ms  "
              f"({cases_time / raw_time:.2f}x raw; equal figures checked)")
    print("leader's year view, by part:")
    for name, seconds in part_times.items():
        print(f"  {name:<43}: {seconds * 1000:8.0f} ms")


if __name__ == "__main__":
    main()
