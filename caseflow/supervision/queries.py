"""Read side of supervision: what the inbox, the case page, the API and the admin page show."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from caseflow.auth.models import ROLE_LABELS, Role
from caseflow.calendar.services import get_catalogue
from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.supervision import services
from caseflow.supervision.mail import mail_configured
from caseflow.supervision.models import (
    OPEN_NOTICE_STATUSES,
    STATUS_LABELS,
    Notice,
    NoticeStatus,
    OutboxMessage,
    SweepRun,
)

COUNT_LABELS = {"cases": ("处理案件", "cases"), "steps": ("依法自动办理", "automatic steps"),
                "warnings": ("期限预警", "warnings"), "notices": ("督办通知", "notices"),
                "proposals": ("待决定的提议", "proposals"), "closed": ("关闭的通知", "notices closed"),
                "skipped": ("由其他巡查处理", "left to another sweep")}
ACTION_LABELS = {"raised": ("发出", "Raised"), "acknowledged": ("已阅", "Acknowledged"),
                 "answered": ("回复", "Answered"), "resolved": ("已解决", "Resolved"),
                 "escalated": ("升级", "Escalated"), "declined": ("决定不采取", "Declined"),
                 "cancelled": ("撤销", "Cancelled")}


def notice_view(notice: Notice, docket: str, lang: str = "zh") -> dict:
    en = lang == "en"
    notice_type = services.supervision().types.get(notice.type)
    return {
        "id": notice.id, "case_id": notice.case_id, "docket_number": docket, "type": notice.type,
        "type_title": (notice_type.title_en if en else notice_type.title) if notice_type else notice.type,
        "level": notice.level, "title": notice.title, "basis": notice.basis, "body": notice.body,
        "addressee": {"kind": notice.addressee_kind, "name": notice.addressee_name,
                      "role": notice.addressee_role, "user_id": notice.addressee_user_id,
                      "agency_id": notice.addressee_agency_id},
        "rule_id": notice.rule_id,
        "rule_title": _rule_title(notice.rule_id, en),
        "due_on": notice.due_on, "response_due_on": notice.response_due_on, "raised_on": notice.raised_on,
        "raised_at": notice.raised_at, "status": notice.status,
        "status_title": STATUS_LABELS[NoticeStatus(notice.status)][1 if en else 0],
        "proposal": notice.proposal, "decided_by": notice.decided_by_role,
        "decided_by_title": ROLE_LABELS[Role(notice.decided_by_role)][1 if en else 0] if notice.decided_by_role
        else None,
        "answer": notice.answer, "closed_on": notice.closed_on, "is_open": notice.is_open,
        "events": [{"action": e.action, "action_title": ACTION_LABELS.get(e.action, (e.action, e.action))[
            1 if en else 0], "actor": e.actor_name, "at": e.at, "on": e.on, "note": e.note} for e in notice.events],
    }


def _rule_title(rule_id: str | None, en: bool) -> str | None:
    if not rule_id:
        return None
    try:
        rule = get_catalogue().get(rule_id)
    except KeyError:
        return rule_id
    return rule.title_en if en else rule.title


def notices_view(query, lang: str = "zh", limit: int | None = None) -> list[dict]:
    """Views of the notices a SELECT of Notice yields (open first, most urgent first), with their dockets."""
    rows = db.session.execute(
        sa.select(Notice, Case.docket_number).join(Case, Case.id == Notice.case_id)
        .options(selectinload(Notice.events))
        .where(Notice.id.in_(query.with_only_columns(Notice.id).scalar_subquery()))
        .order_by(Notice.status.not_in(OPEN_NOTICE_STATUSES), sa.func.coalesce(Notice.response_due_on,
                                                                               Notice.due_on, Notice.raised_on),
                  Notice.id.desc())
        .limit(limit)).all()
    return [notice_view(notice, docket, lang) for notice, docket in rows]


def inbox(user, *, scope: str = "mine", status: str = "open", lang: str = "zh", limit: int | None = 200):
    query = services.addressed_to(user) if scope == "mine" else services.visible(user)
    if status == "open":
        query = query.where(Notice.status.in_(OPEN_NOTICE_STATUSES))
    return notices_view(query, lang, limit)


def inbox_count(user) -> int:
    query = services.addressed_to(user).where(Notice.status.in_(OPEN_NOTICE_STATUSES))
    return db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))


def for_case(case_id: int, lang: str = "zh") -> list[dict]:
    return notices_view(sa.select(Notice).where(Notice.case_id == case_id), lang)


def health() -> dict:
    """What an administrator checks: the last sweeps and their failures, the outbox, agencies that cannot be
    mailed, deadlines whose rule the catalogue no longer has."""
    from caseflow.deadlines.models import OPEN_STATUSES, Deadline
    from caseflow.organisations.models import RespondentAgency

    runs = db.session.scalars(sa.select(SweepRun).order_by(SweepRun.id.desc()).limit(10)).all()
    outbox = dict(db.session.execute(sa.select(OutboxMessage.status, sa.func.count())
                                     .group_by(OutboxMessage.status)).all())
    failing = db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.last_error.is_not(None),
                                                                OutboxMessage.status != "sent")
                                 .order_by(OutboxMessage.id.desc()).limit(10)).all()
    without_contact = db.session.scalars(
        sa.select(RespondentAgency).where(RespondentAgency.email.is_(None) | (RespondentAgency.email == ""),
                                          RespondentAgency.id.in_(sa.select(Notice.addressee_agency_id).where(
                                              Notice.status.in_(OPEN_NOTICE_STATUSES))))
        .order_by(RespondentAgency.name)).all()
    catalogue = get_catalogue()
    in_use = db.session.scalars(sa.select(Deadline.rule_id).where(Deadline.status.in_(OPEN_STATUSES)).distinct())
    unknown = sorted(r for r in in_use if r not in catalogue)
    runs = [{"as_of": r.as_of, "started_at": r.started_at, "finished_at": r.finished_at, "errors": r.errors,
             "counts": [(COUNT_LABELS.get(k, (k, k))[0], v) for k, v in sorted(r.counts.items())]} for r in runs]
    return {"runs": runs, "outbox": outbox, "failing": failing, "without_contact": without_contact,
            "unknown_rules": unknown, "mail_configured": mail_configured()}
