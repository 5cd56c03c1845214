"""Configuration from the environment."""

from __future__ import annotations

from datetime import timedelta

import pytest

from config import Config, ConfigError, TestConfig


def test_defaults_for_a_developer(tmp_path):
    config = Config({"CANDOR_INSTANCE_DIR": str(tmp_path)})
    assert config.CANDOR_ENV == "development"
    assert f"sqlite:///{tmp_path / 'candor.sqlite3'}" == config.SQLALCHEMY_DATABASE_URI
    assert config.SESSION_COOKIE_HTTPONLY is True
    assert config.SESSION_COOKIE_SAMESITE == "Lax"
    assert config.SESSION_COOKIE_SECURE is False
    assert timedelta(minutes=30) == config.IDLE_TIMEOUT
    assert config.MAX_UPLOAD_BYTES == 10 * 1024 * 1024
    assert config.BOOTSTRAP_SERVE_LOCAL is True
    assert config.ARGON2_PROFILE == "default"


def test_development_secret_key_is_random_and_reused(tmp_path):
    first = Config({"CANDOR_INSTANCE_DIR": str(tmp_path)}).SECRET_KEY
    again = Config({"CANDOR_INSTANCE_DIR": str(tmp_path)}).SECRET_KEY
    elsewhere = Config({"CANDOR_INSTANCE_DIR": str(tmp_path / "other")}).SECRET_KEY
    assert first == again
    assert first != elsewhere
    assert len(first) >= 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_production_requires_a_secret_key(tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY must be set"):
        Config({"CANDOR_ENV": "production", "CANDOR_INSTANCE_DIR": str(tmp_path)})
    with pytest.raises(ConfigError, match="at least 32"):
        Config({"CANDOR_ENV": "production", "SECRET_KEY": "short"})


def test_production_cookies_are_secure(tmp_path):
    config = Config(
        {"CANDOR_ENV": "production", "SECRET_KEY": "x" * 40, "CANDOR_INSTANCE_DIR": str(tmp_path)}
    )
    assert config.SESSION_COOKIE_SECURE is True
    assert config.REMEMBER_COOKIE_SECURE is True
    assert not (tmp_path / "secret_key").exists()


def test_environment_overrides(tmp_path):
    config = Config(
        {
            "CANDOR_INSTANCE_DIR": str(tmp_path),
            "DATABASE_URL": "postgresql+psycopg://u@db/candor",
            "IDLE_TIMEOUT_MINUTES": "5",
            "MAX_UPLOAD_BYTES": "2048",
            "MAIL_SERVER": "smtp.example.edu",
            "MAIL_USE_TLS": "false",
            "SESSION_COOKIE_SECURE": "yes",
        }
    )
    assert config.SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://u@db/candor"
    assert timedelta(minutes=5) == config.IDLE_TIMEOUT
    assert timedelta(minutes=5) == config.PERMANENT_SESSION_LIFETIME
    assert config.MAX_UPLOAD_BYTES == 2048
    assert config.MAIL_SERVER == "smtp.example.edu"
    assert config.MAIL_USE_TLS is False
    assert config.SESSION_COOKIE_SECURE is True


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("CANDOR_ENV", "staging", "CANDOR_ENV must be one of"),
        ("IDLE_TIMEOUT_MINUTES", "half an hour", "IDLE_TIMEOUT_MINUTES must be a whole number"),
        ("MAIL_USE_TLS", "maybe", "MAIL_USE_TLS must be true or false"),
    ],
)
def test_bad_values_name_the_variable(tmp_path, name, value, message):
    with pytest.raises(ConfigError, match=message):
        Config({"CANDOR_INSTANCE_DIR": str(tmp_path), name: value})


def test_test_config_uses_its_own_folder_and_database(tmp_path):
    config = TestConfig("sqlite:///:memory:", tmp_path)
    assert config.TESTING is True
    assert config.SQLALCHEMY_DATABASE_URI == "sqlite:///:memory:"
    assert tmp_path / "uploads" == config.UPLOAD_DIR
    assert tmp_path / "mail" == config.MAIL_FILE_DIR
