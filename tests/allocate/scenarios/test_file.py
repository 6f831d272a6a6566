"""Bad scenario files are refused before the ledger is read, with an error that names the file and
the key: unknown kind, missing parameter, unknown key, a curve out of order, bad values, bad YAML."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from govcost.allocate.scenario import read_scenario
from govcost.cli import app
from govcost.errors import InputError
from tests.allocate.scenarios.tiny import scenario_file


def _error(tmp_path: Path, text: str) -> str:
    path = scenario_file(tmp_path, text, "bad.yaml")
    with pytest.raises(InputError) as exc:
        read_scenario(path)
    en, ja = exc.value.render("en"), exc.value.render("ja")
    assert str(path) in en and str(path) in ja, "the error names the file"
    return en


@pytest.mark.parametrize(
    ("text", "key", "says"),
    [
        ("steps:\n  - kind: discont\n    rate: 0.1\n", "steps[1].kind", "unknown kind"),
        ("steps:\n  - kind: fx\n", "steps[1].rate", "missing"),
        ("steps:\n  - kind: fx\n    rate: 160\n    rates: 170\n", "steps[1].rates", "not known"),
        ("steps:\n  - kind: fx\n    rate: -3\n", "steps[1].rate", "> 0"),
        ("steps:\n  - kind: fx\n    rate: abc\n", "steps[1].rate", "wrong value"),
        ("name: x\n", "steps", "missing"),
        ("steps: []\n", "steps", "a list"),
        ("steps:\n  - {kind: fx, rate: 160}\nbaseline: nowhere.csv\n", "baseline", "no such file"),
        ("steps:\n  - {kind: fx, rate: 160}\nperiod: next-year\n", "period", "wrong value"),
        ("steps:\n  - {kind: fx, rate: 160}\nstep: 1\n", "step", "not known"),
        (
            "steps:\n  - kind: joint-procurement\n    municipalities: ['131017']\n    curve: {steps: []}\n",
            "steps[1].municipalities",
            "municipality code",
        ),
        (
            "steps:\n  - kind: joint-procurement\n    curve:\n      steps:\n"
            "        - {from: 3, discount: 0.1}\n        - {from: 3, discount: 0.2}\n",
            "steps[1].curve.steps[2].from",
            "must increase",
        ),
        (
            "steps:\n  - kind: joint-procurement\n    curve:\n"
            "      by: people\n      steps: [{from: 1, discount: 0.1}]\n",
            "steps[1].curve.by",
            "municipalities / amount",
        ),
        (
            "steps:\n  - kind: joint-procurement\n    curve: {steps: [{from: 1, discount: 1.5}]}\n",
            "steps[1].curve.steps[1].discount",
            "0 ≤",
        ),
        (
            "steps:\n  - kind: consolidation\n    package: juki\n    driver: load\n",
            "steps[1].driver",
            "population",
        ),
        ("steps:\n  - kind: discount\n    providers: {aws: 2}\n", "steps[1].providers.aws", "0 ≤"),
    ],
)
def test_bad_files_name_file_and_key(tmp_path: Path, text: str, key: str, says: str) -> None:
    message = _error(tmp_path, text)
    assert f"'{key}'" in message, message
    assert says in message, message


def test_bad_yaml_and_no_file(tmp_path: Path) -> None:
    assert "not valid YAML" in _error(tmp_path, "steps: [\n  - kind: fx\n")
    with pytest.raises(InputError) as exc:
        read_scenario(tmp_path / "nowhere.yaml")
    assert "file not found" in exc.value.render("en")


def test_numbers_are_read_as_decimals_not_floats(tmp_path: Path) -> None:
    path = scenario_file(
        tmp_path,
        "period: 2025\nsteps:\n"
        "  - {kind: fx, rate: 160.123456789012345678}\n"
        "  - {kind: discount, rate: 12.5%}\n",
    )
    scenario = read_scenario(path)
    assert scenario.period == "2025"
    fx, discount = (s.kind for s in scenario.steps)
    assert str(fx.rate) == "160.123456789012345678"  # type: ignore[attr-defined]
    assert str(discount.rate) == "0.125"  # type: ignore[attr-defined]


def test_the_cli_reports_the_error_in_one_place(tmp_path: Path) -> None:
    path = scenario_file(tmp_path, "steps:\n  - kind: nope\n")
    result = CliRunner().invoke(app, ["--ledger", str(tmp_path / "l"), "scenario", str(path)])
    assert isinstance(result.exception, InputError)
    assert "steps[1].kind" in result.exception.render("ja")
