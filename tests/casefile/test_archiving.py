"""归档: an office head archives a closed case; from then on every change is refused, by the API (409
case_archived), the web forms (a message) and the services themselves; the case stays in lists and search."""
from __future__ import annotations

import io

import pytest

from caseflow.clock import today_local
from caseflow.errors import CaseArchived
from tests.cases.flow import act
from tests.web.conftest import Browser, csrf_from


@pytest.fixture
def closed(app, api, make, office_team):
    """A reconsideration not accepted (不予受理, a final state with nothing left running)."""
    clerk, head = api(office_team["clerk"]), api(office_team["head"])
    case = clerk.post("/api/v1/cases", json=make.application(office_team["agency"])).json
    on = today_local()
    act(clerk, case["id"], "reject", on, data={"competent_organ": "某市人民政府"}, reason="不属于本机关管辖",
        approvers={"office_head": head})
    case = clerk.get(f"/api/v1/cases/{case['id']}").json
    assert case["closed_on"] is not None, case["state"]
    return {**office_team, "case": case, "clerk_api": clerk, "head_api": head}


def _archive(head, case, reason="卷宗已整理完毕"):
    return head.post(f"/api/v1/cases/{case['id']}/archive", json={"version": case["version"], "reason": reason})


def test_office_head_archives_a_closed_case_as_an_event(closed):
    response = _archive(closed["head_api"], closed["case"])
    assert response.status_code == 200, response.json
    body = response.json
    assert body["case"]["archived"] is True and body["case"]["archived_by"] == closed["head"].display_name
    assert body["case"]["archive_reason"] == "卷宗已整理完毕" and body["case"]["archived_at"]
    assert body["event"]["name"] == "archive_case" and body["event"]["reason"] == "卷宗已整理完毕"
    assert body["case"]["allowed_transitions"] == []


def test_archiving_is_refused_to_a_clerk_to_an_open_case_and_without_a_reason(api, make, office_team, closed):
    assert _archive(closed["clerk_api"], closed["case"]).status_code == 403
    assert _archive(closed["head_api"], closed["case"], reason="").status_code == 422
    open_case = closed["clerk_api"].post("/api/v1/cases", json=make.application(office_team["agency"])).json
    refused = _archive(closed["head_api"], open_case)
    assert refused.status_code == 409 and refused.json["error"] == "conflict"
    assert any("尚未办结" in m for m in refused.json["errors"]["json"]["case"])
    stale = closed["head_api"].post(f"/api/v1/cases/{closed['case']['id']}/archive",
                                json={"version": closed["case"]["version"] - 1, "reason": "x"})
    assert stale.status_code == 409 and stale.json["error"] == "stale_version"


def test_an_archived_case_refuses_every_change_through_the_api(closed):
    case = _archive(closed["head_api"], closed["case"]).json["case"]
    again = _archive(closed["head_api"], case)
    assert again.status_code == 409 and again.json["error"] == "case_archived"
    for name in ("request_supplement", "accept", "record_suit"):
        response = closed["clerk_api"].transition(case["id"], name, version=case["version"])
        assert response.status_code == 409, response.json
        assert response.json["error"] == "case_archived" and response.json["archived_by"] == case["archived_by"]
        assert response.json["archived_at"]
    after = closed["clerk_api"].get(f"/api/v1/cases/{case['id']}").json
    assert after["version"] == case["version"] and after["state"] == case["state"]


def test_the_services_refuse_an_archived_case_whoever_calls_them(closed, db):
    from caseflow.attachments.services import add_attachment
    from caseflow.auth.models import SYSTEM_ACTOR
    from caseflow.cases.models import Case
    from caseflow.cases.services import apply_transition, record_event
    from caseflow.documents.services import issue

    _archive(closed["head_api"], closed["case"])
    case = db.session.get(Case, closed["case"]["id"])
    with pytest.raises(CaseArchived):
        apply_transition(case, "record_suit", actor=SYSTEM_ACTOR)
    with pytest.raises(CaseArchived):
        add_attachment(case, closed["clerk"], "evidence", "证据.pdf", io.BytesIO(b"%PDF-1.4 x"))
    with pytest.raises(CaseArchived):
        issue(case.id, "supplement_notice", closed["clerk"])
    with pytest.raises(CaseArchived):
        record_event(case, "note", on=today_local(), actor_name="某人", reason="", payload={})


