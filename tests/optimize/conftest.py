"""One demo ledger for every rule's test: generated, imported (costs and metrics) once per session.

Two months of the 24 municipalities keep every planted case the landscape records in its manifest
while staying quick; each rule's test compares its findings with ``manifest.scenarios`` and
recomputes the savings from the ledger with DuckDB.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from govcost.demo.run import run_demo
from govcost.engine import Engine
from tests.optimize.demo_ledger import DEMO, DemoLedger


@pytest.fixture(scope="session")
def demo_ledger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoLedger]:
    out = tmp_path_factory.mktemp("optimize-demo")
    engine = Engine(out / "ledger")
    result = run_demo(engine, out / "data", **DEMO)
    yield DemoLedger(engine, result.manifest)
    engine.close()
