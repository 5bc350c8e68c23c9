"""The mediation records' rules and writes, called as transition effects by the one transition service.

`check_*` return errors by field before anything is written; `apply_*` write the records of one event.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

import sqlalchemy as sa

from caseflow.auth.models import User
from caseflow.cases.kinds import get_kind
from caseflow.cases.models import Case, CaseAssignment
from caseflow.clock import LOCAL_TZ, today_local
from caseflow.deadlines import queries as deadline_queries
from caseflow.deadlines import services as clocks
from caseflow.deadlines.models import Deadline
from caseflow.extensions import db
from caseflow.settlement.models import (
    Agreement,
    AgreementTerm,
    FollowUp,
    MediationSession,
    PartyConsent,
    TermPerformance,
)

TERM_RULE = "agreement.term_performance"


def _started_on(case: Case) -> date:
    """Mediation records cannot predate the case's acceptance (or its receipt, before acceptance)."""
    return getattr(case, "accepted_on", None) or case.received_on


# --- consent ---------------------------------------------------------------------------------------------------
def check_consents(case: Case, data: dict, on: date) -> dict:
    errors = {}
    ids = {p.id for p in case.parties}
    for n, consent in enumerate(data["consents"]):
        if consent.get("party_id") is not None and consent["party_id"] not in ids:
            errors[f"consents.{n}.party_id"] = ["不是本案当事人 (not a party of this case)"]
        if consent["given_on"] > on:
            errors[f"consents.{n}.given_on"] = ["不能晚于办理日期 (after the effective date)"]
    return errors


def _consent_writer(purpose: str):
    def apply(case: Case, data: dict, event, actor, on: date) -> None:
        names = {p.id: p.name for p in case.parties}
        for consent in data["consents"]:
            db.session.add(PartyConsent(
                case_id=case.id, party_id=consent.get("party_id"), purpose=purpose, consented=consent["consented"],
                party_name=names.get(consent.get("party_id")) or consent["party_name"].strip(),
                method=consent["method"], given_on=consent["given_on"], event_id=event.id))

    return apply


apply_consents = _consent_writer("mediate")
apply_extension_consents = _consent_writer("extend")


def latest_consents(case_id: int, purpose: str) -> dict:
    """The latest consent (or refusal) of each party, by party id (or by name for an agency)."""
    rows = db.session.scalars(sa.select(PartyConsent).where(PartyConsent.case_id == case_id,
                                                            PartyConsent.purpose == purpose)
                              .order_by(PartyConsent.id))
    return {(r.party_id or r.party_name): r for r in rows}


def missing_consents(case: Case, purpose: str, extra: list[dict] = ()) -> list[str]:
    """Who of the sides that must agree (CaseKind.mediation_sides) has not consented, counting `extra`, the
    consents the transition itself carries."""
    latest = {k: r.consented for k, r in latest_consents(case.id, purpose).items()}
    for consent in extra:
        latest[consent.get("party_id") or consent.get("party_name")] = consent["consented"]
    return [name for party_id, name in get_kind(case.kind).mediation_sides(case)
            if not latest.get(party_id if party_id is not None else name)]


# --- mediators -------------------------------------------------------------------------------------------------
def _office_mediator(case: Case, user_id) -> User | None:
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or user.office_id != case.office_id or not user.active or not user.has_role("mediator"):
        return None
    return user


def _conflicts(case: Case, user: User) -> bool:
    """A mediator who is a party or an agent of the case (by name) must step aside (回避)."""
    return any(p.name == user.display_name for p in case.parties)


def check_appointment(case: Case, data: dict, on: date) -> dict:
    errors = {}
    if data.get("no_conflict") is not True:
        errors["no_conflict"] = ["调解员须声明与本案无利害关系（回避） (declare no conflict)"]
    people = [("mediator_id", data.get("mediator_id"))] + [
        (f"co_mediator_ids.{n}", uid) for n, uid in enumerate(data.get("co_mediator_ids") or [])]
    seen = set()
    for field, user_id in people:
        user = _office_mediator(case, user_id)
        if user is None:
            errors[field] = ["须为本机构在职调解员 (not a mediator of this office)"]
        elif _conflicts(case, user):
            errors[field] = ["该调解员是本案当事人或代理人，应当回避 (must recuse)"]
        elif user_id in seen:
            errors[field] = ["重复指定 (appointed twice)"]
        seen.add(user_id)
    return errors


