"""The targets the seeds set, in one place: the dashboard's reference lines and the yardsticks of KPIs
and scenarios."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    #: What the figure is compared with, and the limit it must not pass.
    measure: str
    limit: Decimal
    source: str


#: Operating cost −30 % against FY2018 (national target): after ÷ before ≤ 0.7.
NATIONAL = Target(
    "national-30",
    "運用経費 平成30年度比 3割削減(国の目標)",
    "after_over_before",
    Decimal("0.7"),
    "seed 000/004",
)
#: Running cost after migration ≤ 1.5 × before (the 23 wards' KGI).
WARDS_KGI = Target(
    "wards-1.5x",
    "移行後の運用経費 移行前の1.5倍以内(特別区KGI)",
    "after_over_before",
    Decimal("1.5"),
    "seed 000",
)
#: Cloud fees −10 % year on year (FinOps KPI): this year ÷ last year ≤ 0.9.
CLOUD_YOY = Target(
    "cloud-yoy-10",
    "クラウド利用料 前年度比 1割削減(FinOps KPI)",
    "cloud_this_over_last",
    Decimal("0.9"),
    "seed 000",
)
#: Joint procurement ≥ 20 % cheaper than single contracts: joint ÷ single ≤ 0.8.
JOINT_PROCUREMENT = Target(
    "joint-20", "共同調達 単独契約比 2割以上安価", "joint_over_single", Decimal("0.8"), "seed 000"
)
TARGETS: tuple[Target, ...] = (NATIONAL, WARDS_KGI, CLOUD_YOY, JOINT_PROCUREMENT)


def meets(target: Target, ratio: Decimal) -> bool:
    return ratio <= target.limit
