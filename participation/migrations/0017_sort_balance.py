from tortoise import migrations

# Reserved for the Saldo sort (the numbers helper fills this in); no change yet.


class Migration(migrations.Migration):
    dependencies = [('participation', '0016_search')]

    initial = False

    operations: list[object] = []
