"""Two app servers (gunicorn, two workers each) on one PostgreSQL schema and one Redis:
a sign-in limit counted on one holds on the other, and a sign-out on one ends the
session on the other. Runs in the suite's PostgreSQL pass; Redis is 127.0.0.1:6379."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
import redis
import requests
from flask_migrate import upgrade

from app import create_app
from app.extensions import db
from app.people.operations import grant_role, set_password, upsert_department, upsert_person
from app.people.roles import Role
from config import TestConfig
from tests.conftest import (
    csrf_token_from,
    drop_postgres_schema,
    postgres_schema_url,
    run_schema,
)

REPO = Path(__file__).resolve().parents[2]
REDIS = ("127.0.0.1", 6379)
PASSWORD = "two servers 2026"

pytestmark = pytest.mark.postgres_only


def require_redis() -> None:
    try:
        socket.create_connection(REDIS, timeout=1).close()
    except OSError:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but no Redis on 127.0.0.1:6379: .ci/run starts it")
        pytest.skip("no Redis on 127.0.0.1:6379")


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    postgres = os.environ.get("TEST_DATABASE_URL")
    if not postgres:
        pytest.skip("two servers share a PostgreSQL database: runs in the PostgreSQL pass")
    require_redis()
    schema = run_schema("servers")
    url = postgres_schema_url(postgres, schema)
    app = create_app(TestConfig(url, tmp_path_factory.mktemp("servers-setup")))
    with app.app_context():
        upgrade()
        physics = upsert_department("PHYS", "Physics")[0]
        for email in ("target@servers.example.edu", "walker@servers.example.edu"):
            person = upsert_person(email, "Server Test", physics)[0]
            grant_role(person, Role.FACULTY)
            set_password(person, PASSWORD)
        db.session.commit()
        db.engine.dispose()
    yield url
    drop_postgres_schema(postgres, schema)


def free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def prefix() -> str:
    """This run's key prefix in the shared Redis."""
    return f"candor-test-{uuid.uuid4().hex}"


@pytest.fixture(scope="module")
def servers(
    database: str, prefix: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[str]]:
    tmp = tmp_path_factory.mktemp("servers")
    environment = {
        **os.environ,
        "CANDOR_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),  # one key, as every server of a site shares
        "SESSION_COOKIE_SECURE": "false",  # plain HTTP on loopback
        "DATABASE_URL": database,
        "CANDOR_INSTANCE_DIR": str(tmp),
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "RATELIMIT_KEY_PREFIX": prefix,
        "WEB_CONCURRENCY": "2",  # gunicorn's worker count; Candor checks the limits' storage
        "LOGIN_LIMIT_PER_ACCOUNT": "3 per 15 minutes",
        "LOGIN_LIMIT_PER_ADDRESS": "50 per 10 minutes",
    }
    for name in ("RATELIMIT_STORAGE_URI", "SAML_IDP_METADATA", "OIDC_METADATA_URL"):
        environment.pop(name, None)
    processes, urls = [], []
    try:
        for number in range(2):
            port = free_port()
            log = (tmp / f"server-{number}.log").open("wb")
            # No control socket: two masters would fight over its one default path.
            command = [
                sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}",
                "--no-control-socket", "--graceful-timeout", "5", "app:create_app()",
            ]  # fmt: skip
            processes.append(
                subprocess.Popen(  # noqa: S603 -- our own gunicorn, a fixed argument list
                    command, cwd=REPO, env=environment, stdout=log, stderr=subprocess.STDOUT
                )
            )
            log.close()
            urls.append(f"http://127.0.0.1:{port}")
        for process, url, number in zip(processes, urls, range(2), strict=True):
            wait_until_serving(process, url, tmp / f"server-{number}.log")
        yield urls
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
        client = redis.Redis.from_url("redis://127.0.0.1:6379/0")
        for key in client.scan_iter(f"*{prefix}*"):
            client.delete(key)
        client.close()


def wait_until_serving(process: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited with {process.returncode}:\n{log.read_text()}")
        try:
            if requests.get(url + "/login", timeout=10).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or workers still booting
            time.sleep(0.3)
    raise AssertionError(f"{url} did not start:\n{log.read_text()}")


def sign_in(browser: requests.Session, server: str, email: str, password: str) -> int:
    token = csrf_token_from(browser.get(server + "/login", timeout=10).text)
    answer = browser.post(
        server + "/login",
        data={"email": email, "password": password, "csrf_token": token},
        allow_redirects=False,
        timeout=10,
    )
    return answer.status_code


def test_a_sign_in_limit_counted_on_one_server_holds_on_the_other(servers):
    first, second = servers
    browsers = [requests.Session() for _ in range(4)]
    refused = [
        sign_in(browsers[0], first, "target@servers.example.edu", "wrong password"),
        sign_in(browsers[1], second, "target@servers.example.edu", "wrong password"),
        sign_in(browsers[2], first, "target@servers.example.edu", "wrong password"),
    ]
    assert refused == [401, 401, 401]
    # Neither server saw three failures itself; together they did, so both now refuse,
    # even the right password, until the pause is over.
    assert sign_in(browsers[3], second, "target@servers.example.edu", PASSWORD) == 429
    assert sign_in(browsers[3], first, "target@servers.example.edu", PASSWORD) == 429
    # Another account is not affected.
    assert sign_in(browsers[3], first, "walker@servers.example.edu", PASSWORD) == 302


def test_a_sign_out_on_one_server_ends_the_session_on_the_other(servers):
    first, second = servers
    browser = requests.Session()
    assert sign_in(browser, first, "walker@servers.example.edu", PASSWORD) == 302
    dashboard = browser.get(second + "/my", allow_redirects=False, timeout=10)
    assert dashboard.status_code == 200  # the session made on the first, used on the second
    cookie = browser.cookies.get("candor_session")
    signed_out = browser.post(
        second + "/logout",
        data={"csrf_token": csrf_token_from(dashboard.text)},
        allow_redirects=False,
        timeout=10,
    )
    assert signed_out.status_code == 302
    # Someone who kept the old cookie brings it back to the first server: refused.
    replay = requests.Session()
    replay.cookies.set("candor_session", cookie)
    again = replay.get(first + "/my", allow_redirects=False, timeout=10)
    assert again.status_code == 302
    assert "/login" in again.headers["Location"]


def test_the_counts_live_in_redis_under_this_run_s_prefix(servers, prefix):
    client = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    keys = [key.decode() for key in client.scan_iter(f"*{prefix}*")]
    client.close()
    assert any("target@servers.example.edu" in key for key in keys), keys
