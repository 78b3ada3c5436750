"""How the report counts and ranks, in plain language: the same words on the page, in the
PDF and in the Markdown (DESIGN.md §4 has the definitions with their formulas)."""

from __future__ import annotations

from participation.i18n import N_, gettext

_METHOD = (
    (
        N_("Who is counted"),
        (
            N_(
                "Everyone who takes part counts in exactly one stakeholder group: chambers, "
                "universities and research, companies and associations, the education network "
                "and schools, city departments, associations and initiatives, and citizens "
                "(everyone who does not speak for a confirmed organisation). The group is fixed "
                "when a proposal is submitted or a vote is cast."
            ),
            N_(
                "The report counts the published proposals and the votes and comments on them. "
                "Proposals hidden by moderation, withdrawn by their authors or merged into "
                "another proposal are left out. A person counts once per group in which they "
                "submitted, voted or commented."
            ),
        ),
    ),
    (
        N_("Supports and objections"),
        (
            N_(
                "Each person has one vote per proposal: they support it or object to it, and "
                "may change their mind while voting is open. The tables give supports and "
                "objections per group: “Chambers 3:1” means three supports and one objection "
                "from the chambers."
            ),
        ),
    ),
    (
        N_("The ranking"),
        (
            N_(
                "Proposals are ranked neither by the number of supports alone nor by their "
                "share alone. The ranking asks: how high is the share of supports at least, "
                "given the votes so far? With few votes the answer is cautious, with many it "
                "comes close to the share itself. Three supports out of three votes score "
                "0.44, while 90 supports out of 100 votes score 0.83: a handful of votes "
                "cannot outrank a broad majority of many. A proposal without votes scores 0."
            ),
            N_(
                "In statistical terms: the score is the lower bound of the 95 % Wilson score "
                "interval of the share of supports, supports / (supports + objections)."
            ),
        ),
    ),
    (
        N_("Balance and consensus of the groups"),
        (
            N_(
                "Planners also weigh each proposal by group. The balanced score averages the "
                "ranking score of every group that voted, each group with the same weight "
                "unless the masterplan sets others: thousands of citizens' votes do not drown "
                "out five chambers, and five chambers do not outweigh thousands of citizens."
            ),
            N_(
                "The consensus score is high only where every stakeholder group leans towards "
                "a proposal: it multiplies each group's share of supports (counting one extra "
                "support and one extra objection, so that a group without votes counts as "
                "undecided). It finds the proposals that unite chambers, science and citizens."
            ),
        ),
    ),
    (
        N_("What “taken up” means"),
        (
            N_(
                "What the draft did with a proposal is read from the latest published version "
                "of the masterplan's draft. Adopted or partially adopted: a section of the "
                "draft takes the proposal up, or an official decision says so. Considered: a "
                "section weighed it without taking it up. Not adopted: it was decided against, "
                "or it was submitted before that version and left out. Still open: it came "
                "later, or no version is published yet."
            ),
            N_(
                "“Taken up” counts the proposals adopted wholly or in part: the same figure "
                "as on the platform's outcome pages and in its exports."
            ),
        ),
    ),
    (
        N_("Months and times"),
        (
            N_(
                "Dates and times are those of Dortmund. A month of the timeline counts the "
                "proposals submitted, votes cast and comments written in it; votes withdrawn "
                "since are no longer counted."
            ),
        ),
    ),
)


EXAMPLES = N_(
    "The page “How contributions are weighed” explains every score with worked examples: %(url)s"
)


def method(weighting_url: str = "") -> list[tuple[str, list[str]]]:
    """The method's sections, each a heading and its paragraphs, in the reader's language;
    with ``weighting_url``, a last section saying where the site explains the scores with
    worked examples (for the PDF and the Markdown, whose readers cannot follow a page link)."""
    sections = [(gettext(heading), [gettext(text) for text in texts]) for heading, texts in _METHOD]
    if weighting_url:
        sections.append(
            (
                gettext("More examples"),
                [gettext(EXAMPLES) % {"url": weighting_url}],
            )
        )
    return sections


def weighting_url(base_url: str) -> str:
    """Where the site explains the scores (votes:weighting), as an absolute address."""
    return f"{base_url.rstrip('/')}/gewichtung"
