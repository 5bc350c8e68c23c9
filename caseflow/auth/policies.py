"""Who may see and act on what. Every route names one of these policies.

- A user acts only on cases of their own office.
- A leader also reads the cases of the offices below their own (legal-reference §4.2 LEADER).
- Administrators manage users, agencies and the calendar; they do not read case files.
"""
from __future__ import annotations

import sqlalchemy as sa

from caseflow.auth.models import Role
from caseflow.extensions import db
from caseflow.organisations.models import Office

CASE_ROLES = {Role.CLERK.value, Role.OFFICE_HEAD.value, Role.ORGAN_LEADER.value, Role.MEDIATOR.value,
              Role.LEADER.value}
# Who may register some kind of case (each kind names its own: CaseKind.register_roles).
REGISTER_ROLES = {Role.CLERK.value, Role.OFFICE_HEAD.value, Role.MEDIATOR.value}
# Who works cases (takes their steps, adds files, may be shown the parties' personal data); a leader only reads.
HANDLING_ROLES = CASE_ROLES - {Role.LEADER.value}
# Who approves what others propose (呈批): every role a workflow names in `approval.by` is one of these.
APPROVAL_ROLES = {Role.OFFICE_HEAD.value, Role.ORGAN_LEADER.value}


def visible_office_ids(user) -> set[int]:
    if not (user.roles & CASE_ROLES):
        return set()
    ids = {user.office_id}
    if user.has_role(Role.LEADER):
        frontier = {user.office_id}
        while frontier:
            children = set(db.session.scalars(sa.select(Office.id).where(Office.parent_id.in_(frontier))))
            frontier = children - ids
            ids |= children
    return ids


def can_read_case(user, case) -> bool:
    return case.office_id in visible_office_ids(user)


def can_act_on_case(user, case) -> bool:
    if getattr(user, "is_system", False):
        return True  # the system's automatic steps apply to every office's cases
    return case.office_id == user.office_id and bool(user.roles & CASE_ROLES)


def can_register(user, kind=None) -> bool:
    """Whether `user` may register cases (of `kind`, when given: each kind names who registers it)."""
    roles = kind.register_roles if kind is not None else REGISTER_ROLES
    return bool(user.roles & roles)
