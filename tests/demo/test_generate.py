"""The sample data: deterministic, valid, reconciled to the yen, and carrying the problems it claims."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
import pytest
import yaml
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


def _aws(demo: DemoManifest, where: str = "true") -> duckdb.DuckDBPyRelation:
    """The AWS usage rows, typed as the rules read them: day, quantity and price as numbers."""
    files = ", ".join(f"'{p}'" for p in demo.aws_files)
    return duckdb.sql(
        "SELECT *, ChargePeriodStart::TIMESTAMP::DATE AS day, ConsumedQuantity::DECIMAL(38, 10) AS q, "
        "ListUnitPrice::DECIMAL(38, 10) AS price, regexp_replace(SkuMeter, '^APN[0-9]-', '') AS usage "
        f"FROM read_csv([{files}], all_varchar = true) WHERE ChargeCategory = 'Usage' AND ({where})"
    )


def _metrics(demo: DemoManifest, metric: str) -> duckdb.DuckDBPyRelation:
    files = ", ".join(f"'{p}'" for p in demo.metrics_files)
    return duckdb.sql(f"SELECT * FROM read_parquet([{files}]) WHERE metric = '{metric}'")


def _last_day(demo: DemoManifest) -> dt.date:
    year, month = map(int, demo.months[-1].split("-"))
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def _environments(demo: DemoManifest) -> dict[str, str]:
    """Account id → environment, from the account map and, for the accounts it leaves out, the tags."""
    env = {r["account_id"]: r["environment"] for r in _csv(demo.accounts)}
    tagged = _aws(demo, "Tags LIKE '%user:environment%'").aggregate(
        "SubAccountId, any_value(json_extract_string(Tags, '$.\"user:environment\"'))", "SubAccountId"
    )
    for acct, value in tagged.fetchall():
        env[acct] = {"production": "本番", "staging": "検証"}[value]
    return env


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
    hourly_metrics = ("cpu_percent", "memory_percent")
    assert {(r, m) for r, m, *_ in per if m in hourly_metrics} == {
        (r, m) for r in hours for m in hourly_metrics
    }
    for rid, metric, n, distinct, lo, hi, hourly in per:
        if metric in hourly_metrics:
            assert n == distinct == hours[rid]
            assert hourly and 0 <= lo <= hi <= 100
    # Daily, at 00:00 UTC: the network bytes of every instance, the GB in use of every volume.
    daily = metrics.filter("metric IN ('network_bytes', 'disk_used_gb')").aggregate(
        "metric, count(DISTINCT resource_id), bool_and(epoch(timestamp)::BIGINT % 86400 = 0), "
        "count(*) = count(DISTINCT (resource_id, timestamp)), min(value) > 0",
        "metric",
    )
    volumes = {
        r[0] for r in _aws(demo, "ResourceType = 'volume'").aggregate("ResourceId", "ResourceId").fetchall()
    }
    assert sorted(daily.fetchall()) == [
        ("disk_used_gb", len(volumes), True, True, True),
        ("network_bytes", len(hours), True, True, True),
    ]
    assert set(
        metrics.filter("metric = 'disk_used_gb'").aggregate("resource_id", "resource_id").fetchall()
    ) == {(v,) for v in volumes}


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


def test_verification_24x365_lists_exactly_the_always_running_verification_servers(
    demo: DemoManifest,
) -> None:
    last = _aws(demo, f"ResourceType = 'instance' AND BillingPeriodStart LIKE '{demo.months[-1]}%'")
    hours = last.aggregate("SubAccountId, ResourceId, sum(q)::BIGINT", "SubAccountId, ResourceId").fetchall()
    environment = _environments(demo)
    always = {i for acct, i, h in hours if environment.get(acct) == "検証" and h == 24 * _last_day(demo).day}
    assert always and always == set(demo.scenarios["verification_24x365"])
    names = dict(
        _aws(demo, "ResourceType = 'instance'")
        .aggregate("ResourceName, any_value(ResourceId)", "1")
        .fetchall()
    )
    assert names["poc-test01"] not in always
    assert not always & set(demo.scenarios["verification_scheduled"])


def test_unattached_volumes_are_billed_after_their_server_is_gone(demo: DemoManifest) -> None:
    # A volume is named after its server (<server>-root / <server>-data): the server's last billed
    # day against the volume's. (A server stopped outside office hours is not billed on its days
    # off, while its volumes are: a week's gap tells them apart.)
    last = dict(_aws(demo, "ResourceType = 'instance'").aggregate("ResourceName, max(day)", "1").fetchall())
    volumes = _aws(demo, "ResourceType = 'volume'").aggregate(
        "ResourceId, any_value(ResourceName), max(day), any_value(x_Operation), "
        "any_value(json_extract_string(Tags, '$.\"user:Name\"'))",
        "ResourceId",
    )
    outliving = {}
    for vid, name, until, operation, tag in volumes.fetchall():
        server = name.rsplit("-", 1)[0]
        assert tag == name and server in last
        if until > last[server] + dt.timedelta(days=7):
            outliving[vid] = (name, until, last[server], operation)
    assert set(outliving) == set(demo.scenarios["unattached_volumes"]) and len(outliving) == 2
    for name, until, gone, operation in outliving.values():
        assert name.endswith("-data") and operation.startswith("CreateVolume")
        assert until == _last_day(demo) and gone < until - dt.timedelta(days=30)


def test_old_snapshots_carry_their_creation_date(demo: DemoManifest) -> None:
    snaps = (
        _aws(demo, "ResourceType = 'snapshot'")
        .aggregate(
            "ResourceId, any_value(json_extract_string(Tags, '$.\"user:CreatedOn\"'))::DATE, "
            "count(DISTINCT (usage, x_Operation, PricingUnit, price)), any_value(usage), "
            "any_value(x_Operation), any_value(PricingUnit), any_value(price), min(day)",
            "ResourceId",
        )
        .fetchall()
    )
    assert snaps
    year_ago = _last_day(demo) - dt.timedelta(days=365)
    for rid, created, kinds, usage, operation, unit, price, first in snaps:
        assert re.fullmatch(r"arn:aws:ec2:ap-northeast-1:\d{12}:snapshot/snap-0[0-9a-f]{16}", rid)
        assert kinds == 1 and (usage, operation, unit, price) == (
            "EBS:SnapshotUsage",
            "CreateSnapshot",
            "GB-Mo",
            Decimal("0.05"),
        )
        assert first == max(created, dt.date.fromisoformat(demo.months[0] + "-01"))
    old = {rid for rid, created, *_ in snaps if created < year_ago - dt.timedelta(days=30)}
    assert old == set(demo.scenarios["old_snapshots"])
    # The recent ones (taken before a release) are in the ledger too, and not old.
    assert {rid for rid, created, *_ in snaps if created > year_ago} == {r for r, *_ in snaps} - old != set()
    accounts = {rid.split(":")[4] for rid in old}
    assert 2 <= len(accounts) and all(_environments(demo)[a] == "本番" for a in accounts)


def test_oversized_volumes_use_under_15_percent(demo: DemoManifest) -> None:
    size = dict(
        _aws(demo, "ResourceType = 'volume' AND usage LIKE 'EBS:VolumeUsage%'")
        .aggregate("ResourceId, any_value(json_extract(SkuPriceDetails, '$.DiskSpace'))::INT", "ResourceId")
        .fetchall()
    )
    p95 = dict(
        _metrics(demo, "disk_used_gb").aggregate("resource_id, quantile_cont(value, 0.95)", "1").fetchall()
    )
    share = {v: p95[v] / size[v] for v in p95}
    small = {v for v, s in share.items() if s < 0.15}
    assert small == set(demo.scenarios["oversized_volumes"]) and small
    assert all(size[v] == 2000 for v in small)
    assert min(s for v, s in share.items() if v not in small) > 0.35


def test_full_backups_are_far_out_of_line_with_the_data(demo: DemoManifest) -> None:
    # Per account, in the last month: GB-months in the backup vault against GB-months of EBS volumes.
    last = _aws(demo, f"BillingPeriodStart LIKE '{demo.months[-1]}%'").query(
        "last",
        "SELECT any_value(ResourceId) FILTER (ResourceType = 'backup-vault'), "
        "sum(q) FILTER (ResourceType = 'backup-vault'), "
        "sum(q) FILTER (ResourceType = 'volume' AND usage LIKE 'EBS:VolumeUsage%') "
        "FROM last GROUP BY SubAccountId HAVING count(*) FILTER (ResourceType = 'backup-vault') > 0",
    )
    ratio = {vault: backup / ebs for vault, backup, ebs in last.fetchall()}
    full = set(demo.scenarios["full_backups"])
    assert full and full < set(ratio)
    assert all(ratio[v] > 10 for v in full)
    assert all(r <= 2 for v, r in ratio.items() if v not in full)


def test_idle_addresses_and_load_balancers(demo: DemoManifest) -> None:
    eips = _aws(demo, "usage = 'ElasticIP:IdleAddress'").aggregate(
        "ResourceId, any_value(ResourceType), any_value(x_Operation), any_value(price), sum(q) / count(*)",
        "ResourceId",
    )
    assert {r[0] for r in eips.fetchall()} == set(demo.scenarios["idle_addresses"])
    assert {r[1:] for r in eips.fetchall()} == {("elastic-ip", "AssociateAddress", Decimal("0.005"), 24)}
    assert all(
        re.fullmatch(r"arn:aws:ec2:ap-northeast-1:\d{12}:elastic-ip/eipalloc-0[0-9a-f]{16}", r[0])
        for r in eips.fetchall()
    )
    lbs = (
        _aws(demo, "ResourceType = 'loadbalancer'")
        .aggregate(
            "ResourceId, any_value(SubAccountId), count(DISTINCT day), "
            "sum(q) FILTER (usage = 'LoadBalancerUsage'), sum(q) FILTER (usage = 'LCUUsage'), "
            "any_value(price) FILTER (usage = 'LoadBalancerUsage')",
            "ResourceId",
        )
        .fetchall()
    )
    environment = _environments(demo)
    idle = {rid for rid, _, days, hours, lcu, _ in lbs if lcu / days < Decimal("0.05")}
    assert idle == set(demo.scenarios["idle_load_balancers"]) and len(idle) == 1
    for rid, acct, days, hours, lcu, price in lbs:
        assert hours == 24 * days and price == Decimal("0.0243")
        assert environment[acct] == ("検証" if rid in idle else "本番")
        assert rid in idle or lcu / days > 1
    assert len(lbs) - len(idle) >= 2


def test_payers_with_and_without_a_savings_plan(demo: DemoManifest) -> None:
    files = ", ".join(f"'{p}'" for p in demo.aws_files)
    planned = {
        r[0]
        for r in duckdb.sql(
            f"SELECT DISTINCT BillingAccountId FROM read_csv([{files}], all_varchar = true) "
            "WHERE ChargeCategory = 'Purchase' AND CommitmentDiscountType = 'Savings Plan'"
        ).fetchall()
    }
    assert planned == set(demo.scenarios["savings_plan_payers"])
    environment = _environments(demo)
    period_hours = 24 * ((_last_day(demo) - dt.date.fromisoformat(demo.months[0] + "-01")).days + 1)
    steady = {
        payer
        for payer, acct, hours in _aws(demo, "ResourceType = 'instance'")
        .aggregate("BillingAccountId, SubAccountId, sum(q)", "ResourceId, BillingAccountId, SubAccountId")
        .fetchall()
        if environment.get(acct) == "本番" and hours == period_hours
    }
    assert steady - planned == set(demo.scenarios["uncovered_payers"])
    assert len(demo.scenarios["uncovered_payers"]) >= 2


def test_the_settings_file_declares_one_strict_dr_system(tmp_path: Path) -> None:
    demo = generate(tmp_path, municipalities=4, months=1)
    assert demo.settings == tmp_path / "optimize.yaml" and demo.settings in demo.files
    assert json.loads((tmp_path / "manifest.json").read_text("utf-8"))["settings"] == "optimize.yaml"
    text = demo.settings.read_text("utf-8")
    assert text.startswith("# 最適化の設定")
    settings = yaml.safe_load(text)
    assert settings["defaults"] == {
        "operating_hours": {"start": "08:00", "end": "20:00", "business_days_only": True},
        "stop_outside_hours": {"本番": False, "検証": True, "開発": True},
        "nfr": "standard",
        "log_retention_days": 400,
        "headroom_percent": 30,
        "lookback_days": 30,
    }
    strict = demo.scenarios["dr_strict_systems"]
    assert strict == list(settings["systems"]) and len(strict) == 1
    assert settings["systems"][strict[0]]["nfr"] == "strict"
    assert {"rto_hours", "disaster_restart_days", "note"} <= set(settings["systems"][strict[0]])
    # Both kinds of Osaka standby are there: the strict system's and a standard one.
    system_of = {r["account_id"]: r["system_id"] for r in _csv(demo.accounts)}
    osaka = {
        system_of[r[0]]
        for r in _aws(demo, "ResourceType = 'instance' AND RegionId = 'ap-northeast-3'")
        .aggregate("SubAccountId", "SubAccountId")
        .fetchall()
    }
    assert strict[0] in osaka and osaka - set(strict)
    # Below two Osaka systems none is strict, so the standard case is always there.
    small = generate(tmp_path / "small", municipalities=3, months=1)
    assert small.scenarios["dr_strict_systems"] == []
    assert yaml.safe_load(small.settings.read_text("utf-8"))["systems"] == {}


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
