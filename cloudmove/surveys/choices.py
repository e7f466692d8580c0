from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignState(models.TextChoices):
    DRAFT = 'draft', _('Draft')
    LAUNCHED = 'launched', _('Launched')
    CLOSED = 'closed', _('Closed')


class AssignmentState(models.TextChoices):
    NOT_STARTED = 'not_started', _('Not started')
    IN_PROGRESS = 'in_progress', _('In progress')
    SUBMITTED = 'submitted', _('Submitted')
    RETURNED = 'returned', _('Returned with comments')
    APPROVED = 'approved', _('Approved')


# The legal transitions of an assignment: action -> (states it may start from, state it ends in).
TRANSITIONS = {
    'start': ((AssignmentState.NOT_STARTED, AssignmentState.RETURNED), AssignmentState.IN_PROGRESS),
    'submit': ((AssignmentState.IN_PROGRESS, AssignmentState.RETURNED), AssignmentState.SUBMITTED),
    'return': ((AssignmentState.SUBMITTED,), AssignmentState.RETURNED),
    'approve': ((AssignmentState.SUBMITTED,), AssignmentState.APPROVED),
}
# Actions taken by the programme office (the others by the unit).
REVIEW_ACTIONS = frozenset({'return', 'approve'})
