"""Document types. Each kind of case declares its own (`CaseKind.documents`, in caseflow/kinds/<kind>/documents.py)
with their templates (caseflow/kinds/<kind>/templates/documents/types/<code>.html, files an office may adapt
without code); this module looks them up and makes the 文号."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app


@dataclass(frozen=True)
class DocType:
    code: str
    title: str
    title_en: str
    abbr: str  # inserted in the 文号: 东政复决字〔2026〕12号
    basis: str
    notice: bool = False  # made from a supervision notice to an agency, not from the case alone

    @property
    def template(self) -> str:
        return f"documents/types/{self.code}.html"


def _kind(kind: str):
    return current_app.extensions["caseflow.kinds"].get(kind)


def all_types(kind: str) -> dict[str, DocType]:
    found = _kind(kind)
    return {t.code: t for t in (found.documents if found is not None else ())}


def for_kind(kind: str) -> list[DocType]:
    """The documents made from a case of `kind` (a notice's documents are made from the notice's page)."""
    return [t for t in all_types(kind).values() if not t.notice]


def get(kind: str, code: str) -> DocType | None:
    return all_types(kind).get(code)


def for_notice(notice, kind: str) -> DocType | None:
    """A non-performance ladder's first step (E6, level 1) is the order to perform; any other notice to an agency is
    a supervision notice, if the kind has those documents."""
    code = "performance_order" if notice.type == "E6" and notice.level == 1 else "supervision_notice"
    found = get(kind, code)
    return found if found is not None and found.notice else None


def number(docket: str, doc_type: DocType, version: int = 1) -> str:
    """The 文号: the case's docket with the document's abbreviation, e.g. 东政复〔2026〕12号 → 东政复决字〔2026〕12号;
    a correction adds 之二, 之三."""
    head, sep, tail = docket.partition("〔")
    base = f"{head}{doc_type.abbr}字{sep}{tail}" if sep else f"{docket}（{doc_type.abbr}）"
    return base if version == 1 else f"{base}之{'一二三四五六七八九十'[min(version, 10) - 1]}"
