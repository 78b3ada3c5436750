"""Who hears of a merge and of its undo, each person once, in their own language.

A merge tells the authors of both proposals, the duplicate's supporters (their support now
counts on the kept proposal, where they may withdraw it) and its followers (who now follow
the kept proposal too). An undo tells the authors and the supporters whose votes went back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from participation.accounts.models import User
from participation.i18n import gettext
from participation.notifications.models import NotificationKind
from participation.notifications.services import notify
from participation.proposals.models import Proposal

KIND = NotificationKind.MERGED


async def tell_about_merge(
    duplicate: Proposal,
    target: Proposal,
    *,
    supporters: Iterable[int],
    followers: Iterable[int],
    base_url: str | None,
) -> None:
    names = {"duplicate": duplicate.title, "target": target.title}
    groups: list[tuple[Iterable[int | None], Callable[[], str]]] = [
        (
            [duplicate.author_id],  # type: ignore[attr-defined]
            lambda: (
                gettext(
                    "Your proposal “%(duplicate)s” was merged into “%(target)s”, which asks for "
                    "much the same. Its supports, comments and followers now count there; your "
                    "proposal stays readable and links to it."
                )
                % names
            ),
        ),
        (
            [target.author_id],  # type: ignore[attr-defined]
            lambda: (
                gettext(
                    "“%(duplicate)s” was merged into your proposal “%(target)s”. Its supports, "
                    "comments and followers now count for yours, nobody twice."
                )
                % names
            ),
        ),
        (
            supporters,
            lambda: (
                gettext(
                    "“%(duplicate)s”, which you support, was merged into “%(target)s”. "
                    "Your support now counts there once; you may withdraw it there."
                )
                % names
            ),
        ),
        (
            followers,
            lambda: (
                gettext(
                    "“%(duplicate)s”, which you follow, was merged into “%(target)s”. "
                    "You now follow “%(target)s” as well."
                )
                % names
            ),
        ),
    ]
    await _tell(groups, target, base_url)


async def tell_about_undo(
    duplicate: Proposal, target: Proposal, *, supporters: Iterable[int], base_url: str | None
) -> None:
    names = {"duplicate": duplicate.title, "target": target.title}

    def text() -> str:
        return (
            gettext(
                "The moderation undid the merge of “%(duplicate)s” into “%(target)s”: "
                "“%(duplicate)s” stands on its own again, with its supports and comments."
            )
            % names
        )

    people = [duplicate.author_id, target.author_id, *supporters]  # type: ignore[attr-defined]
    await _tell([(people, text)], duplicate, base_url)


async def _tell(
    groups: list[tuple[Iterable[int | None], Callable[[], str]]],
    proposal: Proposal,
    base_url: str | None,
) -> None:
    """Each group its own text; whoever is in an earlier group is not told again."""
    wanted = [{i for i in ids if i is not None} for ids, _ in groups]
    users = {u.id: u for u in await User.filter(id__in=set().union(*wanted))}
    told: set[int] = set()
    for ids, (_, text) in zip(wanted, groups, strict=True):
        recipients = [users[i] for i in sorted(ids - told) if i in users]
        told |= ids
        if recipients:
            await notify(
                users=recipients, kind=KIND, proposal=proposal, text=text, base_url=base_url
            )
