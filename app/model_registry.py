"""Importing this module puts every feature's tables on the shared metadata.

Alembic's environment and the test suite import it so that autogenerate and
`alembic check` see the whole schema.
"""

from app.people import models as people_models

__all__ = ["people_models"]
