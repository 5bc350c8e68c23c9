"""The figures of a scope (the reader's offices and the filters) over a period, as SQL aggregates of the
definitions in caseflow.statistics.definitions: one statement per table and breakdown, no case loaded."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

import sqlalchemy as sa

from caseflow.auth import policies
from caseflow.auth.models import User
from caseflow.calendar.services import get_catalogue
from caseflow.cases.kinds import all_kinds
from caseflow.cases.models import Case
from caseflow.deadlines.models import Deadline
from caseflow.extensions import db
from caseflow.organisations.models import ADMINISTRATIVE_FIELDS, LEVEL_LABELS, Office, RespondentAgency
from caseflow.statistics import definitions as d
from caseflow.statistics import summed
from caseflow.statistics.period import Period, PeriodError
from caseflow.supervision.models import OPEN_NOTICE_STATUSES, Notice

R, M, A = d.R, d.M, d.A
REPLY_RULES = ("reconsideration.reply", "reconsideration.reply_simplified")
PERFORMANCE_RULES = ("reconsideration.performance",)
LATE = ("late", "expired")
RECONSIDERATION_FILTERS = ("agency_id", "agency_level", "field", "procedure")


@dataclass
class Scope:
    """Whose cases count: the offices the reader may read (one office and those below it, when asked), and the
    filters. Agency, level, field and procedure concern reconsideration only: with one of them set, the other kinds
    are left out rather than counted unfiltered."""

    office_ids: set[int]
    kind: str | None = None
    agency_id: int | None = None
    agency_level: str | None = None
    field: str | None = None
    procedure: str | None = None
    handler_id: int | None = None
    summary: bool = True  # read the summary table where it is exact (False: every figure over the cases)

    @property
    def reconsideration_only(self) -> bool:
        return bool(self.reconsideration_filters)

    @property
    def reconsideration_filters(self) -> list[str]:
        """The filters set that only a reconsideration has (its respondent agency and that agency's level and
        field, its procedure)."""
        return [name for name in RECONSIDERATION_FILTERS if getattr(self, name)]

    def left_out(self) -> list[str]:
        """The kinds the reader asked for (every kind, or the one chosen) that a reconsideration-only filter leaves
        out: they have no respondent agency or procedure to filter on, and are not counted unfiltered."""
        if not self.reconsideration_only:
            return []
        return [k for k in all_kinds() if k != "reconsideration" and (not self.kind or self.kind == k)]

    def includes(self, kind: str) -> bool:
        if kind not in all_kinds():
            return False
        if self.kind and self.kind != kind:
            return False
        return kind == "reconsideration" or not self.reconsideration_only

    @cached_property
    def every_office(self) -> bool:
        """The scope takes every office there is (the top bureau's leader): no office condition is needed, so the
        figures need not read the case table only to check an office that every case passes."""
        return bool(self.office_ids) and self.office_ids >= set(db.session.scalars(sa.select(Office.id)))

    def office_conditions(self, column) -> list:
        return [] if self.every_office else [column.in_(self.office_ids or {-1})]

    def conditions(self, entity) -> list:
        """The scope's conditions over one kind's entity (R, M or A)."""
        out = self.office_conditions(entity.office_id)
        if self.handler_id:
            out.append(entity.handler_id == self.handler_id)
        if entity is R:
            out.extend(self._reconsideration_conditions())
        return out

    def _reconsideration_conditions(self) -> list:
        out = []
        if self.agency_id:
            out.append(R.respondent_agency_id == self.agency_id)
        agencies = []
        if self.agency_level:
            agencies.append(RespondentAgency.level == self.agency_level)
        if self.field:
            agencies.append(RespondentAgency.field == self.field)
        if agencies:
            out.append(R.respondent_agency_id.in_(sa.select(RespondentAgency.id).where(*agencies)))
        if self.procedure:
            out.append(R.procedure == self.procedure)
        return out


def build_scope(user: User, args: dict) -> Scope:
    """The scope `user` asked for; an office they may not read is refused as a bad filter, naming it."""
    visible = policies.visible_office_ids(user)
    offices = set(visible)
    if args.get("office_id"):
        if args["office_id"] not in visible:
            raise PeriodError("office_id", "无权查看该机构 (not an office you may read)")
        offices, frontier = {args["office_id"]}, {args["office_id"]}
        while frontier:
            frontier = set(db.session.scalars(sa.select(Office.id).where(Office.parent_id.in_(frontier)))) - offices
            offices |= frontier
        offices &= visible
    return Scope(office_ids=offices, kind=args.get("kind") or None, agency_id=args.get("agency_id") or None,
                 agency_level=args.get("agency_level") or None, field=args.get("field") or None,
                 procedure=args.get("procedure") or None, handler_id=args.get("handler_id") or None)


def _entity_scope(scope: Scope, entity) -> list:
    if entity is Case:
        kinds = [k for k in all_kinds() if scope.includes(k)]
        # Every case is of a registered kind (the ORM cannot load one that is not): a scope of every kind needs no
        # kind condition, and a scope of every office none of offices, so a deadline's figure need not read cases.
        conds = [*scope.office_conditions(Case.office_id),
                 *([] if set(kinds) == set(all_kinds()) else [Case.kind.in_(kinds or ["-"])])]
        if scope.handler_id:
            conds.append(Case.handler_id == scope.handler_id)
        rc = scope._reconsideration_conditions()
        if rc:
            conds.append(Case.id.in_(sa.select(R.id).where(*rc)))
        return conds
    return scope.conditions(entity)


def count_sets(scope: Scope, kind: str, period: Period) -> dict[str, int]:
    """Every case set of `kind` for the period: one statement, count(*) FILTER (WHERE ...) per set."""
    return count_sets_of(scope, kind, [period])[0]


def count_sets_of(scope: Scope, kind: str, periods: list[Period]) -> list[dict[str, int]]:
    """Every case set of `kind` for each period. The dashboard's period and the same period a year earlier read the
    same rows, so they are counted by the same scan (a FILTER per set and period).

    When the scope reads nothing of the shared case table (every office, no handler), the sets over the kind's own
    detail columns are counted over the detail table alone, and the few over the case table's dates (收案) by a
    second statement restricted to the rows in one of them (exact: a row in no set adds to no count), which the
    receipt index finds: neither statement joins every case."""
    entity = d.ENTITIES[kind]
    every_set = [s for s in d.SETS.values() if s.kind == kind]
    if not scope.includes(kind):
        return [{s.key: 0 for s in every_set} for _ in periods]
    # The dated sets (and 结转) from the summary table where it is exact for the scope; the rest over the cases.
    out: list[dict[str, int]] = summed.set_counts(scope, kind, periods) if summed.usable(scope) \
        else [{} for _ in periods]
    sets = [s for s in every_set if s.key not in out[0]]
    conditions = scope.conditions(entity)
    split = not any(d.reads_case_table(c) for c in conditions)
    detail = [s for s in sets if split and not any(d.reads_case_table(s.where(p)) for p in periods)]
    # The detail sets over the row's own columns (dates the indexes find) apart from those over ids another table
    # holds (events, extensions, pauses): restricted to the rows in one of them, each statement reads through the
    # indexes only the rows of the periods (and the open ones), not every case ever received.
    # (Those over ids are restricted to the ids their subqueries give whatever the scope reads: joined to the case
    # table when the scope reads it.)
    by_ids = [s for s in sets if d.reads_other_tables(s.where(periods[0])) and not d.reads_case_table(s.where(periods[0]))
              and all(d.id_source(s.where(p), d.ENTITY_IDS[kind]) is not None for p in periods)]
    by_columns = [s for s in detail if s not in by_ids]
    shared = [s for s in sets if s not in by_columns and s not in by_ids]

    def within_one(group):
        """Exact: a row in none of the group's sets adds to none of its counts. Each set is tested by its leading
        term alone (the period's range), each distinct term once: a few index ranges, not every set's condition."""
        terms = {}
        for condition in (d.leading_term(s.where(p)) for p in periods for s in group):
            terms.setdefault(str(condition.compile(compile_kwargs={"literal_binds": True})), condition)
        return [sa.or_(*terms.values())] if terms else []

    def among_ids(group):  # exact too: each set takes only rows whose id its subquery gives
        sources = [d.id_source(s.where(p), d.ENTITY_IDS[kind]) for p in periods for s in group]
        return [d.ENTITY_IDS[kind].in_(sa.union(*sources))] if group and all(x is not None for x in sources) else []

    shared_from, shared_kind = _shared_from(entity, kind, conditions, shared, periods)
    for group, from_, restrict in ((by_columns, entity.__table__, within_one(by_columns)),
                                   (by_ids, entity.__table__ if split else entity, among_ids(by_ids)),
                                   (shared, shared_from, [*shared_kind, *(within_one(shared) if split else [])])):
        if not group:
            continue
        row = db.session.execute(sa.select(*[sa.func.count().filter(s.where(p)) for p in periods for s in group])
                                 .select_from(from_).where(*conditions, *restrict)).one()
        values = iter(row)
        for counts in out:
            counts.update((s.key, next(values)) for s in group)
    return [{s.key: counts[s.key] for s in every_set} for counts in out]


def _detail_or_entity(conditions: list, entity):
    """The kind's detail table alone when `conditions` read nothing of the case table, else the entity (joined)."""
    return entity if any(d.reads_case_table(c) for c in conditions) else entity.__table__


def _shared_from(entity, kind: str, conditions: list, sets: list, periods: list[Period]):
    """What the sets over the case table's columns are counted from: the case table alone, its rows of the kind
    (the kind is the case's polymorphic identity: each such row has its detail row), when neither the scope nor
    the sets read a detail column; else the kind's entity (the case table joined to its detail)."""
    case_only = all(d.reads_only_case_table(c) for c in [*conditions, *(s.where(p) for s in sets for p in periods)])
    return (Case.__table__, [Case.kind == kind]) if case_only else (entity, [])


def rates(counts: dict[str, int]) -> list[dict]:
    return [{"key": r.key, "numerator": counts.get(r.numerator, 0), "denominator": counts.get(r.denominator, 0),
             "value": d.rate(counts.get(r.numerator, 0), counts.get(r.denominator, 0))}
            for r in d.RATES if r.numerator in counts and r.denominator in counts]


def _concluded_breakdown(scope: Scope, period: Period) -> list:
    """The reconsiderations concluded in the period, counted by month of conclusion, outcome (as the mix shows it)
    and handling days: one pass over the rows the conclusion index finds, from which the handling time, the outcome
    mix and the monthly concluded and corrected counts are all summed."""
    if not scope.includes("reconsideration"):
        return []
    if summed.usable(scope):
        return summed.concluded_breakdown(scope, period)
    days = d.days_between(R.concluded_on, R.accepted_on)
    month, key = d.month_of(R.concluded_on), d.outcome_key()
    conditions = scope.conditions(R)
    return db.session.execute(sa.select(month, key, days, sa.func.count()).select_from(_detail_or_entity(conditions, R))
                              .where(*conditions, d.SETS["concluded"].where(period)).group_by(month, key, days)).all()


def handling_time(scope: Scope, period: Period, breakdown: list | None = None) -> dict:
    """Calendar days from acceptance to conclusion of the reconsiderations concluded in the period: the mean and
    the 90th percentile (nearest rank: the smallest duration at least 90% of the cases do not exceed)."""
    if breakdown is None:
        breakdown = _concluded_breakdown(scope, period)
    by_days: dict[int, int] = {}
    for _month, _key, days, n in breakdown:
        if days is not None:  # (the summary table gives the outcomes and the days apart)
            by_days[days] = by_days.get(days, 0) + n
    cases = sum(by_days.values())
    if not cases:
        return {"cases": 0, "average": None, "p90": None}
    rank, seen, p90 = -(-9 * cases // 10), 0, None  # rank: ceil(0.9 n)
    for days in sorted(by_days):
        seen += by_days[days]
        if seen >= rank:
            p90 = days
            break
    average = sum(days * n for days, n in by_days.items()) / cases
    return {"cases": cases, "average": round(average, 1), "p90": p90}


def outcome_mix(scope: Scope, period: Period, breakdown: list | None = None) -> dict[str, int]:
    if not scope.includes("reconsideration"):
        return {}
    if breakdown is None:
        breakdown = _concluded_breakdown(scope, period)
    out: dict[str, int] = {}
    for _month, key, _days, n in breakdown:
        if key is not None:
            out[key] = out.get(key, 0) + n
    return out


def deadlines_on_time(scope: Scope, period: Period) -> list[dict]:
    """For each rule: the deadlines closed in the period, met on time and late (or run out); the office's own
    rules first, then the respondents'. Applicants' periods are theirs to use, not obligations, and are left out."""
    if summed.usable(scope):
        rows = summed.deadline_results(scope, period)
    else:
        conditions = _entity_scope(scope, Case)
        statement = sa.select(Deadline.rule_id, sa.func.count().filter(Deadline.status == "met"),
                              sa.func.count().filter(Deadline.status.in_(LATE))).select_from(Deadline)
        if conditions:
            statement = statement.join(Case, Case.id == Deadline.case_id)
        rows = db.session.execute(statement.where(*conditions, d.within(Deadline.closed_on, period),
                                                  Deadline.status.in_(("met", *LATE)))
                                  .group_by(Deadline.rule_id)).all()
    catalogue = {r.id: r for r in get_catalogue().latest()}
    out = []
    for rule_id, met, late in rows:
        rule = catalogue.get(rule_id)
        if rule is None or rule.responsible == "applicant":
            continue
        out.append({"rule_id": rule_id, "title": (rule.title, rule.title_en), "basis": (rule.basis.text("zh"), rule.basis.text("en")),
                    "responsible": rule.responsible or "office", "met": met, "late": late,
                    "rate": d.rate(met, met + late)})
    return sorted(out, key=lambda r: (r["responsible"] != "office", r["rule_id"]))


def open_by_age(scope: Scope, period: Period, today: date) -> dict[str, dict[str, int]]:
    day = min(period.end, today)
    out = {}
    for kind, entity in d.ENTITIES.items():
        if not scope.includes(kind):
            continue
        bucket = d.age_bucket(entity, day)
        rows = db.session.execute(sa.select(bucket, sa.func.count()).select_from(entity).where(
            *scope.conditions(entity), d.open_on(entity, day)).group_by(bucket)).all()
        counts = dict(rows)
        out[kind] = {key: counts.get(key, 0) for key, _lo, _hi in d.AGE_BUCKETS}
    return out


def respondents(scope: Scope, period: Period) -> list[dict]:
    """Per respondent agency: replies and performance on time, open and escalated supervision notices, suits.
    Ranked with the latest first."""
    if not scope.includes("reconsideration"):
        return []
    base = scope.conditions(R)
    table: dict[int, dict] = {}

    def row(agency_id):
        return table.setdefault(agency_id, {"agency_id": agency_id, "reply_met": 0, "reply_late": 0,
                                            "performed_met": 0, "performed_late": 0, "notices_open": 0,
                                            "notices_escalated": 0, "sued": 0, "suit_lost": 0, "suit_judged": 0,
                                            "suit_hearings": 0, "head_appeared": 0})

    reply, performance = Deadline.rule_id.in_(REPLY_RULES), Deadline.rule_id.in_(PERFORMANCE_RULES)
    met, late = Deadline.status == "met", Deadline.status.in_(LATE)
    if summed.usable(scope):
        tallied: dict[int, list[int]] = {}
        for rule, agency_id, met_n, late_n in summed.deadline_results(scope, period, by_agency=True,
                                                                      rules=REPLY_RULES + PERFORMANCE_RULES):
            counts = tallied.setdefault(agency_id, [0, 0, 0, 0])
            at = 0 if rule in REPLY_RULES else 2
            counts[at] += met_n
            counts[at + 1] += late_n
        deadline_rows = [(agency_id, *counts) for agency_id, counts in tallied.items()]
    else:
        deadline_rows = db.session.execute(
            sa.select(R.respondent_agency_id, sa.func.count().filter(reply, met), sa.func.count().filter(reply, late),
                      sa.func.count().filter(performance, met), sa.func.count().filter(performance, late))
            .select_from(_detail_or_entity(base, R)).join(Deadline, Deadline.case_id == d.RC_ID)
            .where(*base, Deadline.rule_id.in_(REPLY_RULES + PERFORMANCE_RULES), d.within(Deadline.closed_on, period),
                   Deadline.status.in_(("met", *LATE)))
            .group_by(R.respondent_agency_id)).all()
    for agency_id, *counts in deadline_rows:
        if any(counts):
            row(agency_id).update(dict(zip(("reply_met", "reply_late", "performed_met", "performed_late"), counts)))
    for agency_id, open_, escalated in db.session.execute(
            sa.select(Notice.addressee_agency_id,
                      sa.func.count().filter(Notice.status.in_(OPEN_NOTICE_STATUSES)),
                      sa.func.count().filter(Notice.status == "escalated"))
            .select_from(R).join(Notice, Notice.case_id == R.id)
            .where(*base, Notice.addressee_agency_id.is_not(None)).group_by(Notice.addressee_agency_id)):
        row(agency_id).update({"notices_open": open_, "notices_escalated": escalated})
    suit_sets = ("sued", "suit_lost", "suit_judged", "suit_hearings", "head_appeared")
    suit_rows = [(agency_id, *[c[k] for k in suit_sets]) for agency_id, c in
                 summed.by_agency(scope, period, suit_sets).items()] if summed.usable(scope) else db.session.execute(
        sa.select(R.respondent_agency_id, *[sa.func.count().filter(d.SETS[k].where(period)) for k in suit_sets])
        .select_from(R).where(*base, sa.or_(d.within(R.suit_outcome_on, period), sa.and_(
            R.suit_filed_on.is_not(None), d.within(R.concluded_on, period))))  # only rows a suit set can take
        .group_by(R.respondent_agency_id)).all()
    for agency_id, *counts in suit_rows:
        if any(counts):
            row(agency_id).update(dict(zip(suit_sets, counts)))
    names = dict(db.session.execute(sa.select(RespondentAgency.id, RespondentAgency.name)
                                    .where(RespondentAgency.id.in_(table or {-1}))).all())
    out = []
    for agency_id, r in table.items():
        r.update(name=names.get(agency_id, "?"), reply_rate=d.rate(r["reply_met"], r["reply_met"] + r["reply_late"]),
                 performed_rate=d.rate(r["performed_met"], r["performed_met"] + r["performed_late"]),
                 loss_rate=d.rate(r["suit_lost"], r["suit_judged"]),
                 head_rate=d.rate(r["head_appeared"], r["suit_hearings"]))
        out.append(r)
    return sorted(out, key=lambda r: (-(r["reply_late"] + r["performed_late"] + r["notices_open"]), r["name"]))


def mediation(scope: Scope, period: Period) -> dict:
    if not scope.includes("mediation"):
        return {"included": False}
    where = [*scope.conditions(M), d.SETS["m_concluded"].where(period)]
    average = db.session.scalar(sa.select(sa.func.avg(d.days_between(d._mediation_concluded_on(), M.accepted_on)))
                                .select_from(M).where(*where, M.accepted_on.is_not(None)))
    categories = db.session.execute(sa.select(M.dispute_category, sa.func.count(),
                                              sa.func.count().filter(M.outcome == "agreement"))
                                    .select_from(M).where(*where).group_by(M.dispute_category)
                                    .order_by(M.dispute_category)).all()
    return {"included": True, "average_days": None if average is None else round(float(average), 1),
            "categories": [{"category": c, "concluded": n, "agreement": a, "rate": d.rate(a, n)}
                           for c, n, a in categories]}


def adjudication(scope: Scope, period: Period) -> dict:
    if not scope.includes("adjudication"):
        return {"included": False}
    base = scope.conditions(A)
    received = dict(db.session.execute(sa.select(A.profile, sa.func.count()).select_from(A).where(
        *base, d.within(A.received_on, period)).group_by(A.profile)).all())
    outcomes: dict[str, dict[str, int]] = {}
    for profile, outcome, n in db.session.execute(sa.select(A.profile, A.outcome, sa.func.count()).select_from(A).where(
            *base, d.within(A.decided_on, period)).group_by(A.profile, A.outcome)):
        outcomes.setdefault(profile, {})[outcome or "?"] = n
    profiles = sorted(set(received) | set(outcomes))
    return {"included": True, "profiles": [{"profile": p, "received": received.get(p, 0),
                                            "decided": sum(outcomes.get(p, {}).values()),
                                            "outcomes": outcomes.get(p, {})} for p in profiles]}


def trends(scope: Scope, period: Period, breakdown: list | None = None) -> dict:
    """By month of the period: cases received of each kind; reconsiderations concluded and corrected."""
    months = period.months()
    out = {"months": months, "received": {}, "concluded": [0] * len(months), "corrected": [0] * len(months)}
    month = d.month_of(Case.received_on)
    for kind, key, n in summed.received_by_month(scope, period) if summed.usable(scope) else db.session.execute(
            sa.select(Case.kind, month, sa.func.count()).where(
                *_entity_scope(scope, Case), d.within(Case.received_on, period)).group_by(Case.kind, month)):
        out["received"].setdefault(kind, [0] * len(months))[months.index(key)] = n
    if scope.includes("reconsideration"):
        for key, outcome, _days, n in _concluded_breakdown(scope, period) if breakdown is None else breakdown:
            if outcome is None:
                continue
            i = months.index(key)
            out["concluded"][i] += n
            out["corrected"][i] += n if outcome in d.CORRECTIONS else 0
    return out


def figures(scope: Scope, period: Period, today: date) -> dict:
    """Everything the dashboard shows, for the period and the same period a year earlier."""
    before = period.last_year()
    counts, last_year = {}, {}
    for kind in d.ENTITIES:
        now, then = count_sets_of(scope, kind, [period, before])
        counts.update(now)
        last_year.update(then)
    concluded = _concluded_breakdown(scope, period)
    return {
        "period": {"start": period.start, "end": period.end, "label": period.label},
        "last_year": {"start": before.start, "end": before.end, "counts": last_year, "rates": rates(last_year)},
        "kinds": [k for k in d.ENTITIES if scope.includes(k)],
        "left_out": {"kinds": scope.left_out(), "filters": scope.reconsideration_filters if scope.left_out() else []},
        "counts": counts, "rates": rates(counts), "handling_time": handling_time(scope, period, concluded),
        "outcomes": outcome_mix(scope, period, concluded), "deadlines": deadlines_on_time(scope, period),
        "open_by_age": open_by_age(scope, period, today), "respondents": respondents(scope, period),
        "mediation": mediation(scope, period), "adjudication": adjudication(scope, period),
        "trends": trends(scope, period, concluded),
    }


def drill_down(scope: Scope, stat: str, period: Period, today: date):
    """A SELECT of the ids of the cases a figure counts, under the same scope; None when `stat` names no figure."""
    found = d.group_condition(stat, period, today)
    if found is None:
        return None
    kind, condition = found
    if kind is None:  # a condition over any case (a deadline's)
        return sa.select(Case.id).where(*_entity_scope(scope, Case), condition)
    entity = d.ENTITIES[kind]
    if not scope.includes(kind):
        return sa.select(Case.id).where(sa.false())
    return sa.select(entity.id).select_from(entity).where(*scope.conditions(entity), condition)


def filter_choices() -> dict:
    return {"levels": {lv.value: label for lv, label in LEVEL_LABELS.items()}, "fields": ADMINISTRATIVE_FIELDS}


def official_table(scope: Scope, period: Period) -> list[dict]:
    """The official table's rows: one per respondent level, then the total; one statement grouped by level."""
    if not scope.includes("reconsideration"):
        return []
    keys = [key for _zh, _en, key in d.OFFICIAL_COLUMNS] + ["decided", "mediated_or_withdrawn"]
    rows = db.session.execute(
        sa.select(RespondentAgency.level, *[sa.func.count().filter(d.official_condition(k, period)) for k in keys])
        .select_from(R).join(RespondentAgency, RespondentAgency.id == R.respondent_agency_id)
        .where(*scope.conditions(R)).group_by(RespondentAgency.level)).all()
    by_level = {level: dict(zip(keys, counts)) for level, *counts in rows}
    out = [{"level": lv.value, "counts": by_level[lv.value]} for lv in LEVEL_LABELS if lv.value in by_level]
    out.append({"level": None, "counts": {k: sum(r["counts"][k] for r in out) for k in keys}})
    for r in out:
        r["rates"] = [d.rate(r["counts"][num], r["counts"][den]) for _zh, _en, num, den in d.OFFICIAL_RATES]
    return out
