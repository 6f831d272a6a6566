"""``dr-configuration``: a standby environment in the other region where the non-functional
requirement asks only for a backup-only configuration."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from govcost.jp.money import round_yen
from govcost.messages import Text, joined, msg
from govcost.optimize.base import RULES, Finding, Rule
from govcost.optimize.context import Context, Resource
from govcost.optimize.rules._standby import OSAKA, STANDBY_ROLES, TOKYO, is_standby, tokyo_systems
from govcost.optimize.settings import STANDARD_DISASTER_RESTART_DAYS, SystemSettings

#: CPU p95 (%) under which a standby is idle (a warm standby waiting); above it, it carries load
#: (active/active) and retiring it needs more than a DR review.
IDLE_P95 = 5.0
#: AWS's region codes in usage types (``APN1-APN3-AWS-Out-Bytes``: Tokyo to Osaka).
REGION_CODES = {TOKYO: "APN1", OSAKA: "APN3", "ap-northeast-2": "APN2", "us-east-1": "USE1"}
_TRANSFER = re.compile(r"^(?P<src>[A-Z]{2,4}\d)-(?P<dst>[A-Z]{2,4}\d)-AWS-Out-Bytes$")


@dataclass
class Transfer:
    """The month's inter-region transfer a system's ledger shows into one region."""

    gb: Decimal = Decimal(0)
    cost_jpy: Decimal = Decimal(0)
    meters: set[str] = field(default_factory=set)


@dataclass
class Standby:
    """A standby server, its volumes and its share of the system's replication transfer."""

    res: Resource
    volumes: list[Resource]
    transfer_gb: Decimal = Decimal(0)
    transfer_jpy: Decimal = Decimal(0)

    @property
    def volume_gb(self) -> Decimal:
        return sum((v.size_gb or Decimal(0) for v in self.volumes), Decimal(0))

    @property
    def volumes_cost_jpy(self) -> Decimal:
        return sum((v.cost_jpy for v in self.volumes), Decimal(0))

    @property
    def cost_jpy(self) -> Decimal:
        """What the standby costs a month: the server, its volumes, its share of the replication."""
        return self.res.cost_jpy + self.volumes_cost_jpy + self.transfer_jpy


