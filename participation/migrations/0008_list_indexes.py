from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

# Each list order of DESIGN.md §4 as an index in the order's own directions (the id last
# breaks ties), so that a page reads the first rows of one index instead of sorting every
# listed proposal of a masterplan: 171 ms before, 0.1 ms after for the first page of a
# masterplan with 35,000 proposals on PostgreSQL. The status is filtered on the way, as
# almost every proposal is listed. The same SQL runs on SQLite and PostgreSQL.
SORT_INDEXES = {
    "proposal_rank": '"masterplan_id", "wilson" DESC, "vote_count" DESC, "id"',
    "proposal_field_rank": '"field_of_action_id", "wilson" DESC, "vote_count" DESC, "id"',
    "proposal_new": '"masterplan_id", "created_at" DESC, "id" DESC',
    "proposal_newest": '"created_at" DESC, "id" DESC',
    "proposal_discussed": '"masterplan_id", "comment_count" DESC, "id"',
    "proposal_supported": '"masterplan_id", "supports" DESC, "id"',
    "proposal_balanced": '"masterplan_id", "balanced" DESC, "vote_count" DESC, "id"',
    "proposal_consensus": '"masterplan_id", "consensus" DESC, "vote_count" DESC, "id"',
}


class Migration(migrations.Migration):
    dependencies = [('participation', '0007_council_reports')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Attachment',
            index=Index(fields=['proposal_id']),
        ),
        ops.AddIndex(
            model_name='Comment',
            index=Index(fields=['proposal_id', 'created_at']),
        ),
        ops.AddIndex(
            model_name='Comment',
            index=Index(fields=['author_id', 'created_at']),
        ),
        ops.AddIndex(
            model_name='Follow',
            index=Index(fields=['proposal_id']),
        ),
        ops.RemoveIndex(
            model_name='Proposal',
            name=None,
            fields=['masterplan_id', 'status', 'wilson', 'vote_count'],
        ),
        ops.RemoveIndex(
            model_name='Proposal',
            name=None,
            fields=['field_of_action_id', 'status', 'wilson', 'vote_count'],
        ),
        ops.RemoveIndex(
            model_name='Proposal',
            name=None,
            fields=['masterplan_id', 'status', 'comment_count'],
        ),
        ops.RemoveIndex(
            model_name='Proposal',
            name=None,
            fields=['masterplan_id', 'status', 'supports'],
        ),
        ops.RemoveIndex(
            model_name='Proposal',
            name=None,
            fields=['masterplan_id', 'status', 'created_at'],
        ),
        ops.RemoveIndex(
            model_name='Proposal',
            name=None,
            fields=['masterplan_id', 'status', 'balanced', 'vote_count'],
        ),
        ops.RemoveIndex(
            model_name='Proposal',
            name=None,
            fields=['masterplan_id', 'status', 'consensus', 'vote_count'],
        ),
        ops.AddIndex(
            model_name='Proposal',
            index=Index(fields=['author_id', 'created_at']),
        ),
        ops.AddIndex(
            model_name='StatusChange',
            index=Index(fields=['proposal_id', 'created_at']),
        ),
        ops.AddIndex(
            model_name='Vote',
            index=Index(fields=['voter_id']),
        ),
        ops.RunSQL(
            [f'CREATE INDEX IF NOT EXISTS "{name}" ON "proposal" ({columns})'
             for name, columns in SORT_INDEXES.items()],
            reverse_sql=[f'DROP INDEX IF EXISTS "{name}"' for name in SORT_INDEXES],
        ),
    ]
