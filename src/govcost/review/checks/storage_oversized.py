"""``storage-oversized``: storage capacity bought for growth years ahead, or far above current use."""

from __future__ import annotations

import re
from decimal import Decimal

from govcost.jp.money import format_yen
from govcost.messages import msg
from govcost.review.base import CHECKS, Check, ReviewFinding
from govcost.review.checks._cloudfees import (
    Capacity,
    FeeLine,
    drop_covered_parents,
    estimate_fee_lines,
    fee_lines,
    finding,
    flat,
    has_word,
    is_storage,
    labelled_capacity,
    line_capacity,
    percent,
    show_gb,
)
from govcost.review.context import ReviewContext
from govcost.review.estimate import EstimateLine

#: Words that say the capacity is bought for growth ahead.
GROWTH_WORDS = (
    "将来",
    "増加見込",
    "増加分",
    "増加を見込",
    "増加を考慮",
    "増加を想定",
    "増加想定",
    "見越し",
    "見越した",
    "見据え",
    "余裕",
    "拡張分",
    "拡張用",
    "予備",
    "バッファ",
    "安全率",
    "伸び率",
    "成長分",
)
GROWTH_TOKENS = ("buffer", "growth")
#: "5年分", "5年後", "5年先" — a number of years of growth (from two years on).
YEARS_AHEAD = re.compile(r"(\d+)\s?年(?:分|後|先|間分)")
#: The labels a current usage is written after ("現行使用量 3TB", "使用量: 約2.4TB").
USAGE_LABELS = (
    "現行使用量",
    "現行の使用量",
    "現在の使用量",
    "現在使用量",
    "現行利用量",
    "現行データ量",
    "現行容量使用量",
    "実使用量",
    "使用容量",
    "使用量",
    "利用量",
    "現行",
)
#: Which storage a line is, to match it with the current contract's line (first word found).
KINDS = ("ebs", "s3", "efs", "fsx", "rds", "db", "ファイル", "nas", "blob", "オブジェクト", "ブロック")
#: One year of growth and headroom on top of today's use: what a cloud volume needs, since it can be
#: enlarged later in minutes (the checklist: no capacity secured for five years ahead).
GROWTH_MARGIN = Decimal("0.2")
#: Capacity this many times the current use is "far above" it, growth words or not.
FAR_ABOVE = Decimal(2)


#: Words right after a growth word that deny it ("将来分は含まない", "余裕なし").
DENIALS = (
    "含まない",
    "含めない",
    "含めず",
    "見込まない",
    "見込まず",
    "考慮しない",
    "考慮せず",
    "なし",
    "無し",
    "不要",
)


def growth_words(text: str) -> str | None:
    """The words saying the capacity is for growth ahead, unless the line denies them."""
    norm = flat(text)
    found = [(m.start(), m.end(), m.group(0)) for m in YEARS_AHEAD.finditer(norm) if int(m.group(1)) >= 2]
    for word in GROWTH_WORDS:
        w = flat(word)
        found += [(m.start(), m.end(), word) for m in re.finditer(re.escape(w), norm)]
    found += [(0, 0, w) for w in GROWTH_TOKENS if has_word(text, (), (w,))]
    for _, end, word in sorted(found):
        if not any(d in norm[end : end + 12] for d in DENIALS):
            return word
    return None


def kind_of(text: str) -> str:
    norm = flat(text)
    return next((k for k in KINDS if k in norm), "")


def current_usage(ctx: ReviewContext, fee: FeeLine, storage_count: int) -> tuple[Capacity, str] | None:
    """The usage the current contract states for this storage: the line of the same kind, else the
    only line stating one when the new estimate has one storage line too."""
    if ctx.current is None:
        return None
    stated: list[tuple[EstimateLine, Capacity]] = []
    for cur in estimate_fee_lines(ctx.current.items()):
        if not is_storage(cur) or cur.line is None:
            continue
        usage = labelled_capacity(cur.text, USAGE_LABELS)
        if usage is not None:
            stated.append((cur.line, usage[0]))
    kind = kind_of(fee.text)
    same = [(ln, cap) for ln, cap in stated if kind and kind_of(ln.text) == kind]
    if len(same) == 1:
        ln, cap = same[0]
    elif len(stated) == 1 and storage_count == 1:
        ln, cap = stated[0]
    else:
        return None
    return cap, f"現行契約 {ln.sheet}!{ln.cell}"


