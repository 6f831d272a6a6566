"""The demo ledger the rule tests share, and a way to query it straight with DuckDB."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from govcost.demo.generate import DemoManifest
from govcost.engine import Engine

DEMO = {"municipalities": 24, "months": 2}


@dataclass
class DemoLedger:
    engine: Engine
    manifest: DemoManifest

    @property
    def settings(self) -> Path | None:
        path = self.manifest.out_dir / "optimize.yaml"
        return path if path.is_file() else None

    def scenario(self, name: str) -> set[str]:
        return set(self.manifest.scenarios.get(name, []))

    def sql(self, query: str, params: list[object] | None = None) -> list[tuple[object, ...]]:
        """A query straight on the ledger's DuckDB connection (the cost view is ``ledger_costs``)."""
        self.engine.costs()
        return self.engine.ledger.con.execute(query, params or []).fetchall()
