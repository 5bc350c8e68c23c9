"""Lists page by keyset, forwards and backwards, without counting unless asked (issue 14: the count of an office's
50,000 cases, not the page, was what the first page cost)."""
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from caseflow.cases import queries
from caseflow.cases.models import Case
from caseflow.extensions import db

SORTS = ["-received_on", "received_on", "next_due_on", "-next_due_on", "docket_number", "-docket_number"]


@pytest.fixture
def nine_cases(api, make, office_team):
    """Nine cases with ties on every sort key and three without a next due date."""
    clerk = api(office_team["clerk"])
    ids = [clerk.post("/api/v1/cases", json=make.application(office_team["agency"], received_on=date(2025, 9, 1)))
           .json["id"] for _ in range(9)]
    for n, case_id in enumerate(ids):
        due = None if n % 3 == 0 else date(2025, 10, 1) + timedelta(days=n % 2)
        db.session.execute(sa.update(Case.__table__).where(Case.__table__.c.id == case_id).values(
            received_on=date(2025, 9, 1 + n % 4), next_due_on=due))
    db.session.commit()
    db.session.expire_all()
    return ids


def _key(case, sort):
    name = sort.lstrip("-")
    value = case.docket_year * 1_000_000 + case.docket_seq if name == "docket_number" else getattr(case, name)
    return value, case.id


def _expected(ids, sort):
    cases = [db.session.get(Case, i) for i in ids]
    descending = sort.startswith("-")
    with_value = sorted((c for c in cases if _key(c, sort)[0] is not None), key=lambda c: _key(c, sort),
                        reverse=descending)
    empty = sorted((c for c in cases if _key(c, sort)[0] is None), key=lambda c: c.id, reverse=descending)
    return [c.id for c in with_value + empty]  # the empty next due dates last, whichever way


@pytest.mark.parametrize("sort", SORTS)
def test_pages_forwards_then_backwards_give_every_case_once_in_order(nine_cases, office_team, sort):
    clerk = office_team["clerk"]
    pages = [queries.page(clerk, {"sort": sort}, 2)]
    assert pages[0].previous_cursor is None
    while pages[-1].next_cursor:
        pages.append(queries.page(clerk, {"sort": sort, "after": queries.cursor_after(pages[-1].next_cursor, sort)},
                                  2))
    assert [c.id for p in pages for c in p.cases] == _expected(nine_cases, sort)
    assert len(pages) == 5 and all(p.previous_cursor for p in pages[1:])
    back = [pages[-1]]
    while back[-1].previous_cursor:
        back.append(queries.page(clerk, {"sort": sort,
                                         "before": queries.cursor_after(back[-1].previous_cursor, sort)}, 2))
    # backwards: the same pages, the last of them (the first page) with no page before it
    assert [[c.id for c in p.cases] for p in back] == [[c.id for c in p.cases] for p in reversed(pages)]
    assert back[-1].next_cursor == pages[0].next_cursor


def test_the_api_counts_only_when_asked(api, nine_cases, office_team):
    clerk = api(office_team["clerk"])
    first = clerk.get("/api/v1/cases?page_size=4")
    assert first.status_code == 200 and len(first.json) == 4 and "X-Pagination" not in first.headers
    assert first.headers["X-Next-Cursor"]
    counted = clerk.get("/api/v1/cases?page_size=4&count=true")
    assert counted.json == first.json and '"total": 9' in counted.headers["X-Pagination"]
    deeper = clerk.get(f"/api/v1/cases?page_size=4&count=true&cursor={first.headers['X-Next-Cursor']}")
    assert '"total": 9' in deeper.headers["X-Pagination"] and '"page"' not in deeper.headers["X-Pagination"]
    assert [c["id"] for c in deeper.json] == [c["id"] for c in clerk.get("/api/v1/cases?page_size=4&page=2").json]


def _rows(html: str) -> list[str]:
    return [part.split('"', 1)[0] for part in html.split('href="/cases/')[1:] if part.split('"', 1)[0].isdigit()]


def _link(html: str, rel: str) -> str:
    return html.split(f'rel="{rel}" href="')[1].split('"')[0].replace("&amp;", "&")


def test_the_web_list_pages_on_without_counting_and_counts_when_asked(api, browser, make, office_team):
    clerk, page = api(office_team["clerk"]), browser(office_team["clerk"])
    for n in range(45):
        clerk.post("/api/v1/cases", json=make.application(office_team["agency"],
                                                          received_on=date(2025, 8, 1) + timedelta(days=n)))
    first = page.get("/cases").get_data(as_text=True)
    assert "共 " not in first and "显示总数" in first and 'rel="prev"' not in first
    second = page.get(_link(first, "next")).get_data(as_text=True)
    third = page.get(_link(second, "next")).get_data(as_text=True)
    assert 'rel="next"' not in third and len(_rows(third)) == 5
    assert len(set(_rows(first) + _rows(second) + _rows(third))) == 45
    back = page.get(_link(third, "prev")).get_data(as_text=True)  # 上一页, by keyset
    assert _rows(back) == _rows(second) and "第一页" in back
    start = page.get(_link(back, "prev")).get_data(as_text=True)
    assert _rows(start) == _rows(first) and 'rel="prev"' not in start
    counted = page.get("/cases?count=1").get_data(as_text=True)
    assert "共 45 件" in counted and _rows(counted) == _rows(first)
    assert _rows(page.get("/cases?count=1&page=3").get_data(as_text=True)) == _rows(third)
