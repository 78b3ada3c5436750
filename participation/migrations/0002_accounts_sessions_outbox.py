from tortoise import migrations
from tortoise.migrations import operations as ops
from participation.accounts.models import NotificationMode
from participation.mail.models import OutboxStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('participation', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Invitation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('participation.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name='invitations', on_delete=OnDelete.CASCADE)),
                ('email', fields.CharField(max_length=254)),
                ('make_admin', fields.BooleanField(default=False)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('invited_by', fields.ForeignKeyField('participation.User', source_field='invited_by_id', null=True, db_constraint=True, to_field='id', related_name='invitations_sent', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('accepted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'invitation', 'app': 'participation', 'pk_attr': 'id', 'table_description': 'An invitation link for a partner of an organisation: single use, expiring.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OutboxMessage',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('participation.User', source_field='user_id', null=True, db_constraint=True, to_field='id', related_name='outbox_messages', on_delete=OnDelete.CASCADE)),
                ('recipient', fields.CharField(max_length=254)),
                ('subject', fields.CharField(max_length=250)),
                ('body', fields.TextField(unique=False)),
                ('status', fields.CharEnumField(default=OutboxStatus.PENDING, description='PENDING: pending\nSENT: sent\nFAILED: failed', enum_type=OutboxStatus, max_length=10)),
                ('attempts', fields.IntField(default=0)),
                ('last_error', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('next_attempt_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'outbox_message', 'app': 'participation', 'indexes': [Index(fields=['status', 'next_attempt_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Session',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('participation.User', source_field='user_id', db_constraint=True, to_field='id', related_name='sessions', on_delete=OnDelete.CASCADE)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('last_seen_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'session', 'app': 'participation', 'pk_attr': 'id', 'table_description': 'A signed-in browser. The cookie holds a random token and only its SHA-256 is stored,'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SignInFailure',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('account_key', fields.CharField(db_index=True, max_length=64)),
                ('client_key', fields.CharField(db_index=True, max_length=64)),
                ('created_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'sign_in_failure', 'app': 'participation', 'pk_attr': 'id', 'table_description': 'A failed sign-in, kept briefly for throttling. Only hashes: no address, no e-mail.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Masterplan',
            name='planners',
            field=fields.ManyToManyField('participation.User', unique=True, db_constraint=True, through='masterplan_planner', forward_key='user_id', backward_key='masterplan_id', related_name='planned_masterplans', on_delete=OnDelete.CASCADE),
        ),
        ops.AddField(
            model_name='User',
            name='notification_mode',
            field=fields.CharEnumField(default=NotificationMode.INSTANT, description='INSTANT: instant\nDAILY_DIGEST: daily_digest\nIN_APP_ONLY: in_app_only', enum_type=NotificationMode, max_length=20),
        ),
        ops.AddField(
            model_name='User',
            name='privacy_consent_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='User',
            name='suspended_until',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='User',
            name='suspension_reason',
            field=fields.TextField(default='', unique=False),
        ),
    ]
