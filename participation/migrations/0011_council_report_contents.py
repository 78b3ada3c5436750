from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('participation', '0010_merge_carried')]

    initial = False

    operations = [
        ops.AddField(
            model_name='CouncilReportSnapshot',
            name='contents',
            field=fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
    ]
