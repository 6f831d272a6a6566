"""What every importer is, and the registry that holds them."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from govcost.registry import Registry

if TYPE_CHECKING:
    from govcost.engine import Engine
    from govcost.ingest.source import SourceFile
    from govcost.ledger.store import CurrencyTotal

#: An importer says which stage it is in: read, check, map, write, reconcile.
Progress = Callable[[str], None]
#: The same for a batch of files: (file, stage); the stage ``done`` ends a file.
FileProgress = Callable[[Path, str], None]


@dataclass
class ImportReport:
    """What one file's import did, as the CLI prints it and the log keeps it."""

    file: str
    format: str
    status: str  # imported / unchanged / replaced / loaded
    import_id: str
    rows_read: int = 0
    rows_stored: int = 0
    totals: list[CurrencyTotal] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unassigned_rows: int = 0
    unassigned_jpy: Decimal = Decimal(0)
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def reconciled(self) -> bool:
        return self.rows_read == self.rows_stored and all(t.matches for t in self.totals)


class Importer(ABC):
    """One input format. Subclasses register with ``@IMPORTERS.register("key")``."""

    key: ClassVar[str]
    #: Japanese name of the format, shown in reports.
    label: ClassVar[str]
    #: Detection order: lower first (specific formats before general ones).
    priority: ClassVar[int] = 50
    #: Whether the format reads its files with Spark under ``--engine spark`` (the provider exports,
    #: which can be too large for one machine); the others are read by DuckDB on either engine.
    spark_reads: ClassVar[bool] = False

    @classmethod
    @abstractmethod
    def detect(cls, header: list[str]) -> bool:
        """Whether a file with this header is of this format."""

    @abstractmethod
    def run(self, engine: Engine, src: SourceFile, progress: Progress) -> ImportReport:
        """Import the file, atomically, and say what happened."""


IMPORTERS: Registry[Importer] = Registry("importer", "govcost.ingest.formats")


def detect_importer(src: SourceFile) -> type[Importer]:
    from govcost.errors import InputError

    header = src.header
    for cls in sorted(IMPORTERS, key=lambda c: c.priority):
        if cls.detect(header):
            return cls
    raise InputError("input.unknown_format", file=src.name, row=1, found=", ".join(header[:8]))
