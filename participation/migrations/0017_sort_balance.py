from tortoise import migrations
from tortoise.migrations import operations as ops

# The "Saldo" sort (sort=balance, proposals/queries.py ORDERS): supports minus objections,
# ties by fewer objections, then the older proposal. The balance is no column but the
# expression the list orders by, indexed as such (both databases index expressions), so a
# page reads the first rows of this index like the other sorts of migration 0008.
INDEXES = {
    "proposal_balance": '"masterplan_id", ("supports" - "opposes") DESC, "opposes", "id"',
}


class Migration(migrations.Migration):
    dependencies = [('participation', '0016_search')]

    initial = False

    operations = [
        ops.RunSQL(
            [f'CREATE INDEX IF NOT EXISTS "{name}" ON "proposal" ({columns})'
             for name, columns in INDEXES.items()],
            reverse_sql=[f'DROP INDEX IF EXISTS "{name}"' for name in INDEXES],
        ),
    ]
