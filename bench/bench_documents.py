"""Render a decision (HTML, PDF, DOCX) and redact it, timed against the HTML render in the same run.

    python bench/bench_documents.py [N]

The PDF is what makes issuing slow (libraries.md §5 measured ~100 ms a page): it runs once, at issue, and the bytes
are stored; the preview and the public page are HTML. Redaction: the structured layers alone (Aho–Corasick and the
detectors) against the full run with jieba's name candidates. Prints per-item times and ratios.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from caseflow.documents import render  # noqa: E402
from caseflow.publication.redaction import redact  # noqa: E402

PARTIES = [{"name": "张伟明", "kind": "natural_person", "id_number": "11010519491231002X", "phone": "13800138000",
            "address": "江州市东城区和平路12号3单元"}, {"name": "李娜", "kind": "natural_person", "phone": "010-65551234"}]
PARAGRAPH = ("申请人张伟明（公民身份号码11010519491231002x，电话138 0013 8000）不服被申请人作出的罚款决定，称其住址"
             "为江州市东城区和平路12号3单元，证人王建国称当日未见到申请人，执法人员赵春来未出示执法证件。")
HTML = ("<!doctype html><html lang='zh-CN'><body><main class='sheet'><article class='gbt'><h1>行政复议决定书</h1>"
        "<p class='number'>东政复决字〔2026〕12号</p>" + "<p>" + PARAGRAPH * 2 + "</p>" * 1) * 1


def timed(label, fn, n, baseline=None):
    fn()  # warm-up (fonts, jieba's dictionary)
    start = time.perf_counter()
    for _ in range(n):
        fn()
    per = (time.perf_counter() - start) / n
    ratio = f"  ×{per / baseline:,.1f} the baseline" if baseline else "  (baseline)"
    print(f"{label:<44} {per * 1000:9.2f} ms{ratio}")
    return per


def main(n: int = 20) -> None:
    html = HTML.replace("</p>", "</p>" + ("<p>" + PARAGRAPH + "</p>") * 6, 1) + "</article></main></body></html>"
    text = render.to_text(html)
    print(f"one decision: {len(text)} characters, {n} rounds each")
    base = timed("text from the HTML (what the preview costs)", lambda: render.to_text(html), n)
    timed("PDF, GB/T 9704 (WeasyPrint)", lambda: render.to_pdf(html), n, base)
    timed("DOCX (python-docx)", lambda: render.to_docx(html), n, base)
    structured = timed("redaction: structured + detectors", lambda: redact(text, PARTIES, with_candidates=False), n,
                       base)
    timed("redaction: + jieba name candidates", lambda: redact(text, PARTIES), n, structured)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