def test_the_web_form_archives_and_then_refuses_a_transition_with_a_message(client, closed):
    head = Browser(client, closed["head"])
    page = head.get(f"/cases/{closed['case']['id']}")
    assert "电子卷宗与归档" in page.get_data(as_text=True)
    done = head.client.post(f"/cases/{closed['case']['id']}/archive", data={
        "csrf_token": csrf_from(page.get_data(as_text=True)), "version": closed["case"]["version"],
        "reason": "卷宗已整理"}, follow_redirects=True)
    text = done.get_data(as_text=True)
    assert "已归档" in text and closed["head"].display_name + "于" in text and "卷宗已整理" in text
    assert 'action="/cases/%d/attachments"' % closed["case"]["id"] not in text  # no upload form
    clerk = Browser(client, closed["clerk"])
    token = csrf_from(clerk.get(f"/cases/{closed['case']['id']}").get_data(as_text=True))
    refused = clerk.client.post(f"/cases/{closed['case']['id']}/transitions/record_suit", data={
        "csrf_token": token, "version": closed["case"]["version"] + 1, "on": today_local().isoformat()},
        follow_redirects=True)
    assert refused.status_code in (200, 409) and "归档" in refused.get_data(as_text=True)


def test_the_web_archive_form_without_a_reason_archives_nothing(client, closed):
    head = Browser(client, closed["head"])
    page = head.get(f"/cases/{closed['case']['id']}")
    done = head.client.post(f"/cases/{closed['case']['id']}/archive", data={
        "csrf_token": csrf_from(page.get_data(as_text=True)), "version": closed["case"]["version"], "reason": ""},
        follow_redirects=True)
    assert "请填写归档说明" in done.get_data(as_text=True)
    assert closed["head_api"].get(f"/api/v1/cases/{closed['case']['id']}").json["archived"] is False


def test_archived_cases_stay_in_lists_and_search_with_a_mark_and_a_filter(client, closed):
    case = _archive(closed["head_api"], closed["case"]).json["case"]
    clerk = closed["clerk_api"]
    name = case["applicants"][0]
    found = clerk.get(f"/api/v1/cases?q={name}").json
    assert [c["id"] for c in found] == [case["id"]] and found[0]["archived"] is True
    assert [c["id"] for c in clerk.get("/api/v1/cases?archived=true").json] == [case["id"]]
    assert case["id"] not in [c["id"] for c in clerk.get("/api/v1/cases?archived=false").json]
    web = Browser(client, closed["clerk"])
    listed = web.get("/cases?archived=1").get_data(as_text=True)
    assert case["docket_number"] in listed and "已归档" in listed
    assert case["docket_number"] not in web.get("/cases?archived=0").get_data(as_text=True)


def test_only_an_administrator_withdraws_an_archiving_with_an_event(app, make, closed, db):
    case = _archive(closed["head_api"], closed["case"]).json["case"]
    admin = make.user("admin", office=closed["office"])
    db.session.commit()
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["caseflow", "unarchive-case", str(case["id"]), "--by",
                                  closed["head"].username, "--reason", "法院发回"])
    assert refused.exit_code == 2 and "administrator" in refused.output
    done = runner.invoke(args=["caseflow", "unarchive-case", str(case["id"]), "--by", admin.username,
                               "--reason", "法院发回重审"])
    assert done.exit_code == 0, done.output
    events = closed["clerk_api"].get(f"/api/v1/cases/{case['id']}/events").json
    assert events[-1]["name"] == "unarchive_case" and events[-1]["reason"] == "法院发回重审"
    assert closed["clerk_api"].get(f"/api/v1/cases/{case['id']}").json["archived"] is False


def test_the_case_file_download_is_the_office_heads_and_logged(client, closed, db):
    from caseflow.security.models import SecurityEvent

    head = Browser(client, closed["head"])
    response = head.get(f"/cases/{closed['case']['id']}/casefile.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["X-Manifest-SHA256"]
    assert db.session.query(SecurityEvent).filter_by(kind="case_file_exported", case_id=closed["case"]["id"]).count() == 1
    assert Browser(client, closed["clerk"]).get(f"/cases/{closed['case']['id']}/casefile.zip").status_code == 403

