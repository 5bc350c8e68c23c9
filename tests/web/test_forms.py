"""Form validation: the message next to the field, the input kept, nothing half-done."""
import re
from datetime import date, timedelta
from io import BytesIO

import sqlalchemy as sa

from caseflow.approvals.models import ApprovalRequest
from caseflow.attachments.models import Attachment
from caseflow.cases.models import Case, CaseEvent
from caseflow.clock import today_local
from tests.conftest import PASSWORD, valid_id
from tests.web.conftest import csrf_from


def feedback(html):
    return re.findall(r'class="invalid-feedback[^"]*"[^>]*>([^<]+)<', html)


def registration(agency, **overrides):
    received = today_local() - timedelta(days=1)
    data = {"received_on": received.isoformat(), "receipt_channel": "mail", "applicant_kind": "natural_person",
            "applicant_name": "张三", "applicant_id_number": valid_id(5), "applicant_phone": "13800138000",
            "respondent_agency_id": str(agency.id), "act_type": "penalty", "act_description": "罚款500元",
            "act_document_number": "公罚〔2026〕8号", "act_made_on": (received - timedelta(days=10)).isoformat(),
            "act_known_on": (received - timedelta(days=9)).isoformat(), "act_informed_of_right": "y",
            "act_obstacle_days": "0", "request": "撤销罚款决定", "action": "save"}
    data.update(overrides)
    return data


def test_sign_in_errors_and_lockout(browser, office_team, app):
    b = browser()
    wrong = b.login(office_team["clerk"].username, "wrong-password")
    assert wrong.status_code == 401 and "用户名或密码不正确" in wrong.get_data(as_text=True)
    for _ in range(app.config["LOGIN_MAX_FAILURES"] - 1):
        b.login(office_team["clerk"].username, "wrong-password")
    locked = b.login(office_team["clerk"].username, PASSWORD)
    assert locked.status_code == 429 and "尝试过于频繁" in locked.get_data(as_text=True)
    empty = b.login("", "")
    assert empty.status_code == 422 and "请输入用户名" in empty.get_data(as_text=True)


def test_sign_in_and_out(browser, office_team):
    b = browser()
    assert b.login(office_team["clerk"].username, PASSWORD).status_code == 302
    page = b.get("/").get_data(as_text=True)
    token = re.search(r'action="/logout">\s*<input type="hidden" name="csrf_token" value="([^"]+)"', page).group(1)
    assert b.client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert b.get("/").status_code == 302


def test_register_with_bad_fields_keeps_input_and_names_the_field(browser, office_team, db):
    b = browser(office_team["clerk"])
    bad_id = valid_id(5)[:-1] + ("1" if valid_id(5)[-1] != "1" else "2")
    future = (today_local() + timedelta(days=2)).isoformat()
    response = b.submit("/cases/new/reconsideration", registration(office_team["agency"], applicant_id_number=bad_id,
                                                   applicant_phone="123", received_on=future))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "公民身份号码无效" in html and "电话号码格式不正确" in html and "日期不能晚于今天" in html
    assert 'value="张三"' in html and "撤销罚款决定" in html  # what the clerk typed is kept
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 0


def test_organisation_needs_a_valid_credit_code(browser, office_team):
    b = browser(office_team["clerk"])
    response = b.submit("/cases/new/reconsideration", registration(office_team["agency"], applicant_kind="organisation",
                                                   applicant_name="某公司", applicant_credit_code="91110101MA01AB12X0"))
    assert response.status_code == 422 and "统一社会信用代码无效" in response.get_data(as_text=True)


def test_timeliness_check_before_saving_then_register(browser, office_team, db):
    b = browser(office_team["clerk"])
    data = registration(office_team["agency"], action="check")
    data["act_known_on"] = (today_local() - timedelta(days=100)).isoformat()
    data["act_made_on"] = (today_local() - timedelta(days=101)).isoformat()
    checked = b.submit("/cases/new/reconsideration", data)
    html = checked.get_data(as_text=True)
    assert checked.status_code == 200 and "可能已超过申请期限" in html and "第二十条" in html
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 0
    saved = b.submit("/cases/new/reconsideration", dict(data, action="save"))
    assert saved.status_code == 302
    case = db.session.scalar(sa.select(Case))
    assert case.timeliness["timely"] is False and case.parties[0].name == "张三"


