"""The cost files are never the side DuckDB hashes: they probe the catalog tables.

DuckDB estimates a month's filter over the ledger's Parquet files at about one row; left to reorder
the cost view's joins by that estimate, it hashed the month's cost rows instead of the resolutions,
and the optimisation inputs of a 100 M-row ledger ran out of memory within the 1.5 GB limit.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import ibis.expr.types as ir
import pytest

from govcost.demo.run import run_demo
from govcost.engine import Engine
from govcost.optimize.context import Context
from govcost.optimize.settings import Settings


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    out = tmp_path_factory.mktemp("plans")
    with Engine(out / "ledger") as engine:
        run_demo(engine, out / "data", municipalities=2, months=2)
        yield engine


def _nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node["children"]:
        yield from _nodes(child)


def _reads_cost_files(node: dict[str, Any]) -> bool:
    return any(
        n["name"] in ("READ_PARQUET", "TABLE_SCAN") and "_rkey" in str(n["extra_info"].get("Projections", ""))
        for n in _nodes(node)
    )


def _plan(engine: Engine, expr: ir.Expr) -> list[dict[str, Any]]:
    sql = engine.ibis.compile(expr)
    return list(json.loads(engine.ledger.con.sql(f"EXPLAIN (FORMAT JSON) {sql}").fetchall()[0][1]))


def _hashed_cost_files(plan: list[dict[str, Any]]) -> list[str]:
    """The hash joins whose build side (the second child) reads the cost files."""
    return [
        f"{n['name']} {n['extra_info'].get('Conditions', '')}"
        for root in plan
        for n in _nodes(root)
        if n["name"] == "HASH_JOIN" and _reads_cost_files(n["children"][1])
    ]


def test_a_months_cost_rows_are_never_hashed(demo: Engine) -> None:
    month = Context(demo, Settings()).costs()
    every = demo.costs()
    queries: dict[str, ir.Expr] = {
        "the month's rows by resource": month.group_by("ResourceId").aggregate(n=month.count()),
        "the month's quantities": month.ConsumedQuantity.sum(),
        "every row by municipality": every.group_by("municipality_code").aggregate(n=every.count()),
    }
    for name, expr in queries.items():
        plan = _plan(demo, expr)
        assert any(_reads_cost_files(root) for root in plan), f"{name}: the plan reads no cost file"
        assert _hashed_cost_files(plan) == [], name


def test_the_month_under_review_gives_one_resource_per_billed_resource_id(demo: Engine) -> None:
    ctx = Context(demo, Settings())
    month = ctx.costs()
    billed = month.filter(month.ResourceId.notnull() & (month.ResourceId != "")).ResourceId.nunique()
    assert len(ctx.resources) == int(billed.to_pyarrow().as_py()) > 0
