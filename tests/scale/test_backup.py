"""Backup and restore of a SQLite installation round-trip every case (README "Backups")."""
from datetime import date

import pytest
from flask_migrate import upgrade

from caseflow import create_app
from caseflow.extensions import db
from tests.conftest import PASSWORD, Factory


@pytest.mark.separate_database
def test_backup_then_restore_gives_back_every_case_and_event(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    runner = app.test_cli_runner()
    make = Factory()
    with app.app_context():
        upgrade()
        team = make.office()
        clerk = make.user("clerk", office=team)
        agency = make.agency()
        db.session.commit()
        client = app.test_client()
        token = client.post("/api/v1/auth/token", json={"username": clerk.username, "password": PASSWORD})
        headers = {"Authorization": f"Bearer {token.json['token']}"}
        made = client.post("/api/v1/cases", headers=headers,
                           json=make.application(agency, received_on=date(2025, 9, 12))).json
        before = client.get(f"/api/v1/cases/{made['id']}/events", headers=headers).json
        backed = runner.invoke(args=["caseflow", "backup", str(tmp_path / "copy.db")])
        assert backed.exit_code == 0 and "backed up" in backed.output
        db.session.remove()
        db.engine.dispose()
        for leftover in tmp_path.glob("live.db*"):  # the database is lost (with its WAL)
            leftover.unlink()
        restored = runner.invoke(args=["caseflow", "restore", str(tmp_path / "copy.db")])
        assert restored.exit_code == 0, restored.output
        db.engine.dispose()
        after = client.get(f"/api/v1/cases/{made['id']}/events", headers=headers).json
        assert after == before
        assert client.get("/api/v1/cases?q=" + made["applicants"][0], headers=headers).json[0]["id"] == made["id"]
        db.session.remove()
        db.engine.dispose()


def test_online_backup_is_refused_for_postgresql_with_the_tool_to_use():
    from caseflow.ops.backup import sqlite_path

    with pytest.raises(ValueError, match="pg_dump"):
        sqlite_path("postgresql+psycopg://caseflow@127.0.0.1/caseflow")
