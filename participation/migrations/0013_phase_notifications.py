from tortoise import migrations
from tortoise.migrations import operations as ops
from participation.notifications.models import NotificationKind
from tortoise import fields

# Followers hear of a masterplan's new phase (NotificationKind.PHASE_CHANGED).


class Migration(migrations.Migration):
    dependencies = [('participation', '0012_process_administration')]

    initial = False

    operations = [
        ops.AlterField(
            model_name='Notification',
            name='kind',
            field=fields.CharEnumField(description='REPLY: reply\nCOMMENT: comment\nSTATUS_CHANGED: status_changed\nOFFICIAL_RESPONSE: official_response\nMERGED: merged\nADOPTED_INTO_DRAFT: adopted_into_draft\nMODERATED: moderated\nPHASE_CHANGED: phase_changed', enum_type=NotificationKind, max_length=30),
        ),
    ]
