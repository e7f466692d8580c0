"""Tell people about something that concerns them: a row each in the UI, an e-mail when a server is set."""

import logging

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from cloudmove.core.choices import Role
from cloudmove.core.models import Notification, User

log = logging.getLogger(__name__)


def notify(users, title, link='', mail=True):
    """One notification per active user; mailed after the transaction commits when EMAIL_HOST is set
    (`mail=False` when the caller sends a richer message itself)."""
    users = [u for u in users if u.is_active]
    Notification.objects.bulk_create([Notification(user=u, title=str(title)[:300], link=link) for u in users])
    if mail and settings.EMAIL_HOST:
        messages = [(str(title), link, settings.DEFAULT_FROM_EMAIL, [u.email]) for u in users if u.email]
        if messages:
            transaction.on_commit(lambda: _send(messages))
    return len(users)


def _send(messages):
    try:
        send_mass_mail(messages, fail_silently=False)
    except OSError:  # the notification is in the UI anyway; a mail server being down is not an error here
        log.warning('could not send %d notification e-mails', len(messages))


def unit_officers(unit):
    return User.objects.filter(unit=unit, role=Role.UNIT_OFFICER, is_active=True)


def programme_admins():
    return User.objects.filter(role=Role.ADMIN, is_active=True)


def unread(user):
    return Notification.objects.filter(user=user, read_at__isnull=True)


def mark_read(user, pks=None):
    qs = unread(user)
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    return qs.update(read_at=timezone.now())