def test_duplicate_application_warns_and_needs_confirmation(browser, office_team, db):
    b = browser(office_team["clerk"])
    assert b.submit("/cases/new/reconsideration", registration(office_team["agency"])).status_code == 302
    again = b.submit("/cases/new/reconsideration", registration(office_team["agency"]))
    assert again.status_code == 409 and "可能重复申请" in again.get_data(as_text=True)
    confirmed = b.submit("/cases/new/reconsideration", registration(office_team["agency"], confirm_duplicate="y"))
    assert confirmed.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 2


def test_proposal_form_errors_next_to_fields_and_nothing_is_kept(browser, office_team, fresh_case, db):
    b = browser(office_team["clerk"])
    url = f"/cases/{fresh_case['id']}/proposals/reject"
    before = db.session.scalar(sa.select(sa.func.count(CaseEvent.id)))
    response = b.submit(url, {"version": "1", "on": today_local().isoformat(), "competent_organ": "某市人民政府",
                              "opinion": "拟不予受理"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "请说明理由" in html and "某市人民政府" in html and "拟不予受理" in html  # the input is kept
    assert db.session.scalar(sa.select(sa.func.count(ApprovalRequest.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(CaseEvent.id))) == before


def test_transition_form_refuses_a_future_date_next_to_the_field(browser, office_team, fresh_case, db):
    b = browser(office_team["clerk"])
    url = f"/cases/{fresh_case['id']}/transitions/request_supplement"
    before = db.session.scalar(sa.select(sa.func.count(CaseEvent.id)))
    response = b.submit(url, {"version": "1", "on": (today_local() + timedelta(days=1)).isoformat(),
                              "items": "补充身份证明", "services-0-method": "mail", "services-0-addressee": "x"})
    assert response.status_code == 422 and "办理日期不能晚于今天" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(CaseEvent.id))) == before


def test_transition_form_success_and_stale_page(browser, office_team, fresh_case, api, db):
    b = browser(office_team["clerk"])
    url = f"/cases/{fresh_case['id']}/transitions/request_supplement"
    page = b.get(url)
    assert page.status_code == 200
    token = csrf_from(page.get_data(as_text=True))
    today = today_local().isoformat()
    # someone else acts first
    other = api(office_team["head"])
    assert other.transition(fresh_case["id"], "request_supplement", on=today,
                            data={"items": "补充", "service": {"method": "mail"}}).status_code == 200
    stale = b.client.post(url, data={"csrf_token": token, "version": "1", "on": today, "items": "补充证据"})
    assert stale.status_code == 409 and "请刷新" in stale.get_data(as_text=True)
    fresh_url = f"/cases/{fresh_case['id']}/transitions/receive_supplement"
    done = b.submit(fresh_url, {"version": "2", "on": today})
    assert done.status_code == 302


def test_role_that_may_not_act_gets_403(browser, office_team, team_case):
    b = browser(office_team["organ"])
    assert b.get(f"/cases/{team_case['id']}/transitions/accept").status_code == 403


def _upload(b, case_id, filename, content, kind="evidence"):
    page = b.get(f"/cases/{case_id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    return b.client.post(f"/cases/{case_id}/attachments", data={"csrf_token": token, "kind": kind,
                                                                "file": (BytesIO(content), filename)},
                         content_type="multipart/form-data", follow_redirects=True)


def test_uploads_are_checked_and_downloadable(browser, office_team, team_case, db, app, tmp_path):
    app.config["ATTACHMENT_DIR"] = str(tmp_path)
    b = browser(office_team["clerk"])
    ok = _upload(b, team_case["id"], "申请书.pdf", b"%PDF-1.7\n" + b"x" * 100)
    assert "已上传" in ok.get_data(as_text=True)
    row = db.session.scalar(sa.select(Attachment))
    assert row.size == 109 and len(row.sha256) == 64 and row.content_type == "application/pdf"
    download = b.get(f"/attachments/{row.id}")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    download.close()
    fake = _upload(b, team_case["id"], "evil.pdf", b"MZ\x90\x00 not a pdf")
    assert "只接受PDF" in fake.get_data(as_text=True)
    app.config["ATTACHMENT_MAX_BYTES"] = 1000
    big = _upload(b, team_case["id"], "big.pdf", b"%PDF-" + b"0" * 2000)
    assert "文件超过" in big.get_data(as_text=True)
    app.config["ATTACHMENT_MAX_BYTES"] = 20 * 1024 * 1024
    assert db.session.scalar(sa.select(sa.func.count(Attachment.id))) == 1


