"""The documents of an administrative adjudication (templates in templates/documents/types/)."""
from caseflow.documents.catalogue import DocType

DOCUMENTS = (DocType("ruling", "行政裁决书", "Adjudication ruling", "裁", "行政裁决所依据的法律"),)
