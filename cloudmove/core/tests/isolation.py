"""The province of the isolation matrix: units ROOT ─┬─ A ── A1, └─ B, an object of every model in each
unit (from the registry's samples, and from the services for what only a use case creates: runs, plans,
sent report requests, outbox items, attachments, jobs, tokens, notifications), one user per role, and
the URL conf walked into the endpoints to try."""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.admindocs.views import simplify_regex
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from cloudmove.conftest import api_client, make_user
from cloudmove.core import registry, scoping
from cloudmove.core.choices import Role
from cloudmove.core.models import ApiToken, Job, Notification

# Sample numbers per unit: every object's text differs between units.
NUMBERS = {'b': 1, 'root': 2, 'a': 3, 'a1': 4}

# The model each path argument names, for views the registry and the API router do not describe. A new
# view taking an id must be declared here: the matrix refuses to skip it.
ARGUMENTS = {
    'api-attachment-download': {'pk': 'inventory.Attachment'},
    'inventory:workbook_download': {'unit_pk': 'core.Unit'},
    'inventory:workbook_upload': {'unit_pk': 'core.Unit'},
    'inventory:workbook_result': {'pk': 'core.Job'},
    'inventory:workbook_apply': {'pk': 'core.Job'},
    'inventory:workbook_annotated': {'pk': 'core.Job'},
    'inventory:attachment_upload': {'pk': 'inventory.InformationSystem', 'model': 'informationsystem'},
    'inventory:attachment_download': {'pk': 'inventory.Attachment'},
    'inventory:attachment_delete': {'pk': 'inventory.Attachment'},
    'inventory:imports_result': {'pk': 'core.Job'},
    'inventory:imports_apply': {'pk': 'core.Job'},
    'core:object_import_result': {'pk': 'core.Job'},
    'core:object_import_apply': {'pk': 'core.Job'},
    'surveys:board': {'pk': 'surveys.Campaign'},
    'surveys:launch': {'pk': 'surveys.Campaign'},
    'surveys:close': {'pk': 'surveys.Campaign'},
    'surveys:transition': {'pk': 'surveys.CampaignAssignment', 'action': 'start|submit|return|approve'},
    'api-catalog-prices-export': {'pk': 'catalog.PriceBook'},
    'catalog:prices_result': {'pk': 'core.Job'},
    'catalog:prices_apply': {'pk': 'core.Job'},
    'catalog:prices_download': {'pk': 'catalog.PriceBook'},
    'catalog:criteria_new_version': {'pk': 'catalog.CriteriaSet'},
    'catalog:criteria_publish': {'pk': 'catalog.CriteriaSet'},
    'catalog:criteria_start_evaluation': {'pk': 'catalog.CriteriaSet'},
    'catalog:criteria_export': {'pk': 'catalog.CriteriaSet', 'fmt': 'yaml|xlsx'},
    'catalog:criteria_matrix_xlsx': {'pk': 'catalog.CriteriaSet'},
    'catalog:evaluation_sheet': {'pk': 'catalog.Evaluation'},
    'catalog:answer_evidence': {'pk': 'catalog.EvaluationAnswer'},
    'guidance:library_action': {'pk': 'guidance.GuidanceDocument', 'action': 'publish|withdraw|acknowledge|remind'},
    'api-assessment-run': {'pk': 'assessment.AssessmentRun'},
    'api-assessment-systems': {'pk': 'assessment.AssessmentRun'},
    'api-assessment-machines': {'pk': 'assessment.AssessmentRun'},
    'api-assessment-system': {'pk': 'assessment.AssessmentRun', 'system_pk': 'inventory.InformationSystem'},
    'assessment:run': {'pk': 'assessment.AssessmentRun'},
    'assessment:rerun': {'pk': 'assessment.AssessmentRun'},
    'assessment:export': {'pk': 'assessment.AssessmentRun'},
    'assessment:compare': {'pk': 'assessment.AssessmentRun', 'other': 'assessment.AssessmentRun'},
    'assessment:system': {'pk': 'assessment.AssessmentRun', 'system_pk': 'inventory.InformationSystem'},
    'assessment:review': {'pk': 'assessment.AssessmentRun', 'system_pk': 'inventory.InformationSystem'},
    'api-planning-plan': {'pk': 'planning.WavePlan'},
    'api-planning-why': {'pk': 'planning.WavePlan', 'system_pk': 'inventory.InformationSystem'},
    'api-design-approve': {'pk': 'planning.MigrationDesign'},
    'api-design-new-version': {'pk': 'planning.MigrationDesign'},
    'api-design-reip': {'pk': 'planning.MigrationDesign'},
    'api-design-rental-plan': {'pk': 'planning.MigrationDesign'},
    'planning:design_open': {'system_pk': 'inventory.InformationSystem'},
    'planning:design_approve': {'pk': 'planning.MigrationDesign'},
    'planning:design_new_version': {'pk': 'planning.MigrationDesign'},
    'planning:design_reip': {'pk': 'planning.MigrationDesign'},
    'planning:design_rental_plan': {'pk': 'planning.MigrationDesign'},
    'planning:plan': {'pk': 'planning.WavePlan'},
    'planning:why': {'pk': 'planning.WavePlan', 'system_pk': 'inventory.InformationSystem'},
    'api-migration-transition': {'pk': 'execution.Migration'},
    'api-migration-golive': {'pk': 'execution.Migration'},
    'execution:transition': {'pk': 'execution.Migration'},
    'execution:approve_golive': {'pk': 'execution.Migration'},
    'execution:apply_template': {'pk': 'execution.Migration', 'what': 'runbook|tests'},
    'execution:optimise': {'pk': 'execution.Migration'},
    'execution:start': {'system_pk': 'inventory.InformationSystem'},
    'execution:seed_risks': {'system_pk': 'inventory.InformationSystem'},
    'api-request-send': {'pk': 'reporting.ReportRequest'},
    'api-request-remind': {'pk': 'reporting.ReportRequest'},
    'api-request-close': {'pk': 'reporting.ReportRequest'},
    'api-request-aggregation': {'pk': 'reporting.ReportRequest'},
    'api-answer': {'pk': 'reporting.ReportAnswer'},
    'api-answer-review': {'pk': 'reporting.ReportAnswer'},
    'api-report-docx': {'pk': 'reporting.ProgressReport'},
    'api-report-annex': {'pk': 'reporting.ProgressReport'},
    'api-report-pack': {'pk': 'reporting.ProgressReport'},
    'reporting:report_docx': {'pk': 'reporting.ProgressReport'},
    'reporting:report_annex': {'pk': 'reporting.ProgressReport'},
    'reporting:report_pack': {'pk': 'reporting.ProgressReport'},
    'reporting:aggregation': {'pk': 'reporting.ReportRequest'},
    'reporting:aggregation_xlsx': {'pk': 'reporting.ReportRequest'},
    'reporting:request_action': {'pk': 'reporting.ReportRequest', 'action': 'send|remind|close'},
    'reporting:answer_save': {'pk': 'reporting.ReportAnswer'},
    'reporting:answer_review': {'pk': 'reporting.ReportAnswer'},
    'api-outbox-retry': {'pk': 'govsync.OutboxItem'},
    'govsync:retry': {'pk': 'govsync.OutboxItem'},
    'core:job_progress': {'pk': 'core.Job'},
    'core:job_cancel': {'pk': 'core.Job'},
}
# Pages not about the province's data, or that sign the user out: left out of the matrix.
OUTSIDE = {'core:logout', 'core:login', 'core:otp_verify', 'core:otp_setup', 'core:set_language', 'api-docs',
           'api-schema', 'core:api-docs', 'core:api-schema'}
