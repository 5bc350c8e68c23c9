"""The adjudication clerk's pages: registration with the sub-kind, the case page in the sub-kind's words."""
from tests.conftest import valid_id


def test_register_an_adjudication_and_see_it_in_its_own_words(browser, office_team):
    b = browser(office_team["clerk"])
    form = {"profile": "procurement", "received_on": "2025-09-15", "subject": "信息化采购项目",
            "reference_number": "DCCG-2026-031", "request": "请求认定中标无效", "applicant-kind": "organisation",
            "applicant-name": "江州智联科技有限公司", "respondent-kind": "organisation",
            "respondent-name": "江州东城区政务服务中心"}
    missing = b.submit("/cases/new/adjudication", form)
    assert missing.status_code == 422
    html = missing.get_data(as_text=True)
    assert "法人或其他组织须填写统一社会信用代码" in html and "DCCG-2026-031" in html
    from tests.conftest import valid_credit_code

    saved = b.submit("/cases/new/adjudication", {**form, "applicant-credit_code": valid_credit_code("MA05GH78")})
    assert saved.status_code == 302
    page = b.get(saved.headers["Location"]).get_data(as_text=True)
    assert "裁〔2025〕" in page and "投诉人" in page and "被投诉人" in page and "政府采购投诉" in page
    assert "政府采购投诉处理决定" in page  # its 30-working-day clock runs from receipt
    person = b.submit("/cases/new/adjudication", {**form, "profile": "patent", "applicant-kind": "natural_person",
                                                  "applicant-name": "高峰", "applicant-id_number": valid_id(72)})
    assert person.status_code == 302
    assert "请求人" in b.get(person.headers["Location"]).get_data(as_text=True)
