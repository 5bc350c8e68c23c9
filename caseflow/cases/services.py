"""Case operations: register a case and apply a workflow transition. The one place a case changes state.

Used alike by the JSON API, the web forms and (later) the scheduler. Services flush and never commit; the
boundary that called them commits once, or rolls everything back.
"""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm.exc import StaleDataError

from caseflow.auth import policies
from caseflow.auth.models import Role, User
from caseflow.calendar.services import current_calendar, get_catalogue
from caseflow.calendar.timeliness import check_application
from caseflow.cases.models import Case, CaseEvent, ContestedAct, DocketCounter, Party
from caseflow.clock import now_utc, today_local
from caseflow.deadlines import services as clocks
from caseflow.errors import GuardFailed, NotFound, PermissionDenied, StaleCase, TransitionNotAllowed, ValidationFailed
from caseflow.extensions import db
from caseflow.organisations.models import RespondentAgency
from caseflow.workflow.definitions import Transition, Workflow
from caseflow.workflow.guards import GUARDS
from caseflow.workflow.payload import validate_payload

SYSTEM_ACTOR = "系统"


def get_workflow(kind: str) -> Workflow:
    return current_app.extensions["caseflow.workflows"].get(kind)


def get_case(case_id: int, user) -> Case:
    """The case, if `user` may read it; NotFound otherwise (other offices' cases are not acknowledged)."""
    case = db.session.get(Case, case_id)
    if case is None or not policies.can_read_case(user, case):
        raise NotFound(f"case {case_id} not found")
    return case


# --- registration ------------------------------------------------------------------------------------------------
def _next_docket(office, kind: str, year: int, pattern: str) -> tuple[int, str]:
    counter = db.session.get(DocketCounter, (office.id, kind, year), with_for_update=True)
    if counter is None:
        counter = DocketCounter(office_id=office.id, kind=kind, year=year, last_seq=0)
        db.session.add(counter)
    counter.last_seq += 1
    return counter.last_seq, pattern.format(office_code=office.code, year=year, seq=counter.last_seq)


def register_case(data: dict, actor: User) -> Case:
    """Register an application (R1 of legal-reference §4.3): docket number, parties, act, timeliness, clocks."""
    if not policies.can_register(actor):
        raise PermissionDenied("only clerks and office heads register cases")
    workflow = get_workflow(data.get("kind", "reconsideration"))
    today = today_local()
    act = data["act"]
    errors = {}
    if data["received_on"] > today:
        errors["received_on"] = ["收到申请日期不能晚于今天"]
    if act["made_on"] > today:
        errors["act.made_on"] = ["行政行为作出日期不能晚于今天"]
    if act["known_on"] < act["made_on"]:
        errors["act.known_on"] = ["知道行政行为的日期不能早于行为作出日期"]
    if act["known_on"] > data["received_on"]:
        errors["act.known_on"] = ["知道行政行为的日期不能晚于收到申请的日期"]
    agency = db.session.get(RespondentAgency, data["respondent_agency_id"])
    if agency is None or not agency.active:
        errors["respondent_agency_id"] = ["被申请人不在登记的行政机关名录中"]
    handler = None
    if data.get("handler_id"):
        handler = db.session.get(User, data["handler_id"])
        if handler is None or handler.office_id != actor.office_id or not handler.has_role(Role.CLERK, Role.OFFICE_HEAD):
            errors["handler_id"] = ["承办人须为本机构的承办人或负责人"]
    if errors:
        raise ValidationFailed("the application has invalid fields", errors=errors)
    try:
        timeliness = application_timeliness(data["received_on"], act)
    except ValueError as exc:
        raise ValidationFailed(str(exc), errors={"act.known_on": [str(exc)]}) from None

    seq, docket = _next_docket(actor.office, workflow.kind, data["received_on"].year, workflow.docket_pattern)
    case = Case(
        kind=workflow.kind, office_id=actor.office_id, docket_year=data["received_on"].year, docket_seq=seq,
        docket_number=docket, state=workflow.initial, procedure="ordinary", version=1,
        received_on=data["received_on"], receipt_channel=data["receipt_channel"], respondent_agency_id=agency.id,
        handler_id=(handler or actor).id, request=data["request"], facts_and_reasons=data.get("facts_and_reasons", ""),
        timeliness=timeliness, created_by_id=actor.id,
    )
    for role, entries in (("applicant", data["applicants"]), ("third_party", data.get("third_parties") or []),
                          ("agent", [data["agent"]] if data.get("agent") else [])):
        for p in entries:
            case.parties.append(Party(role=role, **p))
    case.act = ContestedAct(**{k: v for k, v in act.items() if k != "right_learned_on"})
    db.session.add(case)
    db.session.flush()
    event = _append_event(case, "register", from_state=None, to_state=case.state, actor=actor,
                          on=data["received_on"], reason="", payload={"docket_number": docket,
                                                                    "timely": timeliness["timely"]})
    clocks.apply_clock_actions(case, workflow.on_create, on=data["received_on"], event=event, data={})
    db.session.flush()
    return case


