"""The case list as an Excel workbook (openpyxl)."""
from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

HEADERS = {
    "zh": ["案号", "状态", "申请人", "被申请人", "收到日期", "承办人", "最近期限", "逾期", "期限暂定"],
    "en": ["Docket number", "State", "Applicants", "Respondent", "Received", "Handler", "Next due", "Overdue",
           "Provisional"],
}


def cases_workbook(cases: list[dict], language: str = "zh") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "案件" if language != "en" else "Cases"
    ws.append(HEADERS["en" if language == "en" else "zh"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    yes, no = ("yes", "") if language == "en" else ("是", "")
    for c in cases:
        ws.append([c["docket_number"], c["state_title"], "、".join(c["applicants"]), c["respondent"],
                   c["received_on"], c["handler"]["name"] if c["handler"] else "", c["next_due_on"],
                   yes if c["overdue"] else no, yes if c["provisional"] else no])
    for column, width in zip("ABCDEFGHI", (22, 14, 24, 30, 12, 10, 12, 6, 8)):
        ws.column_dimensions[column].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in (row[4], row[6]):
            cell.number_format = "yyyy-mm-dd"
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