@RULES.register("dr-configuration")
class DrConfigurationRule(Rule):
    """A DR standby runs all the time in the other region — active/active or a warm standby —
    where the system's non-functional requirement is the standard one (restart within one month
    after a large disaster, 非機能要求グレード A.1.4.1), which a backup-only configuration meets:
    AWS Backup cross-region copies of the data, and a rebuild from IaC and AMIs when needed.

    A standby is recognised by ``_standby.is_standby``: it runs in Osaka while its system runs in
    Tokyo, or its Role tag says standby/dr, or its name holds ``-dr-``; its CPU p95 (near zero for
    a warm standby) sets the confidence. Its volumes are the volumes of its account and region
    named after it (``<name>-root``, ``<name>-data``).

    One finding per standby server, covering the server, its volumes and its share (by volume GB)
    of the month's inter-region transfer from the system's ledger into the standby's region. The
    change leaves the backup copies of those volumes: GB × the catalog's AWS Backup price in the
    region they are copied to (the standby's, or Osaka for a standby in Tokyo). So
    ``monthly_cost_jpy`` is that bundle's cost, the saving is the bundle less the copies, and
    ``keeps`` = copy cost ÷ bundle cost: a finding of another rule on the server itself (an old
    generation) combines through ``keeps`` instead of adding to it. Rightsizing, idle and
    operating-hours leave standbys to this rule; the volumes and the transfer are in no other
    finding of it. Where the system's own requirement is stricter (``nfr: strict`` or a restart
    target under a month), the finding is informational: saving zero, no change recommended, and
    what a backup-only configuration would save kept in the evidence.
    Example finding::

        rule: dr-configuration   resource: i-0472… (juki-131016-dr-db01, ap-northeast-3, r6i.xlarge)
        evidence: instance 57,140 円, volumes 300 GB 4,533 円, replication 111.7 GB 1,582 円,
                  backup copy 300 GB × 0.05 USD × 157.38 = 2,361 円, cpu_p95 1.4 %, nfr standard
        action: ap-northeast-3 で常時稼働しているスタンバイ juki-131016-dr-db01(r6i.xlarge)とその
                ボリュームを廃止し、バックアップ構成(構成C)に切り替えてください …
        saving: 63,255 − 2,361 ≈ 60,894 円/月 (keeps 0.037)
    """

    guide_ref = msg("rule.dr_configuration.guide_ref")
    title = msg("rule.dr_configuration.title")

    def evaluate(self, ctx: Context) -> list[Finding]:
        servers = [res for res in ctx.instances() if is_standby(ctx, res)]
        if not servers:
            return []
        standbys = [Standby(res, _volumes_of(ctx, res)) for res in servers]
        _share_transfer(ctx, standbys)
        stats = ctx.metric_stats(["cpu_percent"], [s.res.resource_id for s in standbys])
        out = []
        for standby in standbys:
            cpu = stats.get((standby.res.resource_id, "cpu_percent"))
            finding = self._check(ctx, standby, cpu.p95 if cpu else None, cpu.count if cpu else 0)
            if finding is not None:
                out.append(finding)
        return out

    def _check(self, ctx: Context, standby: Standby, p95: float | None, samples: int) -> Finding | None:
        res = standby.res
        settings = ctx.system_settings(res)
        region = res.region_id or ""
        # The copies go to the other region: the standby's own, or Osaka for a standby in Tokyo.
        target = OSAKA if region == TOKYO else region
        price = ctx.catalog.get(target, "backup", "ebs-warm") or ctx.catalog.get(OSAKA, "backup", "ebs-warm")
        fx = ctx.fx(res)
        if price is None or fx is None:
            return None
        gb = standby.volume_gb
        backup_jpy = gb * price.usd * fx
        cost = standby.cost_jpy
        saving = cost - backup_jpy
        if saving <= 0:
            return None
        itype = res.instance_type_name or ""
        evidence = {
            "recognised_by": _recognised_by(ctx, res),
            "region": region,
            "instance_type": itype,
            "hours": res.hours,
            "instance_cost_jpy": res.cost_jpy,
            "volumes": [
                {
                    "id": v.resource_id,
                    "name": v.name,
                    "type": v.volume_type,
                    "size_gb": v.size_gb,
                    "cost_jpy": v.cost_jpy,
                }
                for v in standby.volumes
            ],
            "volumes_cost_jpy": standby.volumes_cost_jpy,
            "replication_gb": standby.transfer_gb,
            "replication_cost_jpy": standby.transfer_jpy,
            "standby_cost_jpy": cost,
            "backup_copy_region": target,
            "backup_copy_gb": gb,
            "backup_price_usd_per_gb_month": price.usd,
            "backup_price_taken_on": price.taken_on,
            "fx_jpy_per_usd": fx,
            "backup_copy_cost_jpy": backup_jpy,
            "cpu_p95": p95,
            "cpu_samples": samples,
            "nfr": settings.nfr,
            "disaster_restart_days": settings.disaster_restart_days,
            "rto_hours": settings.rto_hours,
        }
        name = res.name or res.resource_id
        if settings.strict_dr:
            return self.finding(
                ctx,
                res.resource_id,
                action=msg(
                    "rule.dr_configuration.strict",
                    requirement=_requirement(settings),
                    name=name,
                    itype=itype,
                    saving=f"{int(round_yen(saving)):,}",
                ),
                monthly_saving_jpy=Decimal(0),
                monthly_cost_jpy=cost,
                evidence={**evidence, "backup_only_saving_jpy": saving},
                confidence="high",
                informational=True,
            )
        replication = ""
        if standby.transfer_gb:
            replication = msg(
                "rule.dr_configuration.replication", region=region, gb=f"{standby.transfer_gb:,.1f}"
            )
        return self.finding(
            ctx,
            res.resource_id,
            action=msg(
                "rule.dr_configuration.action",
                region=region,
                target=target,
                name=name,
                itype=itype,
                gb=f"{gb:,.0f}",
                replication=replication,
            ),
            monthly_saving_jpy=saving,
            monthly_cost_jpy=cost,
            evidence=evidence,
            confidence="high" if p95 is not None and p95 < IDLE_P95 else "medium",
            keeps=backup_jpy / cost,
        )


