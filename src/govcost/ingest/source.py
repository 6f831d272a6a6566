"""An input file: its hash, its container (gzip, Parquet, XLSX), its text encoding and its header."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import threading
import zlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal

from govcost.errors import InputError

Container = Literal["csv", "parquet", "xlsx"]
ENCODINGS = ("utf-8-sig", "cp932")


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@dataclass
class SourceFile:
    path: Path

    @property
    def name(self) -> str:
        return str(self.path)

    @cached_property
    def sha256(self) -> str:
        if not self.path.is_file():
            raise InputError("input.not_found", file=self.name)
        return sha256_of(self.path)

    @property
    def gzipped(self) -> bool:
        return self.path.name.lower().endswith(".gz")

    @property
    def container(self) -> Container:
        name = self.path.name.lower().removesuffix(".gz")
        if name.endswith(".parquet"):
            return "parquet"
        if name.endswith((".xlsx", ".xlsm")):
            return "xlsx"
        return "csv"

    def _head_bytes(self, size: int = 1 << 16) -> bytes:
        try:
            if self.gzipped:
                with gzip.open(self.path, "rb") as f:
                    return f.read(size)
            with self.path.open("rb") as f:
                return f.read(size)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError("input.truncated", file=self.name, found=str(exc)) from exc

    @cached_property
    def encoding(self) -> str:
        """utf-8-sig or cp932: the first that decodes the head of the file."""
        head = self._head_bytes()
        for enc in ENCODINGS:
            try:
                head.decode(enc)
                return enc
            except UnicodeDecodeError as exc:
                # A multi-byte character cut by the read size is still this encoding.
                if exc.start >= len(head) - 3:
                    return enc
        raise InputError("input.encoding", file=self.name)

    def open_text(self) -> io.TextIOBase:
        raw = gzip.open(self.path, "rb") if self.gzipped else self.path.open("rb")
        return io.TextIOWrapper(raw, encoding=self.encoding, newline="")

    @cached_property
    def header(self) -> list[str]:
        """The column names, as written in the file."""
        if not self.path.is_file():
            raise InputError("input.not_found", file=self.name)
        if self.container == "parquet":
            import pyarrow.parquet as pq

            try:
                return list(pq.read_schema(self.path).names)
            except Exception as exc:
                raise InputError("input.truncated", file=self.name, found=str(exc)) from exc
        if self.container == "xlsx":
            from govcost.ingest.excel import read_xlsx_header

            return read_xlsx_header(self)
        head = self._head_bytes()
        text = head.decode(self.encoding, errors="ignore")
        first = next(csv.reader(io.StringIO(text)), [])
        names = [c.strip() for c in first]
        if len(names) <= 1 and names and any(d in names[0] for d in (";", "\t", "|")):
            raise InputError("input.delimiter", file=self.name, row=1, found=names[0][:80])
        return names


def _newlines(block: bytes) -> int:
    """Line breaks in a block: numpy compares bytes several at a time, where ``bytes.count``
    takes one at a time (a fifth of the time on a large file). Imported here, in the hashing
    thread, so that no command pays for it at start."""
    import numpy as np

    return int(np.count_nonzero(np.frombuffer(block, dtype=np.uint8) == ord("\n")))


class Fingerprint:
    """SHA-256 and the number of data lines of a file, worked out in a thread beside the import.

    Hashing reads every byte once; counting the lines on the way gives the reconciliation a row
    count that does not come from the reader it checks. (hashlib and zlib release the GIL.)
    """

    def __init__(self, src: SourceFile) -> None:
        self.src = src
        self._sha: str | None = None
        self._lines: int | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._work, daemon=True)

    def start(self) -> Fingerprint:
        self._thread.start()
        return self

    @property
    def started(self) -> bool:
        return self._thread.ident is not None

    def _work(self) -> None:
        try:
            h = hashlib.sha256()
            # A plain CSV's lines are counted on the blocks being hashed: one read of the file.
            plain = self.src.container == "csv" and not self.src.gzipped
            newlines, last = 0, b"\n"
            with self.src.path.open("rb") as f:
                for block in iter(lambda: f.read(1 << 22), b""):
                    h.update(block)
                    if plain:
                        newlines += _newlines(block)
                        last = block[-1:]
            self._sha = h.hexdigest()
            if plain:
                self._lines = newlines + (last != b"\n")
            elif self.src.container == "csv":
                self._lines = self._count_lines()
        except BaseException as exc:  # reported by result()
            self._error = exc

    def _count_lines(self) -> int | None:
        newlines, last = 0, b"\n"
        opener = gzip.open if self.src.gzipped else open
        try:
            with opener(self.src.path, "rb") as f:
                for block in iter(lambda: f.read(1 << 22), b""):
                    newlines += _newlines(block)
                    last = block[-1:]
        except (OSError, EOFError, zlib.error):
            return None
        return newlines + (last != b"\n")

    def result(self) -> tuple[str, int | None]:
        """(sha256, data rows by line count, or None where lines do not count rows)."""
        if self.started:
            self._thread.join()
        elif self._sha is None and self._error is None:
            self._work()
        if self._error is not None:
            raise self._error
        assert self._sha is not None
        self.src.__dict__["sha256"] = self._sha
        return self._sha, None if self._lines is None else max(self._lines - 1, 0)
