"""Dashboard benchmark: every page, download and API call of ``govcost serve`` on a large ledger.

The issue's target: on a ledger of 10 M cost rows, every page and API call answers in under 500 ms
at the median on one of our 2-core machines.

It builds the ledger (FOCUS rows from bench/ingest.py's generator, written as Parquet, with an account
map, the month's FX rate, the users of three roles and two stored estimate reviews), serves it with
uvicorn in a fresh process, signs in as each role with httpx and requests every GET route the app
registers: one warm-up, then ``--repeat`` times. Run it with ``make bench-dashboard``.

Before that, right after start-up, each role's first (cold) visit of /optimize, printed separately:
how long its first answer took (the page with its findings, or the one saying they are being
computed while the server computes them in the background) and how long until the page showed the
findings, from that visit and from the server's start.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import duckdb
import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(p) for p in (ROOT,) if str(p) not in sys.path]

from bench import ingest as ingest_bench  # noqa: E402
from bench.optimize import _peak_mb  # noqa: E402

TARGET_MS = 500.0
GENERATOR_VERSION = 1
PASSWORD = "bench-dashboard-password"
CHIYODA, CHUO = "131016", "131024"
#: The users the benchmark signs in as: (username, role, municipalities).
ROLES = [
    ("admin", "admin", []),
    ("chiyoda", "municipal", [CHIYODA]),
    ("group", "group_admin", [CHIYODA, CHUO]),
]
#: Routes that are not the dashboard's data (measured all the same where they answer GET).
SKIP = {"/lang/{lang}"}
#: test_isolation's demo system ids, and the systems of this ledger that stand in for them.
SYSTEMS = {"KOSEKI-K01": f"JUKI-{CHIYODA}", "FUKUSHI-K02": f"JUKI-{CHUO}", "BUNSHO-131032": "JUKI-131032"}

# --- the ledger ---------------------------------------------------------------------------------


def write_costs(rows: int, path: Path) -> float:
    """bench/ingest.py's FOCUS rows (one month, 48 accounts of 24 municipalities), as Parquet with
    text columns as a FOCUS export has them; the seconds it took."""
    start = time.perf_counter()
    tmp = path.with_name(path.name + ".tmp")
    with duckdb.connect() as con:
        con.execute("SET enable_progress_bar = false")
        con.execute("SET preserve_insertion_order = false")
        con.execute(f"CREATE TEMP TABLE ids AS SELECT range AS i FROM range({rows})")
        select = ingest_bench.FORMATS["focus"][1]
        con.execute(f"COPY (SELECT COLUMNS(*)::VARCHAR FROM ({select})) TO '{tmp}' (FORMAT parquet)")
    tmp.rename(path)
    return time.perf_counter() - start


def write_accounts(path: Path) -> None:
    """The account map: each municipality's accounts hold its 住民基本台帳 system ``JUKI-<code>``."""
    lines = ["provider,account_id,municipality_code,business,environment,system_id,usage"]
    lines += [
        f"aws,{a['account_id']},{a['code']},住民基本台帳,{a['environment']},JUKI-{a['code']},単独"
        for a in ingest_bench.ACCOUNTS
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_fx(path: Path) -> None:
    path.write_text(f"month,currency,jpy_per_unit\n{ingest_bench.MONTH},USD,{ingest_bench.USD_JPY}\n")


@dataclass
class Ledger:
    path: Path
    rows: int
    generate_s: float | None = None
    ingest_s: float | None = None
    peak_mb: float | None = None


def build(work: Path, rows: int) -> Ledger:
    """The ledger of ``rows`` cost rows in ``work`` (reused when an earlier run left it complete)."""
    ledger = work / f"ledger-{rows}-v{GENERATOR_VERSION}"
    done = ledger / ".bench-complete"
    if done.exists():
        return Ledger(ledger, rows)
    if ledger.exists():
        shutil.rmtree(ledger)
    data = work / "data"
    data.mkdir(parents=True, exist_ok=True)
    costs = data / f"focus-{rows}-v{GENERATOR_VERSION}.parquet"
    generate_s = None if costs.exists() else write_costs(rows, costs)
    write_accounts(data / "accounts.csv")
    write_fx(data / "fx_rates.csv")
    code = "from bench.dashboard import child_ingest as c; c(*__import__('sys').argv[1:])"
    answer = json.loads(_python(code, str(ledger), str(data), costs.name))
    done.write_text(json.dumps(answer) + "\n")
    return Ledger(ledger, rows, generate_s, answer["seconds"], answer["peak_mb"])


def child_ingest(ledger: str, data: str, costs: str) -> None:
    """In a fresh process: the import, the users and two stored reviews; prints the figures as JSON."""
    from govcost.engine import Engine
    from govcost.web.users import Users
    from tests.web.conftest import Site
    from tests.web.stored_reviews import seed_reviews

    start = time.perf_counter()
    folder = Path(data)
    with Engine(Path(ledger)) as engine:
        reports = engine.ingest(
            [folder / costs], accounts=folder / "accounts.csv", fx=folder / "fx_rates.csv"
        )
        bad = [(r.file, r.status) for r in reports if r.status not in ("imported", "loaded")]
        if bad:
            raise SystemExit(f"the import failed: {bad}")
        seconds = time.perf_counter() - start
        users = Users(engine.ledger)
        for name, role, codes in ROLES:
            users.add(name, PASSWORD, role, codes)
    seed_reviews(Site(Path(ledger), object))  # type: ignore[arg-type]
    print(json.dumps({"seconds": seconds, "peak_mb": _peak_mb()}))


def _python(code: str, *args: str) -> str:
    """``code`` run by this Python in a fresh process from the repository root: its last line."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, env=_env(), check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"failed: {code}\n{done.stderr[-3000:]}")
    return done.stdout.strip().splitlines()[-1]


def _env() -> dict[str, str]:
    return os.environ | {
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    }


# --- the server ---------------------------------------------------------------------------------

SERVER = """
import json, sys, uvicorn
from fastapi.routing import APIRoute
from govcost.web.app import create_app
app = create_app(sys.argv[1])
routes = [r.path for r in app.routes if isinstance(r, APIRoute) and "GET" in r.methods]
open(sys.argv[3], "w").write(json.dumps(routes))
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning", access_log=False)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(ledger: Path, port: int, routes_file: Path, log: IO[bytes]) -> subprocess.Popen[bytes]:
    """The app on ``ledger`` served by uvicorn in a fresh process (its output goes to ``log``)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(ledger), str(port), str(routes_file)],
        cwd=ROOT,
        env=_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(
                f"the server stopped: {proc.stderr.read().decode()[-3000:] if proc.stderr else ''}"
            )
        try:
            httpx.get(f"http://127.0.0.1:{port}/login", timeout=2)
            return proc
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not answer within 120 s")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def sign_in(base: str, username: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=600, follow_redirects=False)
    page = client.get("/login")
    token = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    answer = client.post("/login", data={"username": username, "password": PASSWORD, "csrf": token})
    if answer.status_code != 303:
        raise SystemExit(f"signing in as {username} failed: {answer.status_code}")
    return client


def urls_of(routes: list[str]) -> dict[str, list[str]]:
    """Concrete URLs for every route: tests/web/test_isolation.py's (they name the same users' wards,
    the stored reviews and the system ids of the account map above); a route it lacks is measured at
    its own path when it has no parameters."""
    from tests.web.test_isolation import URLS

    out: dict[str, list[str]] = {}
    for path in routes:
        if path in SKIP:
            continue
        if path in URLS:
            concrete = []
            for url in URLS[path]:
                for demo, ours in SYSTEMS.items():
                    url = url.replace(demo, ours)
                concrete.append(url)
            out[path] = list(dict.fromkeys(concrete))
        elif "{" not in path:
            out[path] = [path]
        else:
            out[path] = []
    return out


@dataclass
class Measured:
    route: str
    url: str
    user: str
    status: int
    first_ms: float
    times_ms: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p90(self) -> float:
        ordered = sorted(self.times_ms)
        return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]

    @property
    def failed(self) -> bool:
        """No answer, or a server error: its time says nothing."""
        return self.status == 0 or self.status >= 500

    @property
    def met(self) -> bool:
        return self.median < TARGET_MS and not self.failed

    def to_json(self) -> dict:
        return {
            "route": self.route,
            "url": self.url,
            "user": self.user,
            "status": self.status,
            "first_ms": round(self.first_ms, 1),
            "median_ms": round(self.median, 1),
            "p90_ms": round(self.p90, 1),
            "max_ms": round(max(self.times_ms), 1),
            "met": self.met,
            "times_ms": [round(t, 1) for t in self.times_ms],
        }


def _timed(client: httpx.Client, url: str) -> tuple[int, float]:
    start = time.perf_counter()
    try:
        status = client.get(url).status_code
    except httpx.TransportError:
        status = 0  # no answer (an exception the app did not handle): see server.log
    return status, (time.perf_counter() - start) * 1000


def measure(base: str, urls: dict[str, list[str]], repeat: int, progress: bool = True) -> list[Measured]:
    out = []
    for username, _, _ in ROLES:
        client = sign_in(base, username)
        try:
            for route, concrete in urls.items():
                for url in concrete:
                    status, first = _timed(client, url)
                    m = Measured(route, url, username, status, first)
                    for _ in range(repeat):
                        m.times_ms.append(_timed(client, url)[1])
                    out.append(m)
                    if progress and (first > 2000 or not m.met):
                        print(
                            f"  {username:<8} {url}: first {first:,.0f} ms, median {m.median:,.0f} ms",
                            flush=True,
                        )
        finally:
            client.close()
    return out


@dataclass
class Cold:
    """A role's first visit of /optimize after start-up."""

    user: str
    status: int
    first_ms: float
    #: From the first request until /optimize answered with the findings (200).
    ready_ms: float
    #: From the server's launch until then.
    since_start_s: float

    def to_json(self) -> dict:
        return {
            "user": self.user,
            "first_status": self.status,
            "first_ms": round(self.first_ms, 1),
            "ready_ms": round(self.ready_ms, 1),
            "ready_since_start_s": round(self.since_start_s, 1),
        }


