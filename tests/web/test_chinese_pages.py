"""Chinese pages speak Chinese (issue 9): every page, and every form's errors, rendered in zh-CN for every role
that may see it, carry no Latin word but those a Chinese office writes itself (an allow-list): no rule ids, role
codes, library or file names, ISO dates or English fragments."""
import re
from html.parser import HTMLParser

import pytest

from caseflow.security.policy import routes
from tests.security.test_policy_matrix import ROLES, _url, world  # noqa: F401  (the policy matrix's fixture)
from tests.web.conftest import Browser, csrf_from

# Words a Chinese page may carry in Latin letters: names of formats and units, the product's name, the second
# language's own name in the language switch, the X of an identity number. A format example the user types (a date
# as 2027-02-05) sits in <code>; what people entered (sign-in names, office codes, file names) is theirs.
ALLOWED = {"CaseFlow", "Excel", "PDF", "JPG", "PNG", "DOCX", "OFD", "JSON", "YAML", "KB", "MB", "English", "X",
           "GB/T", "SHA-256", "Atom"}  # a national standard's code, a checksum's and a feed format's names
LATIN = re.compile(r"[A-Za-z][A-Za-z0-9_.:/\-]*")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
SKIPPED = ("/api/", "/static/", "/attachments/", "/export.xlsx", "/language/")
SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt", "value")


