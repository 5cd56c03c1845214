"""Importing this module puts every feature's tables on the shared metadata.

Alembic's environment and the test suite import it so that autogenerate and
`alembic check` see the whole schema.
"""

from app.advice import models as advice_models
from app.api import models as api_models
from app.audit import models as audit_models
from app.auth import models as auth_models
from app.disclosures import contracts, items, models
from app.engagements import models as engagement_models
from app.notifications import models as notification_models
from app.organisations import models as organisation_models
from app.people import models as people_models
from app.record import models as record_models
from app.review import models as review_models
from app.screening import models as screening_models

__all__ = [
    "advice_models",
    "api_models",
    "audit_models",
    "auth_models",
    "contracts",
    "engagement_models",
    "items",
    "models",
    "notification_models",
    "organisation_models",
    "people_models",
    "record_models",
    "review_models",
    "screening_models",
]