@CHECKS.register("storage-oversized")
class StorageOversized(Check):
    """Reads the storage lines among the cloud-fee lines (ストレージ, EBS, S3, ディスク, 容量 …; backup
    lines are left to ``full-backup``) that state a capacity (10TB, 500GB, or a quantity counted in
    GB/TB) and warns when the line says it is sized for growth ahead (5年分, 将来, 増加見込み, 余裕,
    予備, バッファ …) or when the capacity is more than twice the current use — written on the line
    (現行使用量 3TB) or stated by the current contract's storage line of the same kind (``--current``).

    Why: the checklist asks for capacity based on what the current system stores: a cloud volume can
    be enlarged in minutes, so nothing is bought for five years ahead. The possible saving is the
    share of the capacity beyond the current use plus one year's growth and headroom (20 %,
    ``GROWTH_MARGIN``) at the line's own price: amount × (capacity − use × 1.2) / capacity. With no
    use stated, the line is still asked about, without a saving.

    Example finding::

        check: storage-oversized   status: warn   cell: 見積明細!H25   amount: 1,440,000
        message: 「ストレージ (EBS gp3) 5年分のデータ増加を見込む」は 10TB で見積もられています
                 (「5年分」)。現行使用量 3TB に 1 年分の増加と余裕 (20%) を見込んでも 3.6TB で足り、
                 超過分 6.4TB (64.0%) の約 921,600 円が削減できる見込みです。
        question: ストレージ容量 10TB の算定根拠 (現行の格納容量、年間の増加量) をご教示ください。
                  クラウドでは容量を後から拡張できるため、現行使用量に当面の増加分を加えた容量で
                  お見積りいただけますか。
    """

    checklist_ref = (
        "5. ガバメントクラウド利用料: 現行システムのストレージ格納容量を踏まえたストレージ容量か"
        "(将来的な(例えば5年先を見据えた)確保は必要ない)"
    )
    title = msg("check.storage_oversized.title")

    def run(self, ctx: ReviewContext) -> list[ReviewFinding]:
        storage = [fee for fee in fee_lines(ctx) if is_storage(fee)]
        out: list[tuple[FeeLine, ReviewFinding]] = []
        for fee in storage:
            own = labelled_capacity(fee.text, USAGE_LABELS)
            capacity = line_capacity(fee, [own[1]] if own else [])
            if capacity is None:
                continue
            usage: tuple[Capacity, str] | None = (own[0], "見積書の記載") if own else None
            if usage is None:
                usage = current_usage(ctx, fee, len(storage))
            growth = growth_words(fee.all_text)
            if usage is not None and usage[0].gb > 0:
                # The current use is known: the numbers decide (a stated 20 % headroom is fine).
                needed = usage[0].gb * (1 + GROWTH_MARGIN)
                if capacity.gb <= needed or (not growth and capacity.gb <= usage[0].gb * FAR_ABOVE):
                    continue
            elif not growth:
                continue
            evidence: dict[str, object] = {"capacity_gb": capacity.gb, "capacity_written": capacity.written}
            if growth:
                evidence["growth_words"] = growth
            message = msg("review.storage_oversized.message", item=fee.label, capacity=show_gb(capacity.gb))
            if growth:
                message += msg("review.storage_oversized.growth", words=growth)
            saving = None
            if usage is not None:
                use, where = usage
                needed = use.gb * (1 + GROWTH_MARGIN)
                evidence.update(
                    usage_gb=use.gb, usage_from=where, growth_margin=GROWTH_MARGIN, needed_gb=needed
                )
                if capacity.gb > needed:
                    share = (capacity.gb - needed) / capacity.gb
                    base = fee.saving_base
                    saving = base * share if base is not None else None
                    evidence["share_beyond_need"] = share
                    message += msg(
                        "review.storage_oversized.usage",
                        usage=show_gb(use.gb),
                        margin=percent(GROWTH_MARGIN),
                        needed=show_gb(needed),
                        excess=show_gb(capacity.gb - needed),
                        share=percent(share),
                    )
                    if saving is not None:
                        message += msg("review.storage_oversized.saving", saving=format_yen(saving))
            out.append(
                (
                    fee,
                    finding(
                        self,
                        fee,
                        "warn",
                        message,
                        msg("review.storage_oversized.question", capacity=show_gb(capacity.gb)),
                        possible_saving_jpy=saving,
                        evidence=evidence,
                    ),
                )
            )
        return drop_covered_parents(out)
