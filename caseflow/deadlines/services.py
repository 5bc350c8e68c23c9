"""Statutory clocks on a case: start, stop, pause, resume and extend deadline rows, and keep their dates derived.

Called by the one transition service (caseflow.cases.services) with the clock actions a workflow transition
declares; never by views. Services flush; the request or job boundary commits.
"""
from __future__ import annotations

from datetime import date

from caseflow.calendar.periods import DueDate, Extension, Pause, compute_due
from caseflow.calendar.services import current_calendar, get_catalogue
from caseflow.deadlines import queries
from caseflow.deadlines.models import Deadline, DeadlineExtension, DeadlinePause, DeadlineStatus
from caseflow.errors import ValidationFailed
from caseflow.extensions import db
from caseflow.serving import services as serving_services
from caseflow.serving.models import ServiceRecord


def computation(deadline: Deadline, calendar=None, detail: bool = True) -> DueDate:
    """Recompute a deadline from its start, rule, ledger and the current calendar."""
    rule = deadline.rule(get_catalogue())
    presumed = None
    if deadline.service_id is not None and deadline.awaiting_receipt:
        _start, presumed = serving_services.start_for(db.session.get(ServiceRecord, deadline.service_id))
    pauses = [Pause(p.paused_on, p.resumed_on, p.ground) for p in deadline.pauses]
    extensions = [Extension(e.days, e.approved_by.display_name if e.approved_by else "", e.approved_on, e.reason)
                  for e in deadline.extensions]
    return compute_due(rule, deadline.start_on, calendar or current_calendar(), pauses, extensions, deadline.count,
                       detail=detail, presumed=presumed)


def refresh(deadline: Deadline, calendar=None) -> tuple[date | None, bool]:
    """Store the derived dates; returns the previous (due_on, provisional)."""
    before = (deadline.due_on, deadline.provisional)
    result = computation(deadline, calendar, detail=False)
    deadline.due_on = result.due_on
    deadline.nominal_on = result.nominal_on
    deadline.provisional = result.provisional or deadline.awaiting_receipt
    return before


def _resolve(ref: str | None, case, data):
    if ref is None:
        return None
    scope, _, name = ref.partition(".")
    return data.get(name) if scope == "data" else getattr(case, name)


def _matches(action, case, data) -> bool:
    for path, values in action.when:
        value = _resolve(path, case, data)
        if str(value) not in values:
            return False
    return True


def start(case, rule_id: str, start_on: date, event, count: int | None = None,
          service: ServiceRecord | None = None) -> Deadline:
    """Start a deadline of `rule_id` on `start_on`, or, counted from a document's receipt, on `service`'s receipt
    (presumed from its sending until the receipt is recorded)."""
    rule = get_catalogue().get(rule_id, as_of=case.received_on)
    awaiting = False
    if service is not None:
        start_on, note = serving_services.start_for(service)
        awaiting = note is not None
    deadline = Deadline(case_id=case.id, rule_id=rule_id, rule_as_of=case.received_on, start_on=start_on,
                        count=count or rule.count, start_event_id=event.id, status=DeadlineStatus.RUNNING.value,
                        service_id=service.id if service else None, awaiting_receipt=awaiting)
    try:
        refresh(deadline)
    except ValueError as exc:  # a count past the calendar's range, or a start outside it
        raise ValidationFailed(str(exc), errors={"on": [str(exc)]}) from None
    db.session.add(deadline)
    return deadline


def close(deadline: Deadline, on: date, event, status: DeadlineStatus | None = None) -> None:
    """Close a deadline: met if the act came on or before the due date, late after it, or stopped."""
    if status is None:
        status = DeadlineStatus.MET if (deadline.due_on is None or on <= deadline.due_on) else DeadlineStatus.LATE
    deadline.status = status.value
    deadline.closed_on = on
    deadline.closed_event_id = event.id


