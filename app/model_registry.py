"""Importing this module puts every feature's tables on the shared metadata.

Alembic's environment and the test suite import it so that autogenerate and
`alembic check` see the whole schema.
"""

from app.audit import models as audit_models
from app.auth import models as auth_models
from app.disclosures import contracts, items, models
from app.fcoi import models as fcoi_models
from app.notifications import models as notification_models
from app.organisations import models as organisation_models
from app.people import models as people_models
from app.projects import models as project_models
from app.record import models as record_models
from app.review import models as review_models
from app.screening import models as screening_models
from app.training import models as training_models

__all__ = [
    "audit_models",
    "auth_models",
    "contracts",
    "fcoi_models",
    "items",
    "models",
    "notification_models",
    "organisation_models",
    "people_models",
    "project_models",
    "record_models",
    "review_models",
    "screening_models",
    "training_models",
]
