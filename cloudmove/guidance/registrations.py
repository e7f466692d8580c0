"""Registry declarations of the rule table, the guide page in the menu, and the panel on a system's page."""

from django.utils.translation import gettext_lazy as _

from cloudmove.core import registry
from cloudmove.core.registry import ModelConfig, add_nav_link, register
from cloudmove.core.services import demo
from cloudmove.guidance.forms import RULE_FIELDS, DeploymentRuleForm
from cloudmove.guidance.models import DeploymentRule
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
    sample=lambda unit, n: {
        'code': f'DM-SAMPLE-{n}', 'order': 200 + n, 'name': f'Quy tắc mẫu {n}',
        'explanation_vi': f'Giải thích quy tắc mẫu {n}.', 'min_security_level': 1 + n % 3,
        'personal_data': 'yes' if n % 2 else 'any', 'data_classifications': ['internal'] if n % 2 else [],
        'effect': 'prefer', 'models': ['community'] if n % 2 else ['private', 'hybrid'], 'weight': n,
    },
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
