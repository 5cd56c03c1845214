"""SSO, limits and worker settings read from the environment."""

from __future__ import annotations

import pytest

from config import Config, ConfigError

PRODUCTION = {"CANDOR_ENV": "production", "SECRET_KEY": "x" * 40}


def test_sign_in_limits_use_redis_url_unless_a_storage_is_named(tmp_path):
    base = {"CANDOR_INSTANCE_DIR": str(tmp_path)}
    assert Config(base).RATELIMIT_STORAGE_URI == "memory://"
    shared = Config({**base, "REDIS_URL": "redis://127.0.0.1:6379/0"})
    assert shared.RATELIMIT_STORAGE_URI == "redis://127.0.0.1:6379/0"
    named = Config(
        {**base, "REDIS_URL": "redis://a:6379/0", "RATELIMIT_STORAGE_URI": "redis://b:6379/1"}
    )
    assert named.RATELIMIT_STORAGE_URI == "redis://b:6379/1"
    assert named.RATELIMIT_KEY_PREFIX == "candor"


def test_production_refuses_memory_limits_with_several_workers(tmp_path):
    with pytest.raises(ConfigError, match="WEB_CONCURRENCY=4 workers"):
        Config({**PRODUCTION, "WEB_CONCURRENCY": "4"})
    assert Config({**PRODUCTION, "WEB_CONCURRENCY": "1"}).WEB_CONCURRENCY == 1
    shared = Config({**PRODUCTION, "WEB_CONCURRENCY": "4", "REDIS_URL": "redis://r:6379/0"})
    assert shared.RATELIMIT_STORAGE_URI == "redis://r:6379/0"
    # A developer's machine may run several workers on memory limits.
    assert Config({"WEB_CONCURRENCY": "4", "CANDOR_INSTANCE_DIR": str(tmp_path)})


def test_password_sign_in_cannot_be_switched_off_without_single_sign_on(tmp_path):
    with pytest.raises(ConfigError, match="PASSWORD_SIGN_IN=false needs"):
        Config({"PASSWORD_SIGN_IN": "false", "CANDOR_INSTANCE_DIR": str(tmp_path)})
    config = Config(
        {
            "PASSWORD_SIGN_IN": "false",
            "OIDC_METADATA_URL": "https://login.example.edu/.well-known/openid-configuration",
            "OIDC_CLIENT_ID": "candor",
            "BREAK_GLASS_EMAILS": " Root@Example.edu , ,ops@example.edu",
            "CANDOR_INSTANCE_DIR": str(tmp_path),
        }
    )
    assert {"root@example.edu", "ops@example.edu"} == config.BREAK_GLASS_EMAILS


def test_saml_needs_the_service_provider_key_pair(tmp_path):
    with pytest.raises(ConfigError, match="SAML_SP_KEY_FILE and SAML_SP_CERT_FILE"):
        Config({"SAML_IDP_METADATA": "/etc/idp.xml", "CANDOR_INSTANCE_DIR": str(tmp_path)})
    with pytest.raises(ConfigError, match="OIDC_CLIENT_ID"):
        Config({"OIDC_METADATA_URL": "https://op/", "CANDOR_INSTANCE_DIR": str(tmp_path)})
