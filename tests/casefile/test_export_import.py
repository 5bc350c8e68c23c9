"""电子卷宗: a case exported from one installation and imported into another, empty one is the same case (every
record compared, ids aside); a tampered archive is refused whole, with nothing written."""
from __future__ import annotations

import io
import json
import os
import zipfile
from datetime import date

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from caseflow import create_app
from caseflow.clock import today_local
from caseflow.extensions import db
from tests.cases.flow import act
from tests.conftest import PASSWORD, Factory


def _second_url(base: str, suffix: str) -> str:
    return base.rsplit("/", 1)[0] + "/" + base.rsplit("/", 1)[1].split("?")[0] + suffix


@pytest.fixture
def two_databases(tmp_path):
    """Two empty databases: SQLite files, or (with TEST_DATABASE_URL on PostgreSQL) two databases beside it."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'source.db'}", f"sqlite:///{tmp_path / 'target.db'}"
        return
    urls = [_second_url(url, "_src"), _second_url(url, "_dst")]
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for u in urls:
            name = u.rsplit("/", 1)[1]
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield tuple(urls)
    with admin.connect() as conn:
        for u in urls:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{u.rsplit("/", 1)[1]}" WITH (FORCE)')
    admin.dispose()


class Api:
    def __init__(self, client, user):
        token = client.post("/api/v1/auth/token", json={"username": user.username, "password": PASSWORD}).json
        self.client, self.headers, self.user = client, {"Authorization": f"Bearer {token['token']}"}, user

    def get(self, url):
        return self.client.get(url, headers=self.headers)

    def post(self, url, json=None):
        return self.client.post(url, json=json, headers=self.headers)

    def transition(self, case_id, name, on=None, data=None, reason="", version=None):
        version = version or self.get(f"/api/v1/cases/{case_id}").json["version"]
        return self.post(f"/api/v1/cases/{case_id}/transitions", json={
            "transition": name, "version": version, "reason": reason, "data": data or {},
            **({"on": on.isoformat()} if on else {})})


def _source_case(app, tmp_path) -> tuple[int, dict]:
    """A reconsideration with history, deadlines, a served document, an approval, an attachment and an issued
    document; then not accepted and archived."""
    from caseflow.attachments.services import add_attachment
    from caseflow.cases.models import Case
    from caseflow.documents.services import issue

    make = Factory()
    office = make.office(code="东")
    clerk, head = make.user("clerk", office=office), make.user("office_head", office=office)
    agency = make.agency()
    db.session.commit()
    client = app.test_client()
    clerk_api, head_api = Api(client, clerk), Api(client, head)
    case = clerk_api.post("/api/v1/cases", json=make.application(agency, received_on=date(2025, 9, 12))).json
    act(clerk_api, case["id"], "request_supplement", date(2025, 9, 15), data={"items": "补充身份证明"},
        approvers={})
    row = db.session.get(Case, case["id"])
    add_attachment(row, clerk, "evidence", "证据.pdf", io.BytesIO(b"%PDF-1.4 evidence bytes"))
    issue(case["id"], "supplement_notice", clerk)
    db.session.commit()
    act(clerk_api, case["id"], "receive_supplement", today_local(), approvers={})
    act(clerk_api, case["id"], "reject", today_local(), data={"competent_organ": "某市人民政府"},
        reason="不属于本机关管辖", approvers={"office_head": head_api})
    version = clerk_api.get(f"/api/v1/cases/{case['id']}").json["version"]
    archived = head_api.post(f"/api/v1/cases/{case['id']}/archive", json={"version": version, "reason": "已整理"})
    assert archived.status_code == 200, archived.json
    return case["id"], {"detail": clerk_api.get(f"/api/v1/cases/{case['id']}").json,
                        "events": clerk_api.get(f"/api/v1/cases/{case['id']}/events").json}


def _normalised(data: bytes) -> dict:
    """The archive's records with every row id replaced by its position in its table (ids differ between
    installations; the links between records must not), users by username@/display name."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    manifest = json.loads(archive.read("manifest.json"))
    tables = {name: json.loads(archive.read(f"data/{name}.json")) for name in manifest["tables"]}
    refs = json.loads(archive.read("data/references.json"))
    position = {(name, row.get("id", row.get("case_id"))): i for name, rows in tables.items()
                for i, row in enumerate(rows)}
    metadata = db.metadata
    out = {}
    for name, rows in tables.items():
        links = {fk.parent.name: fk.column.table.name for fk in metadata.tables[name].foreign_keys}
        shown = []
        for row in rows:
            item = {}
            for column, value in row.items():
                if column in ("id", "search_terms") and column not in links:
                    continue
                target = links.get(column)
                if target == "user_account" and value is not None:
                    value = refs["user_account"][str(value)]["display_name"]
                elif target in ("office", "respondent_agency") and value is not None:
                    value = refs[target][str(value)].get("code") or refs[target][str(value)]["name"]
                elif target is not None and value is not None:
                    value = (target, position.get((target, value)))
                item[column] = value
            shown.append(item)
        out[name] = shown
    return out


