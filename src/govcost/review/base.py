"""What an estimate check is, what it reads and what it says.

A check is one small class in ``review/checks/``, registered under its kebab-case id, tied to the
item of the Digital Agency's estimate checklist (見積チェックリスト) it automates, whose docstring is
its documentation (with an example). It reads a :class:`ReviewContext` and returns
:class:`ReviewFinding` objects, each pointing at the sheet and cell of the line concerned.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from govcost.jp.money import round_yen
from govcost.registry import Registry

if TYPE_CHECKING:
    from govcost.review.context import ReviewContext
    from govcost.review.estimate import EstimateLine

Status = Literal["ok", "warn", "ng"]


@dataclass
class ReviewFinding:
    """One observation on one line (or on the estimate as a whole, with no cell)."""

    check: str
    status: Status
    message: str
    question: str
    sheet: str = ""
    cell: str = ""
    row: int | None = None
    item: str = ""
    amount_jpy: Decimal | None = None
    possible_saving_jpy: Decimal | None = None
    checklist_ref: str = ""
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "status": self.status,
            "sheet": self.sheet,
            "cell": self.cell,
            "row": self.row,
            "item": self.item,
            "amount_jpy": int(round_yen(self.amount_jpy)) if self.amount_jpy is not None else None,
            "message": self.message,
            "question": self.question,
            "possible_saving_jpy": int(round_yen(self.possible_saving_jpy))
            if self.possible_saving_jpy is not None
            else None,
            "checklist_ref": self.checklist_ref,
            "evidence": {
                k: (f"{v.normalize():f}" if isinstance(v, Decimal) else v) for k, v in self.evidence.items()
            },
        }


class Check(ABC):
    """One checklist item. Subclasses register with ``@CHECKS.register("check-id")``."""

    key: ClassVar[str]
    #: The checklist item it automates, in the checklist's words (Japanese).
    checklist_ref: ClassVar[str]
    #: Japanese title, shown in the summary.
    title: ClassVar[str]

    @abstractmethod
    def run(self, ctx: ReviewContext) -> list[ReviewFinding]:
        """Every finding of this check on the estimate in ``ctx``."""

    def on_line(
        self, line: EstimateLine, status: Status, message: str, question: str, **more: Any
    ) -> ReviewFinding:
        """A finding pointing at a line's cell (its amount cell, or the cell given)."""
        cell = more.pop("cell", None) or line.cell
        return ReviewFinding(
            check=self.key,
            status=status,
            message=message,
            question=question,
            sheet=line.sheet,
            cell=cell,
            row=line.row,
            item=line.item,
            amount_jpy=more.pop("amount_jpy", line.amount),
            checklist_ref=self.checklist_ref,
            **more,
        )

    def on_estimate(self, status: Status, message: str, question: str, **more: Any) -> ReviewFinding:
        """A finding on the estimate as a whole (a document missing, a discount not applied)."""
        return ReviewFinding(
            check=self.key,
            status=status,
            message=message,
            question=question,
            checklist_ref=self.checklist_ref,
            **more,
        )


CHECKS: Registry[Check] = Registry("check", "govcost.review.checks")
