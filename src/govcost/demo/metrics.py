"""Utilisation of every EC2 instance and EBS volume, as Parquet, one file a month.

Columns ``resource_id`` (as in the FOCUS ResourceId), ``timestamp`` (UTC), ``metric`` and ``value``:

- ``cpu_percent``, ``memory_percent``: per instance, hourly (on the hour), for every hour it runs
  and none while it is stopped;
- ``network_bytes``: per instance, daily (00:00 UTC), the bytes in and out that day, for every day
  it runs at least an hour;
- ``disk_used_gb``: per EBS volume (the volume id), daily (00:00 UTC), the GB in use that day as
  the CloudWatch agent in the instance reports it: for every day its instance runs at least an
  hour, so a volume left unattached has none after its instance is gone.

The load follows the municipal day: counters open JST 8:00–20:00 on working days, nightly batches
after them, tax peaks in June and February–March, moving season in March–April; standby servers
idle, oversized ones barely work. Volumes are 40–80 % used and grow slowly; the ones bought years
ahead stay under 15 %. Each series draws from a generator seeded by its resource id, so adding a
resource changes no other series.
"""

from __future__ import annotations

import datetime as dt
import zlib
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from govcost.demo.landscape import Account, Instance, Landscape, Volume
from govcost.demo.timeline import Period

METRICS = ("cpu_percent", "memory_percent", "disk_used_gb", "network_bytes")
#: Bytes in and out per hour: a floor (agents, health checks) and so much per CPU percent.
NET_FLOOR, NET_PER_CPU = 20e6, 80e6

#: profile → (idle CPU, office-hours CPU, night-batch CPU, memory level)
PROFILES: dict[str, tuple[float, float, float, float]] = {
    "prod_ap": (4.0, 28.0, 6.0, 62.0),
    "prod_db": (7.0, 24.0, 48.0, 74.0),
    "batch": (2.5, 6.0, 72.0, 45.0),
    "oversized": (1.2, 3.2, 1.0, 14.0),
    "standby": (0.6, 0.0, 0.0, 11.0),
    "verification": (1.4, 0.0, 0.0, 55.0),
    "backup": (1.0, 0.5, 42.0, 30.0),
    "monitoring": (9.0, 1.5, 0.0, 52.0),
    "poc": (3.0, 2.0, 0.0, 20.0),
    "migration": (3.0, 38.0, 0.0, 58.0),
}


def _season(period: Period, package: str) -> np.ndarray:
    month = period.month_of_hour
    factor = np.ones(period.hours)
    if package == "zei":
        factor[month == 6] = 1.5  # 住民税の当初課税・納税通知
        factor[(month == 2) | (month == 3)] = 1.35  # 確定申告・課税資料
    elif package == "juki":
        factor[(month == 3) | (month == 4)] = 1.4  # 転出入の繁忙期
    return factor


