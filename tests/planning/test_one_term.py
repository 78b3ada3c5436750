"""A proposal taken up in part has one name everywhere: its status, the draft's
disposition and the verdict pages, exports and the council report read (no "partly taken
up" beside "partially adopted")."""

from __future__ import annotations

from pathlib import Path

import pytest

from participation.i18n import language
from participation.planning.models import Disposition
from participation.planning.uptake import Uptake
from participation.proposals.models import ProposalStatus

LOCALE = Path(__file__).resolve().parents[2] / "participation" / "locale"


@pytest.mark.parametrize("lang", ["de", "en"])
def test_status_disposition_and_verdict_say_partially_adopted_alike(lang: str) -> None:
    with language(lang):
        labels = {
            ProposalStatus.PARTIALLY_ADOPTED.label,
            Disposition.PARTIALLY_ADOPTED.label,
            Uptake.PARTIALLY_ADOPTED.label,
        }
    assert len(labels) == 1


def test_no_catalog_offers_a_second_term() -> None:
    for catalog in LOCALE.glob("*/LC_MESSAGES/messages.po"):
        assert "partly" not in catalog.read_text(encoding="utf-8").lower(), catalog
