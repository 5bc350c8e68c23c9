"""The inbox in the browser: the clerk finds the no-reply notice (menu badge, work page, case page, /notices), marks
it read, records the respondent's written answer (an empty one is refused next to the field, the page kept); the
office head sees every open notice of the office; a warning closes itself when the clerk acts in time."""
import re

import pytest

from tests.supervision.conftest import notices, sweep_on
from tests.web.conftest import Browser


@pytest.fixture
def browser(app):
    return lambda user: Browser(app.test_client(), user)


def text(response):
    return response.get_data(as_text=True)


@pytest.fixture
def lapsed(flow, db):
    """A reply period that ran out on 2025-10-16 (§7 example 8), swept the next day: two E1 notices."""
    f = flow()
    f.do("accept", "2025-09-16", {"procedure": "ordinary"})
    f.do("forward_copy", "2025-09-17", {"service": {"method": "direct", "received_on": "2025-09-26"}})
    sweep_on("2025-10-17")
    return f


def test_the_clerk_finds_reads_and_answers_the_notice(browser, office_team, lapsed, db):
    clerk = browser(office_team["clerk"])
    [mine] = [n for n in notices(db, lapsed.id, type="E1") if n.addressee_kind == "agency"]
    work = text(clerk.get("/"))
    assert re.search(r"督办\s*<span[^>]*>\s*\d+", work), "the menu counts the open notices"
    inbox = text(clerk.get("/notices"))
    assert mine.title in inbox and f"/notices/{mine.id}" in inbox
    assert mine.title in text(clerk.get(f"/cases/{lapsed.id}"))

    page = text(clerk.get(f"/notices/{mine.id}"))
    assert "Art. 70" in page or "第七十条" in page  # the legal basis is shown
    read = clerk.submit(f"/notices/{mine.id}", {}, action=f"/notices/{mine.id}/acknowledge")
    assert read.status_code == 303
    db.session.refresh(mine)
    assert mine.status == "acknowledged"

    empty = clerk.submit(f"/notices/{mine.id}", {"answer-answer": "", "answer-on": "2025-10-20"},
                         action=f"/notices/{mine.id}/answer")
    assert empty.status_code == 422 and "请填写回复内容" in text(empty) and 'value="2025-10-20"' in text(empty)
    db.session.refresh(mine)
    assert mine.status == "acknowledged" and mine.answer is None

    answered = clerk.submit(f"/notices/{mine.id}", {"answer-answer": "被申请人来函称将于本周内提交答复",
                                                    "answer-on": "2025-10-20"}, action=f"/notices/{mine.id}/answer")
    assert answered.status_code == 303
    db.session.refresh(mine)
    assert mine.status == "answered" and mine.answer == "被申请人来函称将于本周内提交答复"
    assert [e.action for e in mine.events][-2:] == ["acknowledged", "answered"]


def test_the_office_head_sees_the_offices_open_notices_and_another_office_sees_none(
        browser, office_team, lapsed, db, make):
    head = text(browser(office_team["head"]).get("/notices"))
    assert "本机构全部未结通知" in head
    assert all(f"/notices/{n.id}" in head for n in notices(db, lapsed.id, type="E1"))
    stranger = make.user("clerk", office=make.office())
    db.session.commit()
    other = browser(stranger)
    assert all(f"/notices/{n.id}" not in text(other.get("/notices")) for n in notices(db, lapsed.id))
    assert other.get(f"/notices/{notices(db, lapsed.id)[0].id}").status_code == 404


def test_a_warning_closes_itself_when_the_clerk_acts_in_time(flow, db):
    f = flow("2025-09-26")
    sweep_on("2025-10-09")  # one working day before the review's last day (10-10)
    [warning] = notices(db, f.id, type="E3", rule_id="reconsideration.acceptance_review")
    assert warning.status == "open"
    f.do("accept", "2025-10-09", {"procedure": "ordinary"})
    db.session.refresh(warning)
    assert warning.status == "resolved" and str(warning.closed_on) == "2025-10-09"
    assert warning.events[-1].actor_name == "系统" and "受理" in warning.events[-1].note
