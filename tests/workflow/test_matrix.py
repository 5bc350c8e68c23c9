"""Every (state, transition, role) combination against the workflow definition, through the one service."""
import itertools

import pytest
import yaml

from caseflow.auth.models import Role
from caseflow.cases.models import Case
from caseflow.cases.services import apply_transition, register_case
from caseflow.errors import PermissionDenied, TransitionNotAllowed

with open("workflows/reconsideration.yaml", encoding="utf-8") as fh:
    DEFINITION = yaml.safe_load(fh)
STATES = list(DEFINITION["states"])
TRANSITIONS = {t["name"]: t for t in DEFINITION["transitions"]}
ROLES = [r.value for r in Role]


@pytest.fixture
def case_in(db, make):
    office = make.office()
    clerk = make.user("clerk", office=office)
    agency = make.agency()
    from tests.cases.test_validation_api import service_body

    case = register_case(service_body(agency), clerk)
    db.session.flush()

    def _in(state, role):
        case.state = state
        case.previous_state = "in_review"
        user = make.user(role, office=office)
        return case, user

    return _in


@pytest.mark.parametrize("state, transition, role", list(itertools.product(STATES, TRANSITIONS, ROLES)))
def test_state_transition_role(case_in, state, transition, role):
    definition = TRANSITIONS[transition]
    case, user = case_in(state, role)
    allowed_state = state in definition["from"]
    allowed_role = role in definition["roles"]
    try:
        apply_transition(case, transition, actor=user, data={})
    except TransitionNotAllowed:
        assert not allowed_state, "refused a transition the definition allows from this state"
        return
    except PermissionDenied:
        assert allowed_state and not allowed_role, "refused a role the definition allows"
        return
    except Exception as exc:  # past the state and role checks: data, date or guard problems are fine here
        assert allowed_state and allowed_role, f"{exc!r} for a combination the definition forbids"
        return
    assert allowed_state and allowed_role
    assert isinstance(case, Case)
