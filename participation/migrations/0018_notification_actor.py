from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise import fields

# A reply or comment notification names who wrote it through a relation, not a copied name
# (Notification.actor, read with the list): a renamed person shows their new name, and a
# deleted account (SET NULL) none. Existing rows take the author of their comment, and their
# stored text, which holds the name at the time, is emptied: the sentence is written when
# it is read. A comment whose author is already gone leaves the actor empty, so the name of
# a person deleted before this migration leaves every list as well.


class Migration(migrations.Migration):
    dependencies = [('participation', '0017_sort_balance')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Notification',
            name='actor',
            field=fields.ForeignKeyField('participation.User', source_field='actor_id', null=True, db_constraint=True, to_field='id', related_name='caused_notifications', on_delete=OnDelete.SET_NULL),
        ),
        ops.AddIndex(
            model_name='Notification',
            index=Index(fields=['actor_id']),
        ),
        ops.RunSQL(
            [
                'UPDATE "notification" SET "actor_id" = (SELECT "author_id" FROM "comment" '
                'WHERE "comment"."id" = "notification"."comment_id"), "text" = \'\' '
                'WHERE "kind" IN (\'reply\', \'comment\')',
            ],
            reverse_sql=[],
        ),
    ]
