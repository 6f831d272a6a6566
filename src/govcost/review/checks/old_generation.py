"""``old-generation``: previous-generation instance types (m4, t2, r4, c4, db.m4 …) in the estimate."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from govcost.jp.money import format_yen
from govcost.messages import msg
from govcost.optimize.catalog import Price, PriceCatalog
from govcost.optimize.instances import SUCCESSORS, parse_type
from govcost.review.base import CHECKS, Check, ReviewFinding
from govcost.review.checks._cloudfees import (
    INSTANCE_TYPE,
    FeeLine,
    drop_covered_parents,
    fee_lines,
    finding,
    has_word,
    percent,
)
from govcost.review.context import ReviewContext

#: Words right before a type that say it is the one being replaced ("現行 m4.xlarge から m6i.xlarge へ").
REPLACED_BEFORE = ("現行", "旧", "移行元", "変更前", "従来")
#: Words right after it that say the same.
REPLACED_AFTER = ("から", "→", "->", "⇒", "より変更", "を変更", "を更新")
#: Osaka (ap-northeast-3) when the line says so; Tokyo otherwise.
OSAKA_WORDS = ("大阪", "osaka", "ap-northeast-3")
WINDOWS_WORDS = ("windows", "win2019", "win2022", "windowsserver")
#: The catalog's prices are EC2's; an RDS type (db.m4.large) is judged by the ratio of its EC2 twin.
RDS_PREFIX = "db."


@dataclass(frozen=True)
class OldType:
    written: str
    successor: str
    rds: bool


def old_types(text: str) -> list[OldType]:
    """The previous-generation types named in a text, each once, unless named as being replaced."""
    low = unicodedata.normalize("NFKC", text or "").lower()
    out: list[OldType] = []
    for m in INSTANCE_TYPE.finditer(low):
        prefix, family, size = m.group(1) or "", m.group(2), m.group(3)
        new_family = SUCCESSORS.get(family)
        if new_family is None:
            continue
        before = low[max(0, m.start() - 8) : m.start()].replace(" ", "").rstrip(":(=")
        after = low[m.end() : m.end() + 8].replace(" ", "")
        replaced = any(before.endswith(w) for w in REPLACED_BEFORE)
        if replaced or any(after.startswith(w) for w in REPLACED_AFTER):
            continue
        itype = parse_type(f"{family}.{size}")
        successor = itype.successor if itype is not None and itype.successor else f"{new_family}.{size}"
        old = OldType(f"{prefix}{family}.{size}", f"{prefix}{successor}", bool(prefix))
        if old not in out:
            out.append(old)
    return out


@CHECKS.register("old-generation")
class OldGeneration(Check):
    """Reads the cloud-fee lines (and the calculator export's lines) for AWS instance types of a
    previous generation — m3, m4, t2, r3, r4, c3, c4, i2, d2 and their RDS forms db.m4, db.r4, db.t2
    (``govcost.optimize.instances.SUCCESSORS``) — and warns with the current-generation equivalent of
    the same size (m4.xlarge → m6i.xlarge, t2.medium → t3.medium, db.r4.large → db.r6i.large). A type
    named as the one being replaced (現行 m4.xlarge から …) is not flagged.

    Why: the checklist asks that the latest generation be chosen; a current-generation type gives the
    same vCPUs and memory for a lower hourly price. The possible saving, when the line has an amount
    and names one old type, is amount × (1 − successor price / old price) by the price catalog's
    Tokyo (or Osaka) list prices, Linux unless the line says Windows; an RDS type takes the ratio of
    its EC2 twin (the catalog holds EC2 prices only; stated in the evidence).

    Example finding::

        check: old-generation   status: warn   cell: 見積明細!H14   amount: 1,200,000
        message: 旧世代のインスタンスタイプ m4.xlarge が使われています。現行世代の m6i.xlarge
                 (時間単価 0.258 → 0.248 USD、3.9% 安価) に変更すれば約 46,512 円の削減が見込めます。
        question: m4.xlarge を選定した理由をご教示ください。同じ vCPU・メモリの現行世代 m6i.xlarge …
    """

    checklist_ref = "5. ガバメントクラウド利用料: インスタンスタイプの確認(最新世代が採用されているかを確認)"
    title = msg("check.old_generation.title")

    def __init__(self, catalog: PriceCatalog | None = None) -> None:
        self._catalog = catalog

    @property
    def catalog(self) -> PriceCatalog:
        if self._catalog is None:
            self._catalog = PriceCatalog.load()
        return self._catalog

    def run(self, ctx: ReviewContext) -> list[ReviewFinding]:
        out: list[tuple[FeeLine, ReviewFinding]] = []
        for fee in fee_lines(ctx):
            found = old_types(fee.all_text if fee.line is None else fee.text)
            if found:
                out.append((fee, self._finding(fee, found)))
        return drop_covered_parents(out)

    def _prices(self, fee: FeeLine, old: OldType) -> tuple[str, str, Price, Price] | None:
        region = "ap-northeast-3" if has_word(fee.all_text, OSAKA_WORDS) else "ap-northeast-1"
        os_name = "Windows" if has_word(fee.text, WINDOWS_WORDS) else "Linux"
        twin, new = old.written.removeprefix(RDS_PREFIX), old.successor.removeprefix(RDS_PREFIX)
        current = self.catalog.get(region, "ec2", twin, os_name)
        successor = self.catalog.get(region, "ec2", new, os_name)
        if current is None or successor is None or successor.usd >= current.usd:
            return None
        return region, os_name, current, successor

    def _finding(self, fee: FeeLine, found: list[OldType]) -> ReviewFinding:
        names = "、".join(o.written for o in found)
        successors = "、".join(o.successor for o in found)
        message = msg("review.old_generation.message", types=names, successors=successors)
        evidence: dict[str, object] = {"instance_types": names, "successors": successors}
        saving = None
        priced = self._prices(fee, found[0]) if len(found) == 1 else None
        if priced is not None:
            region, os_name, current, successor = priced
            share = 1 - successor.usd / current.usd
            evidence.update(
                region=region,
                operating_system=os_name,
                current_price_usd_per_hour=current.usd,
                successor_price_usd_per_hour=successor.usd,
                prices_taken_on=successor.taken_on,
                price_source=self.catalog.source,
                share_cheaper=share,
            )
            if found[0].rds:
                evidence["rds_priced_by"] = "同サイズの EC2 の価格比(価格表は EC2 のみ)"
            message += msg(
                "review.old_generation.prices",
                current=f"{current.usd}",
                successor=f"{successor.usd}",
                share=percent(share),
            )
            base = fee.saving_base
            if base is not None:
                saving = base * share
                message += msg("review.old_generation.saving", saving=format_yen(saving))
        return finding(
            self,
            fee,
            "warn",
            message,
            msg("review.old_generation.question", types=names, successors=successors),
            possible_saving_jpy=saving,
            evidence=evidence,
        )
