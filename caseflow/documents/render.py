"""Render a document: the Jinja template (StrictUndefined: a missing value stops the rendering and names the
field, never half a document) → HTML (the preview), → PDF with WeasyPrint in the GB/T 9704 layout, → DOCX with
python-docx from the same HTML, so the three always say the same."""
from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import jinja2
from flask import current_app

from caseflow.errors import ValidationFailed

HERE = Path(__file__).resolve().parent
CSS_FILE = HERE.parent / "static" / "gbt9704.css"
DIGITS = "〇一二三四五六七八九"


class MissingField(ValidationFailed):
    """The document cannot be made: a value it needs is not recorded yet."""

    code = "document_field_missing"


def cn_date(value: date | None) -> str:
    """GB/T 9704 §7.3.5: Arabic numerals, no zero padding: 2026年1月5日."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return f"{value.year}年{value.month}月{value.day}日"


def need(value, label: str):
    """The value, or MissingField naming it (`label` is what the clerk calls the field)."""
    if value is None or value == "" or value == []:
        raise MissingField(f"文书缺少：{label} (missing: {label})", errors={"document": [f"缺少“{label}”，请先在案件中记录"]})
    return value


def _environment() -> jinja2.Environment:
    app = current_app._get_current_object()
    env = app.extensions.get("caseflow.document_env")
    if env is None:
        folders = [str(HERE / "templates")]
        extra = app.config.get("DOCUMENT_TEMPLATES_DIR")
        if extra:
            folders.insert(0, extra)  # an office's adapted wording wins over the shipped files
        # the layout here, each kind's document templates in its own package (its blueprint's template folder)
        loaders = [jinja2.FileSystemLoader(folders)] + [
            kind.blueprint.jinja_loader for kind in app.extensions["caseflow.kinds"].values()
            if kind.blueprint is not None and kind.blueprint.jinja_loader is not None]
        env = jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), undefined=jinja2.StrictUndefined,
                                 autoescape=True, trim_blocks=True, lstrip_blocks=True)
        env.filters["cndate"] = cn_date
        env.globals["need"] = need
        app.extensions["caseflow.document_env"] = env
    return env


def render_html(template: str, context: dict, *, for_browser: bool = False) -> str:
    try:
        return _environment().get_template(template).render(**context, for_browser=for_browser)
    except jinja2.UndefinedError as exc:
        field = re.findall(r"'([^']+)'", str(exc))
        name = field[-1] if field else str(exc)
        raise MissingField(f"文书缺少：{name} (missing: {name})",
                           errors={"document": [f"模板所需的“{name}”没有记录，文书未生成"]}) from None


def to_pdf(html: str) -> bytes:
    from weasyprint import CSS, HTML

    return HTML(string=html, base_url=str(HERE)).write_pdf(stylesheets=[CSS(filename=str(CSS_FILE))])


def to_text(html: str) -> str:
    """The document's text, one paragraph a line (what publication redacts and what the public page shows)."""
    return "\n".join(text for _kind, text in _blocks(html))


def _blocks(html: str) -> list[tuple[str, str]]:
    import lxml.html

    root = lxml.html.fromstring(html)
    article = root.find(".//article") if root.tag != "article" else root
    blocks = []
    for element in article.iter("h1", "h2", "p"):
        text = " ".join(element.text_content().split())
        if text:
            kind = element.tag if element.tag != "p" else (element.get("class") or "p").split()[0]
            blocks.append((kind, text))
    return blocks


def to_docx(html: str) -> bytes:
    """An editable Word copy with the same paragraphs: title 22 pt centred, body 16 pt, indents of two characters."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    style = document.styles["Normal"]
    style.font.name = "Noto Serif CJK SC"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")
    style.font.size = Pt(16)
    style.paragraph_format.line_spacing = Pt(28.95)
    style.paragraph_format.space_after = Pt(0)
    for kind, text in _blocks(html):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        if kind == "h1":
            run.font.size = Pt(22)
            run.bold = True
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind in ("number", "signature", "date", "seal"):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif kind not in ("addressee", "flush"):
            paragraph.paragraph_format.first_line_indent = Pt(32)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
