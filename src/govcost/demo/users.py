"""The demo's dashboard users: one per municipality, a group administrator for the 23 wards, and an
administrator — all with one published demo password (the demo serves on 127.0.0.1 only)."""

from __future__ import annotations

from govcost.demo.national import national_list
from govcost.jp.codes import known_municipalities
from govcost.ledger.store import Ledger
from govcost.web.users import User, Users

DEMO_PASSWORD = "govcost-demo-2025"


def demo_users(codes: list[str]) -> list[tuple[str, str, list[str], str]]:
    """(username, role, municipality codes, display name) for the demo's municipalities."""
    real = {m.code: m for m in national_list() if not m.synthetic}
    names = {**real, **known_municipalities()}
    out: list[tuple[str, str, list[str], str]] = [
        (f"u{code}", "municipal", [code], f"{names[code].name} 情報政策担当" if code in names else code)
        for code in codes
    ]
    wards = [c for c in codes if c.startswith("131")]
    if wards:
        out.append(("tokyo23", "group_admin", wards, "特別区 共同化推進担当 (グループ管理者)"))
    out.append(("admin", "admin", [], "システム管理者"))
    return out


def ensure_demo_users(ledger: Ledger, codes: list[str]) -> list[User]:
    """The demo users, added where missing (a second ``make demo`` keeps the first's)."""
    users = Users(ledger)
    out = []
    for username, role, municipalities, name in demo_users(codes):
        existing = users.get(username)
        out.append(existing or users.add(username, DEMO_PASSWORD, role, municipalities, name))
    return out
