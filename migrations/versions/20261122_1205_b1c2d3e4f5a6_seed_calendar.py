"""seed the official calendar

A freshly upgraded database computes correct deadlines with no further step: this fills calendar_day and
calendar_year from chinese-calendar (official years) and the statutory holidays by rule (provisional years).
See caseflow/calendar/seed.py.

Revision ID: b1c2d3e4f5a6
Revises: f96763a2ebe8
Create Date: 2026-11-22 12:05:00
"""
from alembic import op
import sqlalchemy as sa

revision = "b1c2d3e4f5a6"
down_revision = "f96763a2ebe8"
branch_labels = None
depends_on = None

calendar_day = sa.table(
    "calendar_day", sa.column("day", sa.Date), sa.column("day_type", sa.String), sa.column("name", sa.String),
    sa.column("official", sa.Boolean), sa.column("source", sa.String),
    sa.column("updated_at", sa.DateTime(timezone=True)), sa.column("updated_by", sa.String))
calendar_year = sa.table(
    "calendar_year", sa.column("year", sa.Integer), sa.column("status", sa.String), sa.column("source", sa.String),
    sa.column("notice", sa.String), sa.column("updated_at", sa.DateTime(timezone=True)),
    sa.column("updated_by", sa.String))


def upgrade():
    from datetime import datetime, timezone

    from caseflow.calendar.seed import seed_days

    days, years = seed_days()
    now = datetime.now(timezone.utc)
    if op.get_bind().dialect.name == "sqlite":
        now = now.replace(tzinfo=None)
    op.bulk_insert(calendar_year, [
        {"year": y, "status": "official" if src.startswith("chinesecalendar") else "provisional", "source": src,
         "notice": None, "updated_at": now, "updated_by": "seed"} for y, src in years.items()])
    op.bulk_insert(calendar_day, [
        {"day": d.day, "day_type": d.day_type.value, "name": d.name, "official": d.official,
         "source": years[d.day.year], "updated_at": now, "updated_by": "seed"} for d in days])


def downgrade():
    op.execute(calendar_day.delete())
    op.execute(calendar_year.delete())
