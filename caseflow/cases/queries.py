"""Read side of cases: filtered lists for the API and the web, and the detail view of one case."""
from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from caseflow.auth import policies
from caseflow.auth.models import ROLE_LABELS, Role, User
from caseflow.calendar.explain import explain
from caseflow.calendar.services import current_calendar, get_catalogue
from caseflow.calendar.workdays import CalendarRangeError
from caseflow.cases import search
from caseflow.cases.kinds import all_kinds, get_kind
from caseflow.cases.models import Case, CaseAssignment
from caseflow.cases.next_due import obligation_rule_ids
from caseflow.cases.services import allowed_transitions, get_workflow
from caseflow.clock import today_local
from caseflow.deadlines import queries as deadline_queries
from caseflow.deadlines.models import Deadline
from caseflow.deadlines.services import computation
from caseflow.extensions import db
from caseflow.security import personal_data
from caseflow.serving import services as serving

SYSTEM_EVENTS = {"register": ("登记立案", "Registered"),
                 "deadline_recomputed": ("期限重新计算", "Deadline recomputed"),
                 "record_receipt": ("记录送达回证", "Receipt recorded"),
                 "issue_document": ("制发文书", "Document issued"),
                 "serve_document": ("送达文书", "Document served")}


def is_overdue(deadline: Deadline, today: date) -> bool:
    return bool(deadline.status == "running" and deadline.due_on and deadline.due_on < today
                and deadline.rule_id in obligation_rule_ids())


def _overdue_clause():
    """An obligation past its date: the case's maintained next due date (caseflow.cases.next_due) is before today."""
    return Case.next_due_on < today_local()


def _state_clause(states: list[str]):
    """States by name (any kind), or as kind:state (one kind's state: the same name may mean another stage in
    another kind)."""
    plain = [s for s in states if ":" not in s]
    pairs = [s.split(":", 1) for s in states if ":" in s]
    return sa.or_(Case.state.in_(plain), *[sa.and_(Case.kind == k, Case.state == st) for k, st in pairs])


DUE_SOON_WORKING_DAYS = 3  # the warning horizon of the badges (caseflow.web.filters.urgency)


def office_workload(user) -> dict:
    """For an office head: how many open cases of the offices `user` sees have an overdue obligation, and how
    many have one due within the next DUE_SOON_WORKING_DAYS working days (none overdue)."""
    today = today_local()
    horizon = current_calendar().nth_working_day_after(today, DUE_SOON_WORKING_DAYS)
    visible = Case.office_id.in_(policies.visible_office_ids(user) or {-1})
    overdue = db.session.scalar(sa.select(sa.func.count()).where(visible, Case.closed_on.is_(None),
                                                                 _overdue_clause()))
    soon = db.session.scalar(sa.select(sa.func.count()).where(
        visible, Case.closed_on.is_(None), Case.next_due_on >= today, Case.next_due_on <= horizon))
    return {"overdue": overdue, "due_soon": soon, "horizon": horizon}


def state_choices(lang: str = "zh") -> list[tuple[str, str]]:
    """(kind:state, title) for every state of every kind, titled with the kind when there are several."""
    kinds = all_kinds()
    out = []
    for kind in kinds.values():
        for state in get_workflow(kind.name).states.values():
            title = state.title_en if lang == "en" else state.title
            if len(kinds) > 1:
                title = f"{kind.title_en if lang == 'en' else kind.title} · {title}"
            out.append((f"{kind.name}:{state.name}", title))
    return out


def state_counts(rows, lang: str = "zh") -> list[tuple[str, str, int]]:
    """(kind:state, title, count) from (kind, state, count) rows, in workflow order, kinds in configured order."""
    counts = {(kind, state): n for kind, state, n in rows}
    return [(value, title, counts[tuple(value.split(":", 1))]) for value, title in state_choices(lang)
            if counts.get(tuple(value.split(":", 1)))]


# A docket number sorts by its year and sequence, not as text (〔2026〕10号 after 〔2026〕9号): one integer key in
# the cursor, so keyset cursors stay (value, id); the query sorts on the two columns, which an index (office_id, docket_year,
# docket_seq, id) serves in order.
SORTS = {"received_on": (Case.received_on,), "next_due_on": (Case.next_due_on,),
         "docket_number": (Case.docket_year, Case.docket_seq)}


def _key_values(name: str, value) -> tuple:
    """The sort columns' values of a cursor's value (a docket's year and sequence from its one integer)."""
    return divmod(value, 1_000_000) if name == "docket_number" else (value,)


