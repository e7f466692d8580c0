from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestState(models.TextChoices):
    DRAFT = 'draft', _('Draft')
    SENT = 'sent', _('Sent')
    CLOSED = 'closed', _('Closed')


class AnswerState(models.TextChoices):
    NOT_STARTED = 'not_started', _('Not started')
    DRAFT = 'draft', _('Being written')
    SUBMITTED = 'submitted', _('Submitted')
    RETURNED = 'returned', _('Returned with comments')
    ACCEPTED = 'accepted', _('Accepted')


# Answers the unit still has to submit (reminded when late); answers counted in the aggregation.
OUTSTANDING = frozenset({AnswerState.NOT_STARTED, AnswerState.DRAFT, AnswerState.RETURNED})
GIVEN = frozenset({AnswerState.SUBMITTED, AnswerState.ACCEPTED})
