"""What a price-book file holds, declared with the inventory workbook's Sheet and Column.

An .xlsx has the version sheet (one row: version, validity dates, notes) and one sheet per kind of
priced item; a CSV holds one kind of item, recognised by its headers. Sheet names are fixed
Vietnamese names (they identify the sheet whatever the UI language); row 1 holds Vietnamese headers,
row 2 English ones. Items are matched by their code within the version.
"""

from cloudmove.catalog import models as m
from cloudmove.inventory.workbook.spec import Sheet, infer_column

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


# Command-line and API names of the item kinds (a CSV export holds one of them).
KINDS = {'flavours': 'flavours', 'tiers': 'storage_tiers', 'services': 'services'}

# Prices may not be negative; the models store whole VND in signed columns.
PRICE_FIELDS = ('monthly_vnd', 'hourly_vnd', 'gib_month_vnd', 'price_vnd')

# Which service kinds belong to which category ('other' fits any).
SERVICE_CATEGORY = {
    'egress': 'network', 'public_ip': 'network', 'bandwidth': 'network', 'vpn': 'network',
    'database': 'managed', 'backup': 'managed', 'waf': 'managed', 'load_balancer': 'managed',
    'windows_server': 'licence', 'sql_server': 'licence',
}
