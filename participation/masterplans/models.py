from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from participation.accounts.models import User
from participation.i18n import N_, gettext


class Phase(StrEnum):
    PREPARATION = "preparation"  # being set up; nothing is open to participants yet
    COLLECTION = "collection"  # proposals, comments and votes are open
    EVALUATION = "evaluation"  # comments and votes stay open; no new proposals
    DRAFTING = "drafting"  # read-only for participants while planners link input
    CONSULTATION = "consultation"  # the draft is published; comments on its sections
    ADOPTED = "adopted"  # everything read-only, results shown

    @property
    def label(self) -> str:
        return gettext(_PHASE_LABELS[self])


_PHASE_LABELS = {
    Phase.PREPARATION: N_("Preparation"),
    Phase.COLLECTION: N_("Collecting proposals"),
    Phase.EVALUATION: N_("Evaluation"),
    Phase.DRAFTING: N_("Drafting"),
    Phase.CONSULTATION: N_("Consultation on the draft"),
    # Not "Adopted" alone: that is what the draft does with a proposal ("Übernommen").
    Phase.ADOPTED: N_("Adopted by the council"),
}


PHASE_ORDER: tuple[Phase, ...] = tuple(Phase)


class Masterplan(Model):
    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=80, unique=True)
    title = fields.CharField(max_length=200)
    summary = fields.TextField()
    lead_department = fields.CharField(max_length=200)
    phase = fields.CharEnumField(Phase, max_length=20, default=Phase.PREPARATION)
    position = fields.IntField(default=0)  # order on the home page
    # Stakeholder groups whose new proposals and comments wait for a moderator before they
    # are public (e.g. ["citizens"]); everyone else is published at once (post-moderation).
    premoderated_groups: list[str] = fields.JSONField(default=list)
    # Distinct reports after which content is hidden until a moderator has looked at it.
    report_threshold = fields.IntField(default=3)
    # Weight of each stakeholder group in the `balanced` score, set by the planners; a group
    # left out weighs 1, and no weights at all (null) means equal weights (DESIGN.md §4).
    ranking_weights: dict[str, float] | None = fields.JSONField(null=True)
    # The phases this masterplan runs through, in PHASE_ORDER (a short process may skip
    # evaluation or consultation); null: all six, as long as its planners choose nothing.
    phases: list[str] | None = fields.JSONField(null=True)
    # Archived: off the home page and read-only; every contribution stays reachable.
    archived_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    # The planners who set phases, write the draft and report for this masterplan.
    planners: fields.ManyToManyRelation[User] = fields.ManyToManyField(
        "participation.User", related_name="planned_masterplans", through="masterplan_planner"
    )

    fields_of_action: fields.ReverseRelation[FieldOfAction]
    phase_periods: fields.ReverseRelation[PhasePeriod]

    class Meta:
        table = "masterplan"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def used_phases(self) -> list[Phase]:
        """The phases this masterplan runs through, in order."""
        chosen = set(self.phases) if self.phases else {phase.value for phase in PHASE_ORDER}
        return [phase for phase in PHASE_ORDER if phase.value in chosen]

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class PhasePeriod(Model):
    """The planned dates of one phase of a masterplan, as its planners announce them."""

    id = fields.IntField(primary_key=True)
    masterplan: fields.ForeignKeyRelation[Masterplan] = fields.ForeignKeyField(
        "participation.Masterplan", related_name="phase_periods", on_delete=fields.CASCADE
    )
    phase = fields.CharEnumField(Phase, max_length=20)
    starts_on = fields.DateField()
    ends_on = fields.DateField(null=True)
    # Switch the masterplan to this phase by itself on its start date (Dortmund time), once:
    # ``switched_at`` says it happened, so that the app processes never switch it twice.
    auto_switch = fields.BooleanField(default=False, db_default=False)
    switched_at = fields.DatetimeField(null=True)

    class Meta:
        table = "phase_period"
        unique_together = (("masterplan", "phase"),)
        ordering = ["starts_on"]


class FieldOfAction(Model):
    """A Handlungsfeld: one topic of a masterplan that proposals are filed under."""

    id = fields.IntField(primary_key=True)
    masterplan: fields.ForeignKeyRelation[Masterplan] = fields.ForeignKeyField(
        "participation.Masterplan", related_name="fields_of_action", on_delete=fields.CASCADE
    )
    slug = fields.CharField(max_length=80)
    title = fields.CharField(max_length=200)
    description = fields.TextField(default="")
    position = fields.IntField(default=0)
    proposal_count = fields.IntField(default=0)  # published proposals, kept by the services
    # Archived: no new proposals filed under it; what it holds stays listed and reachable.
    archived_at = fields.DatetimeField(null=True)

    class Meta:
        table = "field_of_action"
        unique_together = (("masterplan", "slug"),)
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title
