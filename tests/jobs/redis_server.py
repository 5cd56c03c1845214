"""The Redis the jobs run on in tests: REDIS_URL, or the local server. Required in CI."""

from __future__ import annotations

import os

import pytest
from redis import Redis
from redis.exceptions import RedisError

LOCAL_REDIS = "redis://127.0.0.1:6379/0"


def redis_url_or_skip() -> str:
    url = os.environ.get("REDIS_URL") or LOCAL_REDIS
    try:
        connection = Redis.from_url(url, socket_connect_timeout=2)
        connection.ping()
        connection.close()
    except RedisError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but Redis at {url} does not answer ({error})")
        pytest.skip(f"no Redis at {url} ({error}); set REDIS_URL to run the RQ tests")
    return url
