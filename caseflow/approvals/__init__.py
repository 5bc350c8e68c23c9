"""Approval requests (呈批件): an action the law or the office gives to an approver is proposed with the data the
workflow declares and an opinion, approved (by each role of its chain in turn), returned with an opinion, or
rejected; only the last approval applies it, through the one transition service. Requests are kept for good."""
