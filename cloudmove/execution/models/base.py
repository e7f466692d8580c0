"""Roles shared by the execution models."""

from cloudmove.core.choices import Role

VIEW_ROLES = frozenset({Role.ADMIN, Role.LEADER, Role.AUDITOR, Role.UNIT_OFFICER, Role.UNIT_VIEWER})
CHANGE_ROLES = frozenset({Role.ADMIN, Role.UNIT_OFFICER})
# Who may record the go-live approval: the programme office or a leader, never the unit that migrates.
GOLIVE_ROLES = frozenset({Role.ADMIN, Role.LEADER})
