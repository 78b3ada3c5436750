"""The demo's people are named like people: a role in a name repeats what the header already
says ("Administration" beside "Plattform-Administration")."""

from __future__ import annotations

from participation.demo import data


def test_no_demo_account_is_named_after_its_role() -> None:
    roles = ("Administration", "Moderation", "Planung")
    named = [u["display_name"] for u in data.USERS if any(r in u["display_name"] for r in roles)]
    assert named == []
