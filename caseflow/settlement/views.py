"""What the mediation records' templates need: their labels and the defaults of their forms. Registered with
the app (caseflow.create_app) so every kind that mediates shares them."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, g

from caseflow.auth.models import User, UserRole
from caseflow.cases.kinds import get_kind
from caseflow.clock import today_local
from caseflow.extensions import db
from caseflow.settlement import schemas, services
from caseflow.settlement.models import (
    ATTENDEE_CAPACITIES,
    CONTENT_TYPES,
    PERFORMANCE_STATUSES,
    SESSION_MODE_LABELS,
    AgreementTerm,
)
from caseflow.web.filters import label

bp = Blueprint("settlement", __name__, template_folder="templates")


def _labels() -> dict:
    return {"modes": {m.value: pair for m, pair in SESSION_MODE_LABELS.items()}, "capacities": ATTENDEE_CAPACITIES,
            "contents": CONTENT_TYPES, "performance": PERFORMANCE_STATUSES, "methods": schemas.METHOD_LABELS,
            "follow_up_methods": schemas.FOLLOW_UP_METHODS}


def _party_choices(case) -> list[tuple[str, str]]:
    return [(p.name, p.name) for p in case.parties if p.role != "agent"]


def _session_defaults(case) -> dict:
    """A new session: today, the parties and the user (a mediator) as attendees, one position per side."""
    attendees = [{"name": p.name, "capacity": "agent" if p.role == "agent" else "party", "party_id": p.id}
                 for p in case.parties]
    attendees.append({"name": g.user.display_name, "capacity": "mediator"})
    sides = [name for _party_id, name in get_kind(case.kind).mediation_sides(case)]
    return {"held_on": today_local().isoformat(), "starts_at": "09:30", "duration_minutes": 60, "mode": "in_person",
            "attendees": attendees, "positions": [{"side": side} for side in sides] or [{}]}


def _session_choices(case) -> list[tuple[int, str]]:
    latest = {}
    for s in services.sessions(case.id):
        latest[s.number] = s
    from caseflow.web.filters import ldate

    return [(n, f"第{n}次（{ldate(s.held_at.date())}）") for n, s in latest.items()]


def _performance_defaults(case) -> dict:
    return {"performances": [{"term_id": t.id} for t in services.unperformed_terms(case.id)]}


def _consent_defaults(case) -> dict:
    return {"consents": [{"party_id": party_id, "party_name": name, "given_on": today_local().isoformat()}
                         for party_id, name in get_kind(case.kind).mediation_sides(case)]}


def _office_mediators(case) -> list[tuple[int, str]]:
    users = db.session.scalars(sa.select(User).join(UserRole).where(
        User.office_id == case.office_id, User.active, UserRole.role == "mediator").order_by(User.display_name))
    return [(u.id, u.display_name) for u in users]


@bp.app_context_processor
def helpers() -> dict:
    return {"settlement_labels": _labels, "party_choices": _party_choices, "session_defaults": _session_defaults,
            "session_choices": _session_choices, "agreement_defaults": lambda case: {"form": "written", "terms": [{}]},
            "performance_defaults": _performance_defaults, "consent_defaults": _consent_defaults,
            "term_of": lambda case, term_id: db.session.get(AgreementTerm, int(term_id)),
            "office_mediators": _office_mediators}


@bp.app_template_filter("choices")
def choices(labels: dict) -> list[tuple[str, str]]:
    """A {value: (zh, en)} dict as (value, label) pairs for a select, in the user's language."""
    return [(value, label(pair)) for value, pair in labels.items()]
