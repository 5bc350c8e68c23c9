"""The documents of a reconsideration (templates in templates/documents/types/) and what its publication is made
from (ARL Art. 79; caseflow/publication)."""
from caseflow.documents.catalogue import DocType

DOCUMENTS = (
    DocType("acceptance_notice", "行政复议受理通知书", "Acceptance notice", "受", "《行政复议法》第三十条"),
    DocType("supplement_notice", "补正行政复议申请通知书", "Supplement notice", "补", "《行政复议法》第三十一条"),
    DocType("non_acceptance", "不予受理行政复议申请决定书", "Decision not to accept", "不受", "《行政复议法》第三十条第二款"),
    DocType("reply_notice", "提出答复通知书", "Notice to reply (to the respondent)", "答", "《行政复议法》第四十八条"),
    DocType("hearing_notice", "行政复议听证通知书", "Hearing notice", "听", "《行政复议法》第五十一条"),
    DocType("suspension_notice", "行政复议中止通知书", "Suspension notice", "止", "《行政复议法》第三十九条"),
    DocType("resumption_notice", "行政复议恢复审理通知书", "Resumption notice", "恢", "《行政复议法》第三十九条第二款"),
    DocType("extension_notice", "延期审理通知书", "Extension notice", "延", "《行政复议法》第六十二条"),
    DocType("decision", "行政复议决定书", "Reconsideration decision", "决", "《行政复议法》第六十一条至第七十二条"),
    DocType("mediation_document", "行政复议调解书", "Mediation document", "调", "《行政复议法》第七十三条"),
    DocType("termination", "终止行政复议决定书", "Termination decision", "终", "《行政复议法》第四十一条"),
    DocType("opinion_letter", "行政复议意见书", "Opinion letter", "意", "《行政复议法》第七十六条"),
    DocType("performance_order", "责令限期履行通知书", "Order to perform within a time limit", "责",
            "《行政复议法》第七十七条、第八十三条", notice=True),
    DocType("supervision_notice", "督办通知书", "Supervision notice", "督", "《行政复议法》第七十七条", notice=True),
)

# Decisions are published (Art. 79; legal-reference §8.10): the document, the clock, the field naming its type.
PUBLICATION = {"document": "decision", "rule": "reconsideration.publication", "type_field": "decision_type",
               "type_choices": "decision_type"}
