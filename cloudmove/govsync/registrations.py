"""The Government cloud link in the menu, its outbox through the generic pages and API, and the changes it
listens to: a system going live, its old system decommissioned (its migration closed), and its target
resources changing while it is live. Each is queued by a signal inside the transaction of the change."""

from django.db.models.signals import post_init, post_save
from django.utils.translation import gettext_lazy as _

from cloudmove.core import registry
from cloudmove.core.registry import ModelConfig, add_nav_link, register
from cloudmove.core.services import demo
from cloudmove.govsync.choices import ChangeKind
from cloudmove.govsync.models import OutboxItem
from cloudmove.govsync.services import outbox

register(ModelConfig(
    model=OutboxItem, slug='outbox', section='reporting', api_prefix='govsync/outbox',
    menu_label=_('Government cloud link'),
    list_columns=('created_at', 'kind', 'system_code', 'unit', 'state', 'attempts', 'next_attempt_at',
                  'delivered_at', 'last_error'),
    search_fields=('system_code', 'last_error'),
    filter_fields=('state', 'kind', 'unit'),
    detail_fields=('kind', 'system', 'system_code', 'unit', 'key', 'state', 'attempts', 'next_attempt_at',
                   'last_status', 'last_error', 'delivered_at', 'created_at'),
    api_fields=('id', 'kind', 'system', 'system_code', 'unit', 'key', 'state', 'attempts', 'next_attempt_at',
                'last_status', 'last_error', 'delivered_at', 'created_at', 'payload'),
    select_related=('unit',),
    api_writable=False,
))
add_nav_link('reporting', _('Government cloud link'), 'govsync:outbox')


def outbox_panel(request, obj):
    if not isinstance(obj, OutboxItem):
        return None
    import json

    from cloudmove.core import scoping

    return {'template': 'govsync/_item_panel.html', 'item': obj,
            'can_retry': obj.state == 'failed' and scoping.allowed(request.user, obj, scoping.CHANGE),
            'message': json.dumps(obj.payload, ensure_ascii=False, indent=2)}


registry.detail_panels.append(outbox_panel)


# ---------------------------------------------------------------- the changes listened to

LIVE_OR_LATER = frozenset({'live', 'decommissioning', 'closed'})
ON_STATE = {'live': ChangeKind.LIVE, 'closed': ChangeKind.DECOMMISSIONED}


def _remember_state(sender, instance, **kwargs):
    instance._govsync_state = instance.__dict__.get('state')


def _migration_saved(sender, instance, created, raw=False, **kwargs):
    before, after = getattr(instance, '_govsync_state', None), instance.state
    instance._govsync_state = after
    if raw or after == before or after not in ON_STATE:
        return
    outbox.queue(ON_STATE[after], instance.system)


def _machine_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    design = instance.design
    if design.state != 'approved':  # a draft's machines are not in the cloud: no further query
        return
    migration = getattr(design.system, 'migration', None)
    if migration is not None and migration.state in LIVE_OR_LATER - {'closed'}:
        outbox.queue(ChangeKind.RESOURCES, design.system)


def _connect():
    from cloudmove.execution.models import Migration
    from cloudmove.planning.models import DesignMachine

    post_init.connect(_remember_state, sender=Migration, dispatch_uid='govsync-migration-init')
    post_save.connect(_migration_saved, sender=Migration, dispatch_uid='govsync-migration-saved')
    post_save.connect(_machine_saved, sender=DesignMachine, dispatch_uid='govsync-machine-saved')


_connect()


@demo.add_loader(inventory=True)
def _demo(progress=None):
    """The illustrative national catalogue, and the demo's live systems queued for the Government cloud
    platform (they wait there: the demo sets no receiving address)."""
    from django.conf import settings

    from cloudmove.execution.models import Migration
    from cloudmove.govsync.services import catalogue

    added, updated, _retired = catalogue.read(str(settings.BASE_DIR / 'docs' / 'govsync' /
                                                  'national-catalogue.example.json'))
    queued = 0
    if not OutboxItem.objects.exists():
        for migration in Migration.objects.filter(state__in=('live', 'decommissioning', 'closed')).select_related(
                'system__unit').order_by('pk'):
            outbox.queue(ChangeKind.LIVE, migration.system)
            queued += 1
    return {'national_services': (added, updated), 'outbox_items': (queued, 0)}
