"""Estimate reviews made on the dashboard, kept under the ledger: ``<ledger>/reviews/<id>/``.

Each review keeps what was uploaded (``estimate/<name>``, ``current/<name>``), what the review found
(``result.json``: the estimate's lines in order, each with the indexes of its findings, and the
findings as ``govcost review --format json`` lists them, with the message keys and parameters of
their texts), the review workbook (``review.xlsx``) and
``meta.json``: the municipality that owns it, who uploaded it and when, the counts and the total
possible saving. A review is written into a hidden directory and renamed into place when complete,
so a failed review leaves nothing behind.

Every read goes through a scope (the municipality codes the reader may see, ``None`` for all): a
review of a municipality outside it is not found, exactly as one that does not exist.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import secrets
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govcost.messages import Text

if TYPE_CHECKING:
    from govcost.review.run import ReviewResult

#: What a review id looks like (anything else is not found, and never reaches the file system).
REVIEW_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{3,63}$")
WORKBOOK = "review.xlsx"


def new_review_id() -> str:
    return f"{dt.datetime.now():%Y%m%d-%H%M%S}-{secrets.token_hex(4)}"


def _exact(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.normalize():f}"


@dataclass
class StoredReview:
    id: str
    municipality: str
    username: str
    created: str
    estimate: str
    current: str | None
    documents: list[str] | None
    counts: dict[str, int]
    possible_saving_jpy: Decimal
    path: Path

    @property
    def workbook(self) -> Path:
        return self.path / WORKBOOK

    def result(self) -> dict[str, Any]:
        """``{"lines": [...], "findings": [...], "elsewhere": [finding indexes]}``."""
        data: dict[str, Any] = json.loads((self.path / "result.json").read_text(encoding="utf-8"))
        return data

    def meta(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "municipality": self.municipality,
            "username": self.username,
            "created": self.created,
            "estimate": self.estimate,
            "current": self.current,
            "documents": self.documents,
            "counts": self.counts,
            "possible_saving_jpy": str(self.possible_saving_jpy),
        }

    @classmethod
    def load(cls, path: Path) -> StoredReview:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        return cls(
            id=meta["id"],
            municipality=meta["municipality"],
            username=meta["username"],
            created=meta["created"],
            estimate=meta["estimate"],
            current=meta.get("current"),
            documents=meta.get("documents"),
            counts=dict(meta["counts"]),
            possible_saving_jpy=Decimal(meta["possible_saving_jpy"]),
            path=path,
        )


def result_json(result: ReviewResult) -> dict[str, Any]:
    """The lines of the estimate in order, each with the indexes of its findings (as the review
    workbook puts them beside the line), the findings, and those on the estimate as a whole."""
    from govcost.review import report

    index = {id(f): i for i, f in enumerate(result.findings)}
    on_line, elsewhere = report.findings_by_line(result)
    lines = []
    for ln in result.estimate.lines:
        lines.append(
            {
                "sheet": ln.sheet,
                "row": ln.row,
                "cell": ln.cell,
                "kind": ln.kind,
                "category": ln.category,
                "item": ln.item,
                "quantity": _exact(ln.quantity),
                "unit": ln.unit,
                "unit_price": _exact(ln.unit_price),
                "amount": _exact(ln.amount),
                "remarks": ln.remarks,
                "hidden": ln.hidden,
                "findings": [index[id(f)] for f in on_line.get((ln.sheet, ln.row), [])],
            }
        )
    findings = report.records(result)
    for record, f in zip(findings, result.findings, strict=True):
        # The texts' keys and parameters, so that each reader gets them in their own language.
        worded = {
            name: value.to_json()
            for name in ("message", "question")
            if isinstance(value := getattr(f, name), Text)
        }
        if worded:
            record["texts"] = worded
    return {
        "lines": lines,
        "findings": findings,
        "elsewhere": [index[id(f)] for f in elsewhere],
    }


class ReviewStore:
    def __init__(self, ledger_dir: Path) -> None:
        self.root = Path(ledger_dir) / "reviews"

    def staging(self, review_id: str) -> Path:
        """A fresh hidden directory to build a review in (renamed into place by :meth:`commit`)."""
        path = self.root / f".tmp-{review_id}"
        path.mkdir(parents=True)
        return path

    def discard(self, staging: Path) -> None:
        shutil.rmtree(staging, ignore_errors=True)

    def commit(
        self,
        staging: Path,
        review_id: str,
        *,
        municipality: str,
        username: str,
        estimate: Path,
        current: Path | None,
        result: ReviewResult,
    ) -> StoredReview:
        """Write the result, the workbook and the meta into ``staging``, then move it into place."""
        from govcost.reports.review_xlsx import write_review_xlsx
        from govcost.review import report

        created = dt.datetime.now().replace(microsecond=0)
        # The workbook names the files as the user uploaded them, not where the server keeps them.
        shown = dataclasses.replace(
            result,
            estimate=dataclasses.replace(result.estimate, path=Path(estimate.name)),
            current=dataclasses.replace(result.current, path=Path(current.name))
            if result.current is not None and current is not None
            else result.current,
        )
        write_review_xlsx(staging / WORKBOOK, shown, municipality=municipality, created=created)
        (staging / "result.json").write_text(
            json.dumps(result_json(result), ensure_ascii=False, default=str), encoding="utf-8"
        )
        meta = {
            "id": review_id,
            "municipality": municipality,
            "username": username,
            "created": created.isoformat(sep=" "),
            "estimate": estimate.name,
            "current": current.name if current else None,
            "documents": sorted(result.documents) if result.documents is not None else None,
            "counts": report.counts(result),
            "possible_saving_jpy": str(result.possible_saving_jpy),
        }
        (staging / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
        final = self.root / review_id
        os.replace(staging, final)
        return StoredReview.load(final)

    def list(self, scope: Sequence[str] | None) -> list[StoredReview]:
        """The reviews of the municipalities in ``scope`` (all for ``None``), newest first."""
        if not self.root.is_dir():
            return []
        allowed = None if scope is None else set(scope)
        out = []
        for path in self.root.iterdir():
            if path.name.startswith(".") or not (path / "meta.json").is_file():
                continue
            review = StoredReview.load(path)
            if allowed is None or review.municipality in allowed:
                out.append(review)
        out.sort(key=lambda r: (r.created, r.id), reverse=True)
        return out

    def get(self, review_id: str, scope: Sequence[str] | None) -> StoredReview | None:
        """The review, if it exists and its municipality is in ``scope``; else None (not found)."""
        if not REVIEW_ID.match(review_id):
            return None
        path = self.root / review_id
        if not (path / "meta.json").is_file():
            return None
        review = StoredReview.load(path)
        if scope is not None and review.municipality not in scope:
            return None
        return review
