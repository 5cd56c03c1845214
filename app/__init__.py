"""Candor: disclosure and conflict-of-interest reporting for research universities."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, has_request_context
from flask_login import current_user

from app.auth.limits import limiter
from app.auth.passwords import use_profile as use_password_profile
from app.database import enable_sqlite_transactions
from app.extensions import bootstrap, csrf, db, login_manager, migrate
from app.security import install_input_guards, install_security
from config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def create_app(config_class: type[Config] | Config = Config) -> Flask:
    app = Flask(__name__, instance_relative_config=False)
    install_input_guards(app)
    config = config_class() if isinstance(config_class, type) else config_class
    app.config.from_object(config)
    config.INSTANCE_DIR.mkdir(parents=True, exist_ok=True)

    use_password_profile(app.config["ARGON2_PROFILE"])
    enable_sqlite_transactions()
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR))
    csrf.init_app(app)
    bootstrap.init_app(app)
    limiter.init_app(app)
    _init_login(app)
    install_security(app)

    _register_blueprints(app)
    # Importing a receivers module connects it to the signals it listens to.
    from app.notifications import cycle_mail  # noqa: F401
    from app.sso import init_sso

    init_sso(app)
    _register_cli(app)
    from app.notifications.receivers import connect_receivers

    connect_receivers()
    from app.errors import register_error_handlers

    register_error_handlers(app)
    _connect_receivers()
    _commit_per_request(app)
    _template_globals(app)
    return app


def _init_login(app: Flask) -> None:
    from flask import session

    from app.auth.sessions import live_session
    from app.auth.views import SESSION_KEY
    from app.people.models import Person

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_person(person_id: str) -> Person | None:
        if not person_id.isdigit():
            return None
        person = db.session.get(Person, int(person_id))
        # A person deactivated mid-session is signed out at their next request; a session
        # that was ended (sign-out) or idled out is refused even if its cookie comes back.
        if person is None or not person.active:
            return None
        if live_session(session.get(SESSION_KEY), person.id) is None:
            return None
        return person


def _register_blueprints(app: Flask) -> None:
    from app.admin.task_views import bp as admin_tasks_bp
    from app.admin.views import bp as admin_bp
    from app.api.admin_views import bp as api_tokens_bp
    from app.api.views import bp as api_bp
    from app.auth.views import bp as auth_bp
    from app.checks.views import bp as checks_bp
    from app.counsel.views import bp as counsel_bp
    from app.cycles.views import bp as cycles_bp
    from app.disclosures.attachment_views import bp as attachments_bp
    from app.disclosures.delegation_views import bp as delegation_bp
    from app.disclosures.views import bp as disclosures_bp
    from app.exports.views import bp as exports_bp
    from app.fcoi.views import bp as fcoi_bp
    from app.funding.views import bp as funding_bp
    from app.home.views import bp as home_bp
    from app.jobs.views import bp as jobs_bp
    from app.notifications.views import bp as mail_bp
    from app.organisations.views import bp as organisations_bp
    from app.projects.views import bp as projects_bp
    from app.review.views import bp as review_bp
    from app.rollups.views import bp as rollups_bp
    from app.screening.profile_views import bp as profiles_bp
    from app.screening.views import bp as watchlist_bp
    from app.sso.views import bp as sso_bp
    from app.training.views import bp as training_bp

    for blueprint in (
        auth_bp,
        home_bp,
        disclosures_bp,
        cycles_bp,
        delegation_bp,
        attachments_bp,
        organisations_bp,
        watchlist_bp,
        profiles_bp,
        review_bp,
        mail_bp,
        counsel_bp,
        rollups_bp,
        projects_bp,
        fcoi_bp,
        exports_bp,
        training_bp,
        funding_bp,
        admin_bp,
        admin_tasks_bp,
        jobs_bp,
        api_bp,
        api_tokens_bp,
        checks_bp,
        sso_bp,
    ):
        app.register_blueprint(blueprint)


def _register_cli(app: Flask) -> None:
    from app.audit.cli import audit_group
    from app.checks.cli import checks_group
    from app.demo.cli import seed_demo_command
    from app.disclosures.cli import rescreen_command
    from app.exports.cli import export_group
    from app.jobs.cli import jobs_group
    from app.notifications.cli import remind_command, send_mail_command
    from app.people.cli import create_user_command, import_roster_command
    from app.projects.cli import import_projects_command
    from app.rates.cli import rates_group
    from app.rollups.cli import rollup_command
    from app.screening.cli import screen_command, watchlist_group
    from app.training.cli import import_training_command, remind_training_command

    for command in (
        import_roster_command,
        create_user_command,
        seed_demo_command,
        screen_command,
        watchlist_group,
        rescreen_command,
        send_mail_command,
        remind_command,
        rollup_command,
        audit_group,
        import_projects_command,
        export_group,
        import_training_command,
        remind_training_command,
        checks_group,
        rates_group,
        jobs_group,
    ):
        app.cli.add_command(command)


def _connect_receivers() -> None:
    """Features subscribe to each other's signals in their own `receivers` module."""
    import app.review.receivers  # noqa: F401


def _commit_per_request(app: Flask) -> None:
    """Operations flush; a successful request commits once, anything else rolls back."""

    @app.after_request
    def commit_on_success(response: Response) -> Response:
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
        return response


def _template_globals(app: Flask) -> None:
    from app.auth.permissions import dashboards_for
    from app.disclosures.filters import register_filters

    register_filters(app)

    @app.context_processor
    def navigation() -> dict[str, object]:
        signed_in = has_request_context() and current_user.is_authenticated
        dashboards = dashboards_for(current_user) if signed_in else []
        return {
            "nav_dashboards": dashboards,
            "institution_name": app.config["INSTITUTION_NAME"],
        }
