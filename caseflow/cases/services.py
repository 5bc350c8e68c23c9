"""Case operations: register a case of any kind and apply a workflow transition. The one place a case changes
state.

Used alike by the JSON API, the web forms and the scheduler (as the system actor). Services flush and never
commit; the boundary that called them commits once, or rolls everything back. Nothing here knows a kind: the
kind's package (caseflow.cases.kinds) supplies its rules, guards, effects and values.
"""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from blinker import Namespace
from flask import current_app
from marshmallow import ValidationError
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from caseflow.auth import policies
from caseflow.auth.models import Role, User
from caseflow.calendar.services import current_calendar
from caseflow.cases import next_due, search  # noqa: F401  (keeps the case's next due date with its deadlines)
from caseflow.cases.kinds import CaseKind, all_kinds, get_kind
from caseflow.cases.models import Case, CaseEvent, DocketCounter
from caseflow.clock import now_utc, today_local
from caseflow.deadlines import queries as deadline_queries
from caseflow.deadlines import services as clocks
from caseflow.deadlines.models import RecomputeJob
from caseflow.errors import (
    ApprovalRequired,
    Conflict,
    GuardFailed,
    NotFound,
    PermissionDenied,
    StaleCase,
    TransitionNotAllowed,
    ValidationFailed,
)
from caseflow.extensions import db
from caseflow.serving import services as serving
from caseflow.serving.models import ServiceRecord
from caseflow.serving.schemas import ServiceInSchema, ServiceStepSchema
from caseflow.workflow.definitions import Transition, Workflow
from caseflow.workflow.payload import validate_payload

SYSTEM_ACTOR_NAME = "系统"


# Sent after a transition or a receipt changed a case (inside its transaction): those who keep state about cases
# (supervision notices) bring it up to date. Receivers flush, never commit.
case_changed = Namespace().signal("case-changed")


def get_workflow(kind: str) -> Workflow:
    return current_app.extensions["caseflow.workflows"].get(kind)


def get_case(case_id: int, user) -> Case:
    """The case, if `user` may read it; NotFound otherwise (other offices' cases are not acknowledged)."""
    case = db.session.get(Case, case_id, options=[  # what every reader of one case reads, in two statements
        selectinload(Case.parties), joinedload(Case.handler).lazyload(User.role_rows),
        *[option for kind in all_kinds().values() for option in kind.detail_options()]])
    if case is None or not policies.can_read_case(user, case):
        raise NotFound(f"case {case_id} not found")
    return case


def commit_keeping(case: Case) -> None:
    """Commit, keeping in memory what this transaction wrote (the case's columns, its deadlines: the database now
    holds exactly that) instead of reading the whole case again for the answer."""
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True
    # Columns are as written; the related rows may have changed by their keys (a new handler, a party added, the
    # history grown), so those are read again when asked for (a many-to-one already loaded costs no statement).
    session.expire(case, [r.key for r in sa.inspect(case).mapper.relationships])


# --- registration ------------------------------------------------------------------------------------------------
def _next_docket(office, kind: str, year: int, pattern: str) -> tuple[int, str]:
    counter = db.session.get(DocketCounter, (office.id, kind, year), with_for_update=True)
    if counter is None:
        counter = DocketCounter(office_id=office.id, kind=kind, year=year, last_seq=0)
        db.session.add(counter)
    counter.last_seq += 1
    return counter.last_seq, pattern.format(office_code=office.code, year=year, seq=counter.last_seq)


