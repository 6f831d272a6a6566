"""What the cloud-fee checks share (``verification-24x365``, ``production-24x365``,
``storage-oversized``, ``full-backup``, ``old-generation``): the cloud lines of the estimate and of
the provider calculator export, seen the same way; the environment a line prices; whether it is
priced for 24 hours 365 days; the capacities (TB/GB) it states; the municipal working year.

Words are matched on :func:`normalise`d text (NFKC, no blanks). ASCII words (``stg``, ``dev``,
``full``) are matched as whole tokens of the NFKC lower-case text instead, so that ``postgres`` is
not read as ``stg``. The word lists are data, at the top.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

from govcost.jp.calendar import fiscal_year_label, is_business_day
from govcost.review.base import Check, ReviewFinding, Status
from govcost.review.estimate import EstimateLine, normalise, parse_amount

if TYPE_CHECKING:
    from govcost.review.context import ReviewContext

# --- vocabulary ---------------------------------------------------------------------------------
#: Words naming a verification / test environment (checked before production: 非本番 is not 本番).
VERIFICATION_WORDS = ("検証", "テスト", "ステージング", "開発", "試験", "非本番")
VERIFICATION_TOKENS = ("stg", "staging", "test", "dev", "develop", "development", "verification")
#: Words naming production.
PRODUCTION_WORDS = ("本番", "本稼働環境", "本稼動環境", "運用環境")
PRODUCTION_TOKENS = ("prod", "production", "prd")
#: Words naming a standby / DR environment: another question (DR configuration), not these checks'.
STANDBY_WORDS = ("災害対策", "スタンバイ", "待機系", "待機環境", "DR環境", "DRサイト", "遠隔地")
STANDBY_TOKENS = ("dr", "standby")
#: Words that say the line is priced for 24 hours, 365 days.
ALWAYS_ON_WORDS = (
    "24時間365日",
    "24時間/365日",
    "24時間・365日",
    "365日24時間",
    "24h365d",
    "24/365",
    "24x365",
    "24×365",
    "24*365",
    "24x7",
    "24×7",
    "24/7",
    "365日稼働",
    "365日運用",
    "常時稼働",
    "常時稼動",
    "常時起動",
    "常時運転",
    "終日稼働",
    "通年稼働",
    "無停止",
    "停止なし",
)
#: "24時間" / "24h" on its own, unless it is a recovery time or an interval (24時間以内, 24時間ごと).
ALWAYS_ON_24H = re.compile(
    r"(?<![\d.,])24\s?(?:時間|h|hours?|hrs?)(?![a-z]|以内|前|毎|ごと|おき|間隔|保持|分|後|経過|対応)"
)
#: Words that say the hours are already cut (stopped at night, on holidays, weekdays only).
STOPPED_WORDS = (
    "夜間停止",
    "休日停止",
    "土日停止",
    "祝日停止",
    "夜間・休日",
    "夜間休日",
    "自動停止",
    "自動起動停止",
    "スケジュール停止",
    "停止運用",
    "定時停止",
    "平日のみ",
    "平日日中",
    "平日昼間",
    "業務時間のみ",
    "業務時間帯のみ",
    "開庁日のみ",
    "開庁時間",
    "日中のみ",
    "営業時間のみ",
    "必要時のみ",
    "利用時のみ",
    "オンデマンド起動",
)
#: Hours written as a number with their period: "730時間/月", "8,760h/年", "730 Hours/Month".
HOURS_TEXT = re.compile(
    r"(?<![a-z0-9.,])(\d[\d,]*(?:\.\d+)?)\s?(?:時間|hours?|hrs?|h)\s?(?:/|per|毎)?\s?(月|month|mo|年|year|yr)?(?![a-z])"
)
#: AWS Pricing Calculator: "Utilization (On-Demand only) (100 %Utilized/Month)".
UTILISED = re.compile(r"(\d+(?:\.\d+)?)\s?%\s?utili[sz]ed")
#: Units of a quantity counted in hours.
HOUR_UNITS = ("時間", "h", "hr", "hrs", "hour", "hours", "時間/月", "h/月", "時間/年", "h/年", "時間/月額")
#: Monthly hours from which a line runs around the clock (730 = 8,760 / 12; months have 672–744).
ALWAYS_ON_MONTHLY_HOURS = Decimal(700)
ALWAYS_ON_ANNUAL_HOURS = ALWAYS_ON_MONTHLY_HOURS * 12
#: A year around the clock, the hours a "24時間365日" line prices.
HOURS_A_YEAR = Decimal(24 * 365)
#: Hours written below this are hours a day (12時間, 24時間), not hours a month or a year.
MIN_PERIOD_HOURS = Decimal(100)

#: Capacities: "10TB", "500 GB", "2TiB".
CAPACITY = re.compile(r"(?<![a-z0-9.,])(\d[\d,]*(?:\.\d+)?)\s?(pb|tib|tb|gib|gb)(?![a-z])")
#: GB per capacity unit (decimal, as vendors write TB = 1,000GB; only ratios matter).
GB_PER = {
    "gb": Decimal(1),
    "gib": Decimal(1),
    "tb": Decimal(1000),
    "tib": Decimal(1000),
    "pb": Decimal(10**6),
}
#: Quantity units that multiply a per-volume capacity ("500GB × 4台").
COUNT_UNITS = ("台", "本", "個", "ボリューム", "vol", "インスタンス", "式")

#: Words that make an uncategorised line a cloud line (an instance type also does).
CLOUD_TOKENS = ("ec2", "rds", "ebs", "s3", "efs", "fsx", "vcpu")
INSTANCE_TYPE = re.compile(
    r"(?<![a-z0-9.])(db\.)?([a-z][a-z0-9-]*\d[a-z0-9-]*)\."
    r"(nano|micro|small|medium|\d*xlarge|large|metal)(?![a-z0-9])"
)

#: Words that make a line a storage line.
STORAGE_WORDS = (
    "ストレージ",
    "ディスク",
    "ボリューム",
    "容量",
    "ファイルサーバ領域",
    "データ領域",
    "オブジェクトストレージ",
    "ブロックストレージ",
    "Blob",
    "Managed Disk",
    "マネージドディスク",
    "Block Volume",
)
STORAGE_TOKENS = ("ebs", "s3", "efs", "fsx", "gp2", "gp3", "io1", "io2", "st1", "sc1", "nas", "storage")
#: Backup lines are not storage lines (the full-backup check reads them).
BACKUP_WORDS = ("バックアップ", "スナップショット", "世代", "アーカイブ")
BACKUP_TOKENS = ("backup", "snapshot", "archive", "glacier")
#: The working day of a municipal system (8:00–20:00), for the hours a stopped server still runs.
OPERATING_HOURS_A_DAY = Decimal(12)
#: The fiscal year whose working days are counted when the estimate names none (令和7年度).
REFERENCE_FISCAL_YEAR = 2025
_FISCAL_YEAR = re.compile(r"令和(\d+|元)年度|(20\d\d)年度")


# --- text --------------------------------------------------------------------------------------
def tokens(text: str) -> set[str]:
    """The ASCII words of a text (NFKC, lower case), split at everything else."""
    return set(re.split(r"[^a-z0-9]+", unicodedata.normalize("NFKC", text or "").lower())) - {""}


def has_word(text: str, words: tuple[str, ...], ascii_tokens: tuple[str, ...] = ()) -> str | None:
    """The first of ``words`` in the normalised text (or of ``ascii_tokens`` as a whole word)."""
    norm = normalise(text).lower()
    for w in words:
        if normalise(w).lower() in norm:
            return w
    found = tokens(text)
    for w in ascii_tokens:
        if w in found:
            return w
    return None


def flat(text: str) -> str:
    """NFKC, lower case, every run of blanks made one space: numbers keep their word gaps
    ("gp3 10TB" is not 310TB), and patterns allow an optional space ("10 TB")."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text or "").lower()).strip()


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


