"""The national sample data: the list of 1,788 local governments, and a national month that imports into
a ledger and reconciles with its files for every municipality."""

from __future__ import annotations

import csv
import gzip
import io
import statistics
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
import pyarrow as pa
import pytest
from typer.testing import CliRunner

from govcost.allocate.rules import load_rules
from govcost.cli import app
from govcost.demo import DemoManifest, generate
from govcost.demo.files import CHUNK_ROWS, write_csv_lines
from govcost.demo.landscape import build
from govcost.demo.metrics import write_metrics
from govcost.demo.national import (
    CITY,
    CORE,
    DESIGNATED,
    PREFECTURE,
    TOTALS,
    TOWN,
    VILLAGE,
    WARD,
    LocalGovernment,
    joint_groups,
    national_list,
    national_municipalities,
    prefectures,
)
from govcost.demo.timeline import Period
from govcost.engine import Engine
from govcost.errors import UsageError
from govcost.jp.codes import check_digit, is_valid_code, known_municipalities

#: The national population the list is built to (the prefectures' approximate figures add up to
#: 124.4 M): within 1 % of 124 M.
NATIONAL_POPULATION = 124_000_000
TOLERANCE = 0.01


@pytest.fixture(scope="module")
def entries() -> tuple[LocalGovernment, ...]:
    return national_list()


# --- the list -----------------------------------------------------------------------------------
def test_the_list_has_the_1788_local_governments_by_kind(entries: tuple[LocalGovernment, ...]) -> None:
    kinds = Counter(m.kind for m in entries)
    assert len(entries) == 1788
    assert kinds == {
        PREFECTURE: 47,
        DESIGNATED: 20,
        CORE: 62,
        CITY: 710,
        WARD: 23,
        TOWN: 743,
        VILLAGE: 183,
    }
    assert kinds[DESIGNATED] + kinds[CORE] + kinds[CITY] == TOTALS["cities"] == 792
    assert len(entries) - kinds[PREFECTURE] == 1741


def test_every_code_is_valid_unique_and_numbered_as_the_real_ones(
    entries: tuple[LocalGovernment, ...],
) -> None:
    codes = [m.code for m in entries]
    assert len(set(codes)) == 1788
    assert all(is_valid_code(c) for c in codes)
    assert codes == sorted(codes)
    prefs = [m for m in entries if m.kind == PREFECTURE]
    assert [p.code for p in prefs] == [f"{n:02d}000{check_digit(f'{n:02d}000')}" for n in range(1, 48)]
    assert (prefs[0].code, prefs[0].name) == ("010006", "北海道")
    assert (prefs[12].code, prefs[12].name) == ("130001", "東京都")
    assert (prefs[-1].code, prefs[-1].name) == ("470007", "沖縄県")
    for m in entries:
        assert m.code[:2] == m.prefecture[:2]
        number = int(m.code[2:5])
        if m.kind == DESIGNATED:
            assert 100 <= number < 200
        elif m.kind == WARD:
            assert 101 <= number <= 123
        elif m.kind in (CORE, CITY):
            assert 201 <= number < 300
        elif m.kind in (TOWN, VILLAGE):
            assert 301 <= number <= 799
    names = {m.code: m.name for m in entries}
    assert names["011002"] == "札幌市" and names["141003"] == "横浜市" and names["271004"] == "大阪市"
    assert names["132012"] == "八王子市" and names["131016"] == "千代田区"


def test_only_the_generated_entries_are_marked_synthetic(entries: tuple[LocalGovernment, ...]) -> None:
    real = [m for m in entries if not m.synthetic]
    assert Counter(m.kind for m in real) == {PREFECTURE: 47, DESIGNATED: 20, CORE: 62, WARD: 23}
    wards = {c: m.population for c, m in known_municipalities().items() if m.kind == WARD}
    assert {m.code: m.population for m in real if m.kind == WARD} == wards
    assert all(m.synthetic for m in entries if m.kind in (CITY, TOWN, VILLAGE))
    # Names are unique within a prefecture and end with the kind.
    assert len({(m.prefecture, m.name) for m in entries}) == 1788
    suffix = {CITY: "市", TOWN: "町", VILLAGE: "村"}
    assert all(m.name.endswith(suffix[m.kind]) for m in entries if m.synthetic)


def test_populations_add_up_per_prefecture_and_look_real(entries: tuple[LocalGovernment, ...]) -> None:
    for pref in prefectures():
        members = [m for m in entries if m.prefecture == pref.code and m.kind != PREFECTURE]
        assert len(members) == pref.cities + pref.towns + pref.villages + pref.wards
        assert sum(m.population for m in members) == pref.population, pref.name
    total = sum(m.population for m in entries if m.kind != PREFECTURE)
    assert abs(total - NATIONAL_POPULATION) <= TOLERANCE * NATIONAL_POPULATION
    median = {
        kind: statistics.median(m.population for m in entries if m.kind == kind)
        for kind in (VILLAGE, TOWN, CITY, CORE, DESIGNATED)
    }
    assert 1_500 <= median[VILLAGE] <= 6_000
    assert 8_000 <= median[TOWN] <= 25_000
    assert 30_000 <= median[CITY] <= 120_000
    assert 200_000 <= median[CORE] <= 600_000
    assert median[DESIGNATED] > 690_000
    assert max(m.population for m in entries if m.kind == CITY) <= 500_000 * 1.01
    assert max(m.population for m in entries if m.kind == VILLAGE) < 50_000


