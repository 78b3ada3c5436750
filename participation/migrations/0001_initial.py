from tortoise import migrations
from tortoise.migrations import operations as ops
from participation.accounts.models import MembershipStatus, OrganizationKind, Role, StakeholderGroup
from participation.comments.models import CommentStatus
from participation.masterplans.models import Phase
from participation.proposals.models import ProposalStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='Masterplan',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('slug', fields.CharField(unique=True, max_length=80)),
                ('title', fields.CharField(max_length=200)),
                ('summary', fields.TextField(unique=False)),
                ('lead_department', fields.CharField(max_length=200)),
                ('phase', fields.CharEnumField(default=Phase.PREPARATION, description='PREPARATION: preparation\nCOLLECTION: collection\nEVALUATION: evaluation\nDRAFTING: drafting\nCONSULTATION: consultation\nADOPTED: adopted', enum_type=Phase, max_length=20)),
                ('position', fields.IntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'masterplan', 'app': 'participation', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='FieldOfAction',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('masterplan', fields.ForeignKeyField('participation.Masterplan', source_field='masterplan_id', db_constraint=True, to_field='id', related_name='fields_of_action', on_delete=OnDelete.CASCADE)),
                ('slug', fields.CharField(max_length=80)),
                ('title', fields.CharField(max_length=200)),
                ('description', fields.TextField(default='', unique=False)),
                ('position', fields.IntField(default=0)),
                ('proposal_count', fields.IntField(default=0)),
            ],
            options={'table': 'field_of_action', 'app': 'participation', 'unique_together': (('masterplan', 'slug'),), 'pk_attr': 'id', 'table_description': 'A Handlungsfeld: one topic of a masterplan that proposals are filed under.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Organization',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('slug', fields.CharField(unique=True, max_length=80)),
                ('name', fields.CharField(max_length=200)),
                ('kind', fields.CharEnumField(description='CHAMBER: chamber\nUNIVERSITY: university\nRESEARCH_INSTITUTE: research_institute\nCOMPANY: company\nBUSINESS_ASSOCIATION: business_association\nEDUCATION_NETWORK: education_network\nSCHOOL: school\nCITY_DEPARTMENT: city_department\nCIVIL_SOCIETY: civil_society', enum_type=OrganizationKind, max_length=30)),
                ('description', fields.TextField(default='', unique=False)),
                ('verified', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'organization', 'app': 'participation', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PhasePeriod',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('masterplan', fields.ForeignKeyField('participation.Masterplan', source_field='masterplan_id', db_constraint=True, to_field='id', related_name='phase_periods', on_delete=OnDelete.CASCADE)),
                ('phase', fields.CharEnumField(description='PREPARATION: preparation\nCOLLECTION: collection\nEVALUATION: evaluation\nDRAFTING: drafting\nCONSULTATION: consultation\nADOPTED: adopted', enum_type=Phase, max_length=20)),
                ('starts_on', fields.DateField()),
                ('ends_on', fields.DateField(null=True)),
            ],
            options={'table': 'phase_period', 'app': 'participation', 'unique_together': (('masterplan', 'phase'),), 'pk_attr': 'id', 'table_description': 'The planned dates of one phase of a masterplan, as its planners announce them.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='User',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('email', fields.CharField(null=True, unique=True, max_length=254)),
                ('display_name', fields.CharField(max_length=100)),
                ('password_hash', fields.CharField(null=True, max_length=255)),
                ('role', fields.CharEnumField(default=Role.CITIZEN, description='CITIZEN: citizen\nPARTNER: partner\nMODERATOR: moderator\nPLANNER: planner\nADMIN: admin', enum_type=Role, max_length=20)),
                ('language', fields.CharField(default='de', max_length=5)),
                ('is_active', fields.BooleanField(default=True)),
                ('email_verified_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('last_login_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'account', 'app': 'participation', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Membership',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('participation.User', source_field='user_id', db_constraint=True, to_field='id', related_name='memberships', on_delete=OnDelete.CASCADE)),
                ('organization', fields.ForeignKeyField('participation.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name='memberships', on_delete=OnDelete.CASCADE)),
                ('status', fields.CharEnumField(default=MembershipStatus.PENDING, description='PENDING: pending\nCONFIRMED: confirmed', enum_type=MembershipStatus, max_length=20)),
                ('is_admin', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('confirmed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'membership', 'app': 'participation', 'unique_together': (('user', 'organization'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Proposal',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('masterplan', fields.ForeignKeyField('participation.Masterplan', source_field='masterplan_id', db_constraint=True, to_field='id', related_name='proposals', on_delete=OnDelete.RESTRICT)),
                ('field_of_action', fields.ForeignKeyField('participation.FieldOfAction', source_field='field_of_action_id', db_constraint=True, to_field='id', related_name='proposals', on_delete=OnDelete.RESTRICT)),
                ('author', fields.ForeignKeyField('participation.User', source_field='author_id', null=True, db_constraint=True, to_field='id', related_name='proposals', on_delete=OnDelete.SET_NULL)),
                ('organization', fields.ForeignKeyField('participation.Organization', source_field='organization_id', null=True, db_constraint=True, to_field='id', related_name='proposals', on_delete=OnDelete.SET_NULL)),
                ('stakeholder_group', fields.CharEnumField(description='CHAMBERS: chambers\nSCIENCE: science\nBUSINESS: business\nEDUCATION: education\nADMINISTRATION: administration\nCIVIL_SOCIETY: civil_society\nCITIZENS: citizens', enum_type=StakeholderGroup, max_length=20)),
                ('title', fields.CharField(max_length=200)),
                ('body', fields.TextField(unique=False)),
                ('disclosure', fields.TextField(default='', unique=False)),
                ('status', fields.CharEnumField(default=ProposalStatus.PUBLISHED, description='PENDING: pending\nPUBLISHED: published\nIN_REVIEW: in_review\nADOPTED: adopted\nPARTIALLY_ADOPTED: partially_adopted\nNOT_ADOPTED: not_adopted\nMERGED: merged\nHIDDEN: hidden\nWITHDRAWN: withdrawn', enum_type=ProposalStatus, max_length=20)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('supports', fields.IntField(default=0)),
                ('opposes', fields.IntField(default=0)),
                ('vote_count', fields.IntField(default=0)),
                ('wilson', fields.FloatField(default=0.0)),
                ('comment_count', fields.IntField(default=0)),
            ],
            options={'table': 'proposal', 'app': 'participation', 'indexes': [Index(fields=['masterplan_id', 'status', 'wilson', 'vote_count']), Index(fields=['field_of_action_id', 'status', 'wilson', 'vote_count'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Comment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('proposal', fields.ForeignKeyField('participation.Proposal', source_field='proposal_id', db_constraint=True, to_field='id', related_name='comments', on_delete=OnDelete.CASCADE)),
                ('parent', fields.ForeignKeyField('participation.Comment', source_field='parent_id', null=True, db_constraint=True, to_field='id', related_name='replies', on_delete=OnDelete.CASCADE)),
                ('author', fields.ForeignKeyField('participation.User', source_field='author_id', null=True, db_constraint=True, to_field='id', related_name='comments', on_delete=OnDelete.SET_NULL)),
                ('organization', fields.ForeignKeyField('participation.Organization', source_field='organization_id', null=True, db_constraint=True, to_field='id', related_name='comments', on_delete=OnDelete.SET_NULL)),
                ('body', fields.TextField(unique=False)),
                ('status', fields.CharEnumField(default=CommentStatus.PUBLISHED, description='PUBLISHED: published\nPENDING: pending\nHIDDEN: hidden\nDELETED: deleted', enum_type=CommentStatus, max_length=20)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('edited_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'comment', 'app': 'participation', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Vote',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('proposal', fields.ForeignKeyField('participation.Proposal', source_field='proposal_id', db_constraint=True, to_field='id', related_name='votes', on_delete=OnDelete.CASCADE)),
                ('voter', fields.ForeignKeyField('participation.User', source_field='voter_id', null=True, db_constraint=True, to_field='id', related_name='votes', on_delete=OnDelete.SET_NULL)),
                ('value', fields.SmallIntField()),
                ('stakeholder_group', fields.CharEnumField(description='CHAMBERS: chambers\nSCIENCE: science\nBUSINESS: business\nEDUCATION: education\nADMINISTRATION: administration\nCIVIL_SOCIETY: civil_society\nCITIZENS: citizens', enum_type=StakeholderGroup, max_length=20)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'vote', 'app': 'participation', 'unique_together': (('proposal', 'voter'),), 'pk_attr': 'id', 'table_description': "One participant's +1 (support) or -1 (oppose) on one proposal."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='VoteTally',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('proposal', fields.ForeignKeyField('participation.Proposal', source_field='proposal_id', db_constraint=True, to_field='id', related_name='tallies', on_delete=OnDelete.CASCADE)),
                ('stakeholder_group', fields.CharEnumField(description='CHAMBERS: chambers\nSCIENCE: science\nBUSINESS: business\nEDUCATION: education\nADMINISTRATION: administration\nCIVIL_SOCIETY: civil_society\nCITIZENS: citizens', enum_type=StakeholderGroup, max_length=20)),
                ('supports', fields.IntField(default=0)),
                ('opposes', fields.IntField(default=0)),
            ],
            options={'table': 'vote_tally', 'app': 'participation', 'unique_together': (('proposal', 'stakeholder_group'),), 'pk_attr': 'id', 'table_description': 'Supports and opposes of one stakeholder group on one proposal, kept with every vote.'},
            bases=['Model'],
        ),
    ]