def register_case(data: dict, actor: User) -> Case:
    """Register a case: its kind checks the data and builds the case; the engine numbers it, records the
    'register' event and starts the clocks the kind's workflow starts on creation (e.g. ARL Art. 30's review)."""
    kind = get_kind(data.get("kind") or current_app.config["DEFAULT_CASE_KIND"])
    if not policies.can_register(actor, kind):
        raise PermissionDenied(f"your role may not register {kind.title_en.lower()} cases")
    workflow = get_workflow(kind.name)
    errors = {}
    if data["received_on"] > today_local():
        errors["received_on"] = ["收到申请日期不能晚于今天"]
    handler = None
    if data.get("handler_id"):
        handler = db.session.get(User, data["handler_id"])
        if handler is None or handler.office_id != actor.office_id or not (handler.roles & kind.register_roles):
            errors["handler_id"] = ["承办人须为本机构可办理此类案件的人员"]
    try:
        case = kind.build_case(data, actor)
    except ValidationFailed as exc:
        raise ValidationFailed(exc.message, errors={**errors, **exc.errors}) from None
    if _one_side_against_itself(case.parties):
        errors["respondents"] = ["被申请人与申请人不能为同一人"]
    if errors:
        raise ValidationFailed("the application has invalid fields", errors=errors)

    seq, docket = _next_docket(actor.office, kind.name, data["received_on"].year, workflow.docket_pattern)
    case.office_id, case.docket_year, case.docket_seq, case.docket_number = actor.office_id, data[
        "received_on"].year, seq, docket
    case.state, case.version, case.received_on = workflow.initial, 1, data["received_on"]
    case.handler_id, case.created_by_id = (handler or actor).id, actor.id
    db.session.add(case)
    db.session.flush()
    event = _append_event(case, "register", from_state=None, to_state=case.state, actor=actor,
                          on=data["received_on"], reason="",
                          payload={"docket_number": docket, **kind.register_payload(case)})
    clocks.apply_clock_actions(case, workflow.on_create, on=data["received_on"], event=event, data={},
                               rule_for=workflow.rule_for)
    db.session.flush()
    search.refresh(case)
    return case


# --- transitions -------------------------------------------------------------------------------------------------
def allowed_transitions(case: Case, user) -> list[Transition]:
    """What `user` can do on `case` now: the state and role allow it, and its legal guards pass for today.

    Guards are checked with today's date and no data, so an action that depends on its data (e.g. the ground of a
    termination) is still offered and its guard runs again when it is fired.
    """
    if not policies.can_act_on_case(user, case) or case.archived:
        return []
    today = today_local()
    kind = get_kind(case.kind)
    return [t for t in get_workflow(case.kind).allowed(case.state, user.roles) if _guards_pass(kind, case, t, today)]


def _guards_pass(kind: CaseKind, case: Case, transition: Transition, on: date) -> bool:
    try:
        for guard in transition.guards:
            kind.guards[guard](case, on, {})
    except GuardFailed:
        return False
    except ValidationFailed:  # a check of the data the user has yet to give: the action is open
        return True
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


def _load_effect(kind: CaseKind, transition: Transition, data: dict) -> tuple[object, dict, dict, dict]:
    """Split the transition's data into the flat workflow fields and the effect's structured input, and load
    the latter with the effect's schema. Returns (effect, flat data, effect data, errors by field)."""
    if not transition.effect:
        return None, data, {}, {}
    effect = kind.effects[transition.effect]
    schema = effect.schema()
    names = {f.data_key or n for n, f in schema.fields.items()}
    structured = {k: v for k, v in data.items() if k in names}
    flat = {k: v for k, v in data.items() if k not in names}
    try:
        return effect, flat, schema.load(structured), {}
    except ValidationError as exc:
        return effect, flat, {}, _flatten(exc.normalized_messages())



def _load_service(kind: CaseKind, case: Case, transition: Transition, given: dict, data: dict, on: date,
                  today: date):
    """The service of the document a transition sends: (common service, per-addressee entries, addressees,
    errors by field)."""
    try:
        loaded = ServiceStepSchema().load(given)
    except ValidationError as exc:
        return None, None, [], _flatten(exc.normalized_messages())
    addressees = kind.addressees(case, transition.serves.to, data)
    if not addressees:
        return None, None, [], {"service": ["没有受送达人 (nobody to serve)"]}
    errors = serving.check_input(addressees, loaded["service"], loaded["services"], on, today)
    return loaded["service"], loaded["services"], addressees, errors


def _flatten(messages, prefix: str = "") -> dict:
    """marshmallow's nested messages as {'terms.0.due_on': [...]} (the API nests them back)."""
    out = {}
    for key, value in messages.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, f"{name}."))
        else:
            out[name] = value if isinstance(value, list) else [str(value)]
    return out


