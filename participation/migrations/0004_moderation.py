from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from participation.moderation.models import ReportReason, ReportStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('participation', '0003_participation_core')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AuditEntry',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('actor', fields.ForeignKeyField('participation.User', source_field='actor_id', null=True, db_constraint=True, to_field='id', related_name='audit_entries', on_delete=OnDelete.SET_NULL)),
                ('actor_name', fields.CharField(max_length=100)),
                ('action', fields.CharField(db_index=True, max_length=50)),
                ('target_type', fields.CharField(max_length=30)),
                ('target_id', fields.IntField(null=True)),
                ('reason', fields.TextField(default='', unique=False)),
                ('details', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'audit_entry', 'app': 'participation', 'pk_attr': 'id', 'table_description': 'One moderation or admin action. The app only ever inserts these rows.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Merge',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('duplicate', fields.ForeignKeyField('participation.Proposal', source_field='duplicate_id', db_constraint=True, to_field='id', related_name='merges_as_duplicate', on_delete=OnDelete.CASCADE)),
                ('target', fields.ForeignKeyField('participation.Proposal', source_field='target_id', db_constraint=True, to_field='id', related_name='merges_as_target', on_delete=OnDelete.CASCADE)),
                ('moderator', fields.ForeignKeyField('participation.User', source_field='moderator_id', null=True, db_constraint=True, to_field='id', related_name='merges', on_delete=OnDelete.SET_NULL)),
                ('previous_status', fields.CharField(max_length=20)),
                ('moved_vote_ids', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('dropped_votes', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('undone_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'merge', 'app': 'participation', 'pk_attr': 'id', 'table_description': 'A duplicate merged into a target, with what it takes to undo it exactly.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Report',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('reporter', fields.ForeignKeyField('participation.User', source_field='reporter_id', null=True, db_constraint=True, to_field='id', related_name='reports', on_delete=OnDelete.SET_NULL)),
                ('proposal', fields.ForeignKeyField('participation.Proposal', source_field='proposal_id', null=True, db_constraint=True, to_field='id', related_name='reports', on_delete=OnDelete.CASCADE)),
                ('comment', fields.ForeignKeyField('participation.Comment', source_field='comment_id', null=True, db_constraint=True, to_field='id', related_name='reports', on_delete=OnDelete.CASCADE)),
                ('reason', fields.CharEnumField(description='SPAM: spam\nABUSE: abuse\nPERSONAL_DATA: personal_data\nOFF_TOPIC: off_topic\nILLEGAL: illegal\nOTHER: other', enum_type=ReportReason, max_length=20)),
                ('text', fields.TextField(default='', unique=False)),
                ('status', fields.CharEnumField(default=ReportStatus.OPEN, description='OPEN: open\nDISMISSED: dismissed\nUPHELD: upheld', enum_type=ReportStatus, max_length=10)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('handled_by', fields.ForeignKeyField('participation.User', source_field='handled_by_id', null=True, db_constraint=True, to_field='id', related_name='handled_reports', on_delete=OnDelete.SET_NULL)),
                ('handled_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'report', 'app': 'participation', 'unique_together': (('reporter', 'proposal'), ('reporter', 'comment')), 'indexes': [Index(fields=['status', 'created_at'])], 'pk_attr': 'id', 'table_description': 'A signed-in person reports a proposal or a comment (exactly one of the two).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='StatusChange',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('proposal', fields.ForeignKeyField('participation.Proposal', source_field='proposal_id', db_constraint=True, to_field='id', related_name='status_changes', on_delete=OnDelete.CASCADE)),
                ('from_status', fields.CharField(max_length=20)),
                ('to_status', fields.CharField(max_length=20)),
                ('changed_by', fields.ForeignKeyField('participation.User', source_field='changed_by_id', null=True, db_constraint=True, to_field='id', related_name='status_changes', on_delete=OnDelete.SET_NULL)),
                ('reason', fields.TextField(default='', unique=False)),
                ('response', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'status_change', 'app': 'participation', 'pk_attr': 'id', 'table_description': "Every change of a proposal's status: who, when, why, and the public response."},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Comment',
            name='moderation_reason',
            field=fields.TextField(default='', unique=False),
        ),
        ops.AddField(
            model_name='Masterplan',
            name='premoderated_groups',
            field=fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
        ops.AddField(
            model_name='Masterplan',
            name='report_threshold',
            field=fields.IntField(default=3),
        ),
        ops.AddField(
            model_name='Proposal',
            name='merged_into',
            field=fields.ForeignKeyField('participation.Proposal', source_field='merged_into_id', null=True, db_constraint=True, to_field='id', related_name='merged_duplicates', on_delete=OnDelete.SET_NULL),
        ),
        ops.AddField(
            model_name='Proposal',
            name='moderation_reason',
            field=fields.TextField(default='', unique=False),
        ),
        ops.AddField(
            model_name='Proposal',
            name='official_response',
            field=fields.TextField(default='', unique=False),
        ),
        ops.AddField(
            model_name='Proposal',
            name='original_title',
            field=fields.CharField(default='', max_length=200),
        ),
    ]
