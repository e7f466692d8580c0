"""Template filters loaded in every template (settings TEMPLATES builtins)."""

from django import template
from django.template.defaultfilters import stringfilter

from cloudmove.core import text

register = template.Library()


@register.filter(is_safe=True)
@stringfilter
def capfirst(value):
    """Replaces Django's |capfirst everywhere: keeps vCPU as vCPU (see core.text.capfirst)."""
    return text.capfirst(value)
