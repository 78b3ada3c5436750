"""The draft of a masterplan in numbered versions, the links from proposals into its
sections, consultation comments on sections, and implementation projects.

A published version is never changed: planners work on the one working version of a
masterplan, which starts as a copy of the latest published one (sections and links alike).
Sections keep a ``key`` across versions, so a diff pairs a section with its earlier self
and a proposal can follow its section from version to version.
"""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from participation.accounts.models import Organization, StakeholderGroup, User
from participation.i18n import N_, gettext
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.proposals.models import Proposal


class VersionStatus(StrEnum):
    WORKING = "working"  # planners edit it, the public does not see it
    PUBLISHED = "published"  # public and frozen for good


class DraftVersion(Model):
    """Version ``number`` of a masterplan's draft."""

    id = fields.IntField(primary_key=True)
    masterplan: fields.ForeignKeyRelation[Masterplan] = fields.ForeignKeyField(
        "participation.Masterplan", related_name="draft_versions", on_delete=fields.CASCADE
    )
    number = fields.IntField()
    status = fields.CharEnumField(VersionStatus, max_length=10, default=VersionStatus.WORKING)
    changes = fields.TextField(default="")  # what changed against the previous version
    created_at = fields.DatetimeField(auto_now_add=True)
    published_at = fields.DatetimeField(null=True)
    published_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "participation.User",
        related_name="published_versions",
        null=True,
        on_delete=fields.SET_NULL,
    )

    sections: fields.ReverseRelation[DraftSection]

    class Meta:
        table = "draft_version"
        unique_together = (("masterplan", "number"),)
        ordering = ["number"]


class DraftSection(Model):
    """One section of a version: a title and Markdown text, in its place in the draft."""

    id = fields.IntField(primary_key=True)
    version: fields.ForeignKeyRelation[DraftVersion] = fields.ForeignKeyField(
        "participation.DraftVersion", related_name="sections", on_delete=fields.CASCADE
    )
    key = fields.CharField(max_length=32)  # the same section across versions
    position = fields.IntField(default=0)
    title = fields.CharField(max_length=200)
    body = fields.TextField(default="")
    # The field of action the section answers, if it answers one.
    field_of_action: fields.ForeignKeyNullableRelation[FieldOfAction] = fields.ForeignKeyField(
        "participation.FieldOfAction",
        related_name="draft_sections",
        null=True,
        on_delete=fields.SET_NULL,
    )

    links: fields.ReverseRelation[InputLink]

    class Meta:
        table = "draft_section"
        unique_together = (("version", "key"),)
        ordering = ["position", "id"]


class Disposition(StrEnum):
    ADOPTED = "adopted"  # the section takes the proposal up as it is
    PARTIALLY_ADOPTED = "partially_adopted"  # the section takes up part of it
    CONSIDERED = "considered"  # weighed in the section, not taken up

    @property
    def label(self) -> str:
        return gettext(_DISPOSITION_LABELS[self])


_DISPOSITION_LABELS = {
    # The same words as the proposal statuses and the verdicts (planning/uptake.py).
    Disposition.ADOPTED: N_("Adopted"),
    Disposition.PARTIALLY_ADOPTED: N_("Partially adopted"),
    Disposition.CONSIDERED: N_("Considered"),
}


class InputLink(Model):
    """A proposal taken up by a section, with the planner's disposition and note."""

    id = fields.IntField(primary_key=True)
    section: fields.ForeignKeyRelation[DraftSection] = fields.ForeignKeyField(
        "participation.DraftSection", related_name="links", on_delete=fields.CASCADE
    )
    proposal: fields.ForeignKeyRelation[Proposal] = fields.ForeignKeyField(
        "participation.Proposal", related_name="input_links", on_delete=fields.CASCADE
    )
    disposition = fields.CharEnumField(Disposition, max_length=20)
    note = fields.TextField(default="")
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "participation.User", related_name="input_links", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "input_link"
        unique_together = (("section", "proposal"),)
        indexes = (("proposal_id", "section_id"),)


class SectionCommentStatus(StrEnum):
    PUBLISHED = "published"  # shown under the section
    HIDDEN = "hidden"  # hidden by moderation, with a reason its author sees


class SectionComment(Model):
    """A participant's comment on a draft section during the consultation."""

    id = fields.IntField(primary_key=True)
    section: fields.ForeignKeyRelation[DraftSection] = fields.ForeignKeyField(
        "participation.DraftSection", related_name="comments", on_delete=fields.CASCADE
    )
    author: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "participation.User", related_name="section_comments", null=True, on_delete=fields.SET_NULL
    )
    organization: fields.ForeignKeyNullableRelation[Organization] = fields.ForeignKeyField(
        "participation.Organization",
        related_name="section_comments",
        null=True,
        on_delete=fields.SET_NULL,
    )
    stakeholder_group = fields.CharEnumField(StakeholderGroup, max_length=20)
    body = fields.TextField()
    status = fields.CharEnumField(
        SectionCommentStatus, max_length=10, default=SectionCommentStatus.PUBLISHED
    )
    moderation_reason = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "section_comment"
        ordering = ["created_at", "id"]


class ProjectStatus(StrEnum):
    PLANNED = "planned"  # decided, not started
    RUNNING = "running"  # under way
    DONE = "done"  # finished

    @property
    def label(self) -> str:
        return gettext(_PROJECT_STATUS_LABELS[self])


_PROJECT_STATUS_LABELS = {
    ProjectStatus.PLANNED: N_("Planned"),
    ProjectStatus.RUNNING: N_("Running"),
    ProjectStatus.DONE: N_("Done"),
}


class Project(Model):
    """An implementation project: what the city already does in a field of action."""

    id = fields.IntField(primary_key=True)
    masterplan: fields.ForeignKeyRelation[Masterplan] = fields.ForeignKeyField(
        "participation.Masterplan", related_name="projects", on_delete=fields.CASCADE
    )
    field_of_action: fields.ForeignKeyRelation[FieldOfAction] = fields.ForeignKeyField(
        "participation.FieldOfAction", related_name="projects", on_delete=fields.RESTRICT
    )
    # A short code planners use in their sheets (e.g. "DW-03"), unique per masterplan.
    code = fields.CharField(max_length=30)
    title = fields.CharField(max_length=200)
    description = fields.TextField(default="")
    status = fields.CharEnumField(ProjectStatus, max_length=10, default=ProjectStatus.PLANNED)
    progress = fields.SmallIntField(default=0)  # percent, 0 to 100
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    proposals: fields.ManyToManyRelation[Proposal] = fields.ManyToManyField(
        "participation.Proposal", related_name="projects", through="project_proposal"
    )

    milestones: fields.ReverseRelation[Milestone]

    class Meta:
        table = "project"
        unique_together = (("masterplan", "code"),)
        ordering = ["code", "id"]


class Milestone(Model):
    id = fields.IntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "participation.Project", related_name="milestones", on_delete=fields.CASCADE
    )
    title = fields.CharField(max_length=200)
    due_on = fields.DateField(null=True)
    done_on = fields.DateField(null=True)
    position = fields.IntField(default=0)

    class Meta:
        table = "milestone"
        ordering = ["position", "id"]
