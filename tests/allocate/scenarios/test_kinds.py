"""Every scenario kind is registered under a kebab-case key matching its module, documented in its
docstring (parameters and an example), titled in Japanese, and has its own test file."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from govcost.allocate.scenario import KINDS, Kind

TESTS = Path(__file__).resolve().parent
ISSUE_KINDS = {"discount", "joint-procurement", "consolidation", "fx", "optimisation"}


def test_the_issues_kinds_are_registered() -> None:
    assert ISSUE_KINDS <= set(KINDS.keys())


@pytest.mark.parametrize("cls", list(KINDS), ids=lambda c: c.key)
def test_each_kind_is_documented_and_tested(cls: type[Kind]) -> None:
    module = inspect.getmodule(cls)
    assert module is not None
    name = module.__name__.rsplit(".", 1)[-1]
    assert module.__name__ == f"govcost.allocate.scenarios.{name}"
    assert cls.key == name.replace("_", "-")
    doc = cls.__doc__ or ""
    assert "Parameters" in doc and "Example" in doc and "Derivation" in doc, cls.key
    assert cls.title and not cls.title.isascii()
    assert (module.__doc__ or "").strip()
    assert (TESTS / f"test_{name}.py").is_file(), f"{name} has no test file"
