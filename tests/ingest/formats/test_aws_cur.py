"""The legacy AWS CUR importer, on the real anonymised sample and on a small hand-written CUR.

Expected numbers come from the source files themselves (DuckDB straight on the CSV) or are written
out by hand from the mapping rules in docs/cur-mapping.md, never from the importer's own code.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import DATA, EXTERNAL, ledger_state

from govcost.engine import Engine
from govcost.errors import GovcostError, InputError
from govcost.ingest.base import detect_importer
from govcost.ingest.cur_mapping import MAPPING
from govcost.ingest.source import SourceFile
from govcost.schema import FOCUS_COLUMNS

SAMPLE = EXTERNAL / "focus_converters" / "sample-anonymous-aws-export-dataset.csv"
SMALL = DATA / "cur_legacy_small.csv"
DOC = DATA.parents[1] / "docs" / "cur-mapping.md"
COST = "lineItem/UnblendedCost"

needs_sample = pytest.mark.skipif(not SAMPLE.is_file(), reason="the shared AWS CUR sample is not present")


def fx_file(tmp_path: Path, month: str, rate: str) -> Path:
    path = tmp_path / f"fx-{month}.csv"
    path.write_text(f"month,currency,jpy_per_unit\n{month},USD,{rate}\n", encoding="utf-8")
    return path


def source_sum(path: Path, column: str = COST) -> Decimal:
    """The source total straight from the file, as exact decimals."""
    rel = duckdb.sql(
        f"SELECT sum(CAST(\"{column}\" AS DECIMAL(38, 18))) FROM read_csv('{path}', all_varchar = true)"
    )
    return Decimal(rel.fetchall()[0][0])


def rows_by_id(engine: Engine, *columns: str) -> dict[str, dict[str, Any]]:
    costs = engine.costs()
    out = costs.select("x_identity/LineItemId", *columns).to_pyarrow().to_pylist()
    return {r["x_identity/LineItemId"]: r for r in out}


def read_small() -> tuple[list[str], list[list[str]]]:
    with SMALL.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *rows])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def small_variant(tmp_path: Path, name: str, edit: Any) -> Path:
    header, rows = read_small()
    header, rows = edit(header, [list(r) for r in rows])
    return write_csv(tmp_path / name, header, rows)


# --- the real anonymised sample ---------------------------------------------------------------


@needs_sample
def test_real_sample_imports_and_reconciles_exactly(engine: Engine, tmp_path: Path) -> None:
    reports = engine.ingest([SAMPLE], fx=fx_file(tmp_path, "2023-11", "149.5"))
    report = reports[-1]
    expected = source_sum(SAMPLE)
    assert expected == Decimal("1.6823086974")
    assert (report.format, report.status, report.rows_read, report.rows_stored) == (
        "aws-cur",
        "imported",
        1281,
        1281,
    )
    assert [(t.currency, t.source, t.ledger) for t in report.totals] == [("USD", expected, expected)]
    assert report.reconciled

    costs = engine.costs()
    assert costs.count().execute() == 1281
    assert costs.BilledCost.sum().execute() == expected
    assert costs.billed_cost_jpy.sum().execute() == expected * Decimal("149.5")
    # Anonymisation repeated line item ids: every row is still money, nothing is deduplicated.
    assert costs["x_identity/LineItemId"].nunique().execute() == 388


@needs_sample
def test_real_sample_charge_categories_follow_line_item_types(engine: Engine, tmp_path: Path) -> None:
    engine.ingest([SAMPLE], fx=fx_file(tmp_path, "2023-11", "149.5"))
    query = (
        f"SELECT \"lineItem/LineItemType\", count(*) FROM read_csv('{SAMPLE}', all_varchar = true) GROUP BY 1"
    )
    by_type = dict(duckdb.sql(query).fetchall())
    assert by_type == {"Usage": 1269, "Tax": 12}
    costs = engine.costs()
    got = {
        r["ChargeCategory"]: r["n"]
        for r in costs.group_by("ChargeCategory").aggregate(n=costs.count()).to_pyarrow().to_pylist()
    }
    assert got == {"Usage": by_type["Usage"], "Tax": by_type["Tax"]}


@needs_sample
def test_real_sample_rows_picked_by_hand(engine: Engine, tmp_path: Path) -> None:
    engine.ingest([SAMPLE], fx=fx_file(tmp_path, "2023-11", "149.5"))
    costs = engine.costs()

    def one(line_item: str, start: str) -> dict[str, Any]:
        t = costs.filter(
            (costs["x_identity/LineItemId"] == line_item) & (costs.ChargePeriodStart.cast("string") == start)
        )
        rows = t.to_pyarrow().to_pylist()
        assert len(rows) == 1
        return rows[0]

    # Line 925: an S3 request line in us-west-2.
    r = one("d33q2drf73abcdabcdabcdabcdabcdabcdabcdabcmehnagnuvq", "2023-11-06 00:00:00")
    assert r["BilledCost"] == Decimal("0.16641")
    assert r["ListCost"] == r["EffectiveCost"] == r["ContractedCost"] == Decimal("0.16641")
    assert r["ChargeCategory"] == "Usage" and r["ChargeFrequency"] == "Usage-Based"
    assert r["ServiceName"] == "Amazon Simple Storage Service" and r["ServiceCategory"] == "Storage"
    assert (r["RegionId"], r["RegionName"]) == ("us-west-2", "US West (Oregon)")
    assert r["SkuId"] == "U8V4XxxxxxxNRDCY"
    assert r["SkuPriceId"] == "U8V4X58RU4DNRxxx.xxxxxxxxxx.xxx6EN2CT7"
    assert (r["PricingQuantity"], r["PricingUnit"]) == (Decimal("5547"), "Requests")
    assert (r["ConsumedQuantity"], r["ConsumedUnit"]) == (Decimal("5547"), "Requests")
    assert r["ListUnitPrice"] == Decimal("0.00003")
    assert r["ChargePeriodEnd"].isoformat() == "2023-11-06T16:00:00"
    assert (r["BillingAccountId"], r["SubAccountId"]) == ("123412340534", "123412340534")
    assert r["ProviderName"] == "AWS"
    assert r["PublisherName"] == r["InvoiceIssuerName"] == "Amazon Web Services Canada, Inc."
    assert r["x_bill/BillType"] == "Anniversary"

    # Line 16: costs and quantities in exponent notation (1.81E-8, 9.052E-7), exact.
    r = one("cjxa4463xpabcdabcdabcdabcdabcdabcdabcdabci2diiqamka", "2023-11-04 23:00:00")
    assert r["BilledCost"] == Decimal("0.0000000181")
    assert r["PricingQuantity"] == Decimal("0.0000009052")
    assert r["RegionId"] == "us-east-1"  # product/regionCode is empty: product/region

    # Line 6: KMS tax of one cent, whose public on-demand cost AWS writes as 0.0.
    tax = costs.filter((costs.ChargeCategory == "Tax") & (costs.ServiceName == "AWS Key Management Service"))
    r = tax.to_pyarrow().to_pylist()[0]
    assert r["BilledCost"] == r["ListCost"] == r["EffectiveCost"] == Decimal("0.01")
    assert r["ServiceCategory"] == "Security"
    assert r["PricingCategory"] is None and r["PricingQuantity"] is None and r["ConsumedQuantity"] is None


# --- the small hand-written CUR ---------------------------------------------------------------

#: Per line item, from the rules in docs/cur-mapping.md:
#: (ChargeCategory, ChargeClass, BilledCost, EffectiveCost, ListCost, ContractedCost).
SMALL_EXPECTED: dict[str, tuple[str, str | None, str, str, str, str]] = {
    "li-usage-ec2": ("Usage", None, "78.336", "78.336", "78.336", "78.336"),
    "li-usage-ebs": ("Usage", None, "9.6", "9.6", "9.6", "9.6"),
    "li-usage-s3": ("Usage", None, "6.2625", "6.2625", "6.2625", "6.2625"),
    "li-sp-covered": ("Usage", None, "178.56", "121.5", "178.56", "178.56"),
    "li-sp-negation": ("Usage", None, "-178.56", "0", "0", "0"),
    "li-sp-recurring": ("Purchase", None, "150.0", "28.5", "150.0", "150.0"),
    "li-ri-usage": ("Usage", None, "0", "95.04", "190.08", "190.08"),
    "li-ri-fee": ("Purchase", None, "72.0", "4.5", "72.0", "72.0"),
    "li-ri-upfront": ("Purchase", None, "500.0", "0", "500.0", "500.0"),
    "li-tax": ("Tax", None, "26.75", "26.75", "26.75", "26.75"),
    "li-credit": ("Credit", None, "-10.0", "-10.0", "-10.0", "-10.0"),
    "li-refund": ("Credit", "Correction", "-3.25", "-3.25", "-3.25", "-3.25"),
    "li-edp": ("Credit", None, "-7.8336", "-7.8336", "0", "-7.8336"),
    "li-usage-dt": ("Usage", None, "1.407407292", "1.407407292", "1.407407292", "1.407407292"),
    "li-usage-cw": ("Usage", None, "0.9", "0.9", "0.9", "0.9"),
}


def test_small_cur_reconciles_and_maps_every_line_item_type(engine: Engine, tmp_path: Path) -> None:
    report = engine.ingest([SMALL], fx=fx_file(tmp_path, "2025-10", "150.25"))[-1]
    expected = source_sum(SMALL)
    assert expected == Decimal("825.072307292")
    assert (report.rows_read, report.rows_stored) == (16, 16)
    assert [(t.currency, t.source, t.ledger) for t in report.totals] == [("USD", expected, expected)]

    costs = engine.costs()
    assert costs.BilledCost.sum().execute() == expected
    counts = {
        r["ChargeCategory"]: r["n"]
        for r in costs.group_by("ChargeCategory").aggregate(n=costs.count()).to_pyarrow().to_pylist()
    }
    assert counts == {"Usage": 9, "Purchase": 3, "Tax": 1, "Credit": 3}

    got = (
        costs.select(
            "x_identity/LineItemId",
            "ChargeCategory",
            "ChargeClass",
            "BilledCost",
            "EffectiveCost",
            "ListCost",
            "ContractedCost",
        )
        .to_pyarrow()
        .to_pylist()
    )
    assert len(got) == 16
    for r in got:
        cat, cls, billed, effective, listed, contracted = SMALL_EXPECTED[r["x_identity/LineItemId"]]
        assert (r["ChargeCategory"], r["ChargeClass"]) == (cat, cls), r
        assert r["BilledCost"] == Decimal(billed), r
        assert r["EffectiveCost"] == Decimal(effective), r
        assert r["ListCost"] == Decimal(listed), r
        assert r["ContractedCost"] == Decimal(contracted), r
    # The amortised month: SP 121.5 + 28.5 = its 150 fee; RI usage 95.04 + unused 4.5; upfront 0.
    assert costs.EffectiveCost.sum().execute() == Decimal("352.612307292")
    # The same CloudWatch line item twice is two charges.
    assert sum(1 for r in got if r["x_identity/LineItemId"] == "li-usage-cw") == 2


def test_small_cur_commitments_and_descriptive_columns(engine: Engine, tmp_path: Path) -> None:
    engine.ingest([SMALL], fx=fx_file(tmp_path, "2025-10", "150.25"))
    sp = "arn:aws:savingsplans::111122223333:savingsplan/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"
    ri = "arn:aws:rds:ap-northeast-1:111122223333:ri:juki-db-ri"
    rows = rows_by_id(
        engine,
        "CommitmentDiscountId",
        "CommitmentDiscountType",
        "CommitmentDiscountCategory",
        "CommitmentDiscountStatus",
        "PricingCategory",
        "ChargeFrequency",
        "ServiceCategory",
        "ResourceType",
        "ResourceName",
        "ConsumedQuantity",
        "PricingQuantity",
        "BillingAccountId",
        "SubAccountId",
        "InvoiceIssuerName",
        "InvoiceId",
        "ContractedUnitPrice",
    )
    commit = {
        k: (
            r["CommitmentDiscountId"],
            r["CommitmentDiscountType"],
            r["CommitmentDiscountCategory"],
            r["CommitmentDiscountStatus"],
        )
        for k, r in rows.items()
        if r["CommitmentDiscountId"]
    }
    assert commit == {
        "li-sp-covered": (sp, "Savings Plan", "Spend", "Used"),
        "li-sp-negation": (sp, "Savings Plan", "Spend", "Used"),
        "li-sp-recurring": (sp, "Savings Plan", "Spend", None),
        "li-ri-usage": (ri, "Reserved Instance", "Usage", "Used"),
        "li-ri-fee": (ri, "Reserved Instance", "Usage", None),
        "li-ri-upfront": (ri, "Reserved Instance", "Usage", None),
    }
    assert rows["li-sp-covered"]["PricingCategory"] == "Committed"
    assert rows["li-usage-ec2"]["PricingCategory"] == "Standard"
    assert rows["li-tax"]["PricingCategory"] is None
    assert rows["li-credit"]["PricingCategory"] == "Other"
    assert rows["li-sp-recurring"]["ChargeFrequency"] == "Recurring"
    assert rows["li-ri-upfront"]["ChargeFrequency"] == "One-Time"
    assert rows["li-usage-ebs"]["ServiceCategory"] == "Storage"  # EC2, product family Storage
    assert rows["li-usage-ec2"]["ServiceCategory"] == "Compute"
    assert rows["li-usage-dt"]["ServiceCategory"] == "Networking"
    assert rows["li-usage-cw"]["ServiceCategory"] == "Management and Governance"
    assert rows["li-ri-usage"]["ServiceCategory"] == "Databases"
    assert (rows["li-usage-ec2"]["ResourceType"], rows["li-usage-ebs"]["ResourceType"]) == (
        "instance",
        "volume",
    )
    assert rows["li-ri-usage"]["ResourceType"] == "db"
    assert rows["li-usage-s3"]["ResourceType"] is None
    assert rows["li-usage-ec2"]["ResourceName"] == "jukiweb-01"
    # Consumption only on usage rows; the negation prices 720 hours but consumes nothing more.
    assert rows["li-sp-covered"]["ConsumedQuantity"] == Decimal(720)
    assert rows["li-sp-negation"]["ConsumedQuantity"] is None
    assert rows["li-sp-negation"]["PricingQuantity"] == Decimal(720)
    assert rows["li-tax"]["PricingQuantity"] is None
    assert rows["li-ri-usage"]["ContractedUnitPrice"] == Decimal("0.264")
    assert {r["BillingAccountId"] for r in rows.values()} == {"111122223333"}
    assert rows["li-usage-dt"]["SubAccountId"] == "777788889999"
    assert rows["li-tax"]["InvoiceIssuerName"] == "Amazon Web Services Japan G.K."
    assert rows["li-tax"]["InvoiceId"] == "2025301234"


def test_small_cur_tags_resolve_the_municipality(engine: Engine, tmp_path: Path) -> None:
    report = engine.ingest([SMALL], fx=fx_file(tmp_path, "2025-10", "150.25"))[-1]
    rows = rows_by_id(engine, "Tags", "municipality_code", "business", "environment", "assignment")
    assert json.loads(rows["li-usage-ec2"]["Tags"]) == {
        "user:Name": "jukiweb-01",
        "user:municipality_code": "131016",
        "user:business": "住民基本台帳",
        "user:environment": "本番",
    }
    assert rows["li-usage-s3"]["Tags"] is not None and "user:Name" not in json.loads(
        rows["li-usage-s3"]["Tags"]
    )
    assert rows["li-tax"]["Tags"] is None
    tagged = {k for k, r in rows.items() if r["municipality_code"] == "131016"}
    assert tagged == {
        "li-usage-ec2",
        "li-usage-ebs",
        "li-usage-s3",
        "li-sp-covered",
        "li-sp-negation",
        "li-ri-usage",
        "li-edp",
    }
    assert {(rows[k]["business"], rows[k]["environment"], rows[k]["assignment"]) for k in tagged} == {
        ("住民基本台帳", "本番", "tags")
    }
    assert report.unassigned_rows == 16 - 7
    # The unassigned amount in yen, from the file: every untagged row × 150.25.
    untagged = Decimal("150.0") + Decimal("72.0") + Decimal("500.0") + Decimal("26.75") - Decimal("10.0")
    untagged += Decimal("-3.25") + Decimal("1.407407292") + Decimal("0.9") * 2
    assert report.unassigned_jpy == untagged * Decimal("150.25")


def test_unread_columns_are_kept_with_x_prefix(engine: Engine, tmp_path: Path) -> None:
    engine.ingest([SMALL], fx=fx_file(tmp_path, "2025-10", "150.25"))
    columns = set(engine.costs().columns)
    assert {
        "x_identity/LineItemId",
        "x_identity/TimeInterval",
        "x_bill/BillType",
        "x_lineItem/Operation",
    } <= columns
    assert not {"x_lineItem/UnblendedCost", "x_resourceTags/user:Name", "x_product/sku"} & columns
    header, _ = read_small()
    kept = {c.removeprefix("x_") for c in columns if c.startswith("x_")}
    assert kept == {"identity/LineItemId", "identity/TimeInterval", "bill/BillType", "lineItem/Operation"}
    assert kept < set(header)


def test_gzipped_cur_imports_the_same(engine: Engine, tmp_path: Path) -> None:
    gz = tmp_path / "cur_legacy_small.csv.gz"
    gz.write_bytes(gzip.compress(SMALL.read_bytes()))
    report = engine.ingest([gz], fx=fx_file(tmp_path, "2025-10", "150.25"))[-1]
    assert (report.format, report.status, report.rows_stored) == ("aws-cur", "imported", 16)
    assert report.totals[0].ledger == source_sum(SMALL)


def test_same_file_twice_is_unchanged(engine: Engine, tmp_path: Path) -> None:
    fx = fx_file(tmp_path, "2025-10", "150.25")
    first = engine.ingest([SMALL], fx=fx)[-1]
    before = ledger_state(engine)
    second = engine.ingest([SMALL], fx=fx)[-1]
    assert first.status == "imported"
    assert (second.status, second.import_id) == ("unchanged", first.import_id)
    assert ledger_state(engine) == before
    assert before[0] == 16


def test_optional_columns_may_be_missing(engine: Engine, tmp_path: Path) -> None:
    keep = {
        "bill/PayerAccountId",
        "bill/BillingPeriodStartDate",
        "bill/BillingPeriodEndDate",
        "lineItem/LineItemType",
        "lineItem/UsageStartDate",
        "lineItem/UsageEndDate",
        "lineItem/CurrencyCode",
        COST,
    }

    def minimal(header: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
        idx = [i for i, h in enumerate(header) if h in keep]
        return [header[i] for i in idx], [[r[i] for i in idx] for r in rows]

    path = small_variant(tmp_path, "minimal.csv", minimal)
    report = engine.ingest([path], fx=fx_file(tmp_path, "2025-10", "150.25"))[-1]
    assert report.totals[0].ledger == source_sum(SMALL)
    costs = engine.costs()
    rows = costs.to_pyarrow().to_pylist()
    assert len(rows) == 16
    # Without the commitment and pricing columns, every cost falls back to the billed amount,
    # except where the mapping says 0 (negation, upfront fee, discount list price).
    usage = next(r for r in rows if r["ChargeCategory"] == "Usage" and r["BilledCost"] == Decimal("78.336"))
    assert usage["ListCost"] == usage["EffectiveCost"] == Decimal("78.336")
    assert usage["ServiceName"] == "AWS" and usage["ServiceCategory"] == "Other"
    assert usage["SubAccountId"] is None and usage["Tags"] is None and usage["RegionId"] is None
    assert {r["BillingAccountId"] for r in rows} == {"111122223333"}


def test_usage_account_stands_in_for_a_missing_payer(engine: Engine, tmp_path: Path) -> None:
    def drop_payer(header: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
        i = header.index("bill/PayerAccountId")
        return header[:i] + header[i + 1 :], [r[:i] + r[i + 1 :] for r in rows]

    path = small_variant(tmp_path, "no_payer.csv", drop_payer)
    engine.ingest([path], fx=fx_file(tmp_path, "2025-10", "150.25"))
    rows = rows_by_id(engine, "BillingAccountId")
    assert rows["li-usage-dt"]["BillingAccountId"] == "777788889999"
    assert rows["li-usage-ec2"]["BillingAccountId"] == "444455556666"


# --- detection ----------------------------------------------------------------------------------


def test_detection_does_not_collide_with_focus(tmp_path: Path) -> None:
    assert detect_importer(SourceFile(SMALL)).key == "aws-cur"
    focus = tmp_path / "focus.csv"
    focus.write_text(
        "BilledCost,ChargePeriodStart,lineItem/UnblendedCost,bill/PayerAccountId\n1,2025-10-01,1,1\n",
        encoding="utf-8",
    )
    # FOCUS files name FOCUS columns; CUR columns never make them a CUR, and the reverse.
    assert detect_importer(SourceFile(focus)).key == "focus"
    assert detect_importer(SourceFile(SMALL)).key != "focus"


def test_mapping_is_documented_and_covers_focus_mandatory_columns() -> None:
    mapped = [rule.column for rule in MAPPING]
    assert len(mapped) == len(set(mapped))
    names = {c.name for c in FOCUS_COLUMNS}
    assert set(mapped) <= names
    mandatory = {c.name for c in FOCUS_COLUMNS if c.mandatory}
    assert mandatory <= set(mapped)
    doc = DOC.read_text(encoding="utf-8")
    assert all(rule.note for rule in MAPPING)
    missing = [c for c in mapped if c not in doc]
    assert missing == []


# --- broken files: a clear error and an untouched ledger ----------------------------------------


@pytest.fixture
def loaded(engine: Engine, tmp_path: Path) -> Engine:
    """A ledger that already holds the small CUR, so that "unchanged" means something."""
    engine.ingest([SMALL], fx=fx_file(tmp_path, "2025-10", "150.25"))
    return engine


def failing(engine: Engine, path: Path) -> GovcostError:
    before = ledger_state(engine)
    with pytest.raises(GovcostError) as info:
        engine.ingest([path])
    assert ledger_state(engine) == before
    return info.value


def test_truncated_gzip(loaded: Engine, tmp_path: Path) -> None:
    data = gzip.compress(SMALL.read_bytes() * 40)
    path = tmp_path / "cut.csv.gz"
    path.write_bytes(data[: len(data) // 2])
    err = failing(loaded, path)
    assert isinstance(err, InputError)
    assert err.key == "input.truncated"
    assert err.file and err.file.endswith("cut.csv.gz")


def test_missing_mandatory_column_is_named(loaded: Engine, tmp_path: Path) -> None:
    def drop(header: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
        i = header.index("lineItem/CurrencyCode")
        return header[:i] + header[i + 1 :], [r[:i] + r[i + 1 :] for r in rows]

    err = failing(loaded, small_variant(tmp_path, "no_currency.csv", drop))
    assert err.key == "input.missing_columns"
    assert err.params["columns"] == "lineItem/CurrencyCode"
    assert "lineItem/CurrencyCode" in err.render("ja") and "lineItem/CurrencyCode" in str(err)


def test_missing_both_accounts_names_both(loaded: Engine, tmp_path: Path) -> None:
    def drop(header: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
        idx = [i for i, h in enumerate(header) if h not in ("bill/PayerAccountId", "lineItem/UsageAccountId")]
        return [header[i] for i in idx], [[r[i] for i in idx] for r in rows]

    err = failing(loaded, small_variant(tmp_path, "no_accounts.csv", drop))
    assert err.key == "input.missing_columns"
    assert (
        "bill/PayerAccountId" in err.params["columns"] and "lineItem/UsageAccountId" in err.params["columns"]
    )


def test_non_numeric_cost_names_file_row_and_column(loaded: Engine, tmp_path: Path) -> None:
    def corrupt(header: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
        rows[4][header.index(COST)] = "17O.5"  # the fifth data row: line 6 of the file
        return header, rows

    path = small_variant(tmp_path, "bad_cost.csv", corrupt)
    err = failing(loaded, path)
    assert err.key == "input.bad_decimal"
    assert (err.file, err.row, err.column, err.found) == (str(path), 6, COST, "17O.5")
    assert "6" in err.render("ja") and COST in err.render("en")


def test_too_many_decimal_places_are_rejected_not_rounded(loaded: Engine, tmp_path: Path) -> None:
    def precise(header: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
        rows[0][header.index(COST)] = "78.3360000000001"
        return header, rows

    err = failing(loaded, small_variant(tmp_path, "precise.csv", precise))
    assert (err.key, err.row, err.column) == ("input.too_precise", 2, COST)


def test_usage_outside_the_billing_period(loaded: Engine, tmp_path: Path) -> None:
    def late(header: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
        rows[2][header.index("lineItem/UsageStartDate")] = "2025-11-03T00:00:00Z"
        return header, rows

    err = failing(loaded, small_variant(tmp_path, "late.csv", late))
    assert (err.key, err.row, err.column, err.found) == (
        "input.outside_period",
        4,
        "lineItem/UsageStartDate",
        "2025-11-03T00:00:00Z",
    )


def test_unknown_line_item_type(loaded: Engine, tmp_path: Path) -> None:
    def odd(header: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
        rows[7][header.index("lineItem/LineItemType")] = "Surcharge"
        return header, rows

    err = failing(loaded, small_variant(tmp_path, "odd.csv", odd))
    assert (err.key, err.row, err.column, err.found) == (
        "input.bad_value",
        9,
        "lineItem/LineItemType",
        "Surcharge",
    )
    assert err.expected and "SavingsPlanNegation" in err.expected


def test_empty_cost_is_reported(loaded: Engine, tmp_path: Path) -> None:
    def blank(header: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
        rows[1][header.index(COST)] = ""
        return header, rows

    err = failing(loaded, small_variant(tmp_path, "blank.csv", blank))
    assert (err.key, err.row, err.column) == ("input.null_mandatory", 3, COST)
