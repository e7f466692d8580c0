"""The assessment in the menu, on the home page, and on an information system's page."""

from django.utils.translation import gettext_lazy as _

from cloudmove.assessment.choices import Readiness
from cloudmove.assessment.models import AssessmentRun, SystemResult
from cloudmove.core import registry
from cloudmove.core.registry import add_nav_link
from cloudmove.core.services import demo
from cloudmove.inventory.models import InformationSystem

add_nav_link('assessment', _('Assessment runs'), 'assessment:runs', AssessmentRun)
add_nav_link('assessment', _('Assessment results'), 'assessment:results', SystemResult)


def home_panel(request):
    """The latest assessment the user may see, on the home page of every role that reads results."""
    from cloudmove.assessment.services import runs
    from cloudmove.core import scoping

    if not scoping.role_allows(request.user, SystemResult):
        return None
    run = runs.latest(user=request.user)
    counts = runs.summary_of(run, request.user)['summary'].get('readiness', {}) if run else {}
    labels = dict(Readiness.choices)
    return {'template': 'assessment/_home_panel.html', 'run': run,
            'readiness': [(labels[k], v) for k, v in counts.items()]}


registry.home_panels.append(home_panel)


def system_panel(request, obj):
    """The latest assessment of an information system, linked from its page."""
    if not isinstance(obj, InformationSystem):
        return None
    from cloudmove.assessment.services import runs

    return {'template': 'assessment/_system_panel.html', 'result': runs.latest_for_system(obj), 'system': obj}


registry.detail_panels.append(system_panel)


@demo.add_loader(inventory=True)
def _demo_assessment(progress=None):
    """The demo opens with one assessment of the whole province (once: a second load adds none)."""
    from cloudmove.assessment.services import runs

    if AssessmentRun.objects.exists():
        return {'assessment_runs': (0, 0)}
    runs.execute(runs.create(None, None, {}))
    return {'assessment_runs': (1, 0)}
