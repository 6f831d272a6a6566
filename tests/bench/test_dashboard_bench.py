"""The dashboard benchmark (bench/dashboard.py) at a tiny size: it builds the ledger, serves it,
signs in as every role, requests every GET route the app registers and writes its results."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _in(tmp: Path) -> list[str]:
    return ["--keep", str(tmp / "work"), "--out", str(tmp / "out")]


def test_the_bench_runs_end_to_end(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "bench/dashboard.py", "--rows", "20000", "--repeat", "2", *_in(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "target: every page and API call" in done.stdout
    result = json.loads((tmp_path / "out" / "dashboard-results.json").read_text(encoding="utf-8"))
    assert result["rows"] == 20000 and result["server_peak_rss_mb"] > 0
    requests = result["requests"]
    assert {r["user"] for r in requests} == {"admin", "chiyoda", "group"}
    # Every route with data answers someone: the overview, the API and the system of the account map.
    ok = {(r["user"], r["url"]) for r in requests if r["status"] == 200}
    assert {
        ("chiyoda", "/"),
        ("chiyoda", "/api/v1/summary?by=municipality"),
        ("chiyoda", "/systems/JUKI-131016"),
    } <= ok
    assert ("admin", "/imports") in ok and ("chiyoda", "/imports") not in ok
    assert all(len(r["times_ms"]) == 2 for r in requests)
    assert not result["unmeasured_routes"]
