from tortoise import migrations

# Reserved for notifications name their actor (the vocab helper fills this in); no change yet.


class Migration(migrations.Migration):
    dependencies = [('participation', '0017_sort_balance')]

    initial = False

    operations: list[object] = []
