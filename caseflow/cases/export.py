"""The case list as an Excel workbook (openpyxl). Strings are written as inert text (caseflow.security.spreadsheets);
the applicants' identity is the masked view every reader gets (caseflow.security.personal_data).

Row 1 says what the file holds (the filters and the day it was made); row 2 is the header, frozen and filtered."""
from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from caseflow.security.spreadsheets import append_row

HEADERS = {
    "zh": ["案号", "状态", "申请人", "申请人证件号码（脱敏）", "申请人电话（脱敏）", "被申请人", "被申请行为", "收到日期", "承办人",
           "下一个期限", "期限届满日", "逾期", "期限暂定", "决定", "决定日期"],
    "en": ["Docket number", "State", "Applicants", "Applicants' ID numbers (masked)", "Applicants' phones (masked)",
           "Respondent", "Contested act", "Received", "Handler", "Next deadline", "Due", "Overdue", "Provisional",
           "Decision", "Decided"],
}
WIDTHS = (22, 14, 24, 24, 18, 30, 40, 12, 10, 16, 12, 6, 8, 24, 12)
DATE_COLUMNS = (8, 11, 15)  # 1-based: received, due, decided


def cases_workbook(cases: list[dict], language: str = "zh", parties: list[list[dict]] | None = None,
                   title: str = "") -> bytes:
    """`cases`: case-list rows (caseflow.cases.queries.summary, with `next_due`, `act` and `decision` added by the
    view); `parties`: each case's masked party views, in the same order; `title`: the first row's text."""
    en = language == "en"
    wb = Workbook()
    ws = wb.active
    ws.title = "Cases" if en else "案件"
    headers = HEADERS["en" if en else "zh"]
    append_row(ws, [title or ("Cases" if en else "案件清单")])
    ws.cell(1, 1).font = Font(bold=True, size=12)
    ws.cell(1, 1).alignment = Alignment(wrap_text=False)
    append_row(ws, headers)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    yes, no = ("yes", "") if en else ("是", "")
    for c, views in zip(cases, parties or [[] for _ in cases]):
        applicants = [p for p in views if p["role"] == "applicant"]
        nxt = c.get("next_due") or {}
        decision = c.get("decision") or {}
        append_row(ws, [c["docket_number"], c["state_title"], "、".join(c["applicants"]),
                        "、".join(p["id_number"] or p["credit_code"] or "" for p in applicants),
                        "、".join(p["phone"] or "" for p in applicants), c["respondent"], c.get("act") or "",
                        c["received_on"], c["handler"]["name"] if c["handler"] else "", nxt.get("title") or "",
                        nxt.get("on") or c["next_due_on"], yes if c["overdue"] else no,
                        yes if nxt.get("provisional", c["provisional"]) else no, decision.get("title") or "",
                        decision.get("on")])
    for n, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(n)].width = width
    for row in ws.iter_rows(min_row=3):
        for n in DATE_COLUMNS:
            row[n - 1].number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{get_column_letter(len(headers))}{max(ws.max_row, 2)}"
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
