from __future__ import annotations

import pytest

from participation.charts import BAR_AREA, LABEL_WIDTH, stacked_bars


def test_bars_share_one_scale_so_lengths_compare() -> None:
    chart = stacked_bars(
        [
            ("Kammern", [("support", 30), ("oppose", 10)], "30 : 10"),
            ("Bürgerinnen und Bürger", [("support", 5), ("oppose", 15)], "5 : 15"),
        ]
    )
    first, second = chart.rows
    assert sum(s.width for s in first.segments) == pytest.approx(BAR_AREA)
    assert sum(s.width for s in second.segments) == pytest.approx(BAR_AREA / 2)
    assert [s.x for s in first.segments] == [LABEL_WIDTH, LABEL_WIDTH + BAR_AREA * 30 / 40]
    assert second.y > first.y


def test_empty_parts_draw_nothing_and_no_votes_draw_no_bar() -> None:
    chart = stacked_bars([("Wissenschaft", [("support", 0), ("oppose", 0)], "0 : 0")])
    assert chart.rows[0].segments == []
    assert chart.height > 0


def test_a_long_label_widens_the_label_room_and_a_very_long_one_is_shortened() -> None:
    title = "Kommunikation, Marketing und Public Relations"
    chart = stacked_bars([(title, [("value", 1)], "1"), ("x" * 200, [("value", 2)], "2")])
    assert LABEL_WIDTH < chart.label_width <= 400
    assert chart.rows[0].segments[0].x == chart.label_width
    assert chart.rows[0].label == title
    assert chart.rows[1].label.endswith("…") and len(chart.rows[1].label) < 64
