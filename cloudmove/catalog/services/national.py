"""The national shared services in the catalogue: what the assessment matches systems against, and the
all-or-nothing update from a reading of the national catalogue."""

from django.db import transaction
from django.utils import timezone

from cloudmove.catalog.models import NationalService

FIELDS = ('name', 'agency', 'category', 'url', 'description')


def keywords():
    """[(keywords, code)] of the active services with keywords, for the assessment's engine; [] for none."""
    out = []
    for service in NationalService.objects.filter(active=True).order_by('code'):
        if service.keyword_list:
            out.append((tuple(service.keyword_list), service.code))
    return out


@transaction.atomic
def sync(entries, now=None):
    """Write a whole reading of the national catalogue (checked entries: code, name, agency, category,
    keywords, url, description): new services added, known ones updated, those the catalogue no longer
    lists switched off. Services the office wrote by hand are left alone. Returns (added, updated, retired)."""
    now = now or timezone.now()
    known = {s.code: s for s in NationalService.objects.select_for_update()}
    added = updated = 0
    unchanged = []
    for entry in entries:
        values = {f: entry.get(f) or '' for f in FIELDS}
        values['keywords'] = '\n'.join(entry.get('keywords') or [])
        service = known.get(entry['code'])
        if service is None:
            service = NationalService(code=entry['code'])
            added += 1
        elif any(getattr(service, f) != v for f, v in values.items()) or not service.active:
            updated += 1
        else:
            unchanged.append(service.pk)
            continue
        for f, v in values.items():
            setattr(service, f, v)
        service.from_catalogue, service.active, service.synced_at = True, True, now
        service.full_clean()
        service.save()
    # Only the time of reading moves on an unchanged service: bookkeeping, not a change of the catalogue.
    NationalService.objects.filter(pk__in=unchanged).update(synced_at=now)
    listed = {e['code'] for e in entries}
    retired = 0
    for code, service in known.items():
        if service.from_catalogue and service.active and code not in listed:
            service.active = False
            service.save()
            retired += 1
    return added, updated, retired
