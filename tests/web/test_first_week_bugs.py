"""The bugs a first week of use found (issue 9): each test failed on the code before the fix."""
import re
from datetime import date
from io import BytesIO

import sqlalchemy as sa
from openpyxl import load_workbook

from caseflow.cases.models import Case
from tests.web.conftest import csrf_from


def test_upload_with_no_file_is_a_form_error_not_a_500(browser, office_team, team_case, app, tmp_path):
    app.config["ATTACHMENT_DIR"] = str(tmp_path)
    b = browser(office_team["clerk"])
    url = f"/cases/{team_case['id']}"
    token = csrf_from(b.get(url).get_data(as_text=True))
    # What a browser posts when no file is chosen: the part is there, with an empty name and no content.
    response = b.client.post(f"{url}/attachments", data={"csrf_token": token, "kind": "application",
                                                         "file": (BytesIO(b""), "")},
                             content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 422  # the case page again, the message next to the file field
    assert re.search(r'class="invalid-feedback"[^>]*>请选择要上传的文件<', html)


def _export_dockets(response):
    rows = list(load_workbook(BytesIO(response.data)).active.values)
    header = next(i for i, row in enumerate(rows) if row[0] == "案号")
    return {row[0] for row in rows[header + 1:]}


def test_export_honours_every_selected_state(browser, api, make, office_team, db):
    clerk = api(office_team["clerk"])
    cases = [clerk.post("/api/v1/cases", json=make.application(office_team["agency"])).json for _ in range(3)]
    db.session.execute(sa.update(Case).where(Case.id == cases[1]["id"]).values(state="accepted"))
    db.session.execute(sa.update(Case).where(Case.id == cases[2]["id"]).values(state="hearing_scheduled"))
    db.session.commit()
    b = browser(office_team["clerk"])
    query = "state=reconsideration:received&state=reconsideration:accepted&state=reconsideration:hearing_scheduled"
    page = b.get(f"/cases?{query}").get_data(as_text=True)
    assert all(c["docket_number"] in page for c in cases)
    start = page.index("/cases/export.xlsx")
    link = page[start:page.index('"', start)].replace("&amp;", "&")
    assert _export_dockets(b.get(link)) == {c["docket_number"] for c in cases}


def test_docket_numbers_sort_by_year_and_sequence(browser, api, make, office_team, db):
    clerk = api(office_team["clerk"])
    made = [clerk.post("/api/v1/cases", json=make.application(office_team["agency"])).json["id"] for _ in range(4)]
    cases = [db.session.get(Case, case_id) for case_id in made]
    for n, case in enumerate(cases):  # out of the way of the unique (office, kind, year, seq) first
        case.docket_seq = 100 + n
    db.session.flush()
    # As text, "〔2026〕10号" sorts before "〔2026〕1号"; by year and sequence it comes last.
    for case, (year, seq) in zip(cases, [(2026, 10), (2025, 9), (2026, 2), (2026, 1)]):
        case.docket_year, case.docket_seq, case.docket_number = year, seq, f"测政复〔{year}〕{seq}号"
    db.session.commit()
    order = ["测政复〔2025〕9号", "测政复〔2026〕1号", "测政复〔2026〕2号", "测政复〔2026〕10号"]
    b = browser(office_team["clerk"])
    page = b.get("/cases?sort=docket_number").get_data(as_text=True)
    assert [page.index(d) for d in order] == sorted(page.index(d) for d in order)
    page = b.get("/cases?sort=-docket_number").get_data(as_text=True)
    assert [page.index(d) for d in order] == sorted((page.index(d) for d in order), reverse=True)


def test_a_reversed_date_range_says_what_is_wrong(browser, office_team, team_case):
    later, earlier = date(2025, 10, 1), date(2025, 9, 1)
    page = browser(office_team["clerk"]).get(f"/cases?received_from={later}&received_to={earlier}")
    html = page.get_data(as_text=True)
    assert "不能早于" in html and "invalid-feedback" in html
    assert team_case["docket_number"] not in html  # no silently empty list either: the form is to correct


def test_the_api_names_the_field_of_a_reversed_range(api, office_team, team_case):
    response = api(office_team["clerk"]).get("/api/v1/cases?received_from=2025-10-01&received_to=2025-09-01")
    assert response.status_code == 422
    assert "received_to" in str(response.json)


def test_the_export_says_what_it_holds_and_is_ready_to_filter(browser, office_team, team_case):
    b = browser(office_team["clerk"])
    response = b.get("/cases/export.xlsx?state=reconsideration:received&received_from=2025-09-01")
    sheet = load_workbook(BytesIO(response.data)).active
    title = sheet["A1"].value
    assert "受理审查中" in title and "2025年9月1日" in title and "导出于" in title
    assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref.startswith("A2:")
    header = [c.value for c in sheet[2]]
    row = dict(zip(header, [c.value for c in sheet[3]]))
    assert row["案号"] == team_case["docket_number"]
    assert team_case["act"]["document_number"] in row["被申请行为"] and row["下一个期限"]
    assert "决定" in header and sheet.column_dimensions["G"].width == 40


def test_registration_checks_the_dates_and_sums_up_its_errors(browser, office_team):
    from datetime import timedelta

    from caseflow.clock import today_local
    from tests.web.test_forms import registration

    b = browser(office_team["clerk"])
    received = today_local() - timedelta(days=1)
    early = b.submit("/cases/new/reconsideration", registration(
        office_team["agency"], act_made_on=(received - timedelta(days=5)).isoformat(),
        act_known_on=(received - timedelta(days=9)).isoformat(), request=""))
    html = early.get_data(as_text=True)
    assert early.status_code == 422 and "知道日期不能早于行政行为作出日期" in html
    summary = html[html.index('id="error-summary"'):html.index("</ul>", html.index('id="error-summary"'))]
    assert "行政复议请求" in summary and "申请人知道该行为的日期" in summary  # at the top, linking to the fields
    late = b.submit("/cases/new/reconsideration", registration(office_team["agency"],
                                                                act_known_on=today_local().isoformat()))
    assert "知道日期不能晚于收到申请日期" in late.get_data(as_text=True)
    page = b.get("/cases/new/reconsideration").get_data(as_text=True)
    assert 'data-show-for="organisation"' in page.split('name="applicant_legal_representative"')[0][-400:]
