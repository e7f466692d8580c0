"""Operating-system support lifecycle, kept as data, and the matching of an inventory's free-text OS.

Each release lists the end of standard support, of extended (vendor-maintained) support and of any paid
extension (ESU, ELS, ESM, LTSS). Dates are the vendors' published lifecycle dates; a release whose
vendor gives only a month is dated on the last day the vendor names or, failing that, the month's end.
"""

import re
from dataclasses import dataclass
from datetime import date

SUPPORTED, EXTENDED, PAID, ENDED, UNKNOWN = 'supported', 'extended', 'paid', 'ended', 'unknown'


@dataclass(frozen=True)
class OsRelease:
    key: str            # stable id, used in evidence
    family: str         # windows / linux
    label: str          # how pages name it
    support_end: date   # end of standard (mainstream / full) support
    extended_end: date | None = None   # end of extended / maintenance support by the vendor
    paid_end: date | None = None       # end of a paid extension (ESU, ELS, ESM, LTSS)
    desktop: bool = False              # a client OS: not supported as a cloud server image


def _r(key, family, label, support_end, extended_end=None, paid_end=None, desktop=False):
    return OsRelease(key, family, label, date.fromisoformat(support_end),
                     date.fromisoformat(extended_end) if extended_end else None,
                     date.fromisoformat(paid_end) if paid_end else None, desktop)


RELEASES = (
    _r('win2003', 'windows', 'Windows Server 2003', '2010-07-13', '2015-07-14'),
    _r('win2008', 'windows', 'Windows Server 2008', '2015-01-13', '2020-01-14', '2023-01-10'),
    _r('win2012', 'windows', 'Windows Server 2012', '2018-10-09', '2023-10-10', '2026-10-13'),
    _r('win2016', 'windows', 'Windows Server 2016', '2022-01-11', '2027-01-12'),
    _r('win2019', 'windows', 'Windows Server 2019', '2024-01-09', '2029-01-09'),
    _r('win2022', 'windows', 'Windows Server 2022', '2026-10-13', '2031-10-14'),
    _r('win2025', 'windows', 'Windows Server 2025', '2029-11-13', '2034-11-14'),
    _r('winxp', 'windows', 'Windows XP', '2009-04-14', '2014-04-08', desktop=True),
    _r('win7', 'windows', 'Windows 7', '2015-01-13', '2020-01-14', '2023-01-10', desktop=True),
    _r('win10', 'windows', 'Windows 10', '2025-10-14', None, '2026-10-13', desktop=True),
    _r('win11', 'windows', 'Windows 11', '2031-10-14', desktop=True),
    _r('rhel5', 'linux', 'Red Hat Enterprise Linux 5', '2013-01-08', '2017-03-31', '2020-11-30'),
    _r('rhel6', 'linux', 'Red Hat Enterprise Linux 6', '2016-05-10', '2020-11-30', '2024-06-30'),
    _r('rhel7', 'linux', 'Red Hat Enterprise Linux 7', '2019-08-06', '2024-06-30', '2028-06-30'),
    _r('rhel8', 'linux', 'Red Hat Enterprise Linux 8', '2024-05-31', '2029-05-31', '2032-05-31'),
    _r('rhel9', 'linux', 'Red Hat Enterprise Linux 9', '2027-05-31', '2032-05-31', '2035-05-31'),
    _r('centos5', 'linux', 'CentOS Linux 5', '2017-03-31'),
    _r('centos6', 'linux', 'CentOS Linux 6', '2020-11-30'),
    _r('centos7', 'linux', 'CentOS Linux 7', '2024-06-30'),
    _r('centos8', 'linux', 'CentOS Linux 8', '2021-12-31'),
    _r('ol6', 'linux', 'Oracle Linux 6', '2021-03-01', None, '2024-12-31'),
    _r('ol7', 'linux', 'Oracle Linux 7', '2024-12-31', None, '2028-06-30'),
    _r('ol8', 'linux', 'Oracle Linux 8', '2029-07-31', None, '2032-07-31'),
    _r('ol9', 'linux', 'Oracle Linux 9', '2032-06-30', None, '2034-06-30'),
    _r('rocky8', 'linux', 'Rocky Linux 8', '2024-05-31', '2029-05-31'),
    _r('rocky9', 'linux', 'Rocky Linux 9', '2027-05-31', '2032-05-31'),
    _r('alma8', 'linux', 'AlmaLinux 8', '2024-05-01', '2029-03-01'),
    _r('alma9', 'linux', 'AlmaLinux 9', '2027-05-31', '2032-05-31'),
    _r('ubuntu1404', 'linux', 'Ubuntu 14.04 LTS', '2019-04-30', None, '2024-04-30'),
    _r('ubuntu1604', 'linux', 'Ubuntu 16.04 LTS', '2021-04-30', None, '2026-04-30'),
    _r('ubuntu1804', 'linux', 'Ubuntu 18.04 LTS', '2023-05-31', None, '2028-05-31'),
    _r('ubuntu2004', 'linux', 'Ubuntu 20.04 LTS', '2025-05-31', None, '2030-05-31'),
    _r('ubuntu2204', 'linux', 'Ubuntu 22.04 LTS', '2027-06-30', None, '2032-06-30'),
    _r('ubuntu2404', 'linux', 'Ubuntu 24.04 LTS', '2029-06-30', None, '2034-06-30'),
    _r('debian8', 'linux', 'Debian 8 (jessie)', '2018-06-17', '2020-06-30'),
    _r('debian9', 'linux', 'Debian 9 (stretch)', '2020-07-06', '2022-06-30'),
    _r('debian10', 'linux', 'Debian 10 (buster)', '2022-09-10', '2024-06-30'),
    _r('debian11', 'linux', 'Debian 11 (bullseye)', '2024-08-14', '2026-08-31'),
    _r('debian12', 'linux', 'Debian 12 (bookworm)', '2026-06-10', '2028-06-30'),
    _r('sles11', 'linux', 'SUSE Linux Enterprise Server 11', '2019-03-31', None, '2022-03-31'),
    _r('sles12', 'linux', 'SUSE Linux Enterprise Server 12', '2024-10-31', None, '2027-10-31'),
    _r('sles15', 'linux', 'SUSE Linux Enterprise Server 15', '2031-07-31', None, '2034-07-31'),
)
BY_KEY = {r.key: r for r in RELEASES}