# --- the lines -------------------------------------------------------------------------------
@dataclass
class FeeLine:
    """A cloud-fee line of the estimate, or of the provider calculator export."""

    sheet: str
    cell: str
    row: int | None
    item: str
    #: Every word of the line (raw), and the section (heading) it sits under.
    text: str
    section: str
    amount: Decimal | None
    quantity: Decimal | None = None
    unit: str = ""
    line: EstimateLine | None = None
    #: The calculator's monthly figure is in yen (a saving in yen can be stated), and a year's worth
    #: of it is this many times the figure (12 for a monthly calculator figure).
    yen: bool = True
    per_year: Decimal = Decimal(1)

    @property
    def label(self) -> str:
        """The line's name for a message: its item, with its spec when the item is a category name
        ("ガバメントクラウド利用料 EBS gp3 10TB")."""
        spec = self.line.spec if self.line is not None else ""
        return f"{self.item} {spec}" if spec and normalise(spec) not in normalise(self.item) else self.item

    @property
    def source(self) -> str:
        return "estimate" if self.line is not None else "calculator"

    @property
    def all_text(self) -> str:
        return f"{self.section} {self.text}"

    @property
    def saving_base(self) -> Decimal | None:
        """The yen a share of this line is taken from (a calculator month is made a year)."""
        if self.amount is None or not self.yen:
            return None
        return self.amount * self.per_year

    def environment(self) -> str | None:
        """verification / production / standby, by the line's words first, then its section's."""
        for text in (self.text, self.section):
            if has_word(text, STANDBY_WORDS, STANDBY_TOKENS):
                return "standby"
            if has_word(text, VERIFICATION_WORDS, VERIFICATION_TOKENS):
                return "verification"
            if has_word(text, PRODUCTION_WORDS, PRODUCTION_TOKENS):
                return "production"
        return None