def apply_clock_actions(case, actions, *, on: date, event, data: dict, approver=None, reason: str = "",
                        pause_ground: str = "", rule_for=None, served: list | None = None) -> None:
    """Carry out a transition's declared clock actions (workflows/*.yaml `clocks:`). `rule_for(rule, case)` maps
    a profile's `@slot` to its rule (None: no such clock for this case); `served` are the service records the
    transition made, for clocks counted `from: service` (or `service.<addressee role>`)."""
    for action in actions:
        rule = rule_for(action.rule, case) if rule_for else action.rule
        if rule is None or not _matches(action, case, data):
            continue
        if action.action == "start" and (action.start_from or "").split(".")[0] == "service":
            role = action.start_from.partition(".")[2]
            record = next(r for r in served or [] if not role or r.addressee_role == role)
            start(case, rule, on, event, count=_resolve(action.count_from, case, data), service=record)
            continue
        if action.action == "start":
            start_on = _resolve(action.start_from, case, data) or on
            count = _resolve(action.count_from, case, data)
            if action.until:  # a period the decision fixes: it ends on the date it names, if it names one
                until = _resolve(action.until, case, data)
                if until is None:
                    continue
                count = (until - start_on).days
            start(case, rule, start_on, event, count=count)
            continue
        for deadline in queries.open_for_rules(case.id, [rule]):
            if action.action == "stop":
                close(deadline, on, event)
            elif action.action == "pause" and deadline.status == DeadlineStatus.RUNNING.value:
                deadline.pauses.append(DeadlinePause(paused_on=on, ground=pause_ground or event.name,
                                                     pause_event_id=event.id))
                deadline.status = DeadlineStatus.PAUSED.value
                refresh(deadline)
            elif action.action == "resume" and deadline.status == DeadlineStatus.PAUSED.value:
                open_pause = next(p for p in deadline.pauses if p.resumed_on is None)
                open_pause.resumed_on = on
                open_pause.resume_event_id = event.id
                deadline.status = DeadlineStatus.RUNNING.value
                refresh(deadline)
            elif action.action == "convert":
                # e.g. simplified → ordinary (ARL Art. 55): the ordinary period runs from the original start
                # (legal-reference §1.6 [D]) and keeps the time already excluded by suspensions (§8.4); a step
                # already done is not repeated, because only open clocks convert.
                close(deadline, on, event, DeadlineStatus.STOPPED)
                converted = start(case, action.into, deadline.start_on, event)
                converted.pauses = [DeadlinePause(paused_on=p.paused_on, resumed_on=p.resumed_on, ground=p.ground,
                                                  pause_event_id=p.pause_event_id,
                                                  resume_event_id=p.resume_event_id) for p in deadline.pauses]
                if any(p.resumed_on is None for p in converted.pauses):
                    converted.status = DeadlineStatus.PAUSED.value
                refresh(converted)
            elif action.action == "extend":
                days = int(_resolve(action.days_from, case, data))
                deadline.extensions.append(DeadlineExtension(
                    days=days, reason=reason, approved_by=approver, approved_on=on,
                    event_id=event.id))
                db.session.flush()
                refresh(deadline)


def recompute_open_deadlines(reason_en: str, deadlines=None, calendar=None) -> list[dict]:
    """Recompute every open deadline (or those given) against the current calendar; return those whose date or
    provisional mark moved (case, deadline, rule, from, to). The caller records them on their cases."""
    calendar = calendar or current_calendar()
    changes = []
    for deadline in queries.all_open() if deadlines is None else deadlines:
        before_due, before_provisional = refresh(deadline, calendar)
        if (before_due, before_provisional) == (deadline.due_on, deadline.provisional):
            continue
        changes.append({"case_id": deadline.case_id, "deadline_id": deadline.id, "rule_id": deadline.rule_id,
                        "from": before_due.isoformat() if before_due else None,
                        "to": deadline.due_on.isoformat() if deadline.due_on else None,
                        "provisional_before": before_provisional, "provisional": deadline.provisional,
                        "reason_en": reason_en})
    return changes


def close_met_by_service(case, records, event) -> None:
    """A deadline met by a document's receipt (the hearing notice, served ≥ 5 WD before the hearing) closes when
    every addressee of that sending has received it: met if the last receipt is in time, late otherwise."""
    for rule in {r.meets_rule for r in records if r.meets_rule}:
        sending = serving_services.of_event(next(r.event_id for r in records if r.meets_rule == rule))
        if any(r.received_on is None for r in sending):
            continue
        for deadline in queries.open_for_rules(case.id, [rule]):
            close(deadline, max(r.received_on for r in sending), event)


def restart_from_receipt(record) -> list[tuple[Deadline, date | None]]:
    """A receipt was recorded: the clocks counted from it start on it now. Returns (deadline, due before)."""
    moved = []
    for deadline in queries.counted_from(record.id):
        before = deadline.due_on
        deadline.start_on, deadline.awaiting_receipt = record.received_on, False
        refresh(deadline)
        moved.append((deadline, before))
    return moved


def stop_all(case, on: date, event) -> None:
    """A case that ends stops every clock still running on it."""
    for deadline in queries.open_for_case(case.id):
        ran_out = deadline.due_on is not None and on > deadline.due_on
        close(deadline, on, event, DeadlineStatus.EXPIRED if ran_out else DeadlineStatus.STOPPED)
