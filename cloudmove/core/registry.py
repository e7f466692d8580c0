"""Declarations that give a model its pages, API, export and generated tests.

A model costs one `register(ModelConfig(...))` call: the generic views, filter sets, forms,
serializers, viewsets, URL patterns and the per-model tests are all built from it.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

# The navigation follows the programme's work items.
SECTIONS = [
    ('guidance', _('Guidance')),
    ('survey', _('Survey')),
    ('catalog', _('Cloud catalogue')),
    ('assessment', _('Assessment')),
    ('design', _('Design')),
    ('execution', _('Execution')),
    ('completion', _('Completion')),
    ('reporting', _('Reporting')),
    ('admin', _('Administration')),
]


@dataclass
class ModelConfig:
    model: type
    slug: str
    section: str
    list_columns: tuple
    search_fields: tuple = ()
    filter_fields: tuple = ()
    form_fields: tuple | None = None
    bulk_edit_fields: tuple = ()
    detail_fields: tuple | None = None
    export_fields: tuple | None = None
    api_fields: tuple | None = None
    api_prefix: str | None = None
    select_related: tuple = ()
    prefetch_related: tuple = ()
    related: tuple = ()  # (title, related name or function(obj) -> queryset, columns) panels on the detail page
    detail_template: str | None = None
    list_template: str | None = None
    extra_context: Callable | None = None  # function(request) -> dict for the list and detail pages
    form_class: type | None = None
    create_form_class: type | None = None
    serializer_class: type | None = None
    filterset_class: type | None = None
    menu_label: object = None
    nav: bool = True
    api_writable: bool = True
    # For the generated tests: fields for a new object owned by `unit`, number `n` (API-style values). Set
    # by the app's tests/samples.py (core/tests/sampling.py), never by production code.
    sample: Callable | None = None
    # function(user, data) -> the new object, in place of the generic create on the pages and the API:
    # for models whose creation is a use case (a design opened with the guide's and assessment's answers).
    create_with: Callable | None = None
    extra: dict = field(default_factory=dict)

    @property
    def app_label(self):
        return self.model._meta.app_label

    @property
    def model_name(self):
        return self.model._meta.model_name

    @property
    def verbose_name(self):
        return self.model._meta.verbose_name

    @property
    def verbose_name_plural(self):
        return self.menu_label or self.model._meta.verbose_name_plural

    @property
    def editable(self):
        return self.form_fields is not None

    def url_name(self, action):
        return f'{self.app_label}:{self.model_name}_{action}'

    def get_detail_fields(self):
        return self.detail_fields or self.form_fields or self.list_columns

    def get_export_fields(self):
        return self.export_fields or self.get_detail_fields()

    def get_api_prefix(self):
        return self.slug if self.api_prefix is None else self.api_prefix

    def base_queryset(self):
        qs = self.model._default_manager.all()
        related = list(self.select_related) or self.auto_select_related()
        if related:
            qs = qs.select_related(*related)
        prefetch = list(dict.fromkeys([*self.prefetch_related, *self.auto_prefetch_related()]))
        if prefetch:
            qs = qs.prefetch_related(*prefetch)
        return qs

    def auto_prefetch_related(self):
        m2m = {f.name for f in self.model._meta.many_to_many}
        return [n for n in (*self.list_columns, *self.get_detail_fields(), *(self.api_fields or ())) if n in m2m]

    def auto_select_related(self):
        names = []
        fields = {f.name: f for f in self.model._meta.get_fields()}
        for column in (*self.list_columns, *self.get_detail_fields()):
            base = column.split('__')[0]
            f = fields.get(base)
            if f is not None and f.many_to_one and base not in names:
                names.append(base)
        return names


_registry: dict[type, ModelConfig] = {}


def register(config: ModelConfig):
    _registry[config.model] = config
    _nav_for.cache_clear()
    return config


def get(model) -> ModelConfig | None:
    return _registry.get(model)


def configs(app_label=None):
    return [c for c in _registry.values() if app_label is None or c.app_label == app_label]


def nav_sections(user):
    """Sections with the registered pages (and extra links) a user can open."""
    from django.urls import get_script_prefix, get_urlconf

    from cloudmove.core import scoping

    # The menu is on every page and depends only on the role: built once per role and URL configuration.
    # Its labels stay lazy, so one menu serves every language.
    return _nav_for(scoping.role_of(user), get_urlconf(), get_script_prefix())


@functools.cache
def _nav_for(role, urlconf, prefix):
    from django.urls import reverse

    from cloudmove.core import scoping

    def link(label, url_name):
        return {'label': label, 'url': reverse(url_name, urlconf=urlconf)}

    items = {key: [] for key, _label in SECTIONS}
    if role is not None:
        for c in _registry.values():
            if c.nav and role in scoping.roles_for(c.model, scoping.VIEW):
                items[c.section].append(link(c.verbose_name_plural, c.url_name('list')))
        for section, label, url_name, model in _extra_links:
            if model is None or role in scoping.roles_for(model, scoping.VIEW):
                items[section].append(link(label, url_name))
    return tuple({'key': key, 'label': label, 'items': tuple(items[key])} for key, label in SECTIONS)


_extra_links: list = []

# Functions (request, obj) -> {'template': ..., ...} or None, adding panels to every detail page
# (another app's features, such as attachments, without the generic view knowing them).
detail_panels: list = []

# Functions (request) -> {'template': ..., ...} or None, adding panels to the home page (what is waiting
# for the user in another app, such as a survey assignment).
home_panels: list = []


def add_nav_link(section, label, url_name, model=None):
    """A page outside the generic machinery (dashboards, imports) in a section's menu."""
    _extra_links.append((section, label, url_name, model))
    _nav_for.cache_clear()
