"""The archive format of an electronic case file (电子卷宗): a zip whose `manifest.json` lists every other member
with its SHA-256 and size, and says what the file is (format and version, the installation it came from, when it
was exported, the case's docket number).

The manifest is not signed: a key shared between installations would be a secret to guard at both ends. Instead
the exporter prints the manifest's own SHA-256, to be passed on beside the archive (a register, a letter) and
given back to the importer (`--manifest-sha256`), which then knows the archive is the one exported. Without it the
importer still refuses any archive whose members do not match its manifest (a changed byte, a member missing or
added), which catches damage and careless edits.
"""
from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass

FORMAT = "caseflow-casefile"
FORMAT_VERSION = 1
SUPPORTED_VERSIONS = (1,)
MANIFEST = "manifest.json"
REQUIRED = ("format", "format_version", "source_installation", "exported_at", "docket_number", "members")


class ArchiveRefused(Exception):
    """The archive is not a case file this installation can trust; `problems` says each reason."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def encode_json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def write(members: dict[str, bytes], header: dict) -> tuple[bytes, str]:
    """The zip of `members` and its manifest (`header` + the member list); returns (zip bytes, manifest SHA-256)."""
    listed = [{"name": name, "sha256": sha256(data), "size": len(data)} for name, data in sorted(members.items())]
    manifest = encode_json({**header, "format": FORMAT, "format_version": FORMAT_VERSION, "members": listed})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, manifest)
        for name, data in sorted(members.items()):
            archive.writestr(name, data)
    return buffer.getvalue(), sha256(manifest)


@dataclass
class Opened:
    manifest: dict
    manifest_sha256: str
    members: dict[str, bytes]

    def json(self, name: str):
        return json.loads(self.members[name].decode("utf-8"))


def read(data: bytes, expected_manifest_sha256: str | None = None) -> Opened:
    """Open and check an archive: every member listed, none extra, each with its checksum and size; a known format
    version. Raises ArchiveRefused naming every problem found."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ArchiveRefused([f"not a zip archive ({exc})"]) from None
    with archive:
        if len(set(names)) != len(names):
            raise ArchiveRefused(["a member name appears twice in the zip"])
        if MANIFEST not in names:
            raise ArchiveRefused(["manifest.json is missing"])
        try:
            raw = archive.read(MANIFEST)
            manifest = json.loads(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError, zipfile.BadZipFile) as exc:
            raise ArchiveRefused([f"manifest.json cannot be read ({exc})"]) from None
        problems = _check_manifest(manifest)
        if problems:
            raise ArchiveRefused(problems)
        digest = sha256(raw)
        if expected_manifest_sha256 and digest != expected_manifest_sha256.strip().lower():
            raise ArchiveRefused([f"the manifest's SHA-256 is {digest}, not the {expected_manifest_sha256} given"])
        listed = {m["name"]: m for m in manifest["members"]}
        present = set(names) - {MANIFEST}
        problems += [f"member {n} is listed in the manifest but missing" for n in sorted(set(listed) - present)]
        problems += [f"member {n} is not listed in the manifest" for n in sorted(present - set(listed))]
        members = {}
        for name in sorted(present & set(listed)):
            try:
                content = archive.read(name)
            except (zipfile.BadZipFile, OSError, ValueError) as exc:  # a damaged member fails its CRC
                problems.append(f"member {name} cannot be read ({exc})")
                continue
            if len(content) != listed[name]["size"] or sha256(content) != listed[name]["sha256"]:
                problems.append(f"member {name} does not match its checksum in the manifest")
            members[name] = content
    if problems:
        raise ArchiveRefused(problems)
    return Opened(manifest, digest, members)


def _check_manifest(manifest) -> list[str]:
    if not isinstance(manifest, dict):
        return ["manifest.json is not an object"]
    missing = [key for key in REQUIRED if key not in manifest]
    if missing:
        return [f"manifest.json lacks {', '.join(missing)}"]
    if manifest["format"] != FORMAT:
        return [f"not a CaseFlow case file (format {manifest['format']!r})"]
    if manifest["format_version"] not in SUPPORTED_VERSIONS:
        return [f"unknown format version {manifest['format_version']!r} (this installation reads "
                f"{', '.join(map(str, SUPPORTED_VERSIONS))})"]
    members = manifest["members"]
    if not isinstance(members, list) or not all(
            isinstance(m, dict) and isinstance(m.get("name"), str) and isinstance(m.get("sha256"), str)
            and isinstance(m.get("size"), int) for m in members):
        return ["manifest.json's members are not a list of {name, sha256, size}"]
    if len({m["name"] for m in members}) != len(members):
        return ["manifest.json lists a member twice"]
    return []
