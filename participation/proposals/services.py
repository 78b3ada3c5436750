"""What happens to proposals: submit, edit and withdraw them.

Every service owns its transaction and keeps in step, inside it, what pages read instead of
counting: the field of action's ``proposal_count`` (listed proposals only) and, on SQLite,
the search index (PostgreSQL's generated column follows by itself).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from babel.numbers import format_decimal
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from participation import i18n
from participation.accounts.models import Organization, StakeholderGroup, User
from participation.accounts.services import confirmed_membership, stakeholder_group_of
from participation.forms import ValidationFailed, plain_text
from participation.i18n import gettext
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.proposals import attachments, permissions, search
from participation.proposals.models import (
    LISTED_STATUSES,
    Attachment,
    Proposal,
    ProposalStatus,
)

MAX_TITLE = 200
MAX_BODY = 20_000
MAX_DISCLOSURE = 2_000
SIMILAR_LIMIT = 5
# search.similar ranks across all masterplans and statuses; ask for enough candidates that
# five listed ones of this masterplan usually remain after filtering.
SIMILAR_CANDIDATES = 50


class SimilarProposalsExist(Exception):
    """Listed proposals like the new one exist and its author has not seen them yet."""

    def __init__(self, proposals: list[Proposal]) -> None:
        super().__init__(f"{len(proposals)} similar proposals")
        self.proposals = proposals


async def similar_listed(
    masterplan: Masterplan, text: str, *, limit: int = SIMILAR_LIMIT, exclude: int | None = None
) -> list[Proposal]:
    """Listed proposals of ``masterplan`` sharing words with ``text``, most similar first."""
    ids = await search.similar(text, limit=SIMILAR_CANDIDATES, exclude=exclude)
    if not ids:
        return []
    found = {
        proposal.id: proposal
        for proposal in await Proposal.filter(
            id__in=ids, masterplan_id=masterplan.id, status__in=LISTED_STATUSES
        )
    }
    return [found[i] for i in ids if i in found][:limit]


async def submit_proposal(
    *,
    field_of_action: FieldOfAction,
    author: User,
    title: str,
    body: str,
    group: StakeholderGroup,
    organization: Organization | None = None,
    disclosure: str = "",
    status: ProposalStatus = ProposalStatus.PUBLISHED,
    created_at: datetime | None = None,
    files: Sequence[attachments.StoredFile] = (),
) -> Proposal:
    """File a proposal under a field of action, with its checked ``files``, and keep the
    field's counter and the search index in step.

    The input is taken as given (demo data, imports, and :func:`propose`, which checks a
    participant's form first). If the transaction fails, the files are removed: no file
    stays on disk without its row.
    """
    try:
        async with in_transaction() as connection:
            proposal = await Proposal.create(
                masterplan_id=field_of_action.masterplan_id,  # type: ignore[attr-defined]
                field_of_action=field_of_action,
                author=author,
                organization=organization,
                stakeholder_group=group,
                title=title,
                body=body,
                disclosure=disclosure,
                status=status,
                using_db=connection,
            )
            if created_at is not None:
                # auto_now_add ignores a given value; the demo and imports backdate explicitly.
                await (
                    Proposal.filter(id=proposal.id)
                    .using_db(connection)
                    .update(created_at=created_at)
                )
                proposal.created_at = created_at
            await _attach(proposal, files, connection)
            await search.index(proposal.id, title, body, connection)
            if status in LISTED_STATUSES:
                await _count(field_of_action.id, +1, connection)
    except BaseException:
        attachments.discard(files)
        raise
    return proposal


async def propose(
    *,
    masterplan: Masterplan,
    author: User,
    title: str,
    body: str,
    field_slug: str,
    disclosure: str = "",
    on_behalf: bool = False,
    uploads: Sequence[attachments.Upload] = (),
    similar_seen: bool = False,
) -> Proposal:
    """A participant submits a proposal to ``masterplan``.

    The stakeholder group is fixed now, from the author's confirmed membership; submitted on
    behalf of their organisation, the proposal is the organisation's position. Every
    problem (text, field, organisation, files) is reported at once. A valid proposal waits
    while listed proposals like it exist that the author has not seen (``similar_seen``):
    duplicates are what participants complain about most.
    """
    title, body, disclosure = _tidy(title), _tidy(body), _tidy(disclosure)
    errors = _text_errors(title, body, disclosure)
    field = await FieldOfAction.get_or_none(
        masterplan_id=masterplan.id, slug=field_slug, archived_at__isnull=True
    )
    if field is None:
        errors["field_of_action"] = gettext("Please choose a field of action.")
    membership = await confirmed_membership(author)
    if on_behalf and membership is None:
        errors["on_behalf"] = gettext(
            "Only confirmed members of an organisation can submit on its behalf."
        )
    files: list[attachments.StoredFile] = []
    try:
        files = await attachments.store_all(uploads)
    except attachments.AttachmentsRefused as refused:
        errors["attachments"] = refused.message
    try:  # from here on, files that no proposal takes are removed again
        if errors or field is None:
            raise ValidationFailed(errors)
        if not similar_seen and (similar := await similar_listed(masterplan, title)):
            raise SimilarProposalsExist(similar)
        group = await stakeholder_group_of(author)
    except BaseException:
        attachments.discard(files)
        raise
    return await submit_proposal(
        field_of_action=field,
        author=author,
        title=title,
        body=body,
        group=group,
        organization=membership.organization if on_behalf and membership else None,
        disclosure=disclosure,
        files=files,
        # Pre-moderated groups wait for a moderator; everyone else is public at once.
        status=ProposalStatus.PENDING
        if group.value in masterplan.premoderated_groups
        else ProposalStatus.PUBLISHED,
    )


async def edit_proposal(
    *,
    proposal: Proposal,
    editor: User,
    title: str,
    body: str,
    field_slug: str,
    disclosure: str = "",
) -> Proposal:
    """The author changes title, text, field of action or disclosure.

    Whether that is still allowed is asked again on the locked row: a vote or comment that
    arrived since the form was opened closes the proposal to changes.
    """
    title, body, disclosure = _tidy(title), _tidy(body), _tidy(disclosure)
    errors = _text_errors(title, body, disclosure)
    masterplan_id: int = proposal.masterplan_id  # type: ignore[attr-defined]
    field = await FieldOfAction.get_or_none(masterplan_id=masterplan_id, slug=field_slug)
    if field is None:
        errors["field_of_action"] = gettext("Please choose a field of action.")
    if errors or field is None:
        raise ValidationFailed(errors)
    async with in_transaction() as connection:
        current = await _locked(proposal.id, connection)
        masterplan = await Masterplan.filter(id=masterplan_id).using_db(connection).get()
        decision = permissions.can_edit(editor, current, masterplan)
        if not decision:
            raise ValidationFailed({"form": decision.reason})
        now = datetime.now(UTC)
        changes = {
            "title": title,
            "body": body,
            "disclosure": disclosure,
            "field_of_action_id": field.id,
            "edited_at": now,
            "updated_at": now,
        }
        await Proposal.filter(id=current.id).using_db(connection).update(**changes)
        await search.index(current.id, title, body, connection)
        previous_field: int = current.field_of_action_id  # type: ignore[attr-defined]
        if previous_field != field.id and current.status in LISTED_STATUSES:
            await _count(previous_field, -1, connection)
            await _count(field.id, +1, connection)
    proposal.title, proposal.body, proposal.disclosure = title, body, disclosure
    proposal.field_of_action, proposal.edited_at = field, now
    return proposal


async def withdraw_proposal(*, proposal: Proposal, author: User) -> Proposal:
    """The author withdraws an open proposal: it leaves every list and count and stays
    visible to the author alone. Votes and comments are kept."""
    async with in_transaction() as connection:
        current = await _locked(proposal.id, connection)
        masterplan = await Masterplan.get(id=current.masterplan_id).using_db(connection)  # type: ignore[attr-defined]
        decision = permissions.can_withdraw(author, current, masterplan)
        if not decision:
            raise ValidationFailed({"form": decision.reason})
        await (
            Proposal.filter(id=current.id)
            .using_db(connection)
            .update(status=ProposalStatus.WITHDRAWN, updated_at=datetime.now(UTC))
        )
        # can_withdraw allows listed proposals only, and those are what the counter counts.
        await _count(current.field_of_action_id, -1, connection)  # type: ignore[attr-defined]
    proposal.status = ProposalStatus.WITHDRAWN
    return proposal


def _tidy(text: str) -> str:
    # Browsers send a textarea's line breaks as CRLF but count them as one character; no NUL
    # and no bidirectional controls (forms.plain_text).
    return plain_text(text.replace("\r\n", "\n")).strip()


def _number(value: int) -> str:
    return format_decimal(value, locale=i18n.current_language())


def _text_errors(title: str, body: str, disclosure: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = gettext("Please enter a title.")
    elif len(title) > MAX_TITLE:
        errors["title"] = gettext(
            "The title has %(count)s characters; at most %(max)s are possible."
        ) % {"count": _number(len(title)), "max": _number(MAX_TITLE)}
    if not body:
        errors["body"] = gettext("Please describe your proposal.")
    elif len(body) > MAX_BODY:
        errors["body"] = gettext(
            "The text has %(count)s characters; at most %(max)s are possible."
        ) % {"count": _number(len(body)), "max": _number(MAX_BODY)}
    if len(disclosure) > MAX_DISCLOSURE:
        errors["disclosure"] = gettext(
            "The disclosure has %(count)s characters; at most %(max)s are possible."
        ) % {"count": _number(len(disclosure)), "max": _number(MAX_DISCLOSURE)}
    return errors


async def _locked(proposal_id: int, connection: BaseDBAsyncClient) -> Proposal:
    return await Proposal.filter(id=proposal_id).select_for_update().using_db(connection).get()


async def _attach(
    proposal: Proposal, files: Sequence[attachments.StoredFile], connection: BaseDBAsyncClient
) -> None:
    if files:
        await Attachment.bulk_create(
            [
                Attachment(
                    proposal=proposal,
                    original_name=file.original_name,
                    stored_name=file.stored_name,
                    content_type=file.content_type,
                    size=file.size,
                )
                for file in files
            ],
            using_db=connection,
        )


async def _count(field_id: int, delta: int, connection: BaseDBAsyncClient) -> None:
    await (
        FieldOfAction.filter(id=field_id)
        .using_db(connection)
        .update(proposal_count=F("proposal_count") + delta)
    )
