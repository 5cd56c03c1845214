"""`create-user` and `seed-demo`."""

from __future__ import annotations

from sqlalchemy import func, select

from app.demo.operations import DEMO_PASSWORD
from app.people.models import Department, Person
from app.people.operations import person_by_email
from app.people.roles import Role
from tests.factories import login, make_department


def test_create_user_with_password_from_stdin(app, db, client):
    make_department("HIST", "History")
    result = app.test_cli_runner().invoke(
        args=[
            "create-user",
            "--email",
            "Kate@Example.edu",
            "--name",
            "Kate Jones",
            "--department",
            "hist",
            "--role",
            "faculty",
            "--role",
            "department_head",
            "--password-stdin",
        ],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    kate = person_by_email("kate@example.edu")
    assert kate.roles == {Role.FACULTY, Role.DEPARTMENT_HEAD}
    assert kate.headed_department_ids == {kate.department_id}
    assert login(client, "kate@example.edu", "a long enough password").status_code == 302


def test_create_user_refuses_a_short_password_and_saves_nothing(app, db):
    result = app.test_cli_runner().invoke(
        args=[
            "create-user",
            "--email",
            "x@example.edu",
            "--name",
            "X",
            "--role",
            "admin",
            "--password-stdin",
        ],
        input="short\n",
    )
    assert result.exit_code != 0
    assert "password: Use at least 12 characters." in result.output
    assert person_by_email("x@example.edu") is None


def test_create_user_names_an_unknown_department_and_role(app, db):
    runner = app.test_cli_runner()
    unknown_department = runner.invoke(
        args=[
            "create-user",
            "--email",
            "y@example.edu",
            "--name",
            "Y",
            "--department",
            "NOPE",
            "--role",
            "faculty",
            "--sso",
        ],
    )
    assert "unknown department NOPE" in unknown_department.output
    unknown_role = runner.invoke(
        args=["create-user", "--email", "y@example.edu", "--name", "Y", "--role", "king", "--sso"],
    )
    assert "unknown role 'king'" in unknown_role.output
    assert person_by_email("y@example.edu") is None


def test_seed_demo_builds_the_institution_and_is_idempotent(app, db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    counts = (
        db.session.scalar(select(func.count(Person.id))),
        db.session.scalar(select(func.count(Department.id))),
    )
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0
    assert counts == (
        db.session.scalar(select(func.count(Person.id))),
        db.session.scalar(select(func.count(Department.id))),
    )
    people = list(db.session.scalars(select(Person)))
    assert counts[1] >= 3
    faculty = [p for p in people if p.has_role(Role.FACULTY)]
    assert len([p for p in faculty if not p.has_role(Role.DEPARTMENT_HEAD)]) >= 20
    for role in (Role.DEPARTMENT_HEAD, Role.COI_OFFICE, Role.GENERAL_COUNSEL, Role.ADMIN):
        assert any(p.has_role(role) for p in people), role
    heads = [p for p in people if p.has_role(Role.DEPARTMENT_HEAD)]
    assert {d for p in heads for d in p.headed_department_ids} == {
        d.id for d in db.session.scalars(select(Department))
    }
    assert "coi@demo.candor.edu" in first.output and DEMO_PASSWORD in first.output


def test_printed_demo_logins_work(app, db, client):
    output = app.test_cli_runner().invoke(args=["seed-demo"]).output
    emails = [line.split()[0] for line in output.splitlines()[1:]]
    for email, landing in [
        ("admin@demo.candor.edu", "/admin"),
        ("coi@demo.candor.edu", "/coi"),
        ("counsel@demo.candor.edu", "/counsel"),
        (emails[0], "/department"),
        (emails[-4], "/my"),
    ]:
        response = login(client, email, DEMO_PASSWORD)
        assert response.headers["Location"].endswith(landing), email
        assert client.get(landing).status_code == 200
        client.post("/logout", data={"csrf_token": _token(client, landing)})


def _token(client, path):
    from tests.conftest import csrf_token_from

    return csrf_token_from(client.get(path).text)


def test_seed_demo_if_empty_leaves_a_real_roster_alone(app, db):
    from tests.factories import make_person

    make_person(Role.FACULTY, email="real.person@university.edu")
    result = app.test_cli_runner().invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0
    assert "not added" in result.output
    assert person_by_email("admin@demo.candor.edu") is None
