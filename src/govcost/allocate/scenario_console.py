"""A scenario on the terminal: the steps and their changes, the table per municipality, the total and
where it leaves the municipalities against the targets (both ratios, labelled)."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from govcost.allocate.scenario import KINDS, ScenarioResult
from govcost.allocate.scenario_report import (
    demo_line,
    percent_change,
    ratios,
    step_line,
    summary_line,
    verdicts,
)
from govcost.allocate.targets import NATIONAL, WARDS_KGI
from govcost.messages import t


def print_scenario(console: Console, result: ScenarioResult) -> None:
    console.print(
        "[bold]"
        + escape(
            t(
                "scenario.title",
                name=result.scenario.name,
                period=result.period.label(),
                months=result.period.month_count,
            )
        ),
        highlight=False,
    )
    console.print(t("scenario.steps") + ":", highlight=False)
    for n, step in enumerate(result.steps):
        console.print("  " + escape(step_line(step, result.step_change(n))), highlight=False)
        for note in step.notes:
            console.print(f"    [yellow]{escape(note)}", highlight=False)
    baseline = result.baseline_given
    table = Table(show_lines=False)
    table.add_column(t("scenario.col.municipality"))
    table.add_column(t("scenario.col.municipality_name"))
    table.add_column(t("scenario.xlsx.now"), justify="right")
    table.add_column(t("scenario.xlsx.after"), justify="right")
    table.add_column(t("scenario.col.change"), justify="right")
    table.add_column(t("scenario.xlsx.percent"), justify="right")
    if baseline:
        table.add_column(t("scenario.col.ratio_before"), justify="right")
        for target in (NATIONAL, WARDS_KGI):
            table.add_column(t(f"scenario.short.{target.key}"))
    for r in result.rows:
        cells = [
            r.code or t("label.unassigned"),
            r.name,
            f"{r.now_yen:,}",
            f"{r.after_yen:,}",
            f"{r.difference_yen:+,}",
            percent_change(r.now_yen, r.after_yen),
        ]
        if baseline:
            a = r.targets[NATIONAL.key]
            cells.append(ratios(a.ratio_now, a.ratio_after) if a.yardstick else "")
            for target in (NATIONAL, WARDS_KGI):
                a = r.targets[target.key]
                cells.append(verdicts(a) if a.yardstick else "")
        table.add_row(*[escape(c) for c in cells])
    console.print(table)
    console.print(
        t(
            "scenario.total_line",
            now=f"{result.now_yen:,}",
            after=f"{result.after_yen:,}",
            change=f"{result.change_yen:+,}",
            percent=percent_change(result.now_yen, result.after_yen),
        ),
        highlight=False,
    )
    for s in result.summaries():
        console.print(escape(summary_line(s)), highlight=False)
    if not baseline:
        console.print(f"[yellow]{escape(t('scenario.target.no_baseline'))}", highlight=False)


def print_kinds(console: Console) -> None:
    table = Table(title=t("scenario.kinds_title"))
    table.add_column(t("scenario.col.kind_id"))
    table.add_column(t("scenario.col.kind_title"))
    for cls in KINDS:
        table.add_row(cls.key, cls.title)
    console.print(table)


def print_demo_lines(console: Console, results: list[tuple[Path, ScenarioResult]]) -> None:
    if not results:
        return
    console.print(t("scenario.demo_title"), highlight=False)
    for path, result in results:
        console.print(escape(demo_line(path.name, result)), highlight=False)
        for step in result.steps:
            if step.joint:
                console.print("    " + escape(step_line(step)), highlight=False)
