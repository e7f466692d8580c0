from cloudmove.planning.models.base import PIN_CHANGE_ROLES, PLAN_CHANGE_ROLES, VIEW_ROLES  # noqa: F401
from cloudmove.planning.models.designs import DesignMachine, MigrationDesign  # noqa: F401
from cloudmove.planning.models.programme import Phase, Task  # noqa: F401
from cloudmove.planning.models.waves import GroupingEdit, WaveAssignment, WavePin, WavePlan  # noqa: F401
