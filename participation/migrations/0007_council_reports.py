from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('participation', '0006_planning')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CouncilReportSnapshot',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('scope', fields.CharField(db_index=True, max_length=80)),
                ('issued_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('issued_by', fields.ForeignKeyField('participation.User', source_field='issued_by_id', null=True, db_constraint=True, to_field='id', related_name='issued_reports', on_delete=OnDelete.SET_NULL)),
                ('figures', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('document', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'council_report_snapshot', 'app': 'participation', 'pk_attr': 'id', 'table_description': 'An issued council report, kept as it was: the next report says what changed since.'},
            bases=['Model'],
        ),
    ]
