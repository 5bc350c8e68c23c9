"""Store uploads content-addressed on disk after checking size, type (by content, not by name) and checksum. The
file name is only a label, cleaned of control and bidi characters (caseflow.security.filenames)."""
from __future__ import annotations

import hashlib
import os
import zipfile
from io import BytesIO
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from caseflow.attachments.models import ATTACHMENT_KINDS, Attachment
from caseflow.auth import policies
from caseflow.errors import NotFound, PermissionDenied, ValidationFailed
from caseflow.extensions import db
from caseflow.security.filenames import clean_filename

# Allowed types, recognised by their first bytes: a renamed .exe is refused whatever its name says. A zip container
# must also hold the part that makes it that kind of document (any zip renamed .docx is not a Word file).
SIGNATURES = [
    (b"%PDF-", "application/pdf", {".pdf"}, None),
    (b"\x89PNG\r\n\x1a\n", "image/png", {".png"}, None),
    (b"\xff\xd8\xff", "image/jpeg", {".jpg", ".jpeg"}, None),
    (b"PK\x03\x04", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", {".docx"},
     "word/document.xml"),
    (b"PK\x03\x04", "application/ofd", {".ofd"}, "OFD.xml"),  # 版式文档 OFD (GB/T 33190) is a zip container
]
MAX_BYTES_DEFAULT = 20 * 1024 * 1024


def storage_root() -> Path:
    root = Path(current_app.config.get("ATTACHMENT_DIR") or Path(current_app.instance_path) / "attachments")
    root.mkdir(parents=True, exist_ok=True)
    return root


def _holds(data: bytes, member: str) -> bool:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            return member in archive.namelist()
    except (zipfile.BadZipFile, ValueError):
        return False


def _sniff(data: bytes, filename: str) -> str | None:
    ext = os.path.splitext(filename.lower())[1]
    for magic, content_type, extensions, member in SIGNATURES:
        if data.startswith(magic) and ext in extensions and (member is None or _holds(data, member)):
            return content_type
    return None


def stored_path(digest: str) -> Path:
    return storage_root() / digest[:2] / digest


def store(data: bytes) -> str:
    """Keep `data` under its SHA-256 (once, however many attachments share it); returns the digest."""
    digest = hashlib.sha256(data).hexdigest()
    path = stored_path(digest)
    if not path.exists():
        tmp = path.with_suffix(".part")
        try:  # written whole beside its place, then moved in: a reader never sees part of a file
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(data)
            tmp.replace(path)
        except OSError as exc:  # the disk is full (or gone): refuse the upload, keep nothing of it
            tmp.unlink(missing_ok=True)
            current_app.logger.error("attachment not stored: %s", exc)
            raise ValidationFailed("the file could not be stored", errors={
                "file": ["服务器存储空间不足或不可用，文件未保存，请稍后重试"]}) from None
    return digest


def add_attachment(case, user, kind: str, filename: str, stream) -> Attachment:
    """Check and store one upload; the bytes go to disk under their SHA-256, the row records who and when."""
    if not policies.can_act_on_case(user, case):
        raise PermissionDenied("only the case's office may add files")
    case.refuse_if_archived()
    errors = {}
    if kind not in ATTACHMENT_KINDS:
        errors["kind"] = [_("材料类别无效")]
    name = clean_filename(filename)
    if not name or stream is None:
        raise ValidationFailed("no file was sent", errors={**errors, "file": [_("请选择要上传的文件")]})
    limit = current_app.config.get("ATTACHMENT_MAX_BYTES", MAX_BYTES_DEFAULT)
    data = stream.read(limit + 1)
    if len(data) > limit:
        errors["file"] = [_("文件超过%(mb)sMB上限", mb=limit // (1024 * 1024))]
    elif not data:
        errors["file"] = [_("文件为空")]
    content_type = _sniff(data, name) if data and "file" not in errors else None
    if data and "file" not in errors and content_type is None:
        errors["file"] = [_("只接受PDF、JPG、PNG、DOCX或OFD文件，且扩展名须与文件内容一致")]
    if errors:
        raise ValidationFailed("the upload was refused", errors=errors)
    digest = store(data)
    attachment = Attachment(case_id=case.id, kind=kind, filename=name, content_type=content_type,
                            size=len(data), sha256=digest, uploaded_by_id=user.id)
    db.session.add(attachment)
    db.session.flush()
    return attachment


def list_for_case(case_id: int) -> list[Attachment]:
    return list(db.session.scalars(sa.select(Attachment).where(Attachment.case_id == case_id)
                                   .order_by(Attachment.uploaded_at, Attachment.id)))


def open_attachment(attachment_id: int, user) -> tuple[Attachment, Path]:
    from caseflow.cases.models import Case

    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or not policies.can_read_case(user, db.session.get(Case, attachment.case_id)):
        raise NotFound("attachment not found")
    path = stored_path(attachment.sha256)
    if not path.exists() or hashlib.sha256(path.read_bytes()).hexdigest() != attachment.sha256:
        raise NotFound("the stored file is missing or damaged; the checksum does not match")
    return attachment, path
