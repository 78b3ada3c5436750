"""Links from proposals into draft sections: what the draft took up, with a disposition and
the planner's note, readable from both ends."""

from __future__ import annotations

from collections.abc import Callable

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from participation.accounts.models import User
from participation.forms import ValidationFailed
from participation.i18n import gettext
from participation.moderation.audit import record
from participation.notifications.models import Follow, NotificationKind
from participation.notifications.services import notify
from participation.planning.drafts import VersionFrozen, refuse_if_closed
from participation.planning.models import (
    Disposition,
    DraftSection,
    DraftVersion,
    InputLink,
    VersionStatus,
)
from participation.proposals.models import LISTED_STATUSES, PUBLIC_STATUSES, Proposal

MAX_NOTE = 2_000


def _disposition(raw: str) -> Disposition:
    try:
        return Disposition(raw)
    except ValueError:
        raise ValidationFailed({"disposition": gettext("Please choose a disposition.")}) from None


def _note(raw: str) -> str:
    note = raw.replace("\r\n", "\n").strip()
    if len(note) > MAX_NOTE:
        raise ValidationFailed(
            {
                "note": gettext("The note can be at most %(max)s characters long.")
                % {"max": MAX_NOTE}
            }
        )
    return note


async def link_proposal(
    *, section: DraftSection, proposal: Proposal, disposition: str, note: str, by: User
) -> InputLink:
    """Link a listed proposal of the section's masterplan to a section of the working version;
    linking it again changes the disposition and note."""
    chosen, text = _disposition(disposition), _note(note)
    async with in_transaction() as connection:
        version = await (
            DraftVersion.filter(id=section.version_id)  # type: ignore[attr-defined]
            .select_for_update()
            .using_db(connection)
            .get()
        )
        if version.status != VersionStatus.WORKING:
            raise VersionFrozen()
        await refuse_if_closed(version.masterplan_id, connection)  # type: ignore[attr-defined]
        if (
            proposal.masterplan_id != version.masterplan_id  # type: ignore[attr-defined]
            or proposal.status not in LISTED_STATUSES
        ):
            raise ValidationFailed(
                {"proposal": gettext("Only public proposals of this masterplan can be linked.")}
            )
        try:
            async with in_transaction() as savepoint:
                link = await InputLink.create(
                    section_id=section.id,
                    proposal_id=proposal.id,
                    disposition=chosen,
                    note=text,
                    created_by=by,
                    using_db=savepoint,
                )
        except IntegrityError:
            link = await (
                InputLink.filter(section_id=section.id, proposal_id=proposal.id)
                .using_db(connection)
                .get()
            )
            link.disposition, link.note = chosen, text
            await link.save(update_fields=["disposition", "note"], using_db=connection)
        await record(
            actor=by,
            action="draft.link",
            target_type="proposal",
            target_id=proposal.id,
            reason=text,
            details={"section": section.title, "version": version.number, "disposition": chosen},
            connection=connection,
        )
    return link


async def unlink(*, link: InputLink, by: User) -> None:
    async with in_transaction() as connection:
        section_id = link.section_id  # type: ignore[attr-defined]
        section = await DraftSection.filter(id=section_id).using_db(connection).get()
        version = await (
            DraftVersion.filter(id=section.version_id)  # type: ignore[attr-defined]
            .select_for_update()
            .using_db(connection)
            .get()
        )
        if version.status != VersionStatus.WORKING:
            raise VersionFrozen()
        await refuse_if_closed(version.masterplan_id, connection)  # type: ignore[attr-defined]
        await InputLink.filter(id=link.id).using_db(connection).delete()
        await record(
            actor=by,
            action="draft.unlink",
            target_type="proposal",
            target_id=link.proposal_id,  # type: ignore[attr-defined]
            details={"section": section.title, "version": version.number},
            connection=connection,
        )


async def input_of(
    sections: list[DraftSection], *, public: bool = False
) -> dict[int, list[InputLink]]:
    """The proposals each section took up, keyed by section id (one query). ``public``:
    only proposals the public may see now — one that moderation hid or its author withdrew
    after the version was published leaves its page, title and all."""
    taken: dict[int, list[InputLink]] = {section.id: [] for section in sections}
    query = InputLink.filter(section_id__in=list(taken))
    if public:
        query = query.filter(proposal__status__in=PUBLIC_STATUSES)
    links = await query.select_related("proposal").order_by(
        "disposition", "-proposal__wilson", "proposal_id"
    )
    for link in links:
        taken[link.section_id].append(link)  # type: ignore[attr-defined]
    return taken


def _taken_up_text(
    proposal: Proposal, section: DraftSection, disposition: Disposition
) -> Callable[[], str]:
    """The notification, rendered later in each recipient's language."""
    return lambda: (
        gettext("“%(title)s” went into the draft, section “%(section)s”: %(disposition)s.")
        % {"title": proposal.title, "section": section.title, "disposition": disposition.label}
    )


async def notify_taken_up(*, version: DraftVersion, base_url: str | None = None) -> int:
    """After publishing: tell the authors and followers of each proposal the new version takes
    up for the first time (or with another disposition); returns the number of proposals."""
    current = await InputLink.filter(section__version_id=version.id).select_related(
        "proposal", "proposal__author", "section"
    )
    earlier = await (
        InputLink.filter(
            section__version__masterplan_id=version.masterplan_id,  # type: ignore[attr-defined]
            section__version__status=VersionStatus.PUBLISHED,
            section__version__number__lt=version.number,
        )
        .order_by("-section__version__number")
        .values_list("proposal_id", "disposition", "section__version__number")
    )
    previous_number = max((number for _, _, number in earlier), default=None)
    before = {(pid, str(d)) for pid, d, number in earlier if number == previous_number}
    fresh = {
        link.proposal_id: link  # type: ignore[attr-defined]
        for link in current
        if (link.proposal_id, str(link.disposition)) not in before  # type: ignore[attr-defined]
    }
    for link in fresh.values():
        proposal = link.proposal
        followers = await Follow.filter(
            proposal_id=proposal.id, user__is_active=True
        ).select_related("user")
        people = [entry.user for entry in followers]
        if proposal.author is not None:
            people.append(proposal.author)
        await notify(
            users=people,
            kind=NotificationKind.ADOPTED_INTO_DRAFT,
            proposal=proposal,
            text=_taken_up_text(proposal, link.section, link.disposition),
            base_url=base_url,
        )
    return len(fresh)
