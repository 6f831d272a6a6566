"""Writing files byte for byte the same for the same seed: exact decimals, no timestamps inside."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

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


def write_csv(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    gzipped: bool = False,
    encoding: str = "utf-8",
    newline: str = "\n",
) -> int:
    """Write a CSV (gzip with a fixed header time when asked); returns the number of data rows."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=newline)
    writer.writerow(header)
    n = 0
    for row in rows:
        writer.writerow(row)
        n += 1
    _write(path, buf.getvalue().encode(encoding), gzipped)
    return n


def write_csv_lines(path: Path, header: Sequence[str], lines: Iterable[str], *, gzipped: bool = False) -> int:
    """Write CSV lines already escaped with :func:`csv_field` (the fast path for large files)."""
    buf = io.StringIO()
    buf.write(",".join(csv_field(h) for h in header) + "\n")
    n = 0
    for line in lines:
        buf.write(line)
        buf.write("\n")
        n += 1
    _write(path, buf.getvalue().encode("utf-8"), gzipped)
    return n


def _write(path: Path, data: bytes, gzipped: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if gzipped:
        with (
            path.open("wb") as raw,
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as gz,
        ):
            gz.write(data)
    else:
        path.write_bytes(data)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
