"""Sign-in limits kept in Redis: when Redis cannot be reached, sign-in still works and is
still limited, per process, until it is back."""

from __future__ import annotations

import socket
from contextlib import closing

from app import create_app
from app.auth.limits import limiter
from config import TestConfig
from tests.conftest import csrf_token_from


def closed_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_redis_falls_back_to_limits_in_memory(app, db, tmp_path):
    config = TestConfig(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path)
    config.RATELIMIT_ENABLED = True
    config.RATELIMIT_STORAGE_URI = f"redis://127.0.0.1:{closed_port()}/0"
    config.LOGIN_LIMIT_PER_ACCOUNT = "3 per 15 minutes"
    limited = create_app(config)
    limited.test_client_class = app.test_client_class
    client = limited.test_client()
    statuses = []
    for _ in range(4):
        token = csrf_token_from(client.get("/login").text)
        answer = client.post(
            "/login",
            data={"email": "fallback@example.edu", "password": "wrong", "csrf_token": token},
        )
        statuses.append(answer.status_code)
    assert statuses == [401, 401, 401, 429]
    # Redis really was unreachable: the counts above were kept by the in-memory fallback.
    assert limiter._storage_dead