def application_timeliness(received_on: date, act: dict) -> dict:
    """ARL Arts. 20-21 for this application (see caseflow.calendar.timeliness)."""
    return check_application(
        get_catalogue(), current_calendar(), received_on=received_on, known_on=act["known_on"],
        made_on=act["made_on"], informed_of_right=act.get("informed_of_right", True),
        right_learned_on=act.get("right_learned_on"), immovable_property=act.get("immovable_property", False),
        obstacle_days=act.get("obstacle_days", 0))


def find_possible_duplicates(office_id: int, applicant_keys: list[str], agency_id: int, document_number: str | None,
                             exclude_case_id: int | None = None) -> list[Case]:
    """Cases of the same applicant against the same agency (and act number, when given): ARL Art. 22(4)."""
    keys = [k for k in applicant_keys if k]
    if not keys:
        return []
    q = (sa.select(Case).join(Party).join(ContestedAct)
         .where(Case.office_id == office_id, Case.respondent_agency_id == agency_id, Party.role == "applicant",
                sa.or_(Party.id_number.in_(keys), Party.credit_code.in_(keys), Party.name.in_(keys))))
    if document_number:
        q = q.where(ContestedAct.document_number == document_number)
    if exclude_case_id:
        q = q.where(Case.id != exclude_case_id)
    return list(db.session.scalars(q.distinct().order_by(Case.id)))


# --- transitions -------------------------------------------------------------------------------------------------
def allowed_transitions(case: Case, user) -> list[Transition]:
    """What `user` can do on `case` now: the state and role allow it, and its legal guards pass for today.

    Guards are checked with today's date and no data, so an action that depends on its data (e.g. the ground of a
    termination) is still offered and its guard runs again when it is fired.
    """
    if not policies.can_act_on_case(user, case):
        return []
    today = today_local()
    return [t for t in get_workflow(case.kind).allowed(case.state, user.roles) if _guards_pass(case, t, today)]


def _guards_pass(case: Case, transition: Transition, on: date) -> bool:
    try:
        for guard in transition.guards:
            GUARDS[guard](case, on, {})
    except GuardFailed:
        return False
    return True


def _authorise(workflow: Workflow, case: Case, name: str, user) -> Transition:
    transition = workflow.transitions.get(name)
    if transition is None:
        raise ValidationFailed(f"unknown transition {name!r}", errors={"transition": [f"没有名为 {name} 的操作"]})
    if case.state not in transition.sources:
        allowed = [t.name for t in allowed_transitions(case, user)]
        raise TransitionNotAllowed(
            f"'{name}' is not possible while the case is '{case.state}'", state=case.state,
            allowed_transitions=allowed)
    if not policies.can_act_on_case(user, case) or not (transition.roles & user.roles):
        raise PermissionDenied(f"your role may not '{name}' (allowed: {', '.join(sorted(transition.roles))})")
    return transition


def _office_user(case: Case, user_id, role: str) -> User | None:
    user = db.session.get(User, int(user_id))
    if user is None or user.office_id != case.office_id or not user.active or not user.has_role(role):
        return None
    return user


def _resolve_approver(transition: Transition, actor: User, approver_id, case: Case):
    if not transition.approval:
        return None, {}
    if approver_id in (None, ""):
        if actor.has_role(transition.approval):
            return actor, {}
        return None, {"data.approver_id": [f"需由{_role_title(transition.approval)}批准，请选择批准人 (approver required)"]}
    approver = db.session.get(User, approver_id) if str(approver_id).isdigit() else None
    if approver is None or approver.office_id != case.office_id or not approver.has_role(transition.approval) \
            or not approver.active:
        return None, {"data.approver_id": [f"批准人须为本机构的{_role_title(transition.approval)} (not an approver)"]}
    return approver, {}


def _role_title(role: str) -> str:
    from caseflow.auth.models import ROLE_LABELS

    return ROLE_LABELS[Role(role)][0]


