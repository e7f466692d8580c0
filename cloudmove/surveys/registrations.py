"""Registry declarations of the survey campaign models, and the campaign pages in the menu."""

import datetime

from django.utils.translation import gettext_lazy as _

from cloudmove.core import registry
from cloudmove.core.registry import ModelConfig, add_nav_link, register
from cloudmove.core.services import demo
from cloudmove.surveys import models as m
from cloudmove.surveys.api import AssignmentSerializer, CampaignSerializer
from cloudmove.surveys.forms import CAMPAIGN_FIELDS, CampaignForm

register(ModelConfig(
    model=m.Campaign, slug='campaigns', section='survey', api_prefix='surveys/campaigns',
    list_columns=('name', 'unit', 'start_date', 'end_date', 'state'),
    search_fields=('name', 'objectives', 'scale', 'work_items'),
    filter_fields=('state', 'unit'),
    form_fields=CAMPAIGN_FIELDS,
    form_class=CampaignForm,
    detail_fields=('name', 'unit', 'state', 'objectives', 'units', 'categories_display', 'scale', 'work_items',
                   'start_date', 'end_date', 'launched_at'),
    serializer_class=CampaignSerializer,
    related=((_('Milestones'), 'milestones', ('title', 'due_date', 'expected_result', 'done')),),
))

register(ModelConfig(
    model=m.CampaignMilestone, slug='milestones', section='survey', api_prefix='surveys/milestones', nav=False,
    list_columns=('title', 'campaign', 'due_date', 'expected_result', 'done'),
    search_fields=('title', 'expected_result'),
    filter_fields=('campaign', 'done'),
    form_fields=('campaign', 'title', 'due_date', 'expected_result', 'done'),
    bulk_edit_fields=('done',),
))

register(ModelConfig(
    model=m.CampaignAssignment, slug='assignments', section='survey', api_prefix='surveys/assignments',
    list_columns=('campaign', 'unit', 'state', 'due_date', 'completeness', 'reviewer', 'submitted_at', 'approved_at'),
    search_fields=('campaign__name', 'unit__code', 'unit__name_vi'),
    filter_fields=('campaign', 'unit', 'state'),
    form_fields=('campaign', 'unit', 'due_date'),
    detail_fields=('campaign', 'unit', 'state', 'due_date', 'completeness', 'reviewer', 'submitted_at',
                   'approved_at'),
    serializer_class=AssignmentSerializer,
    related=((_('Comments'), 'comments', ('author', 'text', 'created_at')),),
))


def board_panel(request, obj):
    """A link to the progress board on a campaign's page; on an assignment's, also the unit's workbook
    (download, upload the filled one) and the workflow buttons the user may press now."""
    from cloudmove.core import scoping
    from cloudmove.surveys.services import campaigns

    if isinstance(obj, m.CampaignAssignment):
        open_ = obj.campaign.state == 'launched' and obj.state not in ('submitted', 'approved')
        return {'template': 'surveys/_board_panel.html', 'campaign': obj.campaign, 'assignment': obj,
                'actions': campaigns.allowed_actions(request.user, obj),
                'score': campaigns.completeness_breakdown(request.user, obj),
                'can_upload': open_ and scoping.assignable_units(request.user).filter(pk=obj.unit_id).exists()}
    if isinstance(obj, m.Campaign):
        return {'template': 'surveys/_board_panel.html', 'campaign': obj}
    return None


registry.detail_panels.append(board_panel)


def waiting_panel(request):
    """On the home page: the open assignments a unit officer works on, the submissions an admin reviews."""
    from cloudmove.core import scoping
    from cloudmove.core.choices import Role

    user = request.user
    role = getattr(user, 'role', None)
    open_ = scoping.scope(m.CampaignAssignment.objects.filter(campaign__state='launched'), user)
    if role == Role.ADMIN:
        rows = open_.filter(state='submitted')
    elif role in m.WORKFLOW_ROLES:
        rows = open_.exclude(state__in=('submitted', 'approved'))
    else:
        return None
    rows = list(rows.select_related('campaign', 'unit').order_by('due_date', 'unit__path')[:20])
    return {'template': 'surveys/_waiting_panel.html', 'rows': rows, 'review': role == Role.ADMIN} if rows else None


registry.home_panels.append(waiting_panel)
add_nav_link('survey', _('Campaign progress boards'), 'surveys:boards', m.Campaign)


@demo.add_loader(inventory=True)
def _demo_campaign(progress=None):
    """The demo's survey campaign (once), launched to every unit: most approved, some submitted, in
    progress or not started, with the completeness their workbooks reached."""
    from django.utils import timezone

    from cloudmove.core.models import Unit

    office = Unit.objects.filter(is_programme_office=True).first()
    if office is None or m.Campaign.objects.exists():
        return {'survey_campaigns': (0, 0)}
    today = timezone.localdate()
    campaign = m.Campaign.objects.create(
        unit=office, name='Khảo sát, đánh giá hiện trạng hệ thống thông tin năm 2026', state='launched',
        objectives='Thống kê, khảo sát hiện trạng các hệ thống thông tin để chuyển đổi lên điện toán đám mây',
        start_date=today - datetime.timedelta(days=90), end_date=today + datetime.timedelta(days=30),
        launched_at=timezone.now() - datetime.timedelta(days=90))
    units = list(Unit.objects.filter(is_active=True).exclude(pk=office.pk).order_by('code'))
    campaign.units.set(units)
    cycle = (('approved', 100), ('approved', 100), ('approved', 100), ('submitted', 95), ('in_progress', 60),
             ('returned', 80), ('not_started', 0))
    rows = []
    for k, unit in enumerate(units):
        state, done = cycle[k % len(cycle)]
        rows.append(m.CampaignAssignment(campaign=campaign, unit=unit, due_date=campaign.end_date, state=state,
                                         completeness=done))
    m.CampaignAssignment.objects.bulk_create(rows)
    return {'survey_campaigns': (1, 0)}