def is_cloud(line: EstimateLine) -> bool:
    """A cloud-fee line: so categorised, or uncategorised and naming a cloud service or an instance
    type (a line the estimate puts under 運用作業 stays there, whatever it mentions)."""
    if line.category == "cloud":
        return True
    if line.category is not None:
        return False
    return bool(INSTANCE_TYPE.search(flat(line.text))) or has_word(line.text, (), CLOUD_TOKENS) is not None


def estimate_fee_lines(lines: list[EstimateLine]) -> list[FeeLine]:
    out = []
    for ln in lines:
        if ln.kind not in ("line", "detail") or not is_cloud(ln):
            continue
        out.append(
            FeeLine(
                sheet=ln.sheet,
                cell=ln.cell,
                row=ln.row,
                item=ln.item,
                text=ln.text,
                section=ln.section,
                amount=ln.amount,
                quantity=ln.quantity,
                unit=ln.unit,
                line=ln,
            )
        )
    return out


def _calculator_amount(row: dict[str, Any]) -> tuple[Decimal | None, bool]:
    """The monthly figure of a calculator line and whether it is in yen."""
    if row.get("monthly_jpy") is not None:
        try:
            return parse_amount(row["monthly_jpy"]), True
        except (ValueError, ArithmeticError):
            return None, True
    try:
        monthly = parse_amount(row.get("monthly"))
    except (ValueError, ArithmeticError):
        monthly = None
    currency = normalise(str(row.get("currency") or "")).upper()
    return monthly, currency in ("JPY", "円", "YEN")


#: The fields of a calculator line (``govcost.review.calculator``) whose words are read.
CALCULATOR_WORDS = ("group", "service", "description", "configuration", "region", "unit")


def calculator_fee_lines(calculator: list[dict[str, Any]] | None) -> list[FeeLine]:
    """The calculator export's lines (``read_calculator``: service, description, monthly, currency,
    group, configuration, sheet/row/cell …) as fee lines; a plain list of dicts is read the same way."""
    out = []
    for n, row in enumerate(calculator or [], start=1):
        text = " ".join(str(row[k]) for k in CALCULATOR_WORDS if row.get(k))
        amount, yen = _calculator_amount(row)
        item = " ".join(str(row.get(k) or "") for k in ("service", "description")).strip() or text
        raw_row = row.get("row")
        quantity = row.get("quantity")
        out.append(
            FeeLine(
                sheet=str(row.get("sheet") or "カリキュレータ"),
                cell=str(row.get("cell") or ""),
                row=raw_row if isinstance(raw_row, int) else n,
                item=item,
                text=text,
                section=str(row.get("group") or ""),
                amount=amount,
                quantity=quantity if isinstance(quantity, Decimal) else None,
                unit=str(row.get("unit") or ""),
                yen=yen,
                per_year=Decimal(12),
            )
        )
    return out


def fee_lines(ctx: ReviewContext) -> list[FeeLine]:
    """The cloud lines of the estimate, then those of the calculator export."""
    return estimate_fee_lines(ctx.estimate.items()) + calculator_fee_lines(ctx.calculator)


