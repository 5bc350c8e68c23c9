"""Render the steps of a computation as sentences a clerk can read aloud, in Chinese or English."""
from __future__ import annotations

from datetime import date

from caseflow.calendar.periods import DueDate, group_runs
from caseflow.calendar.rules import Unit
from caseflow.calendar.workdays import DAY_TYPE_LABELS, DayType

WEEKDAYS_ZH = "一二三四五六日"
WEEKDAYS_EN = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
CPL_START = {"zh": "《中华人民共和国民事诉讼法》第八十五条", "en": "CPL Art. 85"}
ROLL_BASIS = {"zh": "《中华人民共和国民事诉讼法》第八十五条、《中华人民共和国民法典》第二百零三条",
              "en": "CPL Art. 85; Civil Code Art. 203"}


def fmt_date(d: date, lang: str = "zh") -> str:
    if lang == "en":
        return f"{WEEKDAYS_EN[d.weekday()]} {d.isoformat()}"
    return f"{d.year}年{d.month}月{d.day}日（周{WEEKDAYS_ZH[d.weekday()]}）"


def _type_label(type_code: str, name: str | None, lang: str) -> str:
    zh, en = DAY_TYPE_LABELS[DayType(type_code)]
    label = en if lang == "en" else zh
    return f"{label}, {name}" if (name and lang == "en") else (f"{label}·{name}" if name else label)


def _span(run: dict, lang: str) -> str:
    a, b = run["from"], run["to"]
    if a == b:
        return fmt_date(a, lang)
    return f"{fmt_date(a, lang)}–{fmt_date(b, lang)}" if lang == "en" else f"{fmt_date(a, lang)}至{fmt_date(b, lang)}"


def explain(result: DueDate, lang: str = "zh") -> list[str]:
    """The computation of `result` as numbered sentences."""
    en = lang == "en"
    rule = result.rule
    lines = [(f"Rule: {rule.title_en} ({rule.id}) — {rule.describe('en')}" if en
              else f"规则：{rule.title}（{rule.id}）——{rule.describe('zh')}")]  # pages drop the id (without_rule_id)
    for step in result.steps:
        lines.extend(_render(step, result, lang))
    if result.due_on is not None:
        label = "Latest day" if (rule.backward and en) else ("最迟日期" if rule.backward else None)
        if label is None:
            label = "Due" if en else "届满日"
        lines.append(f"{label}: {fmt_date(result.due_on, lang)}" if en else f"{label}：{fmt_date(result.due_on, lang)}")
    return lines


