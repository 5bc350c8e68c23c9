"""Reading the published copies (the portal and the public API read nothing else), and the review's highlights."""
from __future__ import annotations

import sqlalchemy as sa

from caseflow.extensions import db
from caseflow.publication.models import PublishedDecision

PAGE_SIZE = 20


def published(*, year: int | None = None, agency: str | None = None, field: str | None = None,
              decision_type: str | None = None, q: str | None = None, page: int = 1,
              size: int = PAGE_SIZE) -> tuple[list[PublishedDecision], int]:
    query = sa.select(PublishedDecision).where(PublishedDecision.withdrawn_on.is_(None))
    if year:
        query = query.where(PublishedDecision.year == year)
    if agency:
        query = query.where(PublishedDecision.agency_name.contains(agency, autoescape=True))
    if field:
        query = query.where(PublishedDecision.field == field)
    if decision_type:
        query = query.where(PublishedDecision.decision_type == decision_type)
    if q:
        query = query.where(sa.or_(PublishedDecision.body.contains(q, autoescape=True),
                                   PublishedDecision.docket_number.contains(q, autoescape=True)))
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    rows = db.session.scalars(query.order_by(PublishedDecision.published_on.desc(), PublishedDecision.id.desc())
                              .limit(size).offset((max(page, 1) - 1) * size))
    return list(rows), total


def one(published_id: int) -> PublishedDecision | None:
    row = db.session.get(PublishedDecision, published_id)
    return row if row is not None and row.withdrawn_on is None else None


def facets() -> dict:
    live = PublishedDecision.withdrawn_on.is_(None)
    return {"years": list(db.session.scalars(sa.select(PublishedDecision.year).where(live).distinct()
                                             .order_by(PublishedDecision.year.desc()))),
            "types": list(db.session.execute(sa.select(PublishedDecision.decision_type,
                                                       PublishedDecision.decision_type_title).where(live).distinct()
                                             .order_by(PublishedDecision.decision_type))),
            "fields": list(db.session.scalars(sa.select(PublishedDecision.field).where(live).distinct()
                                              .order_by(PublishedDecision.field)))}


def segments(text: str, findings) -> tuple[list[tuple[str, object]], list[tuple[str, object]]]:
    """The original and the redacted text as (text, finding or None) runs, for highlighting side by side."""
    original, redacted, last = [], [], 0
    for f in sorted(findings, key=lambda f: f.start):
        if f.start > last:
            original.append((text[last:f.start], None))
            redacted.append((text[last:f.start], None))
        original.append((text[f.start:f.end], f))
        redacted.append((f.replacement, f))
        last = f.end
    original.append((text[last:], None))
    redacted.append((text[last:], None))
    return original, redacted
