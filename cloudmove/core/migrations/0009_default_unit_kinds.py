"""The kinds of unit of a province's administration, as data: a fresh database can add units at once
(`cloudmove unit add CODE --name-vi ...`), and a reform adds or retires kinds without a code change."""

from django.db import migrations

KINDS = [
    # code, name_vi, name_en, level, order
    ('ubnd-tinh', 'Ủy ban nhân dân tỉnh', "Provincial People's Committee", 1, 10),
    ('van-phong', 'Văn phòng', 'Office', 2, 20),
    ('so', 'Sở', 'Department', 2, 30),
    ('ban', 'Ban', 'Board', 2, 40),
    ('don-vi-su-nghiep', 'Đơn vị sự nghiệp', 'Public-service unit', 3, 50),
    ('phuong', 'Phường', 'Ward', 3, 60),
    ('xa', 'Xã', 'Commune', 3, 70),
    ('huyen', 'Huyện (trước 2025)', 'District (before 2025)', 2, 80),
]


def add_kinds(apps, schema_editor):
    UnitKind = apps.get_model('core', 'UnitKind')
    for code, name_vi, name_en, level, order in KINDS:
        UnitKind.objects.get_or_create(code=code, defaults={'name_vi': name_vi, 'name_en': name_en, 'level': level,
                                                            'sort_order': order})


class Migration(migrations.Migration):
    dependencies = [('core', '0008_audit_object_type_choices')]
    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
