"""The FOCUS importer on the FinOps Foundation's real FOCUS 1.0 sample, and on broken copies of it."""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from conftest import DATA, FOCUS_SAMPLE, ledger_state

from govcost.engine import Engine
from govcost.errors import InputError
from govcost.ingest.formats.focus import FocusImporter, focus_version

RATES = {("2024-09", "USD"): "143.25", ("2024-10", "USD"): "149.80"}


def _source_totals(path: Path) -> dict[str, Decimal]:
    rows = duckdb.sql(
        f"SELECT BillingCurrency, sum(CAST(BilledCost AS DECIMAL(38,18))) FROM read_csv('{path}', "
        "all_varchar=true, nullstr=['', 'NULL']) GROUP BY 1"
    ).fetchall()
    return {c: s for c, s in rows}


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def test_real_sample_imports_and_reconciles(engine: Engine, write_rates: Callable[..., Path]) -> None:
    reports = engine.ingest([FOCUS_SAMPLE], fx=write_rates(RATES))
    focus = reports[-1]
    assert focus.status == "imported" and focus.rows_read == focus.rows_stored == 1000
    expected = _source_totals(FOCUS_SAMPLE)
    assert {t.currency: t.ledger for t in focus.totals} == expected
    assert all(t.matches for t in focus.totals)

    costs = engine.costs()
    by = costs.group_by("provider").aggregate(n=costs.count()).to_pyarrow().to_pylist()
    assert {r["provider"]: r["n"] for r in by} == {"aws": 942, "azure": 51, "oci": 7}
    # JPY: each row's BilledCost times its billing month's rate, summed by hand here.
    with FOCUS_SAMPLE.open(encoding="utf-8") as f:
        reader = csv.DictReader(f)
        by_hand = sum(
            Decimal(r["BilledCost"]) * Decimal(RATES[(r["BillingPeriodStart"][:7], "USD")]) for r in reader
        )
    jpy = costs.billed_cost_jpy.sum().to_pyarrow().as_py()
    assert jpy == by_hand
    # The provider column FOCUS does not define is kept, prefixed x_.
    assert "x_Id" in costs.columns
    ids = costs.x_Id.cast("int64").sum().to_pyarrow().as_py()
    assert ids == duckdb.sql(f"SELECT sum(Id) FROM read_csv('{FOCUS_SAMPLE}')").fetchall()[0][0]


def test_rows_without_map_or_tags_are_kept_as_unassigned(
    engine: Engine, write_rates: Callable[..., Path]
) -> None:
    report = engine.ingest([FOCUS_SAMPLE], fx=write_rates(RATES))[-1]
    assert report.unassigned_rows == 1000
    costs = engine.costs()
    assert costs.filter(costs.municipality_code.isnull()).count().to_pyarrow().as_py() == 1000


def test_same_file_twice_changes_nothing(engine: Engine, write_rates: Callable[..., Path]) -> None:
    fx = write_rates(RATES)
    engine.ingest([FOCUS_SAMPLE], fx=fx)
    before = ledger_state(engine)
    again = engine.ingest([FOCUS_SAMPLE], fx=fx)
    assert [r.status for r in again] == ["unchanged", "unchanged"]
    assert ledger_state(engine) == before


def test_newer_export_of_the_same_period_replaces_the_older(
    engine: Engine, write_rates: Callable[..., Path], tmp_path: Path
) -> None:
    fx = write_rates(RATES)
    rows = _rows(FOCUS_SAMPLE)
    header, body = rows[0], rows[1:]
    first = engine.ingest([_write(tmp_path / "v1.csv", [header, *body[:600]])], fx=fx)[-1]
    # The newer export of the same accounts and periods is the whole file.
    second = engine.ingest([_write(tmp_path / "v2.csv", [header, *body])], fx=fx)[-1]
    assert second.status == "replaced" and first.import_id in second.replaced
    costs = engine.costs()
    assert costs.count().to_pyarrow().as_py() == 1000
    assert costs.BilledCost.sum().to_pyarrow().as_py() == sum(_source_totals(FOCUS_SAMPLE).values())
    statuses = {r.import_id: r.status for r in engine.imports()}
    assert statuses[first.import_id] == "superseded"


