"""The sweep on mediations and adjudications: a mediation's time limit (M6) and a breached agreement (M8, E12), the
judicial-confirmation window (a warning 5 days before it closes, then closed by the system), an adjudication's
answer and remedy windows by the system's hand, and a ruling not performed (E13)."""
from datetime import date, timedelta

import sqlalchemy as sa

from caseflow.cases.models import CaseEvent
from caseflow.cases.services import register_case
from caseflow.demo import act
from tests.conftest import valid_id
from tests.supervision.conftest import notices, sweep_on


def steps(db, case_id, name):
    return [(e.actor_role, e.effective_on) for e in db.session.scalars(
        sa.select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.name == name))]


def _mediation(db, team):
    case = register_case({
        "kind": "mediation", "received_on": date(2025, 8, 25), "source": "application",
        "dispute_category": "labour", "dispute_summary": "拖欠劳务报酬", "request": "支付报酬",
        "applicants": [{"kind": "natural_person", "name": "冯军", "id_number": valid_id(31)}],
        "respondents": [{"kind": "natural_person", "name": "陈静"}]}, team["mediator"])
    context = {"approvers": {"office_head": team["head"], "organ_leader": team["organ"]}}
    on = date(2025, 8, 27)
    act(context, case, "record_consent", actor=team["mediator"], on=on, data={"consents": [
        {"party_id": p.id, "consented": True, "method": "written", "given_on": on.isoformat()} for p in case.parties]})
    act(context, case, "accept", actor=team["mediator"], on=date(2025, 9, 1))
    act(context, case, "appoint_mediator", actor=team["head"], on=date(2025, 9, 1),
        data={"mediator_id": team["mediator"].id, "no_conflict": True})
    db.session.commit()
    return case, context


def test_a_mediation_lapses_by_the_systems_hand_after_its_last_day(db, office_team):
    case, _ = _mediation(db, office_team)
    sweep_on("2025-10-09")  # the last day (National Day moved it): the mediator and the office head are told
    assert sorted(n.addressee_key for n in notices(db, case.id, type="E3", level=0)) == [
        "role:office_head", f"user:{office_team['mediator'].id}"]
    assert steps(db, case.id, "lapse") == []
    sweep_on("2025-10-10")
    assert steps(db, case.id, "lapse") == [("system", date(2025, 10, 10))]
    db.session.refresh(case)
    assert case.state == "terminated"
    assert {n.status for n in notices(db, case.id)} <= {"resolved", "cancelled", "escalated"}


def test_a_breached_agreement_and_the_confirmation_window(db, office_team):
    case, context = _mediation(db, office_team)
    act(context, case, "reach_agreement", actor=office_team["mediator"], on=date(2025, 9, 10), data={
        "summary": "分期支付", "terms": [{"obligor": "陈静", "obligee": "冯军", "content_type": "payment",
                                       "content": "支付3000元", "amount": "3000.00", "due_on": "2025-09-20"}]})
    db.session.commit()
    sweep_on("2025-09-20")
    assert steps(db, case.id, "mark_breached") == [] and notices(db, case.id, type="E12") == []
    sweep_on("2025-09-21")
    assert steps(db, case.id, "mark_breached") == [("system", date(2025, 9, 21))]
    assert [n.addressee_user_id for n in notices(db, case.id, type="E12")] == [office_team["mediator"].id]
    window = date(2025, 10, 10)  # 30 days from 09-10
    sweep_on((window - timedelta(days=6)).isoformat())
    assert notices(db, case.id, type="E12c") == []
    sweep_on((window - timedelta(days=5)).isoformat())
    assert [n.level for n in notices(db, case.id, type="E12c")] == [5]
    sweep_on("2025-10-11")
    assert steps(db, case.id, "close_confirmation_window") == [("system", date(2025, 10, 11))]


def _adjudication(db, team):
    case = register_case({
        "kind": "adjudication", "profile": "land", "received_on": date(2025, 9, 1), "subject": "争议土地",
        "request": "确认权属", "applicants": [{"kind": "natural_person", "name": "高峰", "id_number": valid_id(71)}],
        "respondents": [{"kind": "natural_person", "name": "李明"}]}, team["clerk"])
    context = {"approvers": {"office_head": team["head"], "organ_leader": team["organ"]}}
    act(context, case, "accept", actor=team["clerk"], on=date(2025, 9, 5))
    act(context, case, "serve_copy", actor=team["clerk"], on=date(2025, 9, 8),
        data={"service": {"method": "direct", "received_on": "2025-09-09"}})
    db.session.commit()
    return case, context


def test_an_adjudications_answer_and_remedy_windows_and_an_unperformed_ruling(db, office_team):
    case, context = _adjudication(db, office_team)
    sweep_on("2025-10-09")
    assert steps(db, case.id, "answer_lapsed") == []
    sweep_on("2025-10-10")  # 30 days from the receipt 09-09
    assert steps(db, case.id, "answer_lapsed") == [("system", date(2025, 10, 10))]
    db.session.refresh(case)
    act(context, case, "decide", actor=office_team["clerk"], on=date(2026, 4, 1), reason="经调查", data={
        "outcome": "confirm_rights", "summary": "争议土地归申请人所有", "performance_due_on": "2026-05-15"})
    act(context, case, "record_service", actor=office_team["clerk"], on=date(2026, 4, 3))
    db.session.commit()
    sweep_on("2026-05-07")  # the 30 days to sue ended 05-06 (after Labour Day)
    assert steps(db, case.id, "remedy_lapsed") == [("system", date(2026, 5, 7))]
    sweep_on("2026-05-15")
    assert notices(db, case.id, type="E13") == []
    sweep_on("2026-05-16")
    assert steps(db, case.id, "record_non_performance") == [("system", date(2026, 5, 16))]
    told = notices(db, case.id, type="E13")
    assert sorted(n.addressee_key for n in told) == ["role:office_head", f"user:{office_team['clerk'].id}"]
