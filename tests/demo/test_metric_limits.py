"""Fewer metrics for a benchmark: a share of the instances, the last months only, nothing else changed."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from govcost.demo import generate
from govcost.demo.files import sha256


def _rows(path: Path) -> set[tuple[object, ...]]:
    return set(duckdb.execute(f"SELECT resource_id, timestamp, metric, value FROM '{path}'").fetchall())


def test_a_share_of_the_instances_for_the_last_month(tmp_path: Path) -> None:
    full = generate(tmp_path / "full", municipalities=3, months=2, seed=7)
    part = generate(
        tmp_path / "part", municipalities=3, months=2, seed=7, metrics_share=0.5, metrics_months=1
    )

    assert [p.name for p in full.metrics_files] == ["ec2-2025-04.parquet", "ec2-2025-05.parquet"]
    assert [p.name for p in part.metrics_files] == ["ec2-2025-05.parquet"]
    assert not (part.out_dir / "metrics" / "ec2-2025-04.parquet").exists()

    # The kept instances report exactly what they report in the full set, and nobody else reports.
    whole, kept = _rows(full.metrics_files[1]), _rows(part.metrics_files[0])
    assert kept < whole
    kept_ids = {r[0] for r in kept}
    assert {r for r in whole if r[0] in kept_ids} == kept
    instances = {r[0] for r in whole if r[2] == "cpu_percent"}
    kept_instances = kept_ids & instances
    assert 0.3 * len(instances) < len(kept_instances) < 0.7 * len(instances)
    assert part.rows["metrics"] == len(kept)

    # Every other file is the same.
    for path in [*full.cost_files, full.accounts, full.fx_rates]:
        assert sha256(path) == sha256(part.out_dir / path.relative_to(full.out_dir)), path.name


@pytest.mark.parametrize("kwargs", [{"metrics_share": 0.0}, {"metrics_share": 1.5}, {"metrics_months": 0}])
def test_limits_out_of_range_are_refused(tmp_path: Path, kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        generate(tmp_path, municipalities=1, months=1, **kwargs)  # type: ignore[arg-type]
