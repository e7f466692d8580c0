"""The guidance library's use cases: publish a document (a new version each time) to chosen units or all,
withdraw it, acknowledge it, see who has and has not acknowledged the version in force, remind them, and
what waits on a user's home page."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cloudmove.core import scoping
from cloudmove.core.models import Unit, User
from cloudmove.core.services import notifications
from cloudmove.guidance.choices import DocumentCategory, DocumentState
from cloudmove.guidance.models import Acknowledgement, GuidanceDocument


def _may_change(user, document):
    if user is not None:
        scoping.ensure(user, document, scoping.CHANGE)


def audience(document):
    """The units a document is (or would be) published to."""
    if document.all_units:
        return Unit.objects.filter(is_active=True)
    return document.units.filter(is_active=True)


def _link(document):
    return reverse('guidance:guidancedocument_detail', args=[document.pk])


@transaction.atomic
def publish(user, document):
    """Publish the document's current text as its next version; its audience is told and asked again."""
    document = GuidanceDocument.objects.select_for_update().get(pk=document.pk)
    _may_change(user, document)
    units = list(audience(document))
    if not units:
        raise ValidationError(_('Choose the units it is for, or publish it to every unit.'))
    document.version += 1
    document.state = DocumentState.PUBLISHED
    document.published_on = timezone.localdate()
    document.public = document.all_units
    document.save()
    document.published_to.set(units)
    officers = User.objects.filter(unit__in=units, is_active=True)
    notifications.notify(officers, _('New guidance (version %(version)s): %(title)s') % {
        'version': document.version, 'title': document.title}, link=_link(document))
    return document


@transaction.atomic
def withdraw(user, document):
    _may_change(user, document)
    document.state = DocumentState.WITHDRAWN
    document.public = False
    document.save()
    document.published_to.clear()
    return document


def acknowledge(user, document):
    """The user confirms having read the version in force (once per version)."""
    if not scoping.allowed(user, document, scoping.VIEW):
        raise scoping.OutOfScope(_('Not found.'))
    if document.state != DocumentState.PUBLISHED:
        raise ValidationError(_('Only a published document is acknowledged.'))
    ack, _created = Acknowledgement.objects.get_or_create(document=document, version=document.version, user=user,
                                                          defaults={'unit': user.unit})
    return ack


def readers(document):
    """Per unit of the audience: who acknowledged the version in force (name, when), and which units and
    how many people have not yet. Two queries."""
    units = list(document.published_to.order_by('code')) if document.state == DocumentState.PUBLISHED else []
    acks = Acknowledgement.objects.filter(document=document, version=document.version).select_related('user')
    by_unit = {}
    for ack in acks:
        by_unit.setdefault(ack.unit_id, []).append(ack)
    rows = [{'unit': u, 'acks': by_unit.get(u.pk, [])} for u in units]
    return {'rows': rows, 'acknowledged': [r['unit'] for r in rows if r['acks']],
            'waiting': [r['unit'] for r in rows if not r['acks']], 'people': len(acks)}


def remind(user, document):
    """Tell the officers of the units that have not acknowledged yet. Returns how many were told."""
    _may_change(user, document)
    waiting = readers(document)['waiting']
    officers = User.objects.filter(unit__in=waiting, is_active=True)
    return notifications.notify(officers, _('Reminder: please read and acknowledge “%(title)s”.') % {
        'title': document.title}, link=_link(document))


def acknowledged_by(user, document):
    return Acknowledgement.objects.filter(document=document, version=document.version, user=user).exists()


def pending(user, today=None):
    """Published documents meant for the user (for every unit, or for the user's own) still to
    acknowledge, and the announcements in force."""
    today = today or timezone.localdate()
    mine = Q(public=True) | Q(published_to=user.unit_id) if getattr(user, 'unit_id', None) else Q(public=True)
    published = GuidanceDocument.objects.filter(mine, state=DocumentState.PUBLISHED).distinct()
    done = set(Acknowledgement.objects.filter(user=user).values_list('document_id', 'version'))
    to_read = [d for d in published.filter(requires_ack=True).order_by('-published_on')[:50]
               if (d.pk, d.version) not in done][:10]
    news = list(published.filter(category=DocumentCategory.ANNOUNCEMENT).filter(
        Q(show_until__isnull=True) | Q(show_until__gte=today)).order_by('-published_on')[:5])
    return {'to_read': to_read, 'announcements': news}
