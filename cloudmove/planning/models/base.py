"""Roles shared by the planning models."""

from cloudmove.core.choices import Role

VIEW_ROLES = frozenset({Role.ADMIN, Role.LEADER, Role.AUDITOR, Role.UNIT_OFFICER, Role.UNIT_VIEWER})
PLAN_CHANGE_ROLES = frozenset({Role.ADMIN})
PIN_CHANGE_ROLES = frozenset({Role.ADMIN, Role.UNIT_OFFICER})
