"""The registry of import formats: one registration per format, read by the command line, the services,
the upload pages, the API and the job that runs an import.

An app registers its formats when it is ready (`formats.register(Format(...))`). A format says what it
reads (label, help, file suffixes, whether a .zip is a folder of CSV files), into what (`target`: a model
whose rows an import writes into, such as a unit or a provider) and how (`run(path, target, user,
dry_run=..., progress=...)` returning the report as a dict: created/updated/unchanged/removed per kind,
errors, warnings, columns, applied). Families group the formats one page offers (the discovery imports,
the unit workbook, the price books).
"""

from dataclasses import dataclass, field

FORMATS = {}


@dataclass(frozen=True)
class Format:
    kind: str                     # stable code: 'rvtools', 'azure-csv', 'workbook', 'prices'
    name: str                     # short name for titles ("RVTools")
    label: object                 # what the upload form's choice says (lazy translation)
    help: str                     # the command line's help (English, as Django's commands)
    run: object                   # run(path, target, user, dry_run=False, progress=None) -> report dict
    family: str                   # which page and job list it belongs to
    target: str                   # 'app_label.Model' written into (a unit, a provider)
    suffixes: tuple = ('.xlsx', '.csv')
    zip_members: object = None    # a .zip upload is unpacked (names this keeps) and the folder imported
    annotate: bool = False        # a refused .xlsx is handed back with the bad cells marked
    options: dict = field(default_factory=dict)  # extra keyword arguments the command line offers
    lock: object = None           # lock(job params) -> what an import writes to (default: its target)


def register(fmt):
    FORMATS[fmt.kind] = fmt
    return fmt


def get(kind):
    return FORMATS.get(kind)


def of_family(family):
    return [fmt for fmt in FORMATS.values() if fmt.family == family]
