"""Migration designs: one system's target (deployment model, provider, landing zone, strategy, sizing,
network and re-IP plan), how its data moves, its fallback plan, its approval, and the contents of the
rental plan of Decree 73/2019 Art. 54.

Designs are versioned: an approved version is frozen (the generic pages and services refuse to change
it) until a new version is opened from it; the assessment run it was made from is recorded.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cloudmove.assessment.choices import Strategy
from cloudmove.core.models.base import AuditedModel, TimestampedModel
from cloudmove.guidance.choices import DeploymentModel
from cloudmove.planning import choices as c
from cloudmove.planning.engine import reip
from cloudmove.planning.models.base import PIN_CHANGE_ROLES, VIEW_ROLES


class MigrationDesign(AuditedModel, TimestampedModel):
    system = models.ForeignKey('inventory.InformationSystem', on_delete=models.CASCADE, related_name='designs',
                               verbose_name=_('information system'))
    version = models.PositiveIntegerField(_('version'), default=1, editable=False)
    based_on = models.ForeignKey('self', on_delete=models.SET_NULL, null=True, blank=True, editable=False,
                                 related_name='later_versions', verbose_name=_('based on'))
    state = models.CharField(_('state'), max_length=12, choices=c.DesignState.choices, default=c.DesignState.DRAFT,
                             editable=False)
    assessment = models.ForeignKey('assessment.AssessmentRun', on_delete=models.SET_NULL, null=True, blank=True,
                                   editable=False, related_name='+', verbose_name=_('made from assessment'))
    # Target
    advised_model = models.CharField(_('model advised by the guide'), max_length=12, blank=True, editable=False,
                                     choices=DeploymentModel.choices)
    deployment_model = models.CharField(_('deployment model'), max_length=12, blank=True,
                                        choices=DeploymentModel.choices)
    deployment_reason = models.TextField(_('reason for departing from the guide'), blank=True)
    provider = models.ForeignKey('catalog.Provider', on_delete=models.PROTECT, null=True, blank=True,
                                 related_name='+', verbose_name=_('cloud provider'))
    landing_zone = models.CharField(_('landing zone'), max_length=200, blank=True,
                                    help_text=_('Tenant, project or account, and the network zone it lands in.'))
    assessed_strategy = models.CharField(_('strategy from the assessment'), max_length=12, blank=True,
                                         editable=False, choices=Strategy.choices)
    strategy = models.CharField(_('strategy'), max_length=12, blank=True, choices=Strategy.choices)
    architecture = models.TextField(_('target architecture'), blank=True)
    # Network
    target_subnet = models.CharField(_('target subnet (CIDR)'), max_length=50, blank=True)
    network_notes = models.TextField(_('network design'), blank=True)
    # Data and fallback
    data_method = models.CharField(_('data migration method'), max_length=16, blank=True,
                                   choices=c.DataMethod.choices)
    data_notes = models.TextField(_('data migration notes'), blank=True)
    fallback_trigger = models.TextField(_('fallback: when it is triggered'), blank=True)
    fallback_steps = models.TextField(_('fallback: steps'), blank=True)
    fallback_decider = models.CharField(_('fallback: who decides'), max_length=200, blank=True)
    fallback_keep_days = models.PositiveSmallIntegerField(
        _('fallback: days the old system is kept'), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3650)])
    # Rental plan (Decree 73/2019 Art. 54)
    current_state = models.TextField(_('current state and need'), blank=True)
    scope_users = models.TextField(_('scope and users'), blank=True)
    quality_requirements = models.TextField(_('quality requirements'), blank=True)
    technical_requirements = models.TextField(_('technical requirements'), blank=True)
    connectivity_requirements = models.TextField(_('connectivity requirements'), blank=True)
    security_requirements = models.TextField(_('security requirements'), blank=True)
    data_ownership = models.TextField(_('data ownership and hand-over at the end'), blank=True)
    term_years = models.PositiveSmallIntegerField(_('rental term (years)'), default=3,
                                                  validators=[MinValueValidator(1), MaxValueValidator(5)])
    # Approval
    approver = models.CharField(_('approved by (name and position)'), max_length=200, blank=True, editable=False)
    approved_on = models.DateField(_('approved on'), null=True, blank=True, editable=False)
    approval_reference = models.CharField(_('decision reference'), max_length=150, blank=True, editable=False)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    editable=False, related_name='+', verbose_name=_('approval recorded by'))
    notes = models.TextField(_('notes'), blank=True)

    scope_path_lookup = 'system__unit__path'
    scope_view_roles = VIEW_ROLES
    scope_change_roles = PIN_CHANGE_ROLES
    audit_exclude = ('created_at', 'updated_at')

    class Meta:
        ordering = ['system__code', '-version']
        verbose_name = _('migration design')
        verbose_name_plural = _('migration designs')
        constraints = [models.UniqueConstraint(fields=['system', 'version'], name='planning_design_version')]

    def __str__(self):
        return f'{self.system} (v{self.version})'

    @property
    def frozen(self):
        """Approved or superseded: changed only through a new version."""
        return self.state != c.DesignState.DRAFT

    @property
    def departs_from_guide(self):
        return bool(self.deployment_model and self.advised_model and self.deployment_model != self.advised_model)

    def clean(self):
        errors = {}
        if self.departs_from_guide and not self.deployment_reason.strip():
            errors['deployment_reason'] = _('The guide advises %(model)s: say why another model is chosen.') % {
                'model': DeploymentModel(self.advised_model).label}
        if self.target_subnet:
            try:
                self.target_subnet = str(reip.parse_subnet(self.target_subnet))
            except ValueError as exc:
                errors['target_subnet'] = str(exc)
        if errors:
            raise ValidationError(errors)


class DesignMachine(AuditedModel, TimestampedModel):
    """One machine of a design: its size in the target (the assessment's, or the planner's override with a
    reason) and its address there (kept, or a new one from the re-IP plan)."""

    design = models.ForeignKey(MigrationDesign, on_delete=models.CASCADE, related_name='machines',
                               verbose_name=_('migration design'))
    vm = models.ForeignKey('inventory.VirtualMachine', on_delete=models.CASCADE, related_name='+',
                           verbose_name=_('virtual machine'))
    assessed_vcpus = models.FloatField(_('vCPU from the assessment'), null=True, blank=True, editable=False)
    assessed_memory_mib = models.FloatField(_('memory from the assessment (MiB)'), null=True, blank=True,
                                            editable=False)
    assessed_flavour = models.CharField(_('flavour from the assessment'), max_length=80, blank=True, editable=False)
    assessed_monthly_vnd = models.BigIntegerField(_('monthly cost from the assessment (VND)'), null=True,
                                                  blank=True, editable=False)
    vcpus = models.PositiveSmallIntegerField(_('target vCPU'), null=True, blank=True,
                                             validators=[MinValueValidator(1), MaxValueValidator(768)])
    memory_mib = models.PositiveIntegerField(_('target memory (MiB)'), null=True, blank=True,
                                             validators=[MinValueValidator(1)])
    disk_gib = models.PositiveIntegerField(_('target storage (GiB)'), null=True, blank=True)
    flavour = models.CharField(_('target flavour'), max_length=80, blank=True)
    sizing_reason = models.TextField(_('reason for the sizing override'), blank=True)
    current_ip = models.GenericIPAddressField(_('current address'), null=True, blank=True, editable=False)
    target_ip = models.GenericIPAddressField(_('target address'), null=True, blank=True)
    reip = models.CharField(_('re-addressing'), max_length=12, choices=c.ReIpReason.choices, blank=True,
                            editable=False)

    scope_path_lookup = 'design__system__unit__path'
    scope_view_roles = VIEW_ROLES
    scope_change_roles = PIN_CHANGE_ROLES
    audit_exclude = ('created_at', 'updated_at')

    class Meta:
        ordering = ['design', 'vm__name']
        verbose_name = _('design machine')
        verbose_name_plural = _('design machines')
        constraints = [models.UniqueConstraint(fields=['design', 'vm'], name='planning_design_vm_once')]

    def __str__(self):
        return f'{self.vm} ({self.design})'

    @property
    def frozen(self):
        return self.design.frozen

    @property
    def overridden(self):
        return any(v not in (None, '') for v in (self.vcpus, self.memory_mib, self.disk_gib, self.flavour))

    def clean(self):
        errors = {}
        if self.overridden and not self.sizing_reason.strip():
            errors['sizing_reason'] = _('Say why the assessment\'s sizing is overridden.')
        subnet = self.design.target_subnet if self.design_id else ''
        if self.target_ip and subnet and not reip.contains(subnet, self.target_ip):
            errors['target_ip'] = _('%(ip)s is not in the target subnet %(subnet)s.') % {
                'ip': self.target_ip, 'subnet': subnet}
        if errors:
            raise ValidationError(errors)
