from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('participation', '0011_council_report_contents')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SiteSettings',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('values', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('updated_by', fields.ForeignKeyField('participation.User', source_field='updated_by_id', null=True, db_constraint=True, to_field='id', related_name='site_settings_changes', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'site_settings', 'app': 'participation', 'pk_attr': 'id', 'table_description': 'The one row of site settings: each setting by its key, with its text.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='FieldOfAction',
            name='archived_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Masterplan',
            name='archived_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Masterplan',
            name='phases',
            field=fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
        ops.AddField(
            model_name='PhasePeriod',
            name='auto_switch',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddField(
            model_name='PhasePeriod',
            name='switched_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
    ]
