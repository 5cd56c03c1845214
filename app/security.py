"""HTTP hardening: security headers on every response, and trusting a reverse proxy
only when told how many there are."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, abort, request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter, Map

from forms.validators import has_control_characters

#: No inline script anywhere: every script is a file served by the app. Styles allow inline
#: attributes for progress bars and pre-wrapped text; no external origin is allowed at all.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS = "max-age=31536000; includeSubDomains"


def install_security(app: Flask) -> None:
    proxies = app.config.get("TRUSTED_PROXIES", 0)
    if proxies:
        app.wsgi_app = ProxyFix(
            app.wsgi_app,
            x_for=proxies,
            x_proto=proxies,  # type: ignore[method-assign]
            x_host=proxies,
        )

    @app.after_request
    def security_headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response


class DatabaseIntegerConverter(IntegerConverter):
    """`<int:...>` in routes: ids beyond a database integer are simply not found (404),
    instead of reaching the database and failing there."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def install_input_guards(app: Flask) -> None:
    app.url_map.converters["int"] = DatabaseIntegerConverter

    @app.before_request
    def refuse_control_characters_in_the_address() -> None:
        # Search boxes read the query string directly; NUL cannot even reach PostgreSQL.
        if any(has_control_characters(value) for value in request.args.values()):
            abort(400)
