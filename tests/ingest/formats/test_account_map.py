"""The account map decides who a cost belongs to; tags decide where it is silent; else 未割当."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import DATA, ledger_state

from govcost.engine import Engine
from govcost.errors import InputError

TAGGED = DATA / "focus_small_tagged.csv"
ACCOUNTS = DATA / "accounts_small.csv"
RATE = "150.5"


def _rows(engine: Engine) -> dict[str, dict[str, object]]:
    costs = engine.costs()
    out = (
        costs.group_by(
            "SubAccountId", "municipality_code", "business", "environment", "system_id", "usage", "assignment"
        )
        .aggregate(jpy=costs.billed_cost_jpy.sum())
        .to_pyarrow()
        .to_pylist()
    )
    return {r["SubAccountId"]: r for r in out}


def test_map_then_tags_then_unassigned(engine: Engine, write_rates: Callable[..., Path]) -> None:
    reports = engine.ingest([TAGGED], accounts=ACCOUNTS, fx=write_rates({("2025-04", "USD"): RATE}))
    rows = _rows(engine)
    mapped = rows["111111111111"]
    assert (
        mapped["municipality_code"],
        mapped["business"],
        mapped["environment"],
        mapped["system_id"],
        mapped["usage"],
        mapped["assignment"],
    ) == ("131016", "住民基本台帳", "本番", "JUKI-01", "単独", "account_map")
    # 2.976 - 0.5 + 0.2976 USD at 150.5 yen
    assert mapped["jpy"] == (Decimal("2.976") - Decimal("0.5") + Decimal("0.2976")) * Decimal(RATE)
    tagged = rows["222222222222"]
    assert (
        tagged["municipality_code"],
        tagged["business"],
        tagged["environment"],
        tagged["system_id"],
        tagged["assignment"],
    ) == ("131130", "個人住民税", "検証", "ZEI-01", "tags")
    # A tag with a wrong check digit does not assign; neither does no tag at all.
    assert rows["333333333333"]["municipality_code"] is None
    assert rows["444444444444"]["municipality_code"] is None
    costs_report = reports[-1]
    assert costs_report.unassigned_rows == 2
    assert costs_report.unassigned_jpy == (Decimal("0.30") + Decimal("0.125")) * Decimal(RATE)


def test_provider_names_and_aliases(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "map.csv"
    path.write_text(
        "provider,account_id,municipality_code,business,environment,system_id,usage\n"
        "Amazon Web Services,1,131016,戸籍,production,KOSEKI,共同利用\n"
        "Microsoft,sub-1,011002,標準化対象外,dev,WEB,\n",
        encoding="utf-8",
    )
    engine.ingest([path])
    got = engine.ledger.con.execute(
        "SELECT provider, account_id, municipality_code, environment, usage FROM account_map ORDER BY 1"
    ).fetchall()
    assert got == [("aws", "1", "131016", "本番", "共同"), ("azure", "sub-1", "011002", "開発", None)]


@pytest.mark.parametrize(
    ("line", "column", "key"),
    [
        ("aws,2,131017,戸籍,本番,S,単独", "municipality_code", "input.bad_municipality_code"),
        ("ibm,2,131016,戸籍,本番,S,単独", "provider", "input.bad_value"),
        ("aws,2,131016,住民票,本番,S,単独", "business", "input.bad_value"),
        ("aws,2,131016,戸籍,本番,S,みんな", "usage", "input.bad_value"),
        ("aws,1,131016,戸籍,本番,S,単独", "account_id", "input.duplicate_key"),
    ],
)
def test_broken_maps(engine: Engine, tmp_path: Path, line: str, column: str, key: str) -> None:
    engine.ingest([ACCOUNTS])
    before = ledger_state(engine)
    path = tmp_path / "map.csv"
    path.write_text(
        "provider,account_id,municipality_code,business,environment,system_id,usage\n"
        f"aws,1,131016,戸籍,本番,S,単独\n{line}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        engine.ingest([path])
    assert (info.value.key, info.value.row, info.value.column) == (key, 3, column)
    assert ledger_state(engine) == before


def test_changed_map_reimports_the_costs(
    engine: Engine, write_rates: Callable[..., Path], tmp_path: Path
) -> None:
    fx = write_rates({("2025-04", "USD"): RATE})
    engine.ingest([TAGGED], accounts=ACCOUNTS, fx=fx)
    wider = tmp_path / "map2.csv"
    wider.write_text(
        ACCOUNTS.read_text(encoding="utf-8") + "aws,444444444444,131024,標準化対象外,本番,WEB,単独\n",
        encoding="utf-8",
    )
    reports = engine.ingest([TAGGED], accounts=wider)
    assert reports[-1].status == "replaced" and reports[-1].unassigned_rows == 1
    assert _rows(engine)["444444444444"]["municipality_code"] == "131024"
    assert engine.costs().count().to_pyarrow().as_py() == 6


def test_xlsx_map_with_codes_typed_as_numbers(engine: Engine, tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "map.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("対応表")
    ws.write_row(
        0, 0, ["provider", "account_id", "municipality_code", "business", "environment", "system_id", "usage"]
    )
    # Excel users type codes as numbers; 札幌市 011002 then loses its leading zero.
    ws.write_row(1, 0, ["aws", "111111111111", 11002, "戸籍", "本番", "KOSEKI", "単独"])
    ws.write_row(2, 0, ["aws", "222222222222", 131016, "戸籍", "検証", "KOSEKI", "共同"])
    wb.close()
    engine.ingest([path])
    got = engine.ledger.con.execute(
        "SELECT account_id, municipality_code FROM account_map ORDER BY 1"
    ).fetchall()
    assert got == [("111111111111", "011002"), ("222222222222", "131016")]
