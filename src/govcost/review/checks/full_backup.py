"""``full-backup``: full instead of differential backups, or backup volume out of line with the data."""

from __future__ import annotations

import re
from decimal import Decimal

from govcost.jp.money import format_yen
from govcost.messages import joined, msg
from govcost.review.base import CHECKS, Check, ReviewFinding
from govcost.review.checks._cloudfees import (
    CAPACITY,
    GB_PER,
    Capacity,
    FeeLine,
    drop_covered_parents,
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

#: Words that make a line a backup line.
BACKUP_WORDS = ("バックアップ", "スナップショット", "世代管理", "AWS Backup", "Azure Backup")
BACKUP_TOKENS = ("backup", "backups", "snapshot", "snapshots")
#: Words that say the backup is a full copy each time.
FULL_WORDS = (
    "フルバックアップ",
    "フルバック",
    "フル取得",
    "フルで取得",
    "全体バックアップ",
    "全量バックアップ",
    "全量取得",
    "全体取得",
    "完全バックアップ",
    "フルイメージ",
    "イメージバックアップ",
)
FULL_TOKENS = ("full",)
#: Words that say it is differential or incremental (then a full one now and then is fine).
DIFFERENTIAL_WORDS = ("差分", "増分", "インクリメンタル", "変更分", "変更ブロック")
DIFFERENTIAL_TOKENS = ("incremental", "differential", "incr", "diff")
#: How often: shown in the message, not required.
DAILY_WORDS = ("毎日", "日次", "毎晩", "毎夜", "1日1回", "日毎", "デイリー")
DAILY_TOKENS = ("daily",)
#: The labels a data volume is written after ("対象データ量 2TB", "データ容量:2TB").
DATA_LABELS = (
    "対象データ量",
    "対象データ",
    "バックアップ対象",
    "対象容量",
    "データ量",
    "データ容量",
    "元データ",
    "業務データ",
    "データ",
)
#: What a data label must not follow: "バックアップデータ量 60TB" is the backup, not the data.
NOT_DATA = ("バックアップ", "backup", "保存", "保管", "退避")
#: "2TB × 30世代", "2TB×30世代分": a data volume times generations.
TIMES_GENERATIONS = re.compile(
    r"(?<![a-z0-9.,])(\d[\d,]*(?:\.\d+)?)\s?(pb|tib|tb|gib|gb)\s?(?:[×x*]|を)\s?(\d+)\s?世代"
)
GENERATIONS = re.compile(r"(\d+)\s?世代")
#: Backup volume more than this many times the data is out of line (with differential backups a
#: month of daily generations at a few % change a day stays well under it).
MAX_BACKUP_RATIO = Decimal(3)
#: The share of the data a day's differential backup holds, for what differential backups of the
#: stated generations would keep: data × (1 + (generations − 1) × rate). Conservative (usually 1–5 %).
DAILY_CHANGE_RATE = Decimal("0.1")


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def volumes(fee: FeeLine, data_elsewhere: Decimal | None) -> dict[str, object]:
    """The data volume, the backup volume and the generations a backup line states (GB)."""
    norm = flat(fee.text)
    gens = [int(m.group(1)) for m in GENERATIONS.finditer(norm)]
    generations = max(gens) if gens else None
    out: dict[str, object] = {"generations": generations}
    times = TIMES_GENERATIONS.search(norm)
    if times:
        data = _number(times.group(1)) * GB_PER[times.group(2)]
        out.update(data_gb=data, data_from="見積書の記載(容量 × 世代)")
        backup = data * int(times.group(3))
        # A separate backup capacity written elsewhere on the line wins over the product.
        rest = norm[: times.start()] + norm[times.end() :]
        other = [m for m in CAPACITY.finditer(rest)]
        if other:
            m = other[0]
            backup = _number(m.group(1)) * GB_PER[m.group(2)]
            out.update(backup_gb=backup, backup_from="見積書の記載")
        else:
            out.update(backup_gb=backup, backup_from="容量 × 世代")
        return out
    labelled = labelled_capacity(fee.text, DATA_LABELS, NOT_DATA)
    if labelled is not None:
        out.update(data_gb=labelled[0].gb, data_from="見積書の記載")
    elif data_elsewhere:
        out.update(data_gb=data_elsewhere, data_from="見積書のストレージ行の容量の合計")
    written: Capacity | None = line_capacity(fee, [labelled[1]] if labelled else [])
    if written is not None:
        out.update(backup_gb=written.gb, backup_from="見積書の記載")
    return out


@CHECKS.register("full-backup")
class FullBackup(Check):
    """Reads the backup lines among the cloud-fee lines (バックアップ, スナップショット, AWS Backup …)
    and warns (1) when a line says the backup is full (フルバックアップ, 全体バックアップ, 全量, full —
    daily or not) and nothing about differential or incremental ones (差分, 増分); (2) when the backup
    volume is more than three times the data (``MAX_BACKUP_RATIO``), both stated in the estimate:
    "2TB × 30世代", or the line's capacity against its 対象データ量, or against the estimate's storage
    lines added up.

    Why: the checklist asks whether full backups were chosen where differential ones would do, and
    whether the differential volume assumed is reasonable; with full daily backups the backup storage
    grows with the generations kept. The possible saving, when data and volume are known, is the
    share of the backup volume differential backups would not need: amount × (1 − data × (1 +
    (generations − 1) × 10 %) / backup volume) — a day's change taken as 10 % of the data
    (``DAILY_CHANGE_RATE``, conservative), or data × 3 when the generations are not stated.

    Example finding::

        check: full-backup   status: warn   cell: 見積明細!H27   amount: 900,000
        message: 「バックアップ (フルバックアップ 毎日、2TB × 30世代)」はフルバックアップ (毎日) で
                 見積もられており、差分・増分バックアップの記載がありません。バックアップ容量 60TB は
                 データ量 2TB の 30.0 倍です。差分バックアップ (1 日の変更 10%) なら 7.8TB で足り、
                 約 783,000 円 (87.0%) の削減が見込めます。
        question: フルバックアップとした理由と、バックアップ容量 (60TB) の算定根拠 …
    """

    checklist_ref = (
        "5. ガバメントクラウド利用料: 差分バックアップではなくフルバックアップになっていないか確認したか"
        "/差分バックアップの想定データ量は妥当か確認したか"
    )
    title = msg("check.full_backup.title")

    def run(self, ctx: ReviewContext) -> list[ReviewFinding]:
        fees = fee_lines(ctx)
        backups = [f for f in fees if has_word(f.text, BACKUP_WORDS, BACKUP_TOKENS)]
        stored = [f for f in fees if f.line is not None and is_storage(f)]
        data_total = sum((cap.gb for f in stored if (cap := line_capacity(f, [])) is not None), Decimal(0))
        out: list[tuple[FeeLine, ReviewFinding]] = []
        for fee in backups:
            full = has_word(fee.text, FULL_WORDS, FULL_TOKENS)
            differential = has_word(fee.text, DIFFERENTIAL_WORDS, DIFFERENTIAL_TOKENS)
            daily = has_word(fee.text, DAILY_WORDS, DAILY_TOKENS)
            vol = volumes(fee, data_total or None)
            data, backup = vol.get("data_gb"), vol.get("backup_gb")
            generations = vol.get("generations")
            ratio = (
                backup / data
                if isinstance(data, Decimal) and isinstance(backup, Decimal) and data > 0
                else None
            )
            full_only = full is not None and not differential
            too_much = ratio is not None and ratio > MAX_BACKUP_RATIO
            if not full_only and not too_much:
                continue
            parts = []
            if full is not None and full_only:
                parts.append(
                    msg("review.full_backup.full", item=fee.label, how=full + (f"、{daily}" if daily else ""))
                )
            if too_much:
                assert isinstance(data, Decimal) and isinstance(backup, Decimal) and ratio is not None
                parts.append(
                    msg(
                        "review.full_backup.ratio",
                        item=fee.label,
                        backup=show_gb(backup),
                        data=show_gb(data),
                        ratio=f"{ratio.quantize(Decimal('0.1'))}",
                        limit=f"{MAX_BACKUP_RATIO}",
                    )
                )
            saving = None
            evidence: dict[str, object] = {k: v for k, v in vol.items() if v is not None}
            evidence.update(full_words=full or "", differential_words=differential or "")
            if ratio is not None:
                evidence.update(ratio=ratio, max_ratio=MAX_BACKUP_RATIO)
            if isinstance(data, Decimal) and isinstance(backup, Decimal) and data > 0:
                if isinstance(generations, int) and generations > 0:
                    needed = data * (1 + (generations - 1) * DAILY_CHANGE_RATE)
                    how = msg("review.full_backup.needed_differential", rate=percent(DAILY_CHANGE_RATE))
                else:
                    needed = data * MAX_BACKUP_RATIO
                    how = msg("review.full_backup.needed_ratio", limit=f"{MAX_BACKUP_RATIO}")
                evidence.update(needed_gb=needed, daily_change_rate=DAILY_CHANGE_RATE)
                if backup > needed:
                    share = 1 - needed / backup
                    base = fee.saving_base
                    saving = base * share if base is not None else None
                    evidence["share_not_needed"] = share
                    if saving is not None:
                        parts.append(
                            msg(
                                "review.full_backup.saving",
                                how=how,
                                needed=show_gb(needed),
                                saving=format_yen(saving),
                                share=percent(share),
                            )
                        )
            question = msg(
                "review.full_backup.question_full" if full_only else "review.full_backup.question_volume",
                item=fee.label,
                backup=show_gb(backup) if isinstance(backup, Decimal) else "—",
            )
            out.append(
                (
                    fee,
                    finding(
                        self,
                        fee,
                        "warn",
                        joined(parts),
                        question,
                        possible_saving_jpy=saving,
                        evidence=evidence,
                    ),
                )
            )
        return drop_covered_parents(out)
