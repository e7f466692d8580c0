"""Pages outside the generic machinery: job progress and cancel, audit verification."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cloudmove.core import scoping
from cloudmove.core.models import AuditRecord, Job
from cloudmove.core.services import jobs


@login_required
def job_progress(request, pk):
    """The progress fragment that the job page polls while the job runs."""
    job = scoping.get_or_404(Job.objects.all(), request.user, pk=pk)
    return render(request, 'core/_job_progress.html', {'object': job})


@login_required
@require_POST
def job_cancel(request, pk):
    job = scoping.get_or_404(Job.objects.all(), request.user, pk=pk)
    jobs.cancel(request.user, job)
    messages.info(request, _('Cancellation requested.'))
    return redirect('core:job_detail', pk=job.pk)


@login_required
@require_POST
def audit_verify(request):
    if not scoping.sees_all(AuditRecord, request.user):  # the chain is verified as a whole
        raise PermissionDenied
    job = jobs.enqueue('audit.verify', user=request.user)
    messages.info(request, _('Verification started as a background job.'))
    return redirect('core:job_detail', pk=job.pk)
