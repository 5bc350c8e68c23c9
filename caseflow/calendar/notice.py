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


class Problem(str):
    """One problem found, in English (the text itself, for the command line and logs) and in Chinese (`zh`)."""

    zh: str

    def __new__(cls, en: str, zh: str):
        text = super().__new__(cls, en)
        text.zh = zh
        return text

    def text(self, language: str) -> str:
        return self if language == "en" else self.zh


def _zh(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _where_zh(where: str) -> str:
    """holidays[1].from → 第2项放假安排的起始日期."""
    head, _, attr = where.partition(".")
    name, _, index = head.partition("[")
    section = {"holidays": "放假安排", "makeup_workdays": "调休上班日"}.get(name, name)
    out = f"第{int(index.rstrip(']')) + 1}项{section}" if index else section
    return out + {"from": "的起始日期", "to": "的结束日期", "date": "的日期", "": ""}.get(attr, "")


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


def notice_as_mapping(notice: Notice) -> dict:
    """The notice back in the file's shape (one block per rest day), e.g. to carry it through a confirmation page;
    notice_from_mapping(notice_as_mapping(n)) gives the same days."""
    return {"year": notice.year, "notice": notice.notice,
            "holidays": [{"name": name, "from": d.isoformat(), "to": d.isoformat()}
                         for d, name in sorted(notice.holidays.items())],
            "makeup_workdays": [{"date": d.isoformat(), "name": name} for d, name in sorted(notice.makeup_workdays.items())]}


def _date(value, where, problems):
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        problems.append(Problem(f"{where}: {value!r} is not a date (YYYY-MM-DD)",
                                f"{_where_zh(where)}“{value}”不是有效日期（应写作年-月-日）"))
        return None


def parse_notice(text: str) -> Notice:
    """Parse the file's text; raise NoticeError listing every problem found."""
    try:
        raw = yaml.load(text, Loader=_TextDatesLoader)  # YAML is a superset of JSON
    except (yaml.YAMLError, ValueError) as exc:
        where = getattr(exc, "problem_mark", None)
        line = f"第{where.line + 1}行" if where is not None else ""
        raise NoticeError([Problem(f"the file is not valid YAML or JSON: {exc}",
                                   f"文件格式有误{('（' + line + '）') if line else ''}，无法读取")]) from None
    if not isinstance(raw, dict):
        raise NoticeError([Problem("the file must be a mapping with year, notice, holidays and makeup_workdays",
                                   "文件须列明年份、通知名称、放假安排和调休上班日")])
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
            problems.append(Problem(
                f"holidays line {n}: write a name and one or two dates, e.g. 春节 2027-02-05 2027-02-13",
                f"放假安排第{n}行：请写节日名称和一个或两个日期"))
            continue
        holidays.append({"name": parts[0], "from": parts[1], "to": parts[-1]})
    for n, line in enumerate((makeup_text or "").splitlines(), start=1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) > 2:
            problems.append(Problem(f"make-up workdays line {n}: write a date and a name, e.g. 2027-02-14 春节",
                                    f"调休上班日第{n}行：请写一个日期和节日名称"))
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
        raise NoticeError([Problem(f"year: {year!r} is not a year between 2000 and 2100",
                                   f"年份“{year}”无效，应在2000年至2100年之间")])
    notice = Notice(year=year, notice=str(raw.get("notice") or "").strip())
    if not notice.notice:
        problems.append(Problem("notice: name the notice (e.g. 国办发明电〔2026〕5号)",
                                "请写明通知文号（如国办发明电〔2026〕5号）"))
    # A notice for year N may touch the end of December of year N-1 (legal-reference §8.13).
    lo, hi = date(year - 1, 12, 1), date(year, 12, 31)
    for n, block in enumerate(raw.get("holidays") or []):
        where = f"holidays[{n}]"
        if not isinstance(block, dict) or not block.get("name"):
            problems.append(Problem(f"{where}: needs name, from and to", f"{_where_zh(where)}须写明名称、起始日期和结束日期"))
            continue
        start = _date(block.get("from"), where + ".from", problems)
        end = _date(block.get("to", block.get("from")), where + ".to", problems)
        if start is None or end is None:
            continue
        if end < start:
            problems.append(Problem(f"{where}: ends ({end}) before it starts ({start})",
                                    f"{_where_zh(where)}的结束日期（{_zh(end)}）早于起始日期（{_zh(start)}）"))
            continue
        d = start
        while d <= end:
            if not lo <= d <= hi:
                problems.append(Problem(f"{where}: {d} is outside {year} (or the December before it)",
                                        f"{_where_zh(where)}：{_zh(d)}不在{year}年（或上一年12月）内"))
            elif d in notice.holidays:
                problems.append(Problem(f"{where}: {d} is listed twice as a holiday",
                                        f"{_where_zh(where)}：{_zh(d)}重复列为放假日"))
            notice.holidays[d] = str(block["name"])
            d += timedelta(days=1)
    for n, entry in enumerate(raw.get("makeup_workdays") or []):
        where = f"makeup_workdays[{n}]"
        if not isinstance(entry, dict):
            problems.append(Problem(f"{where}: needs date and name", f"{_where_zh(where)}须写明日期和名称"))
            continue
        d = _date(entry.get("date"), where + ".date", problems)
        if d is None:
            continue
        if not lo <= d <= hi:
            problems.append(Problem(f"{where}: {d} is outside {year} (or the December before it)",
                                    f"{_where_zh(where)}：{_zh(d)}不在{year}年（或上一年12月）内"))
        if d.weekday() < 5:
            problems.append(Problem(f"{where}: {d} is a weekday; only a Saturday or Sunday can be a make-up workday",
                                    f"{_where_zh(where)}：{_zh(d)}是工作日，只有周六或周日可以调休上班"))
        if d in notice.holidays:
            problems.append(Problem(f"{where}: {d} is both a holiday and a make-up workday",
                                    f"{_where_zh(where)}：{_zh(d)}同时列为放假日和调休上班日"))
        notice.makeup_workdays[d] = str(entry.get("name") or "")
    if not notice.holidays:
        problems.append(Problem("holidays: the notice lists no rest days", "通知未列出任何放假日"))
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
                warnings.append(Problem(f"{run[0]} to {run[-1]}: {len(run)} consecutive working days (放假办法 Art. 7: "
                                        f"generally no more than 6)",
                                        f"{_zh(run[0])}至{_zh(run[-1])}连续工作{len(run)}天（《全国年节及纪念日放假办法》"
                                        f"第七条：原则上不超过6天）"))
            run = []
        d += timedelta(days=1)
    return warnings