@pytest.mark.separate_database
def test_round_trip_into_an_empty_installation_gives_the_same_case(two_databases, tmp_path):
    source_url, target_url = two_databases
    source = create_app("testing", SQLALCHEMY_DATABASE_URI=source_url, INSTALLATION_NAME="source-bureau",
                        ATTACHMENT_DIR=str(tmp_path / "a-files"))
    with source.app_context():
        upgrade()
        case_id, before = _source_case(source, tmp_path)
        exported = source.test_cli_runner().invoke(args=["caseflow", "export-case", str(case_id),
                                                         str(tmp_path / "case.zip")])
        assert exported.exit_code == 0, exported.output
        digest = exported.output.split("manifest sha256: ")[1].strip()
        first = (tmp_path / "case.zip").read_bytes()
        db.session.remove()
        db.engine.dispose()
    target = create_app("testing", SQLALCHEMY_DATABASE_URI=target_url, INSTALLATION_NAME="target-bureau",
                        ATTACHMENT_DIR=str(tmp_path / "b-files"))
    with target.app_context():
        upgrade()
        Factory().office(code="东")
        db.session.commit()
        runner = target.test_cli_runner()
        wrong = runner.invoke(args=["caseflow", "import-case", str(tmp_path / "case.zip"), "--manifest-sha256",
                                    "0" * 64])
        assert wrong.exit_code == 2 and "SHA-256" in wrong.output
        done = runner.invoke(args=["caseflow", "import-case", str(tmp_path / "case.zip"), "--manifest-sha256",
                                   digest, "--by", "档案室"])
        assert done.exit_code == 0, done.output
        new_id = int(done.output.split(" imported as case ")[1].split(":")[0])
        again = runner.invoke(args=["caseflow", "import-case", str(tmp_path / "case.zip")])
        assert again.exit_code == 2 and "already exists" in again.output
        second = runner.invoke(args=["caseflow", "export-case", str(new_id), str(tmp_path / "again.zip")])
        assert second.exit_code == 0, second.output
        after = _normalised((tmp_path / "again.zip").read_bytes())
        expected = _normalised(first)
        imported_event = after["case_event"].pop()
        assert imported_event["name"] == "import_case" and imported_event["actor_name"] == "档案室"
        assert imported_event["payload"]["source_installation"] == "source-bureau"
        assert imported_event["payload"]["manifest_sha256"] == digest
        assert {p["display_name"] for p in imported_event["payload"]["users_recorded"]} >= {"用户2", "用户3"}
        assert after["case"][0].pop("version") == expected["case"][0].pop("version") + 1
        after["case"][0].pop("updated_at"), expected["case"][0].pop("updated_at")
        assert after == expected
        # The files came along, byte for byte, and the case reads the same through the API (names, dates, history).
        zipped = zipfile.ZipFile(io.BytesIO((tmp_path / "again.zip").read_bytes()))
        original = zipfile.ZipFile(io.BytesIO(first))
        for name in original.namelist():
            if name.startswith(("attachments/", "files/")):
                assert any(zipped.read(n) == original.read(name) for n in zipped.namelist()), name
        from caseflow.auth.models import User
        from caseflow.cases.models import Case
        case = db.session.get(Case, new_id)
        history = [(e.name, e.effective_on.isoformat(), e.reason) for e in case.events[:-1]]
        assert history == [(e["name"], e["effective_on"], e["reason"]) for e in before["events"]]
        assert case.archived and case.docket_number == before["detail"]["docket_number"]
        # The statistics count the imported case: the summary table equals the aggregate over the cases.
        from caseflow.statistics import tally
        assert db.session.scalar(sa.select(sa.func.count()).select_from(tally.StatTally)) > 0
        assert tally.differences(db.session.connection()) == []
        assert not any(u.active for u in db.session.scalars(sa.select(User).where(User.username.like("%@source-bureau"))))
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def exported(app, api, make, office_team, tmp_path, db):
    clerk = api(office_team["clerk"])
    case = clerk.post("/api/v1/cases", json=make.application(office_team["agency"])).json
    from caseflow.attachments.services import add_attachment
    from caseflow.cases.models import Case

    add_attachment(db.session.get(Case, case["id"]), office_team["clerk"], "evidence", "证据.pdf",
                   io.BytesIO(b"%PDF-1.4 the evidence"))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["caseflow", "export-case", str(case["id"]),
                                                str(tmp_path / "case.zip")])
    assert result.exit_code == 0, result.output
    return tmp_path / "case.zip"


