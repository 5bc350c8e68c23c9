"""A request costs a fixed, small number of SQL statements however many cases, events or deadlines there are
(issue 14: the list used to ask the calendar once per row, the case page lazily loaded its related rows)."""
from contextlib import contextmanager
from datetime import date

import pytest
import sqlalchemy as sa

from caseflow.extensions import db
from tests.cases.flow import act
from tests.conftest import valid_id

# Counted as a request of its own sees them: from an empty session (nothing already loaded by the test's earlier
# requests). Every statement here is one the request needs; the comments say which.
API_LIST_LIMIT = 5  # token with its user, roles; the page; its parties; the kinds' detail rows with respondents
WEB_LIST_LIMIT = 15  # + the filter form's choices (agencies, handlers, offices), next deadlines, the menu's badges
API_LIMIT = 9  # token with its user, roles; case, parties, detail (+ respondent, act); deadlines with their ledger; the
# calendar's stamp; the history; the services; which mediation records exist
PAGE_LIMIT = 16  # the API's, + attachments, the menu's badges, publication, notices, approvals (less the token)
TRANSITION_LIMIT = 37  # read (7), write (state, detail, event, deadlines: 8), next due date (1), answer (8),
# with the test's two savepoint statements; the statistics' summary table (9: for each of the three flushes that move
# a figure, the case's rows counted before and after and the difference added)


@contextmanager
def counted():
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)


def _register(api, make, office_team, n):
    clerk = api(office_team["clerk"])
    ids = []
    for i in range(n):
        body = make.application(office_team["agency"], received_on=date(2025, 9, 1 + i % 20))
        response = clerk.post("/api/v1/cases", json=body)
        assert response.status_code == 201, response.json
        ids.append(response.json["id"])
    return ids


def _statements(call):
    db.session.expunge_all()  # as in a request of its own: nothing loaded yet
    with counted() as statements:
        response = call()
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return len(statements)


@pytest.mark.parametrize("url", ["/api/v1/cases?page_size=20", "/api/v1/cases?overdue=true&page_size=20",
                                 "/api/v1/cases?sort=next_due_on&page_size=20", "/api/v1/cases?q=%E5%BC%A0"])
def test_the_api_list_costs_the_same_for_3_or_23_cases(api, make, office_team, url):
    clerk = api(office_team["clerk"])
    _register(api, make, office_team, 3)
    few = _statements(lambda: clerk.get(url))
    _register(api, make, office_team, 20)
    many = _statements(lambda: clerk.get(url))
    assert few == many and many <= API_LIST_LIMIT


def test_the_web_list_costs_the_same_for_3_or_23_cases(api, browser, make, office_team):
    page = browser(office_team["clerk"])
    _register(api, make, office_team, 3)
    few = _statements(lambda: page.get("/cases"))
    _register(api, make, office_team, 20)
    many = _statements(lambda: page.get("/cases"))
    following = page.get("/cases").get_data(as_text=True)
    after = following.split('rel="next" href="')[1].split('"')[0].replace("&amp;", "&")
    deeper = _statements(lambda: page.get(after))
    assert few == many and many <= WEB_LIST_LIMIT and deeper <= many


def test_the_case_page_and_api_cost_the_same_for_more_parties(api, browser, make,
                                                             office_team):
    clerk, page = api(office_team["clerk"]), browser(office_team["clerk"])
    small = make.application(office_team["agency"], received_on=date(2025, 9, 12))
    big = make.application(office_team["agency"], received_on=date(2025, 9, 12))
    big["applicants"] += [{**big["applicants"][0], "name": f"共同申请人{i}", "id_number": valid_id(900 + i)}
                          for i in range(3)]
    costs = []
    for body, steps in ((small, ["accept"]), (big, ["accept"])):
        case_id = clerk.post("/api/v1/cases", json=body).json["id"]
        for n, name in enumerate(steps):
            data = {"procedure": "ordinary"} if name == "accept" else None
            act(clerk, case_id, name, date(2025, 9, 16 + n), data, approvers={})
        costs.append((_statements(lambda: page.get(f"/cases/{case_id}")),  # noqa: B023
                      _statements(lambda: clerk.get(f"/api/v1/cases/{case_id}"))))  # noqa: B023
    assert costs[1][0] <= PAGE_LIMIT and costs[1][1] <= API_LIMIT, costs
    assert costs[0] == costs[1]


def test_a_transition_costs_a_fixed_number_and_does_not_read_the_case_back(api, make, office_team):
    """The answer shows the case as the transaction wrote it (issue 14: the whole case was read again after the
    commit), and the next due date is recomputed once, not after each of the transition's flushes."""
    clerk = api(office_team["clerk"])
    ids = _register(api, make, office_team, 2)
    costs = []
    for case_id in ids:
        with counted() as statements:
            db.session.expunge_all()
            response = clerk.post(f"/api/v1/cases/{case_id}/transitions", json={
                "transition": "accept", "version": 1, "on": "2025-09-16", "data": {"procedure": "ordinary"}})
        assert response.status_code == 200, response.json
        assert response.json["case"]["state"] == "accepted" and response.json["event"]["name"] == "accept"
        assert response.json["case"]["next_due_rule"] == "reconsideration.forward_copy"
        costs.append(len(statements))
        assert sum('UPDATE "case" SET next_due_on' in s for s in statements) == 1
        # read once, not again
        assert sum(s.lstrip().startswith("SELECT") and '"case".docket_number' in s for s in statements) == 1
    assert costs[0] == costs[1] <= TRANSITION_LIMIT, costs
