"""The training log: SQLAlchemy models, repository functions, Alembic migrations.

SQLite in the user's data directory by default, PostgreSQL (or another file) by URL; see
``db.py`` for where the database is and ``docs/storage.md`` for the whole picture. Repository
functions take a ``Session`` (from ``transaction(store)``) and return frozen dataclasses,
the pure ``SetRecord``/``Checkin`` of ``hipthrust.coaching.records`` for the history.
"""

from hipthrust.store.assessments import (
    Assessment,
    add_assessment,
    assessments,
    latest_assessment,
)
from hipthrust.store.athletes import (
    DEFAULT_ATHLETE,
    WEEKDAYS,
    Athlete,
    AthleteProfile,
    create_athlete,
    get_athlete,
    list_athletes,
    resolve_athlete,
    update_athlete,
)
from hipthrust.store.checkins import add_checkin, checkin_on, checkins
from hipthrust.store.db import Store, database_url, open_store, read_transaction, transaction
from hipthrust.store.plans import StoredPlan, active_plan, plans, save_plan
from hipthrust.store.training import (
    HIP_THRUST_FAMILY,
    BulkResult,
    LoggedSet,
    SetType,
    SourcedSet,
    TrainingSession,
    add_sets_bulk,
    delete_set,
    ensure_training_session,
    history,
    log_set,
    logged_sets,
    sets_between,
    training_session_on,
)
from hipthrust.store.videos import (
    AnalysisStatus,
    VideoAnalysis,
    add_video_analysis,
    get_video_analysis,
    set_video_analysis,
)

__all__ = [
    "DEFAULT_ATHLETE",
    "HIP_THRUST_FAMILY",
    "WEEKDAYS",
    "AnalysisStatus",
    "Assessment",
    "Athlete",
    "AthleteProfile",
    "BulkResult",
    "LoggedSet",
    "SetType",
    "SourcedSet",
    "Store",
    "StoredPlan",
    "TrainingSession",
    "VideoAnalysis",
    "active_plan",
    "add_assessment",
    "add_checkin",
    "add_sets_bulk",
    "add_video_analysis",
    "assessments",
    "checkin_on",
    "checkins",
    "create_athlete",
    "database_url",
    "delete_set",
    "ensure_training_session",
    "get_athlete",
    "get_video_analysis",
    "history",
    "latest_assessment",
    "list_athletes",
    "log_set",
    "logged_sets",
    "open_store",
    "plans",
    "read_transaction",
    "resolve_athlete",
    "save_plan",
    "set_video_analysis",
    "sets_between",
    "training_session_on",
    "transaction",
    "update_athlete",
]
