"""Reading a draft policy pack from an uploaded zip file, safely: nothing in it is trusted or run.

The zip is read in memory and every entry is checked before any is decompressed: its name (no absolute
path, no ``..``, no backslash or control character), its type (regular files only: a symlink or a device
in the zip's external attributes is refused), its extension (``.yaml``, ``.yml``, or ``.json`` under
``schema/``), that it is not encrypted and not a zip itself, and the number of files and their declared
sizes against the limits. Only then is each file read, never more than its declared size (a zip bomb that
lies about its sizes is refused as soon as it does), and decoded as UTF-8. Files are returned as text; the
pack is then read only by the engine's strict YAML loader (no tags), exactly as ``sharewise validate``
reads a folder. If every file sits in one top folder (a zipped ``policies/`` folder), that folder is
dropped from the paths.
"""

from __future__ import annotations

import dataclasses
import io
import os
import posixpath
import stat
import zipfile
import zlib

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
POLICY_EXTENSIONS = (".yaml", ".yml")


class UploadError(ValueError):
    """The upload is refused; the message says why, naming the file in the zip where there is one."""


@dataclasses.dataclass(frozen=True)
class Limits:
    """How big a draft may be: files, bytes of one file, bytes of all files (uncompressed)."""

    max_files: int = 200
    max_file_bytes: int = 2 * 1024 * 1024
    max_total_bytes: int = 8 * 1024 * 1024


def read_zip(data: bytes, limits: Limits) -> dict[str, str]:
    """The pack's files (path in the pack -> text) from an uploaded zip; raises `UploadError`."""
    if not data:
        raise UploadError("The selected file is empty")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, ValueError, EOFError):
        raise UploadError("The selected file is not a zip file") from None
    with archive:
        entries = _checked_entries(archive.infolist(), limits)
        prefix = _common_folder([name for name, _ in entries])
        files: dict[str, str] = {}
        total = 0
        for name, info in entries:
            content = _read(archive, info, name)
            total += len(content)
            if total > limits.max_total_bytes:
                raise UploadError(f"The files in the zip add up to more than {_size(limits.max_total_bytes)}")
            files[name[len(prefix) :]] = _text(content, name)
    if not any(name.endswith(POLICY_EXTENSIONS) and not name.startswith("scenarios/") for name in files):
        raise UploadError("The zip holds no policy files (.yaml)")
    return files


def _checked_entries(infos: list[zipfile.ZipInfo], limits: Limits) -> list[tuple[str, zipfile.ZipInfo]]:
    """Every file entry, checked by name, type, count and declared size, before anything is read."""
    if len(infos) > limits.max_files * 2:
        raise UploadError(f"The zip has {len(infos)} entries; a pack may have at most {limits.max_files} files")
    files, seen, declared = [], set(), 0
    for info in infos:
        name = _checked_name(info.filename)
        kind = stat.S_IFMT(info.external_attr >> 16)
        if kind == stat.S_IFLNK:
            raise UploadError(f"{name}: is a symbolic link; a pack holds only files")
        if info.is_dir() or kind == stat.S_IFDIR:
            continue
        if kind not in (0, stat.S_IFREG):
            raise UploadError(f"{name}: is not a regular file")
        if info.flag_bits & 0x1:
            raise UploadError(f"{name}: is encrypted; upload a zip without a password")
        _check_extension(name)
        if name in seen:
            raise UploadError(f"{name}: is in the zip twice")
        seen.add(name)
        files.append((name, info))
        if len(files) > limits.max_files:
            raise UploadError(
                f"The zip has more than {limits.max_files} files; a pack may have at most {limits.max_files}"
            )
        if info.file_size > limits.max_file_bytes:
            raise UploadError(
                f"{name}: is {_size(info.file_size)}; a file may be at most {_size(limits.max_file_bytes)}"
            )
        declared += info.file_size
        if declared > limits.max_total_bytes:
            raise UploadError(f"The files in the zip add up to more than {_size(limits.max_total_bytes)}")
    if not files:
        raise UploadError("The zip is empty")
    return files


def _checked_name(raw: str) -> str:
    name = raw
    if not name or "\\" in name or any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise UploadError(f"{name!r}: is not a usable file name (use / between folders, no control characters)")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise UploadError(f"{name}: is an absolute path; paths in the zip must be relative to the pack")
    parts = name.rstrip("/").split("/")
    if ".." in parts:
        raise UploadError(f"{name}: reaches outside the pack (..)")
    if any(part in ("", ".") for part in parts):
        raise UploadError(f"{name}: is not a plain path (empty or '.' parts)")
    return name


def _check_extension(name: str) -> None:
    base = posixpath.basename(name)
    if base.lower().endswith(".zip"):
        raise UploadError(f"{name}: is a zip inside the zip; upload the pack's files in one zip")
    if name.endswith(POLICY_EXTENSIONS):
        return
    if name.endswith(".json") and name.split("/")[-2:-1] == ["schema"]:
        return
    raise UploadError(f"{name}: is not a policy file (only .yaml and .yml files, and the .json schemas in schema/)")


def _common_folder(names: list[str]) -> str:
    """``"folder/"`` when every file is inside that one top folder (not one a pack itself has), else ``""``."""
    tops = {name.split("/", 1)[0] for name in names}
    if len(tops) == 1 and all("/" in name for name in names) and not tops & {"scenarios", "schema"}:
        return tops.pop() + "/"
    return ""


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    """At most the declared size (one byte more shows a lie), checked against its CRC."""
    try:
        with archive.open(info) as handle:
            content = handle.read(info.file_size + 1)
            if len(content) > info.file_size:
                raise UploadError(f"{name}: is larger than the zip says; the zip is refused")
            handle.read(1)  # reaching the end checks the CRC
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        raise UploadError(f"{name}: cannot be read from the zip ({error})") from None
    if content.startswith(ZIP_MAGIC):
        raise UploadError(f"{name}: is a zip inside the zip; upload the pack's files in one zip")
    return content


def _text(content: bytes, name: str) -> str:
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UploadError(f"{name}: is not UTF-8 text (byte {error.start})") from None


def _size(count: int) -> str:
    return f"{count / (1024 * 1024):.0f} MB" if count >= 1024 * 1024 else f"{count / 1024:.0f} KB"


def write_files(files: dict[str, str], folder: str) -> None:
    """Write checked files under `folder` (which must be new and empty), never following a link or
    leaving the folder, each readable only by this user."""
    root = os.path.realpath(folder)
    for name, text in files.items():
        path = os.path.realpath(os.path.join(root, *_checked_name(name).split("/")))
        if os.path.commonpath([root, path]) != root:
            raise UploadError(f"{name}: reaches outside the pack")
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
