"""The registration checks of the reconsideration form, kind-neutrally on the mediation and adjudication forms too
(issue 9): required marks, the error summary on top, no 法定代表人 for a natural person, both sides different, and
the dates; through the API, a natural person with a 法定代表人 is refused by field."""
import re
from datetime import timedelta

import pytest

from caseflow.clock import today_local
from tests.conftest import valid_credit_code, valid_id

FORMS = {
    "mediation": ("mediator", {"received_on": today_local().isoformat(), "source": "application",
                               "dispute_category": "consumer", "dispute_summary": "装修质量纠纷", "request": "返工",
                               "applicant-kind": "natural_person", "applicant-name": "郑芳",
                               "applicant-id_number": valid_id(52), "respondent-kind": "organisation",
                               "respondent-name": "江州某装饰公司"}),
    "adjudication": ("clerk", {"profile": "procurement", "received_on": today_local().isoformat(),
                               "subject": "信息化采购项目", "request": "请求认定中标无效",
                               "applicant-kind": "organisation", "applicant-name": "江州智联科技有限公司",
                               "applicant-credit_code": valid_credit_code("MA05GH78"),
                               "respondent-kind": "organisation", "respondent-name": "江州东城区政务服务中心"}),
}


def _summary(html: str) -> str:
    start = html.index('id="error-summary"')
    return html[start:html.index("</ul>", start)]


@pytest.mark.parametrize("kind", FORMS)
def test_the_form_marks_what_is_required_and_shows_a_partys_own_fields(kind, browser, office_team):
    role, _form = FORMS[kind]
    page = browser(office_team[role if role != "clerk" else "clerk"]).get(f"/cases/new/{kind}").get_data(as_text=True)
    for name in ("applicant-name", "applicant-id_number", "respondent-name", "received_on"):
        label = re.search(rf'<label[^>]*for="{name}"[^>]*>[^<]*</label>\s*<span class="text-danger"', page)
        assert label, name  # the asterisk beside the label
    # 法定代表人 only for an organisation, the ID number only for a person, switched by the party's kind.
    before_rep = page.split('name="applicant-legal_representative"')[0][-300:]
    assert 'data-party-kind="applicant-kind" data-show-for="organisation"' in before_rep
    before_id = page.split('name="respondent-id_number"')[0][-300:]
    assert 'data-party-kind="respondent-kind" data-show-for="natural_person"' in before_id
    assert "的为必填项" in page


@pytest.mark.parametrize("kind", FORMS)
def test_a_rejected_form_sums_up_its_errors_on_top(kind, browser, office_team):
    role, form = FORMS[kind]
    b = browser(office_team[role])
    refused = b.submit(f"/cases/new/{kind}", {**form, "applicant-name": "", "request": "",
                                              "received_on": (today_local() + timedelta(days=2)).isoformat()})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    summary = _summary(html)
    assert html.index('id="error-summary"') < html.index('name="applicant-kind"')  # on top, before the fields
    assert 'href="#applicant-name"' in summary and "申请人" in summary and "姓名或名称" in summary
    assert 'href="#request"' in summary and 'href="#received_on"' in summary  # a day in the future refused
    assert re.search(r"有\d+处需要更正", html)


@pytest.mark.parametrize("kind", FORMS)
def test_a_natural_person_has_no_legal_representative_and_no_one_applies_against_themself(kind, browser,
                                                                                         office_team):
    role, form = FORMS[kind]
    b = browser(office_team[role])
    person = {**form, "applicant-kind": "natural_person", "applicant-name": "高峰",
              "applicant-id_number": valid_id(72), "applicant-legal_representative": "高某"}
    refused = b.submit(f"/cases/new/{kind}", person)
    assert refused.status_code == 422 and "自然人没有法定代表人" in refused.get_data(as_text=True)
    same = b.submit(f"/cases/new/{kind}", {**form, "respondent-name": form["applicant-name"]})
    assert same.status_code == 422 and "被申请人与申请人不能为同一人" in same.get_data(as_text=True)
    assert b.submit(f"/cases/new/{kind}", form).status_code == 302  # the form itself is good


def test_the_api_refuses_a_legal_representative_for_a_natural_person(api, make, office_team):
    body = make.application(office_team["agency"])
    body["applicants"][0]["legal_representative"] = "张某"
    refused = api(office_team["clerk"]).post("/api/v1/cases", json=body)
    assert refused.status_code == 422
    assert "legal_representative" in refused.json["errors"]["json"]["applicants"]["0"]
