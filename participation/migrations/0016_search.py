from tortoise import migrations

# Reserved for search (the search helper fills this in); no change yet.


class Migration(migrations.Migration):
    dependencies = [('participation', '0015_ties_by_opposes')]

    initial = False

    operations: list[object] = []
