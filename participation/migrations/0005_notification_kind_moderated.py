from tortoise import migrations
from tortoise.migrations import operations as ops
from participation.notifications.models import NotificationKind
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('participation', '0004_moderation')]

    initial = False

    operations = [
        ops.AlterField(
            model_name='Notification',
            name='kind',
            field=fields.CharEnumField(description='REPLY: reply\nCOMMENT: comment\nSTATUS_CHANGED: status_changed\nOFFICIAL_RESPONSE: official_response\nMERGED: merged\nADOPTED_INTO_DRAFT: adopted_into_draft\nMODERATED: moderated', enum_type=NotificationKind, max_length=30),
        ),
    ]
