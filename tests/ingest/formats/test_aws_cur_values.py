"""Values at the edges of what the CUR importer reads: tags that JSON must escape, quoted empty cells,
dates with an offset, and amounts beyond the stored places or digits.

Expected values are written out by hand or computed here from the edited file with Python's own csv
and json modules, never from the importer's code.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from conftest import ledger_state

from govcost.engine import Engine
from govcost.errors import GovcostError
from tests.ingest.formats.test_aws_cur import COST, fx_file, read_small, rows_by_id, small_variant

TAG_PREFIX = "resourceTags/"


def _ingest(engine: Engine, tmp_path: Path, path: Path) -> None:
    engine.ingest([path], fx=fx_file(tmp_path, "2025-10", "150.25"))


def _rejected(engine: Engine, tmp_path: Path, path: Path) -> GovcostError:
    engine.ingest([], fx=fx_file(tmp_path, "2025-10", "150.25"))
    before = ledger_state(engine)
    try:
        engine.ingest([path])
    except GovcostError as exc:
        assert ledger_state(engine) == before
        return exc
    raise AssertionError(f"{path.name} was imported")


Edit = Callable[[list[str], list[list[str]]], tuple[list[str], list[list[str]]]]


def _set(row: int, column: str, value: str) -> Edit:
    def edit(header: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
        rows[row][header.index(column)] = value
        return header, rows

    return edit


def test_tags_keep_every_character_json_must_escape(engine: Engine, tmp_path: Path) -> None:
    names = ['he said "hi"', "back\\slash", "日本語 タグ", "tab\there", "a/b {x}: y,z"]

    def edit(header: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
        for i, row in enumerate(rows):
            row[header.index(f"{TAG_PREFIX}user:Name")] = names[i % len(names)]
        return header, rows

    path = small_variant(tmp_path, "tags.csv", edit)
    _ingest(engine, tmp_path, path)
    with path.open(encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    tags = [(i, h.removeprefix(TAG_PREFIX)) for i, h in enumerate(header) if h.startswith(TAG_PREFIX)]
    expected = []
    for row in rows:
        present = {key: row[i] for i, key in tags if row[i]}
        text = json.dumps(present, ensure_ascii=False, separators=(",", ":"))
        expected.append((row[header.index("identity/LineItemId")], text if present else None))
    # Line item ids repeat in a CUR, so the rows are compared as a whole, not by id.
    stored = engine.costs().select("x_identity/LineItemId", "Tags").to_pyarrow().to_pylist()
    pairs = [(r["x_identity/LineItemId"], r["Tags"]) for r in stored]
    assert sorted(pairs, key=str) == sorted(expected, key=str)
    assert ("li-usage-ec2", None) not in pairs and any('"he said \\"hi\\""' in (t or "") for _, t in pairs)


def test_quoted_empty_cells_are_empty(engine: Engine, tmp_path: Path) -> None:
    header, rows = read_small()
    rows[0][header.index(f"{TAG_PREFIX}user:business")] = ""
    buf = io.StringIO()
    csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows([header, *rows])
    path = tmp_path / "quoted.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    assert '""' in path.read_text(encoding="utf-8").splitlines()[1]
    _ingest(engine, tmp_path, path)
    first = rows_by_id(engine, "Tags")[rows[0][header.index("identity/LineItemId")]]
    assert "user:business" not in json.loads(first["Tags"])

    rows[1][header.index(COST)] = ""
    buf = io.StringIO()
    csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows([header, *rows])
    blank = tmp_path / "quoted_blank_cost.csv"
    blank.write_text(buf.getvalue(), encoding="utf-8")
    err = _rejected(engine, tmp_path, blank)
    assert (err.key, err.row, err.column) == ("input.null_mandatory", 3, COST)


def test_dates_with_an_offset_are_stored_in_utc(engine: Engine, tmp_path: Path) -> None:
    path = small_variant(
        tmp_path, "offset.csv", _set(0, "lineItem/UsageStartDate", "2025-10-01T09:30:00+09:00")
    )
    _ingest(engine, tmp_path, path)
    assert rows_by_id(engine, "ChargePeriodStart")["li-usage-ec2"]["ChargePeriodStart"] == dt.datetime(
        2025, 10, 1, 0, 30
    )


def test_zeros_beyond_the_stored_places_are_accepted(engine: Engine, tmp_path: Path) -> None:
    path = small_variant(tmp_path, "zeros.csv", _set(0, COST, "78.336000000000000000000"))
    _ingest(engine, tmp_path, path)
    assert rows_by_id(engine, "BilledCost")["li-usage-ec2"]["BilledCost"] == Decimal("78.336")


def test_an_amount_too_large_for_the_source_total_is_not_a_number(engine: Engine, tmp_path: Path) -> None:
    # 21 digits before the point: more than the source total keeps (20), fewer than the ledger (26).
    path = small_variant(tmp_path, "huge.csv", _set(2, COST, "123456789012345678901.5"))
    err = _rejected(engine, tmp_path, path)
    assert (err.key, err.row, err.column) == ("input.bad_decimal", 4, COST)


def test_every_money_column_is_held_to_the_stored_places(engine: Engine, tmp_path: Path) -> None:
    column = "pricing/publicOnDemandCost"
    path = small_variant(tmp_path, "precise_list.csv", _set(0, column, "78.3360000000004"))
    err = _rejected(engine, tmp_path, path)
    assert (err.key, err.row, err.column) == ("input.too_precise", 2, column)
