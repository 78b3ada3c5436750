"""Exports stream: exporting 20,000 proposals holds no more memory than a few batches."""

from __future__ import annotations

import os

import pytest

from participation.accounts.models import StakeholderGroup
from participation.exports.services import Format, export_ranked_input
from participation.proposals.models import Proposal, ProposalStatus
from participation.votes.models import VoteTally
from tests.factories import make_field

pytestmark = pytest.mark.usefixtures("db")

PROPOSALS = 20_000
# How much the process may grow while it exports, whatever the number of proposals: a few
# 500-row batches and the writers' buffers. Reading all 20,000 rows at once grew it by
# 14 (XLSX) to 34 MiB (CSV) when tried; streaming grows it by well under 1 MiB.
GROWTH_BOUND = 8 * 1024 * 1024
PAGE = os.sysconf("SC_PAGE_SIZE")


def _resident() -> int:
    """The process's resident memory now, in bytes (Linux)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE


async def _many_proposals() -> tuple[object, int]:
    field = await make_field()
    masterplan = await field.masterplan
    for start in range(0, PROPOSALS, 1000):  # a batch at a time: the test holds little
        await Proposal.bulk_create(
            [
                Proposal(
                    masterplan_id=masterplan.id,
                    field_of_action_id=field.id,
                    stakeholder_group=StakeholderGroup.CITIZENS,
                    title=f"Vorschlag Nummer {n} für ein digitales Dortmund",
                    body="Ein Vorschlag mit etwas Text, damit jede Zeile Gewicht hat. " * 4,
                    status=ProposalStatus.PUBLISHED,
                    supports=n % 50,
                    opposes=n % 7,
                    vote_count=n % 50 + n % 7,
                    wilson=(n % 997) / 997,
                )
                for n in range(start, start + 1000)
            ]
        )
    ids = (
        await Proposal.filter(masterplan_id=masterplan.id).limit(2000).values_list("id", flat=True)
    )
    await VoteTally.bulk_create(
        [
            VoteTally(proposal_id=i, stakeholder_group=StakeholderGroup.CITIZENS, supports=3)
            for i in ids
        ],
        batch_size=1000,
    )
    return masterplan, PROPOSALS


@pytest.mark.parametrize("format", [Format.CSV, Format.XLSX])
async def test_exporting_20000_proposals_keeps_memory_growth_under_the_bound(
    format: Format,
) -> None:
    masterplan, expected = await _many_proposals()
    baseline = peak = _resident()
    export = await export_ranked_input(
        masterplan=masterplan,  # type: ignore[arg-type]
        format=format,
        base_url="https://beteiligung.example",
    )
    size = lines = 0
    async for piece in export.body:
        size += len(piece)
        if isinstance(piece, str):
            lines += piece.count("\r\n")
        peak = max(peak, _resident())
    if format == Format.CSV:
        assert lines == expected + 1  # every proposal and the header
    assert size > expected * 100  # the whole file went through
    grown = peak - baseline
    assert grown < GROWTH_BOUND, f"grew by {grown / 2**20:.1f} MiB"
