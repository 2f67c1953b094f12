"""Content-addressed file storage: one copy per SHA-256, written atomically.

A file lives at ``root/ab/cd/<sha256>`` (the first two byte pairs of its
digest as folders). Bytes are hashed while they are copied to a temporary
file under ``root/.tmp`` (same file system), which is fsynced and renamed
into place, so a reader sees the whole file or none; an error removes it.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
from pathlib import Path
from typing import BinaryIO

from hoso.errors import EmptyFile, NotFound, TooLarge

CHUNK = 1024 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")


class FileStore:
    """Files by SHA-256 under one root directory (a local or shared volume)."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        self._tmp = self.root / ".tmp"

    def path(self, sha256: str) -> Path:
        """Where the file with digest ``sha256`` lives (whether or not it exists)."""
        if not _SHA256.fullmatch(sha256):
            raise ValueError(f"not a lowercase hex SHA-256: {sha256!r}")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def open(self, sha256: str) -> BinaryIO:
        """The stored file, opened for binary reading; :class:`NotFound` when absent."""
        try:
            return open(self.path(sha256), "rb")
        except FileNotFoundError as e:
            raise NotFound(detail=f"file store has no {sha256}") from e

    def put_bytes(self, data: bytes) -> str:
        """Store ``data``; returns its SHA-256."""
        return self.put_stream(io.BytesIO(data))[0]

    def put_stream(self, fileobj: BinaryIO, max_bytes: int | None = None) -> tuple[str, int]:
        """Store what ``fileobj`` reads to its end; returns ``(sha256, size)``.

        Raises :class:`TooLarge` as soon as more than ``max_bytes`` are read and
        :class:`EmptyFile` for no bytes; nothing is left behind either way.
        """
        self._tmp.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=self._tmp, prefix="put-")
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                sha256, size = _copy_hashing(fileobj, out, max_bytes)
                if size == 0:
                    raise EmptyFile()
                out.flush()
                os.fsync(out.fileno())
            self._publish(tmp, self.path(sha256))
            return sha256, size
        finally:
            tmp.unlink(missing_ok=True)

    def _publish(self, tmp: Path, target: Path) -> None:
        if target.is_file():          # same bytes already stored: keep that copy
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(tmp, 0o444)          # stored files never change
        os.replace(tmp, target)
        _fsync_dir(target.parent)


def _copy_hashing(src: BinaryIO, dst: BinaryIO, max_bytes: int | None) -> tuple[str, int]:
    """Copy ``src`` to ``dst``; returns the SHA-256 of what was copied and its size."""
    digest = hashlib.sha256()
    size = 0
    while chunk := src.read(CHUNK):
        size += len(chunk)
        if max_bytes is not None and size > max_bytes:
            raise TooLarge(detail=f"more than {max_bytes} bytes")
        digest.update(chunk)
        dst.write(chunk)
    return digest.hexdigest(), size


def _fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
