"""Reading a scenario file: YAML, every number kept as a decimal (never a float), every mistake named
by the file and the key where it is (``steps[2].curve.steps[3].from``), before the ledger is read.

A scenario file::

    name: 23区 運用管理補助委託・接続回線の共同調達   # optional (default: the file's name)
    period: 2025            # a fiscal year (April–March), or "latest" (the latest 12 months; default)
    baseline: baseline.csv  # optional: the operating cost before migration, for the targets
    populations: pop.csv    # optional: populations other than the shipped ones
    steps:                  # applied in order, each to the result of the one before
      - kind: joint-procurement
        ...

Paths are relative to the scenario file. Each step's keys are its kind's parameters
(``docs/scenarios.md``); a key the kind does not know is an error, not ignored.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from govcost.configfile import read_text
from govcost.errors import GovcostError, InputError
from govcost.jp.codes import is_valid_code, known_municipalities

#: Names for the 23 special wards in ``municipalities:``.
WARDS_ALIASES = ("特別区", "wards", "23区")


def load_yaml(path: Path) -> Any:
    """The file's YAML, with every number that is not an integer read as a Decimal from its text."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def decimal(loader: yaml.SafeLoader, node: yaml.Node) -> Decimal:
        text = str(loader.construct_scalar(node)).replace("_", "")  # type: ignore[arg-type]
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = Decimal("NaN")
        return value

    Loader.add_constructor("tag:yaml.org,2002:float", decimal)
    if not path.is_file():
        raise InputError("input.not_found", file=str(path))
    try:
        return yaml.load(read_text(path), Loader=Loader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError("scenario.bad_yaml", file=str(path), found=str(exc).splitlines()[0]) from exc


class Params:
    """The keys of one mapping of the file, read one by one; :meth:`finish` refuses the rest."""

    def __init__(self, raw: Any, file: Path, where: str) -> None:
        if not isinstance(raw, Mapping):
            raise self._error_at(file, where, "scenario.bad_value", expected="key: value", found=raw)
        self.raw = dict(raw)
        self.file = file
        self.where = where
        self.read: set[str] = set()

    # --- errors -----------------------------------------------------------------------------
    @staticmethod
    def _error_at(file: Path, key: str, message: str, **params: Any) -> GovcostError:
        found = params.pop("found", None)
        expected = params.pop("expected", None)
        return InputError(
            message,
            file=str(file),
            at=key or "(top)",
            expected=None if expected is None else str(expected),
            found=None if found is None else _shown(found),
            **params,
        )

    def key(self, name: str) -> str:
        return f"{self.where}.{name}" if self.where else name

    def error(self, name: str, message: str = "scenario.bad_value", **params: Any) -> GovcostError:
        return self._error_at(self.file, self.key(name), message, **params)

    # --- reading ----------------------------------------------------------------------------
    def has(self, name: str) -> bool:
        return name in self.raw and self.raw[name] is not None

    def get(self, name: str, required: bool = False) -> Any:
        self.read.add(name)
        if not self.has(name):
            if required:
                raise self.error(name, "scenario.missing")
            return None
        return self.raw[name]

    def text(self, name: str, default: str | None = None, required: bool = False) -> str | None:
        value = self.get(name, required)
        if value is None:
            return default
        if isinstance(value, Mapping | list):
            raise self.error(name, expected="文字列 / text", found=value)
        return str(value)

    def number(
        self,
        name: str,
        default: Decimal | None = None,
        *,
        required: bool = False,
        low: Decimal | None = None,
        high: Decimal | None = None,
        above: Decimal | None = None,
        below: Decimal | None = None,
        integer: bool = False,
    ) -> Decimal | None:
        value = self.get(name, required)
        if value is None:
            return default
        return self.check_number(name, value, low=low, high=high, above=above, below=below, integer=integer)

    def check_number(
        self,
        name: str,
        value: Any,
        *,
        low: Decimal | None = None,
        high: Decimal | None = None,
        above: Decimal | None = None,
        below: Decimal | None = None,
        integer: bool = False,
        percent: bool = False,
    ) -> Decimal:
        """``value`` as a Decimal within the bounds (``percent``: "20%" is read as 0.2)."""
        number = _decimal(value, percent)
        bounds = []
        if low is not None:
            bounds.append(f"≥ {low}")
        if above is not None:
            bounds.append(f"> {above}")
        if high is not None:
            bounds.append(f"≤ {high}")
        if below is not None:
            bounds.append(f"< {below}")
        expected = ("整数 / integer" if integer else "数値 / number") + (
            " " + ", ".join(bounds) if bounds else ""
        )
        if (
            number is None
            or (integer and number != number.to_integral_value())
            or (low is not None and number < low)
            or (above is not None and number <= above)
            or (high is not None and number > high)
            or (below is not None and number >= below)
        ):
            raise self.error(name, expected=expected, found=value)
        return number

    def rate(self, name: str, default: Decimal | None = None, required: bool = False) -> Decimal | None:
        """A discount rate: 0 ≤ r < 1, written 0.1 or "10%"."""
        value = self.get(name, required)
        if value is None:
            return default
        return self.check_rate(name, value)

    def check_rate(self, name: str, value: Any) -> Decimal:
        number = _decimal(value, percent=True)
        if number is None or not Decimal(0) <= number < 1:
            raise self.error(name, expected="0 ≤ 率 < 1 (例: 0.1 または 10%)", found=value)
        return number

    def flag(self, name: str, default: bool) -> bool:
        value = self.get(name)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.error(name, expected="true / false", found=value)
        return value

    def choice(self, name: str, options: tuple[str, ...], default: str) -> str:
        value = self.get(name)
        if value is None:
            return default
        if str(value) not in options:
            raise self.error(name, expected=" / ".join(options), found=value)
        return str(value)

    def names(self, name: str, required: bool = False) -> list[str] | None:
        """One name or a list of names (None when the key is absent)."""
        value = self.get(name, required)
        if value is None:
            return None
        values = value if isinstance(value, list) else [value]
        if not values or any(isinstance(v, Mapping | list) or v is None for v in values):
            raise self.error(name, expected="名前のリスト / a list of names", found=value)
        return [str(v) for v in values]

    def choices(self, name: str, options: tuple[str, ...], default: tuple[str, ...]) -> list[str]:
        values = self.names(name)
        if values is None:
            return list(default)
        for v in values:
            if v not in options:
                raise self.error(name, expected=" / ".join(options), found=v)
        return list(dict.fromkeys(values))

    def municipalities(self, name: str = "municipalities") -> set[str] | None:
        """Municipality codes (6 digits with their check digit), or 特別区 / wards for the 23 wards."""
        values = self.names(name)
        if values is None:
            return None
        out: set[str] = set()
        for v in values:
            if v in WARDS_ALIASES:
                out |= {c for c, m in known_municipalities().items() if m.kind == "特別区"}
                continue
            code = v.strip().zfill(6)
            if not is_valid_code(code):
                raise self.error(name, "scenario.bad_code", found=v)
            out.add(code)
        return out

    def patterns(self, name: str, required: bool = False) -> list[str] | None:
        """Names with ``*`` and ``?`` wildcards (``JUKI-*``)."""
        return self.names(name, required)

    def path(self, name: str) -> Path | None:
        """A file named relative to the scenario file; it must exist."""
        value = self.text(name)
        if value is None:
            return None
        p = Path(value)
        if not p.is_absolute():
            p = self.file.parent / p
        if not p.is_file():
            raise self.error(name, "scenario.no_such_file", found=value)
        return p

    def mapping(self, name: str, required: bool = False) -> Params | None:
        value = self.get(name, required)
        if value is None:
            return None
        return Params(value, self.file, self.key(name))

    def mappings(self, name: str, required: bool = False) -> list[Params]:
        value = self.get(name, required)
        if value is None:
            return []
        if not isinstance(value, list) or not value:
            raise self.error(name, expected="リスト / a list", found=value)
        return [Params(v, self.file, f"{self.key(name)}[{i}]") for i, v in enumerate(value, start=1)]

    def finish(self) -> None:
        """Every key must have been read: an unknown one is a typo, not something to ignore."""
        for name in self.raw:
            if name not in self.read:
                allowed = ", ".join(sorted(self.read))
                raise self.error(str(name), "scenario.unknown_key", allowed=allowed)


def _decimal(value: Any, percent: bool = False) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, str):
        text = value.strip().replace(",", "").replace("_", "")
        scale = Decimal(1)
        if percent and text.endswith("%"):
            text, scale = text[:-1].strip(), Decimal("0.01")
        try:
            number = Decimal(text) * scale
        except InvalidOperation:
            return None
    else:
        return None
    return number if number.is_finite() else None


def _shown(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"{value:f}" if value.is_finite() else str(value)
    text = str(value)
    return text if len(text) <= 120 else text[:117] + "..."


def matches(value: str | None, patterns: list[str]) -> bool:
    """Whether ``value`` matches one of the wildcard patterns (case-sensitive, as ids are)."""
    return value is not None and any(fnmatch.fnmatchcase(value, p) for p in patterns)
