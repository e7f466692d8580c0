"""Registry declarations of the rule table, the guide page in the menu, and the panel on a system's page."""

from django.utils.translation import gettext_lazy as _

from cloudmove.core import registry
from cloudmove.core.registry import ModelConfig, add_nav_link, register
from cloudmove.core.services import demo
from cloudmove.guidance.forms import RULE_FIELDS, DeploymentRuleForm
from cloudmove.guidance.models import DeploymentRule, FaqEntry, GuidanceDocument
from cloudmove.guidance.services.deployment import recommend
from cloudmove.inventory.models import InformationSystem

register(ModelConfig(
    model=DeploymentRule, slug='deployment-rules', section='guidance', api_prefix='guidance/deployment-rules',
    list_columns=('order', 'code', 'name', 'effect', 'models_display', 'weight', 'active'),
    search_fields=('code', 'name', 'name_en', 'explanation_vi', 'explanation_en'),
    filter_fields=('effect', 'active'),
    form_fields=RULE_FIELDS,
    bulk_edit_fields=('active',),
    detail_fields=(*RULE_FIELDS[:7], 'min_security_level', 'max_security_level', 'level_determined',
                   'personal_data', 'min_data_subjects', 'classifications_display', 'internet_facing',
                   'national_platform', 'onprem_latency', 'effect', 'models_display', 'weight'),
    api_fields=('id', *RULE_FIELDS),
    form_class=DeploymentRuleForm,
    list_template='guidance/rule_list.html',
    extra_context=lambda request: {'rules_empty': not DeploymentRule.objects.exists()},
    # Unit ignored: the rules are province-wide reference data.
))


def deployment_panel(request, obj):
    """The guide's answer on an information system's page."""
    if not isinstance(obj, InformationSystem):
        return None
    return {'template': 'guidance/_deployment_panel.html', 'advice': recommend(obj), 'system': obj}


registry.detail_panels.append(deployment_panel)
add_nav_link('guidance', _('Deployment-model guide'), 'guidance:guide')


@demo.add_loader
def _demo_rules(progress=None):
    from cloudmove.guidance.services.deployment import load_default_rules

    return {'deployment_rules': (load_default_rules()[0], 0)}


# ---------------------------------------------------------------- the guidance library

register(ModelConfig(
    model=GuidanceDocument, slug='library', section='guidance', api_prefix='guidance/library',
    list_columns=('title', 'category', 'reference', 'issuer', 'version', 'state', 'published_on'),
    search_fields=('title', 'tags', 'reference', 'summary', 'body'),
    filter_fields=('category', 'state', 'issuer'),
    select_related=('issuer',),
    form_fields=('issuer', 'title', 'category', 'tags', 'reference', 'summary', 'body', 'all_units', 'units',
                 'requires_ack', 'show_until'),
    detail_fields=('title', 'category', 'tags', 'reference', 'issuer', 'state', 'version', 'published_on',
                   'summary', 'body', 'all_units', 'units', 'requires_ack', 'show_until'),
    extra={'attachments': True},
))
register(ModelConfig(
    model=FaqEntry, slug='faq', section='guidance', api_prefix='guidance/faq',
    list_columns=('question', 'category', 'order'),
    search_fields=('question', 'answer', 'category'),
    filter_fields=('category',),
    form_fields=('question', 'answer', 'category', 'order'),
))

def document_panel(request, obj):
    if not isinstance(obj, GuidanceDocument):
        return None
    from cloudmove.core import scoping
    from cloudmove.guidance.services import library

    can_change = scoping.allowed(request.user, obj, scoping.CHANGE)
    return {'template': 'guidance/_document_panel.html', 'document': obj, 'can_change': can_change,
            'readers': library.readers(obj) if can_change or scoping.sees_all(GuidanceDocument, request.user)
            else None,
            'acknowledged': library.acknowledged_by(request.user, obj)}

def home_panel(request):
    from cloudmove.guidance.services import library

    waiting = library.pending(request.user)
    if not waiting['to_read'] and not waiting['announcements']:
        return None
    return {'template': 'guidance/_home_panel.html', **waiting}

registry.detail_panels.append(document_panel)
registry.home_panels.insert(0, home_panel)


@demo.add_loader(inventory=True)
def _demo_library(progress=None):
    """The programme office's library (once): the legal basis and guides published to every unit, a
    template to the departments, an announcement; some units have acknowledged; a few questions answered."""
    from datetime import timedelta

    from django.utils import timezone

    from cloudmove.core.models import Unit, User
    from cloudmove.guidance.models import FaqEntry, GuidanceDocument
    from cloudmove.guidance.services import library

    office = Unit.objects.filter(is_programme_office=True).first()
    if office is None or GuidanceDocument.objects.exists():
        return {'guidance_documents': (0, 0)}
    departments = list(Unit.objects.filter(is_active=True, parent=office.parent).exclude(pk=office.pk)
                       .order_by('code')[:10])
    rows = (
        ('Kế hoạch dịch chuyển hệ thống thông tin lên nền tảng điện toán đám mây', 'legal', True, (),
         'Căn cứ và nhiệm vụ của các đơn vị trong chương trình.'),
        ('Hướng dẫn lựa chọn mô hình triển khai điện toán đám mây', 'deployment', True, (),
         'Công cộng, riêng, cộng đồng hay lai: khi nào chọn mô hình nào.'),
        ('Bộ tiêu chí kỹ thuật nền tảng điện toán đám mây (1145/BTTTT-CATTT)', 'criteria', True, (),
         'Các tiêu chí cơ bản và nâng cao khi thuê dịch vụ.'),
        ('Biểu mẫu khảo sát hiện trạng hệ thống thông tin', 'template', False, departments,
         'Điền và gửi lại qua hệ thống.'),
    )
    made = 0
    for title, category, everyone, units, summary in rows:
        doc = GuidanceDocument.objects.create(issuer=office, title=title, category=category, all_units=everyone,
                                              summary=summary, reference=f'{10 + made}/HD-{office.code}')
        doc.units.set(units)
        library.publish(None, doc)
        made += 1
    news = GuidanceDocument.objects.create(issuer=office, title='Lịch tập huấn vận hành trên nền tảng đám mây',
                                           category='announcement', all_units=True, requires_ack=False,
                                           summary='Các buổi tập huấn trong tháng tới; đăng ký qua hệ thống.',
                                           show_until=timezone.localdate() + timedelta(days=30))
    library.publish(None, news)
    template = GuidanceDocument.objects.get(category='template')
    for user in User.objects.filter(unit__in=departments[:6], is_active=True):
        library.acknowledge(user, template)
    for k, (q, a) in enumerate((
            ('Đơn vị có phải thuê dịch vụ đám mây riêng không?',
             'Không bắt buộc: mô hình do hướng dẫn mô hình triển khai và cấp độ của hệ thống quyết định.'),
            ('Ai phê duyệt phương án chuyển đổi của một hệ thống?',
             'Thủ trưởng đơn vị chủ quản phê duyệt thiết kế; Sở KH&CN phê duyệt đưa vào vận hành chính thức.'),
            ('Hệ thống cũ được giữ bao lâu sau khi chuyển đổi?',
             'Theo phương án dự phòng của thiết kế; ngừng hoạt động sau ít nhất 30 ngày vận hành ổn định.'))):
        FaqEntry.objects.create(question=q, answer=a, category='Chung', order=k)
    return {'guidance_documents': (made + 1, 0)}