@pytest.mark.parametrize(
    ("header", "version"),
    [
        (["BilledCost", "ProviderName"], "1.0"),
        (["BilledCost", "ServiceSubcategory"], "1.1"),
        (["BilledCost", "InvoiceId", "PricingCurrency"], "1.2"),
        (["BilledCost", "ServiceProviderName", "HostProviderName"], "1.3"),
    ],
)
def test_version_detection(header: list[str], version: str) -> None:
    assert focus_version(header) == version


def test_focus_1_3_names_stand_in_for_provider_and_publisher(
    engine: Engine, write_rates: Callable[..., Path], tmp_path: Path
) -> None:
    rows = _rows(FOCUS_SAMPLE)[:11]
    header = ["ServiceProviderName" if h == "ProviderName" else h for h in rows[0]]
    header = ["HostProviderName" if h == "PublisherName" else h for h in header]
    path = _write(tmp_path / "focus13.csv", [header, *rows[1:]])
    engine.ingest([path], fx=write_rates(RATES))
    names = engine.costs().ProviderName.to_pyarrow().to_pylist()
    assert set(names) == {"AWS"}


def test_parquet_and_gzip_containers(
    engine: Engine, write_rates: Callable[..., Path], tmp_path: Path
) -> None:
    gz = tmp_path / "sample.csv.gz"
    gz.write_bytes(gzip.compress(FOCUS_SAMPLE.read_bytes()))
    report = engine.ingest([gz], fx=write_rates(RATES))[-1]
    assert report.rows_stored == 1000
    pq = tmp_path / "sample.parquet"
    duckdb.sql(
        f"COPY (SELECT * FROM read_csv('{FOCUS_SAMPLE}', all_varchar=true, nullstr=['', 'NULL'])) "
        f"TO '{pq}' (FORMAT parquet)"
    )
    other = Engine(tmp_path / "other")
    rep = other.ingest([pq], fx=write_rates(RATES))[-1]
    assert rep.rows_stored == 1000
    assert [t.ledger for t in rep.totals] == [t.ledger for t in report.totals]
    other.close()


# --- broken files: a clear error naming file, row and column; the ledger unchanged -------------


def _broken(tmp_path: Path, edit: Callable[[list[list[str]]], None], name: str = "broken.csv") -> Path:
    rows = _rows(FOCUS_SAMPLE)[:21]
    edit(rows)
    return _write(tmp_path / name, rows)


def _col(rows: list[list[str]], name: str) -> int:
    return rows[0].index(name)


def _expect_error(engine: Engine, path: Path, fx: Path, *needles: str) -> InputError:
    engine.ingest([FOCUS_SAMPLE], fx=fx)
    before = ledger_state(engine)
    with pytest.raises(InputError) as info:
        engine.ingest([path])
    text = info.value.render("ja")
    for needle in needles:
        assert needle in text, text
    assert ledger_state(engine) == before
    return info.value


def test_non_numeric_cost(engine: Engine, write_rates: Callable[..., Path], tmp_path: Path) -> None:
    def edit(rows: list[list[str]]) -> None:
        rows[7][_col(rows, "BilledCost")] = "12,5O"

    err = _expect_error(
        engine, _broken(tmp_path, edit), write_rates(RATES), "broken.csv", "8 行目", "BilledCost"
    )
    assert err.row == 8 and err.column == "BilledCost" and err.found == "12,5O"


def test_too_many_decimal_places(engine: Engine, write_rates: Callable[..., Path], tmp_path: Path) -> None:
    def edit(rows: list[list[str]]) -> None:
        rows[3][_col(rows, "EffectiveCost")] = "0.1234567890123"

    err = _expect_error(engine, _broken(tmp_path, edit), write_rates(RATES), "4 行目", "EffectiveCost")
    assert err.key == "input.too_precise"


def test_bad_timestamp(engine: Engine, write_rates: Callable[..., Path], tmp_path: Path) -> None:
    def edit(rows: list[list[str]]) -> None:
        rows[5][_col(rows, "ChargePeriodStart")] = "2024-09-31 25:00"

    _expect_error(engine, _broken(tmp_path, edit), write_rates(RATES), "6 行目", "ChargePeriodStart")


