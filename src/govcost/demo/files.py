"""Writing files byte for byte the same for the same seed: exact decimals, no timestamps inside."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import BinaryIO, cast

#: FOCUS money and quantities in the demo carry at most ten decimal places, as AWS's exports do.
PLACES = Decimal("1E-10")


def q10(value: Decimal) -> Decimal:
    return value.quantize(PLACES, rounding=ROUND_HALF_EVEN)


def dec(value: Decimal) -> str:
    """A decimal as plain text: no exponent, no trailing zeros, never '-0'."""
    if value == 0:
        return "0"
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def csv_field(value: str) -> str:
    """One CSV field as the csv module would write it (quoted only when it must be)."""
    if any(ch in value for ch in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


#: Rows gathered before they are encoded and written: a file never sits whole in memory.
CHUNK_ROWS = 20_000


def write_csv(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    gzipped: bool = False,
    encoding: str = "utf-8",
    newline: str = "\n",
) -> int:
    """Write a CSV (gzip with a fixed header time when asked), in chunks; returns the number of data
    rows."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=newline)
    writer.writerow(header)
    n = 0
    with _open(path, gzipped) as out:
        for row in rows:
            writer.writerow(row)
            n += 1
            if n % CHUNK_ROWS == 0:
                out.write(buf.getvalue().encode(encoding))
                buf.seek(0)
                buf.truncate()
        out.write(buf.getvalue().encode(encoding))
    return n


def write_csv_lines(path: Path, header: Sequence[str], lines: Iterable[str], *, gzipped: bool = False) -> int:
    """Write CSV lines already escaped with :func:`csv_field` (the fast path for large files), in
    chunks."""
    chunk = [",".join(csv_field(h) for h in header)]
    n = 0
    with _open(path, gzipped) as out:
        for line in lines:
            chunk.append(line)
            n += 1
            if len(chunk) >= CHUNK_ROWS:
                chunk.append("")
                out.write("\n".join(chunk).encode("utf-8"))
                chunk.clear()
        if chunk:
            chunk.append("")
            out.write("\n".join(chunk).encode("utf-8"))
    return n


@contextmanager
def _open(path: Path, gzipped: bool) -> Iterator[BinaryIO]:
    """The file to write, gzip-compressed with no name and a zero time when asked (the same bytes
    for the same content, however it is chunked)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as raw:
        if not gzipped:
            yield raw
            return
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as gz:
            yield cast(BinaryIO, gz)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
