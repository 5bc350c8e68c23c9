"""The document types: what each is called, which kind of case (or supervision notice) it belongs to, the
abbreviation in its 文号 and its template (caseflow/documents/templates/documents/types/<code>.html, files an
office may adapt without code)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DocType:
    code: str
    title: str
    title_en: str
    kinds: tuple[str, ...]  # the kinds of case it belongs to; ("notice",) for a supervision notice
    abbr: str  # inserted in the 文号: 东政复决字〔2026〕12号
    basis: str

    @property
    def template(self) -> str:
        return f"documents/types/{self.code}.html"


RECON = ("reconsideration",)
TYPES = {t.code: t for t in (
    DocType("acceptance_notice", "行政复议受理通知书", "Acceptance notice", RECON, "受", "《行政复议法》第三十条"),
    DocType("supplement_notice", "补正行政复议申请通知书", "Supplement notice", RECON, "补", "《行政复议法》第三十一条"),
    DocType("non_acceptance", "不予受理行政复议申请决定书", "Decision not to accept", RECON, "不受",
            "《行政复议法》第三十条第二款"),
    DocType("reply_notice", "提出答复通知书", "Notice to reply (to the respondent)", RECON, "答",
            "《行政复议法》第四十八条"),
    DocType("hearing_notice", "行政复议听证通知书", "Hearing notice", RECON, "听", "《行政复议法》第五十一条"),
    DocType("suspension_notice", "行政复议中止通知书", "Suspension notice", RECON, "止", "《行政复议法》第三十九条"),
    DocType("resumption_notice", "行政复议恢复审理通知书", "Resumption notice", RECON, "恢",
            "《行政复议法》第三十九条第二款"),
    DocType("extension_notice", "延期审理通知书", "Extension notice", RECON, "延", "《行政复议法》第六十二条"),
    DocType("decision", "行政复议决定书", "Reconsideration decision", RECON, "决", "《行政复议法》第六十一条至第七十二条"),
    DocType("mediation_document", "行政复议调解书", "Mediation document", RECON, "调", "《行政复议法》第七十三条"),
    DocType("termination", "终止行政复议决定书", "Termination decision", RECON, "终", "《行政复议法》第四十一条"),
    DocType("opinion_letter", "行政复议意见书", "Opinion letter", RECON, "意", "《行政复议法》第七十六条"),
    DocType("mediation_agreement", "调解协议书", "Mediation agreement", ("mediation",), "调协",
            "《中华人民共和国人民调解法》第二十八条、第二十九条"),
    DocType("ruling", "行政裁决书", "Adjudication ruling", ("adjudication",), "裁", "行政裁决所依据的法律"),
    DocType("performance_order", "责令限期履行通知书", "Order to perform within a time limit", ("notice",), "责",
            "《行政复议法》第七十七条、第八十三条"),
    DocType("supervision_notice", "督办通知书", "Supervision notice", ("notice",), "督", "《行政复议法》第七十七条"),
)}


def for_kind(kind: str) -> list[DocType]:
    return [t for t in TYPES.values() if kind in t.kinds]


def for_notice(notice) -> DocType:
    """A ladder's first step (ARL Art. 77) is the order to perform; every other notice to an agency is a 督办通知书."""
    return TYPES["performance_order" if notice.type == "E6" and notice.level == 1 else "supervision_notice"]


def number(docket: str, doc_type: DocType, version: int = 1) -> str:
    """The 文号: the case's docket with the document's abbreviation, e.g. 东政复〔2026〕12号 → 东政复决字〔2026〕12号;
    a correction adds 之二, 之三."""
    head, sep, tail = docket.partition("〔")
    base = f"{head}{doc_type.abbr}字{sep}{tail}" if sep else f"{docket}（{doc_type.abbr}）"
    return base if version == 1 else f"{base}之{'一二三四五六七八九十'[min(version, 10) - 1]}"
