from cloudmove.formats.vi.formats import *  # noqa: F403  (the same dd/mm/yyyy dates)

DECIMAL_SEPARATOR = '.'
THOUSAND_SEPARATOR = ','
