"""Finding 6: uploaded file names are cleaned of control and bidi characters, files are checked by content and
served as attachments that a browser will not sniff; a form without a file part is refused, not a crash."""
import io
import zipfile

import pytest
import sqlalchemy as sa

from caseflow.attachments.models import Attachment
from tests.web.conftest import csrf_from

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _upload(b, case_id, name, content=PDF, kind="evidence"):
    token = csrf_from(b.get(f"/cases/{case_id}").get_data(as_text=True))
    data = {"csrf_token": token, "kind": kind}
    if name is not None:
        data["file"] = (io.BytesIO(content), name)
    return b.client.post(f"/cases/{case_id}/attachments", data=data, content_type="multipart/form-data")


def _stored(db):
    return db.session.scalars(sa.select(Attachment).order_by(Attachment.id)).all()


@pytest.mark.parametrize("name, kept", [("证据\x00一.pdf", "证据一.pdf"), ("申请书\u202egpj.pdf", "申请书gpj.pdf"),
                                        ("a\x1b[31mb.pdf", "a[31mb.pdf"), ("../../扫描件/回执.pdf", "回执.pdf")])
def test_a_name_is_kept_without_control_or_bidi_characters_and_downloads(browser, office_team, team_case, db,
                                                                          name, kept):
    b = browser(office_team["clerk"])
    assert _upload(b, team_case["id"], name).status_code == 303
    [attachment] = _stored(db)
    assert attachment.filename == kept
    with b.get(f"/attachments/{attachment.id}") as download:
        assert download.status_code == 200 and download.data == PDF
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and not any(ord(ch) < 32 for ch in disposition)
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Content-Type"] == "application/pdf"


def test_a_name_stored_before_the_fix_still_downloads(browser, office_team, team_case, db):
    b = browser(office_team["clerk"])
    _upload(b, team_case["id"], "证据.pdf")
    [attachment] = _stored(db)
    nul = "\x00" if db.session.get_bind().dialect.name == "sqlite" else ""  # PostgreSQL never stores a NUL
    db.session.execute(sa.update(Attachment).values(filename=f"证据{nul}\x07\u202e.pdf"))
    db.session.commit()
    with b.get(f"/attachments/{attachment.id}") as download:
        assert download.status_code == 200
    assert not any(ord(ch) < 32 or ch == "\u202e" for ch in download.headers["Content-Disposition"])


def test_a_disguised_extension_is_refused(browser, office_team, team_case, db):
    b = browser(office_team["clerk"])
    response = _upload(b, team_case["id"], "申请书\u202efdp.exe", content=b"MZ\x90\x00" + PDF)
    assert response.status_code == 422 and _stored(db) == []  # refused next to the field (issue 9)


def test_a_zip_renamed_docx_is_refused_and_a_real_docx_is_kept(browser, office_team, team_case, db):
    def archive(member):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            z.writestr(member, "<x/>")
        return out.getvalue()

    b = browser(office_team["clerk"])
    _upload(b, team_case["id"], "答复.docx", content=archive("payload.js"))
    assert _stored(db) == []
    _upload(b, team_case["id"], "答复.docx", content=archive("word/document.xml"))
    assert [a.content_type for a in _stored(db)] == [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"]


def test_a_multipart_post_without_a_file_part_is_refused(browser, office_team, team_case, db):
    b = browser(office_team["clerk"])
    response = _upload(b, team_case["id"], None)
    assert response.status_code == 422  # the case page again, the message next to the field (issue 9)
    assert "请选择要上传的文件" in response.get_data(as_text=True)
    assert _stored(db) == []
