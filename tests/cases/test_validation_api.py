"""Bad input is refused with the field named, and nothing is written."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from caseflow.cases.models import Case, CaseEvent
from caseflow.clock import today_local
from tests.conftest import valid_credit_code, valid_id


def service_body(agency, received_on=None):
    """A registration as the service receives it (already shape-checked)."""
    received_on = received_on or today_local() - timedelta(days=3)
    return {"kind": "reconsideration", "received_on": received_on, "receipt_channel": "mail",
            "respondent_agency_id": agency.id, "request": "撤销处罚", "facts_and_reasons": "",
            "applicants": [{"kind": "natural_person", "name": "张三", "id_number": valid_id(9)}],
            "act": {"act_type": "penalty", "description": "罚款", "made_on": received_on - timedelta(days=10),
                    "known_on": received_on - timedelta(days=9)}}


@pytest.fixture
def clerk_api(api, office_team):
    return api(office_team["clerk"])


def post_case(clerk_api, body):
    return clerk_api.post("/api/v1/cases", json=body)


def count(model):
    from caseflow.extensions import db

    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.mark.parametrize("mutate, path", [
    (lambda b: b["applicants"][0].update(id_number=valid_id(3)[:-1] + ("0" if valid_id(3)[-1] != "0" else "1")),
     ("applicants", "0", "id_number")),
    (lambda b: b["applicants"][0].update(id_number=None), ("applicants", "0", "id_number")),
    (lambda b: b["applicants"].__setitem__(0, {"kind": "organisation", "name": "某公司",
                                              "credit_code": valid_credit_code()[:-1] + "Y"}),
     ("applicants", "0", "credit_code")),
    (lambda b: b["applicants"][0].update(phone="12345"), ("applicants", "0", "phone")),
    (lambda b: b.update(applicants=[]), ("applicants",)),
    (lambda b: b.update(received_on="2025-13-01"), ("received_on",)),
    (lambda b: b.update(receipt_channel="fax"), ("receipt_channel",)),
    (lambda b: b.update(request=""), ("request",)),
    (lambda b: b.update(request="x" * 4001), ("request",)),
    (lambda b: b["act"].update(act_type="war"), ("act", "act_type")),
    (lambda b: b["act"].pop("known_on"), ("act", "known_on")),
])
def test_registration_shape_errors_name_the_field(clerk_api, make, office_team, mutate, path):
    body = make.application(office_team["agency"])
    mutate(body)
    before = count(Case)
    response = post_case(clerk_api, body)
    assert response.status_code == 422, response.json
    node = response.json["errors"]["json"]
    for key in path:
        node = node[key]
    assert node and isinstance(node, list)
    assert count(Case) == before


@pytest.mark.parametrize("mutate, field", [
    (lambda b: b.update(received_on=(today_local() + timedelta(days=1)).isoformat()), "received_on"),
    (lambda b: b["act"].update(known_on="2000-01-01"), "known_on"),
    (lambda b: b.update(respondent_agency_id=999999), "respondent_agency_id"),
])
def test_registration_rule_errors_name_the_field(clerk_api, make, office_team, mutate, field):
    body = make.application(office_team["agency"])
    mutate(body)
    response = post_case(clerk_api, body)
    assert response.status_code == 422, response.json
    assert field in str(response.json["errors"]["json"])


def test_late_application_is_registered_with_the_timeliness_computation(clerk_api, make, office_team):
    received = today_local() - timedelta(days=2)
    body = make.application(office_team["agency"], received_on=received)
    body["act"]["known_on"] = (received - timedelta(days=90)).isoformat()
    body["act"]["made_on"] = (received - timedelta(days=95)).isoformat()
    case = post_case(clerk_api, body).json
    assert case["timeliness"]["timely"] is False
    first = case["timeliness"]["checks"][0]
    assert first["rule"] == "reconsideration.application" and first["met"] is False
    assert "第二十条" in first["basis"] and first["explanation"]


def test_uninformed_applicant_gets_the_one_year_cap(clerk_api, make, office_team):
    received = today_local() - timedelta(days=2)
    body = make.application(office_team["agency"], received_on=received)
    body["act"].update(known_on=(received - timedelta(days=200)).isoformat(),
                       made_on=(received - timedelta(days=210)).isoformat(), informed_of_right=False)
    checks = post_case(clerk_api, body).json["timeliness"]["checks"]
    assert [c["rule"] for c in checks] == ["reconsideration.application_uninformed", "reconsideration.absolute_limit"]
    assert all(c["met"] for c in checks)


def test_unknown_role_may_not_register(api, make, office_team):
    mediator = api(office_team["mediator"])
    response = mediator.post("/api/v1/cases", json=make.application(office_team["agency"]))
    assert response.status_code == 403


def test_transition_errors(clerk_api, api, make, office_team):
    case = post_case(clerk_api, make.application(office_team["agency"])).json
    cid, version = case["id"], case["version"]
    events_before = count(CaseEvent)
    # missing required data, named
    r = clerk_api.transition(cid, "accept", version=version, data={})
    assert r.status_code == 422 and "procedure" in r.json["errors"]["json"]["data"]
    # not one of the choices
    r = clerk_api.transition(cid, "accept", version=version, data={"procedure": "fast"})
    assert r.status_code == 422 and "procedure" in r.json["errors"]["json"]["data"]
    # unknown field is refused, not dropped
    r = clerk_api.transition(cid, "accept", version=version, data={"procedure": "ordinary", "colour": "red"})
    assert r.status_code == 422 and "colour" in r.json["errors"]["json"]["data"]
    # effective date in the future / before the previous event
    r = clerk_api.transition(cid, "accept", version=version, data={"procedure": "ordinary"},
                             on=today_local() + timedelta(days=1))
    assert r.status_code == 422 and "on" in r.json["errors"]["json"]
    r = clerk_api.transition(cid, "accept", version=version, data={"procedure": "ordinary"},
                             on=today_local() - timedelta(days=30))
    assert r.status_code == 422 and "on" in r.json["errors"]["json"]
    # malformed request body
    r = clerk_api.post(f"/api/v1/cases/{cid}/transitions", json={"transition": "accept"})
    assert r.status_code == 422 and "version" in r.json["errors"]["json"]
    # unknown transition
    r = clerk_api.transition(cid, "teleport", version=version)
    assert r.status_code == 422 and "transition" in r.json["errors"]["json"]
    # not allowed in this state: 409 with the allowed ones
    r = clerk_api.transition(cid, "decide", version=version)
    assert r.status_code == 409 and "accept" in r.json["allowed_transitions"]
    # role may not: 403
    r = api(office_team["organ"]).transition(cid, "accept", version=version, data={"procedure": "ordinary"})
    assert r.status_code == 403
    # stale version: 409
    r = clerk_api.transition(cid, "accept", version=version + 5, data={"procedure": "ordinary"})
    assert r.status_code == 409 and r.json["error"] == "stale_version"
    assert count(CaseEvent) == events_before


def test_other_offices_cases_are_invisible(clerk_api, api, make, office_team):
    from caseflow.extensions import db

    case = post_case(clerk_api, make.application(office_team["agency"])).json
    stranger = make.user("clerk")
    db.session.commit()
    other = api(stranger)
    assert other.get(f"/api/v1/cases/{case['id']}").status_code == 404
    assert other.get(f"/api/v1/cases/{case['id']}/events").status_code == 404
    assert other.transition(case["id"], "accept", version=1, data={"procedure": "ordinary"}).status_code == 404
    assert case["id"] not in [c["id"] for c in other.get("/api/v1/cases").json]


def test_leader_of_the_office_above_reads_but_cannot_act(clerk_api, api, make, office_team):
    from caseflow.extensions import db

    case = post_case(clerk_api, make.application(office_team["agency"])).json
    office_team["office"].parent_id = make.office(level="city").id
    leader = make.user("leader", office=office_team["office"].parent)
    db.session.commit()
    reader = api(leader)
    seen = reader.get(f"/api/v1/cases/{case['id']}")
    assert seen.status_code == 200 and seen.json["allowed_transitions"] == []
    assert reader.transition(case["id"], "accept", version=1, data={"procedure": "ordinary"}).status_code == 403


def test_token_is_required_expires_and_can_be_revoked(client, api, office_team, app):
    from datetime import datetime, timezone

    import time_machine

    assert client.get("/api/v1/cases").status_code == 401
    assert client.get("/api/v1/cases", headers={"Authorization": "Bearer nonsense"}).status_code == 401
    bad = client.post("/api/v1/auth/token", json={"username": office_team["clerk"].username, "password": "wrong"})
    assert bad.status_code == 401
    session = api(office_team["clerk"])
    assert session.get("/api/v1/cases").status_code == 200
    later = datetime.now(timezone.utc) + app.config["API_TOKEN_TTL"] + timedelta(minutes=1)
    with time_machine.travel(later):
        assert session.get("/api/v1/cases").status_code == 401
    assert session.delete("/api/v1/auth/token").status_code == 204
    assert session.get("/api/v1/cases").status_code == 401


def test_repeated_failures_lock_the_account(client, office_team, app):
    username = office_team["clerk"].username
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert client.post("/api/v1/auth/token", json={"username": username, "password": "nope"}).status_code == 401
    from caseflow.extensions import limiter
    from tests.conftest import PASSWORD

    throttled = client.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD})
    assert throttled.status_code == 429 and "Retry-After" in throttled.headers
    limiter.reset()  # another worker process, or a restart: the lockout is in the database too
    locked = client.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD})
    assert locked.status_code == 401


def test_case_list_filters_and_paginates(clerk_api, make, office_team):
    for n in range(3):
        post_case(clerk_api, make.application(office_team["agency"], received_on=today_local() - timedelta(days=n + 1)))
    page = clerk_api.get("/api/v1/cases?page_size=2&sort=received_on&count=true")
    assert page.status_code == 200 and len(page.json) == 2
    assert '"total": 3' in page.headers["X-Pagination"]
    assert "X-Pagination" not in clerk_api.get("/api/v1/cases?page_size=2").headers
    second = clerk_api.get("/api/v1/cases?page_size=2&sort=received_on&page=2")
    assert len(second.json) == 1 and "X-Next-Cursor" not in second.headers
    both = clerk_api.get(f"/api/v1/cases?page=2&cursor={page.headers['X-Next-Cursor']}&sort=received_on")
    assert both.status_code == 422 and "page" in both.json["errors"]["query"]
    assert page.json[0]["received_on"] < page.json[1]["received_on"]
    assert len(clerk_api.get("/api/v1/cases?state=accepted").json) == 0
    assert len(clerk_api.get("/api/v1/cases?state=received").json) == 3
    assert len(clerk_api.get("/api/v1/cases?q=申请人").json) == 3
    assert len(clerk_api.get("/api/v1/cases?overdue=true").json) == 0
    day = (today_local() - timedelta(days=1)).isoformat()
    assert len(clerk_api.get(f"/api/v1/cases?received_from={day}").json) == 1
    assert clerk_api.get("/api/v1/cases?sort=colour").status_code == 422
