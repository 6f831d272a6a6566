"""Per-system settings the rules weigh a resource against: operating hours, the non-functional
requirement, required log retention, rightsizing headroom.

A YAML file gives ``defaults`` and, under ``systems``, what differs for one system (by its
``system_id``); every key is optional and falls back to the defaults below, which follow the
non-functional requirements standard for core systems (restart within one month after a large
disaster, A.1.4.1) and the municipal working day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from govcost.configfile import read_yaml
from govcost.errors import InputError
from govcost.jp.calendar import is_business_day
from govcost.messages import Text, msg

Nfr = Literal["standard", "strict"]
ENVIRONMENTS = ("本番", "検証", "開発")
#: Restart after a large disaster within one month: the standard's level for core systems.
STANDARD_DISASTER_RESTART_DAYS = 30


@dataclass(frozen=True)
class OperatingHours:
    """When a system is used, in Japan time: ``start``–``end`` on business days (or every day)."""

    start: dt.time = dt.time(8, 0)
    end: dt.time = dt.time(20, 0)
    business_days_only: bool = True

    def is_operating(self, jst: dt.datetime) -> bool:
        if self.business_days_only and not is_business_day(jst.date()):
            return False
        return self.start <= jst.time() < self.end

    @property
    def hours_per_day(self) -> int:
        return self.end.hour - self.start.hour

    def label(self) -> Text:
        key = "business_days" if self.business_days_only else "every_day"
        return msg(
            f"rule.operating_hours.schedule.{key}", start=f"{self.start:%H:%M}", end=f"{self.end:%H:%M}"
        )

    def cron(self) -> tuple[str, str]:
        """Start and stop as cron expressions in JST (holidays are left to the scheduler's calendar)."""
        days = "1-5" if self.business_days_only else "*"
        return (
            f"{self.start.minute} {self.start.hour} * * {days}",
            f"{self.end.minute} {self.end.hour} * * {days}",
        )

    def tag_value(self) -> str:
        """A schedule tag value in the style of AWS Instance Scheduler (``jp-office-hours``)."""
        days = "weekdays" if self.business_days_only else "everyday"
        return f"{days}-{self.start:%H%M}-{self.end:%H%M}-jst-jp-holidays"


@dataclass(frozen=True)
class SystemSettings:
    operating_hours: OperatingHours = field(default_factory=OperatingHours)
    #: Environment → whether instances may be stopped outside the operating hours. Production is
    #: not stopped unless a system says so: online services (コンビニ交付 and others) run at night.
    stop_outside_hours: dict[str, bool] = field(
        default_factory=lambda: {"本番": False, "検証": True, "開発": True}
    )
    nfr: Nfr = "standard"
    rto_hours: int | None = None
    disaster_restart_days: int = STANDARD_DISASTER_RESTART_DAYS
    log_retention_days: int = 400
    headroom_percent: int = 30
    lookback_days: int = 30
    note: str = ""

    @property
    def strict_dr(self) -> bool:
        """A requirement a backup-only DR configuration cannot meet."""
        return self.nfr == "strict" or self.disaster_restart_days < STANDARD_DISASTER_RESTART_DAYS

    def may_stop(self, environment: str | None) -> bool:
        return bool(self.stop_outside_hours.get(environment or "", False))


@dataclass(frozen=True)
class Settings:
    defaults: SystemSettings = field(default_factory=SystemSettings)
    systems: dict[str, SystemSettings] = field(default_factory=dict)
    source: str = ""

    def for_system(self, system_id: str | None) -> SystemSettings:
        return self.systems.get(system_id or "", self.defaults)

    @classmethod
    def load(cls, path: Path | str | None) -> Settings:
        if path is None:
            return cls()
        p = Path(path)
        data = read_yaml(p)
        if not isinstance(data, dict):
            raise InputError("settings.bad_value", file=str(p), column="(top)", found=type(data).__name__)
        defaults = _system(SystemSettings(), data.get("defaults") or {}, str(p), "defaults")
        systems = {
            str(k): _system(defaults, v or {}, str(p), f"systems.{k}")
            for k, v in (data.get("systems") or {}).items()
        }
        return cls(defaults, systems, str(p))


def _time(value: Any, file: str, where: str) -> dt.time:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        # YAML 1.1 reads an unquoted 20:00 as the sexagesimal number 1200 (minutes).
        return dt.time(*divmod(value, 60))
    try:
        hh, mm = str(value).split(":")
        return dt.time(int(hh), int(mm))
    except ValueError as exc:
        raise InputError(
            "settings.bad_value", file=file, column=where, expected="HH:MM", found=str(value)
        ) from exc


def _bool(value: Any, file: str, where: str) -> bool:
    if not isinstance(value, bool):
        raise InputError(
            "settings.bad_value", file=file, column=where, expected="true / false", found=str(value)
        )
    return value


def _int(value: Any, file: str, where: str, low: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise InputError(
            "settings.bad_value", file=file, column=where, expected=f"{low} 以上の整数", found=str(value)
        )
    return value


def _system(base: SystemSettings, raw: dict[str, Any], file: str, where: str) -> SystemSettings:
    """``base`` with the keys of ``raw`` applied; an unknown key or a bad value names itself."""
    if not isinstance(raw, dict):
        raise InputError("settings.bad_value", file=file, column=where, found=str(raw))
    out = base
    for key, value in raw.items():
        at = f"{where}.{key}"
        if key == "operating_hours":
            oh = out.operating_hours
            if not isinstance(value, dict):
                raise InputError("settings.bad_value", file=file, column=at, found=str(value))
            out = replace(
                out,
                operating_hours=OperatingHours(
                    _time(value["start"], file, at + ".start") if "start" in value else oh.start,
                    _time(value["end"], file, at + ".end") if "end" in value else oh.end,
                    _bool(
                        value.get("business_days_only", oh.business_days_only),
                        file,
                        at + ".business_days_only",
                    ),
                ),
            )
            if out.operating_hours.end <= out.operating_hours.start:
                raise InputError(
                    "settings.bad_value", file=file, column=at, expected="start < end", found=str(value)
                )
        elif key == "stop_outside_hours":
            if not isinstance(value, dict) or not set(value) <= set(ENVIRONMENTS):
                raise InputError(
                    "settings.bad_value",
                    file=file,
                    column=at,
                    expected=" / ".join(ENVIRONMENTS),
                    found=str(value),
                )
            out = replace(
                out,
                stop_outside_hours={
                    **out.stop_outside_hours,
                    **{k: _bool(v, file, f"{at}.{k}") for k, v in value.items()},
                },
            )
        elif key == "nfr":
            if value not in ("standard", "strict"):
                raise InputError(
                    "settings.bad_value", file=file, column=at, expected="standard / strict", found=str(value)
                )
            out = replace(out, nfr=value)
        elif key == "rto_hours":
            out = replace(out, rto_hours=_int(value, file, at, 1))
        elif key == "disaster_restart_days":
            out = replace(out, disaster_restart_days=_int(value, file, at, 1))
        elif key == "log_retention_days":
            out = replace(out, log_retention_days=_int(value, file, at, 1))
        elif key == "headroom_percent":
            out = replace(out, headroom_percent=min(_int(value, file, at, 0), 90))
        elif key == "lookback_days":
            out = replace(out, lookback_days=_int(value, file, at, 1))
        elif key == "note":
            out = replace(out, note=str(value))
        else:
            raise InputError("settings.unknown_key", file=file, column=at)
    return out
