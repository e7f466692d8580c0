"""The discovery importers, one module per format, and their registrations (core.imports.formats): what the
`cloudmove import` command, the discovery-import service and page, and the import job all read. A new
vendor format costs one module here and one `register()` call below."""

from django.utils.translation import gettext_lazy as _

from cloudmove.core.imports import formats

CSV_ZIP_PREFIX = 'rvtools_tab'


def rvtools_members(name):
    """The members of a .zip upload that make an RVTools "Export all to csv" folder."""
    lower = name.lower()
    return lower.startswith(CSV_ZIP_PREFIX) and lower.endswith('.csv')


def google_members(name):
    return name.lower() in ('vminfo.csv', 'diskinfo.csv', 'perfinfo.csv', 'taginfo.csv')


def register():
    from cloudmove.inventory.importers import aws, azure, google, perf, rvtools

    for fmt in (
        formats.Format('rvtools', 'RVTools', _('RVTools export (.xlsx, or a .zip of RVTools_tab*.csv files)'),
                       'An RVTools export: an .xlsx file or a folder of RVTools_tab*.csv files.',
                       rvtools.import_rvtools, 'discovery', 'core.Unit', ('.xlsx', '.csv', '.zip'),
                       zip_members=rvtools_members),
        formats.Format('azure-csv', 'Azure Migrate', _('Azure Migrate CSV import template'),
                       'An Azure Migrate CSV import template (Server name, Cores, Memory (In MB), OS name, ...).',
                       azure.import_azure_csv, 'discovery', 'core.Unit'),
        formats.Format('aws-csv', 'AWS Application Discovery Service',
                       _('AWS Application Discovery Service import template'),
                       'An AWS Application Discovery Service import template (ExternalId, HostName, '
                       'RAM.TotalSizeInMB, ...).',
                       aws.import_aws_csv, 'discovery', 'core.Unit'),
        formats.Format('google-csv', 'Google Migration Center', _('Google Migration Center CSV (.zip of the tables)'),
                       'A folder of Google Migration Center tables: vmInfo.csv and optional diskInfo, perfInfo, '
                       'tagInfo.',
                       google.import_google_csv, 'discovery', 'core.Unit', ('.zip',), zip_members=google_members),
        formats.Format('perf', _('performance samples'), _('Performance samples (timestamp, machine, metric, value)'),
                       'Performance samples: CSV rows of timestamp, machine, metric, value.',
                       perf.import_perf, 'discovery', 'core.Unit'),
    ):
        formats.register(fmt)