def test_date_after_the_billing_period(
    engine: Engine, write_rates: Callable[..., Path], tmp_path: Path
) -> None:
    def edit(rows: list[list[str]]) -> None:
        rows[10][_col(rows, "ChargePeriodStart")] = "2024-10-03 00:00:00"

    err = _expect_error(engine, _broken(tmp_path, edit), write_rates(RATES), "11 行目", "ChargePeriodStart")
    assert err.key == "input.outside_period"


def test_missing_mandatory_columns(engine: Engine, write_rates: Callable[..., Path], tmp_path: Path) -> None:
    def edit(rows: list[list[str]]) -> None:
        i = _col(rows, "BillingCurrency")
        for r in rows:
            del r[i]

    err = _expect_error(engine, _broken(tmp_path, edit), write_rates(RATES), "BillingCurrency")
    assert err.key == "input.missing_columns"


def test_mixed_currencies_in_one_billing_account(
    engine: Engine, write_rates: Callable[..., Path], tmp_path: Path
) -> None:
    def edit(rows: list[list[str]]) -> None:
        rows[12][_col(rows, "BillingCurrency")] = "EUR"

    err = _expect_error(engine, _broken(tmp_path, edit), write_rates(RATES), "13 行目", "EUR", "USD")
    assert err.key == "input.mixed_currency"


def test_currency_without_a_rate_names_currency_and_months(engine: Engine, tmp_path: Path) -> None:
    before = ledger_state(engine)
    with pytest.raises(InputError) as info:
        engine.ingest([FOCUS_SAMPLE])
    assert info.value.key == "fx.missing_rate"
    assert "USD" in info.value.render() and "2024-09, 2024-10" in info.value.render()
    assert ledger_state(engine) == before


def test_unknown_charge_category(engine: Engine, write_rates: Callable[..., Path], tmp_path: Path) -> None:
    def edit(rows: list[list[str]]) -> None:
        rows[2][_col(rows, "ChargeCategory")] = "Usag"

    _expect_error(engine, _broken(tmp_path, edit), write_rates(RATES), "3 行目", "ChargeCategory", "Usag")