def cold_visits(base: str, launched: float, timeout_s: float = 900) -> list[Cold]:
    """Each role's first visit of /optimize, one after the other, right after start-up; while the
    page says the findings are being computed (202), it is asked again (it waits up to 3 s itself)."""
    clients = [(username, sign_in(base, username)) for username, _, _ in ROLES]
    out = []
    try:
        for username, client in clients:
            start = time.perf_counter()
            status, first = _timed(client, "/optimize")
            now = status
            while now == 202 and time.perf_counter() - start < timeout_s:
                now = _timed(client, "/optimize")[0]
            done = time.perf_counter()
            if now != 200:
                print(f"  {username}: /optimize answered {now}", flush=True)
            out.append(Cold(username, status, first, (done - start) * 1000, done - launched))
    finally:
        for _, client in clients:
            client.close()
    return out


def cold_report(cold: list[Cold]) -> list[str]:
    head = f"{'user':<8} {'status':>6} {'first':>8} {'ready':>9} {'since start':>12}"
    lines = ["first (cold) visit of /optimize after start-up, ms (ready: the page shows the findings)", head]
    lines.append("-" * len(head))
    for c in cold:
        lines.append(
            f"{c.user:<8} {c.status:>6} {c.first_ms:>8,.0f} {c.ready_ms:>9,.0f} {c.since_start_s:>10,.1f} s"
        )
    return lines


