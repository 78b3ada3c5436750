from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from participation.accounts.models import StakeholderGroup, User
from participation.proposals.models import Proposal


class Vote(Model):
    """One participant's +1 (support) or -1 (oppose) on one proposal."""

    id = fields.IntField(primary_key=True)
    proposal: fields.ForeignKeyRelation[Proposal] = fields.ForeignKeyField(
        "participation.Proposal", related_name="votes", on_delete=fields.CASCADE
    )
    # Null after the voter deleted the account: the vote stays in the counts, unlinked.
    voter: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "participation.User", related_name="votes", null=True, on_delete=fields.SET_NULL
    )
    value = fields.SmallIntField()
    stakeholder_group = fields.CharEnumField(StakeholderGroup, max_length=20)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "vote"
        # The database, not the code, guarantees one vote per person and proposal.
        unique_together = (("proposal", "voter"),)
        indexes = (("voter_id",),)  # a person's votes (their page, deleting the account)


class VoteTally(Model):
    """Supports and opposes of one stakeholder group on one proposal, kept with every vote."""

    id = fields.IntField(primary_key=True)
    proposal: fields.ForeignKeyRelation[Proposal] = fields.ForeignKeyField(
        "participation.Proposal", related_name="tallies", on_delete=fields.CASCADE
    )
    stakeholder_group = fields.CharEnumField(StakeholderGroup, max_length=20)
    supports = fields.IntField(default=0)
    opposes = fields.IntField(default=0)

    class Meta:
        table = "vote_tally"
        unique_together = (("proposal", "stakeholder_group"),)
