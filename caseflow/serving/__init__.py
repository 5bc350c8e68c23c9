"""Service of documents (送达): every document sent to someone, by what method, when sent and when received.

A clock the law starts on receipt ("收到…之日") starts on the recorded receipt; until the receipt is recorded it
runs provisionally from the sending date plus a stated presumption, and it is recomputed, with an event on the
case, when the receipt (送达回证, the postal tracking) is recorded.
"""
