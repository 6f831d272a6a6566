"""The rules file: what it reads, and the clear error (file and key) of every mistake it refuses."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from govcost.allocate.rules import describe_method, load_rules
from govcost.errors import InputError
from tests.allocate.alloc_ledgers import A, B, C, populations, rules

GOOD = f"""\
title: テスト
rules:
  - id: koseki
    name: 戸籍 共同利用
    select: {{system_id: KOSEKI-K01, cost_source: [cloud, operations_assistant], from: 2025-04, to: 2026-03}}
    members: ["{A}", "{B}", "{C}"]
    method: fixed_variable
    fixed_percent: 30
    fixed: equal
    variable: population
    users: {{"{A}": 12.5, "{B}": 20, "{C}": "1,000"}}
    usage: {{keys: {{"2025-04": {{"{A}": 1, "{B}": 2, "{C}": 3}}}}, unit: 件}}
  - id: tagged
    select: {{tags: {{"user:tenant-pool": shared}}}}
    members: ["{A}", "{B}"]
    method: usage
    usage: {{tag: "user:tenant"}}
"""


def one(
    select: str = "{system_id: S}", members: str = "['131016']", method: str = "equal", extra: str = ""
) -> str:
    """A file of one rule."""
    return f"rules:\n  - id: x\n    select: {select}\n    members: {members}\n    method: {method}\n{extra}"


def _error(tmp_path: Path, body: str, with_populations: bool = True) -> InputError:
    path = rules(tmp_path / "allocation.yaml", body, with_populations)
    with pytest.raises(InputError) as caught:
        load_rules(path)
    return caught.value


def test_a_good_file_is_read_exactly(tmp_path: Path) -> None:
    path = rules(tmp_path / "allocation.yaml", GOOD)
    rs = load_rules(path)
    assert rs.title == "テスト" and rs.source == str(path)
    assert rs.populations_source == str(tmp_path / "populations.csv")
    assert (rs.populations[A], rs.populations[C]) == (100, 300)
    koseki, tagged = rs.rules
    assert koseki.members == (A, B, C) and koseki.system_id == "KOSEKI-K01"
    assert koseki.select.cost_sources == ("cloud", "operations_assistant")
    assert koseki.select.first_month is not None and koseki.select.first_month.isoformat() == "2025-04-01"
    assert koseki.fixed_percent == Decimal(30) and koseki.bases == ("equal", "population")
    # Read as text, never as a float: 12.5 and "1,000" are exact decimals.
    assert koseki.users == {A: Decimal("12.5"), B: Decimal(20), C: Decimal(1000)}
    assert koseki.usage is not None and koseki.usage.unit == "件"
    assert next(iter(koseki.usage.monthly.values())) == {A: 1, B: 2, C: 3}
    assert tagged.usage is not None and tagged.usage.measure == "tag" and tagged.usage.tag == "user:tenant"
    assert tagged.select.tags == (("user:tenant-pool", "shared"),)
    assert tagged.name == "tagged" and tagged.system_id == ""
    assert describe_method(koseki, "ja") == "固定 30%: 均等割 + 変動 70%: 人口割"
    assert describe_method(koseki, "en") == "fixed 30 %: equal shares + variable 70 %: by population"


def test_a_code_keeps_its_leading_zero(tmp_path: Path) -> None:
    # 011002 (札幌市) would be an octal number to a YAML 1.1 reader; here it stays a code. It has no
    # shipped population, so the populations file gives it one.
    populations(tmp_path / "p.csv", {"011002": 1_973_395, A: 100})
    path = tmp_path / "r.yaml"
    path.write_text(
        f'populations: p.csv\nrules:\n  - id: x\n    select: {{system_id: S}}\n    members: [011002, "{A}"]\n'
        "    method: population\n",
        encoding="utf-8",
    )
    assert load_rules(path).rules[0].members == ("011002", A)


def test_an_empty_file_has_no_rules(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("rules: []\n", encoding="utf-8")
    assert load_rules(path).rules == ()


def test_unknown_method(tmp_path: Path) -> None:
    err = _error(
        tmp_path,
        f'rules:\n  - id: x\n    select: {{system_id: S}}\n    members: ["{A}"]\n    method: per_capita\n',
    )
    assert err.key == "allocation.unknown_method"
    assert err.file == str(tmp_path / "allocation.yaml") and err.column == "rules[0].method"
    text = err.render("ja")
    assert "allocation.yaml" in text and "rules[0].method" in text and "per_capita" in text
    assert "fixed_variable" in text  # the fix lists the methods allowed


def test_a_member_code_with_a_wrong_check_digit(tmp_path: Path) -> None:
    err = _error(
        tmp_path,
        one(members=f'["{A}", "131017"]'),
    )
    assert err.key == "input.bad_municipality_code" and err.column == "rules[0].members[1]"
    assert err.found == "131017" and "検査数字" in err.render("ja")


def test_a_member_without_its_key(tmp_path: Path) -> None:
    err = _error(
        tmp_path,
        one(members=f'["{A}", "{B}"]', method="accounts", extra=f'    accounts: {{"{A}": 3}}\n'),
    )
    assert err.key == "allocation.member_key_missing" and err.column == "rules[0].accounts"
    assert B in err.render("ja") and B in err.render("en")


def test_a_key_for_someone_not_a_member(tmp_path: Path) -> None:
    err = _error(
        tmp_path,
        f'rules:\n  - id: x\n    select: {{system_id: S}}\n    members: ["{A}"]\n    method: users\n'
        f'    users: {{"{A}": 3, "{B}": 4}}\n',
    )
    assert err.key == "allocation.key_not_member" and err.column == f"rules[0].users.{B}"


def test_the_method_needs_its_keys(tmp_path: Path) -> None:
    err = _error(
        tmp_path,
        f'rules:\n  - id: x\n    select: {{system_id: S}}\n    members: ["{A}"]\n    method: users\n',
    )
    assert err.key == "allocation.missing_key" and err.column == "rules[0].users"


def test_all_keys_zero(tmp_path: Path) -> None:
    err = _error(
        tmp_path,
        f'rules:\n  - id: x\n    select: {{system_id: S}}\n    members: ["{A}", "{B}"]\n    method: users\n'
        f'    users: {{"{A}": 0, "{B}": 0}}\n',
    )
    assert err.key == "allocation.zero_keys"


def test_a_negative_or_unreadable_key(tmp_path: Path) -> None:
    for value in ("-1", "many", "[1]"):
        err = _error(
            tmp_path,
            f'rules:\n  - id: x\n    select: {{system_id: S}}\n    members: ["{A}"]\n    method: users\n'
            f'    users: {{"{A}": {value}}}\n',
        )
        assert err.key == "allocation.bad_value" and err.column == f"rules[0].users.{A}"


def test_overlapping_rules_would_share_the_same_cost_twice(tmp_path: Path) -> None:
    err = _error(
        tmp_path,
        f'rules:\n  - id: one\n    select: {{system_id: S, cost_source: cloud}}\n    members: ["{A}"]\n'
        "    method: equal\n"
        "  - id: two\n    select: {system_id: [T, S], cost_source: cloud, from: 2025-10}\n"
        f'    members: ["{B}"]\n'
        "    method: equal\n",
    )
    assert err.key == "allocation.overlap" and err.column == "rules[1].select"
    assert "one" in err.render("ja") and "two" in err.render("ja")


def test_rules_apart_by_month_or_cost_source_do_not_overlap(tmp_path: Path) -> None:
    path = rules(
        tmp_path / "allocation.yaml",
        f"rules:\n  - id: one\n    select: {{system_id: S, cost_source: cloud, to: 2025-09}}\n"
        f'    members: ["{A}"]\n    method: equal\n'
        f"  - id: two\n    select: {{system_id: S, cost_source: cloud, from: 2025-10}}\n"
        f'    members: ["{B}"]\n    method: equal\n'
        f'  - id: three\n    select: {{system_id: S, cost_source: network}}\n    members: ["{B}"]\n'
        "    method: equal\n",
    )
    assert [r.id for r in load_rules(path).rules] == ["one", "two", "three"]


@pytest.mark.parametrize(
    ("body", "key", "column"),
    [
        (
            "rules:\n  - id: x\n    members: ['131016']\n    method: equal\n",
            "allocation.missing_key",
            "rules[0].select",
        ),
        (
            "rules:\n  - id: x\n    select: {from: 2025-04}\n    members: ['131016']\n    method: equal\n",
            "allocation.empty_select",
            "rules[0].select",
        ),
        (
            "rules:\n  - id: x\n    select: {system: S}\n    members: ['131016']\n    method: equal\n",
            "allocation.unknown_key",
            "rules[0].select.system",
        ),
        (
            one(extra="    share: 1\n"),
            "allocation.unknown_key",
            "rules[0].share",
        ),
        (
            one(select="{cost_source: cloudfees}"),
            "allocation.bad_value",
            "rules[0].select.cost_source",
        ),
        (
            one(select="{system_id: S, from: 2025-13}"),
            "allocation.bad_value",
            "rules[0].select.from",
        ),
        (
            one(select="{system_id: S, from: 2025-10, to: 2025-04}"),
            "allocation.bad_value",
            "rules[0].select.to",
        ),
        (
            one(method="fixed_variable", extra="    fixed: equal\n    variable: population\n"),
            "allocation.missing_key",
            "rules[0].fixed_percent",
        ),
        (
            one(
                method="fixed_variable",
                extra="    fixed_percent: 120\n    fixed: equal\n    variable: population\n",
            ),
            "allocation.bad_value",
            "rules[0].fixed_percent",
        ),
        (
            one(
                method="fixed_variable",
                extra="    fixed_percent: 30\n    fixed: equal\n    variable: fixed_variable\n",
            ),
            "allocation.unknown_method",
            "rules[0].variable",
        ),
        (
            "rules:\n  - id: x\n    select: {system_id: S}\n    members: ['131016']\n    method: equal\n"
            "    fixed_percent: 30\n",
            "allocation.only_fixed_variable",
            "rules[0].fixed_percent",
        ),
        (
            one(members="['131016', '131016']"),
            "allocation.duplicate_member",
            "rules[0].members[1]",
        ),
        (
            "rules:\n  - id: x\n    select: {system_id: S}\n    members: []\n    method: equal\n",
            "allocation.bad_value",
            "rules[0].members",
        ),
        (
            "rules:\n  - id: x\n    select: {system_id: S}\n    members: ['131016']\n    method: equal\n"
            "  - id: x\n    select: {system_id: T}\n    members: ['131016']\n    method: equal\n",
            "allocation.duplicate_rule",
            "rules[1].id",
        ),
        (
            "rules:\n  - id: x\n    select: {system_id: S}\n    members: ['131016']\n    method: usage\n"
            "    usage: {tag: t, keys: {'131016': 1}}\n",
            "allocation.bad_value",
            "rules[0].usage",
        ),
        ("rule:\n  - id: x\n", "allocation.unknown_key", "rule"),
        ("rules: {id: x}\n", "allocation.bad_value", "rules"),
    ],
)
def test_bad_rules_name_their_key(tmp_path: Path, body: str, key: str, column: str) -> None:
    err = _error(tmp_path, body)
    assert (err.key, err.column, err.file) == (key, column, str(tmp_path / "allocation.yaml"))
    assert str(tmp_path / "allocation.yaml") in err.render("en") and column in err.render("en")


def test_a_member_without_a_population(tmp_path: Path) -> None:
    # 011002 (札幌市) is a valid code but no population ships with govcost for it.
    body = "rules:\n  - id: x\n    select: {system_id: S}\n    members: ['011002']\n    method: population\n"
    err = _error(tmp_path, body, with_populations=False)
    assert err.key == "allocation.no_population" and "011002" in err.render("ja")
    assert "--populations" in err.render("ja")
    # Equal shares need no population.
    path = rules(tmp_path / "eq.yaml", body.replace("population", "equal"), with_populations=False)
    assert load_rules(path).rules[0].method == "equal"
    # The command line's populations file gives it one.
    pops = populations(tmp_path / "sapporo.csv", {"011002": 1_973_395})
    path = rules(tmp_path / "pop.yaml", body, with_populations=False)
    assert load_rules(path, populations=pops).populations["011002"] == 1_973_395


def test_bad_yaml_and_a_missing_file(tmp_path: Path) -> None:
    err = _error(tmp_path, "rules: [\n  - id: x\n")
    assert err.key == "allocation.bad_yaml"
    with pytest.raises(InputError) as caught:
        load_rules(tmp_path / "none.yaml")
    assert caught.value.key == "input.not_found"


def test_monthly_usage_keys_are_read_per_month(tmp_path: Path) -> None:
    body = (
        f'rules:\n  - id: x\n    select: {{system_id: S}}\n    members: ["{A}", "{B}"]\n    method: usage\n'
        f'    usage:\n      keys:\n        2025-04: {{"{A}": 1, "{B}": 3}}\n        2025-05: {{"{A}": 2}}\n'
    )
    err = _error(tmp_path, body)
    assert err.key == "allocation.member_key_missing" and err.column == "rules[0].usage.keys.2025-05"