def apply_transition(case: Case, name: str, *, actor, on: date | None = None, version: int | None = None,
                     reason: str = "", data: dict | None = None, approval: dict | None = None) -> CaseEvent:
    """Fire transition `name` on `case` as `actor` (a user, or the system actor), effective on `on` (default:
    today in Asia/Shanghai).

    Checks, in order: the version the caller saw (409), the transition exists in this state (409, with the
    allowed ones), the actor's role (403), that a transition needing approval comes with its approval (409), the
    data and the effective date (422), the legal guards (409). Then writes the new state, one immutable event
    with everything entered, the clock changes and the kind's effect; flushes, never commits.
    An archived case (归档) is refused first (409 case_archived), whoever asks.

    `approval` ({approver, record}) is given only by caseflow.approvals, once every approver has approved: the
    event names the final approver and keeps the proposal and each approval with their opinions and times.
    """
    case.refuse_if_archived()
    if version is not None and version != case.version:
        raise StaleCase(f"the case changed (now version {case.version}); reload it and try again",
                        current_version=case.version)
    workflow = get_workflow(case.kind)
    kind = get_kind(case.kind)
    transition = _authorise(workflow, case, name, actor)
    if transition.approval is not None and approval is None:
        raise ApprovalRequired(f"'{name}' takes effect only once approved: propose it (POST /api/v1/approvals); "
                               f"the approvers approve it there",
                               approval_roles=list(transition.approval.by))
    today = today_local()
    on = on or today
    data = dict(data or {})
    service_input = {key: data.pop(key) for key in ("service", "services") if key in data}
    effect, flat, effect_data, effect_errors = _load_effect(kind, transition, data)
    clean, payload_errors = validate_payload(transition, flat, on=on, today=today,
                                             find_user=lambda user_id, role: _office_user(case, user_id, role))
    errors = {f"data.{field}": messages for field, messages in {**payload_errors, **effect_errors}.items()}
    last = case.last_event_on
    if on > today:
        errors["on"] = ["办理日期不能晚于今天 (effective date in the future)"]
    elif last and on < last:
        errors["on"] = [f"办理日期不能早于上一事件的日期 {last.isoformat()} (before the previous event)"]
    reason = (reason or "").strip()
    if transition.reason_required and not reason:
        errors["reason"] = ["请说明理由 (reason required)"]
    approver = approval["approver"] if approval else None
    if effect is not None and effect.check is not None and not errors:
        errors.update({f"data.{k}": v for k, v in effect.check(case, {**clean, **effect_data}, on).items()})
    service, entries, addressees = None, None, []
    if transition.serves is not None:
        service, entries, addressees, service_errors = _load_service(kind, case, transition, service_input,
                                                                     {**clean, **effect_data}, on, today)
        errors.update({f"data.{k}": v for k, v in service_errors.items()})
    elif service_input:
        errors.update({f"data.{k}": ["此操作不送达文书 (this step serves no document)"] for k in service_input})
    if errors:
        raise ValidationFailed("the transition data is invalid", errors=errors)
    # What the law's rules read: the fields, the effect's structure and the service of a document served.
    given = {**clean, **effect_data, **({"service": service, "services": entries} if transition.serves else {})}
    for guard in transition.guards:
        kind.guards[guard](case, on, given)

    from_state = case.state
    target = {"@previous": case.previous_state, "@same": from_state}.get(transition.target, transition.target)
    for attr, source in transition.sets:
        setattr(case, attr, _set_value(source, kind=kind, case=case, on=on, from_state=from_state, data=given))
    case.state = target
    payload = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in clean.items()}
    for spec in transition.fields:
        if spec.type == "choice" and spec.name in clean:
            payload[f"{spec.name}_title"] = spec.choice(clean[spec.name]).title
    payload.update(kind.transition_payload(case, transition, on))
    if effect is not None:
        payload.update(effect.schema().dump(effect_data))
    if approval is not None:
        payload["approval"] = approval["record"]
    if transition.serves is not None:
        payload["service"] = [{"addressee": a["name"], **ServiceInSchema().dump(
            next((e for e in entries or [] if e["addressee"] == a["name"]), service) or {})} for a in addressees]
    # Reaching a final state closes the case; a record kept on a closed case (@same) leaves it closed as it was.
    final = workflow.states[target].final and not workflow.states[from_state].final
    if final:
        case.closed_on = on
    event = _append_event(case, name, from_state=from_state, to_state=target, actor=actor, on=on, reason=reason,
                          payload=payload, approver=approver,
                          actor_role=",".join(sorted(transition.roles & set(actor.roles))))
    if effect is not None:
        effect.apply(case, {**clean, **effect_data}, event, actor, on)
        db.session.flush()
    served = serving.send(case, event, transition.serves, addressees, service, entries, on) \
        if transition.serves is not None else []
    ground = payload.get("ground_title")
    clocks.apply_clock_actions(case, transition.clocks, on=on, event=event, data=clean, approver=approver,
                               reason=reason, pause_ground=f"{transition.title}：{ground}" if ground else transition.title,
                               rule_for=workflow.rule_for, served=served)
    if served:
        clocks.close_met_by_service(case, served, event)
    if final:
        clocks.stop_all(case, on, event)
    db.session.flush()
    if effect is not None:  # only an effect adds a party (a third party, an agent ...) to the searched names
        search.refresh(case)
    case_changed.send(case, event=event)
    return event


