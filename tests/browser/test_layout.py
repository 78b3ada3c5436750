"""The places where the layout once broke, seen at 1280 and 390 px by each role that uses
them: no button's words wrap or are cut off, no checkbox hint is squeezed narrower than
20 characters, the header's "Abmelden" and the last breadcrumb item sit on the baseline of
their row, and nothing overflows sideways at 320 px. Screenshots land in pytest's tmp dir."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.browser.test_participation_journey import sign_in

WIDTHS = (1280, 390)
BUERGERAPP = "Eine BürgerApp für alle städtischen Dienste"  # buergerin's demo proposal
STADTVERWALTUNG = "digitale-stadtverwaltung"
COMMENT = "Bitte die Termine auch per Telefon buchbar machen."

# Distinct line boxes of a button's visible text (screen-reader-only text left out), and
# whether the button cuts its content off.
BUTTONS_JS = """() => {
  const hidden = '.kern-sr-only, .visually-hidden';
  const range = document.createRange();
  const found = [];
  for (const button of document.querySelectorAll('button, .kern-btn')) {
    if (!button.checkVisibility() || button.getClientRects().length === 0) continue;
    const tops = new Set();
    const walker = document.createTreeWalker(button, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (!node.textContent.trim() || node.parentElement.closest(hidden)) continue;
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) if (rect.width > 0) tops.add(Math.round(rect.top));
    }
    found.push({
      text: button.innerText.split('\\n')[0].trim(),
      lines: tops.size,
      cut: button.scrollWidth > button.clientWidth + 1,
    });
  }
  return found;
}"""

# Each checkbox hint's width against twenty "n" set in the hint's own font.
HINTS_JS = """() => {
  const found = [];
  for (const hint of document.querySelectorAll('.kern-form-check .kern-hint')) {
    if (!hint.checkVisibility()) continue;
    const probe = document.createElement('span');
    probe.textContent = 'n'.repeat(20);
    probe.style.font = getComputedStyle(hint).font;
    probe.style.whiteSpace = 'nowrap';
    probe.style.position = 'absolute';
    hint.appendChild(probe);
    const twenty = probe.getBoundingClientRect().width;
    probe.remove();
    found.push({text: hint.innerText.trim(), width: hint.getBoundingClientRect().width, twenty});
  }
  return found;
}"""

# The baseline of an element's text: the bottom of an empty inline-block set into it.
# Returns, for ``selector``, its baseline and those of the other items of ``items`` that
# share its row (their boxes overlap it vertically).
BASELINE_JS = """([selector, items]) => {
  const baseline = (element) => {
    const marker = document.createElement('span');
    marker.style.display = 'inline-block';
    marker.style.width = '0';
    marker.style.height = '0';
    const text = element.matches('.kern-btn') ? element.querySelector('.kern-label') : element;
    text.appendChild(marker);
    const y = marker.getBoundingClientRect().bottom;
    marker.remove();
    return y;
  };
  const target = document.querySelector(selector);
  const box = target.getBoundingClientRect();
  const row = [...document.querySelectorAll(items)].filter((item) => {
    if (item.contains(target) || target.contains(item)) return false;
    const other = item.getBoundingClientRect();
    return other.top < box.bottom && other.bottom > box.top;
  });
  return {target: baseline(target), row: row.map(baseline)};
}"""


# The left edges of the header's name, the masterplans' navigation and the page's heading.
EDGES_JS = """() => ['.site-header__brand', '.site-nav li a', 'main h1'].map((selector) => [
  selector, Math.round(document.querySelector(selector).getBoundingClientRect().left),
])"""


def look_at(page: Any, name: str, shots: Path, *, hints: int = 0) -> None:
    """Screenshot the page at each width and check its buttons, hints, left edge and
    overflow."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=shots / f"{name}-{width}.png", full_page=True)
        edges = dict(page.evaluate(EDGES_JS))
        assert len(set(edges.values())) == 1, f"{name} at {width} px: left edges {edges}"
        for button in page.evaluate(BUTTONS_JS):
            assert button["lines"] <= 1, f"{name} at {width} px: {button['text']!r} wraps"
            assert not button["cut"], f"{name} at {width} px: {button['text']!r} is cut off"
        found = page.evaluate(HINTS_JS)
        assert len(found) >= hints, f"{name}: a checkbox hint is missing"
        for hint in found:
            assert hint["width"] >= hint["twenty"], (
                f"{name} at {width} px: the hint {hint['text']!r} is squeezed"
            )
    page.set_viewport_size({"width": 320, "height": 900})
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{name} overflows by {overflow} px at 320 px"
    page.set_viewport_size({"width": 1280, "height": 900})


def assert_on_baseline(page: Any, selector: str, items: str) -> None:
    found = page.evaluate(BASELINE_JS, [selector, items])
    assert found["row"], f"{selector} has nothing beside it at 1280 px"
    for other in found["row"]:
        assert abs(other - found["target"]) <= 1, f"{selector} sits off its row's baseline"


