"""Sessions in signed cookies with expiry, CSRF tokens, and a login rate limit.

The signing key lives in the ledger directory (``web.key``, created once, readable by its owner
only) unless ``GOVCOST_SECRET_KEY`` gives one, so sessions survive a restart and one ledger's cookies
mean nothing to another's.
"""

from __future__ import annotations

import hmac
import os
import secrets
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

SESSION_COOKIE = "govcost_session"
#: A session ends after this many seconds (a working day), whatever is done in it.
SESSION_SECONDS = 8 * 3600
#: Failed logins allowed per user name and per client within the window, before a pause.
MAX_FAILURES = 5
FAILURE_WINDOW_SECONDS = 15 * 60


def secret_key(ledger_dir: Path) -> str:
    given = os.environ.get("GOVCOST_SECRET_KEY")
    if given:
        return given
    path = ledger_dir / "web.key"
    if not path.exists():
        ledger_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


@dataclass
class Session:
    username: str | None
    csrf: str
    lang: str = "ja"

    def dump(self) -> dict[str, Any]:
        return {"u": self.username, "c": self.csrf, "l": self.lang}


class Sessions:
    def __init__(self, key: str) -> None:
        self._serializer = URLSafeTimedSerializer(key, salt="govcost-session")

    def new(self, username: str | None = None, lang: str = "ja") -> Session:
        return Session(username, secrets.token_urlsafe(32), lang)

    def encode(self, session: Session) -> str:
        return self._serializer.dumps(session.dump())

    def decode(self, cookie: str | None) -> Session | None:
        if not cookie:
            return None
        try:
            data = self._serializer.loads(cookie, max_age=SESSION_SECONDS)
        except (BadSignature, SignatureExpired):
            return None
        if not isinstance(data, dict) or not isinstance(data.get("c"), str):
            return None
        return Session(data.get("u"), data["c"], data.get("l") or "ja")


def csrf_ok(session: Session | None, token: str | None) -> bool:
    return bool(session and token and hmac.compare_digest(session.csrf, token))


class LoginLimiter:
    """Failures per user name and per client address within a sliding window."""

    def __init__(self, max_failures: int = MAX_FAILURES, window: float = FAILURE_WINDOW_SECONDS) -> None:
        self.max_failures = max_failures
        self.window = window
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        q = self._failures[key]
        while q and now - q[0] > self.window:
            q.popleft()
        return q

    def blocked(self, username: str, client: str) -> bool:
        now = time.monotonic()
        with self._lock:
            return any(
                len(self._recent(k, now)) >= self.max_failures
                for k in (f"u:{username.lower()}", f"c:{client}")
            )

    def failed(self, username: str, client: str) -> None:
        now = time.monotonic()
        with self._lock:
            for k in (f"u:{username.lower()}", f"c:{client}"):
                self._recent(k, now).append(now)

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(f"u:{username.lower()}", None)
