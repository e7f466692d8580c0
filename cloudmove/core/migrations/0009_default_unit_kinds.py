"""The kinds of unit of a province's administration, as data: a fresh database can add units at once
(`cloudmove unit add CODE --name-vi ...`), and a reform adds or retires kinds without a code change."""

from django.db import migrations

from cloudmove.core.demo_data import UNIT_KINDS as KINDS  # the current defaults, as the demo has them


def add_kinds(apps, schema_editor):
    UnitKind = apps.get_model('core', 'UnitKind')
    for code, name_vi, name_en, level, order in KINDS:
        UnitKind.objects.get_or_create(code=code, defaults={'name_vi': name_vi, 'name_en': name_en, 'level': level,
                                                            'sort_order': order})


class Migration(migrations.Migration):
    dependencies = [('core', '0008_audit_object_type_choices')]
    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
