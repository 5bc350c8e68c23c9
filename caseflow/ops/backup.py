"""Backups of a SQLite installation with SQLite's online backup API: a consistent copy while the application
keeps serving (readers and the one writer wait at most a page step). PostgreSQL is backed up with pg_dump -Fc and
restored with pg_restore (README "Backups")."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url


def sqlite_path(url: str) -> Path:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        raise ValueError("online backup is for a SQLite file database; use pg_dump -Fc for PostgreSQL")
    return Path(parsed.database)


def backup(url: str, target: str | Path) -> int:
    """Copy the database at `url` to the file `target` (replaced); returns the pages copied."""
    target = Path(target)
    partial = target.with_suffix(target.suffix + ".part")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(sqlite_path(url))
    copy = sqlite3.connect(partial)
    try:
        pages = []
        source.backup(copy, pages=1024, progress=lambda status, remaining, total: pages.append(total))
        copy.execute("PRAGMA integrity_check").fetchone()
    finally:
        copy.close()
        source.close()
    partial.replace(target)  # a backup is either whole or absent
    return pages[-1] if pages else 0


def restore(backup_file: str | Path, url: str) -> None:
    """Put a backup made by `backup` in place of the database at `url` (stop the application first)."""
    check = sqlite3.connect(backup_file)
    try:
        if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise ValueError(f"{backup_file} is damaged")
        target = sqlite3.connect(sqlite_path(url))
        try:
            check.backup(target)
        finally:
            target.close()
    finally:
        check.close()
