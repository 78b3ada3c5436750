from tortoise import migrations
from tortoise.migrations import operations as ops
from participation.notifications.models import NotificationKind
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

from participation.proposals import search


async def install_search(apps, schema_editor):
    """Full-text search structures: a tsvector column on PostgreSQL, FTS5 on SQLite."""
    await search.install(schema_editor.client)

class Migration(migrations.Migration):
    dependencies = [('participation', '0002_accounts_sessions_outbox')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Attachment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('proposal', fields.ForeignKeyField('participation.Proposal', source_field='proposal_id', db_constraint=True, to_field='id', related_name='attachments', on_delete=OnDelete.CASCADE)),
                ('original_name', fields.CharField(max_length=200)),
                ('stored_name', fields.CharField(unique=True, max_length=64)),
                ('content_type', fields.CharField(max_length=100)),
                ('size', fields.IntField()),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'attachment', 'app': 'participation', 'pk_attr': 'id', 'table_description': 'A file attached to a proposal, stored outside static/ under a random name.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CoSignature',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('proposal', fields.ForeignKeyField('participation.Proposal', source_field='proposal_id', db_constraint=True, to_field='id', related_name='cosignatures', on_delete=OnDelete.CASCADE)),
                ('organization', fields.ForeignKeyField('participation.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name='cosignatures', on_delete=OnDelete.CASCADE)),
                ('signed_by', fields.ForeignKeyField('participation.User', source_field='signed_by_id', null=True, db_constraint=True, to_field='id', related_name='cosignatures', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'cosignature', 'app': 'participation', 'unique_together': (('proposal', 'organization'),), 'pk_attr': 'id', 'table_description': 'An organisation co-signs ("zeichnet mit") a proposal, by one of its confirmed members.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Follow',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('participation.User', source_field='user_id', db_constraint=True, to_field='id', related_name='follows', on_delete=OnDelete.CASCADE)),
                ('proposal', fields.ForeignKeyField('participation.Proposal', source_field='proposal_id', db_constraint=True, to_field='id', related_name='follows', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'follow', 'app': 'participation', 'unique_together': (('user', 'proposal'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Notification',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('participation.User', source_field='user_id', db_constraint=True, to_field='id', related_name='notifications', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='REPLY: reply\nCOMMENT: comment\nSTATUS_CHANGED: status_changed\nOFFICIAL_RESPONSE: official_response\nMERGED: merged\nADOPTED_INTO_DRAFT: adopted_into_draft', enum_type=NotificationKind, max_length=30)),
                ('proposal', fields.ForeignKeyField('participation.Proposal', source_field='proposal_id', null=True, db_constraint=True, to_field='id', related_name='notifications', on_delete=OnDelete.CASCADE)),
                ('comment', fields.ForeignKeyField('participation.Comment', source_field='comment_id', null=True, db_constraint=True, to_field='id', related_name='notifications', on_delete=OnDelete.CASCADE)),
                ('text', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('read_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('emailed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'notification', 'app': 'participation', 'indexes': [Index(fields=['user_id', 'read_at']), Index(fields=['user_id', 'emailed_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Comment',
            name='depth',
            field=fields.SmallIntField(default=1),
        ),
        ops.AddField(
            model_name='Proposal',
            name='cosign_count',
            field=fields.IntField(default=0),
        ),
        ops.AddField(
            model_name='Proposal',
            name='edited_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Proposal',
            name='follower_count',
            field=fields.IntField(default=0),
        ),
        ops.AddIndex(
            model_name='Proposal',
            index=Index(fields=['masterplan_id', 'status', 'comment_count']),
        ),
        ops.AddIndex(
            model_name='Proposal',
            index=Index(fields=['masterplan_id', 'status', 'supports']),
        ),
        ops.AddIndex(
            model_name='Proposal',
            index=Index(fields=['masterplan_id', 'status', 'created_at']),
        ),
        ops.RunPython(install_search, reverse_code=ops.RunPython.noop),
    ]
