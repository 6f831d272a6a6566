"""The AWS CUR 2.0 importer: Parquet (MAP columns, doubles, timestamps) and CSV (JSON text).

The CUR 2.0 files are the small legacy CUR of tests/data written the CUR 2.0 way, with the names AWS
uses spelled out by hand below, so the two importers can be compared row for row.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import DATA, ledger_state

from govcost.engine import Engine
from govcost.errors import GovcostError
from govcost.ingest.base import detect_importer
from govcost.ingest.source import SourceFile
from govcost.schema import FOCUS_COLUMNS

SMALL = DATA / "cur_legacy_small.csv"
COST = "line_item_unblended_cost"

#: Legacy name → CUR 2.0 name, as AWS's data dictionary spells them.
RENAMED = {
    "identity/LineItemId": "identity_line_item_id",
    "identity/TimeInterval": "identity_time_interval",
    "bill/InvoiceId": "bill_invoice_id",
    "bill/InvoicingEntity": "bill_invoicing_entity",
    "bill/BillingEntity": "bill_billing_entity",
    "bill/BillType": "bill_bill_type",
    "bill/PayerAccountId": "bill_payer_account_id",
    "bill/BillingPeriodStartDate": "bill_billing_period_start_date",
    "bill/BillingPeriodEndDate": "bill_billing_period_end_date",
    "lineItem/UsageAccountId": "line_item_usage_account_id",
    "lineItem/LineItemType": "line_item_line_item_type",
    "lineItem/UsageStartDate": "line_item_usage_start_date",
    "lineItem/UsageEndDate": "line_item_usage_end_date",
    "lineItem/ProductCode": "line_item_product_code",
    "lineItem/UsageType": "line_item_usage_type",
    "lineItem/Operation": "line_item_operation",
    "lineItem/AvailabilityZone": "line_item_availability_zone",
    "lineItem/ResourceId": "line_item_resource_id",
    "lineItem/UsageAmount": "line_item_usage_amount",
    "lineItem/CurrencyCode": "line_item_currency_code",
    "lineItem/UnblendedRate": "line_item_unblended_rate",
    "lineItem/UnblendedCost": "line_item_unblended_cost",
    "lineItem/LineItemDescription": "line_item_line_item_description",
    "lineItem/LegalEntity": "line_item_legal_entity",
    "product/productFamily": "product_product_family",
    "product/regionCode": "product_region_code",
    "product/location": "product_location",
    "product/sku": "product_sku",
    "pricing/RateCode": "pricing_rate_code",
    "pricing/RateId": "pricing_rate_id",
    "pricing/publicOnDemandCost": "pricing_public_on_demand_cost",
    "pricing/publicOnDemandRate": "pricing_public_on_demand_rate",
    "pricing/term": "pricing_term",
    "pricing/unit": "pricing_unit",
    "reservation/ReservationARN": "reservation_reservation_a_r_n",
    "reservation/EffectiveCost": "reservation_effective_cost",
    "reservation/UnusedAmortizedUpfrontFeeForBillingPeriod": (
        "reservation_unused_amortized_upfront_fee_for_billing_period"
    ),
    "reservation/UnusedRecurringFee": "reservation_unused_recurring_fee",
    "savingsPlan/SavingsPlanARN": "savings_plan_savings_plan_a_r_n",
    "savingsPlan/SavingsPlanEffectiveCost": "savings_plan_savings_plan_effective_cost",
    "savingsPlan/TotalCommitmentToDate": "savings_plan_total_commitment_to_date",
    "savingsPlan/UsedCommitment": "savings_plan_used_commitment",
}
#: Only in CUR 2.0's ``product`` map.
IN_PRODUCT_MAP = {"product/ProductName": "product_name", "product/region": "region"}
#: CUR 2.0 stores these as doubles in Parquet (rates stay strings, as in AWS's schema).
DOUBLES = {
    "line_item_usage_amount",
    "line_item_unblended_cost",
    "pricing_public_on_demand_cost",
    "reservation_effective_cost",
    "reservation_unused_amortized_upfront_fee_for_billing_period",
    "reservation_unused_recurring_fee",
    "savings_plan_savings_plan_effective_cost",
    "savings_plan_total_commitment_to_date",
    "savings_plan_used_commitment",
}
NAIVE_TIMES = {"bill_billing_period_start_date", "bill_billing_period_end_date"}
UTC_TIMES = {"line_item_usage_start_date", "line_item_usage_end_date"}
ACCOUNT_NAMES = {
    "111122223333": "gov-cloud-payer",
    "444455556666": "chiyoda-juki-prod",
    "777788889999": "chiyoda-shared",
}


def legacy_rows() -> list[dict[str, str]]:
    with SMALL.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def cur2_records() -> list[dict[str, Any]]:
    """The small CUR as CUR 2.0 values: strings, decimals (as text), maps as dicts."""
    out = []
    for row in legacy_rows():
        rec: dict[str, Any] = {new: (row[old] or None) for old, new in RENAMED.items()}
        rec["product"] = {key: row[old] for old, key in IN_PRODUCT_MAP.items() if row[old]}
        tags = {
            "user_" + name.removeprefix("resourceTags/user:").lower(): value
            for name, value in row.items()
            if name.startswith("resourceTags/") and value
        }
        rec["resource_tags"] = tags
        rec["cost_category"] = {"municipality": "千代田区"} if tags else {}
        rec["discount"] = {"edp_discount": -7.8336} if row["identity/LineItemId"] == "li-usage-ec2" else {}
        rec["bill_payer_account_name"] = ACCOUNT_NAMES[row["bill/PayerAccountId"]]
        rec["line_item_usage_account_name"] = ACCOUNT_NAMES[row["lineItem/UsageAccountId"]]
        rec["billing_period"] = "2025-10"
        out.append(rec)
    return out


def _time(value: str | None, tz: dt.tzinfo | None) -> dt.datetime | None:
    if value is None:
        return None
    parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if tz else parsed.replace(tzinfo=None)


def write_parquet(path: Path, records: list[dict[str, Any]], drop: tuple[str, ...] = ()) -> Path:
    strmap = pa.map_(pa.string(), pa.string())
    columns: dict[str, pa.Array] = {}
    for name in records[0]:
        if name in drop:
            continue
        values = [r[name] for r in records]
        if name in DOUBLES:
            columns[name] = pa.array([None if v is None else float(v) for v in values], pa.float64())
        elif name in NAIVE_TIMES:
            columns[name] = pa.array([_time(v, None) for v in values], pa.timestamp("ms"))
        elif name in UTC_TIMES:
            columns[name] = pa.array([_time(v, dt.UTC) for v in values], pa.timestamp("ms", tz="UTC"))
        elif name == "discount":
            columns[name] = pa.array([list(v.items()) for v in values], pa.map_(pa.string(), pa.float64()))
        elif isinstance(values[0], dict):
            columns[name] = pa.array([list(v.items()) for v in values], strmap)
        else:
            columns[name] = pa.array(values, pa.string())
    pq.write_table(pa.table(columns), path)
    return path


def write_csv(
    path: Path, records: list[dict[str, Any]], edit: Callable[[list[dict[str, Any]]], None] | None = None
) -> Path:
    """CUR 2.0 CSV: maps as JSON text, numbers and dates as AWS writes them."""
    records = [dict(r) for r in records]
    if edit:
        edit(records)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(records[0]), lineterminator="\n")
    writer.writeheader()
    for r in records:
        writer.writerow(
            {
                k: json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else ("" if v is None else v)
                for k, v in r.items()
            }
        )
    data = buf.getvalue().encode("utf-8")
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
    return path


@pytest.fixture
def fx(tmp_path: Path) -> Path:
    path = tmp_path / "fx.csv"
    path.write_text("month,currency,jpy_per_unit\n2025-10,USD,150.25\n", encoding="utf-8")
    return path


def source_total() -> Decimal:
    """Independent of any importer: the decimals written in the fixture."""
    return sum((Decimal(r["lineItem/UnblendedCost"]) for r in legacy_rows()), Decimal(0))


def by_id(engine: Engine, key: str) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for r in engine.costs().to_pyarrow().to_pylist():
        out.setdefault(r[key], []).append(r)
    return out


#: FOCUS columns that both flavours fill identically (Tags differ in key case: see below).
SHARED = [c.name for c in FOCUS_COLUMNS if c.name not in ("Tags", "BillingAccountName", "SubAccountName")]


@pytest.mark.parametrize("form", ["parquet", "csv", "csv.gz"])
def test_cur2_equals_the_legacy_cur_row_for_row(tmp_path: Path, fx: Path, form: str) -> None:
    records = cur2_records()
    path = tmp_path / f"cur2.{form}"
    if form == "parquet":
        write_parquet(path, records)
    else:
        write_csv(path, records)
    with Engine(tmp_path / "legacy") as legacy, Engine(tmp_path / "cur2") as cur2:
        legacy.ingest([SMALL], fx=fx)
        report = cur2.ingest([path], fx=fx)[-1]
        assert (report.format, report.status, report.rows_read, report.rows_stored) == (
            "aws-cur2",
            "imported",
            16,
            16,
        )
        total = source_total()
        assert [(t.currency, t.source, t.ledger) for t in report.totals] == [("USD", total, total)]
        assert cur2.costs().BilledCost.sum().execute() == total

        old = by_id(legacy, "x_identity/LineItemId")
        new = by_id(cur2, "x_identity_line_item_id")
        assert sorted(old) == sorted(new)
        for key in old:
            for a, b in zip(old[key], new[key], strict=True):
                assert {c: a[c] for c in SHARED} == {c: b[c] for c in SHARED}, key
                # CUR 2.0 writes tag keys in snake case: user:Name arrives as user_name → user:name.
                tags_a = json.loads(a["Tags"]) if a["Tags"] else None
                tags_b = json.loads(b["Tags"]) if b["Tags"] else None
                assert tags_b == ({k.lower(): v for k, v in tags_a.items()} if tags_a else None), key
                assert (a["municipality_code"], a["business"]) == (b["municipality_code"], b["business"])


def test_cur2_parquet_maps_names_and_extras(engine: Engine, tmp_path: Path, fx: Path) -> None:
    path = write_parquet(tmp_path / "cur2.parquet", cur2_records())
    report = engine.ingest([path], fx=fx)[-1]
    rows = {r["x_identity_line_item_id"]: r for r in engine.costs().to_pyarrow().to_pylist()}
    ec2 = rows["li-usage-ec2"]
    assert json.loads(ec2["Tags"]) == {
        "user:name": "jukiweb-01",
        "user:municipality_code": "131016",
        "user:business": "住民基本台帳",
        "user:environment": "本番",
    }
    assert (ec2["municipality_code"], ec2["assignment"], ec2["ResourceName"]) == (
        "131016",
        "tags",
        "jukiweb-01",
    )
    assert ec2["ServiceName"] == "Amazon Elastic Compute Cloud"  # from product['product_name']
    assert rows["li-usage-s3"]["RegionId"] == "ap-northeast-1"  # product['region']: no product_region_code
    assert (ec2["BillingAccountName"], ec2["SubAccountName"]) == ("gov-cloud-payer", "chiyoda-juki-prod")
    assert ec2["ChargePeriodStart"] == dt.datetime(2025, 10, 1) and ec2["BillingPeriodEnd"] == dt.datetime(
        2025, 11, 1
    )
    assert rows["li-tax"]["Tags"] is None
    assert json.loads(ec2["x_discount"]) == {"edp_discount": -7.8336}
    assert json.loads(ec2["x_cost_category"]) == {"municipality": "千代田区"}
    assert json.loads(ec2["x_product"]) == {
        "product_name": "Amazon Elastic Compute Cloud",
        "region": "ap-northeast-1",
    }
    assert ec2["x_billing_period"] == "2025-10"
    assert "x_resource_tags" not in ec2 and "x_line_item_unblended_cost" not in ec2
    assert report.unassigned_rows == 9
    assert engine.costs().BilledCost.sum().execute() == source_total()


def test_legacy_cur_athena_parquet_with_flattened_tags(engine: Engine, tmp_path: Path, fx: Path) -> None:
    """The legacy CUR for Athena: snake-case names, product columns, one column per tag."""
    records = []
    for rec in cur2_records():
        product, tags = rec.pop("product"), rec.pop("resource_tags")
        for name in ("cost_category", "discount", "bill_payer_account_name", "line_item_usage_account_name"):
            rec.pop(name)
        rec["product_product_name"] = product.get("product_name")
        rec["product_region"] = product.get("region")
        for key in ("user_name", "user_municipality_code", "user_business", "user_environment"):
            rec[f"resource_tags_{key}"] = tags.get(key)
        records.append(rec)
    report = engine.ingest([write_parquet(tmp_path / "athena.parquet", records)], fx=fx)[-1]
    assert (report.format, report.rows_stored, report.unassigned_rows) == ("aws-cur2", 16, 9)
    assert report.totals[0].ledger == source_total()
    rows = {r["x_identity_line_item_id"]: r for r in engine.costs().to_pyarrow().to_pylist()}
    ec2 = rows["li-usage-ec2"]
    assert json.loads(ec2["Tags"]) == {
        "user:name": "jukiweb-01",
        "user:municipality_code": "131016",
        "user:business": "住民基本台帳",
        "user:environment": "本番",
    }
    assert (ec2["municipality_code"], ec2["ResourceName"], ec2["ServiceName"]) == (
        "131016",
        "jukiweb-01",
        "Amazon Elastic Compute Cloud",
    )
    assert rows["li-usage-s3"]["RegionId"] == "ap-northeast-1"
    assert rows["li-tax"]["Tags"] is None
    assert not any(c.startswith("x_resource_tags") for c in ec2)


def test_cur2_detection(tmp_path: Path) -> None:
    path = write_parquet(tmp_path / "cur2.parquet", cur2_records())
    assert detect_importer(SourceFile(path)).key == "aws-cur2"
    assert detect_importer(SourceFile(SMALL)).key == "aws-cur"


def test_cur2_same_file_twice_is_unchanged(engine: Engine, tmp_path: Path, fx: Path) -> None:
    path = write_parquet(tmp_path / "cur2.parquet", cur2_records())
    first = engine.ingest([path], fx=fx)[-1]
    before = ledger_state(engine)
    second = engine.ingest([path], fx=fx)[-1]
    assert (first.status, second.status, second.import_id) == ("imported", "unchanged", first.import_id)
    assert ledger_state(engine) == before and before[0] == 16


def test_cur2_replaces_the_legacy_import_of_the_same_month(engine: Engine, tmp_path: Path, fx: Path) -> None:
    engine.ingest([SMALL], fx=fx)
    path = write_parquet(tmp_path / "cur2.parquet", cur2_records())
    report = engine.ingest([path])[-1]
    assert report.status == "replaced" and len(report.replaced) == 1
    costs = engine.costs()
    assert costs.count().execute() == 16
    assert costs.BilledCost.sum().execute() == source_total()


# --- broken files ---------------------------------------------------------------------------------


@pytest.fixture
def loaded(engine: Engine, tmp_path: Path, fx: Path) -> Engine:
    engine.ingest([write_parquet(tmp_path / "base.parquet", cur2_records())], fx=fx)
    return engine


def failing(engine: Engine, path: Path) -> GovcostError:
    before = ledger_state(engine)
    with pytest.raises(GovcostError) as info:
        engine.ingest([path])
    assert ledger_state(engine) == before
    return info.value


def test_truncated_parquet(loaded: Engine, tmp_path: Path) -> None:
    whole = write_parquet(tmp_path / "whole.parquet", cur2_records()).read_bytes()
    path = tmp_path / "cut.parquet"
    path.write_bytes(whole[: len(whole) // 2])
    err = failing(loaded, path)
    assert err.key == "input.truncated" and err.file == str(path)


def test_truncated_csv_gz(loaded: Engine, tmp_path: Path) -> None:
    records = cur2_records() * 30
    whole = write_csv(tmp_path / "whole.csv.gz", records).read_bytes()
    path = tmp_path / "cut.csv.gz"
    path.write_bytes(whole[: len(whole) // 2])
    err = failing(loaded, path)
    assert err.key == "input.truncated" and err.file == str(path)


def test_cur2_missing_mandatory_column_is_named(loaded: Engine, tmp_path: Path) -> None:
    path = write_parquet(tmp_path / "no_currency.parquet", cur2_records(), drop=("line_item_currency_code",))
    err = failing(loaded, path)
    assert err.key == "input.missing_columns"
    assert err.params["columns"] == "line_item_currency_code"


def test_cur2_non_numeric_cost_names_row_and_column(loaded: Engine, tmp_path: Path) -> None:
    def corrupt(records: list[dict[str, Any]]) -> None:
        records[6][COST] = "n/a"  # the seventh data row: line 8

    path = write_csv(tmp_path / "bad.csv", cur2_records(), corrupt)
    err = failing(loaded, path)
    assert (err.key, err.file, err.row, err.column, err.found) == (
        "input.bad_decimal",
        str(path),
        8,
        COST,
        "n/a",
    )


def test_cur2_usage_outside_the_billing_period(loaded: Engine, tmp_path: Path) -> None:
    records = cur2_records()
    records[3]["line_item_usage_start_date"] = "2025-12-01T00:00:00.000Z"
    path = write_parquet(tmp_path / "late.parquet", records)
    err = failing(loaded, path)
    assert (err.key, err.row, err.column) == ("input.outside_period", 5, "line_item_usage_start_date")


def test_cur2_bad_tag_json_in_csv(loaded: Engine, tmp_path: Path) -> None:
    def corrupt(records: list[dict[str, Any]]) -> None:
        records[0]["resource_tags"] = '{"user_name": "jukiweb-01"'  # cut before its closing brace

    err = failing(loaded, write_csv(tmp_path / "tags.csv", cur2_records(), corrupt))
    assert (err.key, err.row, err.column) == ("input.bad_value", 2, "resource_tags")
