"""The disk fills during an upload: refused with a message next to the file, no row, no partial file (issue 14)."""
from pathlib import Path

import sqlalchemy as sa

from caseflow.attachments.models import Attachment
from tests.web.test_forms import _upload


def test_a_full_disk_refuses_the_upload_and_keeps_nothing(browser, office_team, team_case, db, app, tmp_path,
                                                          monkeypatch):
    app.config["ATTACHMENT_DIR"] = str(tmp_path)

    def full(self, data):
        with open(self, "wb") as handle:
            handle.write(data[:10])  # the disk fills part-way
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    refused = _upload(browser(office_team["clerk"]), team_case["id"], "申请书.pdf", b"%PDF-1.7\n" + b"x" * 100)
    assert "存储空间不足" in refused.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Attachment.id))) == 0
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []  # no partial file left behind
