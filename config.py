"""Configuration read from the environment.

One `Config` class: every setting has a documented environment variable and a safe
default for a developer's machine. Production (``CANDOR_ENV=production``) refuses to start
without a real ``SECRET_KEY`` and marks cookies Secure.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Mapping
from datetime import timedelta
from importlib.util import find_spec
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
DEFAULT_INSTANCE_DIR = BASE_DIR / "instance"

ENVIRONMENTS = ("development", "production", "test")
#: Where background jobs run: RQ workers, a thread of the app, or only when something
#: calls `app.jobs.runner.run_job` (the test suite, which runs each job where it can see it).
JOB_RUNNERS = ("rq", "thread", "deferred")


class ConfigError(RuntimeError):
    """The environment does not describe a usable configuration."""


class EnvironmentReader:
    """Typed access to environment variables, with the variable's name in every error."""

    def __init__(self, environ: Mapping[str, str]) -> None:
        self.environ = environ

    def text(self, name: str, default: str = "") -> str:
        value = self.environ.get(name, "").strip()
        return value or default

    def flag(self, name: str, default: bool) -> bool:
        value = self.text(name).lower()
        if not value:
            return default
        if value in {"1", "true", "yes", "on"}:
            return True
        if value in {"0", "false", "no", "off"}:
            return False
        raise ConfigError(f"{name} must be true or false, got {value!r}")

    def whole_number(self, name: str, default: int) -> int:
        value = self.text(name)
        if not value:
            return default
        try:
            return int(value)
        except ValueError as exc:
            raise ConfigError(f"{name} must be a whole number, got {value!r}") from exc


def development_secret_key(instance_dir: Path) -> str:
    """A random key generated once per checkout and reused, so sessions survive restarts.

    Never a constant in code: a key that is in the repository is a key everyone has.
    """
    key_file = instance_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.touch(mode=0o600)
    key_file.write_text(key)
    return key


