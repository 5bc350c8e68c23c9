"""The summary table (stat_tally) equals the aggregate over the cases after any sequence of changes.

The demo data is made through the real services (registrations, transitions, approvals, services of documents,
clocks); then Hypothesis draws sequences of steps on random cases: a transition the case's state and an office
user allow (with the data the demo gives such a step, some of which the law's guards refuse: refused steps change
nothing), or a change made outside a transition (a transfer to another office, a correction of a conclusion, a
suit recorded, a deadline closed). After each sequence the table is compared row by row with the aggregate of
the definitions over the cases, and the dashboard's figures read from it with the same figures over the cases.
"""
from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from caseflow.auth.models import User
from caseflow.cases.models import Case
from caseflow.cases.services import allowed_transitions
from caseflow.clock import today_local
from caseflow.deadlines.models import Deadline
from caseflow.demo import act, seed
from caseflow.errors import DomainError
from caseflow.extensions import db
from caseflow.kinds.reconsideration.models import ReconsiderationCase
from caseflow.organisations.models import Office
from caseflow.statistics import queries, tally
from caseflow.statistics.models import StatTally
from caseflow.statistics.period import parse_period

# The data a step is given, as the demo gives it (a step not named here is tried without data).
DATA = {
    "accept": [{"procedure": "ordinary"}, {"procedure": "simplified", "simplified_ground": "on_the_spot"}],
    "request_supplement": [{"items": "请补充提交证明材料"}],
    "reject": [{"competent_organ": "江州市人民政府"}],
    "withdraw": [{"after_settlement": True}, {"after_settlement": False}],
    "suspend": [{"ground": "8"}],
    "extend": [{"days": 30}],
    "decide": [{"decision_type": t} for t in ("maintain", "revoke", "vary", "confirm_illegal", "dismiss_request")],
    "schedule_hearing": [{"hearing_on": "+10", "place": "听证室"}],
}


@pytest.fixture
def world(app, db):
    seed()
    db.session.flush()
    users = list(db.session.scalars(sa.select(User).order_by(User.id)))
    context = {"today": today_local(), "approvers": {
        "office_head": next(u for u in users if u.username == "head"),
        "organ_leader": next(u for u in users if u.username == "organ")}}
    return {"users": users, "context": context}


def _transition(world, case: Case, pick: int) -> None:
    options = [(t, u) for u in world["users"] for t in allowed_transitions(case, u)]
    if not options:
        return
    transition, user = options[pick % len(options)]
    choices = DATA.get(transition.name, [{}])
    data = dict(choices[pick % len(choices)])
    if transition.name == "schedule_hearing":
        data["hearing_on"] = (today_local() + timedelta(days=10)).isoformat()
    act(world["context"], case, transition.name, actor=user, on=today_local(), data=data)


def _outside(case: Case, pick: int) -> None:
    """A change made without a transition (a correction, a transfer, a clock closed by the sweep)."""
    today = today_local()
    if pick % 4 == 0:
        offices = list(db.session.scalars(sa.select(Office.id).order_by(Office.id)))
        case.office_id = offices[(offices.index(case.office_id) + 1) % len(offices)]
    elif pick % 4 == 1 and isinstance(case, ReconsiderationCase) and case.concluded_on is not None:
        case.concluded_on, case.outcome = case.concluded_on - timedelta(days=pick % 40), ("vary", "maintain")[pick % 2]
    elif pick % 4 == 2 and isinstance(case, ReconsiderationCase) and case.accepted_on is not None:
        case.suit_filed_on, case.suit_outcome_on = today, today
        case.suit_outcome, case.suit_head_appeared = ("lost", "dismissed")[pick % 2], ("yes", "no")[pick % 2]
    else:
        deadline = db.session.scalar(sa.select(Deadline).where(Deadline.case_id == case.id).order_by(Deadline.id))
        if deadline is not None:
            deadline.status, deadline.closed_on = ("met", "late", "expired")[pick % 3], today - timedelta(days=pick)
    db.session.flush()


def _figures_agree():
    offices = set(db.session.scalars(sa.select(Office.id)))
    year = today_local().year
    for period, filters in ((parse_period(str(year), today=today_local()), {}),
                            (parse_period("custom", date(year - 1, 11, 5), today_local(), today=today_local()),
                             {"kind": "reconsideration", "agency_level": "county"}),
                            (parse_period(f"{year - 1}", today=today_local()), {"office_ids": {min(offices)}})):
        scope = {"office_ids": offices, **filters}
        over_table = queries.figures(queries.Scope(**scope), period, today_local())
        over_cases = queries.figures(queries.Scope(**scope, summary=False), period, today_local())
        assert over_table == over_cases, (period, filters)


def test_the_demo_made_through_the_services_leaves_the_table_equal_to_the_cases(world):
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StatTally)) > 0
    assert tally.differences(db.session.connection()) == []
    _figures_agree()


# No shrinking: each example replays transitions over the demo data (seconds); a failure prints its steps.
@settings(max_examples=10, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.booleans(), st.integers(0, 10_000), st.integers(0, 10_000)),
                      min_size=1, max_size=12))
def test_after_any_sequence_of_changes_the_table_equals_the_aggregate_over_the_cases(world, steps):
    nested = db.session.begin_nested()
    try:
        ids = list(db.session.scalars(sa.select(Case.id).order_by(Case.id)))
        for is_transition, which, pick in steps:
            case = db.session.get(Case, ids[which % len(ids)])
            step = db.session.begin_nested()
            try:
                _transition(world, case, pick) if is_transition else _outside(case, pick)
                db.session.flush()
                step.commit()
            except DomainError:  # refused by the law's guards or the data's checks: nothing changed
                step.rollback()
        assert tally.differences(db.session.connection()) == []
        _figures_agree()
    finally:
        nested.rollback()
        db.session.expire_all()


def test_a_case_whose_conclusion_is_corrected_moves_between_the_rows(world):
    """A hand-checked instance: the counts of the day a conclusion is moved from and to."""
    case = db.session.scalar(sa.select(ReconsiderationCase).where(ReconsiderationCase.outcome == "revoke")
                             .order_by(ReconsiderationCase.id))
    before, after = case.concluded_on, case.concluded_on - timedelta(days=3)

    def corrected_on(day):
        return db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(StatTally.n), 0)).where(
            StatTally.figure == "corrected", StatTally.day == day, StatTally.office_id == case.office_id))

    was_before, was_after = corrected_on(before), corrected_on(after)
    case.concluded_on = after
    db.session.flush()
    assert (corrected_on(before), corrected_on(after)) == (was_before - 1, was_after + 1)
    case.outcome = "maintain"  # no longer a correction
    db.session.flush()
    assert corrected_on(after) == was_after
    assert tally.differences(db.session.connection()) == []


def test_a_rebuild_repairs_a_table_changed_behind_the_application(world):
    db.session.execute(sa.update(StatTally).where(StatTally.figure == "received").values(n=StatTally.n + 5))
    assert tally.differences(db.session.connection())
    tally.rebuild(db.session.connection())
    assert tally.differences(db.session.connection()) == []
