from datetime import date

import pytest

from tests.web.conftest import browser, team_case  # noqa: F401  (fixtures shared with the page tests)


@pytest.fixture
def parent_leader(make, office_team, db):
    """A leader (局领导) of the office above the team's: reads its cases, handles none."""
    parent = make.office(level="city")
    office_team["office"].parent_id = parent.id
    leader = make.user("leader", office=parent)
    db.session.commit()
    return leader


@pytest.fixture
def registered(api, make, office_team):
    """A reconsideration case of the team with one applicant of known ID number, phone and address."""
    body = make.application(office_team["agency"], received_on=date(2025, 9, 12))
    body["applicants"][0].update(phone="13800138000", address="江州市东城区建设大街88号")
    case = api(office_team["clerk"]).post("/api/v1/cases", json=body).json
    return case, body["applicants"][0]


@pytest.fixture
def security_log(db):
    """The security log's entries (kind, entry), oldest first, optionally of some kinds only."""

    def entries(*kinds):
        import sqlalchemy as sa

        from caseflow.security.models import SecurityEvent

        query = sa.select(SecurityEvent).order_by(SecurityEvent.id)
        return list(db.session.scalars(query.where(SecurityEvent.kind.in_(kinds)) if kinds else query))

    return entries
