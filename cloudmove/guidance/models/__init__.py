from cloudmove.guidance.models.library import Acknowledgement, FaqEntry, GuidanceDocument  # noqa: F401
from cloudmove.guidance.models.rules import DeploymentRule, rule_code_validator  # noqa: F401
