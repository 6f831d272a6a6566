"""Every registered importer has its key, its Japanese label, its docs and its own test file."""

from __future__ import annotations

import inspect
from pathlib import Path

from govcost.ingest.base import IMPORTERS

TESTS = Path(__file__).resolve().parent


def test_each_importer_is_documented_and_tested() -> None:
    assert IMPORTERS.keys(), "no importer registered"
    for cls in IMPORTERS:
        module = inspect.getmodule(cls)
        assert module is not None
        name = module.__name__.rsplit(".", 1)[-1]
        assert cls.key == name.replace("_", "-"), f"key {cls.key!r} must match its module {name!r}"
        assert cls.label and not cls.label.isascii(), f"{cls.key} needs a Japanese label"
        assert (cls.__doc__ or "").strip(), f"{cls.key} needs a docstring"
        assert (module.__doc__ or "").strip(), f"{name} needs a module docstring"
        assert (TESTS / "ingest" / "formats" / f"test_{name}.py").is_file(), f"{name} has no test file"


def test_keys_are_unique_and_kebab_case() -> None:
    keys = IMPORTERS.keys()
    assert len(keys) == len(set(keys))
    assert all(k == k.lower() and " " not in k and "_" not in k for k in keys)
