"""Small text helpers shared by templates, exports and the audit trail."""

from django.utils.functional import keep_lazy_text
from django.utils.text import capfirst as django_capfirst


@keep_lazy_text
def capfirst(value):
    """A label with its first letter capitalised, except words written with a small first letter on
    purpose (vCPU, iSCSI, eMMC), which Django's capfirst would turn into VCPU."""
    text = str(value) if value is not None else value
    if text and len(text) > 1 and text[0].islower() and text[1].isupper():
        return text
    return django_capfirst(text)
