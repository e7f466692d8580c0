from django.db import models
from django.utils.translation import gettext_lazy as _

from cloudmove.guidance.engine import deployment as engine


class DeploymentModel(models.TextChoices):
    """Cloud deployment models (TCVN 12480:2019 / ISO/IEC 17788)."""

    PRIVATE = engine.PRIVATE, _('Private cloud')
    COMMUNITY = engine.COMMUNITY, _('Community cloud (government cloud)')
    PUBLIC = engine.PUBLIC, _('Public cloud')
    HYBRID = engine.HYBRID, _('Hybrid cloud')


class RuleEffect(models.TextChoices):
    REQUIRE = engine.REQUIRE, _('Require one of')
    EXCLUDE = engine.EXCLUDE, _('Exclude')
    PREFER = engine.PREFER, _('Prefer')


class Tristate(models.TextChoices):
    """A yes/no criterion a rule may also leave open."""

    ANY = 'any', _('Any')
    YES = 'yes', _('Yes')
    NO = 'no', _('No')


def tristate_value(code):
    """'yes' -> True, 'no' -> False, 'any' -> None (the engine's form)."""
    return {Tristate.YES: True, Tristate.NO: False}.get(code)


class DocumentCategory(models.TextChoices):
    LEGAL = 'legal', _('Legal basis')
    GUIDE = 'guide', _('Guide')
    TEMPLATE = 'template', _('Template')
    DEPLOYMENT = 'deployment', _('Deployment-models guide')
    CRITERIA = 'criteria', _('Criteria set')
    ANNOUNCEMENT = 'announcement', _('Announcement')


class DocumentState(models.TextChoices):
    DRAFT = 'draft', _('Draft')
    PUBLISHED = 'published', _('Published')
    WITHDRAWN = 'withdrawn', _('Withdrawn')
