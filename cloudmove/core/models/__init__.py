from cloudmove.core.models.audit import AuditChainHead, AuditRecord
from cloudmove.core.models.base import AuditedModel, UnitOwnedModel
from cloudmove.core.models.contacts import Contact, ContactRole
from cloudmove.core.models.jobs import Job
from cloudmove.core.models.notifications import Notification
from cloudmove.core.models.settings import SiteSetting
from cloudmove.core.models.units import Unit, UnitKind
from cloudmove.core.models.users import ApiToken, User

__all__ = [
    'ApiToken',
    'AuditChainHead',
    'AuditRecord',
    'AuditedModel',
    'Contact',
    'ContactRole',
    'Job',
    'Notification',
    'SiteSetting',
    'Unit',
    'UnitKind',
    'UnitOwnedModel',
    'User',
]
