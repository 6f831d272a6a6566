"""The demo's period, hour by hour in UTC (as clouds bill), with the municipal working day in JST.

The cost files and the metrics both read an instance's running hours from here, so the hours a
bill charges and the hours the metrics cover can never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from govcost.jp.calendar import is_business_day


@dataclass(frozen=True)
class Period:
    fiscal_year: int
    months: int

    @cached_property
    def month_starts(self) -> list[dt.date]:
        """The first day of each month, from April of the fiscal year."""
        out = []
        year, month = self.fiscal_year, 4
        for _ in range(self.months + 1):
            out.append(dt.date(year, month, 1))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out[:-1]

    @cached_property
    def end(self) -> dt.date:
        last = self.month_starts[-1]
        return dt.date(last.year + last.month // 12, last.month % 12 + 1, 1)

    @property
    def start(self) -> dt.date:
        return self.month_starts[0]

    @cached_property
    def days(self) -> list[dt.date]:
        n = (self.end - self.start).days
        return [self.start + dt.timedelta(days=i) for i in range(n)]

    @property
    def hours(self) -> int:
        return len(self.days) * 24

    def month_days(self, month: dt.date) -> range:
        """Indexes into :attr:`days` of one month."""
        first = (month - self.start).days
        nxt = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
        return range(first, (nxt - self.start).days)

    @cached_property
    def timestamps(self) -> np.ndarray:
        """Every hour of the period, UTC, as datetime64[s]."""
        start = np.datetime64(self.start.isoformat(), "s")
        return start + np.arange(self.hours, dtype="int64") * np.int64(3600)

    @cached_property
    def jst_hour(self) -> np.ndarray:
        return (np.arange(self.hours) + 9) % 24

    @cached_property
    def jst_business_day(self) -> np.ndarray:
        """Per hour: whether the JST date of that hour is a municipal working day."""
        # UTC hour h of the period falls on the JST date start + (h + 9) // 24 days.
        jst_days = [self.start + dt.timedelta(days=i) for i in range(len(self.days) + 1)]
        flags = np.array([is_business_day(d) for d in jst_days], dtype=bool)
        return flags[(np.arange(self.hours) + 9) // 24]

    @cached_property
    def office_hours(self) -> np.ndarray:
        """JST 8:00–20:00 on working days: when the counters are open and people use the systems."""
        h = self.jst_hour
        return self.jst_business_day & (h >= 8) & (h < 20)

    @cached_property
    def night_batch(self) -> np.ndarray:
        """JST 1:00–4:00 after a working day, when the nightly batch jobs run."""
        h = self.jst_hour
        prev_day = np.roll(self.jst_business_day, 24)
        return prev_day & (h >= 1) & (h < 4)

    @cached_property
    def month_of_hour(self) -> np.ndarray:
        """Calendar month (1–12) of each UTC hour."""
        months = np.array([d.month for d in self.days])
        return np.repeat(months, 24)

    @cached_property
    def business_day(self) -> np.ndarray:
        """Per UTC day: a municipal working day (the JST and UTC dates coincide for 15 of 24 hours)."""
        return np.array([is_business_day(d) for d in self.days], dtype=bool)

    def running(self, schedule: str, days: range | None = None) -> np.ndarray:
        """Per hour: whether an instance with this schedule is running."""
        if schedule == "business_hours":
            mask = self.office_hours.copy()
        else:
            mask = np.ones(self.hours, dtype=bool)
        if days is not None:
            alive = np.zeros(len(self.days), dtype=bool)
            alive[days.start : min(days.stop, len(self.days))] = True
            mask &= np.repeat(alive, 24)
        return mask
