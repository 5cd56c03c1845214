"""Pieces of the load benchmark that are not about Candor: the bare baseline app, a small
browser-like HTTP client, the item forms the simulated filers post, and the statistics.

Standard library only on the client side, so the benchmark needs nothing beyond the app's
own dependencies.
"""

from __future__ import annotations

import http.client
import itertools
import math
import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from flask import Flask

REPO = Path(__file__).resolve().parents[1]
GUNICORN = REPO / ".venv" / "bin" / "gunicorn"
WORKERS = 2
REQUEST_TIMEOUT_SECONDS = 30

CSRF_INPUT = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)

BARE_PAGE = (
    "<!doctype html><html lang=en><head><title>Bare</title></head>"
    "<body><h1>Bare Flask</h1><p>The baseline page.</p></body></html>"
)


def bare_app() -> Flask:
    """One route returning a small page: what gunicorn + Flask cost with no app work."""
    app = Flask(__name__)

    @app.get("/")
    def page() -> str:
        return BARE_PAGE

    return app


# --- Servers --------------------------------------------------------------------------


@dataclass(frozen=True)
class Server:
    port: int
    pid: int

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children")
        return [int(pid) for pid in children.read_text().split()]


def cpu_seconds(pids: Iterable[int]) -> dict[int, float]:
    """User + system CPU time used so far by each process (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    used = {}
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue  # ended
        fields = stat.rsplit(")", 1)[1].split()  # after "pid (name)": field 3 onwards
        used[pid] = (int(fields[11]) + int(fields[12])) / ticks
    return used


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(
    app_spec: str, environment: dict[str, str], ready_path: str, log: Path
) -> Iterator[Server]:
    """Serve `app_spec` with gunicorn on a free loopback port until the block ends."""
    port = free_port()
    command = [str(GUNICORN), "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}", app_spec]
    with log.open("ab") as log_file:
        server = subprocess.Popen(  # noqa: S603 - our own gunicorn, a fixed argument list
            command, cwd=REPO, env=environment, stdout=log_file, stderr=subprocess.STDOUT
        )
    try:
        wait_until_ready(server, port, ready_path, log)
        yield Server(port, server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def wait_until_ready(server: subprocess.Popen[bytes], port: int, path: str, log: Path) -> None:
    url = f"http://127.0.0.1:{port}{path}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as reply:
                if reply.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within 60 s:\n{log.read_text()}")


# --- Client ---------------------------------------------------------------------------


class RunOver(Exception):
    """The measured period ended (or the request budget ran out) before this request."""


@dataclass(frozen=True)
class Sample:
    step: str
    status: int  # 0 when the request raised
    seconds: float
    ok: bool
    detail: str = ""


@dataclass
class Limits:
    """When the simulated users stop: at the deadline or after a total number of requests."""

    deadline: float
    max_requests: int
    _issued: itertools.count = field(default_factory=itertools.count)

    def take(self) -> None:
        # itertools.count's next() is atomic under the GIL: a lock-free shared budget.
        if time.perf_counter() >= self.deadline or next(self._issued) >= self.max_requests:
            raise RunOver


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location_path(self) -> str:
        return urlsplit(self.headers.get("location", "")).path


class Browser:
    """One simulated user's session against 127.0.0.1: a cookie jar and timed requests.

    Every request is recorded in `samples`; a reply other than the expected status is an
    error, recorded and raised as StepFailed so the scenario starts a new session.
    """

    def __init__(self, port: int, limits: Limits, samples: list[Sample]) -> None:
        self.port = port
        self.limits = limits
        self.samples = samples
        self.cookies: dict[str, str] = {}

    def get(self, step: str, path: str, expect: int = 200) -> Reply:
        return self._request(step, "GET", path, None, expect)

    def post(self, step: str, path: str, form: dict[str, str], expect: int = 302) -> Reply:
        return self._request(step, "POST", path, urlencode(form).encode(), expect)

    def _request(self, step: str, method: str, path: str, body: bytes | None, expect: int) -> Reply:
        self.limits.take()
        headers = {"Host": f"127.0.0.1:{self.port}", "User-Agent": "candor-load/1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            # A new connection per request: gunicorn's sync workers close each one anyway.
            connection = http.client.HTTPConnection(
                "127.0.0.1", self.port, timeout=REQUEST_TIMEOUT_SECONDS
            )
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                reply = Reply(
                    response.status,
                    {k.lower(): v for k, v in response.getheaders()},
                    response.read(),
                )
                self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
            finally:
                connection.close()
        except OSError as exc:
            elapsed = time.perf_counter() - started
            self.samples.append(Sample(step, 0, elapsed, False, f"{type(exc).__name__}: {exc}"))
            raise StepFailed(step) from exc
        elapsed = time.perf_counter() - started
        ok = reply.status == expect
        detail = "" if ok else f"expected {expect}: {reply.text[:200]!r}"
        self.samples.append(Sample(step, reply.status, elapsed, ok, detail))
        if not ok:
            raise StepFailed(step)
        return reply

    def _keep_cookies(self, set_cookie_headers: list[str]) -> None:
        for header in set_cookie_headers:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value == "" or morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value


class StepFailed(Exception):
    """A request failed or answered unexpectedly; it is already recorded as an error."""


def csrf_token_from(reply: Reply) -> str:
    match = CSRF_INPUT.search(reply.text)
    if match is None:
        raise ValueError("the page has no CSRF token")
    return match.group(1) or match.group(2)


# --- What the filers post ------------------------------------------------------------

#: Valid item forms as a browser sends them (unticked boxes absent, every select present).
ITEM_FORMS: tuple[tuple[str, dict[str, str]], ...] = (
    (
        "outside_compensation",
        {
            "organisation": "Royal Society of Chemistry",
            "country": "GB",
            "amount": "1500",
            "currency": "GBP",
            "nature": "honorarium",
            "received_on": "2025-05-12",
            "payer_government_funded": "no",
            "description": "Keynote lecture.",
            "contract_type": "",
        },
    ),
    (
        "financial_interest",
        {
            "organisation": "Acme Instruments Inc.",
            "country": "US",
            "entity_type": "public",
            "relationship_type": "equity",
            "held_by": "self",
            "value_band": "10000-19999",
            "exact_amount": "12500.00",
            "currency": "USD",
            "related_to_responsibilities": "y",
            "acquired_on": "2024-03-01",
            "description": "Shares bought on the open market.",
            "contract_type": "",
        },
    ),
    (
        "informal_collaboration",
        {
            "organisation": "Uppsala University",
            "country": "SE",
            "collaborator": "Dr. Anna Berg",
            "nature": "co_authorship",
            "shared": "Draft manuscripts.",
            "since": "2022-06-01",
        },
    ),
    (
        "sponsored_travel",
        {
            "organisation": "Gordon Research Conferences",
            "destination": "Lucca",
            "country": "IT",
            "departs_on": "2025-06-01",
            "returns_on": "2025-06-07",
            "purpose": "Invited talk.",
            "value": "2100",
            "currency": "EUR",
        },
    ),
)


# --- Figures --------------------------------------------------------------------------


def percentile(sorted_values: list[float], share: float) -> float:
    """Nearest-rank percentile of already sorted values (NaN for none)."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(share * len(sorted_values)))
    return sorted_values[rank - 1]


@dataclass(frozen=True)
class Latencies:
    count: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float

    @classmethod
    def of(cls, samples: list[Sample]) -> Latencies:
        values = sorted(s.seconds * 1000 for s in samples)
        return cls(
            len(values),
            percentile(values, 0.50),
            percentile(values, 0.95),
            percentile(values, 0.99),
            values[-1] if values else math.nan,
        )
