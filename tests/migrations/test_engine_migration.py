"""The kind-neutral engine migration keeps every reconsideration case exactly as it was.

engine_fixture.json holds the rows of 26 cases in every state of the workflow (with pauses, an extension, a
conversion, a deemed acceptance, a reassignment ...) and each case's API view, both made by the code before the
engine existed (tests/migrations/build_engine_fixture.py, in this directory's history). The rows are loaded into
a database at that revision, the database is upgraded to head, and the API must show every case as before: the
same values for every field it had, new fields only where the engine added them.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
import time_machine

from caseflow import create_app

FIXTURE = json.loads((Path(__file__).with_name("engine_fixture.json")).read_text("utf-8"))
TABLES = ["office", "user_account", "user_role", "respondent_agency", "docket_counter", "case", "party",
          "contested_act", "case_event", "deadline", "deadline_pause", "deadline_extension", "attachment"]
# What the engine added to the views; everything else must be unchanged.
NEW_CASE_FIELDS = {"closed_on", "kind_title", "respondent", "consents", "mediators", "sessions", "agreement",
                   "follow_ups", "services", "oral_record_confirmed", "simplified_ground", "simplified_ground_title",
                   "views_heard_on", "suit_filed_on", "suit_court", "final_on", "non_performance_on",
                   "next_due_rule", "next_due_provisional",  # issue 14: which deadline is next, kept on the case
                   # issue 12: the statistics' columns and the suit's outcome
                   "suit_case_number", "suit_outcome", "suit_outcome_on", "suit_head_appeared", "deemed_accepted",
                   "concluded_on", "outcome", "settled",
                   # issue 14 item 6: archiving (归档)
                   "archived", "archived_at", "archived_by", "archive_reason"}
# What issue 9 added to the contested act: the end of a duty's time limit, for a failure to act (none here).
NEW_ACT_FIELDS = {"duty_due_on"}
# What service records added to each deadline (an existing clock awaits no receipt).
NEW_DEADLINE_FIELDS = {"awaiting_receipt"}
# The actions a case offers follow the workflow of the day (it has gained steps since); the migration keeps data.
DERIVED_FROM_THE_WORKFLOW = {"allowed_transitions"}
# Issue 12's backfill, read off the fixture's events by hand: (day, outcome, settled, deemed accepted).
EXPECTED_CONCLUSIONS = {
    "东政复〔2025〕4号": ("2025-09-30", "deemed_abandoned", False, False),
    "东政复〔2025〕18号": ("2025-11-14", "maintain", False, False),
    "东政复〔2025〕19号": ("2025-11-14", "revoke_and_redo", False, False),
    "东政复〔2025〕20号": ("2025-11-03", "mediation", False, False),
    "东政复〔2025〕21号": ("2025-09-30", "order_performance", False, False),
    "东政复〔2025〕22号": ("2025-09-30", "maintain", False, False),
    "东政复〔2025〕23号": ("2025-12-09", "not_accepted", False, False),
    "东政复〔2025〕24号": ("2025-11-03", "withdrawal", True, False),  # {"after_settlement": true}
    "东政复〔2025〕25号": ("2025-10-20", "termination", False, False),
}


def _masked(party: dict) -> dict:
    """A party of the snapshot as the API shows it since issue 13: personal data masked by default."""
    from caseflow.security.personal_data import mask_address, mask_id_number, mask_phone

    return {**party, "id_number": mask_id_number(party["id_number"]), "phone": mask_phone(party["phone"]),
            "address": mask_address(party["address"]),
            "masked": any(party[k] for k in ("id_number", "phone", "address"))}


@pytest.fixture
def blank_database():
    """A database of its own: an SQLite file, or a new PostgreSQL database beside the test one."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        yield f"sqlite:///{tempfile.mkdtemp(prefix='caseflow-migration-')}/old.db"
        return
    name = sa.engine.make_url(url).database + "_migration"  # beside the test database, so parallel runs differ
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield url.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def _value(column, value):
    if value is None:
        return None
    if isinstance(column.type, sa.JSON) and isinstance(value, str):
        return json.loads(value)
    if isinstance(column.type, sa.DateTime):
        instant = datetime.fromisoformat(value)
        return instant if instant.tzinfo else instant.replace(tzinfo=timezone.utc)
    if isinstance(column.type, sa.Date):
        return date.fromisoformat(value)
    if isinstance(column.type, sa.Boolean):
        return bool(value)
    return value


def _load_rows(engine) -> None:
    metadata = sa.MetaData()
    metadata.reflect(bind=engine)
    with engine.begin() as conn:
        for name in TABLES:
            table = metadata.tables[name]
            rows = [{k: _value(table.c[k], v) for k, v in row.items()} for row in FIXTURE["rows"][name]]
            if rows:
                conn.execute(table.insert(), rows)
        if conn.dialect.name == "postgresql":  # ids were given explicitly: move the sequences past them
            for name in TABLES:
                if "id" in metadata.tables[name].c:
                    conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), "
                                         f"COALESCE((SELECT max(id) FROM \"{name}\"), 1))")


