"""One error tree. Every user-facing error says what is wrong, where, and how to fix it.

The CLI and the web app each turn a :class:`GovcostError` into text in exactly one place, in the
user's language, through :meth:`GovcostError.render`.
"""

from __future__ import annotations

from typing import Any

from govcost.messages import has, t


class GovcostError(Exception):
    """Base of every error govcost reports to a person."""

    def __init__(
        self,
        key: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        sheet: str | None = None,
        expected: str | None = None,
        found: str | None = None,
        **params: Any,
    ) -> None:
        self.key = key
        self.file = file
        self.row = row
        self.column = column
        self.sheet = sheet
        self.expected = expected
        self.found = found
        self.params = params
        super().__init__(self.render("en"))

    def located(self, *, file: str | None = None) -> GovcostError:
        """The same error with the file filled in where the raiser did not know it."""
        if file and not self.file:
            self.file = file
            self.args = (self.render("en"),)
        return self

    def render(self, lang: str | None = None) -> str:
        where = []
        if self.file:
            where.append(t("where.file", lang, file=self.file))
        if self.sheet:
            where.append(t("where.sheet", lang, sheet=self.sheet))
        if self.row is not None:
            where.append(t("where.row", lang, row=self.row))
        if self.column:
            where.append(t("where.column", lang, column=self.column))
        parts = [", ".join(where) + ": " if where else ""]
        parts.append(t(self.key, lang, **self.params))
        details = []
        if self.expected is not None:
            details.append(t("frame.expected", lang, expected=self.expected))
        if self.found is not None:
            details.append(t("frame.found", lang, found=repr(self.found)))
        if has(self.key + ".fix"):
            details.append(t("frame.fix", lang, fix=t(self.key + ".fix", lang, **self.params)))
        if details:
            parts.append(" (" + "; ".join(details) + ")")
        return "".join(parts)


class InputError(GovcostError):
    """A file given to govcost is not what it should be."""


class ReconciliationError(GovcostError):
    """The ledger would not equal the source file to the last digit."""


class UsageError(GovcostError):
    """A command was asked for something it cannot do."""


class LedgerError(GovcostError):
    """The ledger itself cannot be used (locked, damaged)."""


class ExportError(GovcostError):
    """An export would not meet its format's requirements, or could not be written."""
