"""Finding 9 (personal data): ID numbers, phones and addresses are masked for every reader; those who handle the
case may have one party shown in full, and each showing is logged; a leader of a higher office never can."""
import re

import pytest

from tests.web.conftest import csrf_from


def _masked(applicant):
    number = applicant["id_number"]
    return {"id_number": number[:4] + "*" * 10 + number[-4:], "phone": "138****8000", "address": "江州市东城区****"}


def test_masks():
    from caseflow.security.personal_data import mask_address, mask_id_number, mask_phone

    assert mask_id_number("320102199001012312") == "3201**********2312"
    assert mask_phone("13800138000") == "138****8000" and mask_phone("010-65551234") == "010*****1234"
    assert mask_address("浙江省杭州市西湖区文三路90号") == "浙江省杭州市西湖区****"
    assert mask_address("广西壮族自治区南宁市青秀区民族大道1号") == "广西壮族自治区南宁市青秀区****"
    assert mask_address("张家村3组") == "****"


@pytest.mark.parametrize("role", ["clerk", "head", "organ", "mediator"])
def test_every_reader_gets_the_masked_view_by_default(api, office_team, registered, role):
    case, applicant = registered
    party = api(office_team[role]).get(f"/api/v1/cases/{case['id']}").json["parties"][0]
    assert {k: party[k] for k in ("id_number", "phone", "address")} == _masked(applicant)
    assert party["masked"] is True and party["name"] == applicant["name"]


def test_a_leader_of_a_higher_office_sees_masked_data_and_cannot_have_it_shown(api, browser, office_team, registered,
                                                                              parent_leader, security_log):
    case, applicant = registered
    leader = api(parent_leader)
    party = leader.get(f"/api/v1/cases/{case['id']}").json["parties"][0]
    assert party["id_number"] == _masked(applicant)["id_number"]
    assert leader.post(f"/api/v1/cases/{case['id']}/parties/{party['id']}/reveal").status_code == 403
    page = browser(parent_leader).get(f"/cases/{case['id']}").get_data(as_text=True)
    assert applicant["id_number"] not in page and "13800138000" not in page and "建设大街" not in page
    assert _masked(applicant)["id_number"] in page and "查看完整信息" not in page
    assert security_log("personal_data_shown") == []


def test_a_handler_has_a_party_shown_and_the_showing_is_logged(api, office_team, registered, security_log):
    case, applicant = registered
    clerk = api(office_team["clerk"])
    party_id = clerk.get(f"/api/v1/cases/{case['id']}").json["parties"][0]["id"]
    shown = clerk.post(f"/api/v1/cases/{case['id']}/parties/{party_id}/reveal")
    assert shown.status_code == 200
    assert (shown.json["id_number"], shown.json["phone"], shown.json["address"], shown.json["masked"]) == (
        applicant["id_number"], "13800138000", "江州市东城区建设大街88号", False)
    [event] = security_log("personal_data_shown")
    assert (event.user_id, event.case_id, event.detail["party_id"]) == (office_team["clerk"].id, case["id"], party_id)
    assert clerk.get(f"/api/v1/cases/{case['id']}").json["parties"][0]["masked"] is True  # shown once, not kept


def test_another_office_neither_reads_nor_reveals(api, make, registered, db):
    case, _applicant = registered
    stranger = make.user("clerk", "office_head")
    db.session.commit()
    other = api(stranger)
    assert other.get(f"/api/v1/cases/{case['id']}").status_code == 404
    assert other.post(f"/api/v1/cases/{case['id']}/parties/1/reveal").status_code == 404


def test_the_case_page_masks_and_shows_on_request(browser, office_team, registered, security_log):
    case, applicant = registered
    b = browser(office_team["clerk"])
    page = b.get(f"/cases/{case['id']}").get_data(as_text=True)
    assert applicant["id_number"] not in page and _masked(applicant)["id_number"] in page
    assert "138****8000" in page and "江州市东城区****" in page
    action = re.search(r'action="(/cases/\d+/parties/\d+/reveal)"', page).group(1)
    shown = b.client.post(action, data={"csrf_token": csrf_from(page)})
    text = shown.get_data(as_text=True)
    assert shown.status_code == 200 and applicant["id_number"] in text and "江州市东城区建设大街88号" in text
    assert shown.headers["Cache-Control"] == "no-store"
    assert len(security_log("personal_data_shown")) == 1