WRITES = ('post', 'put', 'patch', 'delete')


@dataclass
class Endpoint:
    name: str
    route: str
    api: bool
    arguments: dict      # argument → model label (ids) or 'a|b' (the words the view takes)
    methods: tuple       # the HTTP methods the view answers
    list_model: object   # for a list endpoint: the model it lists

    def __str__(self):
        return self.route


def _walk(patterns, prefix='', namespace=''):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f'{namespace}{p.namespace}:' if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + str(p.pattern), f'{namespace}{p.name}', p


def _arguments_of(pattern):
    names = list(pattern.pattern.regex.groupindex)
    return [n for n in names if n != 'format']


def _view_model(callback):
    cls = getattr(callback, 'cls', None)
    if cls is not None and getattr(cls, 'queryset', None) is not None:
        return cls.queryset.model
    config = (getattr(callback, 'view_initkwargs', None) or {}).get('config')
    return config.model if config is not None else None


def _methods(callback, api):
    actions = getattr(callback, 'actions', None)
    if actions:
        return tuple(sorted(actions))
    cls = getattr(callback, 'view_class', None) or getattr(callback, 'cls', None)
    if cls is not None:
        return tuple(m for m in ('get', 'post', 'put', 'patch', 'delete') if hasattr(cls, m))
    return ('get', 'post')  # a function view: both are tried


