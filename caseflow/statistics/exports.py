"""The statistics as Excel workbooks (openpyxl): the view on the screen, and the official reconsideration table of
the period (legal-reference §6.1) with the period and office in its title. Strings are inert text
(caseflow.security.spreadsheets)."""
from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from caseflow.organisations.models import LEVEL_LABELS, Level
from caseflow.security.spreadsheets import append_row
from caseflow.statistics import definitions as d
from caseflow.statistics.report import KIND_TITLES, fmt_rate, t


def _sheet(wb, title: str, header: list[str], rows: list[list]):
    ws = wb.create_sheet(title)
    append_row(ws, header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        append_row(ws, row)
    ws.column_dimensions["A"].width = 34
    return ws


def view_workbook(rep: dict, lang: str, scope_title: str) -> bytes:
    """The dashboard as it is: one sheet per section, each count beside last year's, each rate with its
    numerator and denominator."""
    en = lang == "en"
    wb = Workbook()
    wb.remove(wb.active)
    period = rep["period"]
    heading = f"{scope_title} {period['label']} ({period['start'].isoformat()} — {period['end'].isoformat()})"
    ws = _sheet(wb, "Summary" if en else "概览", [heading, "", ""], [])
    append_row(ws, ["Figure" if en else "指标", "This period" if en else "本期", "Same period last year" if en else "上年同期"])
    for kind in ("reconsideration", "mediation", "adjudication"):
        for s in rep[kind]["sets"]:
            append_row(ws, [f"{t(KIND_TITLES[kind], lang)} · {s['title']}", s["count"], s["last_year"]])
    _sheet(wb, "Rates" if en else "比率",
           ["Rate" if en else "比率", "Numerator" if en else "分子", "Denominator" if en else "分母",
            "Value" if en else "本期", "Last year" if en else "上年同期", "Definition" if en else "口径"],
           [[r["title"], r["numerator"], r["denominator"], fmt_rate(r["value"]), fmt_rate(r["last_year"]),
             r["definition"]] for r in rep["rates"]])
    _sheet(wb, "Outcomes" if en else "审结方式", ["Outcome" if en else "审结方式", "Cases" if en else "件数"],
           [[o["title"], o["count"]] for o in rep["reconsideration"]["outcomes"]])
    _sheet(wb, "Deadlines" if en else "期限", ["Time limit" if en else "期限", "Met" if en else "按期",
                                              "Late" if en else "逾期", "On time" if en else "按期率"],
           [[r["title"], r["met"], r["late"], fmt_rate(r["rate"])] for r in rep["deadlines"]])
    _sheet(wb, "Respondents" if en else "被申请人",
           ["Agency" if en else "被申请人", "Replies on time" if en else "按期答复", "Replies late" if en else "逾期答复",
            "Performed on time" if en else "按期履行", "Performed late" if en else "逾期履行",
            "Open notices" if en else "未办结督办", "Escalated" if en else "已升级", "Sued" if en else "被诉",
            "Lost" if en else "败诉", "Head appeared" if en else "负责人出庭", "Hearings" if en else "开庭"],
           [[r["name"], r["reply_met"], r["reply_late"], r["performed_met"], r["performed_late"], r["notices_open"],
             r["notices_escalated"], r["sued"], r["suit_lost"], r["head_appeared"], r["suit_hearings"]]
            for r in rep["respondents"]])
    months = rep["trends"]["months"]
    _sheet(wb, "Trends" if en else "趋势", ["Month" if en else "月份", *months],
           [[f"{r['title']} · {'received' if en else '收案'}", *r["counts"]] for r in rep["trends"]["received"]]
           + [["Concluded" if en else "行政复议审结", *rep["trends"]["concluded"]],
              ["Corrected" if en else "纠错", *rep["trends"]["corrected"]]])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def official_workbook(rows: list[dict], lang: str, office: str, period: dict) -> bytes:
    """行政复议案件统计表: a row per respondent level and the total; the columns of §6.1 CaseFlow records."""
    en = lang == "en"
    wb = Workbook()
    ws = wb.active
    ws.title = "Reconsideration" if en else "行政复议案件统计表"
    title = (f"{office} reconsideration statistics, {period['label']} ({period['start'].isoformat()} to "
             f"{period['end'].isoformat()})" if en else
             f"{office}行政复议案件统计表（{period['label']}，{period['start'].isoformat()}至{period['end'].isoformat()}）")
    append_row(ws, [title])
    ws.cell(1, 1).font = Font(bold=True, size=14)
    header = ["Respondent level" if en else "被申请人层级"] + [en_ if en else zh for zh, en_, _k in d.OFFICIAL_COLUMNS] \
        + [en_ if en else zh for zh, en_, _n, _d in d.OFFICIAL_RATES] \
        + [en_ if en else zh for zh, en_, _why, _why_en in d.NOT_COLLECTED]
    append_row(ws, header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in rows:
        label = t(LEVEL_LABELS[Level(row["level"])], lang) if row["level"] else ("Total" if en else "合计")
        append_row(ws, [label, *[row["counts"][k] for _zh, _en, k in d.OFFICIAL_COLUMNS],
                        *[fmt_rate(v) for v in row["rates"]], *[t(d.NOT_COLLECTED_MARK, lang)] * len(d.NOT_COLLECTED)])
    append_row(ws, [])
    for zh, en_, num, _den in d.OFFICIAL_RATES:
        rate = d.RATE_BY_KEY["correction_rate" if num == "corrected" else "mediation_withdrawal_rate"]
        append_row(ws, [f"{en_ if en else zh}: {t(rate.definition, lang)}"])
    for zh, en_, why, why_en in d.NOT_COLLECTED:  # the columns the reporting system has and CaseFlow does not record
        append_row(ws, [f"{en_ if en else zh}（{t(d.NOT_COLLECTED_MARK, lang)}）: {why_en if en else why}"])
    ws.column_dimensions["A"].width = 16
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