class VisibleText(HTMLParser):
    """The text a user reads: element text and the attributes a browser shows; not scripts, styles or names."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "code"):
            self._skip += 1
        attrs = dict(attrs)
        for name in SHOWN_ATTRIBUTES:
            if attrs.get(name) and not (name == "value" and (tag != "input" or attrs.get("type") not in (
                    "submit", "button"))):
                self.parts.append(attrs[name])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def foreign_words(html: str, entered: frozenset = frozenset()) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    text = " ".join(parser.parts)
    found = [w.rstrip(".:/-") for w in LATIN.findall(text)]
    return sorted({w for w in found if w and w not in ALLOWED and w not in entered}
                  | {d for d in ISO_DATE.findall(text) if d not in entered})


def test_the_scanner_finds_what_it_is_for():
    assert foreign_words("<p>受理审查 reconsideration.decision（clerk）</p>") == ["clerk", "reconsideration.decision"]
    assert foreign_words('<p title="effective date in the future">2025-09-01</p>') == [
        "2025-09-01", "date", "effective", "future", "in", "the"]
    assert foreign_words("<script>var x = 1</script><p>导出Excel · 1.5 MB</p>") == []


def _pages(app):
    return [r for r in routes(app) if r.policy and not r.policy.channel == "api" and r.method == "GET"
            and not r.rule.startswith(SKIPPED) and not any(s in r.rule for s in SKIPPED)]


def _forms(app):
    return [r for r in routes(app) if r.policy and not r.policy.channel == "api" and r.method == "POST"
            and r.rule not in ("/logout", "/login") and not any(s in r.rule for s in SKIPPED)]


def _browser(app, world, role):  # noqa: F811  (the fixture)
    client = app.test_client()
    return Browser(client, world["people"][role])


def _entered(db) -> frozenset:
    import sqlalchemy as sa

    from caseflow.attachments.models import Attachment
    from caseflow.auth.models import User
    from caseflow.organisations.models import Office

    words = [*db.session.scalars(sa.select(User.username)), *db.session.scalars(sa.select(Office.code))]
    for name in db.session.scalars(sa.select(Attachment.filename)):
        words += LATIN.findall(name)
    return frozenset(words)


def test_every_page_and_every_form_error_is_chinese(app, world, db):  # noqa: F811  (the fixture)
    found, entered = {}, _entered(db)
    browsers = {role: _browser(app, world, role) for role in ROLES}
    for route in _pages(app):
        for role, b in browsers.items():
            url = _url(app, route, world, role)
            with b.get(url) as response:
                if response.status_code == 200 and response.mimetype == "text/html":
                    for word in foreign_words(response.get_data(as_text=True), entered):
                        found.setdefault(word, f"GET {url} as {role}")
    for route in _forms(app):
        for role, b in browsers.items():
            url = _url(app, route, world, role)
            token = csrf_from(b.get("/account/password").get_data(as_text=True))
            with b.client.post(url, data={"csrf_token": token}, follow_redirects=True) as response:
                if response.status_code < 500 and response.mimetype == "text/html":
                    for word in foreign_words(response.get_data(as_text=True), entered):
                        found.setdefault(word, f"POST {url} as {role}")
    by_page = {}
    for word, where in found.items():
        by_page.setdefault(where, []).append(word)
    assert by_page == {}, "\n".join(f"{where}: {words}" for where, words in sorted(by_page.items()))


def test_sign_in_page_is_chinese(client):
    assert foreign_words(client.get("/login").get_data(as_text=True)) == []


@pytest.mark.parametrize("url", ["/cases/999999", "/no-such-page"])
def test_error_pages_are_chinese(app, world, url):  # noqa: F811  (the fixture)
    with _browser(app, world, "clerk").get(url) as response:
        assert response.status_code == 404 and foreign_words(response.get_data(as_text=True)) == []


def _reconsideration_form(agency_id, **overrides):
    from datetime import timedelta

    from caseflow.clock import today_local

    received = today_local() - timedelta(days=1)
    data = {"received_on": received.isoformat(), "receipt_channel": "mail", "applicant-kind": "natural_person",
            "applicant-name": "张三", "applicant-id_number": "110101198501010000", "applicant-phone": "12",
            "respondent_agency_id": str(agency_id), "act_type": "penalty", "act_description": "罚款500元",
            "act_made_on": (received + timedelta(days=3)).isoformat(), "act_known_on": "2025-02-30",
            "request": "", "action": "save"}
    data.update(overrides)
    return data


# Bad input a user gives: each answer (a form's errors, a flashed refusal) must be Chinese too.
BAD_INPUT = [
    ("admin", "/admin/calendar", "/admin/calendar/import",
     {"text": "year: 2027\nnotice: 国办发明电〔2026〕1号\nholidays:\n  - {name: 春节, from: 2027-02-30, to: x}\n"}),
    ("admin", "/admin/calendar", "/admin/calendar/import", {"text": "[1, 2"}),
    ("admin", "/admin/calendar", "/admin/calendar/enter",
     {"year": "2027", "notice": "国办发明电〔2026〕1号", "holidays": "春节 2027-02-30\n国庆", "makeup": "x"}),
    ("admin", "/admin/calendar", "/admin/calendar/correct", {"day": "2027-02-30", "day_type": "workday"}),
    ("clerk", "/cases/{case_id}/transitions/{name}", "/cases/{case_id}/transitions/{name}",
     {"version": "1", "on": "2099-01-01", "procedure": "ordinary"}),
]


def test_bad_input_is_answered_in_chinese(app, world, db, api, make, office_team):  # noqa: F811  (the fixture)
    from caseflow.clock import today_local

    entered, found = _entered(db), {}
    fresh = api(office_team["clerk"]).post("/api/v1/cases", json=make.application(office_team["agency"])).json
    args = {**world["args"], "case_id": fresh["id"]}
    b = _browser(app, world, "clerk")
    for url in (f"/deadlines/calculator?rule=reconsideration.decision&start={today_local()}"
                f"&pause_from={today_local()}&pause_to=2020-01-01&extend=400",
                "/deadlines/calculator?rule=no.such.rule&start=2025-02-30", f"/cases/{args['case_id']}",
                "/cases?received_from=2025-10-01&received_to=2025-09-01&state=nonsense",
                "/cases?handler_id=999999&agency_id=x&sort=bogus&overdue=2&received_from=2025-02-30"):
        for word in foreign_words(b.get(url).get_data(as_text=True), entered):
            found.setdefault(word, url)
    page = "/cases/new/reconsideration"
    for word in foreign_words(b.submit(page, _reconsideration_form(world["args"]["agency_id"])).get_data(
            as_text=True), entered):
        found.setdefault(word, page)
    for role, page, action, data in BAD_INPUT:
        b = _browser(app, world, role)
        values = {**args, "name": "accept"}
        response = b.submit(page.format(**values), data, action.format(**values), follow_redirects=True)
        typed = {w for v in data.values() for w in LATIN.findall(v) + ISO_DATE.findall(v)}  # quoted back: theirs
        for word in foreign_words(response.get_data(as_text=True), entered | typed):
            found.setdefault(word, action)
    by_page = {}
    for word, where in found.items():
        by_page.setdefault(where, []).append(word)
    assert by_page == {}


def test_the_json_api_answers_in_utf8_text(api, office_team, team_case):
    response = api(office_team["clerk"]).get(f"/api/v1/cases/{team_case['id']}")
    body = response.get_data()
    assert response.mimetype == "application/json" and "受理审查".encode() in body and b"\\u" not in body


# The demo: every kind (reconsideration, mediation, adjudication and its sub-kinds), cases in most states, with
# deadlines paused, extended and superseded, notices, approvals, documents and publications. Each case is crawled
# from its page as the people who work on it: every page it links to (actions, proposals, documents, previews,
# notices, publications) and every action's form sent empty (its errors).
CRAWLED = re.compile(r'href="(/(?:cases/\d+(?:/[\w/]+)?|notices/\d+(?:/[\w/]+)?|publications/\d+|approvals/\d+))"')
NOT_PAGES = ("/pdf", "/docx", "/attachments", "/export", "/reveal", "/acknowledge", "/issue")


def _demo_browsers(app):
    from caseflow.demo import DEMO_PASSWORD

    out = {}
    for username in ("clerk", "head", "organ", "mediator", "leader"):
        b = Browser(app.test_client())
        b.login(username, DEMO_PASSWORD)
        out[username] = b
    return out


def _crawl(b, start: str, seen: set, found: dict, entered, who: str) -> None:
    queue = [start]
    while queue:
        url = queue.pop()
        if url in seen or any(part in url for part in NOT_PAGES):
            continue
        seen.add(url)
        with b.get(url) as response:
            if response.status_code != 200 or response.mimetype != "text/html":
                continue
            html = response.get_data(as_text=True)
        for word in foreign_words(html, entered):
            found.setdefault(word, f"GET {url} as {who}")
        if re.search(r"/cases/\d+/(transitions|proposals)/\w+$", url) and 'method="post"' in html:
            with b.client.post(url, data={"csrf_token": csrf_from(html)}, follow_redirects=True) as refused:
                if refused.mimetype == "text/html":
                    for word in foreign_words(refused.get_data(as_text=True), entered):
                        found.setdefault(word, f"POST {url} as {who}")
        queue.extend(link for link in CRAWLED.findall(html) if link not in seen)


def test_every_kind_and_state_of_the_demo_is_chinese(app, db):
    import sqlalchemy as sa

    from caseflow.cases.models import Case
    from caseflow.demo import seed

    seed()
    db.session.commit()
    # What people typed: identity numbers and credit codes, parcel, patent and project numbers.
    typed = [*db.session.scalars(sa.text("SELECT credit_code FROM party WHERE credit_code IS NOT NULL")),
             *db.session.scalars(sa.text("SELECT reference_number FROM adjudication_case "
                                         "WHERE reference_number IS NOT NULL"))]
    entered = _entered(db) | {w for value in typed for w in LATIN.findall(value)}
    browsers = _demo_browsers(app)
    cases = db.session.execute(sa.select(Case.id, Case.kind, Case.state).order_by(Case.id)).all()
    assert {kind for _id, kind, _state in cases} == {"reconsideration", "mediation", "adjudication"}
    assert len({(kind, state) for _id, kind, state in cases}) >= 15  # many states, not one case
    found: dict = {}
    for who, b in browsers.items():
        seen: set = set()
        for start in ("/", "/cases", "/notices", "/approvals", "/publications", "/cases/new/mediation",
                      "/cases/new/adjudication", "/cases/new/reconsideration"):
            with b.get(start) as response:
                if response.status_code == 200:
                    for word in foreign_words(response.get_data(as_text=True), entered):
                        found.setdefault(word, f"GET {start} as {who}")
        for case_id, _kind, _state in cases:
            if who in ("leader", "organ"):  # they read (and approve from the queue): the case page is theirs
                seen.add(f"/cases/{case_id}")
                for word in foreign_words(b.get(f"/cases/{case_id}").get_data(as_text=True), entered):
                    found.setdefault(word, f"GET /cases/{case_id} as {who}")
            else:
                _crawl(b, f"/cases/{case_id}", seen, found, entered, who)
    for kind, role in (("mediation", "mediator"), ("adjudication", "clerk")):
        b = browsers[role]
        html = b.get(f"/cases/new/{kind}").get_data(as_text=True)
        with b.client.post(f"/cases/new/{kind}", data={"csrf_token": csrf_from(html), "applicant-kind": "natural_person",
                                                      "applicant-name": "张三", "applicant-id_number": "1101",
                                                      "applicant-legal_representative": "李四",
                                                      "received_on": "2099-01-01", "amount": "x"}) as refused:
            assert refused.status_code == 422
            for word in foreign_words(refused.get_data(as_text=True), entered | {"x"}):
                found.setdefault(word, f"POST /cases/new/{kind}")
    by_page: dict = {}
    for word, where in found.items():
        by_page.setdefault(where, []).append(word)
    assert by_page == {}, "\n".join(f"{where}: {words}" for where, words in sorted(by_page.items()))
