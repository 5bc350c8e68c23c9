"""Sweeps as of fixed days (the clock frozen on that day, as the scheduler would run it)."""
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
import time_machine

from caseflow.supervision.models import Notice
from caseflow.supervision.sweep import sweep
from tests.cases.flow import Flow

SHANGHAI = ZoneInfo("Asia/Shanghai")


def day(text: str) -> date:
    return date.fromisoformat(text)


def sweep_on(text: str):
    """Sweep as of `text`, on that day (01:00 Asia/Shanghai)."""
    with time_machine.travel(datetime.combine(day(text), time(1, 0), tzinfo=SHANGHAI), tick=False):
        return sweep(day(text))


def notices(db, case_id, **where) -> list[Notice]:
    query = sa.select(Notice).where(Notice.case_id == case_id, *[getattr(Notice, k) == v for k, v in where.items()])
    return list(db.session.scalars(query.order_by(Notice.id)))


@pytest.fixture
def flow(api, make, office_team):
    def start(received_on="2025-09-12", **overrides):
        body = make.application(office_team["agency"], received_on=day(received_on), **overrides)
        created = api(office_team["clerk"]).post("/api/v1/cases", json=body)
        assert created.status_code == 201, created.json
        return Flow(api, office_team, created.json)

    return start