def finding(
    check: Check, fee: FeeLine, status: Status, message: str, question: str, **more: Any
) -> ReviewFinding:
    """A finding on a fee line: at the line's cell in the estimate, or at the calculator's."""
    more.setdefault("evidence", {})["source"] = fee.source
    if fee.line is not None:
        return check.on_line(fee.line, status, message, question, **more)
    return ReviewFinding(
        check=check.key,
        status=status,
        message=message,
        question=question,
        sheet=fee.sheet,
        cell=fee.cell,
        row=fee.row,
        item=fee.item,
        amount_jpy=more.pop("amount_jpy", fee.amount if fee.yen else None),
        checklist_ref=check.checklist_ref,
        **more,
    )


def drop_covered_parents(findings: list[tuple[FeeLine, ReviewFinding]]) -> list[ReviewFinding]:
    """A 一式 line whose breakdown lines have findings of the same check is not flagged again."""
    parents = {
        (fee.sheet, fee.line.parent_row)
        for fee, _ in findings
        if fee.line is not None and fee.line.parent_row is not None
    }
    return [f for fee, f in findings if (fee.sheet, fee.row) not in parents or fee.line is None]


def is_storage(fee: FeeLine) -> bool:
    return bool(has_word(fee.text, STORAGE_WORDS, STORAGE_TOKENS)) and not has_word(
        fee.text, BACKUP_WORDS, BACKUP_TOKENS
    )


#: Words of a line billed by the hour it runs (a server), as against storage billed by the GB-month.
COMPUTE_WORDS = (
    "サーバ",
    "インスタンス",
    "仮想マシン",
    "データベース",
    "DB",
    "EC2",
    "RDS",
    "VM",
    "vCPU",
    "コンピュート",
    "Compute",
)


def is_compute(fee: FeeLine) -> bool:
    """A server line (named so, or naming an instance type) rather than a storage-only line."""
    return bool(has_word(fee.text, COMPUTE_WORDS) or INSTANCE_TYPE.search(flat(fee.text)))


def runs_by_the_hour(fee: FeeLine) -> bool:
    """Hours matter to the line: a server, or a line that is neither storage nor backup."""
    if is_compute(fee):
        return True
    return not is_storage(fee) and not has_word(
        fee.text, ("バックアップ", "スナップショット"), ("backup", "snapshot")
    )


# --- hours -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Hours:
    """The hours a year a line is priced for, and what says so."""

    a_year: Decimal
    basis: str


def priced_hours(fee: FeeLine) -> Hours | None:
    """The hours a year the line is priced for when it runs around the clock, else None.

    In order: a quantity counted in hours (≥ 700 a month); hours written in the text ("730時間/月",
    "8,760h", "100 %Utilized"); hours already cut (夜間停止, 平日のみ) end the search; then the
    words (24時間365日, 常時稼働, 24h)."""
    unit = normalise(fee.unit).lower()
    if fee.quantity is not None and unit in HOUR_UNITS and fee.quantity >= MIN_PERIOD_HOURS:
        yearly = "年" in unit or fee.quantity > ALWAYS_ON_MONTHLY_HOURS * Decimal("1.1")
        a_year = fee.quantity if yearly else fee.quantity * 12
        if a_year >= ALWAYS_ON_ANNUAL_HOURS:
            return Hours(a_year, f"数量 {fee.quantity:,f} {fee.unit}")
        return None
    text = flat(fee.all_text)
    written: list[tuple[Decimal, str]] = []
    for m in HOURS_TEXT.finditer(text):
        n = _number(m.group(1))
        if n < MIN_PERIOD_HOURS:
            continue
        period = m.group(2) or ""
        yearly = period in ("年", "year", "yr") or (
            not period and n > ALWAYS_ON_MONTHLY_HOURS * Decimal("1.1")
        )
        written.append((n if yearly else n * 12, m.group(0)))
    if written:
        a_year, basis = max(written)
        return Hours(a_year, basis) if a_year >= ALWAYS_ON_ANNUAL_HOURS else None
    used = UTILISED.search(text)
    if used:
        share = _number(used.group(1))
        return Hours(HOURS_A_YEAR, used.group(0)) if share >= 100 else None
    if has_word(fee.all_text, STOPPED_WORDS):
        return None
    word = has_word(fee.all_text, ALWAYS_ON_WORDS)
    if word:
        return Hours(HOURS_A_YEAR, word)
    m24 = ALWAYS_ON_24H.search(text)
    if m24:
        return Hours(HOURS_A_YEAR, m24.group(0))
    return None


