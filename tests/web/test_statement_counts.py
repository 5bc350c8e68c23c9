"""A request costs a fixed, small number of SQL statements however many cases, events or deadlines there are
(issue 14: the list used to ask the calendar once per row, the case page lazily loaded its related rows)."""
from contextlib import contextmanager
from datetime import date

import pytest
import sqlalchemy as sa

from caseflow.extensions import db
from tests.cases.flow import act
from tests.conftest import valid_id

LIST_LIMIT, PAGE_LIMIT, API_LIMIT = 12, 30, 24


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
    assert few == many and many <= LIST_LIMIT


def test_the_web_list_costs_the_same_for_3_or_23_cases(api, browser, make, office_team):
    page = browser(office_team["clerk"])
    _register(api, make, office_team, 3)
    few = _statements(lambda: page.get("/cases"))
    _register(api, make, office_team, 20)
    many = _statements(lambda: page.get("/cases"))
    following = page.get("/cases").get_data(as_text=True)
    after = following.split('rel="next" href="')[1].split('"')[0].replace("&amp;", "&")
    deeper = _statements(lambda: page.get(after))
    assert few == many and many <= LIST_LIMIT + 10 and deeper <= many


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