def _set_value(source, *, kind: CaseKind, case: Case, on: date, from_state: str, data: dict):
    """The value of a `sets:` entry (see caseflow.workflow.definitions._set_value for the forms it takes)."""
    if not isinstance(source, str):
        return source
    if source.startswith("data."):
        return data.get(source[5:])
    builtins = {"@on": on, "@from": from_state, "@true": True, "@false": False, "@none": None}
    if source in builtins:
        return builtins[source]
    if source.startswith("@"):
        return kind.values[source[1:]](case, on, data)
    return source


def _one_side_against_itself(parties) -> bool:
    """Whether a respondent party is one of the applicants (by ID number or credit code, else by name): nobody
    applies against themselves, whichever page or API registers the case."""
    def identity(p):
        return (p.id_number or p.credit_code or "").strip().upper() or None, p.name.strip()

    applicants = [identity(p) for p in parties if p.role == "applicant"]
    for key, name in (identity(p) for p in parties if p.role == "respondent"):
        if any((key and key == k) or (not (key and k) and name == n) for k, n in applicants):
            return True
    return False


def _append_event(case: Case, name: str, *, from_state, to_state, actor, on: date, reason: str, payload: dict,
                  approver=None, actor_name: str | None = None, actor_role: str | None = None,
                  flush: bool = True) -> CaseEvent:
    """Append one event and claim the case row: the UPDATE ... WHERE version = old makes a concurrent writer fail.
    The case is flushed first, on its own: in one flush the unit of work may insert the event first, and a stale
    writer would then fail on the event's unique (case, seq) instead of the version check.
    `flush=False`: the caller flushes many at once (and turns a StaleDataError into StaleCase)."""
    if name != "register":
        case.version = case.version + 1
    system = actor is None or getattr(actor, "is_system", False)
    event = CaseEvent(case_id=case.id, seq=case.version, name=name, from_state=from_state, to_state=to_state,
                      actor_id=None if system else actor.id,
                      actor_name=actor_name or (SYSTEM_ACTOR_NAME if system else actor.display_name),
                      actor_role=Role.SYSTEM.value if getattr(actor, "is_system", False) else actor_role,
                      approver_id=approver.id if approver else None, effective_on=on, recorded_at=now_utc(),
                      reason=reason, payload=payload)
    if not flush:
        db.session.add(event)
        return event
    try:
        db.session.flush()
    except StaleDataError:
        raise StaleCase("someone else changed the case first; reload it and try again") from None
    db.session.add(event)
    db.session.flush()
    db.session.expire(case, ["last_event_on"])  # read again, with this event, when next asked
    return event


def record_receipt(case: Case, record_id: int, *, received_on: date, evidence: str | None, actor,
                   version: int | None = None) -> CaseEvent:
    """送达回证: record the day a served document was received. The clocks counted from its receipt start on it
    now (the event says from which due date to which), and a deadline its receipt meets closes."""
    case.refuse_if_archived()
    if version is not None and version != case.version:
        raise StaleCase(f"the case changed (now version {case.version}); reload it and try again",
                        current_version=case.version)
    if not policies.can_act_on_case(actor, case):
        raise PermissionDenied("you may not act on this case")
    record = db.session.get(ServiceRecord, record_id)
    if record is None or record.case_id != case.id:
        raise NotFound(f"service record {record_id} not found")
    if record.received_on is not None:
        raise Conflict("the receipt is already recorded",
                       errors={"received_on": [f"已记录于{record.received_on.isoformat()}收到"]})
    if received_on < record.sent_on:
        raise ValidationFailed("received before it was sent",
                               errors={"received_on": [f"收到日期不能早于发出日期{record.sent_on.isoformat()}"]})
    if received_on > today_local():
        raise ValidationFailed("received in the future", errors={"received_on": ["收到日期不能晚于今天"]})
    record.received_on = received_on
    record.evidence = evidence or record.evidence
    moved = clocks.restart_from_receipt(record)
    event = _append_event(case, "record_receipt", from_state=case.state, to_state=case.state, actor=actor,
                          on=received_on, reason="", payload={
                              "service_id": record.id, "document": record.document_title,
                              "addressee": record.addressee, "received_on": received_on.isoformat(),
                              "evidence": record.evidence, "moved": [
                                  {"rule_id": d.rule_id, "from": before.isoformat() if before else None,
                                   "to": d.due_on.isoformat() if d.due_on else None} for d, before in moved]})
    record.receipt_event_id = event.id
    clocks.close_met_by_service(case, [record], event)
    db.session.flush()
    case_changed.send(case, event=event)
    return event