def active_mediators(case_id: int) -> list[CaseAssignment]:
    return list(db.session.scalars(sa.select(CaseAssignment).where(
        CaseAssignment.case_id == case_id, CaseAssignment.ended_on.is_(None),
        CaseAssignment.duty.in_(("mediator", "co_mediator"))).order_by(CaseAssignment.id)))


def apply_appointment(case: Case, data: dict, event, actor, on: date) -> None:
    for assignment in active_mediators(case.id):  # a new appointment replaces the mediators before it
        assignment.ended_on, assignment.end_reason, assignment.end_event_id = on, "另行指定", event.id
    db.session.add(CaseAssignment(case_id=case.id, user_id=data["mediator_id"], duty="mediator", started_on=on,
                                  start_event_id=event.id))
    for user_id in data.get("co_mediator_ids") or []:
        db.session.add(CaseAssignment(case_id=case.id, user_id=user_id, duty="co_mediator", started_on=on,
                                      start_event_id=event.id))


def check_recusal(case: Case, data: dict, on: date) -> dict:
    errors = {}
    active = {a.user_id for a in active_mediators(case.id)}
    if data.get("mediator_id") not in active:
        errors["mediator_id"] = ["不是本案在任的调解员 (not a mediator of this case)"]
    replacement = data.get("replacement_id")
    if replacement is not None:
        user = _office_mediator(case, replacement)
        if user is None or _conflicts(case, user) or replacement in active:
            errors["replacement_id"] = ["须为本机构与本案无利害关系的其他调解员 (not an eligible mediator)"]
    return errors


def apply_recusal(case: Case, data: dict, event, actor, on: date) -> None:
    """回避: the recused mediator's assignment ends with the reason; a replacement takes over their duty."""
    leaving = next(a for a in active_mediators(case.id) if a.user_id == data["mediator_id"])
    leaving.ended_on, leaving.end_reason, leaving.end_event_id = on, "回避", event.id
    if data.get("replacement_id") is not None:
        db.session.add(CaseAssignment(case_id=case.id, user_id=data["replacement_id"], duty=leaving.duty,
                                      started_on=on, start_event_id=event.id))
        if case.handler_id == leaving.user_id:
            case.handler_id = data["replacement_id"]


# --- sessions --------------------------------------------------------------------------------------------------
def _when(data: dict) -> datetime:
    return datetime.combine(data["held_on"], data["starts_at"], tzinfo=LOCAL_TZ)


def check_session(case: Case, data: dict, on: date) -> dict:
    errors = {}
    if data["held_on"] < _started_on(case):
        errors["held_on"] = [f"调解不能早于受理日期 {_started_on(case).isoformat()} (before acceptance)"]
    elif data["held_on"] > today_local() or _when(data) > datetime.now(LOCAL_TZ) + timedelta(minutes=5):
        errors["held_on"] = ["调解日期不能晚于今天 (in the future)"]
    ids = {p.id for p in case.parties}
    for n, attendee in enumerate(data["attendees"]):
        if attendee.get("party_id") is not None and attendee["party_id"] not in ids:
            errors[f"attendees.{n}.party_id"] = ["不是本案当事人 (not a party of this case)"]
    if "session_number" in data and not sessions(case.id, number=data["session_number"]):
        errors["session_number"] = ["没有这一次调解记录 (no such session)"]
    return errors


def _session(case: Case, data: dict, event, actor, number: int, version: int) -> MediationSession:
    return MediationSession(
        case_id=case.id, number=number, version=version, held_at=_when(data),
        duration_minutes=data["duration_minutes"], mode=data["mode"], place=data.get("place", ""),
        attendees=[dict(a) for a in data["attendees"]], issues=data["issues"],
        positions=[dict(p) for p in data["positions"]], proposal=data.get("proposal", ""),
        next_step=data.get("next_step", ""), correction_reason=data.get("correction_reason", ""),
        recorded_by_id=getattr(actor, "id", None), event_id=event.id)