def utilisation(
    period: Period, acct: Account, inst: Instance, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """CPU and memory percent for every hour of the period (stopped hours included; masked later)."""
    idle, office, batch, memory = PROFILES[inst.profile]
    package = acct.system.package.key if acct.system else ""
    h = period.hours
    level = rng.uniform(0.75, 1.25)
    office_h = period.office_hours.astype(float)
    batch_h = period.night_batch.astype(float) if inst.role in ("db", "batch", "backup-server") else 0.0
    lunch = ((period.jst_hour == 12) & period.office_hours).astype(float)
    cpu = idle + office * level * office_h * _season(period, package) * (1 - 0.35 * lunch) + batch * batch_h
    if inst.profile == "verification":
        # Mostly idle, with a few test days a month during office hours.
        test_day = rng.random(len(period.days)) < 0.12
        cpu = cpu + 16.0 * level * np.repeat(test_day, 24) * office_h
    spread = np.where(office_h > 0, 0.12 * cpu + 0.8, 0.08 * cpu + 0.25)
    cpu = cpu + spread * rng.standard_normal(h)
    cpu = np.clip(cpu, 0.05, 100.0)
    mem = memory * level**0.3 + 6.0 * office_h * (memory > 40) + 1.5 * rng.standard_normal(h)
    mem = np.clip(mem, 1.0, 99.0)
    return np.round(cpu, 2), np.round(mem, 2)


def running_hours(period: Period, landscape: Landscape) -> dict[str, np.ndarray]:
    """Instance id → hours running per day of the period (what the bill charges)."""
    out = {}
    for _, inst in landscape.instances():
        mask = period.running(inst.schedule, inst.days)
        out[inst.id] = mask.reshape(-1, 24).sum(axis=1)
    return out


def _rng(seed: int, resource_id: str) -> np.random.Generator:
    return np.random.default_rng([seed, 0x3E7, zlib.crc32(resource_id.encode())])


def disk_used(period: Period, vol: Volume, rng: np.random.Generator) -> np.ndarray:
    """GB in use on each day of the period: the starting share, monthly growth, a little noise."""
    months = np.arange(len(period.days)) / 30.44
    share = np.minimum(vol.used + vol.growth * months, 0.97)
    share = share + 0.002 * rng.standard_normal(len(period.days))
    return np.round(vol.size_gb * np.clip(share, 0.0, 1.0), 2)


#: The metric files' columns.
SCHEMA = pa.schema(
    [
        ("resource_id", pa.dictionary(pa.int32(), pa.string())),
        ("timestamp", pa.timestamp("s", tz="UTC")),
        ("metric", pa.dictionary(pa.int8(), pa.string())),
        ("value", pa.float64()),
    ]
)


def _series(
    period: Period, instances: list[tuple[Account, Instance]], seed: int
) -> tuple[
    list[str], list[tuple[int, int, np.ndarray, np.ndarray]], list[tuple[int, int, np.ndarray, np.ndarray]]
]:
    """The resource ids (instances, then their volumes) and every hourly and daily series of these
    instances over the whole period: (resource index, metric index, rows mask, values)."""
    ids = [inst.id for _, inst in instances]
    hourly: list[tuple[int, int, np.ndarray, np.ndarray]] = []
    daily: list[tuple[int, int, np.ndarray, np.ndarray]] = []
    for k, (acct, inst) in enumerate(instances):
        rng = _rng(seed, inst.id)
        cpu, mem = utilisation(period, acct, inst, rng)
        mask = period.running(inst.schedule, inst.days)
        hourly += [(k, 0, mask, cpu), (k, 1, mask, mem)]
        # Daily series: the days the instance runs at least an hour.
        alive: np.ndarray = np.asarray(mask.reshape(-1, 24).any(axis=1))
        net = ((NET_FLOOR + NET_PER_CPU * cpu) * mask).reshape(-1, 24).sum(axis=1)
        net = np.round(net * rng.lognormal(0.0, 0.08, len(period.days)))
        for vol in inst.volumes:
            ids.append(vol.id)
            daily.append((len(ids) - 1, 2, alive, disk_used(period, vol, _rng(seed, vol.id))))
        daily.append((k, 3, alive, net))
    return ids, hourly, daily


def _month_table(
    period: Period,
    month: dt.date,
    ids: list[str],
    hourly: list[tuple[int, int, np.ndarray, np.ndarray]],
    daily: list[tuple[int, int, np.ndarray, np.ndarray]],
) -> pa.Table | None:
    """One month's rows of these series: hourly ones first, then daily ones; None when there are none."""
    days = period.month_days(month)
    lo, hi = days.start * 24, days.stop * 24
    day_stamps = period.timestamps[::24]
    parts: list[tuple[int, int, np.ndarray, np.ndarray]] = []
    for k, m, mask, values in hourly:
        at = np.flatnonzero(mask[lo:hi]) + lo
        parts.append((k, m, period.timestamps[at], values[at]))
    for k, m, on, values in daily:
        at = np.flatnonzero(on[days.start : days.stop]) + days.start
        parts.append((k, m, day_stamps[at], values[at]))
    parts = [part for part in parts if len(part[2])]
    if not parts:
        return None
    idx_parts = [np.full(len(t), k, dtype=np.int32) for k, _, t, _ in parts]
    metric_parts = [np.full(len(t), m, dtype=np.int8) for _, m, t, _ in parts]
    return pa.table(
        {
            "resource_id": pa.DictionaryArray.from_arrays(
                pa.array(np.concatenate(idx_parts)), pa.array(ids, pa.string())
            ),
            "timestamp": pa.array(np.concatenate([t for _, _, t, _ in parts]), pa.timestamp("s", tz="UTC")),
            "metric": pa.DictionaryArray.from_arrays(
                pa.array(np.concatenate(metric_parts)), pa.array(METRICS, pa.string())
            ),
            "value": pa.array(np.concatenate([v for _, _, _, v in parts]), pa.float64()),
        }
    )


def reports_metrics(seed: int, resource_id: str, share: float) -> bool:
    """Whether an instance is among the ``share`` of them that report metrics: drawn by its id, so
    the kept instances' series are those of the full set."""
    return share >= 1.0 or zlib.crc32(f"{seed}|{resource_id}".encode()) < share * 2**32


def write_metrics(
    landscape: Landscape,
    period: Period,
    out_dir: Path,
    seed: int,
    batch: int | None = None,
    share: float = 1.0,
    months: int | None = None,
) -> tuple[list[Path], int]:
    """One ``ec2-YYYY-MM.parquet`` per month; returns the files and the number of rows.

    ``batch``: the instances whose series are made at once (each batch a row group of every month's
    file), so that a national landscape never holds all its series in memory; None: all of them.
    ``share`` of the instances and the last ``months`` months only (None: all): a landscape of a
    hundred million cost rows would otherwise have billions of metric rows (bench/scale.py).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    instances = [pair for pair in landscape.instances() if reports_metrics(seed, pair[1].id, share)]
    size = batch or max(1, len(instances))
    written = period.month_starts[-months:] if months else period.month_starts
    paths = {month: out_dir / f"ec2-{month:%Y-%m}.parquet" for month in written}
    writers: dict[dt.date, pq.ParquetWriter] = {}
    total = 0
    try:
        for start in range(0, max(1, len(instances)), size):
            ids, hourly, daily = _series(period, instances[start : start + size], seed)
            for month, path in paths.items():
                table = _month_table(period, month, ids, hourly, daily)
                if table is None:
                    continue
                if month not in writers:
                    writers[month] = pq.ParquetWriter(path, SCHEMA, compression="zstd")
                writers[month].write_table(table)
                total += table.num_rows
        for month, path in paths.items():
            if month not in writers:
                writers[month] = pq.ParquetWriter(path, SCHEMA, compression="zstd")
    finally:
        for writer in writers.values():
            writer.close()
    return list(paths.values()), total
