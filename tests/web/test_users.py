"""`govcost users add|list|remove`, the rules on users, and the demo's users."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from govcost.cli import app
from govcost.demo.users import DEMO_PASSWORD, ensure_demo_users
from govcost.engine import Engine
from govcost.errors import UsageError
from govcost.web.users import Users


def test_users_cli_adds_lists_and_removes(tmp_path: Path) -> None:
    runner = CliRunner()
    ledger = str(tmp_path / "l")
    added = runner.invoke(
        app,
        [
            "--ledger",
            ledger,
            "users",
            "add",
            "setagaya",
            "--municipality",
            "131121",
            "--password",
            "a long password",
        ],
    )
    assert added.exit_code == 0, added.output
    listed = runner.invoke(app, ["--ledger", ledger, "users", "list"])
    assert "setagaya" in listed.output and "131121" in listed.output
    with Engine(tmp_path / "l") as engine:
        users = Users(engine.ledger)
        assert users.authenticate("setagaya", "a long password") is not None
        stored = engine.ledger.con.execute("SELECT password_hash FROM users").fetchall()[0][0]
        assert stored.startswith("$argon2") and "a long password" not in stored
    removed = runner.invoke(app, ["--ledger", ledger, "users", "remove", "setagaya"])
    assert removed.exit_code == 0
    assert "setagaya" not in runner.invoke(app, ["--ledger", ledger, "users", "list"]).output


@pytest.mark.parametrize(
    ("username", "password", "role", "codes", "key"),
    [
        ("x", "a long password", "municipal", ["131016"], "users.bad_username"),
        ("chiyoda", "short", "municipal", ["131016"], "users.short_password"),
        ("chiyoda", "a long password", "mayor", ["131016"], "users.bad_role"),
        ("chiyoda", "a long password", "municipal", [], "users.municipal_needs_one"),
        ("group", "a long password", "group_admin", [], "users.group_needs_codes"),
    ],
)
def test_bad_users_are_refused(
    tmp_path: Path, username: str, password: str, role: str, codes: list[str], key: str
) -> None:
    with Engine(tmp_path / "l") as engine, pytest.raises(UsageError) as err:
        Users(engine.ledger).add(username, password, role, codes)
    assert err.value.key == key


def test_a_wrong_check_digit_is_refused(tmp_path: Path) -> None:
    with Engine(tmp_path / "l") as engine, pytest.raises(Exception, match="131017"):
        Users(engine.ledger).add("chiyoda", "a long password", "municipal", ["131017"])


def test_demo_users_one_per_municipality_a_group_and_an_admin(tmp_path: Path) -> None:
    codes = ["131016", "131024", "132012"]
    with Engine(tmp_path / "l") as engine:
        first = ensure_demo_users(engine.ledger, codes)
        again = ensure_demo_users(engine.ledger, codes)
        assert [u.username for u in first] == [u.username for u in again]
        by_name = {u.username: u for u in first}
        assert by_name["u131016"].municipalities == ("131016",)
        assert by_name["tokyo23"].role == "group_admin" and by_name["tokyo23"].municipalities == (
            "131016",
            "131024",
        )
        assert by_name["admin"].is_admin
        assert Users(engine.ledger).authenticate("u132012", DEMO_PASSWORD) is not None
