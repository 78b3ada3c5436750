"""The report's charts, as geometry (``participation.charts``) that the page draws as SVG
and the PDF as vector graphics, with the legends of their colours. Labels are in the
reader's language: build them while drawing."""

from __future__ import annotations

from participation.charts import BarChart, stacked_bars
from participation.i18n import gettext
from participation.planning.uptake import ORDER
from participation.reports.document import FieldUptake, GroupRow, MonthRow
from participation.reports.wording import number

Legend = list[tuple[str, str]]  # (the colour's kind, what it stands for)


def groups(rows: list[GroupRow]) -> BarChart:
    """Supports and objections per stakeholder group, on one scale."""
    return stacked_bars(
        [
            (
                g.label,
                [("support", g.supports), ("oppose", g.opposes)],
                f"{number(g.supports)} : {number(g.opposes)}",
            )
            for g in rows
        ]
    )


def months(rows: list[MonthRow]) -> BarChart:
    """Votes cast per month, empty months included."""
    return stacked_bars([(m.label, [("value", m.votes)], number(m.votes)) for m in rows])


def uptake(rows: list[FieldUptake]) -> BarChart:
    """Per field of action, its proposals by verdict; the figures: taken up of all."""
    return stacked_bars(
        [
            (
                f.title,
                [*((u.value, f.uptake.of(u)) for u in ORDER), ("open", f.uptake.open)],
                f"{number(f.uptake.taken_up)} / {number(f.uptake.total)}",
            )
            for f in rows
        ]
    )


def vote_legend() -> Legend:
    return [("support", gettext("Supports")), ("oppose", gettext("Objections"))]


def month_legend() -> Legend:
    return [("value", gettext("Votes"))]


def uptake_legend() -> Legend:
    return [*((u.value, u.label) for u in ORDER), ("open", gettext("Still open"))]