@pytest.mark.separate_database
def test_upgrade_keeps_every_case_and_its_api_view(blank_database):
    from flask_migrate import upgrade

    from caseflow.extensions import db

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=blank_database)
    with app.app_context():
        upgrade(revision=FIXTURE["revision"])
        _load_rows(db.engine)
        upgrade()
        with db.engine.connect() as conn:
            for table in ("case", "case_event", "deadline", "deadline_pause", "deadline_extension", "party",
                          "contested_act", "attachment"):
                count = conn.execute(sa.text(f'SELECT count(*) FROM "{table}"')).scalar()
                assert count == len(FIXTURE["rows"][table]), table
            assert conn.execute(sa.text("SELECT count(*) FROM reconsideration_case")).scalar() == 26
        with time_machine.travel(datetime.fromisoformat(FIXTURE["today"]), tick=False):
            client = app.test_client()
            token = client.post("/api/v1/auth/token", json={"username": "clerk",
                                                            "password": FIXTURE["password"]}).json["token"]
            headers = {"Authorization": f"Bearer {token}"}
            views = FIXTURE["views"]
            for lang in ("zh", "en"):
                for case_id, before in views["detail"][lang].items():
                    before = {**before, "parties": [_masked(p) for p in before["parties"]]}
                    after = client.get(f"/api/v1/cases/{case_id}?lang={lang}", headers=headers).json
                    assert set(after) - set(before) <= NEW_CASE_FIELDS, case_id
                    assert after["services"] == []
                    assert all(d["awaiting_receipt"] is False for d in after["deadlines"])
                    after["deadlines"] = [{k: v for k, v in d.items() if k not in NEW_DEADLINE_FIELDS}
                                          for d in after["deadlines"]]
                    if after.get("act"):
                        assert all(after["act"][f] is None for f in NEW_ACT_FIELDS)
                        after["act"] = {k: v for k, v in after["act"].items() if k not in NEW_ACT_FIELDS}
                    kept = set(before) - DERIVED_FROM_THE_WORKFLOW
                    changed = {k: (before[k], after[k]) for k in kept if after[k] != before[k]}
                    if "deadlines" in changed:  # name the fields that moved, not two long lists
                        changed["deadlines"] = [{f: (old.get(f), new.get(f)) for f in set(old) | set(new)
                                                 if old.get(f) != new.get(f)}
                                                for old, new in zip(before["deadlines"], after["deadlines"])]
                    assert not changed, (lang, case_id, changed)
                for case_id, before in views["events"][lang].items():
                    assert client.get(f"/api/v1/cases/{case_id}/events?lang={lang}", headers=headers).json \
                        == before, (lang, case_id)
            listed = client.get("/api/v1/cases?page_size=100&sort=docket_number", headers=headers).json
            # Issue 9: dockets now sort by year and sequence (the fixture's list was in text order).
            by_id = {row["id"]: row for row in listed}
            assert [{k: by_id[old["id"]][k] for k in old} for old in views["list"]] == views["list"]
            assert [row["docket_number"] for row in listed] == sorted(
                (old["docket_number"] for old in views["list"]), key=lambda d: int(re.search(r"〕(\d+)号", d)[1]))
            assert len(listed) == len(views["list"])
            # The search terms are filled for the cases the migration found (issue 14), and the index serves them.
            found = client.get("/api/v1/cases?q=东政复〔2025〕4号", headers=headers).json
            assert [row["docket_number"] for row in found] == ["东政复〔2025〕4号"]
            # The day each closed case reached its final state, from its history; open cases have none.
            closed = {row["docket_number"]: row["closed_on"] for row in listed if row["closed_on"]}
            assert closed == {"东政复〔2025〕4号": "2025-09-30", "东政复〔2025〕21号": "2025-11-05",
                              "东政复〔2025〕22号": "2025-10-27", "东政复〔2025〕23号": "2025-12-09",
                              "东政复〔2025〕24号": "2025-11-03", "东政复〔2025〕25号": "2025-10-20"}
            # Issue 12: the figures' columns, backfilled from the history (the concluding event's day and kind).
            concluded = {row["docket_number"]: (row["concluded_on"], row["outcome"], row["settled"],
                                                row["deemed_accepted"])
                         for row in (client.get(f"/api/v1/cases/{r['id']}", headers=headers).json for r in listed)
                         if row["concluded_on"] or row["deemed_accepted"]}
            assert concluded == EXPECTED_CONCLUSIONS
        db.session.remove()
        db.engine.dispose()
