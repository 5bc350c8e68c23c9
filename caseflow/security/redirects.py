"""Where to go after signing in or switching language: only a path on this site (issue 13, finding 1).

Browsers ignore tabs and newlines inside URLs and treat a backslash as a slash, so `/\t/evil.example` or
`/\\evil.example` would leave the site; a CR or LF would break the Location header. Such targets are refused, as
is anything with a scheme or a host.
"""
from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

MAX_LENGTH = 2000


def is_local_path(target: str | None) -> bool:
    if not target or len(target) > MAX_LENGTH or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(unicodedata.category(ch)[0] in "CZ" for ch in target):
        return False  # controls, format characters (bidi), separators and spaces
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def safe_next(target: str | None, fallback: str) -> str:
    """`target` if it is a path on this site, else `fallback`."""
    return target if is_local_path(target) else fallback
