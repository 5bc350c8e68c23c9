"""Jinja filters and globals: dates in the user's language, Asia/Shanghai times, domain labels."""
from __future__ import annotations

import re
from datetime import date, datetime

from flask_babel import format_date, format_datetime, format_decimal, gettext

from caseflow.clock import today_local
from caseflow.i18n import lang

STATUS_LABELS = {
    "running": ("进行中", "running"), "paused": ("已暂停", "paused"), "met": ("按期完成", "met"),
    "late": ("逾期完成", "done late"), "stopped": ("已停止", "stopped"), "expired": ("已届满", "expired"),
}


def ldate(value) -> str:
    if not value:
        return "—"
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return format_date(value, "long")


def ldatetime(value) -> str:
    if not value:
        return "—"
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return format_datetime(value, "d MMM y HH:mm" if lang() == "en" else "y年M月d日 HH:mm")


def label(pair) -> str:
    """Pick the zh or en half of a (zh, en) label."""
    if not pair:
        return ""
    return pair[1] if lang() == "en" else pair[0]


def status_label(status: str) -> str:
    return label(STATUS_LABELS.get(status, (status, status)))


def filesize(size: int | None) -> str:
    """A file's size as people say it: 109 字节, 12.3 KB, 1.5 MB."""
    if size is None:
        return "—"
    if size < 1024:
        return gettext("%(n)s 字节", n=size)
    for unit in ("KB", "MB"):
        size /= 1024
        if size < 1024 or unit == "MB":
            return f"{format_decimal(round(size, 1))} {unit}"
    return ""


def attachment_kind_title(kind: str) -> str:
    from caseflow.attachments.models import ATTACHMENT_KINDS

    return label(ATTACHMENT_KINDS.get(kind, (kind, kind)))


def shortdate(value) -> str:
    """11月20日 this year, 2027年1月6日 another (20 Nov / 6 Jan 2027 in English)."""
    if not value:
        return "—"
    if isinstance(value, str):
        value = date.fromisoformat(value)
    same_year = value.year == today_local().year
    if lang() == "en":
        return format_date(value, "d MMM" if same_year else "d MMM y")
    return f"{value.month}月{value.day}日" if same_year else f"{value.year}年{value.month}月{value.day}日"


def due_phrase(due_on, obligation: bool = True, today=None, calendar=None) -> dict | None:
    """How far a due date is, as a clerk says it: 今日到期, 剩3个工作日, 已逾期2日 (an applicant's period that
    passed has 已届满: it lapses, nobody is late). `cls` is the badge's style; `urgent` within the 3-working-day
    warning horizon (legal-reference §4.1)."""
    if due_on is None:
        return None
    if isinstance(due_on, str):
        due_on = date.fromisoformat(due_on)
    today = today or today_local()
    if due_on == today:
        return {"text": gettext("今日到期"), "cls": "badge-soon", "urgent": True}
    if due_on < today:
        if not obligation:
            return {"text": gettext("已届满"), "cls": "text-bg-secondary", "urgent": False}
        return {"text": gettext("已逾期%(n)s日", n=(today - due_on).days), "cls": "badge-overdue", "urgent": True}
    if calendar is None:
        from caseflow.calendar.services import current_calendar

        calendar = current_calendar()
    left = calendar.working_days_between(today, due_on)
    return {"text": gettext("剩%(n)s个工作日", n=left), "cls": "badge-soon" if left <= 3 else "text-bg-light",
            "urgent": left <= 3}


def urgency(due_on: date | None) -> str | None:
    """'overdue', or 'soon' when due within 3 working days (the clerk's warning horizon, legal-reference §4.1)."""
    if due_on is None:
        return None
    today = today_local()
    if due_on < today:
        return "overdue"
    return "soon" if due_on < _soon_horizon(today) else None


def _soon_horizon(today: date) -> date:
    """The first day past the warning horizon: the 4th working day after today. Once per request, not per row
    (a list of 20 rows used to ask for the calendar 20 times)."""
    from flask import g

    from caseflow.calendar.services import current_calendar
    from caseflow.calendar.workdays import CalendarRangeError

    cached = g.get("_soon_horizon")
    if cached is None or cached[0] != today:
        try:
            horizon = current_calendar().nth_working_day_after(today, 4)
        except CalendarRangeError:
            horizon = date.max
        cached = g._soon_horizon = (today, horizon)
    return cached[1]


def service_methods() -> list[tuple[str, str]]:
    from caseflow.serving.models import METHOD_LABELS

    return [(m.value, label(pair)) for m, pair in METHOD_LABELS.items()]


def service_method_title(value: str) -> str:
    return dict(service_methods()).get(value, value)


def several_kinds() -> bool:
    """Whether this installation runs more than one kind of case (lists then say each case's kind)."""
    from flask import current_app

    return len(current_app.extensions["caseflow.kinds"]) > 1


def role_title(role: str) -> str:
    from caseflow.auth.models import ROLE_LABELS, Role

    return label(ROLE_LABELS[Role(role)]) if role in Role._value2member_map_ else role


def query_args(**overrides) -> dict:
    """This request's query parameters for url_for, with `overrides`. Names url_for would take as its own options
    (_anchor, _method, _scheme, _external) are dropped: they are no parameter of ours, and a crafted one made
    url_for fail (issue 13)."""
    from flask import request

    args = {key: values for key, values in request.args.to_dict(flat=False).items() if not key.startswith("_")}
    return {**args, **overrides}


RULE_ID = re.compile(r"\s?[（(][a-z_]+(?:\.[a-z_0-9]+)+[）)]")


def without_rule_id(line: str, rule_id: str | None = None) -> str:
    """An explanation line as a page shows it: the rule by its title, not its internal id (reconsideration.decision);
    the API keeps the id, for programs."""
    return RULE_ID.sub("", str(line))


ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# "（legal-reference §8.8）", "；legal-reference §4.4 M3": the project's own reference document, for its developers;
# a page cites the law instead.
INTERNAL_REFERENCE = re.compile(r"（legal-reference §[^）]*）|\(legal-reference §[^)]*\)"
                                r"|[；;，,]?\s*legal-reference §[\w.]+(?:\s*\([a-z]\))?(?:\s*[A-Z]+\d+)?")


def is_date_value(value) -> bool:
    """A date, or a day as the JSON of an event or a proposal keeps it (2026-10-24): shown as a date."""
    return isinstance(value, date) or (isinstance(value, str) and bool(ISO_DAY.match(value)))


def without_internal_references(value):
    """What every page prints ({{ }}), without the references to the project's legal-reference document that
    workflow data and some service messages carry for developers. Markup (already built HTML) is left alone."""
    if type(value) is str and "legal-reference" in value:
        return INTERNAL_REFERENCE.sub("", value).strip()
    return value


def register(app) -> None:
    app.jinja_env.finalize = without_internal_references
    app.jinja_env.tests["date_value"] = is_date_value
    app.jinja_env.filters.update(ldate=ldate, ldatetime=ldatetime, label=label, status_label=status_label,
                                   filesize=filesize, role_title=role_title, shortdate=shortdate,
                                   without_rule_id=without_rule_id)
    app.jinja_env.globals.update(lang=lang, today=today_local, _=gettext, urgency=urgency, several_kinds=several_kinds,
                                  service_methods=service_methods, service_method_title=service_method_title,
                                  role_title=role_title, query_args=query_args,
                                  attachment_kind_title=attachment_kind_title, due_phrase=due_phrase)