def filter_cases(user, args: dict):
    """A SELECT of the cases `user` may read, filtered and sorted as `args` asks (`after` / `before`: keyset, see
    `cursor_after`; `before` reads backwards, in the reverse order: `page` turns the rows round).

    Next due date, overdue and provisional are columns of the case (caseflow.cases.next_due), and the related rows
    a list shows are loaded in bulk, so a page costs a fixed number of queries however many cases it holds.
    """
    kinds = all_kinds()
    q = (sa.select(Case)
         .where(Case.office_id.in_(policies.visible_office_ids(user) or {-1}))
         .options(selectinload(Case.parties), joinedload(Case.handler).lazyload(User.role_rows),
                  *[option for kind in kinds.values() for option in kind.list_options()]))
    if args.get("case_ids") is not None:  # a SELECT of ids, e.g. the cases a figure counts (caseflow.statistics)
        q = q.where(Case.id.in_(args["case_ids"]))
    if args.get("kind"):
        q = q.where(Case.kind == get_kind(args["kind"]).name)
    if args.get("state"):
        q = q.where(_state_clause(args["state"]))
    if args.get("open") is not None:
        q = q.where(Case.closed_on.is_(None) if args["open"] else Case.closed_on.is_not(None))
    if args.get("agency_id"):
        selects = [s for s in (kind.agency_case_ids(args["agency_id"]) for kind in kinds.values()) if s is not None]
        # EXISTS per case, not IN (a list of every office's cases of the agency): the page's index scan probes it
        q = q.where(sa.or_(*[sa.exists(s.where(s.selected_columns[0] == Case.id)) for s in selects])
                    if selects else sa.false())
    if args.get("handler_id"):
        q = q.where(Case.handler_id == args["handler_id"])
    if args.get("office_id"):
        q = q.where(Case.office_id == args["office_id"])
    if args.get("mine"):  # handled by, or assigned to, this user
        q = q.where(sa.or_(Case.handler_id == args["mine"], sa.exists().where(
            CaseAssignment.case_id == Case.id, CaseAssignment.user_id == args["mine"],
            CaseAssignment.ended_on.is_(None))))
    if args.get("received_from"):
        q = q.where(Case.received_on >= args["received_from"])
    if args.get("received_to"):
        q = q.where(Case.received_on <= args["received_to"])
    if args.get("overdue") is not None:
        q = q.where(_overdue_clause() if args["overdue"] else sa.or_(Case.next_due_on.is_(None),
                                                                     Case.next_due_on >= today_local()))
    if args.get("archived") is not None:
        q = q.where(Case.archived_at.is_not(None) if args["archived"] else Case.archived_at.is_(None))
    if args.get("q"):
        q = q.where(search.clause(args["q"]))
    sort = args.get("sort") or "-received_on"
    name, descending = sort.lstrip("-"), sort.startswith("-")
    columns = SORTS[name]
    # Only the next due date can be empty: its empty ones come last, whichever way the dates run.
    nullable = name == "next_due_on"
    if args.get("before") is not None:  # read backwards from the first row shown: reversed order, nulls first
        descending = not descending
        q = q.where(_beyond(columns, descending, False, _cursor_key(name, args["before"]), nulls_first=nullable))
        nulls_last = False
    else:
        if args.get("after") is not None:
            q = q.where(_beyond(columns, descending, nullable, _cursor_key(name, args["after"])))
        nulls_last = True
    order = [c.desc() if descending else c.asc() for c in columns]
    if nullable:
        order = [o.nulls_last() if nulls_last else o.nulls_first() for o in order]
    # The tie-break runs the same way as the sort, so (office_id, columns, id) serves both and keysets stay simple.
    return q.order_by(*order, Case.id.desc() if descending else Case.id.asc())


def _cursor_key(name: str, key: tuple) -> tuple:
    value, last_id = key
    return (None if value is None else _key_values(name, value)), last_id


def _beyond(columns, descending: bool, nullable_last: bool, key: tuple, nulls_first: bool = False):
    """Rows beyond the row `key` = (values, id) in the order (columns [desc], id [desc]): a row comparison, which
    the index (office_id, columns, id) answers as a range. `nullable_last`: empty values (of a one-column sort)
    follow the others (and come after any row with a value); `nulls_first`: they precede them (reading backwards
    from an empty one)."""
    values, last_id = key
    if values is None:
        column = columns[0]
        id_beyond = Case.id < last_id if descending else Case.id > last_id
        if nulls_first:  # among the leading nulls: the rest of them, then every row with a value
            return sa.or_(sa.and_(column.is_(None), id_beyond), column.is_not(None))
        return sa.and_(column.is_(None), id_beyond)  # already among the trailing nulls
    row, key_row = sa.tuple_(*columns, Case.id), sa.tuple_(*values, last_id)
    beyond = row < key_row if descending else row > key_row
    return sa.or_(beyond, columns[0].is_(None)) if nullable_last else beyond


