"""The agencies' digest goes through the outbox: written once a day per agency, delivered by a real SMTP server
(aiosmtpd, started by the test), retried with backoff while the server is down, nothing lost."""
import socket
from datetime import date, datetime, timedelta, timezone
from email import message_from_bytes
from email.policy import default

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from caseflow.supervision.mail import backoff, deliver, queue_digests
from caseflow.supervision.models import OutboxMessage
from tests.supervision.conftest import sweep_on


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=default)))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def lapsed_reply(flow, db, office_team):
    """A respondent (with an e-mail address) that did not reply: its E1 notice is open."""
    office_team["agency"].email = "fazhi@dongcheng.example.cn"
    db.session.commit()
    f = flow()
    f.do("accept", "2025-09-16", {"procedure": "ordinary"})
    f.do("forward_copy", "2025-09-17", {"service": {"method": "direct", "received_on": "2025-09-26"}})
    sweep_on("2025-10-17")
    return f


def test_the_digest_is_written_once_a_day_and_retried_until_the_server_answers(app, db, lapsed_reply, office_team):
    port = free_port()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_FROM="caseflow@judicial.example.cn")
    try:
        assert queue_digests(date(2025, 10, 18)) == {"queued": 1, "without_contact": 0}
        assert queue_digests(date(2025, 10, 18))["queued"] == 0  # once per agency and day
        db.session.commit()
        now = datetime.now(timezone.utc) + timedelta(seconds=1)
        down = deliver(now)  # nobody listens on the port yet
        [message] = db.session.scalars(sa.select(OutboxMessage)).all()
        assert down == {"sent": 0, "failed": 1} and message.status == "pending" and message.attempts == 1
        assert message.next_attempt_at == now + backoff(1) and message.last_error
        assert deliver(now)["failed"] == 0  # not retried before its time
        inbox = Inbox()
        server = Controller(inbox, hostname="127.0.0.1", port=port)
        server.start()
        try:
            assert deliver(now + timedelta(minutes=2)) == {"sent": 1, "failed": 0}
        finally:
            server.stop()
        db.session.refresh(message)
        assert message.status == "sent" and message.attempts == 2
        [(recipients, mail)] = inbox.messages
        assert recipients == ["fazhi@dongcheng.example.cn"] and mail["Subject"] == "督办事项日报（2025年10月18日）"
        body = mail.get_content()
        assert lapsed_reply.case["docket_number"] in body and "被申请人逾期未答复督办" in body
    finally:
        app.config.update(MAIL_SERVER=None)


def test_an_agency_without_an_address_is_counted_and_nothing_is_sent(app, db, flow, office_team):
    f = flow()
    f.do("accept", "2025-09-16", {"procedure": "ordinary"})
    f.do("forward_copy", "2025-09-17", {"service": {"method": "direct", "received_on": "2025-09-26"}})
    sweep_on("2025-10-17")
    assert queue_digests(date(2025, 10, 18)) == {"queued": 0, "without_contact": 1}
    assert deliver() == {"sent": 0, "failed": 0, "skipped": "mail is not configured"}
