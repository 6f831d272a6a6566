"""``sizing``: servers and databases sized above what the current utilisation needs."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from govcost.jp.money import round_yen
from govcost.messages import Text, joined, msg
from govcost.optimize.instances import SIZES, InstanceType, parse_type
from govcost.review.base import CHECKS, Check, ReviewFinding
from govcost.review.checks._current import cost, match_lines, stated_reason, where
from govcost.review.context import ReviewContext
from govcost.review.estimate import Estimate, EstimateLine, normalise

#: The CPU or memory utilisation a right-sized server may reach at its peak (p95): the approach
#: guide's rightsizing leaves 30 % headroom.
TARGET_PERCENT = Decimal(70)
#: Sizes a server is offered in (vCPUs, GB of memory): the recommended size is the smallest one
#: that holds the need.
VCPU_STEPS: tuple[int, ...] = (1, 2, 4, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192)
MEMORY_STEPS: tuple[int, ...] = (1, 2, 4, 8, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024)
#: The server's role, so that a note's utilisation ("APサーバ CPU使用率 30%") and a ledger instance
#: (Role tag or name "juki-prd-ap01") find their estimate line.
ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "db": ("db", "データベース", "rds", "oracle", "postgres", "sqlserver", "mysql"),
    "ap": ("ap", "アプリケーション", "app", "業務サーバ"),
    "web": ("web",),
    "batch": ("バッチ", "batch"),
    "file": ("ファイル", "file"),
    "report": ("帳票", "印刷", "report"),
    "link": ("連携", "link", "integration"),
    "mgmt": ("運用管理", "監視", "管理サーバ", "mgmt", "ops"),
    "bastion": ("踏み台", "bastion"),
}
#: Environment words: a production server is not compared with a verification one.
ENVIRONMENT_WORDS: dict[str, tuple[str, ...]] = {
    "production": ("本番", "prd", "prod"),
    "verification": ("検証", "テスト", "stg", "dev", "test", "開発"),
}
#: Words that mark the remarks' figures as those of the current system ("現行: 16vCPU, CPU使用率20%").
CURRENT_WORDS: tuple[str, ...] = ("現行", "現状", "既存", "旧環境")
#: Azure series → GB of memory per vCPU (a small shape table; sizes are the number in the name).
AZURE_GB_PER_VCPU: dict[str, int] = {"d": 4, "e": 8, "f": 2, "m": 28}

_TYPE = re.compile(
    r"(?<![a-z0-9])(?:db\.|cache\.)?([a-z][a-z0-9-]*[0-9][a-z0-9-]*)\.(nano|micro|small|medium|large|[0-9]*xlarge)"
)
_AZURE = re.compile(r"standard_([a-z])([0-9]+)[a-z]*_v([0-9])")
_VCPU = [
    re.compile(r"([0-9]+)\s*(?:vcpus?|vcores?|コア|cores?|cpus?)(?![a-z])"),
    re.compile(r"(?:vcpus?|cpu|コア数?)\s*(?:数)?\s*[:=]?\s*([0-9]+)(?![0-9.]|\s*%)"),
]
_OCPU = re.compile(r"([0-9]+)\s*ocpus?")
_MEMORY = [
    re.compile(r"(?:メモリ|memory|mem|ram)\s*(?:容量)?\s*[:=]?\s*([0-9]+(?:\.[0-9]+)?)\s*(gb|gib|tb|tib)"),
    re.compile(
        r"(?:vcpus?|vcores?|コア|cores?|cpus?|ocpus?)[\s/,、・×x]*([0-9]+(?:\.[0-9]+)?)\s*(gb|gib|tb|tib)"
        r"(?!\s*(?:ssd|hdd|ディスク|ストレージ|ebs|gp[23]|io[12]|disk|storage))"
    ),
]
_UTIL_WORD = re.compile(r"使用率|利用率|usage|utili[sz]ation|負荷")
_METRIC = re.compile(r"cpu|メモリ|memory|mem(?![a-z])")
_PERCENT = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*%")
#: Where the figures of one metric stop: another rate, the end of a sentence.
_SEGMENT_END = re.compile(r"稼働率|可用性|割引|ディスク|ストレージ|。|;|\n")
#: How far after its word a metric's figures may be written.
SEGMENT_CHARS = 30


@dataclass(frozen=True)
class Shape:
    vcpu: Decimal | None
    memory_gb: Decimal | None
    #: The instance type written, when it is one the table knows (its family gives the sizes).
    itype: InstanceType | None = None
    text: str = ""
    #: "db." of an RDS class, kept when the size is written back.
    prefix: str = ""

    def describe(self) -> str:
        if self.itype is not None:
            memory = _n(Decimal(str(self.itype.memory_gib)))
            return f"{self.prefix}{self.itype.name}({self.itype.vcpu}vCPU/{memory}GB)"
        parts = []
        if self.vcpu is not None:
            parts.append(f"{_n(self.vcpu)}vCPU")
        if self.memory_gb is not None:
            parts.append(f"{_n(self.memory_gb)}GB")
        return "/".join(parts)


@dataclass(frozen=True)
class Usage:
    cpu: Decimal | None
    memory: Decimal | None
    source: str

    def describe(self) -> Text:
        parts: list[str] = []
        if self.cpu is not None:
            parts.append(f"CPU {_n(self.cpu)}%")
        if self.memory is not None:
            parts.append(joined([msg("review.sizing.memory_word"), f" {_n(self.memory)}%"]))
        return joined(parts, msg("label.list_separator"))


def _text(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def parse_shape(text: str) -> Shape | None:
    """vCPUs and memory written on a line: "32vCPU 256GB", "8コア 64GB", "CPU:4 メモリ:16GB",
    "m6i.2xlarge", "db.r6g.xlarge", "Standard_D4s_v5", "2 OCPU 32GB"."""
    s = _text(text)
    m = _TYPE.search(s)
    if m:
        itype = parse_type(f"{m.group(1)}.{m.group(2)}")
        if itype is not None:
            prefix = m.group(0)[: m.group(0).index(m.group(1))]
            return Shape(Decimal(itype.vcpu), Decimal(str(itype.memory_gib)), itype, m.group(0), prefix)
    az = _AZURE.search(s)
    if az and az.group(1) in AZURE_GB_PER_VCPU:
        n = Decimal(az.group(2))
        return Shape(n, n * AZURE_GB_PER_VCPU[az.group(1)], None, az.group(0))
    vcpu: Decimal | None = None
    oc = _OCPU.search(s)
    if oc:
        vcpu = Decimal(oc.group(1)) * 2
    else:
        for rx in _VCPU:
            v = rx.search(s)
            if v:
                vcpu = Decimal(v.group(1))
                break
    memory: Decimal | None = None
    for rx in _MEMORY:
        mm = rx.search(s)
        if mm:
            memory = Decimal(mm.group(1)) * (1024 if mm.group(2).startswith("t") else 1)
            break
    if vcpu is None and memory is None:
        return None
    if vcpu is None or vcpu <= 0:
        return None
    return Shape(vcpu, memory, None, "")


def parse_usage(text: str, source: str) -> Usage | None:
    """The CPU and memory utilisation stated ("CPU使用率 25%", "メモリ使用率(ピーク) 40%", "現行使用率
    CPU 平均25%(ピーク40%)・メモリ 平均30%"): the figures after each metric's word, in a text that
    speaks of utilisation; the highest of each (the peak rather than the average)."""
    s = _text(text)
    if not _UTIL_WORD.search(s):
        return None
    words = list(_METRIC.finditer(s))
    found: dict[str, Decimal] = {}
    for n, m in enumerate(words):
        end = words[n + 1].start() if n + 1 < len(words) else len(s)
        segment = s[m.end() : min(end, m.end() + SEGMENT_CHARS)]
        stop = _SEGMENT_END.search(segment)
        if stop:
            segment = segment[: stop.start()]
        metric = "cpu" if m.group(0) == "cpu" else "memory"
        for value in _PERCENT.findall(segment):
            v = Decimal(value)
            if v <= 100:
                found[metric] = max(found.get(metric, v), v)
    if not found:
        return None
    return Usage(found.get("cpu"), found.get("memory"), source)


def _has(text: str, word: str) -> bool:
    """Whether ``word`` is in ``text`` (NFKC, lower case); an ASCII word only as a word of its own
    ("ap" in "juki-prd-ap01" and "APサーバ", not in "apple")."""
    w = _text(word)
    if w.isascii():
        return re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", text) is not None
    return w in text


def roles(text: str) -> set[str]:
    s = _text(text)
    return {role for role, words in ROLE_WORDS.items() if any(_has(s, w) for w in words)}


def environment(text: str) -> str | None:
    s = _text(text)
    for env, words in ENVIRONMENT_WORDS.items():
        if any(_has(s, w) for w in words):
            return env
    return None


def _current_part(text: str) -> str:
    """The part of a remark about the current system ("…/現行: 16vCPU 64GB CPU使用率20%")."""
    s = normalise(text)
    for w in CURRENT_WORDS:
        i = s.find(w)
        if i >= 0:
            return s[i:]
    return ""


def _own_shape(line: EstimateLine) -> Shape | None:
    """The size the estimate prices: from the item and specification, else from remarks that are
    not about the current system."""
    shape = parse_shape(f"{line.item} {line.spec}")
    if shape is None and not _current_part(line.remarks):
        shape = parse_shape(line.remarks)
    return shape


@dataclass
class Baseline:
    """What the current system is and does, for one estimate line."""

    shape: Shape | None
    usage: Usage | None
    where: str


@CHECKS.register("sizing")
class Sizing(Check):
    """Server and database lines whose size (vCPUs, memory, instance type — "32vCPU 256GB",
    "8コア 64GB", "m6i.2xlarge", "db.r6g.xlarge", "Standard_D4s_v5") is more than the current system's
    utilisation needs. The checklist asks whether each server's and the database's sizing (CPU,
    memory) takes the current system's operating data into account.

    The current system, per line: the current contract's matching line (``--current``; its size and
    the utilisation in its remarks, "CPU使用率 25%"), or the line's own remarks about the current
    system ("現行: 16vCPU 64GB、CPU使用率(ピーク) 20%"), or a note of either document naming the
    server's role ("※現行APサーバ CPU使用率 30%"); the ledger's measured p95 (``engine`` and
    ``system_id`` given: the system's instances of the same role and environment, by Role tag or
    name) replaces a stated utilisation. Where several utilisation figures are stated the highest
    counts (a peak rather than an average).

    The need is ``current size × utilisation / 70 %`` (:data:`TARGET_PERCENT`), for vCPUs and for
    memory; the recommended size is the smallest offered size that holds it (for an instance type:
    the smallest size of the same family). A line sized above it → warn with the recommended size;
    a line larger than the current size with no utilisation to judge by and no stated reason → warn
    too. The saving is the line's amount × the share the recommended size takes off (prices scale
    with the size within a family): ``amount × (1 − max(rec vCPU / vCPU, rec GB / GB))``. A line
    that fits gets an ``ok`` finding. Example finding::

        check: sizing   status: warn   見積書!G12   APサーバ(本番) m6i.4xlarge
        message: 見積 m6i.4xlarge(16vCPU/64GB)。現行 16vCPU/64GB の CPU 20%、メモリ 30% から必要な
                 のは 4.6vCPU/27.4GB(目標使用率 70%)、推奨 m6i.2xlarge(8vCPU/32GB)
        question: 「APサーバ(本番)」は現行の稼働状況(CPU 20%、メモリ 30%)から見て過大です。…
        possible_saving_jpy: 1200000 (2,400,000 × (1 − 8/16))
    """

    checklist_ref = (
        "現行システムの稼働情報を踏まえた上で、各サーバのサイジング(CPU・メモリ)は適切か/"
        "データベースのサイジングは適切か"
    )
    title = msg("check.sizing.title")

    def run(self, ctx: ReviewContext) -> list[ReviewFinding]:
        servers = [(ln, s) for ln in ctx.estimate.items() if (s := _own_shape(ln)) is not None]
        if not servers:
            return []
        matches: dict[tuple[str, int], EstimateLine] = {}
        if ctx.current is not None:
            old_servers = [ln for ln in ctx.current.items() if parse_shape(ln.text) is not None]
            matches = match_lines([ln for ln, _ in servers], old_servers)
        measured = _ledger_usage(ctx) if ctx.engine is not None and ctx.system_id else []
        out = []
        for line, shape in servers:
            base = self._baseline(ctx, line, matches.get(where(line)), measured)
            finding = self._judge(ctx, line, shape, base)
            if finding is not None:
                out.append(finding)
        return out

    # --- what the current system is ---------------------------------------------------------
    def _baseline(
        self,
        ctx: ReviewContext,
        line: EstimateLine,
        old: EstimateLine | None,
        measured: list[tuple[str, Shape, Usage]],
    ) -> Baseline:
        shape: Shape | None = None
        usage: Usage | None = None
        place = ""
        own = _current_part(line.remarks)
        if old is not None:
            shape = parse_shape(f"{old.item} {old.spec}") or parse_shape(old.remarks)
            usage = parse_usage(f"{old.spec} {old.remarks}", f"{old.sheet}!{old.cell}")
            place = f"{old.sheet}!{old.cells.get('item', old.cell)}"
        if shape is None and own:
            shape = parse_shape(own)
            place = place or f"{line.sheet}!{line.cells.get('remarks', line.cell)}"
        if usage is None and own:
            usage = parse_usage(own, f"{line.sheet}!{line.cells.get('remarks', line.cell)}")
        if usage is None:
            usage = _note_usage(ctx.estimate, line) or (
                _note_usage(ctx.current, line) if ctx.current is not None else None
            )
        ledger = _measured_for(line, measured)
        if ledger is not None:
            shape, usage = ledger[0], ledger[1]
            place = ledger[1].source
        return Baseline(shape, usage, place)

    # --- the verdict ------------------------------------------------------------------------
    def _judge(
        self, ctx: ReviewContext, line: EstimateLine, shape: Shape, base: Baseline
    ) -> ReviewFinding | None:
        if base.shape is None:
            return None
        cur = base.shape
        evidence: dict[str, Any] = {
            "estimate_size": shape.describe(),
            "current_size": cur.describe(),
            "current_where": base.where,
            "target_percent": TARGET_PERCENT,
        }
        usage = base.usage
        if usage is not None and (usage.cpu is not None or usage.memory is not None):
            need_cpu = cur.vcpu * usage.cpu / TARGET_PERCENT if cur.vcpu and usage.cpu is not None else None
            need_mem = (
                cur.memory_gb * usage.memory / TARGET_PERCENT
                if cur.memory_gb and usage.memory is not None
                else None
            )
            rec = recommend(shape, need_cpu, need_mem)
            evidence.update(
                utilisation=usage.describe(),
                utilisation_source=usage.source,
                need_vcpu=_round1(need_cpu),
                need_memory_gb=_round1(need_mem),
            )
            kind = "review.sizing.oversized"
        else:
            # No utilisation to judge by: the current size is the yardstick, unless a reason is given.
            if not _larger(shape, cur) or stated_reason(ctx.estimate, line):
                return None
            rec = _same_kind(shape, cur)
            kind = "review.sizing.larger"
        if rec is None:
            return None
        keeps = _keeps(shape, rec)
        if keeps >= 1:
            if kind == "review.sizing.larger":
                return None
            return self.on_line(
                line,
                "ok",
                msg("review.sizing.fits", size=shape.describe(), usage=usage.describe() if usage else ""),
                "",
                evidence=evidence,
            )
        amount = cost(line)
        saving = round_yen(amount * (1 - keeps)) if amount is not None and amount > 0 else None
        evidence.update(recommended_size=rec.describe(), keeps=keeps)
        if saving is not None:
            evidence["saving_basis"] = "amount × (1 − keeps), keeps = max(rec vCPU / vCPU, rec GB / GB)"
        params = {
            "item": line.item,
            "size": shape.describe(),
            "current": cur.describe(),
            "usage": usage.describe() if usage else "",
            "need": _need_text(evidence),
            "target": _n(TARGET_PERCENT),
            "rec": rec.describe(),
            "db": msg("review.sizing.db") if "db" in roles(_label(line)) else "",
        }
        return self.on_line(
            line,
            "warn",
            msg(kind, **params),
            msg(f"{kind}.question", **params),
            possible_saving_jpy=saving,
            evidence=evidence,
        )


def _label(line: EstimateLine) -> str:
    """What names the server: its item, specification and section."""
    return f"{line.item} {line.spec} {line.section}"


def _n(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _round1(value: Decimal | None) -> Decimal | None:
    return value.quantize(Decimal("0.1")) if value is not None else None


def _need_text(evidence: dict[str, Any]) -> str:
    parts = []
    if evidence.get("need_vcpu") is not None:
        parts.append(f"{_n(evidence['need_vcpu'])}vCPU")
    if evidence.get("need_memory_gb") is not None:
        parts.append(f"{_n(evidence['need_memory_gb'])}GB")
    return "/".join(parts)


def _step(steps: tuple[int, ...], need: Decimal) -> Decimal:
    for s in steps:
        if s >= need:
            return Decimal(s)
    return Decimal(math.ceil(need))


def recommend(shape: Shape, need_cpu: Decimal | None, need_mem: Decimal | None) -> Shape | None:
    """The smallest size holding the need: the same family's for an instance type, else the offered
    vCPU and memory steps (a dimension with no need stated keeps the line's own ratio)."""
    if need_cpu is None and need_mem is None:
        return None
    if shape.itype is not None:
        family = shape.itype
        for size in SIZES:
            cand = family.resized(size)
            if cand is None:
                continue
            if (need_cpu is None or cand.vcpu >= need_cpu) and (
                need_mem is None or Decimal(str(cand.memory_gib)) >= need_mem
            ):
                if SIZES.index(size) >= SIZES.index(family.size):
                    return shape
                return Shape(Decimal(cand.vcpu), Decimal(str(cand.memory_gib)), cand, cand.name, shape.prefix)
        return shape
    vcpu, mem = shape.vcpu, shape.memory_gb
    rec_cpu = _step(VCPU_STEPS, need_cpu) if need_cpu is not None else None
    rec_mem = _step(MEMORY_STEPS, need_mem) if need_mem is not None else None
    if rec_cpu is None and vcpu and mem and rec_mem is not None:
        rec_cpu = _step(VCPU_STEPS, vcpu * rec_mem / mem)
    if rec_mem is None and vcpu and mem and rec_cpu is not None:
        rec_mem = _step(MEMORY_STEPS, mem * rec_cpu / vcpu)
    rec_cpu = min(rec_cpu, vcpu) if rec_cpu is not None and vcpu is not None else rec_cpu or vcpu
    rec_mem = min(rec_mem, mem) if rec_mem is not None and mem is not None else rec_mem or mem
    return Shape(rec_cpu, rec_mem)


def _keeps(shape: Shape, rec: Shape) -> Decimal:
    """The share of the price the recommended size keeps: the larger of its vCPU and memory ratios."""
    ratios = []
    if shape.vcpu and rec.vcpu is not None:
        ratios.append(rec.vcpu / shape.vcpu)
    if shape.memory_gb and rec.memory_gb is not None:
        ratios.append(rec.memory_gb / shape.memory_gb)
    return min(max(ratios), Decimal(1)) if ratios else Decimal(1)


def _larger(shape: Shape, cur: Shape) -> bool:
    bigger_cpu = shape.vcpu is not None and cur.vcpu is not None and shape.vcpu > cur.vcpu
    bigger_mem = shape.memory_gb is not None and cur.memory_gb is not None and shape.memory_gb > cur.memory_gb
    return bigger_cpu or bigger_mem


def _same_kind(shape: Shape, cur: Shape) -> Shape:
    """The current size, written as the estimate's kind (the same family's size, when there is one)."""
    if shape.itype is not None:
        rec = recommend(shape, cur.vcpu, cur.memory_gb)
        if rec is not None:
            return rec
    return Shape(
        min(cur.vcpu, shape.vcpu) if cur.vcpu and shape.vcpu else shape.vcpu,
        min(cur.memory_gb, shape.memory_gb) if cur.memory_gb and shape.memory_gb else shape.memory_gb,
    )


def _note_usage(estimate: Estimate, line: EstimateLine) -> Usage | None:
    """Utilisation stated in a note row naming the line's role (and not another role only)."""
    mine = roles(_label(line))
    if not mine:
        return None
    env = environment(_label(line))
    found: Usage | None = None
    for note in estimate.lines:
        if note.kind not in ("note", "heading"):
            continue
        text = f"{note.item} {note.remarks}"
        usage = parse_usage(text, f"{note.sheet}!{note.cells.get('item', note.cell)}")
        if usage is None or not (roles(text) & mine):
            continue
        other = environment(text)
        if env and other and env != other:
            continue
        found = usage if found is None else _higher(found, usage)
    return found


def _higher(a: Usage, b: Usage) -> Usage:
    def top(x: Decimal | None, y: Decimal | None) -> Decimal | None:
        return y if x is None else x if y is None else max(x, y)

    return Usage(top(a.cpu, b.cpu), top(a.memory, b.memory), a.source)


# --- the ledger ---------------------------------------------------------------------------------
def _ledger_usage(ctx: ReviewContext) -> list[tuple[str, Shape, Usage]]:
    """The system's instances in the ledger: (role and environment text, shape, measured p95)."""
    from govcost.errors import UsageError
    from govcost.optimize.context import Context

    assert ctx.engine is not None
    try:
        octx = Context(ctx.engine, municipality=ctx.municipality)
    except UsageError:
        return []
    instances = [r for r in octx.instances() if r.system_id == ctx.system_id and r.instance_type is not None]
    if not instances:
        return []
    stats = octx.metric_stats(["cpu_percent", "memory_percent"], [r.resource_id for r in instances])
    out = []
    for res in instances:
        itype = res.instance_type
        assert itype is not None
        cpu, memory = (
            stats.get((res.resource_id, "cpu_percent")),
            stats.get((res.resource_id, "memory_percent")),
        )
        if cpu is None and memory is None:
            continue
        usage = Usage(
            Decimal(str(round(cpu.p95, 1))) if cpu is not None else None,
            Decimal(str(round(memory.p95, 1))) if memory is not None else None,
            f"ledger:{res.resource_id} p95",
        )
        label = " ".join(x for x in (res.role, res.name, res.environment) if x)
        shape = Shape(Decimal(itype.vcpu), Decimal(str(itype.memory_gib)), itype, itype.name)
        out.append((label, shape, usage))
    return out


def _measured_for(line: EstimateLine, measured: list[tuple[str, Shape, Usage]]) -> tuple[Shape, Usage] | None:
    """The ledger instance of the line's role and environment that needs the most (the largest
    vCPU × p95)."""
    mine = roles(_label(line))
    if not mine or not measured:
        return None
    env = environment(_label(line))
    best: tuple[Decimal, Shape, Usage] | None = None
    for label, shape, usage in measured:
        if not roles(label) & mine:
            continue
        other = environment(label)
        if env and other and env != other:
            continue
        need = (shape.vcpu or Decimal(0)) * (usage.cpu or Decimal(0))
        if best is None or need > best[0]:
            best = (need, shape, usage)
    return (best[1], best[2]) if best else None