@dataclass
class Page:
    """One page of a keyset list: its cases, and the cursors of the pages after and before it (None at an end)."""

    cases: list
    next_cursor: str | None
    previous_cursor: str | None


def page(user, args: dict, size: int, *, offset: int = 0) -> Page:
    """A page of `filter_cases`: the first (or the `offset`-th row on, for numbered pages), the one after
    `args["after"]` or the one before `args["before"]`. Never counts: one statement for the rows (size + 1 of them,
    to know whether another page follows), plus the bulk loads of what the rows show."""
    sort = args.get("sort") or "-received_on"
    query = filter_cases(user, args)
    if offset:
        query = query.offset(offset)
    rows = db.session.scalars(query.limit(size + 1)).unique().all()
    more = len(rows) > size
    rows = rows[:size]
    if args.get("before") is not None:
        rows.reverse()
        return Page(rows, cursor_for(rows[-1], sort) if rows else None,
                    cursor_for(rows[0], sort) if more and rows else None)
    earlier = args.get("after") is not None or offset > 0
    return Page(rows, cursor_for(rows[-1], sort) if more else None,
                cursor_for(rows[0], sort) if earlier and rows else None)


def count(user, args: dict) -> int:
    """How many cases the list holds (a count over every matching row: asked for, never by default)."""
    query = filter_cases(user, {k: v for k, v in args.items() if k not in ("after", "before")})
    return db.session.scalar(sa.select(sa.func.count()).select_from(query.order_by(None).subquery()))


def cursor_for(case: Case, sort: str) -> str:
    """An opaque cursor continuing after `case` in `sort` order."""
    name = sort.lstrip("-")
    value = case.docket_year * 1_000_000 + case.docket_seq if name == "docket_number" else getattr(case, name)
    raw = json.dumps([sort, value.isoformat() if isinstance(value, date) else value, case.id])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def cursor_after(cursor: str, sort: str) -> tuple:
    """(value, id) from a cursor made by `cursor_for` for the same sort; ValueError if it is not one."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        made_for, value, case_id = json.loads(raw)
    except (ValueError, TypeError) as exc:
        raise ValueError("not a cursor of this list") from exc
    expected = int if sort.lstrip("-") == "docket_number" else str
    if made_for != sort or not isinstance(case_id, int) or not (value is None or isinstance(value, expected)):
        raise ValueError("the cursor was made for another sort order")
    if value is not None and sort.lstrip("-") in ("received_on", "next_due_on"):
        value = date.fromisoformat(value)
    return value, case_id


def summaries(cases, lang: str = "zh") -> list[dict]:
    """Dicts for the cases of `filter_cases`."""
    today = today_local()
    return [summary(case, lang, today=today) for case in cases]


def summary(case: Case, lang: str = "zh", provisional: bool | None = None, today: date | None = None) -> dict:
    """A list row. Next due date, its rule, its provisional mark and overdue come from the case's maintained
    columns; `provisional` (any open deadline provisional) is the list's next_due_provisional unless given."""
    state = get_workflow(case.kind).states[case.state]
    kind = get_kind(case.kind)
    today = today or today_local()
    return {
        "id": case.id, "kind": case.kind, "office_id": case.office_id, "kind_title": kind.title_en if lang == "en" else kind.title,
        "docket_number": case.docket_number, "state": case.state, "respondent": kind.respondent_name(case),
        "state_title": state.title_en if lang == "en" else state.title, "version": case.version,
        "received_on": case.received_on, "closed_on": case.closed_on, "applicants": [p.name for p in case.applicants],
        "handler": {"id": case.handler.id, "name": case.handler.display_name} if case.handler else None,
        "next_due_on": case.next_due_on, "next_due_rule": case.next_due_rule,
        "next_due_provisional": bool(case.next_due_provisional),
        "overdue": bool(case.next_due_on and case.next_due_on < today),
        "provisional": bool(case.next_due_provisional) if provisional is None else provisional,
        "archived": case.archived_at is not None,
        **kind.summary(case, lang),
    }


