"""What a price-book file holds, declared with the import framework's Sheet and Column (core.imports.sheets).

An .xlsx has the version sheet (one row: version, validity dates, notes) and one sheet per kind of
priced item. A CSV holds either one kind of item, recognised by its headers, or the whole price book:
an "item type" column says which kind each row is, and the other columns are those of every kind. Sheet names are fixed
Vietnamese names (they identify the sheet whatever the UI language); row 1 holds Vietnamese headers,
row 2 English ones. Items are matched by their code within the version.
"""

from cloudmove.catalog import models as m
from cloudmove.core.imports.sheets import Sheet, infer_column

FORMAT_VERSION = 1
REQ = {'required': True}


def _columns(model, spec):
    out = []
    for item in spec:
        name, opts = (item, {}) if isinstance(item, str) else item
        out.append(infer_column(model, name, **opts))
    return out


def build_sheets():
    return [
        Sheet('book', 'Bảng giá', m.PriceBook, _columns(m.PriceBook, [
            ('version', REQ), ('valid_from', REQ), 'valid_to', 'notes']), ('version',)),
        Sheet('flavours', 'Máy chủ ảo', m.Flavour, _columns(m.Flavour, [
            ('code', REQ), 'name', 'family', ('vcpus', REQ), ('memory_mib', REQ), 'local_disk_gib', 'gpu',
            ('monthly_vnd', REQ), 'hourly_vnd']), ('code',)),
        Sheet('storage_tiers', 'Lưu trữ', m.StorageTier, _columns(m.StorageTier, [
            ('code', REQ), 'name', ('kind', REQ), ('gib_month_vnd', REQ), 'max_iops', 'max_throughput_mbps',
            'max_disk_gib']), ('code',)),
        Sheet('services', 'Dịch vụ', m.ServicePrice, _columns(m.ServicePrice, [
            ('code', REQ), 'name', ('category', REQ), ('kind', REQ), 'spec', ('unit', REQ), ('price_vnd', REQ)]),
            ('code',)),
    ]


_SHEETS = None


def sheets():
    global _SHEETS
    if _SHEETS is None:
        _SHEETS = build_sheets()
    return _SHEETS


def by_id(sheet_id):
    return next(s for s in sheets() if s.id == sheet_id)


def item_sheets():
    return [s for s in sheets() if s.id != 'book']


# The column of a whole-price-book CSV that says which kind of item a row is (its values: the sheet titles
# or the sheet ids).
ITEM_TYPE = ('Nhóm mục', 'Item type')


def item_type_index(header_row):
    from cloudmove.core.engine.cells import fold, text

    wanted = {fold(label) for label in ITEM_TYPE}
    return next((i for i, value in enumerate(header_row) if fold(text(value).rstrip(' *')) in wanted), None)


def item_type_of(value):
    """The item sheet id a row's item-type cell names, or None."""
    from cloudmove.core.engine.cells import fold, text

    folded = fold(text(value))
    return next((s.id for s in item_sheets() if folded in (fold(s.title), fold(s.id))), None)


# Command-line and API names of the item kinds (a CSV export holds one of them, or all).
KINDS = {'flavours': 'flavours', 'tiers': 'storage_tiers', 'services': 'services', 'all': None}

# Prices may not be negative; the models store whole VND in signed columns.
PRICE_FIELDS = ('monthly_vnd', 'hourly_vnd', 'gib_month_vnd', 'price_vnd')

# Which service kinds belong to which category ('other' fits any).
SERVICE_CATEGORY = {
    'egress': 'network', 'public_ip': 'network', 'bandwidth': 'network', 'vpn': 'network',
    'database': 'managed', 'backup': 'managed', 'waf': 'managed', 'load_balancer': 'managed',
    'windows_server': 'licence', 'sql_server': 'licence',
}
