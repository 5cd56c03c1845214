"""A real server and a real browser (Debian's Chromium, never a downloaded one).

The server runs in a thread on 127.0.0.1 against a database of its own, built by
`upgrade head` and filled through the operations; each step commits, as in production.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db
from config import TestConfig
from tests.conftest import drop_postgres_schema, postgres_schema_url, run_schema

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

playwright_api = pytest.importorskip("playwright.sync_api")

if not CHROMIUM.exists():
    if os.environ.get("CI") == "true":
        raise RuntimeError("CI=true but /usr/bin/chromium is missing: .ci/run installs it")
    pytest.skip(
        "Debian's Chromium is not installed (apt-get install -y chromium)", allow_module_level=True
    )


@pytest.fixture(scope="module")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    tmp_dir = tmp_path_factory.mktemp("e2e")
    postgres = os.environ.get("TEST_DATABASE_URL")
    schema = run_schema("e2e")
    url = (
        postgres_schema_url(postgres, schema)
        if postgres
        else f"sqlite:///{tmp_dir / 'e2e.sqlite3'}"
    )
    app = create_app(TestConfig(url, tmp_dir / "instance"))
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()
    if postgres:
        drop_postgres_schema(postgres, schema)


@pytest.fixture(scope="module")
def server(live_app: Flask) -> Iterator[str]:
    httpd = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


#: Run in every page the tests visit; returns the accessibility problems it finds.
ACCESSIBILITY_CHECK = """
() => {
  const problems = [];
  if (!document.title || !document.title.trim()) problems.push('page has no title');
  for (const img of document.querySelectorAll('img')) {
    if (!img.hasAttribute('alt')) problems.push('image without alt: ' + img.src);
  }
  const fields = document.querySelectorAll(
    'input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea');
  for (const field of fields) {
    const labelled = (field.id && document.querySelector(`label[for="${field.id}"]`))
      || field.closest('label') || field.getAttribute('aria-label')
      || field.getAttribute('aria-labelledby') || field.getAttribute('title');
    if (!labelled) problems.push('field without label: ' + (field.name || field.id));
  }
  return problems;
}
"""


class Visitor:
    """One person's browser session, checking every page it lands on."""

    def __init__(self, browser: object, base_url: str, name: str) -> None:
        self.context = browser.new_context(base_url=base_url, accept_downloads=True)
        # Generous: a 2-core CI machine may be busy; a real failure still fails, later.
        self.context.set_default_timeout(120_000)
        self.context.set_default_navigation_timeout(120_000)
        self.page = self.context.new_page()
        self.name = name
        self.steps = 0
        self.page.on("load", lambda page: self.check_accessibility())
        self.problems: list[str] = []

    def check_accessibility(self) -> None:
        try:
            found = self.page.evaluate(ACCESSIBILITY_CHECK)
        except playwright_api.Error:
            return  # the page moved on before the check ran; the next page is checked
        self.problems.extend(f"{self.page.url}: {problem}" for problem in found)

    def screenshot(self, label: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.steps += 1
        slug = re.sub(r"[^a-z0-9]+", "-", f"{self.name}-{self.steps:02d}-{label}".lower())
        self.page.screenshot(path=str(ARTIFACTS / f"{slug}.png"), full_page=True)

    def sign_in(self, email: str, password: str) -> None:
        self.page.goto("/login")
        self.page.fill("#email", email)
        self.page.fill("#password", password)
        self.click_and_wait("input[type=submit]")

    def click_and_wait(self, selector: str) -> None:
        """Click something that loads a new page, and wait for that page."""
        with self.page.expect_navigation():
            self.page.click(selector)

    def close(self) -> None:
        self.context.close()
        assert not self.problems, "accessibility problems:\n" + "\n".join(self.problems)