def apply_transition(case: Case, name: str, *, actor: User, on: date | None = None, version: int | None = None,
                     reason: str = "", data: dict | None = None, approver_id=None) -> CaseEvent:
    """Fire transition `name` on `case` as `actor`, effective on `on` (default: today in Asia/Shanghai).

    Checks, in order: the version the caller saw (409), the transition exists in this state (409, with the
    allowed ones), the actor's role (403), the data, the effective date and the approver (422), the legal
    guards (409). Then writes the new state, one immutable event and the clock changes; flushes, never commits.
    """
    if version is not None and version != case.version:
        raise StaleCase(f"the case changed (now version {case.version}); reload it and try again",
                        current_version=case.version)
    workflow = get_workflow(case.kind)
    transition = _authorise(workflow, case, name, actor)
    today = today_local()
    on = on or today
    data = dict(data or {})
    approver_id = data.pop("approver_id", approver_id)
    clean, payload_errors = validate_payload(transition, data, on=on, today=today,
                                             find_user=lambda user_id, role: _office_user(case, user_id, role))
    errors = {f"data.{field}": messages for field, messages in payload_errors.items()}
    last = db.session.scalar(sa.select(sa.func.max(CaseEvent.effective_on)).where(CaseEvent.case_id == case.id))
    if on > today:
        errors["on"] = ["办理日期不能晚于今天 (effective date in the future)"]
    elif last and on < last:
        errors["on"] = [f"办理日期不能早于上一事件的日期 {last.isoformat()} (before the previous event)"]
    reason = (reason or "").strip()
    if transition.reason_required and not reason:
        errors["reason"] = ["请说明理由 (reason required)"]
    approver, approver_errors = _resolve_approver(transition, actor, approver_id, case)
    errors.update(approver_errors)
    if errors:
        raise ValidationFailed("the transition data is invalid", errors=errors)
    for guard in transition.guards:
        GUARDS[guard](case, on, clean)

    from_state = case.state
    target = {"@previous": case.previous_state, "@same": from_state}.get(transition.target, transition.target)
    for attr, source in transition.sets:
        setattr(case, attr, _set_value(source, case=case, on=on, from_state=from_state, data=clean))
    case.state = target
    payload = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in clean.items()}
    if ("accepted_on", "@acceptance_on") in transition.sets and case.accepted_on != on:
        payload["deemed_accepted_on"] = case.accepted_on.isoformat()  # shown in the history (Art. 30(3))
    for spec in transition.fields:
        if spec.type == "choice" and spec.name in clean:
            payload[f"{spec.name}_title"] = spec.choice(clean[spec.name]).title
    event = _append_event(case, name, from_state=from_state, to_state=target, actor=actor, on=on, reason=reason,
                          payload=payload, approver=approver)
    ground = payload.get("ground_title")
    clocks.apply_clock_actions(case, transition.clocks, on=on, event=event, data=clean, approver=approver,
                               reason=reason, pause_ground=f"{transition.title}：{ground}" if ground else transition.title)
    if workflow.states[target].final:
        clocks.stop_all(case, on, event)
    db.session.flush()
    return event


def _set_value(source: str, *, case: Case, on: date, from_state: str, data: dict):
    literals = {"@on": on, "@from": from_state, "@true": True, "@mediation": "mediation", "@withdrawal": "withdrawal",
                "@ordinary": "ordinary"}
    if source in literals:
        return literals[source]
    if source == "@acceptance_on":
        return acceptance_date(case, on)
    return data.get(source.partition(".")[2])


def acceptance_date(case: Case, on: date) -> date:
    """The legal acceptance date: the day of acceptance, or, when the review period had already run out, its
    last day: an application not refused in time is deemed accepted then (ARL Art. 30(3); legal-reference §4.3 R8).
    """
    from caseflow.deadlines import queries as deadline_queries

    review = deadline_queries.open_for_rules(case.id, ["reconsideration.acceptance_review"])
    due = review[-1].due_on if review else None
    return due if due is not None and on > due else on


def _append_event(case: Case, name: str, *, from_state, to_state, actor, on: date, reason: str, payload: dict,
                  approver=None, actor_name: str | None = None) -> CaseEvent:
    """Append one event and claim the case row: the UPDATE ... WHERE version = old makes a concurrent writer fail."""
    if name != "register":
        case.version = case.version + 1
    event = CaseEvent(case_id=case.id, seq=case.version, name=name, from_state=from_state, to_state=to_state,
                      actor_id=actor.id if actor else None,
                      actor_name=actor_name or (actor.display_name if actor else SYSTEM_ACTOR),
                      approver_id=approver.id if approver else None, effective_on=on, recorded_at=now_utc(),
                      reason=reason, payload=payload)
    try:
        db.session.flush()
    except StaleDataError:
        raise StaleCase("someone else changed the case first; reload it and try again") from None
    db.session.add(event)
    db.session.flush()
    return event


def append_system_event(case_id: int, name: str, *, on: date, actor_name: str, reason: str, payload: dict) -> CaseEvent:
    """An event that is not a transition (e.g. a deadline moved because the calendar changed)."""
    case = db.session.get(Case, case_id)
    return _append_event(case, name, from_state=case.state, to_state=case.state, actor=None, on=on, reason=reason,
                         payload=payload, actor_name=actor_name)
