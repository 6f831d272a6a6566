"""Dashboard users: who they are, what they may see, their password hashes (argon2).

Users live in the ledger's own catalog (table ``users``), so one directory holds the data and the
people allowed to read it. Roles:

- ``municipal``: one municipality's data (and its share of joint systems);
- ``group_admin``: the municipalities of a group (a joint organisation, a prefecture's support desk);
- ``admin``: everything, and manages users and imports.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from govcost.errors import UsageError
from govcost.jp.codes import validate_code
from govcost.ledger.store import Ledger

Role = Literal["municipal", "group_admin", "admin"]
ROLES: tuple[Role, ...] = ("municipal", "group_admin", "admin")
_USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{3,64}$")
MIN_PASSWORD = 10

_TABLE = """
CREATE TABLE IF NOT EXISTS users (
    username VARCHAR PRIMARY KEY,
    password_hash VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    municipalities VARCHAR[] NOT NULL,
    display_name VARCHAR,
    created_at TIMESTAMP NOT NULL
)
"""
_hasher = PasswordHasher()


@dataclass(frozen=True)
class User:
    username: str
    role: Role
    #: The municipality codes the user may read; empty for an administrator (who reads all).
    municipalities: tuple[str, ...]
    display_name: str = ""

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def may_read(self, code: str | None) -> bool:
        return self.is_admin or (code is not None and code in self.municipalities)


class Users:
    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        ledger.con.execute(_TABLE)

    def add(
        self,
        username: str,
        password: str,
        role: str,
        municipalities: list[str] | tuple[str, ...] = (),
        display_name: str = "",
    ) -> User:
        if not _USERNAME.match(username):
            raise UsageError("users.bad_username", username=username)
        if len(password) < MIN_PASSWORD:
            raise UsageError("users.short_password", min=MIN_PASSWORD)
        if role not in ROLES:
            raise UsageError("users.bad_role", role=role, roles=" / ".join(ROLES))
        codes = tuple(validate_code(c) for c in municipalities)
        if role == "municipal" and len(codes) != 1:
            raise UsageError("users.municipal_needs_one")
        if role == "group_admin" and not codes:
            raise UsageError("users.group_needs_codes")
        if role == "admin":
            codes = ()
        if self.get(username) is not None:
            raise UsageError("users.exists", username=username)
        self.ledger.con.execute(
            "INSERT INTO users VALUES (?, ?, ?, ?, ?, ?)",
            [
                username,
                _hasher.hash(password),
                role,
                list(codes),
                display_name,
                dt.datetime.now(dt.UTC).replace(tzinfo=None),
            ],
        )
        return User(username, role, codes, display_name)

    def remove(self, username: str) -> None:
        if self.get(username) is None:
            raise UsageError("users.unknown", username=username)
        self.ledger.con.execute("DELETE FROM users WHERE username = ?", [username])

    def get(self, username: str) -> User | None:
        rows = self.ledger.con.execute(
            "SELECT username, role, municipalities, display_name FROM users WHERE username = ?", [username]
        ).fetchall()
        if not rows:
            return None
        name, role, codes, display = rows[0]
        return User(name, role, tuple(codes or ()), display or "")

    def list(self) -> list[User]:
        rows = self.ledger.con.execute(
            "SELECT username, role, municipalities, display_name FROM users ORDER BY username"
        ).fetchall()
        return [User(r[0], r[1], tuple(r[2] or ()), r[3] or "") for r in rows]

    def authenticate(self, username: str, password: str) -> User | None:
        """The user if the password is theirs; None otherwise (unknown users take as long)."""
        rows = self.ledger.con.execute(
            "SELECT password_hash FROM users WHERE username = ?", [username]
        ).fetchall()
        stored = rows[0][0] if rows else _DUMMY_HASH
        try:
            _hasher.verify(stored, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        return self.get(username) if rows else None


_DUMMY_HASH = _hasher.hash("not a password of anyone")
