from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

# Growing delays instead of a hard lock: one row per hashed address or client, counted in one
# statement (accounts/throttle.py); the table of failed sign-ins it replaces goes.

class Migration(migrations.Migration):
    dependencies = [('participation', '0013_phase_notifications')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Throttle',
            fields=[
                ('key', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=80)),
                ('attempts', fields.IntField(default=0)),
                ('next_at', fields.FloatField()),
                ('last_at', fields.FloatField(db_index=True)),
            ],
            options={'table': 'throttle', 'app': 'participation', 'pk_attr': 'key', 'table_description': 'How many password checks or mails were asked for, per hashed address or client'},
            bases=['Model'],
        ),
        ops.DeleteModel(name='SignInFailure'),
    ]
