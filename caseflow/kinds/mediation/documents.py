"""The documents of an administrative mediation (templates in templates/documents/types/)."""
from caseflow.documents.catalogue import DocType

DOCUMENTS = (
    DocType("mediation_agreement", "调解协议书", "Mediation agreement", "调协",
            "《中华人民共和国人民调解法》第二十八条、第二十九条"),
)
