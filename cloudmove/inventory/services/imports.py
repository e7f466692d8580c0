"""Discovery imports: the registered discovery formats (cloudmove.inventory.importers, read from
core.imports.formats) as the pages and the command list them, and running one on a stored upload. From the
UI the check and the apply run as the import flow's jobs (core.imports.flow)."""

from django.utils.translation import gettext as _

from cloudmove.core.imports import flow, formats

FAMILY = 'discovery'


def name_of(kind):
    fmt = formats.get(kind)
    return str(fmt.name) if fmt else kind


def importers():
    """kind -> import function of every registered discovery format."""
    return {fmt.kind: fmt.run for fmt in formats.of_family(FAMILY)}


def kinds():
    """[(kind, label)] of every registered discovery format."""
    return [(fmt.kind, fmt.label) for fmt in formats.of_family(FAMILY)]


def suffixes():
    return sorted({s for fmt in formats.of_family(FAMILY) for s in fmt.suffixes})


def run_import(kind, path, unit, user, dry_run=True, progress=None):
    """Run a registered discovery format on a stored file (a .zip unpacked first), as the import job does."""
    fmt = formats.get(kind)
    if fmt is None or fmt.family != FAMILY:
        return flow.refused(_('Unknown import kind: %(kind)s') % {'kind': kind})
    return flow.run_file(fmt, path, unit, user, dry_run=dry_run, progress=progress)