def test_calculator_form(browser, office_team):
    b = browser(office_team["clerk"])
    page = b.get("/deadlines/calculator?rule=reconsideration.acceptance_review&start=2024-09-27")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "2024年10月10日" in html and "调休上班日" in html
    bad = b.get("/deadlines/calculator?rule=reconsideration.decision&start=2060-12-20")
    assert bad.status_code == 422 and "calendar" in bad.get_data(as_text=True)
    half = b.get("/deadlines/calculator?rule=reconsideration.decision&start=2025-03-03&pause_from=2025-03-20")
    assert half.status_code == 422 and "暂停需要起止两个日期" in half.get_data(as_text=True)


def test_admin_forms(browser, make, office_team, db):
    admin = make.user("admin", office=office_team["office"])
    db.session.commit()
    b = browser(admin)
    bad = b.submit("/admin/users/new", {"username": "bad name", "display_name": "", "office_id": str(admin.office_id),
                                        "password": "short"})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "只能使用字母" in html and "请输入姓名" in html and "密码至少10位" in html
    good = b.submit("/admin/users/new", {"username": "newclerk", "display_name": "新人", "roles": ["clerk"],
                                         "office_id": str(admin.office_id), "password": "a-long-password"})
    assert good.status_code == 302
    dup = b.submit("/admin/agencies", {"name": office_team["agency"].name, "level": "county",
                                       "field": "public_security"})
    assert dup.status_code == 422 and "已在名录中" in dup.get_data(as_text=True)


def test_calendar_import_form_refuses_a_bad_notice_and_accepts_a_good_one(browser, make, office_team, db):
    admin = make.user("admin", office=office_team["office"])
    db.session.commit()
    b = browser(admin)
    bad = b.submit("/admin/calendar", {"text": "year: 2027\nnotice: x\nholidays: [{name: a, from: 2027-02-05, "
                                               "to: 2027-02-06}]\nmakeup_workdays: [{date: 2027-02-06}]"},
                   action="/admin/calendar/import", follow_redirects=True)
    assert "未导入" in bad.get_data(as_text=True)
    from tests.calendar.test_calendar_data import NOTICE_2027

    good = b.submit("/admin/calendar", {"text": NOTICE_2027}, action="/admin/calendar/import", follow_redirects=True)
    assert "已导入2027年" in good.get_data(as_text=True)
    corrected = b.submit("/admin/calendar", {"day": "2027-03-01", "day_type": "holiday", "name": "特别假日",
                                             "reason": "测试"}, action="/admin/calendar/correct",
                         follow_redirects=True)
    assert "已更正2027-03-01" in corrected.get_data(as_text=True)


def test_dates_are_shown_in_chinese(browser, office_team, team_case):
    html = browser(office_team["clerk"]).get("/cases").get_data(as_text=True)
    assert "2025年9月12日" in html
    assert date(2025, 9, 12).isoformat() not in html.split("<tbody>")[1].split("</tbody>")[0]


def test_calendar_notice_entered_in_the_form(browser, make, office_team, db):
    from caseflow.calendar.services import year_status

    admin = make.user("admin", office=office_team["office"])
    db.session.commit()
    b = browser(admin)
    bad = b.submit("/admin/calendar", {"year": "2027", "notice": "国办发明电〔2026〕1号",
                                       "holidays": "春节 2027-02-05 2027-02-13\n国庆节", "makeup": "2027-02-14 春节"},
                   action="/admin/calendar/enter", follow_redirects=True)
    assert "放假安排第2行" in bad.get_data(as_text=True) and year_status()[2027].status == "provisional"
    contradictory = b.submit("/admin/calendar", {"year": "2027", "notice": "x", "holidays": "春节 2027-02-05 2027-02-13",
                                                 "makeup": "2027-02-06 春节"}, action="/admin/calendar/enter",
                             follow_redirects=True)
    assert "同时列为放假日和调休上班日" in contradictory.get_data(as_text=True)
    good = b.submit("/admin/calendar", {"year": "2027", "notice": "国办发明电〔2026〕1号",
                                        "holidays": "元旦 2027-01-01 2027-01-03\n春节 2027-02-05 2027-02-13",
                                        "makeup": "2027-02-14 春节\n2027-02-20 春节"},
                    action="/admin/calendar/enter", follow_redirects=True)
    assert "已导入2027年" in good.get_data(as_text=True) and year_status()[2027].status == "official"


