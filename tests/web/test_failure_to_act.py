"""A failure to perform a statutory duty (不履行法定职责) has no act date: registration accepts it without one, the
application period runs from the end of the duty's time limit (ARL Art. 20(1), ARL-IR Art. 16), and every page,
export and document copes with the missing date (issue 9). Every other act still needs its date, by field."""
from datetime import timedelta
from io import BytesIO

from openpyxl import load_workbook

from caseflow.clock import today_local
from tests.cases.flow import act
from tests.web.test_forms import registration


def _inaction(make, agency, duty_due_on, **act_overrides):
    body = make.application(agency)
    received = today_local() - timedelta(days=1)
    body["act"] = {"act_type": "non_performance", "description": "未在法定期限内答复政府信息公开申请",
                   "known_on": (received - timedelta(days=3)).isoformat(),
                   "duty_due_on": duty_due_on.isoformat(), **act_overrides}
    body["received_on"] = received.isoformat()
    return body


def test_the_api_registers_a_failure_to_act_without_an_act_date(api, make, office_team):
    clerk = api(office_team["clerk"])
    received = today_local() - timedelta(days=1)
    response = clerk.post("/api/v1/cases", json=_inaction(make, office_team["agency"], received - timedelta(days=5)))
    assert response.status_code == 201, response.json
    case = clerk.get(f"/api/v1/cases/{response.json['id']}").json
    assert case["act"]["made_on"] is None and case["act"]["duty_due_on"] == (received - timedelta(days=5)).isoformat()
    checks = case["timeliness"]["checks"]
    # The 60 days run from the end of the duty's time limit; no Art. 21 bar, which runs from a day made.
    assert [c["rule"] for c in checks] == ["reconsideration.application_inaction"]
    assert checks[0]["start"] == (received - timedelta(days=5)).isoformat() and case["timeliness"]["timely"]


def test_the_period_of_a_failure_to_act_runs_from_the_duty_not_from_knowing(api, make, office_team):
    received = today_local() - timedelta(days=1)
    body = _inaction(make, office_team["agency"], received - timedelta(days=90),
                     known_on=(received - timedelta(days=10)).isoformat())
    response = api(office_team["clerk"]).post("/api/v1/cases", json=body)
    assert response.status_code == 201, response.json
    assert response.json["timeliness"]["timely"] is False  # 90 days after the duty ran out: too late


def test_every_other_act_still_needs_its_date_named_by_field(api, make, office_team):
    clerk = api(office_team["clerk"])
    body = make.application(office_team["agency"])
    del body["act"]["made_on"]
    response = clerk.post("/api/v1/cases", json=body)
    assert response.status_code == 422
    assert "made_on" in response.json["errors"]["json"]["act"]
    # A failure to act needs the end of the duty's time limit instead.
    body = _inaction(make, office_team["agency"], today_local())
    del body["act"]["duty_due_on"]
    response = clerk.post("/api/v1/cases", json=body)
    assert response.status_code == 422 and "duty_due_on" in response.json["errors"]["json"]["act"]


def test_the_form_registers_a_failure_to_act_and_pages_show_it(browser, api, office_team, db):
    b = browser(office_team["clerk"])
    received = today_local() - timedelta(days=1)
    page = b.get("/cases/new/reconsideration").get_data(as_text=True)
    assert 'data-show-for="non_performance"' in page and 'name="act_duty_due_on"' in page
    missing = b.submit("/cases/new/reconsideration", registration(office_team["agency"], act_made_on=""))
    assert missing.status_code == 422 and "请填写作出日期" in missing.get_data(as_text=True)
    no_duty = b.submit("/cases/new/reconsideration", registration(
        office_team["agency"], act_type="non_performance", act_made_on=""))
    assert no_duty.status_code == 422 and "请填写履行期限届满日" in no_duty.get_data(as_text=True)
    saved = b.submit("/cases/new/reconsideration", registration(
        office_team["agency"], act_type="non_performance", act_made_on="",
        act_duty_due_on=(received - timedelta(days=4)).isoformat()))
    assert saved.status_code == 302, saved.get_data(as_text=True)
    case_url = saved.headers["Location"]
    html = b.get(case_url).get_data(as_text=True)
    assert "不履行法定职责，无作出日期" in html and "履行期限届满日" in html
    case_id = int(case_url.rstrip("/").rsplit("/", 1)[1])
    clerk = api(office_team["clerk"])
    approvers = {"office_head": api(office_team["head"])}
    act(clerk, case_id, "accept", received, {"procedure": "ordinary"}, approvers=approvers)
    preview = b.get(f"/cases/{case_id}/documents/acceptance_notice/preview")
    assert preview.status_code == 200 and "予以受理" in preview.get_data(as_text=True)
    export = b.get("/cases/export.xlsx")
    rows = list(load_workbook(BytesIO(export.data)).active.values)
    assert export.status_code == 200 and any("罚款500元" in str(cell) for row in rows for cell in row)