# (pattern over the lower-cased "name version" text, key builder). Order matters: specific before general.
_PATTERNS = (
    (r'windows\s*(?:server\s*)?(2003|2008|2012|2016|2019|2022|2025)', lambda m: f'win{m[1]}'),
    (r'windows\s*(?:7|seven)\b', lambda m: 'win7'),
    (r'windows\s*xp', lambda m: 'winxp'),
    (r'windows\s*10\b', lambda m: 'win10'),
    (r'windows\s*11\b', lambda m: 'win11'),
    (r'(?:red\s*hat|rhel)\D*?(\d+)', lambda m: f'rhel{m[1]}'),
    (r'centos\D*?(\d+)', lambda m: f'centos{m[1]}'),
    (r'oracle\s*(?:linux|enterprise linux)\D*?(\d+)', lambda m: f'ol{m[1]}'),
    (r'ubuntu.*?\b(1[468]|2[024])\.?(04)\b', lambda m: f'ubuntu{m[1]}{m[2]}'),
    (r'rocky\D*?(\d+)', lambda m: f'rocky{m[1]}'),
    (r'alma\s*linux\D*?(\d+)', lambda m: f'alma{m[1]}'),
    (r'debian\D*?(\d+)', lambda m: f'debian{m[1]}'),
    (r'(?:sles|suse)\D*?(\d+)', lambda m: f'sles{m[1]}'),
)
_COMPILED = tuple((re.compile(p), build) for p, build in _PATTERNS)
_BITNESS = re.compile(r'\(?\b(?:32|64)[\s-]*bit\)?|x86[-_]64|amd64')
_32BIT = re.compile(r'32[\s-]*bit|\bx86\b(?![-_]64)|\bi[3-6]86\b')
_64BIT = re.compile(r'64[\s-]*bit|x86[-_]64|\bx64\b|amd64|aarch64|arm64')
# Families the clouds here run; anything else named is an unsupported OS.
_KNOWN_FAMILY = re.compile(r'windows|linux|red\s*hat|rhel|centos|ubuntu|debian|suse|sles|oracle|rocky|alma|'
                           r'fedora|amazon|photon')
_UNSUPPORTED = re.compile(r'solaris|aix|hp-?ux|freebsd|openbsd|netware|os/2|ms-?dos|windows\s*(?:nt|2000|98|95)')


@dataclass(frozen=True)
class OsInfo:
    release: OsRelease | None
    family: str          # windows / linux / other / '' (unknown)
    bits: int | None     # 32, 64 or None when the text does not say
    known: bool          # some OS text was given
    unsupported: bool    # an OS family the clouds do not run


def identify(name, version='', family=''):
    """What the inventory's OS text names: the release from the table, the family and word size."""
    text = f'{name or ""} {version or ""}'.strip().lower()
    if not text:
        return OsInfo(None, family or '', None, False, False)
    release = None
    bare = _BITNESS.sub(' ', text)   # "(64-bit)" would read as a version number
    for pattern, build in _COMPILED:
        match = pattern.search(bare)
        if match:
            release = BY_KEY.get(build(match))
            if release:
                break
    bits = 64 if _64BIT.search(text) else 32 if _32BIT.search(text) else None
    if release:
        fam = release.family
    elif 'windows' in text:
        fam = 'windows'
    elif _KNOWN_FAMILY.search(text):
        fam = 'linux'
    else:
        fam = family or 'other'
    unsupported = bool(_UNSUPPORTED.search(text)) or (fam == 'other' and not _KNOWN_FAMILY.search(text))
    return OsInfo(release, fam, bits, True, unsupported)


def status(info, on):
    """supported / extended / paid / ended on the date `on`; unknown when the release is not in the table."""
    release = info.release if isinstance(info, OsInfo) else info
    if release is None:
        return UNKNOWN
    if on <= release.support_end:
        return SUPPORTED
    if release.extended_end and on <= release.extended_end:
        return EXTENDED
    if release.paid_end and on <= release.paid_end:
        return PAID
    return ENDED


def last_day(release):
    """The last day any support (paid or not) is available."""
    return release.paid_end or release.extended_end or release.support_end


def free_support_end(release):
    """The last day of support without a paid extension."""
    return release.extended_end or release.support_end
