"""Per kind, what a test needs to drive its workflow: a valid registration, and the data a transition's effect
takes. `hints` give the path to a state the data that a transition under test needs (e.g. the simplified
procedure before a conversion to the ordinary one)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Callable

from tests.conftest import valid_id


@dataclass
class KindSample:
    registration: Callable  # (make, received_on) -> the service's registration data
    hints: dict = field(default_factory=dict)  # transition under test -> {path transition: data overrides}
    effects: dict = field(default_factory=dict)  # effect name -> (driver) -> data

    def effect_data(self, name, driver) -> dict:
        return self.effects[name](driver)


def _reconsideration(make, received_on):
    agency = make.agency()
    return {"kind": "reconsideration", "received_on": received_on, "receipt_channel": "mail",
            "respondent_agency_id": agency.id, "request": "撤销处罚", "facts_and_reasons": "",
            "applicants": [{"kind": "natural_person", "name": "张三", "id_number": valid_id(9)}],
            "act": {"act_type": "penalty", "description": "罚款", "made_on": received_on - timedelta(days=10),
                    "known_on": received_on - timedelta(days=9)}}


SAMPLES = {
    "reconsideration": KindSample(
        registration=_reconsideration,
        hints={"convert_to_ordinary": {"accept": {"procedure": "simplified"}},
               "archive": {"decide": {"decision_type": "maintain"}}},
    ),
}
