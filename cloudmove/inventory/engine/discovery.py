"""Values every discovery format maps the same way (RVTools, Azure Migrate, AWS, Google, performance
samples): operating-system families, firmware, list cells, blank rows. Pure Python."""

import re

from cloudmove.core.engine import cells


def firmware(value):
    word = cells.text(value).casefold()
    if not word:
        return ''
    return 'efi' if 'efi' in word else 'bios'


def os_family(os_name):
    word = os_name.casefold()
    if not word:
        return ''
    if 'windows' in word:
        return 'windows'
    if any(k in word for k in ('linux', 'ubuntu', 'centos', 'red hat', 'rhel', 'debian', 'suse', 'photon',
                               'rocky', 'alma', 'fedora')):
        return 'linux'
    if any(k in word for k in ('solaris', 'freebsd', 'aix', 'hp-ux', 'unix')):
        return 'unix'
    return 'other'


def split_list(value):
    """The items of a list cell ('10.0.0.1, 10.0.0.2', separated by commas, semicolons or lines)."""
    return [part for part in re.split(r'[,;\s]+', cells.text(value)) if part]


def is_blank_row(row):
    # cells.is_blank over the row, inlined: it runs for every row of every sheet.
    return not any(v is not None and (type(v) is not str or v.strip()) for v in row)
