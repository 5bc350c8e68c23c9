"""The only place CaseFlow reads the system clock, and the conversions between UTC and Asia/Shanghai.

Instants are stored in UTC; legal dates are Asia/Shanghai calendar dates (a deadline is a day, not an instant).
"""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Shanghai")


def now_utc() -> datetime:
    """The current instant, timezone-aware, in UTC."""
    return datetime.now(timezone.utc)


def today_local() -> date:
    """Today's date in Asia/Shanghai: the default effective date of a legal event."""
    return now_utc().astimezone(LOCAL_TZ).date()


def to_local(instant: datetime) -> datetime:
    """An instant shown in Asia/Shanghai."""
    return instant.astimezone(LOCAL_TZ)