def apply_session(case: Case, data: dict, event, actor, on: date) -> None:
    last = db.session.scalar(sa.select(sa.func.max(MediationSession.number)).where(
        MediationSession.case_id == case.id)) or 0
    db.session.add(_session(case, data, event, actor, last + 1, 1))


def apply_session_correction(case: Case, data: dict, event, actor, on: date) -> None:
    """A correction is the next version of the same session; every earlier version is kept as it was."""
    versions = sessions(case.id, number=data["session_number"])
    db.session.add(_session(case, data, event, actor, data["session_number"], versions[-1].version + 1))


def sessions(case_id: int, number: int | None = None) -> list[MediationSession]:
    q = sa.select(MediationSession).where(MediationSession.case_id == case_id)
    if number is not None:
        q = q.where(MediationSession.number == number)
    return list(db.session.scalars(q.order_by(MediationSession.number, MediationSession.version)))


# --- agreement -------------------------------------------------------------------------------------------------
def agreement_of(case_id: int) -> Agreement | None:
    return db.session.scalars(sa.select(Agreement).where(Agreement.case_id == case_id)
                              .order_by(Agreement.id.desc()).limit(1)).first()


def check_agreement(case: Case, data: dict, on: date) -> dict:
    errors = {}
    if agreement_of(case.id) is not None:
        errors["terms"] = ["本案已记录调解协议，不能重复记录 (an agreement is already recorded)"]
    for n, term in enumerate(data["terms"]):
        if term["due_on"] <= on:
            errors[f"terms.{n}.due_on"] = ["履行期限应晚于协议生效日期 (after the agreement takes effect)"]
    return errors


def apply_agreement(case: Case, data: dict, event, actor, on: date) -> None:
    """The agreement takes effect on the event's date; each term's due date becomes a deadline of the case."""
    agreement = Agreement(case_id=case.id, effective_on=on, form=data.get("form", "written"),
                          summary=data.get("summary", ""), event_id=event.id, terms=[])
    db.session.add(agreement)
    for seq, term in enumerate(data["terms"], start=1):
        deadline = clocks.start(case, TERM_RULE, on, event, count=(term["due_on"] - on).days)
        db.session.flush()
        agreement.terms.append(AgreementTerm(seq=seq, obligor=term["obligor"], obligee=term["obligee"],
                                             content_type=term["content_type"], content=term["content"],
                                             amount=term.get("amount"), due_on=term["due_on"],
                                             deadline_id=deadline.id))


def check_performances(case: Case, data: dict, on: date) -> dict:
    agreement = agreement_of(case.id)
    terms = {t.id for t in agreement.terms} if agreement else set()
    return {f"performances.{n}.term_id": ["不是本案协议的条款 (not a term of this case's agreement)"]
            for n, p in enumerate(data["performances"]) if p["term_id"] not in terms}


def apply_performances(case: Case, data: dict, event, actor, on: date) -> None:
    """A performed term closes its deadline (met, or late after its date); partly or not performed leaves it
    running, so it stays overdue."""
    for record in data["performances"]:
        term = db.session.get(AgreementTerm, record["term_id"])
        term.performances.append(TermPerformance(status=record["status"], on=on, note=record.get("note", ""),
                                                 event_id=event.id))
        deadline = db.session.get(Deadline, term.deadline_id) if term.deadline_id else None
        if record["status"] == "performed" and deadline is not None and deadline.is_open:
            clocks.close(deadline, on, event)


def unperformed_terms(case_id: int) -> list[AgreementTerm]:
    agreement = agreement_of(case_id)
    return [t for t in agreement.terms if (t.latest.status if t.latest else "pending") != "performed"] \
        if agreement else []


