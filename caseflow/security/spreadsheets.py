"""Cells that stay text (issue 13, finding 5).

openpyxl stores any string starting with `=` as a formula: a party named `=HYPERLINK(...)` became a live link in
the office's export. Every string goes in as a text cell (data_type "s"), one that a spreadsheet would read as a
formula also carries quotePrefix (Excel's leading apostrophe), and characters XML cannot hold (NUL and the other
C0 controls, which made openpyxl refuse the whole workbook) are dropped. Dates and numbers stay typed.
"""
from __future__ import annotations

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def append_row(ws, values) -> None:
    """Append a row to worksheet `ws`, strings as inert text."""
    row = ws.max_row + 1 if ws.max_row > 1 or ws.cell(1, 1).value is not None else 1
    for column, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=column)
        if isinstance(value, str):
            text = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell.value = text
            cell.data_type = "s"
            if text.startswith(FORMULA_STARTS):
                cell.quotePrefix = True
        else:
            cell.value = value