def test_the_list_is_deterministic_with_the_seed() -> None:
    build_list = national_list.__wrapped__
    a, b, c = build_list(7), build_list(7), build_list(8)
    assert a == b
    assert a != c
    assert [m for m in a if not m.synthetic] == [m for m in c if not m.synthetic]


def test_small_municipalities_share_their_systems_far_more_often() -> None:
    munis = national_municipalities()
    groups = joint_groups(list(munis))
    assert groups == joint_groups(list(munis))
    joint = {m.code for g in groups for m in g}
    for g in groups:
        assert 2 <= len(g) <= 9
        assert len({m.code[:2] for m in g}) == 1
        assert g[0].population == max(m.population for m in g)

    def share(kind: str) -> float:
        of_kind = [m for m in munis if m.kind == kind]
        return sum(m.code in joint for m in of_kind) / len(of_kind)

    assert share(DESIGNATED) == share(CORE) == share(WARD) == 0
    assert share(VILLAGE) > 0.7 > share(TOWN) > 0.4 > share(CITY) > 0.1


def test_national_refuses_a_number_of_municipalities(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        generate(tmp_path, municipalities=3, national=True)
    result = CliRunner().invoke(
        app, ["--ledger", str(tmp_path / "l"), "demo", "--national", "--municipalities", "3", "--no-serve"]
    )
    assert isinstance(result.exception, UsageError)
    message = result.exception.render("ja")
    assert "--national" in message and "--municipalities" in message


# --- writing in chunks --------------------------------------------------------------------------
@pytest.mark.parametrize("gzipped", [False, True])
def test_large_files_are_written_while_the_rows_are_made(tmp_path: Path, gzipped: bool) -> None:
    path = tmp_path / ("a.csv.gz" if gzipped else "a.csv")
    seen_on_disk: list[int] = []

    def lines() -> Iterator[str]:
        for n in range(3 * CHUNK_ROWS):
            if n == 2 * CHUNK_ROWS:
                seen_on_disk.append(path.stat().st_size)
            yield f"{n},{n * 7919 % 104729},row {n}"

    assert write_csv_lines(path, ("a", "b", "c"), lines(), gzipped=gzipped) == 3 * CHUNK_ROWS
    assert seen_on_disk[0] > 0
    raw = gzip.decompress(path.read_bytes()) if gzipped else path.read_bytes()
    rows = list(csv.reader(io.StringIO(raw.decode())))
    assert rows[0] == ["a", "b", "c"] and len(rows) == 3 * CHUNK_ROWS + 1
    assert rows[-1] == [
        str(3 * CHUNK_ROWS - 1),
        str((3 * CHUNK_ROWS - 1) * 7919 % 104729),
        f"row {3 * CHUNK_ROWS - 1}",
    ]


def test_metrics_in_batches_hold_the_same_rows(tmp_path: Path) -> None:
    period = Period(2025, 2)
    landscape = build(list(known_municipalities().values())[:3], 1.0, 42, period)
    whole, n_whole = write_metrics(landscape, period, tmp_path / "whole", 42)
    parts, n_parts = write_metrics(landscape, period, tmp_path / "parts", 42, batch=4)
    assert len(landscape.instances()) > 8 and n_whole == n_parts > 0

    def rows(files: list[Path]) -> list[tuple[object, ...]]:
        listing = ", ".join(f"'{p}'" for p in files)
        query = (
            f"SELECT resource_id::VARCHAR, timestamp, metric::VARCHAR, value FROM read_parquet([{listing}])"
        )
        return sorted(duckdb.sql(query).fetchall())

    assert rows(whole) == rows(parts)


# --- a national month in a ledger ---------------------------------------------------------------
@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> DemoManifest:
    return generate(tmp_path_factory.mktemp("national"), months=1, scale=0.01, national=True)


@pytest.fixture(scope="module")
def ledger(national: DemoManifest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    eng = Engine(tmp_path_factory.mktemp("ledger") / "l")
    eng.ingest(national.cost_files, accounts=national.accounts, fx=national.fx_rates)
    yield eng
    eng.close()


def _listing(files: list[Path]) -> str:
    return ", ".join("'" + str(p).replace("'", "''") + "'" for p in files)


def _from_files(m: DemoManifest) -> dict[str, Decimal]:
    """Municipality → yen, straight from the generated files: the cloud exports at the month's rate,
    assigned by the account map, else by the ``user:municipality_code`` tag; the cost lines as
    written (the carrier's CSV and the vendors' workbooks)."""
    con = duckdb.connect()
    con.execute("CREATE TABLE lines (code VARCHAR, yen DECIMAL(38, 0))")
    carrier = [p for p in m.cost_line_files if p.suffix == ".csv"]
    for path in carrier:
        rows = list(csv.DictReader(io.StringIO(path.read_bytes().decode("cp932"))))
        con.executemany("INSERT INTO lines VALUES (?, ?)", [(r["団体コード"], r["金額(円)"]) for r in rows])
    for path in [p for p in m.cost_line_files if p.suffix == ".xlsx"]:
        ws = openpyxl.load_workbook(path, read_only=True).worksheets[0]
        table = pa.Table.from_pylist(
            [{"code": r[0], "yen": int(r[6])} for r in ws.iter_rows(min_row=2, values_only=True)]  # type: ignore[arg-type]
        )
        con.register("sheet", table)
        con.execute("INSERT INTO lines SELECT code, yen FROM sheet")
        con.unregister("sheet")
    cloud = _listing([*m.aws_files, *m.azure_files])
    rows = con.execute(
        f"""
        WITH usage AS (
            SELECT SubAccountId, substr(BillingPeriodStart, 1, 7) AS month, Tags,
                   CAST(BilledCost AS DECIMAL(38, 10)) AS cost
            FROM read_csv([{cloud}], all_varchar = true, union_by_name = true)
        ),
        accounts AS (SELECT * FROM read_csv('{m.accounts}', all_varchar = true)),
        fx AS (SELECT * FROM read_csv('{m.fx_rates}', all_varchar = true)),
        assigned AS (
            SELECT coalesce(a.municipality_code,
                            json_extract_string(u.Tags, '$."user:municipality_code"')) AS code,
                   u.cost * CAST(fx.jpy_per_unit AS DECIMAL(18, 2)) AS yen
            FROM usage u
            LEFT JOIN accounts a ON a.account_id = u.SubAccountId
            JOIN fx ON fx.month = u.month
        )
        SELECT code, sum(yen) FROM (
            SELECT code, yen FROM assigned WHERE code IS NOT NULL
            UNION ALL SELECT code, CAST(yen AS DECIMAL(38, 12)) FROM lines
        ) GROUP BY code
        """
    ).fetchall()
    con.close()
    return {code: Decimal(total) for code, total in rows}


def test_every_municipality_is_in_the_ledger_and_reconciles(national: DemoManifest, ledger: Engine) -> None:
    codes = [m.code for m in national_municipalities()]
    assert national.national and national.municipalities == codes
    costs = ledger.costs()
    held = {
        r["municipality_code"]: r["yen"]
        for r in costs.filter(costs.municipality_code.notnull())
        .group_by("municipality_code")
        .aggregate(yen=costs.billed_cost_jpy.sum())
        .to_pyarrow()
        .to_pylist()
    }
    assert set(held) == set(codes)
    source = _from_files(national)
    assert set(source) == set(codes)
    assert {c: Decimal(v) for c, v in held.items()} == source


def test_costs_follow_the_population(national: DemoManifest, ledger: Engine) -> None:
    costs = ledger.costs()
    held = {
        r["municipality_code"]: Decimal(r["yen"])
        for r in costs.group_by("municipality_code")
        .aggregate(yen=costs.billed_cost_jpy.sum())
        .to_pyarrow()
        .to_pylist()
        if r["municipality_code"]
    }
    kinds = {m.code: m.kind for m in national_municipalities()}

    def median(kind: str) -> Decimal:
        return Decimal(statistics.median(v for c, v in held.items() if kinds[c] == kind))

    assert median(DESIGNATED) > median(CORE) > median(CITY) > median(TOWN) > median(VILLAGE) > 0


def test_the_national_files_name_the_list_and_its_populations(national: DemoManifest) -> None:
    out = national.out_dir
    listed = list(csv.DictReader((out / "municipalities.csv").open(encoding="utf-8")))
    assert national.municipality_list == "municipalities.csv"
    assert len(listed) == 1788
    assert Counter(r["synthetic"] for r in listed) == {"1": 1636, "0": 152}
    assert {r["code"]: int(r["population"]) for r in listed} == {
        m.code: m.population for m in national_list()
    }
    rules = load_rules(national.allocation or out / "allocation.yaml")
    joint = national.joint_members
    assert len(rules.rules) == len(joint) > 100
    assert all(code in rules.populations for members in joint.values() for code in members)
    instances = duckdb.sql(
        f"SELECT count(DISTINCT resource_id) FROM read_parquet([{_listing(national.metrics_files)}]) "
        "WHERE metric = 'cpu_percent'"
    ).fetchall()
    assert instances == [(national.instances,)]
