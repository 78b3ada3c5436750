from tortoise import migrations
from tortoise.migrations import operations as ops

# Ties in a score break by fewer opposes first (proposals/queries.py ORDERS): a proposal
# with no supports and several opposes scores 0 like one nobody has voted on, and ranked
# above it while more votes broke the tie. The score indexes of migration 0008 follow the
# new order, so a list page still reads the first rows of one index.
OLD = {
    "proposal_rank": '"masterplan_id", "wilson" DESC, "vote_count" DESC, "id"',
    "proposal_field_rank": '"field_of_action_id", "wilson" DESC, "vote_count" DESC, "id"',
    "proposal_balanced": '"masterplan_id", "balanced" DESC, "vote_count" DESC, "id"',
    "proposal_consensus": '"masterplan_id", "consensus" DESC, "vote_count" DESC, "id"',
}
NEW = {
    "proposal_rank": '"masterplan_id", "wilson" DESC, "opposes", "vote_count" DESC, "id"',
    "proposal_field_rank": (
        '"field_of_action_id", "wilson" DESC, "opposes", "vote_count" DESC, "id"'
    ),
    "proposal_balanced": '"masterplan_id", "balanced" DESC, "opposes", "vote_count" DESC, "id"',
    "proposal_consensus": (
        '"masterplan_id", "consensus" DESC, "opposes", "vote_count" DESC, "id"'
    ),
}


def _create(indexes: dict[str, str]) -> list[str]:
    return [f'CREATE INDEX IF NOT EXISTS "{name}" ON "proposal" ({columns})'
            for name, columns in indexes.items()]


def _drop(indexes: dict[str, str]) -> list[str]:
    return [f'DROP INDEX IF EXISTS "{name}"' for name in indexes]


class Migration(migrations.Migration):
    dependencies = [('participation', '0014_throttle')]

    initial = False

    operations = [
        ops.RunSQL(_drop(OLD) + _create(NEW), reverse_sql=_drop(NEW) + _create(OLD)),
    ]