def test_sessions_expire(browser, office_team, app):
    from datetime import datetime, timezone

    import time_machine

    b = browser(office_team["clerk"])
    assert b.get("/").status_code == 200
    later = datetime.now(timezone.utc) + app.config["PERMANENT_SESSION_LIFETIME"] + timedelta(minutes=5)
    with time_machine.travel(later):
        assert b.get("/").status_code == 302


def test_user_edit_form(browser, make, office_team, db):
    admin = make.user("admin", office=office_team["office"])
    db.session.commit()
    b = browser(admin)
    url = f"/admin/users/{office_team['clerk'].id}"
    bad = b.submit(url, {"display_name": "", "roles": [], "password": "short"})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "请输入姓名" in html and "至少选择一个角色" in html and "密码至少10位" in html
    self_lock = b.submit(f"/admin/users/{admin.id}", {"display_name": "管理员", "roles": ["clerk"], "active": "y"})
    assert self_lock.status_code == 422 and "不能停用自己" in self_lock.get_data(as_text=True)
    ok = b.submit(url, {"display_name": "改名", "roles": ["clerk", "mediator"], "active": "y"}, follow_redirects=True)
    assert ok.status_code == 200 and "须由另一名管理员批准" in ok.get_data(as_text=True)
    db.session.refresh(office_team["clerk"])
    # A case role added by one administrator waits for a second (tests/security/test_role_grants.py).
    assert office_team["clerk"].display_name == "改名" and office_team["clerk"].roles == {"clerk"}


def test_day_correction_needs_a_reason(browser, make, office_team, db):
    admin = make.user("admin", office=office_team["office"])
    db.session.commit()
    page = browser(admin).submit("/admin/calendar", {"day": "2027-03-01", "day_type": "holiday", "reason": ""},
                                 action="/admin/calendar/correct", follow_redirects=True)
    assert "请说明更正理由" in page.get_data(as_text=True)
    weekday = browser(admin).submit("/admin/calendar", {"day": "2027-03-01", "day_type": "makeup_workday",
                                                        "reason": "测试"}, action="/admin/calendar/correct",
                                    follow_redirects=True)
    assert "周一至周五不能设为调休上班日" in weekday.get_data(as_text=True)


def test_case_filter_with_a_bad_date_says_so(browser, office_team, team_case):
    page = browser(office_team["clerk"]).get("/cases?received_from=2025-02-30")
    assert page.status_code == 200 and "invalid-feedback" in page.get_data(as_text=True)


def test_users_change_their_own_password(browser, office_team, db):
    b = browser(office_team["clerk"])
    wrong = b.submit("/account/password", {"current": "nope", "new": "another-long-one", "confirm": "another-long-one"})
    assert wrong.status_code == 422 and "当前密码不正确" in wrong.get_data(as_text=True)
    mismatch = b.submit("/account/password", {"current": PASSWORD, "new": "another-long-one", "confirm": "different"})
    assert mismatch.status_code == 422 and "不一致" in mismatch.get_data(as_text=True)
    ok = b.submit("/account/password", {"current": PASSWORD, "new": "another-long-one", "confirm": "another-long-one"})
    assert ok.status_code == 302
    fresh = browser()
    assert fresh.login(office_team["clerk"].username, PASSWORD).status_code == 401
    assert browser().login(office_team["clerk"].username, "another-long-one").status_code == 302


def test_register_with_a_third_party(browser, office_team, db):
    from tests.conftest import valid_credit_code

    b = browser(office_team["clerk"])
    bad = b.submit("/cases/new/reconsideration", registration(office_team["agency"], third_party_kind="organisation",
                                              third_party_name="某公司", third_party_number="123"))
    assert bad.status_code == 422 and "统一社会信用代码无效" in bad.get_data(as_text=True)
    ok = b.submit("/cases/new/reconsideration", registration(office_team["agency"], third_party_kind="organisation",
                                             third_party_name="某公司", third_party_number=valid_credit_code()))
    assert ok.status_code == 302
    case = db.session.scalar(sa.select(Case))
    third = [p for p in case.parties if p.role == "third_party"]
    assert third[0].name == "某公司" and third[0].credit_code == valid_credit_code()


