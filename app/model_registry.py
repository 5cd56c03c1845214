"""Importing this module puts every feature's tables on the shared metadata.

Alembic's environment and the test suite import it so that autogenerate and
`alembic check` see the whole schema.
"""

from app.advice import models as advice_models
from app.api import models as api_models
from app.audit import models as audit_models
from app.auth import models as auth_models
from app.checks import models as check_models
from app.cycles import models as cycle_models
from app.disclosures import contracts, items, models
from app.engagements import models as engagement_models
from app.fcoi import models as fcoi_models
from app.jobs import models as job_models
from app.notifications import models as notification_models
from app.organisations import models as organisation_models
from app.people import models as people_models
from app.projects import models as project_models
from app.rates import models as rate_models
from app.record import models as record_models
from app.review import models as review_models
from app.screening import list_change_models as screening_list_change_models
from app.screening import models as screening_models
from app.screening import ownership_models as screening_ownership_models
from app.training import models as training_models

__all__ = [
    "advice_models",
    "api_models",
    "audit_models",
    "auth_models",
    "check_models",
    "contracts",
    "cycle_models",
    "engagement_models",
    "fcoi_models",
    "items",
    "job_models",
    "models",
    "notification_models",
    "organisation_models",
    "people_models",
    "project_models",
    "rate_models",
    "record_models",
    "review_models",
    "screening_list_change_models",
    "screening_models",
    "screening_ownership_models",
    "training_models",
]
