"""Every form control on every page has a label; pages declare their language and a main landmark."""
from html.parser import HTMLParser

import pytest


class Controls(HTMLParser):
    def __init__(self):
        super().__init__()
        self.labels_for, self.controls, self.lang, self.main = set(), [], None, False
        self._label_depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "main":
            self.main = True
        if tag == "label":
            self._label_depth += 1
            if a.get("for"):
                self.labels_for.add(a["for"])
        if tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit", "button"):
            self.controls.append((a.get("id"), a.get("name"), bool(a.get("aria-label")), self._label_depth > 0))

    def handle_endtag(self, tag):
        if tag == "label":
            self._label_depth -= 1


PAGES = ["/", "/cases", "/cases/new", "/cases/new/reconsideration", "/cases/new/mediation", "/cases/new/adjudication",
         "/cases/{case}", "/cases/{case}/proposals/reject", "/approvals", "/approvals/{request}",
         "/cases/{case}/transitions/request_supplement", "/deadlines/calculator", "/admin/users/new",
         "/admin/agencies", "/admin/agencies/{agency}", "/admin/calendar", "/login", "/statistics?period=2025",
         "/statistics/cases?period=2025&stat=received", "/cases/{case}/documents",
         "/publications", "/public/decisions"]


@pytest.mark.parametrize("url", PAGES)
def test_controls_are_labelled(browser, api, make, office_team, fresh_case, db, url):
    admin = make.user("admin", "clerk", "office_head", office=office_team["office"])
    db.session.commit()
    b = browser(None if url == "/login" else admin)
    request_id = None
    if "{request}" in url:  # the team clerk's proposal, which this office head may decide
        proposed = api(office_team["clerk"]).post("/api/v1/approvals", json={
            "case_id": fresh_case["id"], "transition": "reject", "version": fresh_case["version"],
            "reason": "不属于本机关管辖", "data": {"competent_organ": "某市人民政府"}})
        assert proposed.status_code == 201, proposed.json
        request_id = proposed.json["request"]["id"]
    page = b.get(url.format(case=fresh_case["id"], request=request_id, agency=office_team["agency"].id))
    assert page.status_code == 200
    parser = Controls()
    parser.feed(page.get_data(as_text=True))
    assert parser.lang in ("zh-CN", "en") and parser.main
    unlabelled = [name for cid, name, aria, wrapped in parser.controls
                  if not (aria or wrapped or (cid and cid in parser.labels_for))]
    assert unlabelled == []
