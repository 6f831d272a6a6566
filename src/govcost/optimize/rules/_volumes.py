"""Which server an EBS volume belongs to, read from the names the vendors give their disks.

A volume is named after its server with a suffix: ``<server>-root``, ``<server>-data``,
``<server>-data2`` (also ``-disk``, ``-vol``, ``-ebs``, ``-os``). The bill names no attachment, so
this link is what ``storage`` uses to tell a volume left behind by a terminated server and what
``managed-services`` uses to count a self-built server's disks with it. A volume named otherwise
links to nothing, and neither rule guesses.

A module starting with ``_`` is not loaded as a rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from govcost.optimize.context import Context, Resource

DISK_USED = "disk_used_gb"
_LINK = re.compile(r"^(?P<server>.+)-(?P<kind>root|data|disk|vol|ebs|os)\d*$", re.IGNORECASE)


def server_of(volume_name: str | None) -> str | None:
    """The server name a volume name points to (``juki-prd-db01-data`` → ``juki-prd-db01``)."""
    hit = _LINK.match((volume_name or "").strip())
    return hit.group("server") if hit else None


def is_root(volume_name: str | None) -> bool:
    """Whether the name says it is the server's boot volume (``-root`` / ``-os``)."""
    hit = _LINK.match((volume_name or "").strip())
    return hit is not None and hit.group("kind").lower() in ("root", "os")


def volumes_of(ctx: Context, server: Resource) -> list[Resource]:
    """The volumes billed in the month whose name links them to ``server`` (same account)."""
    name = server.name
    if not name:
        return []
    return sorted(
        (v for v in ctx.of_type("volume") if v.account_id == server.account_id and server_of(v.name) == name),
        key=lambda v: v.resource_id,
    )


@dataclass(frozen=True)
class DiskUse:
    """The daily ``disk_used_gb`` of one volume over the look-back window."""

    days: int
    max_used_gb: float
    growth_gb_per_day: float


def disk_use(ctx: Context, ids: list[str]) -> dict[str, DiskUse]:
    """Volume id → the days it reported, the most GB in use and the trend (least squares, GB a day)."""
    if not ids:
        return {}
    m = ctx.metrics([DISK_USED], ids)
    m = m.mutate(day=m.timestamp.epoch_seconds().cast("float64") / 86400.0)
    agg = m.group_by("resource_id").aggregate(
        n=m.timestamp.date().nunique(),
        mx=m.value.max(),
        cov=m.day.cov(m.value, how="pop"),
        var=m.day.var(how="pop"),
    )
    out = {}
    for r in agg.to_pyarrow().to_pylist():
        if r["mx"] is None:
            continue
        slope = r["cov"] / r["var"] if r["var"] else 0.0
        out[r["resource_id"]] = DiskUse(int(r["n"]), float(r["mx"]), float(slope))
    return out
