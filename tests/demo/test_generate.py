"""The sample data: deterministic, valid, reconciled to the yen, and carrying the problems it claims."""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
import pytest
from typer.testing import CliRunner

from govcost.cli import app
from govcost.demo import DemoManifest, generate
from govcost.demo.cost_lines import HEADERS
from govcost.demo.files import sha256
from govcost.engine import Engine
from govcost.errors import UsageError
from govcost.jp.businesses import ALL_BUSINESSES, ENVIRONMENTS, USAGES
from govcost.jp.codes import is_valid_code
from govcost.jp.money import format_yen
from govcost.schema import FOCUS_COLUMNS

SMALL = {"municipalities": 3, "months": 2}
CATEGORIES = {"ソフトウェア借料", "機器借料", "運用作業", "運用管理補助委託", "接続回線", "その他"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoManifest:
    return generate(tmp_path_factory.mktemp("demo"), **SMALL)


@pytest.fixture(scope="module")
def ledger(demo: DemoManifest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    eng = Engine(tmp_path_factory.mktemp("ledger") / "l")
    eng.ingest(demo.cost_files, accounts=demo.accounts, fx=demo.fx_rates)
    yield eng
    eng.close()


def _csv(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return list(csv.DictReader(io.StringIO(raw.decode(encoding))))


def _xlsx(path: Path) -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]  # type: ignore[arg-type]


def _focus(demo: DemoManifest) -> duckdb.DuckDBPyRelation:
    files = ", ".join(f"'{p}'" for p in [*demo.aws_files, *demo.azure_files])
    return duckdb.sql(f"SELECT * FROM read_csv([{files}], all_varchar = true, union_by_name = true)")


def _hashes(manifest: DemoManifest) -> dict[str, str]:
    return {p.relative_to(manifest.out_dir).as_posix(): sha256(p) for p in manifest.out_dir.rglob("*.*")}


# --- determinism --------------------------------------------------------------------------------
def test_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    a = _hashes(generate(tmp_path / "a", municipalities=2, months=1, seed=7))
    b = _hashes(generate(tmp_path / "b", municipalities=2, months=1, seed=7))
    assert a == b
    assert {"accounts.csv", "fx_rates.csv", "manifest.json"} <= set(a)
    assert any(k.endswith(".xlsx") for k in a) and any(k.endswith(".parquet") for k in a)
    c = _hashes(generate(tmp_path / "c", municipalities=2, months=1, seed=8))
    assert set(c) == set(a)
    assert c["aws/focus-2025-04.csv.gz"] != a["aws/focus-2025-04.csv.gz"]
    assert c["metrics/ec2-2025-04.parquet"] != a["metrics/ec2-2025-04.parquet"]


def test_a_smaller_run_leaves_no_files_of_a_larger_one(tmp_path: Path) -> None:
    generate(tmp_path, municipalities=1, months=2)
    small = generate(tmp_path, municipalities=1, months=1)
    assert sorted(p.name for p in (tmp_path / "aws").iterdir()) == [p.name for p in small.aws_files]


def test_arguments_out_of_range_are_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as exc:
        generate(tmp_path, municipalities=25)
    assert "24" in exc.value.render("ja") and "--municipalities" in exc.value.render("ja")
    with pytest.raises(UsageError):
        generate(tmp_path, months=0)
    with pytest.raises(UsageError):
        generate(tmp_path, scale=0)


def test_scale_multiplies_the_resources(tmp_path: Path) -> None:
    one = generate(tmp_path / "1", municipalities=1, months=1)
    two = generate(tmp_path / "2", municipalities=1, months=1, scale=2)
    assert two.instances >= 2 * one.instances - 2
    assert two.rows["aws"] > 1.5 * one.rows["aws"]


# --- domain validity ----------------------------------------------------------------------------
def test_codes_businesses_and_template_values_are_valid(demo: DemoManifest) -> None:
    accounts = _csv(demo.accounts)
    assert list(accounts[0]) == [
        "provider",
        "account_id",
        "municipality_code",
        "business",
        "environment",
        "system_id",
        "usage",
    ]
    assert demo.municipalities == ["131016", "131024", "131032"]
    assert all(is_valid_code(c) for c in demo.municipalities)
    for row in accounts:
        assert is_valid_code(row["municipality_code"])
        assert row["business"] in ALL_BUSINESSES
        assert row["environment"] in ENVIRONMENTS
        assert row["usage"] in USAGES
    lines = [r for p in demo.cost_line_files if p.suffix == ".xlsx" for r in _xlsx(p)]
    network = _csv(next(p for p in demo.cost_line_files if p.suffix == ".csv"), encoding="cp932")
    assert list(network[0]) == list(HEADERS)
    keys: Counter[tuple[object, ...]] = Counter()
    for row in [*lines, *network]:
        assert list(row) == list(HEADERS)
        assert is_valid_code(str(row["団体コード"]))
        assert row["業務"] in ALL_BUSINESSES
        assert row["費目"] in CATEGORIES
        assert row["環境"] in {*ENVIRONMENTS, "", None}
        assert row["利用形態"] in USAGES
        assert re.fullmatch(r"\d{4}-\d{2}", str(row["年月"]))
        amount = row["金額(円)"]
        # Whole yen: a number cell in the workbooks, digits in the CSV.
        assert type(amount) is int or (isinstance(amount, str) and amount.isdigit())
        keys[(str(row["団体コード"]), row["システムID"], row["費目"], row["年月"])] += 1
    assert max(keys.values()) == 1
    assert {r["費目"] for r in lines} >= {"ソフトウェア借料", "運用作業", "運用管理補助委託"}


def test_fx_rates_cover_every_month(demo: DemoManifest) -> None:
    rates = _csv(demo.fx_rates)
    assert [r["month"] for r in rates] == demo.months == ["2025-04", "2025-05"]
    for r in rates:
        assert r["currency"] == "USD"
        assert re.fullmatch(r"1[45]\d\.\d\d", r["jpy_per_unit"])
        assert Decimal(140) <= Decimal(r["jpy_per_unit"]) <= Decimal(160)


def test_focus_files_have_the_columns_and_exact_money(demo: DemoManifest) -> None:
    aws = _csv(demo.aws_files[0])
    assert set(aws[0]) >= {c.name for c in FOCUS_COLUMNS}
    assert {"x_Operation", "x_ServiceCode"} <= set(aws[0])
    assert {r["RegionId"] for r in aws} >= {"ap-northeast-1", "ap-northeast-3"}
    assert {r["ChargeCategory"] for r in aws} == {"Usage", "Purchase", "Tax", "Credit"}
    assert any(r["PricingCategory"] == "Committed" and r["BilledCost"] == "0" for r in aws)
    azure = _csv(demo.azure_files[0])
    assert azure[0]["ProviderName"] == "Microsoft" and "SubAccountType" not in azure[0]
    money = re.compile(r"^-?\d+(\.\d{1,10})?$")
    for row in [*aws, *azure]:
        for col in ("BilledCost", "EffectiveCost", "ListCost", "ContractedCost"):
            assert money.match(row[col]), (col, row[col])


# --- the ledger equals the files ----------------------------------------------------------------
def test_ledger_holds_the_billed_cost_of_every_month(demo: DemoManifest, ledger: Engine) -> None:
    source = dict(
        _focus(demo)
        .aggregate(
            "strftime(BillingPeriodStart::TIMESTAMP, '%Y-%m') || ' ' || ProviderName AS k, "
            "sum(BilledCost::DECIMAL(38, 10)) AS s",
            "k",
        )
        .fetchall()
    )
    costs = ledger.costs()
    cloud = costs.filter(costs.cost_source == "cloud")
    held = (
        cloud.group_by(k=cloud.BillingPeriodStart.strftime("%Y-%m").concat(" ", cloud.ProviderName))
        .aggregate(s=cloud.BilledCost.sum())
        .to_pyarrow()
        .to_pylist()
    )
    assert {r["k"]: r["s"] for r in held} == source
    assert set(source) == {"2025-04 AWS", "2025-05 AWS", "2025-04 Microsoft", "2025-05 Microsoft"}
    lines = sum(
        Decimal(str(r["金額(円)"]))
        for p in demo.cost_line_files
        for r in (_xlsx(p) if p.suffix == ".xlsx" else _csv(p, encoding="cp932"))
    )
    other = costs.filter(costs.cost_source != "cloud")
    assert other.BilledCost.sum().to_pyarrow().as_py() == lines


def test_account_map_leaves_out_only_the_tagged_and_the_unknown(demo: DemoManifest, ledger: Engine) -> None:
    mapped = {r["account_id"] for r in _csv(demo.accounts)}
    billed = {r[0] for r in _focus(demo).aggregate("SubAccountId", "SubAccountId").fetchall()}
    tagged = set(demo.scenarios["tag_resolved_accounts"])
    unknown = set(demo.scenarios["unresolved_accounts"])
    assert tagged and unknown
    assert billed - mapped == tagged | unknown
    assert mapped <= billed
    costs = ledger.costs()
    by = costs.group_by("SubAccountId", "assignment", "ChargeCategory").aggregate(n=costs.count())
    seen = by.to_pyarrow().to_pylist()
    assert {r["SubAccountId"] for r in seen if r["assignment"] == "tags"} == tagged
    unassigned = [r for r in seen if r["assignment"] == "none"]
    assert {r["SubAccountId"] for r in unassigned} == tagged | unknown
    # Tags resolve a tagged account's usage; only its tax rows (no resource, no tags) stay unassigned.
    assert all(r["ChargeCategory"] == "Tax" for r in unassigned if r["SubAccountId"] in tagged)
    assert sum(r["n"] for r in unassigned) < 50


# --- metrics and the scenarios ------------------------------------------------------------------
def test_metrics_cover_every_running_hour_of_every_instance(demo: DemoManifest) -> None:
    hours = dict(
        _focus(demo)
        .filter("ResourceType = 'instance'")
        .aggregate("ResourceId, sum(ConsumedQuantity::DECIMAL(18, 2))::BIGINT", "ResourceId")
        .fetchall()
    )
    assert len(hours) == demo.instances
    files = ", ".join(f"'{p}'" for p in demo.metrics_files)
    metrics = duckdb.sql(f"SELECT * FROM read_parquet([{files}])")
    per = metrics.aggregate(
        "resource_id, metric, count(*) AS n, count(DISTINCT timestamp) AS d, "
        "min(value) AS lo, max(value) AS hi, bool_and(epoch(timestamp)::BIGINT % 3600 = 0) AS hourly",
        "resource_id, metric",
    ).fetchall()
    assert {(r, m) for r, m, *_ in per} == {(r, m) for r in hours for m in ("cpu_percent", "memory_percent")}
    for rid, _, n, distinct, lo, hi, hourly in per:
        assert n == distinct == hours[rid]
        assert hourly and 0 <= lo <= hi <= 100


def _p95(demo: DemoManifest, ids: list[str]) -> dict[str, float]:
    files = ", ".join(f"'{p}'" for p in demo.metrics_files)
    listing = ", ".join(f"'{i}'" for i in ids)
    rows = duckdb.sql(
        f"SELECT resource_id, quantile_cont(value, 0.95) FROM read_parquet([{files}]) "
        f"WHERE metric = 'cpu_percent' AND resource_id IN ({listing}) GROUP BY 1"
    ).fetchall()
    return dict(rows)


def test_the_scenarios_hold(demo: DemoManifest) -> None:
    period_hours = 61 * 24
    focus = _focus(demo)
    instances = {
        r[0]: r[1:]
        for r in focus.filter("ResourceType = 'instance'")
        .aggregate(
            "ResourceId, any_value(SubAccountId), any_value(RegionId), any_value(SkuPriceDetails), "
            "sum(ConsumedQuantity::DECIMAL(18, 2))::BIGINT",
            "ResourceId",
        )
        .fetchall()
    }
    environment = {r["account_id"]: r["environment"] for r in _csv(demo.accounts)}
    always_on = [
        i for i, (acct, _, _, h) in instances.items() if environment.get(acct) == "検証" and h == period_hours
    ]
    assert always_on and set(always_on) <= set(demo.scenarios["verification_24x365"])
    standby = [i for i, (_, region, _, h) in instances.items() if region == "ap-northeast-3"]
    assert standby and set(standby) == set(demo.scenarios["osaka_standby"])
    assert all(instances[i][3] == period_hours for i in standby)
    assert any(p < 5 for p in _p95(demo, standby).values())
    oversized = demo.scenarios["oversized"]
    assert oversized and all('"CoreCount":16' in instances[i][2] for i in oversized)
    assert all(p < 10 for p in _p95(demo, oversized).values())
    busy = _p95(demo, [i for i in instances if i not in oversized and i not in standby])
    assert max(busy.values()) > 30
    names = {r[0] for r in focus.aggregate("ResourceName", "ResourceName").fetchall()}
    assert any(n and "backup-server" in n for n in names) and any(n and "zabbix" in n for n in names)
    assert demo.scenarios["gp2_volumes"] and demo.scenarios["old_generation"]
    assert demo.scenarios["joint_systems"]


# --- the command --------------------------------------------------------------------------------
def test_cli_demo_prints_the_ledger_total(tmp_path: Path) -> None:
    ledger, out = tmp_path / "ledger", tmp_path / "data"
    runner = CliRunner(env={"COLUMNS": "250"})
    args = ["--ledger", str(ledger), "demo", "--municipalities", "2", "--months", "1", "--no-serve"]
    result = runner.invoke(app, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    with Engine(ledger) as eng:
        costs = eng.costs()
        total = costs.billed_cost_jpy.sum().to_pyarrow().as_py()
        munis = {
            r["municipality_code"]
            for r in costs.select("municipality_code").distinct().to_pyarrow().to_pylist()
        }
    assert total > 0
    assert result.output.count(format_yen(total)) == 2  # the total row of both summaries
    assert "令和7年度" in result.output and "千代田区" in result.output and "中央区" in result.output
    assert munis >= {"131016", "131024"}
    assert "ダッシュボード" not in result.output
    again = runner.invoke(app, [*args, "--out", str(out)])
    assert again.exit_code == 0 and again.output.count(format_yen(total)) == 2
