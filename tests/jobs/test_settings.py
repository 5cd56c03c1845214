"""Where jobs run is decided by the environment: Redis when it is given, else a thread."""

from __future__ import annotations

import pytest

from config import Config, ConfigError


def settings(tmp_path, **environ: str) -> Config:
    return Config({"CANDOR_INSTANCE_DIR": str(tmp_path), **environ})


def test_without_redis_jobs_run_in_a_thread_with_results_in_the_instance(tmp_path):
    config = settings(tmp_path)
    assert config.JOBS_RUNNER == "thread" and config.REDIS_URL == ""
    assert tmp_path / "jobs" == config.JOBS_DIR
    assert config.JOBS_QUEUE == "candor"


def test_with_redis_jobs_go_to_rq(tmp_path):
    config = settings(tmp_path, REDIS_URL="redis://cache:6379/2", JOBS_QUEUE="candor-prod")
    assert config.JOBS_RUNNER == "rq" and config.JOBS_QUEUE == "candor-prod"


def test_a_runner_that_cannot_work_is_refused_at_start(tmp_path):
    with pytest.raises(ConfigError, match="JOBS_RUNNER=rq needs REDIS_URL"):
        settings(tmp_path, JOBS_RUNNER="rq")
    with pytest.raises(ConfigError, match="JOBS_RUNNER must be one of rq, thread, deferred"):
        settings(tmp_path, JOBS_RUNNER="celery")