def endpoints():
    """Every named URL of the URL conf (the API's format-suffix twins once), with the models of its
    arguments; raises for a view taking an id whose model nobody declared."""
    out, undeclared, seen = [], [], set()
    for route, name, pattern in _walk(get_resolver().url_patterns):
        if name in OUTSIDE or name.split(':')[-1] in ('api-root', 'favicon') or '<format>' in simplify_regex(route):
            continue
        simple = simplify_regex(route)
        if (name, simple) in seen:
            continue
        seen.add((name, simple))
        args = _arguments_of(pattern)
        declared = dict(ARGUMENTS.get(name, {}))
        model = _view_model(pattern.callback)
        for arg in args:
            if arg in declared:
                continue
            if arg == 'pk' and model is not None:
                declared[arg] = model._meta.label
            else:
                undeclared.append(f'{name} {simple} <{arg}>')
        api = simple.startswith('/api/')
        actions = getattr(pattern.callback, 'actions', None) or {}
        list_model = model if not args and (not actions or actions.get('get') == 'list') else None
        out.append(Endpoint(name, simple, api, declared, _methods(pattern.callback, api), list_model))
    if undeclared:
        raise AssertionError('views taking an argument no one declared (add them to ARGUMENTS): '
                             + '; '.join(undeclared))
    return out


# ---------------------------------------------------------------- the province


ROLES = {
    'officer_a': (Role.UNIT_OFFICER, 'a'),
    'viewer_a': (Role.UNIT_VIEWER, 'a'),
    'officer_a1': (Role.UNIT_OFFICER, 'a1'),
    'provider': (Role.PROVIDER, None),
    'leader': (Role.LEADER, None),
    'auditor': (Role.AUDITOR, None),
    'admin': (Role.ADMIN, None),
}


def build(tree):
    users = {name: make_user(name, role, tree[unit] if unit else None,
                             **({'provider_code': 'PRV1'} if role == Role.PROVIDER else {}))
             for name, (role, unit) in ROLES.items()}
    users['officer_b'] = make_user('officer_b', Role.UNIT_OFFICER, tree['b'])
    users['officer_root'] = make_user('officer_root', Role.UNIT_OFFICER, tree['root'])
    admin = api_client(users['admin'])
    problems = []
    for config in registry.configs():
        if config.sample is None:
            continue
        for key, n in NUMBERS.items():
            response = admin.post(f'/api/{config.get_api_prefix()}/', config.sample(tree[key], n), format='json')
            if response.status_code != 201:
                problems.append(f'{config.model._meta.label} in {key}: {response.content[:300]!r}')
    assert not problems, problems
    for key in NUMBERS:
        _by_services(tree[key], users)
    return users


def _by_services(unit, users):
    from cloudmove.assessment.services import runs
    from cloudmove.govsync.services import outbox
    from cloudmove.inventory.models import InformationSystem
    from cloudmove.inventory.services import attachments
    from cloudmove.reporting.models import ReportRequest
    from cloudmove.reporting.services import requests

    system = InformationSystem.objects.filter(unit=unit).order_by('pk').first()
    drawing = SimpleUploadedFile(f'so-do-{unit.code}.pdf', b'%PDF-1.4\n% plan\n')
    attachments.attach(users['admin'], system, drawing, 'network',
                       title=f'Sơ đồ mạng {unit.code}')
    Job.objects.create(kind='inventory.import', title=f'Nhập dữ liệu {unit.code}', unit=unit,
                       params={'unit': unit.pk}, result={'unit': unit.code})
    for request in ReportRequest.objects.filter(unit=unit):
        requests.send(None, request)
    outbox.queue('system.live', system)
    run = runs.create(None, unit=unit, title=f'Đánh giá {unit.code}')
    runs.execute(run)
    owner = next((u for u in users.values() if u.unit_id == unit.pk and u.role == Role.UNIT_OFFICER), None)
    if owner is not None:
        ApiToken.issue(owner, name=f'token-{unit.code}')
        Notification.objects.create(user=owner, title=f'Thông báo riêng {unit.code}')


def province_wide_objects():
    """What only runs over the whole province makes: a province-wide assessment and a wave plan."""
    from cloudmove.assessment.services import runs
    from cloudmove.planning.services import plans

    run = runs.create(None, title='Đánh giá toàn tỉnh')
    runs.execute(run)
    plan = plans.create(None, title='Kế hoạch toàn tỉnh')
    plans.execute(plan, workers=1)


def session(user, api):
    if api:
        return api_client(user)
    client = APIClient()
    client.force_login(user)
    return client


def objects_of(label):
    return apps.get_model(label)._default_manager.all()


def unit_of_path(obj):
    """The unit path the object is owned by (for the matrix's lists of what leaked)."""
    lookup = getattr(type(obj), 'scope_path_lookup', None)
    if lookup in (None, 'path'):
        return getattr(obj, 'path', '')
    value = obj
    for part in lookup.split('__'):
        value = getattr(value, part, None)
        if value is None:
            return ''
    return value


def visible(user, obj, action=scoping.VIEW):
    return scoping.allowed(user, obj, action)
