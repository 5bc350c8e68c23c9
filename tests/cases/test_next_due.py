"""The case's next due date (next_due_on, next_due_rule, next_due_provisional) is kept on the case row in the
transaction that changes a deadline, and the lists read it: sort, overdue filter, keyset pages."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import time_machine

from caseflow.cases.models import Case
from caseflow.cases.next_due import obligation_rule_ids
from caseflow.deadlines.models import Deadline
from caseflow.extensions import db
from tests.cases.flow import act

NOW = datetime(2025, 9, 15, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


def _derived(case_id):
    """What the columns must say, from the deadline rows."""
    row = db.session.execute(sa.select(Deadline.due_on, Deadline.rule_id, Deadline.provisional).where(
        Deadline.case_id == case_id, Deadline.status == "running", Deadline.due_on.is_not(None),
        Deadline.rule_id.in_(obligation_rule_ids())).order_by(Deadline.due_on, Deadline.id).limit(1)).first()
    return (row.due_on, row.rule_id, row.provisional) if row else (None, None, False)


def _stored(case_id):
    db.session.expire_all()
    case = db.session.get(Case, case_id)
    return case.next_due_on, case.next_due_rule, case.next_due_provisional


def test_each_change_of_deadlines_keeps_the_columns(api, make, office_team):
    clerk = api(office_team["clerk"])
    with time_machine.travel(NOW, tick=False):
        registered = clerk.post("/api/v1/cases", json=make.application(office_team["agency"],
                                                                       received_on=date(2025, 9, 12))).json
    cid = registered["id"]
    assert _stored(cid) == _derived(cid) == (date(2025, 9, 19), "reconsideration.acceptance_review", False)
    assert registered["next_due_on"] == "2025-09-19"
    assert registered["next_due_rule"] == "reconsideration.acceptance_review"
    accepted = act(clerk, cid, "accept", date(2025, 9, 16), {"procedure": "ordinary"}, approvers={})["case"]
    # the review is met; the copy to the respondent (7 WD, ARL Art. 48) comes before the decision (60 days)
    assert _stored(cid) == _derived(cid) == (date(2025, 9, 25), "reconsideration.forward_copy", False)
    assert (accepted["next_due_on"], accepted["next_due_rule"]) == ("2025-09-25", "reconsideration.forward_copy")
    act(clerk, cid, "forward_copy", date(2025, 9, 17), approvers={})
    assert _stored(cid) == _derived(cid)
    assert _stored(cid)[1] != "reconsideration.forward_copy"
    approvers = {"office_head": api(office_team["head"]), "organ_leader": api(office_team["organ"])}
    act(clerk, cid, "withdraw", date(2025, 9, 18), approvers=approvers, reason="申请人撤回")
    assert _stored(cid) == _derived(cid) == (None, None, False)


def test_the_list_sorts_filters_and_pages_on_the_columns(api, make, office_team):
    clerk = api(office_team["clerk"])
    ids = []
    for day in (1, 2, 3, 4, 5):
        body = make.application(office_team["agency"], received_on=date(2025, 9, day))
        ids.append(clerk.post("/api/v1/cases", json=body).json["id"])
    listed = clerk.get("/api/v1/cases?sort=next_due_on&page_size=2")
    first = listed.json
    assert [c["id"] for c in first] == ids[:2]
    assert first[0]["overdue"] is True and first[0]["next_due_rule"] == "reconsideration.acceptance_review"
    assert "X-Pagination" not in listed.headers  # nothing counted unless asked
    counted = clerk.get("/api/v1/cases?sort=next_due_on&page_size=2&count=true")
    assert counted.json == first and '"total": 5' in counted.headers["X-Pagination"]
    assert '"next_page": 2' in counted.headers["X-Pagination"]
    seen = [c["id"] for c in first]
    cursor = listed.headers["X-Next-Cursor"]
    while cursor:
        page = clerk.get(f"/api/v1/cases?sort=next_due_on&page_size=2&cursor={cursor}")
        assert page.status_code == 200 and "X-Pagination" not in page.headers
        seen += [c["id"] for c in page.json]
        cursor = page.headers.get("X-Next-Cursor")
    assert seen == ids
    newest = clerk.get("/api/v1/cases?page_size=3").json
    rest = clerk.get("/api/v1/cases?page_size=3&cursor=" + clerk.get("/api/v1/cases?page_size=3")
                     .headers["X-Next-Cursor"]).json
    assert [c["id"] for c in newest + rest] == ids[::-1]
    overdue = clerk.get("/api/v1/cases?overdue=true&page_size=100").json
    assert {c["id"] for c in overdue} == set(ids)  # all long past their 5 working days
    assert clerk.get("/api/v1/cases?overdue=false").json == []


def test_a_foreign_or_broken_cursor_is_refused_by_name(api, make, office_team):
    clerk = api(office_team["clerk"])
    for day in (1, 2):
        clerk.post("/api/v1/cases", json=make.application(office_team["agency"], received_on=date(2025, 9, day)))
    cursor = clerk.get("/api/v1/cases?page_size=1").headers["X-Next-Cursor"]
    for bad in (cursor + "x", "not-a-cursor", cursor):
        response = clerk.get(f"/api/v1/cases?page_size=1&sort=docket_number&cursor={bad}")
        assert response.status_code == 422 and "cursor" in str(response.json), response.json
