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

A refusal is an `UploadError` with a code and the values its words need; the words are the template's
(``words.upload_problem``), and ``str()`` of the error gives them.
"""

from __future__ import annotations

import dataclasses
import io
import os
import posixpath
import stat
import zipfile
import zlib

from web.words import words

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
POLICY_EXTENSIONS = (".yaml", ".yml")


class UploadError(ValueError):
    """The upload is refused: `code` says why (``words.upload_problem``), `name` the file in the zip where there
    is one, `n` and `m` a count or size the words need."""

    def __init__(self, code: str, name: str = "", n: object = "", m: object = "") -> None:
        super().__init__(code)
        self.code, self.name, self.n, self.m = code, name, n, m

    def __str__(self) -> str:
        return words().upload_problem(self.code, self.name, self.n, self.m)


@dataclasses.dataclass(frozen=True)
class Limits:
    """How big a draft may be: files, bytes of one file, bytes of all files (uncompressed)."""

    max_files: int = 200
    max_file_bytes: int = 2 * 1024 * 1024
    max_total_bytes: int = 8 * 1024 * 1024


def read_zip(data: bytes, limits: Limits) -> dict[str, str]:
    """The pack's files (path in the pack -> text) from an uploaded zip; raises `UploadError`."""
    if not data:
        raise UploadError("empty")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, ValueError, EOFError):
        raise UploadError("not_a_zip") from None
    with archive:
        entries = _checked_entries(archive.infolist(), limits)
        prefix = _common_folder([name for name, _ in entries])
        files: dict[str, str] = {}
        total = 0
        for name, info in entries:
            content = _read(archive, info, name)
            total += len(content)
            if total > limits.max_total_bytes:
                raise UploadError("too_large_in_all", n=_size(limits.max_total_bytes))
            files[name[len(prefix) :]] = _text(content, name)
    if not any(name.endswith(POLICY_EXTENSIONS) and not name.startswith("scenarios/") for name in files):
        raise UploadError("no_policy_files")
    return files


def _checked_entries(infos: list[zipfile.ZipInfo], limits: Limits) -> list[tuple[str, zipfile.ZipInfo]]:
    """Every file entry, checked by name, type, count and declared size, before anything is read."""
    if len(infos) > limits.max_files * 2:
        raise UploadError("too_many_entries", n=len(infos), m=limits.max_files)
    files, seen, declared = [], set(), 0
    for info in infos:
        name = _checked_name(info.filename)
        kind = stat.S_IFMT(info.external_attr >> 16)
        if kind == stat.S_IFLNK:
            raise UploadError("symbolic_link", name)
        if info.is_dir() or kind == stat.S_IFDIR:
            continue
        if kind not in (0, stat.S_IFREG):
            raise UploadError("not_regular", name)
        if info.flag_bits & 0x1:
            raise UploadError("encrypted", name)
        _check_extension(name)
        if name in seen:
            raise UploadError("twice", name)
        seen.add(name)
        files.append((name, info))
        if len(files) > limits.max_files:
            raise UploadError("too_many_files", n=limits.max_files)
        if info.file_size > limits.max_file_bytes:
            raise UploadError("too_large", name, _size(info.file_size), _size(limits.max_file_bytes))
        declared += info.file_size
        if declared > limits.max_total_bytes:
            raise UploadError("too_large_in_all", n=_size(limits.max_total_bytes))
    if not files:
        raise UploadError("zip_is_empty")
    return files


def _checked_name(raw: str) -> str:
    name = raw
    if not name or "\\" in name or any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise UploadError("unusable_name", repr(name))
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise UploadError("absolute", name)
    parts = name.rstrip("/").split("/")
    if ".." in parts:
        raise UploadError("dot_dot", name)
    if any(part in ("", ".") for part in parts):
        raise UploadError("not_plain", name)
    return name


def _check_extension(name: str) -> None:
    base = posixpath.basename(name)
    if base.lower().endswith(".zip"):
        raise UploadError("zip_in_zip", name)
    if name.endswith(POLICY_EXTENSIONS):
        return
    if name.endswith(".json") and name.split("/")[-2:-1] == ["schema"]:
        return
    raise UploadError("not_policy_file", name)


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
                raise UploadError("lies_about_size", name)
            handle.read(1)  # reaching the end checks the CRC
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        raise UploadError("unreadable", name, error) from None
    if content.startswith(ZIP_MAGIC):
        raise UploadError("zip_in_zip", name)
    return content


def _text(content: bytes, name: str) -> str:
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UploadError("not_utf8", name, error.start) from None


def _size(count: int) -> str:
    return f"{count / (1024 * 1024):.0f} MB" if count >= 1024 * 1024 else f"{count / 1024:.0f} KB"


def write_files(files: dict[str, str], folder: str) -> None:
    """Write checked files under `folder` (which must be new and empty), never following a link or
    leaving the folder, each readable only by this user."""
    root = os.path.realpath(folder)
    for name, text in files.items():
        path = os.path.realpath(os.path.join(root, *_checked_name(name).split("/")))
        if os.path.commonpath([root, path]) != root:
            raise UploadError("outside", name)
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
