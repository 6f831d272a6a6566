"""The fingerprint of an input file: its SHA-256 and its data lines, counted beside the import."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import pytest

from govcost.ingest.source import Fingerprint, SourceFile

#: Larger than one read block (4 MiB), so that lines are counted across blocks.
ROWS = 200_000
LINE = b"li-0001,2025-10-01T00:00:00Z,AmazonEC2,0.0123456789\n"


@pytest.mark.parametrize("ending", [b"", b"\n"], ids=["no-final-newline", "final-newline"])
@pytest.mark.parametrize("gzipped", [False, True], ids=["plain", "gzip"])
def test_hash_and_data_lines(tmp_path: Path, ending: bytes, gzipped: bool) -> None:
    text = b"id,start,product,cost\n" + LINE * (ROWS - 1) + LINE.rstrip(b"\n") + ending
    assert len(text) > 2 * (1 << 22)
    data = gzip.compress(text) if gzipped else text
    path = tmp_path / ("cur.csv.gz" if gzipped else "cur.csv")
    path.write_bytes(data)

    fingerprint = Fingerprint(SourceFile(path)).start()
    sha, lines = fingerprint.result()

    assert sha == hashlib.sha256(data).hexdigest()
    assert lines == ROWS


def test_not_started_works_out_the_same(tmp_path: Path) -> None:
    path = tmp_path / "cur.csv"
    path.write_bytes(b"a,b\r\n1,2\r\n3,4\r\n")
    assert Fingerprint(SourceFile(path)).result() == (hashlib.sha256(path.read_bytes()).hexdigest(), 2)
