"""One small registry, used by importers, optimisation rules and estimate checks.

A plug-in is a class registered by a decorator under a kebab-case key; its docstring is its
documentation. Built-in plug-ins live in one package each and are imported by :meth:`load`.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")
_KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class Registry(Generic[T]):
    def __init__(self, kind: str, package: str) -> None:
        self.kind = kind
        self.package = package
        self._items: dict[str, type[T]] = {}
        self._loaded = False

    def register(self, key: str) -> Callable[[type[T]], type[T]]:
        if not _KEY.match(key):
            raise ValueError(f"{self.kind} key must be kebab-case: {key!r}")

        def decorate(cls: type[T]) -> type[T]:
            if key in self._items and self._items[key] is not cls:
                raise ValueError(f"{self.kind} {key!r} is registered twice")
            cls.key = key  # type: ignore[attr-defined]
            self._items[key] = cls
            return cls

        return decorate

    def load(self) -> None:
        """Import every module of the package so that its decorators run."""
        if self._loaded:
            return
        pkg = importlib.import_module(self.package)
        for info in pkgutil.iter_modules(pkg.__path__):
            if not info.name.startswith("_"):
                importlib.import_module(f"{self.package}.{info.name}")
        self._loaded = True

    def get(self, key: str) -> type[T]:
        self.load()
        return self._items[key]

    def keys(self) -> list[str]:
        self.load()
        return sorted(self._items)

    def __iter__(self) -> Iterator[type[T]]:
        self.load()
        return iter([self._items[k] for k in sorted(self._items)])
