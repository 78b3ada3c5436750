from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from participation.accounts.models import StakeholderGroup
from participation.planning.models import Disposition, ProjectStatus, SectionCommentStatus, VersionStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

from participation.votes.ranking import GroupCount, scores


async def store_scores(apps, schema_editor):
    """Give every proposal that has votes its balanced and consensus scores (new columns),
    from the group tallies, with equal weights (no masterplan has weights yet)."""
    client = schema_editor.client
    _, rows = await client.execute_query(
        "SELECT proposal_id, stakeholder_group, supports, opposes FROM vote_tally"
    )
    counts = {}
    for row in rows:
        counts.setdefault(row["proposal_id"], []).append(
            GroupCount(row["stakeholder_group"], row["supports"], row["opposes"])
        )
    groups = [group.value for group in StakeholderGroup]
    placeholder = "$%d" if client.capabilities.dialect == "postgres" else "?"
    sql = "UPDATE proposal SET balanced = {0}, consensus = {1} WHERE id = {2}".format(
        *(placeholder % n if "%" in placeholder else placeholder for n in (1, 2, 3))
    )
    for proposal_id, tallies in counts.items():
        result = scores(tallies, groups, None)
        await client.execute_query(sql, [result.balanced, result.consensus, proposal_id])


class Migration(migrations.Migration):
    dependencies = [('participation', '0005_notification_kind_moderated')]

    initial = False

    operations = [
        ops.CreateModel(
            name='DraftVersion',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('masterplan', fields.ForeignKeyField('participation.Masterplan', source_field='masterplan_id', db_constraint=True, to_field='id', related_name='draft_versions', on_delete=OnDelete.CASCADE)),
                ('number', fields.IntField()),
                ('status', fields.CharEnumField(default=VersionStatus.WORKING, description='WORKING: working\nPUBLISHED: published', enum_type=VersionStatus, max_length=10)),
                ('changes', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('published_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('published_by', fields.ForeignKeyField('participation.User', source_field='published_by_id', null=True, db_constraint=True, to_field='id', related_name='published_versions', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'draft_version', 'app': 'participation', 'unique_together': (('masterplan', 'number'),), 'pk_attr': 'id', 'table_description': "Version ``number`` of a masterplan's draft."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='DraftSection',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('version', fields.ForeignKeyField('participation.DraftVersion', source_field='version_id', db_constraint=True, to_field='id', related_name='sections', on_delete=OnDelete.CASCADE)),
                ('key', fields.CharField(max_length=32)),
                ('position', fields.IntField(default=0)),
                ('title', fields.CharField(max_length=200)),
                ('body', fields.TextField(default='', unique=False)),
                ('field_of_action', fields.ForeignKeyField('participation.FieldOfAction', source_field='field_of_action_id', null=True, db_constraint=True, to_field='id', related_name='draft_sections', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'draft_section', 'app': 'participation', 'unique_together': (('version', 'key'),), 'pk_attr': 'id', 'table_description': 'One section of a version: a title and Markdown text, in its place in the draft.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='InputLink',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('section', fields.ForeignKeyField('participation.DraftSection', source_field='section_id', db_constraint=True, to_field='id', related_name='links', on_delete=OnDelete.CASCADE)),
                ('proposal', fields.ForeignKeyField('participation.Proposal', source_field='proposal_id', db_constraint=True, to_field='id', related_name='input_links', on_delete=OnDelete.CASCADE)),
                ('disposition', fields.CharEnumField(description='ADOPTED: adopted\nPARTIALLY_ADOPTED: partially_adopted\nCONSIDERED: considered', enum_type=Disposition, max_length=20)),
                ('note', fields.TextField(default='', unique=False)),
                ('created_by', fields.ForeignKeyField('participation.User', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='input_links', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'input_link', 'app': 'participation', 'unique_together': (('section', 'proposal'),), 'indexes': [Index(fields=['proposal_id', 'section_id'])], 'pk_attr': 'id', 'table_description': "A proposal taken up by a section, with the planner's disposition and note."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Project',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('masterplan', fields.ForeignKeyField('participation.Masterplan', source_field='masterplan_id', db_constraint=True, to_field='id', related_name='projects', on_delete=OnDelete.CASCADE)),
                ('field_of_action', fields.ForeignKeyField('participation.FieldOfAction', source_field='field_of_action_id', db_constraint=True, to_field='id', related_name='projects', on_delete=OnDelete.RESTRICT)),
                ('code', fields.CharField(max_length=30)),
                ('title', fields.CharField(max_length=200)),
                ('description', fields.TextField(default='', unique=False)),
                ('status', fields.CharEnumField(default=ProjectStatus.PLANNED, description='PLANNED: planned\nRUNNING: running\nDONE: done', enum_type=ProjectStatus, max_length=10)),
                ('progress', fields.SmallIntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('proposals', fields.ManyToManyField('participation.Proposal', unique=True, db_constraint=True, through='project_proposal', forward_key='proposal_id', backward_key='project_id', related_name='projects', on_delete=OnDelete.CASCADE)),
            ],
            options={'table': 'project', 'app': 'participation', 'unique_together': (('masterplan', 'code'),), 'pk_attr': 'id', 'table_description': 'An implementation project: what the city already does in a field of action.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Milestone',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('project', fields.ForeignKeyField('participation.Project', source_field='project_id', db_constraint=True, to_field='id', related_name='milestones', on_delete=OnDelete.CASCADE)),
                ('title', fields.CharField(max_length=200)),
                ('due_on', fields.DateField(null=True)),
                ('done_on', fields.DateField(null=True)),
                ('position', fields.IntField(default=0)),
            ],
            options={'table': 'milestone', 'app': 'participation', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SectionComment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('section', fields.ForeignKeyField('participation.DraftSection', source_field='section_id', db_constraint=True, to_field='id', related_name='comments', on_delete=OnDelete.CASCADE)),
                ('author', fields.ForeignKeyField('participation.User', source_field='author_id', null=True, db_constraint=True, to_field='id', related_name='section_comments', on_delete=OnDelete.SET_NULL)),
                ('organization', fields.ForeignKeyField('participation.Organization', source_field='organization_id', null=True, db_constraint=True, to_field='id', related_name='section_comments', on_delete=OnDelete.SET_NULL)),
                ('stakeholder_group', fields.CharEnumField(description='CHAMBERS: chambers\nSCIENCE: science\nBUSINESS: business\nEDUCATION: education\nADMINISTRATION: administration\nCIVIL_SOCIETY: civil_society\nCITIZENS: citizens', enum_type=StakeholderGroup, max_length=20)),
                ('body', fields.TextField(unique=False)),
                ('status', fields.CharEnumField(default=SectionCommentStatus.PUBLISHED, description='PUBLISHED: published\nHIDDEN: hidden', enum_type=SectionCommentStatus, max_length=10)),
                ('moderation_reason', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'section_comment', 'app': 'participation', 'pk_attr': 'id', 'table_description': "A participant's comment on a draft section during the consultation."},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Masterplan',
            name='ranking_weights',
            field=fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
        ops.AddField(
            model_name='Proposal',
            name='balanced',
            field=fields.FloatField(default=0.0, db_default=0.0),
        ),
        ops.AddField(
            model_name='Proposal',
            name='consensus',
            field=fields.FloatField(default=0.0078125, db_default=0.0078125),
        ),
        ops.AddIndex(
            model_name='Proposal',
            index=Index(fields=['masterplan_id', 'status', 'balanced', 'vote_count']),
        ),
        ops.AddIndex(
            model_name='Proposal',
            index=Index(fields=['masterplan_id', 'status', 'consensus', 'vote_count']),
        ),
        ops.RunPython(store_scores, ops.RunPython.noop),
    ]