def _render(step: dict, result: DueDate, lang: str) -> list[str]:
    en = lang == "en"
    code = step["code"]
    rule = result.rule
    if code == "start":
        if rule.backward:
            return [f"Target date: {fmt_date(step['start'], lang)} ({rule.start_event_en}); counted backwards"
                    if en else f"基准日：{fmt_date(step['start'], lang)}（{rule.start_event}），向前倒数"]
        if step["count"] != rule.count:
            count_note = (f"; count set to {step['count']} for this case" if en
                          else f"；本案确定的期间为{step['count']}")
        else:
            count_note = ""
        return [f"Start: {fmt_date(step['start'], lang)} ({rule.start_event_en}); the period runs from the next day "
                f"({CPL_START['en']}){count_note}" if en else
                f"起算：{fmt_date(step['start'], lang)}，即{rule.start_event}；期间自次日起算（{CPL_START['zh']}）{count_note}"]
    if code in ("wd_count", "backward"):
        counted, skipped, n = [], [], 0
        days = step["days"] if code == "wd_count" else list(reversed(step["days"]))
        for d in days:
            if d["working"] and not d["paused"]:
                n += 1
                mark = ""
                if d["type"] == DayType.MAKEUP_WORKDAY.value:
                    mark = (f" make-up workday{', ' + d['name'] if d['name'] else ''}" if en
                            else f"，调休上班日{('·' + d['name']) if d['name'] else ''}")
                counted.append(f"#{n} {fmt_date(d['day'], lang)}{mark}" if en else f"第{n}日 {fmt_date(d['day'], lang)}{mark}")
            else:
                skipped.append(d)
        out = [("Working days counted: " if en else "计入的工作日：") + ("; ".join(counted) if en else "、".join(counted))]
        rest = [d for d in skipped if not d["paused"]]
        if rest:
            runs = group_runs(sorted(rest, key=lambda d: d["day"]))
            out.append(("Not counted (rest days): " if en else "不计入的休息日：")
                       + ("; ".join(f"{_span(r, lang)} {_type_label(r['type'], r['name'], lang)}" for r in runs)))
        paused = [d for d in skipped if d["paused"] and d["working"]]
        if paused:
            out.append((f"Not counted (clock paused): {len(paused)} working days" if en
                        else f"不计入（期间暂停）：{len(paused)}个工作日"))
        return out
    if code == "presumed_start":
        return [f"Awaiting receipt: the receipt is not recorded yet, so the count runs from the sending date "
                f"{fmt_date(step['sent_on'], lang)} plus {step['days']} days ({step['basis']}); it is recomputed when "
                f"the receipt is recorded" if en else
                f"待送达回证：尚未记录收到日期，暂按{fmt_date(step['sent_on'], lang)}发出后{step['days']}日推定收到"
                f"（{step['basis']}），记录收到日期后自动重算"]
    if code == "cd_nominal":
        return [f"Nominal end: start + {step['count']} days = {fmt_date(step['nominal'], lang)}" if en
                else f"名义届满日：起算日后第{step['count']}日，即{fmt_date(step['nominal'], lang)}"]
    if code == "month_nominal":
        unit_en = "years" if step["unit"] == "years" else "months"
        unit_zh = "年" if step["unit"] == "years" else "个月"
        return [f"Nominal end: the corresponding date {step['count']} {unit_en} later = {fmt_date(step['nominal'], lang)} "
                f"(Civil Code Art. 202)" if en else
                f"名义届满日：{step['count']}{unit_zh}后的对应日，即{fmt_date(step['nominal'], lang)}（《中华人民共和国民法典》第二百零二条）"]
    if code == "pause":
        ground = f" — {step['ground']}" if step.get("ground") else ""
        then = ""
        if step.get("nominal"):
            then = (f"; nominal end moves to {fmt_date(step['nominal'], lang)}" if en
                    else f"，名义届满日顺延至{fmt_date(step['nominal'], lang)}")
        return [f"Paused from {fmt_date(step['from'], lang)} to {fmt_date(step['to'], lang)}: {step['days']} days not "
                f"counted{ground}{then}" if en else
                f"期间暂停：{fmt_date(step['from'], lang)}至{fmt_date(step['to'], lang)}，共{step['days']}日不计入{ground}{then}"]
    if code == "paused":
        ground = f" — {step['ground']}" if step.get("ground") else ""
        return [f"The clock is paused since {fmt_date(step['from'], lang)}{ground}; the due date is set again when it "
                f"resumes" if en else
                f"期间自{fmt_date(step['from'], lang)}起暂停{ground}；恢复后重新计算届满日"]
    if code == "extension":
        who = ""
        if step.get("approved_by"):
            on = f" on {fmt_date(step['approved_on'], lang)}" if (en and step.get("approved_on")) else ""
            on_zh = f"于{fmt_date(step['approved_on'], lang)}" if step.get("approved_on") else ""
            who = f", approved by {step['approved_by']}{on}" if en else f"，经{step['approved_by']}{on_zh}批准"
        then = ""
        if step.get("nominal"):
            then = (f"; nominal end becomes {fmt_date(step['nominal'], lang)}" if en
                    else f"，名义届满日变为{fmt_date(step['nominal'], lang)}")
        reason = f" ({step['reason']})" if step.get("reason") else ""
        if rule.unit is Unit.WORKING_DAYS:
            return [f"Extended by {step['days']} working days{who}{reason}" if en else
                    f"延长{step['days']}个工作日{who}{reason}"]
        return [f"Extended by {step['days']} days{who}{reason}{then}; counted from the unrolled nominal end "
                f"(legal-reference §8.5)" if en else
                f"延长{step['days']}日{who}{reason}{then}（自未顺延的名义届满日起算）"]
    if code == "nominal_is_working":
        return [f"{fmt_date(step['due'], lang)} is a working day: no roll-forward" if en
                else f"{fmt_date(step['due'], lang)}为工作日，无需顺延"]
    if code == "no_roll_forward":
        return [f"This period does not roll forward: it is reached at the end of {fmt_date(step['due'], lang)}" if en
                else f"本期间不顺延：至{fmt_date(step['due'], lang)}届满"]
    if code == "roll_forward":
        runs = "; ".join(f"{_span(r, lang)} {_type_label(r['type'], r['name'], lang)}" for r in step["skipped"])
        return [f"{fmt_date(step['from'], lang)} is not a working day ({runs}); the period ends on the first working day "
                f"after it: {fmt_date(step['due'], lang)} ({ROLL_BASIS['en']})" if en else
                f"{fmt_date(step['from'], lang)}不是工作日（{runs}），以其后第一个工作日{fmt_date(step['due'], lang)}为届满日"
                f"（{ROLL_BASIS['zh']}）"]
    if code == "provisional":
        return ["Provisional: the count crosses days not yet covered by an official State Council holiday notice; it "
                "is recomputed automatically when the notice is imported" if en else
                "暂定：计算涉及尚未公布国务院办公厅节假日安排通知的日期，通知导入后将自动重新计算"]
    raise ValueError(f"unknown step {code!r}")