def _rewrite(path, change):
    """A copy of the archive with `change(members)` applied to its {name: bytes}."""
    with zipfile.ZipFile(path) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    change(members)
    out = path.with_name("tampered.zip")
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out


def _flip(data: bytes) -> bytes:
    return data[:10] + bytes([data[10] ^ 1]) + data[11:]


def _manifest(change):
    def apply(members):
        manifest = json.loads(members["manifest.json"])
        change(manifest)
        members["manifest.json"] = json.dumps(manifest).encode()
    return apply


TAMPERS = {
    "a byte of a record": (lambda m: m.update({"data/party.json": _flip(m["data/party.json"])}),
                           "data/party.json does not match its checksum"),
    "a byte of a file": (lambda m: m.update({k: _flip(v) for k, v in m.items() if k.startswith("attachments/")}),
                         "does not match its checksum"),
    "a member dropped": (lambda m: m.pop("data/case_event.json"), "data/case_event.json is listed in the manifest "
                                                                  "but missing"),
    "a member added": (lambda m: m.update({"data/extra.json": b"[]"}), "data/extra.json is not listed"),
    "the manifest edited": (_manifest(lambda x: x["members"][0].update(size=1)), "does not match its checksum"),
    "the manifest unparsable": (lambda m: m.update({"manifest.json": b"{not json"}), "manifest.json cannot be read"),
    "an unknown format version": (_manifest(lambda x: x.update(format_version=99)), "unknown format version 99"),
}


@pytest.mark.parametrize("tamper", TAMPERS)
def test_a_tampered_archive_is_refused_with_nothing_written(app, exported, tamper, db):
    from caseflow.cases.models import Case

    change, message = TAMPERS[tamper]
    count = db.session.scalar(sa.select(sa.func.count()).select_from(Case))
    result = app.test_cli_runner().invoke(args=["caseflow", "import-case", str(_rewrite(exported, change)),
                                                "--office", "nowhere"])
    assert result.exit_code == 2, result.output
    assert "not imported" in result.output and message in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Case)) == count


def test_an_untouched_archive_is_refused_only_for_its_docket_number(app, exported):
    result = app.test_cli_runner().invoke(args=["caseflow", "import-case", str(exported)])
    assert result.exit_code == 2 and "already exists here" in result.output
    assert "checksum" not in result.output
