"""Service records: what the law counts from a receipt, and the presumption used until a receipt is recorded."""
from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app

from caseflow.extensions import db
from caseflow.serving.models import Method, ServiceRecord

DEEMED_BY_LAW = {Method.PUBLIC_NOTICE.value: 30}  # CPL Art. 95: deemed served 30 days after the public notice


def presumption_days(method: str) -> int:
    """Days after sending at which receipt is presumed until the real receipt is recorded (SERVICE_PRESUMPTION)."""
    return current_app.config["SERVICE_PRESUMPTION"].get(method, 0)


def start_for(record: ServiceRecord) -> tuple[date, dict | None]:
    """The start of a clock counted from `record`'s receipt: the receipt, or the sending date plus the
    presumption, with a note saying so (None once the receipt is recorded)."""
    if record.received_on is not None:
        return record.received_on, None
    days = presumption_days(record.method)
    return record.sent_on + timedelta(days=days), {"sent_on": record.sent_on, "days": days, "method": record.method,
                                                   "basis": current_app.config["SERVICE_PRESUMPTION_BASIS"]}


def deemed_receipt(method: str, sent_on: date) -> date | None:
    """A receipt the law fixes by itself (public notice: 30 days), else None."""
    days = DEEMED_BY_LAW.get(method)
    return sent_on + timedelta(days=days) if days is not None else None


def for_case(case_id: int) -> list[ServiceRecord]:
    return list(db.session.scalars(sa.select(ServiceRecord).where(ServiceRecord.case_id == case_id)
                                   .order_by(ServiceRecord.id)))


def of_event(event_id: int) -> list[ServiceRecord]:
    return list(db.session.scalars(sa.select(ServiceRecord).where(ServiceRecord.event_id == event_id)
                                   .order_by(ServiceRecord.id)))


def send(case, event, serves, addressees: list[dict], service: dict | None, entries: list[dict] | None,
         on: date) -> list[ServiceRecord]:
    """Record the sending of `serves.document` to each addressee on `on`: one record each, with the method and
    any receipt given (`service` for all of them, or one of `entries` per addressee by name)."""
    by_name = {e["addressee"]: e for e in entries or []}
    records = []
    for person in addressees:
        given = by_name.get(person["name"], service) or {}
        sent_on = given.get("sent_on") or on
        deemed = deemed_receipt(given["method"], sent_on)
        record = ServiceRecord(
            case_id=case.id, event_id=event.id, document=serves.document, document_title=serves.title,
            addressee=person["name"], addressee_role=person["role"], party_id=person.get("party_id"),
            method=given["method"], sent_on=sent_on, received_on=given.get("received_on") or deemed,
            evidence=given.get("evidence") or ("公告" if deemed else None), meets_rule=serves.meets)
        db.session.add(record)
        records.append(record)
    db.session.flush()
    return records


def check_input(addressees: list[dict], service: dict | None, entries: list[dict] | None, on: date,
                today: date) -> dict:
    """Errors by field: every addressee needs a method; a receipt is not before sending nor in the future."""
    names = [a["name"] for a in addressees]
    if service is None and not entries:
        return {"service": ["请填写送达方式 (how the document was served)"]}
    errors = {}
    if entries:
        unknown = [e["addressee"] for e in entries if e["addressee"] not in names]
        if unknown:
            errors["services"] = [f"不是本文书的受送达人：{'、'.join(unknown)} (not an addressee)"]
        missing = [n for n in names if n not in {e["addressee"] for e in entries}] if service is None else []
        if missing:
            errors["services"] = [f"请填写对{'、'.join(missing)}的送达情况 (addressee missing)"]
    for key, given in [("service", service)] + [(f"services.{n}", e) for n, e in enumerate(entries or [])]:
        given = given or {}
        sent = given.get("sent_on") or on
        received = given.get("received_on")
        if sent > on:
            errors[f"{key}.sent_on"] = ["发出日期不能晚于办理日期 (after the step's date)"]
        if received is not None and received < sent:
            errors[f"{key}.received_on"] = ["收到日期不能早于发出日期 (before it was sent)"]
        elif received is not None and received > today:
            errors[f"{key}.received_on"] = ["收到日期不能晚于今天 (in the future)"]
    return errors


def receipts_given(data: dict) -> list:
    """The receipt dates a step that serves a document was given (None where not known yet)."""
    given = [data["service"]] if data.get("service") else list(data.get("services") or [])
    return [g.get("received_on") for g in given]
