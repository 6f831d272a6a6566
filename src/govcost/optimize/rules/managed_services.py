"""``managed-services``: self-built backup, monitoring, log and job servers a managed service
replaces (guide 3)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from govcost.jp.money import format_yen
from govcost.messages import msg
from govcost.optimize.base import RULES, Finding, Rule
from govcost.optimize.context import Context, Resource
from govcost.optimize.rules._volumes import DiskUse, disk_use, is_root, volumes_of

_TOKEN = re.compile(r"[-_./\s]+")

#: What a managed service costs instead, where the catalog has no price: AWS list prices (Tokyo,
#: 2025-04-01), in USD, with the quantity assumed. Shown in each finding's evidence.
CW_CUSTOM_METRIC_USD = Decimal("0.30")  # per custom metric-month (CloudWatch agent: memory, disk …)
CW_ALARM_USD = Decimal("0.10")  # per standard alarm-month
METRICS_PER_SERVER = 10
ALARMS_PER_SERVER = 10
CW_LOGS_INGEST_USD = Decimal("0.76")  # per GB ingested into CloudWatch Logs
#: EventBridge Scheduler (14 million invocations a month free) and Step Functions ($0.025 per 1,000
#: state transitions): a municipal system's nightly jobs, up to 200,000 transitions a month.
JOB_SERVICE_USD = Decimal("5")


@dataclass(frozen=True)
class Kind:
    """A kind of operations server and the managed service that replaces it."""

    key: str
    tokens: frozenset[str]
    service: str


KINDS = (
    Kind(
        "backup",
        frozenset({"backup", "bkup", "bak", "veeam", "arcserve", "netbackup", "backupexec"}),
        "AWS Backup",
    ),
    Kind(
        "monitoring",
        frozenset({"zabbix", "monitor", "monitoring", "mon", "nagios", "hinemos", "prometheus", "mackerel"}),
        "Amazon CloudWatch / Amazon Managed Grafana",
    ),
    Kind(
        "log",
        frozenset({"log", "logs", "syslog", "fluentd", "logstash", "elk", "splunk", "loki"}),
        "Amazon CloudWatch Logs",
    ),
    Kind(
        "job",
        frozenset({"job", "jobs", "jp1", "ajs", "senju", "scheduler", "cron"}),
        "Amazon EventBridge Scheduler / AWS Step Functions",
    ),
)


@RULES.register("managed-services")
class ManagedServicesRule(Rule):
    """A server built to do what a managed service does: backup (AWS Backup), monitoring
    (Amazon CloudWatch, Amazon Managed Grafana), log collection (CloudWatch Logs) or job scheduling
    (EventBridge Scheduler, Step Functions). Recognised by its ``Role`` tag, else by its name
    (``backup-server``, ``zabbix``, ``monitoring``, ``syslog``, ``jp1`` …), never by a guess:
    a ``Role`` tag that names another role (``ap``, ``batch``) rules the name out.

    The saving is the month's cost of the server and of its volumes (``<server>-root``,
    ``<server>-data``) minus what the managed service would cost: AWS Backup at the catalog's
    price for the GB the server holds (its ``disk_used_gb``, else the volumes' size); CloudWatch at
    10 custom metrics and 10 alarms per server of the system; CloudWatch Logs at the catalog's
    storage price for the GB held plus ingestion for a month's growth; 5 USD a month of
    EventBridge / Step Functions for a job server. Every assumption is in the evidence. One finding
    for the server and one for each volume, each keeping the same share (the estimate over the
    total), so that other rules' findings on the same resources combine without counting a yen
    twice. Confidence is medium: the vendor must confirm the managed service meets the
    requirement. Example finding::

        rule: managed-services   resource: i-0abc… (zei-131016-prd-backup-server01, m5.large)
        evidence: kind backup, server_cost_jpy 13,900, volumes 2 (st1 2,000 GB, gp2 100 GB),
                  total_cost_jpy 32,300, managed_gb 1,180, estimate_usd 59.0 (AWS Backup 0.05/GB-Mo)
        action: 自前のバックアップサーバ zei-131016-prd-backup-server01 を廃止し、AWS Backup に置き換え …
    """

    guide_ref = msg("rule.managed_services.guide_ref")
    title = msg("rule.managed_services.title")

    def evaluate(self, ctx: Context) -> list[Finding]:
        out: list[Finding] = []
        servers = [(s, kind_of(s)) for s in ctx.instances()]
        found = [(s, k) for s, k in servers if k is not None]
        if not found:
            return out
        ids = [v.resource_id for s, _ in found for v in volumes_of(ctx, s)]
        used = disk_use(ctx, ids)
        for server, kind in found:
            assert kind is not None
            out += self._check(ctx, server, kind, used)
        return out

    def _check(self, ctx: Context, server: Resource, kind: Kind, used: dict[str, DiskUse]) -> list[Finding]:
        volumes = volumes_of(ctx, server)
        total = server.cost_jpy + sum((v.cost_jpy for v in volumes), Decimal(0))
        fx = ctx.fx(server)
        if not total or fx is None:
            return []
        estimate = _estimate(ctx, server, kind, volumes, used)
        if estimate is None:
            return []
        usd, basis = estimate
        estimate_jpy = usd * fx
        if estimate_jpy >= total:
            return []
        keeps = estimate_jpy / total
        name = server.name or server.resource_id
        evidence: dict[str, Any] = {
            "kind": kind.key,
            "role": server.role,
            "instance_type": server.instance_type_name,
            "hours": server.hours,
            "server_cost_jpy": server.cost_jpy,
            "volumes": [
                {
                    "id": v.resource_id,
                    "name": v.name,
                    "type": v.volume_type,
                    "size_gb": v.size_gb,
                    "cost_jpy": v.cost_jpy,
                }
                for v in volumes
            ],
            "total_cost_jpy": total,
            "managed_service": kind.service,
            "estimate_usd": usd,
            "estimate_jpy": estimate_jpy,
            "saving_jpy": total - estimate_jpy,
            "fx_jpy_per_usd": fx,
            **basis,
        }
        out = [
            self.finding(
                ctx,
                server.resource_id,
                action=msg(
                    f"rule.managed_services.{kind.key}.action",
                    name=name,
                    volumes=len(volumes),
                    estimate=format_yen(estimate_jpy),
                ),
                monthly_saving_jpy=server.cost_jpy * (1 - keeps),
                evidence={**evidence, "server": server.resource_id},
                confidence="medium",
                keeps=keeps,
            )
        ]
        for vol in volumes:
            out.append(
                self.finding(
                    ctx,
                    vol.resource_id,
                    action=msg(
                        "rule.managed_services.volume.action", name=vol.name or vol.resource_id, server=name
                    ),
                    monthly_saving_jpy=vol.cost_jpy * (1 - keeps),
                    evidence={
                        "kind": kind.key,
                        "server": server.resource_id,
                        "server_name": name,
                        "keeps": keeps,
                    },
                    confidence="medium",
                    keeps=keeps,
                )
            )
        return out


def kind_of(server: Resource) -> Kind | None:
    """The operations role a server plays: its ``Role`` tag where it has one, else its name."""
    tokens = _tokens(server.role or server.name)
    for kind in KINDS:
        if tokens & kind.tokens:
            return kind
    return None


def _tokens(text: str | None) -> set[str]:
    return {tok.rstrip("0123456789") for tok in _TOKEN.split((text or "").lower()) if tok}


def _held_gb(volumes: list[Resource], used: dict[str, DiskUse]) -> tuple[Decimal, str]:
    """The GB the server's data volumes hold (the boot volume only when it has no other)."""
    data = [v for v in volumes if not is_root(v.name)] or volumes
    total = Decimal(0)
    measured = True
    for v in data:
        if v.resource_id in used:
            total += Decimal(str(round(used[v.resource_id].max_used_gb, 2)))
        else:
            measured = False
            total += v.size_gb or Decimal(0)
    return total, ("disk_used_gb" if measured else "volume size")


def _estimate(
    ctx: Context, server: Resource, kind: Kind, volumes: list[Resource], used: dict[str, DiskUse]
) -> tuple[Decimal, dict[str, Any]] | None:
    """USD a month the managed service costs, and the figures the estimate rests on."""
    region = server.region_id or ""
    if kind.key == "backup":
        price = ctx.catalog.get(region, "backup", "ebs-warm")
        if price is None:
            return None
        gb, source = _held_gb(volumes, used)
        return gb * price.usd, {
            "managed_gb": gb,
            "managed_gb_from": source,
            "backup_price_usd": price.usd,
            "backup_price_taken_on": price.taken_on,
        }
    if kind.key == "monitoring":
        monitored = [
            i
            for i in ctx.instances()
            if i.system_id and i.system_id == server.system_id and i.resource_id != server.resource_id
        ]
        n = max(1, len(monitored))
        per_server = METRICS_PER_SERVER * CW_CUSTOM_METRIC_USD + ALARMS_PER_SERVER * CW_ALARM_USD
        return n * per_server, {
            "monitored_servers": n,
            "custom_metrics_per_server": METRICS_PER_SERVER,
            "custom_metric_price_usd": CW_CUSTOM_METRIC_USD,
            "alarms_per_server": ALARMS_PER_SERVER,
            "alarm_price_usd": CW_ALARM_USD,
        }
    if kind.key == "log":
        price = ctx.catalog.get(region, "logs", "storage")
        if price is None:
            return None
        gb, source = _held_gb(volumes, used)
        growth = sum(
            (
                Decimal(str(round(max(0.0, used[v.resource_id].growth_gb_per_day) * 30, 2)))
                for v in volumes
                if v.resource_id in used
            ),
            Decimal(0),
        )
        if not growth:
            growth = (gb / 12).quantize(Decimal("0.01"))
        return gb * price.usd + growth * CW_LOGS_INGEST_USD, {
            "managed_gb": gb,
            "managed_gb_from": source,
            "logs_storage_price_usd": price.usd,
            "logs_storage_price_taken_on": price.taken_on,
            "ingest_gb_per_month": growth,
            "ingest_price_usd": CW_LOGS_INGEST_USD,
        }
    return JOB_SERVICE_USD, {"job_service_usd": JOB_SERVICE_USD}
