"""The runbook steps per migration strategy and the acceptance test plans a migration starts from.
Declarations only: a new strategy or test costs lines here (and their translations)."""

from django.utils.translation import gettext_lazy as _

from cloudmove.execution.choices import Party, TestKind

# (title, party, expected minutes)
BEFORE = (
    (_('Agree the migration window with the unit and tell the users'), Party.UNIT, 30),
    (_('Take a full backup of the old system and test that it restores'), Party.UNIT, 240),
    (_('Freeze changes on the old system'), Party.UNIT, 15),
)
AFTER = (
    (_('Check the system after the move: services, logs, scheduled jobs, connections'), Party.VENDOR, 60),
    (_('Update the inventory, the network documents and the contact list'), Party.UNIT, 30),
    (_('Hand over operation and monitoring to the unit and the provider'), Party.OFFICE, 30),
)
BY_STRATEGY = {
    'rehost': (
        (_('Prepare the target network, subnet and firewall rules from the design'), Party.PROVIDER, 120),
        (_('Replicate the machines to the cloud'), Party.PROVIDER, 480),
        (_('Final synchronisation and switch-over of the replicas'), Party.PROVIDER, 60),
        (_('Re-address the machines from the re-IP plan and update DNS'), Party.PROVIDER, 60),
    ),
    'relocate': (
        (_('Prepare the target cluster and network from the design'), Party.PROVIDER, 120),
        (_('Move the machines (live or cold migration)'), Party.PROVIDER, 240),
        (_('Update DNS and firewall rules'), Party.PROVIDER, 60),
    ),
    'replatform': (
        (_('Provision the managed platform services (database, runtime, storage)'), Party.PROVIDER, 240),
        (_('Migrate the database (dump and restore, or replication) and check row counts'), Party.VENDOR, 480),
        (_('Deploy the application on the new platform and set its configuration'), Party.VENDOR, 240),
        (_('Switch the connections and DNS to the new platform'), Party.PROVIDER, 60),
    ),
    'repurchase': (
        (_('Set up the new service (SaaS) tenant for the unit'), Party.PROVIDER, 120),
        (_('Export the data from the old system and import it into the new service'), Party.VENDOR, 480),
        (_('Create the accounts and connect single sign-on'), Party.PROVIDER, 120),
    ),
    'refactor': (
        (_('Build the target environment and the deployment pipeline'), Party.VENDOR, 480),
        (_('Deploy the rebuilt application'), Party.VENDOR, 240),
        (_('Migrate and reconcile the data'), Party.VENDOR, 480),
        (_('Connect the shared platforms (LGSP, single sign-on, e-mail)'), Party.VENDOR, 240),
    ),
}


def runbook(strategy):
    """The template steps for `strategy` (rehost when it has none of its own)."""
    return (*BEFORE, *BY_STRATEGY.get(strategy, BY_STRATEGY['rehost']), *AFTER)


# (kind, title, procedure and pass criteria); the penetration test only for internet-facing systems.
ACCEPTANCE = (
    (TestKind.FUNCTIONAL, _('Main business functions'),
     _('Run each main function of the user guide with real accounts; every result matches the old system.')),
    (TestKind.FEATURES, _('Integrations and shared platforms'),
     _('Exchanges through LGSP, single sign-on, e-mail and every dependent system work in both directions.')),
    (TestKind.PERFORMANCE, _('Response time under the expected load'),
     _('At the expected number of concurrent users, 95 % of page loads take under 3 seconds and no error '
       'occurs.')),
    (TestKind.PERFORMANCE, _('Backup and restore on the platform'),
     _('A backup is taken on the platform and restored into a test environment within the RTO.')),
    (TestKind.VULNERABILITY_SCAN, _('Vulnerability scan of the new system'),
     _('No open finding of high or critical severity.')),
    (TestKind.PENETRATION_TEST, _('Penetration test'),
     _('No exploitable finding of high or critical severity left unfixed.')),
    (TestKind.SECURITY_DOSSIER, _('Security-level dossier updated for the new hosting'),
     _('The dossier under Decree 85/2016 describes the cloud hosting and is approved by the competent '
       'authority.')),
)


def acceptance(internet_facing=True):
    return [row for row in ACCEPTANCE if internet_facing or row[0] != TestKind.PENETRATION_TEST]
