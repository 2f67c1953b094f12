"""Uploaded files into the file store: checked first, stored only when all of them pass.

Werkzeug has already spooled each multipart file (to memory when small, to a
temporary file otherwise). Every file of a request is checked (empty, too
large, type sniffed from its first bytes as the loader does) before any is
stored, so a refused request leaves no file behind; then each is streamed
into the content-addressed :class:`~hoso.store.files.FileStore`.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from typing import BinaryIO

from werkzeug.datastructures import FileStorage

from hoso.digitize.loader import JPEG, PDF, PNG, TIFF, sniff
from hoso.errors import EmptyFile, InvalidValue, TooLarge, UnsupportedType
from hoso.store.files import FileStore

SNIFF_BYTES = 1024
MAX_NAME = 255
_SUFFIX = {PDF: ".pdf", TIFF: ".tif", PNG: ".png", JPEG: ".jpg"}
_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Upload:
    """One uploaded file after its checks (and, once stored, its digest)."""

    file_name: str
    media_type: str
    size_bytes: int
    sha256: str = ""


def uploaded_files(files: list[FileStorage]) -> list[FileStorage]:
    """The non-blank ``file`` parts of a request; 400 when there is none."""
    found = [f for f in files if f.filename or _size(f.stream) > 0]   # a form's unused file input: skipped
    if not found:
        raise InvalidValue("Chưa chọn tệp: gửi tệp trong trường 'file' của biểu mẫu multipart/form-data.")
    return found


def clean_file_name(raw: str | None, media_type: str) -> str:
    """The file's own name (no folders), NFC, without control characters; a default when blank."""
    name = unicodedata.normalize("NFC", (raw or "").replace("\\", "/").rsplit("/", 1)[-1])
    name = " ".join(_UNSAFE.sub("", name).split())[:MAX_NAME]
    return name or f"tep-tai-len{_SUFFIX.get(media_type, '')}"


def check(upload: FileStorage, max_bytes: int) -> Upload:
    """Size and type of one uploaded file; :class:`EmptyFile`, :class:`TooLarge` or
    :class:`UnsupportedType` (message naming the file) when it cannot be accepted."""
    stream = upload.stream
    shown = clean_file_name(upload.filename, "")
    size = _size(stream)
    if size == 0:
        raise EmptyFile(f"{shown}: {EmptyFile.default_message}", detail="0 bytes")
    if size > max_bytes:
        raise TooLarge(f"{shown}: tệp {size:,} byte vượt giới hạn {max_bytes:,} byte.".replace(",", "."),
                       detail=f"{size} > {max_bytes}")
    head = stream.read(SNIFF_BYTES)
    stream.seek(0)
    media_type = sniff(head)
    if media_type is None:
        raise UnsupportedType(f"{shown}: {UnsupportedType.default_message}", detail=f"starts with {head[:8]!r}")
    return Upload(clean_file_name(upload.filename, media_type), media_type, size)


def store_all(files: FileStore, uploads: list[FileStorage], max_bytes: int) -> list[Upload]:
    """Check every upload, then store each; returns them with their SHA-256, in order."""
    checked = [check(upload, max_bytes) for upload in uploads]
    stored = []
    for upload, info in zip(uploads, checked):
        sha256, size = files.put_stream(upload.stream, max_bytes=max_bytes)
        stored.append(Upload(info.file_name, info.media_type, size, sha256))
    return stored


def _size(stream: BinaryIO) -> int:
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    return size
