"""Parse and check a State Council holiday notice (国务院办公厅关于…部分节假日安排的通知) for import.

File format (YAML or JSON):

    year: 2027
    notice: 国办发明电〔2026〕5号
    holidays:                      # rest blocks, inclusive; weekend days inside a block are holidays too
      - {name: 元旦, from: 2027-01-01, to: 2027-01-03}
    makeup_workdays:               # weekend days worked (调休上班)
      - {date: 2027-02-07, name: 春节}

Nothing is written unless the whole file is valid.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import yaml


class _TextDatesLoader(yaml.SafeLoader):
    """Leave dates as text, so a malformed one (2027-02-31) is reported by field instead of crashing the parser."""


_TextDatesLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class NoticeError(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class Notice:
    year: int
    notice: str
    holidays: dict[date, str] = field(default_factory=dict)
    makeup_workdays: dict[date, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _date(value, where, problems):
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        problems.append(f"{where}: {value!r} is not a date (YYYY-MM-DD)")
        return None


def parse_notice(text: str) -> Notice:
    """Parse the file's text; raise NoticeError listing every problem found."""
    try:
        raw = yaml.load(text, Loader=_TextDatesLoader)  # YAML is a superset of JSON
    except (yaml.YAMLError, ValueError) as exc:
        raise NoticeError([f"the file is not valid YAML or JSON: {exc}"]) from None
    if not isinstance(raw, dict):
        raise NoticeError(["the file must be a mapping with year, notice, holidays and makeup_workdays"])
    return notice_from_mapping(raw)


def parse_notice_lines(year, notice: str, holidays_text: str, makeup_text: str) -> Notice:
    """The same notice typed into a form: one rest block per line ("春节 2027-02-05 2027-02-13", or one date for
    a single day) and one make-up workday per line ("2027-02-14 春节")."""
    problems, holidays, makeup = [], [], []
    for n, line in enumerate((holidays_text or "").splitlines(), start=1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) not in (2, 3):
            problems.append(f"holidays line {n}: write a name and one or two dates, e.g. 春节 2027-02-05 2027-02-13")
            continue
        holidays.append({"name": parts[0], "from": parts[1], "to": parts[-1]})
    for n, line in enumerate((makeup_text or "").splitlines(), start=1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) > 2:
            problems.append(f"make-up workdays line {n}: write a date and a name, e.g. 2027-02-14 春节")
            continue
        makeup.append({"date": parts[0], "name": parts[1] if len(parts) > 1 else ""})
    if problems:
        raise NoticeError(problems)
    return notice_from_mapping({"year": year, "notice": notice, "holidays": holidays, "makeup_workdays": makeup})


def notice_from_mapping(raw: dict) -> Notice:
    """Check a notice given as a mapping (from a file or a form); raise NoticeError listing every problem."""
    problems: list[str] = []
    year = raw.get("year")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise NoticeError([f"year: {year!r} is not a year between 2000 and 2100"])
    notice = Notice(year=year, notice=str(raw.get("notice") or "").strip())
    if not notice.notice:
        problems.append("notice: name the notice (e.g. 国办发明电〔2026〕5号)")
    # A notice for year N may touch the end of December of year N-1 (legal-reference §8.13).
    lo, hi = date(year - 1, 12, 1), date(year, 12, 31)
    for n, block in enumerate(raw.get("holidays") or []):
        where = f"holidays[{n}]"
        if not isinstance(block, dict) or not block.get("name"):
            problems.append(f"{where}: needs name, from and to")
            continue
        start = _date(block.get("from"), where + ".from", problems)
        end = _date(block.get("to", block.get("from")), where + ".to", problems)
        if start is None or end is None:
            continue
        if end < start:
            problems.append(f"{where}: ends ({end}) before it starts ({start})")
            continue
        d = start
        while d <= end:
            if not lo <= d <= hi:
                problems.append(f"{where}: {d} is outside {year} (or the December before it)")
            elif d in notice.holidays:
                problems.append(f"{where}: {d} is listed twice as a holiday")
            notice.holidays[d] = str(block["name"])
            d += timedelta(days=1)
    for n, entry in enumerate(raw.get("makeup_workdays") or []):
        where = f"makeup_workdays[{n}]"
        if not isinstance(entry, dict):
            problems.append(f"{where}: needs date and name")
            continue
        d = _date(entry.get("date"), where + ".date", problems)
        if d is None:
            continue
        if not lo <= d <= hi:
            problems.append(f"{where}: {d} is outside {year} (or the December before it)")
        if d.weekday() < 5:
            problems.append(f"{where}: {d} is a weekday; only a Saturday or Sunday can be a make-up workday")
        if d in notice.holidays:
            problems.append(f"{where}: {d} is both a holiday and a make-up workday")
        notice.makeup_workdays[d] = str(entry.get("name") or "")
    if not notice.holidays:
        problems.append("holidays: the notice lists no rest days")
    if problems:
        raise NoticeError(problems)
    notice.warnings = _long_stretches(notice)
    return notice


def _long_stretches(notice: Notice) -> list[str]:
    """《全国年节及纪念日放假办法》 Art. 7: around holidays, generally no more than 6 consecutive working days."""
    warnings, run, d = [], [], date(notice.year, 1, 1)
    while d.year == notice.year:
        working = d in notice.makeup_workdays or (d.weekday() < 5 and d not in notice.holidays)
        if working:
            run.append(d)
        else:
            if len(run) > 6 and any(x in notice.makeup_workdays for x in run):
                warnings.append(f"{run[0]} to {run[-1]}: {len(run)} consecutive working days (放假办法 Art. 7: "
                                f"generally no more than 6)")
            run = []
        d += timedelta(days=1)
    return warnings
