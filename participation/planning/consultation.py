"""The consultation: participants comment on the sections of the published draft, and
moderators hide what breaks the rules, with a reason its author sees."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from participation.accounts.models import User
from participation.accounts.permissions import can_participate
from participation.accounts.services import confirmed_membership, stakeholder_group_of
from participation.comments.services import clean_body
from participation.forms import ValidationFailed
from participation.i18n import gettext
from participation.masterplans.models import Masterplan
from participation.masterplans.permissions import Activity, closed_reason
from participation.moderation.audit import record
from participation.planning.drafts import latest_published
from participation.planning.models import (
    DraftSection,
    DraftVersion,
    SectionComment,
    SectionCommentStatus,
    VersionStatus,
)
from participation.planning.permissions import consultation_open


async def latest_section(masterplan: Masterplan, key: str) -> DraftSection | None:
    """The section with ``key`` in the latest published version: comments always go to
    what the public reads now."""
    version = await latest_published(masterplan)
    if version is None:
        return None
    return await DraftSection.get_or_none(version_id=version.id, key=key)


def why_closed(user: User | None, masterplan: Masterplan) -> str:
    """Why this person cannot comment on the draft now; empty when they can."""
    if masterplan.is_archived:
        return closed_reason(masterplan, Activity.CONSULT) or ""
    if not consultation_open(masterplan):
        return gettext("Comments on the draft are open during the consultation only.")
    if user is None:
        return gettext("Please sign in to take part.")
    if not can_participate(user):
        return gettext("Your account cannot take part at the moment.")
    return ""


async def comment_on_section(
    *, section: DraftSection, masterplan: Masterplan, author: User, body: str
) -> SectionComment:
    """A participant's comment on a section of the published draft, in the name of their
    organisation where they are a confirmed member of one."""
    reason = why_closed(author, masterplan)
    if reason:
        raise ValidationFailed({"form": reason})
    text = clean_body(body)
    version = await DraftVersion.get(id=section.version_id)  # type: ignore[attr-defined]
    if version.status != VersionStatus.PUBLISHED:
        raise ValidationFailed({"form": gettext("Only the published draft takes comments.")})
    membership = await confirmed_membership(author)
    return await SectionComment.create(
        section=section,
        author=author,
        organization_id=membership.organization_id if membership else None,  # type: ignore[attr-defined]
        stakeholder_group=await stakeholder_group_of(author),
        body=text,
    )


async def hide_section_comment(
    *, comment: SectionComment, moderator: User, reason: str
) -> SectionComment:
    text = reason.strip()
    if not text:
        raise ValidationFailed({"reason": gettext("Please give a reason.")})
    async with in_transaction() as connection:
        await (
            SectionComment.filter(id=comment.id)
            .using_db(connection)
            .update(status=SectionCommentStatus.HIDDEN, moderation_reason=text)
        )
        await record(
            actor=moderator,
            action="section_comment.hide",
            target_type="section_comment",
            target_id=comment.id,
            reason=text,
            connection=connection,
        )
    comment.status, comment.moderation_reason = SectionCommentStatus.HIDDEN, text
    return comment


async def comments_on(
    sections: list[DraftSection], viewer: User | None
) -> dict[str, list[SectionComment]]:
    """The visible comments on each section, keyed by section key (one query). Hidden ones
    show to their author only."""
    keys = {section.id: section.key for section in sections}
    found: dict[str, list[SectionComment]] = {key: [] for key in keys.values()}
    rows = await SectionComment.filter(section_id__in=list(keys)).select_related(
        "author", "organization"
    )
    for comment in rows:
        mine = viewer is not None and comment.author_id == viewer.id  # type: ignore[attr-defined]
        if comment.status == SectionCommentStatus.PUBLISHED or mine:
            found[keys[comment.section_id]].append(comment)  # type: ignore[attr-defined]
    return found