class Config:
    """Settings for a running Candor; read once when the app is created."""

    TESTING = False

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        env = EnvironmentReader(os.environ if environ is None else environ)
        self.CANDOR_ENV = env.text("CANDOR_ENV", "development").lower()
        if self.CANDOR_ENV not in ENVIRONMENTS:
            raise ConfigError(
                f"CANDOR_ENV must be one of {', '.join(ENVIRONMENTS)}, got {self.CANDOR_ENV!r}"
            )
        self.IS_PRODUCTION = self.CANDOR_ENV == "production"
        self.INSTANCE_DIR = Path(env.text("CANDOR_INSTANCE_DIR", str(DEFAULT_INSTANCE_DIR)))

        self.SQLALCHEMY_DATABASE_URI = env.text(
            "DATABASE_URL", f"sqlite:///{self.INSTANCE_DIR / 'candor.sqlite3'}"
        )
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

        self.SECRET_KEY = self._secret_key(env.text("SECRET_KEY"))

        # Sessions: HttpOnly and SameSite always; Secure whenever we are not on a laptop.
        self.SESSION_COOKIE_NAME = "candor_session"
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = env.flag("SESSION_COOKIE_SECURE", self.IS_PRODUCTION)
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.REMEMBER_COOKIE_SAMESITE = "Lax"
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        self.IDLE_TIMEOUT = timedelta(minutes=env.whole_number("IDLE_TIMEOUT_MINUTES", 30))
        self.PERMANENT_SESSION_LIFETIME = self.IDLE_TIMEOUT

        self.ARGON2_PROFILE = "default"

        self._sign_in_limits(env)
        self._single_sign_on(env)
        #: JSON API requests allowed per token (per address for requests without one).
        self.API_RATE_LIMIT = env.text("API_RATE_LIMIT", "300 per minute")
        #: And per client address, whatever the token: bounds a flood of made-up tokens.
        self.API_RATE_LIMIT_PER_ADDRESS = env.text("API_RATE_LIMIT_PER_ADDRESS", "1200 per minute")
        #: Reverse proxies in front of the app (for the client address and HTTPS detection).
        self.TRUSTED_PROXIES = env.whole_number("TRUSTED_PROXIES", 0)

        self.WTF_CSRF_ENABLED = True
        self.WTF_CSRF_TIME_LIMIT = env.whole_number("WTF_CSRF_TIME_LIMIT_SECONDS", 8 * 3600)

        # Uploads (attachments) live outside the web root.
        self.UPLOAD_DIR = Path(env.text("UPLOAD_DIR", str(self.INSTANCE_DIR / "uploads")))
        self.MAX_UPLOAD_BYTES = env.whole_number("MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
        # Whole request bodies are capped a little above one upload so the form around it fits.
        self.MAX_CONTENT_LENGTH = self.MAX_UPLOAD_BYTES + 1024 * 1024

        # Mail: SMTP in production; written as .eml files under instance/mail/ otherwise.
        self.MAIL_SERVER = env.text("MAIL_SERVER", "")
        self.MAIL_PORT = env.whole_number("MAIL_PORT", 587)
        self.MAIL_USE_TLS = env.flag("MAIL_USE_TLS", True)
        self.MAIL_USERNAME = env.text("MAIL_USERNAME", "")
        self.MAIL_PASSWORD = env.text("MAIL_PASSWORD", "")
        self.MAIL_DEFAULT_SENDER = env.text("MAIL_DEFAULT_SENDER", "Candor <candor@localhost>")
        self.MAIL_FILE_DIR = Path(env.text("MAIL_FILE_DIR", str(self.INSTANCE_DIR / "mail")))
        self.BASE_URL = env.text("BASE_URL", "http://127.0.0.1:5000")

        self.INSTITUTION_NAME = env.text("INSTITUTION_NAME", "Candor University")
        #: The campus time zone: due dates and "overdue" follow its calendar.
        self.TIMEZONE = env.text("TIMEZONE", "UTC")
        self.EVENT_DISCLOSURE_DAYS = env.whole_number("EVENT_DISCLOSURE_DAYS", 30)
        # Foreign-funding reports, in US dollars (states such as Florida and Texas set lower
        # thresholds of their own: set these to match).
        self.NSF_FOREIGN_FUNDING_THRESHOLD_USD = env.whole_number(
            "NSF_FOREIGN_FUNDING_THRESHOLD_USD", 50_000
        )
        self.SECTION_117_THRESHOLD_USD = env.whole_number("SECTION_117_THRESHOLD_USD", 250_000)
        self.BOOTSTRAP_SERVE_LOCAL = True

        # Background jobs: on RQ over Redis when REDIS_URL is set (`flask jobs worker` runs
        # them), otherwise in a thread of the app process, so a laptop needs nothing else.
        # REDIS_URL itself is read with the sign-in limits, which share it.
        self.JOBS_RUNNER = env.text("JOBS_RUNNER", "rq" if self.REDIS_URL else "thread")
        if self.JOBS_RUNNER not in JOB_RUNNERS:
            raise ConfigError(
                f"JOBS_RUNNER must be one of {', '.join(JOB_RUNNERS)}, got {self.JOBS_RUNNER!r}"
            )
        if self.JOBS_RUNNER == "rq" and not self.REDIS_URL:
            raise ConfigError("JOBS_RUNNER=rq needs REDIS_URL")
        self.JOBS_QUEUE = env.text("JOBS_QUEUE", "candor")
        #: Results and staged uploads; shared storage when workers run on other hosts.
        self.JOBS_DIR = Path(env.text("JOBS_DIR", str(self.INSTANCE_DIR / "jobs")))
        self.JOB_TIMEOUT_SECONDS = env.whole_number("JOB_TIMEOUT_SECONDS", 3600)

    def _sign_in_limits(self, env: EnvironmentReader) -> None:
        """Sign-in rate limits (Flask-Limiter syntax); only refused attempts count.

        Counts live in Redis when ``REDIS_URL`` is set, so every worker and server shares
        them; in memory, each process would count on its own.
        """
        self.REDIS_URL = env.text("REDIS_URL")
        self.RATELIMIT_ENABLED = env.flag("RATELIMIT_ENABLED", True)
        self.RATELIMIT_STORAGE_URI = env.text(
            "RATELIMIT_STORAGE_URI", self.REDIS_URL or "memory://"
        )
        #: Redis down: count in each process meanwhile rather than refuse every sign-in.
        self.RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
        #: Keeps Candor's counters apart from anything else in the same Redis.
        self.RATELIMIT_KEY_PREFIX = env.text("RATELIMIT_KEY_PREFIX", "candor")
        self.RATELIMIT_HEADERS_ENABLED = False
        self.LOGIN_LIMIT_PER_ADDRESS = env.text("LOGIN_LIMIT_PER_ADDRESS", "20 per 10 minutes")
        self.LOGIN_LIMIT_PER_ACCOUNT = env.text("LOGIN_LIMIT_PER_ACCOUNT", "5 per 15 minutes")
        #: gunicorn reads WEB_CONCURRENCY as its number of workers; Candor reads it too.
        self.WEB_CONCURRENCY = env.whole_number("WEB_CONCURRENCY", 1)
        storage = self.RATELIMIT_STORAGE_URI
        if self.IS_PRODUCTION and self.WEB_CONCURRENCY > 1 and storage.startswith("memory:"):
            raise ConfigError(
                f"WEB_CONCURRENCY={self.WEB_CONCURRENCY} workers would each keep their own "
                "sign-in counts in memory: set REDIS_URL (or RATELIMIT_STORAGE_URI)"
            )

    def _single_sign_on(self, env: EnvironmentReader) -> None:
        """SAML 2.0 and OpenID Connect sign-in, and whether passwords still work."""
        #: The IdP's metadata: a file path or an http(s) URL. Empty: SAML is off.
        self.SAML_IDP_METADATA = env.text("SAML_IDP_METADATA")
        self.SAML_SP_KEY_FILE = env.text("SAML_SP_KEY_FILE")
        self.SAML_SP_CERT_FILE = env.text("SAML_SP_CERT_FILE")
        self.SAML_BUTTON_LABEL = env.text(
            "SAML_BUTTON_LABEL", "Sign in with your university account"
        )
        self.SAML_ACCOUNT_ATTRIBUTES = env.text(
            "SAML_ACCOUNT_ATTRIBUTES", "eduPersonPrincipalName,mail"
        )
        self.SAML_NAME_ATTRIBUTE = env.text("SAML_NAME_ATTRIBUTE", "displayName")
        self.SAML_DEPARTMENT_ATTRIBUTE = env.text("SAML_DEPARTMENT_ATTRIBUTE", "departmentNumber")
        #: OpenID Connect discovery document. Empty: OpenID Connect is off.
        self.OIDC_METADATA_URL = env.text("OIDC_METADATA_URL")
        self.OIDC_CLIENT_ID = env.text("OIDC_CLIENT_ID")
        self.OIDC_CLIENT_SECRET = env.text("OIDC_CLIENT_SECRET")
        self.OIDC_SCOPES = env.text("OIDC_SCOPES", "openid email profile")
        self.OIDC_BUTTON_LABEL = env.text("OIDC_BUTTON_LABEL", "Sign in with OpenID Connect")
        self.OIDC_ACCOUNT_CLAIMS = env.text("OIDC_ACCOUNT_CLAIMS", "email")
        self.OIDC_NAME_CLAIM = env.text("OIDC_NAME_CLAIM", "name")
        self.OIDC_DEPARTMENT_CLAIM = env.text("OIDC_DEPARTMENT_CLAIM", "department")
        #: Unknown people who sign in are created as faculty of their (existing) department.
        self.SSO_CREATE_PEOPLE = env.flag("SSO_CREATE_PEOPLE", False)
        self.PASSWORD_SIGN_IN = env.flag("PASSWORD_SIGN_IN", True)
        #: Administrators who may still use a password when PASSWORD_SIGN_IN is off.
        self.BREAK_GLASS_EMAILS = frozenset(
            email.strip().lower()
            for email in env.text("BREAK_GLASS_EMAILS").split(",")
            if email.strip()
        )
        if self.SAML_IDP_METADATA and not (self.SAML_SP_KEY_FILE and self.SAML_SP_CERT_FILE):
            raise ConfigError(
                "SAML_IDP_METADATA is set: SAML_SP_KEY_FILE and SAML_SP_CERT_FILE are needed "
                "too (the key signs Candor's requests)"
            )
        if self.SAML_IDP_METADATA and find_spec("saml2") is None:
            raise ConfigError(
                "SAML_IDP_METADATA is set but pysaml2 is missing: pip install 'candor[saml]'"
            )
        if self.SAML_IDP_METADATA and shutil.which("xmlsec1") is None:
            raise ConfigError("SAML needs the xmlsec1 program: apt-get install xmlsec1")
        if self.OIDC_METADATA_URL and not self.OIDC_CLIENT_ID:
            raise ConfigError("OIDC_METADATA_URL is set: OIDC_CLIENT_ID is needed too")
        if not self.PASSWORD_SIGN_IN and not (self.SAML_IDP_METADATA or self.OIDC_METADATA_URL):
            raise ConfigError(
                "PASSWORD_SIGN_IN=false needs SAML_IDP_METADATA or OIDC_METADATA_URL, "
                "or nobody could sign in"
            )

    def _secret_key(self, key: str) -> str:
        if key:
            if self.IS_PRODUCTION and len(key) < 32:
                raise ConfigError("SECRET_KEY must be at least 32 characters in production")
            return key
        if self.IS_PRODUCTION:
            raise ConfigError("SECRET_KEY must be set when CANDOR_ENV=production")
        return development_secret_key(self.INSTANCE_DIR)


class TestConfig(Config):
    """The test suite's settings: its own instance folder and database, no real mail."""

    TESTING = True
    __test__ = False  # a configuration, not a pytest test class

    def __init__(self, database_url: str, instance_dir: Path) -> None:
        super().__init__(
            {
                **os.environ,
                "CANDOR_ENV": "test",
                "CANDOR_INSTANCE_DIR": str(instance_dir),
                "DATABASE_URL": database_url,
                "SECRET_KEY": "test-only-" + secrets.token_hex(16),
                "UPLOAD_DIR": str(instance_dir / "uploads"),
                "MAIL_FILE_DIR": str(instance_dir / "mail"),
                "MAIL_SERVER": "",
                # Single sign-on and shared limits are switched on by the tests that need them.
                "SAML_IDP_METADATA": "",
                "OIDC_METADATA_URL": "",
                "PASSWORD_SIGN_IN": "true",
                "REDIS_URL": "",
                "RATELIMIT_STORAGE_URI": "",
                "WEB_CONCURRENCY": "",
            }
        )
        # Rate limits are tested by their own tests, with an app of their own.
        self.RATELIMIT_ENABLED = False
        # Argon2's cheapest parameters: hashing strength is not what the suite tests.
        self.ARGON2_PROFILE = "cheapest"
        # Each test runs the jobs it starts itself, inside its rolled-back transaction; the
        # thread and RQ runners are tested with databases of their own (tests/jobs).
        self.JOBS_RUNNER = "deferred"
        self.JOBS_QUEUE = f"candor-test-{os.getpid()}"
