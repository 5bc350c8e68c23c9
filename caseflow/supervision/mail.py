"""E-mail through an outbox: the daily digest of each agency's open notices is written to `outbox_message` (once
per agency and day), and delivery sends what is due with Python's smtplib, retrying with backoff. A mail server
that is down, or not configured, loses nothing: the messages wait, and the admin page says so."""
from __future__ import annotations

import logging
import smtplib
from datetime import date, datetime, timedelta
from email.message import EmailMessage

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite

from caseflow.calendar.explain import fmt_date
from caseflow.cases.models import Case
from caseflow.clock import now_utc
from caseflow.extensions import db
from caseflow.organisations.models import RespondentAgency
from caseflow.supervision.models import Notice, NoticeStatus, OutboxMessage

log = logging.getLogger(__name__)
DIGEST_STATUSES = (NoticeStatus.OPEN.value, NoticeStatus.ACKNOWLEDGED.value)


def mail_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def _queue(values: dict) -> bool:
    dialect = db.session.get_bind().dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(OutboxMessage)
    return db.session.execute(insert.values(**values).on_conflict_do_nothing().returning(OutboxMessage.id)) \
        .scalar() is not None


def queue_digests(on: date) -> dict:
    """One message per agency with open notices, listing them; agencies without an e-mail address are counted
    (and shown on the admin page) instead."""
    rows = db.session.execute(
        sa.select(RespondentAgency, Notice, Case.docket_number).join(Notice, Notice.addressee_agency_id ==
                                                                    RespondentAgency.id)
        .join(Case, Case.id == Notice.case_id).where(Notice.status.in_(DIGEST_STATUSES))
        .order_by(RespondentAgency.id, Notice.response_due_on, Notice.id)).all()
    by_agency: dict[int, tuple] = {}
    for agency, notice, docket in rows:
        by_agency.setdefault(agency.id, (agency, []))[1].append((notice, docket))
    queued = without_contact = 0
    for agency, notices in by_agency.values():
        if not agency.email:
            without_contact += 1
            continue
        lines = [f"{agency.name}：", f"截至{fmt_date(on)}，贵单位有以下{len(notices)}件督办事项尚待办理：", ""]
        for n, (notice, docket) in enumerate(notices, start=1):
            due = f"，请于{fmt_date(notice.response_due_on)}前回复" if notice.response_due_on else ""
            lines.append(f"{n}. {docket} {notice.title}（{notice.basis}）{due}")
        lines += ["", "本邮件由CaseFlow自动发送。"]
        queued += _queue({"key": f"digest:agency:{agency.id}:{on.isoformat()}", "agency_id": agency.id,
                          "to_address": agency.email, "subject": f"督办事项日报（{on.year}年{on.month}月{on.day}日）",
                          "body": "\n".join(lines), "status": "pending", "attempts": 0,
                          "next_attempt_at": now_utc(), "created_at": now_utc()})
    return {"queued": queued, "without_contact": without_contact}


def _send(message: OutboxMessage) -> None:
    config = current_app.config
    email = EmailMessage()
    email["From"], email["To"], email["Subject"] = config["MAIL_FROM"], message.to_address, message.subject
    email.set_content(message.body)
    smtp = smtplib.SMTP_SSL if config.get("MAIL_USE_SSL") else smtplib.SMTP
    with smtp(config["MAIL_SERVER"], config.get("MAIL_PORT", 25), timeout=config.get("MAIL_TIMEOUT", 10)) as server:
        if config.get("MAIL_USE_TLS"):
            server.starttls()
        if config.get("MAIL_USERNAME"):
            server.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        server.send_message(email)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 ... minutes after each failure, at most six hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def deliver(now: datetime | None = None, limit: int = 100) -> dict:
    """Send the messages that are due; each is committed on its own, so a crash loses at most the one in hand."""
    if not mail_configured():
        return {"sent": 0, "failed": 0, "skipped": "mail is not configured"}
    now = now or now_utc()
    max_attempts = current_app.config.get("MAIL_MAX_ATTEMPTS", 10)
    ids = db.session.scalars(sa.select(OutboxMessage.id).where(
        OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at).limit(limit)).all()
    sent = failed = 0
    for message_id in ids:
        query = sa.select(OutboxMessage).where(OutboxMessage.id == message_id, OutboxMessage.status == "pending")
        if db.session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        message = db.session.scalars(query).first()
        if message is None:
            db.session.rollback()
            continue
        try:
            _send(message)
        except (OSError, smtplib.SMTPException) as exc:
            message.attempts += 1
            message.last_error = f"{type(exc).__name__}: {exc}"[:1000]
            message.next_attempt_at = now + backoff(message.attempts)
            if message.attempts >= max_attempts:
                message.status = "failed"
            failed += 1
            log.warning("mail to %s failed (attempt %s): %s", message.to_address, message.attempts, exc)
        else:
            message.status, message.sent_at = "sent", now_utc()
            message.attempts += 1
            sent += 1
        db.session.commit()
    return {"sent": sent, "failed": failed}
