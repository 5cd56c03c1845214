"""Departments, persons and role grants."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.database import Base, created_at, enum_by_value, int_pk, updated_at
from app.people.roles import Role


class Department(Base):
    __tablename__ = "department"

    id: Mapped[int_pk]
    #: Short code used in rosters and on the command line, stored upper-case.
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    school: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[created_at]

    __table_args__ = (CheckConstraint("code = upper(code)", name="code_upper_case"),)

    def __repr__(self) -> str:
        return f"<Department {self.code}>"


class Person(Base):
    __tablename__ = "person"

    id: Mapped[int_pk]
    #: Stored lower-case: addresses are compared without regard to case.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("department.id", ondelete="RESTRICT"), index=True
    )
    active: Mapped[bool] = mapped_column(default=True, server_default=text("true"))
    #: Argon2 hash; None for single-sign-on accounts, which cannot use the password form.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]

    department: Mapped[Department | None] = relationship(lazy="joined")
    grants: Mapped[list[RoleGrant]] = relationship(
        back_populates="person", cascade="all, delete-orphan", lazy="selectin"
    )

    __table_args__ = (CheckConstraint("email = lower(email)", name="email_lower_case"),)

    def __repr__(self) -> str:
        return f"<Person {self.email}>"

    # Flask-Login's user protocol.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(grant.role for grant in self.grants)

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    @property
    def headed_department_ids(self) -> frozenset[int]:
        return frozenset(
            grant.department_id
            for grant in self.grants
            if grant.role is Role.DEPARTMENT_HEAD and grant.department_id is not None
        )


class RoleGrant(Base):
    """One role held by one person; a department head's grant names its department."""

    __tablename__ = "role_grant"

    id: Mapped[int_pk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(enum_by_value(Role))
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("department.id", ondelete="CASCADE")
    )
    created_at: Mapped[created_at]

    person: Mapped[Person] = relationship(back_populates="grants")
    department: Mapped[Department | None] = relationship(lazy="joined")

    __table_args__ = (
        CheckConstraint(
            "(role = 'department_head') = (department_id IS NOT NULL)",
            name="department_only_for_heads",
        ),
        Index(
            "uq_role_grant_person_id_role_unscoped",
            "person_id",
            "role",
            unique=True,
            sqlite_where=text("department_id IS NULL"),
            postgresql_where=text("department_id IS NULL"),
        ),
        Index(
            "uq_role_grant_person_id_role_department_id",
            "person_id",
            "role",
            "department_id",
            unique=True,
            sqlite_where=text("department_id IS NOT NULL"),
            postgresql_where=text("department_id IS NOT NULL"),
        ),
        Index("ix_role_grant_department_id", "department_id"),
    )

    def __repr__(self) -> str:
        scope = f" of {self.department_id}" if self.department_id else ""
        return f"<RoleGrant {self.person_id}:{self.role}{scope}>"
