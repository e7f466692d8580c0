"""What the exchange says of a system: who owns it, where it runs, its state, and its resources in the
cloud (compute, storage, network). Read through the owning apps' services: the approved design's target
machines where there is one, else the inventory's machines as they are."""

from cloudmove.core.models import Unit


def province():
    root = Unit.objects.filter(parent__isnull=True, is_active=True).order_by('pk').first()
    return {'code': root.code, 'name': root.name_vi} if root else {'code': '', 'name': ''}


def _inventory_resources(system):
    from cloudmove.inventory.services import totals

    return {**totals.system_resources(system), 'network': {'subnet': '', 'addresses': []}}


def system(system):
    from cloudmove.planning.services import designs

    design = designs.approved(system)
    migration = getattr(system, 'migration', None)
    provider = design.provider if design is not None else None
    return {
        'code': system.code, 'name': system.name,
        'unit': {'code': system.unit.code, 'name': system.unit.name_vi},
        'category': system.category or '', 'security_level': system.security_level,
        'status': migration.state if migration is not None else 'not_planned',
        'live_since': migration.live_since.isoformat() if migration is not None and migration.live_since else None,
        'deployment_model': (design.deployment_model if design is not None else '') or '',
        'provider': {'code': provider.code, 'name': provider.name} if provider is not None else None,
        'landing_zone': design.landing_zone if design is not None else '',
        'resources': designs.target_resources(design) if design is not None else _inventory_resources(system),
    }
