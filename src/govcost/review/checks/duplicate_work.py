"""``duplicate-work``: the same work priced twice (運用作業 and 運用管理補助委託, or one line twice)."""

from __future__ import annotations

import re
from decimal import Decimal

from govcost.messages import msg
from govcost.review.base import CHECKS, Check, ReviewFinding
from govcost.review.checks.arithmetic import line_name, yen
from govcost.review.context import ReviewContext
from govcost.review.estimate import CATEGORIES, EstimateLine, normalise

#: The kinds of operations work, each with the words estimates use for it.
WORK: dict[str, tuple[str, ...]] = {
    "バックアップ": (
        "バックアップ",
        "バックアップ取得",
        "バックアップ運用",
        "バックアップ管理",
        "バックアップ確認",
        "リストア",
        "媒体管理",
    ),
    "監視": ("監視", "死活監視", "稼働監視", "リソース監視", "サーバ監視", "システム監視", "性能監視"),
    "障害対応": (
        "障害対応",
        "障害一次対応",
        "障害切り分け",
        "障害切分け",
        "障害復旧",
        "インシデント対応",
        "インシデント管理",
        "障害受付",
    ),
    "パッチ適用": (
        "パッチ適用",
        "パッチ管理",
        "セキュリティパッチ",
        "修正プログラム",
        "OSアップデート",
        "Windows Update",
        "脆弱性対応",
    ),
    "ウイルス定義更新": (
        "ウイルス定義",
        "ウィルス定義",
        "パターンファイル",
        "定義ファイル",
        "ウイルス対策運用",
    ),
    "ジョブ管理": (
        "ジョブ管理",
        "ジョブ運用",
        "ジョブ監視",
        "ジョブスケジュール",
        "バッチ運用",
        "バッチ監視",
    ),
    "ヘルプデスク": (
        "ヘルプデスク",
        "問合せ対応",
        "問い合わせ対応",
        "問合せ受付",
        "問い合わせ受付",
        "サービスデスク",
        "操作問合せ",
    ),
    "帳票出力": ("帳票出力", "帳票印刷", "大量印刷", "帳票発行", "印刷運用"),
    "ログ管理": ("ログ管理", "ログ取得", "ログ保管", "ログ分析", "ログ監視", "監査ログ"),
    "アカウント管理": ("アカウント管理", "ID管理", "ユーザ管理", "ユーザー管理", "権限管理", "利用者登録"),
}
#: Categories whose lines are work (what two contracts can both charge for).
WORK_CATEGORIES = ("operations", "operations_assistant")
#: A clause with one of these says the work is not in this line (done elsewhere, excluded).
EXCLUDED = (
    "除く",
    "除き",
    "含まない",
    "含みません",
    "含まず",
    "対象外",
    "別途",
    "別契約",
    "側で実施",
    "側にて実施",
    "運用作業で実施",
    "運用作業にて",
    "運用作業に含む",
    "補助委託で実施",
    "補助委託にて",
    "補助委託に含む",
    "に含まれる",
    "行わない",
    "実施しない",
)
_CLAUSES = re.compile(r"[、。,;:()\[\]「」『』【】/]")
#: (word, kind of work), the longest words first.
_WORDS = sorted(
    ((normalise(w), kind) for kind, words in WORK.items() for w in words), key=lambda p: -len(p[0])
)


def work_of(line: EstimateLine) -> set[str]:
    """The kinds of work a line names (the longest words first); work named in a clause that says
    it is excluded or done elsewhere ("監視は運用作業側で実施", "バックアップを除く") is not the line's."""
    named: set[str] = set()
    excluded: set[str] = set()
    for text in (line.item, line.spec, line.remarks):
        for clause in _CLAUSES.split(normalise(text)):
            kinds = _kinds(clause)
            if any(normalise(x) in clause for x in EXCLUDED):
                excluded |= kinds
            else:
                named |= kinds
    return named - excluded


def _kinds(clause: str) -> set[str]:
    found = set()
    for word, kind in _WORDS:
        if word in clause:
            found.add(kind)
            clause = clause.replace(word, "\0")
    return found


def _amount(line: EstimateLine) -> str:
    return (
        msg("review.duplicate_work.yen", amount=yen(line.amount))
        if line.amount is not None
        else msg("review.duplicate_work.unpriced")
    )


def _label(category: str | None) -> str:
    return CATEGORIES[category][0] if category in CATEGORIES else ""


