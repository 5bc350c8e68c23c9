"""Every page for every role: allowed, forbidden, or sent to sign in."""
import pytest

from caseflow.auth.models import ASSIGNABLE_ROLES
from tests.cases.flow import act

ROLES = [r.value for r in ASSIGNABLE_ROLES]
CASE_READERS = {"clerk", "office_head", "organ_leader", "mediator", "leader"}
PAGES = [
    # url, roles that get 200 (others 403)
    ("/cases", CASE_READERS),
    ("/cases/new/reconsideration", {"clerk", "office_head"}),
    ("/cases/{case}", CASE_READERS),
    ("/cases/{case}/transitions/accept", {"clerk", "office_head"}),
    ("/cases/export.xlsx", CASE_READERS),
    ("/deadlines/calculator", set(ROLES)),
    ("/account/password", set(ROLES)),
    ("/admin/users", {"admin"}),
    ("/admin/users/new", {"admin"}),
    ("/admin/users/{user}", {"admin"}),
    ("/admin/agencies", {"admin"}),
    ("/admin/agencies/{agency}", {"admin"}),
    ("/admin/calendar", {"admin"}),
    ("/admin/calendar/2027", {"admin"}),
]


@pytest.mark.parametrize("url, allowed", PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("role", ROLES)
def test_page_access_by_role(browser, make, office_team, team_case, db, url, allowed, role):
    user = make.user(role, office=office_team["office"])
    db.session.commit()
    response = browser(user).get(url.format(case=team_case["id"], user=office_team["clerk"].id,
                                            agency=office_team["agency"].id))
    expected = 200 if role in allowed else 403
    if role == "leader" and "/transitions/" in url:
        expected = 403
    assert response.status_code == expected


@pytest.mark.parametrize("role, expected", [("clerk", 200), ("office_head", 200), ("organ_leader", 200),
                                            ("mediator", 200), ("leader", 200), ("admin", 302)])
def test_my_work_by_role(browser, make, office_team, db, role, expected):
    user = make.user(role, office=office_team["office"])
    db.session.commit()
    assert browser(user).get("/").status_code == expected


@pytest.mark.parametrize("url", [p[0] for p in PAGES] + ["/"])
def test_anonymous_users_are_sent_to_sign_in(client, team_case, url):
    response = client.get(url.format(case=team_case["id"], user=1, agency=1))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_dashboard_per_role(browser, make, office_team, team_case, db):
    clerk_page = browser(office_team["clerk"]).get("/").get_data(as_text=True)
    assert team_case["docket_number"] in clerk_page and "督办通知" in clerk_page
    admin = make.user("admin", office=office_team["office"])
    db.session.commit()
    assert browser(admin).get("/").headers["Location"].endswith("/admin/users")


def test_other_offices_case_page_is_not_found(browser, make, team_case, db):
    stranger = make.user("clerk")
    db.session.commit()
    assert browser(stranger).get(f"/cases/{team_case['id']}").status_code == 404


def test_case_page_shows_deadlines_with_their_reason_and_the_history(browser, office_team, team_case, fresh_case):
    page = browser(office_team["clerk"]).get(f"/cases/{team_case['id']}").get_data(as_text=True)
    assert "受理审查" in page and "2025年9月19日" in page
    assert "为什么是这一天" in page and "第三十条" in page
    assert "登记立案" in page and office_team["clerk"].display_name in page
    assert "申请期限审查" in page and "第二十条第一款" in page  # the Art. 20 computation, not just a verdict
    fresh = browser(office_team["clerk"]).get(f"/cases/{fresh_case['id']}").get_data(as_text=True)
    for button in ("通知补正", "受理", "不予受理"):
        assert button in fresh
    assert "不予受理" not in page.split('aria-label="可办理的操作"')[1].split("</div>")[0]  # deemed accepted


def test_english_is_the_second_language(browser, office_team, team_case):
    b = browser(office_team["clerk"])
    page = b.get(f"/cases/{team_case['id']}?lang=en").get_data(as_text=True)
    assert "Acceptance review" in page and "September 19, 2025" in page
    assert "Why this date?" in page and "History" in page and "为什么是这一天" not in page


def test_error_pages_never_show_a_stack_trace(browser, office_team):
    page = browser(office_team["clerk"]).get("/cases/999999")
    assert page.status_code == 404 and "Traceback" not in page.get_data(as_text=True)


def test_export_is_an_xlsx_of_the_filtered_list(browser, office_team, team_case):
    from io import BytesIO

    from openpyxl import load_workbook

    response = browser(office_team["clerk"]).get("/cases/export.xlsx?state=received")
    sheet = load_workbook(BytesIO(response.data)).active
    rows = list(sheet.values)
    assert rows[1][0] == "案号" and rows[2][0] == team_case["docket_number"]
    empty = browser(office_team["clerk"]).get("/cases/export.xlsx?state=decided")
    assert len(list(load_workbook(BytesIO(empty.data)).active.values)) == 2  # the title and the header


def _exempt_from_publication(case_id, team):
    from caseflow.extensions import db
    from caseflow.publication import services

    publication = services.for_case(case_id)
    services.request_exemption(publication, team["clerk"], "privacy", "涉及个人隐私")
    services.approve(publication, team["head"])
    db.session.commit()


def test_a_lapsed_applicant_period_is_not_overdue_work(api, office_team, team_case, browser):
    clerk = api(office_team["clerk"])
    approvers = {"office_head": api(office_team["head"]), "organ_leader": api(office_team["organ"])}
    cid = team_case["id"]
    for name, on, data in [("accept", "2025-09-16", {"procedure": "ordinary"}), ("forward_copy", "2025-09-17", {}),
                           ("receive_reply", "2025-09-19", {}),
                           ("hear_views", "2025-09-19", {"heard_party": "申请人", "method": "phone", "views": "坚持请求"}),
                           ("decide", "2025-09-22", {"decision_type": "maintain"}),
                           ("record_service", "2025-09-23", {})]:
        act(clerk, cid, name, on, data, reason="认定事实清楚" if name == "decide" else "", approvers=approvers)
    _exempt_from_publication(cid, office_team)  # the office's own clock (Art. 79), not what this test is about
    case = clerk.get(f"/api/v1/cases/{cid}").json
    suit = [d for d in case["deadlines"] if d["rule_id"] == "litigation.after_decision"][0]
    assert suit["status"] == "running" and suit["responsible"] == "applicant" and suit["overdue"] is False
    assert case["overdue"] is False and case["next_due_on"] is None
    assert clerk.get("/api/v1/cases?overdue=true").json == []
    page = browser(office_team["clerk"]).get(f"/cases/{cid}").get_data(as_text=True)
    assert "已逾期" not in page


def test_transition_form_marks_what_the_workflow_requires(browser, office_team, fresh_case):
    import re

    page = browser(office_team["clerk"]).get(f"/cases/{fresh_case['id']}/transitions/reject")
    assert page.status_code == 307 and page.location.endswith(f"/cases/{fresh_case['id']}/proposals/reject")
    html = browser(office_team["clerk"]).get(page.location).get_data(as_text=True)
    required = set(re.findall(r'<(?:input|select|textarea)[^>]*\bid="(\w+)"[^>]*\brequired\b', html))
    assert "reason" in required and "competent_organ" not in required and "opinion" not in required
    # Refusal takes effect on the day it is approved: the proposer gives no date, the page says so.
    assert 'type="date"' not in html and "自批准之日起生效" in html and "机构负责人审批" in html
    html = browser(office_team["clerk"]).get(f"/cases/{fresh_case['id']}/transitions/request_supplement").get_data(
        as_text=True)
    assert "on" in set(re.findall(r'<(?:input|select|textarea)[^>]*\bid="(\w+)"[^>]*\brequired\b', html))
