"""Upload file names as people may see them (issue 13, finding 6).

A name is only ever a label: files are stored under their SHA-256 (caseflow.attachments). Still, the label must be
safe to show and to send back: a NUL made the stored file impossible to download (no server sends it in a header),
and a right-to-left override (U+202E) made `申请书‮fdp.exe` read as `申请书exe.pdf`. werkzeug's secure_filename
would keep neither Chinese nor most names intact, so the cleaning is Unicode-aware: normalised (NFC), every control,
format (bidi, zero-width), surrogate, private-use and unassigned character removed, path separators and characters
Windows forbids replaced, and the length kept within the column with the extension preserved.
"""
from __future__ import annotations

import os
import unicodedata

DROPPED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
REPLACED = set('/\\:*?"<>|')
MAX_LENGTH = 255


def clean_filename(name: str | None) -> str:
    """The label to keep for an uploaded file's name ('' if nothing printable is left)."""
    text = unicodedata.normalize("NFC", name or "")
    text = text.replace("\\", "/").rsplit("/", 1)[-1]  # a browser may send the client's whole path
    text = "".join("_" if ch in REPLACED else " " if unicodedata.category(ch) == "Zs" else ch
                   for ch in text if unicodedata.category(ch) not in DROPPED_CATEGORIES)
    text = " ".join(text.split()).strip(" .")
    if len(text) > MAX_LENGTH:
        stem, ext = os.path.splitext(text)
        text = stem[:MAX_LENGTH - len(ext)] + ext if len(ext) < 16 else text[:MAX_LENGTH]
    return text