@CHECKS.register("duplicate-work")
class DuplicateWorkCheck(Check):
    """The same work priced twice: in the operations work (運用作業) and in the Government Cloud
    operations assistant contract (運用管理補助委託), or the same line written twice.

    The checklist asks, for both contracts: 作業内容に不明瞭又は想定外の項目が含まれていないか。運用作業
    (運用管理補助委託)との間に作業の重複がないか. After the move to the Government Cloud the same vendor
    (or two vendors) often prices backup, monitoring, incident response, patching or the help desk in
    both, and the municipality pays for it twice.

    Each work line of the two categories is read for the work it names (the vocabulary below, longest
    words first, so that ジョブ監視 is job management and not monitoring as well; a clause that says the
    work is excluded or done elsewhere — 除く, 含まない, 運用作業側で実施, 別途 — does not count). A line
    of one category naming work already priced on a line of the other category is a ``warn`` at the
    later line, naming the earlier one; the possible saving is the smaller of the two amounts (the
    later line's amount, at most the sum of the earlier lines it repeats; of a 一式 line, its priced
    breakdown lines naming the work) when both are priced. The same
    item (name and content) written twice in one section of one sheet is a ``warn`` too. Lines of
    other categories (a backup *storage* fee in the cloud fees, a monitoring tool's licence) are not
    work and are left out. Example finding::

        check: duplicate-work   status: warn   sheet: estimate_c   cell: F10   amount_jpy: 1,320,000
        item: セキュリティパッチ適用作業 OS・ミドルウェア(月次)
        message: 運用管理補助委託の「セキュリティパッチ適用作業 OS・ミドルウェア(月次)」(1,320,000 円)
                 は、運用作業の「OS・ミドルウェアのセキュリティパッチ適用作業(月次)」(F6、1,440,000 円)
                 と同じ作業(パッチ適用)を含んでいるように見えます
        question: …それぞれの作業範囲と役割分担をご説明ください。重複している場合は、一方から削除した
                  見積書をご提出ください。
        possible_saving_jpy: 1,320,000   evidence: work パッチ適用, first estimate_c!F6 …
    """

    checklist_ref = (
        "作業内容に不明瞭又は想定外の項目が含まれていないか。"
        "運用作業(運用管理補助委託)との間に作業の重複がないか"
    )
    title = msg("check.duplicate_work.title")

    def run(self, ctx: ReviewContext) -> list[ReviewFinding]:
        lines = [ln for ln in ctx.estimate.items() if ln.category in WORK_CATEGORIES]
        out: list[ReviewFinding] = []
        seen: list[tuple[EstimateLine, set[str]]] = []
        flagged: set[tuple[str, int]] = set()
        for line in lines:
            work = work_of(line)
            earlier = [
                (other, work & kinds)
                for other, kinds in seen
                if other.category != line.category and work & kinds and not self._family(line, other)
            ]
            if earlier:
                out.append(self._cross(line, earlier))
                flagged.add((line.sheet, line.row))
            seen.append((line, work))
        out.extend(self._twice(ctx, flagged))
        return out

    @staticmethod
    def _family(a: EstimateLine, b: EstimateLine) -> bool:
        """A 一式 line and its own breakdown are one line, not two."""
        return a.sheet == b.sheet and (a.parent_row == b.row or b.parent_row == a.row)

    def _cross(self, line: EstimateLine, earlier: list[tuple[EstimateLine, set[str]]]) -> ReviewFinding:
        shared: set[str] = set().union(*(k for _, k in earlier))
        kinds = [k for k in WORK if k in shared]
        # A 一式 line and its own breakdown both naming the work: its priced breakdown lines say what
        # the work costs, or (unpriced) the 一式 line stands for them.
        rows = {(o.sheet, o.row) for o, _ in earlier}
        priced_parents = {
            (o.sheet, o.parent_row) for o, _ in earlier if o.parent_row and o.amount is not None
        }
        firsts = [
            o
            for o, _ in earlier
            if (o.sheet, o.row) not in priced_parents
            and not (o.amount is None and (o.sheet, o.parent_row) in rows)
        ]
        named = "、".join(
            msg(
                "review.duplicate_work.other",
                category=_label(o.category),
                item=line_name(o),
                cell=o.cell if o.sheet == line.sheet else f"{o.sheet}!{o.cell}",
                amount=_amount(o),
            )
            for o in firsts
        )
        saving: Decimal | None = None
        priced = [o.amount for o in firsts if o.amount is not None]
        if line.amount is not None and line.amount > 0 and priced:
            saving = min(line.amount, sum(priced, Decimal(0)))
        return self.on_line(
            line,
            "warn",
            msg(
                "review.duplicate_work.cross",
                category=_label(line.category),
                item=line_name(line),
                amount=_amount(line),
                others=named,
                work="・".join(kinds),
            ),
            msg(
                "review.duplicate_work.cross.question",
                item=line_name(line),
                others=named,
                work="・".join(kinds),
            ),
            possible_saving_jpy=saving if saving and saving > 0 else None,
            evidence={
                "work": "・".join(kinds),
                "first": ", ".join(f"{o.sheet}!{o.cell} {o.item}" for o in firsts),
                "saving_basis": "重複する 2 行のうち小さい方の金額",
            },
        )

    def _twice(self, ctx: ReviewContext, flagged: set[tuple[str, int]]) -> list[ReviewFinding]:
        """The same item written twice in one section of one sheet (any category)."""
        out = []
        first: dict[tuple[str, str, str], EstimateLine] = {}
        for line in ctx.estimate.items():
            key_text = normalise(f"{line.item}|{line.spec}|{line.remarks}")
            if not normalise(line.item) or line.amount is None:
                continue
            key = (line.sheet, line.section, key_text)
            other = first.get(key)
            if other is None:
                first[key] = line
                continue
            if (line.sheet, line.row) in flagged or self._family(line, other):
                continue
            assert other.amount is not None
            saving = min(line.amount, other.amount)
            out.append(
                self.on_line(
                    line,
                    "warn",
                    msg(
                        "review.duplicate_work.twice",
                        item=line_name(line),
                        cell=other.cell,
                        amount=yen(line.amount),
                        other_amount=yen(other.amount),
                    ),
                    msg("review.duplicate_work.twice.question", item=line_name(line), cell=other.cell),
                    possible_saving_jpy=saving if saving > 0 else None,
                    evidence={
                        "first": f"{other.sheet}!{other.cell} {other.item}",
                        "saving_basis": "重複する 2 行のうち小さい方の金額",
                    },
                )
            )
        return out