def breached_terms(case_id: int, on: date) -> list[AgreementTerm]:
    return [t for t in unperformed_terms(case_id) if t.due_on < on]


# --- follow-ups ------------------------------------------------------------------------------------------------
def check_follow_up(case: Case, data: dict, on: date) -> dict:
    agreement = agreement_of(case.id)
    if data["visited_on"] > today_local():
        return {"visited_on": ["回访日期不能晚于今天 (in the future)"]}
    if agreement and data["visited_on"] < agreement.effective_on:
        return {"visited_on": ["回访不能早于协议生效日期 (before the agreement)"]}
    return {}


def apply_follow_up(case: Case, data: dict, event, actor, on: date) -> None:
    db.session.add(FollowUp(case_id=case.id, visited_on=data["visited_on"], method=data["method"],
                            result=data["result"], event_id=event.id))


# --- the case's view -------------------------------------------------------------------------------------------
def _recorded(case_id: int) -> set[str]:
    """Which mediation records the case has, in one statement (most cases have none)."""
    probes = {"sessions": MediationSession, "agreement": Agreement, "consents": PartyConsent, "follow_ups": FollowUp}
    row = db.session.execute(sa.select(
        *[sa.exists().where(model.case_id == case_id).label(name) for name, model in probes.items()],
        sa.exists().where(CaseAssignment.case_id == case_id,
                          CaseAssignment.duty.in_(("mediator", "co_mediator"))).label("mediators"))).one()
    return {name for name, present in row._mapping.items() if present}


def view(case: Case, today: date) -> dict:
    """The mediation records of a case, as SettlementViewSchema dumps them (only those it has are read)."""
    recorded = _recorded(case.id)
    if not recorded:
        return {"consents": [], "mediators": [], "sessions": [], "agreement": None, "follow_ups": []}
    all_sessions = sessions(case.id) if "sessions" in recorded else []
    latest = {}
    for s in all_sessions:
        latest[s.number] = s
    agreement = agreement_of(case.id) if "agreement" in recorded else None
    assignments = db.session.scalars(sa.select(CaseAssignment).where(
        CaseAssignment.case_id == case.id, CaseAssignment.duty.in_(("mediator", "co_mediator")))
        .order_by(CaseAssignment.id)).all() if "mediators" in recorded else []
    return {
        "consents": db.session.scalars(sa.select(PartyConsent).where(PartyConsent.case_id == case.id)
                                       .order_by(PartyConsent.id)).all() if "consents" in recorded else [],
        "mediators": [{"user": a.user.display_name, "duty": a.duty, "started_on": a.started_on,
                       "ended_on": a.ended_on, "end_reason": a.end_reason} for a in assignments],
        "sessions": [dict(_session_view(s), earlier_versions=s.version - 1) for s in latest.values()],
        "agreement": None if agreement is None else {
            "effective_on": agreement.effective_on, "form": agreement.form, "summary": agreement.summary,
            "terms": [{"id": t.id, "seq": t.seq, "obligor": t.obligor, "obligee": t.obligee,
                       "content_type": t.content_type, "content": t.content, "amount": t.amount,
                       "due_on": t.due_on, "status": t.status(today)} for t in agreement.terms]},
        "follow_ups": db.session.scalars(sa.select(FollowUp).where(FollowUp.case_id == case.id)
                                         .order_by(FollowUp.visited_on, FollowUp.id)).all()
        if "follow_ups" in recorded else [],
    }


def _session_view(s: MediationSession) -> dict:
    return {"number": s.number, "version": s.version, "held_at": s.held_at, "duration_minutes": s.duration_minutes,
            "mode": s.mode, "place": s.place, "attendees": s.attendees, "issues": s.issues,
            "positions": s.positions, "proposal": s.proposal, "next_step": s.next_step,
            "correction_reason": s.correction_reason,
            "recorded_by": s.recorded_by.display_name if s.recorded_by else None, "recorded_at": s.recorded_at}


def term_deadline_open(case_id: int) -> bool:
    return bool(deadline_queries.open_for_rules(case_id, [TERM_RULE]))
