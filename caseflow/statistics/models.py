"""The statistics' summary table: how many cases (or deadlines) each figure of caseflow.statistics.definitions
takes, per day (and month), office, kind, respondent agency, procedure and handler: every filter of the dashboard. Kept current in the transaction that changes a case
(caseflow.statistics.tally), so a period's figures sum a few rows per day instead of reading every case."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.extensions import db


class StatTally(db.Model):
    __tablename__ = "stat_tally"

    figure: Mapped[str] = mapped_column(sa.String(40), primary_key=True)  # a TallyDef's figure
    # "d": the count of one day; "m": of one month (day is its first), the sum of its days' rows, so a period of
    # whole months (a year, a quarter) reads a row per month.
    grain: Mapped[str] = mapped_column(sa.String(1), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    office_id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(primary_key=True)  # the respondent (reconsideration), else 0
    procedure: Mapped[str] = mapped_column(sa.String(16), primary_key=True)  # reconsideration's, else ""
    handler_id: Mapped[int] = mapped_column(primary_key=True)  # 0: none
    detail: Mapped[str] = mapped_column(sa.String(80), primary_key=True, default="")  # outcome, days, rule:result
    n: Mapped[int] = mapped_column(default=0)
