"""What the checks read: the estimate, and optionally the current contract, the provider's pricing
calculator export, the documents provided with the estimate, a rate card, and the ledger (actual
costs and measured utilisation)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govcost.configfile import read_text
from govcost.errors import InputError
from govcost.review.estimate import Estimate

if TYPE_CHECKING:
    from govcost.engine import Engine

#: The documents the Digital Agency asks for with a review request (seed 004, デジタル庁への見積精査の依頼).
DOCUMENTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "calculator": (
        "CSP 月額利用料の計算結果(カリキュレーター)",
        ("カリキュレータ", "calculator", "料金見積"),
    ),
    "diagram": ("想定システム構成図(AZ レベル)", ("構成図", "diagram", "アーキテクチャ")),
    "breakdown": ("イニシャル・ランニング費の内訳資料", ("内訳", "明細", "breakdown")),
    "current_configuration": (
        "現行のシステム構成が分かる資料",
        ("現行構成", "現行システム構成", "サーバ一覧", "スペック一覧"),
    ),
    "specification": ("見積依頼時の仕様書(案)", ("仕様書", "specification", "調達仕様")),
    "estimate_basis": ("見積にあたっての考え方", ("考え方", "前提条件", "見積前提")),
    "nonfunctional": (
        "前提としている非機能要件の考え方",
        ("非機能要件", "非機能", "可用性", "nonfunctional"),
    ),
    "current_utilisation": (
        "現行サーバの CPU/メモリ/ディスク使用率",
        ("使用率", "稼働状況", "稼働実績", "utilisation"),
    ),
}

#: Monthly unit prices per person (yen per 人月) a rank should not exceed, unless the user's card says.
DEFAULT_RATE_CARD: dict[str, Decimal] = {
    "PM": Decimal(1_200_000),
    "上級SE": Decimal(1_000_000),
    "SE": Decimal(800_000),
    "PG": Decimal(600_000),
    "オペレータ": Decimal(600_000),
}


@dataclass
class ReviewContext:
    estimate: Estimate
    current: Estimate | None = None
    #: Provider calculator lines (service, description, monthly USD or JPY), when given.
    calculator: list[dict[str, Any]] | None = None
    #: Keys of DOCUMENTS provided with the estimate (None: not stated, the check only asks).
    documents: set[str] | None = None
    rate_card: dict[str, Decimal] = field(default_factory=lambda: dict(DEFAULT_RATE_CARD))
    engine: Engine | None = None
    municipality: str | None = None
    system_id: str | None = None


def load_rate_card(path: Path | str | None) -> dict[str, Decimal]:
    """``rank,yen_per_person_month`` CSV (or YAML mapping); the defaults where none is given."""
    if path is None:
        return dict(DEFAULT_RATE_CARD)
    import csv
    import io

    p = Path(path)
    reader = csv.DictReader(io.StringIO(read_text(p)))
    missing = [c for c in ("rank", "yen_per_person_month") if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError("input.missing_columns", file=str(p), row=1, columns=", ".join(missing))
    out: dict[str, Decimal] = {}
    first: dict[str, int] = {}
    for n, row in enumerate(reader, start=2):
        rank = (row.get("rank") or "").strip()
        if not rank:
            raise InputError(
                "input.null_mandatory", file=str(p), row=n, column="rank", expected="要員のランク"
            )
        written = (row.get("yen_per_person_month") or "").replace(",", "").replace("円", "")
        try:
            price = Decimal(written)
        except ArithmeticError:
            price = Decimal("NaN")
        if not price.is_finite() or price <= 0:
            raise InputError(
                "input.bad_decimal",
                file=str(p),
                row=n,
                column="yen_per_person_month",
                expected="正の数値 (円/人月)",
                found=row.get("yen_per_person_month"),
            )
        if rank in out:
            raise InputError(
                "input.duplicate_key", file=str(p), row=n, column="rank", found=rank, first_row=first[rank]
            )
        out[rank], first[rank] = price, n
    return out
