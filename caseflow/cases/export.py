"""The case list as an Excel workbook (openpyxl). Strings are written as inert text (caseflow.security.spreadsheets);
the applicants' identity is the masked view every reader gets (caseflow.security.personal_data)."""
from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from caseflow.security.spreadsheets import append_row

HEADERS = {
    "zh": ["案号", "状态", "申请人", "申请人证件号码（脱敏）", "申请人电话（脱敏）", "被申请人", "收到日期", "承办人", "最近期限",
           "逾期", "期限暂定"],
    "en": ["Docket number", "State", "Applicants", "Applicants' ID numbers (masked)", "Applicants' phones (masked)",
           "Respondent", "Received", "Handler", "Next due", "Overdue", "Provisional"],
}
COLUMNS = "ABCDEFGHIJK"
WIDTHS = (22, 14, 24, 24, 18, 30, 12, 10, 12, 6, 8)


def cases_workbook(cases: list[dict], language: str = "zh", parties: list[list[dict]] | None = None) -> bytes:
    """`cases`: case-list rows (caseflow.cases.queries.summary); `parties`: each case's masked party views, in the
    same order."""
    wb = Workbook()
    ws = wb.active
    ws.title = "案件" if language != "en" else "Cases"
    append_row(ws, HEADERS["en" if language == "en" else "zh"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    yes, no = ("yes", "") if language == "en" else ("是", "")
    for c, views in zip(cases, parties or [[] for _ in cases]):
        applicants = [p for p in views if p["role"] == "applicant"]
        append_row(ws, [c["docket_number"], c["state_title"], "、".join(c["applicants"]),
                        "、".join(p["id_number"] or p["credit_code"] or "" for p in applicants),
                        "、".join(p["phone"] or "" for p in applicants), c["respondent"],
                        c["received_on"], c["handler"]["name"] if c["handler"] else "", c["next_due_on"],
                        yes if c["overdue"] else no, yes if c["provisional"] else no])
    for column, width in zip(COLUMNS, WIDTHS):
        ws.column_dimensions[column].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in (row[6], row[8]):
            cell.number_format = "yyyy-mm-dd"
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