def test_truncated_gzip(engine: Engine, write_rates: Callable[..., Path], tmp_path: Path) -> None:
    data = gzip.compress(FOCUS_SAMPLE.read_bytes())
    path = tmp_path / "cut.csv.gz"
    path.write_bytes(data[: len(data) // 2])
    err = _expect_error(engine, path, write_rates(RATES), "cut.csv.gz")
    assert err.key == "input.truncated"


def test_truncated_last_row(engine: Engine, write_rates: Callable[..., Path], tmp_path: Path) -> None:
    text = FOCUS_SAMPLE.read_text(encoding="utf-8")
    path = tmp_path / "cut.csv"
    path.write_text(text[: len(text) - 700], encoding="utf-8")
    err = _expect_error(engine, path, write_rates(RATES), "cut.csv")
    assert err.key == "input.truncated"


def test_wrong_delimiter(engine: Engine, write_rates: Callable[..., Path], tmp_path: Path) -> None:
    rows = _rows(FOCUS_SAMPLE)[:5]
    path = tmp_path / "semi.csv"
    buf = io.StringIO()
    csv.writer(buf, delimiter=";").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    err = _expect_error(engine, path, write_rates(RATES), "semi.csv")
    assert err.key == "input.delimiter"


def test_non_utf8_export(engine: Engine, write_rates: Callable[..., Path], tmp_path: Path) -> None:
    rows = _rows(FOCUS_SAMPLE)[:5]
    rows[2][_col(rows, "ChargeDescription")] = "検証環境の利用料"
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    path = tmp_path / "sjis.csv"
    path.write_bytes(buf.getvalue().encode("cp932"))
    err = _expect_error(engine, path, write_rates(RATES), "sjis.csv")
    assert err.key == "input.encoding"


def test_parts_of_one_export_given_together_all_stay(
    engine: Engine, write_rates: Callable[..., Path], tmp_path: Path
) -> None:
    fx = write_rates(RATES)
    rows = _rows(FOCUS_SAMPLE)
    header, body = rows[0], rows[1:]
    # A large month comes as several files of the same billing account and period.
    part1 = _write(tmp_path / "export-00001.csv", [header, *body[:500]])
    part2 = _write(tmp_path / "export-00002.csv", [header, *body[500:]])
    reports = engine.ingest([part1, part2], fx=fx)
    assert [r.status for r in reports[1:]] == ["imported", "imported"]
    costs = engine.costs()
    assert costs.count().to_pyarrow().as_py() == 1000
    assert costs.BilledCost.sum().to_pyarrow().as_py() == sum(_source_totals(FOCUS_SAMPLE).values())
    # The same parts again change nothing; a newer export, in a later call, replaces both.
    assert [r.status for r in engine.ingest([part1, part2], fx=fx)[1:]] == ["unchanged", "unchanged"]
    newer = _write(tmp_path / "export-v2.csv", [header, *body[:10]])
    report = engine.ingest([newer])[0]
    assert report.status == "replaced" and set(report.replaced) == {r.import_id for r in reports[1:]}


def test_the_same_month_in_another_format_is_flagged(
    engine: Engine, write_rates: Callable[..., Path], tmp_path: Path
) -> None:
    fx = write_rates({("2025-10", "USD"): "150"})
    engine.ingest([DATA / "cur_legacy_small.csv"], fx=fx)
    # The same payer and month as a FOCUS export: the same money twice.
    focus = (DATA / "focus_small_tagged.csv").read_text(encoding="utf-8")
    focus = (
        focus.replace("900000000001", "111122223333")
        .replace("2025-04", "2025-10")
        .replace("2025-05", "2025-11")
    )
    path = tmp_path / "aws-focus.csv"
    path.write_text(focus, encoding="utf-8")
    report = engine.ingest([path])[0]
    cur_import = [r.import_id for r in engine.imports() if r.format == "aws-cur"]
    assert report.notes["same_period_other_format"] == cur_import


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("AWS", "aws"),
        ("Amazon Web Services", "aws"),
        ("Microsoft", "azure"),
        ("Google Cloud", "gcp"),
        ("Oracle", "oci"),
        ("Sakura Internet", "sakura internet"),
    ],
)
def test_provider_names_become_short_codes(
    engine: Engine, write_rates: Callable[..., Path], tmp_path: Path, name: str, code: str
) -> None:
    rows = _rows(FOCUS_SAMPLE)[:3]
    for r in rows[1:]:
        r[_col(rows, "ProviderName")] = name
    engine.ingest([_write(tmp_path / "p.csv", rows)], fx=write_rates(RATES))
    assert set(engine.costs().provider.to_pyarrow().to_pylist()) == {code}


def test_identical_rows_are_both_kept(
    engine: Engine, write_rates: Callable[..., Path], tmp_path: Path
) -> None:
    rows = _rows(FOCUS_SAMPLE)[:6]
    path = _write(tmp_path / "dup.csv", [*rows, rows[3], rows[3]])
    report = engine.ingest([path], fx=write_rates(RATES))[-1]
    by_hand = sum(Decimal(r[_col(rows, "BilledCost")]) for r in [*rows[1:], rows[3], rows[3]])
    assert report.rows_stored == 7
    assert engine.costs().BilledCost.sum().to_pyarrow().as_py() == by_hand


class _MapsTheWrongCost(FocusImporter):
    """An importer with a mapping bug: BilledCost taken from ListCost."""

    def to_ledger(self, raw, src):  # type: ignore[no-untyped-def]
        out = super().to_ledger(raw, src)
        out["BilledCost"] = out["ListCost"]
        return out


def test_reconciliation_catches_a_mapping_that_changes_money(
    engine: Engine, write_rates: Callable[..., Path]
) -> None:
    from govcost.errors import ReconciliationError
    from govcost.ingest.source import SourceFile

    engine.ingest([], fx=write_rates(RATES))
    before = ledger_state(engine)
    engine.new_batch()
    with pytest.raises(ReconciliationError) as info:
        _MapsTheWrongCost().run(engine, SourceFile(FOCUS_SAMPLE), lambda stage: None)
    assert "USD" in info.value.render() and str(_source_totals(FOCUS_SAMPLE)["USD"].normalize()) in str(
        info.value.params["source"].normalize()
    )
    assert ledger_state(engine) == before
    assert list(engine.ledger.costs_dir.glob("*")) == []
