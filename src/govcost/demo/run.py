"""The demo pipeline behind `govcost demo`: generate the sample data, then import it into a ledger.

Every file is imported in one batch, each atomically, as `govcost ingest` would: the account map and
the FX rates first, then the cost files, then the monthly utilisation metrics (``metrics/ec2-*.parquet``,
read back by :meth:`govcost.engine.Engine.metrics`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from govcost.demo.generate import DemoManifest, generate

if TYPE_CHECKING:
    from govcost.engine import Engine
    from govcost.ingest.base import ImportReport


#: (phase "generate" or "import", what is being done, steps done, steps in the phase)
Progress = Callable[[str, str, int, int], None]


@dataclass
class DemoResult:
    manifest: DemoManifest
    reports: list[ImportReport]


def run_demo(
    engine: Engine,
    out_dir: Path | str,
    municipalities: int | None = None,
    months: int = 12,
    scale: float = 1.0,
    seed: int = 42,
    fiscal_year: int = 2025,
    progress: Progress | None = None,
    national: bool = False,
    metrics_share: float = 1.0,
    metrics_months: int | None = None,
) -> DemoResult:
    """Generate into ``out_dir`` and import every cost and metrics file; an import that fails stops
    the demo. ``metrics_share`` and ``metrics_months``: see :func:`generate`."""
    step = progress or (lambda phase, label, done, total: None)
    manifest = generate(
        out_dir,
        municipalities=municipalities,
        months=months,
        scale=scale,
        seed=seed,
        fiscal_year=fiscal_year,
        progress=lambda label, done, total: step("generate", label, done, total),
        national=national,
        metrics_share=metrics_share,
        metrics_months=metrics_months,
    )
    files = [*manifest.cost_files, *manifest.metrics_files]
    total = len(files) + 2
    done = 0

    def on_file(path: Path, stage: str) -> None:
        nonlocal done
        done += stage == "done"
        step("import", f"{path.parent.name}/{path.name}", done, total)

    reports = engine.ingest(files, accounts=manifest.accounts, fx=manifest.fx_rates, progress=on_file)
    return DemoResult(manifest, reports)
