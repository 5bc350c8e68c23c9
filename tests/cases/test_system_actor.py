"""What the law makes automatic is done by the system actor, under the `system` role, and recorded as such."""
from datetime import date

import pytest
import time_machine

from caseflow.auth.models import SYSTEM_ACTOR
from caseflow.auth.services import create_user
from caseflow.cases.models import CaseEvent
from caseflow.cases.services import apply_transition, register_case
from caseflow.errors import GuardFailed, PermissionDenied, ValidationFailed
from tests.workflow.kind_samples import SAMPLES


@pytest.fixture
def received_case(make, db, office_team):
    with time_machine.travel(date(2025, 10, 20), tick=False):
        case = register_case(SAMPLES["reconsideration"].registration(make, date(2025, 9, 12)), office_team["clerk"])
    db.session.commit()
    return case


def test_deemed_acceptance_is_the_systems_and_dates_from_the_reviews_last_day(received_case, office_team):
    with time_machine.travel(date(2025, 10, 20), tick=False):
        with pytest.raises(PermissionDenied):  # a person cannot take the system's step
            apply_transition(received_case, "deem_accepted", actor=office_team["clerk"], on=date(2025, 9, 22))
        # The review (5 WD from Fri 09-12) runs to Fri 09-19: on that day nothing is deemed yet.
        with pytest.raises(GuardFailed):
            apply_transition(received_case, "deem_accepted", actor=SYSTEM_ACTOR, on=date(2025, 9, 19))
        event = apply_transition(received_case, "deem_accepted", actor=SYSTEM_ACTOR, on=date(2025, 9, 22))
    assert (event.actor_id, event.actor_name, event.actor_role) == (None, "系统", "system")
    assert received_case.state == "accepted" and received_case.accepted_on == date(2025, 9, 19)
    assert event.payload["deemed_accepted_on"] == "2025-09-19"
    # A person's events say in which role they acted.
    clerk_event = apply_transition(received_case, "forward_copy", actor=office_team["clerk"], on=date(2025, 9, 23),
                                   data={"service": {"method": "mail"}})
    assert clerk_event.actor_role == "clerk" and isinstance(clerk_event, CaseEvent)


def test_no_account_can_hold_the_system_role(make):
    with pytest.raises(ValidationFailed) as refused:
        create_user("robot", "机器人", "long-enough-password", make.office(), ["system"])
    assert "roles" in refused.value.errors
