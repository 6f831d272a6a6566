"""The dashboard's pages and API routes: one module each, every one registered here in one place."""

from __future__ import annotations

import importlib
import pkgutil
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

    from govcost.web.app import Dashboard


def register(app: FastAPI, dash: Dashboard) -> None:
    """Import every module of this package and call its ``register(app, dash)``."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}").register(app, dash)