def test_a_tampered_version_is_refused_not_a_crash(browser, office_team, team_case):
    b = browser(office_team["clerk"])
    response = b.submit(f"/cases/{team_case['id']}/transitions/accept",
                        {"version": "abc", "on": "2025-09-16", "procedure": "ordinary"})
    assert response.status_code == 422


def test_a_served_document_and_its_receipt_in_the_pages(browser, office_team, fresh_case):
    """The step that sends a document asks how it was served; the case page records the receipt later."""
    b = browser(office_team["clerk"])
    cid = fresh_case["id"]
    today = today_local().isoformat()
    assert b.submit(f"/cases/{cid}/transitions/accept", {"version": "1", "on": today,
                                                          "procedure": "ordinary"}).status_code == 302
    url = f"/cases/{cid}/transitions/forward_copy"
    form = b.get(url).get_data(as_text=True)
    assert fresh_case["respondent"] in form and 'name="services-0-method"' in form
    missing = b.submit(url, {"version": "2", "on": today, "services-0-addressee": fresh_case["respondent"]})
    assert missing.status_code == 422 and "请填写送达方式" in missing.get_data(as_text=True)
    sent = b.submit(url, {"version": "2", "on": today, "services-0-addressee": fresh_case["respondent"],
                          "services-0-method": "mail", "services-0-evidence": "EMS42"})
    assert sent.status_code == 302
    page = b.get(f"/cases/{cid}").get_data(as_text=True)
    assert "待回证" in page and "EMS42" not in page.split("送达记录")[0]
    action = re.search(r'action="(/cases/\d+/services/\d+/receipt)"', page).group(1)
    recorded = b.submit(f"/cases/{cid}", {"version": "3", "received_on": today, "evidence": "回证1"}, action=action)
    assert recorded.status_code == 303
    after = b.get(f"/cases/{cid}").get_data(as_text=True)
    assert "已记录送达回证" in after and "回证1" in after and "记录送达回证" in after


def test_an_oral_application_needs_its_record_confirmed(browser, office_team, db):
    b = browser(office_team["clerk"])
    before = db.session.scalar(sa.select(sa.func.count(Case.id)))
    response = b.submit("/cases/new/reconsideration", registration(office_team["agency"], receipt_channel="oral"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "口头申请须当场记录申请的主要事实和理由" in feedback(html)
    assert "口头申请笔录须经申请人核对确认" in html and "撤销罚款决定" in html  # the input is kept
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == before
    done = b.submit("/cases/new/reconsideration", registration(
        office_team["agency"], receipt_channel="oral", facts_and_reasons="申请人口述：罚款过重",
        oral_record_confirmed="y"))
    assert done.status_code == 302
    assert "已当场记录，申请人核对确认" in b.get(done.location).get_data(as_text=True)


def test_an_agency_has_an_address_contact_and_phone_for_service(browser, make, office_team, db):
    from caseflow.organisations.models import RespondentAgency

    admin = make.user("admin", office=office_team["office"])
    db.session.commit()
    b = browser(admin)
    agency = office_team["agency"]
    bad = b.submit(f"/admin/agencies/{agency.id}", {"address": "东城区某路2号", "phone": "12", "email": "x"})
    assert bad.status_code == 422 and "电子邮箱格式不正确" in bad.get_data(as_text=True)
    done = b.submit(f"/admin/agencies/{agency.id}", {"address": "东城区某路2号", "contact_person": "刘科长",
                                                    "phone": "010-65123456", "email": "fzk@example.gov.cn"},
                    follow_redirects=True)
    assert "刘科长" in done.get_data(as_text=True)
    db.session.expire_all()
    saved = db.session.get(RespondentAgency, agency.id)
    assert (saved.address, saved.contact_person, saved.phone, saved.email) == (
        "东城区某路2号", "刘科长", "010-65123456", "fzk@example.gov.cn")