def _volumes_of(ctx: Context, server: Resource) -> list[Resource]:
    """The volumes named after a server (``<name>``, ``<name>-root``, ``<name>-data``) in its
    account and region — the bill does not say which volume is attached to which server."""
    name = server.name
    if not name:
        return []
    out = []
    for vol in ctx.of_type("volume"):
        if vol.account_id != server.account_id or vol.region_id != server.region_id:
            continue
        if (
            server.availability_zone
            and vol.availability_zone
            and vol.availability_zone != server.availability_zone
        ):
            continue
        if vol.name == name or (vol.name or "").startswith(name + "-"):
            out.append(vol)
    return sorted(out, key=lambda v: v.resource_id)


def _share_transfer(ctx: Context, standbys: list[Standby]) -> None:
    """Split each system's inter-region transfer into the standby region among its standbys, by
    their volume GB (equally when none has a size); the shares add up to the ledger's amount."""
    groups: dict[tuple[str, str], list[Standby]] = defaultdict(list)
    for s in standbys:
        if s.res.system_id and s.res.region_id:
            groups[(s.res.system_id, s.res.region_id)].append(s)
    if not groups:
        return
    transfers = _transfers(ctx, {system for system, _ in groups})
    for (system, region), members in groups.items():
        total = transfers.get((system, region))
        if total is None or not total.cost_jpy:
            continue
        weights = [s.volume_gb for s in members]
        if not sum(weights):
            weights = [Decimal(1)] * len(members)
        whole = sum(weights, Decimal(0))
        gb_left, jpy_left = total.gb, total.cost_jpy
        for k, (s, w) in enumerate(zip(members, weights, strict=True)):
            if k == len(members) - 1:
                s.transfer_gb, s.transfer_jpy = gb_left, jpy_left
            else:
                s.transfer_gb = total.gb * w / whole
                s.transfer_jpy = total.cost_jpy * w / whole
                gb_left -= s.transfer_gb
                jpy_left -= s.transfer_jpy


def _transfers(ctx: Context, systems: set[str]) -> dict[tuple[str, str], Transfer]:
    """Per system and destination region: the month's inter-region transfer out of another region
    (usage type ``<from>-<to>-AWS-Out-Bytes``), in GB and yen."""
    codes = {code: region for region, code in REGION_CODES.items()}
    c = ctx.costs()
    c = c.filter(c.system_id.isin(sorted(systems)) & c.SkuMeter.endswith("-AWS-Out-Bytes"))
    rows = (
        c.group_by(system=c.system_id, meter=c.SkuMeter)
        .aggregate(gb=c.ConsumedQuantity.sum(), jpy=(c.EffectiveCost * c.fx_jpy_per_unit).sum())
        .to_pyarrow()
        .to_pylist()
    )
    out: dict[tuple[str, str], Transfer] = {}
    for r in rows:
        hit = _TRANSFER.match(r["meter"] or "")
        if not hit or hit["src"] == hit["dst"] or hit["dst"] not in codes:
            continue
        tr = out.setdefault((r["system"], codes[hit["dst"]]), Transfer())
        tr.gb += r["gb"] or Decimal(0)
        tr.cost_jpy += r["jpy"] or Decimal(0)
        tr.meters.add(r["meter"])
    return out


def _recognised_by(ctx: Context, res: Resource) -> list[str]:
    """Why the server counts as a standby (the evidence of ``is_standby``)."""
    why = []
    if res.region_id == OSAKA and res.system_id in tokyo_systems(ctx):
        why.append("region")
    if (res.role or "").strip().lower() in STANDBY_ROLES:
        why.append("tag")
    if "-dr-" in (res.name or "").lower():
        why.append("name")
    return why


def _requirement(settings: SystemSettings) -> Text:
    parts = []
    if settings.nfr == "strict":
        parts.append(msg("rule.dr_configuration.requirement.strict"))
    if settings.disaster_restart_days < STANDARD_DISASTER_RESTART_DAYS:
        parts.append(msg("rule.dr_configuration.requirement.restart", days=settings.disaster_restart_days))
    return joined(parts, " / ")