def record_event(case: Case, name: str, *, on: date, actor_name: str, reason: str, payload: dict,
                 actor=None) -> CaseEvent:
    """An event that is not a transition (e.g. a deadline moved because the calendar changed, a document issued).
    Refused on an archived case, like every change."""
    case.refuse_if_archived()
    return _append_event(case, name, from_state=case.state, to_state=case.state, actor=actor, on=on, reason=reason,
                         payload=payload, actor_name=actor_name)


def record_deadline_changes(changes: list[dict], actor: str, reason_zh: str) -> None:
    """Write one `deadline_recomputed` event on each case whose deadline moved (from, to and why).

    A recompute writes thousands: the cases are read a thousand at a time and the events flushed once, not a
    read and two flushes per event (each flush walks the whole session, so that grew with the square of the
    batch: 72 deadlines a second at 1M cases). A case changed meanwhile by someone else fails the batch
    (StaleCase), which is retried as a whole."""
    ids = sorted({change["case_id"] for change in changes})
    cases = {}
    for i in range(0, len(ids), 1000):
        cases.update((c.id, c) for c in db.session.scalars(sa.select(Case).where(Case.id.in_(ids[i:i + 1000]))))
    today = today_local()
    for change in changes:
        case = cases[change["case_id"]]
        _append_event(case, "deadline_recomputed", from_state=case.state, to_state=case.state, actor=None, on=today,
                      reason=reason_zh, payload=change, actor_name=actor, flush=False)
    try:
        db.session.flush()
    except StaleDataError:
        raise StaleCase("someone else changed a case first; the recompute will try again") from None


def on_calendar_changed(_app, *, actor: str, reason_zh: str, reason_en: str,
                        days: tuple[date, date] | None = None) -> list[dict]:
    """Receiver of caseflow.calendar.services.calendar_changed: recompute the open deadlines whose period includes
    a changed day (caseflow.deadlines.queries.touching) and record on each case the ones that moved. Past
    RECOMPUTE_INLINE_LIMIT such deadlines the recompute is queued for the scheduler process instead
    (run_recompute), and nothing is answered here."""
    if deadline_queries.open_count(days) > current_app.config.get("RECOMPUTE_INLINE_LIMIT", 2000):
        db.session.add(RecomputeJob(actor=actor, reason_zh=reason_zh, reason_en=reason_en,
                                    changed_from=days[0] if days else None, changed_to=days[1] if days else None))
        return []
    changes = clocks.recompute_open_deadlines(reason_en, deadline_queries.open_touching(days))
    record_deadline_changes(changes, actor, reason_zh)
    return changes


def run_recompute(job: RecomputeJob, batch: int = 5000) -> RecomputeJob:
    """Carry out a queued recompute in batches of `batch` deadlines, committing each with its events; resumes
    after the last committed batch. Run by the scheduler process (caseflow.supervision.scheduler). Only the
    deadlines whose period includes a changed day are read (all open ones for a job that names no days)."""
    calendar = current_calendar()
    job.status = "running"
    db.session.commit()
    days = (job.changed_from, job.changed_to) if job.changed_from and job.changed_to else None
    while True:
        deadlines = deadline_queries.open_after(job.last_deadline_id, batch, days)
        if not deadlines:
            break
        changes = clocks.recompute_open_deadlines(job.reason_en, deadlines, calendar)
        record_deadline_changes(changes, job.actor, job.reason_zh)
        job.last_deadline_id, job.checked, job.moved = deadlines[-1].id, job.checked + len(deadlines), \
            job.moved + len(changes)
        db.session.commit()
        db.session.expunge_all()
        job = db.session.merge(job)
    job.status, job.finished_at = "done", now_utc()
    db.session.commit()
    return job


def pending_recomputes() -> list[RecomputeJob]:
    return list(db.session.scalars(sa.select(RecomputeJob).where(RecomputeJob.status != "done")
                                   .order_by(RecomputeJob.id)))
