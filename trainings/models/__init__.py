"""KHA trainings (``training.py``) and the follow-up action plans they produce (``plans.py``)."""

from trainings.models.plans import (
    ActionItem,
    ActionPlan,
    Evidence,
    ProgressUpdate,
    ReminderLog,
)
from trainings.models.training import (
    Attendance,
    Facilitator,
    Participant,
    Person,
    Training,
    TrainingDay,
    TrainingDocument,
)

__all__ = [
    "ActionItem",
    "ActionPlan",
    "Attendance",
    "Evidence",
    "Facilitator",
    "Participant",
    "Person",
    "ProgressUpdate",
    "ReminderLog",
    "Training",
    "TrainingDay",
    "TrainingDocument",
]