def set_premoderation(moderator: Any, on: bool) -> None:
    """Citizens' contributions to Digitale Stadtverwaltung wait for moderation, or not."""
    box = moderator.locator("#premoderated_citizens")
    box.set_checked(on)
    with moderator.expect_navigation():
        moderator.locator("form", has=box).locator("button[type=submit]").click()


def test_forms_and_queues_keep_their_words_at_both_widths(contexts: Any, tmp_path: Path) -> None:
    shots = tmp_path

    # A visitor registers: the privacy consent's hint keeps its width.
    visitor = contexts()
    visitor.goto("/account/register")
    look_at(visitor, "register", shots, hints=1)

    # A moderator reports a comment on the BürgerApp proposal and makes citizens'
    # contributions to its masterplan wait.
    moderator = contexts()
    sign_in(moderator, "moderation@demo.invalid")
    moderator.goto(f"/planning/{STADTVERWALTUNG}/settings")
    premoderated = moderator.locator("#premoderated_citizens")
    was_premoderated = premoderated.is_checked()
    set_premoderation(moderator, True)

    # The author sees her proposal with the withdrawal's hint, and comments: it waits.
    citizen = contexts()
    sign_in(citizen, "buergerin@demo.invalid")
    citizen.goto(f"/masterplans/{STADTVERWALTUNG}/proposals")
    citizen.get_by_role("link", name=BUERGERAPP, exact=True).first.click()
    citizen.get_by_label("Ja, diesen Vorschlag zurückziehen").wait_for()
    look_at(citizen, "proposal-author", shots, hints=1)
    assert_on_baseline(citizen, ".site-header__account .kern-btn", ".site-header__account li")
    citizen.get_by_label("Ihr Kommentar").fill(COMMENT)
    citizen.get_by_role("button", name="Kommentar veröffentlichen").click()
    citizen.get_by_text("wartet auf die Moderation").first.wait_for()

    # The queues: "Veröffentlichen", "Ausblenden" and "Verwerfen" show their whole word.
    commented = citizen.url.split("?")[0].split("#")[0]
    moderator.goto("/moderation/pending")
    row = moderator.locator("tr", has_text=COMMENT)
    row.get_by_role("button", name=re.compile("^Veröffentlichen")).wait_for()
    look_at(moderator, "moderation-pending", shots)
    row.get_by_role("button", name=re.compile("^Veröffentlichen")).click()
    moderator.get_by_text("Veröffentlicht.", exact=True).wait_for()
    moderator.goto(commented)
    moderator.locator("#comments li", has_text=COMMENT).get_by_role(
        "link", name=re.compile("Melden")
    ).first.click()
    moderator.get_by_label("Warum sollte die Moderation es sich ansehen?").select_option(
        "off_topic"
    )
    moderator.get_by_role("button", name="Meldung senden").click()
    moderator.goto("/moderation")
    group = moderator.locator("section.report-group", has_text=COMMENT)
    group.get_by_role("button", name=re.compile("^Ausblenden")).wait_for()
    look_at(moderator, "moderation-reports", shots)
    group.get_by_role("button", name=re.compile("^Verwerfen")).click()
    moderator.get_by_role("status").filter(has_text="Verworfen.").wait_for()
    if not was_premoderated:
        moderator.goto(f"/planning/{STADTVERWALTUNG}/settings")
        set_premoderation(moderator, False)

    # A partner submits on behalf of the chamber: the hint under "Im Namen von".
    partner = contexts()
    sign_in(partner, "ihk.luetkehaus@demo.invalid")
    partner.goto("/masterplans/digitale-wirtschaft/proposals/new")
    partner.get_by_label(re.compile("^Im Namen von")).wait_for()
    look_at(partner, "proposal-new", shots, hints=1)
    assert_on_baseline(partner, ".breadcrumb li:last-child", ".breadcrumb li")

    # A planner: the draft editor's section buttons and the workspace's link button.
    planner = contexts()
    sign_in(planner, "planung.verwaltung@demo.invalid")
    planner.goto(f"/planning/{STADTVERWALTUNG}/draft")
    start = planner.get_by_role("button", name="Neue Version beginnen")
    if start.count():
        start.click()
    planner.get_by_role("button", name=re.compile("^Nach unten")).first.wait_for()
    planner.get_by_role("button", name=re.compile("^Abschnitt speichern")).first.wait_for()
    look_at(planner, "draft-editor", shots)
    assert_on_baseline(planner, ".breadcrumb li:last-child", ".breadcrumb li")
    planner.goto(f"/planning/{STADTVERWALTUNG}")
    planner.get_by_role("button", name=re.compile("^Mit Abschnitt verknüpfen")).first.wait_for()
    look_at(planner, "workspace", shots)