def deadline_view(deadline: Deadline, lang: str = "zh", calendar=None) -> dict:
    rule = deadline.rule(get_catalogue())
    try:
        explanation = explain(computation(deadline, calendar), lang)
    except (CalendarRangeError, ValueError) as exc:
        explanation = [str(exc)]
    return {
        "id": deadline.id, "rule_id": deadline.rule_id, "title": rule.title_en if lang == "en" else rule.title,
        "unit": rule.unit.value, "count": deadline.count, "basis": rule.basis.text(lang), "responsible": rule.responsible,
        "start_event": rule.start_event_en if lang == "en" else rule.start_event, "start_on": deadline.start_on,
        "due_on": deadline.due_on, "nominal_on": deadline.nominal_on, "status": deadline.status,
        "provisional": deadline.provisional, "awaiting_receipt": deadline.awaiting_receipt,
        "overdue": is_overdue(deadline, today_local()),
        "closed_on": deadline.closed_on,
        "pauses": [{"paused_on": p.paused_on, "resumed_on": p.resumed_on, "ground": p.ground} for p in deadline.pauses],
        "extensions": [{"days": e.days, "reason": e.reason, "approved_on": e.approved_on,
                        "approved_by": e.approved_by.display_name if e.approved_by else None}
                       for e in deadline.extensions],
        "explanation": explanation,
    }


def _days_run(rule_unit: str, start_on: date, through: date, calendar) -> int | None:
    """Days of a period run in (start_on, through]: working days for a working-day rule, else calendar days."""
    if rule_unit == "working_days":
        return calendar.working_days_between(start_on, through)
    if rule_unit == "calendar_days":
        return max((through - start_on).days, 0)
    return None  # months and years: counted to a corresponding date, not in days


def deadline_story(case: Case, deadlines: list[Deadline], lang: str = "zh", calendar=None) -> list[dict]:
    """The case page's deadlines, open ones first (nearest due first), each with what a clerk asks of it: which
    step started it, how many days are used and left while it is paused, what replaced it, whether it ever ran."""
    calendar = calendar or current_calendar()
    workflow = get_workflow(case.kind)
    starters = {e.id: e for e in case.events}  # loaded once, shared with `events`
    today = today_local()
    out = []
    for d in deadlines:
        view = deadline_view(d, lang, calendar)
        event = starters.get(d.start_event_id)
        t = workflow.transitions.get(event.name) if event else None
        view["started_by"] = (t.title_en if lang == "en" else t.title) if t else None
        later = [x for x in deadlines if x.rule_id == d.rule_id and x.id > d.id]
        view["superseded_by"] = later[0].start_on if later and not d.is_open else None
        view["never_started"] = bool(d.closed_on and (d.awaiting_receipt or d.closed_on <= d.start_on))
        view["used"] = view["left"] = None
        if d.status == "paused" and d.pauses:
            open_pause = d.pauses[-1]
            ran = _days_run(view["unit"], d.start_on, open_pause.paused_on, calendar)
            if ran is not None:
                for p in d.pauses[:-1]:
                    ran -= _days_run(view["unit"], p.paused_on, p.resumed_on or p.paused_on, calendar) or 0
                total = d.count + sum(e.days for e in d.extensions)
                view["used"], view["left"] = ran, max(total - ran, 0)
            view["paused_on"] = open_pause.paused_on
        view["days_left"] = calendar.working_days_between(today, d.due_on) if d.status == "running" and d.due_on \
            and d.due_on >= today else None
        out.append(view)
    return out


def open_first(views: list[dict]) -> list[dict]:
    """Running deadlines first (nearest due first), then paused ones, then the closed in the order they began."""
    order = {"running": 0, "paused": 1}
    return sorted(views, key=lambda v: (order.get(v["status"], 2), v["due_on"] or date.max if v["status"] in order
                                        else date.min, v["id"]))


def transition_info(t, lang: str = "zh", case: Case | None = None) -> dict:
    en = lang == "en"
    serves = None
    if t.serves is not None and case is not None:
        serves = {"document": t.serves.document, "title": t.serves.title_en if en else t.serves.title,
                  "addressees": [a["name"] for a in get_kind(case.kind).addressees(case, t.serves.to, {})]}
    return {"name": t.name, "title": t.title_en if en else t.title, "basis": t.basis, "to": t.target,
            "approval": approval_info(t.approval, lang), "reason_required": t.reason_required, "serves": serves,
            "fields": [{"name": f.name, "type": f.type, "title": f.title_en if en else f.title, "required": f.required,
                        "choices": [{"value": c.value, "title": c.title_en if en else c.title} for c in f.choices],
                        "min": f.min, "max": f.max} for f in t.fields]}


