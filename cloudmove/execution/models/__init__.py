from cloudmove.execution.models.base import CHANGE_ROLES, GOLIVE_ROLES, VIEW_ROLES  # noqa: F401
from cloudmove.execution.models.health import Probe, ProbeResult  # noqa: F401
from cloudmove.execution.models.migrations import AcceptanceTest, Migration, RunbookStep, StateChange  # noqa: F401
from cloudmove.execution.models.records import (  # noqa: F401
    DecommissionRecord,
    Incident,
    Inspection,
    OptimisationFinding,
    Risk,
    SecurityFinding,
    TrainingSession,
)
