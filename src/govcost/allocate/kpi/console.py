"""`govcost kpi` on a terminal: one Rich table per part, the group figures each labelled, and the
demo's few lines. Yen are rounded half up once, when shown; ratios to three decimals."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from govcost.allocate.kpi import report
from govcost.allocate.kpi.run import KpiResult
from govcost.allocate.kpi.stats import ratio_text
from govcost.allocate.kpi.totals import wareki_month
from govcost.allocate.targets import NATIONAL, WARDS_KGI, meets
from govcost.jp.calendar import fiscal_year_label
from govcost.jp.codes import municipality_name
from govcost.jp.money import format_yen
from govcost.messages import t

STYLE = {"met": "green", "missed": "bold red", "no_data": "yellow", "scenario": "dim"}


def _ratio(value: Decimal | None) -> str:
    return ratio_text(value) or "-"


def _mark(value: Decimal | None, limit_met: bool | None) -> str:
    if value is None or limit_met is None:
        return ""
    return f"[green]{t('kpi.status.met')}[/]" if limit_met else f"[bold red]{t('kpi.status.missed')}[/]"


def print_kpi(console: Console, result: KpiResult) -> None:
    print_targets(console, result)
    print_before_after(console, result)
    print_cloud_yoy(console, result)
    print_per_resident(console, result)
    print_fiscal(console, result)
    print_anomalies(console, result)


def print_targets(console: Console, result: KpiResult) -> None:
    table = Table(title=t("kpi.targets.title"))
    table.add_column(t("kpi.col.target"), overflow="fold", ratio=1)
    table.add_column(t("kpi.col.measure"))
    table.add_column(t("kpi.col.value"), justify="right")
    table.add_column(t("kpi.col.status"), overflow="fold")
    for c in result.targets:
        table.add_row(
            escape(report.target_label(c)),
            report.measure_label(c.measure),
            _ratio(c.value) if c.value is not None else "",
            f"[{STYLE[c.status]}]{escape(t(f'kpi.status.{c.status}'))}[/]",
        )
    console.print(table)


def print_before_after(console: Console, result: KpiResult) -> None:
    ba = result.before_after
    table = Table(title=t("kpi.before_after.title", basis=report.basis_text(ba.basis)))
    table.add_column(t("label.municipality"))
    table.add_column(t("label.municipality_name"))
    table.add_column(t("kpi.col.before"), justify="right")
    table.add_column(t("kpi.col.after"), justify="right")
    table.add_column(t("kpi.col.ratio"), justify="right")
    table.add_column(t("kpi.col.national"))
    table.add_column(t("kpi.col.kgi"))
    for r in ba.rows:
        ratio = r.ratio
        table.add_row(
            r.municipality_code,
            r.name,
            format_yen(r.before_jpy) if r.before_jpy is not None else "-",
            format_yen(r.after_jpy),
            _ratio(ratio),
            _mark(ratio, meets(NATIONAL, ratio) if ratio is not None else None),
            _mark(ratio, meets(WARDS_KGI, ratio) if ratio is not None else None),
        )
    console.print(table)
    print_group_line(console, result)
    if ba.no_baseline:
        console.print(f"[yellow]{t('kpi.no_baseline', codes=', '.join(ba.no_baseline))}", highlight=False)
    if ba.no_costs:
        console.print(
            f"[yellow]{t('kpi.baseline_without_costs', codes=', '.join(ba.no_costs))}", highlight=False
        )


def print_group_line(console: Console, result: KpiResult) -> None:
    g = result.before_after.group
    if not g.municipalities:
        return
    console.print(
        t(
            "kpi.group.line",
            n=g.municipalities,
            totals=_ratio(g.ratio_of_totals),
            before=format_yen(g.before_total_jpy),
            after=format_yen(g.after_total_jpy),
            mean=_ratio(g.mean_of_ratios),
            median=_ratio(g.median_ratio),
            min=_ratio(g.min_ratio),
            max=_ratio(g.max_ratio),
        ),
        highlight=False,
    )
    if g.municipalities > 1:
        console.print(t("kpi.group.note"), style="dim", highlight=False)


def print_cloud_yoy(console: Console, result: KpiResult) -> None:
    yoy = result.cloud_yoy
    if not yoy.enough_data:
        console.print(
            f"[yellow]{t('kpi.cloud.not_enough', year=fiscal_year_label(yoy.fiscal_year - 1))}",
            highlight=False,
        )
        return
    table = Table(title=t("kpi.cloud.title", year=fiscal_year_label(yoy.fiscal_year), months=len(yoy.months)))
    table.add_column(t("label.municipality"))
    table.add_column(t("label.municipality_name"))
    table.add_column(t("kpi.col.last_year"), justify="right")
    table.add_column(t("kpi.col.this_year"), justify="right")
    table.add_column(t("kpi.col.yoy"), justify="right")
    for r in yoy.rows:
        table.add_row(
            r.municipality_code,
            r.name,
            format_yen(r.last_year_jpy),
            format_yen(r.this_year_jpy),
            _ratio(r.ratio),
        )
    g = yoy.group
    table.add_row(
        t("label.total"),
        "",
        format_yen(g.before_total_jpy),
        format_yen(g.after_total_jpy),
        _ratio(g.ratio_of_totals),
    )
    console.print(table)
    console.print(
        f"{t('kpi.measure.ratio_of_totals')} {_ratio(g.ratio_of_totals)}、"
        f"{t('kpi.measure.mean_of_ratios')} {_ratio(g.mean_of_ratios)}",
        highlight=False,
    )


def print_per_resident(console: Console, result: KpiResult) -> None:
    pr = result.per_resident
    table = Table(title=t("kpi.per_resident.title", basis=report.basis_text(pr.basis)))
    table.add_column(t("label.municipality"))
    table.add_column(t("label.municipality_name"))
    table.add_column(t("kpi.col.population"), justify="right")
    table.add_column(t("kpi.col.annual"), justify="right")
    table.add_column(t("kpi.col.per_resident"), justify="right")
    for r in pr.rows:
        table.add_row(
            r.municipality_code,
            r.name,
            f"{r.population:,}",
            format_yen(r.annual_jpy),
            format_yen(r.per_resident_jpy),
        )
    console.print(table)
    s = pr.spread
    if s is not None:
        console.print(
            t(
                "kpi.spread.line",
                n=s.municipalities,
                min=format_yen(s.min_jpy),
                min_name=municipality_name(s.min_code) or s.min_code,
                max=format_yen(s.max_jpy),
                max_name=municipality_name(s.max_code) or s.max_code,
                median=format_yen(s.median_jpy),
                mean=format_yen(s.mean_jpy),
                ratio=_ratio(s.max_over_min),
                cv=_ratio(s.coefficient_of_variation),
            ),
            highlight=False,
        )
    if pr.missing_population:
        console.print(
            f"[yellow]{t('kpi.missing_population', codes=', '.join(pr.missing_population))}", highlight=False
        )


def print_fiscal(console: Console, result: KpiResult) -> None:
    fv = result.fiscal
    table = Table(title=t("kpi.fiscal.title", year=fiscal_year_label(fv.fiscal_year)))
    table.add_column(t("label.month"))
    table.add_column(t("kpi.col.label"))
    table.add_column(t("kpi.col.actual"), justify="right")
    table.add_column(t("kpi.col.budget"), justify="right")
    table.add_column(t("kpi.col.variance"), justify="right")
    table.add_column(t("kpi.col.forecast"), justify="right")
    for m in fv.total.months:
        table.add_row(
            f"{m.month:%Y-%m}",
            wareki_month(m.month),
            format_yen(m.actual_jpy),
            format_yen(m.budget_jpy),
            format_yen(m.variance_jpy),
            format_yen(m.forecast_jpy),
        )
    console.print(table)
    console.print(report.method_text(result), style="dim", highlight=False)
    total = fv.total
    budget = total.budget_jpy
    if budget is None:
        console.print(
            t(
                "kpi.fiscal.year_end_only",
                forecast=format_yen(total.forecast_jpy),
                actual=format_yen(total.actual_jpy),
                months=fv.months_covered,
            ),
            highlight=False,
        )
        console.print(t("kpi.fiscal.no_budget"), style="dim", highlight=False)
        return
    console.print(
        t(
            "kpi.fiscal.year_end",
            forecast=format_yen(total.forecast_jpy),
            actual=format_yen(total.actual_jpy),
            months=fv.months_covered,
            budget=format_yen(budget),
            variance=format_yen(total.forecast_jpy - budget),
        ),
        highlight=False,
    )


def print_anomalies(console: Console, result: KpiResult) -> None:
    console.print(f"[bold]{t('kpi.anomaly.title', year=fiscal_year_label(result.fiscal.fiscal_year))}")
    console.print(report.rule_text(result), style="dim", highlight=False)
    if not result.anomalies:
        console.print(t("kpi.anomaly.none"))
        return
    for a in result.anomalies:
        names = ", ".join(f"{c} {municipality_name(c) or ''}".strip() for c in a.municipality_codes)
        console.print(
            t(
                "kpi.anomaly.line",
                system=a.system_id,
                municipalities=names,
                month=f"{a.month:%Y-%m}",
                cost=format_yen(a.cost_jpy),
                median=format_yen(a.median_jpy),
                ratio=_ratio(a.rise_ratio),
                threshold=format_yen(a.threshold_jpy),
            ),
            highlight=False,
            markup=False,
        )
        for c in a.lines:
            what = " / ".join(
                p
                for p in (c.key.service, c.key.charge_description, c.key.resource_name or c.key.resource_id)
                if p
            )
            console.print(
                t("kpi.anomaly.cause", what=what, increase=format_yen(c.increase_jpy)),
                highlight=False,
                markup=False,
            )


def print_demo_lines(console: Console, result: KpiResult) -> None:
    """What `govcost demo` shows: the group before/after both ways against the two targets."""
    ba = result.before_after
    years = sorted({r.before_year for r in ba.rows if r.before_year})
    baseline = ", ".join(fiscal_year_label(y) for y in years) or "-"
    console.print(t("demo.kpi", baseline=baseline, basis=report.basis_text(ba.basis)), highlight=False)
    print_group_line(console, result)
    for target in (NATIONAL, WARDS_KGI):
        checks = {c.measure: c for c in result.targets if c.target is target}
        tot, avg = checks["ratio_of_totals"], checks["mean_of_ratios"]
        console.print(
            t(
                "demo.kpi.target",
                target=t(f"kpi.target.{target.key}"),
                totals=_ratio(tot.value),
                s1=t(f"kpi.status.{tot.status}"),
                mean=_ratio(avg.value),
                s2=t(f"kpi.status.{avg.status}"),
            ),
            highlight=False,
        )
    if result.anomalies:
        items = ", ".join(f"{a.system_id} {a.month:%Y-%m}" for a in result.anomalies)
        console.print(t("demo.kpi.anomalies", count=len(result.anomalies), items=items), highlight=False)
