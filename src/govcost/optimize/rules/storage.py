"""``storage``: EBS volumes, snapshots and backups that cost more than the data needs (guide 4)."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from decimal import Decimal

import ibis

from govcost.messages import msg
from govcost.optimize.base import RULES, Confidence, Finding, Rule
from govcost.optimize.context import Context, Resource
from govcost.optimize.rules._volumes import DiskUse, disk_use, is_root, server_of

GP2_TO_GP3 = "gp2-to-gp3"
TO_ST1 = "gp-to-st1"
OVERSIZED = "oversized"
UNATTACHED = "unattached"
OLD_SNAPSHOT = "old-snapshot"
FULL_BACKUP = "full-backup"

#: gp2 gives 3 IOPS per GB (3,000 at 1,000 GB, at most 16,000) and up to 250 MB/s; gp3 includes
#: 3,000 IOPS and 125 MB/s at any size, so up to 1,000 GB it matches gp2 at the same size.
GP2_IOPS_PER_GB = 3
GP2_MAX_IOPS = 16_000
GP2_MAX_THROUGHPUT = 250
GP3_BASE_IOPS = 3_000
GP3_BASE_THROUGHPUT = 125
GP3_BASELINE_UP_TO_GB = 1_000
#: gp3's list prices above its baseline, Tokyo and Osaka (2025-04-01): the catalog has no row for
#: them. Used only for a gp2 volume above 1,000 GB, whose baseline gp3 must then provision.
GP3_IOPS_USD = Decimal("0.006")  # per IOPS-month above 3,000
GP3_THROUGHPUT_USD = Decimal("0.048")  # per MB/s-month above 125
#: st1 (throughput HDD) suits sequential data — backups, archives, logs — from 125 GB; never a
#: boot volume.
ST1_MIN_GB = 125
ST1_ROLES = frozenset({"backup", "bkup", "archive", "log", "logs", "dump"})

#: A volume is far larger than used when the size it needs is at most half of what it has.
OVERSIZED_MAX_SHARE = Decimal("0.5")
#: The size it needs: the most used in the window plus the system's headroom plus a year's growth
#: (EBS grows online at any time: no capacity bought five years ahead), rounded up to 10 GB.
GROWTH_HORIZON_DAYS = 365
SIZE_STEP_GB = 10
MIN_SIZE_GB = 30
#: Days of ``disk_used_gb`` in the window needed to size a volume.
MIN_METRIC_DAYS = 7

#: A volume still billed this long after its server's last billed hour has lost its server.
UNATTACHED_AFTER = dt.timedelta(days=7)
#: Billed on the month's last day: not deleted already.
_LAST_DAY = dt.timedelta(days=1)

#: Incremental backups keep one copy of the data plus the changed blocks of each recovery point:
#: well under twice the provisioned volumes. Above three times, recovery points are full copies.
FULL_BACKUP_RATIO = Decimal(3)
INCREMENTAL_RATIO = Decimal(2)

_TOKEN = re.compile(r"[-_./\s]+")


@RULES.register("storage")
class StorageRule(Rule):
    """Block storage, snapshots and backups paid for beyond what the data needs. One rule, six
    checks, each finding naming its own in ``evidence.check``:

    - ``gp2-to-gp3``: a gp2 volume becomes gp3 of the same size (gp3's included 3,000 IOPS and
      125 MB/s match gp2 up to 1,000 GB; above, the finding adds the IOPS and throughput gp2 had).
      ``keeps`` = gp3 price (catalog) / gp2 price (the bill's own);
    - ``gp-to-st1``: a gp2/gp3 data volume of a backup, archive or log server, 125 GB or more,
      becomes throughput HDD st1 (io1/io2 are left alone: no IOPS metrics say they are unused);
    - ``oversized``: the daily ``disk_used_gb`` of the volume, at its highest in the window, plus
      the system's ``headroom_percent`` and a year's growth, needs at most half the size: move the
      data to a volume of that size (``keeps`` = new / old size on the GB part of the cost);
    - ``unattached``: a volume named after a server (``<server>-data``, ``-root``) still billed at
      the month's end a week or more after that server's last billed hour (``keeps`` 0);
    - ``old-snapshot``: a snapshot older (tag ``CreatedOn``, else its first billed day) than the
      longest retention the system's settings require (``log_retention_days``): delete it, or move
      it to the archive tier if it must be kept (``keeps`` 0);
    - ``full-backup``: AWS Backup storage more than three times the account's EBS volumes in the
      region (full copies, not incremental): the excess over twice the volumes at the bill's
      backup price.

    gp2-to-gp3 and oversized on one volume combine through ``keeps``. Example finding::

        rule: storage   resource: vol-0abc… (zei-131016-prd-ap01-root, gp2, 100 GB)
        evidence: check gp2-to-gp3, gp2_price_usd 0.12, gp3_price_usd 0.096, size_gb 100
        action: EBS ボリューム zei-131016-prd-ap01-root (100 GB) を gp2 から gp3 に変更してください …
        monthly saving: cost × (1 − 0.096 / 0.12) = 20 %
    """

    guide_ref = msg("rule.storage.guide_ref")
    title = msg("rule.storage.title")

    def evaluate(self, ctx: Context) -> list[Finding]:
        out: list[Finding] = []
        volumes = [v for v in ctx.of_type("volume") if _billed_at_month_end(ctx, v)]
        servers = _servers_last_billed(ctx, {v.account_id for v in volumes if v.account_id})
        named = {v.account_id for v in volumes if (v.account_id, server_of(v.name)) in servers}
        left: list[Resource] = []
        for vol in volumes:
            found = self._unattached(ctx, vol, servers, named)
            if found is not None:
                out.append(found)
            else:
                left.append(vol)
        usage = disk_use(ctx, [v.resource_id for v in left])
        for vol in left:
            for check in (self._type, self._oversized):
                found = check(ctx, vol, usage.get(vol.resource_id))
                if found is not None:
                    out.append(found)
        out += self._old_snapshots(ctx)
        out += self._full_backups(ctx)
        return out

    # --- type ---------------------------------------------------------------------------
    def _type(self, ctx: Context, vol: Resource, _use: DiskUse | None) -> Finding | None:
        kind = vol.volume_type
        size = vol.size_gb
        if kind not in ("gp2", "gp3") or not size or not vol.region_id or not vol.cost_jpy:
            return None
        current = _gb_price(ctx, vol, kind)
        if current is None:
            return None
        if _suits_st1(vol, size):
            st1 = ctx.catalog.get(vol.region_id, "ebs", "st1")
            if st1 is None or st1.usd >= current:
                return None
            keeps = st1.usd / current
            return self._volume_finding(
                ctx,
                vol,
                check=TO_ST1,
                action=msg(
                    "rule.storage.to_st1.action", name=vol.name or vol.resource_id, size=_gb(size), type=kind
                ),
                keeps=keeps,
                confidence="medium",
                evidence={
                    "volume_type": kind,
                    "size_gb": size,
                    "role": vol.role,
                    f"{kind}_price_usd": current,
                    "st1_price_usd": st1.usd,
                    "st1_price_taken_on": st1.taken_on,
                },
            )
        if kind != "gp2":
            return None
        gp3 = ctx.catalog.get(vol.region_id, "ebs", "gp3")
        if gp3 is None:
            return None
        evidence: dict[str, object] = {
            "volume_type": "gp2",
            "size_gb": size,
            "gp2_price_usd": current,
            "gp3_price_usd": gp3.usd,
            "gp3_price_taken_on": gp3.taken_on,
            "gp2_baseline_iops": min(max(100, int(size * GP2_IOPS_PER_GB)), GP2_MAX_IOPS),
            "gp3_baseline_iops": GP3_BASE_IOPS,
        }
        new_usd = gp3.usd * size
        if size > GP3_BASELINE_UP_TO_GB:
            iops = min(int(size * GP2_IOPS_PER_GB), GP2_MAX_IOPS) - GP3_BASE_IOPS
            throughput = GP2_MAX_THROUGHPUT - GP3_BASE_THROUGHPUT
            new_usd += iops * GP3_IOPS_USD + throughput * GP3_THROUGHPUT_USD
            evidence.update(
                gp3_extra_iops=iops,
                gp3_iops_price_usd=GP3_IOPS_USD,
                gp3_extra_throughput_mbps=throughput,
                gp3_throughput_price_usd=GP3_THROUGHPUT_USD,
            )
            action = msg(
                "rule.storage.gp2_to_gp3_large.action",
                name=vol.name or vol.resource_id,
                size=_gb(size),
                iops=iops + GP3_BASE_IOPS,
                throughput=GP2_MAX_THROUGHPUT,
            )
        else:
            action = msg("rule.storage.gp2_to_gp3.action", name=vol.name or vol.resource_id, size=_gb(size))
        keeps = new_usd / (current * size)
        if keeps >= 1:
            return None
        return self._volume_finding(
            ctx, vol, check=GP2_TO_GP3, action=action, keeps=keeps, confidence="high", evidence=evidence
        )

    # --- capacity -----------------------------------------------------------------------
    def _oversized(self, ctx: Context, vol: Resource, use: DiskUse | None) -> Finding | None:
        size = vol.size_gb
        if use is None or use.days < MIN_METRIC_DAYS or not size or not vol.cost_jpy:
            return None
        headroom = ctx.system_settings(vol).headroom_percent
        growth = max(0.0, use.growth_gb_per_day)
        needed = use.max_used_gb * (1 + headroom / 100) + growth * GROWTH_HORIZON_DAYS
        new_size = Decimal(max(MIN_SIZE_GB, math.ceil(needed / SIZE_STEP_GB) * SIZE_STEP_GB))
        if new_size > size * OVERSIZED_MAX_SHARE:
            return None
        gb_cost = sum((m.cost_jpy for m in vol.meters_in("GB-Mo")), Decimal(0))
        saving = gb_cost * (1 - new_size / size)
        keeps = 1 - saving / vol.cost_jpy
        return self._volume_finding(
            ctx,
            vol,
            check=OVERSIZED,
            action=msg(
                "rule.storage.oversized.action",
                name=vol.name or vol.resource_id,
                size=_gb(size),
                used=f"{use.max_used_gb:,.0f}",
                new=_gb(new_size),
                headroom=headroom,
            ),
            keeps=keeps,
            confidence="high" if use.days >= ctx.window_days * 0.9 else "medium",
            evidence={
                "volume_type": vol.volume_type,
                "size_gb": size,
                "max_used_gb": use.max_used_gb,
                "used_share": use.max_used_gb / float(size),
                "growth_gb_per_month": growth * 30,
                "days_of_data": use.days,
                "headroom_percent": headroom,
                "growth_horizon_days": GROWTH_HORIZON_DAYS,
                "recommended_gb": new_size,
                "gb_cost_jpy": gb_cost,
            },
        )

    # --- unattached ---------------------------------------------------------------------
    def _unattached(
        self,
        ctx: Context,
        vol: Resource,
        servers: dict[tuple[str | None, str], dt.datetime],
        named: set[str | None],
    ) -> Finding | None:
        server = server_of(vol.name)
        if server is None or not vol.cost_jpy:
            return None
        last = servers.get((vol.account_id, server))
        vol_last = vol.last_billed
        confidence: Confidence
        if last is None:
            # No server of that name was ever billed: trust the name only where the account's
            # other volumes are named after servers that are.
            if vol.account_id not in named:
                return None
            confidence = "low"
            action = msg("rule.storage.unattached_never.action", name=vol.name, server=server)
        elif vol_last is None or last > vol_last - UNATTACHED_AFTER:
            return None
        else:
            confidence = "medium"
            action = msg(
                "rule.storage.unattached.action",
                name=vol.name,
                server=server,
                since=f"{last - dt.timedelta(seconds=1):%Y-%m-%d}",
            )
        return self._volume_finding(
            ctx,
            vol,
            check=UNATTACHED,
            action=action,
            keeps=Decimal(0),
            confidence=confidence,
            evidence={
                "volume_type": vol.volume_type,
                "size_gb": vol.size_gb,
                "server": server,
                "server_last_billed": last,
                "volume_last_billed": vol_last,
            },
        )

    # --- snapshots ----------------------------------------------------------------------
    def _old_snapshots(self, ctx: Context) -> list[Finding]:
        snaps = [s for s in ctx.of_type("snapshot") if _billed_at_month_end(ctx, s) and s.cost_jpy]
        untagged = [s.resource_id for s in snaps if _created_on(s) is None]
        first = _first_billed(ctx, untagged)
        today = (ctx.month_end - _LAST_DAY).date()
        out = []
        for snap in snaps:
            created = _created_on(snap)
            source = "tag CreatedOn"
            if created is None and snap.resource_id in first:
                created, source = first[snap.resource_id], "first billed"
            if created is None:
                continue
            age = (today - created).days
            retention = ctx.system_settings(snap).log_retention_days
            if age <= retention:
                continue
            evidence: dict[str, object] = {
                "created_on": created,
                "created_from": source,
                "age_days": age,
                "required_retention_days": retention,
                "size_gb": snap.size_gb.quantize(Decimal("0.01")) if snap.size_gb else None,
                "name": snap.name,
            }
            archive = _archive_keeps(ctx, snap)
            if archive is not None:
                evidence.update(
                    archive_keeps=archive, archive_monthly_saving_jpy=snap.cost_jpy * (1 - archive)
                )
            out.append(
                self._volume_finding(
                    ctx,
                    snap,
                    check=OLD_SNAPSHOT,
                    action=msg(
                        "rule.storage.old_snapshot.action",
                        name=snap.name or snap.resource_id,
                        created=f"{created:%Y-%m-%d}",
                        age=age,
                        retention=retention,
                    ),
                    keeps=Decimal(0),
                    confidence="medium" if source.startswith("tag") else "low",
                    evidence=evidence,
                )
            )
        return out

    # --- backups ------------------------------------------------------------------------
    def _full_backups(self, ctx: Context) -> list[Finding]:
        out = []
        vaults = [
            r
            for r in ctx.resources.values()
            if (r.resource_type == "backup-vault" or r.service_name == "AWS Backup") and r.quantity("GB-Mo")
        ]
        volume_gb: dict[tuple[str | None, str | None], Decimal] = defaultdict(Decimal)
        for v in ctx.of_type("volume"):
            volume_gb[(v.account_id, v.region_id)] += v.quantity("GB-Mo")
        for vault in vaults:
            data_gb = volume_gb.get((vault.account_id, vault.region_id), Decimal(0))
            backup_gb = vault.quantity("GB-Mo")
            if not data_gb or not vault.cost_jpy:
                continue
            ratio = backup_gb / data_gb
            if ratio <= FULL_BACKUP_RATIO:
                continue
            target = data_gb * INCREMENTAL_RATIO
            keeps = target / backup_gb
            prices = [m.list_unit_price for m in vault.meters_in("GB-Mo") if m.list_unit_price]
            out.append(
                self._volume_finding(
                    ctx,
                    vault,
                    check=FULL_BACKUP,
                    action=msg(
                        "rule.storage.full_backup.action",
                        name=vault.name or vault.resource_id,
                        backup=_gb(backup_gb),
                        data=_gb(data_gb),
                        ratio=f"{ratio:.1f}",
                        target=INCREMENTAL_RATIO,
                    ),
                    keeps=keeps,
                    confidence="medium",
                    evidence={
                        "backup_gb_months": backup_gb,
                        "volume_gb_months": data_gb,
                        "ratio": ratio,
                        "full_backup_ratio": FULL_BACKUP_RATIO,
                        "target_ratio": INCREMENTAL_RATIO,
                        "excess_gb_months": backup_gb - target,
                        "backup_price_usd": max(prices) if prices else None,
                        "backup_price_jpy_per_gb_month": vault.cost_jpy / backup_gb,
                    },
                )
            )
        return out

    def _volume_finding(
        self,
        ctx: Context,
        res: Resource,
        *,
        check: str,
        action: str,
        keeps: Decimal,
        confidence: Confidence,
        evidence: dict[str, object],
    ) -> Finding:
        cost = res.cost_jpy
        return self.finding(
            ctx,
            res.resource_id,
            action=action,
            monthly_saving_jpy=cost * (1 - keeps),
            evidence={"check": check, **evidence, "monthly_cost_jpy": cost},
            confidence=confidence,
            keeps=keeps,
        )


def _gb(value: Decimal | float | int) -> str:
    """Whole GB for the action's text (the evidence keeps the exact figure)."""
    return f"{Decimal(str(value)).quantize(Decimal(1)):,}"


def _billed_at_month_end(ctx: Context, res: Resource) -> bool:
    last = res.last_billed
    return last is not None and last >= ctx.month_end - _LAST_DAY


def _gb_price(ctx: Context, vol: Resource, kind: str) -> Decimal | None:
    """The volume's USD per GB-month: the bill's list price, else the catalog's."""
    prices = [m.list_unit_price for m in vol.meters_in("GB-Mo") if m.list_unit_price]
    if prices:
        return max(prices)
    return ctx.catalog.usd(vol.region_id or "", "ebs", kind)


def _tokens(*texts: str | None) -> set[str]:
    out: set[str] = set()
    for text in texts:
        out |= {tok.rstrip("0123456789") for tok in _TOKEN.split((text or "").lower()) if tok}
    return out


def _suits_st1(vol: Resource, size: Decimal) -> bool:
    if size < ST1_MIN_GB or is_root(vol.name):
        return False
    return bool(_tokens(vol.role, server_of(vol.name)) & ST1_ROLES)


def _created_on(res: Resource) -> dt.date | None:
    for value in (res.tag("CreatedOn"), res.details.get("CreatedOn"), res.details.get("StartTime")):
        if not value:
            continue
        text = str(value).strip().replace("/", "-")[:10]
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            continue
    return None


def _archive_keeps(ctx: Context, snap: Resource) -> Decimal | None:
    """The share of a snapshot's cost the archive tier keeps (catalog prices)."""
    standard = ctx.catalog.get(snap.region_id or "", "ebs", "snapshot")
    archive = ctx.catalog.get(snap.region_id or "", "ebs", "snapshot-archive")
    if standard is None or archive is None or not standard.usd:
        return None
    return archive.usd / standard.usd


def _cloud_usage(ctx: Context) -> ibis.Table:
    c = ctx.engine.costs()
    return c.filter(
        (c.cost_source == "cloud")
        & (c.ChargeCategory == "Usage")
        & (c.ChargePeriodStart < ibis.literal(ctx.month_end))
    )


def _servers_last_billed(ctx: Context, accounts: set[str]) -> dict[tuple[str | None, str], dt.datetime]:
    """(account, server name) → the end of the server's last billed instance-hour, up to the month's
    end, over the whole ledger (a server terminated in an earlier month is there too)."""
    out: dict[tuple[str | None, str], dt.datetime] = {}
    if accounts:
        c = _cloud_usage(ctx)
        c = c.filter(
            (c.ResourceType == "instance")
            & (c.ConsumedQuantity > 0)
            & c.ResourceName.notnull()
            & c.SubAccountId.isin(sorted(accounts))
        )
        rows = c.group_by(account=c.SubAccountId, name=c.ResourceName).aggregate(last=c.ChargePeriodEnd.max())
        for r in rows.to_pyarrow().to_pylist():
            out[(r["account"], r["name"])] = r["last"]
    for inst in ctx.of_type("instance"):
        ends = [m.last for m in inst.meters_in("Hours") if m.last is not None and m.quantity > 0]
        if inst.name and ends:
            key = (inst.account_id, inst.name)
            out[key] = max(out.get(key, ends[0]), *ends)
    return out


def _first_billed(ctx: Context, ids: list[str]) -> dict[str, dt.date]:
    """Resource id → the first day the ledger bills it (a lower bound of its age)."""
    if not ids:
        return {}
    c = _cloud_usage(ctx)
    c = c.filter(c.ResourceId.isin(ids))
    rows = c.group_by(rid=c.ResourceId).aggregate(first=c.ChargePeriodStart.min())
    return {r["rid"]: r["first"].date() for r in rows.to_pyarrow().to_pylist() if r["first"] is not None}