@cache
def business_days(fiscal_year: int) -> int:
    """Working days of a fiscal year: weekdays that are neither holidays nor in 12/29–1/3."""
    day, end, n = dt.date(fiscal_year, 4, 1), dt.date(fiscal_year + 1, 4, 1), 0
    while day < end:
        n += is_business_day(day)
        day += dt.timedelta(days=1)
    return n


def fiscal_year_of(ctx: ReviewContext) -> int:
    """The fiscal year the estimate names (令和8年度, 2026年度) in its sheets or lines, else the reference."""
    texts = [*ctx.estimate.sheets, *(f"{ln.section} {ln.text}" for ln in ctx.estimate.lines)]
    for text in texts:
        m = _FISCAL_YEAR.search(normalise(text))
        if m:
            if m.group(2):
                return int(m.group(2))
            n = 1 if m.group(1) == "元" else int(m.group(1))
            return 2018 + n
    return REFERENCE_FISCAL_YEAR


def working_year(ctx: ReviewContext) -> dict[str, Any]:
    """The fiscal year counted, its working days and the hours a year a working-hours server runs."""
    fy = fiscal_year_of(ctx)
    days = business_days(fy)
    return {
        "fiscal_year": fiscal_year_label(fy),
        "business_days": days,
        "hours_a_day": OPERATING_HOURS_A_DAY,
        "operating_hours_a_year": OPERATING_HOURS_A_DAY * days,
    }


# --- capacities ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Capacity:
    gb: Decimal
    written: str


def capacities(text: str) -> list[tuple[int, int, Capacity]]:
    """Every capacity written in a text, with its span in :func:`flat` text."""
    return [
        (m.start(), m.end(), Capacity(_number(m.group(1)) * GB_PER[m.group(2)], m.group(0).upper()))
        for m in CAPACITY.finditer(flat(text))
    ]


def labelled_capacity(
    text: str, labels: tuple[str, ...], not_after: tuple[str, ...] = ()
) -> tuple[Capacity, tuple[int, int]] | None:
    """The capacity written right after one of ``labels`` ("現行使用量 3TB", "対象データ量:約2TB"),
    unless the label follows one of ``not_after`` (バックアップデータ量 is no data volume)."""
    norm = flat(text)
    for label in labels:
        lab = flat(label)
        for m in re.finditer(re.escape(lab) + r"\s?[::は=]?\s?(?:約|最大|合計)?\s?", norm):
            if any(norm[: m.start()].rstrip().endswith(flat(w)) for w in not_after):
                continue
            rest = norm[m.end() :]
            c = CAPACITY.match(rest)
            if c:
                cap = Capacity(_number(c.group(1)) * GB_PER[c.group(2)], c.group(0).upper())
                return cap, (m.start(), m.end() + c.end())
    return None


def line_capacity(fee: FeeLine, exclude: list[tuple[int, int]]) -> Capacity | None:
    """The capacity a line prices: its quantity when counted in GB/TB, else the first capacity of its
    text outside the spans excluded (a usage or data volume), times a count of volumes (台, 本)."""
    unit = normalise(fee.unit).lower().removesuffix("/月").removeprefix("月")
    if fee.quantity is not None and unit in GB_PER:
        return Capacity(fee.quantity * GB_PER[unit], f"{fee.quantity:,f}{fee.unit}")
    for start, end, cap in capacities(fee.text):
        if any(s <= start < e or s < end <= e for s, e in exclude):
            continue
        if fee.quantity is not None and fee.quantity > 1 and normalise(fee.unit) in COUNT_UNITS:
            return Capacity(cap.gb * fee.quantity, f"{cap.written} × {fee.quantity:,f}{fee.unit}")
        return cap
    return None


def show_gb(gb: Decimal) -> str:
    """A capacity for a message: TB from 1,000 GB."""
    if gb >= 1000:
        return f"{(gb / 1000).normalize():,f}TB"
    return f"{gb.normalize():,f}GB"


def percent(share: Decimal) -> str:
    return f"{(share * 100).quantize(Decimal('0.1'))}"