# --- the report ---------------------------------------------------------------------------------


def report(measured: list[Measured], unmeasured: list[str], rss_mb: float, ledger: Ledger) -> list[str]:
    head = f"{'user':<8} {'status':>6} {'first':>8} {'median':>8} {'p90':>8} {'max':>8}  {'< 500':<5} url"
    lines = [
        f"ms per request, {len(measured[0].times_ms) if measured else 0} requests after one warm-up",
        head,
    ]
    lines.append("-" * len(head))
    for m in measured:
        lines.append(
            f"{m.user:<8} {m.status:>6} {m.first_ms:>8,.0f} {m.median:>8,.0f} {m.p90:>8,.0f} "
            f"{max(m.times_ms):>8,.0f}  {'FAIL' if m.failed else 'yes' if m.met else 'NO':<5} {m.url}"
        )
    missed = [m for m in measured if not m.met]
    lines.append("")
    failed = [m for m in measured if m.failed]
    if failed:
        lines.append(
            "FAILED (no answer or a server error; see server.log): "
            + "; ".join(f"{m.user} {m.url} ({m.status or 'no answer'})" for m in failed)
        )
    if unmeasured:
        lines.append(f"routes with parameters and no concrete URL (not measured): {', '.join(unmeasured)}")
    lines.append(f"server peak RSS: {rss_mb:,.0f} MB")
    worst = max(measured, key=lambda m: m.median)
    target = (
        f"target: every page and API call < {TARGET_MS:g} ms at the median on {ledger.rows:,} rows — "
        f"{'MET' if not missed else 'NOT MET'} ({len(measured) - len(missed)} of {len(measured)} URL×user; "
        f"slowest median {worst.median:,.0f} ms: {worst.user} {worst.url})"
    )
    if missed:
        slow = [m for m in missed if not m.failed]
        lines.append("over the target: " + "; ".join(f"{m.user} {m.url} {m.median:,.0f} ms" for m in slow))
    return [*lines, target]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000, help="cost rows in the ledger")
    parser.add_argument("--repeat", type=int, default=15, help="requests per URL and user after one warm-up")
    parser.add_argument(
        "--keep", type=Path, default=None, help="keep the files and the ledger in DIR (reused)"
    )
    parser.add_argument("--out", type=Path, default=HERE / "out", help="where the results JSON goes")
    args = parser.parse_args()

    load = os.getloadavg()[0]
    total_gb = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / 2**30
    print(
        f"{os.cpu_count()} CPUs, {total_gb:.1f} GB RAM, Python {platform.python_version()}, "
        f"duckdb {duckdb.__version__}, load average {load:.2f} (run it on a quiet machine)",
        flush=True,
    )
    work = args.keep or Path(tempfile.mkdtemp(prefix="govcost-bench-dashboard-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        ledger = build(work, args.rows)
        if ledger.ingest_s is None:
            print(f"ledger: {ledger.path} (reused)", flush=True)
        else:
            made = f"generated in {ledger.generate_s:.1f} s, " if ledger.generate_s is not None else ""
            print(f"ledger: {args.rows:,} rows ({made}ingested in {ledger.ingest_s:.1f} s)", flush=True)
        port = free_port()
        routes_file = work / "routes.json"
        started = time.perf_counter()
        log = (work / "server.log").open("wb")
        server = serve(ledger.path, port, routes_file, log)
        print(f"server up in {time.perf_counter() - started:.1f} s on port {port}", flush=True)
        try:
            cold = cold_visits(f"http://127.0.0.1:{port}", started)
            print("\n".join(cold_report(cold)), flush=True)
            urls = urls_of(json.loads(routes_file.read_text()))
            measured = measure(f"http://127.0.0.1:{port}", urls, args.repeat)
            rss = peak_rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()
        unmeasured = [r for r, u in urls.items() if not u]
        print()
        lines = report(measured, unmeasured, rss, ledger)
        print("\n".join(lines))
        print()
        print("\n".join(cold_report(cold)))
        args.out.mkdir(parents=True, exist_ok=True)
        saved = args.out / "dashboard-results.json"
        result = {
            "date": dt.date.today().isoformat(),
            "machine": {
                "cpus": os.cpu_count(),
                "ram_gb": round(total_gb, 1),
                "python": platform.python_version(),
                "duckdb": duckdb.__version__,
                "platform": platform.platform(),
            },
            "load_average_at_start": load,
            "target_ms": TARGET_MS,
            "rows": args.rows,
            "ledger": {
                "generate_s": ledger.generate_s,
                "ingest_s": ledger.ingest_s,
                "peak_mb": ledger.peak_mb,
            },
            "server_peak_rss_mb": rss,
            "cold_optimize": [c.to_json() for c in cold],
            "met": all(m.met for m in measured),
            "unmeasured_routes": unmeasured,
            "requests": [m.to_json() for m in measured],
        }
        saved.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"results: {saved}")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