EFFECTIVE_TITLES = {"approval": ("自批准之日起生效", "Takes effect on the day it is approved"),
                    "proposal": ("自拟办日期起生效（批准后溯及该日）", "Takes effect on the proposed date, once approved")}


def approval_info(approval, lang: str = "zh") -> dict | None:
    """Who approves an approvable transition, in turn, and which date it takes effect on."""
    if approval is None:
        return None
    en = lang == "en"
    return {"by": [{"role": r, "title": ROLE_LABELS[Role(r)][1 if en else 0]} for r in approval.by],
            "effective": approval.effective, "effective_title": EFFECTIVE_TITLES[approval.effective][1 if en else 0]}


def detail(case: Case, user, lang: str = "zh", shown: dict | None = None) -> dict:
    """The case as `user` sees it; parties masked (caseflow.security.personal_data), but for `shown`, a party
    revealed to the user by reveal_party."""
    deadlines = deadline_queries.for_case(case.id)
    out = summary(case, lang, provisional=any(d.provisional for d in deadlines if d.is_open))
    calendar = current_calendar()
    out.update({
        "parties": [shown if shown and p["id"] == shown["id"] else p for p in personal_data.parties_view(case)],
        "created_at": case.created_at, "updated_at": case.updated_at,
        "archived_at": case.archived_at, "archived_by": case.archived_by_name, "archive_reason": case.archive_reason,
        "deadlines": deadline_story(case, deadlines, lang, calendar),  # in the order they began (the API's)
        "services": serving.for_case(case.id),
        "allowed_transitions": [transition_info(t, lang, case) for t in allowed_transitions(case, user)],
        **get_kind(case.kind).detail(case, lang),
    })
    return out


def kinds_info(lang: str = "zh") -> list[dict]:
    en = lang == "en"
    out = []
    for kind in all_kinds().values():
        workflow = get_workflow(kind.name)
        out.append({"name": kind.name, "title": kind.title_en if en else kind.title,
                    "register_roles": sorted(kind.register_roles), "create_schema": kind.create_schema.__name__,
                    "states": [{"name": s.name, "title": s.title_en if en else s.title, "final": s.final}
                               for s in workflow.states.values()]})
    return out


def rule_title(rule_id: str | None, lang: str = "zh") -> str | None:
    """A rule's name as people say it (答复期限), never its id."""
    if not rule_id:
        return None
    rule = next((r for r in get_catalogue().latest() if r.id == rule_id), None)
    if rule is None:
        return None
    return rule.title_en if lang == "en" else rule.title


def _shown(spec, value, lang: str):
    if spec.type == "date" and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    if spec.type == "boolean":
        return ("yes" if value else "no") if lang == "en" else ("是" if value else "否")
    if spec.type == "user":
        from caseflow.auth.models import User

        user = db.session.get(User, int(value)) if str(value).isdigit() else None
        return user.display_name if user else value
    if spec.choices and (choice := spec.choice(value)) is not None:
        return choice.title_en if lang == "en" else choice.title
    return value


def recorded_fields(transition, payload: dict | None, lang: str = "zh") -> list[dict]:
    """What the step recorded, field by field, under the workflow's labels (补正事项, 延长天数, 决定类型 …)."""
    if transition is None or not payload:
        return []
    return [{"title": spec.title_en if lang == "en" else spec.title, "value": _shown(spec, payload[spec.name], lang)}
            for spec in transition.fields if payload.get(spec.name) not in (None, "")]


def events(case: Case, lang: str = "zh") -> list[dict]:
    workflow = get_workflow(case.kind)
    out = []
    for e in case.events:  # the history in order (seq), loaded once per request and shared with deadline_story
        t = workflow.transitions.get(e.name)
        if t:
            title = t.title_en if lang == "en" else t.title
        else:
            zh, en = SYSTEM_EVENTS.get(e.name, (e.name, e.name))
            title = en if lang == "en" else zh
        out.append({"id": e.id, "seq": e.seq, "name": e.name, "title": title, "from_state": e.from_state,
                    "to_state": e.to_state, "actor": e.actor_name, "fields": recorded_fields(t, e.payload, lang),
                    "moved": [{**m, "title": rule_title(m.get("rule_id"), lang)}
                              for m in (e.payload or {}).get("moved", [])],
                    "rule_title": rule_title((e.payload or {}).get("rule_id"), lang),
                    "field_names": [spec.name for spec in t.fields] if t else [],
                    "approver": e.approver.display_name if e.approver else None, "effective_on": e.effective_on,
                    "recorded_at": e.recorded_at, "reason": e.reason, "payload": e.payload})
    return out


